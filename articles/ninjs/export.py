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

from datetime import datetime
from html import escape

from django.conf import settings
from django.utils.encoding import iri_to_uri

NINJS_VERSIONS = {"3": "3.1", "2": "2.2"}
_MEDIA_TYPES = {"jpeg": "image/jpeg", "webp": "image/webp", "avif": "image/avif"}
_LOWERCASE = {
    "versionCreated": "versioncreated",
    "firstCreated": "firstcreated",
    "pubStatus": "pubstatus",
    "embargoedUntil": "embargoed",
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


def _bodies(data: dict) -> list[dict]:
    bodies = [
        {"role": "main", "contentType": "text/html", "value": body_html(data)},
        {"role": "main", "contentType": "text/plain", "value": body_text(data)},
    ]
    if data["word_count"]:
        for body in bodies:
            body["wordCount"] = data["word_count"]
    return bodies


def _subjects(data: dict) -> list[dict]:
    filed = [("section", data["section"])] if data["section"] else []
    filed += [("tag", tag) for tag in data["tags"]]
    return [
        {
            "name": entry["name"],
            "rel": rel,
            "uri": f"{settings.NINJS_URI_BASE}{rel}/{entry['slug']}",
        }
        for rel, entry in filed
    ]


def _web_page(url: str) -> dict:
    return {
        "name": "web",
        "href": iri_to_uri(url),
        "contentType": "text/html",
        "title": "The story on the website",
    }


def _descriptions(data: dict) -> list[dict]:
    dateline = ", ".join(p for p in (data["dateline"]["place"], data["dateline"]["date"]) if p)
    return [
        _text(role, value)
        for role, value in (("summary", data["standfirst"]), ("dateline", dateline))
        if value
    ]


def _standard(version: str) -> dict:
    standard = NINJS_VERSIONS[version]
    return {
        "name": "ninjs",
        "version": standard,
        "schema": f"http://www.iptc.org/std/ninjs/ninjs-schema_{standard}.json",
    }


def killed_ninjs(killed: dict, *, version: str) -> dict:
    """The last version of a killed story (`pubStatus` canceled): its id, when it was killed
    and the kill notice, nothing of its text. `killed` as `selectors.article_kill_notice`."""
    document = {
        "standard": _standard(version),
        "uri": item_uri("story", killed["pk"]),
        "type": "text",
        "representationType": "partial",
        "versionCreated": killed["killed_at"],
        "pubStatus": "canceled",
        "descriptions": [_text("kill-notice", killed["notice"])],
    }
    return document if version == "3" else _lowercase(document)


def canceled_ninjs(pk: int, *, version: str) -> dict:
    """A story taken down or deleted, as its last ninjs version: canceled, nothing of it."""
    document = {
        "standard": _standard(version),
        "uri": item_uri("story", pk),
        "type": "text",
        "representationType": "partial",
        "pubStatus": "canceled",
    }
    return document if version == "3" else _lowercase(document)


def article_ninjs(story: dict, data: dict, *, version: str) -> dict:
    """The story as a ninjs document of `version` ("3" or "2", keys of `NINJS_VERSIONS`).
    `story` is the selector's plain data (for ids), `data` the detail representation."""
    standard = NINJS_VERSIONS[version]
    three = standard.startswith("3")
    pictures = [
        _picture(photo, placed["photo_id"], data["language"], with_rel=three)
        for photo, placed in zip(data["photos"], story["photos"], strict=True)
    ]
    document = _without_empty(
        {
            "standard": _standard(version),
            "uri": item_uri("story", story["pk"]),
            "type": "composite" if pictures else "text",
            "representationType": "full",
            "version": str(data["version"]),
            "firstCreated": data["first_published_at"],
            "versionCreated": data["modified_at"],
            "pubStatus": "usable",
            "embargoedUntil": data["embargoed_until"],
            "language": data["language"],
            "slugline": data["slug"],
            "headlines": [_text("main", data["headline"])],
            "descriptions": _descriptions(data),
            "by": data["byline"],
            # The trailer's contributors, their role as the relationship (nar:creator-like).
            "people": [{"name": c["name"], "rel": c["role"]} for c in data["contributors"]],
            "infoSources": [{"name": data["agency"]}] if data["agency"] else [],
            "located": data["dateline"]["place"],
            "bodies": _bodies(data),
            "subjects": _subjects(data),
            "renditions": [_web_page(data["canonical_url"])],
            "associations": pictures,
        }
    )
    return document if three else _lowercase(document)
