"""Text layers drawn in odd ways, on small made-up PDFs: each failed on the reader before these
rules (a space glyph drawn over a letter, a hyphen set apart from its word), and the
classification of certificates that certify something else (an accreditation, a membership)."""

from pathlib import Path

import pdfplumber
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from portal.certificates.parsing import extract_text_fields
from portal.certificates.textlayer import read_page


def _page_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return read_page(pdf.pages[0], 0).text


def test_a_space_drawn_over_a_letter_does_not_split_the_word(tmp_path):
    path = tmp_path / "spaces.pdf"
    c = Canvas(str(path), pagesize=A4, invariant=1)
    c.setFont("Helvetica", 10)
    x, y = 300, 400
    for label, value in (("Número", "MBC/01434/SGC"), ("Fecha de Vencimiento:", "29/10/2026")):
        # the generator draws the first letter, then a space at that letter's own origin a
        # little higher, then the rest of the line
        c.drawString(x, y, label[0])
        c.drawString(x, y + 2.5, " ")
        c.drawString(x + c.stringWidth(label[0], "Helvetica", 10), y, f"{label[1:]} {value}")
        y -= 20
    # an OCR layer sets a real space tight between two words, over the next word's first
    # letter: it still parts them (and so does a space that the previous letter's too-wide
    # box covers)
    width = c.stringWidth("Service of", "Helvetica", 10)
    c.drawString(x, y, "Service of")
    c.drawString(x + width + 0.7, y, " ")
    c.drawString(x + width + 1.7, y, "Digital Stethoscopes")
    y -= 20
    c.drawString(x, y, "Quality")
    c.drawString(x + c.stringWidth("Quality", "Helvetica", 10) - 1.5, y, " ")
    c.drawString(x + c.stringWidth("Quality ", "Helvetica", 10), y, "Management")
    c.save()
    text = _page_text(path)
    assert "Número MBC/01434/SGC" in text
    assert "Fecha de Vencimiento: 29/10/2026" in text
    assert "Service of Digital Stethoscopes" in text
    assert "Quality Management" in text


def test_a_hyphen_set_apart_from_its_word_joins_it(tmp_path):
    path = tmp_path / "hyphen.pdf"
    c = Canvas(str(path), pagesize=A4, invariant=1)
    c.setFont("Helvetica", 10)
    x = 72
    for part in ("185930", "-2015", "-AQ-BRA", "-INMETRO"):
        c.drawString(x, 500, part)
        x += c.stringWidth(part, "Helvetica", 10) + 4  # a gap wider than a space
    c.drawString(72, 470, "Meet at")
    c.drawString(72 + c.stringWidth("Meet at", "Helvetica", 10) + 4, 470, "-5 degrees")
    c.save()
    text = _page_text(path)
    assert "185930-2015-AQ-BRA-INMETRO" in text
    assert "at -5 degrees" in text  # a short word before a minus sign is left alone


def _read(text: str):
    return extract_text_fields([text])


def test_an_accreditation_certificate_of_a_laboratory_is_not_a_certificate():
    result = _read("""
                     AKKREDITÁLÁSI OKIRAT
                   ACCREDITATION CERTIFICATE
              The National Accreditation Authority recognizes, that
                         Example Labs Zrt.
          complies with criteria of Standard MSZ EN ISO/IEC 17025:2018
                        TESTING LABORATORY
               and has been assigned registration number
                          NAH-1-1825/2022
     Start date of the accredited status      Expiry date of the accredited status
            2022. december 1.                        2027. december 1.
    """)
    assert result.status == "not_a_certificate"
    assert "accredits" in result.message
    # a hospital's "Certificate of Accreditation" against a healthcare scheme certifies the
    # organisation: it is read for review, not thrown away
    hospital = _read("""
                   CERTIFICATE OF ACCREDITATION
      Example Dental College and Hospital has been assessed and found to comply with
              Accreditation Standards for Dental Health Service Providers
                     Certificate No. D-2021-0146
            Valid from August 19, 2024      Valid thru August 18, 2028
    """)
    assert hospital.is_certificate


def test_a_certificate_of_membership_is_not_a_certificate():
    result = _read("""
                          Gold Member
    CERTIFICATE
          OF MEMBERSHIP
    Example Civil Engineering Ltd
                  Registration No:      1320878
                        Date Issued:    07 June 2024
       This certifies that the member named above has met pre-qualification
        requirements appropriate to public and private sector procurement.
    """)
    assert result.status == "not_a_certificate"
    assert "membership" in result.message


def test_an_update_date_is_the_issue_date():
    result = _read("""
                        Número MBC/01434/SGC
                     MB CERTIFICATION MÉXICO S.C.
              Certifica que el Sistema de Gestión de la Calidad de la Empresa:
                  EJEMPLO INDUSTRIAL DE MÉXICO, S.A. DE C.V.
                     Conforme a los requisitos de la norma:
                              ISO 9001:2015
                                                   Fecha de Actualización: 29/11/2024
                                                   Fecha de Vencimiento: 29/10/2026
                                                   Certificación Inicial: 30/10/2020
    """)
    assert result.certificate_number.value == "MBC/01434/SGC"
    assert result.issue_date.value.isoformat() == "2024-11-29"
    assert result.expiry_date.value.isoformat() == "2026-10-29"


def test_a_clause_after_an_ampersand_is_not_part_of_the_body_name():
    result = _read("""
                        CERTIFICATE OF REGISTRATION
                 This is to certify that the management system of
                      EXAMPLE ADVISORY SERVICES PRIVATE LIMITED
                   has been assessed and found to conform to
                              ISO 9001:2015
          Certificate No: 1298978          Expiry Date: 08/07/2026
    This certificate is property of Unitas Certification Services & remains valid subject to
    satisfactory surveillance audit.
    """)
    assert result.certification_body.value == "Unitas Certification Services"


def test_a_number_ending_in_country_and_an_alias_of_the_accreditation_body():
    result = _read("""
                   CERTIFICADO DO SISTEMA DE GESTÃO
    Número do Certificado:          Data de início:          Válido até:
    185930-2015-AQ-BRA-INMETRO      05 fevereiro 1999        14 Outubro 2021 – 13 Outubro 2024
    Certifica-se que o sistema de gestão de
    EXEMPLO INDÚSTRIA E SERVIÇOS LTDA
    está em conformidade com a Norma de Sistema de Gestão da Qualidade:
    ISO 9001:2015
    """)
    assert result.accreditation_body.value == "Cgcre"


def test_a_certificate_and_its_translation_are_two_even_when_one_lacks_the_number():
    from portal.certificates.splitting import extract_document

    chinese = """
                         认证证书  CERTIFICATE
                 兹证明  惠州示例电子科技有限公司
              质量管理体系符合  ISO 9001:2015  标准
           认证范围：磁芯的设计和制造
           有效期至： 2027年4月12日
    """
    english = """
                               CERTIFICATE
                       Certificate Number: 133712
           This is to certify that the Quality Management System of
                Huizhou Example Electronic Technology Co., Ltd.
                  has been assessed and found to meet the requirements of
                               ISO 9001:2015
         Scope: Design and manufacturing of magnetic cores
         Expiry Date: 12 April 2027
    """
    result = extract_document([chinese, english])
    readings = result.certificates()
    assert [r.certificate_pages for r in readings] == [(1,), (2,)]
    assert readings[1].certificate_number.value == "133712"
    # what the translation prints the same (the number) is taken for the page that lacks it,
    # less sure, and said so
    assert readings[0].certificate_number.value == "133712"
    assert readings[0].certificate_number.confidence < readings[1].certificate_number.confidence
    assert any("another language" in w for w in readings[0].warnings)
    # the same certificate printed twice in one language stays one
    assert len(extract_document([english, english]).certificates()) == 1


def test_a_hungarian_certificate_with_from_and_until_endings():
    result = _read("""
           TANÚSÍTVÁNY
    Example Certification GmbH ezennel igazolja, hogy a szervezet
    Példa Zrt.
    H-2440 Százhalombatta, Olajmunkás utca 2.
    a tanúsított területre vonatkozóan:
    Roncsolásmentes anyagvizsgálat, tartályvizsgálat
    bevezettek egy irányítási rendszert, ami megfelel az ISO 45001:2018 szabványnak.
    Tanúsítvány nyilvántartási száma:                 400723034
    Tanúsítvány érvényes:                             2023-07-11 - től
    Tanúsítvány érvényes:                             2026-07-10 - ig
    """)
    assert result.organization.value == "Példa Zrt."
    assert result.certificate_number.value == "400723034"
    assert result.issue_date.value.isoformat() == "2023-07-11"
    assert result.expiry_date.value.isoformat() == "2026-07-10"
    assert result.scope.value.startswith("Roncsolásmentes anyagvizsgálat")


def test_a_label_over_prose_is_no_holder_and_a_turkish_standard_title_is_no_scope():
    result = _read("""
                  ÖRNEK BILGI TEKNOLOJILERI ANONIM SIRKETI
          BANKALAR CD. NO 3 KARAKOY BEYOGLU/ISTANBUL/TURKIYE
                    Sertifika Numarası / Certificate No: QA/TR/9001/1893
          The above-mentioned organization has put into effect a management system
          and its compliance with the relevant standard has been approved.
                              ISO 9001:2015
                         (KALITE YONETIM SISTEMLERI)
                        (QUALITY MANAGEMENT SYSTEMS)
       PROVIDING ALL KINDS OF OPERATIONAL SERVICES RELATED TO HUMAN RESOURCES

                          IAF KODU / IAF CODE:              35
     This certificate is valid as long as the company fulfills the requirements of the standard.
         Certificate Issue Date          07.07.2026       Certificate Validity Date   10.07.2027
    """)
    assert result.organization.value == "ÖRNEK BILGI TEKNOLOJILERI ANONIM SIRKETI"
    assert result.scope.value.startswith("PROVIDING ALL KINDS")


def test_a_capitals_name_over_two_lines_above_an_unnumbered_turkish_address():
    result = _read("""
           CERTIFICATE

                  ORNEK MAKINE MUHENDISLIK INS.                                    cert
                    TAAH. IML.SAN. TiC. LTD.STII.

             TOPCALI MAH. GAZI TEMEL GOKTEKIN SK. AYDIN
                MAKINA NO: 3 EREGLI/ ZONGULDAK/TURKIYE

                           ISO 45001: 2018
       Sertifika Numarasi / Certificate Number               A1537142
       Expiry Date                                           08.06.2026
    """)
    name = "ORNEK MAKINE MUHENDISLIK INS. TAAH. IML.SAN. TiC. LTD.STII."
    assert result.organization.value == name


def test_a_reissue_date_is_the_issue_date_and_the_first_issue_the_initial():
    result = _read("""
                               CERTIFICATE
           This is to certify that the Quality Management System of
                   Example Electronic Technology Co., Ltd.
             has been assessed and registered by NQA against the provisions of
                               ISO 9001:2015
                                              Certificate Number: 133712
                                              Issue Date: 12 April 2024
                                              Reissue Date: 27 May 2025
                                              Valid Until: 12 April 2027
    """)
    assert result.issue_date.value.isoformat() == "2025-05-27"
    assert result.initial_certification_date.value.isoformat() == "2024-04-12"


def test_two_different_certificates_in_two_languages_lend_each_other_nothing():
    from portal.certificates.splitting import extract_document

    german = """
                               ZERTIFIKAT
                       Zertifikat-Nr.: Q-4471
           Hiermit wird bescheinigt, dass das Managementsystem der
                        Beispiel Werke GmbH
           die Anforderungen der Norm ISO 9001:2015 erfüllt.
         Zertifizierungsstelle: Beispiel Cert GmbH
         Gültig bis: 12.04.2027
    """
    english = """
                               CERTIFICATE
                       Certificate Number: E-9921
           This is to certify that the Environmental Management System of
                        Example Works Ltd
           meets the requirements of ISO 14001:2015
         Expiry Date: 12 April 2027
    """
    readings = extract_document([german, english]).certificates()
    assert len(readings) == 2
    assert readings[1].certification_body is None  # not the German certificate's body
