"""IPTC ninjs export (3.1 by default, 2.2 on request), from the API's detail representation.

Choices where the standard leaves room:
- `uri` identifies the item by its id (`{NINJS_URI_BASE}story/42`); the canonical web page is a
  `text/html` rendition. `version` counts public versions: 1 plus the updates and corrections.
- Bodies come twice with role `main`, as HTML and as plain text: alternatives of the same content.
  The briefs and the public record of updates follow the paragraphs inside each body (as
  `<aside class="brief-box">` and `<aside class="story-updates">`), because consumers render one
  body and ninjs has no other publishable place for them.
- The dateline goes into `located` (place) and a `descriptions` entry with role `dateline`.
- Photos are `associations` of type `picture` named `lead` or `inline-<id>` (3.1 adds `rel`,
  which 2.2 does not allow); caption, alt text and credit line are descriptions, the photographer
  `by`, the agency `infoSources` and `copyrightHolder` (the photographer when there is no
  agency), the copyright notice `copyrightNotice`.
- 2.2 is 3.1 with lowercase property names and no association `rel`.
"""

import json
import re
from datetime import datetime
from html import escape
from html.parser import HTMLParser

from django.conf import settings
from django.utils.encoding import iri_to_uri

from . import wire

NINJS_VERSIONS = {"3": "3.1", "2": "2.2"}
_MEDIA_TYPES = {"jpeg": "image/jpeg", "webp": "image/webp", "avif": "image/avif"}
_LOWERCASE = {
    "versionCreated": "versioncreated",
    "firstCreated": "firstcreated",
    "pubStatus": "pubstatus",
    "representationType": "representationtype",
    "contentType": "contenttype",
    "wordCount": "wordcount",
    "infoSources": "infosources",
    "copyrightNotice": "copyrightnotice",
    "copyrightHolder": "copyrightholder",
}


def item_uri(kind: str, pk: int) -> str:
    return f"{settings.NINJS_URI_BASE}{kind}/{pk}"


def _human_time(value: str) -> str:
    return datetime.fromisoformat(value.replace("Z", "+00:00")).strftime("%-d %B %Y, %H:%M UTC")


def _text(role: str, value: str) -> dict:
    return {"role": role, "contentType": "text/plain", "value": value}


def body_html(data: dict) -> str:
    parts = [data["body_html"]]
    for box in data["briefs"]:
        items = "".join(f"<li>{escape(item)}</li>" for item in box["items"])
        parts.append(
            f'<aside class="brief-box"><h2>{escape(box["heading"])}</h2><ul>{items}</ul></aside>'
        )
    if data["updates"]:
        entries = "".join(
            f'<li data-kind="{u["kind"]}">'
            f'<time datetime="{u["time"]}">{_human_time(u["time"])}</time> '
            f"{u['kind'].capitalize()}: {escape(u['note'])}</li>"
            for u in data["updates"]
        )
        parts.append(f'<aside class="story-updates"><h2>Updates</h2><ul>{entries}</ul></aside>')
    return "".join(parts)


def body_text(data: dict) -> str:
    parts = list(data["body"])
    for box in data["briefs"]:
        parts.append("\n".join([box["heading"], *(f"• {item}" for item in box["items"])]))
    for update in data["updates"]:
        parts.append(
            f"{update['kind'].capitalize()} ({_human_time(update['time'])}): {update['note']}"
        )
    return "\n\n".join(parts)


def _picture(photo: dict, photo_id: int, language: str, *, with_rel: bool) -> dict:
    association = {"name": "lead" if photo["role"] == "lead" else f"inline-{photo_id}"}
    if with_rel:
        association["rel"] = photo["role"]
    descriptions = [
        _text(role, value)
        for role, value in (
            ("caption", photo["caption"]),
            ("altText", photo["alt_text"]),
            ("creditline", photo["credit"]),
        )
        if value
    ]
    association.update(
        {
            "uri": item_uri("photo", photo_id),
            "type": "picture",
            "language": language,
            "by": photo["photographer"],
            "infoSources": [{"name": photo["agency"]}] if photo["agency"] else [],
            "copyrightHolder": photo["agency"] or photo["photographer"],
            "copyrightNotice": photo["copyright"],
            "descriptions": descriptions,
            "renditions": [
                {
                    "name": r["name"],
                    "href": iri_to_uri(r["url"]),
                    "contentType": _MEDIA_TYPES[r["format"]],
                    "width": r["width"],
                    "height": r["height"],
                }
                for r in photo["renditions"]
            ],
        }
    )
    return _without_empty(association)


def _without_empty(document: dict) -> dict:
    return {key: value for key, value in document.items() if value not in ([], None, "")}


def _lowercase(value):
    if isinstance(value, dict):
        return {_LOWERCASE.get(k, k): _lowercase(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_lowercase(item) for item in value]
    return value


def article_ninjs(story: dict, data: dict, *, version: str) -> dict:
    """`story` is the selector's plain data (for ids), `data` the detail representation."""
    standard = NINJS_VERSIONS[version]
    three = standard.startswith("3")
    dateline = ", ".join(p for p in (data["dateline"]["place"], data["dateline"]["date"]) if p)
    words = data["word_count"]
    bodies = [
        {"role": "main", "contentType": "text/html", "value": body_html(data)},
        {"role": "main", "contentType": "text/plain", "value": body_text(data)},
    ]
    if words:
        for body in bodies:
            body["wordCount"] = words
    subjects = []
    if data["section"]:
        subjects.append(
            {
                "name": data["section"]["name"],
                "rel": "section",
                "uri": f"{settings.NINJS_URI_BASE}section/{data['section']['slug']}",
            }
        )
    subjects += [
        {"name": tag["name"], "rel": "tag", "uri": f"{settings.NINJS_URI_BASE}tag/{tag['slug']}"}
        for tag in data["tags"]
    ]
    pictures = [
        _picture(photo, placed["photo_id"], data["language"], with_rel=three)
        for photo, placed in zip(data["photos"], story["photos"], strict=True)
    ]
    document = _without_empty(
        {
            "standard": {
                "name": "ninjs",
                "version": standard,
                "schema": f"http://www.iptc.org/std/ninjs/ninjs-schema_{standard}.json",
            },
            "uri": item_uri("story", story["pk"]),
            "type": "composite" if pictures else "text",
            "representationType": "full",
            "version": str(1 + len(data["updates"])),
            "firstCreated": data["first_published_at"],
            "versionCreated": data["last_updated_at"] or data["first_published_at"],
            "pubStatus": "usable",
            "language": data["language"],
            "slugline": data["slug"],
            "headlines": [_text("main", data["headline"])],
            "descriptions": [
                _text(role, value)
                for role, value in (("summary", data["standfirst"]), ("dateline", dateline))
                if value
            ],
            "by": data["byline"],
            "infoSources": [{"name": data["agency"]}] if data["agency"] else [],
            "located": data["dateline"]["place"],
            "bodies": bodies,
            "subjects": subjects,
            "renditions": [
                {
                    "name": "web",
                    "href": iri_to_uri(data["canonical_url"]),
                    "contentType": "text/html",
                    "title": "The story on the website",
                }
            ],
            "associations": pictures,
        }
    )
    return document if three else _lowercase(document)


# --- Import: ninjs 1.x, 2.x and 3.x into the parsed-story structure the importer takes --------


class NinjsError(ValueError):
    """The document is not a ninjs news item this newsroom can read."""


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
        reader.feed(_first(markup, ("main", "richtext", "html", "")))
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
    agencies = _names(item.get({"3": "infoSources", "2": "infosources", "1": "infosource"}[major]))
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


def _ninjs_to_story(document) -> wire.WireStory:
    if not isinstance(document, dict) or not isinstance(document.get("uri"), str):
        raise NinjsError("A ninjs document is a JSON object with a uri.")
    major = ninjs_major_version(document)
    headline = _first(_texts(document, major, "headline"))
    if not headline:
        raise NinjsError("The ninjs document has no headline.")
    body, boxes = _body(document, major)
    descriptions = _texts(document, major, "description")
    dateline = _first([d for d in descriptions if d["role"] == "dateline"], ("dateline",))
    agencies = _names(
        document.get({"3": "infoSources", "2": "infosources", "1": "infosource"}[major])
    )
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
    place = str(document.get("located") or "") or None
    date = dateline.split(",", 1)[1].strip() if place and dateline.startswith(f"{place},") else None
    version = str(document.get("version") or "1")
    return wire.WireStory(
        headline=headline,
        is_update=version.isdigit() and int(version) > 1,
        dateline=wire.Dateline(place=place, date=date),
        agency=agencies[0] if agencies else None,
        body=body,
        briefs=boxes,
        photos=[caption for _, caption in pictures],
        standfirst=_first(
            [d for d in descriptions if d["role"] in ("summary", "abstract")],
            ("summary", "abstract"),
        ),
        byline=str(document.get("by" if major != "1" else "byline") or ""),
        language=str(document.get("language") or "en"),
        external_id=document["uri"],
    )
