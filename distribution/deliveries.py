"""Deliveries: claimed, sent, retried with exponential backoff and jitter, and dead-lettered.

- A delivery is sent by the `distribution.deliver` task. It first claims the row: a lease
  (`leased_until`) that another worker respects, and only when no earlier delivery of the same
  story to the same subscriber is still pending, so a subscriber gets one story's events in
  order. A subscriber has at most `DISTRIBUTION_MAX_IN_FLIGHT` deliveries in flight, so a slow
  one holds a few workers at most; the others' deliveries go on.
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

import urllib3
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
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
BUSY_RETRY_SECONDS = 1


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
        delivery.leased_until = now + timedelta(seconds=settings.DISTRIBUTION_LEASE_SECONDS)
        delivery.save()
    delivery.subscriber = subscriber
    return delivery


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
    except urllib3.exceptions.HTTPError as error:
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
    """Record an attempt's outcome; returns the delivery's status."""
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
    if following is not None:
        enqueue_now(DELIVER_TASK, following)
    elif delay is not None and delay <= COUNTDOWN_LIMIT:
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
    """The `distribution.deliver` task: one attempt at a delivery, if it is due."""
    claimed = delivery_claim(delivery_id, now=timezone.now())
    if claimed == "busy":
        _enqueue_later(delivery_id, BUSY_RETRY_SECONDS)
        return "busy"
    if claimed is None:
        return None
    code, error = _send(claimed)
    return delivery_record(claimed, code, error)


def deliveries_reconcile(*, now: datetime | None = None, limit: int = 2000) -> int:
    """Hand the workers the pending deliveries that are due and not leased, first of their
    story's chain (beat, every 30 seconds). A paused (inactive) subscriber's deliveries wait
    until it is active again. Returns how many were handed over."""
    now = now or timezone.now()
    grace = now - timedelta(seconds=settings.DISTRIBUTION_RECONCILE_GRACE)
    earlier = Delivery.objects.filter(
        subscriber_id=OuterRef("subscriber_id"),
        story_ref=OuterRef("story_ref"),
        event_id__lt=OuterRef("event_id"),
        status=Status.PENDING,
    )
    due = list(
        Delivery.objects.filter(
            status=Status.PENDING, next_attempt_at__lte=grace, subscriber__active=True
        )
        .exclude(leased_until__gt=now)
        .filter(~Exists(earlier))
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    for delivery_id in due:
        if not enqueue_now(DELIVER_TASK, delivery_id):
            return 0
    return len(due)
