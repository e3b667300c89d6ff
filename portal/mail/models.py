"""Outgoing e-mail: every message is stored; SMTP delivery when configured."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import UTCDateTime, db, enum_type, utcnow


class EmailStatus(enum.Enum):
    QUEUED = "queued"  # waiting for SMTP delivery
    SENT = "sent"  # accepted by the SMTP server
    FAILED = "failed"  # SMTP refused it; retried by `portal mail send`
    OUTBOX = "outbox"  # no SMTP configured: kept for administrators to read


class OutboundEmail(db.Model):
    __tablename__ = "outbound_emails"

    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str] = mapped_column(sa.String(255), index=True)
    subject: Mapped[str] = mapped_column(sa.String(255))
    body_text: Mapped[str] = mapped_column(sa.Text)
    kind: Mapped[str] = mapped_column(sa.String(32))
    status: Mapped[EmailStatus] = mapped_column(enum_type(EmailStatus), index=True)
    # A unique key per logical message (e.g. one reminder per assessment, recipient and threshold).
    dedupe_key: Mapped[str | None] = mapped_column(sa.String(160), unique=True)
    assessment_id: Mapped[int | None] = mapped_column(sa.ForeignKey("assessments.id"), index=True)
    vendor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("vendors.id"), index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    error: Mapped[str | None] = mapped_column(sa.String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
