"""The finer rules of deliveries: who gets an embargoed story and when, a scheduled story
edited before it goes live, a subscriber whose secret cannot sign, and a busy subscriber's
slots."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles.models import Section, StoryEvent
from articles.services import (
    article_change_embargo,
    article_kill,
    article_revise,
    article_schedule,
)
from distribution.deliveries import deliveries_reconcile, delivery_attempt, delivery_record
from distribution.models import Delivery, Subscriber
from distribution.relay import events_relay
from tests.distribution.conftest import later

pytestmark = pytest.mark.django_db


def _sent(name: str) -> list[str]:
    return list(
        Delivery.objects.filter(subscriber__name=name)
        .order_by("id")
        .values_list("event__kind", flat=True)
    )


def test_an_early_subscriber_added_during_the_embargo_gets_the_story_at_its_end(
    story, subscriber, receiver
):
    told = subscriber("Told early", early_embargo_access=True)
    until = later(hours=1)
    story("Budget leak", embargo_until=until)
    events_relay()
    subscriber("Joined later", early_embargo_access=True)
    told.early_embargo_access = False  # its access removed since: it has the story already
    told.save()
    with time_machine.travel(until + timedelta(seconds=1), tick=False):
        events_relay()
    assert _sent("Told early") == ["published"]
    assert _sent("Joined later") == ["published"]


def test_a_moved_embargo_goes_out_with_its_new_time(story, subscriber, receiver, ed):
    subscriber("Early", early_embargo_access=True)
    subscriber("Everyone")
    article = story("Moved embargo", embargo_until=later(hours=1))
    new_end = later(hours=3)
    article_change_embargo(article=article, user=ed, until=new_end)
    event = StoryEvent.objects.get(kind="published")
    assert (event.visible_at, event.embargo_until) == (new_end, new_end)
    events_relay()
    changed = receiver.received[-1].body["data"]["event"]
    assert changed["kind"] == "embargo_changed"
    assert changed["embargoedUntil"] == new_end.isoformat().replace("+00:00", "Z")


def test_a_scheduled_story_edited_before_it_goes_live_goes_out_as_it_is_then(
    story, subscriber, receiver, ed
):
    Section.objects.create(name="Sport", slug="sport")
    Section.objects.create(name="Business", slug="business")
    subscriber("Sport desk", sections=["sport"])
    subscriber("Business desk", sections=["business"])
    article = story("Old headline", publish=False, section=Section.objects.get(slug="sport"))
    at = later(minutes=30)
    article = article_schedule(article=article, user=ed, publish_at=at)
    article_revise(
        article=article,
        user=ed,
        expected_version=article.version,
        headline="New headline",
        section=Section.objects.get(slug="business"),
    )
    with time_machine.travel(at + timedelta(seconds=1), tick=False):
        events_relay()
    assert _sent("Sport desk") == [] and _sent("Business desk") == ["published"]
    assert receiver.received[0].story == "new-headline"


def test_a_secret_that_cannot_sign_fails_the_attempt_and_holds_up_nobody_else(
    story, subscriber, receiver
):
    broken = subscriber("Broken secret")
    Subscriber.objects.filter(pk=broken.pk).update(secret="whsec_!!not base64")
    subscriber("Healthy")
    story("Signed or not")
    events_relay()
    failed = Delivery.objects.get(subscriber=broken)
    assert failed.status == "pending" and failed.leased_until is None
    assert "Error" in failed.last_error
    assert Delivery.objects.get(subscriber__name="Healthy").status == "delivered"


def test_a_busy_subscriber_s_delivery_waits_for_a_free_slot(story, subscriber, receiver, settings):
    settings.DISTRIBUTION_MAX_IN_FLIGHT = 1
    partner = subscriber()
    receiver.mode = "error"
    story("First")
    story("Second")
    events_relay()
    first, second = Delivery.objects.order_by("id")
    Delivery.objects.filter(pk=first.pk).update(leased_until=later(minutes=1))  # in flight
    Delivery.objects.filter(pk=second.pk).update(next_attempt_at=timezone.now())
    assert delivery_attempt(second.pk) == "busy"
    receiver.mode = "ok"
    first.refresh_from_db()
    first.subscriber = partner
    delivery_record(first, 204, "")  # the slot is free: the waiting one goes
    assert Delivery.objects.get(pk=second.pk).status == "delivered"


def test_the_reconciliation_hands_over_no_more_than_each_subscriber_s_free_slots(
    story, subscriber, receiver, settings
):
    settings.DISTRIBUTION_MAX_IN_FLIGHT = 2
    subscriber("Down")
    receiver.stop()
    for n in range(5):
        story(f"Backlog {n}")
    events_relay()
    assert Delivery.objects.filter(status="pending").count() == 5
    receiver.start()
    with time_machine.travel(later(hours=3), tick=False):
        handed = deliveries_reconcile()
    # Eagerly, each attempt that ends hands over the next: all arrive, two slots at a time.
    assert handed == 2
    assert len(receiver.unique()) == 5


def test_a_story_that_leaves_a_subscriber_s_filters_still_tells_it_of_its_kill(
    story, subscriber, receiver, ed
):
    sport = Section.objects.create(name="Sport", slug="sport")
    politics = Section.objects.create(name="Politics", slug="politics")
    subscriber("Sport desk", sections=["sport"])
    article = story("Coach resigns", section=sport)
    events_relay()
    article = article_revise(
        article=article, user=ed, expected_version=article.version, kind="minor", section=politics
    )
    article_kill(article=article, user=ed, notice="Withdrawn: the claim was false.")
    events_relay()
    assert _sent("Sport desk") == ["published", "changed", "killed"]
    assert receiver.received[-1].body["data"]["story"]["url"] is None


def test_a_paused_subscriber_gets_what_it_missed_when_it_is_active_again(
    story, subscriber, receiver
):
    paused = subscriber(active=False)
    story("While it was paused")
    events_relay()
    assert receiver.received == [] and _sent(paused.name) == ["published"]
    paused.active = True
    paused.save()
    with time_machine.travel(later(minutes=5), tick=False):
        deliveries_reconcile()
    assert [r.story for r in receiver.received] == ["while-it-was-paused"]


def test_a_scheduled_story_goes_out_at_the_version_readers_see(
    story, subscriber, receiver, ed, client
):
    subscriber()
    at = later(minutes=10)
    article = article_schedule(article=story("Scheduled", publish=False), user=ed, publish_at=at)
    with time_machine.travel(at + timedelta(seconds=1), tick=False):
        events_relay()
        detail = client.get(f"/api/v1/articles/{article.slug}/").json()
    [got] = receiver.received
    assert got.body["data"]["story"]["version"] == detail["version"] == 1


def test_an_early_delivery_is_stamped_when_the_change_was_made_not_when_it_goes_public(
    story, subscriber, receiver
):
    subscriber("Early", early_embargo_access=True)
    before = timezone.now()
    story("Embargoed", embargo_until=later(hours=1))
    events_relay()
    [got] = receiver.received
    assert got.body["data"]["event"]["position"] is None
    assert before.isoformat()[:16] <= got.body["timestamp"][:16] <= timezone.now().isoformat()
