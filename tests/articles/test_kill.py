"""A kill is final: the story leaves every public route and cache, the API says 410 Gone with
the notice, its photos' renditions stop being served, and nothing brings it back; the admin
keeps it for the record, and only those with the right may kill."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError

from articles.models import Article, ArticleRevision
from articles.services import (
    article_kill,
    article_publish,
    article_restore_revision,
    article_revise,
    article_schedule,
    articles_delete,
)
from media.models import Photo, Rendition
from tests.articles.admin_forms import change_url
from tests.factories import reporter
from tests.support import ninjs_errors

pytestmark = pytest.mark.django_db

NOTICE = "Withdrawn on legal advice: the story named a protected witness."


def _kill(article, user, capture):
    with capture(execute=True):
        return article_kill(article=article, user=user, notice=NOTICE)


def test_a_killed_story_leaves_every_route_and_cache_and_answers_410(
    client, publish, ed, django_capture_on_commit_callbacks
):
    article = publish("Witness named in court story")
    other = publish("Harbour reopens", photo=False)
    urls = [
        f"/api/v1/articles/{article.slug}/",
        f"/api/v1/articles/{article.slug}/ninjs",
        "/api/v1/articles/",
        "/api/v1/articles/?q=witness",
        "/feeds/rss/",
        "/feeds/atom/",
        "/sitemaps/news.xml",
        "/sitemaps/archive.xml",
    ]
    for url in urls:  # warm every cache
        client.get(url)
        assert article.slug in client.get(url).text
    _kill(article, ed, django_capture_on_commit_callbacks)
    for url in urls:
        assert article.slug not in client.get(url).text, url
        assert "Witness named" not in client.get(url).text, url
    detail = client.get(f"/api/v1/articles/{article.slug}/")
    assert detail.status_code == 410
    assert detail.json()["kill_notice"] == NOTICE and "body" not in detail.json()
    ninjs = client.get(f"/api/v1/articles/{article.slug}/ninjs")
    assert ninjs.status_code == 410 and ninjs.json()["pubStatus"] == "canceled"
    assert ninjs_errors("3.1", ninjs.json()) == []
    assert ninjs.json()["descriptions"][0]["value"] == NOTICE
    assert client.get(f"/api/v1/articles/{article.slug}/ninjs?version=2").json()["pubstatus"] == (
        "canceled"
    )
    assert other.slug in client.get("/api/v1/articles/").text
    assert client.get("/api/v1/articles/no-such-story/").status_code == 404


def test_renditions_of_a_photo_only_killed_stories_show_are_no_longer_served(
    publish, ed, django_capture_on_commit_callbacks
):
    article = publish("Witness named in court story")
    photo = article.photo_placements.get().photo
    files = [Path(settings.MEDIA_ROOT) / r.file.name for r in photo.renditions.all()]
    assert files and all(f.exists() for f in files)
    _kill(article, ed, django_capture_on_commit_callbacks)
    photo.refresh_from_db()
    assert photo.rendition_status == Photo.RenditionStatus.WITHDRAWN
    assert not Rendition.objects.filter(photo=photo).exists()
    assert not any(f.exists() for f in files)
    # No task makes them again: a rendition job, or the beat's reconciliation.
    from datetime import timedelta

    from media.services import photo_generate_renditions, photos_needing_renditions

    assert photo_generate_renditions(photo_id=photo.pk) == 0
    assert photo.pk not in photos_needing_renditions(pending_for=timedelta())
    assert photo.image  # the original stays, for the record


def test_a_photo_another_live_story_shows_keeps_its_renditions(
    publish, ed, django_capture_on_commit_callbacks
):
    article = publish("Witness named in court story")
    photo = article.photo_placements.get().photo
    other = publish("Harbour reopens", photo=False)
    with django_capture_on_commit_callbacks(execute=True):
        article_revise(
            article=other,
            user=ed,
            expected_version=other.version,
            kind="minor",
            photos=[{"photo": photo, "role": "lead"}],
        )
    _kill(article, ed, django_capture_on_commit_callbacks)
    assert Rendition.objects.filter(photo=photo).exists()
    photo.refresh_from_db()
    assert photo.rendition_status == Photo.RenditionStatus.READY


def test_nothing_brings_a_killed_story_back(publish, ed, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.utils import timezone

    article = publish("Witness named in court story")
    killed = _kill(article, ed, django_capture_on_commit_callbacks)
    refusals = [
        lambda: article_publish(article=killed, user=ed),
        lambda: article_schedule(
            article=killed, user=ed, publish_at=timezone.now() + timedelta(hours=1)
        ),
        lambda: article_revise(
            article=killed, user=ed, expected_version=killed.version, kind="minor", body="New."
        ),
        lambda: article_restore_revision(
            article=killed, revision_number=1, user=ed, expected_version=killed.version
        ),
        lambda: article_kill(article=killed, user=ed, notice="Again."),
        lambda: articles_delete(articles=Article.objects.filter(pk=killed.pk)),
    ]
    for refuse in refusals:
        with pytest.raises(ValidationError):
            refuse()
    stored = Article.objects.get(pk=article.pk)
    assert stored.status == Article.Status.KILLED and stored.kill_notice == NOTICE
    assert stored.body == article.body  # kept for the record
    assert stored.revisions.filter(kind=ArticleRevision.Kind.KILLED, note=NOTICE).exists()


def test_a_kill_needs_the_right_and_a_notice(publish, ed):
    article = publish("Witness named in court story", photo=False)
    with pytest.raises(PermissionDenied):
        article_kill(article=article, user=reporter("rita"), notice=NOTICE)
    with pytest.raises(ValidationError):
        article_kill(article=article, user=ed, notice="  ")
    assert Article.objects.get(pk=article.pk).status == Article.Status.PUBLISHED


def test_the_admin_offers_the_kill_to_editors_only_and_keeps_the_story(editor_client, publish):
    from django.test import Client

    article = publish("Witness named in court story", photo=False)
    client = Client()
    client.force_login(reporter("rita"))
    assert "/workflow/kill/" not in client.get(change_url(article)).text
    response = client.post(
        f"/admin/articles/article/{article.pk}/workflow/kill/",
        {"notice": NOTICE, "expected_version": str(article.version)},
        follow=True,
    )
    assert "is not a step you can take" in response.text
    assert Article.objects.get().status == Article.Status.PUBLISHED
    assert "/workflow/kill/" in editor_client.get(change_url(article)).text
    editor_client.post(
        f"/admin/articles/article/{article.pk}/workflow/kill/",
        {"notice": NOTICE, "expected_version": str(article.version)},
    )
    assert Article.objects.get().status == Article.Status.KILLED
    page = editor_client.get(change_url(article))
    assert page.status_code == 200 and NOTICE in page.text
    assert "/delete/" not in page.text
    deleted = editor_client.post(
        "/admin/articles/article/",
        {"action": "delete_selected", "_selected_action": [article.pk], "post": "yes"},
        follow=True,
    )
    assert deleted.status_code == 200 and Article.objects.filter(pk=article.pk).exists()


def test_a_story_killed_before_it_was_ever_public_stays_unknown(client, ed):
    from datetime import timedelta

    from django.utils import timezone

    from articles.services import article_create

    later = timezone.now() + timedelta(hours=1)
    scheduled = article_schedule(
        article=article_create(user=ed, headline="Scheduled scoop", body="Soon."),
        user=ed,
        publish_at=later,
    )
    embargoed = article_publish(
        article=article_create(user=ed, headline="Embargoed scoop", body="Soon."),
        user=ed,
        embargo_until=later,
    )
    for article in (scheduled, embargoed):
        article_kill(article=article, user=ed, notice=NOTICE)
        response = client.get(f"/api/v1/articles/{article.slug}/")
        assert response.status_code == 404 and NOTICE not in response.text


def test_a_preview_link_stops_showing_a_killed_story(client, publish, ed, rf):
    from articles.views import preview_url

    article = publish("Witness named in court story", photo=False)
    link = preview_url(article, rf.get("/"))
    assert client.get(link).status_code == 200
    article_kill(article=article, user=ed, notice=NOTICE)
    response = client.get(link)
    assert response.status_code == 404 and "Witness" not in response.text
