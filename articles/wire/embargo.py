"""Embargo lines in wire copy and press releases: "EMBARGOED until 00:01 GMT Nov 4", "HOLD FOR
RELEASE UNTIL 6 A.M. EDT", "Not for publication before 0001 BST Thursday 5 November",
"Sperrfrist: 4. November 2026, 00:01 Uhr MEZ", "Sous embargo jusqu'au 4 novembre à 00h01 (heure
de Paris)", "Embargo hasta las 00:01 GMT del 4 de noviembre", "Embargoed until
2026-11-04T00:01Z".

`read_embargo` tells such a line from a headline about an embargo ("Embargo on oil extended")
by the words that follow (until, before, a colon, a time), and reads the moment into an aware
datetime: a time (00:01, 0001 before a zone, 00.01, 0h01, 12:01 a.m., 6 A.M., midnight, noon),
a time zone, and a date (month names in the languages of `dates.DATE_LOCALES`, from the Unicode
CLDR through Babel; day.month.year; ISO 8601). A date without a year is the one nearest the
moment the copy is read; a line without a date means the next time that hour comes. A line
whose moment cannot be read for certain (no time zone, an ambiguous zone such as IST, a
numeric date that reads both ways) keeps its text with `until=None`: an embargo is never
guessed, so such copy is not published until an editor sets the time.

Our own code, because no library reads embargo lines, and time zone abbreviations have no
standard mapping (the same letters name several zones): `ZONES` lists the ones agencies use,
each with the offset it names (CET is +1 even in summer) or, where the copy names a place, that
place's zone.
"""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from babel.dates import get_day_names, get_month_names

from .dates import DATE_LOCALES


@dataclass(frozen=True)
class Embargo:
    text: str  # the line as written
    until: datetime | None  # None: stated, but its moment could not be read for certain
    problem: str = ""  # why `until` is None


_START = re.compile(
    r"^[\W_]{0,6}\s*(?P<words>(?:under\s+|sous\s+)?embargo(?:ed)?|hold\s+for\s+release"
    r"|not\s+for\s+(?:publication|release|broadcast|use)|sperrfrist|sperrvermerk)\b"
    r"(?P<rest>.*)$",
    re.IGNORECASE,
)
# What follows "embargo" in an embargo line, and not in a headline about one.
_FOLLOWS = re.compile(
    r"^\s*(?:[:\-–—]|until\b|till\b|to\b|before\b|at\b|until\s+further|jusqu|bis\b|hasta\b"
    r"|até\b|ate\b|fino\b|tot\b|do\b|\d|\*|\()",
    re.IGNORECASE,
)


def _offset(text: str) -> timezone:
    """ "+2", "+0530", "-05:00" as a fixed zone."""
    sign, digits = (-1 if text[0] == "-" else 1), text[1:]
    if ":" in digits:
        hours, minutes = digits.split(":")
    elif len(digits) <= 2:
        hours, minutes = digits, "0"
    else:
        hours, minutes = digits[:-2], digits[-2:]
    if int(hours) > 14 or int(minutes) > 59:
        raise _Unreadable("its time zone offset is not one")
    return timezone(sign * timedelta(hours=int(hours), minutes=int(minutes)))


ZONES = {
    **{name: UTC for name in ("gmt", "utc", "z", "ut", "wet")},
    "bst": timezone(timedelta(hours=1)),
    "west": timezone(timedelta(hours=1)),
    "ist(ireland)": timezone(timedelta(hours=1)),
    **{name: timezone(timedelta(hours=1)) for name in ("cet", "mez", "hec", "wat")},
    **{name: timezone(timedelta(hours=2)) for name in ("cest", "mesz", "heec", "eet", "sast")},
    **{name: timezone(timedelta(hours=2)) for name in ("cat",)},
    **{name: timezone(timedelta(hours=3)) for name in ("eest", "msk", "eat", "ast(arabia)")},
    "est": timezone(timedelta(hours=-5)),
    "edt": timezone(timedelta(hours=-4)),
    "cst": timezone(timedelta(hours=-6)),
    "cdt": timezone(timedelta(hours=-5)),
    "mst": timezone(timedelta(hours=-7)),
    "mdt": timezone(timedelta(hours=-6)),
    "pst": timezone(timedelta(hours=-8)),
    "pdt": timezone(timedelta(hours=-7)),
    "akst": timezone(timedelta(hours=-9)),
    "hst": timezone(timedelta(hours=-10)),
    "brt": timezone(timedelta(hours=-3)),
    "art": timezone(timedelta(hours=-3)),
    "wib": timezone(timedelta(hours=7)),
    "ict": timezone(timedelta(hours=7)),
    **{name: timezone(timedelta(hours=8)) for name in ("hkt", "sgt", "awst", "pht", "myt")},
    **{name: timezone(timedelta(hours=9)) for name in ("jst", "kst")},
    "aest": timezone(timedelta(hours=10)),
    "aedt": timezone(timedelta(hours=11)),
    "nzst": timezone(timedelta(hours=12)),
    "nzdt": timezone(timedelta(hours=13)),
    **{name: ZoneInfo("America/New_York") for name in ("et", "eastern time", "new york time")},
    **{name: ZoneInfo("America/Chicago") for name in ("ct", "central time")},
    **{name: ZoneInfo("America/Los_Angeles") for name in ("pt", "pacific time")},
    **{name: ZoneInfo("Europe/London") for name in ("uk time", "london time", "british time")},
    **{
        name: ZoneInfo("Europe/Paris")
        for name in ("heure de paris", "paris time", "heure française", "heure francaise")
    },
    **{name: ZoneInfo("Europe/Brussels") for name in ("brussels time", "heure de bruxelles")},
    **{name: ZoneInfo("Europe/Berlin") for name in ("berlin time", "deutscher zeit")},
    **{name: ZoneInfo("Europe/Madrid") for name in ("hora peninsular", "hora de madrid")},
}
# Letters that name more than one zone: an embargo in them is not read.
AMBIGUOUS_ZONES = ("ist", "ast", "bt", "sst", "cdt/cst")

_ZONE_NAMES = sorted(
    (name for name in ZONES if "(" not in name), key=lambda name: (-len(name), name)
)
_ZONE = re.compile(
    r"(?<![\w])(?P<zone>" + "|".join(re.escape(n) for n in _ZONE_NAMES) + r")"
    r"(?P<offset>\s*[+-]\s*\d{1,2}(?::?\d{2})?)?(?![\w])"
    r"|(?<![\w\d:])(?P<bare>[+-]\d{2}:?\d{2})(?![\w])",
    re.IGNORECASE,
)
_AMBIGUOUS = re.compile(
    r"(?<![\w])(?:" + "|".join(re.escape(z) for z in AMBIGUOUS_ZONES) + r")(?![\w])", re.I
)

_AMPM = r"(?P<ampm>[ap])\.?\s?m\.?(?![\w])"
_ZONE_AHEAD = "|".join(re.escape(n) for n in (*_ZONE_NAMES, *AMBIGUOUS_ZONES))
# Tried in this order: the first form found anywhere in the line is its time.
_TIMES = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"(?P<iso>\d{4}-\d{2}-\d{2})[T ](?P<ih>\d{2}):(?P<im>\d{2})(?::\d{2}(?:\.\d+)?)?"
        r"(?P<iz>Z(?![\w]))?",
        rf"(?<![\d.:/])(?P<h>\d{{1,2}})\s?[:.h]\s?(?P<m>\d{{2}})(?![\d.]\d)"
        rf"(?:\s*(?:uhr|hrs?|h)(?![\w]))?\s*(?:{_AMPM})?",
        rf"(?<![\d.:/])(?P<ho>\d{{1,2}})\s?{_AMPM}",
        rf"(?<![\d.:/])(?P<hm>[0-2]\d[0-5]\d)(?=\s*(?:hrs?|h|uhr|{_ZONE_AHEAD})(?![\w]))",
        r"(?<![\w])(?P<word>midnight|noon|mitternacht|minuit|medianoche|meia-noite)(?![\w])",
    )
)


def _names(getter, width: str) -> dict[str, int]:
    numbers = {}
    for locale in DATE_LOCALES:
        for context in ("format", "stand-alone"):
            for number, name in getter(width, context, locale).items():
                numbers[name.rstrip(".").casefold()] = number
    return numbers


_MONTHS = _names(get_month_names, "wide") | _names(get_month_names, "abbreviated")
_MONTHS["sept"] = 9
# Wide names only, and English abbreviations: short forms in other languages are words too
# (Dutch "do" is Polish "until").
_WEEKDAYS = _names(get_day_names, "wide") | {
    name.rstrip(".").casefold(): number
    for number, name in get_day_names("abbreviated", locale="en").items()
}
_MONTH = "|".join(re.escape(m) for m in sorted(_MONTHS, key=len, reverse=True))
_DATE = re.compile(
    rf"(?<![\w])(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th|er|\.)?\s+(?:de\s+|of\s+)?(?P<m1>{_MONTH})\.?"
    r"(?:,?\s+(?:de\s+)?(?P<y1>\d{4}))?(?![\w])"
    rf"|(?P<m2>{_MONTH})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?![\d:])"
    r"(?:,?\s+(?P<y2>\d{4}))?"
    r"|(?P<a>\d{1,2})(?P<sep>[./])(?P<b>\d{1,2})(?P=sep)(?P<y3>\d{4}|\d{2})(?![\d])"
    r"|(?P<iy>\d{4})-(?P<imo>\d{2})-(?P<id>\d{2}))",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(
    r"(?<![\w])(?P<weekday>"
    + "|".join(re.escape(w) for w in sorted(_WEEKDAYS, key=len, reverse=True))
    + r")\.?(?![\w])",
    re.IGNORECASE,
)


# A press release's "no embargo" line: furniture above the headline.
IMMEDIATE_RELEASE = re.compile(
    r"^[\W_]{0,6}\s*(?:for\s+immediate\s+release|immediate\s+release|for\s+release\s+immediately"
    r"|pour\s+diffusion\s+imm[ée]diate|zur\s+sofortigen\s+ver[öo]ffentlichung"
    r"|para\s+(?:su\s+)?(?:publicaci[óo]n|difusi[óo]n)\s+inmediata|para\s+divulga[çc][ãa]o\s+imediata"
    r"|per\s+la\s+pubblicazione\s+immediata|voor\s+onmiddellijke\s+publicatie)[\W_]{0,6}$",
    re.IGNORECASE,
)


def read_embargo(line: str, *, now: datetime | None = None) -> Embargo | None:
    """The embargo a line states, or None if it is not an embargo line. `now` (aware; default:
    this second) places a date without a year and a time without a date."""
    if len(line) > 250 or not (start := _START.match(line.strip())):
        return None
    rest = start.group("rest")
    if not _FOLLOWS.match(rest):
        return None
    text = line.strip()
    try:
        until = _moment(rest, now or datetime.now(UTC))
    except OverflowError:  # a moment at the edge of the calendar
        return Embargo(text, None, "its date is out of range")
    except _Unreadable as problem:
        # "Embargo: EU extends ban" is a headline; "EMBARGOED: …" is an embargo.
        if start.group("words").casefold() == "embargo" and not re.search(r"\d", rest):
            return None
        return Embargo(text, None, str(problem))
    return Embargo(text, until)


def is_embargo_line(line: str) -> bool:
    """Cheap: whether a line opens as an embargo line does (for the layout: it stands alone)."""
    start = _START.match(line)
    return start is not None and _FOLLOWS.match(start.group("rest")) is not None


class _Unreadable(ValueError):
    pass


def _time(text: str) -> re.Match:
    for pattern in _TIMES:
        if found := pattern.search(text):
            return found
    raise _Unreadable("it gives no time of day")


def _moment(text: str, now: datetime) -> datetime:
    found = _time(text)
    groups = found.groupdict()
    around = text[: found.start()] + " " + text[found.end() :]
    zone = UTC if groups.get("iz") else _zone(around)
    clock = _clock(groups)
    if groups.get("iso"):
        day = _valid(*map(int, groups["iso"].split("-")))
    else:
        day = _date(around, now.astimezone(zone))
    if day is None:
        return _next(clock, zone, now)
    return datetime.combine(day, clock).replace(tzinfo=zone).astimezone(UTC)


def _zone(text: str):
    zone = _ZONE.search(text)
    if zone is None:
        if _AMBIGUOUS.search(text):
            raise _Unreadable("its time zone names more than one zone")
        raise _Unreadable("it gives no time zone")
    if zone.group("bare"):
        return _offset(zone.group("bare"))
    if zone.group("offset"):  # "GMT+2"
        return _offset(zone.group("offset").replace(" ", ""))
    return ZONES[zone.group("zone").casefold()]


def _clock(groups: dict) -> time:
    if groups.get("iso"):
        hours, minutes = int(groups["ih"]), int(groups["im"])
    elif word := groups.get("word"):
        return time(12) if word.casefold() == "noon" else time(0)
    elif groups.get("hm"):
        hours, minutes = int(groups["hm"][:2]), int(groups["hm"][2:])
    elif groups.get("ho"):
        hours, minutes = int(groups["ho"]), 0
    else:
        hours, minutes = int(groups["h"]), int(groups["m"])
    if ampm := groups.get("ampm"):
        if not 1 <= hours <= 12:
            raise _Unreadable("its time is not a time of day")
        hours = hours % 12 + (12 if ampm.casefold() == "p" else 0)
    if not (0 <= hours <= 23 and 0 <= minutes <= 59):
        raise _Unreadable("its time is not a time of day")
    return time(hours, minutes)


def _date(text: str, local_now: datetime) -> date | None:
    """The date the line gives, checked against its weekday if it names one (a date and a
    weekday that disagree, or a numeric date that reads both ways, is not read)."""
    weekday = _WEEKDAY.search(text)
    wanted = _WEEKDAYS[weekday.group("weekday").rstrip(".").casefold()] if weekday else None
    found = _DATE.search(text)
    if found is None:
        if wanted is None:
            return None
        return local_now.date() + timedelta(days=(wanted - local_now.weekday()) % 7)
    day = _numeric(found, wanted) if found.group("a") else _named(found, local_now)
    if wanted is not None and day.weekday() != wanted:
        raise _Unreadable("its weekday and its date disagree")
    return day


def _numeric(found: re.Match, weekday: int | None) -> date:
    """ "04.11.2026" (day first), "11/04/2026" (either way: the weekday, or a part over 12,
    tells which)."""
    a, b = int(found.group("a")), int(found.group("b"))
    year = int(found.group("y3"))
    year = year + 2000 if year < 100 else year
    if found.group("sep") == "." or a > 12:
        return _valid(year, b, a)
    if b > 12:
        return _valid(year, a, b)
    readings = {_valid(year, b, a, strict=False), _valid(year, a, b, strict=False)} - {None}
    if weekday is not None:
        readings = {d for d in readings if d.weekday() == weekday}
    if len(readings) != 1:
        raise _Unreadable("its date reads both as day/month and as month/day")
    return readings.pop()


def _named(found: re.Match, local_now: datetime) -> date:
    if found.group("iy"):
        return _valid(int(found["iy"]), int(found["imo"]), int(found["id"]))
    month = _MONTHS[(found.group("m1") or found.group("m2")).casefold()]
    day = int(found.group("d1") or found.group("d2"))
    year = found.group("y1") or found.group("y2")
    if year:
        return _valid(int(year), month, day)
    candidates = [
        d
        for y in (local_now.year - 1, local_now.year, local_now.year + 1)
        if (d := _valid(y, month, day, strict=False))
    ]
    if not candidates:
        raise _Unreadable("its date does not exist")
    return min(candidates, key=lambda d: abs(d - local_now.date()))


def _valid(year: int, month: int, day: int, *, strict: bool = True) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        if strict:
            raise _Unreadable("its date does not exist") from None
        return None


def _next(clock: time, zone, now: datetime) -> datetime:
    """The next time the clock shows `clock` in `zone`, from `now`."""
    local = now.astimezone(zone)
    moment = datetime.combine(local.date(), clock).replace(tzinfo=zone)
    if moment <= local:
        moment = datetime.combine(local.date() + timedelta(days=1), clock).replace(tzinfo=zone)
    return moment.astimezone(UTC)
