"""Word counts and reading times of stories: estimated in the background after every change
(the `articles.recompute_reading_time` task), and reconciled by beat for jobs that were lost.
The estimate itself is the pure `articles.reading_time` module."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from newsroom.jobs import enqueue_on_commit

from .. import reading_time
from ..models import Article, ArticlePhoto, BriefBox, BriefItem
from ..reading_time import ReadableContent
from .public_changes import public_changed, stamp_public_changes


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


def _readable_content_of(article_id: int) -> tuple[ReadableContent, dict] | None:
    """What a reader reads of one story, and its stored estimate, in four plain queries (no
    model instances: this runs once per change of every story, so it is on the workers' hot
    path). The same content, in the same order, as `article_readable_content`."""
    row = (
        Article.objects.filter(pk=article_id)
        .values("headline", "standfirst", "body", *_STORED)
        .first()
    )
    if row is None:
        return None
    boxes = BriefBox.objects.filter(article_id=article_id).values_list("id", "heading")
    items: dict[int, list[str]] = {}
    for box_id, text in BriefItem.objects.filter(box__article_id=article_id).values_list(
        "box_id", "text"
    ):
        items.setdefault(box_id, []).append(text)
    placements = ArticlePhoto.objects.filter(article_id=article_id).values_list(
        "caption_override", "photo__caption", "photo__image"
    )
    placements = list(placements)
    content = ReadableContent(
        headline=row["headline"],
        standfirst=row["standfirst"],
        body=row["body"],
        briefs=tuple((heading, tuple(items.get(pk, ()))) for pk, heading in boxes),
        captions=tuple(override or caption for override, caption, _image in placements),
        image_count=sum(1 for *_texts, image in placements if image),
    )
    return content, {name: row[name] for name in _STORED}


def article_refresh_reading_time(*, article_id: int) -> bool:
    """Recompute the word count and reading time if the readable content changed.

    Derived data, not an edit: no revision, and the story's version stays, so an editor in the
    middle of an edit gets no conflict from it. Returns whether anything was written.
    """
    loaded = _readable_content_of(article_id)
    if loaded is None:
        return False
    content, stored = loaded
    result = reading_time.estimate(content, words_per_minute=settings.READING_WORDS_PER_MINUTE)
    if result.content_hash == stored["reading_time_content_hash"]:
        return False
    figures = {"word_count": result.word_count, "reading_time_minutes": result.minutes}
    if all(stored[name] == value for name, value in figures.items()):
        # The same figures for new text: nothing readers see has changed.
        Article.objects.filter(pk=article_id).update(reading_time_content_hash=result.content_hash)
        return True
    stamp_public_changes(
        Article.objects.filter(pk=article_id),
        word_count=result.word_count,
        reading_time_minutes=result.minutes,
        reading_time_content_hash=result.content_hash,
    )
    story = Article.objects.only("slug", "status", "first_published_at").filter(pk=article_id)
    if story := story.first():  # None if deleted meanwhile: nothing left to renew
        public_changed(story)
    return True


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
