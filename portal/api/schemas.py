"""Request and response shapes of the API; the OpenAPI document is generated from them."""
from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    RootModel,
    StrictFloat,
    StrictInt,
    StringConstraints,
    WithJsonSchema,
)
from werkzeug.datastructures import FileStorage

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


def text(max_length: int, min_length: int = 0, pattern: str = r"^[^\x00]*$") -> Any:
    """Return a string type with length limits that rejects NUL and lone surrogates.

    One StringConstraints per type: a second one stacked on it would be enforced but left out of
    the OpenAPI document (a test checks that no field stacks constraints).
    """
    return Annotated[str, StringConstraints(max_length=max_length, min_length=min_length,
                                            pattern=pattern),
                     AfterValidator(_printable)]


def _upload(value: Any) -> FileStorage:
    if not isinstance(value, FileStorage) or not value.filename:
        raise ValueError("attach the file as a multipart part with a file name")
    return value


# A multipart file part: validated as an uploaded file, described as binary so that generated
# clients send it as a file.
UploadFile = Annotated[Any, PlainValidator(_upload), WithJsonSchema(
    {"type": "string", "format": "binary", "description": "The file, as a multipart file part"})]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
TierFilter = Literal["critical", "high", "medium", "low", "none"]
VendorStatusName = Literal["prospective", "active", "offboarded"]
AssessmentStatusName = Literal[tuple(s.value for s in AssessmentStatus)]  # type: ignore[valid-type]
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
Website = text(255, pattern=r"^https?://[^\s\x00]+$")


class VendorCreate(Input):
    legal_name: text(200, min_length=1)
    aliases: list[text(200)] = Field(default_factory=list, max_length=20)
    website: Website | None = None
    country: CountryCode | None = None
    description: text(10_000) | None = None
    status: VendorStatusName = "prospective"
    owner_id: Id | None = None


def _absent() -> Any:
    return None


class VendorUpdate(Input):
    """Only the fields sent change. `null` clears website, country, description and owner;
    legal_name, aliases and status cannot be null (send [] to remove every alias)."""

    # A field left out is None and not in model_fields_set; a default factory keeps "null"
    # out of the schema, so the spec says what the server does: these refuse null.
    legal_name: text(200, min_length=1) = Field(default_factory=_absent)
    aliases: list[text(200)] = Field(default_factory=_absent, max_length=20)
    website: Website | None = None
    country: CountryCode | None = None
    description: text(10_000) | None = None
    status: VendorStatusName = Field(default_factory=_absent)
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


class PlainAction(Input):
    action: Literal["start_review", "request_clarification", "accept"]
    comment: text(10_000) | None = None


class ReasonedAction(Input):
    action: Literal["reject", "cancel"]
    comment: text(10_000, min_length=1, pattern=r"^[^\x00]*\S[^\x00]*$") = Field(
        description="Why: required to reject or cancel")


class AssessmentAction(RootModel[Annotated[PlainAction | ReasonedAction,
                                           Field(discriminator="action")]]):
    """A staff action on an assessment; reject and cancel need a comment."""

    @property
    def action(self) -> str:
        return self.root.action

    @property
    def comment(self) -> str | None:
        return self.root.comment


# ---- answers ------------------------------------------------------------------------------

class OptionOut(Output):
    value: str
    label: str
    score: float | None = Field(description="0 to 1; null: not applicable, needs a comment")


class ConditionOut(Output):
    question_id: str
    any_of: list[str] = Field(description="Shown when that question's answer is one of these")


class AllConditionOut(Output):
    all: list[ConditionExpression] = Field(description="Holds when every condition holds")


class AnyConditionOut(Output):
    any: list[ConditionExpression] = Field(description="Holds when at least one holds")


class NotConditionOut(Output):
    model_config = ConfigDict(extra="forbid", serialize_by_alias=True, populate_by_name=True)
    not_: ConditionExpression = Field(alias="not", description="Holds when the condition does not")


ConditionExpression = ConditionOut | AllConditionOut | AnyConditionOut | NotConditionOut
AllConditionOut.model_rebuild()
AnyConditionOut.model_rebuild()
NotConditionOut.model_rebuild()


class AnswerFields(Output):
    question_id: str
    section_id: str
    text: str
    guidance: str
    required: bool = Field(description="An answer is needed to submit: required by the template "
                                       "and shown (a hidden question is never required)")
    visible: bool = Field(description="Shown under the current answers (see show_if); a hidden "
                                      "question takes no answer")
    show_if: ConditionExpression | None = Field(
        description="The question's own condition joined with its sections' ones")
    options: list[OptionOut]
    comment: str | None
    version: int = Field(description="Send this back as `version` when changing the answer; "
                                     "0 means not answered yet")
    review_status: str | None
    editable: bool


class ChoiceAnswer(AnswerFields):
    type: Literal["yes_no", "single_choice"]
    value: str | None = Field(description="One option's value")


class MultipleChoiceAnswer(AnswerFields):
    type: Literal["multiple_choice"]
    value: list[str] | None = Field(description="Option values, in option order")


class TextAnswer(AnswerFields):
    type: Literal["text"]
    value: str | None


class NumberAnswer(AnswerFields):
    type: Literal["number"]
    value: float | None


class DateAnswer(AnswerFields):
    type: Literal["date"]
    value: date | None


class FileAnswer(AnswerFields):
    type: Literal["file"]
    value: list[int] | None = Field(description="Ids of documents of your organisation "
                                                "(upload them with POST /documents)")


AnswerVariant = Annotated[
    ChoiceAnswer | MultipleChoiceAnswer | TextAnswer | NumberAnswer | DateAnswer | FileAnswer,
    Field(discriminator="type")]


class AnswerOut(RootModel[AnswerVariant]):
    """A question with its answer; `value` is typed by the question's `type`."""


class AnswerList(Output):
    assessment_id: int
    status: AssessmentStatusName
    data: list[AnswerVariant]


AnswerValue = Annotated[
    text(20_000) | StrictInt | StrictFloat | list[text(200)]
    | list[Annotated[StrictInt, Field(ge=1, le=MAX_ID)]] | None,
    Field(description="By question type: yes_no and single_choice an option value; "
                      "multiple_choice a list of option values; text a string; number a number; "
                      "date a YYYY-MM-DD string; file a list of document ids. null clears the "
                      "answer.")]


class AnswerPut(Input):
    value: AnswerValue = None
    comment: text(10_000) | None = None
    version: int = Field(ge=0, le=MAX_ID, description="The version you started from; 0 if none")
    response: text(10_000) | None = Field(None, description="Reply to a clarification request")


class MissingAnswerOut(Output):
    question_id: str
    section_id: str
    text: str
    reason: str
