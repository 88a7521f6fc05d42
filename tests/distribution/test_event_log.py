"""The outbox and the public event log: every change the public can see becomes an event in
the transaction of the change, and the log shows it once, and only once, the public sees it."""

from datetime import timedelta

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone

from articles.models import StoryEvent
from articles.services import (
    article_change_embargo,
    article_kill,
    article_publish,
    article_revise,
    article_schedule,
    article_unpublish,
    articles_delete,
)
from distribution.relay import events_relay
from tests.distribution.conftest import later

pytestmark = pytest.mark.django_db


def _log(client, after="0", **params) -> dict:
    response = client.get("/api/v1/events/", {"after": after, **params})
    assert response.status_code == 200, response.content
    return response.json()


def _kinds(client) -> list[tuple[str, str]]:
    return [(e["type"], e["story"]["slug"]) for e in _log(client, limit=100)["results"]]


def _revise(article, user, kind: str, note: str = "", **fields):
    return article_revise(
        article=article, user=user, expected_version=article.version, kind=kind, note=note, **fields
    )


def test_each_public_change_is_one_event_in_order(client, story, ed):
    article = story("Ferry fares rise in spring")
    reply = "Fares rise by four percent.\n\nThe operator replied on Tuesday."
    article = _revise(article, ed, "update", "Adds the operator's reply.", body=reply)
    fixed = reply.replace("Tuesday", "Wednesday")
    article = _revise(article, ed, "correction", "Corrects the day: Wednesday.", body=fixed)
    article = _revise(article, ed, "minor", "Typo", headline="Fares")
    events_relay()
    notes = [e["note"] for e in _log(client)["results"]]
    # A minor change's note is the desk's own.
    assert notes == ["", "Adds the operator's reply.", "Corrects the day: Wednesday.", ""]
    article = article_unpublish(article=article, user=ed, reason="Legal review")
    article_kill(article=article, user=ed, notice="Withdrawn: the figures were wrong.")
    events_relay()
    slug = article.slug
    kinds = ["published", "updated", "corrected", "changed", "unpublished", "killed"]
    assert _kinds(client) == [(f"story.{kind}", slug) for kind in kinds]
    results = _log(client)["results"]
    # A kill takes the earlier notes out (they may quote what was killed); the notice stays.
    assert [e["note"] for e in results] == [""] * 5 + ["Withdrawn: the figures were wrong."]
    assert results[5]["story"]["url"] is None
    assert results[0]["story"]["url"].endswith(f"/api/v1/articles/{slug}/")
    assert [int(e["cursor"]) for e in results] == sorted(int(e["cursor"]) for e in results)


def test_drafts_and_edits_before_publication_are_not_events(client, story, ed):
    article = story("Draft about the harbour", publish=False)
    article_revise(article=article, user=ed, expected_version=article.version, headline="Draft 2")
    events_relay()
    assert StoryEvent.objects.count() == 0
    assert _log(client)["results"] == []


def test_a_change_that_rolls_back_leaves_no_event(story, ed):
    article = story("Harbour dues", publish=False)
    with pytest.raises(RuntimeError), transaction.atomic():
        article_publish(article=article, user=ed)
        assert StoryEvent.objects.count() == 1
        raise RuntimeError("the request failed after the publish")
    assert StoryEvent.objects.count() == 0


def test_an_embargoed_story_enters_the_log_when_the_embargo_ends(client, story, ed):
    until = later(hours=2)
    article = story("Budget figures", embargo_until=until)
    article_revise(
        article=article, user=ed, expected_version=article.version, kind="minor", headline="Budget"
    )
    events_relay()
    assert _log(client)["results"] == []
    with time_machine.travel(until - timedelta(seconds=1), tick=False):
        events_relay()
        assert _log(client)["results"] == []
    with time_machine.travel(until + timedelta(seconds=1), tick=False):
        events_relay()
        assert [e["type"] for e in _log(client)["results"]] == ["story.published", "story.changed"]


def test_a_lifted_embargo_releases_the_events_now_and_a_moved_one_later(client, story, ed):
    lifted = story("Lifted early", embargo_until=later(hours=2))
    moved = story("Moved later", embargo_until=later(hours=1))
    article_change_embargo(article=lifted, user=ed, until=None)
    article_change_embargo(article=moved, user=ed, until=later(hours=3))
    events_relay()
    assert _kinds(client) == [("story.published", lifted.slug)]
    with time_machine.travel(later(hours=2), tick=False):
        events_relay()
        assert len(_kinds(client)) == 1
    with time_machine.travel(later(hours=3, seconds=5), tick=False):
        events_relay()
        assert _kinds(client)[1] == ("story.published", moved.slug)
    # Nobody but early subscribers hears of embargo changes.
    assert StoryEvent.objects.filter(kind="embargo_changed", position__isnull=False).count() == 0


def test_a_scheduled_story_goes_live_in_the_log_at_its_second(client, story, ed):
    article = story("Scheduled feature", publish=False)
    at = later(minutes=30)
    article_schedule(article=article, user=ed, publish_at=at)
    events_relay()
    assert _log(client)["results"] == []
    with time_machine.travel(at + timedelta(seconds=1), tick=False):
        events_relay()
        assert _kinds(client) == [("story.published", article.slug)]


def test_withdrawn_before_its_time_a_story_never_appears(client, story, ed):
    scheduled = story("Scheduled then dropped", publish=False)
    scheduled = article_schedule(article=scheduled, user=ed, publish_at=later(minutes=30))
    article_unpublish(article=scheduled, user=ed, reason="Dropped")
    embargoed = story("Embargoed then killed", embargo_until=later(hours=1))
    article_kill(article=embargoed, user=ed, notice="Withdrawn before release.")
    rescheduled = story("Rescheduled", publish=False)
    rescheduled = article_schedule(article=rescheduled, user=ed, publish_at=later(minutes=10))
    article_schedule(article=rescheduled, user=ed, publish_at=later(minutes=50))
    with time_machine.travel(later(hours=2), tick=False):
        events_relay()
        assert _kinds(client) == [("story.published", rescheduled.slug)]


def test_deleting_a_public_story_is_an_event_and_a_draft_is_not(client, story, ed):
    public = story("Public then deleted")
    draft = story("Draft then deleted", publish=False)
    articles_delete(articles=type(public).objects.filter(pk__in=[public.pk, draft.pk]))
    events_relay()
    assert _kinds(client) == [("story.published", public.slug), ("story.deleted", public.slug)]
    assert StoryEvent.objects.filter(kind="deleted").get().article is None


def test_cursors_page_through_the_log_without_gaps(client, story):
    slugs = [story(f"Story number {n} of the day").slug for n in range(7)]
    events_relay()
    seen, after = [], "0"
    while True:
        page = _log(client, after=after, limit=3)
        seen += [e["story"]["slug"] for e in page["results"]]
        after = page["cursor"]
        if page["next"] is None:
            break
    assert seen == slugs
    assert _log(client, after=after)["results"] == []
    assert _log(client, after=after)["cursor"] == after


@pytest.mark.parametrize(
    "params",
    [
        {"after": "-1"},
        {"after": "abc"},
        {"after": "1e3"},
        {"after": "1" * 5000},
        {"limit": "9" * 5000},
        {"limit": "0"},
        {"limit": "101"},
        {"after": "9" * 40},
        {"since": "1"},
        {"after": "٣"},
        {"after": ["1", "2"]},  # which one was meant is not ours to guess
        {"limit": ["1", "50"]},
    ],
)
def test_bad_parameters_are_400_with_the_name(client, params):
    response = client.get("/api/v1/events/", params)
    assert response.status_code == 400
    assert response.json()["parameter"] in params


def test_a_late_commit_still_gets_a_later_position(story, ed):
    """Positions are handed out after commit: an event written before another but committed
    after it is placed after it, never behind a cursor a client already holds."""
    first = story("Committed first")
    events_relay()
    late = StoryEvent.objects.create(
        article=first,
        story_ref=first.pk,
        slug=first.slug,
        kind="changed",
        version=first.public_version,
        visible_at=timezone.now() - timedelta(minutes=5),
    )
    events_relay()
    late.refresh_from_db()
    assert late.position > StoryEvent.objects.exclude(pk=late.pk).get().position


def test_stories_waiting_when_the_log_arrives_get_their_events(story, ed):
    """The migration that brings the log gives a scheduled or embargoed story the event it
    will go public with."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("articles.migrations.0024_pending_story_events")
    scheduled = story("Scheduled before the log", publish=False)
    at = later(minutes=30)
    article_schedule(article=scheduled, user=ed, publish_at=at)
    until = later(hours=1)
    embargoed = story("Embargoed before the log", embargo_until=until)
    story("Public before the log")
    StoryEvent.objects.all().delete()
    migration.pending_events(apps, None)
    got = {(e.slug, e.visible_at, e.early) for e in StoryEvent.objects.all()}
    assert got == {(scheduled.slug, at, False), (embargoed.slug, until, True)}


def test_a_renamed_section_is_a_change_to_each_public_story_filed_under_it(client, story):
    from articles.models import Section
    from articles.services import articles_taxonomy_changed

    sport = Section.objects.create(name="Sport", slug="sport")
    public = story("Cup final tonight", section=sport)
    story("Draft in sport", publish=False, section=sport)
    story("Elsewhere")
    events_relay()
    sport.name = "Sports"
    sport.save()
    articles_taxonomy_changed(section_id=sport.pk)
    events_relay()
    assert _kinds(client)[-1] == ("story.changed", public.slug)
    assert StoryEvent.objects.filter(kind="changed").count() == 1


def test_a_poll_that_finds_nothing_new_is_a_304_and_a_cursor_past_the_end_a_400(client, story):
    story("One story")
    events_relay()
    first = client.get("/api/v1/events/", {"after": "0"})
    again = client.get("/api/v1/events/", {"after": "0"}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert (again.status_code, again["Cache-Control"]) == (304, "no-cache")
    past = client.get("/api/v1/events/", {"after": str(int(first.json()["cursor"]) + 1)})
    assert (past.status_code, past.json()["parameter"]) == (400, "after")
