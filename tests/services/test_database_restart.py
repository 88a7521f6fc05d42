"""PostgreSQL restarted while the API is under load: requests fail cleanly (503 with
Retry-After, never a 500) during the restart and succeed after it, without restarting the web
process. The test runs a PostgreSQL cluster of its own and restarts that one, never the
machine's shared server."""

import glob
import http.client
import os
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest

from tests.benchmarks import servers
from tests.services.conftest import wait_for
from tests.support import free_port

pytestmark = [pytest.mark.services]


def _postgres_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        pytest.fail(f"PostgreSQL's {name} is not installed")
    return found[-1]


def _as_postgres(*args: str) -> subprocess.CompletedProcess:
    command = list(args)
    if os.geteuid() == 0:  # initdb and postgres refuse to run as root
        command = ["runuser", "-u", "postgres", "--", *command]
    return subprocess.run(command, capture_output=True, text=True, check=True)


@pytest.fixture
def own_cluster(postgres_url):
    # Not under pytest's own temporary folder: its parents are closed to the postgres user.
    tmp_path = Path(tempfile.mkdtemp(prefix="newsroom-pg-"))
    data = tmp_path / "pgdata"
    data.mkdir()
    if os.geteuid() == 0:
        shutil.chown(tmp_path, "postgres")
        shutil.chown(data, "postgres")
    port = free_port()
    _as_postgres(_postgres_bin("initdb"), "-D", str(data), "-A", "trust", "-U", "postgres")
    pg_ctl = _postgres_bin("pg_ctl")
    options = f"-p {port} -k {tmp_path} -c listen_addresses=127.0.0.1 -c fsync=off"

    def start():
        _as_postgres(
            pg_ctl, "-D", str(data), "-o", options, "-w", "-l", str(tmp_path / "log"), "start"
        )

    def restart():
        _as_postgres(pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop")
        time.sleep(2)  # an outage long enough for requests to meet it
        start()

    start()
    subprocess.run(
        [
            "psql",
            f"postgres://postgres@127.0.0.1:{port}/postgres",
            "-qc",
            "CREATE DATABASE newsroom",
        ],
        check=True,
        capture_output=True,
    )
    yield f"postgres://postgres@127.0.0.1:{port}/newsroom", restart
    _as_postgres(pg_ctl, "-D", str(data), "-m", "immediate", "stop")
    shutil.rmtree(tmp_path, ignore_errors=True)


class _Readers:
    """Threads that read one story until stopped. `statuses` holds each answer's status (-1 for
    no answer); `without_retry_after` each 503 that came without Retry-After. Checked by the
    test, not in the threads: an assertion in a thread cannot fail the test."""

    def __init__(self, base: str, path: str, count: int = 4):
        self.host, port = base.removeprefix("http://").split(":")
        self.port, self.path = int(port), path
        self.statuses: list[int] = []
        self.without_retry_after: list[int] = []
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self._read) for _ in range(count)]

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=30)

    def _read(self):
        while not self.stop.is_set():
            connection = http.client.HTTPConnection(self.host, self.port, timeout=10)
            try:
                connection.request("GET", self.path)
                response = connection.getresponse()
                response.read()
                self.statuses.append(response.status)
                if response.status == 503 and not response.getheader("Retry-After"):
                    self.without_retry_after.append(response.status)
            except OSError:
                self.statuses.append(-1)
            finally:
                connection.close()
            time.sleep(0.02)


def test_requests_fail_cleanly_during_a_restart_and_recover_without_restarting_the_web(own_cluster):
    database_url, restart = own_cluster
    env = {
        **servers.base_env("newsroom"),
        "DATABASE_URL": database_url,
        "API_DETAIL_CACHE_SECONDS": "0",
    }
    servers.manage(env, "migrate", "--noinput", "-v0")
    servers.manage(env, "generate_archive", "--stories", "20")
    with (
        servers.gunicorn(env, workers=2, threads=2) as base,
        _Readers(base, "/api/v1/articles/archive-5/") as readers,
    ):
        statuses = readers.statuses
        wait_for(lambda: statuses.count(200) > 20, timeout=30, what="requests before the restart")
        before = len(statuses)
        restart()
        after_restart = len(statuses)
        wait_for(
            lambda: statuses[after_restart:].count(200) > 20,
            timeout=60,
            what="recovery after restart",
        )

    during = statuses[before:after_restart]
    assert 500 not in statuses and -1 not in statuses, sorted(set(statuses))
    assert 503 in during, "the outage was never met"
    assert readers.without_retry_after == [], "a 503 came without Retry-After"
    assert statuses[-10:] == [200] * 10
