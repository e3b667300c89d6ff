"""Build the OpenAPI 3.1 document from the declared operations and their schemas.

Every schema comes from the pydantic model that validates the request or builds the response,
so constraints (patterns, lengths, ranges, nested items, discriminated unions) are the ones the
server enforces.
"""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from portal.api import idempotency
from portal.api.errors import PROBLEM_MIME
from portal.api.operations import STRING_PARAMETERS, Operation
from portal.api.schemas import MAX_ID, Problem

REF = "#/components/schemas/{model}"
RATE_HEADERS = {
    "RateLimit-Limit": ("Requests allowed in the current window", {"type": "integer"}),
    "RateLimit-Remaining": ("Requests left in the current window", {"type": "integer"}),
    "RateLimit-Reset": ("Seconds until the window resets", {"type": "integer"}),
    "RateLimit-Policy": ("The limit and the window length, e.g. 600;w=60", {"type": "string"}),
}
# Success headers an operation may declare by name (Operation.headers).
HEADERS = {
    "Location": ("The URL of the created resource", {"type": "string"}, True),
    "Link": ("Pages: rel first, prev, next and last, keeping the filters", {"type": "string"},
             True),
    "Content-Disposition": ("attachment; filename=...", {"type": "string"}, True),
}
REPLAYED_HEADER = ("true when this is the stored reply to an earlier request with the same "
                   "Idempotency-Key", {"type": "string", "enum": ["true"]})
DESCRIPTIONS = {
    400: "Invalid query parameters or headers, malformed or too deeply nested JSON",
    401: "Missing, invalid, expired or revoked token", 403: "The token lacks the scope, or the "
    "user's role may not do this", 404: "Not found, or not visible to you",
    409: "Conflicts with the current state", 413: "The upload is too large",
    415: "Wrong content type", 422: "The body is not valid, or the change is refused",
    429: "Too many requests: over the token's rate limit, or too many invalid tokens from your "
         "address; wait Retry-After seconds",
}
PATH_SCHEMAS = {
    "question_id": {"type": "string", "pattern": r"^[A-Za-z0-9_.\-]{1,64}$"},
}


def build_document(operations: list[Operation], *, version: str, server_url: str) -> dict:
    """Return the OpenAPI document describing the operations."""
    wanted: list[tuple[type[BaseModel], str]] = [(Problem, "serialization")]
    for op in operations:
        if op.body is not None:
            wanted.append((op.body, "validation"))
        if op.response is not None:
            wanted.append((op.response, "serialization"))
    key_map, top = models_json_schema(list(dict.fromkeys(wanted)), ref_template=REF)
    refs = {model: ref for (model, _mode), ref in key_map.items()}
    paths: dict[str, dict[str, Any]] = {}
    for op in operations:
        paths.setdefault(op.path, {})[op.method.lower()] = _operation(op, refs)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Vendor Assurance Portal API", "version": version,
            "description": "Token-authenticated access to the whole vendor assurance process: "
                           "vendors, contacts, tiering, assessments, answers, documents, "
                           "certificates, findings, scores, decisions, webhooks and jobs. "
                           "See docs/api.md.",
        },
        "servers": [{"url": server_url}],
        "security": [{"bearerAuth": []}],
        "tags": _tags(operations),
        "paths": paths,
        "components": {
            "schemas": top.get("$defs", {}),
            "securitySchemes": {
                "bearerAuth": {"type": "http", "scheme": "bearer",
                               "description": "A personal API token (vap_...) from the "
                                              "account page"},
            },
            "headers": {name: {"description": text, "required": True, "schema": schema}
                        for name, (text, schema) in RATE_HEADERS.items()},
        },
    }


def _tags(operations: list[Operation]) -> list[dict[str, str]]:
    return [{"name": name} for name in dict.fromkeys(op.tag for op in operations)]


def _operation(op: Operation, refs: dict[type[BaseModel], Any]) -> dict[str, Any]:
    parameters = _path_parameters(op) + (_query_parameters(op.query) if op.query else [])
    if op.idempotent:
        parameters.append({
            "name": idempotency.HEADER, "in": "header", "required": False,
            "description": "Any unique string (a UUID): repeating the request with the same key "
                           "within 24 hours returns the first reply instead of creating again",
            "schema": {"type": "string", "pattern": idempotency.KEY_PATTERN}})
    item: dict[str, Any] = {
        "operationId": op.endpoint, "summary": op.summary, "tags": [op.tag],
        "parameters": parameters, "responses": _responses(op, refs),
    }
    if op.description:
        item["description"] = op.description
    if op.scope is None:
        item["security"] = []
    else:
        roles = ", ".join(r.value for r in op.roles)
        item["description"] = (item.get("description", "") +
                               f"\n\nScope: `{op.scope}`. Roles: {roles}.").strip()
    if op.body is not None:
        mime = "multipart/form-data" if op.multipart else "application/json"
        item["requestBody"] = {"required": True, "content": {mime: {"schema": refs[op.body]}}}
    return item


def _path_parameters(op: Operation) -> list[dict[str, Any]]:
    parameters = []
    for name in op.path_parameters:
        schema = (PATH_SCHEMAS[name] if name in STRING_PARAMETERS
                  else {"type": "integer", "minimum": 1, "maximum": MAX_ID})
        parameters.append({"name": name, "in": "path", "required": True, "schema": schema})
    return parameters


def _query_parameters(model: type[BaseModel]) -> list[dict[str, Any]]:
    schema = model.model_json_schema(ref_template=REF)
    parameters = []
    for name, prop in schema.get("properties", {}).items():
        prop = dict(prop)
        description = prop.pop("description", None)
        prop.pop("title", None)
        options = [o for o in prop.pop("anyOf", []) if o.get("type") != "null"]
        if options:  # optional filters: a missing parameter, never an explicit null
            prop.update(options[0])
            if prop.get("default", "") is None:
                prop.pop("default")
        parameter = {"name": name, "in": "query", "required": name in schema.get("required", ()),
                     "schema": prop}
        if description:
            parameter["description"] = description
        parameters.append(parameter)
    return parameters


def _rate_headers() -> dict[str, Any]:
    return {name: {"$ref": f"#/components/headers/{name}"} for name in RATE_HEADERS}


def _responses(op: Operation, refs: dict[type[BaseModel], Any]) -> dict[str, Any]:
    success: dict[str, Any] = {"description": op.summary}
    if op.response is not None:
        success["content"] = {"application/json": {"schema": refs[op.response]}}
    elif op.content is not None:
        success["content"] = dict(op.content)
    headers: dict[str, Any] = _rate_headers() if op.scope is not None else {}
    for name in op.headers:
        text, schema, required = HEADERS[name]
        headers[name] = {"description": text, "required": required, "schema": schema}
    if op.idempotent:
        headers[idempotency.REPLAYED] = {"description": REPLAYED_HEADER[0],
                                         "schema": REPLAYED_HEADER[1]}
    if headers:
        success["headers"] = headers
    if op.links:
        success["links"] = {name: dict(link) for name, link in op.links.items()}
    responses: dict[str, Any] = {str(op.status): success}
    for code in sorted(_error_codes(op)):
        response: dict[str, Any] = {
            "description": DESCRIPTIONS.get(code, "Error"),
            "content": {PROBLEM_MIME: {"schema": refs[Problem]}},
        }
        if code == 429:
            response["headers"] = {
                "Retry-After": {"description": "Seconds to wait", "required": True,
                                "schema": {"type": "integer"}},
                **_rate_headers()}
        elif code == 404 and op.scope is not None:
            # A path that matches no operation (a path id that is not a whole number) is
            # answered before any token is read or counted, so the headers may be absent.
            response["headers"] = {
                name: {"description": f"{text} (absent when the path matched no operation)",
                       "required": False, "schema": schema}
                for name, (text, schema) in RATE_HEADERS.items()}
        elif op.scope is not None and code != 401:
            response["headers"] = _rate_headers()  # counted before anything else is judged
        responses[str(code)] = response
    return responses


def _error_codes(op: Operation) -> set[int]:
    codes = set(op.errors)
    if op.scope is not None:
        codes |= {401, 403, 429}
    if op.path_parameters:
        codes.add(404)
    if op.query is not None:
        codes.add(400)
    if op.body is not None:
        codes |= {400, 415, 422}
    if op.multipart:
        codes.add(413)
    if op.idempotent:
        codes |= {400, 409, 422}
    return codes
