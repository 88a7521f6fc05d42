"""A story's way through the desk: draft → in review → published (now, under an embargo, or at
a scheduled time) → unpublished, each step a new version with a revision. Embargoes lifted or
moved, and kills, are in `lifecycle.py`.

Allowed starting states are in `services/rules.py`; a step from any other state raises
`ValidationError`, a user without the right `PermissionDenied`, and a stale
`expected_version` `ArticleConflict`.
"""

import logging
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Article, ArticleUpdate, StoryEvent
from ..wire.profiles import UPDATED_STAMP
from .checks import check_before_publishing
from .cleaning import clean_note
from .events import (
    lock_pending,
    story_published,
    story_scheduled,
    story_withdrawn,
    was_public,
)
from .public_changes import public_changed, stamp_public_change
from .revisions import record_public_entry, record_revision
from .rules import (
    PUBLISHABLE_FROM,
    SCHEDULABLE_FROM,
    UNPUBLISHABLE_FROM,
    RevisionKind,
    Status,
    check_ahead,
    check_version,
    is_due,
    lock_article,
    refuse_transition,
    require,
)

logger = logging.getLogger(__name__)


def _transition(
    current: Article, *, user, kind: str, note: str = "", at: datetime | None = None
) -> Article:
    """Save a locked story as its next version, with a revision; `at` is the second of the
    change readers see (default: now)."""
    current.changed_by = user
    current.version += 1
    stamp_public_change(current, at=at)
    current.full_clean()
    current.save()
    public_changed(current)
    record_revision(current, kind=kind, user=user, note=note)
    return current


def _locked(article: Article, *, user, permission: str, action: str, expected_version) -> Article:
    require(user, permission, action)
    current = lock_article(article)
    lock_pending(current)
    check_version(current, expected_version, {})
    return settle_due(current)


def settle_due(current: Article) -> Article:
    """A locked story that is scheduled and due (readers have seen it since its second) has
    its publication recorded first, as beat would have: whatever is done to it next is done to
    a published story (an edit says what kind it is, a takedown moves the lists' times)."""
    if is_due(current):
        publish(
            current,
            user=None,
            now=current.scheduled_publish_at,
            embargo_until=current.embargo_until,
        )
    return current


@transaction.atomic
def article_submit(*, article: Article, user, expected_version: int | None = None) -> Article:
    current = _locked(
        article,
        user=user,
        permission="change_article",
        action="submit stories for review",
        expected_version=expected_version,
    )
    if current.status != Status.DRAFT:
        raise refuse_transition(current, "submitted for review")
    current.status = Status.IN_REVIEW
    return _transition(current, user=user, kind=RevisionKind.SUBMITTED)


def _joined(*notes: str) -> str:
    """Notes as sentences of one note: each ends with a full stop unless it has its own."""
    return " ".join(note if note[-1] in ".!?…" else f"{note}." for note in notes if note)


def embargo_note(until: datetime) -> str:
    return f"Under embargo until {timezone.localtime(until).strftime('%Y-%m-%d %H:%M %Z')}"


def publish(
    current: Article,
    *,
    user,
    now: datetime,
    embargo_until: datetime | None = None,
    checks_note: str = "",
) -> Article:
    """Make a locked story public from `now` (a scheduled story: its scheduled second), or from
    `embargo_until`. Its first publication sets the first-published time to that second, and
    puts an update on the public record when the agency's copy was already an update.
    `checks_note` (checks overridden, and why) goes into the revision's note."""
    release = max(now, embargo_until or now)
    seen = is_due(current)  # readers have seen it since its scheduled second
    current.status = Status.PUBLISHED
    current.scheduled_publish_at = None
    current.unpublished_reason = ""
    current.embargo_until = embargo_until
    first = current.first_published_at is None
    if first:
        current.first_published_at = release
        current.last_public_update_at = release
    published = _transition(
        current,
        user=user,
        kind=RevisionKind.PUBLISHED,
        note=_joined(embargo_note(embargo_until) if embargo_until else "", checks_note),
        at=max(current.public_changed_at, now),
    )
    if not seen:  # a due scheduled story's event was written when it was scheduled
        story_published(published, release=release)
    if first and published.source_kind == "update" and not published.updates.exists():
        note = source_update_note(published)
        record_public_entry(published, kind=ArticleUpdate.Kind.UPDATE, note=note, user=user)
        if seen:  # readers saw it without the UPDATED label: this is a change they see
            stamp_public_change(published)
            published.save(update_fields=["public_changed_at", "public_version"])
            public_changed(published)
    return published


def source_update_note(article: Article) -> str:
    """The public note for a story whose agency copy was already an update when first
    published here: the copy's advisory ("Adds minister's comments…") where it has one, else
    "Already updated by Reuters when first published here (update 3)." (the agency's own
    sequence number, or its "Updated: …" time stamp, in the brackets)."""
    advisory = article.source_advisory.strip()
    if advisory and not UPDATED_STAMP.match(advisory):
        return advisory
    source = article.agency or "its source"
    detail = advisory or (
        f"update {article.source_update_sequence}" if article.source_update_sequence else ""
    )
    return f"Already updated by {source} when first published here" + (
        f" ({detail})." if detail else "."
    )


@transaction.atomic
def article_publish(
    *,
    article: Article,
    user,
    expected_version: int | None = None,
    embargo_until: datetime | None = None,
    override_reason: str = "",
) -> Article:
    """Publish now, or under an embargo: no public route shows the story before
    `embargo_until` (which must be in the future: `ValidationError` on `embargo_until`), and
    every one shows it from then on, with no further step. Without `embargo_until`, a story
    that carries an embargo from its copy (not yet ended) is published under it.

    The checks before publishing (`services/checks.py`) must pass, or the photo checks be
    overridden with `override_reason` (kept in the history): `ValidationError` on
    `override_reason` otherwise."""
    now = timezone.now()
    check_ahead(embargo_until, field="embargo_until", now=now)
    current = _locked(
        article,
        user=user,
        permission="publish_article",
        action="publish stories",
        expected_version=expected_version,
    )
    if current.status not in PUBLISHABLE_FROM:
        raise refuse_transition(current, "published")
    if embargo_until is None and current.embargo_until and current.embargo_until > now:
        embargo_until = current.embargo_until
    checks_note = check_before_publishing(current, override_reason)
    return publish(
        current, user=user, now=now, embargo_until=embargo_until, checks_note=checks_note
    )


@transaction.atomic
def article_schedule(
    *,
    article: Article,
    user,
    publish_at: datetime,
    expected_version: int | None = None,
    override_reason: str = "",
) -> Article:
    """`publish_at` must be in the future (`ValidationError` on `publish_at`); the checks
    before publishing apply as in `article_publish`."""
    current = _locked(
        article,
        user=user,
        permission="publish_article",
        action="schedule stories",
        expected_version=expected_version,
    )
    if current.status not in SCHEDULABLE_FROM:
        raise refuse_transition(current, "scheduled")
    check_ahead(publish_at, field="publish_at", now=timezone.now())
    if current.embargo_until and current.embargo_until > publish_at:
        raise ValidationError(
            {
                "publish_at": _(
                    "The story is under embargo until %(when)s: schedule it for then or later, "
                    "or lift the embargo first."
                )
                % {"when": f"{timezone.localtime(current.embargo_until):%Y-%m-%d %H:%M %Z}"}
            }
        )
    checks_note = check_before_publishing(current, override_reason)
    current.status = Status.SCHEDULED
    current.scheduled_publish_at = publish_at
    when = timezone.localtime(publish_at).strftime("%Y-%m-%d %H:%M %Z")
    note = _joined(f"For {when}.", checks_note)
    scheduled = _transition(current, user=user, kind=RevisionKind.SCHEDULED, note=note)
    story_scheduled(scheduled)
    return scheduled


@transaction.atomic
def article_unpublish(
    *, article: Article, user, reason: str, expected_version: int | None = None
) -> Article:
    """Take a published or scheduled story down; the reason is kept on its record."""
    reason = clean_note(reason)
    if not reason:
        require(user, "publish_article", "unpublish stories")
        raise ValidationError(
            {"reason": _("Say why the story is taken down; it is kept on record.")}
        )
    current = _locked(
        article,
        user=user,
        permission="publish_article",
        action="unpublish stories",
        expected_version=expected_version,
    )
    if current.status not in UNPUBLISHABLE_FROM:
        raise refuse_transition(current, "unpublished")
    seen = was_public(current)
    current.status = Status.UNPUBLISHED
    current.scheduled_publish_at = None
    current.embargo_until = None
    current.unpublished_reason = reason
    unpublished = _transition(current, user=user, kind=RevisionKind.UNPUBLISHED, note=reason)
    story_withdrawn(unpublished, StoryEvent.Kind.UNPUBLISHED, was_public=seen)
    return unpublished


def articles_publish_due(*, now: datetime | None = None, limit: int = 100) -> list[int]:
    """Record the publication of the scheduled stories whose time has come (readers have seen
    them since their scheduled second: `selectors/visibility.py`), as of that second, so that
    nothing readers see changes; safe to run in several processes.

    Rows are locked with SKIP LOCKED, so two concurrent runs never take the same story.
    Returns the ids published; a story that fails validation is logged and left scheduled.
    """
    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            Article.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(status=Status.SCHEDULED, scheduled_publish_at__lte=now)
            .order_by("scheduled_publish_at", "id")[:limit]
        )
        published = []
        for article in due:
            try:
                with transaction.atomic():
                    due = article.scheduled_publish_at
                    publish(article, user=None, now=due, embargo_until=article.embargo_until)
            except ValidationError as error:
                logger.error("Scheduled story %s could not be published: %s", article.pk, error)
                continue
            published.append(article.pk)
    return published
