"""Reads that span relations; every queryset comes with what its callers will touch."""

from datetime import UTC, datetime
from functools import lru_cache

from django.db import connection
from django.db.models import (
    BooleanField,
    F,
    JSONField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, JSONObject
from django.utils.dateparse import parse_datetime

from media.models import Rendition
from newsroom.db import JSONArrayAgg, PreparedQuery, json_value

from .filters import SORTS, Cursor, ListQuery
from .models import Article, ArticlePhoto, ArticleUpdate, BriefItem, Tag


def _with_updated_flag(queryset: QuerySet) -> QuerySet:
    # A scalar subquery with LIMIT 1 rather than EXISTS: PostgreSQL may answer an EXISTS by
    # hashing every update in the archive, which grows with it; this probes the (article, kind)
    # index once per story it looks at.
    first_update = ArticleUpdate.objects.filter(
        article=OuterRef("pk"), kind=ArticleUpdate.Kind.UPDATE
    ).values(flag=Value(True))[:1]
    flag = Coalesce(Subquery(first_update, output_field=BooleanField()), Value(False))
    return queryset.annotate(has_public_updates=flag)


def article_admin_list_queryset(queryset: QuerySet) -> QuerySet:
    """The admin's story list: the UPDATED flag and the lead photo without a query per row."""
    lead = ArticlePhoto.objects.filter(role=ArticlePhoto.Role.LEAD).select_related("photo")
    return _with_updated_flag(queryset.select_related("section")).prefetch_related(
        Prefetch("photo_placements", queryset=lead, to_attr="lead_placements")
    )


def article_agencies() -> list[str]:
    """The agencies stories came from, for the admin's filter. On PostgreSQL a skip scan of the
    agency index: one probe per agency, however many stories there are."""
    if connection.vendor == "postgresql":
        table = Article._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                WITH RECURSIVE agencies(name) AS (
                    (SELECT agency FROM {table} WHERE agency > '' ORDER BY agency LIMIT 1)
                    UNION ALL
                    SELECT (SELECT agency FROM {table} WHERE agency > agencies.name
                            ORDER BY agency LIMIT 1)
                    FROM agencies WHERE agencies.name IS NOT NULL
                )
                SELECT name FROM agencies WHERE name IS NOT NULL
                """
            )
            return [row[0] for row in cursor.fetchall()]
    agencies = Article.objects.exclude(agency="").order_by("agency").values_list("agency")
    return [name for (name,) in agencies.distinct()]


# --- The public API ---------------------------------------------------------------------------
#
# The public reads return plain dictionaries built from a few flat queries, so that a story's
# detail costs three queries and a list page two, whatever the number of briefs, photos and
# renditions, and no model instance is built on the hot path.

SEARCH_CONFIG = "english"
STORY_FIELDS = (
    "pk",
    "body",
    "slug",
    "headline",
    "standfirst",
    "byline",
    "agency",
    "dateline_place",
    "dateline_date",
    "language",
    "first_published_at",
    "last_public_update_at",
    "reading_time_minutes",
    "word_count",
    "public_changed_at",
    "status",
)
PHOTO_FIELDS = {
    "photo_id": "photo_id",
    "role": "role",
    "position": "position",
    "caption_override": "caption_override",
    "caption": "photo__caption",
    "alt_text": "photo__alt_text",
    "photographer": "photo__photographer",
    "agency": "photo__agency",
    "credit_line_override": "photo__credit_line_override",
    "copyright_notice": "photo__copyright_notice",
    "width": "photo__width",
    "height": "photo__height",
    "checksum": "photo__checksum",
    "rendition_spec": "photo__renditions__spec_name",
    "rendition_format": "photo__renditions__format",
    "rendition_width": "photo__renditions__width",
    "rendition_height": "photo__renditions__height",
    "rendition_file": "photo__renditions__file",
    "rendition_source": "photo__renditions__source_checksum",
}


def published_articles() -> QuerySet:
    return Article.objects.filter(status=Article.Status.PUBLISHED)


def _updates_json() -> Subquery:
    entries = (
        ArticleUpdate.objects.filter(article=OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(entries=JSONArrayAgg(JSONObject(kind="kind", note="note", time="created_at")))
        .values("entries")
    )
    return Subquery(entries, output_field=JSONField())


def _tags_json() -> Subquery:
    names = (
        Tag.objects.filter(articles=OuterRef("pk"))
        .order_by()
        .values("articles")
        .annotate(names=JSONArrayAgg(JSONObject(name="name", slug="slug")))
        .values("names")
    )
    return Subquery(names, output_field=JSONField())


def _as_datetime(value) -> datetime | None:
    """A datetime from a raw row or JSON: aware already (PostgreSQL), or naive UTC (SQLite)."""
    if value is None:
        return None
    parsed = value if isinstance(value, datetime) else parse_datetime(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _photo_rows() -> QuerySet:
    return ArticlePhoto.objects.order_by(
        "article_id", "position", "id", "photo__renditions__spec_name"
    ).values("article_id", "id", *PHOTO_FIELDS.values())


def _group_photos(rows) -> dict[int, list[dict]]:
    """Placements with their photo and current renditions, from one joined row per rendition."""
    photos: dict[int, dict[int, dict]] = {}
    for raw in rows:
        row = {name: raw[lookup] for name, lookup in PHOTO_FIELDS.items()}
        placement = photos.setdefault(raw["article_id"], {}).get(raw["id"])
        if placement is None:
            placement = {k: v for k, v in row.items() if not k.startswith("rendition_")}
            placement["renditions"] = []
            photos[raw["article_id"]][raw["id"]] = placement
        if row["rendition_spec"] and row["rendition_source"] == row["checksum"]:
            placement["renditions"].append(
                {
                    "name": row["rendition_spec"],
                    "format": row["rendition_format"],
                    "width": row["rendition_width"],
                    "height": row["rendition_height"],
                    "file": row["rendition_file"],
                }
            )
    return {article_id: list(by_id.values()) for article_id, by_id in photos.items()}


def _story_rows() -> QuerySet:
    return Article.objects.annotate(
        section_name=F("section__name"),
        section_slug=F("section__slug"),
        updates_json=_updates_json(),
        tags_json=_tags_json(),
    ).values(*STORY_FIELDS, "section_name", "section_slug", "updates_json", "tags_json")


_ID, _SLUG = -7_654_321, "\x00slug-sentinel\x00"
_PUBLISHED_BY_SLUG = PreparedQuery(
    lambda slug: _story_rows().filter(slug=slug, status=Article.Status.PUBLISHED), slug=_SLUG
)
_STORY_BY_ID = PreparedQuery(lambda article_id: _story_rows().filter(pk=article_id), article_id=_ID)
_PHOTOS = PreparedQuery(
    lambda article_id: _photo_rows().filter(article_id=article_id), article_id=_ID
)
_BRIEFS = PreparedQuery(
    lambda article_id: (
        BriefItem.objects.filter(box__article_id=article_id)
        .order_by("box__position", "box_id", "position", "id")
        .values("box_id", "box__heading", "text")
    ),
    article_id=_ID,
)
_STAMP = PreparedQuery(
    lambda slug: published_articles().filter(slug=slug).values("pk", "public_changed_at"),
    slug=_SLUG,
)


def article_public_stamp(slug: str) -> dict | None:
    """The published story's id and change time: enough for an ETag, a 304 or a cache key."""
    rows = _STAMP.rows(slug=slug)
    if not rows:
        return None
    return {"pk": rows[0]["pk"], "public_changed_at": _as_datetime(rows[0]["public_changed_at"])}


def _briefs(article_id: int) -> list[dict]:
    """Brief boxes with their items (a box without items shows nothing)."""
    boxes: dict[int, dict] = {}
    for row in _BRIEFS.rows(article_id=article_id):
        box = boxes.setdefault(row["box_id"], {"heading": row["box__heading"], "items": []})
        box["items"].append(row["text"])
    return list(boxes.values())


def article_public_detail(*, article_id: int | None = None, slug: str | None = None) -> dict | None:
    """Everything the detail view shows, in three queries compiled once. By slug: published
    stories only (the API); by id: any story (a preview link)."""
    rows = (
        _PUBLISHED_BY_SLUG.rows(slug=slug)
        if slug is not None
        else _STORY_BY_ID.rows(article_id=article_id)
    )
    if not rows:
        return None
    story = rows[0]
    for name in ("first_published_at", "last_public_update_at", "public_changed_at"):
        story[name] = _as_datetime(story[name])
    updates = sorted(
        (
            {**u, "time": _as_datetime(u["time"])}
            for u in json_value(story.pop("updates_json")) or []
        ),
        key=lambda u: u["time"],
    )
    story["updates"] = updates
    story["is_updated"] = any(u["kind"] == ArticleUpdate.Kind.UPDATE for u in updates)
    story["tags"] = sorted(json_value(story.pop("tags_json")) or [], key=lambda t: t["name"])
    story["briefs"] = _briefs(story["pk"])
    story["photos"] = _group_photos(_PHOTOS.rows(article_id=story["pk"])).get(story["pk"], [])
    return story


LIST_FIELDS = tuple(f for f in STORY_FIELDS if f not in ("body", "word_count", "status"))


# PostgreSQL keeps each story's search vector in a stored generated column with a GIN index
# (migration 0011): matching a row costs no text parsing, so the planner can walk the newest
# stories and keep the matching ones when a word is common, or use the index when it is rare.
SEARCH_MATCH = (
    f"{Article._meta.db_table}.search_vector @@ websearch_to_tsquery('{SEARCH_CONFIG}', %s)"
)


def search_stories(queryset: QuerySet, text: str) -> QuerySet:
    """Stories whose headline, standfirst or body match `text` (web-search syntax on
    PostgreSQL; every word, anywhere, as a substring elsewhere)."""
    if connection.vendor == "postgresql":
        return queryset.filter(RawSQL(SEARCH_MATCH, [text], output_field=BooleanField()))
    words = text.split()[:10]
    for word in words:
        queryset = queryset.filter(
            Q(headline__icontains=word) | Q(standfirst__icontains=word) | Q(body__icontains=word)
        )
    return queryset


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


def _list_queryset(query: ListQuery) -> QuerySet:
    field = SORTS[query.sort]
    stories = published_articles()
    if query.cursor:
        # (time, id) < (cursor time, cursor id), written so that the time bound is an index
        # condition: the page starts where the cursor points, however deep, instead of after
        # scanning every newer story.
        value = query.cursor.value
        stories = stories.filter(
            Q(**{f"{field}__lte": value}),
            Q(**{f"{field}__lt": value}) | Q(pk__lt=query.cursor.id),
        )
    if query.updated_since:
        stories = stories.filter(last_public_update_at__gte=query.updated_since)
    if query.published_since:
        stories = stories.filter(first_published_at__gte=query.published_since)
    if query.agency:
        stories = stories.filter(agency__iexact=query.agency)
    if query.section:
        stories = stories.filter(section__slug=query.section)
    if query.tag:
        stories = stories.filter(tags__slug=query.tag)
    stories = _with_updated_flag(stories)
    if query.is_updated is not None:
        stories = stories.filter(has_public_updates=query.is_updated)
    if query.q:
        stories = search_stories(stories, query.q)
    return (
        stories.annotate(
            section_name=F("section__name"),
            section_slug=F("section__slug"),
            lead_json=_lead_photo_json(),
            public_latest=Subquery(_latest_public_change()[:1]),
        )
        .order_by(f"-{field}", "-pk")
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
        sentinels |= {"cursor_value": _SENTINEL_TIME, "cursor_id": _ID}

    def build(**values):
        cursor = Cursor(sort, values["cursor_value"], values["cursor_id"]) if has_cursor else None
        filters = {name: values[name] for name in present}
        return _list_queryset(
            ListQuery(
                sort=sort, page_size=page_size, cursor=cursor, is_updated=is_updated, **filters
            )
        )

    return PreparedQuery(build, **sentinels)


def _list_rows(query: ListQuery) -> list[dict]:
    if connection.vendor != "postgresql":
        return list(_list_queryset(query))  # the embedded default: plain ORM
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
        row["public_latest"] = _as_datetime(row["public_latest"])
        for name in ("first_published_at", "last_public_update_at", "public_changed_at"):
            row[name] = _as_datetime(row[name])
        row["is_updated"] = bool(row.pop("has_public_updates"))
        row["lead_photo"] = _lead_photo(row.pop("lead_json"))
    field = SORTS[query.sort]
    next_cursor = Cursor(query.sort, page[-1][field], page[-1]["pk"]) if more else None
    return page, next_cursor


def _latest_public_change() -> QuerySet:
    return (
        Article.objects.filter(first_published_at__isnull=False)
        .order_by("-public_changed_at")
        .values("public_changed_at")
    )


def public_last_change() -> datetime | None:
    """When anything public last changed, unpublishing included: the lists' Last-Modified."""
    latest = _latest_public_change().first()
    return _as_datetime(latest["public_changed_at"]) if latest else None
