"""Word counts and reading times of stories: estimated in the background after every change
(the `articles.recompute_reading_time` task), and reconciled by beat for jobs that were lost.
The estimate itself is the pure `articles.reading_time` module."""

from datetime import timedelta
from typing import NamedTuple

from django.conf import settings
from django.db import transaction
from django.db.models import Case, Q, Value, When
from django.utils import timezone

from newsroom.jobs import enqueue_on_commit

from .. import reading_time
from ..models import Article, ArticlePhoto, BriefBox, BriefItem
from ..reading_time import ReadableContent
from .public_changes import stamp_public_changes, stories_public_changed


def enqueue_reading_time(article_id: int) -> None:
    """Estimate the story's reading time in the background once the transaction commits."""
    enqueue_on_commit("articles.recompute_reading_time", article_id)


def article_readable_content(article: Article) -> ReadableContent:
    """What a reader reads, from a story loaded with its briefs and photo placements."""
    placements = list(article.photo_placements.all())
    return ReadableContent(
        headline=article.headline,
        standfirst=article.standfirst,
        body=article.body,
        briefs=tuple(
            (box.heading, tuple(item.text for item in box.items.all()))
            for box in article.brief_boxes.all()
        ),
        captions=tuple(p.caption for p in placements),
        image_count=sum(1 for p in placements if p.photo.image),
    )


def _with_readable_parts(stories):
    return stories.prefetch_related("brief_boxes__items", "photo_placements__photo")


_STORED = ("word_count", "reading_time_minutes", "reading_time_content_hash")  # as _Estimate


def _readable_contents_of(article_ids) -> dict[int, tuple[ReadableContent, dict]]:
    """What a reader reads of each story, and its stored estimate, by story id, in four plain
    queries whatever the number of stories (no model instances: this runs after every change
    of every story, so it is on the workers' hot path). The same content, in the same order,
    as `article_readable_content`; stories that no longer exist are left out."""
    rows = Article.objects.filter(pk__in=article_ids).values(
        "pk", "headline", "standfirst", "body", *_STORED
    )
    boxes: dict[int, list[tuple[int, str]]] = {}
    for article_id, box_id, heading in BriefBox.objects.filter(
        article_id__in=article_ids
    ).values_list("article_id", "id", "heading"):
        boxes.setdefault(article_id, []).append((box_id, heading))
    items: dict[int, list[str]] = {}
    for box_id, text in BriefItem.objects.filter(box__article_id__in=article_ids).values_list(
        "box_id", "text"
    ):
        items.setdefault(box_id, []).append(text)
    placements: dict[int, list[tuple]] = {}
    for article_id, *placement in ArticlePhoto.objects.filter(
        article_id__in=article_ids
    ).values_list("article_id", "caption_override", "photo__caption", "photo__image"):
        placements.setdefault(article_id, []).append(placement)
    return {
        row["pk"]: (
            _content(row, boxes.get(row["pk"], ()), items, placements.get(row["pk"], ())),
            {name: row[name] for name in _STORED},
        )
        for row in rows
    }


def _content(row: dict, boxes, items: dict, placements) -> ReadableContent:
    return ReadableContent(
        headline=row["headline"],
        standfirst=row["standfirst"],
        body=row["body"],
        briefs=tuple((heading, tuple(items.get(pk, ()))) for pk, heading in boxes),
        captions=tuple(override or caption for override, caption, _image in placements),
        image_count=sum(1 for *_texts, image in placements if image),
    )


def article_refresh_reading_time(*, article_id: int) -> bool:
    """`articles_refresh_reading_times` for one story: whether anything was written."""
    return bool(articles_refresh_reading_times(article_ids=[article_id]))


def articles_refresh_reading_times(*, article_ids) -> int:
    """Recompute the word counts and reading times of these stories whose readable content
    changed, in a fixed number of queries however many stories there are (the workers take
    them in batches: `articles.recompute_reading_time`). Returns how many stories were written.

    Derived data, not an edit: no revision, and a story's version stays, so an editor in the
    middle of an edit gets no conflict from it. New figures are a public change (the caches of
    those stories are renewed); the same figures for new text only record the new text's hash.
    Ids of stories deleted meanwhile are skipped. Each write applies only if the stored
    estimate is still the one read (compare-and-set): a story whose estimate another worker
    wrote meanwhile is read and estimated again (at most `RACES` times), so an estimate of
    older text never overwrites one of newer text."""
    pending, written = set(article_ids), 0
    for _attempt in range(RACES):
        planned = _planned_estimates(pending)
        written += _write(planned)
        stored = Article.objects.filter(pk__in=planned).values_list(
            "pk", "reading_time_content_hash"
        )
        pending = {pk for pk, hash_ in stored if hash_ != planned[pk].new.content_hash}
        if not pending:
            break
    return written


RACES = 3


class _Estimate(NamedTuple):
    word_count: int | None
    minutes: int | None
    content_hash: str


class _Planned(NamedTuple):
    stored: _Estimate  # as read
    new: _Estimate  # made now from the text read


def _planned_estimates(article_ids) -> dict[int, _Planned]:
    """The new estimate of every story whose readable content changed since its estimate."""
    wpm = settings.READING_WORDS_PER_MINUTE
    planned = {}
    for pk, (content, stored) in _readable_contents_of(article_ids).items():
        result = reading_time.estimate(content, words_per_minute=wpm)
        old = _Estimate(*(stored[name] for name in _STORED))
        if result.content_hash != old.content_hash:
            planned[pk] = _Planned(
                old, _Estimate(result.word_count, result.minutes, result.content_hash)
            )
    return planned


def _write(planned: dict[int, _Planned]) -> int:
    """Write the planned estimates whose stored estimate is still the one read; returns how
    many rows were written. The same figures for new text record only the new hash."""
    hashes = {pk: p for pk, p in planned.items() if p.stored[:2] == p.new[:2]}  # same figures
    figures = {pk: p for pk, p in planned.items() if pk not in hashes}
    written = 0
    if hashes:
        written += _unchanged_since_read(hashes).update(
            reading_time_content_hash=_by_pk({pk: p.new.content_hash for pk, p in hashes.items()})
        )
    if figures:
        written += _store_new_figures(figures)
    return written


def _unchanged_since_read(planned: dict[int, _Planned]):
    """The planned stories whose stored content hash is still the one read."""
    still = Q(pk__in=[])
    for pk, plan in planned.items():
        still |= Q(pk=pk, reading_time_content_hash=plan.stored.content_hash)
    return Article.objects.filter(still)


def _by_pk(values: dict[int, object]) -> Case:
    """One value per story id, as an expression for a single UPDATE of many rows."""
    return Case(*(When(pk=pk, then=Value(value)) for pk, value in values.items()))


@transaction.atomic
def _store_new_figures(planned: dict[int, _Planned]) -> int:
    """New figures and the renewal of the caches that showed the old ones, committed as one;
    returns how many rows were written."""
    written = stamp_public_changes(
        _unchanged_since_read(planned),
        **{
            name: _by_pk({pk: plan.new[index] for pk, plan in planned.items()})
            for index, name in enumerate(_STORED)
        },
    )
    if written:
        stories_public_changed(Article.objects.filter(pk__in=planned))
    return written


def articles_with_stale_reading_time(*, changed_within_hours: int = 48, limit: int = 5000):
    """Ids of stories never estimated, or changed recently with an estimate of other content."""
    never = Article.objects.filter(reading_time_content_hash="").values_list("pk", flat=True)
    stale = list(never[:limit])
    since = timezone.now() - timedelta(hours=changed_within_hours)
    recent = _with_readable_parts(
        Article.objects.filter(changed_at__gte=since).exclude(reading_time_content_hash="")
    )[:limit]
    wpm = settings.READING_WORDS_PER_MINUTE
    for article in recent:
        current = reading_time.content_hash(article_readable_content(article), words_per_minute=wpm)
        if current != article.reading_time_content_hash:
            stale.append(article.pk)
    return stale
