"""Trust a reverse proxy's X-Forwarded-* headers, but only from the proxy (issue 13).

Without this the client address of every request behind a proxy is the proxy's: throttles
would count every user together and the audit log would record the proxy for every action.
Set TRUSTED_PROXIES to the proxy's addresses or networks (and PROXY_HOPS when there are
several proxies in a row); requests from anywhere else keep their own address, so a client
that reaches the portal directly cannot forge one with an X-Forwarded-For header.
"""
from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from portal.settings.current import settings_for

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(text: str | Iterable[str] | None) -> list[Network]:
    """Parse addresses and networks ("10.0.0.5, 10.1.0.0/16"). Raises: ValueError."""
    if not text:
        return []
    parts = text.replace(";", ",").split(",") if isinstance(text, str) else list(text)
    networks = []
    for part in (p.strip() for p in parts):
        if part:
            try:
                networks.append(ipaddress.ip_network(part, strict=False))
            except ValueError:
                raise ValueError(f"TRUSTED_PROXIES: {part!r} is not an IP address or network "
                                 "(write e.g. 10.0.0.5 or 10.0.0.0/24).") from None
    return networks


class TrustedProxyFix:
    """Apply werkzeug's ProxyFix to requests whose peer is a trusted proxy, and only to them."""

    def __init__(self, app: Callable, networks: list[Network], hops: int) -> None:
        self.app = app
        self.networks = networks
        self.fixed = ProxyFix(app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops,
                              x_prefix=hops)

    def _trusted(self, peer: str | None) -> bool:
        if not self.networks:
            return True  # PROXY_HOPS without TRUSTED_PROXIES: every peer is the proxy
        try:
            address = ipaddress.ip_address(peer or "")
        except ValueError:
            return False
        return any(address in network for network in self.networks)

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Any:
        if self._trusted(environ.get("REMOTE_ADDR")):
            return self.fixed(environ, start_response)
        return self.app(environ, start_response)


def init_app(app: Flask) -> None:
    """Wrap the WSGI app when TRUSTED_PROXIES or PROXY_HOPS is set."""
    server = settings_for(app).server
    networks = parse_networks(server.trusted_proxies)
    hops = server.proxy_hops
    if networks and hops < 1:
        hops = 1
    if hops < 1:
        return
    app.wsgi_app = TrustedProxyFix(app.wsgi_app, networks, hops)  # type: ignore[method-assign]
