"""Assemble a vendor's scorecard: stored score, explanation, findings, certificates, decision.

The scorecard is a surface over the workflow packages: it reads scoring's records, the open
findings, the certificates (and which of them lift answers) and the decisions, and imports each
of them; none of them imports it.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa

from portal.auth.models import User
from portal.certificates.services import vendor_certificates
from portal.decisions.models import VendorDecision
from portal.decisions.services import decisions_for
from portal.extensions import db
from portal.findings.models import Finding, FindingStatus
from portal.scoring import LEVEL_LABELS, Method, ScoreResult
from portal.scoring.charts import HistoryPoint, TrendPoint
from portal.scoring.models import ScoreReason, ScoreRecord
from portal.scoring.refresh import rescore_pending
from portal.scoring.residual import summarise
from portal.scoring.services import (
    ScoringUnavailable,
    accepted_certificates,
    latest_accepted,
    latest_for_assessment,
    method_for,
    store_score,
    stored_result,
)
from portal.vendors.models import Vendor


@dataclass(frozen=True)
class CertificateRow:
    name: str
    status: str
    expires_on: date | None = None
    document_id: int | None = None


@dataclass
class Scorecard:
    vendor: Vendor
    score: ScoreRecord | None
    result: ScoreResult | None
    method: Method | None
    decision: VendorDecision | None
    decisions: list[VendorDecision]
    findings: list[Finding]
    certificates: list[CertificateRow]
    trend: list[TrendPoint]
    history: list[ScoreRecord] = field(default_factory=list)
    pending: bool = False  # a re-score job is queued or running
    summary: str = ""  # one sentence: what decides the residual risk

    def history_points(self) -> list[HistoryPoint]:
        """Return the stored scores oldest first, numbered, with what changed."""
        ordered = list(reversed(self.history))
        return [HistoryPoint(i + 1, s.overall, s.reason_detail or s.reason.label)
                for i, s in enumerate(ordered)]

    @property
    def residual_label(self) -> str:
        return LEVEL_LABELS.get(self.score.residual_risk, "—") if self.score else "Not scored"


def certificate_rows(vendor_id: int, as_of: date) -> list[CertificateRow]:
    """List the vendor's certificates with their status and whether they lift answers."""
    lifting = {c.reference for c in accepted_certificates(vendor_id, as_of)}
    rows = []
    for cert in vendor_certificates(vendor_id):
        number = cert.certificate_number or ""
        name = " ".join(filter(None, [cert.standard, number])) or cert.document.original_name
        status = cert.status.label
        if cert.expiry_date is not None and cert.expiry_date < as_of:
            status += "; expired"
        if number and number in lifting:
            status += "; lifts answers in the score"
        rows.append(CertificateRow(name, status, cert.expiry_date, cert.document_id))
    return rows


def score_history(vendor_id: int) -> list[ScoreRecord]:
    """Return every stored score of a vendor, newest first."""
    return list(db.session.scalars(sa.select(ScoreRecord)
                                   .options(sa.orm.selectinload(ScoreRecord.computed_by),
                                            sa.orm.selectinload(ScoreRecord.assessment))
                                   .where(ScoreRecord.vendor_id == vendor_id)
                                   .order_by(ScoreRecord.id.desc())))


def trend_points(history: Sequence[ScoreRecord]) -> list[TrendPoint]:
    """Return one point per assessed cycle (its newest score), oldest first."""
    newest: dict[int, ScoreRecord] = {}
    for score in history:  # newest first: keep the first seen per assessment
        newest.setdefault(score.assessment_id, score)
    points = []
    for score in newest.values():
        closed = score.assessment.closed_at or score.computed_at
        points.append(TrendPoint(closed.date(), score.overall, score.third_party,
                                 score.method_version))
    return sorted(points, key=lambda p: p.on)


def open_findings(vendor_id: int) -> list[Finding]:
    """Return the vendor's findings still needing action or accepted, worst first."""
    findings = db.session.scalars(sa.select(Finding).where(
        Finding.vendor_id == vendor_id, Finding.status != FindingStatus.CLOSED))
    return sorted(findings, key=lambda f: (-f.severity.rank, f.id))


def build_scorecard(vendor: Vendor, *, score_id: int | None = None,
                    as_of: date | None = None) -> Scorecard:
    """Assemble the scorecard of a vendor: its latest score, or one chosen stored score."""
    as_of = as_of or date.today()
    history = score_history(vendor.id)
    score = next((s for s in history if s.id == score_id), None) if score_id else None
    score = score or (history[0] if history else None)
    decisions = decisions_for(vendor.id)
    return Scorecard(
        vendor=vendor, score=score, result=stored_result(score) if score else None,
        method=method_for(score.method_version) if score else None,
        decision=decisions[0] if decisions else None, decisions=decisions,
        findings=open_findings(vendor.id), certificates=certificate_rows(vendor.id, as_of),
        trend=trend_points(history), history=history, pending=rescore_pending(vendor.id),
        summary=summarise(score.residual_risk, score.residual_reasons) if score else "")


def recalculate(vendor: Vendor, *, actor: User) -> ScoreRecord:
    """Re-score the latest accepted assessment under the method version it was scored with.

    Raises: ScoringUnavailable when the vendor has no accepted assessment.
    """
    assessment = latest_accepted(vendor.id)
    if assessment is None:
        raise ScoringUnavailable("The vendor has no accepted assessment to score.")
    previous = latest_for_assessment(assessment.id)
    return store_score(assessment, actor=actor, reason=ScoreReason.MANUAL,
                       method_version=previous.method_version if previous else None)
