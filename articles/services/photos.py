"""How a change to a photo reaches the stories that show it.

The `media` app knows nothing of stories: it sends `media.signals.photo_changed`, and
`ArticlesConfig.ready()` connects `on_photo_changed` to it. Each story showing the photo counts
as changed for the public (caches, ETags, `updated_since`); a new caption also changes what
readers read, so those stories' reading times are estimated again.
"""

from ..models import Article
from .public_changes import articles_showing_photo_changed
from .reading_times import enqueue_reading_time


def on_photo_changed(sender, *, photo_id: int, caption_changed: bool = False, **kwargs) -> None:
    """Receiver of `media.signals.photo_changed` (`photo_id`: the photo's primary key)."""
    articles_showing_photo_changed(photo_id=photo_id)
    if caption_changed:
        showing = Article.objects.filter(photo_placements__photo_id=photo_id)
        for article_id in showing.values_list("pk", flat=True).distinct():
            enqueue_reading_time(article_id)
