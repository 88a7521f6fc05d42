"""The public API's caching: conditional requests, warm answers as built ones, never stale, never
across origins."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Article
from articles.services import article_refresh_reading_time, article_revise, article_unpublish
from media.services import photo_update
from tests import images
from tests.articles.test_api import _detail
from tests.factories import editor

pytestmark = pytest.mark.django_db

# --- Conditional requests and caching


def test_etag_and_last_modified_answer_304(client, publish, monkeypatch):
    import time

    article = publish()
    later = time.time() + 5  # a Last-Modified under a second old is not used for a 304
    monkeypatch.setattr("articles.api._now", lambda: later)
    first = _detail(client, article.slug)
    assert first["Cache-Control"] == "public, max-age=60, stale-while-revalidate=300"
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and not etag.startswith("W/")
    again = _detail(client, article.slug, if_none_match=etag)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    assert _detail(client, article.slug, if_modified_since=modified).status_code == 304
    assert _detail(client, article.slug, if_none_match='"other"').status_code == 200
    listing = client.get("/api/v1/articles/")
    assert (
        client.get("/api/v1/articles/", headers={"if-none-match": listing["ETag"]}).status_code
        == 304
    )


def test_a_304_does_not_build_the_story(client, publish, django_assert_num_queries, settings):
    article = publish()
    etag = _detail(client, article.slug)["ETag"]
    with django_assert_num_queries(0):  # the cached entry knows its ETag
        warm = _detail(client, article.slug, if_none_match=etag)
    settings.API_DETAIL_CACHE_SECONDS = 0
    with django_assert_num_queries(1):  # without the cache: the change time, nothing more
        cold = _detail(client, article.slug, if_none_match=etag)
    for answer in (warm, cold):
        # RFC 9110, 8.6: a 304 carries no Content-Length but the 200's own.
        assert answer.status_code == 304 and "Content-Length" not in answer


def test_warm_cache_serves_without_building(client, publish, django_assert_num_queries):
    article = publish()
    body = _detail(client, article.slug).content
    with django_assert_num_queries(0):
        assert _detail(client, article.slug).content == body


def _make_change(change: str, article: Article, ed) -> None:
    """One kind of change the public sees, made through the services."""
    photo = article.photo_placements.get().photo
    revise = {"article": article, "user": ed, "expected_version": article.version, "kind": "minor"}
    if change == "text":
        article_revise(**revise, headline="New headline")
    elif change == "brief":
        article_revise(**revise, briefs=[{"heading": "In Other Developments", "items": ["Only."]}])
    elif change == "caption":
        photo_update(photo=photo, caption="A new caption.")
    elif change == "renditions":
        image = images.encode(images.photo_like(500, 250, seed=3))
        photo_update(photo=photo, image=SimpleUploadedFile("n.jpg", image))
    elif change == "reading_time":
        Article.objects.filter(pk=article.pk).update(body="word " * 900)
        article_refresh_reading_time(article_id=article.pk)
    elif change == "unpublish":
        article_unpublish(article=article, user=ed, reason="Legal")


@pytest.mark.parametrize(
    "change", ["text", "brief", "caption", "renditions", "reading_time", "unpublish"]
)
def test_no_stale_story_is_served_after_a_change_commits(
    client, publish, ed, change, django_capture_on_commit_callbacks
):
    article = publish()
    before = _detail(client, article.slug)
    with django_capture_on_commit_callbacks(execute=True):
        _make_change(change, article, ed)
    after = _detail(client, article.slug)
    if change == "unpublish":
        assert after.status_code == 404
        return
    assert after.content != before.content and after["ETag"] != before["ETag"]
    assert _detail(client, article.slug, if_none_match=before["ETag"]).status_code == 200


def test_a_cached_answer_has_the_headers_of_a_built_one(
    client, publish, settings, django_assert_num_queries
):
    settings.CORS_ALLOWED_ORIGINS = ["https://www.example.org"]
    article = publish()
    origin = {"origin": "https://www.example.org"}
    for url in (f"/api/v1/articles/{article.slug}/", "/api/v1/articles/?page_size=5"):
        built = client.get(url, headers=origin)
        with django_assert_num_queries(0):
            cached = client.get(url, headers=origin)
        assert cached.content == built.content
        for header in (
            "Content-Type",
            "ETag",
            "Last-Modified",
            "Cache-Control",
            "X-Frame-Options",
            "X-Content-Type-Options",
            "Access-Control-Allow-Origin",
        ):
            assert cached[header] == built[header], header
        assert int(cached["Content-Length"]) == len(cached.content)
        assert "Origin" in cached["Vary"]


@pytest.mark.parametrize("path", ["/api/v1/articles/{slug}/", "/api/v1/articles/"])
def test_an_answer_cached_for_one_scheme_is_never_served_for_the_other(
    client, publish, settings, path
):
    settings.ALLOWED_HOSTS = ["news.example.org"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    article = publish()
    path = path.format(slug=article.slug)
    answers = {}
    for scheme in ("http", "https", "http", "https"):  # each warm the second time
        response = client.get(
            path, headers={"host": "news.example.org", "x-forwarded-proto": scheme}
        )
        assert response.status_code == 200
        body = response.content.decode()
        other = "http" if scheme == "https" else "https"
        api_url = f"://news.example.org/api/v1/articles/{article.slug}/"
        assert scheme + api_url in body and other + api_url not in body
        answers.setdefault(scheme, set()).add((body, response["ETag"]))
    assert all(len(seen) == 1 for seen in answers.values())  # warm answers as the cold ones
    assert (
        answers["http"] != answers["https"]
        and len({e for s in answers.values() for _, e in s}) == 2
    )


def test_public_answers_vary_on_the_cookie_only_for_readers_who_have_a_session(client, publish):
    article = publish()
    for path in (f"/api/v1/articles/{article.slug}/", "/api/v1/articles/"):
        answers = [client.get(path), client.get(path), client.head(path)]  # cold, warm, HEAD
        assert {a["Vary"] for a in answers} == {"Accept-Encoding, Origin"}, path
    client.force_login(editor("desk-editor"))
    assert "Cookie" in client.get("/api/v1/articles/")["Vary"]  # signed in: not limited
