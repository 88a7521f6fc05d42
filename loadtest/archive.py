"""A realistic archive of stories for load tests and benchmarks.

Stories come with sections, tags, briefs, updates, corrections, a lead photo and its rendition
rows; about one in fifty is a draft or was taken down, as in a real archive. The rows are
written straight to the tables (`rows.py`), not through the services: the archive stands for
years of past work, and a million stories through the services would take hours.
"""

import hashlib
from datetime import timedelta

from django.db import transaction
from django.utils.text import slugify

from articles.models import Article, ArticlePhoto, ArticleUpdate, BriefBox, BriefItem, Section, Tag
from media.models import Photo, Rendition

from .rows import BulkRows
from .text import SECTIONS, TAGS, stories

RENDITION_SPECS = [("w320", 320), ("w640", 640), ("w1024", 1024)]
_PUBLIC_NOTES = {
    ArticleUpdate.Kind.UPDATE: "Adds new figures.",
    ArticleUpdate.Kind.CORRECTION: "Corrects the minister's name.",
}


def generate_archive(count: int, *, batch_size: int = 5000, seed: int = 1, progress=None) -> int:
    """Add `count` stories after the ones already generated; returns the new total.
    `progress`, if given, is called with the number of stories written after each batch."""
    start = Article.objects.filter(slug__startswith="archive-").count()
    sections, tags = _taxonomy()
    batch: list[dict] = []
    for story in stories(count, seed=seed + start, start_number=start):
        batch.append(story)
        if len(batch) == batch_size:
            _insert_batch(batch, sections, tags, progress)
            batch = []
    if batch:
        _insert_batch(batch, sections, tags, progress)
    return start + count


def _taxonomy() -> tuple[list[int], list[int]]:
    def ids(model, names):
        return [
            model.objects.get_or_create(name=name, defaults={"slug": slugify(name)})[0].pk
            for name in names
        ]

    return ids(Section, SECTIONS), ids(Tag, TAGS)


def _checksum(story: dict) -> str:
    return hashlib.sha256(str(story["number"]).encode()).hexdigest()


@transaction.atomic
def _insert_batch(batch: list[dict], sections: list[int], tags: list[int], progress) -> None:
    rows = BulkRows()
    photo_ids = rows.ids(Photo, len(batch))
    article_ids = rows.ids(Article, len(batch))
    stories_by_id = list(zip(article_ids, batch, strict=True))
    rows.write(Photo, (_photo_row(p, s) for p, s in zip(photo_ids, batch, strict=True)))
    rows.write(Rendition, _rendition_rows(photo_ids, batch))
    rows.write(Article, (_article_row(a, s, sections) for a, s in stories_by_id))
    rows.write(
        ArticlePhoto,
        (
            {"article_id": a, "photo_id": p, "role": ArticlePhoto.Role.LEAD}
            for a, p in zip(article_ids, photo_ids, strict=True)
        ),
    )
    rows.write(
        Article.tags.through,
        ({"article_id": a, "tag_id": tags[t]} for a, s in stories_by_id for t in s["tags"]),
    )
    rows.write(ArticleUpdate, _public_record_rows(stories_by_id))
    _write_briefs(rows, stories_by_id)
    if progress:
        progress(len(batch))


def _photo_row(photo_id: int, story: dict) -> dict:
    return {
        "id": photo_id,
        # No original: an archive's originals live elsewhere, and its renditions are rows
        # only, so that nothing ever tries to render from a file that is not there.
        "image": "",
        "width": 3000,
        "height": 2000,
        "checksum": _checksum(story),
        "caption": story["caption"],
        "alt_text": f"Archive photo {story['number']}",
        "agency": "NWP",
        "photographer": "ARCHIVE PHOTOGRAPHER",
        "rendition_status": Photo.RenditionStatus.READY,
    }


def _rendition_rows(photo_ids: list[int], batch: list[dict]):
    for photo_id, story in zip(photo_ids, batch, strict=True):
        for name, width in RENDITION_SPECS:
            for fmt in ("jpeg", "webp"):
                yield {
                    "photo_id": photo_id,
                    "spec_name": f"{name}.{fmt}",
                    "format": fmt,
                    "width": width,
                    "height": width * 2 // 3,
                    "file": f"archive/{photo_id}/{name}.{fmt}",
                    "source_checksum": _checksum(story),
                }


def _article_row(article_id: int, story: dict, sections: list[int]) -> dict:
    seen = story["status"] != Article.Status.DRAFT
    revised = story["updated"] or story["corrected"]
    last = story["published"] + timedelta(hours=2) if revised else story["published"]
    taken_down = story["status"] == Article.Status.UNPUBLISHED
    return {
        "id": article_id,
        "headline": story["headline"],
        "slug": f"archive-{story['number']}",
        "standfirst": story["standfirst"],
        "body": story["body"],
        "agency": story["agency"],
        "byline": "Archive Desk",
        "dateline_place": story["place"],
        "dateline_date": story["date"],
        "section_id": sections[story["section"]],
        "status": story["status"],
        "unpublished_reason": "Legal review." if taken_down else "",
        "first_published_at": story["published"] if seen else None,
        "last_public_update_at": last if seen else None,
        "public_changed_at": last,
        "public_version": (2 if revised else 1) if seen else 0,
        "created_at": story["published"] - timedelta(hours=1),
        "changed_at": last,
        "word_count": story["words"],
        "reading_time_minutes": max(1, round(story["words"] / 230 + 12 / 60)),
        "reading_time_content_hash": "archive",
    }


def _public_record_rows(stories_by_id):
    for article_id, story in stories_by_id:
        if story["status"] == Article.Status.DRAFT:
            continue
        if story["updated"] or story["corrected"]:
            kind = ArticleUpdate.Kind.UPDATE if story["updated"] else ArticleUpdate.Kind.CORRECTION
            yield {
                "article_id": article_id,
                "kind": kind,
                "note": _PUBLIC_NOTES[kind],
                "created_at": story["published"] + timedelta(hours=2),
            }


def _write_briefs(rows: BulkRows, stories_by_id) -> None:
    with_briefs = [(a, s) for a, s in stories_by_id if s["briefs"]]
    box_ids = rows.ids(BriefBox, len(with_briefs)) if with_briefs else []
    boxes = list(zip(box_ids, with_briefs, strict=True))
    rows.write(
        BriefBox,
        ({"id": box, "article_id": a, "heading": "In Other Developments"} for box, (a, _) in boxes),
    )
    rows.write(
        BriefItem,
        (
            {"box_id": box, "text": text, "position": position}
            for box, (_, s) in boxes
            for position, text in enumerate(s["briefs"])
        ),
    )
