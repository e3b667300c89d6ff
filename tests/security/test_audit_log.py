"""The audit log is tamper-evident (`portal audit verify`) and append-only through the ORM."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from portal.audit.models import AuditEvent, AuditLogImmutable
from portal.audit.services import record
from portal.extensions import db


@pytest.fixture
def events(app):
    for n in range(6):
        record(None, "test.event", f"Event number {n}", details={"n": n})
    db.session.commit()
    return list(db.session.scalars(sa.select(AuditEvent.id).order_by(AuditEvent.id)))


def verify(runner, *args):
    return runner.invoke(args=["audit", "verify", *args])


def test_intact_log_passes_and_reports_the_count(runner, events):
    result = verify(runner)
    assert result.exit_code == 0, result.output
    assert f"Checked {len(events)} audit event(s)." in result.output
    assert "The chain is intact" in result.output


def _raw(sql: str, **params) -> None:
    db.session.remove()
    with db.engine.begin() as conn:
        conn.execute(sa.text(sql), params)


def test_modified_entry_is_detected(runner, events):
    _raw("UPDATE audit_events SET summary = 'Nothing happened' WHERE id = :id", id=events[2])
    result = verify(runner)
    assert result.exit_code == 1
    assert f"event {events[2]}: content does not match its hash" in result.output


def test_deleted_entry_is_detected(runner, events):
    _raw("DELETE FROM audit_events WHERE id = :id", id=events[3])
    result = verify(runner)
    assert result.exit_code == 1
    assert f"event {events[4]}: link to previous entry is broken" in result.output
    assert f"Checked {len(events) - 1} audit event(s)." in result.output


def test_reordered_entries_are_detected(runner, events):
    first, second = events[1], events[2]
    # Swap two rows' positions in the chain by swapping their ids.
    _raw("UPDATE audit_events SET id = -1 WHERE id = :a", a=first)
    _raw("UPDATE audit_events SET id = :a WHERE id = :b", a=first, b=second)
    _raw("UPDATE audit_events SET id = :b WHERE id = -1", b=second)
    result = verify(runner)
    assert result.exit_code == 1
    assert "link to previous entry is broken" in result.output


def test_truncated_tail_is_detected_with_an_anchor(runner, events):
    head = db.session.scalar(sa.select(AuditEvent.entry_hash).where(AuditEvent.id == events[-1]))
    assert head in verify(runner).output
    _raw("DELETE FROM audit_events WHERE id = :id", id=events[-1])
    result = verify(runner, "--anchor", head)
    assert result.exit_code == 1 and "no longer in the log" in result.output


def test_orm_refuses_to_update_an_event(events):
    event = db.session.get(AuditEvent, events[0])
    event.summary = "rewritten"
    with pytest.raises(AuditLogImmutable):
        db.session.flush()
    db.session.rollback()


def test_orm_refuses_to_delete_an_event(events):
    db.session.delete(db.session.get(AuditEvent, events[0]))
    with pytest.raises(AuditLogImmutable):
        db.session.flush()
    db.session.rollback()


@pytest.mark.parametrize("statement", [
    sa.update(AuditEvent).values(summary="bulk rewrite"),
    sa.delete(AuditEvent),
])
def test_orm_refuses_bulk_changes(events, statement):
    with pytest.raises(AuditLogImmutable):
        db.session.execute(statement)
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(AuditEvent.id))) == len(events)
