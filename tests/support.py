"""Helpers the test suites and benchmarks share: the shared samples and schemas beside the
project, ports and reachability, JSON Schema validation and PostgreSQL query plans."""

import json
import os
import socket
import subprocess
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
WIRE_SAMPLES = SHARED / "wire-samples"
NINJS = SHARED / "ninjs"
NINJS_VERSIONS = ("1.6", "2.2", "3.1")


def missing_shared_material() -> list[str]:
    """What of the shared wire samples, ninjs schemas and ninjs examples is not there."""
    wanted = [WIRE_SAMPLES / "README.md"]
    for version in NINJS_VERSIONS:
        wanted += [NINJS / f"ninjs-schema_{version}.json", NINJS / f"examples-{version}"]
    missing = [str(path) for path in wanted if not path.exists()]
    if WIRE_SAMPLES.exists() and not any(WIRE_SAMPLES.glob("*.expected.json")):
        missing.append(f"{WIRE_SAMPLES}/*.expected.json")
    return missing


# Tests that read the shared material skip on a laptop without it; in CI `pytest_configure`
# refuses to start without it, so there they can never skip.
needs_shared = pytest.mark.skipif(
    bool(missing_shared_material()),
    reason="the shared wire samples and ninjs schemas are not beside the project",
)


def in_ci() -> bool:
    return bool(os.environ.get("CI"))


def listening_socket(backlog: int = 2048) -> socket.socket:
    """A TCP socket listening on a free port of 127.0.0.1, inheritable by a child process (pass
    its fileno in `pass_fds`): the port is never free for another process to take."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(backlog)
    os.set_inheritable(sock.fileno(), True)
    return sock


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def reachable(host: str, port: int, *, timeout: float = 2) -> bool:
    """Whether something accepts TCP connections at host:port."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def stop_process(process: subprocess.Popen, timeout: float = 30) -> None:
    """Ask a child process to stop (SIGTERM); kill it if it has not within `timeout` s."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def schema_errors(schema: dict, document) -> list[str]:
    """Every way `document` breaks `schema` ("[path]: message"), with formats checked. Draft 7
    for schemas that declare it (ninjs 1.x), 2020-12 otherwise."""
    from jsonschema import Draft7Validator, Draft202012Validator

    draft7 = "draft-07" in schema.get("$schema", "")
    validator_class = Draft7Validator if draft7 else Draft202012Validator
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]


def ninjs_schema(version: str) -> dict:
    return json.loads((NINJS / f"ninjs-schema_{version}.json").read_text())


def ninjs_errors(version: str, document) -> list[str]:
    """`schema_errors` against the official ninjs schema of `version` ("1.6", "2.2", "3.1")."""
    return schema_errors(ninjs_schema(version), document)


def query_plan(queryset) -> str:
    """PostgreSQL's EXPLAIN of the queryset's query, as text."""
    from django.db import connection

    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())
