"""Mark the audit events written during an API call as made "via API".

Services write their own audit events and know nothing about the API. While an API view runs,
`via_api` holds the token's prefix; a before_flush listener then adds "(via API)" to each new
event's summary and the token to its details, and recomputes the event's chain hash.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import sqlalchemy as sa
from sqlalchemy.orm import Session

from portal.audit.models import AuditEvent
from portal.audit.services import compute_hash

via_api: ContextVar[str | None] = ContextVar("via_api", default=None)
SUFFIX = " (via API)"


@contextmanager
def api_call(token_prefix: str) -> Iterator[None]:
    """Mark everything audited inside the block as done through the API with this token."""
    marker = via_api.set(token_prefix)
    try:
        yield
    finally:
        via_api.reset(marker)


def _mark_events(session: Session, _context, _instances) -> None:
    prefix = via_api.get()
    if prefix is None:
        return
    for obj in session.new:
        if isinstance(obj, AuditEvent) and not (obj.details or {}).get("via") == "api":
            obj.summary = (obj.summary[: 500 - len(SUFFIX)] + SUFFIX)
            obj.details = {**(obj.details or {}), "via": "api", "api_token": prefix}
            obj.entry_hash = compute_hash(obj)


def install() -> None:
    """Listen to every session's flushes (once per process)."""
    if not sa.event.contains(Session, "before_flush", _mark_events):
        sa.event.listen(Session, "before_flush", _mark_events)
