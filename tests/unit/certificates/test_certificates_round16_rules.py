"""Layouts of the sixteenth round's development files, as small made-up texts: each failed on the
reader before these rules (a site table's activities column read as a site, a legal form read
apart from its name, year-first dates printed with spaces, an authority's licence read as a
certificate)."""

import pytest

from portal.certificates.dates import find_dates
from portal.certificates.parsing import extract_text_fields

SITE_TABLE = """\
Certificate of Registration
QUALITY MANAGEMENT SYSTEM - ISO 9001:2015

This is to certify that:                                  Northwind Tooling Ltd
                                                          14 Harbour Street
                                                          Bristol
                                                          BS1 4QA
                                                          United Kingdom

Holds Certificate Number:                                  FS 612345
and operates a Quality Management System which complies with the requirements of ISO
9001:2015 for the following scope:

                The design and supply of machine tooling to customers in the automotive,
                rail and aerospace industries throughout the UK and European Union.

For and on behalf of BSI:
Original Registration Date: 2021-03-01                       Effective Date: 2024-03-01
Latest Revision Date: 2024-02-20                             Expiry Date: 2027-02-28
\f\
Certificate No:                FS 612345

Location                                                  Registered Activities

Northwind Tooling Ltd                                     The design and supply of machine
14 Harbour Street                                         tooling to customers in the automotive,
Bristol                                                   rail and aerospace industries
BS1 4QA                                                   throughout the UK and European Union.
United Kingdom
"""


def test_a_site_tables_activities_column_is_no_site():
    result = extract_text_fields(SITE_TABLE.split("\f"))
    assert result.organization.value == "Northwind Tooling Ltd"
    # the activities beside the location name countries but are no address
    assert [site.value for site in result.sites] == [result.address.value]
    assert "Harbour Street" in result.address.value


SITE_TABLE_TWO = SITE_TABLE.replace(
    "United Kingdom\n", "United Kingdom\n\nNorthwind Tooling Ltd\n2 Mill Lane\nLeeds\nLS1 2AB\n"
    "United Kingdom\n"
)


def test_a_site_table_with_two_locations_keeps_both_and_no_activity():
    result = extract_text_fields(SITE_TABLE_TWO.split("\f"))
    sites = [site.value for site in result.sites]
    assert len(sites) == 2, sites
    assert not any("European Union" in site for site in sites)
    assert any("Mill Lane" in site for site in sites)


NAME_APART = """\
                                   ISO 9001
        ACME CERT Certifica que el Sistema de Gestion de la organizacion:
        ACME CERT certifies that the Organization's Management System of:

                                    TMQ        S.A.S.
    Calle 45 No. 12-30, Bogota D.C., Colombia
        ha sido auditado y aprobado con respecto a los requisitos especificados en:
                                  ISO 9001:2015
                       Certificado:   SC-CER100200
    Fecha de Renovacion:   2021 02 09
    Fecha de Vencimiento:   2024 0209
"""


def test_a_legal_form_read_apart_takes_the_name_before_it_and_spaced_dates_read():
    result = extract_text_fields([NAME_APART], ocr=True)
    assert result.organization.value == "TMQ S.A.S."
    assert "TMQ S.A.S." in result.organization.source_text
    assert result.issue_date.value.isoformat() == "2021-02-09"
    assert result.expiry_date.value.isoformat() == "2024-02-09"


def test_year_first_dates_with_spaces_need_two_digit_month_and_day():
    assert [m.dmy.isoformat() for m in find_dates("Fecha: 2012 02 10")] == ["2012-02-10"]
    assert [m.dmy.isoformat() for m in find_dates("Vence 2024 0209")] == ["2024-02-09"]
    assert find_dates("ISO 9001 2015 9 1") == []
    assert find_dates("Tel. +57 2012 02 10") == []  # a phone number's groups
    assert find_dates("clause 2015 13 40") == []  # no month 13


LICENCE = """\
                       (CIVIL AVIATION AUTHORITY OF RURITANIA)
                  MAINTENANCE ORGANIZATION CERTIFICATE No. 2210-11/CAA
                  CERTIFICATION BASIS Part 145

This Certificate is issued to Skyline Engines S.A., whose business address is Hangar 4,
International Airport, Ruritania, upon finding that this organization complies with the
requirements of the Civil Aviation Regulations relating to an Aeronautical Maintenance
Organization, and is authorized to perform: maintenance of turbine engines.

Expiration date: This Certificate shall continue in effect until October 31st, 2027.
Issuance Date: March 18th, 2025.
"""


def test_an_authoritys_licence_to_perform_regulated_work_is_not_a_certificate():
    result = extract_text_fields([LICENCE])
    assert result.status == "not_a_certificate"
    assert result.document_kind == "licence"
    assert result.organization is None and result.certificate_number is None


IQNET_PAGE = """\
                                              CERTIFICATE
             Certification Association "Northern Register" has issued an IQNet recognized
                                    certificate that the organization:
                            Lakeside Gas Distribution Enterprise
                                   11 Botanical Street, 220037, Minsk, Belarus
                                      has implemented and maintains a
                                        Quality Management System
                                          for the following scope:
                          operation of a gas distribution system
                                                 ISO 9001:2015
                                          Issued on: 10th November, 2020
                                          Expires on: 10th November, 2023
                                   Registration Number: RU-20.1825.026

                                                                  IQNet Partners*:
                         AENOR Spain AFNOR Certification France APCER Portugal CISQ Italy
  CQS Czech Republic Cro Cert Croatia DQS Holding GmbH Germany FCAV Brazil ICONTEC Colombia
"""


def test_an_iqnet_attestation_names_its_partner_not_the_partner_list():
    result = extract_text_fields([IQNET_PAGE])
    assert result.certification_body.value == 'Certification Association "Northern Register"'


def test_a_list_of_partners_names_no_issuer_but_a_known_body_in_a_footer_does():
    from portal.certificates.bodies import find_known_certification_body
    from portal.certificates.layout import read_lines

    listed = read_lines(["IQNet Partners*:\nAENOR Spain AFNOR Certification France APCER Portugal"])
    assert find_known_certification_body(listed) is None
    several = read_lines(["Members: AENOR Spain, APCER Portugal, CQS Czechia, SQS Switzerland"])
    assert find_known_certification_body(several) is None
    footer = read_lines(["Certificate issued by ICONTEC, Bogota, Colombia"])
    assert find_known_certification_body(footer).value.startswith("ICONTEC")


REGIONAL = {
    "cs": ("CERTIFIKÁT", "Certifikační orgán ACME CERT s.r.o. tímto potvrzuje, že",
           "Číslo certifikátu: CZ-Q-1234/2024", "Předmět certifikace: výroba strojních zařízení",
           "Datum vydání: 15. března 2024", "Platnost do: 14. 3. 2027"),
    "hr": ("CERTIFIKAT", "ACME CERT d.o.o. ovime potvrđuje da",
           "Broj certifikata: HR-1234", "Područje primjene: proizvodnja namještaja",
           "Datum izdavanja: 15.03.2024.", "Vrijedi do: 14.03.2027."),
    "id": ("SERTIFIKAT", "PT ACME Sertifikasi dengan ini menyatakan bahwa",
           "Nomor Sertifikat: ID-1234", "Ruang Lingkup: produksi mebel kayu",
           "Tanggal Terbit: 15 Maret 2024", "Berlaku hingga: 14 Maret 2027"),
    "fi": ("SERTIFIKAATTI", "ACME Sertifiointi Oy todistaa, että",
           "Sertifikaatin numero: FI-1234", "Sertifioinnin laajuus: huonekalujen valmistus",
           "Myöntämispäivä: 15.3.2024", "Voimassa asti: 14.3.2027"),
    "bg": ("СЕРТИФИКАТ", "АКМЕ СЕРТ ЕООД удостоверява, че",
           "Номер на сертификата: BG-1234", "Обхват: производство на мебели",
           "Дата на издаване: 15 март 2024", "Валиден до: 14.03.2027"),
}


@pytest.mark.parametrize("language", sorted(REGIONAL))
def test_certificates_in_more_languages_read_their_labels(language):
    title, statement, number, scope, issued, expires = REGIONAL[language]
    text = "\n".join((
        f"                 {title}", statement, "               Northwind Tooling Ltd",
        "               14 Harbour Street, Bristol BS1 4QA, United Kingdom",
        "                ISO 9001:2015", scope, number, issued, expires,
    ))
    result = extract_text_fields([text])
    assert result.status == "ok"
    assert result.organization.value == "Northwind Tooling Ltd"
    assert result.certificate_number.value == number.split(": ")[1]
    assert result.scope.value == scope.split(": ")[1]
    assert result.issue_date.value.isoformat() == "2024-03-15"
    assert result.expiry_date.value.isoformat() == "2027-03-14"


def test_a_product_certificate_titled_as_one_is_not_a_management_system_certificate():
    text = """            SERTIFIKAT PRODUK PENGGUNAAN TANDA SNI
                      Nomor: 120/W/Pro/B/VI/2020
                          diberikan kepada:
                        PT Baja Contoh Indonesia
       Jl. Perjuangan No. 26, Bekasi Utara, Jawa Barat
Berdasarkan sistem sertifikasi 5, dinyatakan bahwa perusahaan telah menerapkan Sistem
Manajemen Mutu SNI ISO 9001:2015 dan mutu produknya telah memenuhi persyaratan
Tempat dan tanggal terbit: Jakarta, 27 Oktober 2021
Sertifikat ini berlaku sampai dengan tanggal 16 April 2025
"""
    result = extract_text_fields([text])
    assert result.status == "not_a_certificate"
    assert result.document_kind == "product_certificate"


def test_the_sentence_again_in_another_language_with_its_words_apart_is_no_name():
    text = """                         SERTIFIKAT / CERTIFICATE
                           Menyatakan bahwa
                           Certifies   that
                             PT Contoh Baja Indo
                  Jl. Raya Industri No. 5, Cikarang, Indonesia
           telah menerapkan Sistem Manajemen Energi / has implemented an Energy Management System
                              ISO 50001:2018
        Nomor Sertifikat / Certificate No: ID-EN-1234
        Tanggal Terbit / Issue Date: 15 Maret 2024
        Berlaku hingga / Valid until: 14 Maret 2027
"""
    result = extract_text_fields([text], ocr=True)
    assert result.organization.value == "PT Contoh Baja Indo"


@pytest.mark.parametrize(
    ("label", "field"),
    [
        ("Date de début de validité", "issue_date"),
        ("Belgelendirme Tarihi", "issue_date"),
        ("Date de fin de validité", "expiry_date"),
        ("Data de expiração", "expiry_date"),
        ("Bitiş Tarihi", "expiry_date"),
        ("Ersterteilung", "initial_certification_date"),
        ("Eerste certificering", "initial_certification_date"),
        ("Initial date of registration", "initial_certification_date"),
        ("Reikwijdte", "scope"),
        ("Registro No.", "certificate_number"),
        ("Certificate #", "certificate_number"),
    ],
)
def test_more_label_forms_of_the_main_languages(label, field):
    from portal.certificates.fields import label_candidates
    from portal.certificates.layout import read_lines

    found = label_candidates(read_lines([f"{label}: 15.03.2024"]))
    assert field in {c.field for c in found}


def test_a_date_label_word_inside_prose_is_no_label():
    from portal.certificates.fields import label_candidates
    from portal.certificates.layout import read_lines

    prose = "renovar com antecedência da data de expiração Revisão 3. Certificado desde 14.10.2003"
    assert "expiry_date" not in {c.field for c in label_candidates(read_lines([prose]))}
