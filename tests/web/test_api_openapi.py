"""The OpenAPI 3.1 document: valid, complete, and honoured by the implementation."""
from __future__ import annotations

import io

import hypothesis
import pytest
from hypothesis import HealthCheck, Phase
from openapi_spec_validator import validate

from portal.api.services import create_token
from portal.extensions import db
from portal.settings.current import settings_for

pytestmark = pytest.mark.slow


@pytest.fixture
def app_config(app_config):
    return {**app_config, "API_RATE_LIMIT": 1_000_000, "WEBHOOK_DELIVER_AFTER_COMMIT": False}


def test_document_is_valid_openapi_3_1(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    document = response.get_json()
    assert document["openapi"] == "3.1.0"
    validate(document)  # raises on any violation of the OpenAPI 3.1 schema


def test_document_describes_every_api_route(app, client):
    document = client.get("/api/v1/openapi.json").get_json()
    documented = {(method.upper(), path) for path, item in document["paths"].items()
                  for method in item}
    routed = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api.") and rule.endpoint != "api.openapi":
            path = rule.rule.removeprefix("/api/v1")
            for name in rule.arguments:
                path = path.replace(f"<int:{name}>", f"{{{name}}}").replace(
                    f"<string:{name}>", f"{{{name}}}")
            routed |= {(m, path) for m in rule.methods - {"HEAD", "OPTIONS"}}
    assert documented == routed
    for path, item in document["paths"].items():
        for method, operation in item.items():
            assert {"401", "429"} <= set(operation["responses"]), (method, path)
            problem = operation["responses"]["401"]["content"]["application/problem+json"]
            assert problem["schema"] == {"$ref": "#/components/schemas/Problem"}


def _world(app, make_vendor, make_user, make_assessment):
    """A few objects for the generated requests to find: vendors, assessments, a document."""
    from portal.assessments.lifecycle import AssessmentStatus
    from portal.documents.services import store_upload

    vendor = make_vendor()
    contact = make_user("vendor", vendor=vendor)
    for status in (AssessmentStatus.SENT, AssessmentStatus.SUBMITTED, AssessmentStatus.DRAFT):
        make_assessment(vendor, status=status, contacts=[contact])
    store_upload(io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "a.pdf", vendor=vendor, actor=contact,
                 settings=settings_for(app))
    admin = make_user("admin")
    _, staff_token = create_token(admin, name="st", scopes={"read", "write"}, days=1, actor=admin)
    _, vendor_token = create_token(contact, name="st", scopes={"read", "write"}, days=1,
                                   actor=contact)
    db.session.commit()
    return staff_token, vendor_token


VENDOR_OPERATIONS = {"put_answer", "submit_assessment", "list_answers", "upload_document",
                     "reply_to_finding"}
CHECKS = ("not_a_server_error", "status_code_conformance", "content_type_conformance",
          "response_schema_conformance", "response_headers_conformance")


def test_schemathesis_finds_no_server_error_or_schema_violation(app, make_vendor, make_user,
                                                                make_assessment):
    schemathesis = pytest.importorskip("schemathesis")
    from schemathesis.checks import (
        content_type_conformance,
        not_a_server_error,
        response_headers_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    staff_token, vendor_token = _world(app, make_vendor, make_user, make_assessment)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    checks = [not_a_server_error, status_code_conformance, content_type_conformance,
              response_schema_conformance, response_headers_conformance]
    calls: list[int] = []

    class Client(app.test_client_class):
        def open(self, *args, **kwargs):
            response = super().open(*args, **kwargs)
            response.get_data()  # buffer it, then release a download's file at once
            response.close()
            return response

    def fuzz(operation, headers: dict[str, str]) -> None:
        @hypothesis.settings(max_examples=12, deadline=None, database=None,
                             phases=[Phase.explicit, Phase.generate],
                             suppress_health_check=list(HealthCheck))
        @hypothesis.given(case=operation.as_strategy())
        def run(case):
            calls.append(1)
            response = case.call(headers=headers, session=Client(app))
            case.validate_response(response, checks=checks, headers=headers)

        run()

    for result in schema.get_all_operations():
        operation = result.ok()
        vendor_side = operation.definition.raw.get("operationId") in VENDOR_OPERATIONS
        token = vendor_token if vendor_side else staff_token
        fuzz(operation, {"Authorization": f"Bearer {token}"})
    assert 300 <= len(calls) <= 900  # bounded: a few hundred requests in all


class _Buffered:
    """A test client that reads a response fully and releases it (downloads hold a file)."""

    @staticmethod
    def client_class(app):
        class Client(app.test_client_class):
            def open(self, *args, **kwargs):
                response = super().open(*args, **kwargs)
                response.get_data()
                response.close()
                return response

        return Client


# Operations whose links make the stateful run: create, then read, change and act on it.
STATEFUL = ["create_vendor", "get_vendor", "update_vendor", "invite_contact", "list_contacts",
            "create_assessment", "get_assessment", "list_answers", "raise_finding",
            "get_finding", "create_webhook", "get_webhook", "ping_webhook",
            "record_decision", "list_decisions", "export_evidence_pack", "get_job"]


def test_schemathesis_stateful_links_find_no_failure(app, make_vendor, make_user,
                                                      make_assessment):
    schemathesis = pytest.importorskip("schemathesis")
    from schemathesis import checks as all_checks

    staff_token, _ = _world(app, make_vendor, make_user, make_assessment)
    headers = {"Authorization": f"Bearer {staff_token}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app).include(
        operation_id=STATEFUL)
    checks = [getattr(all_checks, name) for name in CHECKS]
    client_class = _Buffered.client_class(app)
    steps: list[str] = []

    class Workflow(schema.as_state_machine()):
        def get_call_kwargs(self, case):
            return {"headers": headers, "session": client_class(app)}

        def after_call(self, response, case):
            steps.append(case.operation.label)

        def validate_response(self, response, case, **kwargs):
            case.validate_response(response, checks=checks, headers=headers)

    settings = hypothesis.settings(
        max_examples=15, stateful_step_count=6, deadline=None, database=None,
        # No shrinking: the database outlives each scenario, so a replay could not repeat it.
        phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    for attempt in range(3):
        steps.clear()
        try:
            Workflow.run(settings=settings)
            break
        except hypothesis.errors.FlakyStrategyDefinition:
            # The links fill a step's parameters from earlier responses, and the database
            # outlives each scenario: when Hypothesis replays a prefix of choices, the data it
            # draws can differ and it stops with this error. A failed check raises something
            # else, so only this one is tried again (three runs at most).
            if attempt == 2:
                raise
    linked = {label for label in steps if not label.startswith("POST")}
    assert len(steps) >= 30 and linked  # the links were followed, not only the creates
