"""Damaged PDFs that pdfium can still open are repaired and read, not reported as malformed."""

import shutil
from pathlib import Path

import pytest

from portal.certificates import textlayer
from portal.certificates.pdftext import extract_pdf
from portal.certificates.results import Limits


def _without_xref(pdf: Path) -> bytes:
    """Cut the cross-reference table and trailer: pdfminer finds no /Root, pdfium rebuilds."""
    data = pdf.read_bytes()
    return data[: data.rfind(b"xref")] + b"%%EOF\n"


def test_pdf_without_cross_reference_table_is_repaired_and_read(certificate_pdf):
    result = extract_pdf(_without_xref(certificate_pdf()))
    assert result.status == "ok", result.message
    assert result.certificate_number.value == "AIMS 712345"
    assert result.organization.value == "Example Analytics Ltd"
    assert any("repaired" in w for w in result.warnings)


def test_junk_after_the_end_of_file_marker_is_not_truncation(certificate_pdf):
    data = certificate_pdf().read_bytes() + b"\n" + b"\x00" * 4096
    result = extract_pdf(data)
    assert result.status == "ok", result.message
    assert result.expiry_date.value.isoformat() == "2028-03-13"
    assert any("end-of-file" in w for w in result.warnings)


def test_cut_off_file_that_nothing_can_open_stays_truncated(certificate_pdf):
    data = certificate_pdf().read_bytes()
    result = extract_pdf(data[: len(data) // 2])
    assert (result.status, result.reason) == ("malformed", "truncated")


def test_unrepairable_pdf_keeps_the_parser_message():
    result = extract_pdf(b"%PDF-1.7\n1 0 obj <<>> endobj\ngarbage\n%%EOF\n")
    assert result.status == "malformed" and result.message


def test_a_page_the_parser_chokes_on_is_read_as_an_image(certificate_pdf, monkeypatch):
    def broken(page, index):
        raise KeyError("a damaged font")

    monkeypatch.setattr(textlayer, "read_page", broken)
    result = extract_pdf(certificate_pdf(), limits=Limits(ocr=False))
    assert (result.status, result.reason) == ("needs_ocr", "no_text_layer"), result.message


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract is not installed")
def test_a_page_the_parser_chokes_on_is_read_with_ocr(certificate_pdf, monkeypatch):
    def broken(page, index):
        raise KeyError("a damaged font")

    monkeypatch.setattr(textlayer, "read_page", broken)
    result = extract_pdf(certificate_pdf())
    assert result.status == "ok" and result.used_ocr
    assert result.certificate_number.value.replace(" ", "") == "AIMS712345"


def _xref_numbered_from_one(pdf: Path) -> bytes:
    """Number the cross-reference table from object 1 instead of 0 (a writer's off-by-one):
    every offset then points at the wrong object and pdfminer finds no page at all."""
    data = pdf.read_bytes()
    at = data.rfind(b"\nxref\n0 ") + 1
    assert at > 0
    return data[:at] + b"xref\n1 " + data[at + len(b"xref\n0 "):]


def test_pdf_whose_page_tree_parses_to_no_page_is_repaired_and_read(certificate_pdf):
    import io

    import pdfplumber

    data = _xref_numbered_from_one(certificate_pdf())
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == 0  # the shape this test is about
    result = extract_pdf(data)
    assert result.status == "ok", result.message
    assert result.certificate_number.value == "AIMS 712345"
    assert any("repaired" in w for w in result.warnings)


def test_a_preamble_before_the_pdf_header_is_skipped(certificate_pdf):
    # A PDF saved from a web page with a server warning printed before it.
    preamble = b"<br />\n<b>Warning</b>: session_start(): headers already sent\n" * 40
    result = extract_pdf(preamble + certificate_pdf().read_bytes())
    assert result.status == "ok", result.message
    assert result.certificate_number.value == "AIMS 712345"
    assert any("before the PDF header" in w for w in result.warnings)


def test_text_without_a_pdf_header_is_still_not_a_pdf():
    result = extract_pdf(b"Certificate No: IS 712345\n" * 200)
    assert (result.status, result.reason) == ("malformed", "not_pdf")
