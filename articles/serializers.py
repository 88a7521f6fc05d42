"""The public representation of a story, shared by the API, the feeds and the preview links.

Plain functions over the dictionaries the selectors return: no query happens here, and no
model instance is needed.
"""

import re
from collections.abc import Callable

import orjson
from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.urls import reverse
from django.utils.encoding import filepath_to_uri
from django.utils.html import escape

from media.models import credit_line
from media.storage import rendition_storage

from .text_rules import paragraphs

Absolute = Callable[[str], str]
_URL_SAFE = re.compile(r"[A-Za-z0-9/._~-]*")


def media_url_maker(absolute: Absolute) -> Callable[[str], str]:
    """Absolute URLs of stored files. Local storage: one base for the whole response (the
    storage's own `url()` costs more than the rest of a rendition's serialisation)."""
    if isinstance(rendition_storage, FileSystemStorage):
        base = absolute(rendition_storage.base_url)
        # Names the project stores (renditions/…/w640.webp) need no escaping; others are quoted.
        return lambda name: base + (name if _URL_SAFE.fullmatch(name) else filepath_to_uri(name))
    # Object storage: plain public URLs (media/storage.py), absolute already.
    return lambda name: absolute(rendition_storage.url(name))


def iso(value) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def canonical_url(slug: str) -> str:
    return settings.PUBLIC_STORY_URL_TEMPLATE.format(slug=slug)


def _rendition(rendition: dict, media_url: Callable[[str], str]) -> dict:
    return {
        "name": rendition["name"],
        "url": media_url(rendition["file"]),
        "width": rendition["width"],
        "height": rendition["height"],
        "format": rendition["format"],
    }


def photo_data(photo: dict, media_url: Callable[[str], str]) -> dict:
    renditions = [_rendition(r, media_url) for r in photo["renditions"]]
    srcset: dict[str, dict[int, str]] = {}
    for rendition in sorted(renditions, key=lambda r: r["width"]):
        if rendition["name"].startswith("w"):
            # A photo narrower than a spec has several widths at its own size: list it once.
            widths = srcset.setdefault(rendition["format"], {})
            widths.setdefault(rendition["width"], f"{rendition['url']} {rendition['width']}w")
    return {
        "role": photo["role"],
        "caption": photo["caption_override"] or photo["caption"],
        "alt_text": photo["alt_text"],
        "credit": credit_line(
            agency=photo["agency"],
            photographer=photo["photographer"],
            override=photo["credit_line_override"],
        ),
        "photographer": photo["photographer"],
        "agency": photo["agency"],
        "copyright": photo["copyright_notice"],
        "width": photo["width"],
        "height": photo["height"],
        "renditions": renditions,
        "srcset": {fmt: ", ".join(widths.values()) for fmt, widths in srcset.items()},
    }


def _api_base(absolute: Absolute) -> str:
    return absolute(reverse("api-article-list"))


def _contributors(value) -> list[dict]:
    """The stored [{name, role}]; a prepared query gives the column's JSON text."""
    people = orjson.loads(value) if isinstance(value, str | bytes) else value or []
    return [{"name": c["name"], "role": c["role"]} for c in people]


def _common(story: dict, api_base: str) -> dict:
    return {
        "slug": story["slug"],
        "url": f"{api_base}{story['slug']}/",
        "canonical_url": canonical_url(story["slug"]),
        "headline": story["headline"],
        "display_label": "UPDATED" if story["is_updated"] else None,
        "is_updated": story["is_updated"],
        "standfirst": story["standfirst"],
        "byline": story["byline"],
        "contributors": _contributors(story["contributors"]),
        "agency": story["agency"] or None,
        "dateline": {
            "place": story["dateline_place"] or None,
            "date": story["dateline_date"] or None,
        },
        "section": (
            {"name": story["section_name"], "slug": story["section_slug"]}
            if story["section_slug"]
            else None
        ),
        "language": story["language"],
        "first_published_at": iso(story["first_published_at"]),
        "last_updated_at": iso(story["last_public_update_at"]),
        "modified_at": iso(story["public_changed_at"]),
        "version": story["public_version"],
        "reading_time_minutes": story["reading_time_minutes"],
    }


def article_list_items(stories: list[dict], *, absolute: Absolute) -> list[dict]:
    media_url, api_base = media_url_maker(absolute), _api_base(absolute)
    return [
        {
            **_common(story, api_base),
            "lead_photo": photo_data(story["lead_photo"], media_url)
            if story["lead_photo"]
            else None,
        }
        for story in stories
    ]


def article_detail_data(story: dict, *, absolute: Absolute) -> dict:
    body = paragraphs(story["body"])
    media_url = media_url_maker(absolute)
    photos = [photo_data(p, media_url) for p in story["photos"]]
    data = {
        **_common(story, _api_base(absolute)),
        "word_count": story["word_count"],
        "tags": [{"name": t["name"], "slug": t["slug"]} for t in story["tags"]],
        "body": body,
        "body_html": "".join(f"<p>{escape(p)}</p>" for p in body),
        "briefs": story["briefs"],
        "photos": photos,
        "updates": [
            {"kind": u["kind"], "note": u["note"], "time": iso(u["time"])} for u in story["updates"]
        ],
        "embargoed_until": iso(story["embargo_until"]),
    }
    data["json_ld"] = json_ld(data)
    return data


def json_ld(data: dict) -> dict:
    """schema.org NewsArticle, built from the detail representation."""
    images = [
        rendition["url"]
        for photo in data["photos"]
        if photo["role"] == "lead"
        for rendition in photo["renditions"]
        if rendition["name"] in ("social.jpeg", "card.jpeg", "square.jpeg")
    ]
    authors = (
        [{"@type": "Person", "name": data["byline"]}]
        if data["byline"]
        else [{"@type": "Organization", "name": data["agency"] or settings.PUBLISHER_NAME}]
    )
    document = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": data["headline"][:110],
        "datePublished": data["first_published_at"],
        "dateModified": data["modified_at"],
        "mainEntityOfPage": data["canonical_url"],
        "url": data["canonical_url"],
        "image": images,
        "author": authors,
        "publisher": {"@type": "Organization", "name": settings.PUBLISHER_NAME},
        "inLanguage": data["language"],
    }
    if data["standfirst"]:
        document["description"] = data["standfirst"]
    if data["word_count"]:
        document["wordCount"] = data["word_count"]
    if data["section"]:
        document["articleSection"] = data["section"]["name"]
    if data["tags"]:
        document["keywords"] = [tag["name"] for tag in data["tags"]]
    if corrections := _corrections(data):
        document["correction"] = corrections
    return document


def _corrections(data: dict) -> list[dict]:
    """schema.org `correction`: each correction on the story's public record."""
    return [
        {"@type": "CorrectionComment", "text": u["note"], "datePublished": u["time"]}
        for u in data["updates"]
        if u["kind"] == "correction"
    ]
