"""The workers benchmark's hands inside the project (run with its environment): reset and time
reading-time work inline or through the broker, and queue a backlog of photos.

    python -m tests.benchmarks.worker_probe reading-inline|reading-queued --count N
    python -m tests.benchmarks.worker_probe photos --count N --width W --height H
    python -m tests.benchmarks.worker_probe photos-again
"""

import argparse
import os
import struct
import time

STALE = "stale-for-benchmark"


def _stale_ids(count: int) -> list[int]:
    """The first `count` archive stories, with their reading times marked out of date."""
    from articles.models import Article

    ids = list(
        Article.objects.filter(slug__startswith="archive-")
        .order_by("pk")
        .values_list("pk", flat=True)[:count]
    )
    Article.objects.filter(pk__in=ids).update(reading_time_content_hash=STALE)
    return ids


def _remaining(ids: list[int]) -> int:
    from articles.models import Article

    return Article.objects.filter(pk__in=ids, reading_time_content_hash=STALE).count()


def reading_inline(count: int) -> float:
    from articles.services import article_refresh_reading_time

    ids = _stale_ids(count)
    started = time.perf_counter()
    for article_id in ids:
        article_refresh_reading_time(article_id=article_id)
    elapsed = time.perf_counter() - started
    assert _remaining(ids) == 0
    return elapsed


def reading_queued(count: int) -> float:
    """Enqueue one task per story and wait until the workers have done them all."""
    from articles.tasks import recompute_reading_time

    ids = _stale_ids(count)
    started = time.perf_counter()
    for article_id in ids:
        recompute_reading_time.delay(article_id)
    while _remaining(ids):
        time.sleep(0.02)
    return time.perf_counter() - started


def _with_comment(jpeg: bytes, text: str) -> bytes:
    """The same photo with a JPEG comment segment: different bytes, a different checksum."""
    payload = text.encode()
    return jpeg[:2] + b"\xff\xfe" + struct.pack(">H", len(payload) + 2) + payload + jpeg[2:]


def photos(count: int, width: int, height: int) -> None:
    """A backlog: `count` new photos whose rendition jobs wait in the broker."""
    from django.core.files.base import ContentFile

    from media.models import Photo
    from media.services import photo_create
    from tests.images import encode, photo_like

    Photo.objects.filter(caption__startswith="Benchmark photo").delete()
    bases = [encode(photo_like(width, height, seed=s), "JPEG", quality=90) for s in range(4)]
    for index in range(count):
        data = _with_comment(bases[index % len(bases)], f"benchmark {index} {time.time()}")
        photo_create(
            image=ContentFile(data, name=f"bench-{index}.jpg"),
            caption=f"Benchmark photo {index}",
            agency="NWP",
            photographer="BENCH",
        )


def photos_again() -> None:
    """The same backlog again: renditions removed, every job queued anew."""
    from media.models import Photo, Rendition
    from newsroom.jobs import enqueue_now

    photos = Photo.objects.filter(caption__startswith="Benchmark photo")
    for rendition in Rendition.objects.filter(photo__in=photos):
        rendition.file.delete(save=False)
    Rendition.objects.filter(photo__in=photos).delete()
    photos.update(rendition_status=Photo.RenditionStatus.PENDING)
    for pk in photos.values_list("pk", flat=True):
        enqueue_now("media.generate_renditions", pk)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "action", choices=["reading-inline", "reading-queued", "photos", "photos-again"]
    )
    parser.add_argument("--count", type=int, default=0)
    parser.add_argument("--width", type=int, default=3000)
    parser.add_argument("--height", type=int, default=2000)
    arguments = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    if arguments.action == "reading-inline":
        print(reading_inline(arguments.count))
    elif arguments.action == "reading-queued":
        print(reading_queued(arguments.count))
    elif arguments.action == "photos":
        photos(arguments.count, arguments.width, arguments.height)
    else:
        photos_again()


if __name__ == "__main__":
    main()
