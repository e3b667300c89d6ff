"""Queries behind the administration pages."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from portal.audit.models import AuditEvent
from portal.audit.services import events_query
from portal.auth.models import Role, User
from portal.extensions import db, utcnow
from portal.mail.models import EmailStatus, OutboundEmail
from portal.vendors.models import Vendor

USER_STATUSES = {
    "active": "Active",
    "invited": "Invited (no password yet)",
    "locked": "Locked out",
    "inactive": "Deactivated",
}


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped.lower()}%"


def users_query(*, role: Role | None = None, status: str | None = None,
                search: str | None = None) -> sa.Select:
    """Build a select of accounts by role, status and a name or e-mail search, by name."""
    query = sa.select(User).options(selectinload(User.vendor))
    if role is not None:
        query = query.where(User.role == role)
    if status == "active":
        query = query.where(User.is_active.is_(True), User.password_hash.is_not(None))
    elif status == "invited":
        query = query.where(User.is_active.is_(True), User.password_hash.is_(None))
    elif status == "locked":
        query = query.where(User.locked_until > utcnow())
    elif status == "inactive":
        query = query.where(User.is_active.is_(False))
    if search and search.strip():
        pattern = _like(search.strip())
        query = query.where(sa.or_(sa.func.lower(User.email).like(pattern, escape="\\"),
                                   sa.func.lower(User.name).like(pattern, escape="\\")))
    return query.order_by(sa.func.lower(User.name), User.id)


def user_events(user: User, *, limit: int = 25) -> list[AuditEvent]:
    """Return the newest audit events done by or to an account."""
    query = events_query().where(sa.or_(
        AuditEvent.actor_id == user.id,
        sa.and_(AuditEvent.object_type == "User", AuditEvent.object_id == user.id),
    ))
    return list(db.session.scalars(query.limit(limit)))


def outbox_query(*, status: EmailStatus | None = None) -> sa.Select:
    """Build a newest-first select of outgoing e-mail, optionally of one status."""
    query = sa.select(OutboundEmail)
    if status is not None:
        query = query.where(OutboundEmail.status == status)
    return query.order_by(OutboundEmail.created_at.desc(), OutboundEmail.id.desc())


def audit_query(*, action: str | None = None, actor_email: str | None = None,
                vendor_id: int | None = None, vendor_name: str | None = None) -> sa.Select:
    """Build a newest-first select of audit events by action prefix, actor and vendor (by id,
    or by a part of its legal name)."""
    query = events_query(vendor_id=vendor_id)
    if vendor_name and vendor_name.strip():
        named = sa.select(Vendor.id).where(
            sa.func.lower(Vendor.legal_name).like(_like(vendor_name.strip()), escape="\\"))
        query = query.where(AuditEvent.vendor_id.in_(named))
    if action and action.strip():
        query = query.where(AuditEvent.action.like(_like(action.strip())[1:], escape="\\"))
    if actor_email and actor_email.strip():
        query = query.where(
            sa.func.lower(AuditEvent.actor_label).like(_like(actor_email.strip()), escape="\\"))
    return query


def vendor_names(ids) -> dict[int, str]:
    """Return the legal name of each vendor id given (one query)."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return dict(db.session.execute(sa.select(Vendor.id, Vendor.legal_name)
                                   .where(Vendor.id.in_(wanted))).all())
