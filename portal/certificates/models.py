"""Stored certificates: what the reader found, what reviewers corrected and decided."""
from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import UTCDateTime, db, enum_type, utcnow

if TYPE_CHECKING:
    from portal.assessments.models import Assessment
    from portal.auth.models import User
    from portal.documents.models import Document
    from portal.vendors.models import Vendor


class CertificateStatus(enum.Enum):
    PROCESSING = "processing"
    NEEDS_REVIEW = "needs_review"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    NEEDS_OCR = "needs_ocr"
    UNREADABLE = "unreadable"
    NOT_A_CERTIFICATE = "not_a_certificate"
    SUPERSEDED = "superseded"

    @property
    def label(self) -> str:
        return {
            "processing": "Being read",
            "needs_review": "Needs review",
            "accepted": "Accepted",
            "rejected": "Rejected",
            "needs_ocr": "Scan: needs OCR",
            "unreadable": "Unreadable",
            "not_a_certificate": "Not a certificate",
            "superseded": "Superseded",
        }[self.value]

    @property
    def is_readable(self) -> bool:
        """Tell whether the reader found a certificate (fields can be reviewed)."""
        return self in (CertificateStatus.NEEDS_REVIEW, CertificateStatus.ACCEPTED,
                        CertificateStatus.REJECTED, CertificateStatus.SUPERSEDED)


class Certificate(db.Model):
    """One certificate in an uploaded document: the original extraction, values and checks.

    A file holding several certificates gives one record per certificate (`part` 1, 2, ...),
    each with the pages it is printed on.
    """

    __tablename__ = "certificates"
    __table_args__ = (sa.UniqueConstraint("document_id", "part"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        sa.ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    # Which certificate of the file this is (1 for the first), and its 1-based pages.
    part: Mapped[int] = mapped_column(sa.SmallInteger, default=1, server_default="1")
    pages: Mapped[list[int]] = mapped_column(sa.JSON, default=list)
    vendor_id: Mapped[int] = mapped_column(sa.ForeignKey("vendors.id"), index=True)
    # The assessment and question it was uploaded for (None: the document library).
    assessment_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("assessments.id", ondelete="SET NULL"), index=True
    )
    question_id: Mapped[str | None] = mapped_column(sa.String(64))
    # The standard the upload was asked for, e.g. "ISO/IEC 42001" (from the evidence kind).
    expected_standard: Mapped[str | None] = mapped_column(sa.String(40))
    status: Mapped[CertificateStatus] = mapped_column(
        enum_type(CertificateStatus), default=CertificateStatus.PROCESSING, index=True
    )
    status_message: Mapped[str] = mapped_column(sa.Text, default="")
    extraction_status: Mapped[str | None] = mapped_column(sa.String(32))
    extraction_reason: Mapped[str | None] = mapped_column(sa.String(40))
    # CertificateExtraction.to_json_dict(details=True): never changed after reading.
    extraction: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)

    standard: Mapped[str | None] = mapped_column(sa.String(40))
    standards: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    certificate_number: Mapped[str | None] = mapped_column(sa.String(120))
    organization: Mapped[str | None] = mapped_column(sa.String(300))
    scope: Mapped[str | None] = mapped_column(sa.Text)
    sites: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    initial_certification_date: Mapped[date | None] = mapped_column(sa.Date)
    issue_date: Mapped[date | None] = mapped_column(sa.Date)
    expiry_date: Mapped[date | None] = mapped_column(sa.Date, index=True)
    certification_body: Mapped[str | None] = mapped_column(sa.String(300))
    accreditation_body: Mapped[str | None] = mapped_column(sa.String(120))
    accreditation_number: Mapped[str | None] = mapped_column(sa.String(120))

    # verify_certificate() results as JSON: [{code, status, message, detail}, ...].
    checks: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    duplicate_of_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("certificates.id", ondelete="SET NULL")
    )
    reviewed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decision_comment: Mapped[str | None] = mapped_column(sa.Text)
    # Accepted over failed checks: the reviewer's reason and the checks it overrode (codes).
    override_reason: Mapped[str | None] = mapped_column(sa.Text)
    overridden_checks: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    renewal_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    document: Mapped[Document] = relationship()
    vendor: Mapped[Vendor] = relationship()
    assessment: Mapped[Assessment | None] = relationship()
    duplicate_of: Mapped[Certificate | None] = relationship(remote_side=[id])
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    corrections: Mapped[list[CertificateCorrection]] = relationship(
        back_populates="certificate", cascade="all, delete-orphan",
        order_by="CertificateCorrection.id",
    )

    def check(self, code: str) -> dict[str, Any] | None:
        """Return the stored check with this code, or None."""
        return next((c for c in self.checks or [] if c.get("code") == code), None)

    def is_expired(self, today: date) -> bool:
        """Tell whether the expiry date has passed."""
        return self.expiry_date is not None and self.expiry_date < today

    def days_left(self, today: date) -> int | None:
        """Return the days until expiry (negative once expired), or None without a date."""
        return None if self.expiry_date is None else (self.expiry_date - today).days


class CertificateCorrection(db.Model):
    """A reviewer's change to one extracted field; the original extraction stays untouched."""

    __tablename__ = "certificate_corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    certificate_id: Mapped[int] = mapped_column(
        sa.ForeignKey("certificates.id", ondelete="CASCADE"), index=True
    )
    field: Mapped[str] = mapped_column(sa.String(40))
    old_value: Mapped[str | None] = mapped_column(sa.Text)
    new_value: Mapped[str | None] = mapped_column(sa.Text)
    corrected_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    corrected_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    certificate: Mapped[Certificate] = relationship(back_populates="corrections")
    corrected_by: Mapped[User | None] = relationship()
