"""The /api/v1 blueprint: every resource's operations, the OpenAPI document and /me."""
from __future__ import annotations

from flask import Blueprint, Response, g, json, request

from portal.api import errors, schemas
from portal.api.openapi import build_document
from portal.api.operations import Call, Operations, register
from portal.api.resources import (
    answers,
    assessments,
    certificates,
    contacts,
    documents,
    findings,
    jobs,
    scorecards,
    vendors,
    webhooks,
)

API_VERSION = "1.0.0"

bp = Blueprint("api", __name__, url_prefix="/api/v1")
errors.init_blueprint(bp)

meta = Operations("meta", "The token and the API description.")


@meta.route("GET", "/me", summary="Describe the calling token", response=schemas.TokenInfo)
def me(call: Call):
    """Return who the token belongs to, its scopes and expiry; handy to test a token."""
    user, token = call.user, call.token
    assert token is not None
    return schemas.TokenInfo(
        user=schemas.UserRef(id=user.id, name=user.name, email=user.email, role=user.role.value,
                             vendor_id=user.vendor_id),
        token=token.display_prefix, scopes=sorted(token.scope_set), expires_at=token.expires_at)


@bp.get("/openapi.json")
def openapi():
    """Serve the OpenAPI 3.1 document; no token needed."""
    document = build_document(OPERATIONS, version=API_VERSION,
                              server_url=request.host_url.rstrip("/") + bp.url_prefix)
    return Response(json.dumps(document), mimetype="application/json")


@bp.after_request
def _rate_headers(response: Response) -> Response:
    decision = g.get("api_rate")
    if decision is not None:
        for name, value in decision.headers().items():
            response.headers.setdefault(name, value)
    response.headers.setdefault("Cache-Control", "no-store")
    return response


OPERATIONS = register(bp, [meta, vendors.ops, contacts.ops, assessments.ops, answers.ops,
                           documents.ops, certificates.ops, findings.ops, scorecards.ops,
                           webhooks.ops, jobs.ops])
