"""Webhook URLs, signatures and the HTTP call. Pure: standard library only."""
from __future__ import annotations

import fnmatch
import hashlib
import hmac
import ipaddress
import re
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from portal.domain import DomainError

SIGNATURE_HEADER = "X-Portal-Signature"
USER_AGENT = "VendorAssurancePortal-Webhooks/1"
MAX_URL_LENGTH = 2000
_NUMERIC_HOST = re.compile(r"^(?:0x[0-9a-f]+|[0-9]+)(?:\.(?:0x[0-9a-f]+|[0-9]+)){0,3}$")


class UnsafeUrl(DomainError, ValueError):
    """The URL may not receive webhooks; the message says why."""


@dataclass(frozen=True)
class SendResult:
    ok: bool
    status_code: int | None
    error: str | None


def check_url(url: str, *, allowed_hosts: Sequence[str] = (),
              block_private: bool = True, resolve: bool = False) -> str:
    """Return the URL when it may receive webhooks. Raises: UnsafeUrl.

    Only http and https; no credentials in the URL; when allowed_hosts is set the host must
    match one of its patterns ("hooks.example.com", "*.example.com"); with block_private,
    literal (and, with resolve, resolved) loopback, private, link-local and reserved
    addresses are refused.
    """
    if len(url) > MAX_URL_LENGTH:
        raise UnsafeUrl(f"Keep the URL under {MAX_URL_LENGTH} characters.")
    try:  # urllib raises ValueError for a malformed [IPv6] host or port
        parts = urlsplit(url.strip())
        hostname, port = parts.hostname, parts.port
    except ValueError:
        raise UnsafeUrl("This is not a valid URL.") from None
    if parts.scheme not in ("http", "https"):
        raise UnsafeUrl("Only http:// and https:// URLs can receive webhooks.")
    if not hostname:
        raise UnsafeUrl("The URL has no host name.")
    if parts.username or parts.password:
        raise UnsafeUrl("Put no user name or password in the URL; verify the signature instead.")
    host = hostname.lower().rstrip(".")
    if allowed_hosts and not any(fnmatch.fnmatchcase(host, p.lower()) for p in allowed_hosts):
        raise UnsafeUrl(f"{host} is not among the hosts allowed to receive webhooks.")
    if block_private:
        addresses = _literal_address(host)
        if addresses is None and resolve:
            addresses = _resolve(host, port or (443 if parts.scheme == "https" else 80))
        for address in addresses or ():
            if not address.is_global or address.is_multicast:
                raise UnsafeUrl(f"{host} points at a private or reserved address ({address}).")
    return url.strip()


def _literal_address(host: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address] | None:
    if host == "localhost" or host.endswith(".localhost"):
        return [ipaddress.ip_address("127.0.0.1")]
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    # Issue 13: the resolver also reads short and numeric IPv4 forms ("127.1", "2130706433",
    # "0x7f000001", "0177.0.0.1") as addresses, without asking DNS; read them the same way.
    if _NUMERIC_HOST.match(host):
        try:
            return [ipaddress.IPv4Address(socket.inet_aton(host))]
        except OSError:
            return None
    return None


def _resolve(host: str, port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise UnsafeUrl(f"{host} cannot be resolved ({exc}).") from None
    return [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]


def sign(secret: str, body: bytes, *, timestamp: int | None = None) -> str:
    """Return the signature header value: t=<unix time>,v1=<HMAC-SHA256 of "t.body">."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def verify(secret: str, header: str, body: bytes, *, tolerance: int = 300,
           now: float | None = None) -> bool:
    """Tell whether a signature header is valid for the body and recent enough."""
    fields: dict[str, list[str]] = {}
    for part in header.split(","):
        key, _, value = part.strip().partition("=")
        fields.setdefault(key, []).append(value)
    try:
        timestamp = int(fields["t"][0])
    except (KeyError, ValueError):
        return False
    if abs((time.time() if now is None else now) - timestamp) > tolerance:
        return False
    expected = sign(secret, body, timestamp=timestamp).split("v1=", 1)[1]
    return any(hmac.compare_digest(expected, v) for v in fields.get("v1", []))


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: N802 - stdlib name
        return None  # a redirect is reported as the 3xx it is, never followed


# No proxy from the environment either: the allow-list applies to the host actually contacted.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirects)


def post(url: str, body: bytes, headers: dict[str, str], *, timeout: float) -> SendResult:
    """POST the body; success means a 2xx answer within the timeout."""
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": "application/json", "User-Agent": USER_AGENT, **headers})
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            code = response.status
            response.read(1024)
    except urllib.error.HTTPError as exc:
        code = exc.code
        exc.close()
        kind = "redirect (not followed)" if 300 <= code < 400 else "error status"
        return SendResult(False, code, f"HTTP {code}: {kind}")
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return SendResult(False, None, f"{type(exc).__name__}: {reason}"[:500])
    if 200 <= code < 300:
        return SendResult(True, code, None)
    return SendResult(False, code, f"HTTP {code}")
