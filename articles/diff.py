"""Word-level, side-by-side differences between two revisions of a story."""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_TOKENS = re.compile(r"\s+|\S+")
# Past this many token pairs, a changed stretch is shown as removed and added whole rather
# than word by word: the comparison stays fast however much of a story was rewritten.
MAX_WORD_PAIRS = 4_000_000


@dataclass(frozen=True)
class DiffRow:
    label: str
    old_html: SafeString
    new_html: SafeString
    words_removed: int
    words_added: int

    @property
    def changed(self) -> bool:
        return bool(self.words_removed or self.words_added)


def _count_words(text: str) -> int:
    return len(text.split())


class _Sides:
    """The two sides of a row as they are built, with the words counted."""

    def __init__(self):
        self.old, self.new, self.removed, self.added = [], [], 0, 0

    def equal(self, text: str) -> None:
        self.old.append(escape(text))
        self.new.append(escape(text))

    def change(self, old_parts: list[str], new_parts: list[str]) -> None:
        if old_parts:
            old = "".join(old_parts)
            self.old.append(f"<del>{escape(old)}</del>")
            self.removed += _count_words(old)
        if new_parts:
            new = "".join(new_parts)
            self.new.append(f"<ins>{escape(new)}</ins>")
            self.added += _count_words(new)


# How a text is cut, coarsest first: lines, then sentences, then words and the space between.
_LEVELS = (
    lambda text: text.splitlines(keepends=True),
    re.compile(r"[^.!?…。！？]*[.!?…。！？]+\s*|[^.!?…。！？]+").findall,
    _TOKENS.findall,
)


def _diff(sides: _Sides, old: str, new: str, level: int = 0) -> None:
    """Match `old` and `new` cut at this level, and compare only the stretches that differ at
    the next, finer level: an edit in one paragraph of a 10,000-word story costs the
    comparison of that paragraph, not of the story. A stretch too long to compare word by word
    (`MAX_WORD_PAIRS`) is shown removed and added whole."""
    cut = _LEVELS[level]
    old_parts, new_parts = cut(old), cut(new)
    words = level == len(_LEVELS) - 1
    if words and len(old_parts) * len(new_parts) > MAX_WORD_PAIRS:
        sides.change(old_parts, new_parts)
        return
    matcher = SequenceMatcher(None, old_parts, new_parts, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            sides.equal("".join(old_parts[i1:i2]))
        elif words or not (i2 > i1 and j2 > j1):
            sides.change(old_parts[i1:i2], new_parts[j1:j2])
        else:
            _diff(sides, "".join(old_parts[i1:i2]), "".join(new_parts[j1:j2]), level + 1)


def word_diff(label: str, old: str, new: str) -> DiffRow:
    """Mark removed words with <del> on the old side and added words with <ins> on the new."""
    sides = _Sides()
    _diff(sides, old or "", new or "")
    return DiffRow(
        label,
        mark_safe("".join(sides.old)),
        mark_safe("".join(sides.new)),
        sides.removed,
        sides.added,
    )


def _briefs_text(briefs: list[dict]) -> str:
    return "\n\n".join(
        "\n".join([box["heading"], *(f"• {item}" for item in box["items"])]) for box in briefs
    )


def _captions_text(photos: list[dict]) -> str:
    return "\n\n".join(
        " ".join(part for part in (p.get("caption", ""), p.get("credit_line", "")) if part)
        for p in photos
    )


def _dateline_text(snapshot: dict) -> str:
    place_and_date = ", ".join(
        p for p in (snapshot["dateline_place"], snapshot["dateline_date"]) if p
    )
    agency = f"({snapshot['agency']})" if snapshot["agency"] else ""
    return " ".join(p for p in (place_and_date, agency) if p)


def snapshot_diff(old: dict, new: dict) -> list[DiffRow]:
    """Compare two revision snapshots, part by part, in the order a reader meets them."""
    return [
        word_diff("Headline", old["headline"], new["headline"]),
        word_diff("Standfirst", old["standfirst"], new["standfirst"]),
        word_diff("Byline", old["byline"], new["byline"]),
        word_diff("Dateline", _dateline_text(old), _dateline_text(new)),
        word_diff("Body", old["body"], new["body"]),
        word_diff("Briefs", _briefs_text(old["briefs"]), _briefs_text(new["briefs"])),
        word_diff("Photo captions", _captions_text(old["photos"]), _captions_text(new["photos"])),
    ]
