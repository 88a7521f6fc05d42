"""`GET /api/v1/corrections/`: the site's corrections, newest first, each with its story, its
note and its time: the public record that a news organisation keeps of its own mistakes.
Paged like the story list (`page_size`, an opaque `cursor` in the `next` link), cached like it
(renewed with every story change, and never past a scheduled story's or an embargo's end)."""

import orjson
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers

from . import public_cache, schema
from .api import PublicAPIView, _etag, parameter_error, serve_entry
from .filters import ParameterError, parse_page_query
from .selectors import public_last_change, release_times
from .selectors.record import public_corrections
from .serializers import canonical_url, iso


class _CorrectionSerializer(serializers.Serializer):
    note = serializers.CharField()
    time = serializers.DateTimeField()
    story = serializers.DictField(help_text="{slug, headline, url, canonical_url}")


class _CorrectionListSerializer(serializers.Serializer):
    next = serializers.URLField(allow_null=True)
    results = _CorrectionSerializer(many=True)


class CorrectionListView(PublicAPIView):
    def cache_scope(self, request, **kwargs) -> tuple[str, str]:
        return public_cache.LISTS, public_cache.list_key(
            request.get_full_path(), request.get_host()
        )

    @extend_schema(
        operation_id="corrections_list",
        summary="The site's corrections, newest first",
        parameters=[schema.LIST_PARAMETERS[0], schema.LIST_PARAMETERS[1]],
        responses={
            200: _CorrectionListSerializer,
            400: schema.ErrorSerializer,
            429: schema.ErrorSerializer,
        },
    )
    def get(self, request):
        try:
            page_size, cursor = parse_page_query(request.GET, "corrections")
        except ParameterError as error:
            return parameter_error(error)
        caching = public_cache.enabled()
        scope, key = self.cache_scope(request)
        generation, entry = public_cache.lookup(scope, key) if caching else ("", None)
        if entry is None:
            entry = self._build(request, page_size, cursor)
            if caching:
                public_cache.store(key, generation, entry)
        return serve_entry(request, entry)

    @staticmethod
    def _build(request, page_size, cursor) -> dict:
        now = timezone.now()
        _, next_release = release_times(now)
        entries, next_cursor = public_corrections(page_size=page_size, cursor=cursor, now=now)
        absolute = request.build_absolute_uri
        next_url = None
        if next_cursor:
            params = request.GET.copy()
            params["cursor"] = next_cursor.encode()
            next_url = absolute(f"{request.path}?{params.urlencode()}")
        results = [
            {
                "note": entry["note"],
                "time": iso(entry["time"]),
                "story": {
                    "slug": entry["slug"],
                    "headline": entry["headline"],
                    "url": absolute(f"/api/v1/articles/{entry['slug']}/"),
                    "canonical_url": canonical_url(entry["slug"]),
                },
            }
            for entry in entries
        ]
        last_modified = public_last_change(now)
        return {
            "etag": _etag("corrections", request.get_full_path(), *(e["pk"] for e in entries)),
            "changed": last_modified.timestamp() if last_modified else None,
            "body": orjson.dumps({"next": next_url, "results": results}),
            "until": next_release.timestamp() if next_release else None,
        }
