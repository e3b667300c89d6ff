"""What reading a plain text certificate must not pay for: Tesseract, OCR libraries."""

from __future__ import annotations

import portal.certificates.pdftext as pdftext
from tests.unit.certificates.builders import Cert, text_pdf


def test_a_text_certificate_without_pictures_never_asks_tesseract_for_its_languages(
    tmp_path, monkeypatch
):
    asked: list[bool] = []
    monkeypatch.setattr(pdftext, "available_languages", lambda: asked.append(True) or None)
    result = pdftext.extract_pdf(text_pdf(tmp_path / "plain.pdf", [Cert()]))
    assert result.status == "ok" and result.organization.value == "Example Analytics Ltd"
    assert asked == []


def test_a_text_certificate_lacking_a_field_in_a_picture_still_asks(tmp_path, monkeypatch):
    asked: list[bool] = []
    monkeypatch.setattr(pdftext, "available_languages", lambda: asked.append(True) or None)
    cert = Cert(standard="", image_lines=("ISO/IEC 27001:2022",))
    pdftext.extract_pdf(text_pdf(tmp_path / "hybrid.pdf", [cert]))
    assert asked == [True]
