"""A parser for plain-text wire copy: text in, a plain data structure out. No ORM.

It understands the forms agencies and web pages deliver: an update marker on the headline
("UPDATED:", "UPDATE 2-"), a stated reading time, agency datelines cut from the first paragraph
("KYIV, April 20 (Reuters) –", "LISBON, Portugal (AP) —"), body paragraphs separated by blank
lines, boxes of bullet briefs under a short heading, photo captions ending in their credit
("EPA-EFE/SERGEY DOLZHENKO", "(AP Photo/Jane Doe)", "Photo: Jane Doe/AFP"), web page furniture
between paragraphs ("ADVERTISEMENT"), dropped alone, and a short list of trailing web
boilerplate. Anything else raises `WireParseError`, never another exception.
"""

import re
from dataclasses import dataclass, field

from newsroom.text import clean_text

from .headlines import split_update_marker

MAX_BYTES = 2 * 1024 * 1024

# Where a web page's story ends: a block starting with one of these, and everything after it,
# are page, not story. Keep this list short and documented.
BOILERPLATE = (
    "once you're here",
    "once you’re here",
    "sign up for our newsletter",
    "subscribe to our newsletter",
    "share this article",
)
# Page furniture between the paragraphs of a web page: the block alone is dropped, and the
# story goes on after it. A block is furniture only if it is nothing else.
PAGE_FURNITURE = frozenset(
    {
        "advertisement",
        "skip advertisement",
        "story continues below advertisement",
        "story continues below",
        "article continues below",
        "continue reading below",
        "advertisement - scroll to continue",
        "scroll to continue with content",
    }
)

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE = rf"(?:{_MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTH})"
_DASH = r"(?:--|[-–—])"
_DATELINE = re.compile(
    rf"^(?P<place>[A-Z][A-Z.'’\- ]*[A-Z.](?:,\s+(?!{_DATE}\b)[A-Z][\w.'’\- ]*?)*)"
    rf"(?:,\s+(?P<date>{_DATE}))?"
    rf"\s*\((?P<agency>[^()\n]{{1,40}})\)\s*{_DASH}\s*"
)
_READING_TIME = re.compile(r"^reading\s+time\s*:\s*(\d{1,3})\s*min(?:ute)?s?\.?$", re.IGNORECASE)
_BULLET = re.compile(r"^\s*[*•\-–]\s+(?P<text>\S.*)$")
_AGENCY = r"[A-Z][A-Z0-9&.]*(?:-[A-Z0-9&.]+)*"
_CREDITS = (
    # "(AP Photo/Jane Doe)": the wrapping is dropped, the credit kept as written.
    re.compile(
        rf"\((?P<credit>(?P<agency>{_AGENCY})(?:\s+Photo)?/(?P<photographer>[^()/\n]+?))\)$"
    ),
    # "Photo: Jane Doe/AFP"
    re.compile(rf"Photo:\s*(?P<credit>(?P<photographer>[^/:()\n]+?)/(?P<agency>{_AGENCY}))$"),
    # "EPA-EFE/SERGEY DOLZHENKO", "REUTERS/Jane Doe"
    re.compile(rf"(?:^|\s)(?P<credit>(?P<agency>{_AGENCY})/(?P<photographer>[^/()\n]+?))$"),
)
_HEADING_MAX = 80
_BYLINE = re.compile(r"^By\s+(?P<name>[A-Z][^\n.!?]{1,80})$")


class WireParseError(ValueError):
    """The copy cannot be read as a story; the message says why."""


@dataclass
class Dateline:
    place: str | None = None
    date: str | None = None


@dataclass
class BriefBox:
    heading: str
    items: list[str] = field(default_factory=list)


@dataclass
class Caption:
    caption: str
    credit: str | None = None
    agency: str | None = None
    photographer: str | None = None


@dataclass
class WireStory:
    headline: str
    is_update: bool = False
    update_sequence: int | None = None
    dateline: Dateline = field(default_factory=Dateline)
    agency: str | None = None
    body: list[str] = field(default_factory=list)
    briefs: list[BriefBox] = field(default_factory=list)
    photos: list[Caption] = field(default_factory=list)
    stated_reading_minutes: int | None = None
    # Filled by richer sources (ninjs); plain wire copy leaves them empty.
    standfirst: str = ""
    byline: str = ""
    language: str = "en"
    external_id: str = ""


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


def _normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    # A vertical tab or form feed inside a line of copy is a soft break: the line goes on.
    text = clean_text(text.replace("\x0b", " ").replace("\x0c", " "))
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2028", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n"))


def _blocks(text: str) -> list[str]:
    return [block.strip() for block in re.split(r"\n\s*\n", text) if block.strip()]


def _without_boilerplate(blocks: list[str]) -> list[str]:
    kept = []
    for block in blocks:
        if block.casefold().startswith(BOILERPLATE):
            break
        if " ".join(block.casefold().strip(" .:-–—").split()) not in PAGE_FURNITURE:
            kept.append(block)
    return kept


def _headline(line: str) -> tuple[str, bool, int | None]:
    marked = split_update_marker(line)
    return marked.headline, marked.is_update, marked.update_sequence


def _caption(block: str) -> Caption | None:
    text = " ".join(block.split())
    if len(text) < 20:
        return None
    for pattern in _CREDITS:
        match = pattern.search(text)
        if match and match.start() > 0:
            caption = text[: match.start()].strip()
            if len(caption) < 15:
                continue
            return Caption(
                caption=caption,
                credit=match.group("credit").strip(),
                agency=match.group("agency").strip(),
                photographer=match.group("photographer").strip(),
            )
    return None


def _bullet_items(block: str) -> list[str] | None:
    items: list[str] = []
    for line in block.split("\n"):
        match = _BULLET.match(line)
        if match:
            items.append(match.group("text").strip())
        elif items and line.strip():
            items[-1] = f"{items[-1]} {line.strip()}"
        else:
            return None
    return items


def _is_heading(block: str) -> bool:
    return (
        "\n" not in block
        and len(block) <= _HEADING_MAX
        and not block.endswith((".", ",", ";"))
        and _bullet_items(block) is None
    )


def _paragraph(block: str) -> str:
    return " ".join(line.strip() for line in block.split("\n"))


def _take_bullets(box: BriefBox, blocks: list[str], index: int) -> int:
    """Add the bullet blocks from `index` on to the box; return the index after them."""
    while index < len(blocks) and (more := _bullet_items(blocks[index])) is not None:
        box.items.extend(more)
        index += 1
    return index


def parse(data: bytes | str) -> WireStory:
    """Read wire copy. Raises `WireParseError` for anything that is not a story."""
    text = decode(data) if isinstance(data, bytes) else data
    if not text.strip():
        raise WireParseError("The file is empty.")
    blocks = _without_boilerplate(_blocks(_normalise(text)))
    if not blocks:
        raise WireParseError("The copy has no headline.")
    first_line, _, rest = blocks[0].partition("\n")
    headline, is_update, sequence = _headline(first_line)
    if not headline or _bullet_items(first_line) is not None:
        raise WireParseError("The copy has no headline.")
    story = WireStory(headline=headline, is_update=is_update, update_sequence=sequence)
    remaining = ([rest.strip()] if rest.strip() else []) + blocks[1:]
    paragraphs: list[str] = []
    index = 0
    while index < len(remaining):
        index = _read_block(story, remaining, index, paragraphs)
    _read_dateline(story, paragraphs)
    story.body = [p for p in paragraphs if p]
    return story


def _read_block(story: WireStory, blocks: list[str], index: int, paragraphs: list[str]) -> int:
    """Read the block at `index` into the story (a byline, a stated reading time, a box of
    briefs, a photo caption or a paragraph); returns the index of the next unread block."""
    block = blocks[index]
    byline = _BYLINE.match(block)
    if byline and not paragraphs and not story.byline:
        story.byline = byline.group("name").strip()
        return index + 1
    if reading := _READING_TIME.match(block):
        story.stated_reading_minutes = int(reading.group(1))
        return index + 1
    heading, _, below = block.partition("\n")
    if below and _is_heading(heading) and (inline := _bullet_items(below)) is not None:
        # A heading with its bullets directly under it, no blank line between.
        story.briefs.append(BriefBox(heading=heading, items=inline))
        return _take_bullets(story.briefs[-1], blocks, index + 1)
    items = _bullet_items(block)
    if items is not None or (
        _is_heading(block)
        and index + 1 < len(blocks)
        and _bullet_items(blocks[index + 1]) is not None
    ):
        story.briefs.append(BriefBox(heading="" if items is not None else block))
        return _take_bullets(story.briefs[-1], blocks, index + (items is None))
    if caption := _caption(block):
        story.photos.append(caption)
    else:
        paragraphs.append(_paragraph(block))
    return index + 1


def _read_dateline(story: WireStory, paragraphs: list[str]) -> None:
    """Take the dateline (place, date, agency) off the first paragraph."""
    if paragraphs and (match := _DATELINE.match(paragraphs[0])):
        story.dateline = Dateline(place=match.group("place").strip(), date=match.group("date"))
        story.agency = match.group("agency").strip()
        paragraphs[0] = paragraphs[0][match.end() :].strip()


def as_dict(story: WireStory) -> dict:
    return {
        "headline": story.headline,
        "is_update": story.is_update,
        "update_sequence": story.update_sequence,
        "dateline": {"place": story.dateline.place, "date": story.dateline.date},
        "agency": story.agency,
        "body": story.body,
        "briefs": [{"heading": b.heading, "items": b.items} for b in story.briefs],
        "photos": [
            {
                "caption": p.caption,
                "credit": p.credit,
                "agency": p.agency,
                "photographer": p.photographer,
            }
            for p in story.photos
        ],
        "stated_reading_minutes": story.stated_reading_minutes,
    }
