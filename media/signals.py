"""What the media app tells the apps above it, which it never imports.

- `photo_change_requested` is sent before a change to a photo is made. Keyword arguments:
  `photo_id` (int), `user` (the user asking, or None for the system), and for a change of its
  details `changes` (field name → new value) and `override_reason` (str). A receiver that must
  refuse raises `django.core.exceptions.PermissionDenied` or `ValidationError` with the
  reason; nothing is changed then. A receiver may answer a note for the history (str). The
  editorial app refuses a change to a photo that a published or scheduled story shows, by a
  user who may not revise that story, and one that would leave such a photo without alt text
  or credit unless a reason is given (the checks before publishing).
- `photo_changed` is sent after a change to a photo that the public may see: its details, its
  image, its focal point or its renditions. Keyword arguments: `photo_id` (int),
  `caption_changed` (bool: the caption, which readers read, is new), `user` (who made the
  change; None for the system, as when renditions are made) and `fields` (the names of what an
  editor changed, with "image" for a new image; empty when only renditions changed) and `note`
  (what the receivers of `photo_change_requested` noted, e.g. a reason to override a check).

The editorial app connects its receivers in `ArticlesConfig.ready()`; receivers run inside the
sender's transaction.
"""

from django.dispatch import Signal

photo_change_requested = Signal()
photo_changed = Signal()
