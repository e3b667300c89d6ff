"""Run webhook deliveries (cron, or a thread right after a commit) and emit scheduled events.

Like a CLI command, this module owns its transactions: it commits each claim and each outcome.
"""
from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask import Flask, current_app, has_app_context
from sqlalchemy.orm import Session

from portal.api import webhooks
from portal.api.models import DeliveryStatus, WebhookDelivery
from portal.certificates.expiry import LIVE, expiry_notice
from portal.certificates.models import Certificate
from portal.decisions.models import VendorDecision
from portal.extensions import db
from portal.settings import Settings
from portal.settings.current import settings_for

log = logging.getLogger(__name__)
DECISIONS_KEY = "webhook_new_decisions"


def run_deliveries(settings: Settings, *, limit: int = 100,
                   ids: Sequence[int] | None = None) -> webhooks.DeliveryRun:
    """Attempt every due delivery once (or only the given ones); safe to run concurrently."""
    delivered = retrying = failed = 0
    for delivery_id in webhooks.due_delivery_ids(limit=limit, ids=ids):
        claimed = webhooks.claim_delivery(delivery_id)
        db.session.commit()
        if not claimed:
            continue  # another worker has it
        delivery = db.session.get(WebhookDelivery, delivery_id)
        status = webhooks.attempt_delivery(delivery, settings=settings)
        db.session.commit()
        if status is DeliveryStatus.DELIVERED:
            delivered += 1
        elif status is DeliveryStatus.FAILED:
            failed += 1
        else:
            retrying += 1
    return webhooks.DeliveryRun(delivered=delivered, retrying=retrying, failed=failed)


def emit_expiring_certificates(today: date) -> int:
    """Emit certificate.expiring once per certificate and threshold; return the events emitted."""
    emitted = 0
    certificates = db.session.scalars(
        sa.select(Certificate).where(Certificate.status.in_(LIVE),
                                     Certificate.expiry_date.is_not(None))
        .order_by(Certificate.expiry_date, Certificate.id))
    for certificate in certificates:
        notice = expiry_notice(certificate.expiry_date, today)
        if notice is None:
            continue
        # A stable event id per certificate and threshold makes the command idempotent.
        event_id = str(uuid.uuid5(uuid.NAMESPACE_URL,
                                  f"certificate.expiring:{certificate.id}:{notice.key}"))
        if db.session.scalar(sa.select(WebhookDelivery.id)
                             .where(WebhookDelivery.event_id == event_id).limit(1)):
            continue
        if webhooks.emit_event("certificate.expiring", {
            "certificate_id": certificate.id, "vendor_id": certificate.vendor_id,
            "standard": certificate.standard, "certificate_number": certificate.certificate_number,
            "expiry_date": certificate.expiry_date.isoformat(), "threshold": notice.key,
            "days_left": (certificate.expiry_date - today).days,
        }, event_id=event_id):
            emitted += 1
    return emitted


# ---- right after a commit -----------------------------------------------------------------

def _after_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a SAVEPOINT was released: deliver after the real commit
    ids = session.info.pop(webhooks.PENDING_KEY, None)
    if not ids or not has_app_context():
        return
    app = current_app._get_current_object()  # noqa: SLF001 - the thread needs the real app
    if not settings_for(app).webhooks.deliver_after_commit:
        return  # left to `portal webhooks deliver`
    threading.Thread(target=_deliver_in_thread, args=(app, list(ids)), daemon=True,
                     name="webhook-delivery").start()


def _deliver_in_thread(app: Flask, ids: list[int]) -> None:
    with app.app_context():
        try:
            run_deliveries(settings_for(app), ids=ids)
        except Exception:  # noqa: BLE001 - the cron run retries whatever failed here
            log.exception("Immediate webhook delivery failed; the next cron run retries")
            db.session.rollback()
        finally:
            db.session.remove()


def _forget(session: Session, *_args: Any) -> None:
    session.info.pop(webhooks.PENDING_KEY, None)
    session.info.pop(DECISIONS_KEY, None)


# ---- decision.made: emitted when a VendorDecision is stored -------------------------------

def _collect_decisions(session: Session, _context: Any) -> None:
    new = [obj for obj in session.new if isinstance(obj, VendorDecision)]
    if new:
        session.info.setdefault(DECISIONS_KEY, []).extend(new)


def _emit_decisions(session: Session) -> None:
    for decision in session.info.pop(DECISIONS_KEY, []):
        webhooks.emit_decision_made(decision)


_LISTENERS = (("after_commit", _after_commit), ("after_rollback", _forget),
              ("after_flush", _collect_decisions), ("before_commit", _emit_decisions))


def install() -> None:
    """Listen to every session once per process: deliver after commit, emit decision.made."""
    for name, function in _LISTENERS:
        if not sa.event.contains(Session, name, function):
            sa.event.listen(Session, name, function)
