"""Uploaded files: evidence and certificates."""
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


class DocumentKind(enum.Enum):
    EVIDENCE = "evidence"
    CERTIFICATE = "certificate"


class Document(db.Model):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(sa.ForeignKey("vendors.id"), index=True)
    assessment_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("assessments.id", ondelete="SET NULL"), index=True
    )
    question_id: Mapped[str | None] = mapped_column(sa.String(64))
    kind: Mapped[DocumentKind] = mapped_column(
        enum_type(DocumentKind), default=DocumentKind.EVIDENCE
    )
    original_name: Mapped[str] = mapped_column(sa.String(255))
    stored_name: Mapped[str] = mapped_column(sa.String(64), unique=True)
    content_type: Mapped[str] = mapped_column(sa.String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64), index=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    is_removed: Mapped[bool] = mapped_column(default=False)

    vendor: Mapped[Vendor] = relationship()
    assessment: Mapped[Assessment | None] = relationship()
    uploaded_by: Mapped[User | None] = relationship()


class LinkReview(enum.Enum):
    PENDING = "pending"
    RELEVANT = "relevant"
    NOT_RELEVANT = "not_relevant"

    @property
    def label(self) -> str:
        return {"pending": "Not reviewed", "relevant": "Relevant",
                "not_relevant": "Not relevant"}[self.value]


class EvidenceLink(db.Model):
    """A document from the vendor's library offered as evidence for one answer.

    A file is stored once and may be linked to many answers; the reviewer's verdict is per link.
    """

    __tablename__ = "evidence_links"
    __table_args__ = (sa.UniqueConstraint("document_id", "assessment_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(sa.ForeignKey("documents.id", ondelete="CASCADE"),
                                             index=True)
    assessment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[str] = mapped_column(sa.String(64))
    linked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    linked_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    review: Mapped[LinkReview] = mapped_column(enum_type(LinkReview), default=LinkReview.PENDING)
    reviewed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    document: Mapped[Document] = relationship()
