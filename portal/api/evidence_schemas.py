"""Shapes of documents, certificates, scorecards and findings in the API."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import Field

from portal.api.schemas import (
    DocumentKindName,
    FindingStatusName,
    Id,
    Input,
    Output,
    PageMeta,
    PageQuery,
    SeverityName,
    UploadFile,
    text,
)

# ---- documents ----------------------------------------------------------------------------

class DocumentOut(Output):
    id: int
    vendor_id: int
    assessment_id: int | None
    question_id: str | None
    kind: DocumentKindName
    name: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime
    uploaded_by_id: int | None
    download_url: str


class DocumentUpload(Input):
    """A multipart upload: the file and the fields that say where it belongs."""

    file: UploadFile
    vendor_id: Id = Field(description="The vendor the file belongs to; vendor contacts give "
                                      "their own organisation's (see GET /me)")
    assessment_id: Id | None = None
    question_id: text(64) | None = None
    kind: DocumentKindName = "evidence"


# ---- scorecards and findings --------------------------------------------------------------

class ScorecardOut(Output):
    id: int
    vendor_id: int
    assessment_id: int
    method_version: str
    inherent_tier: str | None
    overall: float | None
    confidence: float | None
    completeness: float | None
    third_party: float | None
    band: str
    residual_risk: str
    residual_reasons: list[str]
    reason: str
    computed_at: datetime


class FindingOut(Output):
    id: int
    vendor_id: int
    assessment_id: int | None
    source: str
    severity: SeverityName
    status: str
    control_id: str | None
    question_id: str | None
    title: str
    detail: str
    remediation: str
    remediation_due_date: date | None
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None


class FindingPage(Output):
    data: list[FindingOut]
    meta: PageMeta


class FindingQuery(PageQuery):
    severity: SeverityName | None = None
    status: FindingStatusName | None = None


# ---- certificates -------------------------------------------------------------------------

class CertificateOut(Output):
    id: int
    vendor_id: int
    document_id: int
    assessment_id: int | None
    question_id: str | None
    status: str
    status_message: str
    standard: str | None
    standards: list[str]
    certificate_number: str | None
    organization: str | None
    scope: str | None
    sites: list[str]
    initial_certification_date: date | None
    issue_date: date | None
    expiry_date: date | None
    certification_body: str | None
    accreditation_body: str | None
    accreditation_number: str | None
    checks: list[dict[str, Any]] = Field(description="Verification results: code, status, "
                                                     "message, detail")
    extraction: dict[str, Any] | None = Field(description="What the reader found, unchanged")
    checked_at: datetime | None
    reviewed_at: datetime | None
    created_at: datetime


class CertificateList(Output):
    data: list[CertificateOut]
