from datetime import timedelta
from unittest import mock

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext

from articles import services
from articles.models import Article
from articles.services import (
    article_create,
    article_publish,
    article_refresh_reading_time,
    article_revise,
    reading_times,
)
from articles.tasks import (
    TRANSIENT_ERRORS,
    recompute_one_reading_time,
    recompute_reading_time,
    reconcile_reading_times,
)
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
    other = article_create(
        user=ed,
        headline="Bridge closes",
        briefs=[{"heading": "Detours", "items": ["Take the ring road."]}],
        photos=[{"photo": PhotoFactory(caption="The bridge."), "role": "lead"}],
    )
    loaded = Article.objects.prefetch_related("brief_boxes__items", "photo_placements__photo")
    read = reading_times._readable_contents_of([story.pk, other.pk, 999_999])
    assert set(read) == {story.pk, other.pk}  # a story deleted meanwhile is left out
    for article in (story, other):
        content, _stored = read[article.pk]
        assert content == services.article_readable_content(loaded.get(pk=article.pk))
    content = read[story.pk][0]
    assert content.captions == ("The quay at dusk.", "Boats.") and content.image_count == 1
    assert read[other.pk][0].briefs == (("Detours", ("Take the ring road.",)),)


def _stories(count: int) -> list[Article]:
    """Stories of 2, 252, 502 … words whose estimates have not been made yet."""
    with mock.patch("articles.services.reading_times.enqueue_on_commit"):
        return [
            article_create(user=editor("ed"), headline=f"Story {n}", body="word " * (n * 250))
            for n in range(count)
        ]


def test_a_batch_is_estimated_in_the_same_queries_however_large(django_assert_num_queries):
    few, many = _stories(2), _stories(12)
    with CaptureQueriesContext(connection) as two:
        assert services.articles_refresh_reading_times(article_ids=[s.pk for s in few]) == 2
    with django_assert_num_queries(len(two.captured_queries)):
        assert services.articles_refresh_reading_times(article_ids=[s.pk for s in many]) == 12
    for n, story in enumerate(many):
        story.refresh_from_db()
        assert (story.word_count, story.reading_time_minutes) == (
            2 + n * 250,
            max(1, -(-(2 + n * 250) // 200)),
        )


def test_a_batch_writes_each_story_its_own_figures_and_only_changes(
    django_capture_on_commit_callbacks,
):
    ed = editor("ed")
    with django_capture_on_commit_callbacks(execute=True):
        same = article_create(user=ed, headline="Same", body="Unchanged text.")
        reworded = article_create(user=ed, headline="Reworded", body="Short text here.")
        grown = article_create(user=ed, headline="Grown", body="Short.")
    published = article_publish(article=grown, user=ed)
    Article.objects.filter(pk=reworded.pk).update(body="Brief text there.")  # same word count
    Article.objects.filter(pk=grown.pk).update(body="word " * 900)
    before = {a.pk: a for a in Article.objects.filter(pk__in=[same.pk, reworded.pk, grown.pk])}
    with mock.patch("articles.public_cache.invalidate_on_commit") as renewed:
        written = services.articles_refresh_reading_times(
            article_ids=[same.pk, reworded.pk, grown.pk, grown.pk, 999_999]
        )
    assert written == 2
    after = {a.pk: a for a in Article.objects.filter(pk__in=before)}
    assert after[same.pk].reading_time_content_hash == before[same.pk].reading_time_content_hash
    assert (
        after[reworded.pk].reading_time_content_hash
        != before[reworded.pk].reading_time_content_hash
    )
    assert after[reworded.pk].public_changed_at == before[reworded.pk].public_changed_at
    assert (after[grown.pk].word_count, after[grown.pk].reading_time_minutes) == (901, 5)
    assert after[grown.pk].public_version == published.public_version + 1
    assert after[grown.pk].public_changed_at > before[grown.pk].public_changed_at
    renewed.assert_called_once_with([published.slug])  # only the published story, once


def _batch(*args) -> list:
    return [mock.Mock(args=arguments, kwargs={}) for arguments in args]


def test_a_failing_batch_is_done_story_by_story_and_the_failure_handed_over():
    stories = _stories(4)
    real = services.articles_refresh_reading_times

    def failing(*, article_ids):
        if stories[1].pk in article_ids:
            raise OperationalError("connection lost")
        if stories[2].pk in article_ids:
            raise ValueError("a bug met by one story only")
        return real(article_ids=article_ids)

    requests = _batch(*[(story.pk,) for story in stories], ("not an id",), (), (stories[0].pk,))
    with (
        mock.patch("articles.tasks.articles_refresh_reading_times", failing),
        mock.patch("articles.tasks.enqueue_now") as handed,
    ):
        assert recompute_reading_time.run(requests) == 2
    handed.assert_called_once_with("articles.recompute_one_reading_time", stories[1].pk)
    counts = dict(
        Article.objects.filter(pk__in=[s.pk for s in stories]).values_list("pk", "word_count")
    )
    assert [counts[s.pk] for s in stories] == [2, None, None, 752]


def test_a_batch_out_of_time_is_handed_to_single_jobs():
    stories = _stories(3)
    with (
        mock.patch(
            "articles.tasks.articles_refresh_reading_times", side_effect=SoftTimeLimitExceeded()
        ),
        mock.patch("articles.tasks.enqueue_now") as handed,
    ):
        assert recompute_reading_time.run(_batch(*[(story.pk,) for story in stories])) == 0
    assert [call.args for call in handed.call_args_list] == [
        ("articles.recompute_one_reading_time", story.pk) for story in stories
    ]


def test_a_handed_over_story_is_retried_with_backoff():
    assert recompute_one_reading_time.autoretry_for == TRANSIENT_ERRORS
    assert recompute_one_reading_time.max_retries == 10 and recompute_one_reading_time.retry_backoff
    (story,) = _stories(1)
    assert recompute_one_reading_time(story.pk) is True
    assert Article.objects.get(pk=story.pk).word_count == 2


def _racing(meanwhile):
    """`_planned_estimates` that lets `meanwhile` happen once, after the first reading."""
    real, done = reading_times._planned_estimates, []

    def planned(article_ids):
        plan = real(article_ids)
        if not done:
            done.append(True)
            meanwhile()
        return plan

    return mock.patch.object(reading_times, "_planned_estimates", planned)


def test_an_estimate_of_older_text_never_overwrites_one_of_newer_text():
    (story,) = _stories(1)  # 2 words, not estimated yet

    def newer_text_estimated_by_another_worker():
        Article.objects.filter(pk=story.pk).update(body="word " * 900)
        services.articles_refresh_reading_times(article_ids=[story.pk])

    with _racing(newer_text_estimated_by_another_worker):
        assert services.articles_refresh_reading_times(article_ids=[story.pk]) == 0
    assert Article.objects.get(pk=story.pk).word_count == 902


def test_an_estimate_overwritten_meanwhile_is_made_again_from_the_text():
    (story,) = _stories(1)
    Article.objects.filter(pk=story.pk).update(body="word " * 500)

    def an_older_estimate_written_late():
        Article.objects.filter(pk=story.pk).update(
            word_count=2, reading_time_minutes=1, reading_time_content_hash="older text"
        )

    with _racing(an_older_estimate_written_late):
        assert services.articles_refresh_reading_times(article_ids=[story.pk]) == 1
    story.refresh_from_db()
    assert (story.word_count, story.reading_time_minutes) == (502, 3)
