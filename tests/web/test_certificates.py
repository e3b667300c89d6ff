"""Certificates in the portal: upload -> read -> checks -> review -> decisions, page images."""
from __future__ import annotations

import copy
import io
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen.canvas import Canvas

from portal.audit.models import AuditEvent
from portal.certificates.models import Certificate, CertificateCorrection, CertificateStatus
from portal.extensions import db
from portal.questionnaires.templates import checksum

TODAY = date.today()


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def certificate_pdf(*, organisation: str = "Example Analytics Ltd",
                    standard: str = "ISO/IEC 42001:2023",
                    scope: str = ("Design and operation of machine-learning fraud detection"
                                  " services."),
                    number: str = "AIMS 712345", issued: date = date(2025, 3, 14),
                    expires: date = date(2028, 3, 13)) -> bytes:
    """Return a one-page text certificate: prose on top, label/value rows below."""
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=A4, invariant=1)
    width, height = A4
    y = height - 100
    for size, text in ((24, "CERTIFICATE"), (11, "This is to certify that"), (18, organisation),
                       (10, "12 Example Road"), (10, "London EC1A 1BB, United Kingdom"),
                       (11, f"operates a management system which complies with {standard}"),
                       (11, "for the following scope:"), (11, scope)):
        c.setFont("Helvetica-Bold" if size >= 18 else "Helvetica", size)
        c.drawCentredString(width / 2, y, text)
        y -= size * 1.8
    y -= 20
    for label, value in (("Certificate No.:", number), ("Issue date:", _long(issued)),
                         ("Expiry date:", _long(expires))):
        c.setFont("Helvetica", 10)
        c.drawString(70, y, label)
        c.drawString(260, y, value)
        y -= 16
    c.drawString(70, 110, "For and on behalf of Example Certification Services Ltd")
    c.drawString(440, 130, "UKAS")
    c.drawString(440, 118, "0123")
    c.showPage()
    c.save()
    return buffer.getvalue()


def encrypted_pdf() -> bytes:
    """Return a password-protected PDF."""
    buffer = io.BytesIO()
    c = Canvas(buffer, encrypt=StandardEncryption("secret", canPrint=0))
    c.drawString(72, 720, "Certificate No: IS 712345")
    c.showPage()
    c.save()
    return buffer.getvalue()


def invoice_pdf() -> bytes:
    """Return a readable PDF that is an invoice, not a certificate."""
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=A4, invariant=1)
    y = 780
    for text in ("INVOICE", "Invoice number: INV-2025-0042", "Invoice date: 14 March 2025",
                 "Bill to: Example Analytics Ltd", "Description: ISO/IEC 42001 audit, 3 days",
                 "Subtotal: 4,500.00 GBP", "VAT 20%: 900.00 GBP", "Total amount due: 5,400.00 GBP",
                 "Payment terms: 30 days. Bank transfer to account 12345678."):
        c.drawString(72, y, text)
        y -= 22
    c.showPage()
    c.save()
    return buffer.getvalue()


MALFORMED_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"



@pytest.fixture
def acme(make_vendor, make_user):
    """A vendor whose legal name and product match the default certificate, and its people."""
    owner = make_user("procurement", email="owner@example.com")
    vendor = make_vendor("Example Analytics Ltd", products=("Fraud Detection",),
                         owner_id=owner.id)
    contact = make_user("vendor", vendor=vendor, email="contact@example.com")
    return vendor, contact, owner


def upload(client, data: bytes, name: str = "certificate.pdf", kind: str = "certificate"):
    """Upload a file through the vendor document library."""
    return client.post("/documents/", data={"file": (io.BytesIO(data), name), "kind": kind},
                       content_type="multipart/form-data")


def latest_certificate() -> Certificate:
    db.session.expire_all()
    return db.session.scalars(sa.select(Certificate).order_by(Certificate.id.desc())).first()


def checks_by_code(certificate: Certificate) -> dict[str, dict]:
    return {c["code"]: c for c in certificate.checks}


def events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)))


def test_library_upload_registers_a_checked_certificate(client, login, acme):
    vendor, contact, _ = acme
    login(client, contact)
    response = upload(client, certificate_pdf(issued=TODAY - timedelta(days=100),
                                              expires=TODAY + timedelta(days=900)))
    assert response.status_code == 302
    certificate = latest_certificate()
    assert certificate.vendor_id == vendor.id
    assert certificate.status is CertificateStatus.NEEDS_REVIEW
    assert certificate.extraction_status == "ok"
    assert certificate.certificate_number == "AIMS 712345"
    assert certificate.organization == "Example Analytics Ltd"
    assert certificate.standard == "ISO/IEC 42001:2023"
    assert certificate.expiry_date == TODAY + timedelta(days=900)
    # The original extraction keeps the provenance of every field.
    number = certificate.extraction["fields"]["certificate_number"]
    assert number["page"] == 1 and "AIMS" in number["source_text"]
    checks = checks_by_code(certificate)
    assert checks["organisation"]["status"] == "pass"
    assert checks["organisation"]["detail"]["score"] >= 90
    assert checks["standard"]["status"] == "pass"
    assert checks["scope"]["status"] == "pass"
    assert "fraud" in checks["scope"]["message"]
    assert checks["expiry"]["status"] == "pass"
    assert checks["duplicate"]["status"] == "pass"
    assert len(events("certificate.registered")) == 1
    page = client.get("/certificates/mine").get_data(as_text=True)
    assert "AIMS 712345" in page and "Needs review" in page
    detail = client.get(f"/certificates/{certificate.id}").get_data(as_text=True)
    assert "Certificate No.:" in detail  # the provenance text is shown
    assert "Match score" in detail


def test_evidence_upload_is_not_read_as_a_certificate(client, login, acme):
    _, contact, _ = acme
    login(client, contact)
    upload(client, certificate_pdf(), kind="evidence")
    assert latest_certificate() is None


def test_duplicate_upload_is_flagged_with_a_link_to_the_first(client, login, acme):
    _, contact, _ = acme
    login(client, contact)
    data = certificate_pdf(expires=TODAY + timedelta(days=900))
    upload(client, data)
    first = latest_certificate()
    upload(client, data, name="again.pdf")
    second = latest_certificate()
    assert second.id != first.id
    duplicate = checks_by_code(second)["duplicate"]
    assert duplicate["status"] == "warning"
    assert duplicate["detail"]["certificate_id"] == first.id
    assert second.duplicate_of_id == first.id
    page = client.get(f"/certificates/{second.id}").get_data(as_text=True)
    assert f"/certificates/{first.id}" in page


@pytest.mark.parametrize(("data", "status", "words"), [
    (encrypted_pdf(), CertificateStatus.UNREADABLE, "password"),
    (MALFORMED_PDF, CertificateStatus.UNREADABLE, "could not be read"),
    (invoice_pdf(), CertificateStatus.NOT_A_CERTIFICATE, "does not look like a certificate"),
], ids=["encrypted", "malformed", "invoice"])
def test_bad_files_get_a_clear_status_and_the_pages_still_work(
        client, app, login, acme, make_user, data, status, words):
    _, contact, _ = acme
    login(client, contact)
    assert upload(client, data).status_code == 302
    certificate = latest_certificate()
    assert certificate.status is status
    assert words in certificate.status_message.lower() or words in certificate.status_message
    assert certificate.checks[0]["code"] == "readable"
    assert certificate.checks[0]["status"] == "fail"
    mine = client.get("/certificates/mine")
    assert mine.status_code == 200 and certificate.status.label in mine.get_data(as_text=True)
    # on a phone each certificate is one card whose values say what they are
    assert '<table class="table stack">' in mine.get_data(as_text=True)
    assert 'data-label="What happens next"' in mine.get_data(as_text=True)
    assert client.get(f"/certificates/{certificate.id}").status_code == 200
    staff = login(app.test_client(), make_user("procurement"))
    page = staff.get(f"/certificates/{certificate.id}")
    assert page.status_code == 200
    assert certificate.status_message.split(".")[0] in page.get_data(as_text=True)
    assert staff.get("/certificates/?show=problems").status_code == 200


def test_password_message_tells_the_vendor_what_to_do(client, login, acme):
    _, contact, _ = acme
    login(client, contact)
    upload(client, encrypted_pdf())
    certificate = latest_certificate()
    assert "Upload an unprotected copy" in certificate.status_message
    page = client.get(f"/certificates/{certificate.id}").get_data(as_text=True)
    assert "Upload an unprotected copy" in page


def test_correction_keeps_the_original_and_who_changed_it(client, app, login, acme, make_user):
    _, contact, _ = acme
    login(client, contact)
    upload(client, certificate_pdf(organisation="Other Holdings plc",
                                   expires=TODAY + timedelta(days=900)))
    certificate = latest_certificate()
    assert checks_by_code(certificate)["organisation"]["status"] == "fail"
    original = dict(certificate.extraction)
    reviewer = make_user("contract_manager", name="Rita Reviewer")
    staff = login(app.test_client(), reviewer)
    response = staff.post(f"/certificates/{certificate.id}/correct",
                          data={"organization": "Example Analytics Ltd",
                                "expiry_date": (TODAY + timedelta(days=800)).isoformat()})
    assert response.status_code == 302
    certificate = latest_certificate()
    assert certificate.organization == "Example Analytics Ltd"
    assert certificate.expiry_date == TODAY + timedelta(days=800)
    assert certificate.extraction == original  # the reader's result is never overwritten
    corrections = {c.field: c for c in certificate.corrections}
    assert set(corrections) == {"organization", "expiry_date"}
    assert corrections["organization"].old_value == "Other Holdings plc"
    assert corrections["organization"].corrected_by_id == reviewer.id
    assert checks_by_code(certificate)["organisation"]["status"] == "pass"
    assert certificate.certificate_number == "AIMS 712345"  # fields not posted stay as they were
    assert len(events("certificate.corrected")) == 1
    page = staff.get(f"/certificates/{certificate.id}").get_data(as_text=True)
    assert "Rita Reviewer" in page and "the reader found: Other Holdings plc" in page


def test_bad_correction_is_refused_and_nothing_changes(client, app, login, acme, make_user):
    _, contact, _ = acme
    login(client, contact)
    upload(client, certificate_pdf())
    certificate = latest_certificate()
    staff = login(app.test_client(), make_user("procurement"))
    response = staff.post(f"/certificates/{certificate.id}/correct",
                          data={"expiry_date": "31/02/2027"})
    assert response.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(CertificateCorrection.id))) == 0
    assert latest_certificate().expiry_date == date(2028, 3, 13)


def test_vendors_cannot_review(client, login, acme):
    _, contact, _ = acme
    login(client, contact)
    upload(client, certificate_pdf())
    certificate = latest_certificate()
    assert client.post(f"/certificates/{certificate.id}/accept").status_code == 403
    assert client.post(f"/certificates/{certificate.id}/correct",
                       data={"organization": "X"}).status_code == 403
    assert latest_certificate().status is CertificateStatus.NEEDS_REVIEW


def test_accept_and_reject_are_audited(client, app, login, acme, make_user):
    _, contact, _ = acme
    login(client, contact)
    upload(client, certificate_pdf())
    certificate = latest_certificate()
    staff = login(app.test_client(), make_user("procurement"))
    response = staff.post(f"/certificates/{certificate.id}/reject", data={"reason": ""})
    assert response.status_code == 422
    assert latest_certificate().status is CertificateStatus.NEEDS_REVIEW
    staff.post(f"/certificates/{certificate.id}/accept", data={"note": "Checked in register"})
    certificate = latest_certificate()
    assert certificate.status is CertificateStatus.ACCEPTED
    assert certificate.decision_comment == "Checked in register"
    assert certificate.reviewed_by is not None and certificate.reviewed_at is not None
    staff.post(f"/certificates/{certificate.id}/reject", data={"reason": "Scope is wrong"})
    certificate = latest_certificate()
    assert certificate.status is CertificateStatus.REJECTED
    assert "Scope is wrong" in certificate.status_message
    assert [e.details["comment"] for e in events("certificate.accepted")] == [
        "Checked in register"]
    assert [e.details["comment"] for e in events("certificate.rejected")] == ["Scope is wrong"]
    assert "Scope is wrong" in client.get("/certificates/mine").get_data(as_text=True)


def test_accepting_a_renewal_supersedes_the_old_certificate(client, app, login, acme, make_user):
    _, contact, _ = acme
    login(client, contact)
    upload(client, certificate_pdf(expires=TODAY + timedelta(days=20)))
    old = latest_certificate()
    upload(client, certificate_pdf(issued=TODAY, expires=TODAY + timedelta(days=1000)))
    new = latest_certificate()
    staff = login(app.test_client(), make_user("procurement"))
    staff.post(f"/certificates/{old.id}/accept", data={})
    staff.post(f"/certificates/{new.id}/accept", data={})
    db.session.expire_all()
    assert db.session.get(Certificate, old.id).status is CertificateStatus.SUPERSEDED
    assert db.session.get(Certificate, new.id).status is CertificateStatus.ACCEPTED


def test_page_image_is_served_only_after_the_document_check(
        client, app, login, acme, make_vendor, make_user):
    _, contact, _ = acme
    login(client, contact)
    upload(client, certificate_pdf())
    certificate = latest_certificate()
    url = f"/certificates/{certificate.id}/pages/1.png"
    response = client.get(url)
    body = response.data
    response.close()
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    assert body.startswith(b"\x89PNG")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert len(list(Path(app.config["UPLOAD_DIR"]).glob("*.page-1.png"))) == 1  # cached
    other = login(app.test_client(), make_user("vendor", vendor=make_vendor()))
    assert status(other, url) == 404
    assert status(other, f"/certificates/{certificate.id}") == 404
    assert status(app.test_client(), url) == 302  # to the sign-in page
    staff = login(app.test_client(), make_user("contract_manager"))
    assert status(staff, url) == 200
    assert placeholder(client, f"/certificates/{certificate.id}/pages/2.png")


def status(client, url: str) -> int:
    response = client.get(url)
    response.close()
    return response.status_code


def placeholder(client, url: str) -> bool:
    """Tell whether the URL answers with the "no page image" PNG."""
    response = client.get(url)
    response.close()
    return (response.status_code == 200 and response.mimetype == "image/png"
            and response.headers.get("X-Page-Image") == "unavailable")


def test_encrypted_pdf_has_no_page_image(client, app, login, acme):
    _, contact, _ = acme
    login(client, contact)
    upload(client, encrypted_pdf())
    certificate = latest_certificate()
    assert placeholder(client, f"/certificates/{certificate.id}/pages/1.png")
    assert not list(Path(app.config["UPLOAD_DIR"]).glob("*.png"))  # nothing drawn from it


def test_file_answer_to_a_certificate_question_is_registered(client, login, make_assessment,
                                                             make_vendor):
    vendor = make_vendor("Example Analytics Ltd")
    assessment = make_assessment(vendor)
    # Make the starter's file question ask for an ISO/IEC 27001 certificate.
    version = assessment.template_version
    content = copy.deepcopy(version.content)
    question = next(q for section in content["sections"] for q in section["questions"]
                    if q["type"] == "file")
    question["evidence"] = ["iso27001-certificate"]
    question.pop("show_if", None)
    version.content = content
    version.checksum = checksum(content)  # a changed version is a different version
    db.session.commit()
    login(client, assessment.recipients[0])
    response = client.post(
        f"/respond/{assessment.id}/upload",
        data={"question": question["id"], f"v-{question['id']}": "0",
              f"f-{question['id']}": (io.BytesIO(certificate_pdf()), "cert.pdf")},
        content_type="multipart/form-data")
    assert response.status_code == 200, response.get_json()
    certificate = latest_certificate()
    assert certificate is not None
    assert (certificate.assessment_id, certificate.question_id) == (assessment.id, question["id"])
    assert certificate.expected_standard == "ISO/IEC 27001"
    # The 42001 certificate does not cover the standard the question asked for.
    assert checks_by_code(certificate)["standard"]["status"] == "fail"
