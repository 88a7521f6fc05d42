"""Liveness and readiness for load balancers and process supervisors (django-health-check).

- ``GET /health/live``: the process answers; checks nothing else, so that a supervisor restarts
  only a process that is itself stuck, never all of them when the database blinks.
- ``GET /health/ready``: the database, the cache, the Celery broker and the photo storage answer;
  a load balancer sends traffic only to a process that is ready. 200 when all pass, 503 with the
  failing check named (no credentials or addresses) when one does not.

Both answer JSON to ``Accept: application/json`` (``{"Database(alias='default')": "OK", …}``),
plain text to ``text/plain``, and are never cached.
"""

import dataclasses
import datetime

from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from health_check.base import HealthCheck
from health_check.checks import Cache, Database, Storage
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView


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


class _Probe(HealthCheckView):
    async def dispatch(self, request, *args, **kwargs):
        response = await super().dispatch(request, *args, **kwargs)
        if response.status_code == 500:  # what the library answers for a failed check
            response.status_code = 503
        return response


@method_decorator(csrf_exempt, name="dispatch")
class LiveView(_Probe):
    checks = ()


@method_decorator(csrf_exempt, name="dispatch")
class ReadyView(_Probe):
    checks = (Database, Cache, Broker, (Storage, {"alias": "default"}))
