"""The assessment state machine: pure, no Flask and no database."""
from __future__ import annotations

import enum
from dataclasses import dataclass

from portal.domain import DomainError


class AssessmentStatus(enum.Enum):
    DRAFT = "draft"
    SENT = "sent"
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    CLARIFICATION_REQUESTED = "clarification_requested"
    RESUBMITTED = "resubmitted"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @property
    def is_with_vendor(self) -> bool:
        """Tell whether the vendor is expected to act (answer or clarify)."""
        return self in _WITH_VENDOR

    @property
    def is_closed(self) -> bool:
        return self in _CLOSED

    @property
    def is_visible_to_vendor(self) -> bool:
        return self is not AssessmentStatus.DRAFT


_WITH_VENDOR = frozenset(
    {AssessmentStatus.SENT, AssessmentStatus.IN_PROGRESS, AssessmentStatus.CLARIFICATION_REQUESTED}
)
_CLOSED = frozenset(
    {AssessmentStatus.ACCEPTED, AssessmentStatus.REJECTED, AssessmentStatus.CANCELLED}
)
_REVIEWABLE = frozenset(
    {AssessmentStatus.SUBMITTED, AssessmentStatus.UNDER_REVIEW, AssessmentStatus.RESUBMITTED}
)

STAFF = "staff"
VENDOR = "vendor"


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: frozenset[AssessmentStatus]
    target: AssessmentStatus
    actor: str


S = AssessmentStatus
TRANSITIONS: tuple[Transition, ...] = (
    Transition("send", "Send to vendor", frozenset({S.DRAFT}), S.SENT, STAFF),
    Transition("start", "Start answering", frozenset({S.SENT}), S.IN_PROGRESS, VENDOR),
    Transition("submit", "Submit", frozenset({S.SENT, S.IN_PROGRESS}), S.SUBMITTED, VENDOR),
    Transition(
        "start_review", "Start review", frozenset({S.SUBMITTED, S.RESUBMITTED}), S.UNDER_REVIEW,
        STAFF,
    ),
    Transition(
        "request_clarification",
        "Request clarification",
        _REVIEWABLE,
        S.CLARIFICATION_REQUESTED,
        STAFF,
    ),
    Transition(
        "resubmit", "Resubmit", frozenset({S.CLARIFICATION_REQUESTED}), S.RESUBMITTED, VENDOR
    ),
    Transition("accept", "Accept assessment", _REVIEWABLE, S.ACCEPTED, STAFF),
    Transition("reject", "Reject assessment", _REVIEWABLE, S.REJECTED, STAFF),
    Transition(
        "cancel",
        "Cancel assessment",
        frozenset(s for s in S if s not in _CLOSED),
        S.CANCELLED,
        STAFF,
    ),
)
_BY_ACTION = {t.action: t for t in TRANSITIONS}


class InvalidTransition(DomainError):
    """The requested action is not allowed from the current status."""


def transition_for(action: str) -> Transition:
    """Return the transition named by an action. Raises: InvalidTransition."""
    try:
        return _BY_ACTION[action]
    except KeyError:
        raise InvalidTransition(f"Unknown action {action!r}.") from None


def next_status(current: AssessmentStatus, action: str, actor: str) -> AssessmentStatus:
    """Return the status an action leads to. Raises: InvalidTransition with a readable reason."""
    transition = transition_for(action)
    if transition.actor != actor:
        who = "staff" if transition.actor == STAFF else "the vendor"
        raise InvalidTransition(f"Only {who} can {transition.label.lower()}.")
    if current not in transition.sources:
        allowed = ", ".join(sorted(s.label.lower() for s in transition.sources))
        raise InvalidTransition(
            f"Cannot {transition.label.lower()}: the assessment is {current.label.lower()} "
            f"(allowed when {allowed})."
        )
    return transition.target


def available_actions(current: AssessmentStatus, actor: str) -> list[Transition]:
    """List the transitions an actor may take from a status, in display order."""
    return [t for t in TRANSITIONS if t.actor == actor and current in t.sources]


def vendor_can_edit(status: AssessmentStatus) -> bool:
    """Tell whether a vendor may change answers at all in this status."""
    return status in _WITH_VENDOR
