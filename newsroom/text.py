"""Text that every consumer can carry.

XML 1.0 (the RSS and Atom feeds, sitemaps) allows only tab, line feed and carriage return
among the C0 controls, and no surrogates, U+FFFE or U+FFFF (XML 1.0, section 2.2, "Char").
JSON consumers and UTF-8 itself cannot carry a lone surrogate. Copy pasted from word processors
and agency systems carries such characters (vertical tab from line breaks, record separators,
stray escapes), and nothing a reader sees is lost by removing them. DEL and the C1 controls
(U+007F to U+009F) are removed too: they are never text, and in copy they are the trace of a
wrong decoding.

`clean_text` removes them; for one-line fields it also turns every run of white space (line
breaks, tabs, no-break and other Unicode spaces) into one space.
"""

import re

# Controls that stand for a break in the text (vertical tab and form feed from word processors,
# the information separators, NEL) become a line break, so that no two words run together.
_BREAKS = re.compile("[\x0b\x0c\x1c-\x1f\x85]")
_NOT_TEXT = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_WHITE_SPACE = re.compile(r"\s+")


def clean_text(value: str, *, one_line: bool = False) -> str:
    """`value` without the characters XML 1.0 or UTF-8 cannot carry, stripped at both ends.
    With `one_line`, white space inside collapses to single spaces."""
    value = _NOT_TEXT.sub("", _BREAKS.sub("\n", value))
    if one_line:
        value = _WHITE_SPACE.sub(" ", value)
    return value.strip()


def has_unwanted_characters(value: str) -> bool:
    return _NOT_TEXT.search(value) is not None or _BREAKS.search(value) is not None
