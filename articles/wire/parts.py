"""Readers for the single parts of wire copy: the headline's labels and update marker, the
dateline, a photo caption's credit, a byline. Each takes one unit with its whitespace collapsed
and returns what it found, or None. Pure; the forms are the tables in `profiles`.
"""

import re
from dataclasses import dataclass, field

from ..headlines import split_update_marker
from . import profiles
from .story import Caption, Dateline

_LABEL_WORDS = "|".join(
    re.escape(word).replace(r"\ ", r"\s+")
    for word in sorted(profiles.HEADLINE_LABELS, key=len, reverse=True)
)
_NUMBER = r"(?:\s*\d{1,3})?"
# "CORRECTED-", "REFILE - ", "WRAPUP 1-" in capitals; "Exclusive:" in any case.
_LABEL_DASH = re.compile(rf"^(?P<label>{_LABEL_WORDS}){_NUMBER}(?:-(?=\S)|\s*[-–—]\s+|\s*\|\s*)")
_LABEL_COLON = re.compile(rf"^(?P<label>{_LABEL_WORDS}){_NUMBER}\s*:\s+", re.IGNORECASE)


@dataclass
class Headline:
    text: str
    is_update: bool = False
    update_sequence: int | None = None
    labels: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        kinds = {profiles.HEADLINE_LABELS.get(label.upper(), "") for label in self.labels}
        if "correction" in kinds:
            return "correction"
        if "refile" in kinds:
            return "refile"
        return "update" if self.is_update else "story"


def read_headline(line: str) -> Headline:
    """The headline without the labels and update markers before it, in any order and number
    ("CORRECTED-UPDATE 2-", "REFILE-EXCLUSIVE-")."""
    headline, rest = Headline(""), line.strip()
    while True:
        if label := _LABEL_DASH.match(rest) or _LABEL_COLON.match(rest):
            headline.labels.append(" ".join(label.group("label").upper().split()))
            rest = rest[label.end() :]
            continue
        marked = split_update_marker(rest)
        if not marked.is_update:
            break
        headline.is_update = True
        headline.update_sequence = headline.update_sequence or marked.update_sequence
        rest = marked.headline
    headline.text = rest.strip()
    return headline


def _cased(word: str) -> bool:
    """A capital first letter, or a script without case."""
    return word[:1].isupper() or word[:1].lower() == word[:1].upper()


def _place(written: str, *, capitals: bool) -> str | None:
    """The place as a dateline keeps it: its first part in capitals. Unless `capitals`, the
    copy may write it in capitalised words ("Berlin (dpa)", "Vila Nova de Alvarim (Lusa)")."""
    first, comma, qualifiers = written.partition(",")
    letters = [c for c in first if c.isalpha()]
    if not letters or len(first) > 40:
        return None
    if not all(c.isupper() or c.lower() == c.upper() for c in letters):
        words = first.replace("-", " ").split()
        if capitals or not _cased(words[0]):
            return None
        if not all(_cased(w) or w in profiles.PLACE_PARTICLES for w in words):
            return None
        first = first.upper()
    return f"{first}{comma}{qualifiers}".strip()


_DASHES = re.compile(r"\s(?:--|[-–—])|[-–—]\s")


def read_dateline(paragraph: str) -> tuple[Dateline, str | None, str] | None:
    """(dateline, agency or "" for none, the paragraph after it), or None without one."""
    head = paragraph[:140]
    if "(" not in head and "/" not in head and not _DASHES.search(head):
        return None
    for pattern, capitals in profiles.DATELINES:
        match = pattern.match(paragraph)
        if match is None:
            continue
        agency = (match.groupdict().get("agency") or "").strip()
        written = match.group("place")
        place = _place(written, capitals=capitals or not agency) if written else None
        if (written and place is None) or not (place or agency):
            continue
        date = match.group("date")
        return Dateline(place, date.strip() if date else None), agency, paragraph[match.end() :]
    return None


def read_caption(unit: str) -> Caption | None:
    """A photo caption ending in its credit, the credit split off."""
    if len(unit) < 20 or len(unit) > 1500 or ("/" not in unit[-160:] and ")" not in unit[-3:]):
        return None
    tail = len(unit) - 200 if len(unit) > 200 else 0  # a credit ends the caption
    for pattern in profiles.CREDITS:
        match = pattern.search(unit, tail)
        if match and match.start() > 0:
            caption = unit[: match.start()].strip()
            if len(caption) < 15:
                continue
            return _credit(caption, match)
    return None


def _credit(caption: str, match: re.Match) -> Caption:
    """The credit's parts; an agency in capitals written first ("Foto: ANP / Jane Doe") is
    the agency, not the photographer."""
    agency = match.group("agency").strip().rstrip(".")
    photographer = match.group("photographer").strip()
    if photographer.isupper() and " " not in photographer and not agency.isupper():
        agency, photographer = photographer, agency
    return Caption(caption, match.group("credit").strip().rstrip("."), agency, photographer)


def read_credit(unit: str) -> Caption | None:
    """A credit on a line of its own ("Photo: Jane Doe/AFP"), for the caption above it."""
    if len(unit) > 120:
        return None
    for pattern in profiles.CREDITS[:3]:
        match = pattern.search(unit)
        if match and not unit[: match.start()].strip(" ()"):
            return _credit("", match)
    return None


def read_byline(unit: str) -> str | None:
    """The names of a byline line ("By Jane Example and Tomas Placeholder"), or None."""
    match = profiles.BYLINE.match(unit)
    if match is None:
        return None
    name = match.group("name").strip()
    words = name.partition(",")[0].split()
    if len(words) > 12 or (name.endswith(".") and len(words[-1]) > 3):
        return None
    if not all(_cased(w) or w in profiles.BYLINE_JOINERS for w in words):
        return None
    return name


def read_reading_time(unit: str) -> int | None:
    if len(unit) <= 60 and (match := profiles.READING_TIME.match(unit)):
        return int(match.group("minutes") or match.group("minutes2"))
    return None
