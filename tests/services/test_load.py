"""50 clients read the API through gunicorn for 30 seconds while an editor publishes updates:
no errors, and no response older than the last update committed before it was asked for."""

import http.client
import os
import threading
import time
from urllib.parse import urlparse

import orjson
import pytest
from django.db import connection

from articles.services import article_create, article_publish, article_revise
from tests.benchmarks import servers
from tests.factories import editor

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
CLIENTS = 50
SECONDS = float(os.environ.get("LOAD_TEST_SECONDS", "30"))


def _server_env(redis_url: str) -> dict:
    s = connection.settings_dict
    return {
        **servers.base_env(s["NAME"]),
        "DATABASE_URL": f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}",
        "REDIS_URL": redis_url,  # the same cache the editor's commits renew
    }


def test_readers_never_see_a_story_older_than_the_last_commit(postgres_url, redis_url):
    ed = editor("ed")
    article = article_publish(article=article_create(user=ed, headline="Version 0"), user=ed)
    committed: list[tuple[float, int]] = [(time.monotonic(), 0)]
    failures: list[str] = []
    seen = [0]
    stop = threading.Event()

    def editor_loop():
        current, version = article, 0
        try:
            while not stop.is_set():
                time.sleep(0.5)
                version += 1
                current = article_revise(
                    article=current,
                    user=ed,
                    expected_version=current.version,
                    kind="minor",
                    headline=f"Version {version}",
                )
                committed.append((time.monotonic(), version))
        finally:
            connection.close()

    def reader(base: str, path: str):
        host = urlparse(base)
        conn = http.client.HTTPConnection(host.hostname, host.port, timeout=10)
        while not stop.is_set():
            asked = time.monotonic()
            floor = max(v for t, v in list(committed) if t <= asked)
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                body = response.read()
            except OSError as error:
                failures.append(f"{path}: {error!r}")
                conn = http.client.HTTPConnection(host.hostname, host.port, timeout=10)
                continue
            if response.status != 200:
                failures.append(f"{path}: HTTP {response.status}")
                continue
            data = orjson.loads(body)
            headline = data["headline"] if "headline" in data else data["results"][0]["headline"]
            version = int(headline.removeprefix("Version "))
            seen[0] += 1
            if version < floor:
                failures.append(f"{path}: version {version} after version {floor} was committed")

    with servers.gunicorn(_server_env(redis_url), workers=2, threads=16) as base:
        paths = [f"/api/v1/articles/{article.slug}/", "/api/v1/articles/?page_size=5"]
        threads = [
            threading.Thread(target=reader, args=(base, paths[i % 2])) for i in range(CLIENTS)
        ]
        threads.append(threading.Thread(target=editor_loop))
        for thread in threads:
            thread.start()
        time.sleep(SECONDS)
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    assert failures[:5] == []
    assert seen[0] > CLIENTS * 10, f"only {seen[0]} responses"
    assert len(committed) > SECONDS, f"only {len(committed)} updates"
