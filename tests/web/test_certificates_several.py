"""A PDF holding several certificates: one record per certificate, linked to the one upload."""
from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from portal.audit.models import AuditEvent
from portal.certificates.models import Certificate, CertificateStatus
from portal.extensions import db
from tests.unit.certificates.builders import RUSSIAN, Cert, dejavu, pdf_bytes

EXPIRES = date.today() + timedelta(days=800)


def _three() -> bytes:
    rows = (("Issue date:", "14 March 2025"),
            ("Expiry date:", f"{EXPIRES.day} {EXPIRES:%B %Y}"))
    return pdf_bytes([
        replace(Cert(), standard=standard, rows=(("Certificate No.:", number), *rows))
        for standard, number in (("ISO 14001:2015", "EMS 100201"),
                                 ("ISO/IEC 27001:2022", "IS 712345"),
                                 ("ISO 9001:2015", "FS 654321"))
    ])


@pytest.fixture
def vendor_contact(make_vendor, make_user):
    vendor = make_vendor("Example Analytics Ltd", products=("Fraud Detection",))
    return vendor, make_user("vendor", vendor=vendor)


def _upload(client, data: bytes, name: str = "certificates.pdf"):
    return client.post("/documents/", data={"file": (io.BytesIO(data), name),
                                            "kind": "certificate"},
                       content_type="multipart/form-data")


def _certificates() -> list[Certificate]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Certificate).order_by(Certificate.id)))


def test_three_certificates_in_one_upload_become_three_records(client, login, vendor_contact):
    vendor, contact = vendor_contact
    login(client, contact)
    assert _upload(client, _three()).status_code == 302
    records = _certificates()
    assert [c.part for c in records] == [1, 2, 3]
    assert len({c.document_id for c in records}) == 1
    assert [c.pages for c in records] == [[1], [2], [3]]
    assert [c.standard for c in records] == ["ISO 14001:2015", "ISO/IEC 27001:2022",
                                             "ISO 9001:2015"]
    assert [c.certificate_number for c in records] == ["EMS 100201", "IS 712345", "FS 654321"]
    assert all(c.status is CertificateStatus.NEEDS_REVIEW for c in records)
    assert all(c.vendor_id == vendor.id for c in records)
    # Parts of one file are not duplicates of each other.
    assert all(c.duplicate_of_id is None for c in records)
    registered = db.session.scalars(sa.select(AuditEvent).where(
        AuditEvent.action == "certificate.registered")).all()
    assert len(registered) == 3
    mine = client.get("/certificates/mine").get_data(as_text=True)
    assert all(number in mine for number in ("EMS 100201", "IS 712345", "FS 654321"))
    # listed in the order the file prints them
    assert mine.index("EMS 100201") < mine.index("IS 712345") < mine.index("FS 654321")
    page = client.get(f"/certificates/{records[1].id}").get_data(as_text=True)
    assert "This file holds 3 certificates" in page
    assert f'/certificates/{records[0].id}"' in page and f'/certificates/{records[2].id}"' in page
    assert f"/certificates/{records[1].id}/pages/2.png" in page  # its own page is shown


def test_uploading_the_same_file_again_links_each_part_to_its_twin(client, login,
                                                                  vendor_contact):
    _, contact = vendor_contact
    login(client, contact)
    data = _three()
    _upload(client, data)
    _upload(client, data, name="again.pdf")
    first, second = _certificates()[:3], _certificates()[3:]
    assert [c.duplicate_of_id for c in second] == [c.id for c in first]


def test_another_vendor_cannot_see_the_parts(client, app, login, vendor_contact, make_vendor,
                                             make_user):
    _, contact = vendor_contact
    login(client, contact)
    _upload(client, _three())
    other = login(app.test_client(), make_user("vendor", vendor=make_vendor("Other Ltd")))
    for certificate in _certificates():
        assert other.get(f"/certificates/{certificate.id}").status_code == 404


def test_a_certificate_printed_in_two_languages_becomes_a_record_per_language(
    client, login, vendor_contact
):
    # a Russian certificate and its English twin with the same number: the reviewer gets both
    # readings (the English one in Latin letters), two parts of one upload, not duplicates
    _, contact = vendor_contact
    login(client, contact)
    regular, bold = dejavu()
    rows = (("Certificate No.:", "RU-27001-0451"), ("Issue date:", "14 March 2025"),
            ("Expiry date:", f"{EXPIRES.day} {EXPIRES:%B %Y}"))
    russian = replace(RUSSIAN, font=regular, bold=bold, rows=(
        ("Номер сертификата:", "RU-27001-0451"), ("Дата выдачи:", "14.03.2025"),
        ("Срок действия до:", f"{EXPIRES:%d.%m.%Y}")))
    english = replace(Cert(), org="Primer Analytics LLC", font=regular, bold=bold, rows=rows)
    assert _upload(client, pdf_bytes([russian, english]), name="ru-en.pdf").status_code == 302
    records = _certificates()
    assert [c.part for c in records] == [1, 2]
    assert [c.organization for c in records] == ["ООО Пример Аналитика", "Primer Analytics LLC"]
    assert {c.certificate_number for c in records} == {"RU-27001-0451"}
    assert all(c.duplicate_of_id is None for c in records)
    page = client.get(f"/certificates/{records[1].id}").get_data(as_text=True)
    assert "This file holds 2 certificates" in page
    # the parts share a standard: the names as read tell them apart
    assert "ISO/IEC 27001:2022, ООО Пример Аналитика" in page
    assert "ISO/IEC 27001:2022, Primer Analytics LLC" in page
