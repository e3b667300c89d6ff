"""Several certificates in one PDF become several readings; one certificate over several
pages (an annex, a translation) stays one."""

from __future__ import annotations

import json
from dataclasses import replace

from click.testing import CliRunner

from portal.certificates.cli import extract_command
from portal.certificates.pdftext import extract_pdf
from portal.certificates.results import Limits
from portal.certificates.splitting import extract_document, language_of, starts_certificate
from tests.unit.certificates.builders import RUSSIAN, Cert, dejavu, text_pdf

NO_OCR = Limits(ocr=False)
THREE = [
    replace(Cert(), standard="ISO 14001:2015", rows=(("Certificate No.:", "EMS 100201"),
                                                     ("Expiry date:", "13 March 2028"))),
    replace(Cert(), standard="ISO/IEC 27001:2022", rows=(("Certificate No.:", "IS 712345"),
                                                         ("Expiry date:", "1 May 2027"))),
    replace(Cert(), standard="ISO 9001:2015", rows=(("Certificate No.:", "FS 654321"),
                                                    ("Expiry date:", "30 June 2026"))),
]
ANNEX = replace(Cert(), heading="Annex to the certificate", statement="", org="",
                address=(), conformity="Sites covered:", standard="",
                scope="Unit 4, 20 Harbour Street, Leeds LS1 4AB, United Kingdom",
                rows=(), footer="", mark=())


def test_three_certificates_in_one_file_give_three_readings(tmp_path):
    result = extract_pdf(text_pdf(tmp_path / "three.pdf", THREE), limits=NO_OCR)
    readings = result.certificates()
    assert [r.standard.value for r in readings] == [
        "ISO 14001:2015", "ISO/IEC 27001:2022", "ISO 9001:2015"]
    assert [r.certificate_number.value for r in readings] == [
        "EMS 100201", "IS 712345", "FS 654321"]
    assert [r.certificate_pages for r in readings] == [(1,), (2,), (3,)]
    assert [r.expiry_date.page for r in readings] == [1, 2, 3]
    assert all(r.pages == 3 for r in readings)


def test_an_annex_stays_with_its_certificate(tmp_path):
    result = extract_pdf(text_pdf(tmp_path / "annex.pdf", [THREE[1], ANNEX]), limits=NO_OCR)
    assert result.more == ()
    assert result.certificate_pages == (1, 2)
    assert result.certificate_number.value == "IS 712345"


def test_a_translation_with_the_same_number_is_one_certificate(tmp_path):
    german = replace(THREE[1], heading="ZERTIFIKAT", statement="Hiermit wird bescheinigt, dass",
                     rows=(("Zertifikat-Nr.:", "IS 712345"), ("Gültig bis:", "01.05.2027")))
    result = extract_pdf(text_pdf(tmp_path / "de-en.pdf", [german, THREE[1]]), limits=NO_OCR)
    assert result.more == ()
    assert result.certificate_pages == (1, 2)


def test_a_whole_certificate_printed_again_in_another_language_is_read_once_per_language(
    tmp_path,
):
    # the reviewer gets the reading in each language (values kept as printed in each), not one
    # reading that takes its values from whichever page came first
    regular, bold = dejavu()
    russian = replace(RUSSIAN, font=regular, bold=bold)
    english = replace(Cert(), org="Primer Analytics LLC", font=regular, bold=bold,
                      rows=(("Certificate No.:", "RU-27001-0451"),
                            ("Issue date:", "14 March 2025"), ("Expiry date:", "13 March 2028")))
    result = extract_pdf(text_pdf(tmp_path / "ru-en.pdf", [russian, english]), limits=NO_OCR)
    readings = result.certificates()
    assert [r.certificate_pages for r in readings] == [(1,), (2,)]
    assert [r.organization.value for r in readings] == ["ООО Пример Аналитика",
                                                        "Primer Analytics LLC"]
    assert {r.certificate_number.value for r in readings} == {"RU-27001-0451"}


def test_language_of_pages():
    assert language_of(["Настоящий сертификат удостоверяет, что система менеджмента"]) == (
        "Cyrillic")
    assert language_of(["엘에스일렉트릭(주) 인증번호 QMS-0260 유효기간"]) == "Hangul"
    assert language_of(["This is to certify that the management system of Example Ltd has "
                        "been assessed and found to comply with the requirements"]) == "eng"
    assert language_of(["El Sistema de Gestión de la Calidad de la empresa es conforme con los "
                        "requisitos de la norma para el alcance del certificado"]) == "spa"


def test_annex_pages_do_not_start_certificates():
    assert starts_certificate("CERTIFICATE\nThis is to certify that X Ltd\nISO 9001:2015\n")
    assert not starts_certificate("Annex 1 to certificate IS 712345\nSites: 1 Road, Leeds\n")
    assert extract_document(["CERTIFICATE\nCertificate No.: A 1234\nISO 9001:2015"]).more == ()


def test_cli_prints_one_entry_per_certificate_with_its_pages(tmp_path):
    path = text_pdf(tmp_path / "three.pdf", THREE)
    out = CliRunner().invoke(extract_command, ["--format", "json", "--no-ocr", str(path)])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert [item["file"] for item in data] == [str(path)] * 3
    assert [item["pages"] for item in data] == [[1], [2], [3]]
    assert [item["page_count"] for item in data] == [3, 3, 3]
    assert [item["standard"] for item in data] == [
        "ISO 14001:2015", "ISO/IEC 27001:2022", "ISO 9001:2015"]
    text = CliRunner().invoke(extract_command, ["--no-ocr", str(path)]).output
    assert f"{path} [page 2]: ok" in text


def test_an_invoice_page_before_the_certificate_does_not_hide_it():
    from portal.certificates.splitting import extract_document

    letter = """INVOICE  No. 2025-0412                 Due date: 30 April 2025
        Bill to: Example Analytics Ltd
        Certification audit ISO 9001:2015, stage 2       Unit price 1,150.00
        Subtotal 1,150.00   VAT number GB123456789   Amount due 1,380.00
        Payment terms: 30 days. Dear customer, kind regards.
    """
    certificate = """CERTIFICATE
        This is to certify that
        Example Analytics Ltd
        12 Example Road, London EC1A 1BB, United Kingdom
        operates a quality management system which complies with ISO 9001:2015
        Certificate No.: QMS 712345          Expiry date: 13 March 2028
    """
    result = extract_document([letter, certificate])
    assert result.is_certificate, result.message
    assert result.certificate_pages == (2,)
    assert result.certificate_number.value == "QMS 712345"
    assert result.more == ()


def test_a_letter_after_the_certificate_does_not_hide_it():
    from portal.certificates.splitting import extract_document

    certificate = """CERTIFICATE
        This is to certify that
        Example Analytics Ltd
        12 Example Road, London EC1A 1BB, United Kingdom
        operates a quality management system which complies with ISO 9001:2015
        Certificate No.: QMS 712345          Expiry date: 13 March 2028
    """
    letter = """Dear customer,
        To whom it may concern: this letter does not constitute a certificate.
        Invoice No. 2025-0412, amount due 1,380.00, payment terms 30 days, subtotal 1,150.00.
        Yours faithfully, Kind regards, Jane Smith
    """
    result = extract_document([certificate, letter])
    assert result.status == "ok", result.message
    assert result.certificate_pages == (1,)
    assert result.certificate_number.value == "QMS 712345"


def test_an_iqnet_certificate_is_not_a_page_of_its_partners_certificate():
    # the partner's number is unreadable on its scan: the pages still are two certificates
    partner = """
                                   CERTIFICAT
              EXEMPLU CERT certifică organizația / certifies the organisation
                              EXEMPLU GRUP SRL
                   Str. Exemplu nr. 2, Constanta
              for the following fields of activities: Design of power lines
              which fulfils the requirements of the standard ISO 9001:2015
              Valabil până la: 09.05.2027
    """
    iqnet = """
                                   IQNET
                                 Certificate
           EXEMPLU CERT has issued an IQNET recognized certificate that the organization:
                              EXEMPLU GRUP SRL
                   Str. Exemplu nr. 2, Constanta
              has implemented and maintains a Quality Management System
              for the following scope: Design of power lines
              which fulfils the requirements of the following standard: ISO 9001:2015
              Issued on: 2024-05-10     Expires on: 2027-05-09
              Registration Number: RO - 3678
              Alex Example, President of IQNET
    """
    result = extract_document([partner, iqnet])
    parts = result.certificates()
    assert len(parts) == 2
    assert [p.certificate_pages for p in parts] == [(1,), (2,)]
    assert [p.certification_body.value for p in parts] == ["EXEMPLU CERT", "EXEMPLU CERT"]


def test_certificates_inside_a_brochure_are_read_one_each_without_its_covers():
    """A compliance brochure: pages of introduction, two certificates, a back cover. Read with
    them, the certificates read as a brochure."""
    cover = "Compliance Package 2026\n" + """
        Welcome! Our services keep your data in Europe. Our team and our platform are certified.
        Why choose us: learn more about our solutions, pricing and case studies.
    """ * 40
    first = """CERTIFICATE
        This is to certify that
        Example Analytics Ltd
        12 Example Road, London EC1A 1BB, United Kingdom
        operates an information security management system which complies with
        ISO/IEC 27001:2022
        Certificate No.: IS 712345          Expiry date: 13 March 2028
    """
    second = first.replace("an information security", "a quality").replace(
        "ISO/IEC 27001:2022", "ISO 9001:2015").replace("IS 712345", "QMS 5521")
    back = "Example Analytics empowers European innovation\n" + """
        Contact us: hello@example.com   Learn more at www.example.com
        Subscribe to our newsletter about our services, our team and our platform.
    """ * 80
    readings = extract_document([cover, cover, first, second, back]).certificates()
    assert [r.certificate_number.value for r in readings] == ["IS 712345", "QMS 5521"]
    assert [r.certificate_pages for r in readings] == [(3,), (4,)]
