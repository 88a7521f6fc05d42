"""Prometheus metrics at /metrics when METRICS_ENABLED is on: requests, database, cache, queues."""

import pytest

from tests.newsroom.test_settings import _run

SCRIPT = """
import django
django.setup()
from django.core.management import call_command
from django.test import Client
import redis, os
call_command("migrate", verbosity=0)
from django.core.cache import cache
cache.clear()
broker = os.environ.get("CELERY_BROKER_URL")
if os.environ.get("QUEUE_JOBS"):
    queue = redis.Redis.from_url(broker)
    queue.delete("renditions")
    queue.rpush("renditions", "a", "b", "c")
client = Client()
assert client.get("/api/v1/articles/").status_code == 200
assert client.get("/api/v1/articles/").status_code == 200
answer = client.get("/metrics")
assert answer.status_code == 200, answer.status_code
print(answer.content.decode())
"""


def _samples(text: str) -> dict[str, float]:
    rows = (line.rsplit(" ", 1) for line in text.splitlines() if line and line[0] != "#")
    return {name: float(value) for name, value in rows}


def _metrics(tmp_path, **environment) -> dict[str, float]:
    result = _run(SCRIPT, tmp_path, DEBUG="true", ALLOWED_HOSTS="testserver", **environment)
    assert result.returncode == 0, result.stderr
    return _samples(result.stdout)


def test_requests_database_and_cache_are_measured(tmp_path):
    samples = _metrics(tmp_path, METRICS_ENABLED="true")
    views = [name for name in samples if name.startswith("django_http_responses_total_by_status")]
    assert any('status="200"' in name for name in views)
    assert samples['django_db_execute_total{alias="default",vendor="sqlite"}'] > 0
    assert samples['django_cache_get_total{backend="locmem"}'] >= 2


def test_metrics_are_off_unless_enabled(tmp_path):
    result = _run(SCRIPT, tmp_path, DEBUG="true", ALLOWED_HOSTS="testserver")
    assert result.returncode != 0 and "404" in result.stderr


@pytest.mark.services
def test_redis_cache_and_queue_lengths_are_measured(tmp_path, redis_url):
    broker = redis_url.rsplit("/", 1)[0] + "/14"
    samples = _metrics(
        tmp_path,
        METRICS_ENABLED="true",
        REDIS_URL=redis_url,
        CELERY_BROKER_URL=broker,
        QUEUE_JOBS="3",
    )
    assert samples['newsroom_celery_queue_length{queue="renditions"}'] == 3
    assert samples['newsroom_celery_queue_length{queue="default"}'] == 0
    gets = samples['django_cache_get_total{backend="redis"}']
    hits = samples['django_cache_get_hits_total{backend="redis"}']
    assert gets > hits > 0


def test_an_unreachable_broker_is_a_figure_not_a_gap(tmp_path):
    samples = _metrics(tmp_path, METRICS_ENABLED="true", CELERY_BROKER_URL="redis://127.0.0.1:9/0")
    assert samples["newsroom_celery_broker_up"] == 0
    assert not [name for name in samples if name.startswith("newsroom_celery_queue_length")]


@pytest.mark.services
def test_queue_lengths_are_served_in_multi_process_mode(tmp_path, redis_url):
    folder = tmp_path / "metrics"
    folder.mkdir()
    broker = redis_url.rsplit("/", 1)[0] + "/14"
    samples = _metrics(
        tmp_path,
        METRICS_ENABLED="true",
        CELERY_BROKER_URL=broker,
        QUEUE_JOBS="3",
        PROMETHEUS_MULTIPROC_DIR=str(folder),
    )
    assert samples['newsroom_celery_queue_length{queue="renditions"}'] == 3
    assert samples["newsroom_celery_broker_up"] == 1
    assert any(name.startswith("django_http_requests_total_by_method") for name in samples)
