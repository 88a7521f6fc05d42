"""The public, read-only article API (`/api/v1/`; the importer's endpoint is in
`ingest_api.py`). Views are thin: check the parameters, ask a selector, answer a conditional
request before building anything, and serve cached bytes."""

import hashlib
import time
from datetime import UTC, datetime
from functools import lru_cache

import orjson
from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework.views import APIView

from . import public_cache, schema
from .filters import ParameterError, parse_list_query, single_value
from .ninjs import NINJS_VERSIONS, article_ninjs, killed_ninjs
from .selectors import (
    article_kill_notice,
    article_public_detail,
    article_public_list,
    article_public_stamp,
    public_last_change,
    release_times,
)
from .serializers import article_detail_data, article_list_items, iso


def json_response(payload, *, status: int = 200) -> HttpResponse:
    return HttpResponse(
        orjson.dumps(payload), status=status, content_type="application/json; charset=utf-8"
    )


def parameter_error(error: ParameterError) -> HttpResponse:
    return json_response({"detail": str(error), "parameter": error.parameter}, status=400)


NOT_FOUND = {"detail": "No published story has this slug."}


def not_public(slug: str, *, ninjs_version: str | None = None) -> HttpResponse:
    """404, or 410 Gone with the kill notice (as a canceled ninjs item on the ninjs route)
    for a story that was killed."""
    killed = article_kill_notice(slug)
    if killed is None:
        return json_response(NOT_FOUND, status=404)
    killed["killed_at"] = iso(killed["killed_at"])
    if ninjs_version is not None:
        return json_response(killed_ninjs(killed, version=ninjs_version), status=410)
    payload = {
        "detail": "This story was killed and withdrawn.",
        "kill_notice": killed["notice"],
        "killed_at": killed["killed_at"],
    }
    return json_response(payload, status=410)


def _now() -> float:
    return time.time()


def _conditional(request, etag: str, last_modified) -> HttpResponse | None:
    # A Last-Modified under a second old is a weak validator (RFC 9110, 8.8.2.2): another change
    # in the same second would carry the same date, so it cannot answer 304 on its own.
    settled = last_modified and _now() - last_modified.timestamp() >= 1
    return get_conditional_response(
        request, etag=etag, last_modified=int(last_modified.timestamp()) if settled else None
    )


def _caching_headers(response: HttpResponse, etag: str, last_modified) -> HttpResponse:
    return _stamped(response, etag, last_modified.timestamp() if last_modified else None)


def _stamped(response: HttpResponse, etag: str, changed: float | None) -> HttpResponse:
    """The validators and caching headers of every public answer (`changed`: epoch seconds)."""
    response["ETag"] = etag
    if changed:
        response["Last-Modified"] = _http_date(changed)
    response["Cache-Control"] = settings.API_CACHE_CONTROL
    response["Vary"] = "Accept-Encoding, Origin"
    return response


# Warm answers give the same few dates again and again; formatting one is a tenth of an answer.
_http_date = lru_cache(maxsize=4096)(http_date)


def origin(request) -> str:
    """The scheme and host that an answer's absolute URLs are built on
    (`https://news.example.org`): part of every cache key and ETag of the public answers, as the
    same path answers other bytes at another origin (http behind a proxy, another host name)."""
    return f"{request.scheme}://{request.get_host()}"


def make_etag(*parts) -> str:
    digest = hashlib.blake2b("|".join(map(str, parts)).encode(), digest_size=12).hexdigest()
    return f'"{digest}"'


# Without any of these, get_conditional_response has nothing to answer.
_CONDITIONAL_HEADERS = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
)


def _is_conditional(request) -> bool:
    return any(name in request.META for name in _CONDITIONAL_HEADERS)


# Further than this from a release, the API's Cache-Control (a minute, and five of staleness)
# cannot carry an answer past it.
_RELEASE_HORIZON = 3600


def _until_release(response: HttpResponse, until: float | None) -> HttpResponse:
    """No shared cache may keep an answer past the second a story becomes public: max-age
    (the smaller of the two is kept) ends there, and no stale answer is allowed."""
    if until is not None and (seconds := max(0, int(until - _now()))) < _RELEASE_HORIZON:
        patch_cache_control(response, max_age=seconds, stale_while_revalidate=0)
    return response


def serve_entry(request, entry: dict) -> HttpResponse:
    """A cached entry (`{"etag", "changed": epoch seconds or None, "body", "until"}`) as the
    answer to `request`: 304 when its validators match, else 200 with the body."""
    until = entry.get("until")
    if _is_conditional(request):
        changed = datetime.fromtimestamp(entry["changed"], tz=UTC) if entry["changed"] else None
        if (answer := _conditional(request, entry["etag"], changed)) is not None:
            return _until_release(_stamped(answer, entry["etag"], entry["changed"]), until)
    response = HttpResponse(entry["body"], content_type="application/json; charset=utf-8")
    return _until_release(_stamped(response, entry["etag"], entry["changed"]), until)


class PublicAPIView(APIView):
    """Anonymous, throttled, read-only."""

    http_method_names = ["get", "head", "options"]

    def cache_scope(self, request, **kwargs) -> tuple[str, str] | None:
        """The cache generation scope and entry key of this request, if its answer is cached."""
        return None

    def dispatch(self, request, *args, **kwargs):
        """A GET is answered straight from Django's request (cached answers come earlier, from
        PublicAnswerMiddleware, or from get()): these are the API's hottest paths, their views
        read only the query string, and the REST framework's request handling
        (content negotiation, parsers, authentication) would cost as much as a cached answer.
        Throttling applies on both paths, once; a refused request goes through the framework,
        which answers 429 with Retry-After. Other methods (HEAD, OPTIONS) go through it too."""
        if "\x00" in kwargs.get("slug", ""):
            # No slug holds a NUL (PostgreSQL's text cannot): no story, without asking.
            return json_response(NOT_FOUND, status=404)
        if request.method != "GET" or not all(
            t.allow_request(request, self) for t in self.get_throttles()
        ):
            return super().dispatch(request, *args, **kwargs)
        self.args, self.kwargs, self.request = args, kwargs, request
        return self.get(request, *args, **kwargs)


def next_page_url(request, cursor) -> str | None:
    """This request's URL with the cursor of the next page, if there is one."""
    if cursor is None:
        return None
    params = request.GET.copy()
    params["cursor"] = cursor.encode()
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


class PublicPageView(PublicAPIView):
    """A page of a list (stories, corrections): cached under the generation every story
    change renews, and until the next second a scheduled or embargoed story becomes public.
    Subclasses read the query string (`parse`, raising `ParameterError`) and build the entry
    (`build`: `{"etag", "changed", "body"}`)."""

    def cache_scope(self, request, **kwargs) -> tuple[str, str]:
        return public_cache.LISTS, public_cache.list_key(request.get_full_path(), origin(request))

    def parse(self, params):
        raise NotImplementedError

    def build(self, request, query, *, now, any_due: bool) -> dict:
        raise NotImplementedError

    def get(self, request):
        try:
            query = self.parse(request.GET)
        except ParameterError as error:
            return parameter_error(error)
        caching = public_cache.enabled()
        scope, key = self.cache_scope(request)
        generation, entry = public_cache.lookup(scope, key) if caching else ("", None)
        if entry is None:
            now = timezone.now()
            any_due, next_release = release_times(now)
            entry = self.build(request, query, now=now, any_due=any_due)
            entry["until"] = next_release.timestamp() if next_release else None
            if caching:
                public_cache.store(key, generation, entry)
        return serve_entry(request, entry)


@extend_schema_view(
    get=extend_schema(
        operation_id="articles_list",
        summary="Published stories, newest first",
        parameters=schema.LIST_PARAMETERS,
        responses={
            200: schema.ArticleListSerializer,
            400: schema.ErrorSerializer,
            429: schema.ErrorSerializer,
        },
    )
)
class ArticleListView(PublicPageView):
    def parse(self, params):
        return parse_list_query(params)

    def build(self, request, query, *, now, any_due: bool) -> dict:
        stories, next_cursor = article_public_list(query, now=now, any_due=any_due)
        etag = make_etag(
            "list",
            origin(request),
            request.get_full_path(),
            *(f"{s['pk']}:{s['public_changed_at']}" for s in stories),
        )
        # Not the newest story on the page: taking one down must move Last-Modified forward.
        # The page's query brings it along (and a scheduled story's release); an empty page
        # asks for it.
        last_modified = (
            max(stories[0]["public_latest"] or now, *(s["public_changed_at"] for s in stories))
            if stories
            else public_last_change(now)
        )
        absolute = request.build_absolute_uri
        payload = {
            "next": next_page_url(request, next_cursor),
            "results": article_list_items(stories, absolute=absolute),
        }
        return {
            "etag": etag,
            "changed": last_modified.timestamp() if last_modified else None,
            "body": orjson.dumps(payload),
        }


class ArticleDetailView(PublicAPIView):
    def cache_scope(self, request, *, slug: str) -> tuple[str, str] | None:
        if request.META.get("QUERY_STRING"):
            # Parameters are refused with 400 in get(), whatever is cached (reading the raw
            # string spares parsing it on the warm path; an empty `?&` is answered by get()).
            return None
        return slug, public_cache.story_key(slug, origin(request))

    @extend_schema(
        operation_id="articles_retrieve",
        summary="One published story",
        responses={
            200: schema.ArticleDetailSerializer,
            404: schema.ErrorSerializer,
            410: schema.KilledSerializer,
            429: schema.ErrorSerializer,
        },
    )
    def get(self, request, slug: str):
        if request.GET:
            name = next(iter(request.GET))
            return parameter_error(ParameterError(name, f"Unknown parameter: {name[:50]}."))
        site = origin(request)
        caching = public_cache.enabled()
        key = public_cache.story_key(slug, site)
        generation, entry = public_cache.lookup(slug, key) if caching else ("", None)
        if entry is None:
            if not caching and _is_conditional(request):
                # Without the cache, a conditional request is answered from the change time.
                stamp = article_public_stamp(slug)
                if stamp is None:
                    return not_public(slug)
                changed = stamp["public_changed_at"]
                etag = make_etag("detail", stamp["pk"], changed.isoformat(), site)
                if (answer := _conditional(request, etag, changed)) is not None:
                    return _caching_headers(answer, etag, changed)
            story = article_public_detail(slug=slug)
            if story is None:
                return not_public(slug)
            changed = story["public_changed_at"]
            entry = {
                "etag": make_etag("detail", story["pk"], changed.isoformat(), site),
                "changed": changed.timestamp(),
                "body": orjson.dumps(
                    article_detail_data(story, absolute=request.build_absolute_uri)
                ),
            }
            if caching:
                public_cache.store(key, generation, entry)
        return serve_entry(request, entry)


class ArticleNinjsView(PublicAPIView):
    @extend_schema(
        operation_id="articles_ninjs",
        summary="One published story as an IPTC ninjs document",
        parameters=[
            OpenApiParameter(
                "version",
                str,
                enum=sorted(NINJS_VERSIONS),
                description="ninjs major version: 3 (3.1, the default) or 2 (2.2).",
            )
        ],
        responses={
            200: OpenApiResponse(description="An IPTC ninjs document (3.1 or 2.2)."),
            400: schema.ErrorSerializer,
            404: schema.ErrorSerializer,
            410: OpenApiResponse(description="A killed story: a ninjs item, pubStatus canceled."),
            429: schema.ErrorSerializer,
        },
    )
    def get(self, request, slug: str):
        unknown = set(request.GET) - {"version"}
        if unknown:
            name = sorted(unknown)[0]
            return parameter_error(ParameterError(name, f"Unknown parameter: {name[:50]}."))
        try:
            version = single_value(request.GET, "version")
        except ParameterError as error:
            return parameter_error(error)
        version = "3" if version is None else version
        if version not in NINJS_VERSIONS:
            return parameter_error(
                ParameterError("version", "version must be 3 (ninjs 3.1) or 2 (ninjs 2.2).")
            )
        site = origin(request)
        if _is_conditional(request):  # answered from the change time, before any building
            stamp = article_public_stamp(slug)
            if stamp is None:
                return not_public(slug, ninjs_version=version)
            changed = stamp["public_changed_at"]
            etag = make_etag("ninjs", version, stamp["pk"], changed.isoformat(), site)
            if (answer := _conditional(request, etag, changed)) is not None:
                return _caching_headers(answer, etag, changed)
        story = article_public_detail(slug=slug)
        if story is None:
            return not_public(slug, ninjs_version=version)
        changed = story["public_changed_at"]
        etag = make_etag("ninjs", version, story["pk"], changed.isoformat(), site)
        data = article_detail_data(story, absolute=request.build_absolute_uri)
        document = article_ninjs(story, data, version=version)
        return _caching_headers(json_response(document), etag, changed)
