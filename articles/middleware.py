"""The public API's cached answers, given before the rest of the middleware and URL routing."""

from functools import lru_cache

from django.conf import settings
from django.contrib import auth
from django.urls import Resolver404, get_urlconf, resolve
from django.utils.functional import SimpleLazyObject

from . import public_cache
from .api import ArticleDetailView, ArticleListView, serve_entry

PREFIX = "/api/v1/articles/"
CACHED_VIEWS = (ArticleListView, ArticleDetailView)


def _route(path: str) -> tuple[type | None, dict]:
    """The view class and keyword arguments Django's URL resolver gives `path` (None if none).
    Resolving walks the URL patterns, a fifth of a warm answer's time, so the result for a
    path is remembered (for the URLconf in use; at most `ROUTES_KEPT` paths, none longer than
    `ROUTE_KEPT_LENGTH` characters). The kwargs are shared: read them, never change them."""
    if len(path) > ROUTE_KEPT_LENGTH:
        return _resolved(get_urlconf() or settings.ROOT_URLCONF, path)
    return _resolved_kept(get_urlconf() or settings.ROOT_URLCONF, path)


def _resolved(urlconf: str, path: str) -> tuple[type | None, dict]:
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return None, {}
    return getattr(match.func, "view_class", None), match.kwargs


ROUTES_KEPT = 4096
ROUTE_KEPT_LENGTH = 200
_resolved_kept = lru_cache(maxsize=ROUTES_KEPT)(_resolved)


class PublicAnswerMiddleware:
    """Answers a GET of a public story or list page from the cache, as Django's own cache
    middleware does: the warm answers are the API's hottest path, and everything after this
    middleware (CSRF, authentication, messages, routing, the view) would cost more than the
    answer. It sits after the security, session and CORS middleware, whose headers the answer
    needs, and adds what the skipped ones would have (Content-Length, X-Frame-Options).
    Anything it does not answer goes on unchanged; throttling counts a request once."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "GET" and request.path_info.startswith(PREFIX):
            response = self._answer(request)
            if response is not None:
                return response
        response = self.get_response(request)
        if response.status_code == 304:
            # CommonMiddleware gives every answer its Content-Length, a 304's being 0; RFC 9110
            # (8.6) allows a 304 only the length of the 200 it stands for, so it gets none.
            response.headers.pop("Content-Length", None)
        return response

    @staticmethod
    def _answer(request):
        if not public_cache.enabled():
            return None
        view_class, kwargs = _route(request.path_info)
        if view_class not in CACHED_VIEWS:
            return None
        view = view_class()
        scope = view.cache_scope(request, **kwargs)
        if scope is None:
            return None
        _, entry = public_cache.lookup(*scope)
        if entry is None:
            return None
        if throttles := view.get_throttles():
            # As AuthenticationMiddleware would: the anonymous throttle exempts signed-in users.
            request.user = SimpleLazyObject(lambda: auth.get_user(request))
            if not all(throttle.allow_request(request, view) for throttle in throttles):
                return None  # the view answers 429 with Retry-After (a refusal is not counted)
        response = serve_entry(request, entry)
        if response.status_code != 304:  # see __call__
            response["Content-Length"] = str(len(response.content))
        response["X-Frame-Options"] = settings.X_FRAME_OPTIONS
        return response
