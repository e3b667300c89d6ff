"""Deliver queued e-mail once the transaction that queued it commits.

`queue_email` only marks the session; the hook registered by `init_app` adds one delivery job
to that transaction as it commits, and the job queue hands it on after the commit (eager in
tests and the demo, so delivery stays synchronous there). Mail queued by work that is rolled
back is never delivered, and callers only queue.
"""
from __future__ import annotations

import sqlalchemy as sa
from flask import Flask
from sqlalchemy.orm import Session

from portal.jobs.queue import enqueue_after_commit
from portal.mail.services import QUEUED_MAIL


def init_app(app: Flask) -> None:
    """Register the commit hooks that have queued mail delivered (once per process)."""
    if not sa.event.contains(Session, "before_commit", _deliver_on_commit):
        sa.event.listen(Session, "before_commit", _deliver_on_commit)
        sa.event.listen(Session, "after_soft_rollback", _forget_on_rollback)


def _deliver_on_commit(session: Session) -> None:
    if session.in_nested_transaction() or not session.info.pop(QUEUED_MAIL, False):
        return  # a SAVEPOINT is released: the real commit is still to come
    enqueue_after_commit("mail.deliver", {}, title="Deliver queued e-mail")


def _forget_on_rollback(session: Session, previous_transaction) -> None:
    if not previous_transaction.nested:
        session.info.pop(QUEUED_MAIL, None)
