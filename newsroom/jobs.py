"""Enqueue background work after the current transaction commits, without ever failing the save.

If the broker is unreachable the job is logged and left for the periodic reconciliation tasks,
which find stale reading times and incomplete renditions from the database itself.
"""

import logging

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
