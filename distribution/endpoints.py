"""Subscriber endpoints: checked against server-side request forgery, and posted to.

The rules follow OWASP's SSRF prevention cheat sheet:

- `http` or `https` only, no user name or password in the URL;
- every address the host name resolves to must be a global one: no loopback, private,
  link-local, shared (100.64/10), multicast, reserved or unspecified address, IPv4-mapped ones
  included, unless it lies in a network of the `DISTRIBUTION_ALLOWED_NETWORKS` setting;
- plain `http` only to such an allowed network (an operator's own receivers); elsewhere HTTPS,
  with certificate and host-name checks on;
- the connection goes to the address that was checked, so a second DNS answer cannot point it
  elsewhere (DNS rebinding); redirects are never followed; an attempt ends after the connect
  and read timeouts together, wall-clock, however slowly the receiver answers.

urllib3, the HTTP client, has no hook for an address policy, so the check is ours: the name is
resolved once, each address checked, and the connection opened on the checked address with the
host name kept for TLS (SNI and certificate) and the `Host` header.
"""

import contextlib
import http.client
import ipaddress
import socket
import threading
from dataclasses import dataclass
from urllib.parse import urlsplit

import urllib3
import urllib3.connection
from django.conf import settings
from django.core.exceptions import ValidationError


class EndpointRefused(ValidationError):
    """The endpoint is not one deliveries may go to; the message says why."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    address: str
    path: str


def _allowed_networks():
    return [ipaddress.ip_network(n, strict=False) for n in settings.DISTRIBUTION_ALLOWED_NETWORKS]


# IPv6 prefixes that carry an IPv4 address in their last 32 bits (NAT64, RFC 6052 and 8215).
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))


def _embedded_ipv4(address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one stands for: mapped (::ffff:a.b.c.d), 6to4 (2002::/16) or
    NAT64; None for any other."""
    if not isinstance(address, ipaddress.IPv6Address):
        return None
    if address.ipv4_mapped or address.sixtofour:
        return address.ipv4_mapped or address.sixtofour
    if any(address in network for network in _NAT64):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def _address_allowed(address) -> bool:
    """True for an address in an allowed network, or a public one (judged by the IPv4
    address it stands for, if any); False for every other."""
    address = _embedded_ipv4(address) or address
    if any(address in network for network in _allowed_networks()):
        return True
    return (
        address.is_global
        and not getattr(address, "is_site_local", False)
        and not address.is_reserved
        and not address.is_multicast
        and not address.is_unspecified
    )


def resolve(url: str) -> Target:
    """The checked target of `url`. Raises `EndpointRefused` (a `ValidationError`)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise EndpointRefused("The endpoint must be an http or https URL.")
    if parts.username or parts.password:
        raise EndpointRefused("Put no user name or password in the URL; deliveries are signed.")
    if not parts.hostname:
        raise EndpointRefused("The endpoint URL has no host.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        if parts.port == 0:
            raise ValueError("port 0")
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except ValueError:
        raise EndpointRefused("The endpoint URL's port is not a number from 1 to 65535.") from None
    except (socket.gaierror, UnicodeError):
        raise EndpointRefused(f"The host {parts.hostname!r} cannot be resolved.") from None
    addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
    refused = [str(a) for a in addresses if not _address_allowed(a)]
    if refused:
        raise EndpointRefused(
            f"The host {parts.hostname!r} resolves to a loopback, private, link-local or "
            f"reserved address ({', '.join(sorted(set(refused)))}); deliveries never go there."
        )
    allowed = _allowed_networks()
    inside = [_embedded_ipv4(a) or a for a in addresses]
    if parts.scheme == "http" and not all(any(a in n for n in allowed) for a in inside):
        raise EndpointRefused("Use https: plain http only goes to the operator's own networks.")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(parts.scheme, parts.hostname, port, str(addresses[0]), path)


def validate_endpoint(url: str) -> None:
    """Model and form validator: raises `ValidationError` for an endpoint `resolve` refuses."""
    resolve(url)


class SendFailed(Exception):
    """The endpoint did not answer: refused, reset, a TLS failure or a timeout."""


def attempt_seconds() -> float:
    """The longest an attempt takes, wall-clock: connect and read timeouts together."""
    return settings.DISTRIBUTION_CONNECT_TIMEOUT + settings.DISTRIBUTION_READ_TIMEOUT


def _connection(target: Target):
    timeout = settings.DISTRIBUTION_CONNECT_TIMEOUT
    if target.scheme == "https":
        return urllib3.connection.HTTPSConnection(
            target.address,
            target.port,
            timeout=timeout,
            cert_reqs="CERT_REQUIRED",
            server_hostname=target.host,
            assert_hostname=target.host,
        )
    return urllib3.connection.HTTPConnection(target.address, target.port, timeout=timeout)


def _cut(connection, cut: threading.Event) -> None:
    """Close a connection from the timer's thread: a receiver that trickles its answer a byte
    at a time gets no more than `attempt_seconds()`."""
    cut.set()
    sock = getattr(connection, "sock", None)
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


def post(url: str, body: bytes, headers: dict[str, str]) -> int:
    """POST `body` to the checked endpoint and return the answer's status code, within
    `attempt_seconds()` wall-clock. The answer's body is not read. Raises `EndpointRefused`
    or `SendFailed`. Each attempt has a connection of its own, closed after it."""
    target = resolve(url)
    host = f"[{target.host}]" if ":" in target.host else target.host
    if target.port not in (80, 443):
        host = f"{host}:{target.port}"
    connection = _connection(target)
    cut = threading.Event()
    timer = threading.Timer(attempt_seconds(), _cut, args=(connection, cut))
    timer.start()
    try:
        connection.connect()
        connection.timeout = settings.DISTRIBUTION_READ_TIMEOUT  # each read from here on
        connection.sock.settimeout(connection.timeout)
        connection.request(
            "POST",
            target.path,
            body=body,
            headers={
                **headers,
                "Host": host,
                "Content-Type": "application/json",
                "User-Agent": "Newsroom-Webhooks/1",
                "Connection": "close",
            },
        )
        return connection.getresponse().status
    except (OSError, http.client.HTTPException, urllib3.exceptions.HTTPError) as error:
        if cut.is_set():
            raise SendFailed(f"Timeout: no answer within {attempt_seconds():g} s") from error
        raise SendFailed(f"{type(error).__name__}: {error}") from error
    finally:
        timer.cancel()
        connection.close()
