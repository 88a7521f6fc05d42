"""Pages of public stories for the list endpoint and the feeds: filters, keyset cursors,
and one query per page, compiled once per shape of request on PostgreSQL.

Published stories come from the page's query, on its index. Scheduled stories whose second
has come but which beat has not yet recorded (a minute's worth at most) come from a second
query, asked only when there are some, and are merged in by the same order and cursor.
"""

import dataclasses
from datetime import UTC, datetime
from functools import lru_cache

from django.db import connection
from django.db.models import F, JSONField, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from newsroom.db import PreparedQuery

from ..filters import SORTS, Cursor, ListQuery
from ..models import Article, ArticlePhoto
from .common import (
    ID_SENTINEL,
    NOW_SENTINEL,
    STORY_FIELDS,
    as_datetime,
    latest_public_change,
    placement_from_json,
    placement_json,
    search_stories,
    with_updated_flag,
)
from .visibility import due, out_of_embargo, release_times, released

LIST_FIELDS = tuple(
    f for f in STORY_FIELDS if f not in ("body", "word_count", "status", "embargo_until")
)


def _lead_photo_json() -> Subquery:
    lead = (
        ArticlePhoto.objects.filter(article_id=OuterRef("pk"), role=ArticlePhoto.Role.LEAD)
        .order_by("position", "id")
        .values(data=placement_json())
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


def _page_rows(stories: QuerySet, query: ListQuery, now: datetime) -> QuerySet:
    return (
        _filtered(stories, query)
        .annotate(
            section_name=F("section__name"),
            section_slug=F("section__slug"),
            lead_json=_lead_photo_json(),
            public_latest=Subquery(latest_public_change(now)[:1]),
        )
        .order_by(f"-{SORTS[query.sort]}", "-pk")
        .values(
            *LIST_FIELDS,
            "section_name",
            "section_slug",
            "has_public_updates",
            "lead_json",
            "public_latest",
        )
    )


def list_queryset(query: ListQuery, now: datetime | None = None) -> QuerySet:
    """The published rows of one list page at `now` (one more than the page size, to tell if
    another follows)."""
    stories = Article.objects.filter(out_of_embargo(now or timezone.now()))
    return _page_rows(stories, query, now or timezone.now())[: query.page_size + 1]


# Applied to due scheduled stories in Python, on the times readers see (`released`).
_TIME_FILTERS = {"cursor": None, "updated_since": None, "published_since": None}


def _due_rows(query: ListQuery, now: datetime) -> list[dict]:
    """The due scheduled stories that belong on this page, as readers see them."""
    untimed = dataclasses.replace(query, **_TIME_FILTERS)
    rows = [released(_row(raw)) for raw in _list_rows(untimed, now, due_only=True)]
    field = SORTS[query.sort]
    if query.cursor:
        bound = (query.cursor.value, query.cursor.id)
        rows = [row for row in rows if (row[field], row["pk"]) < bound]
    if query.published_since:
        rows = [row for row in rows if row["first_published_at"] >= query.published_since]
    if query.updated_since:
        rows = [row for row in rows if row["public_changed_at"] >= query.updated_since]
    return rows


_SENTINEL_TIME = datetime(1901, 2, 3, 4, 5, 6, tzinfo=UTC)


_SENTINELS = {
    "now": NOW_SENTINEL,
    "updated_since": datetime(1902, 2, 3, 4, 5, 6, tzinfo=UTC),
    "published_since": datetime(1903, 2, 3, 4, 5, 6, tzinfo=UTC),
    "agency": "\x00agency\x00",
    "section": "\x00section\x00",
    "tag": "\x00tag\x00",
    "q": "\x00q\x00",
}
_FILTERS = tuple(name for name in _SENTINELS if name != "now")


@lru_cache(maxsize=256)
def _prepared_list(shape: tuple) -> PreparedQuery:
    """One compiled query per shape of list request (which filters, sort, page size; the
    published page, or every due scheduled story)."""
    sort, page_size, has_cursor, is_updated, present, due_only = shape
    sentinels = {name: _SENTINELS[name] for name in present}
    if has_cursor:
        sentinels |= {"cursor_value": _SENTINEL_TIME, "cursor_id": ID_SENTINEL}

    def build(**values):
        cursor = Cursor(sort, values["cursor_value"], values["cursor_id"]) if has_cursor else None
        filters = {name: values[name] for name in present}
        now = filters.pop("now")
        query = ListQuery(
            sort=sort, page_size=page_size, cursor=cursor, is_updated=is_updated, **filters
        )
        if due_only:
            return _page_rows(Article.objects.filter(due(now)), query, now)
        return list_queryset(query, now=now)

    # Walking the sort's index to the page's end is the best plan whatever the time and cursor;
    # with a filter the best plan depends on how rare its value is (a rare tag: its index).
    plan_once = present == ("now",) and is_updated is None
    return PreparedQuery(build, plan_once=plan_once, **sentinels)


def _list_rows(query: ListQuery, now: datetime, *, due_only: bool = False) -> list[dict]:
    if connection.vendor != "postgresql":  # the embedded default: plain ORM
        if due_only:
            return list(_page_rows(Article.objects.filter(due(now)), query, now))
        return list(list_queryset(query, now))
    present = ("now", *(name for name in _FILTERS if getattr(query, name) is not None))
    shape = (
        query.sort,
        query.page_size,
        query.cursor is not None,
        query.is_updated,
        present,
        due_only,
    )
    values = {"now": now} | {name: getattr(query, name) for name in present[1:]}
    if query.cursor:
        values |= {"cursor_value": query.cursor.value, "cursor_id": query.cursor.id}
    return _prepared_list(shape).rows(**values)


def _row(row: dict) -> dict:
    row["public_latest"] = as_datetime(row["public_latest"])
    for name in ("first_published_at", "last_public_update_at", "public_changed_at"):
        row[name] = as_datetime(row[name])
    row["is_updated"] = bool(row.pop("has_public_updates"))
    row["lead_photo"] = placement_from_json(row.pop("lead_json"))
    return row


def article_public_list(
    query: ListQuery, *, now: datetime | None = None, any_due: bool | None = None
) -> tuple[list[dict], Cursor | None]:
    """A page of the stories public at `now` (default: this second), newest first by the
    chosen time, with their lead photos and renditions: one query, compiled once per shape on
    PostgreSQL, and one more while a scheduled story is due but not recorded (`any_due`, asked
    when not given); keyset pagination (no COUNT, stable while stories are added)."""
    now = now or timezone.now()
    if any_due is None:
        any_due, _ = release_times(now)
    field = SORTS[query.sort]
    rows = [released(_row(row)) for row in _list_rows(query, now)]
    if any_due:
        rows = sorted(rows + _due_rows(query, now), key=lambda r: (r[field], r["pk"]), reverse=True)
    page, more = rows[: query.page_size], len(rows) > query.page_size
    next_cursor = Cursor(query.sort, page[-1][field], page[-1]["pk"]) if more else None
    return page, next_cursor


def public_last_change(now: datetime | None = None) -> datetime | None:
    """When anything public last changed up to `now`, unpublishing included: the lists'
    Last-Modified."""
    latest = latest_public_change(now or timezone.now()).first()
    return as_datetime(latest["public_changed_at"]) if latest else None
