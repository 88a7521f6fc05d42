"""The public list's query parameters, checked and parsed. Pure: a mapping in, a value out."""

import base64
import binascii
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, time

from django.utils.dateparse import parse_date, parse_datetime

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_QUERY_LENGTH = 200
MAX_VALUE_LENGTH = 100
# published: first publication; updated: the last update or correction (the UPDATED label);
# changed: the last change of anything the public sees, for clients that keep a copy in sync.
SORTS = {
    "published": "first_published_at",
    "updated": "last_public_update_at",
    "changed": "public_changed_at",
}
# What a cursor can page through: the list's sorts, and the corrections (newest first).
CURSOR_ORDERS = (*SORTS, "corrections")
# Primary keys are 64-bit on PostgreSQL and SQLite; anything beyond cannot name a story.
MAX_ID = 2**63 - 1
# Whole numbers as clients write them: ASCII digits only. str.isdigit() also accepts "²" and
# "٣", which int() then refuses or reads as another number.
_WHOLE_NUMBER = re.compile(r"[0-9]{1,18}")


def whole_number(value: str | None) -> int | None:
    """`value` as a non-negative int if it is 1 to 18 ASCII digits, else None."""
    if value is None or not _WHOLE_NUMBER.fullmatch(value):
        return None
    return int(value)


LIST_PARAMETERS = frozenset(
    {
        "cursor",
        "page_size",
        "sort",
        "updated_since",
        "published_since",
        "agency",
        "section",
        "tag",
        "is_updated",
        "q",
    }
)


class ParameterError(ValueError):
    """A query parameter is malformed; answered with 400 and the parameter's name."""

    def __init__(self, parameter: str, message: str):
        self.parameter = parameter
        super().__init__(message)


@dataclass(frozen=True)
class Cursor:
    """Where the next page starts: after this sort value and id (keyset pagination)."""

    sort: str
    value: datetime
    id: int

    def encode(self) -> str:
        raw = json.dumps([self.sort, self.value.isoformat(), self.id]).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str) -> "Cursor":
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
            sort, value, identifier = json.loads(raw.decode("ascii"))  # as `encode` writes it
            parsed = datetime.fromisoformat(value)
            if parsed.isoformat() != value:  # only the exact form `encode` writes
                raise ValueError
            if sort not in CURSOR_ORDERS or parsed.tzinfo is None or not _is_id(identifier):
                raise ValueError
            # In UTC, as the databases compare it; a moment at the edge of the calendar whose
            # offset takes it past year 1 or 9999 cannot be one this API gave out.
            parsed = parsed.astimezone(UTC)
        except (ValueError, TypeError, OverflowError, binascii.Error, UnicodeDecodeError):
            raise ParameterError("cursor", "The cursor is not one this API gave out.") from None
        return cls(sort, parsed, identifier)


def _is_id(value) -> bool:
    return type(value) is int and 1 <= value <= MAX_ID


@dataclass(frozen=True)
class ListQuery:
    sort: str = "published"
    page_size: int = DEFAULT_PAGE_SIZE
    cursor: Cursor | None = None
    updated_since: datetime | None = None
    published_since: datetime | None = None
    agency: str | None = None
    section: str | None = None
    tag: str | None = None
    is_updated: bool | None = None
    q: str | None = None


def single_value(params, name: str) -> str | None:
    """The one value of a query parameter (None if absent). Raises `ParameterError` if it is
    given more than once: which one a client meant is not ours to guess."""
    values = params.getlist(name)
    if not values:
        return None
    if len(values) > 1:
        raise ParameterError(name, f"Give {name} once.")
    return values[0]


def _text(params, name: str, limit: int = MAX_VALUE_LENGTH) -> str | None:
    value = single_value(params, name)
    if value is None:
        return None
    value = value.strip()
    if not value:
        raise ParameterError(name, f"{name} must not be empty.")
    if len(value) > limit:
        raise ParameterError(name, f"{name} is longer than {limit} characters.")
    if "\x00" in value:
        raise ParameterError(name, f"{name} contains a null character.")
    return value


_EXTENDED_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?![0-9])")


def _moment(params, name: str) -> datetime | None:
    value = _text(params, name, 40)
    if value is None:
        return None
    if not value.isascii():  # Python's date parsers also take "２０２６" and "٢٠٢٦"
        raise ParameterError(name, f"{name} must be an ISO 8601 date or time in ASCII digits.")
    if not _EXTENDED_DATE.match(value):  # Python also reads 1733011200 (Unix seconds) as 1733
        raise ParameterError(
            name,
            f"{name} must be an ISO 8601 date or time in the extended form (YYYY-MM-DD, "
            "e.g. 2026-04-20T09:30:00Z); Unix seconds and the basic form are not accepted.",
        )
    try:
        # RFC 3339 allows a lower-case "z" as it does a lower-case "t".
        parsed = parse_datetime(re.sub("z$", "Z", value.replace(" ", "+")))
        if parsed is None and (day := parse_date(value)) is not None:
            parsed = datetime.combine(day, time.min, tzinfo=UTC)
    except ValueError:
        parsed = None
    if parsed is None:
        raise ParameterError(
            name, f"{name} must be an ISO 8601 date or time, e.g. 2026-04-20T09:30:00Z."
        )
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    try:
        return parsed.astimezone(UTC)
    except OverflowError:  # a moment at the very edge of the calendar: nothing lies beyond it
        return (
            datetime.min.replace(tzinfo=UTC)
            if parsed.year < 2
            else datetime.max.replace(tzinfo=UTC)
        )


def _page_size(params) -> int:
    value = single_value(params, "page_size")
    if value is None:
        return DEFAULT_PAGE_SIZE
    number = whole_number(value)
    if number is None or not 1 <= number <= MAX_PAGE_SIZE:
        raise ParameterError(
            "page_size", f"page_size must be a whole number from 1 to {MAX_PAGE_SIZE}."
        )
    return number


def _boolean(params, name: str) -> bool | None:
    value = single_value(params, name)
    if value is None:
        return None
    lowered = value.strip().lower()
    if lowered in ("true", "1", "yes"):
        return True
    if lowered in ("false", "0", "no"):
        return False
    raise ParameterError(name, f"{name} must be true or false.")


def parse_page_query(params, order: str) -> tuple[int, Cursor | None]:
    """`page_size` and `cursor` of a paged list other than the stories' (`order`, one of
    `CURSOR_ORDERS`); any other parameter is refused with `ParameterError`."""
    unknown = sorted(set(params) - {"page_size", "cursor"})
    if unknown:
        raise ParameterError(unknown[0], f"Unknown parameter: {unknown[0][:50]}.")
    cursor_token = _text(params, "cursor", 300)
    cursor = Cursor.decode(cursor_token) if cursor_token else None
    if cursor and cursor.sort != order:
        raise ParameterError("cursor", "This cursor belongs to another list.")
    return _page_size(params), cursor


def parse_list_query(params) -> ListQuery:
    unknown = sorted(set(params) - LIST_PARAMETERS)
    if unknown:
        raise ParameterError(unknown[0], f"Unknown parameter: {unknown[0][:50]}.")
    sort = single_value(params, "sort")
    sort = "published" if sort is None else sort
    if sort not in SORTS:
        raise ParameterError("sort", f"sort must be one of: {', '.join(SORTS)}.")
    cursor_token = _text(params, "cursor", 300)
    cursor = Cursor.decode(cursor_token) if cursor_token else None
    if cursor and cursor.sort != sort:
        raise ParameterError("cursor", "This cursor belongs to another sort order.")
    return ListQuery(
        sort=sort,
        page_size=_page_size(params),
        cursor=cursor,
        updated_since=_moment(params, "updated_since"),
        published_since=_moment(params, "published_since"),
        agency=_text(params, "agency"),
        section=_text(params, "section"),
        tag=_text(params, "tag"),
        is_updated=_boolean(params, "is_updated"),
        q=_text(params, "q", MAX_QUERY_LENGTH),
    )
