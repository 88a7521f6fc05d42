"""Reading ninjs 1.x, 2.x and 3.x news items into the parsed-story structure the importer
takes (`articles.wire.WireStory`), from partners and agencies that send ninjs.

Choices: the version comes from `standard`/`$standard` where given, else from the property
names only one version uses. The first body with markup is read for paragraphs (and our own
brief boxes); plain text splits on blank lines. Pictures come from `associations`, the one
with `rel` or name `lead` first. A `version` above 1 marks the story as updated.
"""

import json
import re
from datetime import UTC, datetime
from html.parser import HTMLParser

from .. import wire


class NinjsError(ValueError):
    """The document is not a ninjs news item this newsroom can read."""


_INFO_SOURCES = {"3": "infoSources", "2": "infosources", "1": "infosource"}
_THREE_ONLY = {
    "versionCreated",
    "firstCreated",
    "pubStatus",
    "infoSources",
    "altIds",
    "copyrightNotice",
    "copyrightHolder",
    "representationType",
    "embargoedUntil",
}


def ninjs_major_version(document: dict) -> str:
    standard = document.get("standard") or document.get("$standard") or {}
    if isinstance(standard, dict) and str(standard.get("version", ""))[:1] in ("1", "2", "3"):
        return str(standard["version"])[:1]
    keys = set(document)
    if keys & _THREE_ONLY:
        return "3"
    if (
        keys & {"headline", "byline", "person", "subject", "infosource", "$standard"}
        or any(re.match(r"^(headline|body|description)_", key) for key in keys)
        or isinstance(document.get("associations"), dict)
        or isinstance(document.get("renditions"), dict)
    ):
        return "1"
    return "3" if '"contentType"' in json.dumps(document) else "2"


def _key(major: str, camel: str) -> str:
    return camel if major == "3" else camel.lower()


def _string(value, what: str) -> str:
    """A text property as text: absent or null is empty; a list, an object or a number where
    ninjs has text is refused, never stored as its Python form."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise NinjsError(f"{what} must be text, not {type(value).__name__}.")
    return value


def _texts(document: dict, major: str, kind: str) -> list[dict]:
    """headlines, bodies or descriptions as [{role, type, value}], whatever the version."""
    if major != "1":
        name = {"body": "bodies"}.get(kind, f"{kind}s")
        entries = document.get(name)
        if entries is None:
            return []
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise NinjsError(f"{name} must be a list of objects.")
        return [
            {
                "role": _string(e.get("role"), f"{name} role").lower(),
                "type": _string(e.get(_key(major, "contentType")), f"{name} type").lower(),
                "value": _string(e.get("value"), f"{name} value"),
            }
            for e in entries
        ]
    found = (
        [{"role": "main", "type": "", "value": _string(document[kind], kind)}]
        if kind in document
        else []
    )
    for key, value in document.items():
        if key.startswith(f"{kind}_") and isinstance(value, str):
            found.append({"role": key[len(kind) + 1 :].lower(), "type": key, "value": value})
    return found


def _first(entries: list[dict], roles=("main", "")) -> str:
    for role in roles:
        for entry in entries:
            if entry["role"] == role and entry["value"].strip():
                return entry["value"].strip()
    return next((e["value"].strip() for e in entries if e["value"].strip()), "")


_BLOCKS = frozenset(
    "p div section article header footer blockquote h1 h2 h3 h4 h5 h6 li ul ol table tr br hr "
    "figure figcaption pre".split()
)
_HIDDEN = frozenset({"script", "style", "template", "svg", "math", "head", "title"})


class _BodyReader(HTMLParser):
    """Paragraphs from <p>, and our own brief boxes from <aside class="brief-box">. Markup
    without <p> is read as text too (`loose`): the text of its blocks, never the tags, nor
    comments, scripts, styles or drawings."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.boxes: list[wire.BriefBox] = []
        self._aside: str | None = None
        self._tag: str | None = None
        self._text: list[str] = []
        self._loose: list[str] = []
        self._hidden = 0

    def loose(self) -> list[str]:
        """The text of the markup's blocks, one paragraph each."""
        blocks = re.split(r"\n\s*\n", "".join(self._loose))
        return [text for block in blocks if (text := " ".join(block.split()))]

    def handle_starttag(self, tag, attrs):
        if tag in _HIDDEN:
            self._hidden += 1
        if tag in _BLOCKS:
            self._loose.append("\n\n")
        if tag == "aside":
            self._aside = dict(attrs).get("class") or ""
            if self._aside == "brief-box":
                self.boxes.append(wire.BriefBox(heading=""))
        elif tag in ("p", "h2", "li"):
            self._tag, self._text = tag, []

    def handle_endtag(self, tag):
        if tag in _HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        if tag in _BLOCKS:
            self._loose.append("\n\n")
        if tag == "aside":
            self._aside = None
        elif tag == self._tag:
            text = " ".join("".join(self._text).split())
            if self._aside == "brief-box" and self.boxes:
                if tag == "h2":
                    self.boxes[-1].heading = text
                elif tag == "li" and text:
                    self.boxes[-1].items.append(text)
            elif self._aside is None and tag == "p" and text:
                self.paragraphs.append(text)
            self._tag = None

    def handle_data(self, data):
        if self._tag is not None:
            self._text.append(data)
        if not self._hidden:
            self._loose.append(data)


def _body(document: dict, major: str) -> tuple[list[str], list[wire.BriefBox]]:
    bodies = _texts(document, major, "body")
    markup = [b for b in bodies if "html" in b["type"] or "xml" in b["type"] or "<p" in b["value"]]
    if markup:
        reader = _BodyReader()
        try:
            reader.feed(_first(markup, ("main", "richtext", "html", "")))
            reader.close()
        except AssertionError as error:  # html.parser's way of giving up on malformed markup
            raise NinjsError(f"The body's HTML cannot be read ({error}).") from None
        if reader.paragraphs:
            return reader.paragraphs, reader.boxes
        plain = [b for b in bodies if b not in markup]
        if not plain:  # the markup's own text, never the markup
            return reader.loose(), reader.boxes
        bodies = plain
    text = _first(bodies, ("main", "text", ""))
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()], []


def _names(value) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise NinjsError("infoSources must be a list of objects with a name.")
    return [
        _string(v["name"], "an infoSource's name")
        for v in value
        if isinstance(v, dict) and v.get("name")
    ]


def _read_picture(item: dict, name: str, major: str) -> tuple[str, wire.Caption] | None:
    if item.get("type") not in ("picture", "graphic", None):
        return None
    descriptions = _texts(item, major, "description")
    by = _string(item.get("by" if major != "1" else "byline"), "by")
    agencies = _names(item.get(_INFO_SOURCES[major]))
    caption = _first(descriptions, ("caption", "text", "main", "summary", ""))
    credit = _first(
        [d for d in descriptions if d["role"] in ("creditline", "credit")], ("creditline", "credit")
    )
    lead = item.get("rel") == "lead" or name.lower() in ("lead", "mainpic", "main", "featuremedia")
    if not caption:
        return None
    return ("lead" if lead else "inline"), wire.Caption(
        caption=caption,
        credit=credit or "/".join(p for p in (agencies[0] if agencies else "", by) if p) or None,
        agency=agencies[0] if agencies else None,
        photographer=by or None,
    )


def ninjs_to_story(document) -> wire.WireStory:
    """Read a ninjs 1.x, 2.x or 3.x document. Raises `NinjsError` for anything else."""
    try:
        return _ninjs_to_story(document)
    except NinjsError:
        raise
    except (TypeError, AttributeError, ValueError, KeyError, IndexError) as error:
        raise NinjsError(
            f"The ninjs document is malformed ({type(error).__name__}: {error})."
        ) from None


def _pictures(document: dict, major: str) -> list[wire.Caption]:
    """The pictures among the associations (a dict by name, or a list), the lead first."""
    associations = document.get("associations") or {}
    items = (
        list(associations.items())
        if isinstance(associations, dict)
        else [(str(a.get("name", "")), a) for a in associations if isinstance(a, dict)]
    )
    pictures = [
        p
        for name, item in items
        if isinstance(item, dict) and (p := _read_picture(item, name, major))
    ]
    pictures.sort(key=lambda p: p[0] != "lead")
    return [caption for _, caption in pictures]


def _dateline(document: dict, descriptions: list[dict]) -> wire.Dateline:
    dateline = _first([d for d in descriptions if d["role"] == "dateline"], ("dateline",))
    place = _string(document.get("located"), "located") or None
    date = dateline.split(",", 1)[1].strip() if place and dateline.startswith(f"{place},") else None
    return wire.Dateline(place=place, date=date)


def _embargo(document: dict, major: str) -> tuple[str, datetime | None, str]:
    """The embargo as the story keeps it: `embargoedUntil` (3.x) or `embargoed` (1.x, 2.x),
    an ISO 8601 date-time with its offset. A `pubStatus` of withheld holds the story back
    as an embargo without a time does. Raises `NinjsError` for a canceled item or a date-time
    that is not one."""
    status = document.get("pubStatus" if major == "3" else "pubstatus") or "usable"
    if status == "canceled":
        raise NinjsError(
            "The document's pubStatus is canceled: its source killed the story. It is not "
            "imported; kill the story here if it was published."
        )
    value = document.get("embargoedUntil" if major == "3" else "embargoed")
    if value is None:
        if status == "withheld":
            return "pubStatus withheld", None, "its source withholds it"
        return "", None, ""
    try:
        moment = datetime.fromisoformat(_string(value, "embargoedUntil"))
        moment = moment.astimezone(UTC) if moment.tzinfo else None
    except (ValueError, OverflowError):
        moment = None
    if moment is None:
        raise NinjsError(
            f"The embargo ({str(value)[:40]!r}) is not an ISO 8601 date-time with its offset."
        )
    return str(value), moment, ""


def _ninjs_to_story(document) -> wire.WireStory:
    if not isinstance(document, dict) or not isinstance(document.get("uri"), str):
        raise NinjsError("A ninjs document is a JSON object with a uri.")
    major = ninjs_major_version(document)
    headline = _first(_texts(document, major, "headline"))
    if not headline:
        raise NinjsError("The ninjs document has no headline.")
    body, boxes = _body(document, major)
    descriptions = _texts(document, major, "description")
    agencies = _names(document.get(_INFO_SOURCES[major]))
    version = str(document.get("version") or "1")
    embargo, embargo_until, embargo_problem = _embargo(document, major)
    return wire.WireStory(
        headline=headline,
        is_update=version.isdigit() and int(version) > 1,
        dateline=_dateline(document, descriptions),
        agency=agencies[0] if agencies else None,
        body=body,
        briefs=boxes,
        photos=_pictures(document, major),
        standfirst=_first(
            [d for d in descriptions if d["role"] in ("summary", "abstract")],
            ("summary", "abstract"),
        ),
        byline=_string(document.get("by" if major != "1" else "byline"), "by"),
        language=_string(document.get("language"), "language") or "en",
        external_id=document["uri"],
        embargo=embargo,
        embargo_until=embargo_until,
        embargo_problem=embargo_problem,
    )
