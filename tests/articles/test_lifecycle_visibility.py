"""A scheduled or embargoed story is on no public route the second before its time, and on
every one from its second, with every cache warm and without beat; beat's record changes
nothing readers see. (On PostgreSQL with Redis under `make test-services`.)"""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles.models import Article, ArticleRevision
from articles.services import (
    article_change_embargo,
    article_create,
    article_publish,
    article_revise,
    article_schedule,
    articles_publish_due,
)
from tests.factories import editor

pytestmark = pytest.mark.django_db

WORD = "quayside"  # in the body only: search finds it


def _routes(slug: str) -> dict[str, str]:
    return {
        "detail": f"/api/v1/articles/{slug}/",
        "ninjs": f"/api/v1/articles/{slug}/ninjs",
        "ninjs 2": f"/api/v1/articles/{slug}/ninjs?version=2",
        "list": "/api/v1/articles/",
        "list by change": "/api/v1/articles/?sort=changed",
        "list by update": "/api/v1/articles/?sort=updated",
        "recent": "/api/v1/articles/?published_since=2000-01-01",
        "search": f"/api/v1/articles/?q={WORD}",
        "section": "/api/v1/articles/?section=port",
        "rss": "/feeds/rss/",
        "atom": "/feeds/atom/",
        "news sitemap": "/sitemaps/news.xml",
        "archive sitemap": "/sitemaps/archive.xml",
        "corrections": "/api/v1/corrections/",
    }


def _seen(client, slug: str) -> dict[str, bool]:
    """Per route: whether the story shows (each asked twice, so the second is warm)."""
    seen = {}
    for name, url in _routes(slug).items():
        client.get(url)
        response = client.get(url)
        assert response.status_code in (200, 404), (name, response.status_code)
        seen[name] = response.status_code == 200 and slug in response.content.decode()
    return seen


def _story(ed, headline: str) -> Article:
    from articles.models import Section

    section, _ = Section.objects.get_or_create(slug="port", defaults={"name": "Port"})
    article = article_create(
        user=ed,
        headline=headline,
        body=f"The {WORD} reopened at dawn.\n\nShips queued.",
        section=section,
    )
    # A correction on the public record, for the corrections route.
    return article


@pytest.fixture
def ed():
    return editor("ed")


@pytest.fixture
def live(ed, client, django_capture_on_commit_callbacks):
    """Another story, public all along: every list has something in it and is cached."""
    with django_capture_on_commit_callbacks(execute=True):
        other = article_publish(article=_story(ed, "Ferries run again"), user=ed)
    return other


def _at(moment):
    return time_machine.travel(moment, tick=False)


def _second(delta_minutes: int = 60):
    return (timezone.now() + timedelta(minutes=delta_minutes)).replace(microsecond=0)


def test_a_scheduled_story_is_public_from_its_second_on_every_route_without_beat(
    ed, live, client, django_capture_on_commit_callbacks
):
    due = _second()
    with _at(due - timedelta(minutes=5)), django_capture_on_commit_callbacks(execute=True):
        article = article_schedule(
            article=_story(ed, "Harbour fees rise at ten"), user=ed, publish_at=due
        )
    with _at(due - timedelta(seconds=1)):
        before = _seen(client, article.slug)
    assert not any(before.values()), before
    with _at(due):
        at = _seen(client, article.slug)
        detail = client.get(f"/api/v1/articles/{article.slug}/").json()
    assert all(v for k, v in at.items() if k != "corrections"), at
    assert detail["first_published_at"] == due.isoformat().replace("+00:00", "Z")
    assert detail["last_updated_at"] == detail["first_published_at"]
    assert detail["version"] == 1
    assert Article.objects.get(pk=article.pk).status == Article.Status.SCHEDULED


def test_beat_records_the_publication_as_readers_already_saw_it(
    ed, live, client, django_capture_on_commit_callbacks
):
    due = _second()
    with _at(due - timedelta(minutes=5)), django_capture_on_commit_callbacks(execute=True):
        article = article_schedule(
            article=_story(ed, "Harbour fees rise at ten"), user=ed, publish_at=due
        )
    url = f"/api/v1/articles/{article.slug}/"
    with _at(due + timedelta(seconds=5)):
        seen = client.get(url)
    with _at(due + timedelta(seconds=50)), django_capture_on_commit_callbacks(execute=True):
        assert articles_publish_due() == [article.pk]
    with _at(due + timedelta(seconds=55)):
        after = client.get(url)
    recorded = Article.objects.get(pk=article.pk)
    assert recorded.status == Article.Status.PUBLISHED and recorded.first_published_at == due
    assert after.content == seen.content and after["ETag"] == seen["ETag"]
    assert recorded.revisions.filter(kind=ArticleRevision.Kind.PUBLISHED).count() == 1


def test_an_embargoed_story_is_public_from_the_embargo_on_every_route(
    ed, live, client, django_capture_on_commit_callbacks
):
    until = _second()
    with _at(until - timedelta(minutes=30)), django_capture_on_commit_callbacks(execute=True):
        article = article_publish(
            article=_story(ed, "Minister to resign, letter shows"), user=ed, embargo_until=until
        )
        article = article_revise(
            article=article,
            user=ed,
            expected_version=article.version,
            kind="correction",
            note="An earlier version misnamed the ministry.",
            body=f"The {WORD} reopened at dawn.\n\nShips queued at the pier.",
        )
    with _at(until - timedelta(seconds=1)):
        before = _seen(client, article.slug)
        rss = client.get("/feeds/rss/").content.decode()
    assert not any(before.values()), before
    assert "Minister to resign" not in rss
    with _at(until):
        at = _seen(client, article.slug)
        detail = client.get(f"/api/v1/articles/{article.slug}/").json()
    assert all(at.values()), at
    assert detail["first_published_at"] == until.isoformat().replace("+00:00", "Z")
    assert detail["embargoed_until"] == detail["first_published_at"]
    assert detail["modified_at"] == detail["first_published_at"]


def test_a_story_under_embargo_is_found_by_updated_since_once_it_ends(
    ed, live, client, django_capture_on_commit_callbacks
):
    """A client syncing by `updated_since` between an edit and the embargo's end still gets
    the story: its change time is the embargo's."""
    until = _second()
    with _at(until - timedelta(minutes=30)), django_capture_on_commit_callbacks(execute=True):
        article = article_publish(article=_story(ed, "Port sold"), user=ed, embargo_until=until)
    synced = (until - timedelta(minutes=5)).isoformat().replace("+00:00", "Z")
    with _at(until + timedelta(seconds=1)):
        page = client.get(f"/api/v1/articles/?sort=changed&updated_since={synced}").json()
    assert [s["slug"] for s in page["results"]] == [article.slug]


def test_an_embargo_lifted_early_or_moved_is_a_revision_and_rules_at_once(
    ed, live, client, django_capture_on_commit_callbacks
):
    until = _second(120)
    with _at(until - timedelta(hours=1)), django_capture_on_commit_callbacks(execute=True):
        moved = article_publish(article=_story(ed, "Moved story"), user=ed, embargo_until=until)
        lifted = article_publish(article=_story(ed, "Lifted story"), user=ed, embargo_until=until)
    later = until + timedelta(hours=1)
    with _at(until - timedelta(minutes=30)):
        _seen(client, moved.slug)  # warm
        with django_capture_on_commit_callbacks(execute=True):
            article_change_embargo(article=moved, user=ed, until=later)
            article_change_embargo(article=lifted, user=ed, until=None)
        assert all(v for k, v in _seen(client, lifted.slug).items() if k != "corrections")
        lifted_detail = client.get(f"/api/v1/articles/{lifted.slug}/").json()
    assert lifted_detail["first_published_at"] == (
        until - timedelta(minutes=30)
    ).isoformat().replace("+00:00", "Z")
    with _at(until + timedelta(seconds=1)):
        assert not any(_seen(client, moved.slug).values())
    with _at(later):
        assert _seen(client, moved.slug)["detail"]
    for article in (moved, lifted):
        kinds = list(article.revisions.values_list("kind", flat=True))
        assert ArticleRevision.Kind.EMBARGO in kinds


def test_an_embargo_can_only_be_changed_while_it_runs_and_to_a_future_time(
    ed, django_capture_on_commit_callbacks
):
    from django.core.exceptions import PermissionDenied, ValidationError

    from tests.factories import reporter

    until = _second()
    with django_capture_on_commit_callbacks(execute=True):
        article = article_publish(article=_story(ed, "Story"), user=ed, embargo_until=until)
    with pytest.raises(ValidationError):
        article_change_embargo(article=article, user=ed, until=timezone.now())
    with pytest.raises(PermissionDenied):
        article_change_embargo(article=article, user=reporter("rep"), until=None)
    with pytest.raises(ValidationError):
        article_publish(
            article=_story(ed, "Other"), user=ed, embargo_until=timezone.now() - timedelta(1)
        )
    with _at(until + timedelta(seconds=1)), pytest.raises(ValidationError):
        article_change_embargo(article=article, user=ed, until=None)  # it has ended
    assert Article.objects.get(pk=article.pk).embargo_until == until


def test_list_answers_are_not_kept_by_shared_caches_past_a_release(
    ed, live, client, django_capture_on_commit_callbacks
):
    due = _second()
    with _at(due - timedelta(minutes=5)), django_capture_on_commit_callbacks(execute=True):
        article_schedule(article=_story(ed, "Later"), user=ed, publish_at=due)
    with _at(due - timedelta(seconds=20)):
        client.get("/api/v1/articles/")
        cached = client.get("/api/v1/articles/")
    assert "max-age=20" in cached["Cache-Control"]
    assert "stale-while-revalidate=0" in cached["Cache-Control"]


def test_a_story_cannot_be_scheduled_before_the_embargo_it_carries(ed):
    from django.core.exceptions import ValidationError

    embargo = _second(120)
    draft = _story(ed, "Scoop")
    draft = article_change_embargo(article=draft, user=ed, until=embargo)
    with pytest.raises(ValidationError, match="embargo"):
        article_schedule(article=draft, user=ed, publish_at=embargo - timedelta(minutes=30))
    scheduled = article_schedule(article=draft, user=ed, publish_at=embargo)
    assert scheduled.status == Article.Status.SCHEDULED


def test_taking_down_a_due_story_before_beat_moves_the_lists_last_modified_forward(
    ed, live, client, django_capture_on_commit_callbacks
):
    from articles.services import article_kill, article_unpublish

    due = _second()
    with _at(due - timedelta(minutes=5)), django_capture_on_commit_callbacks(execute=True):
        killed = article_schedule(article=_story(ed, "Witness"), user=ed, publish_at=due)
        pulled = article_schedule(article=_story(ed, "Rumour"), user=ed, publish_at=due)
    with _at(due + timedelta(seconds=5)):
        seen = client.get("/api/v1/articles/")
    assert killed.slug in seen.text and pulled.slug in seen.text
    with _at(due + timedelta(seconds=30)), django_capture_on_commit_callbacks(execute=True):
        article_kill(article=killed, user=ed, notice="Legal advice.")
        article_unpublish(article=pulled, user=ed, reason="Unconfirmed.")
    with _at(due + timedelta(seconds=40)):
        again = client.get(
            "/api/v1/articles/", headers={"if-modified-since": seen["Last-Modified"]}
        )
        gone = client.get(f"/api/v1/articles/{killed.slug}/")
    assert again.status_code == 200 and killed.slug not in again.text
    assert pulled.slug not in again.text
    assert gone.status_code == 410  # readers saw it: its end is on the record
    assert Article.objects.get(pk=killed.pk).first_published_at == due


def test_a_change_beat_makes_that_readers_see_moves_the_etag_and_version(
    ed, live, client, django_capture_on_commit_callbacks
):
    """Copy that was already an update gets its UPDATED entry when its publication is
    recorded: readers who saw the story before must see that it changed."""
    due = _second()
    with _at(due - timedelta(minutes=5)), django_capture_on_commit_callbacks(execute=True):
        article = article_create(user=ed, headline="Fees rise", body="Text.", source_kind="update")
        article = article_schedule(article=article, user=ed, publish_at=due)
    url = f"/api/v1/articles/{article.slug}/"
    with _at(due + timedelta(seconds=1)):
        before = client.get(url)
    with _at(due + timedelta(seconds=40)), django_capture_on_commit_callbacks(execute=True):
        articles_publish_due()
    with _at(due + timedelta(seconds=41)):
        after = client.get(url)
        kept = client.get(url, headers={"if-none-match": before["ETag"]})
    assert after.json()["is_updated"] and not before.json()["is_updated"]
    assert after["ETag"] != before["ETag"] and kept.status_code == 200
    assert after.json()["version"] > before.json()["version"]


def test_a_correction_made_under_an_embargo_is_on_the_record_from_its_end(
    ed, live, client, django_capture_on_commit_callbacks
):
    until = _second()
    with _at(until - timedelta(minutes=30)), django_capture_on_commit_callbacks(execute=True):
        article = article_publish(article=_story(ed, "Port sold"), user=ed, embargo_until=until)
        article = article_revise(
            article=article,
            user=ed,
            expected_version=article.version,
            kind="correction",
            note="An earlier version gave the wrong price.",
            body="The port was sold for less.",
        )
    with _at(until):
        story = client.get(f"/api/v1/articles/{article.slug}/").json()
    assert story["updates"][0]["time"] == story["first_published_at"]
    assert story["last_updated_at"] == story["first_published_at"]
    lifted_at = until - timedelta(minutes=10)
    with _at(lifted_at):
        with django_capture_on_commit_callbacks(execute=True):
            article_change_embargo(article=Article.objects.get(pk=article.pk), user=ed, until=None)
        story = client.get(f"/api/v1/articles/{article.slug}/").json()
    stamp = lifted_at.isoformat().replace("+00:00", "Z")
    assert story["first_published_at"] == story["last_updated_at"] == stamp
    assert story["updates"][0]["time"] == stamp


def test_the_right_to_change_an_embargo_is_judged_on_the_story_as_it_is_now(ed):
    """A reporter's copy of the story from when it was a draft does not let them lift the
    embargo an editor has published it under since."""
    from django.core.exceptions import PermissionDenied

    from tests.factories import reporter

    stale = _story(ed, "Scoop")
    article_publish(article=stale, user=ed, embargo_until=_second())
    with pytest.raises(PermissionDenied):
        article_change_embargo(article=stale, user=reporter("rep"), until=None)
    assert Article.objects.get(pk=stale.pk).embargo_until is not None


def test_an_edit_made_at_the_version_opened_goes_through_when_the_story_has_just_gone_live(ed):
    """The editor opened the scheduled story; its second passes before beat records it. The
    save is made against the version the editor saw, so it is not a conflict."""
    due = _second()
    with _at(due - timedelta(minutes=5)):
        article = article_schedule(article=_story(ed, "Fees rise"), user=ed, publish_at=due)
    opened = Article.objects.get(pk=article.pk)
    with _at(due + timedelta(seconds=5)):
        saved = article_revise(
            article=opened,
            user=ed,
            expected_version=opened.version,
            kind="minor",
            headline="Harbour fees rise at ten",
        )
    assert saved.status == Article.Status.PUBLISHED
    assert saved.version == opened.version + 2  # its publication, then the edit
