"""Friendly error pages (HTML) and problem documents (JSON requests)."""
from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from flask import Flask, flash, g, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import (
    HTTPException,
    InternalServerError,
    UnprocessableEntity,
    default_exceptions,
)

from portal.domain import DomainError
from portal.extensions import db

MESSAGES = {
    400: ("Bad request", "The request could not be understood. Go back and try again."),
    403: ("Not allowed", "You do not have access to this page."),
    404: ("Not found", "There is nothing here. The link may be old or mistyped."),
    405: ("Not allowed", "This page does not accept that kind of request."),
    409: ("Conflict", "Someone else changed this in the meantime. Reload and try again."),
    413: ("File too large", "The upload is larger than the portal accepts."),
    422: ("Not possible", "The portal refused this action."),
    429: ("Too many attempts", "Too many attempts. Wait a few minutes and try again."),
    500: ("Something went wrong", "An unexpected error happened. It has been logged."),
    503: ("Busy", "The portal is busy. Try again in a few seconds; nothing was saved by that "
                  "request."),
}
BUSY_RETRY_AFTER = 5  # seconds
# Surfaces that answer HTTP errors under a path prefix in their own format (the API's problem
# documents): {prefix: render(error)}, filled by register_renderer from their init_app.
RENDERERS = "portal.error_renderers"


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return request.is_json or best == "application/json"


def register_renderer(app: Flask, prefix: str,
                      render: Callable[[HTTPException], ResponseReturnValue]) -> None:
    """Have HTTP errors under a path prefix answered by render(error) instead of a page."""
    app.extensions.setdefault(RENDERERS, {})[prefix] = render


def init_app(app: Flask) -> None:
    """Register the error handlers."""

    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError):
        return _render(400, "Your form expired or was sent from elsewhere. Reload the page and "
                            "submit again; nothing you typed was saved by that request.")

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        code = error.code or 500
        for prefix, render in app.extensions.get(RENDERERS, {}).items():
            if request.path.startswith(prefix):  # e.g. routing errors under /api as problems
                return render(error)
        detail = error.description if code in (400, 409, 413, 429) else None
        return _render(code, detail)

    @app.errorhandler(DomainError)
    def _refused(error: DomainError):
        # A refusal no route caught: nothing of the action is kept, and the user reads why.
        db.session.rollback()
        if error.http_status != 422:
            return _http(default_exceptions[error.http_status]())
        message = str(getattr(error, "message", None) or error)
        for prefix, render in app.extensions.get(RENDERERS, {}).items():
            if request.path.startswith(prefix):
                return render(UnprocessableEntity(message))
        target = g.get("refusal_target")  # the route's form flow, whatever the client accepts
        if target is None and (request.method in ("GET", "HEAD") or _wants_json()):
            return _render(422, message)
        flash(message, "error")
        return redirect(target or _back())

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        db.session.rollback()
        if _database_busy(error):  # issue 13: SQLite waited its busy timeout out
            app.logger.warning("Database busy on %s %s", request.method, request.path)
            response = _render(503, None)
            response = app.make_response(response)
            response.headers["Retry-After"] = str(BUSY_RETRY_AFTER)
            return response
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        return _render(500, None, InternalServerError())


def send_refusals_to(url: str) -> str:
    """Have a refusal this request does not catch redirect to url instead of back; return url.

    For a form whose page is not simply the one it was sent from (the referrer), so that the
    route needs no try/except: `target = send_refusals_to(url_for(...))`, run the service,
    commit, flash the success, `return redirect(target)`.
    """
    g.refusal_target = url
    return url


def _back() -> str:
    """Return the page the refused form was sent from (this site's only), else the home page."""
    referrer = request.referrer or ""
    parts = urlsplit(referrer)
    if referrer and parts.netloc == request.host and parts.scheme in ("http", "https"):
        return referrer
    return url_for("main.index")


def _database_busy(error: Exception) -> bool:
    return isinstance(error, OperationalError) and "database is locked" in str(error)


def _render(code: int, detail: str | None, _exc: Exception | None = None):
    title, default = MESSAGES.get(code, ("Error", "Something went wrong."))
    message = detail or default
    if _wants_json():
        response = jsonify(type="about:blank", title=title, status=code, detail=message)
        response.status_code = code
        response.mimetype = "application/problem+json"
        return response
    return render_template("errors/error.html", code=code, title=title, message=message), code
