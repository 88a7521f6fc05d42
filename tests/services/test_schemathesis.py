"""Property-based API testing against the project's own OpenAPI schema, on PostgreSQL with an
archive of stories: no 5xx, and every response conforms to the schema. Bounded in examples so
that it ends in a minute or two."""

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from loadtest.archive import generate_archive

pytestmark = [pytest.mark.services, pytest.mark.django_db]
# Everything but "schema-valid data is accepted": a cursor is opaque, so a random one matching
# its documented pattern is still rightly refused with 400.
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
]


@pytest.fixture
def api_schema(settings, postgres_url):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    # As Django's test client does: keep the test's connection (and transaction) across requests.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def archive():
    generate_archive(30, batch_size=30)


def test_api_never_fails_and_matches_its_schema(api_schema, archive):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/api/v1/articles/", "/api/v1/ingest/"}
    for operation in operations:
        cache.clear()  # each operation starts with the anonymous throttle's allowance

        @given(case=operation.as_strategy())
        @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
        def check(case):
            case.call_and_validate(checks=CHECKS)

        check()
