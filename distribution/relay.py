"""The relay: puts the outbox's visible events into the public log, in commit order, and fans
them out to the subscribers as deliveries.

One relay runs at a time (it locks the log's head row): it hands out positions to the events
that have committed and whose `visible_at` has passed, ordered by that second and their id,
so positions only ever grow in the order clients can see them. It runs as a task after every
commit that writes an event, and every few seconds from beat, which also releases embargoed
and scheduled stories' events at their second and catches up after a lost task.

Subscribers allowed embargoed stories early get `early` events when they are written, and
not again when those events reach the public log; everyone else (a subscriber added or given
early access since, too) when they do.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from articles.models import StoryEvent
from newsroom.jobs import enqueue_now

from .models import Delivery, EventLogHead, Subscriber

DELIVER_TASK = "distribution.deliver"
BATCH = 500


def with_filters(subscribers) -> list[tuple[Subscriber, set[str], set[str]]]:
    """Each subscriber with its section and tag slugs, read once for many events."""
    subscribers = subscribers.prefetch_related("sections", "tags")
    return [
        (s, {x.slug for x in s.sections.all()}, {x.slug for x in s.tags.all()}) for s in subscribers
    ]


def fan_out(events, subscribers, *, sent=frozenset()) -> list[Delivery]:
    """Unsaved deliveries of `events` to the subscribers whose filters they pass or that were
    sent the story before (a story that leaves a subscriber's filters, by a new section say,
    still tells it of its changes and its kill), but not those in `sent` ((subscriber id,
    event id) pairs: sent early)."""
    had = set(
        Delivery.objects.filter(story_ref__in={event.story_ref for event in events})
        .values_list("subscriber_id", "story_ref")
        .distinct()
    )
    return [
        Delivery(subscriber=subscriber, event=event, story_ref=event.story_ref)
        for event in events
        for subscriber, sections, tags in subscribers
        if (subscriber.pk, event.pk) not in sent
        and (
            (subscriber.pk, event.story_ref) in had
            or subscriber.wants(event.facets, sections=sections, tags=tags)
        )
    ]


def _sent_early(events) -> set[tuple[int, int]]:
    early = [event.pk for event in events if event.early]
    return set(Delivery.objects.filter(event_id__in=early).values_list("subscriber_id", "event_id"))


def _relay_batch(now) -> tuple[int, list[int]]:
    with transaction.atomic():
        head, _ = EventLogHead.objects.select_for_update().get_or_create(pk=1)
        # Rows a workflow step holds are skipped: it may withdraw or move them.
        ready = list(
            StoryEvent.objects.select_for_update(skip_locked=True)
            .filter(position__isnull=True, public=True, visible_at__lte=now)
            .order_by("visible_at", "id")[:BATCH]
        )
        early = list(
            StoryEvent.objects.select_for_update(skip_locked=True)
            .filter(early=True, early_sent=False)
            .order_by("id")[:BATCH]
        )
        for event in ready:
            head.position += 1
            event.position = head.position
        StoryEvent.objects.bulk_update(ready, ["position"], batch_size=BATCH)
        StoryEvent.objects.filter(pk__in=[e.pk for e in early]).update(early_sent=True)
        head.save(update_fields=["position"])
        subscribers = with_filters(Subscriber.objects.all())  # paused ones too: theirs wait
        deliveries = fan_out(early, [s for s in subscribers if s[0].early_embargo_access])
        sent = _sent_early(ready) | {(d.subscriber.pk, d.event.pk) for d in deliveries}
        deliveries += fan_out(ready, subscribers, sent=sent)
        deliveries.sort(key=lambda d: d.event.pk)
        Delivery.objects.bulk_create(deliveries, batch_size=BATCH)
    return len(ready) + len(early), _first_per_subscriber(deliveries)


def _first_per_subscriber(deliveries: list[Delivery]) -> list[int]:
    """The deliveries to hand the workers now: for each active subscriber, as many as it may
    have in flight. Each attempt that ends hands over its subscriber's next."""
    taken: dict[int, int] = {}
    first = []
    for delivery in deliveries:
        subscriber = delivery.subscriber
        if subscriber.active and taken.get(subscriber.pk, 0) < settings.DISTRIBUTION_MAX_IN_FLIGHT:
            taken[subscriber.pk] = taken.get(subscriber.pk, 0) + 1
            first.append(delivery.pk)
    return first


def events_relay(*, now=None) -> int:
    """Relay what is ready now; returns how many events were relayed. Deliveries are handed to
    the workers after their commit; those the broker does not take are found again by
    `deliveries_reconcile`."""
    now = now or timezone.now()
    relayed = 0
    while True:
        count, delivery_ids = _relay_batch(now)
        relayed += count
        for delivery_id in delivery_ids:
            if not enqueue_now(DELIVER_TASK, delivery_id):
                break  # the broker is away: the reconciliation hands them over later
        if count < BATCH:
            return relayed
