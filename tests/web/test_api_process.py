"""The whole process through the API: contacts, intake and tier, certificate review, findings,
decisions, webhooks, bulk sending and exports as jobs. Same services, audit and problems as the
pages."""
from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from portal.api.models import WebhookDelivery, WebhookSubscription
from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.mail.models import OutboundEmail
from portal.settings.current import current_settings
from tests.web.test_api_resources import PDF, assert_problem

TODAY = date.today()
INTAKE = {"data_shared": "special_category", "training_use": "default",
          "people_decisions": "no", "ai_act_role": "deployer", "annex_iii": "no",
          "criticality": "low", "foundation_models": "no", "customer_facing": "no"}


@pytest.fixture
def app_config(app_config):
    return {**app_config, "WEBHOOK_DELIVER_AFTER_COMMIT": False, "API_RATE_LIMIT": 100_000}


def _audited(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)))


def test_invite_list_and_deactivate_contacts(client, make_user, make_vendor, api_headers):
    vendor = make_vendor()
    headers = api_headers(make_user("procurement"))
    url = f"/api/v1/vendors/{vendor.id}/contacts"
    invited = client.post(url, headers=headers, json={"name": "Vera Vendor",
                                                      "email": "Vera@Acme.example"})
    assert invited.status_code == 201, invited.get_json()
    contact = invited.get_json()
    assert contact["email"] == "vera@acme.example" and contact["has_signed_in"] is False
    assert db.session.scalar(sa.select(OutboundEmail).where(
        OutboundEmail.to_address == "vera@acme.example", OutboundEmail.kind == "invitation"))
    assert _audited("user.invited")[0].summary.endswith("(via API)")
    assert_problem(client.post(url, headers=headers, json={"name": "Vera",
                                                           "email": "vera@acme.example"}),
                   409, "duplicate-contact")
    assert_problem(client.post(url, headers=headers, json={"name": " ", "email": "x@y.example"}),
                   422, "validation-error")
    assert [c["id"] for c in client.get(url, headers=headers).get_json()["data"]] == [
        contact["id"]]
    off = client.patch(f"{url}/{contact['id']}", headers=headers, json={"is_active": False})
    assert off.status_code == 200 and off.get_json()["is_active"] is False
    other = make_vendor()
    assert_problem(client.get(f"/api/v1/vendors/{other.id}/contacts/{contact['id']}",
                              headers=headers), 404)
    cm = api_headers(make_user("contract_manager"))
    assert_problem(client.post(url, headers=cm, json={"name": "A", "email": "a@b.example"}),
                   403, "forbidden")


def test_intake_sets_the_tier_with_reasons(client, make_user, make_vendor, api_headers):
    vendor = make_vendor(tier=None)
    headers = api_headers(make_user("procurement"))
    rule = client.get("/api/v1/tiering", headers=headers).get_json()
    assert [q["key"] for q in rule["questions"]] == list(INTAKE)
    assert client.get(f"/api/v1/vendors/{vendor.id}/intake", headers=headers).get_json()[
        "inherent_tier"] is None
    saved = client.put(f"/api/v1/vendors/{vendor.id}/intake", headers=headers, json=INTAKE)
    assert saved.status_code == 200, saved.get_json()
    body = saved.get_json()
    assert body["inherent_tier"] == "critical" and body["answers"] == INTAKE
    assert body["tier_reasons"][0].startswith("Critical at least")
    assert client.get(f"/api/v1/vendors/{vendor.id}", headers=headers).get_json()[
        "inherent_tier"] == "critical"
    assert _audited("vendor.tiered")[0].details["via"] == "api"
    bad = client.put(f"/api/v1/vendors/{vendor.id}/intake", headers=headers,
                     json={**INTAKE, "criticality": "extreme"})
    assert assert_problem(bad, 422)["errors"][0]["pointer"] == "#/criticality"
    partial = client.put(f"/api/v1/vendors/{vendor.id}/intake", headers=headers,
                         json={"criticality": "low"})
    assert len(assert_problem(partial, 422)["errors"]) == len(INTAKE) - 1


def _certificate(vendor, contact, status="needs_review"):
    from portal.certificates.models import Certificate, CertificateStatus
    from portal.documents.services import store_upload

    document = store_upload(io.BytesIO(PDF), "iso.pdf", vendor=vendor, actor=contact,
                            settings=current_settings())
    certificate = Certificate(document_id=document.id, vendor_id=vendor.id,
                              status=CertificateStatus(status), standard="ISO/IEC 42001",
                              standards=["ISO/IEC 42001"], sites=[], checks=[])
    db.session.add(certificate)
    db.session.commit()
    return certificate


def test_certificate_review_accept_reject_correct(client, make_user, make_vendor, api_headers):
    vendor = make_vendor()
    contact = make_user("vendor", vendor=vendor)
    certificate = _certificate(vendor, contact)
    headers = api_headers(make_user("contract_manager"))
    url = f"/api/v1/certificates/{certificate.id}"
    corrected = client.patch(url, headers=headers, json={
        "certificate_number": "AI-42", "expiry_date": "2030-01-31",
        "sites": ["Berlin", "Paris"]})
    assert corrected.status_code == 200, corrected.get_json()
    body = corrected.get_json()
    assert (body["certificate_number"], body["expiry_date"], body["sites"]) == (
        "AI-42", "2030-01-31", ["Berlin", "Paris"])
    assert_problem(client.patch(url, headers=headers, json={"expiry_date": "31/01/2030"}), 422)
    assert_problem(client.post(f"{url}/reject", headers=headers, json={}), 422)
    rejected = client.post(f"{url}/reject", headers=headers, json={"comment": "Wrong company"})
    assert rejected.get_json()["status"] == "rejected"
    accepted = client.post(f"{url}/accept", headers=headers, json={"comment": "Checked"})
    assert accepted.status_code == 200 and accepted.get_json()["status"] == "accepted"
    assert [e.action for e in db.session.scalars(sa.select(AuditEvent).where(
        AuditEvent.action.like("certificate.%")).order_by(AuditEvent.id))] == [
        "certificate.corrected", "certificate.rejected", "certificate.accepted"]
    vendor_headers = api_headers(contact)
    assert_problem(client.post(f"{url}/accept", headers=vendor_headers, json={}), 403)
    processing = _certificate(vendor, contact, status="processing")
    assert_problem(client.post(f"/api/v1/certificates/{processing.id}/accept", headers=headers,
                               json={}), 409, "invalid-transition")


def test_findings_raise_edit_act_and_vendor_reply(client, make_user, make_vendor,
                                                  api_headers):
    vendor = make_vendor()
    contact = make_user("vendor", vendor=vendor)
    procurement = api_headers(make_user("procurement"))
    raised = client.post(f"/api/v1/vendors/{vendor.id}/findings", headers=procurement,
                         json={"title": "No incident process", "severity": "high"})
    assert raised.status_code == 201
    finding = raised.get_json()
    url = f"/api/v1/findings/{finding['id']}"
    assert raised.headers["Location"] == url
    edited = client.patch(url, headers=procurement, json={"title": "No incident process",
                                                          "severity": "medium"})
    assert edited.get_json()["severity"] == "medium"
    asked = client.post(f"{url}/actions", headers=procurement, json={
        "action": "request_remediation", "due_date": (TODAY + timedelta(days=14)).isoformat()})
    assert asked.get_json()["status"] == "remediation_requested"
    assert_problem(client.post(f"{url}/actions", headers=procurement, json={
        "action": "accept_risk", "justification": "Low impact",
        "expires_on": (TODAY + timedelta(days=90)).isoformat()}), 403, "forbidden")
    missing = client.post(f"{url}/actions", headers=procurement, json={"action": "close"})
    assert assert_problem(missing, 422)["errors"][0]["pointer"] == "#/comment"
    replied = client.post(f"{url}/replies", headers=api_headers(contact),
                          json={"body": "Process adopted in March"})
    assert replied.status_code == 201
    cm = api_headers(make_user("contract_manager"))
    accepted = client.post(f"{url}/actions", headers=cm, json={
        "action": "accept_risk", "justification": "Low impact",
        "expires_on": (TODAY + timedelta(days=90)).isoformat()})
    assert accepted.get_json()["status"] == "risk_accepted"
    closed = client.post(f"{url}/actions", headers=procurement,
                         json={"action": "close", "comment": "Verified"})
    assert closed.get_json()["status"] == "closed"
    assert_problem(client.post(f"{url}/actions", headers=procurement,
                               json={"action": "close", "comment": "Again"}),
                   409, "invalid-transition")
    stranger = api_headers(make_user("vendor", vendor=make_vendor()))
    assert_problem(client.get(url, headers=stranger), 404)


def test_decisions_are_recorded_on_the_latest_score(client, make_user, make_vendor,
                                                    api_headers):
    vendor = make_vendor()
    cm = api_headers(make_user("contract_manager"))
    url = f"/api/v1/vendors/{vendor.id}/decisions"
    assert_problem(client.post(url, headers=cm, json={"decision": "approve_with_conditions"}),
                   422)
    made = client.post(url, headers=cm, json={"decision": "approve_with_conditions",
                                              "conditions": "Annual pen test"})
    assert made.status_code == 201 and made.get_json()["conditions"] == "Annual pen test"
    assert [d["decision"] for d in client.get(url, headers=cm).get_json()["data"]] == [
        "approve_with_conditions"]
    assert_problem(client.post(url, headers=api_headers(make_user("procurement")),
                               json={"decision": "approve"}), 403)
    assert db.session.scalar(sa.select(sa.func.count(WebhookDelivery.id))) == 0


def test_webhooks_subscribe_ping_rotate_and_remove(client, make_user, api_headers):
    owner = make_user("procurement")
    headers = api_headers(owner)
    created = client.post("/api/v1/webhooks", headers=headers, json={
        "url": "https://hooks.example.com/vap", "events": ["decision.made"]})
    assert created.status_code == 201, created.get_json()
    hook = created.get_json()
    assert hook["secret"].startswith("whsec_")
    url = f"/api/v1/webhooks/{hook['id']}"
    listed = client.get("/api/v1/webhooks", headers=headers).get_json()["data"]
    assert [h["id"] for h in listed] == [hook["id"]] and "secret" not in listed[0]
    assert client.post(f"{url}/ping", headers=headers).status_code == 202
    deliveries = client.get(url, headers=headers).get_json()["recent_deliveries"]
    assert [d["event"] for d in deliveries] == ["ping"]
    rotated = client.post(f"{url}/rotate-secret", headers=headers).get_json()["secret"]
    assert rotated != hook["secret"]
    assert db.session.get(WebhookSubscription, hook["id"]).secret == rotated
    assert _audited("webhook.secret_rotated")[0].details["via"] == "api"
    other = api_headers(make_user("contract_manager"))
    assert_problem(client.post(f"{url}/rotate-secret", headers=other), 403)
    for bad in ("http://127.0.0.1/x", "http://[zz]/", "ftp://hooks.example.com"):
        response = client.post("/api/v1/webhooks", headers=headers,
                               json={"url": bad, "events": ["decision.made"]})
        assert_problem(response, 422, "validation-error")
    removed = client.delete(url, headers=headers)
    assert removed.status_code == 204 and removed.get_data() == b""
    assert_problem(client.get(url, headers=headers), 404)


def test_bulk_send_and_export_run_as_jobs(client, make_user, make_vendor, make_template_version,
                                          api_headers):
    version = make_template_version("ai-supplier-starter")
    ready, silent = make_vendor("Ready AI"), make_vendor("Silent AI")
    make_user("vendor", vendor=ready)
    admin = make_user("admin")
    headers = api_headers(admin)
    started = client.post("/api/v1/assessments/bulk-send", headers=headers, json={
        "vendor_ids": [ready.id, silent.id], "template_version_id": version.id,
        "title": "Annual review", "due_date": (TODAY + timedelta(days=30)).isoformat()})
    assert started.status_code == 202, started.get_json()
    job = client.get(started.headers["Location"], headers=headers).get_json()
    assert job["state"] == "succeeded" and job["finished"] is True  # eager jobs in tests
    assert [v["vendor_id"] for v in job["result"]["sent"]] == [ready.id]
    assert job["result"]["skipped"][0]["reason"] == "no active contact"
    assert_problem(client.post("/api/v1/assessments/bulk-send", headers=headers, json={
        "vendor_ids": [ready.id], "template_version_id": version.id, "title": "Late",
        "due_date": (TODAY - timedelta(days=1)).isoformat()}), 422)

    export = client.post("/api/v1/exports/evidence-pack", headers=headers,
                         json={"vendor_ids": [ready.id]})
    assert export.status_code == 202
    done = client.get(export.headers["Location"], headers=headers).get_json()
    assert done["state"] == "succeeded" and done["result_url"]
    archive = client.get(done["result_url"], headers=headers)
    data = archive.get_data()
    archive.close()
    assert archive.status_code == 200 and data[:2] == b"PK"
    assert _audited("job.downloaded")
    listed = client.get("/api/v1/jobs?kind=exports.evidence_pack", headers=headers).get_json()
    assert [j["id"] for j in listed["data"]] == [done["id"]]
    theirs = api_headers(make_user("procurement"))
    assert_problem(client.get(export.headers["Location"], headers=theirs), 404)


def test_scorecard_pdf_needs_a_score(client, make_user, make_vendor, api_headers):
    vendor = make_vendor()
    assert_problem(client.get(f"/api/v1/vendors/{vendor.id}/scorecard.pdf",
                              headers=api_headers(make_user("admin"))), 404, "no-score")
