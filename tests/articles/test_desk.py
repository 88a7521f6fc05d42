"""The editor's desk, the admin's home: each section's stories with status, times and what the
user may do next; the menu lists what editors work with, not the tables inside a story."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles.services import (
    article_create,
    article_publish,
    article_revise,
    article_schedule,
    article_submit,
)
from tests.factories import editor, reporter

pytestmark = pytest.mark.django_db


def _section(page: str, key: str) -> str:
    start = page.index(f'id="desk-{key}"')
    end = page.find('class="module desk-section"', start + 1)
    return page[start : end if end != -1 else len(page)]


@pytest.fixture
def ed():
    user = editor("ed")
    user.first_name, user.last_name = "Edda", "Lindqvist"
    user.save()
    return user


def test_the_desk_shows_each_section_with_status_times_and_next_steps(client, ed):
    rita = reporter("rita")
    draft = article_create(user=ed, headline="My own draft", body="Text.")
    article_create(user=rita, headline="Rita's draft", body="Text.")
    review = article_submit(
        article=article_create(user=rita, headline="For review", body="T."), user=rita
    )
    due = timezone.now() + timedelta(minutes=5)
    scheduled = article_schedule(
        article=article_create(user=ed, headline="Scheduled story", body="T."),
        user=ed,
        publish_at=due,
    )
    live = article_publish(
        article=article_create(user=ed, headline="Live story", body="T."), user=ed
    )
    article_revise(
        article=live,
        user=ed,
        expected_version=live.version,
        kind="update",
        note="Adds.",
        body="T2.",
    )
    client.force_login(ed)
    with time_machine.travel(due + timedelta(minutes=1), tick=False):
        page = client.get("/admin/").content.decode()
    drafts = _section(page, "drafts")
    assert "My own draft" in drafts and "Rita&#x27;s draft" not in drafts
    assert f"/admin/articles/article/{draft.pk}/workflow/submit/" in drafts
    assert "For review" in _section(page, "review")
    assert f"/admin/articles/article/{review.pk}/workflow/publish/" in _section(page, "review")
    assert "Scheduled story" in _section(page, "scheduled") and "OVERDUE" in _section(
        page, "scheduled"
    )
    assert f"/admin/articles/article/{scheduled.pk}/change/" in _section(page, "scheduled")
    assert "Live story" in _section(page, "published") and "Live story" in _section(page, "updated")
    assert "Edda Lindqvist" in _section(page, "published")
    assert "UTC" in _section(page, "published")  # times carry their zone
    assert "No wire copy imported yet." in _section(page, "wire")


def test_a_reporter_is_offered_only_the_steps_it_may_take(client):
    rita = reporter("rita")
    article_create(user=rita, headline="Rita's draft", body="Text.")
    client.force_login(rita)
    page = client.get("/admin/").content.decode()
    assert "/workflow/submit/" in page and "/workflow/publish/" not in page


def test_the_menu_lists_what_editors_work_with(client, ed):
    client.force_login(ed)
    page = client.get("/admin/").content.decode()
    for listed in (
        "/admin/articles/article/",
        "/admin/media/photo/",
        "/admin/articles/section/",
        "/admin/articles/tag/",
        "/admin/distribution/subscriber/",
    ):
        assert f'href="{listed}"' in page, listed
    for hidden in (
        "briefbox",
        "briefitem",
        "articlephoto",
        "articlerevision",
        "articleupdate",
        "rendition",
    ):
        assert f'/{hidden}/"' not in page, hidden
    # Still reachable where a story links to them.
    assert client.get("/admin/articles/articlerevision/").status_code == 200


def test_the_desk_stays_a_few_queries_however_many_stories(
    client, ed, django_assert_max_num_queries
):
    for n in range(12):
        article_publish(article=article_create(user=ed, headline=f"Story {n}", body="T."), user=ed)
    client.force_login(ed)
    with django_assert_max_num_queries(25):
        assert client.get("/admin/").status_code == 200


def test_users_go_by_their_full_names_and_times_carry_their_zone(client, ed):
    live = article_publish(article=article_create(user=ed, headline="Named", body="T."), user=ed)
    client.force_login(ed)
    desk = client.get("/admin/").content.decode()
    assert "Welcome,\n  <strong>Edda Lindqvist</strong>" in desk
    history = client.get(f"/admin/articles/article/{live.pk}/history/").content.decode()
    assert "Edda Lindqvist" in history and " UTC</td>" in history
    listing = client.get("/admin/articles/article/").content.decode()
    assert " UTC<" in listing  # the list's first-published time


def _new_story(**fields) -> dict:
    from tests.articles.admin_forms import inline_management

    return {
        "headline": "Lighthouse keeper retires",
        "slug": "",
        "language": "en",
        "body": "After forty years.\n\nThe lamp is automatic now.",
        **inline_management("brief_boxes"),
        **inline_management("photo_placements"),
        **inline_management("updates"),
        **fields,
    }


def test_a_new_story_is_published_in_one_step_from_the_form(client, ed):
    from articles.models import Article

    client.force_login(ed)
    form = client.get("/admin/articles/article/add/").content.decode()
    assert form.count('name="_saveandpublish"') == 2  # above and below the form
    response = client.post("/admin/articles/article/add/", _new_story(_saveandpublish="1"))
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{article.pk}/change/")
    assert article.status == "published"


def test_save_and_submit_and_what_a_reporter_is_offered(client):
    from articles.models import Article

    rita = reporter("rita")
    client.force_login(rita)
    form = client.get("/admin/articles/article/add/").content.decode()
    assert "_saveandpublish" not in form and "_saveandsubmit" in form
    client.post("/admin/articles/article/add/", _new_story(_saveandsubmit="1"))
    assert Article.objects.get().status == "in_review"
    # A reporter's forged "Save and publish": saved, not published, and told why.
    forged = client.post(
        "/admin/articles/article/add/",
        _new_story(headline="Forged", _saveandpublish="1"),
        follow=True,
    )
    assert Article.objects.get(headline="Forged").status == "draft"
    assert "Saved, but not done" in forged.content.decode()


def test_a_story_is_scheduled_in_one_step_from_the_form(client, ed):
    from articles.models import Article

    client.force_login(ed)
    form = client.get("/admin/articles/article/add/").content.decode()
    assert form.count('name="_saveandschedule"') == 2 and "Publish at (UTC)" in form
    when = timezone.localtime() + timedelta(days=1)
    typed = when.strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        "/admin/articles/article/add/",
        # The time typed beside the lower button, the one pressed; the upper box is empty.
        _new_story(_saveandschedule="bottom", _schedule_at_top="", _schedule_at_bottom=typed),
    )
    article = Article.objects.get()
    assert response.status_code == 302 and article.status == "scheduled"
    assert timezone.localtime(article.scheduled_publish_at).strftime("%Y-%m-%dT%H:%M") == typed
    page = client.get(response["Location"]).content.decode()
    assert f'value="{typed}"' in page and 'class="status-badge status-scheduled"' in page


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("", "Give the date and time"),
        ("tomorrow 9am", "Give the date and time"),
        ("2026-02-30T10:00", "Give the date and time"),
        ("2027-01-10", "Give the date and time"),  # a date alone is not taken as midnight
        ("2001-01-01T09:00", "in the future"),
        ("9999-12-31T23:59-05:00", "out of range"),
        ("9999-12-31T23:59Z", "more than five years ahead"),
        ("9999-12-31T23:59", "more than five years ahead"),
        # Europe/Berlin: the clocks skip 02:00–03:00 on 28 March 2027 and pass it twice on
        # 31 October 2027.
        ("2027-03-28T02:30", "does not exist in Europe/Berlin"),
        ("2027-10-31T02:30", "happens twice in Europe/Berlin"),
    ],
)
def test_a_schedule_time_that_is_missing_or_wrong_saves_and_says_why(
    client, ed, settings, typed, said
):
    from articles.models import Article

    settings.TIME_ZONE = "Europe/Berlin"
    client.force_login(ed)
    with time_machine.travel("2026-12-01 09:00 +01:00"):
        response = client.post(
            "/admin/articles/article/add/",
            _new_story(_saveandschedule="top", _schedule_at_top=typed),
            follow=True,
        )
    page = response.content.decode()
    assert response.status_code == 200 and Article.objects.get().status == "draft"
    assert "Saved, but not done:" in page and said in page


def test_a_time_the_clocks_pass_twice_is_scheduled_with_its_offset(client, ed, settings):
    from articles.models import Article

    settings.TIME_ZONE = "Europe/Berlin"
    client.force_login(ed)
    with time_machine.travel("2026-12-01 09:00 +01:00"):
        client.post(
            "/admin/articles/article/add/",
            _new_story(_saveandschedule="top", _schedule_at_top="2027-10-31T02:30+01:00"),
        )
    assert Article.objects.get().scheduled_publish_at.isoformat() == "2027-10-31T01:30:00+00:00"


def test_a_full_section_links_to_all_of_its_stories_and_pasted_copy_counts_as_wire(client, ed):
    from articles.desk import ROWS
    from articles.ingest import ingest_story
    from articles.wire import parse

    for number in range(ROWS + 1):
        article_submit(
            article=article_create(user=ed, headline=f"Story {number}", body="Text."), user=ed
        )
    ingest_story(parse("Dock strike ends\n\nBERGHAVEN (Northwind Press) – It ended."), user=ed)
    client.force_login(ed)
    page = client.get("/admin/").content.decode()
    review = _section(page, "review")
    assert review.count('class="headline"') == ROWS
    assert '/admin/articles/article/?status__exact=in_review">All of them' in review
    assert "All of them" not in _section(page, "drafts")  # one draft: nothing more to see
    assert "Dock strike ends" in _section(page, "wire")


def test_the_public_record_names_its_editors(client, ed):
    story = article_publish(article=article_create(user=ed, headline="Gale", body="T."), user=ed)
    article_revise(
        article=story,
        user=ed,
        expected_version=story.version,
        kind="update",
        note="More.",
        body="T. More.",
    )
    client.force_login(ed)
    form = client.get(f"/admin/articles/article/{story.pk}/change/").content.decode()
    assert re.search(r'field-editor_name">\s*<p>Edda Lindqvist</p>', form)
