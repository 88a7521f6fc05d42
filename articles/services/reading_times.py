"""Word counts and reading times of stories: estimated in the background after every change
(the `articles.recompute_reading_time` task), and reconciled by beat for jobs that were lost.
The estimate itself is the pure `articles.reading_time` module."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Case, Value, When
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


_STORED = ("reading_time_content_hash", "word_count", "reading_time_minutes")


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
    Ids of stories deleted meanwhile are skipped."""
    hashes: dict[int, str] = {}
    figures: dict[int, tuple[int, int, str]] = {}
    wpm = settings.READING_WORDS_PER_MINUTE
    for pk, (content, stored) in _readable_contents_of(set(article_ids)).items():
        result = reading_time.estimate(content, words_per_minute=wpm)
        if result.content_hash == stored["reading_time_content_hash"]:
            continue
        if (stored["word_count"], stored["reading_time_minutes"]) == (
            result.word_count,
            result.minutes,
        ):
            hashes[pk] = result.content_hash
        else:
            figures[pk] = (result.word_count, result.minutes, result.content_hash)
    if hashes:
        Article.objects.filter(pk__in=hashes).update(reading_time_content_hash=_by_pk(hashes))
    if figures:
        _store_new_figures(figures)
    return len(hashes) + len(figures)


def _by_pk(values: dict[int, object]) -> Case:
    """One value per story id, as an expression for a single UPDATE of many rows."""
    return Case(*(When(pk=pk, then=Value(value)) for pk, value in values.items()))


@transaction.atomic
def _store_new_figures(figures: dict[int, tuple[int, int, str]]) -> None:
    """New figures and the renewal of the caches that showed the old ones, committed as one."""
    stories = Article.objects.filter(pk__in=figures)
    stamp_public_changes(
        stories,
        word_count=_by_pk({pk: words for pk, (words, _minutes, _hash) in figures.items()}),
        reading_time_minutes=_by_pk({pk: minutes for pk, (_w, minutes, _h) in figures.items()}),
        reading_time_content_hash=_by_pk({pk: hash_ for pk, (*_f, hash_) in figures.items()}),
    )
    stories_public_changed(stories)


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
