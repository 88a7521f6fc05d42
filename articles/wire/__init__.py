"""Wire copy: the parser (`parse`) and the story it gives (`WireStory`). See `parser`."""

from .pages import BOILERPLATE, PAGE_FURNITURE
from .parser import MAX_BYTES, decode, parse
from .story import (
    KINDS,
    BriefBox,
    Caption,
    Contributor,
    Dateline,
    WireParseError,
    WireStory,
    as_dict,
)

__all__ = [
    "BOILERPLATE",
    "KINDS",
    "MAX_BYTES",
    "PAGE_FURNITURE",
    "BriefBox",
    "Caption",
    "Contributor",
    "Dateline",
    "WireParseError",
    "WireStory",
    "as_dict",
    "decode",
    "parse",
]
