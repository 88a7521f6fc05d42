"""Celery tasks of distribution: thin wrappers over `relay.py` and `deliveries.py`."""

from celery import shared_task

from .deliveries import deliveries_reconcile, delivery_attempt
from .relay import events_relay


@shared_task(name="distribution.relay")
def relay() -> int:
    """After every commit that writes an event, and every few seconds from beat."""
    return events_relay()


@shared_task(name="distribution.deliver", acks_late=True)
def deliver(delivery_id: int) -> str | None:
    """One attempt at one delivery (queue `deliveries`)."""
    return delivery_attempt(delivery_id)


@shared_task(name="distribution.reconcile")
def reconcile() -> int:
    """Beat: hand over the deliveries that are due and not in a worker's hands."""
    return deliveries_reconcile()
