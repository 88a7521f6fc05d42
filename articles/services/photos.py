"""How a change to a photo reaches the stories that show it.

The `media` app knows nothing of stories: it asks `media.signals.photo_change_requested` before
a change and announces `media.signals.photo_changed` after one; `ArticlesConfig.ready()`
connects the receivers below.

- A photo that a published or scheduled story shows (or one published before) is part of that
  story: changing it needs the right to revise the story, and an editor's change is recorded in
  the story's history as a revision ("Photo changed", with the story's new snapshot).
- Every story showing the photo counts as changed for the public (caches, ETags,
  `updated_since`); a new caption also changes what readers read, so those stories' reading
  times are estimated again.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from media.models import Photo

from ..models import Article
from .checks import check_photo_change
from .public_changes import articles_showing_photo_changed
from .reading_times import enqueue_reading_time
from .revisions import record_revision
from .rules import CHECKED_WHEN_REVISED, RevisionKind, can_revise, lock_article

_PUBLIC_OR_SCHEDULED = Q(first_published_at__isnull=False) | Q(status=Article.Status.SCHEDULED)


def _stories_showing(photo_id: int):
    return Article.objects.filter(photo_placements__photo_id=photo_id).distinct()


def refuse_photo_change(
    sender, *, photo_id: int, user, changes=None, override_reason: str = "", **kwargs
) -> str:
    """Receiver of `media.signals.photo_change_requested`: raises `PermissionDenied` if the
    photo is part of a story this user may not revise, and `ValidationError` if `changes`
    would leave a photo that a story readers see shows without alt text or credit, with no
    `override_reason` (the checks before publishing). Returns the note for the history."""
    stories = list(
        _stories_showing(photo_id).filter(_PUBLIC_OR_SCHEDULED).only("pk", "headline", "status")
    )
    _refuse_without_the_right(stories, user)
    shown = [s for s in stories if s.status in CHECKED_WHEN_REVISED]
    if not changes or not shown:
        return ""
    return check_photo_change(
        Photo.objects.get(pk=photo_id),
        changes,
        shown_by=shown[0].headline,
        override_reason=override_reason,
    )


def _refuse_without_the_right(stories, user) -> None:
    for story in stories:
        if not can_revise(user, story):
            raise PermissionDenied(
                _(
                    "This photo is shown by “%(headline)s”, which is published or scheduled: "
                    "changing it needs the right to revise that story; ask an editor."
                )
                % {"headline": story.headline}
            )


def on_photo_changed(
    sender,
    *,
    photo_id: int,
    caption_changed: bool = False,
    user=None,
    fields=(),
    note: str = "",
    **kwargs,
) -> None:
    """Receiver of `media.signals.photo_changed` (`photo_id`: the photo's primary key; `note`:
    the checks the change overrode, and why)."""
    if fields:
        _record_in_each_story(photo_id, user=user, fields=fields, note=note)
    articles_showing_photo_changed(photo_id=photo_id)
    if caption_changed:
        for article_id in _stories_showing(photo_id).values_list("pk", flat=True):
            enqueue_reading_time(article_id)


def _record_in_each_story(photo_id: int, *, user, fields, note: str = "") -> None:
    note = " ".join(filter(None, [f"Photo {photo_id}: {', '.join(fields)} changed.", note]))
    for story in _stories_showing(photo_id).filter(_PUBLIC_OR_SCHEDULED).order_by("pk"):
        current = lock_article(story)
        current.version += 1
        current.changed_by = user
        current.save(update_fields=["version", "changed_by", "changed_at"])
        record_revision(current, kind=RevisionKind.PHOTO, user=user, note=note)
