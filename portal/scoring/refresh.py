"""Keep scores fresh: every change that affects a vendor's score re-scores it through a job.

The features whose changes affect a score (evidence links and reviews, certificate decisions and
expiry, findings) send a signal (their `signals.py`) inside their transaction; `init_app` subscribes
request_rescore() to it, so the job is queued in that same transaction and runs once it commits,
under the method version of the vendor's current score. It stores a new record with the reason,
or marks the current one as checked when nothing changed. An accepted assessment is scored at
once, in the reviewer's transaction. docs/scoring.md ("Never stale").
"""
from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa
from flask import Flask

from portal.assessments import signals as assessment_signals
from portal.assessments.models import Assessment
from portal.auth.models import User
from portal.certificates import signals as certificate_signals
from portal.evidence import signals as evidence_signals
from portal.extensions import db
from portal.findings import signals as finding_signals
from portal.jobs.models import Job, JobState
from portal.jobs.queue import enqueue_after_commit
from portal.jobs.registry import Progress
from portal.scoring.models import ScoreReason, ScoreRecord
from portal.scoring.services import (
    latest_accepted,
    latest_record,
    store_score,
)

KIND = "scoring.rescore"
MAX_REASONS = 10


def init_app(app: Flask) -> None:
    """Subscribe scoring to the changes that affect a score."""
    assessment_signals.accepted.connect(_on_assessment_accepted)
    certificate_signals.certificates_changed.connect(_on_inputs_changed)
    evidence_signals.evidence_changed.connect(_on_inputs_changed)
    finding_signals.finding_changed.connect(_on_finding_changed)


def _on_assessment_accepted(assessment: Assessment, *, actor: User) -> None:
    store_score(assessment, actor=actor, reason=ScoreReason.ACCEPTED)


def _on_inputs_changed(vendor_id: int, *, reason: str, actor: User | None) -> None:
    request_rescore(vendor_id, reason, actor=actor)


def _on_finding_changed(vendor_id: int, *, reason: str) -> None:
    # Residual risk counts the findings as they now stand: the re-score job recomputes it.
    request_rescore(vendor_id, reason)


def _prefix(vendor_id: int) -> str:
    return f"rescore:{vendor_id}:"


def request_rescore(vendor_id: int, reason: str, *, actor: User | None = None) -> Job | None:
    """Ask for the vendor's score to be recomputed once the caller's transaction commits.

    Requests made while one is still queued join it (their reasons are added to it). Nothing
    is queued for a vendor that has no accepted assessment yet.
    """
    if latest_accepted(vendor_id) is None:
        return None
    queued = db.session.scalar(sa.select(Job).where(
        Job.kind == KIND, Job.key.like(_prefix(vendor_id) + "%"), Job.state == JobState.QUEUED)
        .order_by(Job.id.desc()).limit(1))
    if queued is not None:
        reasons = list(queued.params.get("reasons", []))
        if reason not in reasons:
            queued.params = {**queued.params, "reasons": [*reasons, reason][-MAX_REASONS:]}
        return queued
    return enqueue_after_commit(KIND, {"vendor_id": vendor_id, "reasons": [reason]},
                                title=f"Update score of vendor {vendor_id}", actor=actor,
                                key=_prefix(vendor_id) + uuid.uuid4().hex)


def rescore_pending(vendor_id: int) -> bool:
    """Tell whether a re-score of the vendor is queued or running."""
    return db.session.scalar(sa.select(sa.func.count(Job.id)).where(
        Job.kind == KIND, Job.key.like(_prefix(vendor_id) + "%"),
        Job.state.in_((JobState.QUEUED, JobState.RUNNING)))) > 0


def rescore_vendor(vendor_id: int, reasons: list[str], *, actor: User | None = None,
                   as_of: date | None = None) -> ScoreRecord | None:
    """Re-score the vendor's latest accepted assessment under its current method version."""
    assessment: Assessment | None = latest_accepted(vendor_id)
    if assessment is None:
        return None
    current = latest_record(vendor_id)
    version = current.method_version if current is not None else None
    return store_score(assessment, actor=actor, reason=ScoreReason.CHANGE,
                       method_version=version, as_of=as_of,
                       detail="; ".join(reasons) or ScoreReason.CHANGE.label)


def run_rescore(progress: Progress, vendor_id: int, reasons: list[str]) -> dict:
    """Job: re-score the vendor and commit (a change made meanwhile queues another job)."""
    score = rescore_vendor(vendor_id, reasons, actor=progress.job.created_by)
    db.session.commit()
    if score is None:
        return {"stored": False}
    return {"score_id": score.id, "overall": score.overall, "residual": score.residual_risk}
