"""Celery tasks of the editorial domain: thin wrappers that take ids and call services."""

import logging
import random

from celery import shared_task
from django.db import DatabaseError

from newsroom.jobs import BatchTask, enqueue_now

from .public_cache import apply_pending_renewals
from .services import (
    articles_publish_due,
    articles_refresh_reading_times,
    articles_with_stale_reading_time,
)

TRANSIENT_ERRORS = (DatabaseError, OSError)
MAX_ATTEMPTS = 10
logger = logging.getLogger(__name__)


@shared_task(name="articles.publish_scheduled")
def publish_scheduled() -> int:
    """Run every minute by beat: publish the scheduled stories whose time has come."""
    return len(articles_publish_due())


@shared_task(name="articles.recompute_reading_time", base=BatchTask)
def recompute_reading_time(requests) -> int:
    """Estimate the reading times of the stories named by a batch of messages, one story id
    each (`args: [article_id]`), in a fixed number of queries per batch. Returns how many
    stories were written. A batch that fails on the database or network is done again story by
    story, so that one story's fault holds no other back; a story that still fails is sent
    again later (2, 4, 8 … 300 s, up to ten times; reconciliation by beat after that)."""
    attempts = {}
    for request in requests:
        article_id = request.args[0] if len(request.args) == 1 else None
        if isinstance(article_id, int) and not isinstance(article_id, bool):
            attempts[article_id] = request.kwargs.get("attempt", 0)
        else:
            logger.error("Reading-time message without one story id: %r", request.args)
    try:
        written = articles_refresh_reading_times(article_ids=list(attempts))
    except TRANSIENT_ERRORS:
        if len(attempts) == 1:
            _again(*attempts.items())
            return 0
        written = sum(_one_story(article_id, attempt) for article_id, attempt in attempts.items())
    logger.info("Reading times of a batch of %d stories: %d written", len(attempts), written)
    return written


def _one_story(article_id: int, attempt: int) -> int:
    try:
        return articles_refresh_reading_times(article_ids=[article_id])
    except TRANSIENT_ERRORS:
        _again((article_id, attempt))
        return 0


def _again(item: tuple[int, int]) -> None:
    article_id, attempt = item
    if attempt >= MAX_ATTEMPTS:
        logger.exception(
            "Reading time of story %s failed %s times; left to reconciliation",
            article_id,
            attempt + 1,
        )
        return
    logger.warning("Reading time of story %s failed; trying again", article_id, exc_info=True)
    delay = min(2 ** (attempt + 1), 300) * random.uniform(0.5, 1)
    recompute_reading_time.apply_async(
        args=(article_id,), kwargs={"attempt": attempt + 1}, countdown=delay
    )


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
