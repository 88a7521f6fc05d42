"""Ingest benchmark: a folder of wire files imported into PostgreSQL by `manage.py ingest`.

The first run creates every story; the second, over the same folder, must find every one
unchanged (the importer's idempotence check, by source and content hash). The baseline, in the
same run, is parsing the same files without a database: what ingest costs beyond reading copy.

    python -m tests.benchmarks.ingest [--quick]
"""

import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.benchmarks import servers
from tests.benchmarks.common import Result, django_setup, standalone

DATABASE = "newsroom_ingest_bench"


def _write_folder(count: int) -> Path:
    from loadtest.wire import wire_copy

    folder = Path(tempfile.mkdtemp(prefix="wire-"))
    for name, text in wire_copy(count, seed=11):
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _parse_all(folder: Path) -> float:
    from articles.loading import read_story

    started = time.perf_counter()
    for path in sorted(folder.iterdir()):
        read_story(path.read_bytes(), name=path.name)
    return time.perf_counter() - started


def _ingest(env: dict, folder: Path) -> tuple[float, dict]:
    started = time.perf_counter()
    # Wire photos known by their captions have no file yet: published as a desk would, with a
    # reason, so that the measured work is the same as before the checks.
    output = servers.manage(
        env, "ingest", str(folder), "--publish", "--override-checks", "Agency photos follow."
    )
    elapsed = time.perf_counter() - started
    summary = re.search(r"(\d+) files: (\d+) created, (\d+) updated, (\d+) unchanged", output)
    files, created, updated, unchanged = map(int, summary.groups())
    return elapsed, {"files": files, "created": created, "updated": updated, "unchanged": unchanged}


def run(*, quick: bool = False) -> list[Result]:
    servers.require_services()
    count = 500 if quick else 10_000
    servers.psql(f'DROP DATABASE IF EXISTS "{DATABASE}"')
    servers.psql(f'CREATE DATABASE "{DATABASE}"')
    # Production hands the follow-up work (reading times, renditions) to workers via a broker.
    broker = f"{servers.REDIS}/5"
    env = servers.base_env(DATABASE, CELERY_BROKER_URL=broker)
    servers.manage(env, "migrate", "--noinput", "-v0")
    django_setup()
    folder = _write_folder(count)
    try:
        parsed = _parse_all(folder)
        first, counts = _ingest(env, folder)
        again, repeat = _ingest(env, folder)
    finally:
        shutil.rmtree(folder)
        subprocess.run(["redis-cli", "-u", broker, "FLUSHDB"], capture_output=True, check=False)
    return _results(count, count / parsed, (count / first, counts), (count / again, repeat))


def _results(count: int, parse_rate: float, first_import: tuple, second_import: tuple):
    (first_rate, counts), (again_rate, repeat) = first_import, second_import
    print(
        f"   parse {parse_rate:,.0f}/s; ingest {first_rate:,.0f} stories/s {counts}; "
        f"again {again_rate:,.0f} files/s {repeat}",
        file=sys.stderr,
    )
    return [
        Result(
            case=f"ingest: {count:,} wire files into PostgreSQL",
            figure=f"{first_rate:,.0f} stories/s ({counts['created']:,} created)",
            baseline=f"parsing alone {parse_rate:,.0f} stories/s",
            ratio=first_rate / parse_rate,
            target="",
            met=None if counts["created"] == count else False,
        ),
        Result(
            case=f"ingest: the same {count:,} files again",
            figure=f"{again_rate:,.0f} files/s ({repeat['unchanged']:,} unchanged)",
            baseline=f"first import {first_rate:,.0f} stories/s",
            ratio=again_rate / first_rate,
            target="all unchanged",
            met=repeat["unchanged"] == count,
        ),
    ]


if __name__ == "__main__":
    standalone("ingest", run, __doc__)
