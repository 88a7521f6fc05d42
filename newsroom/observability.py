"""What an operator plugs in: errors to Sentry, JSON log lines that carry the request's and the
task's id, and the ids themselves.

- ``SENTRY_DSN`` set: unhandled errors of web requests and Celery tasks go to Sentry (sentry-sdk
  with its Django and Celery integrations); no personal data is sent.
- ``LOG_FORMAT=json``: one JSON object per line (python-json-logger) with ``time``, ``level``,
  ``logger``, ``message``, ``request_id`` and ``task_id``.
- Every request has an id: the proxy's ``X-Request-ID`` when it sends a sane one (1–128 of
  ``A–Z a–z 0–9 . _ -``), else a new one; it is returned in ``X-Request-ID``. A task's id is its
  Celery id.
"""

import contextvars
import logging
import re
import uuid

from django.core.exceptions import ImproperlyConfigured
from django.core.signals import request_finished
from django.dispatch import receiver

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
task_id: contextvars.ContextVar[str] = contextvars.ContextVar("task_id", default="")

_SANE_ID = re.compile(r"[A-Za-z0-9._-]{1,128}")
JSON_FIELDS = "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(task_id)s"
JSON_RENAMED = {"asctime": "time", "levelname": "level", "name": "logger"}


class RequestIdMiddleware:
    """Give each request an id for the logs, and tell the client (and the proxy) what it was."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        current = given if _SANE_ID.fullmatch(given) else uuid.uuid4().hex
        # Kept until the request has finished (below), so that Django's own lines about the
        # answer, written after the middleware, carry it too.
        request_id.set(current)
        response = self.get_response(request)
        response["X-Request-ID"] = current
        return response


@receiver(request_finished)
def _request_finished(**kwargs) -> None:
    request_id.set("")


class LogContext(logging.Filter):
    """Adds ``request_id`` and ``task_id`` (None outside a request or a task) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get() or None
        record.task_id = task_id.get() or None
        return True


def sentry_from_environment(env) -> None:
    """Send unhandled errors of requests and tasks to Sentry (sentry-sdk) when ``SENTRY_DSN`` is
    set, tagged with ``SENTRY_ENVIRONMENT`` (``production``) and ``SENTRY_RELEASE``, with
    ``SENTRY_TRACES_SAMPLE_RATE`` (0) of requests traced. `env` is a django-environ ``Env``."""
    if not env.str("SENTRY_DSN", default=""):
        return
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=env.str("SENTRY_DSN"),
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        release=env.str("SENTRY_RELEASE", default="") or None,
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
        send_default_pii=False,
        integrations=[DjangoIntegration(), CeleryIntegration()],
    )


def logging_config(log_format: str, *, level: str) -> dict:
    """Django's LOGGING for ``plain`` or ``json`` lines on standard error.

    Raises ImproperlyConfigured for any other format."""
    if log_format not in ("plain", "json"):
        raise ImproperlyConfigured(f"LOG_FORMAT is {log_format!r}; it must be plain or json.")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"context": {"()": "newsroom.observability.LogContext"}},
        "formatters": {
            "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": JSON_FIELDS,
                "rename_fields": JSON_RENAMED,
            },
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": log_format,
                "filters": ["context"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {"django.db.backends": {"level": "WARNING"}},
    }


_MEASURED = {
    "django.db.backends.postgresql": "django_prometheus.db.backends.postgresql",
    "django.db.backends.sqlite3": "django_prometheus.db.backends.sqlite3",
    "newsroom.cache.RedisCache": "newsroom.metrics.MeasuredRedisCache",
    "django.core.cache.backends.locmem.LocMemCache": (
        "django_prometheus.cache.backends.locmem.LocMemCache"
    ),
}


def measured(installed_apps: list, middleware: list, databases: dict, caches: dict):
    """The settings with Prometheus metrics on (newsroom/metrics.py): django-prometheus's app,
    its middleware around all the others, and measured database and cache backends (changed in
    place). Returns the new (INSTALLED_APPS, MIDDLEWARE)."""
    for backend in databases.values():
        backend["ENGINE"] = _MEASURED.get(backend["ENGINE"], backend["ENGINE"])
    for backend in caches.values():
        backend["BACKEND"] = _MEASURED.get(backend["BACKEND"], backend["BACKEND"])
    return (
        [*installed_apps, "django_prometheus"],
        [
            "django_prometheus.middleware.PrometheusBeforeMiddleware",
            *middleware,
            "django_prometheus.middleware.PrometheusAfterMiddleware",
        ],
    )
