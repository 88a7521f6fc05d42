"""Word-level, side-by-side differences between two revisions of a story."""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_TOKENS = re.compile(r"\s+|[^\s]+")


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


def _count_words(tokens: list[str]) -> int:
    return sum(1 for token in tokens if not token.isspace())


def word_diff(label: str, old: str, new: str) -> DiffRow:
    """Mark removed words with <del> on the old side and added words with <ins> on the new."""
    old_tokens, new_tokens = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    matcher = SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    old_parts, new_parts, removed, added = [], [], 0, 0
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        old_text, new_text = escape("".join(old_tokens[i1:i2])), escape("".join(new_tokens[j1:j2]))
        if tag == "equal":
            old_parts.append(old_text)
            new_parts.append(new_text)
            continue
        if i2 > i1:
            old_parts.append(f"<del>{old_text}</del>")
            removed += _count_words(old_tokens[i1:i2])
        if j2 > j1:
            new_parts.append(f"<ins>{new_text}</ins>")
            added += _count_words(new_tokens[j1:j2])
    return DiffRow(
        label, mark_safe("".join(old_parts)), mark_safe("".join(new_parts)), removed, added
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
