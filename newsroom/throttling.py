import logging

from rest_framework.throttling import AnonRateThrottle

logger = logging.getLogger(__name__)


class ResilientAnonRateThrottle(AnonRateThrottle):
    """Rate limits live in the cache; if it is unreachable, serve rather than fail."""

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except Exception:
            logger.warning("Throttling is unavailable: the cache is unreachable")
            return True
