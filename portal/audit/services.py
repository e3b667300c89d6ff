"""Write and read the append-only, hash-chained audit log."""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from portal.audit.models import AuditEvent
from portal.extensions import db, utcnow

# Set by the web layer so that events carry the client address without services reading request.
request_ip_provider: Callable[[], str | None] = lambda: None  # noqa: E731

GENESIS = "0" * 64


def _canonical(event: AuditEvent) -> str:
    return json.dumps(
        {
            "created_at": event.created_at.isoformat(),
            "actor_id": event.actor_id,
            "actor_label": event.actor_label,
            "action": event.action,
            "summary": event.summary,
            "object_type": event.object_type,
            "object_id": event.object_id,
            "vendor_id": event.vendor_id,
            "assessment_id": event.assessment_id,
            "details": event.details,
            "ip_address": event.ip_address,
            "prev_hash": event.prev_hash,
        },
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )


def compute_hash(event: AuditEvent) -> str:
    """Return the SHA-256 that chains an event to its predecessor."""
    return hashlib.sha256(_canonical(event).encode()).hexdigest()


def record(
    actor: Any | None,
    action: str,
    summary: str,
    *,
    obj: Any | None = None,
    vendor_id: int | None = None,
    assessment_id: int | None = None,
    details: dict[str, Any] | None = None,
    actor_label: str | None = None,
) -> AuditEvent:
    """Append an event to the audit log within the caller's transaction."""
    session = db.session
    if session.get_bind().dialect.name == "postgresql":
        # Serialise writers so the chain has no forks.
        session.execute(sa.text("SELECT pg_advisory_xact_lock(42001)"))
    prev = session.scalar(sa.select(AuditEvent.entry_hash).order_by(AuditEvent.id.desc()).limit(1))
    if obj is not None and getattr(obj, "id", None) is None:
        session.flush()
    event = AuditEvent(
        created_at=utcnow(),
        actor_id=getattr(actor, "id", None),
        actor_label=actor_label or (getattr(actor, "email", None) or "system"),
        action=action,
        summary=summary[:500],
        object_type=type(obj).__name__ if obj is not None else None,
        object_id=getattr(obj, "id", None) if obj is not None else None,
        vendor_id=vendor_id,
        assessment_id=assessment_id,
        details=_jsonable(details or {}),
        ip_address=request_ip_provider(),
        prev_hash=prev or GENESIS,
    )
    event.entry_hash = compute_hash(event)
    session.add(event)
    session.flush()
    return event


def _jsonable(details: dict[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps(details, default=str))


def verify_chain() -> list[str]:
    """Check every entry's hash and link; return the problems found (empty when intact)."""
    problems: list[str] = []
    prev = GENESIS
    for event in db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id)).yield_per(500):
        if event.prev_hash != prev:
            problems.append(f"event {event.id}: link to previous entry is broken")
        if compute_hash(event) != event.entry_hash:
            problems.append(f"event {event.id}: content does not match its hash")
        prev = event.entry_hash
    return problems


def events_query(*, vendor_id: int | None = None, assessment_id: int | None = None):
    """Build a newest-first select of events, optionally for one vendor or assessment."""
    query = sa.select(AuditEvent).options(sa.orm.selectinload(AuditEvent.actor))
    if vendor_id is not None:
        query = query.where(AuditEvent.vendor_id == vendor_id)
    if assessment_id is not None:
        query = query.where(AuditEvent.assessment_id == assessment_id)
    return query.order_by(AuditEvent.id.desc())
