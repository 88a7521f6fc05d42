"""What the media app tells the apps above it, which it never imports.

`photo_changed` is sent after a change to a photo that the public may see: its details, its
image, its focal point or its renditions. Keyword arguments: `photo_id` (int) and
`caption_changed` (bool: the caption, which readers read, is new). The editorial app connects
its receiver in `ArticlesConfig.ready()`; receivers run inside the sender's transaction.
"""

from django.dispatch import Signal

photo_changed = Signal()
