"""Layouts of the seventeenth round's development files, as small made-up texts and PDFs: each
failed on the reader before these rules (a heading made bold by printing it twice, a body's name
tiled over the page, Bureau Veritas's labels in Turkish, Portuguese date labels, a number ending
in its date, a validity "without surveillance", a Bulgarian legal form, a two-letter
accreditation acronym read alone from a logo)."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from portal.certificates.bodies import find_accreditation
from portal.certificates.layout import read_lines
from portal.certificates.parsing import extract_text_fields
from portal.certificates.pdftext import extract_pdf

WIDTH, HEIGHT = A4


def _page(path: Path, draw) -> Path:
    c = Canvas(str(path), pagesize=A4, invariant=1)
    draw(c)
    c.showPage()
    c.save()
    return path


def _body(c: Canvas, top: float, *, bold_twice: bool = False, holder_line: str = "") -> None:
    lines = [
        ("Helvetica-Bold", 20, "CERTIFICATE OF REGISTRATION"),
        ("Helvetica", 11, "This is to certify that the management system of"),
        ("Helvetica-Bold", 16, holder_line or "TRANSPORTES EXEMPLO LTDA."),
        ("Helvetica", 11, "Rua das Flores, 715, Centro - 90200-230 - Porto Alegre / RS - Brasil"),
        ("Helvetica", 11, "has been audited and found to conform to the requirements of"),
        ("Helvetica-Bold", 16, "ISO 14001:2015"),
        ("Helvetica", 11, "Scope of certification: Road transport of new vehicles."),
        ("Helvetica", 11, "Certificate Number: BR034904"),
        ("Helvetica", 11, "Original cycle start date: 17-06-2019"),
        ("Helvetica", 11, "Expiry date: 19-01-2027"),
        ("Helvetica", 11, "Example Certification Holding SAS"),
    ]
    y = top
    for font, size, text in lines:
        c.setFont(font, size)
        c.drawString(70, y, text)
        if bold_twice and font.endswith("Bold"):
            c.drawString(70.4, y, text)  # the same line again, 0.4 pt to the right
        y -= 30


def test_a_heading_printed_twice_reads_once(tmp_path: Path) -> None:
    path = _page(tmp_path / "twice.pdf", lambda c: _body(c, HEIGHT - 100, bold_twice=True))
    result = extract_pdf(path)
    assert result.value("organization") == "TRANSPORTES EXEMPLO LTDA."
    assert result.value("standard") == "ISO 14001:2015"
    assert result.value("certificate_number") == "BR034904"


def _tiled(c: Canvas) -> None:
    c.setFont("Helvetica", 11)
    for row in range(27):  # rows between the lines of text, as the pattern's own rows
        for column in range(5):
            c.drawString(10 + 120 * column, HEIGHT - 85 - 30 * row, "Otabu")
    _body(c, HEIGHT - 100, holder_line="PRINTING EXEMPLO PRESS L.L.C.")
    c.setFont("Helvetica", 11)
    c.drawString(80, 130, "has been assessed and Certified by Otabu Certification Pvt. Ltd.")
    c.setFont("Helvetica", 150)
    c.drawString(180, 360, "Otabu")  # the body's name again, in letters behind the text


def test_a_word_tiled_over_the_page_is_no_text(tmp_path: Path) -> None:
    result = extract_pdf(_page(tmp_path / "tiled.pdf", _tiled))
    assert result.value("organization") == "PRINTING EXEMPLO PRESS L.L.C."
    assert "Otabu" not in "\n".join(result.page_texts).replace(
        "Certified by Otabu Certification", ""
    )
    # the word in the sentence is kept
    assert "Certified by Otabu Certification Pvt. Ltd." in result.page_texts[0]


TURKISH_BV = """\
     TRUGO ÖRNEK ŞARJ ÇÖZÜMLERİ SANAYİ VE TİCARET A.Ş.
      Muallimköy Mah. Deniz Caddesi No:143, GEBZE, KOCAELİ, TÜRKİYE

   Bureau Veritas Belgelendirme Holding SAS – UK Şubesi yukarıda adı geçen kuruluşun, Yönetim
     Sisteminin denetlendiğini ve aşağıda detayları belirtilen yönetim sistemi standartlarının
                             gereklerine uygunluğunu onaylamaktadır

                                                  ISO 9001:2015
                                                   Belgelendirme Kapsamı
    YÜKSEK HIZLI ŞARJ CİHAZLARININ KURULUMU VE YAZILIM HİZMETLERİNİN SAĞLANMASI

İlk Döngü Başlangıç Tarihi:                                                        12-12-2023
Önceki Döngü Geçerlilik Tarihi:                                                    NA
Belgelendirme / Yeniden Belgelendirme Denetim Tarihi:                              10-11-2023
Belgelendirme/Yeniden Belgelendirme Döngüsü Başlangıç Tarihi:                      12-12-2023
Kuruluşun yönetim sistemi, standardın yeterliliklerini karşılamaya
devam ettiği sürece bu sertifika geçerlidir:                                       11-12-2026

Sertifika Numarası.: TR012964                       Revizyon: 1         Yayın Tarihi: 12-12-2023
"""


def test_bureau_veritas_turkish_labels():
    result = extract_text_fields([TURKISH_BV])
    assert str(result.initial_certification_date.value) == "2023-12-12"
    # "geçerlidir" ends the sentence of the certificate's validity; the audit date is no expiry
    assert str(result.expiry_date.value) == "2026-12-11"
    assert result.certificate_number.value == "TR012964"


PORTUGUESE = """\
                   CERTIFICADO DE CONFORMIDADE
           O Sistema de Gestão da

                             TRANSPORTES EXEMPLO LTDA
                      Rua das Flores, 715 – Centro - Porto Alegre-RS-Brasil - CEP 90200-230

           foi avaliado e certificado como atendendo aos requisitos da

                                                    ISO 9001:2015

           Certificado Registro nº 1093BRNR

           Data Inicial: 18.08.2010 Issued by the previous certification body.
           Data de Emissão: 01.11.2023
           Data de Vencimento: 31.10.2026
"""


def test_portuguese_initial_and_due_dates():
    result = extract_text_fields([PORTUGUESE])
    assert str(result.initial_certification_date.value) == "2010-08-18"
    assert str(result.issue_date.value) == "2023-11-01"
    assert str(result.expiry_date.value) == "2026-10-31"


BULGARIAN_BODY = """\
                          Certificate
                                   Reg. № BG-7461-Q/30.06.2025

                                           The management system of
                  Exemplo Solar EOOD
                                 143B G. S. Rakovski, fl.4, ap.14
                                    1000 Sofia, Bulgaria
            is evaluated and approved for compliance with the requirements of

                             ISO 9001:2015

                                      Certification scope:
          Engineering design of photovoltaic power plants.

                                                     Work sites:
                                            2 Nikolay Haytov Str.
                                             1113 Sofia, Bulgaria

          Without surveillance audit, the certificate is valid until: 30.06.2026
      After successful first surveillance audit, the validity is extended to: 30.06.2027

          Alpha Exemplo Certification Ltd
          Accreditation EA BAS, Reg. № 09 ОСС, UIC: 200229912
"""


def test_a_number_ending_in_its_date_a_validity_without_surveillance_and_bas():
    result = extract_text_fields([BULGARIAN_BODY])
    assert result.certificate_number.value == "BG-7461-Q/30.06.2025"
    assert result.organization.value == "Exemplo Solar EOOD"  # a Bulgarian legal form
    assert str(result.expiry_date.value) == "2026-06-30"  # not the extended validity
    assert result.accreditation_body.value == "BAS"
    assert [site.value for site in result.sites] == ["2 Nikolay Haytov Str., 1113 Sofia, Bulgaria"]


def test_a_date_alone_is_still_no_number():
    text = BULGARIAN_BODY.replace("Reg. № BG-7461-Q/30.06.2025", "Reg. № 30.06.2025")
    result = extract_text_fields([text])
    assert result.certificate_number is None or "30.06.2025" not in result.certificate_number.value


def test_a_two_letter_acronym_alone_is_no_mark():
    # an OCR scrap "SA" over a mark's number is not Slovenian Accreditation; with the mark's
    # accreditation wording beside it, it is
    assert find_accreditation(read_lines(["SA\nMSCB-123\n"])) == (None, None)
    marked = find_accreditation(read_lines(["SA\nACCREDITED\nMSCB-123\n"]))[0]
    assert marked is not None and marked.value == "SA"
    named = find_accreditation(read_lines(["SLOVENSKA AKREDITACIJA\nCS-006\n"]))[0]
    assert named is not None and named.value == "SA"
