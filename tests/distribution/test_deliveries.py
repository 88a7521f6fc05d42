"""Deliveries to a real receiver on loopback: signed as Standard Webhooks says, in the
subscriber's format, filtered, early for subscribers allowed embargoed stories, retried with
the same webhook-id, in order per story, and dead-lettered after the retry window."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles.models import Section, Tag
from articles.services import article_change_embargo, article_kill, article_revise
from distribution.deliveries import backoff, deliveries_reconcile, delivery_attempt
from distribution.models import Delivery
from distribution.relay import events_relay
from tests.distribution.conftest import later
from tests.support import ninjs_errors

pytestmark = pytest.mark.django_db


def _update(article, user, text="The operator replied on Tuesday."):
    return article_revise(
        article=article,
        user=user,
        expected_version=article.version,
        kind="update",
        note="Adds the operator's reply.",
        body=f"{article.body}\n\n{text}",
    )


@pytest.mark.parametrize(
    ("format", "version"), [("ninjs3", "3.1"), ("ninjs2", "2.2"), ("json", None)]
)
def test_a_delivery_is_signed_and_carries_the_story_in_the_format(
    story, subscriber, receiver, format, version
):
    subscriber(format=format)
    article = story("Harbour reopens after the storm")
    events_relay()
    [got] = receiver.received
    assert receiver.refused == []  # the signature checked out with the shared secret
    assert got.webhook_id.startswith("msg_")
    assert got.body["type"] == "story.published"
    item = got.body["data"]["item"]
    if version:
        assert ninjs_errors(version, item) == []
        headline = item["headlines"][0]["value"]
        assert headline == article.headline
    else:
        assert item["headline"] == article.headline
        assert item["body"][0] == "The harbour reopened on Monday."
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 1, 204)


def test_filters_choose_what_each_subscriber_gets(story, subscriber, receiver):
    Section.objects.create(name="Sport", slug="sport")
    Section.objects.create(name="Business", slug="business")
    Tag.objects.create(name="Ferries", slug="ferries")
    subscriber("Sport desk", sections=["sport"])
    subscriber("Ferries", tags=["ferries"])
    subscriber("Agency feed", agencies="Northwind press, AFP")
    subscriber("German", languages="de")
    story("Cup final", section=Section.objects.get(slug="sport"), agency="AFP")
    story("Ferry strike", tags=Tag.objects.filter(slug="ferries"), agency="Local desk")
    story("Hafen öffnet", language="de-AT", agency="Local desk")
    events_relay()
    got = {(d.subscriber.name, d.event.slug) for d in Delivery.objects.select_related("event")}
    assert got == {
        ("Sport desk", "cup-final"),
        ("Agency feed", "cup-final"),
        ("Ferries", "ferry-strike"),
        ("German", "hafen-offnet"),
    }


def test_early_subscribers_get_embargoed_stories_at_once_others_at_the_end(
    story, subscriber, receiver, ed
):
    early = subscriber("Early", early_embargo_access=True)
    subscriber("Everyone")
    until = later(hours=1)
    article = story("Budget leak", embargo_until=until)
    events_relay()
    [got] = receiver.received
    assert Delivery.objects.get().subscriber == early
    assert got.body["data"]["event"]["embargoedUntil"] is not None
    assert got.body["data"]["item"]["embargoedUntil"] == got.body["data"]["event"]["embargoedUntil"]
    article_change_embargo(article=article, user=ed, until=later(hours=2))
    events_relay()
    assert [r.kind for r in receiver.received] == ["published", "embargo_changed"]
    with time_machine.travel(later(hours=2, seconds=5), tick=False):
        events_relay()
    by_subscriber = [(d.subscriber.name, d.event.kind) for d in Delivery.objects.order_by("id")]
    assert by_subscriber == [
        ("Early", "published"),
        ("Early", "embargo_changed"),
        ("Everyone", "published"),  # and the early one is not sent it twice
    ]


def test_nobody_else_hears_of_a_story_killed_under_embargo(story, subscriber, receiver, ed):
    subscriber("Early", early_embargo_access=True)
    subscriber("Everyone")
    article = story("Embargoed then killed", embargo_until=later(hours=1))
    article_kill(article=article, user=ed, notice="Withdrawn before release.")
    events_relay()
    with time_machine.travel(later(hours=2), tick=False):
        events_relay()
    got = [(d.subscriber.name, d.event.kind) for d in Delivery.objects.order_by("id")]
    assert got == [("Early", "published"), ("Early", "killed")]
    killed = receiver.received[-1].body["data"]["item"]
    assert killed["pubStatus"] == "canceled"
    assert "Embargoed then killed" not in str(killed)


def test_a_retry_after_a_kill_never_sends_the_killed_text(story, subscriber, receiver, ed):
    subscriber()
    receiver.mode = "error"
    article = story("Named the witness")
    events_relay()
    article_kill(article=article, user=ed, notice="Withdrawn on legal advice.")
    events_relay()  # the kill waits behind the publication that has not arrived
    receiver.mode = "ok"
    with time_machine.travel(later(hours=2), tick=False):
        deliveries_reconcile()
    assert [r.kind for r in receiver.received] == ["published", "killed"]
    for got in receiver.received:
        assert "Named the witness" not in str(got.body["data"]["item"])
        assert got.body["data"]["item"]["pubStatus"] == "canceled"


def test_a_failed_delivery_is_retried_with_the_same_webhook_id(story, subscriber, receiver):
    subscriber()
    receiver.mode = "error"
    story("Ferry fares rise")
    events_relay()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("pending", 1, 500)
    assert delivery.next_attempt_at > timezone.now()
    assert delivery_attempt(delivery.pk) is None  # not due yet: nothing sent
    receiver.mode = "ok"
    with time_machine.travel(delivery.next_attempt_at + timedelta(seconds=1), tick=False):
        assert delivery_attempt(delivery.pk) == "delivered"
    assert receiver.attempts == 2
    assert [r.webhook_id for r in receiver.received] == [delivery.webhook_id]


def test_a_story_s_events_wait_for_the_earlier_ones(story, subscriber, receiver, ed):
    subscriber()
    receiver.mode = "error"
    article = story("Ferry fares rise")
    events_relay()
    receiver.mode = "ok"
    _update(article, ed)
    other = story("Another story")
    events_relay()
    # The update waits behind the failed publication; another story's event goes.
    assert [r.story for r in receiver.received] == [other.slug]
    first = Delivery.objects.get(event__kind="published", event__slug=article.slug)
    with time_machine.travel(first.next_attempt_at + timedelta(seconds=1), tick=False):
        delivery_attempt(first.pk)
    assert [(r.story, r.kind) for r in receiver.received] == [
        (other.slug, "published"),
        (article.slug, "published"),
        (article.slug, "updated"),
    ]


def test_after_the_retry_window_a_delivery_is_a_dead_letter(story, subscriber, receiver, settings):
    subscriber()
    receiver.mode = "error"
    story("Nobody listens")
    events_relay()
    delivery = Delivery.objects.get()
    with time_machine.travel(later(seconds=settings.DISTRIBUTION_RETRY_FOR + 5), tick=False):
        delivery_attempt(delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("failed", 2)


def test_the_default_backoff_keeps_trying_for_at_least_a_day(settings):
    assert settings.DISTRIBUTION_RETRY_FOR >= 24 * 3600
    delays = [backoff(n) for n in range(1, 40)]
    assert all(a <= settings.DISTRIBUTION_BACKOFF_MAX for a in delays)
    assert min(backoff(1) for _ in range(200)) >= settings.DISTRIBUTION_BACKOFF_BASE / 2
    assert len({round(backoff(5), 6) for _ in range(20)}) > 1  # jitter


def test_a_receiver_that_is_down_gets_everything_when_it_is_back(story, subscriber, receiver, ed):
    subscriber()
    receiver.stop()
    article = story("Down receiver")
    _update(article, ed)
    events_relay()
    assert Delivery.objects.filter(status="pending").count() == 2
    assert "ConnectionError" in Delivery.objects.order_by("id")[0].last_error or (
        "Refused" in Delivery.objects.order_by("id")[0].last_error
    )
    receiver.start()
    for _ in range(3):
        with time_machine.travel(later(hours=2), tick=False):
            deliveries_reconcile()
    assert [r.kind for r in receiver.unique()] == ["published", "updated"]
