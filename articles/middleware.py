"""The public API's cached answers, given before the rest of the middleware and URL routing."""

from django.conf import settings
from django.contrib import auth
from django.urls import Resolver404, resolve
from django.utils.functional import SimpleLazyObject

from . import public_cache
from .api import ArticleDetailView, ArticleListView, serve_entry

PREFIX = "/api/v1/articles/"
CACHED_VIEWS = (ArticleListView, ArticleDetailView)


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
        return self.get_response(request)

    @staticmethod
    def _answer(request):
        if not public_cache.enabled():
            return None
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
        view_class = getattr(match.func, "view_class", None)
        if view_class not in CACHED_VIEWS:
            return None
        view = view_class()
        scope = view.cache_scope(request, **match.kwargs)
        if scope is None:
            return None
        _, entry = public_cache.lookup(*scope)
        if entry is None:
            return None
        # As AuthenticationMiddleware would: the anonymous throttle exempts signed-in users.
        request.user = SimpleLazyObject(lambda: auth.get_user(request))
        if not all(throttle.allow_request(request, view) for throttle in view.get_throttles()):
            return None  # the view answers 429 with Retry-After (a refusal is not counted)
        response = serve_entry(request, entry)
        response["Content-Length"] = str(len(response.content))
        response["X-Frame-Options"] = settings.X_FRAME_OPTIONS
        return response
