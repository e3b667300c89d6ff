"""Reading rules for layouts of large certification bodies, on small made-up snippets."""

import shutil
from dataclasses import replace

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from portal.certificates.parsing import extract_text_fields
from portal.certificates.pdftext import extract_pdf
from tests.unit.certificates.builders import Cert, draw_page, picture


def read(text: str):
    result = extract_text_fields([text])
    assert result.status == "ok", result.message
    return result


def value(field):
    return field.value if field else None


def test_a_body_whose_name_holds_and_certifies_in_its_own_words():
    result = read(
        """
        CERTIFICATE
        Harbourline Compliance and Security, Inc. certifies that

        Pemberton Freight Systems Ltd
        4 Quay Street, Bristol BS1 4DJ, United Kingdom
        operates a management system meeting the requirements of ISO 9001:2015
        Certificate No.: HT-55102
        Valid until: 12 March 2027
        """
    )
    assert value(result.certification_body) == "Harbourline Compliance and Security, Inc."
    assert value(result.organization) == "Pemberton Freight Systems Ltd"


def test_a_labelled_body_ends_before_its_address_on_the_same_line():
    result = read(
        """
        CERTIFICATE
        This is to certify that
        Larchmont Analytics Pty Ltd
        9 Elm Road, Perth WA 6000, Australia
        complies with ISO/IEC 27001:2022
        Certificate No.: LA-2231
        Expiry date: 3 May 2028
        Certification body: Kestrel Group, LLC, 12 Mill Lane, Leeds LS2 7EW, United Kingdom
        """
    )
    assert value(result.certification_body) == "Kestrel Group, LLC"


def test_a_value_under_a_label_of_the_right_column_is_not_the_holder():
    result = read(
        """
        CERTIFICATE

        Brackwater Assessments Inc. certifies that      Registration No.
                                                        BW-80211
        Tidewell Logistics Corp.
                                                        Expiry
        40 Ferry Road, Halifax NS B3H 1A1, Canada       June 2, 2028

        operates a management system meeting ISO 9001:2015
        """
    )
    assert value(result.organization) == "Tidewell Logistics Corp."
    assert value(result.certificate_number) == "BW-80211"


def test_a_russian_certificate_of_conformity():
    result = read(
        """
        СЕРТИФИКАТ СООТВЕТСТВИЯ
        Рег. № РОСС RU.АБ12.Н04411
        Срок действия с 15.03.2023 по 14.03.2026
        ОРГАН ПО СЕРТИФИКАЦИИ:
        ООО «Эталон Аудит»
        НАСТОЯЩИЙ СЕРТИФИКАТ УДОСТОВЕРЯЕТ, ЧТО СИСТЕМА МЕНЕДЖМЕНТА
        АО «Волжские Системы»
        СООТВЕТСТВУЕТ ТРЕБОВАНИЯМ
        ГОСТ Р ИСО 9001-2015 (ISO 9001:2015)
        """
    )
    assert value(result.certificate_number) == "РОСС RU.АБ12.Н04411"
    assert str(value(result.issue_date)) == "2023-03-15"
    assert str(value(result.expiry_date)) == "2026-03-14"
    assert value(result.certification_body) == "ООО «Эталон Аудит»"


def test_a_bilingual_code_label_and_activities_scope():
    result = read(
        """
        CERTIFICADO / CERTIFICATE
        Auditora Meseta certifica que la organización / certifies that the organization
        Quillon Redes S.A.
        Paseo de la Castellana 40, 28046 Madrid, España
        cumple la norma / meets the standard ISO 9001:2015
        para las actividades: / for the activities:
        Installation and maintenance of telecommunication networks.
        Código / Code:            QM-7812/2021
        Fecha de expiración / Expiration date:   02/05/2027
        EA Code: 28
        """
    )
    assert value(result.certificate_number) == "QM-7812/2021"
    assert value(result.scope) == "Installation and maintenance of telecommunication networks."


def test_a_sector_code_is_not_the_certificate_number():
    result = read(
        """
        CERTIFICATE
        This is to certify that
        Orrin Mechanical Ltd
        2 Dock Road, Hull HU1 2AB, United Kingdom
        complies with ISO 9001:2015
        NACE code: 62
        Expiry date: 1 July 2027
        """
    )
    assert value(result.certificate_number) is None


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract is not installed")
def test_a_standard_printed_as_a_small_picture_of_one_line_is_read(tmp_path):
    cert = replace(Cert(), org="Fenwick Grain Traders Ltd", standard="",
                   rows=(("Certificate No.:", "FG 40211"), ("Expiry date:", "9 October 2027")))
    path = tmp_path / "small-picture.pdf"
    c = Canvas(str(path), pagesize=A4, invariant=1)
    draw_page(c, cert)
    image = picture(("ISO 9001:2015",), width=520, size=44)
    width = 130  # a line of text a little over 12 points high: far below 1 % of the page
    c.drawImage(ImageReader(image), (A4[0] - width) / 2, 430,
                width, width * image.height / image.width)
    c.showPage()
    c.save()
    result = extract_pdf(path)
    assert value(result.organization) == "Fenwick Grain Traders Ltd"
    assert value(result.standard) == "ISO 9001:2015"
    assert result.used_ocr


def test_an_approval_number_and_a_scope_the_approval_applies_to():
    result = read(
        """
        CERTIFICATE OF APPROVAL
        Be it known that the management system of
        TEMPLEGATE ROBOTICS LIMITED
        3 Weir Lane, Sheffield S1 2JQ, United Kingdom
        has been assessed by Oakridge Registrars Ltd and found to conform to ISO 14001:2015
        This approval applies to the following activities:
        Assembly of industrial robot arms.
        Approval Number: OR 61204
        Expiry date: 20 January 2028
        """
    )
    assert value(result.certificate_number) == "OR 61204"
    assert value(result.scope) == "Assembly of industrial robot arms."


def test_the_body_named_on_the_line_above_its_verb():
    result = read(
        """
        ZERTIFIKAT
        Die Zertifizierungsstelle der
        Eulenhof Prüfdienste GmbH
        bescheinigt hiermit, dass das Unternehmen

                  Ginster Softwarehaus AG
                  Lindenallee 4, 50667 Köln, Deutschland

        ein Managementsystem eingeführt hat und anwendet gemäß ISO 9001:2015
        Zertifikat-Registrier-Nr. 12 310 4477
        Gültig bis 30.09.2027
        """
    )
    assert value(result.certification_body) == "Eulenhof Prüfdienste GmbH"
    assert value(result.organization) == "Ginster Softwarehaus AG"


def test_a_letterhead_body_without_a_legal_form():
    result = read(
        """
        Pellworth Assurance Services
        19 Kings Road, Brighton BN1 2GS, United Kingdom

        CERTIFICATE OF REGISTRATION
        We confirm that the management system of
        Dunmore Textiles Ltd
        5 Mill Street, Leicester LE1 1AA
        meets the requirements of ISO 9001:2015.
        Registration number: PAS-3021
        Valid until: 8 August 2027
        """
    )
    assert value(result.certification_body) == "Pellworth Assurance Services"
    assert value(result.organization) == "Dunmore Textiles Ltd"


def test_small_print_under_a_certification_body_mark_is_not_the_body():
    result = read(
        """
        CERTIFICATE
        Tallis Marine Ltd
        8 Harbour Road, Poole BH15 1AA, United Kingdom
        has been assessed and certified by Orwell & Partners, LLC as meeting ISO 9001:2015
        Certificate Number: 55120-2
        Expiration Date: 4 April 2027
                                                   CERTIFICATION BODY
        1. This certificate is only valid for the scope, sites and standard listed. 2. Its
        """
    )
    assert value(result.certification_body) == "Orwell & Partners, LLC"


def test_an_initial_certification_printed_as_a_year_takes_no_date_from_below():
    result = read(
        """
        ZERTIFIKAT
        Die Zertifizierungsstelle bescheinigt hiermit, dass das Unternehmen
        Amselweg Logistik GmbH
        Kaistraße 3, 24103 Kiel, Deutschland
        ein Managementsystem gemäß ISO 14001:2015 anwendet.
        Zertifikat-Registrier-Nr. 44 104 0192
        Gültig bis 31.03.2028
        Erstzertifizierung 2016
        Kiel, 01.04.2025
        """
    )
    assert result.initial_certification_date is None
    assert str(value(result.issue_date)) == "2025-04-01"


def test_the_english_column_of_a_scope_printed_in_two_languages_side_by_side():
    result = read(
        """
  ZERTIFIKAT                                        CERTIFICATE
  Hiermit wird bescheinigt, dass                    This is to certify that
                          Drossel Medizintechnik GmbH
                     Auenweg 9, 04109 Leipzig, Deutschland
  für den Geltungsbereich                           for the scope
  Herstellung von Infusionspumpen                   Manufacture of infusion pumps

  ein Managementsystem nach ISO 13485:2016 anwendet  applies a management system to ISO 13485:2016
  Zertifikat-Registrier-Nr. 60 115 2231
  Gültig bis 14.02.2028
        """
    )
    assert value(result.scope) == "Manufacture of infusion pumps"


def test_a_brand_equal_to_the_bodys_web_domain_wins_over_a_clipped_legal_footer():
    text = """
        CERTIFICATE
        This is to certify that
        Orbisfield Makina Sanayi A.S.
        meets the requirements of ISO 9001:2015
        Certificate No.: 01.26.5512
        Date of Expiry: 23.02.2028
                                     Kestrum   Global            Approval
        DENETIM BELGELENDIRME EGITIM ANONIM SIRKETI
        Turgut Ozal Mahallesi 12 Cad. No: 4 / ANKARA
        www.kestrumglobal.com    info@kestrumglobal.com
        """
    assert value(read(text).certification_body) == "Kestrum Global"
    # the holder's own web address does not make the holder the body
    holder = text.replace("kestrumglobal", "orbisfield").replace("Kestrum   Global", "Orbisfield")
    assert value(read(holder).certification_body) == "DENETIM BELGELENDIRME EGITIM ANONIM SIRKETI"


@pytest.mark.parametrize("brand", ["Amtivo", "Cotecna", "Alcumus ISOQAR"])
def test_a_well_known_body_printed_only_by_its_brand_is_recognised(brand):
    result = read(
        f"""
        CERTIFICATE
        This is to certify that
        Pemberton Freight Systems Ltd
        operates a management system meeting ISO 9001:2015
        Certificate No.: HT-55102
        Valid until: 12 March 2027

                        {brand}
        """
    )
    assert value(result.certification_body) == brand
