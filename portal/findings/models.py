"""Findings: gaps and contradictions that need remediation or a risk decision."""
from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import UTCDateTime, db, enum_type, utcnow

if TYPE_CHECKING:
    from portal.assessments.models import Assessment
    from portal.auth.models import User
    from portal.vendors.models import Vendor


class Severity(enum.Enum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def rank(self) -> int:
        return ("low", "medium", "high", "critical").index(self.value)


class FindingSource(enum.Enum):
    ANSWER = "answer"  # a poor or critical answer
    EVIDENCE = "evidence"  # evidence missing or expired
    CERTIFICATE = "certificate"  # a certificate problem or an answer/certificate contradiction
    MANUAL = "manual"  # raised by a reviewer

    @property
    def label(self) -> str:
        return {"answer": "Raised by scoring from an answer",
                "evidence": "Raised by scoring: evidence missing",
                "certificate": "Raised by a certificate check",
                "manual": "Raised by a reviewer"}[self.value]

    @property
    def is_automatic(self) -> bool:
        """Tell whether the portal raised it (not a person), whoever's action led to it."""
        return self is not FindingSource.MANUAL


class FindingStatus(enum.Enum):
    OPEN = "open"
    REMEDIATION_REQUESTED = "remediation_requested"
    RISK_ACCEPTED = "risk_accepted"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @property
    def is_open(self) -> bool:
        return self in (FindingStatus.OPEN, FindingStatus.REMEDIATION_REQUESTED)


class Finding(db.Model):
    __tablename__ = "findings"

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(sa.ForeignKey("vendors.id"), index=True)
    assessment_id: Mapped[int | None] = mapped_column(sa.ForeignKey("assessments.id"), index=True)
    # Stable identity of a generated finding (e.g. "critical:CORE-CUS-01:assessment:7"), so that
    # regenerating findings updates rather than duplicates them.
    key: Mapped[str] = mapped_column(sa.String(200))
    source: Mapped[FindingSource] = mapped_column(enum_type(FindingSource))
    severity: Mapped[Severity] = mapped_column(enum_type(Severity), index=True)
    status: Mapped[FindingStatus] = mapped_column(
        enum_type(FindingStatus), default=FindingStatus.OPEN, index=True
    )
    control_id: Mapped[str | None] = mapped_column(sa.String(16))
    question_id: Mapped[str | None] = mapped_column(sa.String(64))
    title: Mapped[str] = mapped_column(sa.String(300))
    detail: Mapped[str] = mapped_column(sa.Text, default="")
    remediation: Mapped[str] = mapped_column(sa.Text, default="")
    remediation_due_date: Mapped[date | None] = mapped_column(sa.Date)
    vendor_response: Mapped[str | None] = mapped_column(sa.Text)
    acceptance_justification: Mapped[str | None] = mapped_column(sa.Text)
    acceptance_approver_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    acceptance_expires_on: Mapped[date | None] = mapped_column(sa.Date)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    vendor: Mapped[Vendor] = relationship()
    assessment: Mapped[Assessment | None] = relationship()
    acceptance_approver: Mapped[User | None] = relationship(foreign_keys=[acceptance_approver_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])

    __table_args__ = (sa.UniqueConstraint("vendor_id", "key", name="uq_findings_vendor_key"),)
