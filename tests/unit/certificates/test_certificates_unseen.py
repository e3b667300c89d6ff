"""Certificates in wordings and shapes the reader was not written on: never thrown away, and
their holder found by general rules (a letter-spaced title, a German "bescheinigt hiermit",
a name known only by its legal form, in any script)."""

from __future__ import annotations

import pytest

from portal.certificates.parsing import extract_text_fields
from portal.certificates.standards import find_standards

FIELDS = (
    "standard", "certificate_number", "organization", "scope", "initial_certification_date",
    "issue_date", "expiry_date", "certification_body", "accreditation_body",
)


def test_a_letter_spaced_title_as_ocr_gives_it_is_a_title():
    text = """C  E  R  T  I  F  I  C  A  T  E
        Northwind Data Systems Pty Ltd
        ISO 9001:2015
        Number 1234-QMS
        valid 2024-04-01 / 2027-03-31"""
    result = extract_text_fields([text])
    # the spaced title is a heading: with a standard and a validity under a label ('valid'
    # without its colon) the page reads as a certificate (without the title, for review only)
    assert result.status == "ok", result.message
    assert result.expiry_date.value.isoformat() == "2027-03-31"
    assert result.standard.value == "ISO 9001:2015"
    assert result.organization.value == "Northwind Data Systems Pty Ltd"
    assert result.organization.confidence < 0.5


def test_spaced_capitals_in_prose_do_not_make_a_certificate():
    result = extract_text_fields(["Grade A B C D in the table\nISO 9001:2015"])
    assert result.status == "not_a_certificate"
    assert result.standard is None


def test_german_bescheinigt_hiermit_dass_introduces_the_holder():
    text = """Urkunde
        Die Zertifizierungsstelle bescheinigt hiermit, dass das Unternehmen
        Nordwind Datensysteme GmbH
        Hauptstraße 5, 10115 Berlin
        ein Managementsystem gemäß DIN EN ISO 9001:2015 eingeführt hat und anwendet.
        Zertifikat-Registrier-Nr. 12 100 55431 TMS
        Gültig bis 31.03.2027"""
    result = extract_text_fields([text])
    assert result.status == "ok"
    assert result.organization.value == "Nordwind Datensysteme GmbH"
    assert result.address.value.startswith("Hauptstraße 5")


@pytest.mark.parametrize(
    ("text", "org"),
    [
        ("BELGE\nVENTO KUZEY A.Ş.\nTS EN ISO 9001:2015 Kalite Yönetim Sistemi şartlarına uygun "
         "olarak belgelendirilmiştir.\nBelge No: TR-7788  Geçerlilik Tarihi: 31.03.2027",
         "VENTO KUZEY A.Ş."),
        ("登録証\n株式会社ノースウィンド\nISO/IEC 27001:2022\n認証登録番号 IS 712345\n"
         "有効期限 2027年3月31日", "株式会社ノースウィンド"),
        ("인증서\n주식회사 북풍데이터\nISO 9001:2015 품질경영시스템\n인증번호: KR-QMS-1234\n"
         "유효기간: 2027.03.31", "주식회사 북풍데이터"),
    ],
    ids=["turkish", "japanese", "korean"],
)
def test_a_name_known_only_by_its_legal_form_is_the_holder(text, org):
    result = extract_text_fields([text])
    assert result.is_certificate
    assert result.organization.value == org
    assert result.organization.confidence <= 0.45


def test_the_issuer_with_a_legal_form_is_not_taken_for_the_holder():
    text = """Apex Certification Services Ltd
        CERTIFICATE
        Northwind Data Systems Ltd
        ISO 14001:2015
        Certificate No: E-5521     Valid until: 31 March 2027"""
    result = extract_text_fields([text])
    assert result.organization.value == "Northwind Data Systems Ltd"


def test_a_title_over_a_standard_and_dates_is_kept_for_review():
    text = """CERTIFICATE OF APPROVAL
        Northwind Data Systems Ltd
        Quality system approved by Apex Registrar to ISO 13485:2016
        1 April 2024 - 31 March 2027"""
    result = extract_text_fields([text])
    assert result.status == "needs_review"
    assert result.standard.value == "ISO 13485:2016"


@pytest.mark.parametrize(
    "text",
    [
        # a standard and a date in a brochure or a policy are no certificate
        "Our platform has been ISO/IEC 27001:2022 certified since 1 April 2024.\n"
        "Learn more about our services. Contact us for a demo.",
        "QUALITY POLICY\nNorthwind Data Systems Ltd is committed to ISO 9001:2015.\n"
        "Approved by the Managing Director, 1 April 2024.",
    ],
    ids=["brochure", "policy"],
)
def test_a_standard_and_a_date_alone_are_no_certificate(text):
    result = extract_text_fields([text])
    assert result.status == "not_a_certificate"
    assert all(getattr(result, name) is None for name in FIELDS)


@pytest.mark.parametrize(
    ("printed", "iso"),
    [("24.02 2026", "2026-02-24"), ("24.02, 2026", "2026-02-24"), ("24 02.2026", "2026-02-24")],
)
def test_a_dotted_date_that_ocr_broke_is_still_a_date(printed, iso):
    text = f"""CERTIFICATE
        This is to certify that Northwind Data Systems Ltd
        meets the requirements of ISO 45001:2018
        Certification Number    03.26.11105.03692
        Date of Initial Reg     {printed}
        Date of Expiry          23.02 2027"""
    result = extract_text_fields([text], ocr=True)
    assert result.initial_certification_date.value.isoformat() == iso
    assert result.expiry_date.value.isoformat() == "2027-02-23"


def test_version_and_clause_numbers_are_not_broken_dates():
    text = """CERTIFICATE
        This is to certify that Northwind Data Systems Ltd
        meets the requirements of ISO 45001:2018 (clause 4.2 2015 edition, form 3.1 2020)
        Certificate No: 55-1   Expiry date: 23.02.2027"""
    result = extract_text_fields([text])
    assert result.issue_date is None and result.initial_certification_date is None
    assert result.expiry_date.value.isoformat() == "2027-02-23"


RUSSIAN_STATE_SYSTEM = """ГОСУДАРСТВЕННАЯ СИСТЕМА ТЕХНИЧЕСКОГО РЕГУЛИРОВАНИЯ
        СЕРТИФИКАТ СООТВЕТСТВИЯ
        зарегистрирован в реестре данных
        государственной системы технического регулирования
        от 12.04.2023
        KZ.Q.02.E0843.C23.00571
        Действителен до 12.04.2026
        НАСТОЯЩИЙ СЕРТИФИКАТ ВЫДАН
        031240000544Товарищество с ограниченной ответственностью "СЕВЕР", Республика Казахстан
        И УДОСТОВЕРЯЕТ, ЧТО
        Система менеджмента качества
        СООТВЕТСТВУЕТ ТРЕБОВАНИЯМ
        СТ РК ISO 9001-2016"""


def test_a_code_alone_under_the_title_and_sub_title_is_the_number():
    result = extract_text_fields([RUSSIAN_STATE_SYSTEM])
    assert result.is_certificate
    assert result.certificate_number.value == "KZ.Q.02.E0843.C23.00571"
    assert result.certificate_number.confidence <= 0.5


def test_certificate_issued_to_introduces_the_holder_without_its_business_id():
    result = extract_text_fields([RUSSIAN_STATE_SYSTEM])
    assert result.organization.value == 'Товарищество с ограниченной ответственностью "СЕВЕР"'
    assert result.address.value == "Республика Казахстан"


def test_a_date_alone_under_the_title_is_not_a_number():
    text = RUSSIAN_STATE_SYSTEM.replace("KZ.Q.02.E0843.C23.00571\n", "2023-04-12-2026\n")
    result = extract_text_fields([text])
    assert result.certificate_number is None


def test_date_labels_as_ocr_misreads_them_are_labels():
    text = """CERTIFICATO 3218
        Si certifica che il Sistema di Gestione dell'organizzazione:
        SARTORELLO ESCAVI S.R.L.
        è risultato conforme alla norma: UNI EN ISO 9001:2015
        Data pnma emissione      Data Emissione corrente      Data di scadenza
        02/10/2023               10/01/2024                   01/10/2026"""
    result = extract_text_fields([text], ocr=True)
    assert result.initial_certification_date.value.isoformat() == "2023-10-02"
    assert result.issue_date.value.isoformat() == "2024-01-10"
    assert result.expiry_date.value.isoformat() == "2026-10-01"


@pytest.mark.parametrize(
    ("printed", "code"),
    [
        ("ISO 9001-2015", "ISO 9001:2015"),
        ("ISO-9001-2015", "ISO 9001:2015"),
        ("СТ РК ISO 9001-2016", "ISO 9001:2016"),
        ("ISO/IEC 20000-1-2018", "ISO/IEC 20000-1:2018"),
    ],
)
def test_an_edition_after_a_hyphen_is_the_edition(printed, code):
    assert [m.code for m in find_standards(printed)] == [code]
