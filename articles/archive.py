"""A realistic archive of stories for load tests and benchmarks, written with the project's own
small text generator (no third-party text). Bulk inserts: thousands of stories a second."""

import hashlib
import random
from collections.abc import Iterator
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from media.models import Photo, Rendition

from .models import Article, ArticlePhoto, ArticleUpdate, BriefBox, BriefItem

_PLACES = ["BERGHAVEN", "NORDVIK", "SALTMARSH", "EASTPORT", "KALDERA", "RIVERTON", "MOSSBANK"]
_AGENCIES = ["Northwind Press", "Harbour Wire", "Coastline News", "Meridian Agency"]
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


def _sentence(rnd: random.Random, words: int) -> str:
    text = " ".join(rnd.choice(_WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _headline(rnd: random.Random, number: int) -> str:
    noun, verb, other = rnd.choice(_NOUNS), rnd.choice(_VERBS), rnd.choice(_NOUNS)
    return f"{noun.capitalize()} {verb} {other} plan, report {number}"


def _stories(count: int, *, seed: int, start_number: int) -> Iterator[dict]:
    rnd = random.Random(seed)
    now = timezone.now()
    for offset in range(count):
        number = start_number + offset
        published = now - timedelta(minutes=10 * (start_number + count - offset))
        yield {
            "number": number,
            "headline": _headline(rnd, number),
            "standfirst": _sentence(rnd, 18),
            "body": "\n\n".join(
                _sentence(rnd, rnd.randint(20, 40)) for _ in range(rnd.randint(6, 12))
            ),
            "agency": rnd.choice(_AGENCIES),
            "place": rnd.choice(_PLACES),
            "date": f"{rnd.choice(_MONTHS)} {rnd.randint(1, 28)}",
            "published": published,
            "updated": rnd.random() < 0.3,
            "briefs": [_sentence(rnd, 14) for _ in range(rnd.randint(0, 4))],
            "caption": _sentence(rnd, 16),
        }


@transaction.atomic
def _insert_batch(batch: list[dict]) -> None:
    photos = Photo.objects.bulk_create(
        [
            Photo(
                image=f"archive/{s['number']}.jpg",
                width=3000,
                height=2000,
                checksum=hashlib.sha256(str(s["number"]).encode()).hexdigest(),
                caption=s["caption"],
                agency="NWP",
                photographer="ARCHIVE PHOTOGRAPHER",
                rendition_status=Photo.RenditionStatus.READY,
            )
            for s in batch
        ]
    )
    renditions = [
        Rendition(
            photo=photo,
            spec_name=f"{name}.{fmt}",
            format=fmt,
            width=width,
            height=width * 2 // 3,
            file=f"archive/{photo.pk}/{name}.{fmt}",
            source_checksum=photo.checksum,
        )
        for photo in photos
        for name, width in RENDITION_SPECS
        for fmt in ("jpeg", "webp")
    ]
    Rendition.objects.bulk_create(renditions)
    articles = Article.objects.bulk_create(
        [
            Article(
                headline=s["headline"],
                slug=f"archive-{s['number']}",
                standfirst=s["standfirst"],
                body=s["body"],
                agency=s["agency"],
                byline="Archive Desk",
                dateline_place=s["place"],
                dateline_date=s["date"],
                status=Article.Status.PUBLISHED,
                first_published_at=s["published"],
                last_public_update_at=s["published"]
                + (timedelta(hours=2) if s["updated"] else timedelta()),
                public_changed_at=s["published"],
                word_count=300,
                reading_time_minutes=2,
                reading_time_content_hash="archive",
            )
            for s in batch
        ]
    )
    ArticlePhoto.objects.bulk_create(
        [
            ArticlePhoto(article=a, photo=p, role="lead")
            for a, p in zip(articles, photos, strict=True)
        ]
    )
    ArticleUpdate.objects.bulk_create(
        [
            ArticleUpdate(
                article=a,
                kind="update",
                note="Adds new figures.",
                created_at=s["published"] + timedelta(hours=2),
            )
            for a, s in zip(articles, batch, strict=True)
            if s["updated"]
        ]
    )
    boxes = BriefBox.objects.bulk_create(
        [
            BriefBox(article=a, heading="In Other Developments")
            for a, s in zip(articles, batch, strict=True)
            if s["briefs"]
        ]
    )
    with_briefs = [s for s in batch if s["briefs"]]
    BriefItem.objects.bulk_create(
        [
            BriefItem(box=box, text=text, position=position)
            for box, s in zip(boxes, with_briefs, strict=True)
            for position, text in enumerate(s["briefs"])
        ]
    )


def generate_archive(count: int, *, batch_size: int = 2000, seed: int = 1, progress=None) -> int:
    """Add `count` published stories after the ones already generated; returns the new total."""
    start = Article.objects.filter(slug__startswith="archive-").count()
    batch: list[dict] = []
    for story in _stories(count, seed=seed + start, start_number=start):
        batch.append(story)
        if len(batch) == batch_size:
            _insert_batch(batch)
            progress and progress(len(batch))
            batch = []
    if batch:
        _insert_batch(batch)
        progress and progress(len(batch))
    return start + count
