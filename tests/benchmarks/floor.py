"""The API benchmark's floor: the very bytes that each measured path answers, precomputed and
answered by a middleware at the place in the stack where the public API's cached answers leave
(just before `articles.middleware.PublicAnswerMiddleware`), so that every case is compared with
the fastest response Django can give of the same bytes from that place, on equal terms.

`/bench/floor/api/v1/articles/?page_size=20` answers the bytes recorded for
`/api/v1/articles/?page_size=20`; the recordings are a JSON object of path → body, in the file
named by `BENCH_FLOOR_FILE`, read at the first floor request."""

import json
import os
from functools import cache

from django.http import HttpResponse, HttpResponseNotFound

PREFIX = "/bench/floor"


@cache
def _floor_bodies() -> dict[str, bytes]:
    with open(os.environ["BENCH_FLOOR_FILE"], encoding="utf-8") as source:
        return {path: body.encode() for path, body in json.load(source).items()}


class FloorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(PREFIX):
            body = _floor_bodies().get(request.get_full_path()[len(PREFIX) :])
            if body is None:
                return HttpResponseNotFound()
            return HttpResponse(body, content_type="application/json; charset=utf-8")
        return self.get_response(request)
