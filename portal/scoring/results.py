"""Inputs to and results of the scoring engine: frozen dataclasses, no behaviour to speak of."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

# QuestionScore.status values.
SCORED = "scored"  # answered with a scored option: counts
UNANSWERED = "unanswered"  # visible and scored but no usable answer: counts as 0
NOT_APPLICABLE = "not_applicable"  # answered "not applicable": leaves the denominator
# answered "not applicable" but no reviewer accepted it (method v2): counts as 0
NA_UNACCEPTED = "not_applicable_unaccepted"
HIDDEN = "hidden"  # display condition false: ignored, stale answers included
UNSCORED = "unscored"  # text/number/date, or weight 0: informational only

FINDING_STATUSES = ("open", "accepted", "closed")


@dataclass(frozen=True)
class AnswerInput:
    question_id: str
    value: object | None
    evidence: str = "self_attested"  # an evidence level id of the method
    note: str = ""  # why linked evidence did not count, added to the question's reason
    accepted: bool = False  # a reviewer accepted this answer (decides whether N/A counts, v2)


@dataclass(frozen=True)
class CheckInput:
    """One stored verification check of a certificate (portal.certificates.verification)."""

    code: str  # e.g. "organisation", "scope", "expiry"
    status: str  # pass | warning | fail
    message: str = ""


@dataclass(frozen=True)
class CertificateInput:
    """A certificate on file: the method decides from its stored checks whether it lifts."""

    standard: str  # a method certificate rule's standard, e.g. "iso42001"
    reference: str = ""  # shown in reasons, e.g. the certificate number
    status: str = "accepted"  # accepted | needs_review (only accepted ones lift)
    in_date: bool = True  # issued and not expired on the scoring date
    checks: tuple[CheckInput, ...] = ()  # as stored when read or accepted
    override: str = ""  # a reviewer's reason for accepting it over failed checks
    organisation: str = ""  # the certified organisation as printed


@dataclass(frozen=True)
class FindingInput:
    """A stored finding, for the residual-risk adjustment."""

    severity: str  # low | medium | high | critical
    status: str  # open | accepted | closed
    key: str | None = None  # matches GeneratedFinding.key when the finding came from scoring
    accepted_until: date | None = None  # acceptance expiry; None: no expiry recorded
    title: str = ""
    # Raised by scoring from an answer or its evidence: closed once no longer raised.
    is_generated: bool = False


@dataclass(frozen=True)
class QuestionScore:
    question_id: str
    text: str
    controls: tuple[str, ...]
    weight: float
    critical: bool
    value: object | None
    answer: str  # human-readable answer, e.g. "Partially"
    status: str  # scored | unanswered | not_applicable | not_applicable_unaccepted | hidden
    #              | unscored
    applicable: bool  # counts in the denominator (scored or unanswered)
    answered: bool
    score: float | None  # 0..1; 0 when unanswered; None when not counted
    declared_evidence: str  # the level the answer came with
    evidence: str  # the level used, after certificate lifts
    lifted_by: str  # certificate standard that lifted the level, or ""
    factor: float | None  # evidence factor; 0 when unanswered; None when not counted
    weighted: float | None  # score x factor
    critical_failure: bool
    reason: str


@dataclass(frozen=True)
class ControlScore:
    control_id: str
    title: str
    kind: str  # annex_a | clause
    group: str  # objective group id used for scoring (clauses share one group)
    group_title: str
    score: float | None  # evidence-weighted, 0..100; None: no applicable question
    raw_score: float | None  # answers only, 0..100
    confidence: float | None  # 0..1
    weight: float  # total weight of the applicable questions
    questions: tuple[QuestionScore, ...]  # visible scored questions, N/A ones included


@dataclass(frozen=True)
class GroupScore:
    group: str
    title: str
    weight: float  # weight in the overall score (method file)
    score: float | None
    raw_score: float | None
    confidence: float | None
    controls: tuple[ControlScore, ...]
    # Method v2 (rollup by question weight): the questions whose primary control is in this
    # group, each counted once, and their total applicable weight. The group's share of the
    # overall score is weight x question_weight. Empty under v1 (mean of the controls).
    questions: tuple[QuestionScore, ...] = ()
    question_weight: float = 0.0
    basis: str = "control_mean"  # the method's rollup.by

    @property
    def overall_weight(self) -> float:
        """Return the group's weight in the overall score under its method's roll-up."""
        return self.weight * self.question_weight if self.basis == "question_weight" \
            else self.weight


@dataclass(frozen=True)
class HeadlineScore:
    title: str
    control_ids: tuple[str, ...]
    score: float | None
    raw_score: float | None
    confidence: float | None
    questions: tuple[QuestionScore, ...]  # each question once


@dataclass(frozen=True)
class GeneratedFinding:
    key: str  # stable: "<kind>:<question id>", e.g. "critical:CORE-CUS-01"
    kind: str  # critical_answer | poor_answer | missing_evidence | any kind a caller adds
    severity: str  # low | medium | high | critical
    control_id: str | None  # the question's first control
    question_id: str | None
    title: str
    detail: str
    remediation: str
    controls: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScoreResult:
    method_version: str
    template_key: str
    template_version: int
    inherent_tier: str | None
    overall: float | None  # evidence-weighted, 0..100
    raw_overall: float | None
    confidence: float | None
    completeness: float | None  # share of applicable weight that was answered, 0..1
    effectiveness_band: str
    effectiveness_label: str
    third_party: HeadlineScore
    groups: tuple[GroupScore, ...]
    controls: tuple[ControlScore, ...]
    questions: tuple[QuestionScore, ...]  # every template question, template order
    findings: tuple[GeneratedFinding, ...]
    residual_risk: str  # low | medium | high | critical
    residual_reasons: tuple[str, ...]
    warnings: tuple[str, ...] = ()
    # One sentence saying what decides the residual risk (why two similar scores differ).
    residual_summary: str = ""
    # Certificates and what they did: lifted, lifted over an override, or blocked by a check.
    certificate_notes: tuple[str, ...] = ()
    # Certificates on file issued to another legal entity, not overridden (method v2 on).
    identity_issues: tuple[str, ...] = ()
    # Share of the shown scored questions' weight answered "not applicable" (accepted or not),
    # 0..1: shown next to completeness, because N/A answers leave completeness untouched.
    not_applicable_rate: float | None = None

    def control(self, control_id: str) -> ControlScore | None:
        """Return the score of one control, or None when no question maps to it."""
        return next((c for c in self.controls if c.control_id == control_id), None)

    def group(self, group_id: str) -> GroupScore | None:
        """Return the score of one objective group, or None."""
        return next((g for g in self.groups if g.group == group_id), None)

    def question(self, question_id: str) -> QuestionScore | None:
        """Return the score of one question, or None."""
        return next((q for q in self.questions if q.question_id == question_id), None)

    def to_dict(self) -> dict:
        """Return a JSON-serialisable form for storing with the assessment."""
        return asdict(self)
