"""Field extraction from page text: prose, label/value blocks, tables, bilingual pages."""

from datetime import date

import pytest

from portal.certificates.parsing import extract_text_fields

PROSE = """
                          CERTIFICATE OF REGISTRATION
                           This is to certify that:
                        Example Analytics GmbH
                           Musterstraße 12
                         10115 Berlin, Germany

      operates a management system which complies with the requirements of
      ISO/IEC 42001:2023 for the following scope:
      The design, development and operation of machine-learning fraud
      detection services for financial institutions.

   Certificate No:        AIMS 7 12345          Original Registration Date:  12 May 2022
   Effective Date:        14 March 2025         Expiry Date:                 13 March 2028
   Latest Revision Date:  11 March 2025         Next surveillance audit due: 14.03.2026

   For and on behalf of Example Certification Services Ltd                UKAS
                                                                          MANAGEMENT
                                                                          SYSTEMS
                                                                          0123
"""

LABELS_DE_EN = """ZERTIFIKAT
Zertifikat-Nr. / Certificate No.:   12 310 56789 TMS
Zertifikatsinhaber / Holder:        Beispiel Daten AG
                                    Hauptstraße 5
                                    80331 München, Deutschland
Norm / Standard:                    DIN EN ISO/IEC 27001:2017
Geltungsbereich / Scope:            Development and operation of AI platforms
                                    for insurance companies
Gültig vom 01.02.2025 bis 31.01.2028
Zertifizierungsstelle:              Nordlicht Zertifizierung GmbH
DAkkS D-ZM-12345-01-00
"""

TABLE = """                 Certificate of Conformity
                   We hereby certify that
                    Contoso Vision B.V.
                  Voorbeeldstraat 8, 1012 AB Amsterdam, The Netherlands
      meets the requirements of ISO/IEC 27001:2022 and ISO/IEC 27701:2019.
   Scope:
   Provision of computer vision inspection services.

   Registration No.        Issue Date          Certificate expiry
   NL-ISMS-2024-0042       2024-03-17          2027-03-16
   Issued by: Certivo Example B.V.          RvA  C 123
"""

STACKED = """                     CERTIFICATE
   Certificate number                    Initial certification date
   C123456-2024-AIMS-GBR                 2 June 2019
   Valid:
   2nd June 2025 - 1st June 2028
          This is to certify that the management system of
                Northwind Data Limited
                 7 Demo Street, Edinburgh EH1 1YZ, United Kingdom
          has been found to conform to the standard: ISO/IEC 27001:2022
          This certificate is valid for the following scope:
          Hosting of large language model APIs.
   For the issuing office: Example Certification Services Ltd
"""

US = """                 Certificate of Registration
        Meridian Example Registrar Inc. hereby certifies that
                      Globex Machine Learning LLC
                 100 Example Avenue, Suite 400, Austin, TX 78701, USA
   has implemented a management system that conforms to ISO/IEC 42001:2023 for the scope of:
                  Development of speech recognition APIs.
   Certificate Number:             C326915-2025-AIMS-US
   Certification Effective Date:   03/02/2025
   Certificate Expiration Date:    03/01/2028
   ANAB
"""

TR_EN = """               SERTİFİKA / CERTIFICATE
   Kuruluş / Organization               : Örnek Yapay Zeka A.Ş.
                                          Örnek Mah. Yapay Cad. No: 5
                                          34394 Şişli/İstanbul, Türkiye
   Standart / Standard                  : ISO/IEC 42001:2023
   Kapsam / Scope                       : Yapay zeka tabanlı kredi skorlama yazılımı geliştirme.
   Sertifika No / Certificate No        : TR-AIMS-2025-0042
   Yayın Tarihi / Issue Date            : 4 Şubat 2025
   Gözetim Tarihi / Surveillance Date   : 24.01.2026
   Geçerlilik Tarihi / Expiry Date      : 03.02.2028
   Belgelendirme Kuruluşu / Certification Body: Anadolu Örnek Belgelendirme A.Ş.   TÜRKAK AB-0290-YS
"""

ANNEX = """Annex to certificate No. IS 712345
Example Analytics Ltd

Site                    Address                                   Activities
Head office             12 Example Road,                          All activities
                        London EC1A 1BB, United Kingdom
Data centre             Unit 4, Sample Business Park,             Hosting
                        Manchester M1 2AB, United Kingdom
"""


def test_prose_certificate_with_label_block():
    r = extract_text_fields([PROSE])
    assert r.status == "ok"
    assert r.standard.value == "ISO/IEC 42001:2023"
    assert r.certificate_number.value == "AIMS 712345"
    assert r.organization.value == "Example Analytics GmbH"
    assert r.address.value == "Musterstraße 12, 10115 Berlin, Germany"
    assert r.scope.value == (
        "The design, development and operation of machine-learning fraud "
        "detection services for financial institutions."
    )
    assert r.initial_certification_date.value == date(2022, 5, 12)
    assert r.issue_date.value == date(2025, 3, 14)
    assert r.expiry_date.value == date(2028, 3, 13)
    assert r.certification_body.value == "Example Certification Services Ltd"
    assert (r.accreditation_body.value, r.accreditation_number.value) == ("UKAS", "0123")


def test_provenance_points_at_page_and_text():
    r = extract_text_fields(["nothing here", PROSE])
    assert r.expiry_date.page == 2
    assert "Expiry Date" in r.expiry_date.source_text
    assert 0 < r.expiry_date.confidence <= 1


def test_bilingual_labels_and_date_range():
    r = extract_text_fields([LABELS_DE_EN])
    assert r.certificate_number.value == "12 310 56789 TMS"
    assert r.organization.value == "Beispiel Daten AG"
    assert r.standard.value == "ISO/IEC 27001:2013"
    assert r.scope.value == "Development and operation of AI platforms for insurance companies"
    assert (r.issue_date.value, r.expiry_date.value) == (date(2025, 2, 1), date(2028, 1, 31))
    assert r.certification_body.value == "Nordlicht Zertifizierung GmbH"
    assert r.accreditation_number.value == "D-ZM-12345-01-00"


def test_table_header_with_values_below():
    r = extract_text_fields([TABLE])
    assert r.certificate_number.value == "NL-ISMS-2024-0042"
    assert (r.issue_date.value, r.expiry_date.value) == (date(2024, 3, 17), date(2027, 3, 16))
    assert [s.value for s in r.standards] == ["ISO/IEC 27001:2022", "ISO/IEC 27701:2019"]
    assert r.standard.value == "ISO/IEC 27001:2022"
    assert r.organization.value == "Contoso Vision B.V."
    assert r.address.value == "Voorbeeldstraat 8, 1012 AB Amsterdam, The Netherlands"
    assert r.sites == ()
    assert r.accreditation_body.value == "RvA"


def test_stacked_labels_and_valid_range():
    r = extract_text_fields([STACKED])
    assert r.certificate_number.value == "C123456-2024-AIMS-GBR"
    assert r.initial_certification_date.value == date(2019, 6, 2)
    assert (r.issue_date.value, r.expiry_date.value) == (date(2025, 6, 2), date(2028, 6, 1))
    assert r.organization.value == "Northwind Data Limited"
    assert r.scope.value == "Hosting of large language model APIs."
    assert r.certification_body.value == "Example Certification Services Ltd"


def test_us_dates_are_month_first():
    r = extract_text_fields([US])
    assert r.issue_date.value == date(2025, 3, 2)
    assert r.expiry_date.value == date(2028, 3, 1)
    assert r.certification_body.value == "Meridian Example Registrar Inc."
    assert r.organization.value == "Globex Machine Learning LLC"
    assert r.scope.value == "Development of speech recognition APIs."


def test_turkish_english_certificate_ignores_surveillance_date():
    r = extract_text_fields([TR_EN])
    assert r.organization.value == "Örnek Yapay Zeka A.Ş."
    assert r.certificate_number.value == "TR-AIMS-2025-0042"
    assert r.issue_date.value == date(2025, 2, 4)
    assert r.expiry_date.value == date(2028, 2, 3)
    assert r.accreditation_body.value == "TÜRKAK"
    assert r.accreditation_number.value == "AB-0290-YS"


def test_site_annex_on_second_page():
    r = extract_text_fields([PROSE, ANNEX])
    # the annex does not list the holder's Berlin address: the certified sites are its two
    assert [s.value for s in r.sites] == [
        "12 Example Road, London EC1A 1BB, United Kingdom",
        "Unit 4, Sample Business Park, Manchester M1 2AB, United Kingdom",
    ]
    assert r.sites[1].page == 2


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("Certificate No: IS 7 12345", "IS 712345"),
        ("Certificate Number IS 712345 issued to the organisation", "IS 712345"),
        ("Cert. No.: C0123456 - 2025 - AE", "C0123456-2025-AE"),
        ("Registration No. 2025/AI/0117", "2025/AI/0117"),
        ("Zertifikat-Nr.: 12 100 45678 TMS", "12 100 45678 TMS"),
    ],
)
def test_certificate_number_variants(line, number):
    text = f"CERTIFICATE\n{line}\nThis is to certify that\nExample Ltd\nconforms to ISO 9001:2015"
    assert extract_text_fields([text]).certificate_number.value == number


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "INVOICE\nInvoice No. 17   Bill to: Northwind Ltd\nISO/IEC 27001:2022 audit fee\n"
            "Subtotal EUR 3,050   VAT No. DE1   Total due EUR 3,629\nPayment terms: 30 days",
            "invoice",
        ),
        (
            "Independent Service Auditor's Report\nSOC 2 Type II report on controls at a service "
            "organization\nTrust Services Criteria (AICPA)\nThe company also holds ISO/IEC 27001.",
            "soc_report",
        ),
        (
            "Dear Ms Example,\nwe confirm that your ISO/IEC 27001:2022 certificate will be valid "
            "until 13 March 2028.\nYours sincerely,\nJane",
            "letter",
        ),
        (
            "Example Analytics\nOur services\nWe are ISO/IEC 27001 certified.\nContact us to learn "
            "more about our pricing.",
            "brochure",
        ),
    ],
)
def test_look_alikes_yield_no_fields(text, kind):
    r = extract_text_fields([text])
    assert r.status == "not_a_certificate"
    assert r.document_kind == kind
    assert r.standard is None and r.organization is None and r.expiry_date is None
    assert r.to_json_dict()["standards"] == []


def test_revision_and_surveillance_dates_are_not_expiry():
    text = (
        "CERTIFICATE\nThis is to certify that\nExample Ltd\ncomplies with ISO 9001:2015\n"
        "Certificate No: Q 123456\nRevision date: 01.01.2030\n"
        "Next surveillance audit due: 02.02.2031\n"
    )
    r = extract_text_fields([text])
    assert r.status == "ok"
    assert r.expiry_date is None
    assert "not found: expiry_date" in r.warnings


def test_json_dict_has_cli_keys_in_order():
    keys = list(extract_text_fields([PROSE]).to_json_dict("a.pdf"))
    assert keys[:14] == [
        "file",
        "status",
        "message",
        "standard",
        "standards",
        "certificate_number",
        "organization",
        "scope",
        "sites",
        "initial_certification_date",
        "issue_date",
        "expiry_date",
        "certification_body",
        "accreditation_body",
    ]
