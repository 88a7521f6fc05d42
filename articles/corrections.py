"""`GET /api/v1/corrections/`: the site's corrections, newest first, each with its story, its
note and its time: the public record that a news organisation keeps of its own mistakes.
Paged like the story list (`page_size`, an opaque `cursor` in the `next` link), cached like it
(renewed with every story change, and never past a scheduled story's or an embargo's end)."""

import orjson
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from . import schema
from .api import PublicPageView, make_etag, next_page_url, origin
from .filters import parse_page_query
from .selectors import public_last_change
from .selectors.record import public_corrections
from .serializers import canonical_url, iso


class _CorrectionSerializer(serializers.Serializer):
    note = serializers.CharField()
    time = serializers.DateTimeField()
    story = serializers.DictField(help_text=_("{slug, headline, url, canonical_url}"))


class _CorrectionListSerializer(serializers.Serializer):
    next = serializers.URLField(allow_null=True)
    results = _CorrectionSerializer(many=True)


@extend_schema_view(
    get=extend_schema(
        operation_id="corrections_list",
        summary="The site's corrections, newest first",
        parameters=[schema.LIST_PARAMETERS[0], schema.LIST_PARAMETERS[1]],
        responses={
            200: _CorrectionListSerializer,
            400: schema.ErrorSerializer,
            429: schema.ErrorSerializer,
        },
    )
)
class CorrectionListView(PublicPageView):
    def parse(self, params):
        return parse_page_query(params, "corrections")

    def build(self, request, query, *, now, any_due: bool) -> dict:
        page_size, cursor = query
        entries, next_cursor = public_corrections(page_size=page_size, cursor=cursor, now=now)
        absolute = request.build_absolute_uri
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
            "etag": make_etag(
                "corrections", origin(request), request.get_full_path(), *(e["pk"] for e in entries)
            ),
            "changed": last_modified.timestamp() if last_modified else None,
            "body": orjson.dumps({"next": next_page_url(request, next_cursor), "results": results}),
        }
