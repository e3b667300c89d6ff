"""Values OCR puts on a row of their own, and the certified system read as the holder
(made-up text)."""

import pytest

from portal.certificates.organisation_names import names_a_system, prose_not_name, valid_name
from portal.certificates.parsing import extract_text_fields

# A date set a little lower than its label: OCR reads it as a line of its own, in the
# values' column; a speck beside the label and a note under it are not the value.
TABLE = """\
                        CERTIFICATE OF REGISTRATION
             This is to certify that the management system of
                        Harbour Alloys Pvt Ltd
                 12 Dock Road, Kolkata 700020, India
          has been assessed and found to conform to ISO 9001:2015
              Certificate No: HA/2023/0042
              Issue Date:                              08-03-2023
     NABCB    Valid Until:                                           4,
                                                       07-03-2026
              (Subject to satisfactory surveillance audit)
"""


def test_a_date_on_the_row_under_its_label_in_the_values_column():
    result = extract_text_fields([TABLE], ocr=True)
    assert result.expiry_date is not None
    assert result.expiry_date.value.isoformat() == "2026-03-07"
    assert result.issue_date.value.isoformat() == "2023-03-08"


def test_a_date_under_another_label_is_not_taken():
    text = TABLE.replace(
        "                                                       07-03-2026\n",
        "              Issued on:                              07-03-2026\n",
    )
    assert extract_text_fields([text], ocr=True).expiry_date is None


@pytest.mark.parametrize(
    "text",
    [
        "ENVIRONMENTALMANAGMENT SYSTEM",
        "the Information Security Management System",
        "СИСТЕМА ЭКОЛОГИЧЕСКОГО МЕНЕДЖМЕНТА",
    ],
)
def test_the_certified_system_is_not_the_holder(text):
    assert names_a_system(text)
    assert not valid_name(text)
    assert prose_not_name(text)


def test_a_consultancy_named_after_management_systems_keeps_its_name():
    assert not names_a_system("Northgate Management Systems Ltd")
    assert valid_name("Northgate Management Systems Ltd")


def _accreditation(text: str):
    from portal.certificates.bodies import find_accreditation
    from portal.certificates.layout import read_lines

    ab, _ = find_accreditation(read_lines([text]))
    return ab.value if ab else None


@pytest.mark.parametrize(
    ("printed", "body"), [("TORKAK", "TÜRKAK"), ("C0FRAC", "COFRAC"), ("SWEDAG", "SWEDAC")]
)
def test_an_acronym_ocr_misread_by_one_confusable_letter(printed, body):
    text = f"Certificate No: 01.26.1147\n                      {printed}   AB-0123-S\n"
    assert _accreditation(text) == body


@pytest.mark.parametrize("printed", ["TURKAY", "torkak", "DANIK", "KOFRAC"])
def test_other_words_are_not_read_as_an_acronym(printed):
    text = f"Certificate No: 01.26.1147\n                      {printed}   Ankara\n"
    assert _accreditation(text) is None


@pytest.mark.parametrize("scrap", ["« ‘et", "ey", "Wy"])
def test_a_scrap_of_a_few_letters_is_no_name(scrap):
    assert not valid_name(scrap)


@pytest.mark.parametrize("name", ["HP", "ABB", "Bosch", "“RezAlmazStroy” LLC"])
def test_short_names_in_capitals_are_names(name):
    assert valid_name(name)


def test_a_russian_certificate_dated_under_its_number():
    text = """\
                         СЕРТИФИКАТ СООТВЕТСТВИЯ
                 зарегистрирован в реестре системы сертификации
                              от 12.04.2023
                          KZ.Q.02.E0843.C23.00571
                        Действителен до 12.04.2026
              СООТВЕТСТВУЕТ ТРЕБОВАНИЯМ СТ РК ISO 9001-2016
"""
    result = extract_text_fields([text], ocr=True)
    assert result.issue_date.value.isoformat() == "2023-04-12"
    assert result.expiry_date.value.isoformat() == "2026-04-12"


def test_a_labelled_issue_date_wins_over_a_dated_line():
    text = """\
                         СЕРТИФИКАТ СООТВЕТСТВИЯ
                              от 12.04.2023
                          Дата выдачи: 15.04.2023
                        Действителен до 12.04.2026
              СООТВЕТСТВУЕТ ТРЕБОВАНИЯМ ГОСТ Р ИСО 9001-2015
"""
    assert extract_text_fields([text], ocr=True).issue_date.value.isoformat() == "2023-04-15"


def _body(text: str):
    from portal.certificates.bodies import find_misread_certification_body
    from portal.certificates.layout import read_lines

    found = find_misread_certification_body(read_lines([text]))
    return found.value if found else None


@pytest.mark.parametrize(("logo", "body"), [("IAMTIVO", "Amtivo"), ("INTERTEC", "Intertek"),
                                            ("COTECN", "Cotecna")])
def test_a_brand_in_a_logo_misread_by_one_letter(logo, body):
    assert _body(f"                 {logo}\n      CERTIFICATE OF REGISTRATION\n") == body


@pytest.mark.parametrize("word", ["REGISTRATION", "QUALITY", "Amtiva", "AMTIVO LTD", "AMT"])
def test_other_words_are_no_misread_brand(word):
    assert _body(f"                 {word}\n") is None


def test_a_turkish_registration_date_is_the_initial_date_and_an_empty_reprint_date_no_issue():
    text = """\
                              SERTIFIKA
                 ISO/IEC 27001:2022
                 ORNEK YAZILIM ANONIM SIRKETI
                 Sertifika No              BG-10001
                 Tescil Tarihi             07.07.2025
                 Yeniden Basim Tarihi
                 Gecerlilik Tarihi         06.07.2026
"""
    result = extract_text_fields([text], ocr=True)
    assert result.initial_certification_date.value.isoformat() == "2025-07-07"
    assert result.issue_date is None
    assert result.expiry_date.value.isoformat() == "2026-07-06"


def test_a_turkish_registration_date_alone_is_also_the_issue_date():
    text = """\
                              SERTIFIKA
                 ISO 9001:2015
                 ORNEK YAZILIM ANONIM SIRKETI
                 Sertifika No              BG-10002
                 Tescil Tarihi             07.07.2025
                 Gecerlilik Tarihi         06.07.2028
"""
    result = extract_text_fields([text], ocr=True)
    assert result.initial_certification_date.value.isoformat() == "2025-07-07"
    assert result.issue_date.value.isoformat() == "2025-07-07"


QUALITY_FR = """\
                  Bureau de Certification Exemple
   Le Bureau de Certification Exemple certifie que le systeme mis en place par l’organisme
   ci-dessous, a été évalué et jugé conforme aux exigences du Décret n° 2019-564 du 6 juin 2019
                  Certificat N° CW202411-4856 attribué a:
                                 ATELIER NORD
                  118 BD VICTOR HUGO 93400 SAINT-OUEN-SUR-SEINE
                  Certificat valable jusqu’au : 10/03/2027
                  Date certification initiale   : 11/03/2024
                  ISO 9001:2015
"""


def test_a_french_certificate_number_after_n_degree_and_the_holder_it_is_awarded_to():
    result = extract_text_fields([QUALITY_FR], ocr=True)
    assert result.certificate_number.value == "CW202411-4856"
    assert result.organization.value == "ATELIER NORD"
    assert result.initial_certification_date.value.isoformat() == "2024-03-11"


@pytest.mark.parametrize(
    "text",
    ["systeme mis en place par l’organisme", "the management system of the organisation"],
)
def test_a_reference_to_the_organisation_is_no_name(text):
    assert prose_not_name(text)


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        # letters read for the digits of a date
        ("Issue date: 12.O4.2023", "Issue date: 12.04.2023"),
        ("Valid until l2/03/2027", "Valid until 12/03/2027"),
        ("2O24-03-11", "2024-03-11"),
        ("Expiry: 12 March 2O27", "Expiry: 12 March 2027"),
        # the key words of certificates misspelt by one letter
        ("Certiflcate No: 12", "Certificate No: 12"),
        ("CERTIFICAIE OF REGISTRATION", "CERTIFICATE OF REGISTRATION"),
        ("Certifcate Number", "Certificate Number"),
        ("Reglstration No: 42", "Registration No: 42"),
        ("ACCREDlTED", "ACCREDITED"),
        ("Certiflcation Body: Example", "Certification Body: Example"),
        # label words misread by one letter, put right where that makes a label
        ("Per le segquenti attivita:", "Per le seguenti attivita:"),
        ("Dafe of expiry: 12.03.2027", "Date of expiry: 12.03.2027"),
        ("Scopc: Design of pumps", "Scope: Design of pumps"),
        ("Valid untll: 12 March 2027", "Valid until: 12 March 2027"),
        ("Zertifikat-Registrier-Nr. 2010 Giltig bis 2026-03-31",
         "Zertifikat-Registrier-Nr. 2010 Gultig bis 2026-03-31"),
        # "ß" read as "8", the "l" of an Italian legal form read as "1" or "I"
        ("Industriestra8e 12, 70565 Stuttgart", "Industriestraße 12, 70565 Stuttgart"),
        ("ECOFLASH S.r.1", "ECOFLASH S.r.l"),
        ("NORVANE S.R.I. - Milano", "NORVANE S.R.L. - Milano"),
        # a raised ordinal ending before the month read as a sign: "14TH SEPT. 2022"
        ("INITIAL REGISTRATION DATE 14™ SEPT. 2022", "INITIAL REGISTRATION DATE 14 SEPT. 2022"),
        ("Issue date: 3° March 2024", "Issue date: 3 March 2024"),
    ],
)
def test_ocr_damage_repaired(read, meant):
    from portal.certificates.ocr import fix_ocr_text

    assert fix_ocr_text(read) == meant


@pytest.mark.parametrize(
    "text",
    ["Ol.Ol.OlOl", "Hall 2O24", "v1.2.3", "Room lO-12", "certificates", "Certification",
     "certificated", "Certificat", "CERTIFICATO", "organisation", "organization",
     "registrations", "accredits",
     # one letter from a label word, but no label made, or not a letter OCR confuses, or
     # a different form at the word's end
     "Scopc Engineering Ltd", "subject to annual surveillance audits",
     "PARAMOUNT QUALITY CERTIFICATIONS", "Rua Rio Grande do Norte, 2434",
     "93400 SAINT-OUEN-SUR-SEINE", "La validita del presente certificato",
     "GOZETIM BELGELENDIRME EGITIM ANONIM SIRKETI", "Design of data centres",
     "S.r.l.", "S.R.L.", "Building 8, Strasse 8e", 'Hose 5" Tube 2020', "1° SURVEILLANCE DUE DATE"],
)
def test_right_text_is_left_alone(text):
    from portal.certificates.ocr import fix_ocr_text

    assert fix_ocr_text(text) == text


LARGE_TYPE_NAME = """\
   anenene:                          certificate of Registration
   ReQoa Qa                                                    This is to certify that
               QaQe
                                  KESTREL LABS PRIVATE LIMITED

                               NORTHGATE FOUNDATION,DESK B70, BLOCK C5, TECH CAMPUS, SURVEY#25
                                 WHITEFIELD, BENGALURU, KARNATAKA - 560066, INDIA.
                                                 has been independently assessed by QRO
                                                          ISO 13485:2016
"""


def test_a_name_in_large_type_left_of_the_sentence_is_the_holder():
    """OCR gives a name in large type fewer columns than it is wide: centred, it starts well
    left of the sentence above it. With a legal form at its end it is still the holder."""
    result = extract_text_fields([LARGE_TYPE_NAME], ocr=True)
    assert result.organization.value == "KESTREL LABS PRIVATE LIMITED"


SPLIT_LABEL = """\
                                   CERTIFICATE
                       hereby certify that the organization
                               LARKMOOR TOOLING SRL
                   has implemented and maintains a Quality Management System
                                  ISO 9001:2015
         Issued on: 2024-02-17                   Expiry date: 2027-04-30

                       Registration      Number:             IT   - 4417
"""


def test_a_label_ocr_split_by_a_wide_gap_is_read_whole():
    """"Registration" is a label alone (of the issue date); "Registration Number:" is the
    label, and the number OCR split at its hyphen is one code."""
    result = extract_text_fields([SPLIT_LABEL], ocr=True)
    assert result.certificate_number.value == "IT-4417"
    assert result.issue_date.value.isoformat() == "2024-02-17"


@pytest.mark.parametrize(
    ("line", "cells"),
    [
        ("Registration      Number:   IT", ["Registration Number:", "IT"]),
        ("Issue     Date: 2024-01-01", ["Issue Date: 2024-01-01"]),
        ("Quality   Management", ["Quality", "Management"]),  # no label made
        ("Scope   Design of pumps", ["Scope", "Design of pumps"]),  # a label and its value
    ],
)
def test_split_labels_are_joined(line, cells):
    from portal.certificates.layout import join_split_labels, split_cells

    assert [c.text for c in join_split_labels(split_cells(line))] == cells


STACKED_BILINGUAL_NUMBER = """\
                                   CERTIFICATO
                  CERTIFICATO N.                                       Member of the
                                          7720.LARK                    federation of bodies
                  CERTIFICATE N.                                       since 1998

                  SI CERTIFICA CHE IL SISTEMA QUALITA' DI
                  WE HEREBY CERTIFY THAT THE QUALITY SYSTEM OPERATED BY
                               LARKMOOR TOOLING SRL
                                  ISO 9001:2015
"""


def test_a_number_set_lower_right_between_a_label_and_its_translation_is_read():
    """Found by its label, not only as a code standing alone (confidence 0.45)."""
    result = extract_text_fields([STACKED_BILINGUAL_NUMBER], ocr=True)
    assert result.certificate_number.value == "7720.LARK"
    assert result.certificate_number.source_text.startswith("CERTIFICATO N.")
    assert result.certificate_number.confidence >= 0.6
