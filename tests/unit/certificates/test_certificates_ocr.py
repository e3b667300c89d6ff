import random
import shutil
import time
from dataclasses import replace

import pytest

from bench.corpus.scans import scan
from portal.certificates.pdftext import extract_pdf
from portal.certificates.reading import _message
from portal.certificates.reading_cli import format_summary
from tests.unit.certificates.builders import RUSSIAN, Cert, dejavu, image_pdf, render, text_pdf

pytestmark = pytest.mark.skipif(
    shutil.which("tesseract") is None,
    reason="Tesseract is not installed (apt-get install tesseract-ocr); OCR path not testable",
)


def test_scanned_certificate_is_read_with_ocr(certificate_pdf, tmp_path):
    scanned = tmp_path / "scanned.pdf"
    scan(certificate_pdf(), scanned, random.Random(1))
    result = extract_pdf(scanned)
    assert result.status == "ok" and result.used_ocr
    assert not result.pictures_only_ocr
    assert "read from a scan (OCR)" in _message(result)
    assert result.organization.value == "Example Analytics Ltd"
    assert result.expiry_date.value.isoformat() == "2028-03-13"
    assert result.standard.value == "ISO/IEC 42001:2023"
    assert result.expiry_date.confidence < 0.95


# ---- scans in other scripts, turned pages, lying text layers, pictures in text pages ---------

def _scan(tmp_path, cert, *, turn: int = 0, hidden: str | None = None):
    regular, bold = dejavu()
    source = text_pdf(tmp_path / "source.pdf", [replace(cert, font=regular, bold=bold)])
    image = render(source)[0].rotate(turn, expand=True, fillcolor=255)
    return image_pdf(tmp_path / "scan.pdf", [image], hidden_text=[hidden] if hidden else None)


def test_a_cyrillic_scan_is_read_with_russian_and_kept_as_printed(tmp_path):
    result = extract_pdf(_scan(tmp_path, RUSSIAN))
    assert result.used_ocr and result.status == "ok", result.message
    assert result.organization.value == "ООО Пример Аналитика"
    assert result.certificate_number.value == "RU-27001-0451"
    assert result.expiry_date.value.isoformat() == "2028-03-13"


def test_a_page_scanned_on_its_side_is_turned_upright(tmp_path):
    result = extract_pdf(_scan(tmp_path, Cert(), turn=90))
    assert result.used_ocr and result.status == "ok", result.message
    assert result.organization.value == "Example Analytics Ltd"
    assert result.certificate_number.value == "IS 712345"


def test_a_garbage_text_layer_over_a_scan_is_replaced_by_ocr(tmp_path):
    garbage = "Fhuwlilfdwh ri Uhjlvwudwlrq\nWklv lv wr fhuwlib wkdw Hadpsoh Dqdobwlfv Owg\n" * 4
    result = extract_pdf(_scan(tmp_path, Cert(), hidden=garbage))
    assert result.used_ocr and result.status == "ok", result.message
    assert result.organization.value == "Example Analytics Ltd"
    assert result.certificate_number.value == "IS 712345"
    assert any("text layer was unreadable" in w for w in result.warnings)


def test_fields_printed_only_in_a_picture_are_read_from_it(tmp_path):
    cert = replace(Cert(), standard="", rows=(("Expiry date:", "13 March 2028"),),
                   image_lines=("ISO/IEC 27001:2022", "Certificate No.: IS 712345"))
    result = extract_pdf(text_pdf(tmp_path / "hybrid.pdf", [cert]))
    assert result.status == "ok"
    assert result.organization.value == "Example Analytics Ltd"  # from the text layer
    assert result.organization.confidence >= 0.85
    assert result.standard.value == "ISO/IEC 27001:2022"  # from the picture
    assert result.certificate_number.value == "IS 712345"
    assert result.certificate_number.confidence < result.organization.confidence
    assert result.used_ocr
    assert any(w.startswith("read from the page image") for w in result.warnings)
    # what a person is told: pictures on a text page were read, not a scan
    assert result.pictures_only_ocr
    assert "pictures on the page" in _message(result)
    assert "scan" not in _message(result)
    assert "some values read from pictures" in format_summary("hybrid.pdf", result)


def test_pictures_of_pages_get_only_the_ocr_time_the_scanned_pages_left(tmp_path, monkeypatch):
    """One OCR budget per document: a scan that used it up leaves the picture pass none, so the
    two passes together stay inside the reader's wall-clock limit."""
    import portal.certificates.pdftext as pdftext
    from portal.certificates.results import Limits

    real_ocr_pages, clock = pdftext.ocr_pages, {"skew": 0.0}
    given: list[float] = []

    def slow_ocr(data, scans, limits, available):
        readings = real_ocr_pages(data, scans, limits, available)
        clock["skew"] = limits.ocr_seconds + 5  # as if OCR had taken longer than the budget
        return readings

    real_monotonic = pdftext.time.monotonic
    monkeypatch.setattr(pdftext, "ocr_pages", slow_ocr)
    monkeypatch.setattr(pdftext.time, "monotonic", lambda: real_monotonic() + clock["skew"])

    def spy(data, layers, texts, result, done, limits, available):
        given.append(limits.ocr_seconds)
        return result

    monkeypatch.setattr(pdftext, "fill_from_images", spy)
    extract_pdf(_scan(tmp_path, Cert()), limits=Limits(ocr_seconds=30.0))
    assert given == [0.0]


# ---- scans behind a security pattern; scans OCR could not finish ----------------------------


def _patterned(image):
    """Draw a pale guilloche (dense wavy lines) over a white page, behind its dark text."""
    import math

    from PIL import ImageChops, ImageDraw

    pattern = image.copy()
    pattern.paste(255, (0, 0, *image.size))
    draw = ImageDraw.Draw(pattern)
    for row in range(0, image.height, 7):
        points = [(x, row + 5 * math.sin(x / 9 + row / 23)) for x in range(0, image.width, 4)]
        draw.line(points, fill=175, width=1)
    return ImageChops.darker(image, pattern)


def test_a_scan_behind_a_fine_pattern_is_flattened_and_read(tmp_path):
    from portal.certificates.ocr import flatten_background, is_busy

    regular, bold = dejavu()
    source = text_pdf(tmp_path / "source.pdf", [replace(Cert(), font=regular, bold=bold)])
    plain = render(source)[0]
    busy = _patterned(plain)
    assert not is_busy(plain, 200 / 72) and is_busy(busy, 200 / 72)
    flat, scale = flatten_background(busy, 300 / 72)
    assert scale == pytest.approx(250 / 72)  # read at no more than 250 dpi
    pale = sum(busy.histogram()[150:230]) / (busy.width * busy.height)
    histogram = flat.histogram()
    assert pale > 0.1 and histogram[0] + histogram[255] == flat.width * flat.height
    assert histogram[255] > 0.8 * flat.width * flat.height  # the pattern went, the text stayed
    result = extract_pdf(image_pdf(tmp_path / "scan.pdf", [busy]))
    assert result.used_ocr and result.status == "ok", result.message
    assert result.organization.value == "Example Analytics Ltd"
    assert result.certificate_number.value == "IS 712345"


def test_a_scan_ocr_could_not_finish_is_not_called_not_a_certificate(tmp_path, monkeypatch):
    import portal.certificates.pdftext as pdftext

    monkeypatch.setattr(pdftext, "ocr_pages", lambda data, scans, limits, available: {})
    monkeypatch.setattr(pdftext, "fill_from_images", lambda *args: args[3])
    result = extract_pdf(_scan(tmp_path, Cert()))
    assert result.status == "needs_ocr" and result.reason == "ocr_incomplete"
    assert "page(s) 1" in result.message and not result.is_certificate


def test_a_scan_whose_text_layer_holds_only_stray_letters_is_read_with_ocr(tmp_path):
    """An earlier OCR pass that kept only accented letters leaves many one-letter words over
    the page image: that is no text layer, the page is read with OCR."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    from portal.certificates.pdftext import _layers
    from portal.certificates.results import Limits

    regular, bold = dejavu()
    source = text_pdf(tmp_path / "source.pdf", [replace(Cert(), font=regular, bold=bold)])
    path = tmp_path / "scan.pdf"
    c = Canvas(str(path), pagesize=A4, invariant=1)
    c.drawImage(ImageReader(render(source)[0]), 0, 0, *A4)
    c.setFont("Helvetica", 11)
    for n in range(40):  # invisible single letters spread over the page
        t = c.beginText(60 + 45 * (n % 10), 700 - 60 * (n // 10))
        t.setTextRenderMode(3)
        t.textOut("éüöàñ"[n % 5])
        c.drawText(t)
    c.showPage()
    c.save()
    layer = _layers(path.read_bytes(), Limits())[1][0]
    assert len(layer.words) >= 25 and layer.is_scan
    result = extract_pdf(path)
    assert result.used_ocr and result.status == "ok", result.message
    assert result.organization.value == "Example Analytics Ltd"
    assert result.certificate_number.value == "IS 712345"


def test_a_low_resolution_scan_is_enlarged_smoothly_before_ocr(tmp_path):
    """A 72 ppi scan drawn at 300 dpi by pdfium has blocky letters that Tesseract misreads
    (the number and the dates were lost); drawn at its own resolution and enlarged with
    bicubic interpolation it reads."""
    low = image_pdf(tmp_path / "low.pdf", [render(text_pdf(tmp_path / "t.pdf", [Cert()]), 72)[0]])
    result = extract_pdf(low)
    assert result.certificate_number.value == "IS 712345"
    assert result.expiry_date.value.isoformat() == "2028-03-13"


def test_only_a_page_that_is_one_low_resolution_picture_is_enlarged(tmp_path):
    import pypdfium2

    from portal.certificates.ocr import _low_resolution

    source = text_pdf(tmp_path / "t.pdf", [Cert()])
    pages = {
        "72 ppi scan": image_pdf(tmp_path / "a.pdf", [render(source, 72)[0]]),
        "72 ppi scan with an OCR layer": image_pdf(
            tmp_path / "b.pdf", [render(source, 72)[0]], hidden_text=["Certificate"]),
        "200 ppi scan": image_pdf(tmp_path / "c.pdf", [render(source, 200)[0]]),
        "drawn text": source,
    }
    shares = {}
    for name, path in pages.items():
        pdf = pypdfium2.PdfDocument(str(path))
        page = pdf[0]
        width, height = page.get_size()
        shares[name] = _low_resolution(page, width, height, 300 / 72)
        pdf.close()
    assert 0.2 < shares["72 ppi scan"] < 0.3
    assert shares["72 ppi scan with an OCR layer"] == shares["72 ppi scan"]
    assert shares["200 ppi scan"] is None and shares["drawn text"] is None


def test_each_picture_is_read_on_its_own_and_the_background_is_not(tmp_path):
    from PIL import Image, ImageDraw

    from portal.certificates.hybrid import read_each_picture, single_pictures
    from portal.certificates.textlayer import PageLayer
    from portal.certificates.textquality import assess_text
    from tests.unit.certificates.builders import picture

    scale = 300 / 72
    canvas = Image.new("L", (int(595 * scale), int(842 * scale)), 255)
    draw = ImageDraw.Draw(canvas)
    for n in range(0, canvas.width, 40):  # a busy background: grey stripes over the page
        draw.rectangle((n, 0, n + 18, canvas.height), fill=190)
    logo = picture(("ANSI National", "Accreditation Board"), width=900, size=60)
    box = (100, 700, 100 + logo.width / scale, 700 + logo.height / scale)
    canvas.paste(logo, (int(box[0] * scale), int(box[1] * scale)))
    layer = PageLayer(index=0, text="", chars=0, words=(), quality=assess_text(""),
                      images=((0, 0, 595, 842), box), width=595, height=842)
    pictures = single_pictures(canvas, scale, layer)
    words = read_each_picture(canvas, scale, pictures, "eng", time.monotonic() + 60)
    texts = [w["text"] for w in words]
    assert "Accreditation" in texts and "Board" in texts
    assert all(box[0] - 1 <= w["x0"] and w["x1"] <= box[2] + 1 for w in words)
    assert all(box[1] - 1 <= w["top"] and w["bottom"] <= box[3] + 1 for w in words)
    assert {w["line"][0] for w in words} == {1}  # the picture's index, not the background's


def test_the_mark_bands_of_a_scan_are_read_again_when_the_body_was_not_found(tmp_path):
    from portal.certificates.hybrid import marks_on_scans
    from portal.certificates.ocr import available_languages
    from portal.certificates.parsing import extract_text_fields
    from portal.certificates.results import Limits

    cert = replace(Cert(), mark=("Emirates International", "Accreditation Centre"))
    source = text_pdf(tmp_path / "source.pdf", [cert])
    scanned = image_pdf(tmp_path / "scan.pdf", render(source, dpi=300))
    data = scanned.read_bytes()
    # what a page reading that lost the mark's words leaves: a hint of a mark, no body
    lost = extract_text_fields([
        "CERTIFICATE OF REGISTRATION\nThis is to certify that\nExample Analytics Ltd\n"
        "ISO/IEC 27001:2022\nCertificate No.: IS 712345\nExpiry date: 13 March 2028\n"
        "IAF   nal Accreditation\n"
    ], ocr=True)
    assert lost.accreditation_body is None
    available = available_languages()
    found = marks_on_scans(data, lost, {0: 0}, Limits(), available)
    assert found.accreditation_body is not None and found.accreditation_body.value == "EIAC"
    assert found.accreditation_body.confidence < 0.9
    assert "read from the accreditation mark: accreditation_body" in found.warnings
    # no hint of a mark on the page, or a page that was not a scan: nothing is read again
    bare = extract_text_fields([lost.page_texts[0].replace("IAF   nal Accreditation\n", "")],
                               ocr=True)
    assert marks_on_scans(data, bare, {0: 0}, Limits(), available) is bare
    assert marks_on_scans(data, lost, {}, Limits(), available) is lost


def _with_side_band(page, bold: str):
    """Return the page shrunk to the right of a guilloche band with an outlined word down the
    left edge (a German "ZERTIFIKAT" banner): Tesseract's layout analysis reads the whole page
    as noise beside it."""
    import math

    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", page.size, 255)
    inner = page.resize((int(page.width * 0.78), int(page.height * 0.78)))
    image.paste(inner, (page.width - inner.width, int(page.height * 0.05)))
    draw = ImageDraw.Draw(image)
    width = int(image.width * 0.2)
    for x0 in range(0, width, 4):
        draw.line([(x0 + 6 * math.sin(y / 23.0), y) for y in range(0, image.height, 3)], fill=0)
    word = Image.new("L", (image.height, width), 0)
    ImageDraw.Draw(word).text((40, 0), "CERTIFICATE", fill=255,
                              font=ImageFont.truetype(bold, int(width * 0.8)))
    image.paste(255, (0, 0), word.rotate(90, expand=True).point(lambda p: 255 * (p > 128)))
    return image


def test_a_scan_with_a_patterned_band_down_its_side_is_read_without_the_band(tmp_path):
    regular, bold = dejavu()
    source = text_pdf(tmp_path / "source.pdf", [replace(Cert(), font=regular, bold=bold)])
    scan_pdf = image_pdf(tmp_path / "scan.pdf", [_with_side_band(render(source)[0], bold)])
    result = extract_pdf(scan_pdf)
    assert result.used_ocr and result.status == "ok", result.message
    assert result.organization.value == "Example Analytics Ltd"
    assert result.certificate_number.value == "IS 712345"


def test_a_certificate_whose_standard_number_and_dates_are_all_pictures_is_read(tmp_path):
    """The text layer holds the title and "certify that" but no standard: read alone it is no
    certificate, so its pictures are read for what it lacks."""
    cert = replace(Cert(), standard="", rows=(), conformity="",
                   image_lines=("ISO 9001:2015", "Certificate No.: QA 44107",
                                "Expiry date: 13 March 2028"))
    result = extract_pdf(text_pdf(tmp_path / "pictured.pdf", [cert]))
    assert result.is_certificate, result.message
    assert result.standard.value == "ISO 9001:2015"
    assert result.certificate_number.value == "QA 44107"
    assert result.organization.value == "Example Analytics Ltd"
    assert result.used_ocr


def test_pictures_do_not_make_a_persons_training_certificate_an_organisations():
    from portal.certificates.hybrid import _filled
    from portal.certificates.results import (
        STATUS_NOT_A_CERTIFICATE,
        STATUS_OK,
        CertificateExtraction,
    )

    training = CertificateExtraction(STATUS_NOT_A_CERTIFICATE, "a course",
                                     reason="training_certificate")
    unknown = CertificateExtraction(STATUS_NOT_A_CERTIFICATE, "nothing", reason="unknown")
    pictured = CertificateExtraction(STATUS_OK, "Read the certificate.")
    assert _filled(training, pictured, {}) is training
    assert _filled(unknown, pictured, {}) == replace(pictured, pictures_only_ocr=True)
