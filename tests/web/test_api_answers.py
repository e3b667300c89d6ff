"""The REST API's answering: questions, optimistic concurrency, permissions, submission."""
from __future__ import annotations

import pytest

from tests.web.test_api_resources import assert_problem


@pytest.fixture
def app_config(app_config):
    return {**app_config, "WEBHOOK_DELIVER_AFTER_COMMIT": False}


@pytest.fixture
def bearer(app):
    from portal.api.services import create_token
    from portal.extensions import db

    def make(user, scopes=("read", "write")) -> dict[str, str]:
        _, raw = create_token(user, name="test", scopes=set(scopes), days=30, actor=user)
        db.session.commit()
        return {"Authorization": f"Bearer {raw}"}

    return make


FULL_ANSWERS = {
    "START-ORG-01": "Acme AI Ltd", "START-ORG-03": "no", "START-RESP-01": "yes",
    "START-RESP-02": "committee", "START-SUP-01": ["cloud-hosting"], "START-SUP-02": "yes",
    "START-SUP-03": "yes", "START-CUS-01": "never", "START-CUS-02": 30, "START-CUS-03": "yes",
}


def test_answer_with_optimistic_concurrency(client, make_user, make_vendor, make_assessment,
                                            bearer):
    vendor = make_vendor()
    alice, bob = make_user("vendor", vendor=vendor), make_user("vendor", vendor=vendor)
    assessment = make_assessment(vendor, contacts=[alice, bob])
    url = f"/api/v1/assessments/{assessment.id}/answers"

    listed = client.get(url, headers=bearer(alice)).get_json()
    assert listed["status"] == "sent"
    row = next(a for a in listed["data"] if a["question_id"] == "START-ORG-01")
    assert row["version"] == 0 and row["editable"] is True

    first = client.put(f"{url}/START-ORG-01", headers=bearer(alice),
                       json={"value": "Acme AI Ltd", "version": 0})
    assert first.status_code == 200, first.get_json()
    assert first.get_json()["version"] == 1 and first.get_json()["value"] == "Acme AI Ltd"

    stale = client.put(f"{url}/START-ORG-01", headers=bearer(bob),
                       json={"value": "Acme Artificial Intelligence", "version": 0})
    body = assert_problem(stale, 409, "edit-conflict")
    assert body["current"]["version"] == 1 and body["current"]["value"] == "Acme AI Ltd"

    fresh = client.put(f"{url}/START-ORG-01", headers=bearer(bob),
                       json={"value": "Acme Artificial Intelligence", "version": 1})
    assert fresh.status_code == 200 and fresh.get_json()["version"] == 2

    invalid = client.put(f"{url}/START-ORG-03", headers=bearer(bob),
                         json={"value": "maybe", "version": 0})
    assert_problem(invalid, 422, "validation-error")
    assert_problem(client.put(f"{url}/NO-SUCH-Q", headers=bearer(bob),
                              json={"value": "x", "version": 0}), 404)


def test_answers_are_for_the_vendors_own_contacts(client, make_user, make_vendor,
                                                  make_assessment, bearer):
    assessment = make_assessment()
    stranger = make_user("vendor", vendor=make_vendor())
    url = f"/api/v1/assessments/{assessment.id}/answers/START-ORG-01"
    assert_problem(client.put(url, headers=bearer(stranger), json={"value": "x", "version": 0}),
                   404)
    assert_problem(client.put(url, headers=bearer(make_user("admin")),
                              json={"value": "x", "version": 0}), 403)
    staff_read = client.get(f"/api/v1/assessments/{assessment.id}/answers",
                            headers=bearer(make_user("contract_manager")))
    assert staff_read.status_code == 200


def test_submit_lists_missing_answers_then_submits(client, make_user, make_vendor,
                                                   make_assessment, bearer):
    vendor = make_vendor()
    contact = make_user("vendor", vendor=vendor)
    assessment = make_assessment(vendor, contacts=[contact])
    headers = bearer(contact)
    base = f"/api/v1/assessments/{assessment.id}"

    refused = client.post(f"{base}/submit", headers=headers)
    body = assert_problem(refused, 422, "missing-answers")
    missing = {m["question_id"] for m in body["missing_answers"]}
    assert {"START-ORG-01", "START-CUS-02"} <= missing
    assert {e["pointer"] for e in body["errors"]} >= {"#/answers/START-ORG-01"}

    for qid, value in FULL_ANSWERS.items():
        saved = client.put(f"{base}/answers/{qid}", headers=headers,
                           json={"value": value, "version": 0})
        assert saved.status_code == 200, (qid, saved.get_json())
    submitted = client.post(f"{base}/submit", headers=headers)
    assert submitted.status_code == 200, submitted.get_json()
    assert submitted.get_json()["status"] == "submitted"
    locked = client.put(f"{base}/answers/START-ORG-01", headers=headers,
                        json={"value": "Changed", "version": 1})
    assert_problem(locked, 409, "not-editable")

    review = client.post(f"{base}/actions", headers=bearer(make_user("contract_manager")),
                         json={"action": "start_review"})
    assert review.status_code == 200 and review.get_json()["status"] == "under_review"


