"""One story as the public detail, the preview and ninjs show it, and its stamp for ETags and
caches."""

from django.db.models import F, OuterRef, QuerySet
from django.utils import timezone

from newsroom.db import JSONTextObject, PreparedQuery, json_value

from ..models import Article, ArticlePhoto, ArticleUpdate, BriefItem, Tag
from .common import (
    ID_SENTINEL,
    NOW_SENTINEL,
    SLUG_SENTINEL,
    STORY_FIELDS,
    as_datetime,
    json_array,
    placement_from_json,
    placement_json,
)
from .visibility import released, visible


def _story_rows() -> QuerySet:
    story = OuterRef("pk")
    brief = JSONTextObject(
        box_id="box_id",
        box_position="box__position",
        heading="box__heading",
        position="position",
        id="id",
        text="text",
    )
    return Article.objects.annotate(
        section_name=F("section__name"),
        section_slug=F("section__slug"),
        updates_json=json_array(
            ArticleUpdate.objects.filter(article=story),
            "article",
            JSONTextObject(kind="kind", note="note", time="created_at"),
        ),
        tags_json=json_array(
            Tag.objects.filter(articles=story), "articles", JSONTextObject(name="name", slug="slug")
        ),
        photos_json=json_array(
            ArticlePhoto.objects.filter(article=story), "article", placement_json(id="id")
        ),
        briefs_json=json_array(BriefItem.objects.filter(box__article=story), "box__article", brief),
    ).values(
        *STORY_FIELDS,
        "section_name",
        "section_slug",
        "updates_json",
        "tags_json",
        "photos_json",
        "briefs_json",
    )


_PUBLIC_BY_SLUG = PreparedQuery(
    lambda slug, now: _story_rows().filter(visible(now), slug=slug),
    plan_once=True,
    slug=SLUG_SENTINEL,
    now=NOW_SENTINEL,
)


_STORY_BY_ID = PreparedQuery(
    lambda article_id: _story_rows().filter(pk=article_id), plan_once=True, article_id=ID_SENTINEL
)


_STAMP = PreparedQuery(
    lambda slug, now: Article.objects.filter(visible(now), slug=slug).values(
        "pk", "public_changed_at", "scheduled_publish_at"
    ),
    plan_once=True,
    slug=SLUG_SENTINEL,
    now=NOW_SENTINEL,
)


def article_public_stamp(slug: str) -> dict | None:
    """The public story's id and change time: enough for an ETag, a 304 or a cache key."""
    rows = _STAMP.rows(slug=slug, now=timezone.now())
    if not rows:
        return None
    row = rows[0]
    changed = as_datetime(row["public_changed_at"])
    scheduled = as_datetime(row["scheduled_publish_at"])
    return {"pk": row["pk"], "public_changed_at": max(changed, scheduled or changed)}


def article_kill_notice(slug: str) -> dict | None:
    """`{"notice", "killed_at", "pk"}` if the story with this slug was killed after readers
    saw it, else None (a story killed before it was ever public stays unknown)."""
    row = (
        Article.objects.filter(
            slug=slug,
            status=Article.Status.KILLED,
            first_published_at__isnull=False,
            first_published_at__lte=F("killed_at"),
        )
        .values("pk", "kill_notice", "killed_at")
        .first()
    )
    return row and {"pk": row["pk"], "notice": row["kill_notice"], "killed_at": row["killed_at"]}


def _briefs(value) -> list[dict]:
    """Brief boxes in order with their items in order (a box without items shows nothing)."""
    entries = sorted(
        json_value(value) or [],
        key=lambda e: (e["box_position"], e["box_id"], e["position"], e["id"]),
    )
    boxes: dict[int, dict] = {}
    for entry in entries:
        box = boxes.setdefault(entry["box_id"], {"heading": entry["heading"], "items": []})
        box["items"].append(entry["text"])
    return list(boxes.values())


def _photos(value) -> list[dict]:
    """Placements in order (by position, then as they were added)."""
    placements = [placement_from_json(entry) for entry in json_value(value) or []]
    placements.sort(key=lambda placement: (placement["position"], placement["id"]))
    for placement in placements:
        del placement["id"]
    return placements


def article_public_detail(*, article_id: int | None = None, slug: str | None = None) -> dict | None:
    """Everything the detail view shows, in one query compiled once (updates, tags, briefs and
    photos with their renditions come as JSON). By slug: stories the public sees this second
    only (the API); by id: any story (a preview link)."""
    rows = (
        _PUBLIC_BY_SLUG.rows(slug=slug, now=timezone.now())
        if slug is not None
        else _STORY_BY_ID.rows(article_id=article_id)
    )
    if not rows:
        return None
    story = rows[0]
    for name in ("first_published_at", "last_public_update_at", "public_changed_at"):
        story[name] = as_datetime(story[name])
    story["embargo_until"] = as_datetime(story["embargo_until"])
    if slug is not None:
        released(story)
    else:
        story.pop("scheduled_publish_at")
    updates = sorted(
        (
            {**u, "time": as_datetime(u["time"])}
            for u in json_value(story.pop("updates_json")) or []
        ),
        key=lambda u: u["time"],
    )
    story["updates"] = updates
    story["is_updated"] = any(u["kind"] == ArticleUpdate.Kind.UPDATE for u in updates)
    story["tags"] = sorted(json_value(story.pop("tags_json")) or [], key=lambda t: t["name"])
    story["briefs"] = _briefs(story.pop("briefs_json"))
    story["photos"] = _photos(story.pop("photos_json"))
    return story
