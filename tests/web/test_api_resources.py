"""The REST API's resources: happy paths, permission failures, problems and pagination."""
from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from portal.assessments.lifecycle import AssessmentStatus
from portal.audit.models import AuditEvent
from portal.audit.services import verify_chain
from portal.extensions import db
from portal.settings.current import settings_for
from portal.vendors.models import RiskTier, Vendor, VendorStatus

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PROBLEM = "application/problem+json"


@pytest.fixture
def app_config(app_config):
    return {**app_config, "WEBHOOK_DELIVER_AFTER_COMMIT": False}


@pytest.fixture
def bearer(app):
    from portal.api.services import create_token

    def make(user, scopes=("read", "write")) -> dict[str, str]:
        _, raw = create_token(user, name="test", scopes=set(scopes), days=30, actor=user)
        db.session.commit()
        return {"Authorization": f"Bearer {raw}"}

    return make


def assert_problem(response, status: int, kind: str | None = None) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == PROBLEM
    body = response.get_json()
    assert {"type", "title", "status", "detail", "instance"} <= set(body)
    assert body["status"] == status
    assert body["instance"] == response.request.path
    if kind:
        assert body["type"] == f"urn:vap:problem:{kind}"
    return body


# ---- vendors ------------------------------------------------------------------------------

def test_create_read_update_vendor_audited_via_api(client, make_user, bearer):
    admin = make_user("admin")
    headers = bearer(admin)
    response = client.post("/api/v1/vendors", headers=headers, json={
        "legal_name": "Acme AI Ltd", "aliases": ["Acme"], "country": "DE",
        "website": "https://acme.example.com", "status": "active"})
    assert response.status_code == 201, response.get_json()
    created = response.get_json()
    assert response.headers["Location"] == f"/api/v1/vendors/{created['id']}"
    assert created["legal_name"] == "Acme AI Ltd" and created["status"] == "active"

    got = client.get(f"/api/v1/vendors/{created['id']}", headers=headers).get_json()
    assert got == created

    patched = client.patch(f"/api/v1/vendors/{created['id']}", headers=headers,
                           json={"description": "Foundation models", "website": None})
    assert patched.status_code == 200
    body = patched.get_json()
    assert body["description"] == "Foundation models" and body["website"] is None
    assert body["legal_name"] == "Acme AI Ltd" and body["aliases"] == ["Acme"]

    events = db.session.scalars(sa.select(AuditEvent).where(
        AuditEvent.action.in_(["vendor.created", "vendor.updated"]))
        .order_by(AuditEvent.id)).all()
    assert [e.action for e in events] == ["vendor.created", "vendor.updated"]
    assert all(e.summary.endswith("(via API)") and e.details["via"] == "api" for e in events)
    assert verify_chain() == []


def test_duplicate_vendor_is_a_conflict_problem(client, make_user, make_vendor, bearer):
    make_vendor("Acme AI Ltd")
    response = client.post("/api/v1/vendors", headers=bearer(make_user("procurement")),
                           json={"legal_name": "ACME AI Limited"})
    assert_problem(response, 409, "duplicate-vendor")


def test_invalid_body_lists_each_error(client, make_user, bearer):
    response = client.post("/api/v1/vendors", headers=bearer(make_user("admin")),
                           json={"legal_name": "", "country": "Germany", "surprise": 1})
    body = assert_problem(response, 422, "validation-error")
    pointers = {e["pointer"] for e in body["errors"]}
    assert {"#/legal_name", "#/country", "#/surprise"} <= pointers


def test_malformed_json_and_wrong_content_type(client, make_user, bearer):
    headers = bearer(make_user("admin"))
    bad = client.post("/api/v1/vendors", headers={**headers, "Content-Type": "application/json"},
                      data="{not json")
    assert_problem(bad, 400, "invalid-json")
    form = client.post("/api/v1/vendors", headers=headers, data={"legal_name": "x"})
    assert_problem(form, 415)


def test_contract_manager_and_vendor_cannot_create_vendors(client, make_user, make_vendor,
                                                          bearer):
    cm = client.post("/api/v1/vendors", headers=bearer(make_user("contract_manager")),
                     json={"legal_name": "Acme"})
    assert_problem(cm, 403, "forbidden")
    contact = make_user("vendor", vendor=make_vendor())
    listing = client.get("/api/v1/vendors", headers=bearer(contact))
    assert_problem(listing, 403)


def test_vendor_list_filters_and_pagination(client, make_user, make_vendor, bearer):
    for n in range(7):
        make_vendor(f"Paged {n} Ltd", tier=RiskTier.HIGH)
    make_vendor("Lowly Ltd", tier=RiskTier.LOW, status=VendorStatus.ACTIVE)
    headers = bearer(make_user("contract_manager"))

    page = client.get("/api/v1/vendors?tier=high&per_page=3&page=2", headers=headers)
    assert page.status_code == 200
    body = page.get_json()
    assert body["meta"] == {"page": 2, "per_page": 3, "total": 7, "pages": 3}
    assert [v["legal_name"] for v in body["data"]] == ["Paged 3 Ltd", "Paged 4 Ltd",
                                                      "Paged 5 Ltd"]
    links = page.headers["Link"]
    assert 'page=3>; rel="next"' in links and 'page=1>; rel="prev"' in links
    assert "tier=high" in links and 'rel="last"' in links

    low = client.get("/api/v1/vendors?status=active&q=lowly", headers=headers).get_json()
    assert [v["legal_name"] for v in low["data"]] == ["Lowly Ltd"]

    wrong = client.get("/api/v1/vendors?tier=extreme&per_page=1000", headers=headers)
    body = assert_problem(wrong, 400, "invalid-parameters")
    assert {e["parameter"] for e in body["errors"]} == {"tier", "per_page"}


def test_unknown_route_and_method_are_problems(client, make_user, bearer):
    assert_problem(client.get("/api/v1/nothing-here"), 404)
    response = client.delete("/api/v1/vendors", headers=bearer(make_user("admin")))
    assert_problem(response, 405)
    assert "GET" in response.headers["Allow"]


# ---- assessments --------------------------------------------------------------------------

def test_create_send_and_move_an_assessment(client, make_user, make_vendor,
                                            make_template_version, bearer):
    vendor = make_vendor()
    contact = make_user("vendor", vendor=vendor)
    version = make_template_version()
    headers = bearer(make_user("procurement"))

    templates = client.get("/api/v1/templates", headers=headers).get_json()["data"]
    assert version.id in [t["id"] for t in templates]

    due = (date.today() + timedelta(days=14)).isoformat()
    created = client.post("/api/v1/assessments", headers=headers, json={
        "vendor_id": vendor.id, "template_version_id": version.id, "title": "Annual review",
        "due_date": due, "recipient_ids": [contact.id]})
    assert created.status_code == 201, created.get_json()
    assessment = created.get_json()
    assert assessment["status"] == "draft" and "send" in assessment["available_actions"]

    sent = client.post(f"/api/v1/assessments/{assessment['id']}/send", headers=headers)
    assert sent.status_code == 200 and sent.get_json()["status"] == "sent"
    again = client.post(f"/api/v1/assessments/{assessment['id']}/send", headers=headers)
    assert_problem(again, 409, "invalid-transition")

    listed = client.get(f"/api/v1/assessments?status=sent&vendor_id={vendor.id}",
                        headers=headers).get_json()
    assert [a["id"] for a in listed["data"]] == [assessment["id"]]

    cancel = client.post(f"/api/v1/assessments/{assessment['id']}/actions", headers=headers,
                         json={"action": "cancel"})
    assert_problem(cancel, 422, "validation-error")
    cancel = client.post(f"/api/v1/assessments/{assessment['id']}/actions", headers=headers,
                         json={"action": "cancel", "comment": "Contract ended"})
    assert cancel.status_code == 200 and cancel.get_json()["status"] == "cancelled"


def test_invalid_assessment_draft_is_422(client, make_user, make_vendor, make_template_version,
                                        bearer):
    vendor = make_vendor()
    response = client.post("/api/v1/assessments", headers=bearer(make_user("admin")), json={
        "vendor_id": vendor.id, "template_version_id": make_template_version().id,
        "title": "x", "due_date": "2000-01-01"})
    assert_problem(response, 422, "validation-error")


def test_vendor_sees_only_its_own_assessments(client, make_user, make_vendor, make_assessment,
                                              bearer):
    own, other = make_vendor(), make_vendor()
    mine = make_assessment(own)
    make_assessment(own, status=AssessmentStatus.DRAFT)
    theirs = make_assessment(other)
    headers = bearer(make_user("vendor", vendor=own))
    listed = client.get("/api/v1/assessments", headers=headers).get_json()
    assert [a["id"] for a in listed["data"]] == [mine.id]
    assert_problem(client.get(f"/api/v1/assessments/{theirs.id}", headers=headers), 404)
    assert_problem(client.get(f"/api/v1/assessments/{theirs.id}/answers", headers=headers), 404)


# ---- documents, certificates, scorecards, findings ---------------------------------------

def test_upload_read_and_download_a_document(client, make_user, make_vendor, bearer):
    vendor = make_vendor()
    contact = make_user("vendor", vendor=vendor)
    headers = bearer(contact)
    uploaded = client.post("/api/v1/documents", headers=headers, data={
        "file": (io.BytesIO(PDF), "../policy.pdf"), "kind": "evidence",
        "vendor_id": str(vendor.id)})
    assert uploaded.status_code == 201, uploaded.get_json()
    meta = uploaded.get_json()
    assert meta["vendor_id"] == vendor.id and meta["content_type"] == "application/pdf"
    assert meta["name"] == "policy.pdf" and len(meta["sha256"]) == 64

    assert client.get(f"/api/v1/documents/{meta['id']}", headers=headers).get_json() == meta
    download = client.get(meta["download_url"], headers=headers)
    data = download.get_data()
    download.close()
    assert download.status_code == 200 and data == PDF
    assert download.mimetype == "application/pdf"

    stranger = bearer(make_user("vendor", vendor=make_vendor()))
    assert_problem(client.get(f"/api/v1/documents/{meta['id']}", headers=stranger), 404)
    assert_problem(client.get(meta["download_url"], headers=stranger), 404)
    staff = client.get(meta["download_url"], headers=bearer(make_user("admin")))
    staff.close()
    assert staff.status_code == 200


def test_upload_is_sniffed_and_needs_a_vendor_for_staff(client, make_user, make_vendor, bearer):
    vendor = make_vendor()
    contact_headers = bearer(make_user("vendor", vendor=vendor))
    fake = client.post("/api/v1/documents", headers=contact_headers,
                       data={"file": (io.BytesIO(b"<html>not a pdf</html>"), "x.pdf"),
                             "vendor_id": str(vendor.id)})
    assert_problem(fake, 422, "upload-rejected")
    # vendor_id is required for everyone, as the OpenAPI document says (vendors used to be
    # allowed to leave it out, which the document did not say).
    unnamed = client.post("/api/v1/documents", headers=contact_headers,
                          data={"file": (io.BytesIO(PDF), "x.pdf")})
    assert assert_problem(unnamed, 422, "validation-error")["errors"] == [
        {"pointer": "#/vendor_id", "detail": "Field required"}]
    foreign = client.post("/api/v1/documents", headers=contact_headers, data={
        "file": (io.BytesIO(PDF), "x.pdf"), "vendor_id": str(make_vendor().id)})
    assert_problem(foreign, 404)
    staff = bearer(make_user("procurement"))
    no_vendor = client.post("/api/v1/documents", headers=staff,
                            data={"file": (io.BytesIO(PDF), "x.pdf")})
    assert_problem(no_vendor, 422)
    ok = client.post("/api/v1/documents", headers=staff,
                     data={"file": (io.BytesIO(PDF), "x.pdf"), "vendor_id": str(vendor.id)})
    assert ok.status_code == 201
    no_file = client.post("/api/v1/documents", headers=staff, data={"vendor_id": str(vendor.id)},
                          content_type="multipart/form-data")
    assert assert_problem(no_file, 422)["errors"][0]["pointer"] == "#/file"


def test_findings_and_scorecard(client, make_user, make_vendor, bearer):
    from portal.findings.models import Finding, FindingSource, FindingStatus, Severity

    vendor = make_vendor()
    for n, severity in enumerate((Severity.LOW, Severity.CRITICAL, Severity.HIGH)):
        db.session.add(Finding(vendor_id=vendor.id, key=f"manual:{n}",
                               source=FindingSource.MANUAL, severity=severity,
                               status=FindingStatus.OPEN, title=f"Finding {n}"))
    db.session.commit()
    staff = bearer(make_user("contract_manager"))
    page = client.get(f"/api/v1/vendors/{vendor.id}/findings?per_page=2", headers=staff)
    body = page.get_json()
    assert [f["severity"] for f in body["data"]] == ["critical", "high"]
    assert body["meta"]["total"] == 3 and body["meta"]["pages"] == 2
    critical = client.get(f"/api/v1/vendors/{vendor.id}/findings?severity=critical",
                          headers=staff).get_json()
    assert [f["title"] for f in critical["data"]] == ["Finding 1"]
    own = bearer(make_user("vendor", vendor=vendor))
    assert client.get(f"/api/v1/vendors/{vendor.id}/findings", headers=own).status_code == 200
    other = bearer(make_user("vendor", vendor=make_vendor()))
    assert_problem(client.get(f"/api/v1/vendors/{vendor.id}/findings", headers=other), 404)

    assert_problem(client.get(f"/api/v1/vendors/{vendor.id}/scorecard", headers=staff), 404,
                   "no-score")
    assert_problem(client.get(f"/api/v1/vendors/{vendor.id}/scorecard", headers=own), 403)


def test_scorecard_returns_the_latest_record(client, make_user, make_assessment, bearer):
    from portal.scoring.models import ScoreReason, ScoreRecord

    assessment = make_assessment(status=AssessmentStatus.ACCEPTED)
    for overall in (55.0, 72.5):
        db.session.add(ScoreRecord(
            assessment_id=assessment.id, vendor_id=assessment.vendor_id, method_version="1.0",
            template_key="ai-supplier-starter", template_version=1, inherent_tier="high",
            overall=overall, raw_overall=overall, confidence=0.8, completeness=1.0,
            third_party=None, band="adequate", residual_risk="medium", residual_reasons=[],
            result={}, reason=ScoreReason.ACCEPTED))
    db.session.commit()
    response = client.get(f"/api/v1/vendors/{assessment.vendor_id}/scorecard",
                          headers=bearer(make_user("admin")))
    assert response.status_code == 200 and response.get_json()["overall"] == 72.5


def test_certificates_of_a_vendor(client, make_user, make_vendor, app, bearer):
    from portal.certificates.models import Certificate, CertificateStatus
    from portal.documents.services import store_upload

    vendor = make_vendor()
    contact = make_user("vendor", vendor=vendor)
    document = store_upload(io.BytesIO(PDF), "iso42001.pdf", vendor=vendor, actor=contact,
                            settings=settings_for(app))
    certificate = Certificate(document_id=document.id, vendor_id=vendor.id,
                              status=CertificateStatus.ACCEPTED, standard="ISO/IEC 42001",
                              expiry_date=date.today() + timedelta(days=200), standards=[],
                              sites=[], checks=[{"code": "expiry", "status": "pass",
                                                 "message": "Valid", "detail": None}])
    db.session.add(certificate)
    db.session.commit()
    listed = client.get(f"/api/v1/vendors/{vendor.id}/certificates", headers=bearer(contact))
    assert [c["standard"] for c in listed.get_json()["data"]] == ["ISO/IEC 42001"]
    one = client.get(f"/api/v1/certificates/{certificate.id}",
                     headers=bearer(make_user("admin"))).get_json()
    assert one["checks"][0]["code"] == "expiry" and one["status"] == "accepted"
    other = bearer(make_user("vendor", vendor=make_vendor()))
    assert_problem(client.get(f"/api/v1/certificates/{certificate.id}", headers=other), 404)


def test_offboarded_vendors_tokens_stop_working(client, make_user, make_vendor, bearer):
    vendor = make_vendor()
    headers = bearer(make_user("vendor", vendor=vendor))
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    db.session.get(Vendor, vendor.id).status = VendorStatus.OFFBOARDED
    db.session.commit()
    assert_problem(client.get("/api/v1/me", headers=headers), 401, "invalid-token")
