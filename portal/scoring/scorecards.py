"""Assemble a vendor's scorecard: stored score, explanation, findings, certificates, decision.

Integration points with the certificates feature (optional, looked up at run time):
`portal.certificates.services.scoring_certificates(vendor_id, as_of)` (accepted, unexpired,
covering the product: they lift answers), `vendor_certificates(vendor_id)` (the list shown) and,
if it exists, `certificate_expiries(vendor_ids)`; else its Certificate model is queried for
expiry dates. Without the feature the scorecard lists uploaded certificate documents.
"""
from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa

from portal.auth.models import User
from portal.decisions.models import VendorDecision
from portal.decisions.services import decisions_for
from portal.documents.models import Document, DocumentKind
from portal.extensions import db
from portal.findings.models import Finding, FindingStatus
from portal.scoring import LEVEL_LABELS, Method, ScoreResult
from portal.scoring.charts import HistoryPoint, TrendPoint
from portal.scoring.inputs import certificates_module
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


CERTIFICATE_MODELS = "portal.certificates.models"


def _certificate_model():
    if importlib.util.find_spec(CERTIFICATE_MODELS) is None:
        return None
    return importlib.import_module(CERTIFICATE_MODELS)


def knows_certificate_expiry() -> bool:
    """Tell whether certificate expiry dates are available (the certificates feature is in)."""
    module = certificates_module()
    return bool(module and hasattr(module, "certificate_expiries")) or bool(
        _certificate_model())


def certificate_expiries(vendor_ids: Sequence[int], *, today: date | None = None
                         ) -> Mapping[int, date]:
    """Return per vendor the nearest expiry of its accepted certificates (or the last one).

    Uses `certificate_expiries(vendor_ids)` of the certificates services when it exists, else
    one grouped query on its Certificate model; without the feature, nothing.
    """
    if not vendor_ids:
        return {}
    module = certificates_module()
    provider = getattr(module, "certificate_expiries", None) if module else None
    if provider is not None:
        return dict(provider(list(vendor_ids)))
    models = _certificate_model()
    if models is None:
        return {}
    cert, today = models.Certificate, today or date.today()
    upcoming = sa.func.min(sa.case((cert.expiry_date >= today, cert.expiry_date)))
    rows = db.session.execute(
        sa.select(cert.vendor_id, upcoming, sa.func.max(cert.expiry_date))
        .where(cert.vendor_id.in_(list(vendor_ids)),
               cert.status == models.CertificateStatus.ACCEPTED,
               cert.expiry_date.is_not(None))
        .group_by(cert.vendor_id))
    return {vendor_id: nearest or last for vendor_id, nearest, last in rows}


def certificate_rows(vendor_id: int, as_of: date) -> list[CertificateRow]:
    """List the vendor's certificates with their status (uploaded documents without the feature)."""
    module = certificates_module()
    lifting = {c.reference for c in accepted_certificates(vendor_id, as_of)}
    listing = getattr(module, "vendor_certificates", None) if module else None
    if listing is not None:
        rows = []
        for cert in listing(vendor_id):
            number = getattr(cert, "certificate_number", None) or ""
            name = " ".join(filter(None, [getattr(cert, "standard", None), number])) or \
                getattr(cert.document, "original_name", "Certificate")
            status = cert.status.label
            expiry = getattr(cert, "expiry_date", None)
            if expiry is not None and expiry < as_of:
                status += "; expired"
            if number and number in lifting:
                status += "; lifts answers in the score"
            rows.append(CertificateRow(name, status, expiry, cert.document_id))
        return rows
    documents = db.session.scalars(sa.select(Document).where(
        Document.vendor_id == vendor_id, Document.kind == DocumentKind.CERTIFICATE,
        Document.is_removed.is_(False)).order_by(Document.uploaded_at.desc()))
    return [CertificateRow(d.original_name, f"Uploaded {d.uploaded_at:%d %b %Y}; not checked",
                           document_id=d.id) for d in documents]


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


def finding_dict(finding: Finding) -> dict[str, Any]:
    """Return a finding as plain values for exports."""
    return {
        "id": finding.id, "key": finding.key, "severity": finding.severity.value,
        "status": finding.status.value, "source": finding.source.value,
        "control_id": finding.control_id, "question_id": finding.question_id,
        "title": finding.title, "detail": finding.detail, "remediation": finding.remediation,
        "remediation_due_date": _iso(finding.remediation_due_date),
        "vendor_response": finding.vendor_response,
        "acceptance_justification": finding.acceptance_justification,
        "acceptance_approver": (finding.acceptance_approver.email
                                if finding.acceptance_approver else None),
        "acceptance_expires_on": _iso(finding.acceptance_expires_on),
        "created_at": _iso(finding.created_at), "closed_at": _iso(finding.closed_at),
        "assessment_id": finding.assessment_id,
    }


def decision_dict(decision: VendorDecision | None) -> dict[str, Any] | None:
    """Return a decision as plain values for exports."""
    if decision is None:
        return None
    return {"decision": decision.decision.value, "label": decision.decision.label,
            "conditions": decision.conditions, "comment": decision.comment,
            "decided_by": decision.decided_by.email if decision.decided_by else None,
            "decided_at": _iso(decision.decided_at), "assessment_id": decision.assessment_id}


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
