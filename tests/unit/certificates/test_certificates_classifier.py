"""The certificate/look-alike classifier on shapes real certificates take: conformity wording
instead of "certify that", titles with the standard in front, standards the reader does not
know, product certificates and placeholders (which must give no fields)."""

from __future__ import annotations

import pytest

from portal.certificates.parsing import extract_text_fields

FIELDS = (
    "standard", "certificate_number", "organization", "scope", "initial_certification_date",
    "issue_date", "expiry_date", "certification_body", "accreditation_body",
)

# No heading in the text layer (it is a logo) and no "certify that": the organisation comes
# first and the page says how it conforms.
ASSESSED = """
                 NORTHWIND LOGISTICS PRIVATE LIMITED
        Plot 12, Industrial Area Phase 2, Pune 411019, India
              has been independently assessed by QRO
              and is compliant with the requirement of:
                        ISO 9001:2015
                  Quality Management System
          For the following scope of activities:
          WAREHOUSING AND DISTRIBUTION OF PACKAGED GOODS
  Certificate No: QMS/240611/5521       Expiry Date: 10/06/2027
"""


def test_conformity_wording_without_heading_or_statement_is_a_certificate():
    result = extract_text_fields([ASSESSED])
    assert result.status == "ok", result.message
    assert result.standard.value == "ISO 9001:2015"
    assert result.certificate_number.value == "QMS/240611/5521"
    assert result.expiry_date.value.isoformat() == "2027-06-10"


@pytest.mark.parametrize(
    "wording",
    [
        "has been assessed and found to be in accordance with the requirements of",
        "meets the requirements of",
        "erfullt die Anforderungen der Norm",
        "voldoet aan de eisen gesteld in de norm",
        "est conforme aux exigences de la norme",
    ],
)
def test_conformity_wording_in_several_languages(wording):
    text = ASSESSED.replace(
        "has been independently assessed by QRO\n              and is compliant with the "
        "requirement of:", wording)
    result = extract_text_fields([text])
    assert result.is_certificate, result.message
    assert result.certificate_number.value == "QMS/240611/5521"


TITLED = """
            ISO/IEC 27001:2022 CERTIFICATE
                 Harbour Data Systems B.V.
        Keizersgracht 100, 1015 AA Amsterdam, The Netherlands
  Information security management system for the hosting of payroll software.
             Valid until: 31 December 2027
"""


def test_a_title_with_the_standard_in_front_is_a_heading():
    result = extract_text_fields([TITLED])
    assert result.is_certificate, result.message
    assert result.expiry_date.value.isoformat() == "2027-12-31"


def test_unknown_standard_on_a_page_that_reads_as_a_certificate_is_kept_for_review():
    # A sector scheme the reader does not know, on a page with every certificate sign.
    text = """MANAGEMENTSYSTEEM CERTIFICAAT
        Certificaat Nr. 178386-2015-ASCC-NLD-RvA
        Dit is ter bevestiging dat
        Voorbeeld Staalbouw B.V.
        voldoet aan de eisen gesteld in de norm: VGM Checklist Aannemers 2017/6.0
        Geldig tot: 22 mei 2028
    """
    result = extract_text_fields([text])
    assert result.is_certificate, result.message
    assert result.certificate_number.value == "178386-2015-ASCC-NLD-RvA"
    assert result.standard is None


def test_a_management_system_named_in_words_rescues_a_lost_standard_line():
    text = """This is to certify that the Quality Management System of
        Lakeside Foods Limited
        Unit 4, Riverside Park, Leeds LS1 4AP, United Kingdom
        Certificate No: LF-88231          Valid until: 4 April 2027
    """
    result = extract_text_fields([text])
    assert result.status == "needs_review", result.message
    assert result.certificate_number.value == "LF-88231"
    assert result.certificate_number.confidence < 0.8


def test_an_audit_due_date_is_not_an_invoice():
    text = ASSESSED + "  Next surveillance audit due date: 10/06/2025\n"
    assert extract_text_fields([text]).status == "ok"


@pytest.mark.parametrize("line", [
    "Validity is subject to a successful surveillance audit on or before the due date",
    "Holder's VAT number: GB 123 4567 89",
])
def test_due_dates_and_tax_numbers_without_invoice_words_are_not_an_invoice(line):
    assert extract_text_fields([ASSESSED + f"  {line}\n"]).status == "ok"


def test_an_invoice_is_still_an_invoice():
    text = ("INVOICE No. 2291\n  Bill to: Northwind Logistics\n  Certification audit ISO 9001:2015"
            "\n  Amount due: 1,200.00 EUR   Due date: 10/06/2025\n")
    result = extract_text_fields([text])
    assert not result.is_certificate and result.document_kind == "invoice"


def test_completing_a_certification_programme_is_not_a_training_course():
    text = ASSESSED.replace(
        "has been independently assessed by QRO",
        "has successfully completed the certification programme of QRO")
    assert extract_text_fields([text]).is_certificate


NOT_CERTIFICATES = {
    "product": """Certificate of Compliance
        Application of Council Directive Low Voltage Directive 2014/35/EU
        Certificate No. 20211430
        This is to certify that the Quality System for the product group
        AUTOMATIC CHANGEOVER SWITCHES manufactured by Example Power Systems
        complies with the applicable requirements of the low voltage directive.
        Issued this 27 September 2021""",
    "factory_production_control": """CERTIFICATE OF CONSTANCY OF PERFORMANCE
        Certificate No. 2388-CPR-0067
        In compliance with Regulation (EU) 305/2011 this certificate applies to the
        construction product steel components, factory production control per EN 1090-1,
        produced by Example Staal B.V. Valid until 1 March 2027""",
    "welding": """CERTIFICATE
        This is to certify that the company:          Certificate Number: 88-4410
        Example Rail Fabrication Ltd, 5 Works Lane, Derby
        is certified for welding under certification level CL 1 according to EN 15085-2
        Field of application: bogie frames and car bodies of rail vehicles
        Certificate Issue Date: 02/05/2024       Certificate Expiry Date: 01/05/2027""",
    "placeholder": """ISO 9001 Certificate
        Example Group
        Placeholder PDF preview""",
    "title_only": """ISO 9001:2015 Certificate
        Example Group""",
    "logo": """MGMT. SYS. ISO 9001:2015 RvA C 071 Certified by IRQS""",
    # an Italian public-works qualification that cites the holder's ISO 9001 certificate
    "public_works_qualification": """
        COSTRUTTORI QUALIFICATI OPERE PUBBLICHE
        ATTESTAZIONE DI QUALIFICAZIONE ALLA ESECUZIONE DI LAVORI PUBBLICI
        Rilasciato alla impresa:   ESEMPIO COSTRUZIONI S.N.C.
        L'impresa possiede la certificazione ISO 9001 valido fino al 27/07/2026
        rilasciata da ESEMPIO INSPECTION S.R.L.
        Attestazione n.: 63999/10/00""",
}


@pytest.mark.parametrize("text", list(NOT_CERTIFICATES.values()), ids=list(NOT_CERTIFICATES))
def test_look_alikes_give_no_fields(text):
    result = extract_text_fields([text])
    assert result.status == "not_a_certificate", result.message
    assert all(getattr(result, name) is None for name in FIELDS)


def test_a_13485_certificate_citing_a_directive_is_still_a_certificate():
    text = ASSESSED.replace("ISO 9001:2015", "ISO 13485:2016") + (
        "  Medical devices under Council Directive 93/42/EEC\n")
    assert extract_text_fields([text]).status == "ok"


def test_a_poor_scan_that_certifies_an_assessed_management_system_is_kept_for_review():
    # OCR lost the standard, the number label ("Cerificate No") and the dates.
    text = """This is to Certify that Quality Management System of
        NORTHWIND LOGISTICS PRIVATE LIMITED
        Plot 12, Industrial Area Phase 2, Pune 411019
        has been assessed and found to arate to the Papen nts of on! Ses 5
        Cerificate No 22FOICO0 fnitia! Registretian Dure E222
    """
    result = extract_text_fields([text])
    assert result.status == "needs_review", result.message
    assert result.organization.value == "NORTHWIND LOGISTICS PRIVATE LIMITED"


def test_a_footnote_mark_between_label_and_colon_and_issuance_dates():
    text = ASSESSED.replace("Expiry Date: 10/06/2027", "Date of Expiry* : 10/06/2027") + (
        "  Issuance Date : 11/06/2024\n")
    result = extract_text_fields([text])
    assert result.expiry_date.value.isoformat() == "2027-06-10"
    assert result.issue_date.value.isoformat() == "2024-06-11"


def test_a_product_certificate_with_every_certificate_sign_gives_no_fields():
    # RoHS for products: statement, number and expiry, a directive, no management-system standard
    text = """Certificate awarded to
        EXAMPLE PACKAGING INC
        Starcert UK Ltd certifies that the ROHS of the above organisation
        has been assessed and found to be in compliance with the requirement of the standard
        RoHS (Restriction of Hazardous Substance) For Product
        The Technical File of the products has been assessed in accordance to the Restriction
        of Hazardous Substances (RoHS) Directive 2011/65/EU.
        Certificate No. :      SR25N01
        Expiry Date*:          20/03/2028
    """
    result = extract_text_fields([text])
    assert result.status == "not_a_certificate", result.message
    assert all(getattr(result, name) is None for name in FIELDS)


def test_a_product_certification_scheme_certificate_gives_no_fields():
    # a product mark for a manufacturer: conformity wording, number and dates, but the scheme
    # certifies products against product standards, not a management system
    text = """VALID TO 31 DEC 2027
        PRODUCT CERTIFICATION
        Example Authority for Structural Timber Ltd
        C e r t i f i c a t e o f P r o d u c t Pe r f o r m a n c e
        Certificate Number: 4711
        NORTHWIND BEAMS PTY LTD
        SPRINGFIELD, NEW SOUTH WALES, AUSTRALIA
        has satisfied the Authority that it complies with the rules of the Example Product
        Certification Scheme, and the relevant Quality and Operations Assessment Procedures.
        Where appropriate it has further satisfied the Authority that it manufactures products
        that conform with the standards listed below, and is entitled to use the mark on the
        products listed.
        Scope of Certification
        Glued laminated timber manufactured to AS/NZS 1328.1:1998
        Full details of the products for which certification has been achieved are on our site.
        By authority of the Board
        Valid until: 31 December 2027
        First certified: 31 Aug 2015
        www.jas-anz.org/register
    """
    result = extract_text_fields([text])
    assert result.status == "not_a_certificate", result.message
    assert all(getattr(result, name) is None for name in FIELDS)


def test_a_russian_product_certificate_of_conformity_gives_no_fields():
    # voluntary product certification: products, manufacturer, test report; no system standard
    text = """ДОБРОВОЛЬНАЯ СЕРТИФИКАЦИЯ ПРОДУКЦИИ
        СЕРТИФИКАТ СООТВЕТСТВИЯ
        № РОСС RU.АБ12.Н00345
        Срок действия с 01.03.2024 по 28.02.2027
        ОРГАН ПО СЕРТИФИКАЦИИ ООО «Пример Тест»
        ПРОДУКЦИЯ Клапаны запорные, серийный выпуск
        СООТВЕТСТВУЕТ ТРЕБОВАНИЯМ НОРМАТИВНЫХ ДОКУМЕНТОВ ТУ 28.14.11-001-12345678-2022
        ИЗГОТОВИТЕЛЬ Общество с ограниченной ответственностью «Пример Арматура»
        СЕРТИФИКАТ ВЫДАН Общество с ограниченной ответственностью «Пример Арматура»
        НА ОСНОВАНИИ Протокола испытаний № 12-03-24 от 20.02.2024 года
    """
    result = extract_text_fields([text])
    assert result.status == "not_a_certificate", result.message
    assert all(getattr(result, name) is None for name in FIELDS)
