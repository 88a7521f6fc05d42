"""The editorial workflow: every rule lives in `articles.services`."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from articles.models import Article, ArticleRevision
from articles.services import (
    ArticleConflict,
    article_create,
    article_publish,
    article_restore_revision,
    article_revise,
    article_schedule,
    article_submit,
    article_unpublish,
    articles_publish_due,
)
from tests.factories import PhotoFactory, editor, reporter

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    return editor("ed"), reporter("rita")


def _draft(user, **fields):
    fields.setdefault("body", "The council met on Monday.\n\nIt voted on the harbour plan.")
    return article_create(user=user, headline="Council approves harbour plan", **fields)


def _published(user, **fields):
    return article_publish(article=_draft(user, **fields), user=user)


def _kinds(article):
    return list(article.revisions.order_by("number").values_list("kind", flat=True))


# --- Roles


def test_reporter_writes_and_submits_but_cannot_publish(desk):
    ed, rita = desk
    article = _draft(rita)
    article = article_revise(article=article, user=rita, expected_version=1, standfirst="Vote.")
    article = article_submit(article=article, user=rita)
    assert article.status == "in_review"
    with pytest.raises(PermissionDenied, match="publish"):
        article_publish(article=article, user=rita)
    with pytest.raises(PermissionDenied):
        article_schedule(article=article, user=rita, publish_at=timezone.now() + timedelta(hours=1))
    assert Article.objects.get(pk=article.pk).status == "in_review"
    assert article_publish(article=article, user=ed).status == "published"


def test_reporter_cannot_revise_or_unpublish_a_published_story(desk):
    ed, rita = desk
    article = _published(ed)
    with pytest.raises(PermissionDenied, match="ask an editor"):
        article_revise(
            article=article,
            user=rita,
            expected_version=article.version,
            kind="minor",
            headline="Changed",
        )
    with pytest.raises(PermissionDenied):
        article_unpublish(article=article, user=rita, reason="Legal")
    fresh = Article.objects.get(pk=article.pk)
    assert fresh.headline == "Council approves harbour plan" and fresh.status == "published"


def test_user_without_any_role_cannot_create():
    from tests.factories import UserFactory

    with pytest.raises(PermissionDenied):
        _draft(UserFactory(username="visitor"))
    assert not Article.objects.exists()


# --- States


def test_publish_sets_first_published_once_and_republish_keeps_it(desk):
    ed, _ = desk
    article = _published(ed)
    first = article.first_published_at
    article = article_unpublish(article=article, user=ed, reason="Legal review of a quote")
    assert article.status == "unpublished"
    assert article.unpublished_reason == "Legal review of a quote"
    article = article_publish(article=article, user=ed)
    assert article.first_published_at == first and article.status == "published"
    assert _kinds(article) == ["created", "published", "unpublished", "published"]
    assert article.revisions.get(kind="unpublished").note == "Legal review of a quote"


def test_unpublish_needs_a_reason(desk):
    ed, _ = desk
    article = _published(ed)
    with pytest.raises(ValidationError, match="why"):
        article_unpublish(article=article, user=ed, reason="  ")
    assert Article.objects.get(pk=article.pk).status == "published"


def test_transitions_that_do_not_exist_are_refused(desk):
    ed, _ = desk
    article = _published(ed)
    with pytest.raises(ValidationError, match="cannot be submitted"):
        article_submit(article=article, user=ed)
    with pytest.raises(ValidationError, match="cannot be published"):
        article_publish(article=article, user=ed)
    draft = _draft(ed)
    with pytest.raises(ValidationError, match="cannot be unpublished"):
        article_unpublish(article=draft, user=ed, reason="x")


def test_schedule_needs_a_future_time(desk):
    ed, _ = desk
    article = _draft(ed)
    with pytest.raises(ValidationError, match="future"):
        article_schedule(article=article, user=ed, publish_at=timezone.now() - timedelta(minutes=1))
    at = timezone.now() + timedelta(hours=2)
    article = article_schedule(article=article, user=ed, publish_at=at)
    assert article.status == "scheduled" and article.scheduled_publish_at == at


def test_due_scheduled_stories_are_published_by_the_beat_task(desk):
    ed, _ = desk
    due = article_schedule(
        article=_draft(ed), user=ed, publish_at=timezone.now() + timedelta(minutes=1)
    )
    later = article_schedule(
        article=article_create(user=ed, headline="Later", body="Text."),
        user=ed,
        publish_at=timezone.now() + timedelta(hours=3),
    )
    from articles.tasks import publish_scheduled

    assert publish_scheduled() == 0
    published = articles_publish_due(now=timezone.now() + timedelta(minutes=2))
    assert published == [due.pk]
    due.refresh_from_db()
    later.refresh_from_db()
    assert due.status == "published" and due.first_published_at is not None
    assert later.status == "scheduled"
    assert articles_publish_due(now=timezone.now() + timedelta(minutes=2)) == []


# --- Revising


def test_a_never_published_story_needs_no_kind(desk):
    ed, _ = desk
    article = article_revise(article=_draft(ed), user=ed, expected_version=1, headline="New")
    assert _kinds(article) == ["created", "edit"] and not article.updates.exists()


def test_a_published_story_needs_a_kind(desk):
    ed, _ = desk
    article = _published(ed)
    with pytest.raises(ValidationError, match="update, correction or minor"):
        article_revise(article=article, user=ed, expected_version=article.version, headline="New")
    assert Article.objects.get(pk=article.pk).headline == "Council approves harbour plan"


@pytest.mark.parametrize("kind", ["update", "correction"])
def test_updates_and_corrections_need_a_note(desk, kind):
    ed, _ = desk
    article = _published(ed)
    with pytest.raises(ValidationError, match="note"):
        article_revise(
            article=article,
            user=ed,
            expected_version=article.version,
            kind=kind,
            note=" ",
            body="Changed.",
        )
    assert not article.updates.exists()
    assert Article.objects.get(pk=article.pk).version == article.version


def test_update_goes_on_the_public_record_and_marks_the_story_updated(desk):
    ed, _ = desk
    article = _published(ed)
    before = article.last_public_update_at
    article = article_revise(
        article=article,
        user=ed,
        expected_version=article.version,
        kind="update",
        note="Adds comments from the mayor.",
        body=article.body + "\n\nThe mayor welcomed it.",
    )
    entry = article.updates.get()
    assert (entry.kind, entry.note, entry.editor) == ("update", "Adds comments from the mayor.", ed)
    assert article.last_public_update_at == entry.created_at > before
    assert Article.objects.get(pk=article.pk).display_label == "UPDATED"
    assert _kinds(article)[-1] == "update"


def test_correction_stays_on_the_record_without_the_updated_label(desk):
    ed, _ = desk
    article = _published(ed)
    article = article_revise(
        article=article,
        user=ed,
        expected_version=article.version,
        kind="correction",
        note="An earlier version gave the wrong date of the vote.",
        body="Corrected.",
    )
    assert article.updates.get().kind == "correction"
    assert Article.objects.get(pk=article.pk).display_label == ""


def test_minor_change_is_in_the_history_only(desk):
    ed, _ = desk
    article = _published(ed)
    last_update = article.last_public_update_at
    article = article_revise(
        article=article,
        user=ed,
        expected_version=article.version,
        kind="minor",
        headline="Council approves the harbour plan",
    )
    assert not article.updates.exists() and article.last_public_update_at == last_update
    assert article.revisions.first().kind == "minor"


def test_saving_nothing_new_changes_nothing(desk):
    ed, _ = desk
    article = _published(ed)
    same = article_revise(
        article=article,
        user=ed,
        expected_version=article.version,
        headline=article.headline,
        briefs=[],
        photos=[],
    )
    assert same.version == article.version and article.revisions.count() == 2


def test_every_revision_is_a_complete_snapshot(desk):
    ed, _ = desk
    photo = PhotoFactory(caption="Dawn over the harbour.")
    article = _draft(
        ed,
        briefs=[
            {"heading": "In Other Developments", "items": ["Ferries resume.", "Port fees rise."]}
        ],
        photos=[{"photo": photo, "role": "lead", "caption_override": ""}],
    )
    snapshot = article.revisions.get().snapshot
    assert snapshot["headline"] == "Council approves harbour plan"
    assert snapshot["briefs"] == [
        {"heading": "In Other Developments", "items": ["Ferries resume.", "Port fees rise."]}
    ]
    assert snapshot["photos"][0]["photo"] == photo.pk
    assert snapshot["photos"][0]["caption"] == "Dawn over the harbour."
    assert snapshot["photos"][0]["credit_line"] == "NWP/ANNA DE VRIES"


def test_photos_must_have_one_lead_at_most_and_exist(desk):
    ed, _ = desk
    one, two = PhotoFactory(), PhotoFactory()
    with pytest.raises(ValidationError, match="one lead"):
        _draft(ed, photos=[{"photo": one, "role": "lead"}, {"photo": two, "role": "lead"}])
    with pytest.raises(ValidationError, match="No such photo"):
        _draft(ed, photos=[{"photo": 999999, "role": "lead"}])
    assert not Article.objects.exists()


def test_briefs_need_a_heading(desk):
    ed, _ = desk
    with pytest.raises(ValidationError, match="heading"):
        _draft(ed, briefs=[{"heading": "", "items": ["An orphan item"]}])
    assert not Article.objects.exists()


# --- Optimistic locking


def test_second_editor_gets_a_conflict_and_both_texts_survive(desk):
    ed, _ = desk
    other = editor("olga")
    article = _draft(ed)
    loaded_by_ed = Article.objects.get(pk=article.pk)
    loaded_by_olga = Article.objects.get(pk=article.pk)

    article_revise(article=loaded_by_ed, user=ed, expected_version=1, body="Ed's version.")
    with pytest.raises(ArticleConflict) as conflict:
        article_revise(
            article=loaded_by_olga, user=other, expected_version=1, body="Olga's version."
        )

    message = str(conflict.value)
    assert f"{ed.get_full_name()} saved this story" in message and "version 2" in message
    assert " UTC on " in message  # the time with its zone
    assert "started from version 1" in message
    assert conflict.value.rejected_changes["body"] == "Olga's version."
    assert Article.objects.get(pk=article.pk).body == "Ed's version."
    assert article.revisions.get(number=2).snapshot["body"] == "Ed's version."
    assert article.revisions.get(number=1).snapshot["body"].startswith("The council met")


def test_workflow_actions_respect_the_version_too(desk):
    ed, _ = desk
    article = _draft(ed)
    article_revise(article=article, user=ed, expected_version=1, body="Newer.")
    with pytest.raises(ArticleConflict):
        article_publish(article=article, user=ed, expected_version=1)
    assert Article.objects.get(pk=article.pk).status == "draft"


# --- Restoring


def test_restore_brings_an_old_revision_back_as_a_new_one(desk):
    ed, _ = desk
    article = _draft(ed, briefs=[{"heading": "Box", "items": ["Old item"]}])
    article = article_revise(
        article=article,
        user=ed,
        expected_version=1,
        body="Rewritten.",
        briefs=[{"heading": "Box", "items": ["New item"]}],
    )
    article = article_restore_revision(
        article=article, revision_number=1, user=ed, expected_version=article.version
    )
    assert article.body.startswith("The council met") and article.version == 3
    assert article.brief_boxes.get().items.get().text == "Old item"
    assert article.revisions.first().restored_from == 1


def test_restoring_a_published_story_follows_the_same_rules(desk):
    ed, _ = desk
    article = _published(ed)
    article = article_revise(
        article=article, user=ed, expected_version=article.version, kind="minor", body="Changed."
    )
    with pytest.raises(ValidationError, match="update, correction or minor"):
        article_restore_revision(
            article=article, revision_number=1, user=ed, expected_version=article.version
        )
    article = article_restore_revision(
        article=article,
        revision_number=1,
        user=ed,
        expected_version=article.version,
        kind="correction",
        note="Restores the original wording.",
    )
    assert article.body.startswith("The council met")
    assert article.updates.get().note == "Restores the original wording."
    assert article.status == "published"


def test_restoring_an_unknown_revision_is_refused(desk):
    ed, _ = desk
    article = _draft(ed)
    with pytest.raises(ValidationError, match="no revision 7"):
        article_restore_revision(article=article, revision_number=7, user=ed, expected_version=1)
    assert ArticleRevision.objects.count() == 1


@pytest.mark.parametrize("years", [6, 7973])
def test_a_moment_years_ahead_is_refused_as_a_typo(years):
    from articles.services import article_change_embargo

    ed = editor("ed")
    article = article_create(user=ed, headline="Budget", body="Text.")
    later = timezone.now() + timedelta(days=365 * years)
    for step in (
        lambda: article_schedule(article=article, user=ed, publish_at=later),
        lambda: article_publish(article=article, user=ed, embargo_until=later),
        lambda: article_change_embargo(article=article, user=ed, until=later),
    ):
        with pytest.raises(ValidationError, match="more than five years ahead: check the year"):
            step()
    assert Article.objects.get().version == 1
