"""How a worker takes batch jobs (`newsroom.jobs.BatchTask`): batch sizes that fit what the
worker may hold, and acknowledgements that never lose a message."""

from types import SimpleNamespace
from unittest import mock

import pytest
from billiard.exceptions import TimeLimitExceeded, WorkerLostError

from articles.tasks import recompute_reading_time
from newsroom.celery import app
from newsroom.jobs import BatchTask


class _Pool:
    def __init__(self):
        self.calls = []

    def apply_async(self, target, args, **callbacks):
        self.calls.append(callbacks)


def _request(story_id: int, *, acks_late: bool = True):
    return mock.Mock(
        task=SimpleNamespace(acks_late=acks_late),
        _payload=((story_id,), {}, {}),
        id=f"task-{story_id}",
        delivery_info={},
        hostname="worker",
        reply_to=None,
        correlation_id=None,
        request_dict={},
    )


@pytest.fixture
def task():
    task = BatchTask.__new__(BatchTask)
    BatchTask.__init__(task)
    task._pool = _Pool()
    return task


@pytest.mark.parametrize(
    ("prefetch", "flush_every"), [(1, 1), (2, 1), (4, 2), (128, 64), (1000, 100), (0, 100)]
)
def test_a_batch_is_at_most_half_of_what_the_worker_may_hold(task, prefetch, flush_every):
    consumer = mock.Mock(initial_prefetch_count=prefetch)
    with mock.patch("celery_batches.Batches.Strategy") as strategy:
        task.Strategy(task, mock.Mock(), consumer)
    strategy.assert_called_once()
    assert task.flush_every == flush_every


def test_a_done_batch_is_acknowledged_and_a_lost_one_goes_back_to_the_queue(task):
    done, lost, slow = [_request(1), _request(2)], [_request(3), _request(4)], [_request(5)]
    for batch in (done, lost, slow):
        task.flush(iter(batch))
    (finished, died, timed_out) = task._pool.calls
    finished["accept_callback"](1234, 0.0)
    finished["callback"](2)
    for request in done:
        request.acknowledge.assert_called_once_with()
        request.reject.assert_not_called()
    died["accept_callback"](1234, 0.0)
    died["error_callback"](SimpleNamespace(exception=WorkerLostError("signal 9")))
    for request in lost:
        request.reject.assert_called_once_with(requeue=True)
        request.acknowledge.assert_not_called()
    timed_out["error_callback"](SimpleNamespace(exception=TimeLimitExceeded(300)))
    slow[0].acknowledge.assert_called_once_with()  # never back in the queue for ever
    slow[0].reject.assert_not_called()


def test_early_acknowledged_jobs_are_acknowledged_when_taken(task):
    early = _request(5, acks_late=False)
    task.flush([early])
    (call,) = task._pool.calls
    early.acknowledge.assert_not_called()
    call["accept_callback"](1234, 0.0)
    early.acknowledge.assert_called_once_with()


def test_the_reading_time_job_is_a_batch_job():
    task = app.tasks[recompute_reading_time.name]  # as the worker finds it
    assert isinstance(task, BatchTask)
    assert task.acks_late  # CELERY_TASK_ACKS_LATE: a dead worker loses none
