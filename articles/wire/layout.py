"""From the text of wire copy to its units: the paragraphs, list items, headings and single
lines the parser classifies, in order.

Copy arrives in three layouts, sometimes mixed: paragraphs between blank lines; one paragraph
per line, as feeds deliver it; and paragraphs hard-wrapped at a fixed width, as agency wires
and e-mail do. Within a block of lines (no blank line between), a line starts a new unit when
it is a list item, is indented (a tab or spaces: a new paragraph), is a line that stands alone
(a byline, a dateline, an advisory…), or when the block is not wrapped (some line but the last
is longer than `WRAP_WIDTH`) or the previous line ended short: the next line's first word would
have fitted on it, so the writer broke the line on purpose.

Also here: the checks that refuse what is not copy at all (an HTML document, a flood of one
character).
"""

import re
from collections import Counter
from itertools import pairwise

from newsroom.text import clean_text

WRAP_WIDTH = 100
BULLET = re.compile(r"^(?:[*•·▪►‣◦\-–]\s+|(?P<number>\d{1,2})[.)]\s+)(?P<text>\S.*)$")
_ENCODED = re.compile(r"^[A-Za-z0-9+/=]{40,}$")
_HTML = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]{0,200})?/?>")


class NotCopy(ValueError):
    """The text is not wire copy; the message says what it is."""


def normalise(text: str) -> str:
    """One kind of line break, no control or unwanted characters, no-break spaces as spaces,
    tabs inside a line as a space, and no trailing spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    # A vertical tab or form feed inside a line of copy is a soft break: the line goes on.
    text = clean_text(text.replace("\x0b", " ").replace("\x0c", " "))
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2028", "\n")
    # Runs of spaces and tabs become one space (an indent stays one, for `units`); no line
    # ends in a space. Plain string tests first: the expressions are slower than they are.
    text = text.replace("\t", " ")
    if "  " in text:
        text = _SPACES.sub(" ", text)
    if " \n" in text or text.endswith(" "):
        text = _TRAILING.sub("", text)
    return text


_SPACES = re.compile(" {2,}")
_TRAILING = re.compile(" +$", re.MULTILINE)


def refuse_non_copy(text: str) -> None:
    """Raise `NotCopy` for a whole HTML document or markup-heavy text, and for a flood of one
    character (or of no letters at all) with no story in it."""
    head = text[:4096]
    start = head.lstrip()[:64].lower()
    if start.startswith("{\\rtf"):
        raise NotCopy("This is an RTF document, not wire copy: paste the story's text.")
    if start.startswith("<?xml") or start.startswith("<newsmessage") or start.startswith("<nitf"):
        raise NotCopy(
            "This is an XML document, not wire copy: send NewsML or NITF as its text, or the "
            "story as IPTC ninjs JSON."
        )
    tags = _TAG.findall(text[:65536]) if "<" in text[:65536] else []
    if _HTML.search(head) or (len(tags) >= 8 and sum(map(len, tags)) > len(text[:65536]) / 5):
        raise NotCopy(
            "This is an HTML document, not wire copy: paste the story's text, not the page's "
            "source."
        )
    # Every n-th character of the first 64 KB: enough to see a flood, and cheap.
    sample = text[: 1 << 16 : max(1, min(len(text), 1 << 16) // 300)]
    visible = {c: n for c, n in Counter(sample).items() if not c.isspace()}
    total = sum(visible.values())
    if total >= 40 and len(text.strip()) >= 80:
        letters = sum(n for c, n in visible.items() if c.isalpha())
        if max(visible.values()) / total > 0.5 or letters < total / 10:
            raise NotCopy(
                "The copy is mostly one repeated character or has almost no letters; there is "
                "no story in it."
            )
    if not any(c.isalnum() for c in text):
        raise NotCopy("The file is empty: it has no letters or digits.")
    if text.count(" ", 0, 65536) * 20 < len(text[:65536]):  # copy has spaces; an attachment none
        lines = [line for line in text[:65536].split("\n") if line.strip()]
        encoded = sum(" " not in line and _ENCODED.match(line) is not None for line in lines)
        if encoded >= 3 and encoded * 5 >= len(lines) * 4:
            raise NotCopy("This is an encoded attachment (base64), not wire copy.")


def _ends_short(previous: str, line: str, width: int) -> bool:
    first_word = line.split(maxsplit=1)[0] if line.strip() else ""
    return len(previous.strip()) + 1 + len(first_word) <= width


_ENDS_SENTENCE = (".", "!", "?", "”", '"', "»", ":", ";", "’")


def _ended(previous: str, line: str, width: int) -> bool:
    """Whether the previous line of a wrapped block ended its paragraph or part: it ends a
    sentence or a heading, or the next line's first word would have fitted on it."""
    return previous.rstrip().endswith(_ENDS_SENTENCE) or _ends_short(previous, line, width)


def _starts_unit(previous: str, line: str, *, wrapped: bool, width: int, starts, alone) -> bool:
    if not wrapped or alone(previous.strip()) or alone(line.strip()):
        return True
    if BULLET.match(previous.strip()) and not BULLET.match(line.strip()):
        # A list item goes on over an indented line, or a wrapped one.
        return not (line[:1] in " \t" or not _ends_short(previous, line, width))
    if BULLET.match(line.strip()) or line[:1] in " \t" or starts(line.strip()):
        # "- the largest in a decade -" or "3. März" inside a wrapped sentence goes on.
        return BULLET.match(previous.strip()) is not None or _ended(previous, line, width)
    return _ends_short(previous, line, width)


def _wrapped(lines: list[str]) -> bool:
    """A block hard-wrapped at a fixed width, rather than one paragraph per line: no line but
    the last is long, and most lines end mid-sentence."""
    if len(lines) < 2 or any(len(line.strip()) > WRAP_WIDTH for line in lines[:-1]):
        return False
    if len(lines) < 3:
        # Two lines: wrapped unless the first is a short whole sentence.
        first = lines[0].strip()
        return len(first) >= 60 or not first.endswith(_ENDS_SENTENCE)
    body = [line.strip() for line in lines[:-1]]
    width = max(len(line) for line in body)
    ended = sum(line.endswith(_ENDS_SENTENCE) for line in body)
    filled = sum(len(line) >= 0.6 * width for line in body)  # wrapped lines run to the width
    # Wrapped prose ends its last line with a sentence; a list of headlines does not.
    last = lines[-1].rstrip().endswith((*_ENDS_SENTENCE, ")"))
    return last and ended * 2 < len(body) and filled * 2 >= len(body)


def _blocks(text: str) -> list[list[str]]:
    """The runs of lines between blank lines."""
    blocks, current = [], []
    for line in text.split("\n"):
        if line and not line.isspace():
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def units(text: str, *, starts, alone) -> list[str]:
    """The units of normalised copy, each with its lines joined by a space; the first line is
    always a unit of its own (the headline). `starts(line)` says whether a line begins a unit
    (a dateline, or a line that stands alone); `alone(line)` whether it is a whole unit
    (nothing after it joins it)."""
    found = []
    blocks = _blocks(text)
    if blocks and len(blocks[0]) > 1:
        found.append(blocks[0][0].strip())
        blocks[0] = blocks[0][1:]
    for lines in blocks:
        width = max(len(line.strip()) for line in lines)
        wrapped = _wrapped(lines)
        current = [lines[0].strip()]
        for previous, line in pairwise(lines):
            if _starts_unit(
                previous, line, wrapped=wrapped, width=width, starts=starts, alone=alone
            ):
                found.append(" ".join(current))
                current = []
            current.append(line.strip())
        found.append(" ".join(current))
    return found
