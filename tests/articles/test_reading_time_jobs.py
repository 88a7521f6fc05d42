from datetime import timedelta
from unittest import mock

import pytest

from articles import services
from articles.models import Article
from articles.services import (
    article_create,
    article_refresh_reading_time,
    article_revise,
    reading_times,
)
from articles.tasks import reconcile_reading_times
from tests.factories import PhotoFactory, editor

pytestmark = pytest.mark.django_db


def test_reading_time_is_computed_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article = article_create(
            user=editor("ed"),
            headline="Four words headline here",
            body="word " * 396,
            briefs=[{"heading": "Also", "items": ["one two"]}],
            photos=[{"photo": PhotoFactory(caption="Cap tion words"), "role": "lead"}],
        )
    article.refresh_from_db()
    assert article.word_count == 4 + 396 + 1 + 2 + 3
    assert article.reading_time_minutes == 3  # 406 words ≈ 2.03 min (the photo has no image)
    assert len(article.reading_time_content_hash) == 64


def test_the_estimate_is_empty_until_the_job_has_run():
    with mock.patch("articles.services.reading_times.enqueue_on_commit"):
        article = article_create(user=editor("ed"), headline="Pending")
    assert article.word_count is None and article.reading_time_minutes is None


def test_unchanged_content_is_not_recomputed(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article = article_create(user=editor("ed"), headline="Same", body="Text.")
    assert article_refresh_reading_time(article_id=article.pk) is False
    Article.objects.filter(pk=article.pk).update(body="Text changed behind our back.")
    assert article_refresh_reading_time(article_id=article.pk) is True


def test_the_estimate_does_not_bump_the_version(django_capture_on_commit_callbacks):
    ed = editor("ed")
    with django_capture_on_commit_callbacks(execute=True):
        article = article_create(user=ed, headline="Versioned", body="One.")
    article.refresh_from_db()
    assert article.version == 1
    article_revise(article=article, user=ed, expected_version=1, body="Two.")  # no conflict


def test_reconciliation_enqueues_stale_and_missing_estimates(django_capture_on_commit_callbacks):
    ed = editor("ed")
    with mock.patch(
        "articles.services.reading_times.enqueue_on_commit"
    ):  # broker down at save time
        missing = article_create(user=ed, headline="Never estimated")
    with django_capture_on_commit_callbacks(execute=True):
        fresh = article_create(user=ed, headline="Estimated")
    Article.objects.filter(pk=fresh.pk).update(reading_time_content_hash="stale")
    assert sorted(services.articles_with_stale_reading_time()) == sorted([missing.pk, fresh.pk])
    assert reconcile_reading_times() == 2  # eager here: done at once
    assert services.articles_with_stale_reading_time() == []
    assert Article.objects.get(pk=missing.pk).reading_time_minutes == 1


def test_stories_changed_long_ago_are_not_rescanned(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article = article_create(user=editor("ed"), headline="Old")
    Article.objects.filter(pk=article.pk).update(
        reading_time_content_hash="stale", changed_at=article.changed_at - timedelta(days=30)
    )
    assert services.articles_with_stale_reading_time() == []


def test_the_workers_read_the_same_content_as_the_story_shows():
    """The workers' lean reading (plain queries) and the story's own parts give the same text in
    the same order, so that an estimate is never redone, or missed, for a change of method."""
    ed = editor("ed")
    first, second = PhotoFactory(caption="Boats."), PhotoFactory(caption="Quay.", image=None)
    story = article_create(
        user=ed,
        headline="Harbour reopens",
        standfirst="After the storm.",
        body="First paragraph.\n\nSecond paragraph.",
        briefs=[
            {"heading": "Later", "items": ["Ferries resume.", "Fees rise."]},
            {"heading": "Earlier", "items": ["Storm hits."]},
            {"heading": "Empty box", "items": []},
        ],
        photos=[
            {"photo": second, "role": "lead", "caption_override": "The quay at dusk."},
            {"photo": first, "role": "inline"},
        ],
    )
    loaded = Article.objects.prefetch_related("brief_boxes__items", "photo_placements__photo")
    expected = services.article_readable_content(loaded.get(pk=story.pk))
    content, _stored = reading_times._readable_content_of(story.pk)
    assert content == expected
    assert content.captions == ("The quay at dusk.", "Boats.") and content.image_count == 1
