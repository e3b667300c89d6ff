"""Record a contract manager's decision on a vendor, audit it and tell the vendor's owner."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from portal.audit.services import record
from portal.auth.models import Role, User
from portal.decisions.models import Decision, VendorDecision
from portal.domain import DomainError
from portal.extensions import db, utcnow
from portal.mail.links import absolute_url
from portal.mail.services import queue_email
from portal.scoring.services import latest_record
from portal.settings import Settings
from portal.vendors.models import Vendor

DECIDER_ROLES = (Role.CONTRACT_MANAGER, Role.ADMIN)


class DecisionError(DomainError):
    """A decision that cannot be recorded; the message says why."""


class NotAllowed(DecisionError):
    """Only contract managers and administrators decide on vendors."""

    http_status = 403


def latest_decision(vendor_id: int) -> VendorDecision | None:
    """Return the vendor's most recent decision."""
    return db.session.scalar(sa.select(VendorDecision).where(VendorDecision.vendor_id == vendor_id)
                             .order_by(VendorDecision.id.desc()).limit(1))


def decisions_for(vendor_id: int) -> list[VendorDecision]:
    """Return every decision on a vendor, newest first."""
    return list(db.session.scalars(sa.select(VendorDecision)
                                   .where(VendorDecision.vendor_id == vendor_id)
                                   .order_by(VendorDecision.id.desc())))


def record_decision(vendor: Vendor, *, decision: str, conditions: str | None, comment: str | None,
                    actor: User, settings: Settings) -> VendorDecision:
    """Record a decision on the vendor's latest score; e-mail the vendor's owner.

    Raises: NotAllowed (not a contract manager or admin), DecisionError.
    """
    if actor.role not in DECIDER_ROLES:
        raise NotAllowed("Only a contract manager or an administrator can decide.")
    try:
        choice = Decision(decision)
    except ValueError:
        raise DecisionError("Choose approve, approve with conditions or reject.") from None
    conditions = (conditions or "").strip() or None
    comment = (comment or "").strip()
    if choice is Decision.APPROVE_WITH_CONDITIONS and not conditions:
        raise DecisionError("List the conditions of the approval.")
    if choice is Decision.REJECT and not comment:
        raise DecisionError("Say why the vendor is rejected.")
    score = latest_record(vendor.id)
    item = VendorDecision(
        vendor_id=vendor.id, assessment_id=score.assessment_id if score else None,
        score_record_id=score.id if score else None, decision=choice,
        conditions=conditions if choice is Decision.APPROVE_WITH_CONDITIONS else None,
        comment=comment, decided_by_id=actor.id, decided_at=utcnow())
    db.session.add(item)
    db.session.flush()
    record(actor, "vendor.decision", f"{choice.label}: {vendor.legal_name}"
           + (f" ({comment[:200]})" if comment else ""), obj=item, vendor_id=vendor.id,
           assessment_id=item.assessment_id,
           details={"decision": choice.value, "conditions": item.conditions, "comment": comment,
                    "score_record": item.score_record_id,
                    "residual_risk": score.residual_risk if score else None})
    owner = vendor.owner
    if owner is not None and owner.is_active:
        link = absolute_url(settings, f"vendors/{vendor.id}/scorecard")
        queue_email(
            settings.smtp, to=owner.email,
            subject=f"Decision on {vendor.legal_name}: {choice.label}"[:255],
            body=(f"Hello {owner.name},\n\n{actor.name} recorded a decision on "
                  f"{vendor.legal_name}: {choice.label}."
                  + (f"\n\nConditions:\n{item.conditions}" if item.conditions else "")
                  + (f"\n\nComment:\n{comment}" if comment else "") + f"\n\n{link}\n"),
            kind="vendor_decision", vendor_id=vendor.id, assessment_id=item.assessment_id)
    return item


def decision_dict(decision: VendorDecision | None) -> dict[str, Any] | None:
    """Return a decision as plain values for exports."""
    if decision is None:
        return None
    return {"decision": decision.decision.value, "label": decision.decision.label,
            "conditions": decision.conditions, "comment": decision.comment,
            "decided_by": decision.decided_by.email if decision.decided_by else None,
            "decided_at": _iso(decision.decided_at), "assessment_id": decision.assessment_id}


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None
