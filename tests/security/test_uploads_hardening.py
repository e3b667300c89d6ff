"""Uploads: PDFs are parsed only in the sandboxed child, archive bombs are refused before any
decompression, and downloads are never rendered inline with an active type."""
from __future__ import annotations

import io
import re
import zipfile

import pytest
import sqlalchemy as sa

from portal.certificates.models import Certificate
from portal.documents import sniffing
from portal.documents.models import Document
from portal.extensions import db
from portal.questionnaires.workbook import layout
from tests.unit.certificates.conftest import draw_certificate


def _refuse_in_web_process(*_args, **_kwargs):
    raise AssertionError("untrusted content was parsed or inflated in the web process")


@pytest.fixture
def no_pdf_parsing_here(monkeypatch):
    """Make every PDF parser in this (web) process explode; the sandbox's children are fresh."""
    import pdfminer.pdfparser
    import pdfplumber
    import pypdfium2

    monkeypatch.setattr(pdfplumber, "open", _refuse_in_web_process)
    monkeypatch.setattr(pdfplumber.PDF, "__init__", _refuse_in_web_process)
    monkeypatch.setattr(pdfminer.pdfparser.PDFParser, "__init__", _refuse_in_web_process)
    monkeypatch.setattr(pypdfium2, "PdfDocument", _refuse_in_web_process)


def test_certificate_upload_is_read_in_the_sandbox_only(app, client, staff_login, make_vendor,
                                                        make_user, tmp_path,
                                                        no_pdf_parsing_here):
    vendor = make_vendor()
    contact = make_user("vendor", vendor=vendor, email="val@example.com")
    reviewer = make_user("procurement", email="rev@example.com")
    pdf = draw_certificate(tmp_path / "cert.pdf").read_bytes()
    staff_login(client, contact)
    response = client.post("/documents/", data={
        "file": (io.BytesIO(pdf), "iso42001.pdf"), "kind": "certificate"},
        content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    certificate = db.session.scalar(sa.select(Certificate))
    assert certificate.extraction_status == "ok", certificate.status_message
    assert certificate.organization == "Example Analytics Ltd"
    page = staff_login(app.test_client(), reviewer).get(
        f"/certificates/{certificate.id}/pages/1.png")
    assert page.status_code == 200 and page.data.startswith(b"\x89PNG")
    page.close()


def _bomb(main_part: str, *, size: int = 60 * 1024 * 1024, entries: int = 1) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(main_part, "<x/>")
        chunk = b"\0" * size
        for n in range(entries):
            archive.writestr(f"xl/worksheets/sheet{n}.xml", chunk)
    return buffer.getvalue()


def _many_entries(main_part: str, count: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(main_part, "<x/>")
        for n in range(count):
            archive.writestr(f"p/{n}", b"")
    return buffer.getvalue()


@pytest.mark.parametrize("main_part", ["word/document.xml", "xl/workbook.xml"])
def test_sniffing_refuses_zip_bombs_without_inflating(main_part, monkeypatch):
    bomb = _bomb(main_part)
    crowd = _many_entries(main_part, sniffing.DEFAULT_MAX_ZIP_ENTRIES + 1)
    assert len(bomb) < 200_000  # 60 MB of zeros compress to ~60 KB
    monkeypatch.setattr(zipfile.ZipFile, "open", _refuse_in_web_process)  # never decompress
    for data in (bomb, crowd):
        with pytest.raises(sniffing.UnsupportedType, match="zip bomb"):
            sniffing.sniff(data)


def test_workbook_import_refuses_zip_bombs(monkeypatch):
    samples = (_bomb("xl/workbook.xml", size=2 * 1024 * 1024, entries=40),
               _many_entries("xl/workbook.xml", layout.DEFAULT_LIMITS.max_entries + 1))
    monkeypatch.setattr(zipfile.ZipFile, "open", _refuse_in_web_process)
    for data in samples:
        with pytest.raises(layout.WorkbookError, match="zip bomb"):
            layout.read_workbook(data)


def test_bomb_upload_is_refused_through_the_ui(client, staff_login, make_vendor, make_user):
    vendor = make_vendor()
    staff_login(client, make_user("vendor", vendor=vendor, email="val@example.com"))
    response = client.post("/documents/", data={
        "file": (io.BytesIO(_bomb("word/document.xml")), "policy.docx"), "kind": "evidence"},
        content_type="multipart/form-data")
    assert response.status_code == 200
    assert "zip bomb" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Document.id))) == 0


POLYGLOT = b"<html><script>alert(document.cookie)</script>%PDF-1.4\n%%EOF\n"


@pytest.mark.parametrize("name", ["evil.html", "evil.svg", "evil.pdf"])
def test_downloads_are_attachments_with_no_active_type(app, client, staff_login, make_vendor,
                                                       make_user, name):
    vendor = make_vendor()
    staff_login(client, make_user("vendor", vendor=vendor, email="val@example.com"))
    client.post("/documents/", data={"file": (io.BytesIO(POLYGLOT), name), "kind": "evidence"},
                content_type="multipart/form-data")
    document = db.session.scalar(sa.select(Document))
    assert document.content_type == "application/pdf"  # sniffed from bytes, not the name
    response = client.get(f"/documents/{document.id}/download")
    assert response.status_code == 200
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert re.search(r'filename="?[^";]+\.pdf"?', disposition), disposition
    assert response.mimetype == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"].startswith("sandbox")
    assert "no-store" in response.headers["Cache-Control"]
    response.close()


@pytest.mark.parametrize("data", [
    b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
    b"<!doctype html><script>alert(1)</script>",
    b"GIF89a<script>alert(1)</script>",
])
def test_active_content_types_are_not_accepted(data):
    with pytest.raises(sniffing.UnsupportedType):
        sniffing.sniff(data)
