"""A fresh reading is checked as read: the same checks as on the values stored from it."""
from __future__ import annotations

import json
from datetime import date

import pytest

from portal.certificates.fieldvalues import (
    as_checked,
    extraction_from_values,
    stored_values,
    values_from_extraction,
)
from portal.certificates.results import CertificateExtraction, ExtractedField
from portal.certificates.verification import verify_certificate

TODAY = date(2026, 6, 1)


def _field(value, page: int = 1) -> ExtractedField:
    return ExtractedField(value, page, f"printed: {value}", 0.87654)


def _reading(**over) -> CertificateExtraction:
    values = dict(
        status="ok", message="Read.", standard=_field("ISO/IEC 42001:2023"),
        standards=(_field("ISO/IEC 42001:2023"),), certificate_number=_field("AIMS 1"),
        organization=_field("Example Analytics Ltd"), address=_field("1 Example Road"),
        scope=_field("Operation of the Fraud Detection platform"),
        sites=(_field("London"),), issue_date=_field(date(2025, 3, 14)),
        expiry_date=_field(date(2028, 3, 13)), certification_body=_field("BSI"),
        accreditation_body=_field("UKAS"), claims=("SOC 2",), used_ocr=True, pages=2,
        certificate_pages=(1,))
    values.update(over)
    return CertificateExtraction(**values)


def _through_json(reading: CertificateExtraction) -> CertificateExtraction:
    """The former path: JSON dict, dumped and loaded, parsed to values, rebuilt."""
    data = json.loads(json.dumps(reading.to_json_dict("c.pdf", details=True), default=str))
    return extraction_from_values(values_from_extraction(data), data.get("fields"), set(),
                                  used_ocr=bool(data.get("used_ocr")), status=data["status"],
                                  claims=tuple(data.get("claims") or ()))


def _checks(extraction: CertificateExtraction) -> list:
    return verify_certificate(extraction, vendor_names=["Example Analytics Ltd"],
                              product_terms=["Fraud Detection"],
                              expected_standard="ISO/IEC 42001", today=TODAY, sha256="abc")


@pytest.mark.parametrize("over", [
    {},
    {"status": "needs_review"},
    # The main standard missing from the list; no standards at all beside a claim.
    {"standards": (_field("ISO/IEC 27001:2022"),)},
    {"standard": None, "standards": ()},
    # Longer than the column: checked as stored.
    {"organization": _field("Example Analytics Ltd " + "x" * 400)},
    {"organization": _field(""), "scope": None, "expiry_date": None},
], ids=["plain", "needs-review", "main-standard-unlisted", "no-standard", "long-name",
        "missing"])
def test_fresh_reading_checks_match_the_stored_values_checks(over):
    reading = _reading(**over)
    assert _checks(as_checked(reading)) == _checks(_through_json(reading))
    data = json.loads(json.dumps(reading.to_json_dict("c.pdf", details=True), default=str))
    assert stored_values(reading) == values_from_extraction(data)


def test_the_json_keeps_its_keys_in_order():
    assert list(_reading().to_json_dict("c.pdf")) == [
        "file", "status", "message", "standard", "standards", "certificate_number",
        "organization", "scope", "sites", "initial_certification_date", "issue_date",
        "expiry_date", "certification_body", "accreditation_body", "accreditation_number",
        "address", "pages", "page_count", "used_ocr", "document_kind", "reason", "warnings",
        "claims"]
    assert list(_reading().provenance()) == [
        "standard", "certificate_number", "organization", "address", "scope",
        "initial_certification_date", "issue_date", "expiry_date", "certification_body",
        "accreditation_body", "accreditation_number", "standards", "sites"]
