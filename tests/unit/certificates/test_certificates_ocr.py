import random
import shutil

import pytest

from bench.corpus.scans import scan
from portal.certificates.pdftext import extract_pdf

pytestmark = pytest.mark.skipif(
    shutil.which("tesseract") is None,
    reason="Tesseract is not installed (apt-get install tesseract-ocr); OCR path not testable",
)


def test_scanned_certificate_is_read_with_ocr(certificate_pdf, tmp_path):
    scanned = tmp_path / "scanned.pdf"
    scan(certificate_pdf(), scanned, random.Random(1))
    result = extract_pdf(scanned)
    assert result.status == "ok" and result.used_ocr
    assert result.organization.value == "Example Analytics Ltd"
    assert result.expiry_date.value.isoformat() == "2028-03-13"
    assert result.standard.value == "ISO/IEC 42001:2023"
    assert result.expiry_date.confidence < 0.95
