"""The benchmark servers' URLs: the project's own. The floor is answered by `FloorMiddleware`
(tests/benchmarks/floor.py), not by a view."""

from newsroom.urls import urlpatterns  # noqa: F401
