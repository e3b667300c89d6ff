"""Assessments, answers and their review."""
from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.assessments.lifecycle import AssessmentStatus
from portal.extensions import UTCDateTime, db, enum_type, utcnow
from portal.questionnaires.models import TemplateVersion

if TYPE_CHECKING:
    from portal.auth.models import User
    from portal.vendors.models import Product, Vendor


assessment_recipients = sa.Table(
    "assessment_recipients",
    db.metadata,
    sa.Column(
        "assessment_id",
        sa.ForeignKey("assessments.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)


class Assessment(db.Model):
    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(sa.ForeignKey("vendors.id"), index=True)
    product_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("products.id", ondelete="SET NULL")
    )
    template_version_id: Mapped[int] = mapped_column(sa.ForeignKey("template_versions.id"))
    previous_id: Mapped[int | None] = mapped_column(sa.ForeignKey("assessments.id"))
    title: Mapped[str] = mapped_column(sa.String(200))
    status: Mapped[AssessmentStatus] = mapped_column(
        enum_type(AssessmentStatus), default=AssessmentStatus.DRAFT, index=True
    )
    due_date: Mapped[date | None] = mapped_column(sa.Date)
    message: Mapped[str | None] = mapped_column(sa.Text)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decision_comment: Mapped[str | None] = mapped_column(sa.Text)

    vendor: Mapped[Vendor] = relationship()
    product: Mapped[Product | None] = relationship()
    template_version: Mapped[TemplateVersion] = relationship()
    previous: Mapped[Assessment | None] = relationship(remote_side=[id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    recipients: Mapped[list[User]] = relationship(secondary=assessment_recipients)
    answers: Mapped[list[Answer]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan"
    )

    def is_overdue(self, today: date) -> bool:
        """Tell whether the vendor still owes answers after the due date."""
        return (
            self.due_date is not None
            and today > self.due_date
            and self.status.is_with_vendor
        )


class ReviewStatus(enum.Enum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    CLARIFICATION_REQUESTED = "clarification_requested"
    RESPONDED = "responded"

    @property
    def label(self) -> str:
        return {
            "pending": "Not reviewed",
            "accepted": "Accepted",
            "clarification_requested": "Clarification requested",
            "responded": "Vendor responded",
        }[self.value]


class Answer(db.Model):
    __tablename__ = "answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("assessments.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[str] = mapped_column(sa.String(64))
    value: Mapped[Any | None] = mapped_column(sa.JSON)
    comment: Mapped[str | None] = mapped_column(sa.Text)
    # Optimistic concurrency: a save names the version it started from.
    version: Mapped[int] = mapped_column(default=1)
    review_status: Mapped[ReviewStatus] = mapped_column(
        enum_type(ReviewStatus), default=ReviewStatus.PENDING
    )
    is_carried_over: Mapped[bool] = mapped_column(default=False)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    assessment: Mapped[Assessment] = relationship(back_populates="answers")
    updated_by: Mapped[User | None] = relationship()
    revisions: Mapped[list[AnswerRevision]] = relationship(
        back_populates="answer", cascade="all, delete-orphan", order_by="AnswerRevision.id"
    )
    comments: Mapped[list[ReviewComment]] = relationship(
        back_populates="answer", cascade="all, delete-orphan", order_by="ReviewComment.id"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.UniqueConstraint("assessment_id", "question_id", name="uq_answers_assessment_question"),
    )


class AnswerRevision(db.Model):
    """Every saved value of an answer, for the history view."""

    __tablename__ = "answer_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("answers.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int]
    value: Mapped[Any | None] = mapped_column(sa.JSON)
    comment: Mapped[str | None] = mapped_column(sa.Text)
    changed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    answer: Mapped[Answer] = relationship(back_populates="revisions")
    changed_by: Mapped[User | None] = relationship()


class CommentKind(enum.Enum):
    CLARIFICATION_REQUEST = "clarification_request"
    VENDOR_RESPONSE = "vendor_response"
    ACCEPTANCE = "acceptance"
    NOTE = "note"

    @property
    def label(self) -> str:
        return {
            "clarification_request": "Clarification requested",
            "vendor_response": "Vendor response",
            "acceptance": "Accepted",
            "note": "Reviewer note",
        }[self.value]


class ReviewComment(db.Model):
    __tablename__ = "review_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("answers.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    kind: Mapped[CommentKind] = mapped_column(enum_type(CommentKind))
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    answer: Mapped[Answer] = relationship(back_populates="comments")
    author: Mapped[User | None] = relationship()
