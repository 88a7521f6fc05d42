"""/health/live and /health/ready: what a load balancer and a supervisor ask."""

import socket

import pytest

from newsroom.celery import app

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}


def test_live_answers_without_asking_anything_else(client):
    response = client.get("/health/live", **JSON)
    assert response.status_code == 200 and response.json() == {}
    assert "no-cache" in response["Cache-Control"]


def test_ready_asks_the_database_cache_broker_and_storage(client):
    response = client.get("/health/ready", **JSON)
    assert response.status_code == 200, response.content
    checks = response.json()
    assert set(checks.values()) == {"OK"}
    assert {name.split("(")[0] for name in checks} == {
        "Database",
        "Cache",
        "Broker",
        "PhotoStorage",
    }


def test_ready_is_503_naming_the_broker_when_it_does_not_answer(client, monkeypatch):
    for name, value in (("task_always_eager", False), ("broker_url", "redis://127.0.0.1:9/0")):
        monkeypatch.setitem(app.conf, name, value)
        monkeypatch.setitem(app.conf, f"CELERY_{name.upper()}", value)  # read first by Celery
    response = client.get("/health/ready", **JSON)
    assert response.status_code == 503
    assert response.json()["Broker()"] == "Unavailable: The broker does not answer."
    assert "127.0.0.1" not in response.content.decode()


def test_ready_is_503_when_photo_files_cannot_be_written(client, settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = blocker
    response = client.get("/health/ready", **JSON)
    assert response.status_code == 503
    failed = [name for name, status in response.json().items() if status != "OK"]
    assert [name.split("(")[0] for name in failed] == ["PhotoStorage"]


@pytest.mark.parametrize(
    "accept",
    [
        "nonsense",
        "*",
        "json",
        "application/json;",
        "Application/JSON",
        "text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2",
        "application/rss+xml",
        "application/openmetrics-text",
    ],
)
def test_any_accept_header_gets_an_answer_in_json(client, accept):
    response = client.get("/health/ready", HTTP_ACCEPT=accept)
    assert response.status_code == 200 and response["Content-Type"] == "application/json"


@pytest.mark.parametrize("form", ["rss", "atom", "openmetrics", "xml"])
def test_no_rendering_answers_200_for_a_failed_check(client, settings, tmp_path, form):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = blocker
    response = client.get(f"/health/ready?format={form}")
    assert response.status_code == 503 and response["Content-Type"] == "application/json"


def test_object_storage_is_asked_without_writing(client, s3_endpoint, s3_media):
    from tests.s3 import client as s3_client

    assert client.get("/health/ready", **JSON).status_code == 200
    assert "Contents" not in s3_client(s3_endpoint).list_objects_v2(Bucket=s3_media)
    s3_client(s3_endpoint).delete_bucket(Bucket=s3_media)
    response = client.get("/health/ready", **JSON)
    assert response.status_code == 503
    assert "bucket is missing" in response.json()["PhotoStorage(alias='default')"]


def test_a_storage_that_hangs_gets_503_in_seconds(client, settings, s3_endpoint):
    """A server that accepts connections and never answers, as a frozen storage node does."""
    from tests.s3 import storages_for

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(16)
    settings.STORAGES = storages_for(f"http://127.0.0.1:{silent.getsockname()[1]}", "frozen")
    response = client.get("/health/ready", **JSON)
    silent.close()
    assert response.status_code == 503
    # The check's own time limit answered, not the storage client's (30 s, three tries).
    assert "Timed out" in response.json()["PhotoStorage(alias='default')"]


def test_a_storage_timeout_during_a_request_is_a_503(rf):
    from botocore.exceptions import ReadTimeoutError

    from newsroom.middleware import ServiceUnavailableMiddleware

    middleware = ServiceUnavailableMiddleware(lambda request: None)
    timeout = ReadTimeoutError(endpoint_url="http://storage.internal")
    response = middleware.process_exception(rf.post("/admin/media/photo/add/"), timeout)
    assert response.status_code == 503 and response["Retry-After"]
    assert middleware.process_exception(rf.get("/"), FileNotFoundError("a bug")) is None


@pytest.mark.parametrize(
    "status, code, answered",
    [
        (403, "AccessDenied", None),
        (403, "InvalidAccessKeyId", None),
        (404, "NoSuchBucket", None),
        (404, "NoSuchKey", None),
        (400, "RequestTimeout", 503),
        (503, "SlowDown", 503),
        (500, "InternalError", 503),
        (429, "TooManyRequests", 503),
        (403, "RequestTimeTooSkewed", 503),
        (400, "ExpiredToken", 503),
        (409, "OperationAborted", 503),
        (400, "RequestLimitExceeded", 503),
    ],
)
def test_storage_that_refuses_for_good_is_an_error_not_an_outage(rf, status, code, answered):
    from botocore.exceptions import ClientError

    from newsroom.middleware import ServiceUnavailableMiddleware

    middleware = ServiceUnavailableMiddleware(lambda request: None)
    refusal = ClientError(
        {"Error": {"Code": code, "Message": "no"}, "ResponseMetadata": {"HTTPStatusCode": status}},
        "PutObject",
    )
    response = middleware.process_exception(rf.post("/admin/media/photo/add/"), refusal)
    assert (response and response.status_code) == answered
