"""Text converted to outlines (vector shapes, no characters, no images) is read with OCR,
not reported as a blank PDF."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from portal.certificates.pdftext import extract_pdf
from portal.certificates.results import Limits

LINES = [
    "CERTIFICATE",
    "This is to certify that",
    "Example Analytics Ltd",
    "complies with ISO/IEC 27001:2022",
    "Certificate No: IS 712345",
    "Expiry date: 13 March 2028",
]


def _outlined_pdf(path: Path) -> Path:
    """Draw the lines as filled rectangles (one per run of dark pixels): shapes, not text."""
    font_path = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    font = ImageFont.truetype(str(font_path)) if font_path.exists() else None
    if font is not None:
        font = ImageFont.truetype(str(font_path), 28)
    image = Image.new("L", (1100, 60 * len(LINES) + 40), 255)
    draw = ImageDraw.Draw(image)
    for n, line in enumerate(LINES):
        draw.text((30, 20 + 60 * n), line, fill=0, font=font or ImageFont.load_default(28))
    width, height = A4
    scale = (width - 60) / image.width
    c = Canvas(str(path), pagesize=A4, invariant=1)
    pixels = image.load()
    for y in range(image.height):
        x = 0
        while x < image.width:
            if pixels[x, y] < 128:
                start = x
                while x < image.width and pixels[x, y] < 128:
                    x += 1
                c.rect(30 + start * scale, height - 80 - y * scale, (x - start) * scale, scale,
                       stroke=0, fill=1)
            x += 1
    c.showPage()
    c.save()
    return path


def test_outlined_text_is_not_a_blank_pdf(tmp_path):
    result = extract_pdf(_outlined_pdf(tmp_path / "outlined.pdf"), limits=Limits(ocr=False))
    assert (result.status, result.reason) == ("needs_ocr", "no_text_layer"), result.message


def test_a_page_with_a_frame_only_is_still_blank(tmp_path):
    path = tmp_path / "frame.pdf"
    c = Canvas(str(path), pagesize=A4)
    c.rect(20, 20, 555, 800)
    c.line(40, 700, 555, 700)
    c.showPage()
    c.save()
    assert extract_pdf(path).reason == "blank"


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract is not installed")
def test_outlined_text_is_read_with_ocr(tmp_path):
    result = extract_pdf(_outlined_pdf(tmp_path / "outlined.pdf"))
    assert result.is_certificate and result.used_ocr, result.message
    assert result.certificate_number.value.replace(" ", "") == "IS712345"
