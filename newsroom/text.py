"""Text that every consumer can carry.

XML 1.0 (the RSS and Atom feeds, sitemaps) allows only tab, line feed and carriage return
among the C0 controls, and no surrogates, U+FFFE or U+FFFF (XML 1.0, section 2.2, "Char").
JSON consumers and UTF-8 itself cannot carry a lone surrogate. Copy pasted from word processors
and agency systems carries such characters, and `clean_text` makes text of them:

- Line breaks of every convention (CR LF, CR alone, vertical tab and form feed from word
  processors, the information separators U+001C to U+001F, LINE SEPARATOR U+2028) become a
  line feed; PARAGRAPH SEPARATOR U+2029 becomes a blank line, which separates paragraphs.
- The C1 controls U+0080 to U+009F are, in copy, Windows-1252 punctuation decoded as
  ISO-8859-1 (a curly apostrophe arriving as U+0092, a dash as U+0096): each becomes the
  character Windows-1252 means, as browsers read such text (WHATWG Encoding Standard: the
  label "iso-8859-1" is Windows-1252).
- Any other character that cannot be carried is removed; between two words it leaves a space,
  so that words never run together.

For one-line fields it also turns every run of white space (line breaks, tabs, no-break and
other Unicode spaces) into one space.

At both ends, white space and the invisible format characters that pasted text carries (zero
width space, joiners, word joiner, byte order mark, soft hyphen, direction marks and overrides,
Hangul fillers, the blank Braille pattern, tag characters) are removed,
so that a field holding nothing visible is empty, and refused where text is required. Inside the
text they stay: a zero width joiner binds an emoji sequence, a non-joiner shapes Persian.
"""

import re

_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x1c-\x1f]")
_UNDEFINED_IN_CP1252 = frozenset(b"\x81\x8d\x8f\x90\x9d")
_C1_AS_CP1252 = {
    0x80 + i: bytes([0x80 + i]).decode("cp1252")
    for i in range(32)
    if 0x80 + i not in _UNDEFINED_IN_CP1252
}
_NOT_TEXT = "\x00-\x08\x0e-\x1b\x7f-\x9f\ud800-\udfff\ufffe\uffff"
_BETWEEN_WORDS = re.compile(f"(?<=\\S)[{_NOT_TEXT}]+(?=[^\\s{_NOT_TEXT}])")
_ANYWHERE = re.compile(f"[{_NOT_TEXT}]")
_WHITE_SPACE = re.compile(r"\s+")
# Format characters, and "letters" that draw nothing (Hangul fillers, the blank Braille
# pattern, the combining grapheme joiner), which pasted text and pranks carry.
_INVISIBLE = (
    "\u00ad\u034f\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u206f\u2800\u3164\ufe0f\uffa0\ufeff\U000e0000-\U000e007f"
)
INVISIBLE = re.compile(f"[{_INVISIBLE}]")
_INVISIBLE_ENDS = re.compile(f"^[\\s{_INVISIBLE}]+|[\\s{_INVISIBLE}]+$")


def clean_text(value: str, *, one_line: bool = False) -> str:
    """`value` without the characters XML 1.0 or UTF-8 cannot carry, stripped at both ends.
    With `one_line`, white space inside collapses to single spaces."""
    if any(c in value for c in "\r\x0b\x0c\x1c\x1d\x1e\x1f"):  # cheaper than the search
        value = _LINE_BREAKS.sub("\n", value)
    if "\u2028" in value or "\u2029" in value:  # Unicode's own line and paragraph separators
        value = value.replace("\u2028", "\n").replace("\u2029", "\n\n")
    if _ANYWHERE.search(value):  # most text has nothing to remove: skip the slower passes
        value = value.translate(_C1_AS_CP1252)
        value = _ANYWHERE.sub("", _BETWEEN_WORDS.sub(" ", value))
    if one_line:
        value = _WHITE_SPACE.sub(" ", value)
    value = value.strip()
    if value and (INVISIBLE.match(value[0]) or INVISIBLE.match(value[-1])):
        value = _INVISIBLE_ENDS.sub("", value)
    return value


def has_unwanted_characters(value: str) -> bool:
    """Whether `clean_text` would remove or replace anything but white space at the ends."""
    return _ANYWHERE.search(value) is not None or _LINE_BREAKS.search(value) is not None
