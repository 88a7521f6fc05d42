"""Workers benchmark: real Celery workers on Redis, against PostgreSQL.

- Reading-time tasks per second through the broker and two worker processes (this machine's
  cores, the short-job worker's prefetch), against the same recomputations done inline one
  story at a time in one process, in the same run; the target is absolute.
- Renditions per minute for a backlog of photos queued while no worker runs, drained by one
  worker process, then the same backlog again by two: how it scales with workers.

    python -m tests.benchmarks.workers [--quick]
"""

import shutil
import subprocess
import sys
import tempfile
import time

from tests.benchmarks import servers
from tests.benchmarks.common import Result, standalone

DATABASE = "newsroom_workers_bench"
SHORT_PREFETCH = 64  # as the short-job worker's unit in deploy/systemd
SHORT_TASKS_PER_SECOND = 300  # absolute: it moves with the machine


def _probe(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "tests.benchmarks.worker_probe", *args],
        cwd=servers.PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise RuntimeError(f"worker_probe {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout.strip()


def _ready_photos() -> int:
    return int(
        servers.psql(
            "SELECT count(*) FROM media_photo WHERE caption LIKE 'Benchmark photo%' "
            "AND rendition_status = 'ready'",
            DATABASE,
        )
    )


def _drain(env: dict, photos: int, concurrency: int) -> float:
    """Seconds for `concurrency` worker processes to make the renditions of the backlog."""
    with servers.celery_worker(env, queues="renditions", concurrency=concurrency):
        started = time.perf_counter()
        deadline = started + 1800
        while _ready_photos() < photos:
            if time.perf_counter() > deadline:
                raise RuntimeError("the renditions backlog was not drained in 30 minutes")
            time.sleep(0.1)
        return time.perf_counter() - started


def run(*, quick: bool = False) -> list[Result]:
    servers.require_services()
    tasks = 200 if quick else 2_000
    photos, (width, height) = (10, (1200, 800)) if quick else (200, (3000, 2000))
    broker = f"{servers.REDIS}/6"
    subprocess.run(["redis-cli", "-u", broker, "FLUSHDB"], capture_output=True, check=True)
    media_root = tempfile.mkdtemp(prefix="bench-media-")
    env = {
        **servers.archive_database(DATABASE, tasks),
        "CELERY_BROKER_URL": broker,
        "MEDIA_ROOT": media_root,
    }
    try:
        inline = float(_probe(env, "reading-inline", "--count", str(tasks)))
        with servers.celery_worker(env, queues="default", concurrency=2, prefetch=SHORT_PREFETCH):
            queued = float(_probe(env, "reading-queued", "--count", str(tasks)))
        _probe(
            env, "photos", "--count", str(photos), "--width", str(width), "--height", str(height)
        )
        one = _drain(env, photos, 1)
        _probe(env, "photos-again")
        two = _drain(env, photos, 2)
    finally:
        shutil.rmtree(media_root, ignore_errors=True)
        subprocess.run(["redis-cli", "-u", broker, "FLUSHDB"], capture_output=True, check=False)
    size = f"{width}x{height}"
    return _results(
        tasks, tasks / inline, tasks / queued, photos, size, photos / one * 60, photos / two * 60
    )


def _results(tasks, inline_rate, queued_rate, photos, size, one_rate, two_rate) -> list[Result]:
    print(
        f"   reading time: inline {inline_rate:,.0f}/s, through 2 workers {queued_rate:,.0f}/s; "
        f"renditions: 1 worker {one_rate:,.1f}/min, 2 workers {two_rate:,.1f}/min",
        file=sys.stderr,
    )
    return [
        Result(
            case=f"workers: {tasks:,} reading-time tasks, Redis + 2 worker processes",
            figure=f"{queued_rate:,.0f} tasks/s",
            baseline=f"inline in one process {inline_rate:,.0f}/s",
            ratio=queued_rate / inline_rate,
            target=f">= {SHORT_TASKS_PER_SECOND} tasks/s",
            met=queued_rate >= SHORT_TASKS_PER_SECOND,
        ),
        Result(
            case=f"workers: renditions for a backlog of {photos} photos "
            f"({size}, 20 renditions each), 2 worker processes",
            figure=f"{two_rate:,.1f} photos/min",
            baseline=f"1 worker process {one_rate:,.1f} photos/min",
            ratio=two_rate / one_rate,
            target="",
            met=None,
        ),
    ]


if __name__ == "__main__":
    standalone("workers", run, __doc__)
