"""Celery tasks of the editorial domain: thin wrappers that take ids and call services."""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import DatabaseError, close_old_connections, connection

from newsroom.jobs import BatchTask, enqueue_now

from .public_cache import apply_pending_renewals
from .services import (
    article_refresh_reading_time,
    articles_publish_due,
    articles_refresh_reading_times,
    articles_with_stale_reading_time,
)

TRANSIENT_ERRORS = (DatabaseError, OSError)
logger = logging.getLogger(__name__)


@shared_task(name="articles.publish_scheduled")
def publish_scheduled() -> int:
    """Run every minute by beat: publish the scheduled stories whose time has come."""
    return len(articles_publish_due())


@shared_task(name="articles.recompute_reading_time", base=BatchTask)
def recompute_reading_time(requests) -> int:
    """Estimate the reading times of the stories named by a batch of messages, one story id
    each (`args: [article_id]`), in a fixed number of queries per batch. Returns how many
    stories were written. A batch that fails is done again story by story, so that one story's
    fault holds no other back: a story failing on the database or network is handed to
    `articles.recompute_one_reading_time`, which retries it with backoff; one failing
    otherwise is logged as an error and left (reconciliation finds it stale)."""
    ids = _story_ids(requests)
    try:
        written = articles_refresh_reading_times(article_ids=ids)
    except SoftTimeLimitExceeded:
        _hand_over(ids)
        return 0
    except Exception:
        logger.warning("A batch of %d reading times failed; one by one", len(ids), exc_info=True)
        written = _one_by_one(ids)
    logger.info("Reading times of a batch of %d stories: %d written", len(ids), written)
    return written


def _story_ids(requests) -> list[int]:
    ids = []
    for request in requests:
        article_id = request.args[0] if len(request.args) == 1 else None
        if isinstance(article_id, int) and not isinstance(article_id, bool):
            ids.append(article_id)
        else:
            logger.error("Reading-time message without one story id: %r", request.args)
    return list(dict.fromkeys(ids))


def _one_by_one(ids: list[int]) -> int:
    written = 0
    for index, article_id in enumerate(ids):
        if not connection.in_atomic_block:  # eager, inside a caller's transaction: keep it
            close_old_connections()  # a connection the failure broke is replaced
        try:
            written += articles_refresh_reading_times(article_ids=[article_id])
        except SoftTimeLimitExceeded:
            _hand_over(ids[index:])
            break
        except TRANSIENT_ERRORS:
            _hand_over([article_id])
        except Exception:
            logger.exception("The reading time of story %s could not be estimated", article_id)
    return written


def _hand_over(ids: list[int]) -> None:
    logger.warning("Reading times of stories %s handed to single jobs", ids, exc_info=True)
    for article_id in ids:
        enqueue_now("articles.recompute_one_reading_time", article_id)


@shared_task(
    name="articles.recompute_one_reading_time",
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=2,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=10,
)
def recompute_one_reading_time(article_id: int) -> bool:
    """One story's reading time, outside the batches: a story a batch could not do is handed
    here, so that its retries (2, 4, 8 … 300 s, ten times) wait in Celery's own schedule, never
    in a batch worker's buffer, where they would hold the messages behind them."""
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
