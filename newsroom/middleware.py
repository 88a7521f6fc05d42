"""Answer cleanly when a backing service is briefly unreachable."""

import logging

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import JsonResponse

logger = logging.getLogger(__name__)


class ServiceUnavailableMiddleware:
    """A database that is restarting gives a 503 with Retry-After, not a 500: the request can be
    repeated, and the next one reconnects (CONN_HEALTH_CHECKS) without restarting the process."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError) and not (
            isinstance(exception, DatabaseError) and "connection" in str(exception).lower()
        ):
            return None
        logger.warning("Database unavailable for %s: %s", request.path, exception)
        response = JsonResponse(
            {"detail": "The service is briefly unavailable; try again in a few seconds."},
            status=503,
        )
        response["Retry-After"] = "5"
        response["Cache-Control"] = "no-store"
        return response
