"""The editors' admin: list, form, workflow actions, history, diff, restore, presence, preview."""

import re

import pytest
from django.db import connection

from articles.models import Article
from articles.services import article_publish, article_revise
from tests.articles.admin_forms import change_url as _change_url
from tests.articles.admin_forms import form_data as _form_data
from tests.articles.admin_forms import inline_management as _inline_management
from tests.factories import editor

pytestmark = pytest.mark.django_db


def test_story_list_shows_badge_reading_time_and_thumbnail(demo, editor_client):
    page = editor_client.get("/admin/articles/article/")
    assert page.status_code == 200
    assert 'class="updated-badge">UPDATED<' in page.text
    assert "calculating…" in page.text
    assert "<img src=" in page.text
    assert "Northwind Press" in page.text


def test_story_list_filters_and_search(demo, editor_client):
    assert demo.headline in editor_client.get("/admin/articles/article/?updated=yes").text
    assert demo.headline not in editor_client.get("/admin/articles/article/?updated=no").text
    assert demo.headline in editor_client.get("/admin/articles/article/?q=turbine").text
    assert demo.headline not in editor_client.get("/admin/articles/article/?q=zeppelin").text
    assert (
        demo.headline in editor_client.get("/admin/articles/article/?status__exact=published").text
    )


def test_story_list_queries_do_not_grow_with_the_number_of_stories(
    demo, editor_client, django_assert_max_num_queries
):
    from articles.services import article_create

    ed = editor("ed")
    for i in range(30):
        article_publish(
            article=article_create(user=ed, headline=f"Story {i}", body="Text."), user=ed
        )
    with django_assert_max_num_queries(16):
        editor_client.get("/admin/articles/article/")


def test_change_form_edits_briefs_inline_and_shows_reading_time_status(demo, editor_client):
    page = editor_client.get(_change_url(demo))
    assert page.status_code == 200
    assert "In Other Developments" in page.text
    assert "Dock workers voted" in page.text  # items in the textarea
    assert "calculating…" in page.text
    assert "NWP/ANNA DE VRIES" in page.text  # credit shown with the photo placement
    assert "Kind of change" in page.text  # the story is published: a revision needs a kind


def test_revising_a_published_story_as_an_update_through_the_admin(demo, editor_client):
    data = _form_data(
        demo,
        body=demo.body + "\n\nThe utility will take over the plant next spring.",
        revision_kind="update",
        revision_note="Adds the handover date.",
    )
    data["brief_boxes-0-items_text"] += "\n• A new brief about the ferry terminal."
    response = editor_client.post(_change_url(demo), data)
    assert response.status_code == 302, response.context["errors"]
    article = Article.objects.get()
    assert article.paragraphs[-1] == "The utility will take over the plant next spring."
    assert article.updates.last().note == "Adds the handover date."
    assert article.brief_boxes.get().items.last().text == "A new brief about the ferry terminal."
    assert article.revisions.first().kind == "update"


def test_revising_without_a_kind_is_refused_and_the_input_stays(demo, editor_client):
    data = _form_data(demo, body="My new body that must not be lost.")
    response = editor_client.post(_change_url(demo), data)
    assert response.status_code == 200
    assert "choose update, correction or minor change" in response.text
    assert "My new body that must not be lost." in response.text
    assert Article.objects.get().body == demo.body


def test_update_without_a_note_is_refused(demo, editor_client):
    data = _form_data(demo, body="Changed.", revision_kind="update", revision_note="")
    response = editor_client.post(_change_url(demo), data)
    assert response.status_code == 200 and "An update needs a public note" in response.text
    assert Article.objects.get().version == demo.version


def test_conflict_in_the_admin_names_the_other_editor_and_keeps_the_input(demo, client):
    olga = editor("olga")
    client.force_login(editor("ed"))
    stale = _form_data(
        demo,
        body="Ed's careful rewrite.",
        revision_kind="minor",
        expected_version=str(demo.version),
    )
    article_revise(
        article=demo, user=olga, expected_version=demo.version, kind="minor", byline="Olga Berg"
    )
    response = client.post(_change_url(demo), stale)
    assert response.status_code == 200
    assert f"{olga.get_full_name()} saved this story" in response.text  # by her full name
    assert f'href="/admin/articles/article/{demo.pk}/history/">Open the history</a>' in (
        response.text
    )
    assert "Ed&#x27;s careful rewrite." in response.text or "Ed's careful rewrite." in response.text
    article = Article.objects.get()
    assert article.byline == "Olga Berg" and article.body == demo.body


def test_adding_a_story_creates_a_draft_through_the_services(editor_client):
    data = {
        "headline": "Lighthouse keeper retires after forty years",
        "slug": "",
        "language": "en",
        "body": "One.\n\nTwo.",
        **_inline_management("brief_boxes", 1),
        "brief_boxes-0-heading": "In Other Developments",
        "brief_boxes-0-position": "0",
        "brief_boxes-0-items_text": "* First brief\n* Second brief",
        **_inline_management("photo_placements"),
        **_inline_management("updates"),
    }
    response = editor_client.post("/admin/articles/article/add/", data)
    assert response.status_code == 302, response.context["errors"]
    article = Article.objects.get()
    assert article.slug == "lighthouse-keeper-retires-after-forty-years"
    assert article.status == "draft" and article.created_by.username == "ed"
    assert [i.text for i in article.brief_boxes.get().items.all()] == [
        "First brief",
        "Second brief",
    ]
    assert article.revisions.get().kind == "created"


def test_history_compare_and_restore(demo, editor_client):
    history = editor_client.get(f"/admin/articles/article/{demo.pk}/history/")
    assert history.status_code == 200
    assert "Adds comments from the mayor and the fishing groups." in history.text
    numbers = [r.number for r in demo.revisions.all()]
    compare = editor_client.get(
        f"/admin/articles/article/{demo.pk}/history/compare/?a={numbers[-1]}&b={numbers[0]}"
    )
    assert compare.status_code == 200
    assert re.search(r"<ins>[^<]*Fishing groups", compare.text)
    assert "words added" in compare.text or "word added" in compare.text

    restore_url = f"/admin/articles/article/{demo.pk}/history/{numbers[-1]}/restore/"
    assert editor_client.get(restore_url).status_code == 200
    editor_client.post(
        restore_url,
        {
            "kind": "correction",
            "note": "Removes two paragraphs.",
            "expected_version": str(demo.version),
        },
    )
    article = Article.objects.get()
    assert "Fishing groups" not in article.body
    assert article.revisions.first().restored_from == numbers[-1]


@pytest.mark.parametrize("query", ["a=x&b=999", "a=²&b=1", "a=1", "a=1&b=1", "a=٣&b=1", "a=-1&b=1"])
def test_compare_with_bad_revision_numbers_goes_back_to_the_history(demo, editor_client, query):
    response = editor_client.get(f"/admin/articles/article/{demo.pk}/history/compare/?{query}")
    assert response.status_code == 302


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/articles/briefbox/",
        "/admin/articles/briefitem/",
        "/admin/articles/articlephoto/",
        "/admin/articles/articleupdate/",
        "/admin/articles/articlerevision/",
        "/admin/articles/section/",
        "/admin/articles/tag/",
        "/admin/media/photo/",
        "/admin/media/rendition/",
        "/admin/articles/article/add/",
    ],
)
def test_every_admin_page_renders(demo, editor_client, path):
    assert editor_client.get(path).status_code == 200


def test_story_list_counts_exactly_when_few_and_says_about_when_the_count_is_bounded(
    editor_client, monkeypatch
):
    from articles.admin import ArchivePaginator
    from loadtest.archive import generate_archive

    generate_archive(60)
    page = editor_client.get("/admin/articles/article/")
    assert "60 stories" in page.text
    assert editor_client.get("/admin/articles/article/?p=2").status_code == 200
    assert "Harbour Wire" in page.text  # the agency filter lists the agencies
    assert editor_client.get("/admin/articles/article/?agency=Harbour+Wire").status_code == 200
    # Beyond the bound PostgreSQL's planner estimates; the embedded database stops counting.
    monkeypatch.setattr(ArchivePaginator, "exact_up_to", 2)
    page = editor_client.get("/admin/articles/article/")
    assert re.search(r"about [\d,]+ stories", page.text)
    if connection.vendor == "sqlite":
        assert "about 21 stories" in page.text


def test_deleting_stories_takes_them_out_of_the_public_api_at_once(
    client, rf, django_capture_on_commit_callbacks
):
    from django.contrib.admin.sites import site

    from loadtest.archive import generate_archive

    generate_archive(5)
    for slug in ("archive-3", "archive-4"):
        assert client.get(f"/api/v1/articles/{slug}/").status_code == 200  # now cached
    assert "archive-3" in client.get("/api/v1/articles/").text
    model_admin = site._registry[Article]
    with django_capture_on_commit_callbacks(execute=True):
        model_admin.delete_model(rf.post("/"), Article.objects.get(slug="archive-3"))
        model_admin.delete_queryset(rf.post("/"), Article.objects.filter(slug="archive-4"))
    for slug in ("archive-3", "archive-4"):
        assert client.get(f"/api/v1/articles/{slug}/").status_code == 404
    listed = client.get("/api/v1/articles/").text
    assert "archive-3" not in listed and "archive-4" not in listed


def test_help_texts_describe_their_field():
    from articles.admin.forms import ArticleForm
    from media.models import Photo

    fields = list(ArticleForm.base_fields.items())
    fields += [(f.name, f) for f in Photo._meta.get_fields() if getattr(f, "help_text", "")]
    for name, field in fields:
        help_text = str(field.help_text)
        if help_text:
            assert len(help_text.split()) >= 3, f"{name}: {help_text!r} is not a description"


@pytest.mark.parametrize("deleted", ["brief box", "photo placement"])
def test_a_part_deleted_by_another_editor_gives_the_conflict_and_keeps_every_input(
    demo, client, deleted
):

    olga = editor("olga")
    client.force_login(editor("ed"))
    assert demo.brief_boxes.exists() and demo.photo_placements.exists()
    stale = _form_data(
        demo,
        body="Ed's careful rewrite.",
        revision_kind="minor",
        expected_version=str(demo.version),
    )
    stale["brief_boxes-0-items_text"] = "Ed's own brief."
    changes = {"briefs": []} if deleted == "brief box" else {"photos": []}
    article_revise(article=demo, user=olga, expected_version=demo.version, kind="minor", **changes)
    response = client.post(_change_url(demo), stale)
    assert response.status_code == 200
    text = response.text.replace("&#x27;", "'")
    assert f"{olga.get_full_name()} saved this story at" in text
    assert "Ed's careful rewrite." in text and "Ed's own brief." in text
    assert "Select a valid choice" not in text
    article = Article.objects.get()
    assert article.body == demo.body and article.version == demo.version + 1


@pytest.mark.parametrize("version", ["", None])
def test_a_save_that_does_not_say_its_version_is_refused(demo, editor_client, version):
    data = _form_data(demo, body="A rewrite.", revision_kind="minor")
    if version is None:
        data.pop("expected_version")
    else:
        data["expected_version"] = version
    response = editor_client.post(_change_url(demo), data)
    assert response.status_code == 200 and "reload the story" in response.text
    assert Article.objects.get().body == demo.body
