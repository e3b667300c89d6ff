"""Write the findings a score raises: new rows, updates, reopenings and resolutions.

Scoring decides what changes (`scoring.findings.plan_findings`, pure: the engine's residual
risk counts the findings as they will stand) and hands the plan here; this module owns the
rows and their audit events (docs/scoring.md).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from portal.assessments.models import Assessment
from portal.audit.services import record
from portal.auth.models import User
from portal.extensions import db, utcnow
from portal.findings.models import Finding, FindingSource, FindingStatus, Severity

# Keys of the findings a score raises; only these are closed when no longer raised.
GENERATED_PREFIXES = ("critical:", "poor:", "evidence:")
_SOURCE = {"critical_answer": FindingSource.ANSWER, "poor_answer": FindingSource.ANSWER,
           "missing_evidence": FindingSource.EVIDENCE}


class RaisedFinding(Protocol):
    """A finding the scoring engine raised (scoring.results.GeneratedFinding has these)."""

    @property
    def key(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def severity(self) -> str: ...
    @property
    def control_id(self) -> str | None: ...
    @property
    def question_id(self) -> str | None: ...
    @property
    def title(self) -> str: ...
    @property
    def detail(self) -> str: ...
    @property
    def remediation(self) -> str: ...


@dataclass(frozen=True)
class PlannedUpdate:
    """A stored finding raised again, with its severity now and whether it is reopened."""

    stored: Finding
    raised: RaisedFinding
    severity: str
    reopen: bool


@dataclass
class SyncSummary:
    created: int = 0
    updated: int = 0
    reopened: int = 0
    resolved: int = 0


def record_generated(assessment: Assessment, *, raised: Sequence[RaisedFinding],
                     updated: Sequence[PlannedUpdate], resolved: Sequence[Finding],
                     actor: User | None) -> SyncSummary:
    """Raise, update, reopen and close the vendor's generated findings as scoring planned."""
    summary = SyncSummary()
    label = None if actor else "system"
    for item in raised:
        finding = Finding(
            vendor_id=assessment.vendor_id, assessment_id=assessment.id, key=item.key,
            source=_SOURCE.get(item.kind, FindingSource.CERTIFICATE),
            severity=Severity(item.severity), status=FindingStatus.OPEN,
            control_id=item.control_id, question_id=item.question_id, title=item.title[:300],
            detail=item.detail, remediation=item.remediation,
            created_by_id=None)  # raised by the portal ("System"), not by the actor
        db.session.add(finding)
        db.session.flush()
        summary.created += 1
        record(actor, "finding.raised", f"Raised {item.severity} finding: {item.title}"[:500],
               obj=finding, vendor_id=assessment.vendor_id, assessment_id=assessment.id,
               details={"key": item.key}, actor_label=label)
    for update in updated:
        finding, item = update.stored, update.raised
        finding.assessment_id = assessment.id
        finding.detail = item.detail
        finding.control_id, finding.question_id = item.control_id, item.question_id
        finding.severity = Severity(update.severity)
        summary.updated += 1
        if update.reopen:
            old = finding.status
            finding.status, finding.closed_at = FindingStatus.OPEN, None
            summary.reopened += 1
            record(actor, "finding.reopened",
                   f"Reopened finding {finding.key}: the answer got worse", obj=finding,
                   vendor_id=assessment.vendor_id, assessment_id=assessment.id,
                   details={"from": old.value, "key": finding.key}, actor_label=label)
    for finding in resolved:
        finding.status, finding.closed_at = FindingStatus.CLOSED, utcnow()
        summary.resolved += 1
        record(actor, "finding.resolved",
               f"Closed finding {finding.key}: no longer raised by “{assessment.title}”",
               obj=finding, vendor_id=assessment.vendor_id, assessment_id=assessment.id,
               details={"key": finding.key}, actor_label=label)
    db.session.flush()
    return summary
