"""A story taken down while Redis is unreachable never comes back when Redis does, although
Redis returns with every entry it held (it saves them when it stops, as a production Redis
does): web processes through gunicorn, the takedown in this process, and no help from the
process that made it (its own retries are turned off here, as if it had ended)."""

import http.client
import time
from urllib.parse import urlparse

import pytest
from django.db import connection

from articles import public_cache
from articles.models import Article, PublicCacheRenewal
from articles.services import article_create, article_publish, article_unpublish
from tests.benchmarks import servers
from tests.factories import editor
from tests.services.conftest import RedisServer, wait_for

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def persistent_redis(tmp_path, redis_url):
    server = RedisServer(tmp_path, persistent=True)
    server.start()
    yield server
    server.stop()


def _status(base: str, path: str) -> int:
    host = urlparse(base)
    conn = http.client.HTTPConnection(host.hostname, host.port, timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def _env(redis: RedisServer) -> dict:
    s = connection.settings_dict
    return {
        **servers.base_env(s["NAME"]),
        "DATABASE_URL": f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}",
        "REDIS_URL": redis.url,
        "API_DETAIL_CACHE_SECONDS": "300",
    }


@pytest.mark.parametrize("read_during_the_outage", [True, False])
def test_a_story_taken_down_while_redis_is_down_never_comes_back(
    settings, monkeypatch, postgres_url, persistent_redis, read_during_the_outage
):
    settings.CACHES = {
        "default": {"BACKEND": "newsroom.cache.RedisCache", "LOCATION": persistent_redis.url}
    }
    settings.API_DETAIL_CACHE_SECONDS = 300
    monkeypatch.setattr(public_cache, "_retry_until_applied", lambda: None)
    ed = editor("ed")
    article = article_publish(
        article=article_create(user=ed, headline="Harbour deal", body="Text."), user=ed
    )
    path = f"/api/v1/articles/{article.slug}/"
    with servers.gunicorn(_env(persistent_redis), workers=2) as base:
        assert {_status(base, path) for _ in range(20)} == {200}  # cached in Redis
        persistent_redis.stop()  # saves what it holds
        article_unpublish(article=Article.objects.get(pk=article.pk), user=ed, reason="Legal")
        assert PublicCacheRenewal.objects.exists()  # the renewal could not be applied
        if read_during_the_outage:
            assert {_status(base, path) for _ in range(10)} == {404}
        persistent_redis.start()  # with the entries from before the takedown
        statuses = []
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            statuses.append(_status(base, path))
        assert set(statuses) == {404}, statuses
        wait_for(lambda: not PublicCacheRenewal.objects.exists(), what="the renewal applied")
        assert _status(base, "/api/v1/articles/") == 200
