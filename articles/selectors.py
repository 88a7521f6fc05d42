"""Reads that span relations; every queryset comes with what its callers will touch."""

from datetime import UTC, datetime

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Exists, F, JSONField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import JSONObject
from django.utils.dateparse import parse_datetime

from newsroom.db import JSONArrayAgg

from .filters import SORTS, Cursor, ListQuery
from .models import Article, ArticlePhoto, ArticleUpdate, BriefBox, Tag


def _with_updated_flag(queryset: QuerySet) -> QuerySet:
    updates = ArticleUpdate.objects.filter(article=OuterRef("pk"), kind=ArticleUpdate.Kind.UPDATE)
    return queryset.annotate(has_public_updates=Exists(updates))


def article_detail_queryset() -> QuerySet:
    """Stories with everything the detail view shows: briefs, photos and renditions, updates."""
    return _with_updated_flag(Article.objects.select_related("section")).prefetch_related(
        Prefetch("brief_boxes", queryset=BriefBox.objects.prefetch_related("items")),
        Prefetch(
            "photo_placements",
            queryset=ArticlePhoto.objects.select_related("photo").prefetch_related(
                "photo__renditions"
            ),
        ),
        "updates",
        "tags",
    )


def article_admin_list_queryset(queryset: QuerySet) -> QuerySet:
    """The admin's story list: the UPDATED flag and the lead photo without a query per row."""
    lead = ArticlePhoto.objects.filter(role=ArticlePhoto.Role.LEAD).select_related("photo")
    return _with_updated_flag(queryset.select_related("section")).prefetch_related(
        Prefetch("photo_placements", queryset=lead, to_attr="lead_placements")
    )


# --- The public API ---------------------------------------------------------------------------
#
# The public reads return plain dictionaries built from a few flat queries, so that a story's
# detail costs three queries and a list page two, whatever the number of briefs, photos and
# renditions, and no model instance is built on the hot path.

SEARCH_CONFIG = "english"
SEARCH_VECTOR = SearchVector("headline", "standfirst", "body", config=SEARCH_CONFIG)
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


def article_public_stamp(slug: str) -> dict | None:
    """The published story's id and change time: enough for an ETag, a 304 or a cache key."""
    return published_articles().filter(slug=slug).values("pk", "public_changed_at").first()


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
    if value is None or isinstance(value, datetime):
        return value
    parsed = parse_datetime(value)
    return parsed if parsed is None or parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _photos_by_article(article_ids: list[int], *, lead_only: bool) -> dict[int, list[dict]]:
    """Photo placements with their photos and current renditions, from one joined query."""
    rows = ArticlePhoto.objects.filter(article_id__in=article_ids)
    if lead_only:
        rows = rows.filter(role=ArticlePhoto.Role.LEAD)
    rows = rows.order_by(
        "article_id", "position", "id", "photo__renditions__spec_name"
    ).values_list("article_id", "id", *PHOTO_FIELDS.values())
    names = list(PHOTO_FIELDS)
    photos: dict[int, dict[int, dict]] = {}
    for article_id, placement_id, *values in rows:
        row = dict(zip(names, values, strict=True))
        placement = photos.setdefault(article_id, {}).get(placement_id)
        if placement is None:
            placement = {k: v for k, v in row.items() if not k.startswith("rendition_")}
            placement["renditions"] = []
            photos[article_id][placement_id] = placement
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


def _briefs(article_id: int) -> list[dict]:
    boxes: dict[int, dict] = {}
    items = (
        BriefBox.objects.filter(article_id=article_id)
        .order_by("position", "id", "items__position", "items__id")
        .values("id", "heading", item=F("items__text"))
    )
    for row in items:
        box = boxes.setdefault(row["id"], {"heading": row["heading"], "items": []})
        if row["item"] is not None:
            box["items"].append(row["item"])
    return list(boxes.values())


def article_public_detail(*, article_id: int) -> dict | None:
    """Everything the detail view shows, in three queries. Not limited to published stories:
    the caller decides (the API asks for published ones, a preview link for any)."""
    story = (
        Article.objects.filter(pk=article_id)
        .annotate(
            section_name=F("section__name"),
            section_slug=F("section__slug"),
            updates_json=_updates_json(),
            tags_json=_tags_json(),
        )
        .values(*STORY_FIELDS, "section_name", "section_slug", "updates_json", "tags_json")
        .first()
    )
    if story is None:
        return None
    updates = sorted(
        ({**u, "time": _as_datetime(u["time"])} for u in story.pop("updates_json") or []),
        key=lambda u: u["time"],
    )
    story["updates"] = updates
    story["is_updated"] = any(u["kind"] == ArticleUpdate.Kind.UPDATE for u in updates)
    story["tags"] = sorted(story.pop("tags_json") or [], key=lambda t: t["name"])
    story["briefs"] = _briefs(article_id)
    story["photos"] = _photos_by_article([article_id], lead_only=False).get(article_id, [])
    return story


LIST_FIELDS = tuple(f for f in STORY_FIELDS if f not in ("word_count", "status"))


def _search(queryset: QuerySet, text: str) -> QuerySet:
    if connection.vendor == "postgresql":
        # The same expression as the GIN index made by the migration, so that it is used.
        return queryset.annotate(search=SEARCH_VECTOR).filter(
            search=SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
        )
    words = text.split()[:10]
    for word in words:
        queryset = queryset.filter(
            Q(headline__icontains=word) | Q(standfirst__icontains=word) | Q(body__icontains=word)
        )
    return queryset


def article_public_list(query: ListQuery) -> tuple[list[dict], Cursor | None]:
    """A page of published stories, newest first by the chosen time, with their lead photos:
    two queries, keyset pagination (no COUNT, stable while stories are added)."""
    field = SORTS[query.sort]
    stories = _with_updated_flag(published_articles())
    if query.cursor:
        stories = stories.filter(
            Q(**{f"{field}__lt": query.cursor.value})
            | Q(**{field: query.cursor.value, "pk__lt": query.cursor.id})
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
    if query.is_updated is not None:
        stories = stories.filter(has_public_updates=query.is_updated)
    if query.q:
        stories = _search(stories, query.q)
    rows = list(
        stories.annotate(section_name=F("section__name"), section_slug=F("section__slug"))
        .order_by(f"-{field}", "-pk")
        .values(*LIST_FIELDS, "section_name", "section_slug", "has_public_updates")[
            : query.page_size + 1
        ]
    )
    page, more = rows[: query.page_size], len(rows) > query.page_size
    leads = _photos_by_article([row["pk"] for row in page], lead_only=True)
    for row in page:
        row["is_updated"] = row.pop("has_public_updates")
        row["lead_photo"] = (leads.get(row["pk"]) or [None])[0]
    next_cursor = Cursor(query.sort, page[-1][field], page[-1]["pk"]) if more else None
    return page, next_cursor
