"""Frozen result types shared by the certificate reader, the sandbox and the checks."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

STATUS_OK = "ok"
# A possible certificate whose reading a person must confirm (weak signals, or a claim
# against something that is not a certification scheme); its values have low confidences.
STATUS_NEEDS_REVIEW = "needs_review"
STATUS_NOT_A_CERTIFICATE = "not_a_certificate"
STATUS_NEEDS_OCR = "needs_ocr"
STATUS_ENCRYPTED = "encrypted"
STATUS_MALFORMED = "malformed"
STATUS_TOO_LARGE = "too_large"
STATUS_TIMEOUT = "timeout"
STATUSES = (
    STATUS_OK,
    STATUS_NEEDS_REVIEW,
    STATUS_NOT_A_CERTIFICATE,
    STATUS_NEEDS_OCR,
    STATUS_ENCRYPTED,
    STATUS_MALFORMED,
    STATUS_TOO_LARGE,
    STATUS_TIMEOUT,
)

MIB = 1024 * 1024

# The JSON keys every consumer (CLI, API, UI) can rely on, in this order.
JSON_KEYS = (
    "file",
    "status",
    "message",
    "standard",
    "standards",
    "certificate_number",
    "organization",
    "scope",
    "sites",
    "initial_certification_date",
    "issue_date",
    "expiry_date",
    "certification_body",
    "accreditation_body",
)


@dataclass(frozen=True)
class Limits:
    """Resource limits for reading one PDF."""

    max_bytes: int = 20 * MIB
    max_pages: int = 60
    cpu_seconds: int = 60
    memory_bytes: int = 1536 * MIB
    wall_seconds: float = 90.0
    max_stream_bytes: int = 128 * MIB
    max_total_stream_bytes: int = 512 * MIB
    ocr: bool = True
    ocr_dpi: int = 300
    ocr_max_pages: int = 6
    # OCR stops starting new passes once this much wall-clock time is spent on a file.
    ocr_seconds: float = 45.0
    # The languages OCR may use; the first is the first pass. Which others are used depends on
    # the script and language detected on each page (see ocr.py).
    ocr_languages: tuple[str, ...] = (
        "eng", "deu", "fra", "spa", "ita", "nld", "por", "tur", "pol", "vie",
        "rus", "kaz", "ell", "chi_sim", "chi_tra", "jpn", "kor", "ara", "dan", "swe", "nor",
    )


@dataclass(frozen=True)
class ExtractedField:
    """One extracted value with where it came from and how sure the reader is."""

    value: Any
    page: int
    source_text: str
    confidence: float

    def to_json_dict(self) -> dict[str, Any]:
        """Return the field as JSON-ready values (dates as ISO strings)."""
        value = self.value.isoformat() if isinstance(self.value, date) else self.value
        return {
            "value": value,
            "page": self.page,
            "source_text": self.source_text,
            "confidence": round(self.confidence, 3),
        }


@dataclass(frozen=True)
class FieldSpec:
    """A certificate field: attribute name, label, kind of value, stored length, CLI label."""

    name: str
    label: str
    kind: str  # text | longtext | date | list
    max_length: int | None = None  # the column's length (text fields); None: unlimited
    summary: str | None = None  # its label in `portal certificates extract`; None: not shown
    reviewable: bool = True  # stored as a column that a reviewer can correct


# The one list of certificate fields: the extraction's attributes, the stored columns and
# their review form (portal.certificates.fieldvalues), the JSON and the CLI summary.
CERTIFICATE_FIELDS = (
    FieldSpec("standard", "Standard", "text", 40, "Standard"),
    FieldSpec("standards", "All standards", "list"),
    FieldSpec("certificate_number", "Certificate number", "text", 120, "Certificate no."),
    FieldSpec("organization", "Certified organisation", "text", 300, "Organisation"),
    FieldSpec("address", "Address", "text", reviewable=False),
    FieldSpec("scope", "Scope", "longtext", None, "Scope"),
    FieldSpec("sites", "Sites", "list"),
    FieldSpec("initial_certification_date", "Initial certification", "date", None,
              "Initial certification"),
    FieldSpec("issue_date", "Issued", "date", None, "Issued"),
    FieldSpec("expiry_date", "Expires", "date", None, "Expires"),
    FieldSpec("certification_body", "Certification body", "text", 300, "Certification body"),
    FieldSpec("accreditation_body", "Accreditation body", "text", 120, "Accreditation body"),
    FieldSpec("accreditation_number", "Accreditation number", "text", 120),
)
# The single-valued fields of an extraction, in order.
FIELD_NAMES = tuple(spec.name for spec in CERTIFICATE_FIELDS if spec.kind != "list")


@dataclass(frozen=True)
class CertificateExtraction:
    """Everything read from one certificate file; fields are None when not found."""

    status: str
    message: str
    standard: ExtractedField | None = None
    standards: tuple[ExtractedField, ...] = ()
    certificate_number: ExtractedField | None = None
    organization: ExtractedField | None = None
    address: ExtractedField | None = None
    scope: ExtractedField | None = None
    sites: tuple[ExtractedField, ...] = ()
    initial_certification_date: ExtractedField | None = None
    issue_date: ExtractedField | None = None
    expiry_date: ExtractedField | None = None
    certification_body: ExtractedField | None = None
    accreditation_body: ExtractedField | None = None
    accreditation_number: ExtractedField | None = None
    pages: int = 0
    used_ocr: bool = False
    # True when OCR read only pictures printed on text pages (a logo, a header), no scanned page.
    pictures_only_ocr: bool = False
    document_kind: str = "unknown"
    reason: str = ""
    warnings: tuple[str, ...] = ()
    elapsed_seconds: float = 0.0
    page_texts: tuple[str, ...] = field(default=(), repr=False)
    # Things claimed as certified that are not certification schemes ("SOC 2", "GDPR").
    claims: tuple[str, ...] = ()
    # The 1-based pages of the file this certificate is printed on.
    certificate_pages: tuple[int, ...] = ()
    # The other certificates printed in the same file, in page order.
    more: tuple[CertificateExtraction, ...] = field(default=(), repr=False)

    @property
    def is_certificate(self) -> bool:
        """Return True when the document was read as a certificate (or a possible one)."""
        return self.status in (STATUS_OK, STATUS_NEEDS_REVIEW)

    def certificates(self) -> tuple[CertificateExtraction, ...]:
        """Return every certificate read from the file: this one, then the others."""
        return (replace(self, more=()), *self.more)

    def value(self, name: str) -> Any:
        """Return the bare value of a single-valued field, or None."""
        found = getattr(self, name)
        return found.value if isinstance(found, ExtractedField) else None

    def provenance(self) -> dict[str, dict[str, Any] | list[dict[str, Any]] | None]:
        """Return every field with its page, source text and confidence."""
        out: dict[str, Any] = {}
        for name in FIELD_NAMES:
            found = getattr(self, name)
            out[name] = found.to_json_dict() if found else None
        out["standards"] = [item.to_json_dict() for item in self.standards]
        out["sites"] = [item.to_json_dict() for item in self.sites]
        return out

    def to_json_dict(self, file: str | None = None, *, details: bool = False) -> dict[str, Any]:
        """Return the CLI/API JSON object: the keys of JSON_KEYS, then a few extras."""

        def plain(name: str) -> Any:
            found = getattr(self, name)
            if found is None:
                return None
            return found.to_json_dict()["value"]

        out: dict[str, Any] = {
            "file": file,
            "status": self.status,
            "message": self.message,
            # The reviewable fields, then the others (the address).
            **{spec.name: [item.value for item in getattr(self, spec.name)]
               if spec.kind == "list" else plain(spec.name)
               for spec in sorted(CERTIFICATE_FIELDS, key=lambda spec: not spec.reviewable)},
            # This certificate's pages (1-based), and how many pages the file has.
            "pages": list(self.certificate_pages) or list(range(1, self.pages + 1)),
            "page_count": self.pages,
            "used_ocr": self.used_ocr,
            "document_kind": self.document_kind,
            "reason": self.reason,
            "warnings": list(self.warnings),
            "claims": list(self.claims),
        }
        if details:
            out["fields"] = self.provenance()
        return out


def failed(status: str, reason: str, message: str, **extra: Any) -> CertificateExtraction:
    """Return an extraction that carries only a status and an explanation."""
    return CertificateExtraction(status=status, message=message, reason=reason, **extra)


def with_timing(result: CertificateExtraction, seconds: float) -> CertificateExtraction:
    """Return the result with its elapsed time set."""
    return replace(result, elapsed_seconds=round(seconds, 4))
