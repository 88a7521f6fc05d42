"""Subscriber endpoints: checked against server-side request forgery, and posted to.

The rules follow OWASP's SSRF prevention cheat sheet:

- `http` or `https` only, no user name or password in the URL;
- every address the host name resolves to must be a global one: no loopback, private,
  link-local, shared (100.64/10), multicast, reserved or unspecified address, IPv4-mapped ones
  included, unless it lies in a network of the `DISTRIBUTION_ALLOWED_NETWORKS` setting;
- plain `http` only to such an allowed network (an operator's own receivers); elsewhere HTTPS,
  with certificate and host-name checks on;
- the connection goes to the address that was checked, so a second DNS answer cannot point it
  elsewhere (DNS rebinding); redirects are never followed; connect and read timeouts are on.

urllib3, the HTTP client, has no hook for an address policy, so the check is ours: the name is
resolved once, each address checked, and the pool opened on the checked address with the
host name kept for TLS (SNI and certificate) and the `Host` header.
"""

import ipaddress
import socket
import threading
from dataclasses import dataclass
from urllib.parse import urlsplit

import urllib3
from django.conf import settings
from django.core.exceptions import ValidationError

MAX_RESPONSE_BYTES = 64 * 1024


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


def _address_allowed(address) -> bool:
    """True for an address in an allowed network; False for any other non-global address."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    if any(address in network for network in _allowed_networks()):
        return True
    return address.is_global and not address.is_multicast


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
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except ValueError:
        raise EndpointRefused("The endpoint URL's port is not a number from 0 to 65535.") from None
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
    if parts.scheme == "http" and not all(any(a in n for n in allowed) for a in addresses):
        raise EndpointRefused("Use https: plain http only goes to the operator's own networks.")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(parts.scheme, parts.hostname, port, str(addresses[0]), path)


def validate_endpoint(url: str) -> None:
    """Model and form validator: raises `ValidationError` for an endpoint `resolve` refuses."""
    resolve(url)


_pools: dict[Target, urllib3.HTTPConnectionPool] = {}
_pools_lock = threading.Lock()


def _pool(target: Target) -> urllib3.HTTPConnectionPool:
    key = Target(target.scheme, target.host, target.port, target.address, "")
    with _pools_lock:
        if key not in _pools:
            if len(_pools) > 256:
                _pools.clear()
            timeout = urllib3.Timeout(
                connect=settings.DISTRIBUTION_CONNECT_TIMEOUT,
                read=settings.DISTRIBUTION_READ_TIMEOUT,
                total=settings.DISTRIBUTION_CONNECT_TIMEOUT + settings.DISTRIBUTION_READ_TIMEOUT,
            )
            if target.scheme == "https":
                _pools[key] = urllib3.HTTPSConnectionPool(
                    target.address,
                    target.port,
                    timeout=timeout,
                    maxsize=8,
                    cert_reqs="CERT_REQUIRED",
                    server_hostname=target.host,
                    assert_hostname=target.host,
                )
            else:
                _pools[key] = urllib3.HTTPConnectionPool(
                    target.address, target.port, timeout=timeout, maxsize=8
                )
        return _pools[key]


def post(url: str, body: bytes, headers: dict[str, str]) -> int:
    """POST `body` to the checked endpoint; returns the response's status code. Raises
    `EndpointRefused`, or `urllib3.exceptions.HTTPError` for a connection, TLS or timeout
    failure. The response's body is read (up to 64 KiB) and dropped."""
    target = resolve(url)
    host = target.host if target.port in (80, 443) else f"{target.host}:{target.port}"
    response = _pool(target).urlopen(
        "POST",
        target.path,
        body=body,
        headers={
            **headers,
            "Host": host,
            "Content-Type": "application/json",
            "User-Agent": "Newsroom-Webhooks/1",
        },
        redirect=False,
        retries=False,
        assert_same_host=False,
        preload_content=False,
    )
    try:
        whole = len(response.read(MAX_RESPONSE_BYTES)) < MAX_RESPONSE_BYTES
    except Exception:
        response.close()
        raise
    if whole:
        response.release_conn()  # the connection is kept for the next delivery
    else:
        response.close()
    return response.status
