"""Subscribers and deliveries in the admin: Editors configure subscribers (Reporters may not),
see each one's deliveries, redeliver and replay."""

import pytest
from django.urls import reverse

from distribution.models import Delivery, Subscriber
from distribution.relay import events_relay
from tests.distribution.conftest import SECRET
from tests.factories import reporter

pytestmark = pytest.mark.django_db
ADD = "/admin/distribution/subscriber/add/"


def _form(url: str, **fields) -> dict:
    return {
        "name": "Partner site",
        "endpoint_url": url,
        "secret": SECRET,
        "format": "ninjs3",
        "active": "on",
        "agencies": "",
        "languages": "",
        **fields,
    }


def test_an_editor_adds_a_subscriber_and_a_private_endpoint_is_refused(
    client, ed, receiver, settings
):
    client.force_login(ed)
    assert client.get(ADD).status_code == 200
    settings.DISTRIBUTION_ALLOWED_NETWORKS = []
    refused = client.post(ADD, _form("https://169.254.169.254/latest/"))
    assert refused.status_code == 200
    assert "link-local" in refused.content.decode()
    assert not Subscriber.objects.exists()
    settings.DISTRIBUTION_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    added = client.post(
        ADD, _form(receiver.url, early_embargo_access="on", languages="EN, de-AT,  ,")
    )
    assert added.status_code == 302, added.content.decode()[:2000]
    assert Subscriber.objects.get().early_embargo_access


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("secret", "whsec_"),
        ("secret", "whsec_!!!not-base64???"),
        ("secret", "WHSEC_" + SECRET[6:]),
        ("secret", "whsec_YWJj"),  # three bytes: too short to sign safely
        ("secret", SECRET[:10] + " " + SECRET[10:]),
        ("secret", "whsec_ключ"),
        ("languages", "english"),
        ("languages", "en;de"),
        ("languages", "123"),
    ],
)
def test_a_secret_that_cannot_sign_or_a_wrong_language_code_is_refused(
    client, ed, receiver, field, value
):
    client.force_login(ed)
    refused = client.post(ADD, _form(receiver.url, **{field: value}))
    assert refused.status_code == 200
    assert not Subscriber.objects.exists()


def test_a_new_subscriber_gets_a_fresh_secret(client, ed):
    client.force_login(ed)
    page = client.get(ADD).content.decode()
    assert 'value="whsec_' in page


def test_a_reporter_cannot_configure_subscribers(client):
    client.force_login(reporter("rita"))
    assert client.get(ADD).status_code == 403
    assert client.get("/admin/distribution/delivery/").status_code == 403


def test_deliveries_are_listed_redelivered_and_replayed(
    client, ed, story, subscriber, receiver, django_capture_on_commit_callbacks
):
    partner = subscriber()
    first = story("First story")
    story("Second story")
    events_relay()
    client.force_login(ed)
    change = client.get(reverse("admin:distribution_subscriber_change", args=[partner.pk]))
    page = change.content.decode()
    assert "first-story" in page and "Delivered" in page and "204" in page
    listing = client.get("/admin/distribution/delivery/", {"subscriber": partner.pk})
    assert listing.status_code == 200 and "second-story" in listing.content.decode()
    delivery = Delivery.objects.get(event__slug=first.slug)
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            "/admin/distribution/delivery/",
            {"action": "redeliver", "_selected_action": [delivery.pk]},
        )
    assert done.status_code == 302
    assert [r.webhook_id for r in receiver.received].count(delivery.webhook_id) == 2
    replay = reverse("admin:distribution_subscriber_replay", args=[partner.pk])
    assert client.post(replay, {}).status_code == 200  # neither position nor time: an error
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(replay, {"from_position": "2"}).status_code == 302
    assert [r.story for r in receiver.received[-1:]] == ["second-story"]
    assert len({r.webhook_id for r in receiver.received}) == 3  # a replay is new messages
