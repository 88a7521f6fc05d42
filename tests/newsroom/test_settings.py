"""The settings switch: the environment alone chooses embedded or production services."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]

PROBE = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "eager": settings.CELERY_TASK_ALWAYS_EAGER,
    "broker": settings.CELERY_BROKER_URL,
    "db_engine": settings.DATABASES["default"]["ENGINE"],
    "db_name": str(settings.DATABASES["default"]["NAME"]),
    "cache": settings.CACHES["default"]["BACKEND"],
    "media_root": str(settings.MEDIA_ROOT),
    "celery_eager": __import__("newsroom").celery_app.conf.task_always_eager,
    "storages": {alias: s["BACKEND"] for alias, s in settings.STORAGES.items()},
    "renditions": settings.STORAGES["renditions"].get("OPTIONS", {}),
    "redirect_exempt": getattr(settings, "SECURE_REDIRECT_EXEMPT", []),
    "db_options": settings.DATABASES["default"].get("OPTIONS", {}),
}, default=repr))
"""

_SETTINGS_VARIABLES = (
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "CELERY_RESULT_BACKEND",
    "CACHE_URL",
    "REDIS_URL",
    "MEDIA_ROOT",
    "DATA_DIR",
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "ENV_FILE",
    "MEDIA_S3_BUCKET",
    "MEDIA_PUBLIC_DOMAIN",
    "MEDIA_SIGNED_URL_SECONDS",
    "SENTRY_DSN",
    "LOG_FORMAT",
    "METRICS_ENABLED",
    "DATABASE_SERVER_SIDE_BINDING",
)


def _run(code_or_args, tmp_path, **environment):
    env = {k: v for k, v in os.environ.items() if k not in _SETTINGS_VARIABLES}
    env.update(DJANGO_SETTINGS_MODULE="newsroom.settings", DATA_DIR=str(tmp_path), ENV_FILE="")
    env.update(environment)
    args = code_or_args if isinstance(code_or_args, list) else ["-c", code_or_args]
    return subprocess.run(
        [sys.executable, *args], cwd=PROJECT_DIR, env=env, capture_output=True, text=True
    )


def _probe(tmp_path, **environment) -> dict:
    result = _run(PROBE, tmp_path, **environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_embedded_default_needs_no_service(tmp_path):
    config = _probe(tmp_path, DEBUG="true")
    assert config["eager"] is True and config["celery_eager"] is True
    assert config["broker"] == ""
    assert config["db_engine"] == "django.db.backends.sqlite3"
    assert config["db_name"] == str(tmp_path / "newsroom.sqlite3")
    assert config["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert config["media_root"] == str(tmp_path / "media")
    assert set(config["storages"].values()) == {
        "django.core.files.storage.FileSystemStorage",
        "django.contrib.staticfiles.storage.StaticFilesStorage",
    }


def test_production_services_are_chosen_by_environment(tmp_path):
    config = _probe(
        tmp_path,
        SECRET_KEY="s" * 60,
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/newsroom",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
        REDIS_URL="redis://127.0.0.1:6379/1",
        MEDIA_ROOT="/srv/newsroom/media",
    )
    assert config["eager"] is False and config["celery_eager"] is False
    assert config["broker"] == "redis://127.0.0.1:6379/0"
    assert config["db_engine"] == "django.db.backends.postgresql"
    assert config["cache"] == "newsroom.cache.RedisCache"
    assert config["media_root"] == "/srv/newsroom/media"
    assert any(re.match(pattern, "health/ready") for pattern in config["redirect_exempt"])


def test_object_storage_is_chosen_by_environment(tmp_path):
    config = _probe(
        tmp_path,
        DEBUG="true",
        MEDIA_S3_BUCKET="newsroom-media",
        MEDIA_S3_ENDPOINT_URL="https://s3.example.net",
        MEDIA_PUBLIC_DOMAIN="img.news.example.org",
    )
    s3 = "storages.backends.s3.S3Storage"
    assert (config["storages"]["default"], config["storages"]["renditions"]) == (s3, s3)
    renditions = config["renditions"]
    assert renditions["bucket_name"] == "newsroom-media"
    assert renditions["endpoint_url"] == "https://s3.example.net"
    assert renditions["custom_domain"] == "img.news.example.org"
    assert renditions["querystring_auth"] is False and renditions["file_overwrite"] is False


def test_development_secret_key_refuses_to_start_without_debug(tmp_path):
    result = _run(PROBE, tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_deploy_check_is_clean_with_debug_off(tmp_path):
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        tmp_path,
        SECRET_KEY="a-long-random-production-key-" + "k7Q9zX2mP4" * 5,
        ALLOWED_HOSTS="news.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_migrations_are_complete(tmp_path):
    result = _run(["manage.py", "makemigrations", "--check", "--dry-run"], tmp_path, DEBUG="true")
    assert result.returncode == 0, result.stdout + result.stderr


def test_tasks_run_eagerly_without_a_broker(settings):
    from newsroom.celery import ping

    assert settings.CELERY_BROKER_URL == ""
    result = ping.delay("hello")
    assert result.get()["payload"] == "hello"
    assert result.get()["pid"] == os.getpid()


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("MEDIA_PUBLIC_DOMAIN", "https://img.news.example.org"),
        ("MEDIA_PUBLIC_DOMAIN", "img.news.example.org/"),
        ("MEDIA_PUBLIC_DOMAIN", "img news.example.org"),
        ("MEDIA_SIGNED_URL_SECONDS", "0"),
        ("MEDIA_SIGNED_URL_SECONDS", "-30"),
        ("MEDIA_SIGNED_URL_SECONDS", str(8 * 24 * 3600)),
    ],
)
def test_object_storage_settings_that_would_break_every_url_refuse_to_start(
    tmp_path, variable, value
):
    result = _run(PROBE, tmp_path, DEBUG="true", MEDIA_S3_BUCKET="media", **{variable: value})
    assert result.returncode != 0 and variable in result.stderr


def test_a_public_domain_with_a_port_and_spaces_around_is_taken(tmp_path):
    config = _probe(
        tmp_path, DEBUG="true", MEDIA_S3_BUCKET="media", MEDIA_PUBLIC_DOMAIN=" cdn.local:8443 "
    )
    assert config["renditions"]["custom_domain"] == "cdn.local:8443"


@pytest.mark.parametrize("written", ["JSON", "json ", "Json"])
def test_log_format_is_read_as_an_operator_writes_it(tmp_path, written):
    result = _run(PROBE, tmp_path, DEBUG="true", LOG_FORMAT=written)
    assert result.returncode == 0, result.stderr


def test_postgresql_binds_on_the_server_unless_a_pooler_forbids_it(tmp_path):
    """Server-side binding is what lets the API's hottest queries run prepared; Django's own
    queries are never prepared automatically (no prepare_threshold)."""
    url = "postgres://newsroom@db.internal:5432/newsroom"
    options = _probe(tmp_path, DEBUG="true", DATABASE_URL=url)["db_options"]
    assert options == {"server_side_binding": True}
    behind_pooler = _probe(
        tmp_path, DEBUG="true", DATABASE_URL=url, DATABASE_SERVER_SIDE_BINDING="false"
    )
    assert behind_pooler["db_options"] == {"server_side_binding": False}
