import pytest

from portal.certificates.standards import find_standards, normalise, pick_primary, same_standard


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("ISO/IEC 42001:2023", ["ISO/IEC 42001:2023"]),
        ("ISO/IEC 42001", ["ISO/IEC 42001"]),
        ("ISO 27001:2013", ["ISO/IEC 27001:2013"]),
        ("ISO/IEC 27001 : 2022", ["ISO/IEC 27001:2022"]),
        ("DIN EN ISO/IEC 27001:2017", ["ISO/IEC 27001:2013"]),
        ("ISO 9001 2015", ["ISO 9001:2015"]),
        ("IS0/IEC 27701:2019", ["ISO/IEC 27701:2019"]),
        ("ISO/IEC 27001:2022/Amd 1:2024", ["ISO/IEC 27001:2022"]),
        (
            "ISO/IEC 27001:2022, 27017:2015 and 27018:2019",
            ["ISO/IEC 27001:2022", "ISO/IEC 27017:2015", "ISO/IEC 27018:2019"],
        ),
        ("accredited to ISO/IEC 17021-1:2015 and ISO/IEC 27006", []),
    ],
)
def test_find_standards(text, codes):
    assert [m.code for m in find_standards(text)] == codes


def test_primary_prefers_27001_over_its_codes_of_practice_not_over_27701():
    assert pick_primary(["27017", "27001"]) == "27001"
    assert pick_primary(["27701", "27001"]) == "27701"  # a privacy certificate extending 27001
    assert pick_primary(["42001", "27001"]) == "42001"
    assert pick_primary([]) is None


def test_normalise_and_compare():
    assert normalise("9001", "2015") == "ISO 9001:2015"
    assert normalise("42001") == "ISO/IEC 42001"
    assert same_standard("ISO/IEC 42001:2023", "ISO/IEC 42001")
    assert not same_standard("ISO/IEC 27001:2013", "ISO/IEC 27001:2022")


def test_iso_technical_specifications_that_are_certified():
    from portal.certificates.standards import find_standards

    assert [m.code for m in find_standards("based on ISO/TS 22163:2017")] == [
        "ISO/TS 22163:2017"
    ]
    assert [m.code for m in find_standards("ISO/TS 16949:2009")] == ["ISO/TS 16949:2009"]


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("BS OHSAS 18001:2007 and ISO 9001:2015", ["OHSAS 18001:2007", "ISO 9001:2015"]),
        ("Social Accountability SA8000", ["SA 8000"]),
        ("SA 8000:2014", ["SA 8000:2014"]),
        ("IATF 16949:2016", ["IATF 16949:2016"]),
        ("AS9100D / EN 9100:2018", ["AS 9100D", "EN 9100:2018"]),
        ("FSSC 22000", ["FSSC 22000"]),
        ("EN ISO 9001:2015", ["ISO 9001:2015"]),  # an ISO mention, not the EN scheme
        # legal forms before a postcode are not schemes
        ("Alpina SA 8000 Zürich", []),
        ("Nordic AS 9100 Aalborg", []),
        ("SA 80001", []),
    ],
)
def test_schemes_that_are_not_iso_standards(text, codes):
    mentions = find_standards(text)
    assert [m.code for m in mentions] == codes
    assert all(m.certifiable for m in mentions)


@pytest.mark.parametrize(
    ("printed", "code"),
    [
        ("СООТВЕТСТВУЕТ ТРЕБОВАНИЯМ ГОСТ Р ИСО 9001-2015", "ISO 9001:2015"),
        ("требованиям ГОСТР ИСО 14001-2016", "ISO 14001:2015"),  # OCR joins "ГОСТ Р"
        ("ГОСТ Р ИСО/МЭК 27001-2021", "ISO/IEC 27001:2013"),
        ("ГОСТ ISO 9001-2011", "ISO 9001:2008"),  # the interstate adoption of the 2008 edition
        ("ГОСТ Р ИСО 45001-2020", "ISO 45001:2018"),
        ("(15О 9001:2015)", "ISO 9001:2015"),  # a Cyrillic "О" read into the Latin letters
        ("ГОСТ Р ИСО 22000-2099", "ISO 22000"),  # an adoption's year is no ISO edition
    ],
)
def test_russian_national_adoptions_give_the_iso_standard(printed, code):
    assert [m.code for m in find_standards(printed)] == [code]


def test_a_cyrillic_word_ending_in_iso_letters_is_no_standard():
    assert find_standards("ПРИСО 9001") == []


def test_a_russian_certificate_of_a_gost_adoption_is_read_as_a_certificate():
    from portal.certificates.parsing import extract_text_fields

    text = """\
                    СЕРТИФИКАТ СООТВЕТСТВИЯ
                      RU.0001.B0000123
                           выдан
        Обществу с ограниченной ответственностью «Северный Ветер»
        Дата выдачи: 15.11.2024      Срок действия до: 14.11.2027
              Настоящий сертификат удостоверяет:
              Система менеджмента качества
              СООТВЕТСТВУЕТ ТРЕБОВАНИЯМ ГОСТ Р ИСО 9001-2015
"""
    result = extract_text_fields([text], ocr=True)
    assert result.is_certificate
    assert result.standard is not None and result.standard.value == "ISO 9001:2015"


@pytest.mark.parametrize(
    ("printed", "code"),
    [
        ("SO 9001:20 15", "ISO 9001:2015"),  # OCR lost the "I" and split the year
        ("|SO 14001:2015", "ISO 14001:2015"),  # the "I" read as a bar
        ("requirements of SO 45001 : 2018", "ISO 45001:2018"),
    ],
)
def test_ocr_damaged_designations(printed, code):
    assert [m.code for m in find_standards(printed)] == [code]


@pytest.mark.parametrize("text", ["ALSO 9001 units", "SO 2015 report", "PESO 14001"])
def test_no_standard_without_the_i_unless_the_number_is_certifiable(text):
    assert find_standards(text) == []
