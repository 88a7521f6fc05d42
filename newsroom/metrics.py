"""Prometheus metrics, when ``METRICS_ENABLED`` is on: served at ``/metrics`` (text format).

django-prometheus measures requests (``django_http_*``: counts, latencies by view, status codes),
the database (``django_db_*``: connections, queries, errors, by alias and vendor) and the cache
(``django_cache_get_*``: gets, hits, misses). This module adds what it cannot know of:

- the cache's hits and misses on Newsroom's Redis backend (newsroom/cache.py), local copies
  included, under ``backend="redis"``;
- ``newsroom_celery_queue_length{queue}``: jobs waiting in each Celery queue, read from the
  broker (Redis) at scrape time.

With several gunicorn workers, set ``PROMETHEUS_MULTIPROC_DIR`` to an empty folder per service
start (prometheus_client's multi-process mode), as deploy/systemd/newsroom-web.service does.
"""

import os

from django.conf import settings
from django.http import HttpResponse
from django_prometheus.cache.metrics import (
    django_cache_get_fail_total,
    django_cache_get_total,
    django_cache_hits_total,
    django_cache_misses_total,
)
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

from newsroom.cache import RedisCache

_BACKEND = "redis"


def _count(asked: int, found: int) -> None:
    django_cache_get_total.labels(backend=_BACKEND).inc(asked)
    django_cache_hits_total.labels(backend=_BACKEND).inc(found)
    django_cache_misses_total.labels(backend=_BACKEND).inc(asked - found)


class MeasuredRedisCache(RedisCache):
    """Newsroom's Redis cache, counting its gets, hits, misses and failures."""

    def get(self, key, default=None, version=None):
        sentinel = object()
        try:
            value = super().get(key, sentinel, version)
        except Exception:
            django_cache_get_fail_total.labels(backend=_BACKEND).inc()
            raise
        _count(1, value is not sentinel)
        return default if value is sentinel else value

    def get_many(self, keys, version=None):
        keys = list(keys)
        found = super().get_many(keys, version)
        _count(len(keys), len(found))
        return found

    def get_many_tracked(self, keys):
        if not settings.CACHE_LOCAL_COPIES:
            return self.get_many(keys)  # counted there
        found = super().get_many_tracked(keys)
        _count(len(keys), len(found))
        return found


class QueueLengths:
    """Jobs waiting in each Celery queue the project routes to (Redis broker: a list per queue),
    and whether the broker answered the scrape."""

    def collect(self):
        broker = settings.CELERY_BROKER_URL
        if not broker.startswith(("redis://", "rediss://")):
            return
        import redis

        lengths = GaugeMetricFamily(
            "newsroom_celery_queue_length", "Jobs waiting in a Celery queue.", labels=["queue"]
        )
        up = GaugeMetricFamily("newsroom_celery_broker_up", "1 if the broker answered, else 0.")
        client = redis.Redis.from_url(broker, socket_timeout=2, socket_connect_timeout=2)
        try:
            for queue in queue_names():
                lengths.add_metric([queue], client.llen(queue))
            up.add_metric([], 1)
            yield lengths
        except redis.RedisError:
            up.add_metric([], 0)  # no lengths rather than wrong ones
        finally:
            client.close()
        yield up


def queue_names() -> list[str]:
    routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    return sorted({settings.CELERY_TASK_DEFAULT_QUEUE, *routed})


def export(request):
    """``/metrics``: django-prometheus's figures (every gunicorn worker's, in multi-process
    mode) and the queue lengths, in Prometheus's text format."""
    registry = REGISTRY
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        registry.register(QueueLengths())
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)


def register() -> None:
    """Add the queue lengths to prometheus_client's registry (once, from the URLconf)."""
    REGISTRY.register(QueueLengths())
