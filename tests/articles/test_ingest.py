"""Importing wire copy and ninjs: idempotence, update detection, the command and the API."""

import json

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token

from articles.ingest import ingest_story
from articles.models import Article
from articles.ninjs import NinjsError, ninjs_to_story
from articles.services import article_publish
from articles.wire import parse
from media.models import Photo
from tests import images
from tests.articles.conftest import post_ingest as _post
from tests.factories import UserFactory, editor
from tests.support import NINJS, NINJS_VERSIONS, needs_shared, ninjs_errors

pytestmark = pytest.mark.django_db

FIRST = """Council approves new ferry terminal

BERGHAVEN, March 14 (Northwind Press) – The council approved a new ferry terminal on Friday.

Work is due to start in June.

Engineers survey the old pier on Thursday. NWP/ANNA DE VRIES
"""
# Copy whose photos are known by their captions fails the photo checks; the importer is told why
# to publish it anyway, as an editor would be.
LATER = "The agency's photos arrive after the text."
UPDATED = FIRST.replace("Council approves", "UPDATED: Council approves").replace(
    "Work is due to start in June.", "Work is due to start in June, the mayor said."
)


def test_ingest_creates_a_draft_with_photos_without_images():
    result = ingest_story(parse(FIRST))
    article = result.article
    assert result.status == "created" and article.status == "draft"
    assert (article.agency, article.dateline_place, article.dateline_date) == (
        "Northwind Press",
        "BERGHAVEN",
        "March 14",
    )
    assert article.paragraphs == [
        "The council approved a new ferry terminal on Friday.",
        "Work is due to start in June.",
    ]
    photo = article.photo_placements.get().photo
    assert (
        not photo.image
        and photo.credit_line == "NWP/ANNA DE VRIES"
        and photo.photographer == "ANNA DE VRIES"
    )


def test_reingesting_the_same_copy_changes_nothing():
    first = ingest_story(parse(FIRST)).article
    again = ingest_story(parse(FIRST))
    assert again.status == "unchanged" and again.article.pk == first.pk
    assert Article.objects.count() == 1 and Photo.objects.count() == 1
    assert Article.objects.get().version == first.version


def test_an_updated_version_revises_the_published_story_as_an_update():
    article = ingest_story(parse(FIRST), publish=True, override_reason=LATER).article
    assert article.status == "published"
    result = ingest_story(parse(UPDATED))
    assert result.status == "updated" and result.article.pk == article.pk
    article.refresh_from_db()
    assert (
        article.is_updated
        and article.paragraphs[-1] == "Work is due to start in June, the mayor said."
    )
    assert article.updates.get().note == "Updated with new information from Northwind Press."
    assert Article.objects.count() == 1 and Photo.objects.count() == 1  # the photo was kept


def test_a_draft_is_revised_without_a_public_update():
    ingest_story(parse(FIRST))
    ingest_story(parse(UPDATED))
    article = Article.objects.get()
    assert article.status == "draft" and not article.updates.exists()


def test_a_failing_import_changes_nothing(monkeypatch):
    from articles import ingest

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ingest, "article_create", broken)
    with pytest.raises(RuntimeError):
        ingest_story(parse(FIRST))
    assert not Article.objects.exists() and not Photo.objects.exists()


# --- ninjs


@needs_shared
@pytest.mark.parametrize("version", NINJS_VERSIONS)
def test_ninjs_examples_import(version):
    document = json.loads((NINJS / f"examples-{version}" / "007_multimedia.json").read_text())
    story = ninjs_to_story(document)
    assert story.headline and story.body and story.photos
    result = ingest_story(story)
    assert result.status == "created" and result.article.external_id == document["uri"]
    assert ingest_story(ninjs_to_story(document)).status == "unchanged"


def test_non_stories_are_refused():
    for document in ([], {"headline": "no uri"}, {"uri": "urn:x:1", "type": "event"}):
        with pytest.raises(NinjsError):
            ninjs_to_story(document)


def _updated_story_with_briefs_and_photo() -> Article:
    from articles.services import article_create, article_revise
    from media.services import photo_create

    ed = editor("ed")
    photo = photo_create(
        caption="Boats return to the harbour.",
        alt_text="Fishing boats moored in a calm harbour.",
        agency="NWP",
        photographer="ANNA DE VRIES",
        image=ContentFile(images.jpeg_bytes(), name="boats.jpg"),
    )
    article = article_create(
        user=ed,
        headline="Harbour reopens",
        standfirst="After the storm.",
        byline="Marta Lindqvist",
        agency="Northwind Press",
        dateline_place="BERGHAVEN",
        dateline_date="March 14",
        body="First paragraph.\n\nSecond paragraph.",
        briefs=[{"heading": "In Other Developments", "items": ["Rail resumes.", "Fees rise."]}],
        photos=[{"photo": photo, "role": "lead"}],
    )
    article = article_publish(article=article, user=ed)
    return article_revise(
        article=article,
        user=ed,
        expected_version=article.version,
        kind="update",
        note="More.",
        body="First paragraph.\n\nSecond paragraph, longer.",
    )


def test_export_then_import_gives_back_the_same_story(client):
    article = _updated_story_with_briefs_and_photo()
    for query in ("", "?version=2"):
        document = client.get(f"/api/v1/articles/{article.slug}/ninjs{query}").json()
        story = ninjs_to_story(document)
        assert story.headline == "Harbour reopens" and story.standfirst == "After the storm."
        assert story.byline == "Marta Lindqvist" and story.agency == "Northwind Press"
        assert (story.dateline.place, story.dateline.date) == ("BERGHAVEN", "March 14")
        assert story.body == ["First paragraph.", "Second paragraph, longer."]
        assert [(b.heading, b.items) for b in story.briefs] == [
            ("In Other Developments", ["Rail resumes.", "Fees rise."])
        ]
        assert [(p.caption, p.credit) for p in story.photos] == [
            ("Boats return to the harbour.", "NWP/ANNA DE VRIES")
        ]
        assert story.is_update is True


# --- The command


def test_command_imports_files_and_folders_and_reports(tmp_path, capsys):
    folder = tmp_path / "wire"
    folder.mkdir()
    (folder / "ferry.txt").write_text(FIRST, encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"\x00\x01")
    (folder / "ignored.pdf").write_bytes(b"%PDF")
    with pytest.raises(CommandError, match="1 of 2 files failed"):
        call_command("ingest", str(folder))
    out = capsys.readouterr().out
    assert "created   " in out and "failed    " in out and "binary" in out
    assert "2 files: 1 created, 0 updated, 0 unchanged, 1 failed." in out
    call_command("ingest", str(folder / "ferry.txt"))
    assert "unchanged" in capsys.readouterr().out
    assert Article.objects.count() == 1


def test_command_publishes_on_request(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(FIRST, encoding="utf-8")
    call_command("ingest", "--publish", str(tmp_path / "a.txt"))
    out = capsys.readouterr().out
    assert Article.objects.get().status == "draft"
    assert "(Not published: The lead photo has no image file" in out and "no alt text" in out
    call_command("ingest", "--publish", "--override-checks", LATER, str(tmp_path / "a.txt"))
    assert Article.objects.get().status == "published"
    assert "(published)" in capsys.readouterr().out
    note = Article.objects.get().revisions.get(kind="published").note
    assert note.startswith("Checks overridden (The lead photo has no image file") and LATER in note


def test_publishing_copy_imported_earlier_as_a_draft(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(FIRST, encoding="utf-8")
    call_command("ingest", str(tmp_path / "a.txt"))
    assert Article.objects.get().status == "draft"
    capsys.readouterr()
    call_command("ingest", "--publish", "--override-checks", LATER, str(tmp_path / "a.txt"))
    out = capsys.readouterr().out
    assert Article.objects.get().status == "published"
    assert "unchanged" in out and "(published)" in out
    assert "1 files: 0 created, 0 updated, 1 unchanged, 0 failed; 1 published." in out
    call_command("ingest", "--publish", "--override-checks", LATER, str(tmp_path / "a.txt"))
    assert "; 0 published." in capsys.readouterr().out


@pytest.mark.parametrize("state", ["in_review", "scheduled", "unpublished"])
def test_publishing_on_import_leaves_an_editors_decision_alone(state):
    from datetime import timedelta

    from django.utils import timezone

    from articles.services import article_schedule, article_submit, article_unpublish

    ed = editor("ed")
    article = ingest_story(parse(FIRST)).article
    if state == "in_review":
        article_submit(article=article, user=ed)
    elif state == "scheduled":
        tomorrow = timezone.now() + timedelta(days=1)
        article_schedule(article=article, user=ed, publish_at=tomorrow, override_reason=LATER)
    else:
        article_unpublish(
            article=article_publish(article=article, user=ed, override_reason=LATER),
            user=ed,
            reason="Legal",
        )
    result = ingest_story(parse(FIRST), publish=True)
    assert result.status == "unchanged" and not result.published
    assert Article.objects.get().status == state


def test_dry_run_prints_the_contract_and_imports_nothing(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(UPDATED.replace("UPDATED: ", "UPDATE 2-"), encoding="utf-8")
    (tmp_path / "b.txt").write_text("", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("ingest", "--dry-run", str(tmp_path))
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    good = next(line for line in lines if line["file"].endswith("a.txt"))
    assert set(good) == {
        "file",
        "headline",
        "is_update",
        "update_sequence",
        "dateline",
        "agency",
        "body",
        "briefs",
        "photos",
        "stated_reading_minutes",
        "reading_time_minutes",
        "byline",
        "standfirst",
        "contributors",
        "advisory",
        "kind",
        "language",
        "embargo",
    }
    assert good["embargo"] is None
    assert good["update_sequence"] == 2 and good["reading_time_minutes"] == 1
    assert good["kind"] == "update" and good["language"] == "en"
    bad = next(line for line in lines if line["file"].endswith("b.txt"))
    assert set(bad) == {"file", "error"} and "empty" in bad["error"]
    assert not Article.objects.exists()


def test_dry_run_keeps_unicode_unescaped(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("Kyiv’s mayor speaks\n\nHe spoke.", encoding="utf-8")
    call_command("ingest", "--dry-run", str(tmp_path / "a.txt"))
    assert "Kyiv’s" in capsys.readouterr().out


# --- The API


def test_api_ingests_wire_copy_and_ninjs(client, ingest_token):
    created = _post(client, FIRST.encode(), ingest_token)
    assert created.status_code == 201 and created.json()["status"] == "created"
    assert created.json()["admin_url"].endswith(
        f"/admin/articles/article/{Article.objects.get().pk}/change/"
    )
    assert _post(client, FIRST.encode(), ingest_token).status_code == 200
    updated = _post(client, UPDATED.encode(), ingest_token)
    assert updated.status_code == 201 and updated.json()["status"] == "updated"
    document = {
        "uri": "urn:newsroom:test:1",
        "headlines": [{"value": "A ninjs story"}],
        "bodies": [{"contentType": "text/plain", "value": "One.\n\nTwo."}],
    }
    response = _post(client, json.dumps(document), ingest_token, "application/json")
    assert response.status_code == 201 and Article.objects.get(
        external_id="urn:newsroom:test:1"
    ).paragraphs == ["One.", "Two."]


def test_api_refuses_bad_copy_and_credentials(client, ingest_token, settings):
    assert _post(client, b"").status_code == 401
    assert _post(client, FIRST.encode(), "not-a-token").status_code == 401
    outsider = Token.objects.create(user=UserFactory(username="outsider")).key
    assert _post(client, FIRST.encode(), outsider).status_code == 403
    bad = _post(client, b"\x00\x01", ingest_token)
    assert bad.status_code == 400 and "binary" in bad.json()["detail"]
    assert _post(client, b"{not json", ingest_token, "application/json").status_code == 400
    settings.INGEST_MAX_BYTES = 100
    assert _post(client, FIRST.encode(), ingest_token).status_code == 413
    assert not Article.objects.exists()


@needs_shared
@pytest.mark.parametrize(
    "path", sorted(NINJS.glob("examples-*/*.json")), ids=lambda p: f"{p.parent.name}/{p.name}"
)
def test_every_official_example_is_read_or_clearly_refused(path):
    document = json.loads(path.read_text())
    valid = not ninjs_errors(path.parent.name.removeprefix("examples-"), document)
    try:
        story = ninjs_to_story(document)
    except NinjsError as error:
        # Only items that are not stories (an event, a renditions-only item) are refused.
        assert "headline" in str(error) or "uri" in str(error)
        return
    assert story.headline
    assert ingest_story(story).status == "created"
    assert valid or path.name == "002_renditions_example.json"  # its uri is not absolute


def test_ingest_token_makes_a_robot_user_that_may_post_copy(client, capsys):
    call_command("ingest_token", "wire-robot")
    key = capsys.readouterr().out.strip()
    call_command("ingest_token", "wire-robot")  # again: the same token, nothing doubled
    assert capsys.readouterr().out.strip() == key
    response = client.post(
        "/api/v1/ingest/",
        data=FIRST.encode(),
        content_type="text/plain",
        headers={"authorization": f"Token {key}"},
    )
    assert response.status_code == 201
    robot = Token.objects.get(key=key).user
    assert not robot.is_staff and not robot.has_usable_password()
