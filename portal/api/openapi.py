"""Build the OpenAPI 3.1 document from the declared operations and their schemas."""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from portal.api.errors import PROBLEM_MIME
from portal.api.operations import Operation
from portal.api.schemas import MAX_ID, Problem

REF = "#/components/schemas/{model}"
RATE_HEADERS = {
    "RateLimit-Limit": "Requests allowed in the current window",
    "RateLimit-Remaining": "Requests left in the current window",
    "RateLimit-Reset": "Seconds until the window resets",
    "RateLimit-Policy": "The limit and the window length, e.g. 600;w=60",
}
DESCRIPTIONS = {
    400: "Invalid query parameters or malformed JSON", 401: "Missing, invalid, expired or "
    "revoked token", 403: "The token lacks the scope, or the user's role may not do this",
    404: "Not found, or not visible to you", 409: "Conflicts with the current state",
    413: "The upload is too large", 415: "Wrong content type",
    422: "The body is not valid", 429: "Rate limit exceeded; see Retry-After",
}


def build_document(operations: list[Operation], *, version: str, server_url: str) -> dict:
    """Return the OpenAPI document describing the operations."""
    wanted: list[tuple[type[BaseModel], str]] = [(Problem, "serialization")]
    for op in operations:
        if op.body is not None and not op.multipart:
            wanted.append((op.body, "validation"))
        if op.response is not None:
            wanted.append((op.response, "serialization"))
    key_map, top = models_json_schema(list(dict.fromkeys(wanted)), ref_template=REF)
    refs = {model: ref for (model, _mode), ref in key_map.items()}
    components = top.get("$defs", {})
    paths: dict[str, dict[str, Any]] = {}
    for op in operations:
        paths.setdefault(op.path, {})[op.method.lower()] = _operation(op, refs)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Vendor Assurance Portal API", "version": version,
            "description": "Token-authenticated access to vendors, assessments, answers, "
                           "documents, scores and findings. See docs/api.md.",
        },
        "servers": [{"url": server_url}],
        "security": [{"bearerAuth": []}],
        "tags": _tags(operations),
        "paths": paths,
        "components": {
            "schemas": components,
            "securitySchemes": {
                "bearerAuth": {"type": "http", "scheme": "bearer",
                               "description": "A personal API token (vap_...) from the "
                                              "account page"},
            },
            "headers": {name: {"description": text, "schema": {"type": "integer"}
                               if name != "RateLimit-Policy" else {"type": "string"}}
                        for name, text in RATE_HEADERS.items()},
        },
    }


def _tags(operations: list[Operation]) -> list[dict[str, str]]:
    seen: dict[str, str] = {}
    for op in operations:
        seen.setdefault(op.tag, op.tag.capitalize())
    return [{"name": name} for name in seen]


def _operation(op: Operation, refs: dict[type[BaseModel], Any]) -> dict[str, Any]:
    item: dict[str, Any] = {
        "operationId": op.endpoint, "summary": op.summary, "tags": [op.tag],
        "parameters": _path_parameters(op) + (_query_parameters(op.query) if op.query else []),
        "responses": _responses(op, refs),
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
        item["requestBody"] = {"required": True, "content": _request_content(op, refs)}
    return item


def _path_parameters(op: Operation) -> list[dict[str, Any]]:
    parameters = []
    for name in op.path_parameters:
        schema = ({"type": "string", "pattern": r"^[A-Za-z0-9_.\-]{1,64}$"}
                  if name == "question_id" else
                  {"type": "integer", "minimum": 1, "maximum": MAX_ID})
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


def _request_content(op: Operation, refs: dict[type[BaseModel], Any]) -> dict[str, Any]:
    assert op.body is not None
    if not op.multipart:
        return {"application/json": {"schema": refs[op.body]}}
    schema = op.body.model_json_schema(ref_template=REF)
    properties = {"file": {"type": "string", "contentMediaType": "application/octet-stream",
                           "description": "The file"}}
    for name, prop in schema.get("properties", {}).items():
        options = [o for o in prop.get("anyOf", []) if o.get("type") != "null"]
        clean = {k: v for k, v in prop.items() if k not in ("anyOf", "title", "default")}
        properties[name] = {**clean, **(options[0] if options else {})}
    return {"multipart/form-data": {"schema": {
        "type": "object", "required": ["file"], "properties": properties}}}


def _responses(op: Operation, refs: dict[type[BaseModel], Any]) -> dict[str, Any]:
    headers = {name: {"$ref": f"#/components/headers/{name}"} for name in RATE_HEADERS}
    success: dict[str, Any] = {"description": op.summary}
    if op.response is not None:
        success["content"] = {"application/json": {"schema": refs[op.response]}}
    elif op.content is not None:
        success["content"] = dict(op.content)
    if op.scope is not None:
        success["headers"] = headers
    responses: dict[str, Any] = {str(op.status): success}
    codes = set(op.errors)
    if op.scope is not None:
        codes |= {401, 403, 429}
    if op.path_parameters:
        codes.add(404)
    if op.query is not None:
        codes.add(400)
    if op.body is not None:
        codes |= {400, 415, 422}
    for code in sorted(codes):
        responses[str(code)] = {
            "description": DESCRIPTIONS.get(code, "Error"),
            "content": {PROBLEM_MIME: {"schema": refs[Problem]}},
        }
        if code == 429:
            responses[str(code)]["headers"] = {
                "Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer"}},
                **headers}
    return responses
