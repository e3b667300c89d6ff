"""The pure certificate rules behind the portal: claims, contradictions, expiry, field values."""
from __future__ import annotations

import functools
import subprocess
import sys
from datetime import date, timedelta

import pytest

from portal.certificates.contradictions import (
    EXPIRED,
    NO_CERTIFICATE,
    OTHER_ENTITY,
    SCOPE,
    WRONG_STANDARD,
    CertificateFacts,
    check_claim,
    find_claims,
)
from portal.certificates.expiry import expiry_notice
from portal.certificates.fieldvalues import (
    expected_standard,
    extraction_from_values,
    parse_value,
    product_terms,
    standard_for_kind,
)

TODAY = date(2026, 6, 1)


@functools.cache
def templates():
    from portal.questionnaires import bank

    loaded, problems = bank.load_templates()
    assert not problems
    return {t.key: t for t in loaded}


def claims_for(key: str, values: dict):
    return find_claims(templates()[key].questions(), values)


def test_yes_claims_and_in_progress_does_not():
    (claim,) = claims_for("ai-supplier-starter", {"START-ORG-03": "yes"})
    assert (claim.kind, claim.standard, claim.needs_scope) == (
        "iso42001-certificate", "ISO/IEC 42001", True)
    assert claims_for("ai-supplier-starter", {"START-ORG-03": "partial"}) == []
    assert claims_for("ai-supplier-starter", {"START-ORG-03": "no"}) == []
    # A date question asking for the same certificate is not itself a claim.
    assert claims_for("ai-supplier-starter", {"START-ORG-04": "2027-01-01"}) == []


def test_core_choices_and_lite_multiple_choice():
    (claim,) = claims_for("ai-supplier-core", {"CORE-CERT-01": "certified-other-scope"})
    assert not claim.needs_scope
    (claim,) = claims_for("ai-supplier-core", {"CORE-CERT-04": "certified"})
    assert claim.standard == "ISO/IEC 27001" and claim.needs_scope
    assert claims_for("ai-supplier-core", {"CORE-CERT-01": "audit-booked"}) == []
    lite = next(q.id for q in templates()["ai-supplier-lite"].questions()
                if q.type == "multiple_choice" and "iso42001-certificate" in q.evidence)
    kinds = [c.kind for c in claims_for("ai-supplier-lite", {lite: ["iso42001", "iso27001",
                                                                    "soc2"]})]
    assert kinds == ["iso42001-certificate", "iso27001-certificate"]


def facts(**kw) -> CertificateFacts:
    base = dict(id=1, standards=("ISO/IEC 42001:2023",), expiry_date=TODAY + timedelta(days=99),
                organisation_ok=True, organisation="Example Ltd", scope_ok=True)
    return CertificateFacts(**{**base, **kw})


@pytest.mark.parametrize(("certificates", "rule"), [
    ([], NO_CERTIFICATE),
    ([facts(standards=("ISO/IEC 27001:2022",))], WRONG_STANDARD),
    ([facts(expiry_date=TODAY - timedelta(days=1))], EXPIRED),
    ([facts(organisation_ok=False)], OTHER_ENTITY),
    ([facts(scope_ok=False)], SCOPE),
    ([facts(), facts(id=2, organisation_ok=False)], None),
    ([facts(expiry_date=None)], None),
])
def test_contradiction_rules(certificates, rule):
    (claim,) = claims_for("ai-supplier-starter", {"START-ORG-03": "yes"})
    found = check_claim(claim, certificates, today=TODAY, assessment_id=7)
    assert (found.rule if found else None) == rule
    if found:
        assert found.key == "certificate:iso42001-certificate:7:START-ORG-03"


def test_expiry_on_the_day_is_still_valid():
    (claim,) = claims_for("ai-supplier-starter", {"START-ORG-03": "yes"})
    assert check_claim(claim, [facts(expiry_date=TODAY)], today=TODAY, assessment_id=1) is None


@pytest.mark.parametrize(("days", "key"), [
    (200, None), (91, None), (90, "90"), (61, "90"), (60, "60"), (31, "60"), (30, "30"),
    (1, "30"), (0, "expired"), (-40, "expired"),
])
def test_expiry_notice_thresholds(days, key):
    notice = expiry_notice(TODAY + timedelta(days=days), TODAY)
    assert (notice.key if notice else None) == key


def test_field_values():
    assert standard_for_kind("iso42001-certificate") == "ISO/IEC 42001"
    assert standard_for_kind("iso9001-certificate") == "ISO 9001"
    assert standard_for_kind("soc2-report") is None
    assert expected_standard(["soc2-report", "iso27701-certificate"]) == "ISO/IEC 27701"
    assert parse_value("sites", " a \n\n b ") == ["a", "b"]
    assert parse_value("expiry_date", "2027-01-31") == date(2027, 1, 31)
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_value("expiry_date", "31.01.2027")
    assert product_terms([("Example AI Service", None), ("AI Platform", None)]) == [
        "Example", "AI Platform"]
    rebuilt = extraction_from_values({"standard": "ISO/IEC 42001", "standards": [],
                                      "organization": "X Ltd"}, {}, {"organization"})
    assert [s.value for s in rebuilt.standards] == ["ISO/IEC 42001"]
    assert rebuilt.organization.source_text == "corrected by a reviewer"


def test_rule_modules_stay_pure():
    code = ("import sys, portal\nbefore = set(sys.modules)\n"
            "import portal.certificates.contradictions, portal.certificates.fieldvalues\n"
            "bad = [m for m in set(sys.modules) - before\n"
            "       if m.split('.')[0] in ('flask', 'sqlalchemy', 'flask_sqlalchemy')]\n"
            "print(','.join(sorted(bad)))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
