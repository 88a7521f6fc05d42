"""Liveness and readiness for load balancers and process supervisors (django-health-check).

- ``GET /health/live``: the process answers; checks nothing else, so that a supervisor restarts
  only a process that is itself stuck, never all of them when the database blinks.
- ``GET /health/ready``: the database, the cache, the Celery broker and the photo storage answer;
  a load balancer sends traffic only to a process that is ready. 200 when all pass, 503 with the
  failing check named and why (no credentials or addresses) when one does not, within about six
  seconds even when a service hangs.

Both answer JSON (``{"Database(alias='default')": "OK", …}``) unless the client asks for
``text/plain`` or ``text/html``; a malformed ``Accept`` header counts as none. The library's
feed and OpenMetrics renderings, which answer 200 whatever the checks say, are not offered: the
status code is the answer. Never cached.
"""

import contextlib
import dataclasses
import datetime
from concurrent.futures import ThreadPoolExecutor

from django.core.files.storage import FileSystemStorage, storages
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from health_check.base import HealthCheck
from health_check.checks import Cache, Database
from health_check.checks import Storage as _WriteAndDelete
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView, MediaType

from newsroom.storage_settings import storage_answers

_OFFERED = {"application/json", "text/plain", "text/html"}


@dataclasses.dataclass
class Broker(HealthCheck):
    """The Celery broker accepts a connection. Nothing to check when tasks run eagerly (the
    embedded default has no broker)."""

    timeout: datetime.timedelta = dataclasses.field(
        default=datetime.timedelta(seconds=3), repr=False
    )

    def run(self) -> None:
        from newsroom.celery import app

        if app.conf.task_always_eager:
            return
        try:
            with app.connection_for_write() as connection:
                connection.ensure_connection(max_retries=1)
        except Exception as error:
            raise ServiceUnavailable("The broker does not answer.") from error


@dataclasses.dataclass
class PhotoStorage(HealthCheck):
    """The photo storage answers. Local files: a file is written, read and deleted. Object
    storage: the bucket answers a HEAD request (one request per probe, no writes billed)."""

    alias: str = "default"

    def run(self) -> None:
        storage = storages[self.alias]
        if isinstance(storage, FileSystemStorage):
            _WriteAndDelete(alias=self.alias).run()
        elif not storage_answers(storage):
            raise ServiceUnavailable(
                "The photo storage does not answer, or its bucket is missing or not allowed."
            )


@contextlib.contextmanager
def _abandoning_executor():
    """Threads for the synchronous checks that the answer does not wait for once their time is
    up: a service that hangs costs a thread until its own client gives up, not the probe."""
    executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="health")
    try:
        yield executor
    finally:
        executor.shutdown(wait=False, cancel_futures=True)


def _offered_accept(header: str) -> str:
    """The client's Accept header reduced to what these views answer; JSON otherwise."""
    try:
        wanted = [media.mime_type for media in MediaType.parse_header(header.lower())]
    except ValueError:
        return "application/json"
    for mime_type in wanted:
        if mime_type in _OFFERED:
            return mime_type
    return "application/json"


class _Probe(HealthCheckView):
    async def dispatch(self, request, *args, **kwargs):
        request.META["HTTP_ACCEPT"] = _offered_accept(request.META.get("HTTP_ACCEPT", "*/*"))
        request.__dict__.pop("headers", None)  # read again from META by the library
        if request.GET.get("format") not in (None, "json", "text"):
            request.GET = request.GET.copy()
            request.GET["format"] = "json"
        response = await super().dispatch(request, *args, **kwargs)
        if response.status_code == 500:  # what the library answers for a failed check
            response.status_code = 503
        return response

    def get_executor(self):
        return _abandoning_executor()


@method_decorator(csrf_exempt, name="dispatch")
class LiveView(_Probe):
    checks = ()


@method_decorator(csrf_exempt, name="dispatch")
class ReadyView(_Probe):
    checks = (Database, Cache, Broker, PhotoStorage)
