"""Deliveries: claimed, sent, retried with exponential backoff and jitter, and dead-lettered.

- A delivery is sent by the `distribution.deliver` task. It first claims the row: a lease
  (`leased_until`, longer than any attempt can take) that another worker respects, and only
  when no earlier delivery of the same story to the same subscriber is still pending, so a
  subscriber gets one story's events in order. A subscriber has at most
  `DISTRIBUTION_MAX_IN_FLIGHT` deliveries in flight, so a slow one holds a few workers at most
  and the others' deliveries go on; each attempt that ends hands over its subscriber's next.
- A 2xx answer delivers it. Anything else (an error code, a timeout, a refused connection, a
  redirect) schedules the next attempt after `BASE·2ⁿ` seconds, capped at `MAX`, with full
  jitter (a random delay between half and all of it), until `DISTRIBUTION_RETRY_FOR` (a day
  by default) has passed since its first attempt: then it is a dead letter (`failed`), and the
  story's next delivery to that subscriber goes.
- The database is the record, not the broker: `deliveries_reconcile` (beat, every 30 seconds)
  hands the workers every pending delivery whose time has passed and whose lease has run out,
  so a killed worker, a lost task or a broker that was down loses nothing. A retry sends the
  same `webhook-id`, so a receiver drops what it already has.
"""

import logging
import random
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from standardwebhooks import Webhook

from newsroom.jobs import enqueue_now

from . import endpoints
from .models import Delivery, Subscriber
from .payloads import delivery_body
from .relay import DELIVER_TASK

logger = logging.getLogger(__name__)
Status = Delivery.Status
# Retries due this soon are handed to the broker with a countdown; later ones to the beat.
COUNTDOWN_LIMIT = 60


def backoff(attempts: int) -> float:
    """Seconds before the next attempt after `attempts` failed ones, with full jitter."""
    delay = min(
        settings.DISTRIBUTION_BACKOFF_MAX,
        settings.DISTRIBUTION_BACKOFF_BASE * 2 ** max(attempts - 1, 0),
    )
    return random.uniform(delay / 2, delay)


def _earlier_pending(delivery: Delivery):
    return Delivery.objects.filter(
        subscriber_id=delivery.subscriber_id,
        story_ref=delivery.story_ref,
        event_id__lt=delivery.event_id,
        status=Status.PENDING,
    )


def delivery_claim(delivery_id: int, *, now: datetime) -> Delivery | str | None:
    """Lease a delivery that is due, for one attempt. Returns it, "busy" if its subscriber
    has too many deliveries in flight, or None if there is nothing to send now."""
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("event")
            .filter(pk=delivery_id, status=Status.PENDING)
            .first()
        )
        if delivery is None or delivery.next_attempt_at > now + timedelta(seconds=1):
            return None
        if delivery.leased_until and delivery.leased_until > now:
            return None
        subscriber = Subscriber.objects.select_for_update().get(pk=delivery.subscriber_id)
        if not subscriber.active or _earlier_pending(delivery).exists():
            return None
        in_flight = Delivery.objects.filter(
            subscriber_id=subscriber.pk, status=Status.PENDING, leased_until__gt=now
        ).count()
        if in_flight >= settings.DISTRIBUTION_MAX_IN_FLIGHT:
            return "busy"
        delivery.attempts += 1
        delivery.retry_since = delivery.retry_since or now
        delivery.last_attempt_at = now
        delivery.leased_until = now + timedelta(seconds=lease_seconds())
        delivery.save()
    delivery.subscriber = subscriber
    return delivery


def lease_seconds() -> float:
    """How long an attempt holds its delivery: longer than any attempt can take."""
    return max(settings.DISTRIBUTION_LEASE_SECONDS, endpoints.attempt_seconds() + 10)


def signed_headers(secret: str, webhook_id: str, body: bytes, *, at: datetime) -> dict:
    """The Standard Webhooks headers of a body: webhook-id, -timestamp and -signature."""
    return {
        "webhook-id": webhook_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": Webhook(secret).sign(webhook_id, at, body.decode()),
    }


def _send(delivery: Delivery) -> tuple[int | None, str]:
    """One attempt: (status code or None, what went wrong or "")."""
    try:
        body = delivery_body(delivery)
        headers = signed_headers(
            delivery.subscriber.secret, delivery.webhook_id, body, at=timezone.now()
        )
        code = endpoints.post(delivery.subscriber.endpoint_url, body, headers)
    except endpoints.EndpointRefused as refused:
        return None, " ".join(refused.messages)
    except endpoints.SendFailed as failed:
        return None, str(failed)
    except Exception as error:  # a failed attempt all the same: recorded, retried, never stuck
        logger.exception("Delivery %s could not be sent", delivery.webhook_id)
        return None, f"{type(error).__name__}: {error}"
    return code, "" if 200 <= code < 300 else f"HTTP {code}"


def _next_in_chain(delivery: Delivery) -> int | None:
    return (
        Delivery.objects.filter(
            subscriber_id=delivery.subscriber_id,
            story_ref=delivery.story_ref,
            event_id__gt=delivery.event_id,
            status=Status.PENDING,
        )
        .order_by("event_id", "id")
        .values_list("pk", flat=True)
        .first()
    )


def delivery_record(delivery: Delivery, code: int | None, error: str) -> str:
    """Record an attempt's outcome; returns the delivery's status. Then the story's next
    delivery to the subscriber goes (if this one is done), and so does the subscriber's next
    waiting one: the slot this attempt held is free."""
    now = timezone.now()
    fields = {"leased_until": None, "last_status_code": code, "last_error": error[:500]}
    delay = None
    if not error:
        fields.update(status=Status.DELIVERED, delivered_at=now)
    elif now - delivery.retry_since >= timedelta(seconds=settings.DISTRIBUTION_RETRY_FOR):
        fields.update(status=Status.FAILED)
        logger.warning("Delivery %s dead-lettered: %s", delivery.webhook_id, error)
    else:
        delay = backoff(delivery.attempts)
        fields.update(next_attempt_at=now + timedelta(seconds=delay))
    with transaction.atomic():
        Delivery.objects.filter(pk=delivery.pk).update(**fields)
        following = None if delay is not None else _next_in_chain(delivery)
    waiting = due_heads(now).filter(subscriber_id=delivery.subscriber_id).exclude(pk=following)
    for delivery_id in {following, *waiting.values_list("pk", flat=True)[:1]} - {None}:
        enqueue_now(DELIVER_TASK, delivery_id)
    if delay is not None and delay <= COUNTDOWN_LIMIT:
        _enqueue_later(delivery.pk, delay)
    return fields.get("status", Status.PENDING)


def _enqueue_later(delivery_id: int, seconds: float) -> None:
    from newsroom.celery import app

    if app.conf.task_always_eager:
        return  # no worker to wait: the next reconciliation hands it over
    try:
        app.tasks[DELIVER_TASK].apply_async(args=(delivery_id,), countdown=seconds)
    except Exception:
        logger.exception("Could not enqueue delivery %s; reconciliation will", delivery_id)


def delivery_attempt(delivery_id: int) -> str | None:
    """The `distribution.deliver` task: one attempt at a delivery, if it is due. A delivery
    whose subscriber is busy is not queued again: the next attempt to finish frees a slot and
    hands it over (or the reconciliation does)."""
    claimed = delivery_claim(delivery_id, now=timezone.now())
    if claimed is None or claimed == "busy":
        return claimed
    code, error = _send(claimed)
    return delivery_record(claimed, code, error)


def due_heads(now: datetime):
    """Pending deliveries that are due, in nobody's hands, and first of their story's chain,
    oldest first."""
    earlier = Delivery.objects.filter(
        subscriber_id=OuterRef("subscriber_id"),
        story_ref=OuterRef("story_ref"),
        event_id__lt=OuterRef("event_id"),
        status=Status.PENDING,
    )
    return (
        Delivery.objects.filter(status=Status.PENDING, next_attempt_at__lte=now)
        .exclude(leased_until__gt=now)
        .filter(~Exists(earlier))
        .order_by("next_attempt_at", "id")
    )


def deliveries_reconcile(*, now: datetime | None = None) -> int:
    """Hand the workers, for each active subscriber, as many due deliveries as it has free
    slots (`DISTRIBUTION_MAX_IN_FLIGHT` less those in flight), first of their story's chain and
    at least `DISTRIBUTION_RECONCILE_GRACE` seconds overdue (beat, every 30 seconds): a large
    backlog at one subscriber never crowds out another's. A paused subscriber's deliveries wait
    until it is active again. Returns how many were handed over."""
    now = now or timezone.now()
    grace = now - timedelta(seconds=settings.DISTRIBUTION_RECONCILE_GRACE)
    in_flight = Count(
        "deliveries", filter=Q(deliveries__status=Status.PENDING, deliveries__leased_until__gt=now)
    )
    handed = 0
    for subscriber in Subscriber.objects.filter(active=True).annotate(in_flight=in_flight):
        free = settings.DISTRIBUTION_MAX_IN_FLIGHT - subscriber.in_flight
        if free <= 0:
            continue
        due = due_heads(now).filter(subscriber=subscriber, next_attempt_at__lte=grace)
        for delivery_id in due.values_list("pk", flat=True)[:free]:
            if not enqueue_now(DELIVER_TASK, delivery_id):
                return handed
            handed += 1
    return handed
