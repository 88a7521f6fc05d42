"""Endpoints are checked against server-side request forgery, when a subscriber is saved and
again before every delivery."""

import ssl

import pytest
import trustme
from django.core.exceptions import ValidationError

from distribution.deliveries import delivery_attempt
from distribution.endpoints import resolve, validate_endpoint
from distribution.models import Delivery
from distribution.relay import events_relay
from tests.distribution.conftest import SECRET
from tests.distribution.receiver import Receiver

REFUSED = [
    "http://127.0.0.1:8000/hook",
    "https://localhost/hook",
    "https://[::1]/hook",
    "https://10.1.2.3/hook",
    "https://172.16.0.9/hook",
    "https://192.168.1.20:8443/hook",
    "https://169.254.169.254/latest/meta-data/",  # a cloud's metadata service
    "https://[fe80::1]/hook",
    "https://100.64.0.1/hook",  # shared address space (carrier-grade NAT)
    "https://0.0.0.0/hook",
    "https://[::ffff:127.0.0.1]/hook",  # loopback written as IPv6
    "https://[fd00::1]/hook",
    "https://224.0.0.1/hook",
    "https://2130706433/hook",  # 127.0.0.1 as one number
    "https://0x7f.1/hook",
    "ftp://93.184.216.34/hook",
    "file:///etc/passwd",
    "https://user:secret@93.184.216.34/hook",
    "https://no-such-host.invalid/hook",
    "https://93.184.216.34:99999/hook",
    "https:///hook",
    "https://[::127.0.0.1]/hook",  # IPv4-compatible, deprecated
    "https://[64:ff9b::a9fe:a9fe]/hook",  # NAT64 of the metadata service
    "https://[64:ff9b:1::a00:1]/hook",
    "https://[2002:c0a8:101::1]/hook",  # 6to4 of 192.168.1.1
    "https://[::ffff:0:a00:1]/hook",  # IPv4-translated
    "https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hook",  # Teredo
    "https://93.184.216.34:0/hook",
]


@pytest.mark.parametrize("url", REFUSED)
def test_private_and_odd_endpoints_are_refused(settings, url):
    settings.DISTRIBUTION_ALLOWED_NETWORKS = []
    with pytest.raises(ValidationError) as refused:
        validate_endpoint(url)
    assert refused.value.messages[0]


def test_a_public_https_endpoint_is_accepted_and_plain_http_is_not(settings):
    settings.DISTRIBUTION_ALLOWED_NETWORKS = []
    target = resolve("https://93.184.216.34/hooks/news?feed=1")
    assert (target.address, target.port, target.path) == (
        "93.184.216.34",
        443,
        "/hooks/news?feed=1",
    )
    with pytest.raises(ValidationError, match="https"):
        validate_endpoint("http://93.184.216.34/hook")
    assert resolve("https://[2606:4700::1111]/hook").address == "2606:4700::1111"
    assert resolve("https://[2002:5db8:d822::1]/hook").port == 443  # 6to4 of a public address


def test_the_setting_allows_the_operator_s_own_networks(settings):
    settings.DISTRIBUTION_ALLOWED_NETWORKS = ["10.20.0.0/16"]
    assert resolve("http://10.20.3.4:9000/hook").address == "10.20.3.4"
    with pytest.raises(ValidationError):
        validate_endpoint("http://10.21.3.4/hook")


@pytest.mark.django_db
def test_an_endpoint_is_checked_again_before_each_delivery(settings, story, subscriber, receiver):
    """A subscriber saved while its name pointed at a public address is not delivered to once
    it points at a private one (the check runs at each attempt, on the address connected)."""
    subscriber()
    settings.DISTRIBUTION_ALLOWED_NETWORKS = []
    story("Harbour reopens")
    events_relay()
    delivery = Delivery.objects.get()
    assert delivery.status == "pending"
    assert "loopback" in delivery.last_error
    assert receiver.attempts == 0


@pytest.mark.django_db
def test_redirects_are_not_followed_and_timeouts_are_on(settings, story, subscriber, receiver):
    settings.DISTRIBUTION_READ_TIMEOUT = 0.3
    subscriber()
    receiver.mode, receiver.delay = "hang", 1.5
    story("Slow receiver")
    events_relay()
    delivery = Delivery.objects.get()
    assert delivery.status == "pending"
    assert "Timeout" in delivery.last_error
    receiver.mode = "redirect"
    story("Moved receiver")
    events_relay()
    moved = Delivery.objects.get(event__slug="moved-receiver")
    assert (moved.status, moved.last_status_code, moved.last_error) == ("pending", 307, "HTTP 307")
    assert receiver.attempts == 2  # the redirect's target was never asked


@pytest.mark.django_db
def test_an_answer_trickled_a_byte_at_a_time_is_cut_at_the_attempt_s_time(
    settings, story, subscriber, receiver
):
    """Each byte comes within the read timeout, so only a wall-clock limit ends the attempt."""
    settings.DISTRIBUTION_CONNECT_TIMEOUT = 0.5
    settings.DISTRIBUTION_READ_TIMEOUT = 0.5
    subscriber()
    receiver.mode, receiver.delay = "drip", 0.2
    story("Trickling receiver")
    events_relay()
    delivery = Delivery.objects.get()
    assert delivery.status == "pending"
    assert delivery.last_error == "Timeout: no answer within 1 s"


@pytest.fixture
def tls_receiver():
    """A receiver over HTTPS with a certificate from a test authority nobody trusts yet."""
    authority = trustme.CA()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    authority.issue_cert("127.0.0.1").configure_cert(context)
    server = Receiver(SECRET, tls=context).start()
    yield server, authority
    server.stop()


@pytest.mark.django_db
def test_certificates_are_checked(story, subscriber, tls_receiver, tmp_path, monkeypatch):
    server, authority = tls_receiver
    subscriber(endpoint_url=server.url)
    story("Over TLS")
    events_relay()
    delivery = Delivery.objects.get()
    assert delivery.status == "pending" and "CERTIFICATE_VERIFY_FAILED" in delivery.last_error
    assert server.received == []
    trusted = tmp_path / "authority.pem"
    authority.cert_pem.write_to_path(str(trusted))
    monkeypatch.setenv("SSL_CERT_FILE", str(trusted))  # the system's trust store, for the test
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=delivery.created_at)
    assert delivery_attempt(delivery.pk) == "delivered"
    assert [r.story for r in server.received] == ["over-tls"]
