import os
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest
import redis

from tests.benchmarks.servers import celery_worker_command
from tests.support import free_port, stop_process

PROJECT_DIR = Path(__file__).resolve().parents[2]


def _url_with_db(url: str, db: int) -> str:
    return url.rsplit("/", 1)[0] + f"/{db}"


def wait_for(predicate, *, timeout: float = 60, interval: float = 0.2, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


@pytest.fixture
def broker_url(redis_url):
    """A Redis database of its own for the test's broker, emptied before and after."""
    url = _url_with_db(redis_url, 14)
    client = redis.Redis.from_url(url)
    client.flushdb()
    yield url
    client.flushdb()


class Worker:
    """A real `celery worker` process, with its output collected line by line."""

    def __init__(self, process: subprocess.Popen):
        self.process = process
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line)

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def wait_for_output(self, text: str, timeout: float = 60):
        wait_for(lambda: text in self.output, timeout=timeout, what=f"worker output {text!r}")


def _database_env() -> dict:
    """The test database, as the worker process must see it."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return {}
    s = connection.settings_dict
    return {"DATABASE_URL": f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"}


def _worker_env(broker: str, media_root) -> dict:
    return {
        **os.environ,
        **_database_env(),
        "CELERY_BROKER_URL": broker,
        "CELERY_RESULT_BACKEND": broker,
        "MEDIA_ROOT": str(media_root),
        "SECRET_KEY": os.environ.get("SECRET_KEY", "test-only-secret-key-" + "x" * 40),
        "PYTHONUNBUFFERED": "1",
    }


@pytest.fixture
def start_worker(settings):
    """Start real `celery worker` processes; each is stopped at teardown."""
    workers: list[Worker] = []

    def start(
        *,
        broker: str,
        queues: str = "default,renditions",
        extra_env: dict | None = None,
        pool: str = "solo",
        concurrency: int = 1,
        prefetch: int = 1,
    ) -> Worker:
        env = {**_worker_env(broker, settings.MEDIA_ROOT), **(extra_env or {})}
        process = subprocess.Popen(
            celery_worker_command(
                queues=queues,
                hostname=f"test{len(workers)}-{os.getpid()}",
                pool=pool,
                concurrency=concurrency,
                prefetch=prefetch,
            ),
            cwd=PROJECT_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        worker = Worker(process)
        workers.append(worker)
        worker.wait_for_output("ready.", timeout=60)
        return worker

    yield start
    for worker in workers:
        stop_process(worker.process, timeout=20)


@pytest.fixture
def use_broker():
    """Point this process's Celery app at a real broker (tests otherwise run tasks eagerly)."""
    from newsroom.celery import app

    # Celery reads a setting by its Django name (CELERY_…) before its own, so set both.
    names = ("broker_url", "result_backend", "task_always_eager")
    keys = [*names, *(f"CELERY_{name.upper()}" for name in names)]
    saved = {key: app.conf[key] for key in keys}

    def use(url: str):
        for name, value in zip(names, (url, url, False), strict=True):
            app.conf.update({name: value, f"CELERY_{name.upper()}": value})
        _drop_connections(app)

    yield use
    app.conf.update(saved)
    _drop_connections(app)


def _drop_connections(app):
    """Forget connections and producers made for another broker."""
    app._pool = None
    app.amqp._producer_pool = None


class RedisServer:
    """A redis-server of the test's own, on a free port: stopped and started by the test,
    never the machine's shared server."""

    def __init__(self, directory: Path, *, persistent: bool = False):
        self.port = free_port()
        self.directory = directory
        self.process: subprocess.Popen | None = None
        # Persistent: saves its data when stopped and loads it when started again, as a
        # production Redis does, so it comes back with what it held.
        self.save = "3600 1" if persistent else ""

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                self.save,
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self.ping, timeout=20, what="the test's redis-server")

    def ping(self) -> bool:
        try:
            return redis.Redis(port=self.port, socket_connect_timeout=0.5).ping()
        except redis.ConnectionError:
            return False

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)


@pytest.fixture
def own_redis(tmp_path, redis_url):
    if not shutil.which("redis-server"):
        pytest.fail("redis-server is not installed; the outage test starts a server of its own")
    server = RedisServer(tmp_path)
    yield server
    server.stop()
