"""Stored scores: one record per computation of an assessment's score."""
from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import UTCDateTime, db, enum_type, utcnow

if TYPE_CHECKING:
    from portal.assessments.models import Assessment
    from portal.auth.models import User
    from portal.vendors.models import Vendor


class ScoreReason(enum.Enum):
    ACCEPTED = "accepted"  # scored when the assessment was accepted
    RESCORE = "rescore"  # `portal scoring rescore`, possibly under another method version
    MANUAL = "manual"  # the "Recalculate" button
    CHANGE = "change"  # re-scored by a job because something that affects the score changed

    @property
    def label(self) -> str:
        return {"accepted": "Assessment accepted", "rescore": "Re-scored",
                "manual": "Recalculated", "change": "Updated"}[self.value]


class ScoreRecord(db.Model):
    """One computation of an assessment's score; never edited except for current residual risk."""

    __tablename__ = "score_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("assessments.id", ondelete="CASCADE"), index=True
    )
    vendor_id: Mapped[int] = mapped_column(sa.ForeignKey("vendors.id"), index=True)
    method_version: Mapped[str] = mapped_column(sa.String(16))
    template_key: Mapped[str] = mapped_column(sa.String(64))
    template_version: Mapped[int]
    inherent_tier: Mapped[str | None] = mapped_column(sa.String(16))
    overall: Mapped[float | None]
    raw_overall: Mapped[float | None]
    confidence: Mapped[float | None]
    completeness: Mapped[float | None]
    third_party: Mapped[float | None]
    band: Mapped[str] = mapped_column(sa.String(32))
    # The engine's residual risk (as in result); residual_updated_at: when a re-score last found
    # it unchanged against the vendor's findings (a finding change re-scores through a job).
    residual_risk: Mapped[str] = mapped_column(sa.String(16), index=True)
    residual_reasons: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    residual_updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    result: Mapped[dict[str, Any]] = mapped_column(sa.JSON)  # ScoreResult.to_dict()
    evidence: Mapped[dict[str, str]] = mapped_column(sa.JSON, default=dict)  # question -> level
    certificates: Mapped[list[dict[str, str]]] = mapped_column(sa.JSON, default=list)
    reason: Mapped[ScoreReason] = mapped_column(enum_type(ScoreReason))
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    # What changed, in words ("Evidence linked to CORE-RESP-01"); shown in the score history.
    reason_detail: Mapped[str | None] = mapped_column(sa.String(500))
    # The inputs it was computed from: answers, documents, reviews, certificates, findings.
    inputs: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    # Last time a re-score found the same result (nothing stored anew).
    checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    computed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    assessment: Mapped[Assessment] = relationship()
    vendor: Mapped[Vendor] = relationship()
    computed_by: Mapped[User | None] = relationship()
