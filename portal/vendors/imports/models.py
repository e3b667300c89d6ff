"""A bulk import of vendors and contacts: the checked rows, kept until someone applies them."""
from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.extensions import UTCDateTime, db, enum_type, utcnow


class ImportStatus(enum.Enum):
    PENDING = "pending"
    APPLIED = "applied"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return {"pending": "Waiting for review"}.get(self.value, self.value.capitalize())


class VendorImport(db.Model):
    __tablename__ = "vendor_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    filename: Mapped[str] = mapped_column(sa.String(255))
    # Normalised rows with their outcome (portal.vendors.imports.plan.RowPlan.as_dict()).
    rows: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    status: Mapped[ImportStatus] = mapped_column(enum_type(ImportStatus),
                                                 default=ImportStatus.PENDING)
    # Counts at preview time; after applying, also what the background job did.
    summary: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    applied_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    job_id: Mapped[int | None] = mapped_column()

    created_by: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<VendorImport {self.id} {self.filename} {self.status.value}>"
