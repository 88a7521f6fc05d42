"""Starting what a benchmark needs: a PostgreSQL database with an archive, gunicorn, workers.
Each helper checks its service first and says clearly what is missing."""

import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from tests.support import listening_socket, reachable, stop_process

PROJECT_DIR = Path(__file__).resolve().parents[2]
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379")


class Missing(RuntimeError):
    """Something a benchmark needs is not there; the message says what and how to get it."""


def require_services() -> None:
    missing = []
    if not reachable("127.0.0.1", 5432):
        missing.append(f"PostgreSQL at {POSTGRES} (start it: see the README)")
    if not reachable("127.0.0.1", 6379):
        missing.append(f"Redis at {REDIS} (start it: see the README)")
    if not shutil.which("wrk"):
        missing.append("wrk, the HTTP load generator (apt-get install wrk)")
    if missing:
        raise Missing("The benchmarks need: " + "; ".join(missing) + ".")


def base_env(database: str, **extra) -> dict:
    return {
        **os.environ,
        # The project's own settings, not the test suite's (which turn the API cache on).
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "ENV_FILE": "",
        "DATABASE_URL": f"{POSTGRES}/{database}",
        "REDIS_URL": f"{REDIS}/3",
        "SECRET_KEY": "benchmark-only-secret-key-" + "b" * 40,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "API_ANON_RATE": "",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def flush_cache(env: dict) -> None:
    """Empty the cache the servers of `env` share (their Redis database)."""
    command = ["redis-cli", "-u", env["REDIS_URL"], "FLUSHDB"]
    subprocess.run(command, capture_output=True, check=True)


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def psql(sql: str, database: str = "postgres") -> str:
    result = subprocess.run(
        ["psql", f"{POSTGRES}/{database}", "-tAc", sql], capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def archive_database(name: str, stories: int) -> dict:
    """A migrated database holding at least `stories` published archive stories."""
    if not psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'"):
        psql(f'CREATE DATABASE "{name}"')
    env = base_env(name)
    manage(env, "migrate", "--noinput", "-v0")
    have = int(psql("SELECT count(*) FROM articles_article WHERE slug LIKE 'archive-%'", name))
    if have < stories:
        print(f"   generating {stories - have} stories in {name}", file=sys.stderr)
        manage(env, "generate_archive", "--stories", str(stories - have))
        psql("VACUUM ANALYZE", name)
    return env


@contextmanager
def gunicorn(env: dict, *, workers: int = 2, threads: int = 1):
    """A gunicorn serving the project with the benchmark's floor (floor.py); yields its base URL."""
    # The socket is bound here and handed over open, so that no other process can take the
    # port between choosing it and gunicorn listening on it.
    listener = listening_socket()
    port, fd = listener.getsockname()[1], listener.fileno()
    log = tempfile.TemporaryFile()  # noqa: SIM115 - it must outlive this block: closed below
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "newsroom.wsgi", "--bind", f"fd://{fd}"),
            *("--workers", str(workers), "--threads", str(threads)),
            *("--worker-class", "gthread" if threads > 1 else "sync"),
            *("--log-level", "warning", "--keep-alive", "5"),
        ],
        cwd=PROJECT_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "tests.benchmarks.settings"},
        stdout=log,
        stderr=subprocess.STDOUT,
        pass_fds=(fd,),
    )
    listener.close()
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{url}/health/ready", timeout=2).read()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError(f"gunicorn did not start:\n{log.read().decode()}") from None
                time.sleep(0.2)
        yield url
    finally:
        stop_process(process)
        log.close()


def celery_worker_command(
    *, queues: str, hostname: str, pool: str = "prefork", concurrency=1, prefetch: int = 1
):
    """The command line of a real Celery worker of the project (benchmarks and services tests);
    `prefetch` is its prefetch multiplier (the short-job worker's unit in deploy/ uses 64)."""
    return [
        *(sys.executable, "-m", "celery", "-A", "newsroom", "worker"),
        *("--pool", pool, "--concurrency", str(concurrency), "-Q", queues),
        *("--prefetch-multiplier", str(prefetch)),
        *("--hostname", f"{hostname}@%h", "--without-mingle", "--without-gossip"),
        *("--loglevel", "INFO"),
    ]


@contextmanager
def celery_worker(env: dict, *, queues: str, concurrency: int, prefetch: int = 1):
    """A real Celery worker with `concurrency` processes; yields once it says it is ready."""
    import threading

    process = subprocess.Popen(
        celery_worker_command(
            queues=queues,
            hostname=f"bench-{os.getpid()}-{time.monotonic_ns()}",
            concurrency=concurrency,
            prefetch=prefetch,
        ),
        cwd=PROJECT_DIR,
        env={**env, "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    ready = threading.Event()
    tail: list[str] = []

    def drain() -> None:  # read everything it prints, so that it never blocks on a full pipe
        for line in process.stdout:
            tail.append(line)
            del tail[:-50]
            if " ready." in line:
                ready.set()

    threading.Thread(target=drain, daemon=True).start()
    try:
        deadline = time.monotonic() + 60
        while not ready.wait(0.1):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the Celery worker did not start:\n" + "".join(tail))
        yield process
    finally:
        stop_process(process)


def warm_database(name: str) -> None:
    """Read every table and index of the database once (pg_prewarm), so that the operating
    system's cache holds it, as a database server's memory holds its data in production."""
    psql("CREATE EXTENSION IF NOT EXISTS pg_prewarm", name)
    psql(
        "SELECT sum(pg_prewarm(c.oid, 'read')) FROM pg_class c "
        "WHERE c.relnamespace IN ('public'::regnamespace, 'pg_toast'::regnamespace) "
        "AND c.relkind IN ('r', 'i', 't')",
        name,
    )
