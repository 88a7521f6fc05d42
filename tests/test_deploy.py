"""deploy/: the systemd units and the reverse proxy name commands, modules, queues and paths
that exist, and agree with each other and with the settings."""

import importlib.util
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from newsroom.metrics import queue_names

PROJECT_DIR = Path(__file__).resolve().parents[1]
DEPLOY = PROJECT_DIR / "deploy"
INSTALL_DIR = "/srv/newsroom"
UNITS = sorted((DEPLOY / "systemd").glob("*.service"))


def _unit(path: Path) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for line in path.read_text().splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, value = line.split("=", 1)
            values.setdefault(key.strip(), []).append(value.strip())
    return values


def _local(path: str) -> Path:
    """A path under the install folder, as it is in this checkout."""
    assert path.startswith(INSTALL_DIR + "/"), path
    return PROJECT_DIR / path.removeprefix(INSTALL_DIR + "/")


def _command(unit: dict) -> list[str]:
    (line,) = unit["ExecStart"]
    return shlex.split(line.replace("%%", "%"))


def _option(args: list[str], name: str) -> str:
    return args[args.index(name) + 1]


def _environment() -> dict[str, str]:
    lines = (DEPLOY / "newsroom.env").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


def test_there_is_a_unit_for_web_workers_and_beat():
    names = {path.stem for path in UNITS}
    assert {"newsroom-web", "newsroom-beat", "newsroom-worker"} <= names


@pytest.mark.parametrize("path", UNITS, ids=lambda path: path.name)
def test_each_unit_runs_a_program_of_this_project(path):
    unit = _unit(path)
    assert unit["WorkingDirectory"] == [INSTALL_DIR]
    assert unit["EnvironmentFile"] == ["/etc/newsroom/newsroom.env"]
    for line in unit["ExecStart"] + unit.get("ExecStartPre", []):
        program, *args = shlex.split(line)
        assert _local(program).is_file(), program
        if args and args[0].endswith(".py"):
            assert (PROJECT_DIR / args[0]).is_file()
    args = _command(unit)
    if "celery" in args[0]:
        assert _option(args, "-A") == "newsroom"
        assert importlib.util.find_spec("newsroom.celery")
    if "gunicorn" in args[0]:
        module, _, app = args[1].partition(":")
        assert importlib.util.find_spec(module) and (not app or app == "application")
        if "-c" in args:  # a config module: python:<module>
            assert importlib.util.find_spec(_option(args, "-c").removeprefix("python:"))


def test_every_queue_has_a_worker_and_every_worker_a_queue():
    served = []
    for path in UNITS:
        args = _command(_unit(path))
        if "worker" in args:
            served += _option(args, "-Q").split(",")
    assert sorted(served) == queue_names()


def test_the_proxy_forwards_to_the_web_unit_and_serves_the_configured_folders():
    conf = (DEPLOY / "nginx" / "newsroom.conf").read_text()
    web = _command(_unit(DEPLOY / "systemd" / "newsroom-web.service"))
    (upstream,) = re.findall(r"upstream newsroom_web \{\s*server ([^;]+);", conf)
    assert upstream == _option(web, "--bind")
    environment = _environment()
    aliases = re.findall(r"location (\S+) \{\s*alias (\S+);", conf)
    assert ("/static/", environment["STATIC_ROOT"] + "/") in aliases
    for location, folder in aliases:
        if location.startswith("/media/"):
            assert folder == environment["MEDIA_ROOT"] + location.removeprefix("/media")
    assert re.search(r"location = /metrics \{ deny all; \}", conf)


def test_the_environment_file_names_only_settings_the_project_reads():
    source = "\n".join(path.read_text() for path in (PROJECT_DIR / "newsroom").glob("*.py"))
    for name in _environment():
        assert f'"{name}"' in source, name


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is not here")
def test_systemd_accepts_the_units(tmp_path):
    for path in UNITS:
        text = path.read_text().replace(INSTALL_DIR, str(PROJECT_DIR))
        text = text.replace("User=newsroom\n", "").replace("Group=newsroom\n", "")
        (tmp_path / path.name).write_text(text)
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *sorted(map(str, tmp_path.iterdir()))],
        capture_output=True,
        text=True,
    )
    problems = [line for line in result.stderr.splitlines() if "newsroom" in line]
    assert not problems, result.stderr
