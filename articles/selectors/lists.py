"""Pages of published stories for the list endpoint and the feeds: filters, keyset cursors,
and one query per page, compiled once per shape of request on PostgreSQL."""

from datetime import UTC, datetime
from functools import lru_cache

from django.db import connection
from django.db.models import F, JSONField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import JSONObject

from media.models import Rendition
from newsroom.db import JSONArrayAgg, PreparedQuery, json_value

from ..filters import SORTS, Cursor, ListQuery
from ..models import ArticlePhoto
from .common import (
    ID_SENTINEL,
    PHOTO_FIELDS,
    STORY_FIELDS,
    as_datetime,
    latest_public_change,
    published_articles,
    search_stories,
    with_updated_flag,
)

LIST_FIELDS = tuple(f for f in STORY_FIELDS if f not in ("body", "word_count", "status"))


def _lead_photo_json() -> Subquery:
    renditions = (
        Rendition.objects.filter(
            photo_id=OuterRef("photo_id"), source_checksum=OuterRef("photo__checksum")
        )
        .order_by()
        .values("photo_id")
        .annotate(
            items=JSONArrayAgg(
                JSONObject(
                    name="spec_name", format="format", width="width", height="height", file="file"
                )
            )
        )
        .values("items")
    )
    photo = {
        name: lookup for name, lookup in PHOTO_FIELDS.items() if not name.startswith("rendition_")
    }
    lead = (
        ArticlePhoto.objects.filter(article_id=OuterRef("pk"), role=ArticlePhoto.Role.LEAD)
        .order_by("position", "id")
        .values(data=JSONObject(**photo, renditions=Subquery(renditions, output_field=JSONField())))
    )[:1]
    return Subquery(lead, output_field=JSONField())


def _filtered(stories: QuerySet, query: ListQuery) -> QuerySet:
    if query.cursor:
        # (time, id) < (cursor time, cursor id), written so that the time bound is an index
        # condition: the page starts where the cursor points, however deep, instead of after
        # scanning every newer story.
        field, value = SORTS[query.sort], query.cursor.value
        stories = stories.filter(
            Q(**{f"{field}__lte": value}),
            Q(**{f"{field}__lt": value}) | Q(pk__lt=query.cursor.id),
        )
    lookups = {
        "public_changed_at__gte": query.updated_since,
        "first_published_at__gte": query.published_since,
        "agency__iexact": query.agency,
        "section__slug": query.section,
        "tags__slug": query.tag,
    }
    stories = stories.filter(**{k: v for k, v in lookups.items() if v})
    stories = with_updated_flag(stories)
    if query.is_updated is not None:
        stories = stories.filter(has_public_updates=query.is_updated)
    return search_stories(stories, query.q) if query.q else stories


def list_queryset(query: ListQuery) -> QuerySet:
    """The rows of one list page (one more than the page size, to tell if another follows)."""
    return (
        _filtered(published_articles(), query)
        .annotate(
            section_name=F("section__name"),
            section_slug=F("section__slug"),
            lead_json=_lead_photo_json(),
            public_latest=Subquery(latest_public_change()[:1]),
        )
        .order_by(f"-{SORTS[query.sort]}", "-pk")
        .values(
            *LIST_FIELDS,
            "section_name",
            "section_slug",
            "has_public_updates",
            "lead_json",
            "public_latest",
        )[: query.page_size + 1]
    )


_SENTINEL_TIME = datetime(1901, 2, 3, 4, 5, 6, tzinfo=UTC)


_SENTINELS = {
    "updated_since": datetime(1902, 2, 3, 4, 5, 6, tzinfo=UTC),
    "published_since": datetime(1903, 2, 3, 4, 5, 6, tzinfo=UTC),
    "agency": "\x00agency\x00",
    "section": "\x00section\x00",
    "tag": "\x00tag\x00",
    "q": "\x00q\x00",
}


@lru_cache(maxsize=256)
def _prepared_list(shape: tuple) -> PreparedQuery:
    """One compiled query per shape of list request (which filters, sort, page size)."""
    sort, page_size, has_cursor, is_updated, present = shape
    sentinels = {name: _SENTINELS[name] for name in present}
    if has_cursor:
        sentinels |= {"cursor_value": _SENTINEL_TIME, "cursor_id": ID_SENTINEL}

    def build(**values):
        cursor = Cursor(sort, values["cursor_value"], values["cursor_id"]) if has_cursor else None
        filters = {name: values[name] for name in present}
        return list_queryset(
            ListQuery(
                sort=sort, page_size=page_size, cursor=cursor, is_updated=is_updated, **filters
            )
        )

    return PreparedQuery(build, **sentinels)


def _list_rows(query: ListQuery) -> list[dict]:
    if connection.vendor != "postgresql":
        return list(list_queryset(query))  # the embedded default: plain ORM
    present = tuple(name for name in _SENTINELS if getattr(query, name) is not None)
    shape = (query.sort, query.page_size, query.cursor is not None, query.is_updated, present)
    values = {name: getattr(query, name) for name in present}
    if query.cursor:
        values |= {"cursor_value": query.cursor.value, "cursor_id": query.cursor.id}
    return _prepared_list(shape).rows(**values)


def _lead_photo(value) -> dict | None:
    photo = json_value(value)
    if photo is None:
        return None
    photo["renditions"] = json_value(photo["renditions"]) or []
    return photo


def article_public_list(query: ListQuery) -> tuple[list[dict], Cursor | None]:
    """A page of published stories, newest first by the chosen time, with their lead photos and
    renditions: one query, compiled once per shape on PostgreSQL; keyset pagination (no COUNT,
    stable while stories are added)."""
    rows = _list_rows(query)
    page, more = rows[: query.page_size], len(rows) > query.page_size
    for row in page:
        row["public_latest"] = as_datetime(row["public_latest"])
        for name in ("first_published_at", "last_public_update_at", "public_changed_at"):
            row[name] = as_datetime(row[name])
        row["is_updated"] = bool(row.pop("has_public_updates"))
        row["lead_photo"] = _lead_photo(row.pop("lead_json"))
    field = SORTS[query.sort]
    next_cursor = Cursor(query.sort, page[-1][field], page[-1]["pk"]) if more else None
    return page, next_cursor


def public_last_change() -> datetime | None:
    """When anything public last changed, unpublishing included: the lists' Last-Modified."""
    latest = latest_public_change().first()
    return as_datetime(latest["public_changed_at"]) if latest else None
