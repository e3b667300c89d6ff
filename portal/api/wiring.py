"""Attach the API to the app: its blueprints, the signal receivers, and its error documents."""
from __future__ import annotations

from flask import Flask

from portal import errors
from portal.api import auditing, webhook_jobs, webhooks
from portal.api.blueprint import bp
from portal.api.errors import http_problem
from portal.api.pages import tokens_bp, webhooks_bp
from portal.extensions import csrf


def init_app(app: Flask) -> None:
    """Register the API blueprint (without CSRF: it takes no cookies), the pages and listeners."""
    auditing.install()
    webhook_jobs.install()
    webhooks.install()
    csrf.exempt(bp)
    for blueprint in (bp, tokens_bp, webhooks_bp):
        app.register_blueprint(blueprint)
    errors.register_renderer(app, "/api/", http_problem)  # routing errors too, as problems
