"""Every `manage.py` command the README shows works as written on the embedded default, typed in
a second terminal after `make run` (which writes the local `.env`), with nothing else set."""

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from newsroom.local_env import write_local_env
from tests.benchmarks.servers import manage

ROOT = Path(__file__).resolve().parents[1]
# What the README's placeholders stand for on the demo that `make run` loads.
PLACEHOLDERS = {"N": "3", "USERNAME": "editor", "ID": "1"}
# Asks its questions on a terminal: run with --help only.
INTERACTIVE = {"createsuperuser"}
_CLEARED = ("DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL", "CACHE_URL", "CELERY_BROKER_URL")


def readme_commands() -> list[str]:
    """The arguments after `manage.py` of every command in the README, in order, once each."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = "\n".join(re.findall(r"^```\w*\n(.*?)^```", text, re.MULTILINE | re.DOTALL))
    prose = re.sub(r"^```.*?^```", "", text, flags=re.MULTILINE | re.DOTALL)
    spans = re.findall(r"`([^`]*manage\.py\s[^`]*)`", prose)
    spans += re.findall(r"^.*manage\.py.*$", blocks, re.MULTILINE)
    commands = []
    for span in spans:
        written = " ".join(span.split("#")[0].split())
        assert written.startswith(".venv/bin/python manage.py "), f"not runnable as written: {span}"
        arguments = written.removeprefix(".venv/bin/python manage.py ")
        if arguments not in commands:
            commands.append(arguments)
    return commands


def _arguments(command: str, wire_file: Path) -> list[str]:
    command = re.sub(r"\s*\[[^\]]*\]", "", command)  # optional parts: [ID …], [--force], …
    words = [PLACEHOLDERS.get(word, word) for word in shlex.split(command)]
    words = [str(wire_file) if word == "PATH" else word for word in words]
    return [*words, "--help"] if words[0] in INTERACTIVE else words


@pytest.fixture(scope="module")
def after_make_run(tmp_path_factory):
    """A data folder and a local `.env` as `make run` leaves them: migrated, demo loaded."""
    folder = tmp_path_factory.mktemp("after-make-run")
    write_local_env(folder / ".env")
    env = {k: v for k, v in os.environ.items() if k not in _CLEARED}
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        ENV_FILE=str(folder / ".env"),
        DATA_DIR=str(folder / "data"),
    )
    for step in (["migrate", "--noinput"], ["load_demo"]):
        manage(env, *step)
    wire_file = folder / "copy.txt"
    wire_file.write_text(
        "Lighthouse keepers return to Saltmarsh point\n\n"
        "SALTMARSH, May 2 (Northwind Press) – Keepers returned to the old light on Friday.\n",
        encoding="utf-8",
    )
    return env, wire_file


def test_the_readme_shows_its_commands():
    assert {"ingest", "generate_archive", "ingest_token"} <= {
        command.split()[0] for command in readme_commands()
    }


@pytest.mark.parametrize("command", readme_commands())
def test_every_readme_command_works_as_written(after_make_run, command):
    env, wire_file = after_make_run
    manage(env, *_arguments(command, wire_file))


def test_without_the_local_file_production_still_needs_a_secret_key(after_make_run, tmp_path):
    env, _ = after_make_run
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**env, "ENV_FILE": str(tmp_path / "absent.env")},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "SECRET_KEY is not set" in result.stderr
