import os
from urllib.parse import urlparse

import pytest

from tests.factories import ArticleFactory, PhotoFactory, UserFactory  # noqa: F401
from tests.support import in_ci, missing_shared_material, reachable


def pytest_configure(config):
    # The tests against the real wire samples and the official ninjs schemas skip on a laptop
    # without them; CI must have them, so anything missing fails the run there.
    missing = missing_shared_material()
    if in_ci() and missing:
        raise pytest.UsageError(f"CI needs the shared samples and schemas: {', '.join(missing)}")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def _require_service(name: str, url: str) -> None:
    parsed = urlparse(url)
    if reachable(parsed.hostname, parsed.port):
        return
    message = f"{name} is not reachable at {url}"
    if in_ci():
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
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    _require_service("PostgreSQL", url)
    return url
