"""Readers for the single parts of wire copy: the headline's labels and update marker, the
dateline, a photo caption's credit, a byline. Each takes one unit with its whitespace collapsed
and returns what it found, or None. Pure; the forms are the tables in `profiles`.
"""

import functools
import re
from dataclasses import dataclass, field

from ..headlines import split_update_marker
from . import profiles
from .story import Caption, Dateline

_LABEL_WORDS = "|".join(
    re.escape(word).replace(r"\ ", r"\s+")
    for word in sorted(profiles.HEADLINE_LABELS, key=len, reverse=True)
)
_NUMBER = r"(?:\s*(?P<number>\d{1,3}))?"
# "CORRECTED-", "REFILE - ", "WRAPUP 1-" in capitals; "Exclusive:" in any case.
_LABEL_DASH = re.compile(rf"^(?P<label>{_LABEL_WORDS}){_NUMBER}(?:-(?=\S)|\s*[-–—]\s+|\s*\|\s*)")
_LABEL_COLON = re.compile(rf"^(?P<label>{_LABEL_WORDS}){_NUMBER}\s*:\s+", re.IGNORECASE)
# "(URGENT)", "(LEAD)", "(2nd LD)": Yonhap's bracketed labels and update numbers.
_LABEL_BRACKETED = re.compile(
    rf"^\((?:(?P<label>{_LABEL_WORDS}|LEAD)|(?P<number>\d{{1,2}})(?:st|nd|rd|th)\s+LD)\)\s*"
)


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


def _read_label(headline: Headline, label: re.Match) -> None:
    """Record a label; one that numbers versions ("WRAPUP 2-", "(2nd LD)") is an update."""
    word = " ".join((label.group("label") or "LD").upper().split())
    number = label.group("number")
    if profiles.HEADLINE_LABELS.get(word) == "update" or word in ("LEAD", "LD"):
        headline.is_update = True
        if number and headline.update_sequence is None:
            headline.update_sequence = int(number)
    else:
        headline.labels.append(word)


def read_headline(line: str) -> Headline:
    """The headline without the labels and update markers before it, in any order and number
    ("CORRECTED-UPDATE 2-", "REFILE-EXCLUSIVE-")."""
    headline, rest = Headline(""), line.strip()
    while True:
        if label := (
            _LABEL_DASH.match(rest) or _LABEL_COLON.match(rest) or _LABEL_BRACKETED.match(rest)
        ):
            _read_label(headline, label)
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
        if capitals or not _cased(words[0]) or sum(map(_cased, words)) > 3:
            return None
        if not all(_cased(w) or w in profiles.PLACE_PARTICLES for w in words):
            return None
        first = first.upper()
    return f"{first}{comma}{qualifiers}".strip()


_DATELINE_MAX = 200
_ASIDE = re.compile(r"[^.!?]{0,120}\s[—–]\s")
_DASHES = re.compile(r"\s(?:--|[-–—])|[-–—]\s")


def read_dateline(paragraph: str) -> tuple[Dateline, str | None, str] | None:
    """(dateline, agency or "" for none, the paragraph after it), or None without one."""
    found = _dateline(paragraph[: _DATELINE_MAX + 1])
    if found is None:
        return None
    place, date, agency, end = found
    return Dateline(place, date), agency, paragraph[end:]


def forget() -> None:
    """Empty the dateline memo: each story is read on its own (and timed so)."""
    _dateline.cache_clear()


@functools.lru_cache(maxsize=64)  # the parser asks of the same first paragraph more than once
def _dateline(paragraph: str) -> tuple[str | None, str | None, str, int] | None:
    """(place, date, agency, where the story starts) of a paragraph's opening, or None."""
    head = paragraph[:_DATELINE_MAX]  # a dateline is short: never scan a whole paragraph
    if "(" not in head[:140] and "/" not in head[:140] and not _DASHES.search(head, 0, 140):
        return None
    for pattern, capitals in profiles.DATELINES:
        match = pattern.match(head)
        if match is None:
            continue
        agency = (match.groupdict().get("agency") or "").strip()
        written = match.groupdict().get("place")
        date = match.groupdict().get("date")
        place = _place(written, capitals=capitals or not agency) if written else None
        if (written and place is None) or not (place or agency):
            continue
        if paragraph[match.end() : match.end() + 1].islower() or (
            not agency and _ASIDE.match(paragraph, match.end())
        ):
            continue  # "NATO - the alliance…", "NASA — the agency, not X — will…": no dateline
        return place, date.strip() if date else None, agency, match.end()
    return None


def read_caption(unit: str) -> Caption | None:
    """A photo caption ending in its credit, the credit split off."""
    unit = unit.rstrip("/ ")  # "REUTERS/Jane Doe/": a page's link to the picture desk
    if len(unit) < 20 or len(unit) > 1500 or ("/" not in unit[-160:] and ")" not in unit[-3:]):
        return None
    if unit.endswith(_SENTENCE_END) and not unit.endswith(")."):
        return None  # a credit is a name or a bracket, not the end of a sentence
    tail = len(unit) - 200 if len(unit) > 200 else 0  # a credit ends the caption
    for pattern in profiles.CREDITS:
        match = pattern.search(unit, tail)
        if match and match.start() > 0:
            caption = _PHOTO_LABEL.sub("", unit[: match.start()].strip())
            found = _credit(caption, match)
            if len(caption) >= 15 and _credible(found, pattern):
                return found
    return None


# Forms from here on in `profiles.CREDITS` carry no photo word: "(A/B)", "REUTERS/Jane Doe".
BARE = 4


def _credible(found: Caption, pattern: re.Pattern) -> bool:
    """A person took the photo; and where the form alone does not say it is a credit (a bare
    "(A/B)"), a known agency stands on one side."""
    if not _is_person(found.photographer):
        return False
    return pattern is not profiles.CREDITS[BARE] or _known(found.agency)


def _known(agency: str | None) -> bool:
    return (agency or "").casefold() in profiles.PHOTO_AGENCIES


# "Фото: Остап Приклад", "Photo: Jane Doe" on a line of its own: a photographer, no agency.
_PHOTOGRAPHER_ONLY = re.compile(
    rf"^{profiles.PHOTO_WORDS}\s*:\s*(?P<photographer>[^\W\d_][^/()\n]{{1,60}})$", re.IGNORECASE
)
# "Credit...Jane Doe for The Velm Ledger"
_CREDIT_DOTS = re.compile(
    r"^Credit\.{2,}\s*(?P<photographer>[^\W\d_][^/()]{1,60}?)(?:\s+for\s+(?P<agency>.+))?$"
)
_SENTENCE_END = (".", "!", "?", "”", '"', "»", ",", ";", ":")
# "PHOTO: " before a caption, as some pages mark it.
_PHOTO_LABEL = re.compile(r"^(?:photo|foto|фото|picture|bild)\s*:\s*", re.IGNORECASE)


def _is_person(name: str) -> bool:
    """A photographer's name: up to six words, each capitalised (or in a script without
    case) or a particle: "Jane Doe", "SERGEY DOLZHENKO", "Ana de la Cruz". Not "Getty data"."""
    words = name.replace("-", " ").split()
    return 0 < len(words) <= 6 and all(
        _cased(w) or w in profiles.BYLINE_JOINERS or w in profiles.PLACE_PARTICLES for w in words
    )


def _credit(caption: str, match: re.Match) -> Caption:
    """The credit's parts; an agency in capitals written first ("Foto: ANP / Jane Doe") is
    the agency, not the photographer."""
    agency = match.group("agency").strip().rstrip(".")
    photographer = match.group("photographer").strip()
    if (_known(photographer) and not _known(agency)) or (
        " " not in photographer
        and not _known(agency)
        and (" " in agency or photographer.isupper() > agency.isupper())
    ):
        agency, photographer = photographer, agency
    return Caption(caption, match.group("credit").strip().rstrip("."), agency, photographer)


def read_credit_above(unit: str, caption: str) -> Caption | None:
    """A credit set above its caption, as some pages do ("Jane Doe/Getty Images", then the
    caption): only with a known agency, and a caption that is not a long paragraph."""
    match = _CREDIT_ABOVE.match(unit)
    if not match or not _known(match.group("agency")) or not 15 <= len(caption) <= 300:
        return None
    if not _is_person(match.group("photographer")):
        return None
    return Caption(caption, unit, match.group("agency"), match.group("photographer"))


_CREDIT_ABOVE = re.compile(
    r"^(?P<photographer>[^\W\d_][^/()]{1,60}?)\s*/\s*(?P<agency>[^/()]{2,40})$"
)


def read_credit(unit: str) -> Caption | None:
    """A credit on a line of its own ("Photo: Jane Doe/AFP"), for the caption above it."""
    if len(unit) > 120:
        return None
    if (alone := _PHOTOGRAPHER_ONLY.match(unit)) and _is_person(alone.group("photographer")):
        return Caption("", alone.group("photographer"), None, alone.group("photographer"))
    if (match := _CREDIT_DOTS.match(unit)) and _is_person(match.group("photographer")):
        agency = match.group("agency") or ""
        return Caption("", unit.removeprefix("Credit").lstrip(". "), agency, match.group(1))
    for index, pattern in enumerate(profiles.CREDITS):
        match = pattern.search(unit)
        if match and not unit[: match.start()].strip(" ()"):
            found = _credit("", match)
            # Alone on a line, "US/UK Reaction" is a heading: a credit without a photo word
            # must name a known agency.
            if _is_person(found.photographer) and (index < BARE or _known(found.agency)):
                return found
    return None


def read_byline(unit: str, *, header: bool = False) -> str | None:
    """The names of a byline line ("By Jane Example and Tomas Placeholder"), or None. In the
    header, "Jane Example, Reuters" is a byline too."""
    match = profiles.BYLINE.match(unit)
    if match is None:
        if header and len(unit) <= 80 and profiles.NAME_AND_OUTLET.match(unit):
            return unit
        if header and len(unit) <= 80 and (titled := profiles.NAME_AND_TITLE.match(unit)):
            return titled.group("name")
        return None
    name = match.group("name").strip()
    words = name.partition(",")[0].split()
    if len(words) > 12 or (name.endswith(".") and len(words[-1]) > 3):
        return None
    if not all(_cased(w) or w in profiles.BYLINE_JOINERS for w in words):
        return None
    return name


def read_names(unit: str) -> str | None:
    """A line of one or two names and nothing else ("Tomas Vrell and Ines Okafor"), as pages
    set bylines without "By"; only ever asked of the header."""
    words = unit.replace(",", " ").split()
    if not 2 <= len(words) <= 7 or len(unit) > 60 or unit.endswith(_SENTENCE_END):
        return None
    joiners = [w for w in words if w in ("and", "&", "und", "et", "y", "e", "і", "и")]
    names = [w for w in words if w not in joiners]
    if len(joiners) > 1 or not all(_cased(w) and w[:1].isalpha() for w in names):
        return None
    return unit if joiners or len(names) <= 3 else None


def read_reading_time(unit: str) -> int | None:
    if len(unit) <= 60 and (match := profiles.READING_TIME.match(unit)):
        return int(match.group("minutes") or match.group("minutes2"))
    return None
