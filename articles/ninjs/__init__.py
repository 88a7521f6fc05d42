"""IPTC ninjs (https://iptc.org/standards/ninjs/): our stories out (`export.py`: 3.1 by default,
2.2 on request) and partners' news items in (`reading.py`: 1.x, 2.x and 3.x)."""

from .export import (
    NINJS_VERSIONS,
    article_ninjs,
    body_html,
    body_text,
    item_uri,
    killed_ninjs,
)
from .reading import NinjsError, ninjs_major_version, ninjs_to_story

__all__ = [
    "NINJS_VERSIONS",
    "NinjsError",
    "article_ninjs",
    "body_html",
    "body_text",
    "item_uri",
    "killed_ninjs",
    "ninjs_major_version",
    "ninjs_to_story",
]
