"""The site's public record: every correction on a story readers can see, newest first."""

from datetime import datetime

from django.db.models import F, Q

from ..filters import Cursor
from ..models import ArticleUpdate
from .common import as_datetime
from .visibility import visible


def public_corrections(
    *, page_size: int, cursor: Cursor | None, now: datetime
) -> tuple[list[dict], Cursor | None]:
    """A page of corrections (`{"pk", "note", "time", "slug", "headline"}`) on the stories
    public at `now`, newest first, keyset-paged by (time, id) from the (kind, time) index."""
    entries = ArticleUpdate.objects.filter(
        visible(now, "article__"), kind=ArticleUpdate.Kind.CORRECTION
    )
    if cursor:
        entries = entries.filter(
            Q(created_at__lte=cursor.value),
            Q(created_at__lt=cursor.value) | Q(pk__lt=cursor.id),
        )
    rows = list(
        entries.order_by("-created_at", "-pk")
        .annotate(slug=F("article__slug"), headline=F("article__headline"), time=F("created_at"))
        .values("pk", "note", "time", "slug", "headline")[: page_size + 1]
    )
    page, more = rows[:page_size], len(rows) > page_size
    for row in page:
        row["time"] = as_datetime(row["time"])
    next_cursor = Cursor("corrections", page[-1]["time"], page[-1]["pk"]) if more else None
    return page, next_cursor
