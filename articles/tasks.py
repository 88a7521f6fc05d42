"""Celery tasks of the editorial domain: thin wrappers that take ids and call services."""

from celery import shared_task
from django.db import DatabaseError

from newsroom.jobs import enqueue_now

from .public_cache import apply_pending_renewals
from .services import (
    article_refresh_reading_time,
    articles_publish_due,
    articles_with_stale_reading_time,
)

TRANSIENT_ERRORS = (DatabaseError, OSError)


@shared_task(name="articles.publish_scheduled")
def publish_scheduled() -> int:
    """Run every minute by beat: publish the scheduled stories whose time has come."""
    return len(articles_publish_due())


@shared_task(
    name="articles.recompute_reading_time",
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=2,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=10,
)
def recompute_reading_time(article_id: int) -> bool:
    return article_refresh_reading_time(article_id=article_id)


@shared_task(name="articles.reconcile_reading_times")
def reconcile_reading_times() -> int:
    """Run by beat: enqueue the stories whose estimate is missing or stale (lost jobs)."""
    stale = articles_with_stale_reading_time()
    for article_id in stale:
        enqueue_now("articles.recompute_reading_time", article_id)
    return len(stale)


@shared_task(name="articles.renew_public_cache")
def renew_public_cache() -> bool:
    """Run by beat: apply public cache renewals that failed while the cache was unreachable."""
    return apply_pending_renewals()
