"""`GET /api/v1/events/`: the public event log, for clients that poll.

    GET /api/v1/events/?after=CURSOR&limit=50

    {"results": [{"cursor": "42", "type": "story.updated", "time": "2026-11-30T16:00:00Z",
                  "note": "Adds the minister's comments.",
                  "story": {"id": "…/story/7", "slug": "…", "version": 3, "url": "…"}}],
     "cursor": "42",       # pass it as `after` next time; the same `after` if nothing is new
     "next": "…?after=42"} # set while a full page came back: more may be waiting

Only events the public has seen are in the log: nothing of a story before its embargo ends or
its scheduled second, or of a story withdrawn before then. Cursors are keyset positions
(`StoryEvent.position`), handed out in commit order, so a client that pages on never misses a
late commit. `after` must be a cursor from this API or 0 (400 otherwise, and for one past the
log's end); `limit` 1–100. Answers carry an ETag and `Cache-Control: no-cache`: a poll with
`If-None-Match` that finds nothing new is a 304.
"""

from django.http import HttpResponse
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema

from articles import schema
from articles.api import PublicAPIView, json_response, make_etag, parameter_error
from articles.filters import ParameterError, single_value, whole_number
from articles.models import StoryEvent
from articles.ninjs.export import item_uri
from articles.serializers import iso

from .models import EventLogHead
from .payloads import WITHDRAWN

MAX_LIMIT = 100


def _number(params, name: str, default: int, low: int, high: int) -> int:
    raw = single_value(params, name)
    if raw is None:
        return default
    number = whole_number(raw)
    if number is None or not low <= number <= high:
        raise ParameterError(name, f"{name} must be a whole number from {low} to {high}.")
    return number


def _item(event: dict, absolute) -> dict:
    url = None
    if event["kind"] not in WITHDRAWN:
        url = absolute(f"/api/v1/articles/{event['slug']}/")
    return {
        "cursor": str(event["position"]),
        "type": f"story.{event['kind']}",
        "time": iso(event["visible_at"]),
        "note": event["note"],
        "story": {
            "id": item_uri("story", event["story_ref"]),
            "slug": event["slug"],
            "version": event["version"],
            "url": url,
        },
    }


class EventListView(PublicAPIView):
    @extend_schema(
        operation_id="events_list",
        summary="The public event log, in order, with keyset cursors",
        parameters=[
            OpenApiParameter("after", str, description="A cursor from this API, or 0."),
            OpenApiParameter("limit", int, description="1 to 100 events (default 50)."),
        ],
        responses={
            200: OpenApiResponse(description="A page of events."),
            400: schema.ErrorSerializer,
            429: schema.ErrorSerializer,
        },
    )
    def get(self, request) -> HttpResponse:
        try:
            after, limit = _parameters(request.GET)
        except ParameterError as error:
            return parameter_error(error)
        rows = list(
            StoryEvent.objects.filter(position__gt=after, public=True)
            .order_by("position")
            .values("position", "kind", "slug", "story_ref", "version", "visible_at", "note")[
                :limit
            ]
        )
        cursor = str(rows[-1]["position"]) if rows else str(after)
        following = None
        if len(rows) == limit:
            following = request.build_absolute_uri(f"{request.path}?after={cursor}&limit={limit}")
        items = [_item(row, request.build_absolute_uri) for row in rows]
        response = json_response({"results": items, "cursor": cursor, "next": following})
        etag = make_etag("events", response.content)
        if etag in request.headers.get("If-None-Match", ""):
            response = HttpResponse(status=304)
        response["ETag"] = etag
        response["Cache-Control"] = "no-cache"  # revalidated on every poll: a 304 is cheap
        return response


def _parameters(params) -> tuple[int, int]:
    unknown = sorted(set(params) - {"after", "limit"})
    if unknown:
        raise ParameterError(unknown[0], f"Unknown parameter: {unknown[0][:50]}.")
    after = _number(params, "after", 0, 0, 10**18)
    head = EventLogHead.objects.values_list("position", flat=True).first() or 0
    if after > head:
        raise ParameterError("after", "after is past the end of the log: use a cursor given here.")
    return after, _number(params, "limit", 50, 1, MAX_LIMIT)
