"""A certificate lifts only what it certifies; accepting one over a failed check needs a reason."""
from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from portal.assessments.lifecycle import AssessmentStatus
from portal.assessments.models import Answer
from portal.assessments.services import change_status
from portal.audit.models import AuditEvent
from portal.certificates.models import Certificate, CertificateStatus
from portal.certificates.services import run_checks
from portal.documents.models import DocumentKind
from portal.documents.services import store_upload
from portal.extensions import db
from portal.scoring.models import ScoreRecord
from portal.settings.current import settings_for
from portal.vendors.models import RiskTier

TODAY = date.today()
ANSWERS = {"START-ORG-01": "Fraud Detection platform.", "START-ORG-03": "yes",
           "START-RESP-01": "yes", "START-RESP-02": "named-executive", "START-SUP-02": "yes",
           "START-SUP-03": "yes", "START-CUS-01": "never", "START-CUS-02": 24,
           "START-CUS-03": "yes"}


@pytest.fixture
def setup(app, make_vendor, make_user, make_assessment):
    staff = make_user("contract_manager")
    vendor = make_vendor("Example Analytics Ltd", products=("Fraud Detection",),
                         tier=RiskTier.HIGH)
    assessment = make_assessment(vendor, status=AssessmentStatus.UNDER_REVIEW)
    for qid, value in ANSWERS.items():
        db.session.add(Answer(assessment_id=assessment.id, question_id=qid, value=value))
    db.session.commit()
    db.session.refresh(assessment)
    change_status(assessment, "accept", actor=staff, confirm_unreviewed=True)
    db.session.commit()

    def certificate(organization: str) -> Certificate:
        document = store_upload(io.BytesIO(b"%PDF-1.4\n% cert\n%%EOF\n" + organization.encode()),
                                "certificate.pdf", vendor=vendor, actor=staff,
                                settings=settings_for(app), kind=DocumentKind.CERTIFICATE)
        cert = Certificate(
            document=document, vendor_id=vendor.id, status=CertificateStatus.NEEDS_REVIEW,
            status_message="", extraction_status="ok", extraction={},
            standard="ISO/IEC 42001:2023", standards=["ISO/IEC 42001:2023"],
            certificate_number="AIMS-0042", organization=organization,
            scope="Operation of the Fraud Detection platform", accreditation_body="UKAS",
            certification_body="BSI", issue_date=TODAY - timedelta(days=100),
            expiry_date=TODAY + timedelta(days=400), sites=[], checks=[])
        db.session.add(cert)
        db.session.flush()
        run_checks(cert, today=TODAY)
        db.session.commit()
        return cert

    return staff, vendor, certificate


def _latest(vendor_id) -> ScoreRecord:
    db.session.expire_all()
    return db.session.scalar(sa.select(ScoreRecord).where(ScoreRecord.vendor_id == vendor_id)
                             .order_by(ScoreRecord.id.desc()).limit(1))


def test_another_entitys_certificate_is_flagged_until_an_explicit_override(
        client, login, setup):
    staff, vendor, certificate = setup
    claims_only = _latest(vendor.id)
    cert = certificate("Some Other Holdings plc")
    flagged = _latest(vendor.id)  # re-scored by the job after the checks ran
    assert flagged.id != claims_only.id and flagged.overall == claims_only.overall
    assert flagged.residual_risk in ("high", "critical")
    assert any("another legal entity" in r for r in flagged.residual_reasons)
    login(client, staff)
    refused = client.post(f"/certificates/{cert.id}/accept", data={"note": ""})
    assert refused.status_code == 422
    assert "To accept the certificate anyway" in refused.get_data(True)
    db.session.expire_all()
    assert db.session.get(Certificate, cert.id).status is CertificateStatus.NEEDS_REVIEW
    assert _latest(vendor.id).overall == claims_only.overall

    accepted = client.post(f"/certificates/{cert.id}/accept", data={
        "override_reason": "Parent company certificate; subsidiary covered by the scope."})
    assert accepted.status_code == 302
    db.session.expire_all()
    cert = db.session.get(Certificate, cert.id)
    assert cert.status is CertificateStatus.ACCEPTED and cert.overridden_checks == [
        "organisation"]
    event = db.session.scalar(sa.select(AuditEvent).where(
        AuditEvent.action == "certificate.override"))
    assert event.details["checks"] == ["organisation"]
    lifted = _latest(vendor.id)
    assert lifted.overall > claims_only.overall
    assert "accepted over a failed check" in lifted.reason_detail
    assert "certificate_verified" in lifted.evidence.values() or any(
        q["evidence"] == "certificate_verified" for q in lifted.result["questions"])
    card = client.get(f"/vendors/{vendor.id}/scorecard").get_data(True)
    assert "accepted over a failed check: another legal entity" in card


def test_own_certificate_lifts_without_override(client, login, setup):
    staff, vendor, certificate = setup
    before = _latest(vendor.id)
    cert = certificate("Example Analytics Ltd")
    login(client, staff)
    assert client.post(f"/certificates/{cert.id}/accept", data={}).status_code == 302
    after = _latest(vendor.id)
    assert after.overall > before.overall and after.confidence > before.confidence
    assert after.certificates == [{"standard": "iso42001", "reference": "AIMS-0042"}]
    assert not any("another legal entity" in r for r in after.residual_reasons)


def test_the_readers_findings_stack_into_one_card_per_field_on_a_phone(client, login, setup):
    # a three-column table squeezed into 390 px left "Printed as" a few letters wide
    staff, _, certificate = setup
    cert = certificate("Example Analytics Ltd")
    login(client, staff)
    html = client.get(f"/certificates/{cert.id}").get_data(as_text=True)
    assert '<table class="table stack fields">' in html
    assert 'data-label="Value"' in html and 'data-label="Printed as"' in html
    # the checks too: each check is a card saying its result and why
    assert html.count('<table class="table stack">') == 1
    assert 'data-label="Result"' in html and 'data-label="Why"' in html
