from datetime import date

import pytest

from portal.certificates.results import CertificateExtraction, ExtractedField
from portal.certificates.verification import company_key, verify_certificate

TODAY = date(2025, 6, 1)


def field(value):
    return ExtractedField(value, 1, str(value), 0.9)


def extraction(**kw) -> CertificateExtraction:
    values = {
        "standard": field("ISO/IEC 42001:2023"),
        "standards": (field("ISO/IEC 42001:2023"),),
        "organization": field("Example Analytics GmbH"),
        "scope": field("Design and operation of machine-learning fraud detection services."),
        "issue_date": field(date(2025, 3, 14)),
        "expiry_date": field(date(2028, 3, 13)),
        "certification_body": field("BSI Group The Netherlands B.V."),
        "accreditation_body": field("UKAS"),
    }
    values.update(kw)
    return CertificateExtraction(status="ok", message="", **values)


def run(result=None, **kw):
    args = {
        "vendor_names": ["Example Analytics Ltd", "Example AI"],
        "product_terms": ["fraud detection"],
        "expected_standard": "ISO/IEC 42001:2023",
        "today": TODAY,
    } | kw
    return {check.code: check for check in verify_certificate(result or extraction(), **args)}


def test_all_checks_pass_for_a_good_certificate():
    checks = run(sha256="abc", known_hashes={"zzz"})
    assert {c.status for c in checks.values()} == {"pass"}, checks
    assert checks["organisation"].detail["score"] == 100.0
    assert checks["scope"].detail["matches"] == {"fraud detection": ["fraud", "detection"]}


@pytest.mark.parametrize(
    ("expiry", "status"),
    [(date(2025, 5, 31), "fail"), (date(2025, 8, 1), "warning"), (date(2025, 12, 1), "pass")],
)
def test_expiry(expiry, status):
    result = extraction(expiry_date=field(expiry), issue_date=field(date(2023, 1, 1)))
    assert run(result)["expiry"].status == status


def test_organisation_mismatch_fails_and_shows_score():
    check = run(vendor_names=["Totally Different Holdings plc"])["organisation"]
    assert check.status == "fail"
    assert "score" in check.message and check.detail["score"] < 75


def test_legal_forms_are_ignored():
    assert company_key("Example Analytics GmbH & Co. KG") == company_key("Example Analytics B.V.")


def test_standard_checks():
    assert run(expected_standard="ISO/IEC 27001:2022")["standard"].status == "fail"
    older = extraction(standards=(field("ISO/IEC 27001:2013"),))
    assert run(older, expected_standard="ISO/IEC 27001:2022")["standard"].status == "warning"
    assert "standard" not in run(expected_standard=None)


def test_scope_without_terms_warns():
    assert run(product_terms=["payroll software"])["scope"].status == "warning"


def test_dates_consistency():
    backwards = extraction(issue_date=field(date(2028, 3, 14)), expiry_date=field(date(2026, 1, 1)))
    assert run(backwards)["dates"].status == "fail"
    long_cycle = extraction(issue_date=field(date(2024, 1, 1)), expiry_date=field(date(2028, 1, 1)))
    assert run(long_cycle)["dates"].status == "fail"


def test_unknown_bodies_are_warnings():
    result = extraction(
        certification_body=field("Fly-by-night Certs Ltd"),
        accreditation_body=field("International Accreditation Forum Board"),
    )
    checks = run(result)
    assert checks["certification_body"].status == "warning"
    assert checks["accreditation_body"].status == "warning"
    assert "source" in run()["accreditation_body"].detail


def test_duplicate_file_warns():
    assert run(sha256="abc", known_hashes={"abc"})["duplicate"].status == "warning"


def test_unreadable_certificate_is_one_failure():
    checks = verify_certificate(
        CertificateExtraction(status="encrypted", message="locked"),
        vendor_names=[],
        product_terms=[],
        expected_standard=None,
        today=TODAY,
    )
    assert [(c.code, c.status) for c in checks] == [("readable", "fail")]
