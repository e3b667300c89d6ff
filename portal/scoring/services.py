"""Score assessments into stored ScoreRecords, keep findings in step, re-score under a method.

The engine (portal.scoring.engine) is pure; this module gathers its inputs from the database
(answers, evidence levels, accepted certificates, stored findings) and stores what it returns.
docs/scoring.md ("Stored scores") describes the rules for people.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask import has_app_context

from portal.assessments.lifecycle import AssessmentStatus
from portal.assessments.models import Assessment, ReviewStatus
from portal.audit.services import record
from portal.auth.models import User
from portal.domain import DomainError
from portal.extensions import db, utcnow
from portal.findings.generated import (
    GENERATED_PREFIXES,
    PlannedUpdate,
    SyncSummary,
    record_generated,
)
from portal.findings.models import Finding, FindingSource, FindingStatus
from portal.questionnaires.bank import Catalogue, load_catalogue
from portal.questionnaires.templates import load_pinned
from portal.scoring import (
    AnswerInput,
    CertificateInput,
    FindingInput,
    Method,
    ScoreResult,
    load_method,
    score_assessment,
)
from portal.scoring.exports import result_from_dict
from portal.scoring.findings import plan_findings
from portal.scoring.inputs import EvidenceInputs, evidence_inputs, vendor_certificates
from portal.scoring.lifts import lifts
from portal.scoring.models import ScoreReason, ScoreRecord
from portal.settings.current import current_settings


class ScoringUnavailable(DomainError):
    """The assessment cannot be scored (not accepted, or nothing to score); message says why."""


@functools.cache
def catalogue() -> Catalogue:
    """Return the control catalogue, read once per process."""
    return load_catalogue()


def method_for(version: str | None = None) -> Method:
    """Return a scoring method by version; None: the configured one (SCORING_METHOD), else
    the latest. Each file is read once per process."""
    if version is None and has_app_context():
        version = current_settings().scoring_method
    return _method(version)


@functools.cache
def _method(version: str | None) -> Method:
    return load_method(version=version, catalogue=catalogue())


def accepted_certificates(vendor_id: int, as_of: date) -> list[CertificateInput]:
    """Return the vendor's certificates that lift answers under the latest method."""
    method = method_for(None)
    return [c for c in vendor_certificates(vendor_id, as_of) if lifts(c, method)]


def finding_input(finding: Finding) -> FindingInput:
    """Turn a stored finding into the engine's residual-risk input."""
    status = {FindingStatus.RISK_ACCEPTED: "accepted", FindingStatus.CLOSED: "closed"}.get(
        finding.status, "open")
    return FindingInput(severity=finding.severity.value, status=status, key=finding.key,
                        accepted_until=finding.acceptance_expires_on, title=finding.title,
                        is_generated=_is_generated(finding))


def _is_generated(finding: Finding) -> bool:
    return (finding.source in (FindingSource.ANSWER, FindingSource.EVIDENCE)
            and (finding.key or "").startswith(GENERATED_PREFIXES))


def vendor_findings(vendor_id: int) -> list[Finding]:
    """Return every stored finding of a vendor."""
    return list(db.session.scalars(sa.select(Finding).where(Finding.vendor_id == vendor_id)
                                   .order_by(Finding.id)))


def compute(assessment: Assessment, *, method: Method, as_of: date | None = None,
            previous: ScoreRecord | None = None, records_findings: bool | None = None
            ) -> tuple[ScoreResult, EvidenceInputs, list[CertificateInput]]:
    """Score an assessment as it stands now, without storing anything.

    previous is the vendor's latest score (looked up when not given); records_findings tells
    whether the assessment's findings become the vendor's (it is the latest accepted one).
    """
    as_of = as_of or date.today()
    if previous is None:
        previous = latest_record(assessment.vendor_id)
    if records_findings is None:
        records_findings = _records_findings(assessment)
    template = load_pinned(assessment.template_version)
    evidence = evidence_inputs(assessment, template, method, as_of)
    inputs = {a.question_id: AnswerInput(a.question_id, a.value,
                                         evidence.levels.get(a.question_id, "self_attested"),
                                         evidence.notes.get(a.question_id, ""),
                                         accepted=a.review_status is ReviewStatus.ACCEPTED)
              for a in assessment.answers}
    certificates = vendor_certificates(assessment.vendor_id, as_of)
    tier = assessment.vendor.inherent_tier
    result = score_assessment(
        template, inputs, inherent_tier=tier.value if tier else None, method=method,
        catalogue=catalogue(), findings=[finding_input(f) for f in
                                         vendor_findings(assessment.vendor_id)],
        certificates=certificates, as_of=as_of, previous_scores=_question_scores(previous),
        records_findings=records_findings)
    return result, evidence, certificates


def _records_findings(assessment: Assessment) -> bool:
    # Findings follow the vendor's latest accepted assessment only.
    latest = latest_accepted(assessment.vendor_id)
    return latest is None or latest.id == assessment.id


def latest_record(vendor_id: int) -> ScoreRecord | None:
    """Return the vendor's most recent score."""
    return db.session.scalar(sa.select(ScoreRecord).where(ScoreRecord.vendor_id == vendor_id)
                             .order_by(ScoreRecord.id.desc()).limit(1))


def latest_accepted(vendor_id: int) -> Assessment | None:
    """Return the vendor's most recently accepted assessment."""
    return db.session.scalar(
        sa.select(Assessment)
        .where(Assessment.vendor_id == vendor_id, Assessment.status == AssessmentStatus.ACCEPTED)
        .order_by(Assessment.closed_at.desc().nulls_last(), Assessment.id.desc()).limit(1))


def store_score(assessment: Assessment, *, actor: User | None, reason: ScoreReason,
                method_version: str | None = None, as_of: date | None = None,
                detail: str | None = None) -> ScoreRecord:
    """Score an accepted assessment, store the record, sync findings and audit it.

    detail says in words what changed ("Certificate 12 accepted"). A re-score after a change
    (reason CHANGE) that gives exactly the latest record's result stores nothing new: the latest
    record is marked as checked again and returned.

    Raises:
        ScoringUnavailable: when the assessment is not accepted.
    """
    if assessment.status is not AssessmentStatus.ACCEPTED:
        raise ScoringUnavailable("Only accepted assessments are scored.")
    as_of = as_of or date.today()
    method = method_for(method_version)
    previous = latest_record(assessment.vendor_id)
    records = _records_findings(assessment)
    result, evidence, certificates = compute(assessment, method=method, as_of=as_of,
                                             previous=previous, records_findings=records)
    if records:
        sync_findings(assessment, result, actor=actor, previous=previous)
    # The engine counted the findings as sync_findings leaves them: its residual risk stands.
    level, reasons = result.residual_risk, result.residual_reasons
    data = result.to_dict()
    data.update(residual_reasons=list(reasons))
    used = [{"standard": c.standard, "reference": c.reference,
             **({"override": c.override} if c.override else {})}
            for c in certificates if lifts(c, method)]
    inputs = {"answers": sum(1 for a in assessment.answers if a.value not in (None, "", [])),
              "documents": evidence.documents, "reviewed": evidence.reviewed,
              "certificates": [f"{c['standard']} {c['reference']}".strip() for c in used],
              "open_findings": sum(1 for f in vendor_findings(assessment.vendor_id)
                                   if f.status.is_open),
              "accepted_on": assessment.closed_at.date().isoformat()
              if assessment.closed_at else None}
    if (reason is ScoreReason.CHANGE and previous is not None
            and previous.assessment_id == assessment.id
            and previous.method_version == method.version and previous.result == data
            and previous.evidence == evidence.levels):
        previous.checked_at = previous.residual_updated_at = utcnow()
        return previous
    score = ScoreRecord(
        assessment_id=assessment.id, vendor_id=assessment.vendor_id,
        method_version=result.method_version, template_key=result.template_key,
        template_version=result.template_version, inherent_tier=result.inherent_tier,
        overall=result.overall, raw_overall=result.raw_overall, confidence=result.confidence,
        completeness=result.completeness, third_party=result.third_party.score,
        band=result.effectiveness_band, residual_risk=level, residual_reasons=list(reasons),
        residual_updated_at=utcnow(), result=data, evidence=evidence.levels,
        certificates=used, reason=reason, reason_detail=(detail or reason.label)[:500],
        inputs=inputs, computed_at=utcnow(), computed_by_id=getattr(actor, "id", None))
    db.session.add(score)
    db.session.flush()
    old = (f"{previous.overall} ({previous.method_version})"
           if previous and previous.assessment_id == assessment.id else "none")
    record(actor, f"score.{reason.value}",
           f"Scored “{assessment.title}” under method {score.method_version}: overall "
           f"{_fmt(score.overall)}, third-party {_fmt(score.third_party)}, residual risk "
           f"{score.residual_risk}", obj=score, vendor_id=assessment.vendor_id,
           assessment_id=assessment.id,
           details={"method": score.method_version, "overall": score.overall,
                    "third_party": score.third_party, "residual": score.residual_risk,
                    "previous": old, "why": score.reason_detail},
           actor_label=None if actor else "system")
    return score


def _fmt(value: float | None) -> str:
    return "none" if value is None else f"{value:.1f}"


def _question_scores(score: ScoreRecord | None) -> dict[str, float | None]:
    if score is None:
        return {}
    return {q["question_id"]: q.get("score") for q in score.result.get("questions", [])}


def sync_findings(assessment: Assessment, result: ScoreResult, *, actor: User | None,
                  previous: ScoreRecord | None) -> SyncSummary:
    """Record the generated findings as the engine counted them (`plan_findings`).

    Upserts by (vendor, key); a closed or accepted finding is reopened only when the answer got
    worse (higher severity, or a lower answer score than in the previous score). Open generated
    findings that the assessment no longer raises are closed as resolved. The findings feature
    writes the rows (`findings.generated`).
    """
    stored = vendor_findings(assessment.vendor_id)
    plan = plan_findings([finding_input(f) for f in stored], result.findings,
                         _question_scores(previous),
                         {q.question_id: q.score for q in result.questions})
    return record_generated(
        assessment, raised=plan.raised, resolved=[stored[i] for i in plan.resolved],
        updated=[PlannedUpdate(stored[u.index], u.finding, u.severity, u.reopen)
                 for u in plan.updated], actor=actor)


@dataclass(frozen=True)
class RescoreOutcome:
    assessment_id: int
    vendor_id: int
    vendor_name: str
    title: str
    old_method: str | None
    old_overall: float | None
    old_residual: str | None
    new_method: str
    new_overall: float | None
    new_residual: str


def accepted_assessments(vendor_id: int | None = None) -> list[Assessment]:
    """Return accepted assessments, oldest first, optionally for one vendor."""
    query = sa.select(Assessment).where(Assessment.status == AssessmentStatus.ACCEPTED)
    if vendor_id is not None:
        query = query.where(Assessment.vendor_id == vendor_id)
    return list(db.session.scalars(query.order_by(Assessment.closed_at.asc().nulls_first(),
                                                  Assessment.id)))


def latest_for_assessment(assessment_id: int) -> ScoreRecord | None:
    """Return the newest score of one assessment."""
    return db.session.scalar(sa.select(ScoreRecord)
                             .where(ScoreRecord.assessment_id == assessment_id)
                             .order_by(ScoreRecord.id.desc()).limit(1))


def rescore(*, method_version: str | None, vendor_id: int | None = None, dry_run: bool = False,
            actor: User | None = None, as_of: date | None = None) -> list[RescoreOutcome]:
    """Re-score accepted assessments under a method version; one new record each unless dry."""
    method = method_for(method_version)
    outcomes = []
    for assessment in accepted_assessments(vendor_id):
        old = latest_for_assessment(assessment.id)
        if dry_run:
            result, _, _ = compute(assessment, method=method, as_of=as_of)
            new_overall, new_method = result.overall, result.method_version
            new_residual = result.residual_risk
        else:
            new = store_score(assessment, actor=actor, reason=ScoreReason.RESCORE,
                              method_version=method.version, as_of=as_of,
                              detail=f"Re-scored under method {method.version}")
            new_overall, new_method, new_residual = new.overall, new.method_version, \
                new.residual_risk
        outcomes.append(RescoreOutcome(
            assessment.id, assessment.vendor_id, assessment.vendor.legal_name, assessment.title,
            old.method_version if old else None, old.overall if old else None,
            old.residual_risk if old else None, new_method, new_overall, new_residual))
    return outcomes


def stored_result(score: ScoreRecord) -> ScoreResult:
    """Rebuild the engine's result from a stored record (for explanations and exports)."""
    return result_from_dict(score.result)


method_for.cache_clear = _method.cache_clear  # type: ignore[attr-defined]  # tests swap methods


def score_dict(score: ScoreRecord | None) -> dict[str, Any] | None:
    """Return a stored score's columns (not its full result) as plain values."""
    if score is None:
        return None
    return {"id": score.id, "assessment_id": score.assessment_id,
            "method_version": score.method_version, "template_key": score.template_key,
            "template_version": score.template_version, "inherent_tier": score.inherent_tier,
            "overall": score.overall, "raw_overall": score.raw_overall,
            "confidence": score.confidence, "completeness": score.completeness,
            "third_party": score.third_party, "band": score.band,
            "residual_risk": score.residual_risk, "residual_reasons": score.residual_reasons,
            "residual_updated_at": _iso(score.residual_updated_at),
            "reason": score.reason.value, "reason_detail": score.reason_detail,
            "inputs": score.inputs, "checked_at": _iso(score.checked_at),
            "computed_at": _iso(score.computed_at),
            "computed_by": score.computed_by.email if score.computed_by else None,
            "evidence": score.evidence, "certificates": score.certificates}


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None
