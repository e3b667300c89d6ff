"""Shapes of the process resources: contacts, intake and tier, certificate review, findings
actions, decisions, webhooks and jobs.

Where a rule lives in a feature's pure core (the intake questions and their options, the
certificate fields and their lengths), the model is built from it, so the OpenAPI document lists
what the service accepts.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import EmailStr, Field, RootModel, create_model

from portal.api.schemas import (
    Id,
    Input,
    Output,
    PageMeta,
    PageQuery,
    RiskTierName,
    SeverityName,
    text,
)
from portal.certificates.fieldvalues import FIELDS, MAX_LENGTH
from portal.decisions.models import Decision
from portal.vendors.tiering import QUESTIONS, RULE_VERSION

DecisionName = Literal[tuple(d.value for d in Decision)]  # type: ignore[valid-type]
NOT_BLANK = r"^[^\x00]*\S[^\x00]*$"  # some visible character, no NUL
Reason = text(10_000, min_length=1, pattern=NOT_BLANK)


# ---- contacts -----------------------------------------------------------------------------

class ContactOut(Output):
    id: int
    vendor_id: int
    name: str
    email: str
    job_title: str | None
    is_active: bool
    has_signed_in: bool = Field(description="False until the invitation is accepted")
    created_at: datetime


class ContactList(Output):
    data: list[ContactOut]


class ContactInvite(Input):
    name: text(200, min_length=1, pattern=NOT_BLANK)
    email: Annotated[EmailStr, Field(max_length=255)]
    job_title: text(200) | None = None


class ContactChange(Input):
    is_active: bool = Field(description="false deactivates the account at once; true "
                                        "reactivates it")


# ---- intake and tier ----------------------------------------------------------------------

class IntakeOption(Output):
    value: str
    label: str
    points: int


class IntakeQuestion(Output):
    key: str
    text: str
    help: str
    options: list[IntakeOption] = Field(description="From least to most risky")


class TieringRule(Output):
    rule_version: str
    questions: list[IntakeQuestion]


# One field per intake question, its values the question's options: the same table the
# tiering rule scores (portal.vendors.tiering.QUESTIONS).
IntakePut = create_model(
    "IntakePut", __base__=Input, __doc__="An answer to every intake question.",
    **{q.key: (Literal[tuple(o.value for o in q.options)],  # type: ignore[valid-type]
               Field(description=q.text)) for q in QUESTIONS})


class IntakeOut(Output):
    vendor_id: int
    answers: dict[str, str] = Field(description="Answers by question key; empty before the "
                                                "first intake")
    inherent_tier: RiskTierName | None
    score: int | None
    tier_reasons: list[str]
    rule_version: str | None = Field(description=f"The rule that set the tier (now "
                                                 f"{RULE_VERSION})")
    tiered_at: datetime | None


# ---- certificates -------------------------------------------------------------------------

def _field_type(kind: str, name: str) -> Any:
    if kind == "date":
        return date | None
    if kind == "list":
        return list[text(300)] | None
    return text(MAX_LENGTH.get(name, 5000)) | None


CertificateCorrection = create_model(
    "CertificateCorrection", __base__=Input,
    __doc__="The fields to correct; fields left out keep their values, null clears one. The "
            "checks run again afterwards and the reader's original extraction is kept.",
    **{spec.name: (_field_type(spec.kind, spec.name), Field(None, description=spec.label))
       for spec in FIELDS})


class CertificateAccept(Input):
    comment: text(2000) | None = None


class CertificateReject(Input):
    comment: Reason = Field(description="Why; the vendor sees it")


# ---- findings -----------------------------------------------------------------------------



class FindingCreate(Input):
    title: text(300, min_length=1, pattern=NOT_BLANK)
    severity: SeverityName
    detail: text(10_000) = ""
    remediation: text(10_000) = ""
    control_id: text(20) | None = None


class FindingUpdate(Input):
    title: text(300, min_length=1, pattern=NOT_BLANK)
    severity: SeverityName
    remediation: text(10_000) = ""


class RequestRemediation(Input):
    action: Literal["request_remediation"]
    due_date: date = Field(description="Today or later")
    message: text(4000) | None = None


class AcceptRisk(Input):
    action: Literal["accept_risk"]
    justification: Reason
    expires_on: date = Field(description="After today: an acceptance must end")


class CloseOrReopen(Input):
    action: Literal["close", "reopen"]
    comment: Reason


class FindingAction(RootModel[Annotated[RequestRemediation | AcceptRisk | CloseOrReopen,
                                        Field(discriminator="action")]]):
    """An action on a finding; each action declares the fields it needs."""


class FindingReplyIn(Input):
    body: text(10_000, min_length=1, pattern=NOT_BLANK)


# ---- decisions ----------------------------------------------------------------------------

class DecisionIn(Input):
    decision: DecisionName
    conditions: text(10_000) | None = Field(None, description="Required to approve with "
                                                              "conditions")
    comment: text(10_000) | None = Field(None, description="Required to reject")


class DecisionOut(Output):
    id: int
    vendor_id: int
    assessment_id: int | None
    score_record_id: int | None
    decision: DecisionName
    conditions: str | None
    comment: str
    decided_by_id: int | None
    decided_at: datetime


class DecisionList(Output):
    data: list[DecisionOut]


# ---- webhooks -----------------------------------------------------------------------------

WebhookEvent = Literal["assessment.submitted", "certificate.expiring", "decision.made"]


class WebhookCreate(Input):
    url: text(2000, min_length=1, pattern=r"^https?://[^\s\x00]+$")
    events: list[WebhookEvent] = Field(min_length=1, max_length=3)
    description: text(200) | None = None


class DeliveryOut(Output):
    id: int
    event_id: str
    event: str
    status: Literal["pending", "delivered", "failed"]
    attempts: int
    last_status_code: int | None
    last_error: str | None
    next_attempt_at: datetime | None
    created_at: datetime
    delivered_at: datetime | None


class WebhookOut(Output):
    id: int
    url: str
    events: list[str]
    description: str | None
    is_active: bool
    created_by_id: int | None
    created_at: datetime
    may_manage: bool = Field(description="You may test, rotate or remove it (its creator or an "
                                         "administrator)")
    recent_deliveries: list[DeliveryOut] = Field(description="Up to 20, newest first")


class WebhookSecret(WebhookOut):
    secret: str = Field(description="The signing secret (whsec_...): shown only in this reply")


class WebhookList(Output):
    data: list[WebhookOut]


# ---- jobs: bulk sending and exports -------------------------------------------------------

class JobOut(Output):
    id: int
    kind: str
    title: str
    state: Literal["queued", "running", "succeeded", "failed"]
    done: int
    total: int | None
    percent: int | None
    message: str | None
    error: str | None
    finished: bool
    summary: str | None
    result: dict[str, Any] = Field(description="What the job produced (sent and skipped "
                                               "vendors, a file)")
    result_url: str | None = Field(description="Download the produced file, once succeeded")
    created_at: datetime
    finished_at: datetime | None


class JobPage(Output):
    data: list[JobOut]
    meta: PageMeta


class JobQuery(PageQuery):
    kind: text(60) | None = None


class BulkSend(Input):
    vendor_ids: list[Id] = Field(min_length=1, max_length=2000)
    template_version_id: Id
    title: text(200, min_length=1, pattern=NOT_BLANK)
    due_date: date = Field(description="Today or later")
    message: text(4000) | None = None


class EvidencePackExport(Input):
    date_from: date | None = None
    date_to: date | None = None
    vendor_ids: list[Id] = Field(default_factory=list, max_length=2000,
                                 description="Empty: every vendor")
