"""A realistic archive of stories for load tests and benchmarks, written with the project's own
small text generator (no third-party text).

Stories come with sections, tags, briefs, updates, corrections, a lead photo and its rendition
rows; about one in fifty is a draft or was taken down, as in a real archive. On PostgreSQL the
rows go in with COPY (tens of thousands of stories a second); elsewhere with batched inserts.
"""

import hashlib
import random
from collections.abc import Iterable, Iterator
from datetime import timedelta

from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.text import slugify

from media.models import Photo, Rendition

from .models import Article, ArticlePhoto, ArticleUpdate, BriefBox, BriefItem, Section, Tag

_PLACES = ["BERGHAVEN", "NORDVIK", "SALTMARSH", "EASTPORT", "KALDERA", "RIVERTON", "MOSSBANK"]
AGENCIES = ["Northwind Press", "Harbour Wire", "Coastline News", "Meridian Agency"]
_NOUNS = [
    "council",
    "harbour",
    "ferry",
    "minister",
    "budget",
    "union",
    "port",
    "bridge",
    "station",
    "market",
    "school",
    "hospital",
    "court",
    "river",
    "storm",
    "plan",
    "vote",
    "tariff",
    "grain",
    "railway",
    "airport",
    "museum",
    "festival",
    "election",
]
_VERBS = [
    "approves",
    "delays",
    "opens",
    "closes",
    "rejects",
    "backs",
    "announces",
    "reviews",
    "extends",
    "cuts",
    "expands",
    "suspends",
    "restores",
    "questions",
    "defends",
]
_WORDS = [
    "the",
    "a",
    "new",
    "local",
    "regional",
    "national",
    "officials",
    "residents",
    "workers",
    "engineers",
    "said",
    "on",
    "monday",
    "tuesday",
    "after",
    "before",
    "during",
    "weeks",
    "months",
    "talks",
    "plans",
    "figures",
    "report",
    "expected",
    "support",
    "funding",
    "agreement",
    "decision",
    "protest",
    "measures",
    "services",
    "delays",
    "costs",
    "safety",
    "court",
    "ruling",
    "and",
    "but",
    "while",
    "with",
    "without",
    "under",
    "over",
    "into",
    "from",
    "for",
    "of",
    "to",
    "in",
    "at",
    "by",
]
_MONTHS = [
    "Jan",
    "Feb",
    "March",
    "April",
    "May",
    "June",
    "July",
    "Aug",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
]
RENDITION_SPECS = [("w320", 320), ("w640", 640), ("w1024", 1024)]
SECTIONS = ["World", "Business", "Politics", "Science", "Sport", "Culture", "Health", "Technology"]
TAGS = [noun.capitalize() for noun in _NOUNS]
# A fixed share of stories is not public: found by number, so that benchmarks pick public ones.
_DRAFT, _TAKEN_DOWN = 42, 71


def archive_status(number: int) -> str:
    rest = number % 100
    if rest == _DRAFT:
        return Article.Status.DRAFT
    if rest == _TAKEN_DOWN:
        return Article.Status.UNPUBLISHED
    return Article.Status.PUBLISHED


def published_number(number: int) -> int:
    """The first archive story from `number` on that the public can see."""
    while archive_status(number) != Article.Status.PUBLISHED:
        number += 1
    return number


def _sentence(rnd: random.Random, words: int) -> str:
    text = " ".join(rnd.choice(_WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _headline(rnd: random.Random, number: int) -> str:
    noun, verb, other = rnd.choice(_NOUNS), rnd.choice(_VERBS), rnd.choice(_NOUNS)
    return f"{noun.capitalize()} {verb} {other} plan, report {number}"


def _stories(count: int, *, seed: int, start_number: int) -> Iterator[dict]:
    rnd = random.Random(seed)
    # Paragraphs are drawn from a pool of generated sentences: the same vocabulary and lengths
    # as writing each one afresh, at a fraction of the cost for a million stories.
    pool = [_sentence(rnd, rnd.randint(20, 40)) for _ in range(4096)]
    briefs = [_sentence(rnd, 14) for _ in range(1024)]
    now = timezone.now()
    for offset in range(count):
        number = start_number + offset
        published = now - timedelta(minutes=10 * (start_number + count - offset))
        paragraphs = rnd.choices(pool, k=rnd.randint(6, 12))
        chance = rnd.random()
        yield {
            "number": number,
            "status": archive_status(number),
            "headline": _headline(rnd, number),
            "standfirst": rnd.choice(pool),
            "body": "\n\n".join(paragraphs),
            "words": sum(p.count(" ") + 1 for p in paragraphs),
            "agency": rnd.choice(AGENCIES),
            "place": rnd.choice(_PLACES),
            "date": f"{rnd.choice(_MONTHS)} {rnd.randint(1, 28)}",
            "section": rnd.randrange(len(SECTIONS)),
            "tags": rnd.sample(range(len(TAGS)), rnd.randint(0, 3)),
            "published": published,
            "updated": chance < 0.3,
            "corrected": 0.3 <= chance < 0.33,
            "briefs": rnd.choices(briefs, k=rnd.choice((0, 0, 2, 3, 4))),
            "caption": rnd.choice(briefs),
        }


class _Rows:
    """Writes many rows at once: COPY on PostgreSQL, batched INSERTs elsewhere. Fields a row
    leaves out take their model defaults."""

    def __init__(self):
        self.postgres = connection.vendor == "postgresql"
        self.now = timezone.now()

    def ids(self, model: type[models.Model], count: int) -> list[int]:
        """Primary keys reserved for `count` new rows, so that related rows can point at them."""
        table = model._meta.db_table
        with connection.cursor() as cursor:
            if self.postgres:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [table, count],
                )
                return [row[0] for row in cursor.fetchall()]
            cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')
            first = cursor.fetchone()[0] + 1
            return list(range(first, first + count))

    def write(self, model: type[models.Model], rows: Iterable[dict]) -> None:
        rows = list(rows)
        if not rows:
            return
        given = rows[0].keys()
        fields = [
            f
            for f in model._meta.concrete_fields
            if f.attname in given or not (f.primary_key or f.attname in ("id",))
        ]
        defaults = {f.attname: self._default(f) for f in fields if f.attname not in given}
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor:
            if self.postgres:
                with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(
                            [row.get(f.attname, defaults.get(f.attname)) for f in fields]
                        )
                return
            marks = ", ".join(["%s"] * len(fields))
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({marks})",
                [
                    [
                        f.get_db_prep_save(row.get(f.attname, defaults.get(f.attname)), connection)
                        for f in fields
                    ]
                    for row in rows
                ],
            )

    def _default(self, field: models.Field):
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            return self.now
        return field.get_default()


def _taxonomy() -> tuple[list[int], list[int]]:
    sections = [
        Section.objects.get_or_create(name=name, defaults={"slug": slugify(name)})[0].pk
        for name in SECTIONS
    ]
    tags = [
        Tag.objects.get_or_create(name=name, defaults={"slug": slugify(name)})[0].pk
        for name in TAGS
    ]
    return sections, tags


@transaction.atomic
def _insert_batch(batch: list[dict], sections: list[int], tags: list[int]) -> None:
    rows = _Rows()
    photo_ids = rows.ids(Photo, len(batch))
    article_ids = rows.ids(Article, len(batch))
    rows.write(
        Photo,
        (
            {
                "id": photo_id,
                "image": f"archive/{s['number']}.jpg",
                "width": 3000,
                "height": 2000,
                "checksum": hashlib.sha256(str(s["number"]).encode()).hexdigest(),
                "caption": s["caption"],
                "alt_text": f"Archive photo {s['number']}",
                "agency": "NWP",
                "photographer": "ARCHIVE PHOTOGRAPHER",
                "rendition_status": Photo.RenditionStatus.READY,
            }
            for photo_id, s in zip(photo_ids, batch, strict=True)
        ),
    )
    rows.write(
        Rendition,
        (
            {
                "photo_id": photo_id,
                "spec_name": f"{name}.{fmt}",
                "format": fmt,
                "width": width,
                "height": width * 2 // 3,
                "file": f"archive/{photo_id}/{name}.{fmt}",
                "source_checksum": hashlib.sha256(str(s["number"]).encode()).hexdigest(),
            }
            for photo_id, s in zip(photo_ids, batch, strict=True)
            for name, width in RENDITION_SPECS
            for fmt in ("jpeg", "webp")
        ),
    )
    articles = []
    for article_id, s in zip(article_ids, batch, strict=True):
        seen = s["status"] != Article.Status.DRAFT
        updated = s["published"] + timedelta(hours=2)
        last = updated if (s["updated"] or s["corrected"]) else s["published"]
        articles.append(
            {
                "id": article_id,
                "headline": s["headline"],
                "slug": f"archive-{s['number']}",
                "standfirst": s["standfirst"],
                "body": s["body"],
                "agency": s["agency"],
                "byline": "Archive Desk",
                "dateline_place": s["place"],
                "dateline_date": s["date"],
                "section_id": sections[s["section"]],
                "status": s["status"],
                "unpublished_reason": "Legal review."
                if s["status"] == Article.Status.UNPUBLISHED
                else "",
                "first_published_at": s["published"] if seen else None,
                "last_public_update_at": last if seen else None,
                "public_changed_at": last,
                "created_at": s["published"] - timedelta(hours=1),
                "changed_at": last,
                "word_count": s["words"],
                "reading_time_minutes": max(1, round(s["words"] / 230 + 12 / 60)),
                "reading_time_content_hash": "archive",
            }
        )
    rows.write(Article, articles)
    rows.write(
        ArticlePhoto,
        (
            {"article_id": a, "photo_id": p, "role": ArticlePhoto.Role.LEAD}
            for a, p in zip(article_ids, photo_ids, strict=True)
        ),
    )
    rows.write(
        Article.tags.through,
        (
            {"article_id": a, "tag_id": tags[t]}
            for a, s in zip(article_ids, batch, strict=True)
            for t in s["tags"]
        ),
    )
    rows.write(
        ArticleUpdate,
        (
            {
                "article_id": a,
                "kind": ArticleUpdate.Kind.UPDATE
                if s["updated"]
                else ArticleUpdate.Kind.CORRECTION,
                "note": "Adds new figures." if s["updated"] else "Corrects the minister's name.",
                "created_at": s["published"] + timedelta(hours=2),
            }
            for a, s in zip(article_ids, batch, strict=True)
            if (s["updated"] or s["corrected"]) and s["status"] != Article.Status.DRAFT
        ),
    )
    with_briefs = [(a, s) for a, s in zip(article_ids, batch, strict=True) if s["briefs"]]
    box_ids = rows.ids(BriefBox, len(with_briefs)) if with_briefs else []
    rows.write(
        BriefBox,
        (
            {"id": box_id, "article_id": a, "heading": "In Other Developments"}
            for box_id, (a, _) in zip(box_ids, with_briefs, strict=True)
        ),
    )
    rows.write(
        BriefItem,
        (
            {"box_id": box_id, "text": text, "position": position}
            for box_id, (_, s) in zip(box_ids, with_briefs, strict=True)
            for position, text in enumerate(s["briefs"])
        ),
    )


def generate_archive(count: int, *, batch_size: int = 5000, seed: int = 1, progress=None) -> int:
    """Add `count` stories after the ones already generated; returns the new total."""
    start = Article.objects.filter(slug__startswith="archive-").count()
    sections, tags = _taxonomy()
    batch: list[dict] = []
    for story in _stories(count, seed=seed + start, start_number=start):
        batch.append(story)
        if len(batch) == batch_size:
            _insert_batch(batch, sections, tags)
            progress and progress(len(batch))
            batch = []
    if batch:
        _insert_batch(batch, sections, tags)
        progress and progress(len(batch))
    return start + count


def wire_copy(count: int, *, seed: int = 1, start_number: int = 0) -> Iterator[tuple[str, str]]:
    """`count` stories as wire copy (file name, text), in the form the wire parser reads: the
    importer's input for load tests, from the same generator as the archive."""
    for s in _stories(count, seed=seed, start_number=start_number):
        minutes = max(1, round(s["words"] / 230))
        label = "UPDATED: " if s["updated"] else ""
        paragraphs = s["body"].split("\n\n")
        lead = f"{s['place']}, {s['date']} ({s['agency']}) – {paragraphs[0]}"
        unit = "minute" if minutes == 1 else "minutes"
        parts = [f"{label}{s['headline']}", f"Reading Time: {minutes} {unit}", lead]
        parts += paragraphs[1:]
        if s["briefs"]:
            parts += ["In Other Developments", *(f"* {brief}" for brief in s["briefs"])]
        parts.append(f"{s['caption']} NWP/ARCHIVE PHOTOGRAPHER")
        yield f"wire-{s['number']:07d}.txt", "\n\n".join(parts) + "\n"
