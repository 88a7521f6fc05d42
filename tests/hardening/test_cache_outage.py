"""Redis (the cache) unreachable: the API answers from the database, editors keep working."""

import pytest

from articles.models import Article
from articles.services import article_create, article_publish, article_revise
from tests.factories import editor

pytestmark = pytest.mark.django_db
UNREACHABLE = {
    "default": {
        "BACKEND": "newsroom.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens on the discard port
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


@pytest.fixture
def cache_down(settings):
    settings.CACHES = UNREACHABLE  # Django resets its cache handlers on this change


def test_api_and_admin_work_without_the_cache(
    client, cache_down, django_capture_on_commit_callbacks
):
    ed = editor("ed")
    with django_capture_on_commit_callbacks(execute=True):
        article = article_publish(
            article=article_create(user=ed, headline="Outage story", body="Text."), user=ed
        )
        article = article_revise(
            article=article,
            user=ed,
            expected_version=article.version,
            kind="minor",
            headline="Still saved",
        )
    assert Article.objects.get().headline == "Still saved"
    assert client.get(f"/api/v1/articles/{article.slug}/").json()["headline"] == "Still saved"
    assert client.get("/api/v1/articles/").json()["results"][0]["slug"] == article.slug
    client.force_login(ed)
    assert client.get(f"/admin/articles/article/{article.pk}/change/").status_code == 200
