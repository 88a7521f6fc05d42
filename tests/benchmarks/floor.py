"""The API benchmark's floor: precomputed bytes (the same story the detail view serves),
answered by a middleware at the very place in the stack where the public API's cached answers
leave (just before `articles.middleware.PublicAnswerMiddleware`), so that a warm answer is
compared with the fastest response Django can give from that place, on equal terms."""

import os
from functools import cache

from django.http import HttpResponse

PATH = "/bench/floor/"


@cache
def _floor_bytes() -> bytes:
    with open(os.environ["BENCH_FLOOR_FILE"], "rb") as source:
        return source.read()


class FloorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == PATH:
            return HttpResponse(_floor_bytes(), content_type="application/json; charset=utf-8")
        return self.get_response(request)
