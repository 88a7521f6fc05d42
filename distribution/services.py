"""What editors do with deliveries in the admin: redeliver some, or replay a subscriber from a
point in the public log."""

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from articles.models import StoryEvent
from newsroom.jobs import enqueue_on_commit

from .models import Delivery, Subscriber
from .relay import DELIVER_TASK, fan_out, with_filters


@transaction.atomic
def deliveries_redeliver(*, deliveries: QuerySet) -> int:
    """Send these deliveries again, as retries: the same `webhook-id`, a new day of attempts.
    A delivery waits for its story's earlier pending ones. Returns how many."""
    ids = list(deliveries.values_list("pk", flat=True))
    Delivery.objects.filter(pk__in=ids).update(
        status=Delivery.Status.PENDING,
        next_attempt_at=timezone.now(),
        retry_since=None,
    )  # a delivery in a worker's hands keeps its lease: never sent twice at once
    for delivery_id in ids:
        enqueue_on_commit(DELIVER_TASK, delivery_id)
    return len(ids)


@transaction.atomic
def subscriber_replay(*, subscriber: Subscriber, from_position: int, limit: int = 10_000) -> int:
    """New deliveries (new `webhook-id`s) of the public log's events from `from_position` on
    that pass the subscriber's filters, in the log's order, at most `limit`. Returns how many
    were made. Raises `ValueError` for a negative position."""
    if from_position < 0:
        raise ValueError("A position in the log is 0 or more.")
    subscribers = with_filters(Subscriber.objects.filter(pk=subscriber.pk))
    events = StoryEvent.objects.filter(position__gte=from_position).order_by("position")
    deliveries = fan_out(events[:limit], subscribers)
    Delivery.objects.bulk_create(deliveries, batch_size=500)
    heads = {}
    for delivery in deliveries:
        heads.setdefault(delivery.story_ref, delivery.pk)
    for delivery_id in heads.values():
        enqueue_on_commit(DELIVER_TASK, delivery_id)
    return len(deliveries)
