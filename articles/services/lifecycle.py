"""The end of an embargo and the end of a story: an editor lifts or moves an embargo, or kills
a story for legal or ethical reasons.

A kill is final. Unlike unpublishing, the story never comes back: its text leaves every
public route and cache, the API answers `410 Gone` with the kill notice, photos shown only by
killed stories lose their renditions (`media.services.photos_withdraw`), and no step, edit,
import or restore can change or republish it. The admin keeps the story and its history for
the record. Killing needs `articles.kill_article`, which Editors have and Reporters do not.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from media.models import Photo
from media.services import photos_withdraw

from ..models import Article, ArticlePhoto, StoryEvent
from .cleaning import clean_note
from .events import story_embargo_changed, story_withdrawn, was_public
from .rules import (
    KILLABLE_FROM,
    RevisionKind,
    Status,
    check_ahead,
    refuse_transition,
    require,
)
from .workflow import _locked, _transition, embargo_note

# A story not yet public takes the embargo it will be published under as part of its copy.
_NOT_YET_PUBLIC = (Status.DRAFT, Status.IN_REVIEW, Status.UNPUBLISHED)


@transaction.atomic
def article_change_embargo(
    *, article: Article, user, until: datetime | None, expected_version: int | None = None
) -> Article:
    """Lift a story's embargo now (`until=None`) or move it to `until` (in the future), while
    the story is still under it; either is a revision ("Embargo changed"). A story first
    published under the embargo is first published when it ends. For a story not yet public
    (a draft, in review, unpublished), set or clear the embargo it will be published under.
    Raises `ValidationError` if the story is neither or `until` is past, `PermissionDenied`
    without the right to publish (to change a draft's: to change stories)."""
    current = _locked(
        article,
        user=user,
        permission="change_article",
        action="change embargoes",
        expected_version=expected_version,
    )
    now = timezone.now()  # after the lock: the embargo's end is judged on what it sees
    if current.status not in _NOT_YET_PUBLIC:  # decided on the locked row, never a stale copy
        require(user, "publish_article", "change embargoes")
    check_ahead(until, field="until", now=now)
    if current.status in _NOT_YET_PUBLIC:
        current.embargo_until = until
        note = embargo_note(until) if until else "Embargo removed"
        return _transition(current, user=user, kind=RevisionKind.EMBARGO, note=note)
    old = current.embargo_until
    if current.status != Status.PUBLISHED or old is None or old <= now:
        raise ValidationError(_("This story is not under an embargo."))
    release = until or now
    if current.first_published_at == old:
        current.first_published_at = release
    if current.last_public_update_at == old:
        current.last_public_update_at = release
    # Updates and corrections made under the embargo are on the record from its end.
    current.updates.filter(created_at=old).update(created_at=release)
    current.embargo_until = until
    note = embargo_note(until) if until else "Embargo lifted"
    changed = _transition(current, user=user, kind=RevisionKind.EMBARGO, note=note, at=now)
    story_embargo_changed(changed, until=until, now=now)
    return changed


def _shown_only_by_killed(article: Article):
    live = ArticlePhoto.objects.filter(photo_id=OuterRef("photo_id")).exclude(
        article__status=Status.KILLED
    )
    return (
        ArticlePhoto.objects.filter(article=article)
        .filter(~Exists(live))
        .values_list("photo_id", flat=True)
    )


@transaction.atomic
def article_kill(
    *, article: Article, user, notice: str, expected_version: int | None = None
) -> Article:
    """Kill a story with a public notice (why it was withdrawn). Raises `ValidationError` for
    an empty notice or a story that is not published, scheduled or unpublished,
    `PermissionDenied` without `articles.kill_article`."""
    notice = clean_note(notice)
    current = _locked(
        article,
        user=user,
        permission="kill_article",
        action="kill stories",
        expected_version=expected_version,
    )
    if not notice:
        raise ValidationError({"notice": _("A kill needs a notice; readers and partners see it.")})
    if current.status not in KILLABLE_FROM:
        raise refuse_transition(current, "killed")
    seen = was_public(current)
    current.status = Status.KILLED
    current.kill_notice = notice
    current.killed_at = timezone.now()
    current.scheduled_publish_at = None
    current.embargo_until = None
    killed = _transition(current, user=user, kind=RevisionKind.KILLED, note=notice)
    story_withdrawn(killed, StoryEvent.Kind.KILLED, was_public=seen, note=notice)
    # The story's photos locked first: a kill of another story that shows the same photo
    # waits, then sees this one killed.
    list(
        Photo.objects.select_for_update()
        .filter(placements__article=killed)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    photos_withdraw(photo_ids=list(_shown_only_by_killed(killed)))
    return killed
