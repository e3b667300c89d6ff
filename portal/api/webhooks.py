"""Webhook subscriptions, events and their signed, retried deliveries."""
from __future__ import annotations

import json
import secrets
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from portal.api import webhook_transport as transport
from portal.api.models import DeliveryStatus, WebhookDelivery, WebhookSubscription
from portal.assessments import signals as assessment_signals
from portal.audit.services import record
from portal.auth.models import User
from portal.domain import DomainError
from portal.extensions import db, utcnow
from portal.settings import Settings

EVENTS = {
    "assessment.submitted": "A vendor submitted or resubmitted an assessment",
    "certificate.expiring": "A live certificate expires within 90, 60 or 30 days, or expired",
    "decision.made": "A contract manager recorded a decision on a vendor",
    "ping": "A test event sent from the webhook page",
}
SECRET_PREFIX = "whsec_"
PENDING_KEY = "webhook_deliveries"  # session.info: ids to deliver right after commit
DEFAULT_TIMEOUT = 5.0
DEFAULT_MAX_ATTEMPTS = 8
DEFAULT_BACKOFF = 30  # seconds before the first retry; doubled each time
MAX_BACKOFF = 6 * 3600
CLAIM_LEASE = timedelta(minutes=2)


class WebhookError(DomainError):
    """A subscription cannot be created or changed; the message says why."""


@dataclass(frozen=True)
class DeliveryRun:
    delivered: int = 0
    retrying: int = 0
    failed: int = 0


def url_policy(settings: Settings) -> dict[str, Any]:
    """Return the URL checks configured for webhook receivers."""
    return {"allowed_hosts": settings.webhooks.allowed_hosts,
            "block_private": settings.webhooks.block_private}


# ---- subscriptions ------------------------------------------------------------------------

def create_subscription(*, url: str, events: Sequence[str], description: str | None,
                        actor: User, settings: Settings) -> tuple[WebhookSubscription, str]:
    """Subscribe a URL to events; return it with its signing secret. Raises: WebhookError."""
    if not actor.is_staff:
        raise WebhookError("Only staff can subscribe to webhooks.")
    try:
        url = transport.check_url(url, **url_policy(settings))
    except transport.UnsafeUrl as exc:
        raise WebhookError(str(exc)) from None
    chosen = [e for e in EVENTS if e in set(events) and e != "ping"]
    if not chosen:
        raise WebhookError("Choose at least one event.")
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    subscription = WebhookSubscription(url=url, events=chosen, secret=secret, is_active=True,
                                       description=(description or "").strip()[:200] or None,
                                       created_by_id=actor.id)
    db.session.add(subscription)
    db.session.flush()
    record(actor, "webhook.subscribed", f"Subscribed {url} to {', '.join(chosen)}",
           obj=subscription, details={"url": url, "events": chosen})
    return subscription, secret


def may_manage(subscription: WebhookSubscription, user: User) -> bool:
    """Tell whether a user may change a subscription: its creator or an administrator."""
    return user.is_active and (user.role.value == "admin" or subscription.created_by_id == user.id)


def delete_subscription(subscription: WebhookSubscription, *, actor: User) -> None:
    """Remove a subscription and its delivery log. Raises: WebhookError."""
    if not may_manage(subscription, actor):
        raise WebhookError("Only its creator or an administrator can remove this webhook.")
    record(actor, "webhook.deleted", f"Removed the webhook to {subscription.url}",
           obj=subscription, details={"url": subscription.url})
    db.session.delete(subscription)
    db.session.flush()


def rotate_secret(subscription: WebhookSubscription, *, actor: User) -> str:
    """Give a subscription a new signing secret at once and return it. Raises: WebhookError.

    Deliveries signed from now on (retries included) use the new secret; the receiver should
    accept both secrets for a few minutes while it switches.
    """
    if not may_manage(subscription, actor):
        raise WebhookError("Only its creator or an administrator can rotate this secret.")
    subscription.secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    db.session.flush()
    record(actor, "webhook.secret_rotated", f"Rotated the signing secret of {subscription.url}",
           obj=subscription, details={"url": subscription.url})
    return subscription.secret


def list_subscriptions() -> list[WebhookSubscription]:
    """List every subscription with its creator, newest first."""
    return list(db.session.scalars(
        sa.select(WebhookSubscription).options(sa.orm.selectinload(WebhookSubscription.created_by))
        .order_by(WebhookSubscription.id.desc())))


def recent_deliveries(subscription: WebhookSubscription, limit: int = 50) -> list[WebhookDelivery]:
    """Return the latest deliveries of a subscription."""
    return list(db.session.scalars(
        sa.select(WebhookDelivery).where(WebhookDelivery.subscription_id == subscription.id)
        .order_by(WebhookDelivery.id.desc()).limit(limit)))


# ---- events -------------------------------------------------------------------------------

def emit_event(name: str, payload: Mapping[str, Any], *, event_id: str | None = None,
               subscriptions: Sequence[WebhookSubscription] | None = None
               ) -> list[WebhookDelivery]:
    """Queue an event for every active subscription to it; delivery follows the commit."""
    if name not in EVENTS:
        raise ValueError(f"Unknown webhook event {name!r}")
    if subscriptions is None:
        subscriptions = [s for s in db.session.scalars(
            sa.select(WebhookSubscription).where(WebhookSubscription.is_active.is_(True)))
            if name in (s.events or [])]
    if not subscriptions:
        return []
    now = utcnow()
    event_id = event_id or str(uuid.uuid4())
    body = json.dumps({"id": event_id, "type": name,
                       "created_at": now.isoformat(timespec="seconds"), "data": dict(payload)},
                      sort_keys=True, separators=(",", ":"), default=str)
    deliveries = [WebhookDelivery(subscription_id=s.id, event_id=event_id, event=name, body=body,
                                  status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=now,
                                  created_at=now) for s in subscriptions]
    db.session.add_all(deliveries)
    db.session.flush()
    db.session.info.setdefault(PENDING_KEY, []).extend(d.id for d in deliveries)
    return deliveries


def install() -> None:
    """Queue assessment.submitted whenever a vendor submits (the signal respond sends)."""
    assessment_signals.submitted.connect(_on_assessment_submitted)


def _on_assessment_submitted(assessment: Any) -> None:
    emit_assessment_submitted(assessment)


def emit_assessment_submitted(assessment: Any) -> list[WebhookDelivery]:
    """Queue the assessment.submitted event for an assessment that was just (re)submitted."""
    return emit_event("assessment.submitted", {
        "assessment_id": assessment.id, "vendor_id": assessment.vendor_id,
        "vendor_name": assessment.vendor.legal_name, "title": assessment.title,
        "status": assessment.status.value,
        "resubmission": assessment.status.value == "resubmitted",
        "submitted_at": assessment.submitted_at.isoformat() if assessment.submitted_at else None,
    })


def emit_decision_made(decision: Any) -> list[WebhookDelivery]:
    """Queue the decision.made event for a recorded vendor decision."""
    return emit_event("decision.made", {
        "decision_id": decision.id, "vendor_id": decision.vendor_id,
        "assessment_id": decision.assessment_id, "decision": decision.decision.value,
        "conditions": decision.conditions, "comment": decision.comment,
        "decided_by_id": decision.decided_by_id,
        "decided_at": decision.decided_at.isoformat() if decision.decided_at else None,
    })


def send_ping(subscription: WebhookSubscription, *, actor: User) -> WebhookDelivery:
    """Queue a test event for one subscription. Raises: WebhookError."""
    if not may_manage(subscription, actor):
        raise WebhookError("Only its creator or an administrator can test this webhook.")
    return emit_event("ping", {"subscription_id": subscription.id, "by": actor.email},
                      subscriptions=[subscription])[0]


# ---- delivery -----------------------------------------------------------------------------

def due_delivery_ids(*, now: datetime | None = None, limit: int = 100,
                     ids: Sequence[int] | None = None) -> list[int]:
    """Return the ids of pending deliveries whose next attempt is due and that nobody holds."""
    now = now or utcnow()
    query = sa.select(WebhookDelivery.id).where(
        WebhookDelivery.status == DeliveryStatus.PENDING, WebhookDelivery.next_attempt_at <= now,
        sa.or_(WebhookDelivery.locked_until.is_(None), WebhookDelivery.locked_until < now))
    if ids is not None:
        query = query.where(WebhookDelivery.id.in_(list(ids)))
    return list(db.session.scalars(query.order_by(WebhookDelivery.next_attempt_at,
                                                  WebhookDelivery.id).limit(limit)))


def claim_delivery(delivery_id: int, *, now: datetime | None = None) -> bool:
    """Take a short lease on a due delivery; False when another worker holds or finished it."""
    now = now or utcnow()
    result = db.session.execute(
        sa.update(WebhookDelivery)
        .where(WebhookDelivery.id == delivery_id,
               WebhookDelivery.status == DeliveryStatus.PENDING,
               sa.or_(WebhookDelivery.locked_until.is_(None),
                      WebhookDelivery.locked_until < now))
        .values(locked_until=now + CLAIM_LEASE)
        .execution_options(synchronize_session=False))
    return result.rowcount == 1


def backoff(attempts: int, base: int = DEFAULT_BACKOFF) -> timedelta:
    """Return the wait after the given number of failed attempts: base, 2x, 4x ... capped."""
    return timedelta(seconds=min(MAX_BACKOFF, base * 2 ** max(0, attempts - 1)))


def attempt_delivery(delivery: WebhookDelivery, *, settings: Settings,
                     now: datetime | None = None) -> DeliveryStatus:
    """Send a claimed delivery once and record the outcome and the next attempt."""
    subscription = delivery.subscription
    now = now or utcnow()
    body = delivery.body.encode()
    if not subscription.is_active:
        result = transport.SendResult(False, None, "The subscription is disabled.")
    else:
        try:
            transport.check_url(subscription.url, resolve=True, **url_policy(settings))
        except transport.UnsafeUrl as exc:
            result = transport.SendResult(False, None, f"Refused: {exc}")
        else:
            result = transport.post(subscription.url, body, {
                transport.SIGNATURE_HEADER: transport.sign(subscription.secret, body),
                "X-Portal-Event": delivery.event, "X-Portal-Delivery": str(delivery.id),
                "X-Portal-Event-Id": delivery.event_id,
            }, timeout=settings.webhooks.timeout)
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.last_status_code = result.status_code
    delivery.last_error = result.error
    delivery.locked_until = None
    if result.ok:
        delivery.status = DeliveryStatus.DELIVERED
        delivery.delivered_at = now
    elif delivery.attempts >= settings.webhooks.max_attempts:
        delivery.status = DeliveryStatus.FAILED
    else:
        base = settings.webhooks.backoff_seconds
        delivery.next_attempt_at = now + backoff(delivery.attempts, base)
    db.session.flush()
    return delivery.status
