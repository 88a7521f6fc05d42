"""/health/live and /health/ready: what a load balancer and a supervisor ask."""

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
    assert {name.split("(")[0] for name in checks} == {"Database", "Cache", "Broker", "Storage"}


def test_ready_is_503_naming_the_broker_when_it_does_not_answer(client, monkeypatch):
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    monkeypatch.setitem(app.conf, "broker_url", "redis://127.0.0.1:9/0")
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
    assert [name.split("(")[0] for name in failed] == ["Storage"]
