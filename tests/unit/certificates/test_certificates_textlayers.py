"""Text layers that lie: watermarks, lost ligatures, letter-spaced headings, garbage layers."""

from __future__ import annotations

from dataclasses import replace

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from portal.certificates.pdftext import extract_pdf
from portal.certificates.results import Limits
from portal.certificates.textlayer import PageLayer, pages_to_ocr
from portal.certificates.textquality import (
    assess_text,
    join_split_word,
    repair_unmapped,
    repair_words,
)
from tests.unit.certificates.builders import Cert, spaced_heading_pdf, watermarked_pdf

NO_OCR = Limits(ocr=False)


def test_diagonal_watermark_letters_are_not_interleaved_with_the_text(tmp_path):
    result = extract_pdf(watermarked_pdf(tmp_path / "wm.pdf"), limits=NO_OCR)
    assert result.status == "ok"
    assert result.organization.value == "Example Analytics Ltd"
    assert result.certificate_number.value == "IS 712345"
    assert result.expiry_date.value.isoformat() == "2028-03-13"
    assert "SAMPLE" not in "\n".join(result.page_texts)
    assert "watermark letters were left out of the text" in result.warnings


def test_letter_spaced_heading_is_read_as_a_word(tmp_path):
    result = extract_pdf(spaced_heading_pdf(tmp_path / "spaced.pdf"), limits=NO_OCR)
    assert "CERTIFICATE OF REGISTRATION" in result.page_texts[0]
    assert result.status == "ok"


def _lost_ligatures(path):
    """A text layer in which every "fi"/"f" glyph was dropped, leaving a gap."""
    c = Canvas(str(path), pagesize=A4, invariant=1)
    lines = [
        (22, ["Certi", "icate of Registration"]),
        (11, ["This is to certify that"]),
        (16, ["Example Analytics Ltd"]),
        (10, ["12 Example Road, London EC1A 1BB, United Kingdom"]),
        (11, ["has been assessed and certi", "ied as meeting ISO/IEC 42001:2023"]),
        (11, ["Scope: Arti", "icial intelligence services for ", "inancial institutions"]),
        (10, ["Certi", "icate No.: AIMS 712345"]),
        (10, ["Expiry date: 13 March 2028"]),
    ]
    y = 760
    for size, parts in lines:
        x = 70
        c.setFont("Helvetica", size)
        for part in parts:
            c.drawString(x, y, part)
            x += c.stringWidth(part, "Helvetica", size) + 0.55 * size  # the lost glyph's gap
        y -= size * 2
    c.showPage()
    c.save()
    return path


def test_lost_ligatures_are_repaired(tmp_path):
    result = extract_pdf(_lost_ligatures(tmp_path / "lig.pdf"), limits=NO_OCR)
    text = result.page_texts[0]
    assert "Certificate of Registration" in text and "certified as meeting" in text
    assert result.status == "ok"
    assert result.certificate_number.value == "AIMS 712345"
    assert result.organization.value == "Example Analytics Ltd"
    assert result.scope.value == "Artificial intelligence services for financial institutions"


@pytest.mark.parametrize(
    ("left", "right", "joined"),
    [
        ("Certi", "icate", "Certificate"),
        ("certi", "ies", "certifies"),
        ("CERTI", "ICATE", "CERTIFICATE"),
        ("Arti", "icial", "Artificial"),
        ("e", "ective", "effective"),
        ("the", "company", None),  # two words stay two words
        ("Certi", "Example", None),  # a capital starts a new word
    ],
)
def test_split_words_joined_only_into_real_words(left, right, joined):
    assert join_split_word(left, right) == joined


@pytest.mark.parametrize(
    ("token", "repaired"),
    [("Certi(cid:12)cate", "Certificate"), ("(cid:3)rst", "first"), ("(cid:7)(cid:9)", "")],
)
def test_unmapped_glyphs_become_the_ligature_that_makes_a_word(token, repaired):
    assert repair_unmapped(token) == repaired


def test_letter_runs_joined_and_split_at_wider_gaps():
    def letters(text, x):
        return [
            {"text": ch, "x0": x + 14 * i, "x1": x + 14 * i + 9, "top": 0, "bottom": 12}
            for i, ch in enumerate(text)
        ]

    words = letters("CERTIFICATE", 10) + letters("OF", 200) + [
        {"text": "I", "x0": 300, "x1": 304, "top": 0, "bottom": 12},
        {"text": "am", "x0": 308, "x1": 322, "top": 0, "bottom": 12},
    ]
    assert [w["text"] for w in repair_words(words)] == ["CERTIFICATE", "OF", "I", "am"]


CERTIFICATE_TEXT = (
    "This is to certify that Example Analytics Ltd has been assessed and found to comply "
    "with the requirements of ISO/IEC 27001:2022 for the following scope: design and "
    "operation of data services. Certificate number IS 712345, valid until 13 March 2028."
)
# The same text as a font without a Unicode map shows it: every letter shifted by three.
SHIFTED = "".join(
    chr((ord(ch) - 97 + 3) % 26 + 97) if ch.islower() else ch for ch in CERTIFICATE_TEXT
)


NO_DIGITS = (
    "Зарегистрирован в реестре Дата регистрации июня г Действителен по июля г Заявитель "
    "Общество с ограниченной ответственностью Пример Настоящий сертификат соответствия "
    "удостоверяет что система менеджмента качества соответствует требованиям СТБ"
)


# What pdfplumber reads from an Illustrator export of a certificate whose font maps no glyph
# to Unicode: the glyphs' numbers, from "!" upward.
NUMBERED_GLYPHS = (
    "!\"#$%&'&(#%#')$*+*)#%$,-!! B#2)3-3/&)#$H,I$BCDE;<E?F9GGA<9$$$ J**5#I$9$ "
    "!\"#$%&&'#()'&*+#,&-.'/01'#$%&&'+# (1'21'+#3'/4)'2+#,!5#678# .,/&)#0$&)$ "
    "\"&*$1##'$&**#**#0$&'0$/#2)3-3#0$&//,203'($),$)\"#$2#4532#%#')*$,-! ,*-.,#/!0123140235!"
)


@pytest.mark.parametrize(
    ("text", "garbage"),
    [
        (CERTIFICATE_TEXT, False),
        (SHIFTED, True),
        ("Certi(cid:12)cate " * 3 + "(cid:3)(cid:4)(cid:5) " * 10, True),
        ("Zertifikat. Hiermit wird bescheinigt, dass die Beispiel GmbH ein "
         "Managementsystem eingeführt hat und anwendet für den Geltungsbereich der "
         "Entwicklung von Software und Dienstleistungen nach der Norm ISO/IEC 27001", False),
        ("СЕРТИФИКАТ Настоящий сертификат удостоверяет, что система менеджмента " * 3, False),
        ("ISO 27001 IS 712345 2028-03-13", False),  # too little text to judge
        # a font whose glyphs were numbered from "!" without a Unicode map: no token is a word
        (NUMBERED_GLYPHS, True),
        # a page with some symbols of its own (a price, an e-mail, a reference) stays text
        ("Quote #4521: 3 x ISO/IEC 27001 audit days @ $1,200 = $3,600 (info@example.com) "
         "+ travel & expenses; terms [net 30] " * 2, False),
    ],
    ids=["english", "shifted", "unmapped", "german", "russian", "short", "numbered-glyphs",
         "symbols-in-prose"],
)
def test_garbage_text_layers_are_recognised(text, garbage):
    assert assess_text(text).garbage is garbage


def _layer(text, *, chars, words, coverage):
    size = 600.0
    side = size * coverage**0.5
    return PageLayer(
        index=0,
        text=text,
        chars=chars,
        words=tuple(("word", 0.0, 0.0, 1.0, 1.0) for _ in range(words)),
        quality=assess_text(text),
        images=((0.0, 0.0, side, side),) if coverage else (),
        width=size,
        height=size,
    )


@pytest.mark.parametrize(
    ("layer", "scan"),
    [
        (_layer("", chars=0, words=0, coverage=1.0), True),  # a plain scan
        (_layer(SHIFTED, chars=300, words=40, coverage=1.0), True),  # garbage over an image
        (_layer("CERTIFICATE", chars=11, words=1, coverage=1.0), True),  # too little text
        (_layer("CERTIFICATE " * 3, chars=33, words=3, coverage=1.0), True),  # a thin layer
        (_layer(CERTIFICATE_TEXT, chars=300, words=40, coverage=1.0), False),  # a good layer
        (_layer(CERTIFICATE_TEXT[:60], chars=60, words=10, coverage=0.05), False),  # a logo
        (_layer(SHIFTED, chars=300, words=40, coverage=0.0), False),  # nothing else to read
        # words over a full-page image without a single digit: an earlier OCR pass that lost
        # the number and the dates
        (_layer(NO_DIGITS, chars=300, words=40, coverage=1.0), True),
        (_layer(NO_DIGITS, chars=300, words=40, coverage=0.0), False),  # a drawn page
    ],
    ids=["scan", "garbage", "empty-ish", "thin", "good", "logo", "no-image", "no-digits",
         "no-digits-no-image"],
)
def test_which_pages_are_read_from_their_image(layer, scan):
    assert layer.is_scan is scan


# Latin look-alikes of a Russian page an earlier OCR pass left: too few words to judge alone
SHORT_GARBAGE = (
    "KA3AXCTAH flpwroxemle r cep,rrt[wcary coorBef,orBr or 12.04'2023 nefifiBnren€H ao 12 04'2026 "
    "E.ll Ko'ropyo paoryocrpaE ertt AefisrBtre oeprxi[ncam coorrencrnnr byMaxtsoM Hocrrene"
)


@pytest.mark.parametrize(("first", "read"), [(SHIFTED, True), (CERTIFICATE_TEXT, False)],
                         ids=["beside-garbage", "beside-a-good-page"])
def test_a_short_layer_like_the_garbage_of_another_page_is_read_from_its_image(first, read):
    pages = [replace(_layer(first, chars=300, words=40, coverage=1.0), index=0),
             replace(_layer(SHORT_GARBAGE, chars=80, words=30, coverage=1.0), index=1)]
    assert not pages[1].is_scan  # alone, too short to call garbage
    assert pages_to_ocr(pages) == ([0, 1] if read else [])


def test_candidate_for_a_damaged_certificate(tmp_path):
    cert = replace(Cert(), statement="", conformity="", rows=(("Cert No", "IS 712345"),))
    from tests.unit.certificates.builders import text_pdf

    result = extract_pdf(text_pdf(tmp_path / "weak.pdf", [replace(cert, heading="")]),
                         limits=NO_OCR)
    assert result.is_certificate
    assert result.standard.value == "ISO/IEC 27001:2022"


def _gapped(c: Canvas, x: float, y: float, words: list[str], size: float, gap: float) -> None:
    """Draw words with a gap between them but no space character (as some generators do)."""
    c.setFont("Helvetica", size)
    for word in words:
        c.drawString(x, y, word)
        x += c.stringWidth(word, "Helvetica", size) + gap


def test_words_set_close_without_spaces_are_split_and_compounds_kept(tmp_path):
    from portal.certificates.textlayer import read_text_layer

    path = tmp_path / "gaps.pdf"
    c = Canvas(str(path), pagesize=A4, invariant=1)
    c.setFont("Helvetica", 14)
    c.drawString(70, 760, "CERTIFICATE")
    _gapped(c, 70, 700, ["Date", "of", "initial", "registration"], 9, 2.2)
    _gapped(c, 70, 680, ["28", "October", "2024"], 9, 2.2)
    c.setFont("Helvetica", 9)
    c.drawString(70, 660, "Qualitätsmanagementsystemzertifikat")
    c.save()
    words = [w[0] for w in read_text_layer(path.read_bytes(), Limits())[0].words]
    assert ["Date", "of", "initial", "registration"] == words[1:5]
    assert ["28", "October", "2024"] == words[5:8]
    assert "Qualitätsmanagementsystemzertifikat" in words
