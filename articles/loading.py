"""Turn an incoming file or request body into a parsed story: wire text or a ninjs document."""

import json

from .ninjs import NinjsError, ninjs_to_story
from .wire import WireParseError, WireStory, decode, parse


class IngestInputError(ValueError):
    """The input is neither readable wire copy nor a ninjs story; the message says why."""


def read_story(data: bytes, *, name: str = "", content_type: str = "") -> WireStory:
    looks_json = name.endswith(".json") or "json" in content_type or data.lstrip()[:1] == b"{"
    try:
        if looks_json:
            try:
                document = json.loads(decode(data))
            except json.JSONDecodeError as error:
                raise IngestInputError(f"The JSON is malformed: {error}.") from None
            return ninjs_to_story(document)
        return parse(data)
    except (WireParseError, NinjsError) as error:
        raise IngestInputError(str(error)) from None
