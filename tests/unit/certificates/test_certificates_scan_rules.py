"""Rules written for scanned certificates (OCR text), each on made-up wording: who issued the
certificate when OCR leaves only prose, quoted names and bilingual labels."""

from __future__ import annotations

import pytest

from portal.certificates.parsing import extract_text_fields

HEAD = """CERTIFICATE
This is to certify that
Northwind Data Systems Pty Ltd
12 Harbour Street, Sydney NSW 2000
complies with ISO 9001:2015
Certificate No: NW-4411
Expiry Date: 31.03.2027
"""


@pytest.mark.parametrize(
    ("tail", "body"),
    [
        # "evaluated by" names the body as "assessed by" does
        ("The organisation has been evaluated by KVX and found in agreement with the standard.",
         "KVX"),
        # an inspection company is a business, not a person's name
        ("This document is issued by Boreal Inspection Nordic Pvt   under its terms.",
         "Boreal Inspection Nordic Pvt"),
        # a name in quotation marks ends at the closing mark
        ("This certificate remains the property of “QXC” to whom it must be returned.", "QXC"),
    ],
)
def test_the_issuer_named_in_prose(tail, body):
    result = extract_text_fields([HEAD + tail])
    assert result.certification_body is not None
    assert result.certification_body.value == body


def test_an_acronym_is_spelled_out_where_the_page_does():
    text = HEAD + (
        "Accredited body: Nordic Quality Registrar (NQR), accredited by UKAS.\n"
        "This certificate remains the property of NQR to whom it must be returned.")
    result = extract_text_fields([text])
    assert result.certification_body.value == "Nordic Quality Registrar"


@pytest.mark.parametrize(
    "label",
    [
        "Sertifika Geçerlilik Tarihi / Certificate Validity Date",
        "Sertifika Gegerlilik Tarihi / Certificate Validity Date",  # OCR reads "ç" as "g"
        "Certificate Validity Date",
    ],
)
def test_a_validity_label_after_the_word_certificate_is_a_label(label):
    text = f"""CERTIFICATE
This is to certify that
Northwind Data Systems Pty Ltd
complies with ISO 9001:2015
Certificate No       NW-4411
Certificate Issue Date      04.08.2026
{label}      04.08.2027
"""
    result = extract_text_fields([text])
    assert str(result.expiry_date.value) == "2027-08-04"


@pytest.mark.parametrize("speck", ["", "   Wy", "      kyr"])
@pytest.mark.parametrize("stray_line", [False, True])
def test_a_name_over_two_lines_above_the_address_despite_ocr_specks(speck, stray_line):
    stray = " " * 58 + "am Ls\n" if stray_line else ""
    text = f"""            CERTIFICATE
                 NORDVIK DATA VE YAZILIM{speck}
                      ANONIM SIRKETI{speck}
{stray}            ATATURK MAH. CUMHURIYET CAD. NO: 12
                      KADIKOY/ ISTANBUL

    ISO 9001:2015
    Sertifika Numarasi / Certificate Number      NV-3321
    Sertifika Gecerlilik Tarihi / Certificate Validity Date   04.08.2027
"""
    result = extract_text_fields([text])
    assert result.organization.value == "NORDVIK DATA VE YAZILIM ANONIM SIRKETI"


def test_bilingual_label_stacks_and_a_name_below_a_sentence_that_ends_in_the_firm():
    text = """                 Nordkap Certificación, S.A.
           -Certifies that the Quality Management System adopted by   the firm-
           Certifica que el Sistema de Gestión de la Calidad adoptado por la empresa
                         VENTOS NORTE SAS
                  Calle 12 No. 34-56, Bogota, Colombia
                 - Meets the requirements of the Standard -
                         ISO 9001:2015
              - Certificate Number -
              Certificado Numero:            77123
              - Certification-
              Certificación:                 31/10/2020
              - Expiration-
              Expiración:                    31/10/2023
    EMPRESA          0195ECO2002JA
    CERTIFICADA
"""
    result = extract_text_fields([text])
    assert result.organization.value == "VENTOS NORTE SAS"
    assert str(result.issue_date.value) == "2020-10-31"
    assert str(result.expiry_date.value) == "2023-10-31"


def test_ocr_reads_the_accent_of_cion_as_a_six():
    from portal.certificates.ocr import fix_ocr_text

    assert fix_ocr_text("Certificaci6n:  31/10/2020") == "Certificación:  31/10/2020"
    assert fix_ocr_text("Lot AB6N 2020") == "Lot AB6N 2020"


@pytest.mark.parametrize(
    ("sentence", "scope"),
    [
        ('For scope “DESIGN AND SUPPLY OF MARINE PUMPS.”', "DESIGN AND SUPPLY OF MARINE PUMPS"),
        ("- The Quality Management System applies to the following scopes -\n"
         "El Sistema de Gestión de la Calidad se aplica a los ambitos siguientes:\n"
         "- Design and supply of marine pumps -", "Design and supply of marine pumps"),
    ],
)
def test_scope_sentences_of_scanned_certificates(sentence, scope):
    result = extract_text_fields([HEAD + sentence + "\n"])
    assert result.scope is not None
    assert scope in result.scope.value
    assert "aplica" not in result.scope.value


@pytest.mark.parametrize("stray", ["", "                 LAS\n"])
def test_an_accreditation_mark_number_led_by_the_body_acronym(stray):
    text = HEAD + stray + "                 ACCREDITED\n                 ILAS-MS-0089\n"
    result = extract_text_fields([text])
    assert result.accreditation_body.value == "ILAS"


def test_ocr_reads_the_number_sign_as_ne():
    from portal.certificates.ocr import fix_ocr_text

    assert fix_ocr_text("REG. Ne KK.RU.0001.SEM0507") == "REG. No KK.RU.0001.SEM0507"
    assert fix_ocr_text("Ne 0507") == "No 0507"
    assert fix_ocr_text("Ne plus ultra") == "Ne plus ultra"


def test_a_misread_certification_body_label_is_not_part_of_the_name():
    text = """           Certitication Body «Nordic Conformity Company» LLC
           2a, Harbour Street, Oslo, 0150, Norway
CERTIFICATE OF COMPLIANCE
REG. No NC.NO.0001.QMS0507
THIS CERTIFICATE TO CERTIFY THAT
“Fjordline Systems” LLC
complies with ISO 9001:2015
"""
    result = extract_text_fields([text])
    assert result.certification_body.value == "«Nordic Conformity Company» LLC"


def test_the_holder_after_the_quality_system_operated_by_in_two_languages():
    text = """CERTIFICATO N.      4471.NORD
              SI CERTIFICA CHE IL SISTEMA QUALITA' DI
              WE HEREBY CERTIFY THAT THE QUALITY SYSTEM OPERATED BY
                       NORDLAVORI SRL
              VIA DEL LAVORO 54 - 20874 BUSNAGO (MB)
              E' CONFORME ALLA NORMA / IS IN COMPLIANCE WITH THE STANDARD
                       ISO 9001:2015
"""
    result = extract_text_fields([text])
    assert result.organization.value == "NORDLAVORI SRL"


def test_two_certificates_of_one_holder_from_two_issuers_stay_two():
    from portal.certificates.splitting import extract_document

    page = """CERTIFICATE
This is to certify that
Nordlavori Srl
Via del Lavoro 54, 20874 Busnago (MB)
complies with ISO 9001:2015
This certificate remains the property of {body} to whom it must be returned.
"""
    result = extract_document([page.format(body="Alpha Certification Ltd"),
                               page.format(body="Beta Registrar Srl")])
    assert len(result.certificates()) == 2


def test_the_issuer_printed_over_hereby_certify_that():
    text = """                 THE INTERNATIONAL NETWORK
               CERTIFICATE
                          NordNet and its partner
                            ALFA/CERT-NO
                   hereby certify that the organization
                          NORDLAVORI SRL
              VIA DEL LAVORO 54 - 20874 BUSNAGO (MB)
                 has implemented a Quality Management System
                          ISO 9001:2015
"""
    result = extract_text_fields([text])
    assert result.certification_body.value == "NordNet and its partner ALFA/CERT-NO"
    assert result.organization.value == "NORDLAVORI SRL"


def test_ocr_spaces_inside_a_year_first_date_are_closed():
    from portal.certificates.ocr import fix_ocr_text

    assert fix_ocr_text("Issued on: 2012   - 02-17") == "Issued on: 2012-02-17"
    assert fix_ocr_text("Expiry date: 2015   - 04   - 30") == "Expiry date: 2015-04-30"
    assert fix_ocr_text("ISO 9001:2015 - 12 - 2") == "ISO 9001:2015 - 12 - 2"
