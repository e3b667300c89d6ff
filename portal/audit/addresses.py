"""The client address an audit event records: the request's (proxy.py decides whose that is)."""
from __future__ import annotations

from flask import Flask, has_request_context, request

from portal.audit import services


def client_ip() -> str | None:
    """Return the address of the request being served, or None outside a request."""
    return request.remote_addr if has_request_context() else None


def init_app(app: Flask) -> None:
    """Make audit events record the client address of the request that caused them."""
    # The services take no request; the web layer hands them this provider once.
    services.request_ip_provider = client_ip
