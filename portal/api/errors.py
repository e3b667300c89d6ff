"""Problem details (RFC 9457) for every error under /api."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, json, request
from werkzeug.exceptions import HTTPException

PROBLEM_MIME = "application/problem+json"
# Problem types specific to this API; plain HTTP errors use "about:blank". Documented in api.md.
PROBLEM_BASE = "urn:vap:problem:"

TITLES = {
    400: "Bad request", 401: "Unauthenticated", 403: "Forbidden", 404: "Not found",
    405: "Method not allowed", 409: "Conflict", 413: "Payload too large",
    415: "Unsupported media type", 422: "Unprocessable content", 429: "Too many requests",
    500: "Internal server error",
}


class ApiProblem(Exception):
    """An error the API reports as a problem document."""

    def __init__(self, status: int, detail: str, *, kind: str | None = None,
                 title: str | None = None, headers: dict[str, str] | None = None,
                 **extensions: Any) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.kind = kind
        self.title = title or TITLES.get(status, "Error")
        self.headers = headers or {}
        self.extensions = extensions


def problem_response(status: int, detail: str | None, *, kind: str | None = None,
                     title: str | None = None, headers: dict[str, str] | None = None,
                     **extensions: Any) -> Response:
    """Build an application/problem+json response."""
    body: dict[str, Any] = {
        "type": f"{PROBLEM_BASE}{kind}" if kind else "about:blank",
        "title": title or TITLES.get(status, "Error"),
        "status": status,
        "detail": detail or title or TITLES.get(status, "Error"),
        "instance": request.path,
        **extensions,
    }
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_MIME)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def init_blueprint(bp: Blueprint) -> None:
    """Answer the blueprint's errors with problem documents."""

    @bp.errorhandler(ApiProblem)
    def _problem(error: ApiProblem):
        return problem_response(error.status, error.detail, kind=error.kind, title=error.title,
                                headers=error.headers, **error.extensions)

    bp.register_error_handler(HTTPException, http_problem)


def http_problem(error: HTTPException) -> Response:
    """Answer an HTTP error (404, 405, 413 ...) with a problem document."""
    code = error.code or 500
    detail = error.description if code < 500 else None
    headers = {}
    if code == 405 and getattr(error, "valid_methods", None):
        headers["Allow"] = ", ".join(error.valid_methods)
    return problem_response(code, detail, headers=headers)
