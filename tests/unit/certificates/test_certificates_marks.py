"""Accreditation marks printed only as pictures (logos) are read from them; a certification
body's brand built on an accreditation acronym ("UKAS CERT") and the stray capitals OCR makes
of drawings are not accreditation marks."""

from __future__ import annotations

import shutil
from dataclasses import replace

import pytest

from portal.certificates.bodies import find_accreditation, is_clear_mark
from portal.certificates.hybrid import accreditation_mark, picture_mark
from portal.certificates.layout import read_lines
from portal.certificates.ocr import fix_ocr_text
from portal.certificates.pdftext import extract_pdf
from portal.certificates.results import ExtractedField
from tests.unit.certificates.builders import Cert, text_pdf

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="Tesseract is not installed"
)


def _body(text: str) -> str | None:
    found, _ = find_accreditation(read_lines([text]))
    return found.value if found else None


def test_an_accreditation_acronym_inside_a_certification_brand_is_not_a_mark():
    assert _body("UKAS CERT        UK Certification and Assessment Ltd") is None
    assert _body("Issued by IAS Cert Services") is None
    assert _body("Accredited by UKAS      UKAS CERT") == "UKAS"
    assert _body("UKAS\nMANAGEMENT SYSTEMS\n0123") == "UKAS"


def test_a_certificate_number_that_ends_in_country_and_accreditation_body_names_it():
    # the number's last part is the body the certificate is issued under, after the country
    assert _body("Certificate No. 40712-2019-AQ-GBR-UKAS\nHolloway Fittings Ltd") == "UKAS"
    assert _body("Certificaat Nr. 55120-2016-AQ-NLD-RvA") == "RvA"
    # a short acronym that is also a word is not taken from a number; nor is a mere suffix
    assert _body("Certificate No. 8812-QMS-CHE-SAS") is None
    assert _body("Reference 2231-UKAS") is None
    assert _body("Certificate No. 4410-AQ-FRA-XYZ") is None


@pytest.mark.parametrize(
    ("source", "clear"),
    [
        ("ANSI National Accreditation Board", True),  # the full name
        ("UKAS", True),  # four letters
        ("RvA C 122", True),  # mixed case is no accident of OCR
        ("IAS ACCREDITED", True),  # short, with accreditation wording
        ("4 TAF email", False),  # three capitals out of a drawing
        ("SAS", False),
    ],
)
def test_a_mark_read_from_a_logo_must_be_named_clearly(source, clear):
    found, _ = find_accreditation(read_lines([source]))
    if found is None:  # ambiguous acronyms are not even found without context
        assert not clear
        return
    assert is_clear_mark(ExtractedField(found.value, 1, source, 0.9)) is clear


def _word(text, x0, top, line):
    return {"text": text, "x0": x0, "x1": x0 + 8 * len(text), "top": top, "bottom": top + 10,
            "line": line, "conf": 90.0}


@pytest.mark.parametrize(
    "logo",
    [
        # one logo: the body's name over three lines, and a scrap of its drawing between them
        (("UNITED", 100, 700, (3, 1, 1, 1)), ("ACCREDITATION", 90, 712, (3, 1, 1, 2)),
         ("LL", 200, 712, (3, 1, 1, 2)), ("FOUNDATION", 95, 724, (3, 1, 1, 3)),
         ("CB-MS-9140", 95, 740, (3, 1, 2, 1))),
        # Tesseract's sparse mode makes each word a block of its own, numbered in no reading
        # order, and a scrap of the drawing comes out in brackets
        (("ACCREDITATION", 90, 712, (3, 2, 1, 1)), ("UNITED", 100, 700, (3, 3, 1, 1)),
         ("(Mp", 190, 713, (3, 4, 1, 1)), ("FOUNDATION", 95, 724, (3, 6, 1, 1)),
         ("CB-MS-9153", 95, 740, (3, 10, 1, 1))),
    ],
)
def test_a_mark_printed_over_several_lines_of_one_picture_is_one_name(logo):
    body, _ = picture_mark(tuple(_word(*w) for w in logo), 1)
    assert body is not None and body.value == "UAF"
    # two pictures side by side do not make one name out of their words
    apart = (_word("UNITED", 100, 700, (1, 1, 1, 1)),
             _word("ACCREDITATION", 300, 700, (2, 1, 1, 1)),
             _word("FOUNDATION", 500, 700, (4, 1, 1, 1)))
    assert picture_mark(apart, 1) == (None, None)


def test_a_logo_name_over_the_lines_of_one_paragraph_of_the_page_reading():
    # read with the whole page, one logo's lines are one paragraph (block 3, paragraph 1)
    logo = (
        _word("UNITED", 100, 700, (3, 1, 1)),
        _word("ACCREDITATION", 90, 712, (3, 1, 2)),
        _word("FOUNDATION", 95, 724, (3, 1, 3)),
        _word("CB-MS-9153", 83, 753, (9, 1, 1)),
    )
    body, _ = accreditation_mark(logo, 1)
    assert body is not None and body.value == "UAF"
    # the same words in three paragraphs (three pictures) are no name
    apart = tuple({**w, "line": (n, 1, 1)} for n, w in enumerate(logo[:3]))
    assert accreditation_mark(apart, 1) == (None, None)


def test_a_round_capital_e_of_a_logo_read_as_the_euro_sign():
    assert fix_ocr_text("€SYD") == "ESYD"
    assert _body(fix_ocr_text("€SYD")) == "ESYD"
    assert fix_ocr_text("Fee € 100, €5 and €uro") == "Fee € 100, €5 and €uro"


def test_a_mark_number_led_by_the_body_acronym_names_it_in_a_logo_only():
    lines = read_lines(["NAH-4-0047/2023 IRANYITASI RENDSZEREKET TANUSITO SZERVEZET"])
    found, _ = find_accreditation(lines, mark=True)
    assert found is not None and found.value == "NAH" and is_clear_mark(found)
    # in running text, without accreditation wording, the same code is not taken
    assert find_accreditation(lines)[0] is None
    # a code led by a word that is no body's acronym is nothing
    assert find_accreditation(read_lines(["ORDER-4-0047 shipped"]), mark=True)[0] is None


def test_the_italian_accreditation_mark_is_known_by_its_wording():
    # the mark's stylised "ACCREDIA" defeats OCR; its printed wording does not
    assert _body("02138  Membro degli Accordi di Mutuo Riconoscimento EA, IAF e ILAC") == (
        "ACCREDIA")


@needs_tesseract
def test_an_accreditation_mark_only_in_a_picture_is_read(tmp_path):
    cert = replace(Cert(), mark=(), image_lines=("ANSI National Accreditation Board",
                                                  "ACCREDITED MANAGEMENT SYSTEMS"))
    result = extract_pdf(text_pdf(tmp_path / "logo.pdf", [cert]))
    assert result.status == "ok"
    assert result.accreditation_body.value == "ANAB"
    assert result.accreditation_body.confidence < 0.9
    assert result.organization.value == "Example Analytics Ltd"
    assert any("accreditation_body" in w for w in result.warnings)


@needs_tesseract
def test_a_brand_in_a_picture_is_not_an_accreditation_mark(tmp_path):
    cert = replace(Cert(), mark=(), image_lines=("UKAS CERT", "TAF"))
    result = extract_pdf(text_pdf(tmp_path / "brand.pdf", [cert]))
    assert result.status == "ok"
    assert result.accreditation_body is None


def test_the_iaf_logo_read_as_taf_is_not_taiwans_accreditation_body():
    # OCR often reads the IAF mark's "IAF" as "TAF": Taiwan's body is taken by name, or with
    # accreditation wording beside its acronym, not from three capitals under a seal
    assert _body("TAF.         ORGANISMO DE CERTIFICACION\n  ony    ny\n  IN ARRAN") is None
    assert _body("Taiwan Accreditation Foundation") == "TAF"
    assert _body("Accredited by TAF") == "TAF"


def _passes(monkeypatch) -> list[tuple[int, object]]:
    """Record the height of every image the pictures' reading hands Tesseract, and its mode."""
    from portal.certificates import hybrid

    calls: list[tuple[int, object]] = []
    real = hybrid.recognise

    def recording(image, languages, scale, timeout, **kw):
        calls.append((image.height, kw.get("psm")))
        return real(image, languages, scale, timeout, **kw)

    monkeypatch.setattr(hybrid, "recognise", recording)
    return calls


@needs_tesseract
def test_a_page_lacking_only_its_mark_is_read_picture_by_picture(tmp_path, monkeypatch):
    """The text has every field certificates commonly print: the page is not read whole; each
    picture is read on its own (the whole page takes longer and found no more on the
    development files). Nothing else is drawn in the bands where marks are printed, so they
    are not read again."""
    from portal.certificates import hybrid

    calls = _passes(monkeypatch)
    cert = replace(Cert(), mark=(), image_lines=("UKAS CERT", "TAF"))
    result = extract_pdf(text_pdf(tmp_path / "brand.pdf", [cert]))
    assert result.accreditation_body is None and result.scope is not None
    page = 842 * hybrid.HYBRID_DPI / 72
    assert len(calls) == 1 and calls[0][1] is None  # no pass over the whole page, no band
    assert calls[0][0] < 0.1 * page  # the picture alone


def _over_background(path, cert: Cert, lines: tuple[str, ...], *, rules: bool = False):
    """Write a certificate whose text is printed over a full-page background picture with
    `lines` drawn in it near the foot (a mark inside the background), or only rules."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    from tests.unit.certificates.builders import draw_page, picture

    background = Image.new("L", (1190, 1684), 255)
    if lines:
        logo = picture(lines, width=1000, size=30)
        background.paste(logo, (150, 1684 - 40 - logo.height))
    if rules:
        ImageDraw.Draw(background).rectangle((30, 30, 1160, 1654), outline=0, width=3)
    c = Canvas(str(path), pagesize=A4, invariant=1)
    c.drawImage(ImageReader(background), 0, 0, *A4)
    draw_page(c, cert)
    c.showPage()
    c.save()
    return path


@needs_tesseract
def test_a_mark_inside_a_background_picture_is_read_from_the_foot_band(tmp_path, monkeypatch):
    """A mark printed inside a full-page background is found in the band at the foot of the
    page, read first; the top band is not read once it is found. A background with only a
    frame has nothing in its bands to read."""
    from portal.certificates import hybrid

    calls = _passes(monkeypatch)
    cert = replace(Cert(), mark=())
    lines = ("Accredited by", "United Accreditation Foundation")
    result = extract_pdf(_over_background(tmp_path / "mark.pdf", cert, lines))
    assert result.accreditation_body is not None
    assert result.accreditation_body.value == "UAF"
    page = round(842 * hybrid.HYBRID_DPI / 72)
    assert len(calls) == 1 and abs(calls[0][0] - 0.28 * page) < 2  # the foot band only
    calls.clear()
    result = extract_pdf(_over_background(tmp_path / "frame.pdf", cert, (), rules=True))
    assert result.accreditation_body is None and result.scope is not None
    assert calls == []


@needs_tesseract
def test_a_page_whose_text_lacks_a_common_field_is_read_whole(tmp_path, monkeypatch):
    from portal.certificates import hybrid

    calls = _passes(monkeypatch)
    rows = (("Certificate No.:", "IS 712345"), ("Expiry date:", "13 March 2028"))
    cert = replace(Cert(), mark=(), rows=rows, image_lines=("UKAS CERT", "TAF"))
    result = extract_pdf(text_pdf(tmp_path / "brand.pdf", [cert]))
    assert result.issue_date is None  # the picture does not print it either
    assert calls[0][1] == hybrid.PICTURES_PSM
