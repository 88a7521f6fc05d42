"""Request ids, JSON log lines with request and task ids, and errors sent to Sentry."""

import gzip
import json
import os
import re
import subprocess
import sys
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.newsroom.test_settings import _SETTINGS_VARIABLES, PROJECT_DIR, _run

pytestmark = pytest.mark.django_db

LOGGING_SCRIPT = """
import logging, django
django.setup()
from celery import shared_task
from django.test import Client

@shared_task(name="tests.log_something")
def log_something():
    logging.getLogger("newsroom.test").warning("inside the task")

Client().get("/api/v1/no-such-thing/", HTTP_X_REQUEST_ID="desk-7f3a.1")
result = log_something.delay()
print(result.id)
"""

SENTRY_SCRIPT = """
import sys, types, django
django.setup()
from celery import shared_task
from django.test import Client, override_settings
from django.urls import path
import sentry_sdk

def broken(request):
    raise RuntimeError("the view broke: kestrel")

urls = types.ModuleType("broken_urls")
urls.urlpatterns = [path("broken", broken)]
sys.modules["broken_urls"] = urls

@shared_task(name="tests.broken_task")
def broken_task():
    raise ValueError("the task broke: osprey")

with override_settings(ROOT_URLCONF="broken_urls"):
    assert Client(raise_request_exception=False).get("/broken").status_code == 500
try:
    broken_task.delay()
except ValueError:
    pass
sentry_sdk.flush(timeout=5)
"""


def test_a_request_gets_an_id_or_keeps_a_sane_one(client):
    given = client.get("/health/live", HTTP_X_REQUEST_ID="lb-2f9c_01.a")
    assert given["X-Request-ID"] == "lb-2f9c_01.a"
    for bad in ("", "<script>", "x" * 129, "two words"):
        made = client.get("/health/live", HTTP_X_REQUEST_ID=bad)["X-Request-ID"]
        assert made != bad and len(made) == 32


def test_json_log_lines_carry_the_request_and_task_ids(tmp_path):
    result = _run(
        LOGGING_SCRIPT, tmp_path, DEBUG="true", LOG_FORMAT="json", ALLOWED_HOSTS="testserver"
    )
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    by_message = {line["message"]: line for line in lines}
    not_found = by_message["Not Found: /api/v1/no-such-thing/"]
    assert not_found["request_id"] == "desk-7f3a.1" and not_found["level"] == "WARNING"
    assert not_found["logger"] == "django.request" and "time" in not_found
    task_line = by_message["inside the task"]
    assert task_line["task_id"] == result.stdout.strip() and task_line["request_id"] is None


def test_an_unknown_log_format_refuses_to_start(tmp_path):
    result = _run(LOGGING_SCRIPT, tmp_path, DEBUG="true", LOG_FORMAT="xml")
    assert result.returncode != 0 and "LOG_FORMAT" in result.stderr


class _Sentry(BaseHTTPRequestHandler):
    received: list[bytes] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        self.received.append(body)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_errors_of_requests_and_tasks_go_to_sentry(tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Sentry)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    dsn = f"http://publickey@127.0.0.1:{server.server_port}/42"
    try:
        result = _run(
            SENTRY_SCRIPT, tmp_path, DEBUG="true", SENTRY_DSN=dsn, ALLOWED_HOSTS="testserver"
        )
    finally:
        server.shutdown()
    assert result.returncode == 0, result.stderr
    sent = b"".join(_Sentry.received).decode("utf-8", "replace")
    assert "the view broke: kestrel" in sent and "the task broke: osprey" in sent


def _gunicorn_lines(tmp_path, log_format: str) -> tuple[list[str], list[str]]:
    """gunicorn started as the web unit starts it, asked for one page: (its standard output
    lines, its standard error lines)."""
    env = {k: v for k, v in os.environ.items() if k not in _SETTINGS_VARIABLES}
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DATA_DIR=str(tmp_path),
        ENV_FILE="",
        DEBUG="true",
        LOG_FORMAT=log_format,
    )
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "newsroom.wsgi",
        "-c",
        "python:newsroom.gunicorn_conf",
    ]
    command += ["--bind", "127.0.0.1:0", "--workers", "1"]
    server = subprocess.Popen(
        command, cwd=PROJECT_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        errors = []
        while not (port := re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", "".join(errors))):
            line = server.stderr.readline()
            assert line, "gunicorn stopped:\n" + "".join(errors)
            errors.append(line)
        request = urllib.request.Request(
            f"http://127.0.0.1:{port[1]}/health/live", headers={"X-Request-ID": "desk-42"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200
    finally:
        server.terminate()
        out, err = server.communicate(timeout=30)
    return out.splitlines(), [*map(str.rstrip, errors), *err.splitlines()]


def test_gunicorns_own_lines_are_json_lines_too(tmp_path):
    access, errors = _gunicorn_lines(tmp_path, "json")
    records = [json.loads(line) for line in access + errors if line.strip()]
    assert all({"time", "level", "logger", "message"} <= record.keys() for record in records)
    (hit,) = [r for r in records if r["logger"] == "gunicorn.access"]
    assert '"GET /health/live HTTP/1.1" 200' in hit["message"]
    assert "request_id=desk-42" in hit["message"]
    assert any(r["logger"] == "gunicorn.error" and "Listening at" in r["message"] for r in records)


def test_gunicorns_plain_lines_stay_its_own(tmp_path):
    access, _ = _gunicorn_lines(tmp_path, "plain")
    (line,) = [line for line in access if "/health/live" in line]
    assert line.startswith("127.0.0.1 ") and "request_id=desk-42" in line
