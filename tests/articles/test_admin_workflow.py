"""The story admin's workflow: step pages, bulk actions and restoring, each offered only to the
users who may take it."""

from datetime import date

import pytest

from articles.models import Article
from articles.services import article_revise
from tests.articles.admin_forms import change_url as _change_url
from tests.articles.admin_forms import form_data as _form_data
from tests.factories import editor, reporter

pytestmark = pytest.mark.django_db
NEXT_YEAR = date.today().year + 1


def test_workflow_actions_from_the_admin(editor_client):
    from articles.services import article_create

    article = article_create(
        user=editor("ed"), headline="Ferry timetable changes", body="From Monday."
    )
    url = f"/admin/articles/article/{article.pk}/workflow/"
    assert editor_client.get(url + "submit/").status_code == 200  # confirmation page
    editor_client.post(url + "submit/", {"expected_version": "1"})
    assert Article.objects.get().status == "in_review"
    editor_client.post(
        url + "schedule/",
        {"publish_at_0": f"{NEXT_YEAR}-01-01", "publish_at_1": "09:00:00", "expected_version": "2"},
    )
    assert Article.objects.get().status == "scheduled"
    editor_client.post(url + "publish/", {"expected_version": "3"})
    assert Article.objects.get().status == "published"
    page = editor_client.post(url + "unpublish/", {"reason": "", "expected_version": "4"})
    assert page.status_code == 200 and Article.objects.get().status == "published"
    editor_client.post(url + "unpublish/", {"reason": "Legal hold", "expected_version": "4"})
    article = Article.objects.get()
    assert article.status == "unpublished" and article.unpublished_reason == "Legal hold"


def test_stale_workflow_action_reports_the_conflict(editor_client):
    from articles.services import article_create

    ed = editor("ed")
    article = article_create(user=ed, headline="Ferry timetable changes")
    article_revise(article=article, user=ed, expected_version=1, body="Newer text.")
    response = editor_client.post(
        f"/admin/articles/article/{article.pk}/workflow/publish/",
        {"expected_version": "1"},
        follow=True,
    )
    assert "after you opened this page; nothing was done. It is now at version 2" in response.text
    assert 'name="expected_version" value="2"' in response.text  # confirming goes on from it
    assert Article.objects.get().status == "draft"
    editor_client.post(
        f"/admin/articles/article/{article.pk}/workflow/publish/", {"expected_version": "2"}
    )
    assert Article.objects.get().status == "published"


def test_reporter_cannot_publish_or_edit_published_stories_in_the_admin(demo, client):
    client.force_login(reporter("rita"))
    page = client.get(_change_url(demo))
    assert page.status_code == 200
    assert "/workflow/publish/" not in page.text and "/workflow/unpublish/" not in page.text
    assert 'name="headline"' not in page.text  # read-only view
    response = client.post(
        _change_url(demo), _form_data(demo, headline="Hijacked", revision_kind="minor")
    )
    assert response.status_code == 403
    response = client.post(
        f"/admin/articles/article/{demo.pk}/workflow/unpublish/",
        {"reason": "Because", "expected_version": str(demo.version)},
        follow=True,
    )
    assert "“Unpublish” is not a step you can take on this story" in response.text
    article = Article.objects.get()
    assert article.headline == demo.headline and article.status == "published"


def test_bulk_publish_is_offered_only_to_those_who_may_publish(editor_client):
    from django.test import Client

    from articles.services import article_create

    rita = reporter("rita")
    article = article_create(user=rita, headline="Bulk story", body="Text.")
    client = Client()
    client.force_login(rita)
    listing = client.get("/admin/articles/article/")
    assert 'value="submit_selected"' in listing.text
    assert 'value="publish_selected"' not in listing.text  # only what the user may do
    client.post(
        "/admin/articles/article/",
        {"action": "publish_selected", "_selected_action": [str(article.pk)]},
        follow=True,
    )
    assert Article.objects.get().status == "draft"
    assert 'value="publish_selected"' in editor_client.get("/admin/articles/article/").text
    editor_client.post(
        "/admin/articles/article/",
        {"action": "publish_selected", "_selected_action": [str(article.pk)]},
    )
    assert Article.objects.get().status == "published"


@pytest.mark.parametrize("version", ["²", "٣", "1e3", "99999999999999999999999"])
def test_a_workflow_step_with_a_malformed_version_is_refused_not_a_crash(editor_client, version):
    from articles.services import article_create

    article = article_create(
        user=editor("ed"), headline="Ferry timetable changes", body="From Monday."
    )
    response = editor_client.post(
        f"/admin/articles/article/{article.pk}/workflow/submit/",
        {"expected_version": version},
        follow=True,
    )
    assert response.status_code == 200 and "version of the story is unreadable" in response.text
    assert Article.objects.get().status == "draft"


@pytest.mark.parametrize("action", ["publish", "schedule", "unpublish"])
def test_a_reporter_is_never_shown_a_step_page_they_cannot_take(client, action):
    from articles.services import article_create

    rita = reporter("rita")
    article = article_create(user=rita, headline="Night ferry returns")
    client.force_login(rita)
    form = client.get(_change_url(article)).text
    assert f"/workflow/{action}/" not in form and "/workflow/submit/" in form
    response = client.get(f"/admin/articles/article/{article.pk}/workflow/{action}/", follow=True)
    assert "Confirm" not in response.text and "is not a step you can take" in response.text
    assert Article.objects.get().status == "draft"


def test_restoring_is_offered_only_to_those_who_may_revise(demo, client, editor_client):
    article_revise(
        article=demo,
        user=editor("ed"),
        expected_version=demo.version,
        kind="minor",
        standfirst="A new standfirst.",
    )
    history = f"/admin/articles/article/{demo.pk}/history/"
    assert "Restore this revision" in editor_client.get(history).text
    client.force_login(reporter("rita"))
    assert "Restore this revision" not in client.get(history).text
    restore = client.get(f"/admin/articles/article/{demo.pk}/history/1/restore/")
    assert restore.status_code == 403


def test_the_schedule_page_loads_the_admin_widget_styles(editor_client):
    from articles.services import article_create

    article = article_create(user=editor("ed"), headline="Bridge opening set")
    page = editor_client.get(f"/admin/articles/article/{article.pk}/workflow/schedule/").text
    assert "admin/css/forms.css" in page  # which imports widgets.css: the pickers' icons
    assert "DateTimeShortcuts.js" in page and 'name="publish_at_0"' in page
