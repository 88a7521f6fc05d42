"""The admin's "Paste wire copy" page, through the test client (the browser suite drives it
in Chromium)."""

import pytest

from articles.models import Article

pytestmark = pytest.mark.django_db

URL = "/admin/articles/article/paste/"
COPY = """UPDATE 1-Night ferry to Skarholm returns for the summer

(Adds timetable in paragraph 2)

By Ines Sampleton

SKARHOLM, June 2 (Harbour Wire) - The night ferry to Skarholm will run again from Friday.

It leaves the mainland at 11 p.m. and returns at 5 a.m.

Story continues below advertisement

Tickets cost the same as last summer.

(Reporting by Ines Sampleton; Editing by Pat Editorson)
"""


def test_the_story_list_links_to_the_paste_page(editor_client):
    assert URL in editor_client.get("/admin/articles/article/").content.decode()


def test_reading_the_copy_shows_the_parse_and_saves_nothing(editor_client):
    page = editor_client.post(URL, {"copy": COPY, "_preview": "1"}).content.decode()
    assert "Night ferry to Skarholm returns for the summer" in page
    assert "Adds timetable in paragraph 2" in page and "Ines Sampleton" in page
    assert "Story continues below advertisement" in page  # listed as removed
    assert "Pat Editorson" in page and "Create draft" in page
    assert not Article.objects.exists()


def test_creating_a_draft_then_updating_the_story_it_matches(editor_client):
    response = editor_client.post(URL, {"copy": COPY, "_import": "1"})
    article = Article.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"/{article.pk}/change/")
    assert article.status == "draft" and article.source_kind == "update"
    assert article.body.count("\n\n") == 2 and "advertisement" not in article.body
    revised = COPY.replace("same as last summer", "two crowns more than last summer")
    page = editor_client.post(URL, {"copy": revised, "_preview": "1"}).content.decode()
    assert "This copy matches" in page and "Update the story" in page
    editor_client.post(URL, {"copy": revised, "_import": "1"})
    assert Article.objects.count() == 1
    assert "two crowns more" in Article.objects.get().body


@pytest.mark.parametrize(
    ("copy", "message"),
    [
        ("<!DOCTYPE html><html><body><p>Ferry</p></body></html>", "HTML document"),
        ("~" * 3000, "repeated character"),
        ("   ", "required"),
    ],
)
def test_copy_that_is_not_a_story_is_refused_and_changes_nothing(editor_client, copy, message):
    response = editor_client.post(URL, {"copy": copy, "_import": "1"})
    assert response.status_code == 200 and message in response.content.decode()
    assert not Article.objects.exists()


def test_only_users_who_may_create_stories_see_the_page(client):
    from tests.factories import UserFactory

    reader = UserFactory(is_staff=True)
    client.force_login(reader)
    assert client.get(URL).status_code == 403
