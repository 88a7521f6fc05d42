"""Nothing taken down stays visible, whatever was cached while it was public."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from rest_framework.authtoken.models import Token

from articles.ingest import ingest_story
from articles.models import Article, Section
from articles.services import (
    article_create,
    article_publish,
    article_unpublish,
    articles_publish_due,
)
from articles.views import preview_url
from articles.wire import parse
from tests.factories import UserFactory, editor

pytestmark = pytest.mark.django_db
COPY = (
    "Council approves ferry plan\n\n"
    "BERGHAVEN, March 14 (Northwind Press) – The council approved it."
)


@pytest.fixture
def published(django_capture_on_commit_callbacks):
    ed = editor("ed")
    with django_capture_on_commit_callbacks(execute=True):
        article = article_publish(
            article=article_create(user=ed, headline="Soon taken down", body="Text."), user=ed
        )
    return ed, article


def _public_views(client, slug):
    return {
        "detail": client.get(f"/api/v1/articles/{slug}/"),
        "ninjs": client.get(f"/api/v1/articles/{slug}/ninjs"),
        "list": client.get("/api/v1/articles/"),
        "search": client.get("/api/v1/articles/?q=taken"),
        "rss": client.get("/feeds/rss/"),
        "atom": client.get("/feeds/atom/"),
    }


def test_a_story_taken_down_disappears_from_every_warm_cache(
    client, published, django_capture_on_commit_callbacks
):
    ed, article = published
    warm = _public_views(client, article.slug)
    assert warm["detail"].status_code == 200 and article.slug in warm["list"].text
    list_modified = warm["list"]["Last-Modified"]
    with django_capture_on_commit_callbacks(execute=True):
        article_unpublish(article=article, user=ed, reason="Legal")
    after = _public_views(client, article.slug)
    assert after["detail"].status_code == 404 and after["ninjs"].status_code == 404
    for name in ("list", "search", "rss", "atom"):
        assert article.slug not in after[name].text, name
    # A client revalidating the list by date must not be told that nothing changed.
    again = client.get("/api/v1/articles/", headers={"if-modified-since": list_modified})
    assert again.status_code == 200 and article.slug not in again.text
    assert (
        client.get(
            preview_url(
                article,
                __import__("django.test", fromlist=["RequestFactory"]).RequestFactory().get("/"),
            )
        ).status_code
        == 404
    )


def test_unknown_parameters_are_refused_even_when_the_story_is_cached(client, published):
    _, article = published
    assert client.get(f"/api/v1/articles/{article.slug}/").status_code == 200
    assert client.get(f"/api/v1/articles/{article.slug}/?fields=all").status_code == 400


def test_renaming_a_section_shows_at_once(client, django_capture_on_commit_callbacks):
    ed = editor("ed")
    section = Section.objects.create(name="World", slug="world")
    with django_capture_on_commit_callbacks(execute=True):
        article = article_publish(
            article=article_create(user=ed, headline="Filed", body="Text.", section=section),
            user=ed,
        )
    assert client.get(f"/api/v1/articles/{article.slug}/").json()["section"]["name"] == "World"
    client.force_login(
        __import__("tests.factories", fromlist=["UserFactory"]).UserFactory(
            username="boss", is_superuser=True
        )
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/admin/articles/section/{section.pk}/change/",
            {"name": "International", "slug": "world"},
        )
    assert (
        client.get(f"/api/v1/articles/{article.slug}/").json()["section"]["name"] == "International"
    )


def test_reingesting_with_publish_never_republishes_a_story_taken_down():
    copy = COPY
    ed = editor("ed")
    article = ingest_story(parse(copy), publish=True).article
    article_unpublish(article=article, user=ed, reason="Legal")
    result = ingest_story(
        parse(copy.replace("approved it.", "approved it on Friday.")), publish=True
    )
    assert result.status == "updated" and Article.objects.get().status == "unpublished"


def test_an_update_marker_alone_is_not_a_change():
    copy = COPY
    first = ingest_story(parse(copy), publish=True).article
    again = ingest_story(parse("UPDATE 1-" + copy))
    assert again.status == "unchanged" and not first.updates.exists()


def test_long_source_ids_still_match():
    from articles.ninjs import ninjs_to_story

    document = {"uri": "urn:x:" + "y" * 400, "headlines": [{"value": "Long id story"}]}
    assert ingest_story(ninjs_to_story(document)).status == "created"
    assert ingest_story(ninjs_to_story(document)).status == "unchanged"
    assert Article.objects.count() == 1 and Article.objects.get().external_id.startswith("sha256:")


@pytest.mark.parametrize(
    ("document", "status"),
    [
        ({"uri": "u:1", "headlines": 5}, 400),
        ({"uri": "u:1", "headlines": [{"value": "H"}], "associations": 3}, 400),
        ({"uri": "u:1", "headlines": [{"value": "H"}], "infoSources": 7}, 400),
        # A body that is not text, or a place that is not text, is refused: never dropped
        # silently, never stored as its Python form.
        ({"uri": "u:1", "headlines": [{"value": "H"}], "bodies": [{"value": 12}]}, 400),
        ({"uri": "u:1", "headlines": [{"value": "H"}], "located": {"x": 1}}, 400),
        ({"uri": "u:1", "headlines": [{"value": ["Quay", "cranes"]}]}, 400),
        ({"uri": "u:1", "headlines": [{"value": "H"}], "bodies": "Text."}, 400),
        ({"uri": "u:1", "headlines": [{"value": "H"}], "language": 5}, 400),
    ],
)
def test_malformed_ninjs_is_a_clear_error_in_the_api(client, document, status):
    robot = UserFactory(username="robot")
    robot.groups.add(Group.objects.get(name="Ingest"))
    token = Token.objects.create(user=robot).key
    response = client.post(
        "/api/v1/ingest/",
        data=__import__("json").dumps(document),
        content_type="application/json",
        headers={"authorization": f"Token {token}"},
    )
    assert response.status_code == status, response.content
    if status == 400:
        assert response.json()["detail"]


def test_one_bad_scheduled_story_does_not_hold_back_the_others():
    ed = editor("ed")
    good = article_create(user=ed, headline="Good", body="Text.")
    bad = article_create(user=ed, headline="Bad", body="Text.")
    past = timezone.now() - timedelta(minutes=1)
    Article.objects.filter(pk__in=[good.pk, bad.pk]).update(
        status="scheduled", scheduled_publish_at=past
    )
    Article.objects.filter(pk=bad.pk).update(language="")  # the database takes it, validation not
    assert articles_publish_due() == [good.pk]
    assert Article.objects.get(pk=good.pk).status == "published"
    assert Article.objects.get(pk=bad.pk).status == "scheduled"
