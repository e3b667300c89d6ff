"""Absolute links in e-mails: built on PORTAL_BASE_URL, else on the address being served.

Every e-mailed link goes through `absolute_url`, so a link works wherever the portal runs:
- PORTAL_BASE_URL when it is set (production sets it: docs/deploy.md);
- else PORTAL_SERVED_URL, which `portal demo --host H --port N` sets to the address it serves;
- else, outside production and while handling a request, the address the request came to
  (`flask run --port N`); production never trusts a request's Host header for links;
- else http://127.0.0.1:5000, the address `portal demo` serves by default.
"""
from __future__ import annotations

from flask import has_request_context, request

from portal.settings import Settings

DEFAULT_BASE_URL = "http://127.0.0.1:5000"


def base_url(settings: Settings) -> str:
    """Return the scheme, host and port (no trailing slash) that e-mailed links start with."""
    for value in (settings.server.base_url, settings.server.served_url):
        value = str(value or "").strip()
        if value:
            return value.rstrip("/")
    if settings.env != "production" and has_request_context():
        return request.host_url.rstrip("/")
    return DEFAULT_BASE_URL


def absolute_url(settings: Settings, path: str) -> str:
    """Return the absolute link to a path of the portal, for an e-mail."""
    return f"{base_url(settings)}/{path.lstrip('/')}"


def served_url(host: str, port: int) -> str:
    """Return the address a server listening on host:port is reached at from this machine."""
    if host in ("0.0.0.0", "::", ""):  # nosec B104: naming the wildcard, not binding to it
        host = "127.0.0.1"
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"
