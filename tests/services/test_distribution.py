"""Distribution through real Celery workers on Redis, against real HTTP receivers on loopback:
receivers that are down for minutes, answer 500, time out or answer slowly; a worker killed
mid-delivery; Redis stopped and started during a burst of publishing. Every event arrives, in
order per story, each webhook-id once after de-duplication.

Beat's two distribution tasks (the relay and the reconciliation) are run by the test's loop
(`_tick`) at a quicker pace than beat's, with shorter retry delays: the same code, faster.
"""

import os
import signal
import threading
import time

import pytest

from articles.models import Article
from articles.services import article_create, article_publish, article_revise
from distribution.deliveries import deliveries_reconcile
from distribution.models import Delivery, Subscriber
from distribution.relay import events_relay
from tests.distribution.conftest import SECRET
from tests.distribution.receiver import Receiver
from tests.factories import editor
from tests.services.conftest import wait_for

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FAST = {
    "DISTRIBUTION_ALLOWED_NETWORKS": "127.0.0.0/8",
    "DISTRIBUTION_BACKOFF_BASE": "0.5",
    "DISTRIBUTION_BACKOFF_MAX": "4",
    "DISTRIBUTION_CONNECT_TIMEOUT": "1",
    "DISTRIBUTION_READ_TIMEOUT": "1",
    "DISTRIBUTION_LEASE_SECONDS": "5",
    "DISTRIBUTION_RECONCILE_GRACE": "1",
    "DISTRIBUTION_MAX_IN_FLIGHT": "2",
}
DOWN_SECONDS = 120


@pytest.fixture
def fast(settings):
    for name, value in FAST.items():
        if name != "DISTRIBUTION_ALLOWED_NETWORKS":
            setattr(settings, name, float(value))
    return FAST


@pytest.fixture
def receivers():
    made: list[Receiver] = []

    def make(name: str, **fields) -> Receiver:
        receiver = Receiver(SECRET).start()
        made.append(receiver)
        Subscriber.objects.create(name=name, endpoint_url=receiver.url, secret=SECRET, **fields)
        return receiver

    yield make
    for receiver in made:
        receiver.stop()


def _tick() -> bool:
    """What beat does for distribution, once."""
    events_relay()
    deliveries_reconcile()
    return True


def _publish(ed, headline: str) -> Article:
    article = article_create(user=ed, headline=headline, body="First paragraph.\n\nSecond.")
    return article_publish(article=article, user=ed)


def _update(ed, article: Article, n: int) -> Article:
    article = Article.objects.get(pk=article.pk)
    return article_revise(
        article=article,
        user=ed,
        expected_version=article.version,
        kind="update",
        note=f"Update {n}.",
        body=f"{article.body}\n\nUpdate {n}.",
    )


def _assert_complete_and_in_order(receiver: Receiver, stories: dict[str, int]) -> None:
    """Each story's events arrived once each after de-duplication, published first, then its
    updates in order."""
    by_story = receiver.by_story()
    assert set(by_story) == set(stories)
    for slug, updates in stories.items():
        got = by_story[slug]
        assert [g.kind for g in got] == ["published"] + ["updated"] * updates, slug
        notes = [g.body["data"]["event"]["note"] for g in got[1:]]
        assert notes == [f"Update {n}." for n in range(1, updates + 1)], slug
    assert receiver.refused == []


def _done(receiver: Receiver, expected: int) -> bool:
    return len(receiver.unique()) >= expected


def _wait_delivered(receiver: Receiver, expected: int, what: str, timeout: float = 120) -> None:
    wait_for(lambda: _tick() and _done(receiver, expected), timeout=timeout, what=what)


def _troubled(receivers) -> tuple[Receiver, ...]:
    """A healthy receiver, one down, one answering 500, one timing out and a slow one."""
    healthy, down, failing, hanging, slow = (
        receivers(name) for name in ("Healthy", "Down for minutes", "500", "Hangs", "Slow")
    )
    down.stop()
    failing.mode = "error"
    hanging.mode, hanging.delay = "hang", 2.5
    slow.mode, slow.delay = "slow", 0.4
    return healthy, down, failing, hanging, slow


def _four_stories_updated_three_times() -> dict[str, int]:
    ed = editor("ed")
    articles = [_publish(ed, f"Harbour story number {n}") for n in range(4)]
    for n in range(1, 4):
        for article in articles:
            _update(ed, article, n)
    return {a.slug: 3 for a in articles}


def test_troubled_receivers_get_every_event_in_order_and_others_are_not_held_back(
    postgres_url, broker_url, use_broker, start_worker, receivers, fast
):
    start_worker(
        broker=broker_url,
        queues="default,deliveries",
        extra_env=fast,
        pool="threads",
        concurrency=8,
    )
    use_broker(broker_url)
    healthy, down, failing, hanging, slow = _troubled(receivers)
    started = time.monotonic()
    stories = _four_stories_updated_three_times()
    expected = sum(1 + u for u in stories.values())
    _wait_delivered(healthy, expected, "the healthy one", timeout=60)
    # Everything reached the healthy receiver while the others still failed: they did not
    # hold it back.
    assert not _done(failing, 1) and not _done(hanging, expected)
    time.sleep(max(0.0, 30 - (time.monotonic() - started)))
    failing.mode = hanging.mode = "ok"
    for receiver, what in ((failing, "the 500 one"), (hanging, "timing out"), (slow, "slow")):
        _wait_delivered(receiver, expected, what)
    assert not _done(down, 1)
    wait_for(
        lambda: _tick() and time.monotonic() - started > DOWN_SECONDS,
        timeout=DOWN_SECONDS + 10,
        what="minutes of a receiver down",
    )
    down.start()
    _wait_delivered(down, expected, "the one that was down")
    for receiver in (healthy, down, failing, hanging, slow):
        _assert_complete_and_in_order(receiver, stories)
    assert Delivery.objects.exclude(status="delivered").count() == 0
    assert len(hanging.received) > len(hanging.unique())  # it saw retries, and dropped them
    attempts = Delivery.objects.filter(subscriber__name="Down for minutes").values_list(
        "attempts", flat=True
    )
    assert max(attempts) >= 5


def test_a_worker_killed_mid_delivery_loses_nothing(
    postgres_url, broker_url, use_broker, start_worker, receivers, fast
):
    first = start_worker(
        broker=broker_url,
        queues="default,deliveries",
        extra_env={**fast, "DISTRIBUTION_READ_TIMEOUT": "6"},
    )
    use_broker(broker_url)
    partner = receivers("Partner")
    partner.mode, partner.delay = "hang", 4
    article = _publish(editor("ed"), "Killed worker story")
    wait_for(lambda: partner.attempts >= 1, timeout=60, what="a delivery in flight")
    os.kill(first.pid, signal.SIGKILL)
    first.process.wait(timeout=10)
    partner.mode = "ok"
    assert Delivery.objects.get().status == "pending"
    start_worker(broker=broker_url, queues="default,deliveries", extra_env=fast)
    wait_for(
        lambda: _tick() and Delivery.objects.get().status == "delivered",
        timeout=90,
        what="the delivery after the worker died",
    )
    _assert_complete_and_in_order(partner, {article.slug: 0})
    delivery = Delivery.objects.get()
    assert delivery.attempts == 2
    assert {r.webhook_id for r in partner.received} == {delivery.webhook_id}


def test_redis_stopped_and_started_during_a_burst_loses_nothing(
    postgres_url, own_redis, use_broker, start_worker, receivers, fast, caplog
):
    own_redis.start()
    start_worker(broker=own_redis.url, queues="default,deliveries", extra_env=fast)
    use_broker(own_redis.url)
    partner = receivers("Partner")
    ed = editor("ed")
    articles = []
    for n in range(30):
        if n == 10:
            own_redis.stop()  # tasks queued and not yet taken are lost with it
        if n == 20:
            own_redis.start()
        articles.append(_publish(ed, f"Burst story {n}"))
        if n % 3 == 0:
            _update(ed, articles[-1], 1)
    stories = {a.slug: (1 if n % 3 == 0 else 0) for n, a in enumerate(articles)}
    expected = sum(1 + u for u in stories.values())
    wait_for(lambda: _tick() and _done(partner, expected), timeout=180, what="every event")
    _assert_complete_and_in_order(partner, stories)
    assert "Could not enqueue distribution.relay" in caplog.text  # the outage was real


def test_the_relay_skips_the_events_a_workflow_step_holds(postgres_url):
    """A step that may withdraw or move a story's pending events holds them; the relay leaves
    them until it commits, and never waits for it."""
    from django.db import connection, transaction
    from django.utils import timezone

    from articles.models import StoryEvent
    from articles.services.events import lock_pending

    article = _publish(editor("ed"), "Held by a step")
    StoryEvent.objects.create(
        article=article,
        story_ref=article.pk,
        slug=article.slug,
        kind="changed",
        version=article.public_version,
        visible_at=timezone.now(),
    )
    held, release = threading.Event(), threading.Event()

    def step():
        try:
            with transaction.atomic():
                lock_pending(article)
                held.set()
                release.wait(20)
        finally:
            connection.close()

    thread = threading.Thread(target=step)
    thread.start()
    assert held.wait(20)
    try:
        assert events_relay() == 0
    finally:
        release.set()
        thread.join(20)
    assert events_relay() == 1


def test_a_worker_whose_database_connections_were_cut_delivers_the_next_events(
    postgres_url, broker_url, use_broker, start_worker, receivers, fast
):
    """Workers keep their connections between tasks (CONN_MAX_AGE); one the server has cut
    is replaced before the next task uses it."""
    from django.db import connection

    start_worker(broker=broker_url, queues="default,deliveries", extra_env=fast)
    use_broker(broker_url)
    partner = receivers("Partner")
    ed = editor("ed")
    first = _publish(ed, "Before the cut")
    wait_for(lambda: _done(partner, 1), timeout=60, what="the first delivery")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        assert cursor.fetchone()[0] >= 1  # the worker's connection was open between tasks
    second = _publish(ed, "After the cut")
    wait_for(lambda: _done(partner, 2), timeout=60, what="the delivery after the cut")
    _assert_complete_and_in_order(partner, {first.slug: 0, second.slug: 0})
