"""The OpenAPI document is the contract: it declares what the server enforces, and no more."""
from __future__ import annotations

import io
import typing

import pytest
from pydantic import BaseModel, StringConstraints

from portal.api.blueprint import OPERATIONS
from tests.web.test_api_resources import PDF, assert_problem


@pytest.fixture
def app_config(app_config):
    return {**app_config, "WEBHOOK_DELIVER_AFTER_COMMIT": False}


@pytest.fixture
def spec(client):
    return client.get("/api/v1/openapi.json").get_json()


def _schema(spec, ref_or_schema):
    ref = ref_or_schema if isinstance(ref_or_schema, str) else ref_or_schema.get("$ref")
    return spec["components"]["schemas"][ref.rsplit("/", 1)[1]] if ref else ref_or_schema


def _operation(spec, operation_id):
    return next(op for item in spec["paths"].values() for op in item.values()
                if op["operationId"] == operation_id)


# ---- constraints come from the validators, and none is lost ------------------------------

def _stacked(annotation, where: str) -> list[str]:
    """Fields whose type stacks two constraints of one kind (only one reaches the schema)."""
    found = []
    seen: dict[str, object] = {}
    for item in getattr(annotation, "__metadata__", ()):
        if isinstance(item, StringConstraints):
            for name in ("pattern", "max_length", "min_length"):
                value = getattr(item, name)
                if value is not None and name in seen and seen[name] != value:
                    found.append(f"{where}: two {name} constraints")
                seen[name] = value
    for arg in typing.get_args(annotation):
        found += _stacked(arg, where)
    return found


def _models() -> set[type[BaseModel]]:
    models: set[type[BaseModel]] = set()
    for op in OPERATIONS:
        models |= {m for m in (op.body, op.query) if m is not None}
    return models


def test_no_field_stacks_constraints_that_the_schema_would_drop():
    problems = []
    for model in _models():
        for name, field in model.model_fields.items():
            annotation = typing.Annotated[(field.annotation, *field.metadata)] \
                if field.metadata else field.annotation
            problems += _stacked(annotation, f"{model.__name__}.{name}")
    assert problems == []


def test_website_pattern_and_non_nullable_fields_are_in_the_schema(client, spec, make_user,
                                                                   make_vendor, api_headers):
    create = spec["components"]["schemas"]["VendorCreate"]["properties"]
    website = next(o for o in create["website"]["anyOf"] if o["type"] == "string")
    assert website["pattern"].startswith("^https?://")
    update = spec["components"]["schemas"]["VendorUpdate"]["properties"]
    for name in ("legal_name", "aliases", "status"):
        assert "anyOf" not in update[name] and "default" not in update[name], name
    assert {"type": "null"} in update["website"]["anyOf"]  # null clears it
    headers = api_headers(make_user("admin"))
    vendor = make_vendor()
    for body in ({"legal_name": None}, {"status": None}, {"aliases": None},
                 {"website": "ftp://acme.example.com"}):
        response = client.patch(f"/api/v1/vendors/{vendor.id}", headers=headers, json=body)
        assert_problem(response, 422, "validation-error")
    assert client.patch(f"/api/v1/vendors/{vendor.id}", headers=headers,
                        json={"aliases": []}).status_code == 200


def test_reject_and_cancel_declare_their_required_comment(client, spec, make_user,
                                                          make_assessment, api_headers):
    body = _schema(spec, _operation(spec, "assessment_action")["requestBody"]["content"]
                   ["application/json"]["schema"])
    assert body["discriminator"]["propertyName"] == "action"
    reasoned = _schema(spec, body["discriminator"]["mapping"]["reject"])
    assert "comment" in reasoned["required"]
    plain = _schema(spec, body["discriminator"]["mapping"]["accept"])
    assert "comment" not in plain.get("required", [])
    assessment = make_assessment(status="submitted")
    url = f"/api/v1/assessments/{assessment.id}/actions"
    headers = api_headers(make_user("admin"))
    for comment in (None, "", "   "):
        payload = {"action": "reject"} | ({} if comment is None else {"comment": comment})
        problem = assert_problem(client.post(url, headers=headers, json=payload), 422)
        assert [e["pointer"] for e in problem["errors"]] == ["#/comment"]


def test_uploads_are_binary_and_downloads_parse_as_bytes(spec):
    upload = _operation(spec, "upload_document")
    form = _schema(spec, upload["requestBody"]["content"]["multipart/form-data"]["schema"])
    assert form["properties"]["file"]["format"] == "binary"
    assert set(form["required"]) == {"file", "vendor_id"}
    assert "413" in upload["responses"] and "Location" in upload["responses"]["201"]["headers"]
    download = _operation(spec, "download_document")["responses"]["200"]["content"]
    assert "application/pdf" in download
    assert download["application/octet-stream"]["schema"] == {"type": "string",
                                                              "format": "binary"}


def test_every_authenticated_response_documents_its_headers(spec):
    for item in spec["paths"].values():
        for op in item.values():
            if op.get("security") == []:
                continue
            for code, response in op["responses"].items():
                names = set(response.get("headers", {}))
                if code == "401":
                    continue
                assert {"RateLimit-Limit", "RateLimit-Remaining"} <= names, (op["operationId"],
                                                                             code)
                if code == "429":
                    assert response["headers"]["Retry-After"]["required"] is True
                if code == "201":
                    assert "Location" in names, op["operationId"]


def test_invalid_token_throttle_sends_rate_limit_headers(client, app):
    app.config["API_MAX_INVALID_TOKENS"] = 2
    for _ in range(2):
        assert client.get("/api/v1/me", headers={"Authorization": "Bearer vap_nope"}
                          ).status_code == 401
    refused = client.get("/api/v1/me", headers={"Authorization": "Bearer vap_nope"})
    assert_problem(refused, 429, "too-many-invalid-tokens")
    assert refused.headers["Retry-After"] == refused.headers["RateLimit-Reset"]
    assert refused.headers["RateLimit-Remaining"] == "0"
    assert refused.headers["RateLimit-Limit"] == "2"


# ---- answers: typed values, guidance, conditions ------------------------------------------

def test_answers_are_typed_by_question_type(client, spec, make_user, make_vendor,
                                            make_assessment, api_headers):
    shapes = spec["components"]["schemas"]
    listed = shapes["AnswerList"]["properties"]["data"]["items"]
    assert listed["discriminator"]["propertyName"] == "type"
    mapping = listed["discriminator"]["mapping"]
    assert set(mapping) == {"yes_no", "single_choice", "multiple_choice", "text", "number",
                            "date", "file"}
    file_value = _schema(spec, mapping["file"])["properties"]["value"]
    assert {"type": "array", "items": {"type": "integer"}} in file_value["anyOf"]

    vendor = make_vendor()
    contact = make_user("vendor", vendor=vendor)
    assessment = make_assessment(vendor, contacts=[contact])
    headers = api_headers(contact)
    url = f"/api/v1/assessments/{assessment.id}/answers"
    document = client.post("/api/v1/documents", headers=headers, data={
        "file": (io.BytesIO(PDF), "policy.pdf"), "vendor_id": str(vendor.id)}).get_json()
    rows = {a["question_id"]: a for a in client.get(url, headers=headers).get_json()["data"]}
    file_question = next(q for q, a in rows.items() if a["type"] == "file")
    condition = rows[file_question]["show_if"]
    assert client.put(f"{url}/{condition['question_id']}", headers=headers,
                      json={"value": condition["any_of"][0], "version": 0}).status_code == 200
    saved = client.put(f"{url}/{file_question}", headers=headers,
                       json={"value": [str(document["id"])], "version": 0})
    assert saved.status_code == 200, saved.get_json()
    assert saved.get_json()["value"] == [document["id"]]
    number = client.put(f"{url}/START-ORG-02", headers=headers, json={"value": 12, "version": 0})
    assert number.get_json()["value"] == 12 and number.get_json()["type"] == "number"


def test_hidden_questions_are_not_required_and_refuse_answers(client, make_user, make_vendor,
                                                              make_assessment, api_headers):
    vendor = make_vendor()
    contact = make_user("vendor", vendor=vendor)
    headers = api_headers(contact)
    assessment = make_assessment(vendor, contacts=[contact])
    url = f"/api/v1/assessments/{assessment.id}/answers"
    rows = {a["question_id"]: a for a in client.get(url, headers=headers).get_json()["data"]}
    hidden = rows["START-ORG-04"]
    assert hidden["show_if"] == {"question_id": "START-ORG-03", "any_of": ["yes"]}
    assert (hidden["visible"], hidden["required"], hidden["editable"]) == (False, False, False)
    assert rows["START-ORG-03"]["guidance"]
    refused = client.put(f"{url}/START-ORG-04", headers=headers,
                         json={"value": "2027-03-31", "version": 0})
    assert "START-ORG-03" in assert_problem(refused, 409, "question-hidden")["detail"]
    assert client.put(f"{url}/START-ORG-03", headers=headers,
                      json={"value": "yes", "version": 0}).status_code == 200
    shown = client.put(f"{url}/START-ORG-04", headers=headers,
                       json={"value": "2027-03-31", "version": 0})
    assert shown.status_code == 200 and shown.get_json()["value"] == "2027-03-31"
    assert shown.get_json()["required"] is True



# ---- idempotency keys -----------------------------------------------------------------------

def test_a_repeated_create_with_the_same_key_creates_once(client, make_user, api_headers):
    import sqlalchemy as sa

    from portal.extensions import db
    from portal.vendors.models import Vendor

    admin, other = make_user("admin"), make_user("procurement")
    headers = {**api_headers(admin), "Idempotency-Key": "5b0f7c1e-create-acme"}
    body = {"legal_name": "Acme AI Ltd", "country": "DE"}
    first = client.post("/api/v1/vendors", headers=headers, json=body)
    again = client.post("/api/v1/vendors", headers=headers, json={"country": "DE", **body})
    assert first.status_code == again.status_code == 201
    assert again.get_json() == first.get_json()
    assert again.headers["Location"] == first.headers["Location"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert db.session.scalar(sa.select(sa.func.count(Vendor.id))) == 1

    changed = client.post("/api/v1/vendors", headers=headers, json={"legal_name": "Other"})
    assert_problem(changed, 422, "idempotency-key-reused")
    # Keys belong to their user: the same key from someone else is a new request.
    theirs = client.post("/api/v1/vendors", json={"legal_name": "Beta AI"},
                         headers={**api_headers(other), "Idempotency-Key": headers[
                             "Idempotency-Key"]})
    assert theirs.status_code == 201 and theirs.get_json()["id"] != first.get_json()["id"]


def test_a_failed_request_frees_its_key_and_bad_keys_are_refused(client, make_user,
                                                                 make_vendor, api_headers):
    make_vendor("Acme AI Ltd")
    headers = {**api_headers(make_user("admin")), "Idempotency-Key": "try-1"}
    duplicate = client.post("/api/v1/vendors", headers=headers, json={"legal_name": "Acme AI Ltd"})
    assert_problem(duplicate, 409, "duplicate-vendor")
    fixed = client.post("/api/v1/vendors", headers=headers, json={"legal_name": "Zeta Robotics"})
    assert fixed.status_code == 201 and "Idempotent-Replayed" not in fixed.headers
    for key in ("", "with space", "x" * 256, "é"):
        response = client.post("/api/v1/vendors", json={"legal_name": "Gamma"},
                               headers={**headers, "Idempotency-Key": key})
        assert_problem(response, 400, "invalid-parameters")
