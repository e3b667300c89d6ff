"""Request and response shapes of the API; the OpenAPI document is generated from them."""
from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from portal.assessments.lifecycle import AssessmentStatus
from portal.documents.models import DocumentKind
from portal.findings.models import FindingStatus, Severity
from portal.vendors.models import RiskTier, VendorStatus

MAX_ID = 2**31 - 1  # PostgreSQL integer columns


def _printable(value: str) -> str:
    # NUL cannot be stored in PostgreSQL text; lone surrogates cannot be encoded as UTF-8.
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("must be valid Unicode text") from None
    return value


def text(max_length: int, min_length: int = 0) -> Any:
    """Return a string type with length limits that rejects NUL and lone surrogates."""
    return Annotated[str, StringConstraints(max_length=max_length, min_length=min_length,
                                            pattern=r"^[^\x00]*$"),
                     AfterValidator(_printable)]


Id = Annotated[int, Field(ge=1, le=MAX_ID)]
TierFilter = Literal["critical", "high", "medium", "low", "none"]
VendorStatusName = Literal["prospective", "active", "offboarded"]
AssessmentStatusName = Literal[tuple(s.value for s in AssessmentStatus)]  # type: ignore[valid-type]
StaffAction = Literal["start_review", "request_clarification", "accept", "reject", "cancel"]
SeverityName = Literal[tuple(s.value for s in Severity)]  # type: ignore[valid-type]
FindingStatusName = Literal[("open", *(s.value for s in FindingStatus))]  # type: ignore[valid-type]
DocumentKindName = Literal[tuple(k.value for k in DocumentKind)]  # type: ignore[valid-type]
RiskTierName = Literal[tuple(t.value for t in RiskTier)]  # type: ignore[valid-type]
assert {s.value for s in VendorStatus} == {"prospective", "active", "offboarded"}


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Query(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Output(BaseModel):
    model_config = ConfigDict(extra="forbid")


# ---- errors and paging --------------------------------------------------------------------

class ProblemError(Output):
    detail: str
    pointer: str | None = Field(None, description="JSON Pointer into the request body")
    parameter: str | None = Field(None, description="Query or path parameter")


class Problem(BaseModel):
    """An RFC 9457 problem document."""

    model_config = ConfigDict(extra="allow")
    type: str
    title: str
    status: int
    detail: str
    instance: str
    errors: list[ProblemError] | None = None


class PageQuery(Query):
    page: int = Field(1, ge=1, le=100_000, description="Page number, from 1")
    per_page: int = Field(25, ge=1, le=100, description="Items per page, at most 100")


class PageMeta(Output):
    page: int
    per_page: int
    total: int
    pages: int


# ---- me -----------------------------------------------------------------------------------

class UserRef(Output):
    id: int
    name: str
    email: str
    role: str
    vendor_id: int | None


class TokenInfo(Output):
    user: UserRef
    token: str = Field(description="The token's non-secret prefix")
    scopes: list[str]
    expires_at: datetime


# ---- vendors ------------------------------------------------------------------------------

class VendorOut(Output):
    id: int
    legal_name: str
    aliases: list[str]
    website: str | None
    country: str | None
    description: str | None
    status: VendorStatusName
    inherent_tier: RiskTierName | None
    tier_reasons: list[str]
    owner_id: int | None
    created_at: datetime
    updated_at: datetime


class VendorPage(Output):
    data: list[VendorOut]
    meta: PageMeta


class VendorQuery(PageQuery):
    q: text(200) = Field("", description="Search in names, aliases and website")
    tier: TierFilter | None = Field(None, description="Inherent tier, or none for not tiered")
    status: VendorStatusName | None = None
    country: Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2}$")] | None = None
    sort: Literal["name", "-name", "tier", "-tier", "status", "-status", "updated", "-updated",
                  "created", "-created"] = "name"


CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
# Only web addresses: a javascript: or data: URL would become a live link on the vendor page.
Website = Annotated[text(255), StringConstraints(pattern=r"^https?://[^\s]+$")]


class VendorCreate(Input):
    legal_name: text(200, min_length=1)
    aliases: list[text(200)] = Field(default_factory=list, max_length=20)
    website: Website | None = None
    country: CountryCode | None = None
    description: text(10_000) | None = None
    status: VendorStatusName = "prospective"
    owner_id: Id | None = None


class VendorUpdate(Input):
    legal_name: text(200, min_length=1) | None = None
    aliases: list[text(200)] | None = Field(None, max_length=20)
    website: Website | None = None
    country: CountryCode | None = None
    description: text(10_000) | None = None
    status: VendorStatusName | None = None
    owner_id: Id | None = None


# ---- templates and assessments ------------------------------------------------------------

class TemplateVersionOut(Output):
    id: int
    key: str
    version: int
    title: str
    question_count: int


class TemplateList(Output):
    data: list[TemplateVersionOut]


class AssessmentOut(Output):
    id: int
    vendor_id: int
    title: str
    status: AssessmentStatusName
    template: TemplateVersionOut
    product_id: int | None
    due_date: date | None
    recipient_ids: list[int]
    available_actions: list[str]
    created_at: datetime
    updated_at: datetime
    sent_at: datetime | None
    submitted_at: datetime | None
    closed_at: datetime | None


class AssessmentPage(Output):
    data: list[AssessmentOut]
    meta: PageMeta


class AssessmentQuery(PageQuery):
    status: AssessmentStatusName | None = None
    vendor_id: Id | None = None
    overdue: bool = False
    sort: Literal["due", "-due", "updated", "vendor", "status"] = "due"


class AssessmentCreate(Input):
    vendor_id: Id
    template_version_id: Id
    title: text(200, min_length=1)
    due_date: date | None = None
    recipient_ids: list[Id] = Field(default_factory=list, max_length=50)
    product_id: Id | None = None
    message: text(10_000) | None = None


class AssessmentAction(Input):
    action: StaffAction
    comment: text(10_000) | None = None


# ---- answers ------------------------------------------------------------------------------

class OptionOut(Output):
    value: str
    label: str


class AnswerOut(Output):
    question_id: str
    section_id: str
    text: str
    type: str
    required: bool
    options: list[OptionOut]
    value: Any = None
    comment: str | None
    version: int = Field(description="Send this back as `version` when changing the answer; "
                                     "0 means not answered yet")
    review_status: str | None
    editable: bool


class AnswerList(Output):
    assessment_id: int
    status: AssessmentStatusName
    data: list[AnswerOut]


class AnswerPut(Input):
    value: Any = None
    comment: text(10_000) | None = None
    version: int = Field(ge=0, le=MAX_ID, description="The version you started from; 0 if none")
    response: text(10_000) | None = Field(None, description="Reply to a clarification request")


class MissingAnswerOut(Output):
    question_id: str
    section_id: str
    text: str
    reason: str


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
    """Form fields next to the file; the file itself is the part named `file`."""

    vendor_id: Id | None = Field(None, description="Required for staff; vendors upload for "
                                                   "their own organisation")
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
