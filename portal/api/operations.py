"""Declare API operations once: the same declaration routes, checks and documents a call."""
from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, g, json, request
from pydantic import BaseModel, RootModel, ValidationError

from portal.api import auditing, idempotency, jsonbody, ratelimit, services
from portal.api.auth import authenticate_request, require_scope
from portal.api.errors import ApiProblem
from portal.api.models import ApiToken
from portal.api.schemas import MAX_ID, PageMeta, PageQuery
from portal.auth.models import Role, User
from portal.extensions import db
from portal.settings.current import current_settings

ALL_ROLES = tuple(Role)
STAFF = (Role.ADMIN, Role.PROCUREMENT, Role.CONTRACT_MANAGER)
EDITORS = (Role.ADMIN, Role.PROCUREMENT)
VENDORS = (Role.VENDOR,)
STRING_PARAMETERS = {"question_id"}  # every other {name} in a path is a positive integer id
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # OpenAPI form: /vendors/{vendor_id}
    endpoint: str
    view: Callable[..., Any]
    summary: str
    tag: str
    scope: str | None  # None: public, no token needed
    roles: tuple[Role, ...]
    query: type[BaseModel] | None = None
    body: type[BaseModel] | None = None
    multipart: bool = False  # the body model's fields are form parts, its `file` the file
    response: type[BaseModel] | None = None
    status: int = 200
    content: Mapping[str, Any] | None = None  # a non-JSON success body, e.g. a download
    errors: tuple[int, ...] = ()
    description: str = ""
    headers: tuple[str, ...] = ()  # success headers beyond the rate-limit ones (openapi.HEADERS)
    # OpenAPI links from the success response to other operations: {name: {operationId,
    # parameters}}; Schemathesis follows them in its stateful run.
    links: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    idempotent: bool = False  # honours an Idempotency-Key header (POSTs that create things)

    @property
    def path_parameters(self) -> list[str]:
        return _PLACEHOLDER.findall(self.path)

    @property
    def flask_rule(self) -> str:
        return _PLACEHOLDER.sub(
            lambda m: f"<{'string' if m.group(1) in STRING_PARAMETERS else 'int'}:{m.group(1)}>",
            self.path)


@dataclass
class Call:
    """What a view needs to know about the request, already checked and parsed.

    The body is parsed when the view first reads it, so that a view can answer 404 for an
    object the caller may not see before it judges the body.
    """

    user: User
    token: ApiToken | None
    operation: Operation
    query: Any = None
    _parsed: tuple[Any, dict[str, Any]] | None = None

    @property
    def body(self) -> Any:
        if self._parsed is None:
            self._parsed = _parse_body(self.operation)
        return self._parsed[0]

    @property
    def files(self) -> Mapping[str, Any]:
        self.body  # noqa: B018 - parses the request once
        assert self._parsed is not None
        return self._parsed[1]


@dataclass
class Reply:
    model: BaseModel
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)


class Operations:
    """A group of operations under one OpenAPI tag."""

    def __init__(self, tag: str, description: str = "") -> None:
        self.tag = tag
        self.description = description
        self.items: list[Operation] = []

    def route(self, method: str, path: str, *, summary: str, scope: str | None = "read",
              roles: tuple[Role, ...] = ALL_ROLES, **options: Any) -> Callable:
        """Declare the decorated function as the view of an operation."""

        def decorator(view: Callable) -> Callable:
            self.items.append(Operation(
                method=method, path=path, endpoint=view.__name__, view=view, summary=summary,
                tag=self.tag, scope=scope, roles=roles,
                description=(view.__doc__ or "").strip(), **options))
            return view

        return decorator


def register(bp: Blueprint, groups: list[Operations]) -> list[Operation]:
    """Add every operation's URL rule to the blueprint and return the operations."""
    operations = [op for group in groups for op in group.items]
    for op in operations:
        bp.add_url_rule(op.flask_rule, endpoint=op.endpoint, view_func=_handler(op),
                        methods=[op.method])
    return operations


def _handler(op: Operation) -> Callable[..., Response]:
    def handle(**path: Any) -> Response:
        token = None
        if op.scope is not None:
            token = authenticate_request()
            _count_request(token)
            require_scope(token, op.scope)
            if token.user.role not in op.roles:
                raise ApiProblem(403, "Your role cannot use this operation.", kind="forbidden")
        for value in path.values():
            if isinstance(value, int) and not 1 <= value <= MAX_ID:
                raise ApiProblem(404, "There is nothing here.")
        call = Call(user=token.user if token else None, token=token,  # type: ignore[arg-type]
                    operation=op)
        if op.query is not None:
            call.query = _parse_query(op.query)
        held = None
        key = request.headers.get(idempotency.HEADER) if op.idempotent else None
        if key is not None:
            held = _claim_key(call, key)
            if isinstance(held, idempotency.StoredReply):
                return _replay(held)
        try:
            if token is not None:
                with auditing.api_call(token.display_prefix):
                    result = op.view(call, **path)
            else:
                result = op.view(call, **path)
            response = _respond(op, result)
        except Exception:
            db.session.rollback()
            if held is not None:
                idempotency.release(held)
            raise
        if held is not None:
            if response.status_code < 300:
                idempotency.complete(held, status=response.status_code,
                                     body=response.get_data(as_text=True),
                                     location=response.headers.get("Location"))
            else:
                idempotency.release(held)
        return response

    handle.__name__ = op.endpoint
    return handle


def _count_request(token: ApiToken) -> None:
    decision = ratelimit.hit(token.id, settings=current_settings())
    g.api_rate = decision
    services.record_use(token, ip=request.remote_addr)
    db.session.commit()  # the count and last use stand whatever the call does next
    if not decision.allowed:
        raise ApiProblem(429, f"Rate limit of {decision.limit} requests per {decision.window} "
                              f"seconds exceeded; retry in {decision.reset} seconds.",
                         kind="rate-limited", headers={"Retry-After": str(decision.reset)})


def _claim_key(call: Call, key: str) -> idempotency.StoredReply | int:
    if not idempotency.is_valid_key(key):
        raise ApiProblem(400, "The Idempotency-Key header must be 1 to 255 visible ASCII "
                              "characters, for example a UUID.", kind="invalid-parameters",
                         errors=[{"parameter": idempotency.HEADER, "detail": "Invalid key"}])
    call.body  # noqa: B018 - an invalid request is refused before it holds the key
    try:
        return idempotency.claim(call.user.id, key, idempotency.fingerprint(
            request.method, request.path, _request_content(call.operation)))
    except idempotency.KeyReused:
        raise ApiProblem(422, "This Idempotency-Key was already used with a different "
                              "request; use a new key for a new request.",
                         kind="idempotency-key-reused") from None
    except idempotency.KeyInUse:
        raise ApiProblem(409, "A request with this Idempotency-Key is still being processed; "
                              "retry in a moment.", kind="idempotency-key-in-use",
                         headers={"Retry-After": "1"}) from None


def _request_content(op: Operation) -> Any:
    """What a request says, independent of its encoding (JSON spacing, multipart boundary)."""
    if not op.multipart:
        return request.get_json(silent=True)
    upload = request.files.get("file")
    digest = None
    if upload is not None:
        digest = hashlib.sha256(upload.stream.read()).hexdigest()
        upload.stream.seek(0)
    return {"form": sorted(request.form.items(multi=True)), "file": digest}


def _replay(reply: idempotency.StoredReply) -> Response:
    response = Response(reply.body, status=reply.status, mimetype="application/json")
    if reply.location:
        response.headers["Location"] = reply.location
    response.headers[idempotency.REPLAYED] = "true"
    return response


def _parse_query(model: type[BaseModel]) -> BaseModel:
    values = {key: request.args.get(key) for key in request.args}
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        errors = [{"parameter": ".".join(str(p) for p in e["loc"]) or "query", "detail": e["msg"]}
                  for e in exc.errors()]
        raise ApiProblem(400, "The query parameters are not valid.", kind="invalid-parameters",
                         errors=errors) from None


def _parse_body(op: Operation) -> tuple[BaseModel, dict[str, Any]]:
    assert op.body is not None
    files: dict[str, Any] = {}
    if op.multipart:
        if request.mimetype != "multipart/form-data":
            raise ApiProblem(415, "Send the file as multipart/form-data.")
        data: Any = {key: request.form.get(key) for key in request.form}
        for name, upload in request.files.items():
            data[name] = upload
            files[name] = upload
    else:
        if request.mimetype != "application/json":
            raise ApiProblem(415, "Send the body as application/json.")
        # Issue 13: 1,000 nested brackets made the parser (or the validator) recurse out of
        # the interpreter's stack: a 500 instead of the documented 400.
        if jsonbody.nesting_depth(request.get_data(cache=True)) > jsonbody.MAX_DEPTH:
            raise ApiProblem(400, f"The body nests deeper than {jsonbody.MAX_DEPTH} levels.",
                             kind="invalid-json")
        try:
            data = request.get_json(silent=True)
        except RecursionError:
            data = None
        if data is None:
            raise ApiProblem(400, "The body is not valid JSON.", kind="invalid-json")
    try:
        return op.body.model_validate(data), files
    except ValidationError as exc:
        raise validation_problem(exc, tagged=issubclass(op.body, RootModel)) from None


def validation_problem(exc: ValidationError, *, tagged: bool = False) -> ApiProblem:
    """Turn a pydantic error into a 422 problem listing each field's error.

    `tagged`: the body is a union told apart by a field (e.g. `action`); pydantic puts the tag
    first in each error's location, which is no part of the body.
    """
    errors = []
    for error in exc.errors():
        loc = list(error["loc"])
        if tagged and len(loc) > 1:
            loc = loc[1:]
        errors.append({"pointer": "#/" + "/".join(str(p) for p in loc), "detail": error["msg"]})
    return ApiProblem(422, "The request body is not valid.", kind="validation-error",
                      errors=errors)


def _respond(op: Operation, result: Any) -> Response:
    if isinstance(result, Response):
        return result
    if result is None:  # 204 No Content
        return Response(status=op.status)
    reply = result if isinstance(result, Reply) else Reply(result)
    response = Response(json.dumps(reply.model.model_dump(mode="json")),
                        status=reply.status or op.status, mimetype="application/json")
    response.headers.update(reply.headers)
    return response


def page_reply(model: type[BaseModel], items: list[Any], pagination: Any,
               query: PageQuery) -> Reply:
    """Wrap one page of items with its meta object and a Link header."""
    total = pagination.total or 0
    pages = max(1, math.ceil(total / query.per_page))
    meta = PageMeta(page=query.page, per_page=query.per_page, total=total, pages=pages)
    return Reply(model(data=items, meta=meta), headers={"Link": _links(query.page, pages)})


def _links(page: int, pages: int) -> str:
    args = request.args.to_dict()

    def url(number: int) -> str:
        return f"{request.base_url}?{urlencode({**args, 'page': number})}"

    links = [f'<{url(1)}>; rel="first"', f'<{url(pages)}>; rel="last"']
    if page > 1:
        links.append(f'<{url(min(page - 1, pages))}>; rel="prev"')
    if page < pages:
        links.append(f'<{url(page + 1)}>; rel="next"')
    return ", ".join(links)
