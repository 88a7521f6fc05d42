"""Turn an incoming file or request body into a parsed story: wire text or a ninjs document.

Every way a document can be unreadable ends as `IngestInputError` with the reason, never as
another exception: the API answers it with 400, the ingest command reports the file as failed.
"""

import json

from newsroom.text import clean_text, has_unwanted_characters

from .ninjs import NinjsError, ninjs_to_story
from .wire import WireParseError, WireStory, decode, parse


class IngestInputError(ValueError):
    """The input is neither readable wire copy nor a ninjs story; the message says why."""


# ninjs items nest a few levels (associations of associations); far deeper is not news.
MAX_JSON_DEPTH = 64


def _json_depth(value, limit: int) -> int:
    """How deeply `value` nests, counted without recursion and up to `limit` + 1."""
    deepest, pending = 0, [(value, 1)]
    while pending and deepest <= limit:
        item, depth = pending.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            children = item.values() if isinstance(item, dict) else item
            pending.extend((child, depth + 1) for child in children)
    return deepest


def _load_json(data: bytes):
    too_deep = f"The JSON nests deeper than {MAX_JSON_DEPTH} levels; a ninjs item never does."
    try:
        document = json.loads(decode(data))
    except json.JSONDecodeError as error:
        raise IngestInputError(f"The JSON is malformed: {error}.") from None
    except RecursionError:
        raise IngestInputError(too_deep) from None
    if _json_depth(document, MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
        raise IngestInputError(too_deep)
    return _carried(document)


def _carried(value):
    """The document with every text made of characters UTF-8 can carry: JSON escapes can
    spell lone surrogates ("\\udc00"), which no text may keep. Only called on documents within
    `MAX_JSON_DEPTH`."""
    if isinstance(value, str):
        return clean_text(value) if has_unwanted_characters(value) else value
    if isinstance(value, list):
        return [_carried(item) for item in value]
    if isinstance(value, dict):
        return {_carried(key): _carried(item) for key, item in value.items()}
    return value


def read_story(data: bytes, *, name: str = "", content_type: str = "") -> WireStory:
    looks_json = name.endswith(".json") or "json" in content_type or data.lstrip()[:1] == b"{"
    try:
        if looks_json:
            return ninjs_to_story(_load_json(data))
        return parse(data)
    except (WireParseError, NinjsError) as error:
        raise IngestInputError(str(error)) from None
