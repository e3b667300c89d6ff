"""Questionnaire template versions: immutable snapshots that assessments pin."""
from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import UTCDateTime, db, utcnow


class TemplateVersion(db.Model):
    """An immutable snapshot of a questionnaire template; assessments pin one."""

    __tablename__ = "template_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(64), index=True)
    version: Mapped[int]
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str | None] = mapped_column(sa.Text)
    # Deferred: pages use the cached parsed template (see templates.load_pinned).
    content: Mapped[dict[str, Any]] = mapped_column(sa.JSON, deferred=True)
    checksum: Mapped[str] = mapped_column(sa.String(64))
    question_count: Mapped[int] = mapped_column(default=0)
    source: Mapped[str] = mapped_column(sa.String(32), default="file")
    is_active: Mapped[bool] = mapped_column(default=True)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    __table_args__ = (
        sa.UniqueConstraint("key", "version", name="uq_template_versions_key_version"),
    )

    @property
    def label(self) -> str:
        return f"{self.title} (v{self.version})"
