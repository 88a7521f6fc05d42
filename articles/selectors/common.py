"""What the selectors share: the fields a public story row carries, the UPDATED flag, search,
and reading times back from raw rows.

The public reads return plain dictionaries, so that a story's detail costs one query and a list
page one, whatever the number of briefs, photos and renditions (they come as JSON from
subqueries), and no model instance is built on the hot path.
"""

from datetime import UTC, datetime

from django.db import connection
from django.db.models import BooleanField, JSONField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils.dateparse import parse_datetime

from media.models import Rendition
from newsroom.db import JSONArrayAgg, JSONTextObject, json_value

from ..models import Article, ArticleUpdate

# Values that stand in for parameters when a query is compiled once (newsroom.db.PreparedQuery).
ID_SENTINEL, SLUG_SENTINEL = -7_654_321, "\x00slug-sentinel\x00"
NOW_SENTINEL = datetime(1904, 2, 3, 4, 5, 6, tzinfo=UTC)  # the second of the request


SEARCH_CONFIG = "english"


STORY_FIELDS = (
    "pk",
    "body",
    "slug",
    "headline",
    "standfirst",
    "byline",
    "contributors",
    "agency",
    "dateline_place",
    "dateline_date",
    "language",
    "first_published_at",
    "last_public_update_at",
    "reading_time_minutes",
    "word_count",
    "public_changed_at",
    "public_version",
    "status",
    "scheduled_publish_at",
    "embargo_until",
)


# A photo placement as the public sees it: the ArticlePhoto's fields and its photo's.
PLACEMENT_FIELDS = {
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
}


def json_array(rows: QuerySet, owner: str, item: JSONTextObject) -> Subquery:
    """`item` of each of `rows` (whose `owner` field points at the row around the subquery), as
    one JSON array in no particular order; NULL if there are none."""
    entries = rows.order_by().values(owner).annotate(entries=JSONArrayAgg(item)).values("entries")
    return Subquery(entries, output_field=JSONField())


def placement_json(**extra) -> JSONTextObject:
    """A JSON object of the ArticlePhoto row it is evaluated on: its `PLACEMENT_FIELDS`, its
    photo's current renditions (made from the photo's present file) as `renditions`, and the
    `extra` expressions."""
    renditions = json_array(
        Rendition.objects.filter(
            photo_id=OuterRef("photo_id"), source_checksum=OuterRef("photo__checksum")
        ),
        "photo_id",
        JSONTextObject(
            name="spec_name", format="format", width="width", height="height", file="file"
        ),
    )
    return JSONTextObject(**PLACEMENT_FIELDS, renditions=renditions, **extra)


def placement_from_json(value) -> dict | None:
    """A placement from `placement_json`, its renditions by name (SQLite nests them as text)."""
    placement = json_value(value)
    if placement is None:
        return None
    renditions = json_value(placement["renditions"]) or []
    placement["renditions"] = sorted(renditions, key=lambda rendition: rendition["name"])
    return placement


def with_updated_flag(queryset: QuerySet) -> QuerySet:
    # A scalar subquery with LIMIT 1 rather than EXISTS: PostgreSQL may answer an EXISTS by
    # hashing every update in the archive, which grows with it; this probes the (article, kind)
    # index once per story it looks at.
    first_update = ArticleUpdate.objects.filter(
        article=OuterRef("pk"), kind=ArticleUpdate.Kind.UPDATE
    ).values(flag=Value(True))[:1]
    flag = Coalesce(Subquery(first_update, output_field=BooleanField()), Value(False))
    return queryset.annotate(has_public_updates=flag)


def as_datetime(value) -> datetime | None:
    """A datetime from a raw row or JSON: aware already (PostgreSQL), or naive UTC (SQLite)."""
    if value is None:
        return None
    parsed = value if isinstance(value, datetime) else parse_datetime(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


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


def latest_public_change(now: datetime) -> QuerySet:
    """The newest public change time up to `now`, unpublishing included (an embargoed story's
    change time is its embargo, in the future until then)."""
    return (
        Article.objects.filter(first_published_at__isnull=False, public_changed_at__lte=now)
        .order_by("-public_changed_at")
        .values("public_changed_at")
    )
