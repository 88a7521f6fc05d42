"""Background jobs through real Celery workers on Redis, with the database on PostgreSQL."""

import os
import re
import signal
import time
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Article
from articles.services import article_create
from articles.tasks import reconcile_reading_times
from media.models import Photo, Rendition
from media.services import photo_create, rendition_specs
from media.tasks import reconcile_renditions
from newsroom.jobs import enqueue_now
from tests import images
from tests.factories import editor
from tests.services.conftest import wait_for

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _upload(width: int, height: int, fmt: str = "JPEG") -> SimpleUploadedFile:
    data = images.encode(images.photo_like(width, height), fmt)
    return SimpleUploadedFile(f"photo.{fmt.lower()}", data)


def _renditions_done(photo_id: int) -> bool:
    photo = Photo.objects.get(pk=photo_id)
    return photo.rendition_status == "ready" and photo.renditions.count() == len(rendition_specs())


def test_upload_and_story_are_processed_by_a_real_worker(
    postgres_url, broker_url, use_broker, start_worker
):
    start_worker(broker=broker_url)
    use_broker(broker_url)
    photo = photo_create(image=_upload(1600, 1000), caption="A tug boat turns in the harbour.")
    article = article_create(
        user=editor("ed"),
        headline="Tugs strike",
        body="Word " * 300,
        photos=[{"photo": photo, "role": "lead"}],
    )
    wait_for(lambda: _renditions_done(photo.pk), timeout=120, what="every rendition")
    wait_for(
        lambda: Article.objects.get(pk=article.pk).reading_time_minutes is not None,
        timeout=60,
        what="the reading time",
    )
    article.refresh_from_db()
    assert article.word_count == 2 + 300 + 7 and article.reading_time_minutes == 2
    for rendition in Rendition.objects.filter(photo=photo):
        assert rendition.file.storage.exists(rendition.file.name)


def test_reading_time_jobs_are_taken_in_batches_and_none_is_lost(
    postgres_url, broker_url, use_broker, start_worker
):
    with mock.patch("articles.services.reading_times.enqueue_on_commit"):
        stories = [
            article_create(user=editor("ed"), headline=f"Batch {n}", body="word " * (10 + n))
            for n in range(150)
        ]
    worker = start_worker(
        broker=broker_url, queues="default", pool="prefork", concurrency=2, prefetch=64
    )
    use_broker(broker_url)
    for story in stories:
        enqueue_now("articles.recompute_reading_time", story.pk)
    ids = [story.pk for story in stories]

    def batch_sizes() -> list[int]:
        return [int(size) for size in re.findall(r"a batch of (\d+) stories", worker.output)]

    try:
        wait_for(lambda: sum(batch_sizes()) >= 150, timeout=60, what="every reading time")
    finally:
        print(worker.output[-3000:])
    counts = dict(Article.objects.filter(pk__in=ids).values_list("pk", "word_count"))
    assert [counts[pk] for pk in ids] == [2 + 10 + n for n in range(150)]
    assert sum(batch_sizes()) == 150 and max(batch_sizes()) > 1


def test_a_worker_killed_mid_rendition_is_replaced_and_the_task_completes_once(
    postgres_url, broker_url, use_broker, start_worker
):
    # Unacknowledged tasks come back after the visibility timeout: keep it short here.
    short = {"CELERY_VISIBILITY_TIMEOUT": "5", "CELERY_REDELIVERY_CHECK_SECONDS": "2"}
    first = start_worker(broker=broker_url, queues="renditions", extra_env=short)
    use_broker(broker_url)
    photo = photo_create(image=_upload(6000, 4000, "PNG"), caption="Big agency photo.")
    first.wait_for_output("media.generate_renditions", timeout=60)
    time.sleep(0.3)  # inside the render: a 24-megapixel PNG takes seconds
    assert not _renditions_done(photo.pk)
    os.kill(first.pid, signal.SIGKILL)
    first.process.wait(timeout=10)

    second = start_worker(broker=broker_url, queues="renditions", extra_env=short)
    try:
        wait_for(lambda: _renditions_done(photo.pk), timeout=180, what="the redelivered task")
    finally:
        print(first.output[-1500:], second.output[-1500:])
    time.sleep(2)  # let any duplicate delivery show itself
    names = list(Rendition.objects.filter(photo=photo).values_list("spec_name", flat=True))
    assert sorted(names) == sorted(spec.name for spec in rendition_specs())
    assert second.output.count("succeeded") == 1
    assert "succeeded" not in first.output


def test_saves_succeed_while_redis_is_down_and_reconciliation_catches_up(
    postgres_url, own_redis, use_broker, start_worker
):
    own_redis.start()
    use_broker(own_redis.url)
    own_redis.stop()

    started = time.monotonic()
    article = article_create(
        user=editor("ed"), headline="Saved during the outage", body="Text " * 50
    )
    photo = photo_create(image=_upload(800, 600), caption="Uploaded during the outage.")
    assert time.monotonic() - started < 30  # the broker is given up on quickly
    assert (
        Article.objects.filter(pk=article.pk).exists()
        and Photo.objects.filter(pk=photo.pk).exists()
    )
    assert Article.objects.get(pk=article.pk).reading_time_minutes is None
    assert Photo.objects.get(pk=photo.pk).rendition_status == "pending"

    own_redis.start()
    worker = start_worker(broker=own_redis.url)
    assert reconcile_reading_times() >= 1
    assert reconcile_renditions(pending_for_seconds=0) == 1
    try:
        wait_for(
            lambda: _renditions_done(photo.pk), timeout=120, what="renditions after the outage"
        )
    finally:
        print(worker.output)
    wait_for(
        lambda: Article.objects.get(pk=article.pk).reading_time_minutes == 1,
        timeout=60,
        what="the reading time after the outage",
    )
