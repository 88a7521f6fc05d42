import logging

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle

logger = logging.getLogger(__name__)


class ResilientAnonRateThrottle(AnonRateThrottle):
    """Rate limits live in the cache; if it is unreachable, serve rather than fail.

    Signed-in users are not limited (DRF's rule), but asking whether a request is signed in
    opens its session, and Django then marks the answer `Vary: Cookie`: a CDN would keep one
    copy of a public answer per reader's cookies. A request without a session cookie is
    anonymous without asking, so public answers vary on the cookie only for those that have one."""

    def get_cache_key(self, request, view):
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
        return super().get_cache_key(request, view)

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except Exception:
            logger.warning("Throttling is unavailable: the cache is unreachable")
            return True
