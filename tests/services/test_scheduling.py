"""Scheduled publishing under concurrency, on PostgreSQL: two beat runs never publish twice."""

import threading
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.utils import timezone

from articles.models import Article, ArticleRevision
from articles.services import article_create, articles_publish_due, workflow
from tests.factories import editor

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_two_concurrent_beat_runs_publish_each_story_once(postgres_url):
    ed = editor("ed")
    ids = [
        article_create(user=ed, headline=f"Scheduled story {i}", body="Text.").pk for i in range(12)
    ]
    Article.objects.filter(pk__in=ids).update(
        status=Article.Status.SCHEDULED, scheduled_publish_at=timezone.now() - timedelta(minutes=1)
    )
    original_publish = workflow.publish

    def slow_publish(*args, **kwargs):
        time.sleep(0.05)  # hold the row locks long enough for the runs to overlap
        return original_publish(*args, **kwargs)

    start = threading.Barrier(2)
    published: list[list[int]] = [[], []]

    def beat(slot: int) -> None:
        try:
            start.wait()
            while batch := articles_publish_due(limit=3):
                published[slot].extend(batch)
        finally:
            connection.close()

    with mock.patch.object(workflow, "publish", slow_publish):
        threads = [threading.Thread(target=beat, args=(slot,)) for slot in (0, 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    everything = published[0] + published[1]
    assert sorted(everything) == sorted(ids)  # each story published by exactly one run
    assert published[0] and published[1]  # both runs worked at the same time
    assert ArticleRevision.objects.filter(kind="published").count() == len(ids)
    assert set(Article.objects.values_list("status", flat=True)) == {"published"}
