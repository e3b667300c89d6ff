"""The contract manager's decision on a vendor: approve, approve with conditions, reject."""
from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import UTCDateTime, db, enum_type, utcnow

if TYPE_CHECKING:
    from portal.assessments.models import Assessment
    from portal.auth.models import User
    from portal.vendors.models import Vendor


class Decision(enum.Enum):
    APPROVE = "approve"
    APPROVE_WITH_CONDITIONS = "approve_with_conditions"
    REJECT = "reject"

    @property
    def label(self) -> str:
        return {"approve": "Approved", "approve_with_conditions": "Approved with conditions",
                "reject": "Rejected"}[self.value]


class VendorDecision(db.Model):
    """A contract manager's (or admin's) decision on a vendor after an assessment."""

    __tablename__ = "vendor_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(sa.ForeignKey("vendors.id"), index=True)
    assessment_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("assessments.id", ondelete="SET NULL"), index=True
    )
    score_record_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("score_records.id", ondelete="SET NULL")
    )
    decision: Mapped[Decision] = mapped_column(enum_type(Decision))
    conditions: Mapped[str | None] = mapped_column(sa.Text)
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    vendor: Mapped[Vendor] = relationship()
    assessment: Mapped[Assessment | None] = relationship()
    decided_by: Mapped[User | None] = relationship()
