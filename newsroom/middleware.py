"""Answer cleanly when a backing service is briefly unreachable; speak each editor's language
in the pages they read, and one language in the public answers."""

import logging

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from newsroom.storage_settings import STORAGE_ERRORS

logger = logging.getLogger(__name__)


class ServiceUnavailableMiddleware:
    """A database that is restarting gives a 503 with Retry-After, not a 500: the request can be
    repeated, and the next one reconnects (CONN_HEALTH_CHECKS) without restarting the process.
    So does object storage that times out or fails on its side; one that refuses for good (a
    4xx such as AccessDenied or NoSuchBucket) is a 500, reported as the error it is."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        database = isinstance(exception, OperationalError | InterfaceError) or (
            isinstance(exception, DatabaseError) and "connection" in str(exception).lower()
        )
        # Object storage that does not answer or refuses (botocore); a local disk's errors stay
        # errors, as they are the server's own.
        storage = isinstance(exception, STORAGE_ERRORS[1:])  # botocore's, timeouts included
        if not (database or storage) or (storage and _refused_for_good(exception)):
            return None  # Django answers 500 and reports it (Sentry, the error log)
        logger.warning(
            "%s unavailable for %s: %r",
            "Database" if database else "Storage",
            request.path,
            exception,
        )
        response = JsonResponse(
            {"detail": "The service is briefly unavailable; try again in a few seconds."},
            status=503,
        )
        response["Retry-After"] = "5"
        response["Cache-Control"] = "no-store"
        return response


# S3 answers that asking again will not change (wrong keys, no such bucket, access denied): a
# configuration to mend, not an outage to wait out. Not these 4xx: timeouts, conflicts (409),
# throttling, a clock out of step and expiring credentials, which botocore and a retry get past
# (the codes botocore's own retry rules take as transient or throttled, and S3's).
_TRANSIENT_STORAGE_CODES = {
    *("RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete"),
    *("SlowDown", "Throttling", "ThrottlingException", "ThrottledException"),
    *("RequestThrottled", "RequestThrottledException", "TooManyRequestsException"),
    *("RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException"),
    *("ProvisionedThroughputExceededException", "EC2ThrottledException"),
    *("TransactionInProgressException", "OperationAborted", "ConditionalRequestConflict"),
    *("RequestTimeTooSkewed", "ExpiredToken", "ExpiredTokenException", "TokenRefreshRequired"),
}


def _refused_for_good(exception: Exception) -> bool:
    response = getattr(exception, "response", None)  # botocore's ClientError carries the answer
    if not isinstance(response, dict):
        return False
    status = response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0
    code = response.get("Error", {}).get("Code", "")
    transient = status in (408, 409, 429) or code in _TRANSIENT_STORAGE_CODES
    return 400 <= status < 500 and not transient


class InterfaceLocaleMiddleware(LocaleMiddleware):
    """Django's `LocaleMiddleware` for the pages people read in their own language (the admin,
    story previews, the language switch): the language chosen in the admin (a cookie), else
    the browser's Accept-Language, else `LANGUAGE_CODE`.

    The public API, feeds and sitemaps are left in `LANGUAGE_CODE` and carry no
    `Vary: Accept-Language`: their answers are cached and shared by every reader, and client
    developers match their error texts, so one URL gives one answer."""

    TRANSLATED_PREFIXES = ("/admin/", "/preview/", "/i18n/")

    def process_request(self, request):
        if request.path.startswith(self.TRANSLATED_PREFIXES):
            return super().process_request(request)
        translation.activate(settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = settings.LANGUAGE_CODE
        return None

    def process_response(self, request, response):
        if request.path.startswith(self.TRANSLATED_PREFIXES):
            return super().process_response(request, response)
        return response
