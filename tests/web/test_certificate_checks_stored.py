"""A certificate is verified once, as read; scoring and the contradiction rules read the stored
checks, which are checked again only when what they compare against changes."""
from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from portal.assessments.lifecycle import AssessmentStatus
from portal.assessments.models import Answer
from portal.assessments.services import change_status
from portal.certificates import checking
from portal.certificates.claims import sync_vendor_contradictions
from portal.certificates.models import Certificate
from portal.certificates.services import accept_certificate, register_certificate
from portal.documents.models import DocumentKind
from portal.documents.services import store_upload
from portal.extensions import db
from portal.scorecards.services import build_scorecard
from portal.scoring.models import ScoreRecord
from portal.scoring.refresh import rescore_vendor
from portal.settings.current import settings_for
from portal.vendors.models import RiskTier
from portal.vendors.services import VendorData, add_product, update_vendor
from tests.web.test_certificates import certificate_pdf

TODAY = date.today()
ANSWERS = {"START-ORG-01": "Fraud Detection platform.", "START-ORG-03": "yes",
           "START-RESP-01": "yes", "START-RESP-02": "named-executive", "START-SUP-02": "yes",
           "START-SUP-03": "yes", "START-CUS-01": "never", "START-CUS-02": 24,
           "START-CUS-03": "yes"}


@pytest.fixture
def verifications(monkeypatch) -> list[str]:
    """Count the runs of the certificate checks (one entry per certificate checked)."""
    calls: list[str] = []
    real = checking.verify_certificate

    def counted(extraction, **kw):
        calls.append(extraction.value("certificate_number") or "")
        return real(extraction, **kw)

    monkeypatch.setattr(checking, "verify_certificate", counted)
    return calls


@pytest.fixture
def scored(app, make_vendor, make_user, make_assessment):
    """A scored vendor with an accepted assessment, and a way to read a certificate for it."""
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

    def read(**kw) -> Certificate:
        pdf = certificate_pdf(issued=TODAY - timedelta(days=100),
                              expires=TODAY + timedelta(days=900), **kw)
        document = store_upload(io.BytesIO(pdf), "certificate.pdf", vendor=vendor, actor=staff,
                                settings=settings_for(app), kind=DocumentKind.CERTIFICATE)
        certificate = register_certificate(document, actor=staff, settings=settings_for(app),
                                           today=TODAY)
        db.session.commit()
        return certificate

    return staff, vendor, read


def _check(certificate: Certificate, code: str) -> dict:
    db.session.refresh(certificate)
    found = certificate.check(code)
    assert found is not None, code
    return found


def test_a_fresh_reading_is_verified_once_and_scoring_never_verifies(
        app, scored, verifications):
    staff, vendor, read = scored
    certificate = read()
    assert verifications == ["AIMS 712345"]  # checked as read, not again from stored values
    assert _check(certificate, "organisation")["status"] == "pass"
    assert _check(certificate, "scope")["status"] == "pass"
    accept_certificate(certificate, actor=staff, today=TODAY)  # a decision re-checks on purpose
    db.session.commit()
    verifications.clear()

    score = rescore_vendor(vendor.id, ["test"], actor=staff)
    db.session.commit()
    assert score is not None
    assert {"standard": "iso42001", "reference": "AIMS 712345"} in score.certificates
    sync_vendor_contradictions(vendor.id, actor=staff, today=TODAY)
    card = build_scorecard(vendor, as_of=TODAY)
    assert any("AIMS 712345" in row.name or "AIMS 712345" in row.status
               for row in card.certificates)
    assert verifications == []


def test_renaming_the_vendor_checks_its_certificates_against_the_new_name(
        scored, verifications):
    staff, vendor, read = scored
    certificate = read()
    verifications.clear()
    before = db.session.scalar(sa.select(sa.func.count(ScoreRecord.id)))

    update_vendor(vendor, VendorData(legal_name="Quite Different Holdings plc",
                                     status=vendor.status), actor=staff)
    db.session.commit()
    assert verifications == ["AIMS 712345"]
    organisation = _check(certificate, "organisation")
    assert organisation["status"] == "fail"
    assert organisation["detail"]["matched"] == "Quite Different Holdings plc"
    # The verdict changed, so the score was brought up to date (another legal entity).
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count(ScoreRecord.id))) == before + 1

    verifications.clear()
    update_vendor(vendor, VendorData(legal_name="Quite Different Holdings plc",
                                     aliases=("Example Analytics Ltd",), status=vendor.status),
                  actor=staff)
    db.session.commit()
    assert verifications == ["AIMS 712345"]
    assert _check(certificate, "organisation")["status"] == "pass"

    verifications.clear()
    update_vendor(vendor, VendorData(legal_name="Quite Different Holdings plc",
                                     aliases=("Example Analytics Ltd",), status=vendor.status,
                                     website="https://example.com"), actor=staff)
    db.session.commit()
    assert verifications == []  # nothing a check compares against changed


def test_a_new_product_is_looked_for_in_the_stored_scope_check(scored, verifications):
    staff, vendor, read = scored
    certificate = read(scope="Operation of the Payments Gateway and Fraud Detection services.")
    assert _check(certificate, "scope")["detail"]["terms"] == ["Fraud Detection"]
    verifications.clear()

    add_product(vendor, "Payments Gateway", actor=staff)
    db.session.commit()
    assert verifications == ["AIMS 712345"]
    scope = _check(certificate, "scope")
    assert scope["detail"]["terms"] == ["Fraud Detection", "Payments Gateway"]
    assert set(scope["detail"]["matches"]) == {"Fraud Detection", "Payments Gateway"}
