"""Certificates in other languages and scripts: labels, dates, names kept as printed."""

from __future__ import annotations

from datetime import date

import pytest

from portal.certificates.dates import fold
from portal.certificates.ocr import guess_latin_language
from portal.certificates.parsing import extract_text_fields

RUSSIAN = """
                       СЕРТИФИКАТ СООТВЕТСТВИЯ
        Настоящий сертификат удостоверяет, что
                    ООО «Пример Аналитика»
        ул. Тверская, д. 7, 125009 Москва, Россия
        внедрила систему менеджмента информационной безопасности, соответствующую ISO/IEC 27001:2022
        Область сертификации:   Разработка программного обеспечения для анализа данных
        Номер сертификата:      RU-27001-0451
        Дата выдачи:            14.03.2025
        Срок действия до:       13 марта 2028
        Орган по сертификации:  ООО «Пример Серт»
"""
KAZAKH = """
                       СӘЙКЕСТІК СЕРТИФИКАТЫ
        Ұйым:                   «Мысал Технологиялары» ЖШС
        ISO/IEC 27001:2022
        Тіркеу нөмірі:          KZ-ISMS-0192
        Берілген күні:          01.06.2024
        Жарамдылық мерзімі:     31.05.2027
"""
CHINESE = """
                              认证证书
        证书编号:   CN-24-ISMS-0815
        组织名称:   北京示例数据科技有限公司
        认证范围:   数据分析软件的开发与运维
        符合标准:   ISO/IEC 27001:2022
        发证日期:   2024年6月1日
        有效期至:   2027年5月31日
"""
POLISH = """
                              CERTYFIKAT
        Niniejszym zaświadcza się, że
                    Przykład Analityka Sp. z o.o.
        ul. Marszałkowska 10, 00-590 Warszawa, Polska
        spełnia wymagania normy ISO/IEC 27001:2022
        Numer certyfikatu:   PL-ISMS-2211
        Data wydania:        3 lutego 2025
        Ważny do:            2 lutego 2028
"""


@pytest.mark.parametrize(
    ("text", "org", "number", "issued", "expires"),
    [
        (RUSSIAN, "ООО «Пример Аналитика»", "RU-27001-0451", date(2025, 3, 14),
         date(2028, 3, 13)),
        (KAZAKH, "«Мысал Технологиялары» ЖШС", "KZ-ISMS-0192", date(2024, 6, 1),
         date(2027, 5, 31)),
        (CHINESE, "北京示例数据科技有限公司", "CN-24-ISMS-0815", date(2024, 6, 1),
         date(2027, 5, 31)),
        (POLISH, "Przykład Analityka Sp. z o.o.", "PL-ISMS-2211", date(2025, 2, 3),
         date(2028, 2, 2)),
    ],
    ids=["russian", "kazakh", "chinese", "polish"],
)
def test_certificates_in_other_languages(text, org, number, issued, expires):
    result = extract_text_fields([text])
    assert result.status == "ok", result.message
    assert result.standard.value == "ISO/IEC 27001:2022"
    assert result.organization.value == org  # kept as printed, script and quotes included
    assert result.certificate_number.value == number
    assert result.issue_date.value == issued
    assert result.expiry_date.value == expires


def test_a_chinese_scope_is_kept_as_printed():
    assert extract_text_fields([CHINESE]).scope.value == "数据分析软件的开发与运维"


def test_korean_labels_match_after_folding():
    from portal.certificates.dates import fold
    from portal.certificates.parsing import extract_text_fields

    assert fold("인증번호") == "인증번호"  # NFKD would split the syllables into jamo
    result = extract_text_fields(["""인증서
        주식회사 샘플
        품질경영시스템 ISO 9001:2015 인증
        인증번호: KR-12345
        유효기간: 2027년 3월 11일"""])
    assert result.status == "ok", result.message
    assert result.certificate_number.value == "KR-12345"


@pytest.mark.parametrize(
    ("statement", "name"),
    [
        ("Hierbij wordt verklaard dat het managementsysteem van\nVoorbeeld B.V.", "Voorbeeld B.V."),
        ("Certificamos que o Sistema de Gestão da Qualidade da\nSolaris Engenharia Ltda.",
         "Solaris Engenharia Ltda."),
        ("Настоящий сертификат удостоверяет, что система менеджмента качества\nООО «Пример»",
         "ООО «Пример»"),
        ("Exemple Certification certifie que le processus mis en place par :\nFORMATIONS DUPONT",
         "FORMATIONS DUPONT"),
    ],
    ids=["nl", "pt", "ru", "fr-process"],
)
def test_statement_and_system_words_are_not_part_of_the_name(statement, name):
    from portal.certificates.parsing import extract_text_fields

    result = extract_text_fields([f"""CERTIFICATE
        {statement}
        Dorpsstraat 1, 1234 AB Utrecht
        ISO 9001:2015
        Certificate No: NL-888      Valid until: 11-03-2027"""])
    assert result.organization.value == name


GREEK = """
                              ΠΙΣΤΟΠΟΙΗΤΙΚΟ
Η ΠΑΡΑΔΕΙΓΜΑ CERT πιστοποιεί ότι ο οργανισμός:
            ΠΑΡΑΔΕΙΓΜΑΤΙΚΗ ΤΕΧΝΙΚΗ ΑΝΩΝΥΜΗ ΕΤΑΙΡΕΙΑ
            Οδός Παραδείγματος 10, Τ.Κ. 105 57, Αθήνα
έχει αναπτύξει και εφαρμόζει Σύστημα Διαχείρισης που πληροί τις
απαιτήσεις του Προτύπου:
                          ΕΛΟΤ ΕΝ ISO 14001:2015
με πεδίο εφαρμογής:
            Μελέτη και κατασκευή δικτύων ύδρευσης
Αρ. Πιστοποιητικού: 0912/EM/2024/GR
Ημερομηνία Αρχικής Πιστοποίησης: 11-03-2024
Ημερομηνία Λήξης Ισχύος: 10-03-2027
"""


def test_a_greek_certificate_is_read():
    result = extract_text_fields([GREEK])
    assert result.status == "ok", result.message
    assert result.standard.value.endswith("ISO 14001:2015")
    assert result.organization.value == "ΠΑΡΑΔΕΙΓΜΑΤΙΚΗ ΤΕΧΝΙΚΗ ΑΝΩΝΥΜΗ ΕΤΑΙΡΕΙΑ"
    assert result.certificate_number.value == "0912/EM/2024/GR"
    assert result.initial_certification_date.value == date(2024, 3, 11)
    assert result.expiry_date.value == date(2027, 3, 10)
    assert result.scope.value == "Μελέτη και κατασκευή δικτύων ύδρευσης"


VIETNAMESE = """GIẤY CHỨNG NHẬN
Chứng nhận Hệ thống Quản lý Chất lượng của
CÔNG TY CỔ PHẦN GỖ SÔNG ĐÀ
Số 12 Đường Lê Lợi, Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh, Việt Nam
cho lĩnh vực
Sản xuất và cung cấp đồ gỗ nội thất
đã được đánh giá và chứng nhận bởi Quacert phù hợp với các yêu cầu của
ISO 9001:2015
Số chứng chỉ: VN-7731
Ngày chứng nhận lần đầu: 14.03.2019
Ngày cấp lại: 15.03.2025
Ngày hết hạn: 14.03.2028
"""


def test_a_vietnamese_certificate_is_read_as_printed():
    result = extract_text_fields([VIETNAMESE])
    assert result.status == "ok", result.message
    assert result.organization.value == "CÔNG TY CỔ PHẦN GỖ SÔNG ĐÀ"
    assert result.certificate_number.value == "VN-7731"
    assert result.scope.value == "Sản xuất và cung cấp đồ gỗ nội thất"
    assert result.certification_body.value == "Quacert"
    assert result.initial_certification_date.value == date(2019, 3, 14)
    assert result.issue_date.value == date(2025, 3, 15)
    assert result.expiry_date.value == date(2028, 3, 14)


def test_vietnamese_d_folds_like_an_accent():
    assert fold("Ngày chứng nhận lần đầu, Đà Nẵng") == "ngay chung nhan lan dau, da nang"


def test_vietnamese_read_with_english_data_is_recognised_for_a_second_reading():
    # what a first OCR pass with English data leaves of a Vietnamese page: tones gone
    first_pass = (
        "Chimg nhan He thong Quan ly An toan Thuc pham cua CONG TY TNHH MUOI BIEN "
        "cho linh vuc San xuat muoi da duge danh gia va chung nhan boi NQA phu hop voi cac "
        "yeu cau ISO 22000 Chung nhan nay co hieu luc khi cong ty duy tri he thong quan ly "
        "theo tieu chuan tren So chung chi F001 Ngay cap lai 06.07.2022"
    )
    assert guess_latin_language(first_pass) == "vie"
