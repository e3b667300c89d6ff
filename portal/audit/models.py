"""The append-only audit log."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from flask import Flask
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import UTCDateTime, db, utcnow

if TYPE_CHECKING:
    from portal.auth.models import User


class AuditEvent(db.Model):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    actor_label: Mapped[str] = mapped_column(sa.String(255))
    action: Mapped[str] = mapped_column(sa.String(64), index=True)
    summary: Mapped[str] = mapped_column(sa.String(500))
    object_type: Mapped[str | None] = mapped_column(sa.String(32))
    object_id: Mapped[int | None]
    vendor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("vendors.id"), index=True)
    assessment_id: Mapped[int | None] = mapped_column(sa.ForeignKey("assessments.id"), index=True)
    details: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    ip_address: Mapped[str | None] = mapped_column(sa.String(45))
    # Hash chain: each entry's hash covers its content and the previous entry's hash.
    prev_hash: Mapped[str | None] = mapped_column(sa.String(64))
    entry_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)

    actor: Mapped[User | None] = relationship()


# ---- issue 7: the ORM refuses to change or delete audit events --------------------------------

class AuditLogImmutable(RuntimeError):
    """Audit events are append-only; an update or delete was attempted through the ORM."""


def init_app(app: Flask) -> None:
    """Make the ORM refuse to change or delete audit events (single rows and bulk statements)."""
    for target, name, function in ((AuditEvent, "before_update", _refuse_update),
                                   (AuditEvent, "before_delete", _refuse_delete),
                                   (sa.orm.Session, "do_orm_execute", _refuse_bulk_changes)):
        if not sa.event.contains(target, name, function):
            sa.event.listen(target, name, function)


def _refuse_update(_mapper, _connection, target: AuditEvent) -> None:
    raise AuditLogImmutable(f"audit event {target.id} is append-only and cannot be changed")


def _refuse_delete(_mapper, _connection, target: AuditEvent) -> None:
    raise AuditLogImmutable(f"audit event {target.id} is append-only and cannot be deleted")


def _refuse_bulk_changes(state: sa.orm.ORMExecuteState) -> None:
    # Bulk update()/delete() statements skip the mapper events above.
    if (state.is_update or state.is_delete) and any(
            m.class_ is AuditEvent for m in state.all_mappers):
        raise AuditLogImmutable("audit events are append-only: bulk update/delete refused")
