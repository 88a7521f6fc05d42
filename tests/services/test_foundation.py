"""The foundation on the real services: PostgreSQL for the models, Redis and a real worker."""

import os

import pytest
from celery import Celery
from django.core.management import call_command
from django.db import connection

from articles.models import Article

pytestmark = pytest.mark.services


@pytest.mark.django_db
def test_the_suite_runs_on_postgresql(postgres_url):
    assert connection.vendor == "postgresql"
    call_command("migrate", "--check", verbosity=0)
    indexes = connection.introspection.get_constraints(connection.cursor(), "articles_article")
    assert "article_published_order" in indexes
    assert "article_published_has_times" in indexes


@pytest.mark.django_db
def test_hot_public_queries_are_prepared_and_value_dependent_ones_are_not(postgres_url):
    """A story by its slug and an unfiltered list page have one best plan: they run prepared
    and stay correct for every value. A filtered page's best plan depends on how rare its value
    is, and the ORM's own queries on theirs: those are never prepared."""
    from django.http import QueryDict

    from articles.filters import parse_list_query
    from articles.selectors import article_public_list, article_public_stamp
    from articles.services import article_create, article_publish
    from tests.factories import editor

    ed = editor()
    stories = [
        article_publish(
            article=article_create(user=ed, headline=f"Ferry {n}", body="Text.", agency="NWP"),
            user=ed,
        )
        for n in range(3)
    ]
    for _ in range(3):
        for story in stories:
            assert article_public_stamp(story.slug)["pk"] == story.pk
    assert article_public_stamp("no-such-story") is None
    newest_two = [stories[2].pk, stories[1].pk]
    pages = {"page_size=2": newest_two, "agency=NWP&page_size=2": newest_two, "agency=AP": []}
    for _ in range(7):
        for text, expected in pages.items():
            page, _ = article_public_list(parse_list_query(QueryDict(text)))
            assert [story["pk"] for story in page] == expected
    for _ in range(7):
        assert Article.objects.filter(agency="NWP").count() == 3
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any("slug" in statement and "LIMIT" not in statement for statement in prepared)
    assert any("LIMIT 3" in statement for statement in prepared), prepared  # the page
    assert not any("agency" in statement.split("WHERE")[-1] for statement in prepared), prepared
    assert not any("COUNT(" in statement for statement in prepared), prepared


def test_cache_is_redis(redis_url):
    from django.core.cache import caches

    cache = caches["default"]
    assert type(cache).__name__ == "RedisCache"
    cache.set("newsroom-test-key", {"value": 1}, 30)
    assert cache.get("newsroom-test-key") == {"value": 1}


def test_task_round_trips_through_a_real_worker(broker_url, start_worker):
    worker = start_worker(broker=broker_url)
    # Not the current app: the project's shared tasks must stay bound to the project's app.
    client = Celery("newsroom-test", broker=broker_url, backend=broker_url, set_as_current=False)
    try:
        result = client.send_task("newsroom.ping", args=["round trip"], queue="default")
        answer = result.get(timeout=60)
    finally:
        client.close()
    assert answer["payload"] == "round trip"
    assert answer["pid"] == worker.pid != os.getpid()


@pytest.mark.django_db
def test_demo_loads_on_postgresql(settings, postgres_url):
    settings.DEBUG = True
    call_command("load_demo")
    call_command("load_demo")
    assert Article.objects.get().is_updated


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_prepared_query_survives_a_migration_that_changes_what_it_returns(postgres_url):
    """PostgreSQL refuses a prepared statement for good once a column it returns changes type;
    the connection's prepared statements are dropped and the query runs again."""
    from articles.selectors import article_public_detail
    from articles.services import article_create, article_publish
    from tests.factories import editor

    ed = editor()
    story = article_publish(
        article=article_create(user=ed, headline="Tides", body="Text.", byline="Ana Ruiz"), user=ed
    )
    for _ in range(3):
        assert article_public_detail(slug=story.slug)["byline"] == "Ana Ruiz"
    try:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE articles_article ALTER COLUMN byline TYPE varchar(301)")
        for _ in range(3):
            assert article_public_detail(slug=story.slug)["byline"] == "Ana Ruiz"
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE articles_article ALTER COLUMN byline TYPE varchar(300)")


@pytest.mark.django_db
def test_json_built_as_text_reads_through_the_orm_too_and_a_configured_threshold_stays(
    postgres_url, django_capture_on_commit_callbacks
):
    """The list's JSON (json, not jsonb) reaches JSONField as text; preparing the hot queries
    leaves a prepare_threshold the operator set as it was."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from articles.filters import ListQuery
    from articles.selectors import article_public_stamp
    from articles.selectors.lists import list_queryset
    from articles.services import article_create, article_publish
    from media.services import photo_create
    from tests import images
    from tests.factories import editor

    ed = editor()
    with django_capture_on_commit_callbacks(execute=True):
        upload = SimpleUploadedFile("p.jpg", images.encode(images.photo_like(400, 300)))
        photo = photo_create(image=upload, caption="Quay.", agency="NWP", alt_text="Quay.")
        story = article_create(
            user=ed, headline="Quay", body="Text.", photos=[{"photo": photo, "role": "lead"}]
        )
        story = article_publish(article=story, user=ed)
    rows = list(list_queryset(ListQuery()))
    assert rows[0]["lead_json"]["caption"] == "Quay." and rows[0]["lead_json"]["renditions"]
    connection.ensure_connection()
    connection.connection.prepare_threshold = 7
    try:
        assert article_public_stamp(story.slug)["pk"] == story.pk
        assert connection.connection.prepare_threshold == 7
    finally:
        connection.connection.prepare_threshold = None
