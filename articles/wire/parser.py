"""A parser for plain-text wire copy: text in, a `WireStory` out. Pure: no ORM, no I/O.

The copy is cut into units (`layout`): paragraphs, list items, single lines. The first line is
the headline, read with its labels and update marker (`parts.read_headline`). The lines before
the dateline are the header: advisories ("(Adds minister's comments…)", "Updated: Nov 3…"), the
byline and its title line, a stated reading time, time stamps, a lead photo. Then each unit of
the story is, in this order: the page's end (`BOILERPLATE`: it and all after it are cut); page
furniture between paragraphs (`PAGE_FURNITURE`, a link list and its headlines, a separator, a
copyright or standards line: dropped alone, nothing after it is lost); a trailer naming the
contributors; a stated reading time; a box of briefs under its heading; a photo caption with its
credit; a pull quote repeating the body (dropped); or a paragraph. Sign-offs and desk initials
at the very end are dropped. The dateline is cut from the first paragraph and the language
identified from what remains. Anything that is not a story raises `WireParseError`, never
another exception.
"""

import re
from datetime import datetime

from . import header, layout, pages, parts, profiles, trailers
from .embargo import IMMEDIATE_RELEASE, is_embargo_line, read_embargo
from .header import TERMINAL
from .language import detect_language
from .pages import BOILERPLATE
from .story import BriefBox, WireParseError, WireStory

MAX_BYTES = 2 * 1024 * 1024
MAX_HEADLINE = 400

_HEADING_MAX = 80


def decode(data: bytes) -> str:
    if not data or not data.strip():
        raise WireParseError("The file is empty.")
    if len(data) > MAX_BYTES:
        raise WireParseError(f"The file is larger than {MAX_BYTES // 1024 // 1024} MB.")
    if b"\x00" in data:
        raise WireParseError("This is a binary file, not wire copy.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise WireParseError(f"The file is not UTF-8 text (byte {error.start}).") from None


def _stands_alone(line: str) -> bool:
    """A line never joined to its neighbours: it is a part of its own."""
    return bool(
        profiles.ADVISORY.match(line)
        or profiles.UPDATED_STAMP.match(line)
        or (line[:1].isupper() and parts.read_byline(line))
        or line.startswith("Credit...")
        or parts.read_reading_time(line)
        or trailers.page_furniture(line)
        or trailers.SEPARATOR.match(line)
        or is_embargo_line(line)
    )


def _starts_unit(line: str) -> bool:
    return _stands_alone(line) or parts.read_dateline(line) is not None


def _units(text: str) -> list[str]:
    text = layout.normalise(text)
    try:
        layout.refuse_non_copy(text)
    except layout.NotCopy as error:
        raise WireParseError(str(error)) from None
    return layout.units(text, starts=_starts_unit, alone=_stands_alone)


# Where agencies and press offices put an embargo line: at the top, or under the story.
_EMBARGO_HEAD, _EMBARGO_FOOT = 10, 3


def _embargo(units: list[str], now: datetime | None) -> tuple[list[str], object, list[str]]:
    """The copy's units without its embargo lines (and a press release's "For immediate
    release"), the first embargo stated, and the lines taken out."""
    first, kept, dropped = None, [], []
    last = len(units) - _EMBARGO_FOOT
    for index, unit in enumerate(units):
        embargo = None
        if (index < _EMBARGO_HEAD or index >= last) and is_embargo_line(unit):
            embargo = read_embargo(unit, now=now)
        if embargo is None and index < _EMBARGO_HEAD and IMMEDIATE_RELEASE.match(unit):
            dropped.append(unit)
        elif embargo is None:
            kept.append(unit)
        else:
            first = first or embargo
            dropped.append(unit)
    return kept, first, dropped


def parse(data: bytes | str, *, now: datetime | None = None) -> WireStory:
    """Read wire copy. Raises `WireParseError` for anything that is not a story. `now`
    (default: this second) places an embargo's date written without a year."""
    text = decode(data) if isinstance(data, bytes) else data
    if not text.strip():
        raise WireParseError("The file is empty.")
    parts.forget()
    units, embargo, dropped = _embargo(_units(text), now)
    page = []
    if units and pages.is_page(units):
        units, page = pages.story_units(
            units, is_dateline=parts.read_dateline, is_header=header.page_header, keep=header.keep
        )
    headline = _headline(units)
    story = WireStory(
        headline=headline.text,
        is_update=headline.is_update,
        update_sequence=headline.update_sequence,
        kind=headline.kind,
        labels=headline.labels,
        removed=dropped + page,
    )
    if embargo is not None:
        story.embargo, story.embargo_until = embargo.text, embargo.until
        story.embargo_problem = embargo.problem
    index = header.read_header(story, units, 1, page=bool(page))
    # A page may set its "Updated …" stamp above the headline.
    stamp = next((u for u in page if profiles.UPDATED_STAMP.match(u)), None)
    if stamp and not story.advisory:
        header.read_advisory(story, stamp)
    paragraphs: list[str] = []
    while index < len(units):
        index = _read_unit(story, units, index, paragraphs)
    _finish(story, paragraphs)
    return story


def _headline(units: list[str]) -> parts.Headline:
    """The first unit, read as the headline; `WireParseError` if it cannot be one."""
    if not units:
        raise WireParseError("The copy has no headline.")
    headline = parts.read_headline(units[0])
    if not headline.text or layout.BULLET.match(units[0]):
        raise WireParseError("The copy has no headline.")
    if len(headline.text) > MAX_HEADLINE:
        raise WireParseError(
            f"The first line is {len(headline.text)} characters long: a headline is at most "
            f"{MAX_HEADLINE}. Is the copy's headline missing?"
        )
    return headline


def _drop_chart(story: WireStory, unit: str, paragraphs: list[str]) -> None:
    """A chart's "Source:" line, with its title and unit above it (short, not sentences)."""
    while paragraphs and len(paragraphs[-1]) <= 80 and not paragraphs[-1].endswith(TERMINAL):
        story.removed.append(paragraphs.pop())
    story.removed.append(unit)


def _plain_paragraph(unit: str) -> bool:
    """A long unit that ends a sentence and opens like one is a paragraph: none of the other
    parts is that long and shaped so (a trailer says "contributed", a list item or an advisory
    opens with its mark, a caption ends with its credit)."""
    return (
        len(unit) > 200
        and unit.endswith(TERMINAL)
        and not unit.endswith(").")
        and unit[0] not in "(*•·▪►‣◦-–—©[" + "0123456789"
        and "ontribut" not in unit
    )


def _read_unit(story: WireStory, units: list[str], index: int, paragraphs: list[str]) -> int:
    """Read the unit at `index` into the story; returns the index of the next unread unit."""
    unit = units[index]
    if _plain_paragraph(unit):
        paragraphs.append(unit)
        return index + 1
    if unit.casefold().startswith(BOILERPLATE):
        story.removed.extend(units[index:])
        return len(units)
    if trailers.LINK_LIST.match(unit) and len(unit) <= 80:
        return _skip_link_list(story, units, index)
    if (skip := _SKIP_PAST.match(unit)) and (end := _skip_end(units, index, skip)):
        story.removed.extend(units[index:end])
        return end
    if trailers.page_furniture(unit):
        story.removed.append(unit)
    elif profiles.SOURCE_LINE.match(unit):
        _drop_chart(story, unit, paragraphs)
    elif (
        found := trailers.contributors(unit, after=trailers.contact_role(units, index))
    ) is not None:
        story.contributors.extend(found)
        story.removed.append(unit)
    elif (minutes := parts.read_reading_time(unit)) is not None:
        story.stated_reading_minutes = minutes
    elif not paragraphs and not story.byline and (byline := parts.read_byline(unit)):
        story.byline = byline
    elif (end := _read_briefs(story, units, index)) is not None:
        return end
    elif caption := parts.read_caption(unit):
        story.photos.append(caption)
    elif paragraphs and (credit := parts.read_credit(unit)):
        credit.caption = paragraphs.pop()
        story.photos.append(credit)
    elif _repeats(unit, paragraphs):
        story.removed.append(unit)
    else:
        paragraphs.append(unit)
    return index + 1


# "Skip past newsletter promotion" … "after newsletter promotion": a page's promotion box.
_SKIP_PAST = re.compile(r"^skip\s+past\s+(?P<what>.{3,60})$", re.IGNORECASE)


def _skip_end(units: list[str], index: int, skip: re.Match) -> int | None:
    """The index after the line that closes a "Skip past …" box, if one does soon."""
    closing = f"after {skip.group('what')}".casefold()
    for end in range(index + 1, min(len(units), index + 15)):
        if units[end].casefold() == closing:
            return end + 1
    return None


def _skip_link_list(story: WireStory, units: list[str], index: int) -> int:
    """Drop a link list's heading and the headlines under it (list items, or short lines
    that are not sentences)."""
    story.removed.append(units[index])
    index += 1
    while index < len(units):
        unit = units[index]
        if not (layout.BULLET.match(unit) or (len(unit) <= 150 and not unit.endswith(TERMINAL))):
            break
        story.removed.append(unit)
        index += 1
    return index


def _is_heading(unit: str) -> bool:
    return (
        len(unit) <= _HEADING_MAX
        and not unit.endswith((".", ",", ";", "!", "?"))
        and not layout.BULLET.match(unit)
    )


def _read_briefs(story: WireStory, units: list[str], index: int) -> int | None:
    """A box of briefs at `index`: list items, with the heading above them if there is one.
    Returns the index after the box, or None if there is no box here."""
    heading = ""
    if (
        _is_heading(units[index])
        and index + 1 < len(units)
        and layout.BULLET.match(units[index + 1])
    ):
        heading, index = units[index].rstrip(":").strip(), index + 1
    elif not (first := layout.BULLET.match(units[index])) or units[index][0] in "–—":
        return None  # a dash without a heading opens a quote in many languages, not a list
    elif first.group("number") and not (
        index + 1 < len(units) and layout.BULLET.match(units[index + 1])
    ):
        return None  # "1. FC Köln…" alone is a sentence, not a numbered list
    box = BriefBox(heading=heading)
    while index < len(units) and (item := layout.BULLET.match(units[index])):
        box.items.append(item.group("text").strip())
        index += 1
    story.briefs.append(box)
    return index


_QUOTE_SCOPE = 3000  # characters of a paragraph a pull quote is looked for in
_QUOTES = " \"'“”„«»‘’‚‹›"


def _repeats(unit: str, paragraphs: list[str]) -> bool:
    """A pull quote: a short unit whose text, without its quotation marks, stands in an
    earlier paragraph."""
    core = unit.strip(_QUOTES).rstrip(".,;:!?").strip(_QUOTES)
    if len(core) < 25 or len(unit) > 300:
        return False
    return any(core in p[:_QUOTE_SCOPE] for p in paragraphs[-12:])


def _finish(story: WireStory, paragraphs: list[str]) -> None:
    """Cut the dateline, drop the sign-off at the end (the desk's initials, or the agency's
    name alone: "dpa-AFX"), name the language."""
    # The dateline opens the story; a line the header did not know may stand above it.
    for index, paragraph in enumerate(paragraphs[:2]):
        if found := parts.read_dateline(paragraph):
            story.dateline, story.agency, rest = found
            paragraphs[index] = rest.strip()
            break
    if paragraphs and (advisory := profiles.ADVISORY.match(paragraphs[-1])):
        said = profiles.advisory_kind(advisory.group("advisory"))
        if said != "story" and not story.advisory:  # "(Updates with …)" at the foot
            paragraphs.pop()
            header.read_advisory(story, advisory.group(0))
    agency = (story.agency or "").casefold()
    while len(paragraphs) > 1 and (
        trailers.SIGN_OFF.match(paragraphs[-1])
        or (agency and paragraphs[-1].strip(" -–—().").casefold() == agency)
    ):
        story.removed.append(paragraphs.pop())
    story.body = [p for p in paragraphs if p]
    story.language = detect_language(story.headline, *story.body[:2]) or ""
