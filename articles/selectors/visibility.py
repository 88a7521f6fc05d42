"""Which stories readers see at a given second, whatever process has or has not run.

A story is public at `now` when it is published and out of any embargo (`embargo_until` is
empty or has passed), or when it is scheduled and its time has come: beat records that
publication (the revision, the first-published time) when it next runs, but readers see the
story from its scheduled second, on every route, with or without beat. Drafts, stories in
review, unpublished and killed stories are never public.

An embargoed story carries its future times (first published, last public update, public
change: the embargo's second), so that the moment the embargo passes it sorts into the lists
exactly where it belongs. A scheduled story that is due but not yet recorded is given the same
times here (`released`), from its scheduled second: the record beat writes later matches it.

Cached answers carry the second of the next release (`release_times`), after which they are
not served: see `articles/public_cache.py`.
"""

from datetime import datetime

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone

from newsroom.db import run_prepared

from ..models import Article
from .common import as_datetime

PUBLISHED, SCHEDULED = Article.Status.PUBLISHED, Article.Status.SCHEDULED


def out_of_embargo(now: datetime, prefix: str = "") -> Q:
    """Published stories readers see at `now` (`prefix`: the lookups' path to the story,
    "article__" from a related row)."""
    return Q(**{f"{prefix}status": PUBLISHED}) & (
        Q(**{f"{prefix}embargo_until__isnull": True}) | Q(**{f"{prefix}embargo_until__lte": now})
    )


def due(now: datetime, prefix: str = "") -> Q:
    """Scheduled stories whose time has come at `now`, recorded as published or not."""
    return Q(**{f"{prefix}status": SCHEDULED, f"{prefix}scheduled_publish_at__lte": now})


def visible(now: datetime, prefix: str = "") -> Q:
    return out_of_embargo(now, prefix) | due(now, prefix)


def public_stories(now: datetime | None = None) -> QuerySet:
    """Every story readers see at `now` (default: this second). Rows of due scheduled stories
    need `released` for the times readers see."""
    return Article.objects.filter(visible(now or timezone.now()))


def released(row: dict) -> dict:
    """A public row as readers see it. A row with a scheduled time is a due scheduled story:
    it is published from that second (published stories have none). Times must be datetimes."""
    when = as_datetime(row.pop("scheduled_publish_at", None))
    if when is None:
        return row
    row["first_published_at"] = row["first_published_at"] or when
    row["last_public_update_at"] = row["last_public_update_at"] or when
    row["public_changed_at"] = max(row["public_changed_at"], when)
    row["public_version"] = row["public_version"] + 1
    if "status" in row:
        row["status"] = PUBLISHED
    return row


# One round trip: whether a scheduled story is due and not yet recorded, and the next second
# at which a story becomes public (a scheduled time or an embargo), each from a partial index.
# First rows in index order rather than MIN(), and no "IS NOT NULL" beside the comparison that
# implies it: once the statement is prepared, its generic plan (which knows nothing of the time
# asked for) then still walks the partial indexes instead of the table.
_RELEASES = f"""
SELECT
  (SELECT 1 FROM {Article._meta.db_table}
    WHERE status = 'scheduled' AND scheduled_publish_at <= %s LIMIT 1),
  (SELECT scheduled_publish_at FROM {Article._meta.db_table}
    WHERE status = 'scheduled' AND scheduled_publish_at > %s
    ORDER BY scheduled_publish_at LIMIT 1),
  (SELECT embargo_until FROM {Article._meta.db_table}
    WHERE embargo_until > %s AND status = 'published' ORDER BY embargo_until LIMIT 1)
"""


def release_times(now: datetime) -> tuple[bool, datetime | None]:
    """(whether some scheduled story is due but not recorded at `now`, the next release after
    `now` or None)."""
    value = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        run_prepared(connection, cursor, _RELEASES, [value, value, value])
        any_due, scheduled, embargo = cursor.fetchone()
    upcoming = [t for t in (as_datetime(scheduled), as_datetime(embargo)) if t is not None]
    return bool(any_due), min(upcoming, default=None)
