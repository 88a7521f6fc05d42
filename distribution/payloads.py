"""What a delivery carries: the event, and the story as the subscriber may see it when the
delivery is sent, in the subscriber's format.

The body is JSON in the shape Standard Webhooks suggests:

    {"type": "story.updated",            # story.<StoryEvent.Kind>
     "timestamp": "2026-11-30T16:00:00Z", # when the change was public (or, early, was made)
     "data": {"event": {...}, "story": {...}, "item": ...}}

`item` is the story in the subscriber's format: a ninjs 3.1 or 2.2 document, or the public
API's detail JSON. The story is read when the delivery is sent, not when the event was
written, so a retry a day later never sends text that has since been killed or taken down:
a withdrawn story is a ninjs item with `pubStatus` "canceled" (a killed one with its kill
notice), or `null` in the API's JSON. Renderings are cached for a minute per story version,
so one change fanned out to many subscribers is rendered once per format.
"""

from urllib.parse import urljoin

import orjson
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from articles.models import Article, StoryEvent
from articles.ninjs.export import article_ninjs, canceled_ninjs, item_uri, killed_ninjs
from articles.selectors import article_public_detail
from articles.serializers import article_detail_data, iso

from .models import Delivery, Subscriber

NINJS = {Subscriber.Format.NINJS_3: "3", Subscriber.Format.NINJS_2: "2"}
# Events after which the story has no URL that answers with it.
WITHDRAWN = {StoryEvent.Kind.UNPUBLISHED, StoryEvent.Kind.KILLED, StoryEvent.Kind.DELETED}
ITEM_SECONDS = 60


def _absolute(path: str) -> str:
    return urljoin(settings.PUBLIC_API_URL, path)


def _withdrawn(story_ref: int, format: str, row: dict | None) -> dict | None:
    if format not in NINJS:
        return None
    version = NINJS[format]
    if row and row["status"] == Article.Status.KILLED:
        return killed_ninjs(
            {"pk": story_ref, "killed_at": iso(row["killed_at"]), "notice": row["kill_notice"]},
            version=version,
        )
    return canceled_ninjs(story_ref, version=version)


def _story(row: dict | None, *, early: bool) -> dict | None:
    """The story's detail if this subscriber may see it now, else None."""
    if row is None:
        return None
    story = article_public_detail(slug=row["slug"])
    now = timezone.now()
    embargoed = row["embargo_until"] is not None and row["embargo_until"] > now
    if story is None and early and embargoed and row["status"] == Article.Status.PUBLISHED:
        story = article_public_detail(article_id=row["pk"])
    return story


def _render(story_ref: int, format: str, row: dict | None, *, early: bool) -> dict | None:
    story = _story(row, early=early)
    if story is None:
        return _withdrawn(story_ref, format, row)
    data = article_detail_data(story, absolute=_absolute)
    if format in NINJS:
        return article_ninjs(story, data, version=NINJS[format])
    return data


_ROW_FIELDS = (
    "pk",
    "slug",
    "status",
    "embargo_until",
    "scheduled_publish_at",
    "killed_at",
    "kill_notice",
    "public_version",
    "public_changed_at",
)


def story_item(story_ref: int, format: str, *, early: bool) -> dict | None:
    """The story `story_ref` in `format` (a `Subscriber.Format`) as a subscriber sees it now;
    `early`: the subscriber may see embargoed stories."""
    row = Article.objects.filter(pk=story_ref).values(*_ROW_FIELDS).first()
    if row is None:
        return _withdrawn(story_ref, format, None)
    now = timezone.now()
    state = (
        row["status"],
        row["public_version"],
        iso(row["public_changed_at"]),
        bool(row["scheduled_publish_at"] and row["scheduled_publish_at"] <= now),
        bool(early and row["embargo_until"] and row["embargo_until"] > now),
        bool(row["embargo_until"] and row["embargo_until"] > now),
    )
    key = f"distribution:item:{story_ref}:{format}:{':'.join(map(str, state))}"
    item = cache.get(key)
    if item is None:
        item = {"item": _render(story_ref, format, row, early=early)}
        cache.set(key, item, ITEM_SECONDS)
    return item["item"]


def delivery_body(delivery: Delivery) -> bytes:
    """The JSON body of a delivery (see the module's docstring)."""
    event, subscriber = delivery.event, delivery.subscriber
    story = {
        "id": item_uri("story", event.story_ref),
        "slug": event.slug,
        "version": event.version,
        "url": None if event.kind in WITHDRAWN else _absolute(f"/api/v1/articles/{event.slug}/"),
    }
    body = {
        "type": f"story.{event.kind}",
        # When the public saw the change; for an event not in the log yet (sent early), when
        # it was made.
        "timestamp": iso(event.visible_at if event.position is not None else event.created_at),
        "data": {
            "event": {
                "kind": event.kind,
                "position": event.position,
                "note": event.note,
                "embargoedUntil": iso(event.embargo_until),
            },
            "story": story,
            "item": story_item(
                event.story_ref, subscriber.format, early=subscriber.early_embargo_access
            ),
        },
    }
    return orjson.dumps(body)
