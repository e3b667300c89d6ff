"""The conversation on a finding: vendor remediation plans, staff notes, attached evidence."""
from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import UTCDateTime, db, enum_type, utcnow

if TYPE_CHECKING:
    from portal.auth.models import User
    from portal.documents.models import Document
    from portal.findings.models import Finding


class ReplyKind(enum.Enum):
    VENDOR_PLAN = "vendor_plan"
    STAFF_NOTE = "staff_note"

    @property
    def label(self) -> str:
        return {"vendor_plan": "Vendor response", "staff_note": "Staff note"}[self.value]


class FindingReply(db.Model):
    __tablename__ = "finding_replies"

    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(
        sa.ForeignKey("findings.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[ReplyKind] = mapped_column(enum_type(ReplyKind))
    body: Mapped[str] = mapped_column(sa.Text)
    document_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("documents.id", ondelete="SET NULL")
    )
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    finding: Mapped[Finding] = relationship()
    document: Mapped[Document | None] = relationship()
    author: Mapped[User | None] = relationship()
