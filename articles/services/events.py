"""Events for the public log and the subscribers, written by the services in the transaction of
the change they describe (the outbox of `articles/event_log.py`).

When the public sees a change decides its `visible_at`: now for a story readers see now; the
embargo's end for a story published under one (and such events are `early`: subscribers
allowed embargoed stories get them at once, with the embargo time); the scheduled second for
a scheduled story. Events not yet visible are pending: a new schedule, publication, takedown
or kill withdraws them (`public=False`), and a lifted or moved embargo moves them.

After the commit the relay (`distribution.relay`, a task; beat runs it too) puts visible
events into the public log and fans them out.
"""

from datetime import datetime

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from newsroom.jobs import enqueue_now

from ..models import Article, StoryEvent
from .rules import RevisionKind, Status

Kind = StoryEvent.Kind
REVISION_EVENTS = {
    RevisionKind.UPDATE: Kind.UPDATED,
    RevisionKind.CORRECTION: Kind.CORRECTED,
    RevisionKind.MINOR: Kind.CHANGED,
}
RELAY_TASK = "distribution.relay"


def _facets(article: Article) -> dict:
    return {
        "section": article.section.slug if article.section_id else "",
        "tags": sorted(tag.slug for tag in article.tags.all()),
        "agency": article.agency,
        "language": article.language,
    }


def _public_version(article: Article) -> int:
    """The version the public sees: a scheduled story's is the next (`selectors.released`)."""
    return article.public_version + (1 if article.status == Status.SCHEDULED else 0)


def _event(article: Article, kind: str, *, visible_at: datetime, **fields) -> StoryEvent:
    return StoryEvent(
        article=article,
        story_ref=article.pk,
        slug=article.slug,
        kind=kind,
        version=_public_version(article),
        facets=_facets(article),
        visible_at=visible_at,
        **fields,
    )


def _relay_after_commit() -> None:
    enqueue_now(RELAY_TASK)


def _enqueue_relay() -> None:
    """The relay, once after this transaction commits, however many events it wrote."""
    connection = transaction.get_connection()
    if not any(func is _relay_after_commit for _, func, _ in connection.run_on_commit):
        transaction.on_commit(_relay_after_commit)


def _write(article: Article, kind: str, *, visible_at: datetime, **fields) -> StoryEvent:
    event = _event(article, kind, visible_at=visible_at, **fields)
    event.save()
    _enqueue_relay()
    return event


def lock_pending(article: Article) -> None:
    """Lock the story's events that are not in the public log yet (with the story's row, by
    every workflow step): the relay skips them until the step commits, so an event a step
    withdraws or moves is never put in the log meanwhile, and one the relay has put there
    is seen as public by the step."""
    list(
        StoryEvent.objects.select_for_update()
        .filter(story_ref=article.pk, public=True, position__isnull=True)
        .values_list("pk", flat=True)
    )


def refresh_pending(article: Article) -> None:
    """A story edited before its events go public (scheduled, or under an embargo): they go
    out with its slug, filters and version as they are now."""
    _pending(article, timezone.now()).update(
        slug=article.slug, facets=_facets(article), version=_public_version(article)
    )


def _embargo(article: Article, now: datetime) -> datetime | None:
    """The embargo the story is under now, if any."""
    until = article.embargo_until
    return until if until and until > now else None


def _pending(article: Article, now: datetime) -> QuerySet:
    return StoryEvent.objects.filter(
        story_ref=article.pk, public=True, position__isnull=True, visible_at__gt=now
    )


def withdraw_pending(article: Article) -> bool:
    """Withdraw the story's events the public has not seen yet; True if subscribers allowed
    embargoed stories early were sent any of them."""
    pending = _pending(article, timezone.now())
    early = pending.filter(early=True).exists()
    pending.update(public=False)
    return early


def story_published(article: Article, *, release: datetime) -> StoryEvent:
    """A story published now or under an embargo (public from `release`)."""
    withdraw_pending(article)
    now = timezone.now()
    under_embargo = release > now
    return _write(
        article,
        Kind.PUBLISHED,
        visible_at=max(release, now),
        embargo_until=release if under_embargo else None,
        early=under_embargo,
    )


def story_scheduled(article: Article) -> StoryEvent:
    """A scheduled story: published for the public at its scheduled second."""
    withdraw_pending(article)
    return _write(article, Kind.PUBLISHED, visible_at=article.scheduled_publish_at)


def story_revised(article: Article, revision_kind: str, *, note: str = "") -> StoryEvent | None:
    """An update, correction or minor change of a published story, seen now or, under an
    embargo, at its end. A scheduled story's changes go out with its publication."""
    if revision_kind not in REVISION_EVENTS or article.status != Status.PUBLISHED:
        if article.status == Status.SCHEDULED:
            refresh_pending(article)
        return None
    now = timezone.now()
    embargo = _embargo(article, now)
    return _write(
        article,
        REVISION_EVENTS[revision_kind],
        visible_at=embargo or now,
        embargo_until=embargo,
        early=embargo is not None,
        note=note,
    )


def story_withdrawn(article: Article, kind: str, *, was_public: bool, note: str = "") -> None:
    """A story unpublished, killed or deleted. The public gets the event if it saw the story;
    subscribers who got it early under an embargo get it in any case; otherwise nobody knew of
    the story and no event is written. A kill also takes the notes of the story's earlier
    events out of the log: they may quote what was killed."""
    now = timezone.now()
    seen = StoryEvent.objects.filter(story_ref=article.pk, public=True).filter(
        Q(position__isnull=False) | Q(visible_at__lte=now)
    )
    was_public = was_public or seen.exists()
    told_early = withdraw_pending(article)
    if kind == Kind.KILLED:
        StoryEvent.objects.filter(story_ref=article.pk).update(note="")
    if was_public or told_early:
        _write(
            article,
            kind,
            visible_at=timezone.now(),
            public=was_public,
            early=told_early,
            note=note,
        )


def story_embargo_changed(article: Article, *, until: datetime | None, now: datetime) -> None:
    """An embargo lifted (`until=None`) or moved at `now`: the story's pending events go public
    then, and subscribers who got it early are told."""
    _pending(article, now).update(visible_at=until or now, embargo_until=until)
    _write(
        article,
        Kind.EMBARGO_CHANGED,
        visible_at=now,
        embargo_until=until,
        early=True,
        public=False,
    )


def was_public(article: Article) -> bool:
    """Whether readers have seen the story (before the change being made to it)."""
    first = article.first_published_at
    return first is not None and first <= timezone.now()


def stories_changed(stories: QuerySet) -> int:
    """A minor change to every published story of `stories` (a photo, section or tag they
    show changed), one event each."""
    now = timezone.now()
    published = stories.filter(status=Status.PUBLISHED).select_related("section")
    written, batch = 0, []
    for article in published.prefetch_related("tags").iterator(chunk_size=500):
        embargo = _embargo(article, now)
        batch.append(
            _event(
                article,
                Kind.CHANGED,
                visible_at=embargo or now,
                embargo_until=embargo,
                early=embargo is not None,
            )
        )
        if len(batch) == 500:  # a section of 100,000 stories is not held in memory at once
            written += len(StoryEvent.objects.bulk_create(batch))
            batch = []
    written += len(StoryEvent.objects.bulk_create(batch))
    if written:
        _enqueue_relay()
    return written
