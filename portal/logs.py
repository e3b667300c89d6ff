"""Application logging: plain text by default, one JSON object per line with LOG_FORMAT=json.

JSON lines carry the time, level, logger and message, and inside a request its method, path,
client address, signed-in user id and a request id (taken from X-Request-ID when the proxy sets
one), so a log collector can group everything one request logged.
"""
from __future__ import annotations

import logging
import secrets

from flask import Flask, g, has_request_context, request

from portal.settings.current import settings_for

JSON_FIELDS = "{levelname}{name}{message}"


class RequestContext(logging.Filter):
    """Add the current request's details to every record logged while it is handled."""

    def filter(self, record: logging.LogRecord) -> bool:
        if has_request_context():
            record.request_id = request_id()
            record.method, record.path = request.method, request.path
            record.remote_addr = request.remote_addr
            user_id = getattr(g, "_login_user", None)
            record.user_id = getattr(user_id, "id", None)
        return True


def request_id() -> str:
    value = g.get("request_id")
    if value is None:
        sent = request.headers.get("X-Request-ID", "")
        value = sent[:64] if sent.isascii() and sent.isprintable() and sent else \
            secrets.token_hex(8)
        g.request_id = value
    return value


def init_app(app: Flask) -> None:
    """Configure the root logger once per process, as LOG_FORMAT and LOG_LEVEL ask."""
    server = settings_for(app).server
    if server.log_format != "json":
        return
    from pythonjsonlogger.json import JsonFormatter  # here: only JSON logging needs it

    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter(
        JSON_FIELDS, style="{", timestamp=True,
        rename_fields={"levelname": "level", "name": "logger"}))
    handler.addFilter(RequestContext())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(server.log_level)
    app.logger.handlers.clear()  # propagate to the root handler only
    app.logger.propagate = True

    @app.after_request
    def _echo_request_id(response):
        response.headers.setdefault("X-Request-ID", request_id())
        return response
