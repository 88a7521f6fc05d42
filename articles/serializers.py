"""The public representation of a story, shared by the API and the editors' preview links.

Plain functions over objects that the selectors have already loaded: no query happens here.
"""

from django.utils.html import escape


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _rendition_data(rendition, absolute) -> dict:
    return {
        "name": rendition.spec_name,
        "url": absolute(rendition.file.url),
        "width": rendition.width,
        "height": rendition.height,
        "format": rendition.format,
    }


def photo_placement_data(placement, absolute) -> dict:
    photo = placement.photo
    renditions = [
        _rendition_data(r, absolute)
        for r in photo.renditions.all()
        if r.source_checksum == photo.checksum
    ]
    srcset: dict[str, dict[int, str]] = {}
    for rendition in sorted(renditions, key=lambda r: r["width"]):
        if rendition["name"].startswith("w"):
            # A photo narrower than a spec has several widths at its own size: list it once.
            widths = srcset.setdefault(rendition["format"], {})
            widths.setdefault(rendition["width"], f"{rendition['url']} {rendition['width']}w")
    return {
        "role": placement.role,
        "caption": placement.caption,
        "alt_text": photo.alt_text,
        "credit": photo.credit_line,
        "photographer": photo.photographer,
        "agency": photo.agency,
        "copyright": photo.copyright_notice,
        "width": photo.width,
        "height": photo.height,
        "renditions": renditions,
        "srcset": {fmt: ", ".join(widths.values()) for fmt, widths in srcset.items()},
    }


def article_detail_data(article, *, absolute=lambda url: url) -> dict:
    paragraphs = article.paragraphs
    return {
        "slug": article.slug,
        "headline": article.headline,
        "display_label": article.display_label or None,
        "is_updated": article.is_updated,
        "standfirst": article.standfirst,
        "byline": article.byline,
        "agency": article.agency or None,
        "dateline": {
            "place": article.dateline_place or None,
            "date": article.dateline_date or None,
        },
        "section": article.section.name if article.section else None,
        "tags": [tag.name for tag in article.tags.all()],
        "language": article.language,
        "body": paragraphs,
        "body_html": "".join(f"<p>{escape(p)}</p>" for p in paragraphs),
        "briefs": [
            {"heading": box.heading, "items": [item.text for item in box.items.all()]}
            for box in article.brief_boxes.all()
        ],
        "photos": [photo_placement_data(p, absolute) for p in article.photo_placements.all()],
        "reading_time_minutes": article.reading_time_minutes,
        "word_count": article.word_count,
        "first_published_at": _iso(article.first_published_at),
        "last_updated_at": _iso(article.last_public_update_at),
        "updates": [
            {"kind": u.kind, "note": u.note, "time": _iso(u.created_at)}
            for u in article.updates.all()
        ],
    }
