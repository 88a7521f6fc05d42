"""Enqueue background work after the current transaction commits, without ever failing the save.

If the broker is unreachable the job is logged and left for the periodic reconciliation tasks,
which find stale reading times and incomplete renditions from the database itself.
"""

import logging

from billiard.exceptions import WorkerLostError
from celery_batches import Batches, SimpleRequest
from celery_batches.trace import apply_batches_task
from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue_on_commit(task_name: str, *args) -> None:
    transaction.on_commit(lambda: enqueue_now(task_name, *args))


def enqueue_now(task_name: str, *args, countdown: float | None = None) -> bool:
    """Send now, to run at once or `countdown` seconds later (eager tasks run at once); the queue
    comes from CELERY_TASK_ROUTES."""
    from newsroom.celery import app

    try:
        app.tasks[task_name].apply_async(args=args, countdown=countdown)
    except Exception:
        # An unreachable broker must not fail an editor's save; reconciliation catches up.
        logger.exception("Could not enqueue %s%r; reconciliation will retry it", task_name, args)
        return False
    return True


class BatchTask(Batches):
    """A task that a worker runs on the messages it holds, many at once (celery-batches): each
    message still names one item and is acknowledged only once its batch has been done, so a
    worker that dies loses none. `run(requests)` receives the batch; each request's `args` are
    what was sent. Eager (embedded default, tests), every message is a batch of one.

    Celery-batches flushes a batch at `flush_every` messages or `flush_interval` seconds. A
    worker holds at most its prefetch count of unacknowledged messages (prefetch multiplier ×
    processes), so a fixed `flush_every` above it would wait out the interval every time: here
    it is half the worker's prefetch count, at most `largest_batch`, so that a batch fills while
    the one before is being done. A batch whose worker process is lost goes back to the queue.

    celery-batches acknowledges a batch whose `run` raised, and holds a message sent with a
    countdown in its buffer, unacknowledged, taking one of the worker's prefetch places until
    it is due: so `run` handles its own failures, and hands retries to an ordinary task."""

    largest_batch = 100
    flush_interval = 0.25

    def Strategy(self, task, app, consumer):
        prefetch = consumer.initial_prefetch_count or 2 * self.largest_batch  # 0: no limit
        self.flush_every = max(1, min(self.largest_batch, prefetch // 2))
        return super().Strategy(task, app, consumer)

    def flush(self, requests):
        """Hand the batch to the pool: acknowledged when done (late acks) or taken (early), and
        requeued if the process doing it is lost (`_batch_failed`)."""
        requests = list(requests)
        early = [request for request in requests if not request.task.acks_late]
        late = [request for request in requests if request.task.acks_late]
        return self._pool.apply_async(
            apply_batches_task,
            (self, ([SimpleRequest.from_request(request) for request in requests],), 0, None),
            accept_callback=lambda *_taken: [request.acknowledge() for request in early],
            callback=lambda _result: [request.acknowledge() for request in late],
            error_callback=lambda failure: _batch_failed(failure, late),
        )


def _batch_failed(failure, requests) -> None:
    """The pool lost the batch: its process died (requeued, as CELERY_TASK_REJECT_ON_WORKER_LOST
    does) or it ran past the hard time limit (acknowledged, as Celery does, so that it cannot
    come back forever; reconciliation finds what it left undone)."""
    error = getattr(failure, "exception", failure)
    lost = isinstance(error, WorkerLostError)
    if not lost:
        logger.error("A batch of %d jobs failed: %r", len(requests), error)
    for request in requests:
        request.reject(requeue=True) if lost else request.acknowledge()
