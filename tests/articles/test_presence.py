from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from articles.presence import presence_leave, presence_others, presence_touch
from tests.factories import editor

pytestmark = pytest.mark.django_db


def test_others_see_who_is_editing_and_since_when():
    ana, ben = editor("ana"), editor("ben")
    presence_touch(article_id=1, user=ana)
    assert presence_others(article_id=1, user=ana) == []
    others = presence_others(article_id=1, user=ben)
    assert [o["name"] for o in others] == ["Sam"]
    assert abs(others[0]["since"] - timezone.now()) < timedelta(seconds=5)
    assert presence_others(article_id=2, user=ben) == []


def test_the_notice_expires_without_activity(settings):
    settings.EDITING_PRESENCE_SECONDS = 180
    ana, ben = editor("ana"), editor("ben")
    presence_touch(article_id=1, user=ana)
    later = timezone.now() + timedelta(seconds=181)
    with mock.patch("articles.presence.timezone.now", return_value=later):
        assert presence_others(article_id=1, user=ben) == []


def test_activity_keeps_the_original_start_time():
    ana, ben = editor("ana"), editor("ben")
    start = timezone.now() - timedelta(seconds=100)
    with mock.patch("articles.presence.timezone.now", return_value=start):
        presence_touch(article_id=1, user=ana)
    presence_touch(article_id=1, user=ana)
    (entry,) = presence_others(article_id=1, user=ben)
    assert abs(entry["since"] - start) < timedelta(seconds=1)


def test_leaving_removes_the_notice():
    ana, ben = editor("ana"), editor("ben")
    presence_touch(article_id=1, user=ana)
    presence_leave(article_id=1, user=ana)
    assert presence_others(article_id=1, user=ben) == []


def test_the_change_form_warns_and_the_heartbeat_answers(client):
    from articles.services import article_create

    ana, ben = editor("ana"), editor("ben")
    article = article_create(user=ana, headline="Shared story")
    client.force_login(ana)
    client.get(f"/admin/articles/article/{article.pk}/change/")
    client.force_login(ben)
    page = client.get(f"/admin/articles/article/{article.pk}/change/")
    assert "Being edited by Sam since" in page.text
    beat = client.post(f"/admin/articles/article/{article.pk}/presence/")
    assert beat.json()["others"][0]["name"] == "Sam"
