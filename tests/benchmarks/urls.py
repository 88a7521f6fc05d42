"""The project's URLs plus the benchmark's floor: a plain Django view returning precomputed
bytes (the same story the detail view serves), the fastest a Django response can be here."""

import os
from functools import cache

from django.http import HttpResponse
from django.urls import path

from newsroom.urls import urlpatterns as project_urlpatterns


@cache
def _floor_bytes() -> bytes:
    with open(os.environ["BENCH_FLOOR_FILE"], "rb") as source:
        return source.read()


def floor(request):
    return HttpResponse(_floor_bytes(), content_type="application/json; charset=utf-8")


urlpatterns = [path("bench/floor/", floor), *project_urlpatterns]
