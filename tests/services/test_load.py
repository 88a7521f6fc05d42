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


class _Run:
    """What the editor committed (monotonic time, version) and what the readers saw."""

    def __init__(self):
        self.committed: list[tuple[float, int]] = [(time.monotonic(), 0)]
        self.failures: list[str] = []
        self.seen = 0
        self.stop = threading.Event()

    def edit(self, article, ed):
        current, version = article, 0
        try:
            while not self.stop.is_set():
                time.sleep(0.5)
                version += 1
                current = article_revise(
                    article=current,
                    user=ed,
                    expected_version=current.version,
                    kind="minor",
                    headline=f"Version {version}",
                )
                self.committed.append((time.monotonic(), version))
        finally:
            connection.close()

    def read(self, base: str, path: str):
        host = urlparse(base)
        conn = http.client.HTTPConnection(host.hostname, host.port, timeout=10)
        while not self.stop.is_set():
            asked = time.monotonic()
            floor = max(v for t, v in list(self.committed) if t <= asked)
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                body = response.read()
            except OSError as error:
                self.failures.append(f"{path}: {error!r}")
                conn = http.client.HTTPConnection(host.hostname, host.port, timeout=10)
                continue
            self._check(path, response.status, body, floor)

    def _check(self, path: str, status: int, body: bytes, floor: int):
        if status != 200:
            self.failures.append(f"{path}: HTTP {status}")
            return
        data = orjson.loads(body)
        headline = data["headline"] if "headline" in data else data["results"][0]["headline"]
        version = int(headline.removeprefix("Version "))
        self.seen += 1
        if version < floor:
            self.failures.append(f"{path}: version {version} after version {floor} was committed")


def test_readers_never_see_a_story_older_than_the_last_commit(postgres_url, redis_url):
    ed = editor("ed")
    article = article_publish(
        article=article_create(user=ed, headline="Version 0", body="Text."), user=ed
    )
    run = _Run()
    with servers.gunicorn(_server_env(redis_url), workers=2, threads=16) as base:
        paths = [f"/api/v1/articles/{article.slug}/", "/api/v1/articles/?page_size=5"]
        threads = [
            threading.Thread(target=run.read, args=(base, paths[i % 2])) for i in range(CLIENTS)
        ]
        threads.append(threading.Thread(target=run.edit, args=(article, ed)))
        for thread in threads:
            thread.start()
        time.sleep(SECONDS)
        run.stop.set()
        for thread in threads:
            thread.join(timeout=30)
    assert run.failures[:5] == []
    assert run.seen > CLIENTS * 10, f"only {run.seen} responses"
    assert len(run.committed) > SECONDS, f"only {len(run.committed)} updates"
