"""Build the PDFs of the reader's failure classes in code: watermarks, lost ligatures, garbage
text layers, hybrid pages, several certificates in one file, scans in other scripts."""

from __future__ import annotations

import io
from dataclasses import dataclass, field, replace
from pathlib import Path

import pypdfium2
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
WIDTH, HEIGHT = A4


@dataclass(frozen=True)
class Cert:
    """What one certificate page prints."""

    heading: str = "CERTIFICATE OF REGISTRATION"
    statement: str = "This is to certify that"
    org: str = "Example Analytics Ltd"
    address: tuple[str, ...] = ("12 Example Road", "London EC1A 1BB, United Kingdom")
    conformity: str = "operates an information security management system which complies with"
    standard: str = "ISO/IEC 27001:2022"
    scope: str = "Design and operation of machine-learning fraud detection services."
    rows: tuple[tuple[str, str], ...] = (
        ("Certificate No.:", "IS 712345"),
        ("Issue date:", "14 March 2025"),
        ("Expiry date:", "13 March 2028"),
    )
    footer: str = "For and on behalf of Example Certification Services Ltd"
    mark: tuple[str, ...] = ("UKAS", "0123")
    font: str = "Helvetica"
    bold: str = "Helvetica-Bold"
    image_lines: tuple[str, ...] = field(default=())  # printed in a picture, not as text


# A Russian certificate (print it with DejaVu fonts: `replace(RUSSIAN, font=..., bold=...)`).
RUSSIAN = replace(
    Cert(),
    heading="СЕРТИФИКАТ",
    statement="Настоящий сертификат удостоверяет, что",
    org="ООО Пример Аналитика",
    address=("ул. Тверская, д. 7, 125009 Москва, Россия",),
    conformity="внедрила систему менеджмента, соответствующую требованиям",
    scope="Разработка программного обеспечения",
    rows=(("Номер сертификата:", "RU-27001-0451"), ("Дата выдачи:", "14.03.2025"),
          ("Срок действия до:", "13.03.2028")),
    footer="",
    mark=(),
)


def dejavu() -> tuple[str, str]:
    """Register DejaVu Sans (Cyrillic, Turkish letters) and return (regular, bold)."""
    files = (("DejaVuSans", "DejaVuSans.ttf"), ("DejaVuSans-Bold", "DejaVuSans-Bold.ttf"))
    for name, file in files:
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(DEJAVU / file)))
    return "DejaVuSans", "DejaVuSans-Bold"


def picture(lines: tuple[str, ...], width: int = 1400, size: int = 44) -> Image.Image:
    """Return a white picture with black lines of text (a header band, a logo)."""
    font = ImageFont.truetype(str(DEJAVU / "DejaVuSans-Bold.ttf"), size)
    image = Image.new("L", (width, int(size * 1.6) * len(lines) + 20), 255)
    draw = ImageDraw.Draw(image)
    for n, text in enumerate(lines):
        draw.text((20, 10 + n * int(size * 1.6)), text, fill=0, font=font)
    return image


def draw_page(c: Canvas, cert: Cert) -> None:
    """Draw one certificate page on the canvas (no showPage)."""
    y = HEIGHT - 90
    if cert.image_lines:
        image = picture(cert.image_lines)
        w = 440
        h = w * image.height / image.width
        c.drawImage(ImageReader(image), (WIDTH - w) / 2, y - h + 20, w, h)
        y -= h + 10
    prose = [(22, cert.bold, cert.heading), (11, cert.font, cert.statement),
             (16, cert.bold, cert.org), *((10, cert.font, line) for line in cert.address),
             (11, cert.font, cert.conformity), (13, cert.bold, cert.standard),
             (11, cert.font, "for the following scope:"), (11, cert.font, cert.scope)]
    for size, font, text in prose:
        if text:
            c.setFont(font, size)
            c.drawCentredString(WIDTH / 2, y, text)
        y -= size * 1.9
    y -= 16
    c.setFont(cert.font, 10)
    for label, value in cert.rows:
        c.drawString(70, y, label)
        c.drawString(250, y, value)
        y -= 16
    c.drawString(70, 110, cert.footer)
    for n, text in enumerate(cert.mark):
        c.drawString(440, 130 - 12 * n, text)


def text_pdf(path: Path, pages: list[Cert]) -> Path:
    """Write a text PDF with one page per certificate."""
    c = Canvas(str(path), pagesize=A4, invariant=1)
    for cert in pages:
        draw_page(c, cert)
        c.showPage()
    c.save()
    return path


def watermarked_pdf(path: Path, cert: Cert = Cert(), text: str = "SAMPLE COPY") -> Path:
    """Write a certificate with a large diagonal watermark drawn over its text."""
    c = Canvas(str(path), pagesize=A4, invariant=1)
    draw_page(c, cert)
    c.saveState()
    c.setFillColorRGB(0.8, 0.8, 0.8)
    c.setFont("Helvetica-Bold", 70)
    c.translate(WIDTH / 2, HEIGHT / 2)
    c.rotate(40)
    for dy in (-160, 0, 160):
        c.drawCentredString(0, dy, text)
    c.restoreState()
    c.showPage()
    c.save()
    return path


def spaced_heading_pdf(path: Path, cert: Cert = Cert()) -> Path:
    """Write a certificate whose heading is letter-spaced (each letter its own word)."""
    c = Canvas(str(path), pagesize=A4, invariant=1)
    draw_page(c, replace(cert, heading=""))
    t = c.beginText(110, HEIGHT - 90)
    t.setFont(cert.bold, 20)
    t.setCharSpace(9)
    t.textLine(cert.heading)
    c.drawText(t)
    c.showPage()
    c.save()
    return path


def render(path: Path, dpi: int = 200) -> list[Image.Image]:
    """Return the pages of a PDF as grayscale images."""
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return [page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for page in pdf]
    finally:
        pdf.close()


def image_pdf(path: Path, images: list[Image.Image], *, hidden_text: list[str] | None = None,
              dpi: int = 200) -> Path:
    """Write a scan: each image fills a page; hidden_text is an invisible text layer on top."""
    c = Canvas(str(path), pagesize=A4, invariant=1)
    for n, image in enumerate(images):
        w, h = (WIDTH, HEIGHT) if image.width < image.height else (HEIGHT, WIDTH)
        c.setPageSize((w, h))
        c.drawImage(ImageReader(image), 0, 0, w, h)
        if hidden_text and n < len(hidden_text):
            t = c.beginText(60, h - 80)
            t.setTextRenderMode(3)  # invisible: what an earlier OCR pass leaves behind
            t.setFont("Helvetica", 11)
            for line in hidden_text[n].splitlines():
                t.textLine(line)
            c.drawText(t)
        c.showPage()
    c.save()
    return path


def pdf_bytes(pages: list[Cert]) -> bytes:
    """Return a text PDF with one page per certificate, as bytes."""
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=A4, invariant=1)
    for cert in pages:
        draw_page(c, cert)
        c.showPage()
    c.save()
    return buffer.getvalue()
