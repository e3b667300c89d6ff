"""Move an assessment from one state to the next (lifecycle.py's rules), audited.

Its own module so that the modules that change assessments (services, prefill, answering,
review) all reach it without importing one another.
"""
from __future__ import annotations

from typing import Any

from portal.assessments import lifecycle
from portal.assessments.lifecycle import InvalidTransition
from portal.assessments.models import Assessment
from portal.audit.services import record
from portal.auth.models import Role, User
from portal.domain import DomainError


class AssessmentError(DomainError):
    """A request about an assessment that cannot be carried out; the message says why."""


def apply_transition(assessment: Assessment, action: str, actor: User, summary: str,
                     details: dict[str, Any] | None = None) -> None:
    """Move an assessment through the state machine and audit it. Raises: AssessmentError."""
    actor_kind = lifecycle.VENDOR if actor.role is Role.VENDOR else lifecycle.STAFF
    old = assessment.status
    try:
        assessment.status = lifecycle.next_status(old, action, actor_kind)
    except InvalidTransition as exc:
        raise AssessmentError(str(exc)) from exc
    record(actor, f"assessment.{action}", summary, obj=assessment, vendor_id=assessment.vendor_id,
           assessment_id=assessment.id,
           details={"from": old.value, "to": assessment.status.value, **(details or {})})
