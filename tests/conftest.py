import os
import socket
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.factories import ArticleFactory, PhotoFactory, UserFactory  # noqa: F401

SHARED = Path(__file__).resolve().parents[2] / "shared"


def pytest_configure(config):
    # The tests against the real wire samples and the official ninjs schemas skip on a laptop
    # without them; CI must have them, so a missing folder fails the run there.
    if os.environ.get("CI") and not (SHARED / "wire-samples").exists():
        raise pytest.UsageError(f"CI needs the shared samples and schemas at {SHARED}")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def _reachable(url: str) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname, parsed.port), timeout=2):
            return True
    except OSError:
        return False


def _require_service(name: str, url: str) -> None:
    if _reachable(url):
        return
    message = f"{name} is not reachable at {url}"
    if os.environ.get("CI"):
        pytest.fail(f"{message}; CI must run the services suite against the real service.")
    pytest.skip(f"{message} (start it, or run the services suite in CI)")


@pytest.fixture(scope="session")
def redis_url() -> str:
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/1")
    _require_service("Redis", url)
    return url


@pytest.fixture(scope="session")
def postgres_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        message = "DATABASE_URL does not point at PostgreSQL (run `make test-services`)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    _require_service("PostgreSQL", url)
    return url
