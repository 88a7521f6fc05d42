import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis

PROJECT_DIR = Path(__file__).resolve().parents[2]


def _url_with_db(url: str, db: int) -> str:
    return url.rsplit("/", 1)[0] + f"/{db}"


@pytest.fixture
def broker_url(redis_url):
    """A Redis database of its own for the test's broker, emptied before and after."""
    url = _url_with_db(redis_url, 14)
    client = redis.Redis.from_url(url)
    client.flushdb()
    yield url
    client.flushdb()


@pytest.fixture
def start_worker(broker_url):
    """Start real `celery worker` processes on the test broker; stopped at teardown."""
    workers = []

    def start(*, queues: str = "default", extra_env: dict | None = None) -> subprocess.Popen:
        env = {
            **os.environ,
            "CELERY_BROKER_URL": broker_url,
            "CELERY_RESULT_BACKEND": broker_url,
            "SECRET_KEY": os.environ.get("SECRET_KEY", "test-only-secret-key-" + "x" * 40),
            **(extra_env or {}),
        }
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "newsroom",
                "worker",
                "--pool",
                "solo",
                "--loglevel",
                "INFO",
                "-Q",
                queues,
                "--hostname",
                f"test-{len(workers)}-{os.getpid()}@%h",
                "--without-mingle",
                "--without-gossip",
            ],
            cwd=PROJECT_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        workers.append(process)
        return process

    yield start
    for process in workers:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_for(predicate, *, timeout: float = 60, interval: float = 0.2, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")
