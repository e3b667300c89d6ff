"""Certificate field values for review: labels, parsing corrections, re-checking (pure)."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from portal.certificates import regexes
from portal.certificates.results import (
    CERTIFICATE_FIELDS,
    STATUS_NEEDS_REVIEW,
    STATUS_OK,
    CertificateExtraction,
    ExtractedField,
    FieldSpec,
)
from portal.certificates.standards import CERTIFIABLE, normalise, split_code
from portal.certificates.verification import FAIL, PASS, WARNING, Check

DEFAULT_STANDARD = "ISO/IEC 42001"
CORRECTED_CONFIDENCE = 1.0
_KIND = regexes.compile(r"^iso(\d{4,5}(?:-\d)?)-certificate$")
# Words that say nothing about which product a certificate covers: a scope that shares only
# these with a product name ("AI services") does not show that the product is covered.
_GENERIC = frozenset(
    "a an and the of for to in on with by at as or our your its their this that from into "
    "ai artificial intelligence service services solution solutions platform platforms system "
    "systems software product products application applications app apps tool tools suite "
    "provision provide providing development design operation operations management support "
    "customer customers client clients business enterprise cloud online digital data based "
    "using used use new global international group company ltd limited inc llc gmbh".split()
)


FIELDS = tuple(spec for spec in CERTIFICATE_FIELDS if spec.reviewable)
FIELD_BY_NAME = {spec.name: spec for spec in FIELDS}
MAX_LENGTH = {spec.name: spec.max_length for spec in FIELDS if spec.max_length}


def _cut(name: str, raw: Any) -> str | None:
    """Return a text value as its column holds it (cut to the column's length), or None."""
    return str(raw)[: MAX_LENGTH.get(name, 100_000)] if raw else None


def values_from_extraction(data: dict[str, Any]) -> dict[str, Any]:
    """Return the field values of a stored extraction JSON object (dates parsed).

    Only for showing the original reading next to corrected values; a fresh reading's values
    come from `stored_values`.
    """
    out: dict[str, Any] = {}
    for spec in FIELDS:
        raw = data.get(spec.name)
        if spec.kind == "list":
            out[spec.name] = [str(v) for v in raw or []]
        elif spec.kind == "date":
            out[spec.name] = date.fromisoformat(raw) if raw else None
        else:
            out[spec.name] = _cut(spec.name, raw)
    return out


def stored_values(extraction: CertificateExtraction) -> dict[str, Any]:
    """Return the column values of a fresh reading (text cut to the column lengths)."""
    out: dict[str, Any] = {}
    for spec in FIELDS:
        if spec.kind == "list":
            out[spec.name] = [str(item.value) for item in getattr(extraction, spec.name)]
        elif spec.kind == "date":
            out[spec.name] = extraction.value(spec.name) or None
        else:
            out[spec.name] = _cut(spec.name, extraction.value(spec.name))
    return out


def as_checked(extraction: CertificateExtraction) -> CertificateExtraction:
    """Return a fresh reading as the checks see stored values.

    Text is cut to the column lengths and the main standard counts among the standards, as
    for corrected values (`extraction_from_values`), so a certificate's checks do not depend
    on whether they ran on the fresh reading or on its stored values.
    """
    changes: dict[str, Any] = {}
    for spec in FIELDS:
        found = getattr(extraction, spec.name)
        if spec.kind in ("text", "longtext") and found is not None:
            text = _cut(spec.name, found.value)
            if text != found.value:
                changes[spec.name] = replace(found, value=text) if text else None
        elif spec.kind == "date" and found is not None and not found.value:
            changes[spec.name] = None
    main = changes.get("standard", extraction.standard)
    if main is not None and main.value not in [s.value for s in extraction.standards]:
        changes["standards"] = (main, *extraction.standards)
    return replace(extraction, **changes) if changes else extraction


def format_value(name: str, value: Any) -> str | None:
    """Return a field value as text (lists one item per line, dates YYYY-MM-DD), or None."""
    if value in (None, "", []):
        return None
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def parse_value(name: str, text: str | None) -> Any:
    """Return the typed value of a corrected field. Raises: ValueError for a bad date."""
    spec = FIELD_BY_NAME[name]
    text = (text or "").strip()
    if spec.kind == "list":
        return [line.strip() for line in text.splitlines() if line.strip()]
    if not text:
        return None
    if spec.kind == "date":
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"{spec.label}: enter a date as YYYY-MM-DD.") from None
    if spec.name in MAX_LENGTH and len(text) > MAX_LENGTH[spec.name]:
        raise ValueError(f"{spec.label}: at most {MAX_LENGTH[spec.name]} characters.")
    return text


def extraction_from_values(values: dict[str, Any], provenance: dict[str, Any] | None,
                           corrected: set[str], *, used_ocr: bool = False,
                           status: str = STATUS_OK, claims: tuple[str, ...] = ()
                           ) -> CertificateExtraction:
    """Return an extraction holding the current values, to re-run the checks on.

    status is the reader's ("ok", or "needs_review" for a possible certificate); claims are
    the non-schemes the document claims certification against.
    """
    provenance = provenance or {}

    def one(name: str, value: Any) -> ExtractedField | None:
        if value in (None, ""):
            return None
        source = provenance.get(name) if name not in corrected else None
        if isinstance(source, dict):
            return ExtractedField(value, int(source.get("page") or 0),
                                  str(source.get("source_text") or ""),
                                  float(source.get("confidence") or 0))
        return ExtractedField(value, 0, "corrected by a reviewer", CORRECTED_CONFIDENCE)

    standards = list(values.get("standards") or [])
    if values.get("standard") and values["standard"] not in standards:
        standards.insert(0, values["standard"])
    fields = {spec.name: one(spec.name, values.get(spec.name))
              for spec in FIELDS if spec.kind != "list"}
    return CertificateExtraction(
        status=status if status in (STATUS_OK, STATUS_NEEDS_REVIEW) else STATUS_OK,
        message="Current values.", used_ocr=used_ocr, claims=tuple(claims),
        standards=tuple(ExtractedField(s, 0, "", CORRECTED_CONFIDENCE) for s in standards),
        sites=tuple(ExtractedField(s, 0, "", CORRECTED_CONFIDENCE)
                    for s in values.get("sites") or []),
        **fields,
    )


def standard_for_kind(kind: str) -> str | None:
    """Return the standard an evidence kind asks for ("iso42001-certificate" -> ISO/IEC 42001)."""
    m = _KIND.match(kind)
    if not m:
        return None
    number = m[1]
    return normalise(number) if number in CERTIFIABLE else f"ISO {number}"


def certificate_kinds(evidence_kinds: tuple[str, ...] | list[str]) -> list[str]:
    """Return the evidence kinds that ask for a certificate of a standard."""
    return [k for k in evidence_kinds if standard_for_kind(k)]


def expected_standard(evidence_kinds: tuple[str, ...] | list[str]) -> str | None:
    """Return the standard the first certificate evidence kind asks for, or None."""
    kinds = certificate_kinds(evidence_kinds)
    return standard_for_kind(kinds[0]) if kinds else None


def standard_number(code: str) -> str:
    """Return the bare number of a standard designation ("ISO/IEC 42001:2023" -> "42001")."""
    return split_code(code)[0]


def product_terms(products: list[tuple[str, str | None]]) -> list[str]:
    """Return distinctive scope search terms from product names (and short descriptions)."""
    terms: list[str] = []
    for name, _description in products:
        words = [w for w in re.findall(r"[\w\-]+", name) if w.lower() not in _GENERIC]
        term = " ".join(words) if words else name.strip()
        if term and term not in terms:
            terms.append(term)
    return terms


def soften_default_standard(checks: list[Check], expected: str) -> list[Check]:
    """Turn a failed default-standard check into a warning when another standard is certified.

    A library upload asks for no standard; ISO/IEC 42001 is only the portal's default, so a
    valid ISO/IEC 27001 certificate there is "not the default", not a failure.
    """
    out = []
    for check in checks:
        found = check.detail.get("found") if check.code == "standard" else None
        if check.code == "standard" and check.status == FAIL and found:
            check = Check("standard", WARNING,
                          f"The certificate covers {', '.join(found)}, not {expected} "
                          "(the portal's default: no standard was asked for).", check.detail)
        out.append(check)
    return out


def check_counts(checks: list[dict[str, Any]]) -> dict[str, int]:
    """Return how many stored checks passed, warned and failed."""
    counts = {PASS: 0, WARNING: 0, FAIL: 0}
    for check in checks or []:
        if check.get("status") in counts:
            counts[check["status"]] += 1
    return counts


@dataclass(frozen=True)
class FieldRow:
    """One line of the review table: current and original value, and where it was printed."""

    spec: FieldSpec
    current: str | None
    original: str | None
    page: int | None
    source_text: str | None
    confidence: float | None

    @property
    def is_corrected(self) -> bool:
        return self.current != self.original


def field_rows(current: dict[str, Any], extraction: dict[str, Any] | None) -> list[FieldRow]:
    """Return the review table rows from current values and the original extraction JSON."""
    extraction = extraction or {}
    original = values_from_extraction(extraction)
    provenance = extraction.get("fields") or {}
    rows = []
    for spec in FIELDS:
        found = provenance.get(spec.name)
        if isinstance(found, list):
            found = ({"page": found[0].get("page"),
                      "source_text": "\n".join(str(f.get("source_text") or "") for f in found),
                      "confidence": min(float(f.get("confidence") or 0) for f in found)}
                     if found else None)
        rows.append(FieldRow(
            spec=spec, current=format_value(spec.name, current.get(spec.name)),
            original=format_value(spec.name, original.get(spec.name)),
            page=int(found["page"]) if found and found.get("page") else None,
            source_text=str(found.get("source_text") or "") if found else None,
            confidence=float(found["confidence"]) if found and found.get("confidence") is not None
            else None))
    return rows
