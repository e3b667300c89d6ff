"""Fixtures for the certificate reader tests: PDFs built in code, one shared sandbox pool."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from portal.certificates.sandbox import SandboxPool

CERTIFICATE_LINES = [
    (24, "CERTIFICATE"),
    (11, "This is to certify that"),
    (18, "Example Analytics Ltd"),
    (10, "12 Example Road"),
    (10, "London EC1A 1BB, United Kingdom"),
    (11, "operates an AI management system which complies with ISO/IEC 42001:2023"),
    (11, "for the following scope:"),
    (11, "Design and operation of machine-learning fraud detection services."),
]
TABLE = [
    ("Certificate No.:", "AIMS 7 12345"),
    ("Issue date:", "14 March 2025"),
    ("Expiry date:", "13 March 2028"),
    ("Next surveillance audit due:", "14 March 2026"),
]


def draw_certificate(path: Path, *, lines=CERTIFICATE_LINES, table=TABLE, pages: int = 1) -> Path:
    """Write a small text certificate (prose on top, label/value rows below)."""
    c = Canvas(str(path), pagesize=A4, invariant=1)
    width, height = A4
    for _ in range(pages):
        y = height - 100
        for size, text in lines:
            c.setFont("Helvetica-Bold" if size >= 18 else "Helvetica", size)
            c.drawCentredString(width / 2, y, text)
            y -= size * 1.8
        y -= 20
        for label, value in table:
            c.setFont("Helvetica", 10)
            c.drawString(70, y, label)
            c.drawString(260, y, value)
            y -= 16
        c.drawString(70, 110, "For and on behalf of Example Certification Services Ltd")
        c.drawString(440, 130, "UKAS")
        c.drawString(440, 118, "0123")
        c.showPage()
    c.save()
    return path


@pytest.fixture
def certificate_pdf(tmp_path: Path) -> Callable[..., Path]:
    """Return a builder of certificate PDFs in the test's tmp folder."""

    def build(name: str = "certificate.pdf", **kw) -> Path:
        return draw_certificate(tmp_path / name, **kw)

    return build


@pytest.fixture(scope="session")
def pool() -> Iterator[SandboxPool]:
    """Return one sandbox pool for the whole session."""
    shared = SandboxPool(1)
    yield shared
    shared.close()
