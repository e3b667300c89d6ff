"""The lean page (`pageobjects.LeanPage`) gives pdfplumber's objects exactly; the reader uses it.

The lean page builds character objects without pdfplumber's generic resolver (a quarter of
reading a text certificate). Speed must not change a single value: the objects of every page are
compared with pdfplumber's own, on PDFs with the shapes the reader meets (Latin and Cyrillic
fonts, colours, a diagonal watermark, letter spacing, an invisible OCR layer over a picture, a
MediaBox that does not start at 0, 0).
"""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pdfplumber
import pytest
from pdfminer.pdftypes import PDFStream
from pdfplumber.page import Page
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from portal.certificates import textlayer
from portal.certificates.pageobjects import LeanPage, lean
from portal.certificates.results import Limits
from tests.unit.certificates import builders
from tests.unit.certificates.builders import RUSSIAN, Cert


def _plain(value):
    """Streams compare by identity: compare their bytes and keys instead."""
    if isinstance(value, PDFStream):
        return ("stream", value.rawdata, sorted(value.attrs))
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_plain(item) for item in value)
    return value


def _coloured(path: Path) -> Path:
    c = Canvas(str(path), pagesize=A4, invariant=1)
    c.setFillColorCMYK(0.1, 0.9, 0.2, 0.05)
    c.setFont("Times-Roman", 13)
    c.drawString(72, 760, "Certificate of Registration")
    c.setFillColorRGB(0.2, 0.3, 0.7)
    c.setStrokeColorRGB(0.9, 0.1, 0.1)
    c.setFont("Courier-Bold", 9)
    c.drawString(72, 740, "Certificate No.: QMS-0114517")
    c.rect(60, 700, 300, 30)
    c.saveState()
    c.translate(40, 400)
    c.rotate(90)
    c.setFillGray(0.4)
    c.drawString(0, 0, "Printed vertically at the page's edge")
    c.restoreState()
    c.showPage()
    c.save()
    return path


def _shifted_mediabox(path: Path) -> Path:
    """A page whose MediaBox starts at (9, 8): pdfminer's coordinates are relative to it."""
    builders.text_pdf(path, [Cert()])
    data = path.read_bytes()
    old = b"/MediaBox [ 0 0 "
    assert old in data
    path.write_bytes(data.replace(old, b"/MediaBox [ 9 8 "))  # same length: offsets hold
    return path


def _documents(tmp_path: Path) -> list[Path]:
    font, bold = builders.dejavu()
    scan = builders.render(builders.text_pdf(tmp_path / "for_scan.pdf", [Cert()]), dpi=60)
    return [
        builders.text_pdf(tmp_path / "two.pdf", [Cert(), Cert(org="Second Holder GmbH")]),
        builders.text_pdf(tmp_path / "russian.pdf", [replace(RUSSIAN, font=font, bold=bold)]),
        builders.watermarked_pdf(tmp_path / "watermark.pdf"),
        builders.spaced_heading_pdf(tmp_path / "spaced.pdf"),
        builders.image_pdf(tmp_path / "hidden.pdf", scan, hidden_text=["Certificate No. 1234"]),
        _coloured(tmp_path / "coloured.pdf"),
        _shifted_mediabox(tmp_path / "shifted.pdf"),
    ]


def test_lean_pages_give_pdfplumbers_objects_exactly(tmp_path: Path) -> None:
    for path in _documents(tmp_path):
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                lean_page = lean(page)
                assert type(lean_page) is LeanPage
                assert lean_page.page_number == page.page_number
                theirs, ours = _plain(page.objects), _plain(lean_page.objects)
                assert ours == theirs, path.name
                assert ours.get("char"), path.name


def test_a_shifted_mediabox_keeps_characters_where_they_are_printed(tmp_path: Path) -> None:
    """pdfminer measures from the MediaBox's corner; the page adds the corner back."""
    path = _shifted_mediabox(tmp_path / "shifted.pdf")
    with pdfplumber.open(path) as pdf:
        page = lean(pdf.pages[0])
        assert page.mediabox[0] == 9
        plain = builders.text_pdf(tmp_path / "plain.pdf", [Cert()])
        with pdfplumber.open(plain) as other:
            first, moved = lean(other.pages[0]).chars[0], page.chars[0]
    assert moved["x0"] == pytest.approx(first["x0"])
    assert moved["top"] == pytest.approx(first["top"] - 8)


def test_the_reader_builds_characters_on_lean_pages(tmp_path: Path, monkeypatch) -> None:
    """pdfplumber's generic path sees the page's other objects, never its characters."""
    kinds: list[str] = []
    generic = Page.process_object

    def counting(self, obj):
        found = generic(self, obj)
        kinds.append(found["object_type"])
        return found

    monkeypatch.setattr(Page, "process_object", counting)
    data = builders.pdf_bytes([Cert()])
    layers = textlayer.read_text_layer(data, Limits())
    assert layers[0].chars > 200
    assert "char" not in kinds
    with pdfplumber.open(io.BytesIO(data)) as pdf:  # what pdfplumber alone would do
        assert pdf.pages[0].chars
    assert kinds.count("char") > 200
