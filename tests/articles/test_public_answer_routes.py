"""The public-answer middleware's remembered routes: the same view and arguments as Django's
URL resolver gives, for the URLconf in use, and bounded."""

import pytest
from django.urls import resolve

from articles import middleware
from articles.api import ArticleDetailView, ArticleListView


@pytest.fixture(autouse=True)
def _forget_routes():
    middleware._resolved_kept.cache_clear()
    yield
    middleware._resolved_kept.cache_clear()


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/articles/",
        "/api/v1/articles/harbour-reopens/",
        "/api/v1/articles/harbour-reopens",
        "/api/v1/articles/a/b/",
        "/api/v1/corrections/",
        "/api/v1/articles/" + "x" * 300 + "/",
    ],
)
def test_a_route_is_what_the_resolver_says(path):
    for _ in range(2):  # asked again: from what was kept
        view_class, kwargs = middleware._route(path)
        try:
            match = resolve(path)
        except Exception:
            assert view_class is None
            continue
        assert view_class is getattr(match.func, "view_class", None)
        assert kwargs == match.kwargs


def test_routes_follow_the_urlconf_in_use(settings):
    assert middleware._route("/api/v1/articles/")[0] is ArticleListView
    settings.ROOT_URLCONF = "tests.articles.urls_without_api"
    assert middleware._route("/api/v1/articles/") == (None, {})
    assert middleware._route("/api/v1/articles/a-story/") == (None, {})


def test_long_paths_and_many_paths_keep_the_memory_bounded():
    middleware._route("/api/v1/articles/" + "y" * 300 + "/")
    assert middleware._resolved_kept.cache_info().currsize == 0
    for n in range(middleware.ROUTES_KEPT + 50):
        middleware._route(f"/api/v1/articles/story-{n}/")
    assert middleware._resolved_kept.cache_info().currsize == middleware.ROUTES_KEPT
    assert middleware._route("/api/v1/articles/story-1/")[0] is ArticleDetailView
