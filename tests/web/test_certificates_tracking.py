"""Certificates over time: contradiction findings, expiry e-mails, list filters, scoring input."""
from __future__ import annotations

import io
import re
import secrets
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from portal.assessments.lifecycle import AssessmentStatus
from portal.assessments.models import Answer
from portal.certificates.claims import sync_assessment_contradictions
from portal.certificates.models import Certificate, CertificateStatus
from portal.certificates.services import (
    accept_certificate,
    reject_certificate,
    run_checks,
)
from portal.documents.models import DocumentKind
from portal.extensions import db
from portal.findings.models import Finding, FindingSource, FindingStatus
from portal.mail.models import OutboundEmail
from portal.scoring import load_method
from portal.scoring.inputs import vendor_certificates
from portal.scoring.lifts import lifts
from portal.settings.current import settings_for

TODAY = date.today()
CLAIM = "START-ORG-03"


@pytest.fixture
def staff(make_user):
    return make_user("procurement", name="Pat Procurement", email="pat@example.com")


@pytest.fixture
def vendor(make_vendor, staff):
    return make_vendor("Example Analytics Ltd", products=("Fraud Detection",),
                       owner_id=staff.id)


@pytest.fixture
def make_certificate(app, staff):
    """Store a certificate row with the given values (no PDF reading), checks included."""
    from portal.documents.services import store_upload

    def make(vendor, *, standard: str = "ISO/IEC 42001:2023", organization: str | None = None,
             scope: str = "Operation of the Fraud Detection platform",
             expiry: date | None = TODAY + timedelta(days=400),
             status: CertificateStatus = CertificateStatus.ACCEPTED,
             number: str | None = None) -> Certificate:
        data = b"%PDF-1.4\n%" + secrets.token_hex(8).encode() + b"\n%%EOF\n"
        document = store_upload(io.BytesIO(data), "certificate.pdf", vendor=vendor, actor=staff,
                                settings=settings_for(app), kind=DocumentKind.CERTIFICATE)
        certificate = Certificate(
            document=document, vendor_id=vendor.id, status=status, status_message="",
            extraction_status="ok", extraction={}, standard=standard, standards=[standard],
            certificate_number=number or secrets.token_hex(3).upper(),
            organization=organization or vendor.legal_name, scope=scope,
            issue_date=TODAY - timedelta(days=100), expiry_date=expiry, sites=[], checks=[])
        db.session.add(certificate)
        db.session.flush()
        run_checks(certificate, today=TODAY)
        db.session.commit()
        return certificate

    return make


@pytest.fixture
def claiming(make_assessment, vendor):
    """A submitted starter assessment whose START-ORG-03 answer is the given value."""

    def make(value: str = "yes"):
        assessment = make_assessment(vendor, status=AssessmentStatus.SUBMITTED)
        db.session.add(Answer(assessment_id=assessment.id, question_id=CLAIM, value=value))
        db.session.commit()
        return assessment

    return make


def certificate_findings(assessment_id: int) -> list[Finding]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Finding).where(
        Finding.assessment_id == assessment_id, Finding.source == FindingSource.CERTIFICATE)))


def only_finding(assessment, staff) -> Finding:
    sync_assessment_contradictions(assessment, actor=staff, today=TODAY)
    db.session.commit()
    findings = certificate_findings(assessment.id)
    assert len(findings) == 1, [f.title for f in findings]
    finding = findings[0]
    assert finding.key == f"certificate:iso42001-certificate:{assessment.id}:{CLAIM}"
    assert finding.question_id == CLAIM and finding.remediation
    return finding


# ---- contradictions ---------------------------------------------------------------------------

def test_claim_without_any_certificate(claiming, staff):
    finding = only_finding(claiming("yes"), staff)
    assert "no certificate" in finding.title
    assert finding.severity.value == "high" and finding.status is FindingStatus.OPEN


def test_claim_backed_only_by_another_standard(claiming, staff, vendor, make_certificate):
    make_certificate(vendor, standard="ISO/IEC 27001:2022")
    finding = only_finding(claiming("yes"), staff)
    assert "another standard" in finding.title
    assert "ISO/IEC 27001:2022" in finding.detail


def test_claim_with_an_expired_certificate(claiming, staff, vendor, make_certificate):
    make_certificate(vendor, expiry=TODAY - timedelta(days=3))
    finding = only_finding(claiming("yes"), staff)
    assert "expired" in finding.title


def test_claim_with_a_certificate_of_another_legal_entity(claiming, staff, vendor,
                                                          make_certificate):
    make_certificate(vendor, organization="Completely Different Holdings Corp")
    finding = only_finding(claiming("yes"), staff)
    assert "another legal entity" in finding.title
    assert "Completely Different Holdings Corp" in finding.detail


def test_claim_with_a_scope_that_misses_the_product(claiming, staff, vendor, make_certificate):
    make_certificate(vendor, scope="Payroll outsourcing for retail chains")
    finding = only_finding(claiming("yes"), staff)
    assert "scope" in finding.title and finding.severity.value == "medium"


def test_in_progress_answer_is_no_claim(claiming, staff):
    assessment = claiming("partial")  # "In progress (audit booked)" in the starter template
    sync_assessment_contradictions(assessment, actor=staff, today=TODAY)
    assert certificate_findings(assessment.id) == []


def test_decisions_resolve_and_reopen_the_finding(claiming, staff, vendor, make_certificate):
    assessment = claiming("yes")
    only_finding(assessment, staff)
    certificate = make_certificate(vendor, status=CertificateStatus.NEEDS_REVIEW)
    accept_certificate(certificate, actor=staff, today=TODAY)
    db.session.commit()
    (finding,) = certificate_findings(assessment.id)
    assert finding.status is FindingStatus.CLOSED
    reject_certificate(certificate, actor=staff, comment="Forged", today=TODAY)
    db.session.commit()
    (finding,) = certificate_findings(assessment.id)
    assert finding.status is FindingStatus.OPEN and "no certificate" in finding.title


def answer_everything(client, assessment) -> None:
    """Autosave a valid answer to every visible question (the first scored option)."""
    from portal.questionnaires.bank import is_visible
    from portal.questionnaires.templates import load_pinned

    values: dict[str, object] = {}
    for q in load_pinned(assessment.template_version).questions():
        if q.type in ("yes_no", "single_choice"):
            value = next(o.value for o in q.options if o.score is not None)
        elif q.type == "multiple_choice":
            value = q.options[0].value
        elif q.type == "file":
            continue
        else:
            value = {"number": "5", "date": "2027-01-31"}.get(q.type, "Answer text")
        values[q.id] = value
        if is_visible(q, values):
            response = client.post(f"/respond/{assessment.id}/autosave", data={
                "question": q.id, f"v-{q.id}": "0", f"q-{q.id}": value})
            assert response.status_code == 200, (q.id, response.get_json())


def test_submitting_raises_the_finding_and_pages_show_it(client, app, login, make_assessment,
                                                         vendor, make_user, staff):
    assessment = make_assessment(vendor)
    login(client, assessment.recipients[0])
    answer_everything(client, assessment)  # answers START-ORG-03 with "yes"
    assert client.post(f"/respond/{assessment.id}/submit").status_code == 302
    (finding,) = certificate_findings(assessment.id)
    assert finding.question_id == CLAIM
    page = login(app.test_client(), staff).get(f"/certificates/assessments/{assessment.id}")
    assert page.status_code == 200 and finding.title in page.get_data(as_text=True)
    vendor_page = login(app.test_client(), staff).get(f"/certificates/vendors/{vendor.id}")
    assert finding.title in vendor_page.get_data(as_text=True)


# ---- expiry e-mails ---------------------------------------------------------------------------

def mails() -> list[OutboundEmail]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(OutboundEmail).where(
        OutboundEmail.kind == "certificate_expiry").order_by(OutboundEmail.id)))


def notify(runner, today: date):
    result = runner.invoke(args=["certificates", "notify-expiring", "--today", today.isoformat()])
    assert result.exit_code == 0, result.output
    return result


def test_expiry_mail_once_per_threshold_then_a_renewal_request(runner, vendor, make_user,
                                                              make_certificate):
    make_user("vendor", vendor=vendor, email="contact@example.com")
    make_user("vendor", vendor=vendor, email="gone@example.com", is_active=False)
    certificate = make_certificate(vendor, expiry=TODAY + timedelta(days=85))
    notify(runner, TODAY)
    assert sorted(m.to_address for m in mails()) == ["contact@example.com", "pat@example.com"]
    assert "85 days" in mails()[0].subject
    notify(runner, TODAY)
    notify(runner, TODAY + timedelta(days=10))  # 75 days left: still the 90-day notice
    assert len(mails()) == 2
    notify(runner, TODAY + timedelta(days=56))  # 29 days left: the 30-day notice
    assert len(mails()) == 4
    notify(runner, TODAY + timedelta(days=86))  # expired
    assert len(mails()) == 6
    to_vendor = [m for m in mails() if m.to_address == "contact@example.com"][-1]
    assert "upload the renewed certificate" in to_vendor.body_text
    assert "/certificates/mine" in to_vendor.body_text
    notify(runner, TODAY + timedelta(days=90))
    assert len(mails()) == 6
    db.session.expire_all()
    assert db.session.get(Certificate, certificate.id).renewal_requested_at is not None


def test_no_expiry_mail_for_rejected_or_renewed_certificates(runner, vendor, make_user,
                                                            make_certificate):
    make_user("vendor", vendor=vendor, email="contact@example.com")
    make_certificate(vendor, expiry=TODAY + timedelta(days=20),
                     status=CertificateStatus.REJECTED)
    make_certificate(vendor, standard="ISO/IEC 27001:2022", expiry=TODAY + timedelta(days=20))
    make_certificate(vendor, standard="ISO/IEC 27001:2022", expiry=TODAY + timedelta(days=700))
    notify(runner, TODAY)
    assert mails() == []


# ---- the staff list ---------------------------------------------------------------------------

def test_expiry_and_review_filters(client, login, vendor, staff, make_certificate):
    for number, days in (("D20", 20), ("D50", 50), ("D80", 80), ("D200", 200), ("GONE", -5)):
        make_certificate(vendor, number=number, expiry=TODAY + timedelta(days=days))
    make_certificate(vendor, number="NEW", status=CertificateStatus.NEEDS_REVIEW,
                     expiry=TODAY + timedelta(days=300))
    login(client, staff)

    def numbers(show: str = "") -> set[str]:
        page = client.get(f"/certificates/?show={show}").get_data(as_text=True)
        return set(re.findall(r"<td data-label=\"Number\">(D\d+|GONE|NEW)</td>", page))

    assert numbers() == {"D20", "D50", "D80", "D200", "GONE", "NEW"}
    assert numbers("30") == {"D20"}
    assert numbers("60") == {"D20", "D50"}
    assert numbers("90") == {"D20", "D50", "D80"}
    assert numbers("expired") == {"GONE"}
    assert numbers("needs_review") == {"NEW"}


# ---- scoring ----------------------------------------------------------------------------------

def test_scoring_lifts_only_accepted_unexpired_in_scope_certificates(vendor, make_certificate):
    make_certificate(vendor, number="GOOD")
    make_certificate(vendor, number="WAITING", status=CertificateStatus.NEEDS_REVIEW)
    make_certificate(vendor, number="OLD", expiry=TODAY - timedelta(days=1))
    make_certificate(vendor, number="ELSEWHERE", standard="ISO/IEC 27001:2022",
                     scope="Payroll outsourcing for retail chains")
    for certificate in db.session.scalars(db.select(Certificate)):
        certificate.accreditation_body = "UKAS"  # a recognised accreditation body
        run_checks(certificate, today=TODAY)
    method = load_method(version="v2")
    found = {c.reference: c for c in vendor_certificates(vendor.id, TODAY)}
    # Scoring gets every live certificate with its stored checks; the method picks the lifters.
    assert [ref for ref, c in found.items() if lifts(c, method)] == ["GOOD"]
    assert found["WAITING"].status == "needs_review" and not found["OLD"].in_date
    assert [(c.code, c.status) for c in found["ELSEWHERE"].checks if c.code == "scope"] == [
        ("scope", "warning")]
    later = vendor_certificates(vendor.id, TODAY + timedelta(days=401))
    assert not any(lifts(c, method) for c in later)
