"""Reading ninjs 1.x, 2.x and 3.x news items into the parsed-story structure the importer
takes (`articles.wire.WireStory`), from partners and agencies that send ninjs.

Choices: the version comes from `standard`/`$standard` where given, else from the property
names only one version uses. The first body with markup is read for paragraphs (and our own
brief boxes); plain text splits on blank lines. Pictures come from `associations`, the one
with `rel` or name `lead` first. A `version` above 1 marks the story as updated.
"""

import json
import re
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


def _texts(document: dict, major: str, kind: str) -> list[dict]:
    """headlines, bodies or descriptions as [{role, type, value}], whatever the version."""
    if major != "1":
        entries = document.get({"body": "bodies"}.get(kind, f"{kind}s")) or []
        return [
            {
                "role": str(e.get("role") or "").lower(),
                "type": str(e.get(_key(major, "contentType")) or "").lower(),
                "value": str(e.get("value") or ""),
            }
            for e in entries
            if isinstance(e, dict)
        ]
    found = [{"role": "main", "type": "", "value": str(document[kind])}] if kind in document else []
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


class _BodyReader(HTMLParser):
    """Paragraphs from <p>, and our own brief boxes from <aside class="brief-box">."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.boxes: list[wire.BriefBox] = []
        self._aside: str | None = None
        self._tag: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "aside":
            self._aside = dict(attrs).get("class") or ""
            if self._aside == "brief-box":
                self.boxes.append(wire.BriefBox(heading=""))
        elif tag in ("p", "h2", "li"):
            self._tag, self._text = tag, []

    def handle_endtag(self, tag):
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
    text = _first(bodies, ("main", "text", ""))
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()], []


def _names(value) -> list[str]:
    return [str(v["name"]) for v in value or [] if isinstance(v, dict) and v.get("name")]


def _read_picture(item: dict, name: str, major: str) -> tuple[str, wire.Caption] | None:
    if item.get("type") not in ("picture", "graphic", None):
        return None
    descriptions = _texts(item, major, "description")
    by = str(item.get("by" if major != "1" else "byline") or "")
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
    place = str(document.get("located") or "") or None
    date = dateline.split(",", 1)[1].strip() if place and dateline.startswith(f"{place},") else None
    return wire.Dateline(place=place, date=date)


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
        byline=str(document.get("by" if major != "1" else "byline") or ""),
        language=str(document.get("language") or "en"),
        external_id=document["uri"],
    )
