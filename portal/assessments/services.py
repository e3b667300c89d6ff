"""Create, send, move and remind assessments."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from portal.assessments import lifecycle, prefill, signals
from portal.assessments.lifecycle import AssessmentStatus
from portal.assessments.models import Answer, Assessment, ReviewStatus
from portal.assessments.transitions import AssessmentError, apply_transition
from portal.audit.services import record
from portal.auth import services as auth_services
from portal.auth.models import Role, User
from portal.extensions import db, utcnow
from portal.mail.links import absolute_url
from portal.mail.services import queue_email
from portal.questionnaires.bank import is_visible
from portal.questionnaires.models import TemplateVersion
from portal.questionnaires.templates import load_pinned
from portal.settings import Settings
from portal.vendors.models import Product, Vendor


class UnreviewedAnswers(AssessmentError):
    """Accepting would close answers nobody reviewed; confirm with their count to go ahead."""

    def __init__(self, count: int) -> None:
        super().__init__(f"{count} answer(s) have not been reviewed. Review them, or confirm "
                         f"that you accept the assessment with {count} unreviewed answer(s).")
        self.count = count


def unreviewed_answers(assessment: Assessment) -> list[Answer]:
    """Return the shown, answered answers on which no reviewer has decided yet."""
    template = load_pinned(assessment.template_version)
    values = {a.question_id: a.value for a in assessment.answers}
    questions = {q.id: q for q in template.questions()}
    return [a for a in assessment.answers
            if a.review_status is ReviewStatus.PENDING and a.value not in (None, "", [])
            and (q := questions.get(a.question_id)) is not None and is_visible(q, values)]


@dataclass(frozen=True)
class AssessmentDraft:
    title: str
    template_version_id: int
    due_date: date | None
    recipient_ids: Sequence[int]
    product_id: int | None = None
    message: str | None = None


def _recipients(vendor: Vendor, ids: Sequence[int]) -> list[User]:
    if not ids:
        return []
    users = list(db.session.scalars(sa.select(User).where(User.id.in_(list(ids)))))
    for user in users:
        # Form tampering: a recipient must be an active contact of this very vendor.
        if user.vendor_id != vendor.id or user.role is not Role.VENDOR or not user.is_active:
            raise AssessmentError("Recipients must be active contacts of this vendor.")
    if len(users) != len(set(ids)):
        raise AssessmentError("One of the chosen recipients does not exist.")
    return users


def _check_draft(vendor: Vendor, draft: AssessmentDraft) -> tuple[TemplateVersion, Product | None]:
    version = db.session.get(TemplateVersion, draft.template_version_id)
    if version is None or not version.is_active:
        raise AssessmentError("Choose an available questionnaire template.")
    product = None
    if draft.product_id:
        product = db.session.get(Product, draft.product_id)
        if product is None or product.vendor_id != vendor.id:
            raise AssessmentError("Choose one of this vendor's products.")
    if draft.due_date is not None and draft.due_date < date.today():
        raise AssessmentError("The due date is in the past.")
    return version, product


def previous_accepted(vendor_id: int, *, exclude_id: int | None = None) -> Assessment | None:
    """Return the vendor's most recently accepted assessment."""
    query = (
        sa.select(Assessment)
        .where(Assessment.vendor_id == vendor_id, Assessment.status == AssessmentStatus.ACCEPTED)
        .order_by(Assessment.closed_at.desc().nulls_last(), Assessment.id.desc())
        .limit(1)
    )
    if exclude_id is not None:
        query = query.where(Assessment.id != exclude_id)
    return db.session.scalar(query)


def create_assessment(vendor: Vendor, draft: AssessmentDraft, *, actor: User) -> Assessment:
    """Create a draft assessment for a vendor. Raises: AssessmentError."""
    version, product = _check_draft(vendor, draft)
    previous = previous_accepted(vendor.id)
    assessment = Assessment(
        vendor_id=vendor.id,
        template_version=version,
        product=product,
        title=draft.title.strip(),
        due_date=draft.due_date,
        message=(draft.message or "").strip() or None,
        created_by_id=actor.id,
        status=AssessmentStatus.DRAFT,
        previous_id=previous.id if previous else None,
    )
    assessment.recipients = _recipients(vendor, draft.recipient_ids)
    db.session.add(assessment)
    db.session.flush()
    record(actor, "assessment.created", f"Created draft “{assessment.title}” ({version.label})",
           obj=assessment, vendor_id=vendor.id, assessment_id=assessment.id)
    # Answer reuse: pre-fill from the last accepted assessment (portal/assessments/prefill.py).
    prefill.carry_over_answers(assessment, actor=actor)
    return assessment


def update_draft(assessment: Assessment, draft: AssessmentDraft, *, actor: User) -> None:
    """Change a draft's details. Raises: AssessmentError."""
    if assessment.status is not AssessmentStatus.DRAFT:
        raise AssessmentError("Only a draft can be edited; this assessment has been sent.")
    version, product = _check_draft(assessment.vendor, draft)
    template_changed = version.id != assessment.template_version_id
    assessment.template_version = version
    assessment.product = product
    assessment.title = draft.title.strip()
    assessment.due_date = draft.due_date
    assessment.message = (draft.message or "").strip() or None
    assessment.recipients = _recipients(assessment.vendor, draft.recipient_ids)
    record(actor, "assessment.updated", f"Edited draft “{assessment.title}”", obj=assessment,
           vendor_id=assessment.vendor_id, assessment_id=assessment.id)
    if template_changed:  # Answer reuse: carry over again against the new questions.
        db.session.flush()
        prefill.replace_carried_over(assessment, actor=actor)


def send_assessment(assessment: Assessment, *, actor: User, settings: Settings) -> list[str]:
    """Send a draft to its recipients by e-mail; return the addresses. Raises: AssessmentError."""
    if not assessment.recipients:
        raise AssessmentError("Choose at least one vendor contact to send the assessment to.")
    if assessment.due_date is None:
        raise AssessmentError("Set a due date before sending.")
    apply_transition(assessment, "send", actor, f"Sent “{assessment.title}” to "
           + ", ".join(u.email for u in assessment.recipients))
    assessment.sent_at = utcnow()
    smtp = settings.smtp
    link = absolute_url(settings, f"respond/{assessment.id}")
    for user in assessment.recipients:
        intro = _invitation_text(assessment, actor)
        # One e-mail per action: a contact who has not set a password yet gets the invitation
        # with the assessment in it, unless an invitation is still waiting (sent when they were
        # added as a contact): then this e-mail points to it, and its link keeps working.
        pending = None if user.has_password else auth_services.live_invitation(user)
        if not user.has_password and pending is None:
            auth_services.send_invitation(user, invited_by=actor, settings=settings,
                                          context=intro + f"\n\nAfter setting your password, "
                                          f"the questionnaire is at {link}")
            continue
        first_step = "" if pending is None else (
            "First choose your password with the link in the invitation e-mail sent on "
            f"{pending.created_at:%d %B %Y} (subject “Your invitation to the Vendor Assurance "
            "Portal”); then ")
        queue_email(
            smtp,
            to=user.email,
            subject=f"Assessment request: {assessment.title}",
            body=f"Hello {user.name},\n\n{intro}\n\n"
                 f"{first_step}{'open' if first_step else 'Open'} the questionnaire: {link}\n\n"
                 "Your answers are saved as you type; you can come back at any time before "
                 "submitting.\n",
            kind="assessment_sent",
            assessment_id=assessment.id,
            vendor_id=assessment.vendor_id,
        )
    return [u.email for u in assessment.recipients]


def _invitation_text(assessment: Assessment, actor: User) -> str:
    due = assessment.due_date.strftime("%d %B %Y") if assessment.due_date else "no due date"
    text = (f"{actor.name} asks {assessment.vendor.legal_name} to complete the assessment "
            f"“{assessment.title}” ({assessment.template_version.title}), due {due}.")
    if assessment.previous_id is not None:
        text += ("\n\nYour answers from your last accepted assessment are filled in where the "
                 "questions allow: confirm or change each one. The questionnaire also lists any "
                 "earlier answer that could not be reused because a question changed, and why.")
    if assessment.message:
        text += f"\n\nMessage from {actor.name}:\n{assessment.message}"
    return text


def change_status(assessment: Assessment, action: str, *, actor: User,
                  comment: str | None = None, settings: Settings | None = None,
                  confirm_unreviewed: int | bool = False) -> None:
    """Apply a staff action: start_review, accept, reject or cancel.

    Accepting with unreviewed answers needs `confirm_unreviewed`: their count as the person saw
    it (a count that changed meanwhile asks again), or True for a caller that accepts any.

    Raises: AssessmentError, UnreviewedAnswers.
    """
    if action not in ("start_review", "accept", "reject", "cancel"):
        raise AssessmentError(f"Unknown action {action!r}.")
    if action == "accept":
        pending = [a for a in assessment.answers
                   if a.review_status is ReviewStatus.CLARIFICATION_REQUESTED]
        if pending:
            raise AssessmentError(
                f"{len(pending)} answer(s) still wait for clarification; resolve them first.")
        unreviewed = len(unreviewed_answers(assessment))
        if unreviewed and confirm_unreviewed is not True and confirm_unreviewed != unreviewed:
            raise UnreviewedAnswers(unreviewed)
    if action in ("reject", "cancel") and not (comment or "").strip():
        raise AssessmentError("Give a reason.")
    label = lifecycle.transition_for(action).label
    apply_transition(assessment, action, actor, f"{label}: “{assessment.title}”",
           {"comment": comment} if comment else None)
    if action in ("accept", "reject", "cancel"):
        assessment.closed_at = utcnow()
        assessment.decision_comment = (comment or "").strip() or None
    if action == "accept":  # scoring stores a score and syncs findings (issue 5)
        signals.accepted.send(assessment, actor=actor)
    if settings is not None and action in ("accept", "reject"):
        _notify_vendor(assessment, settings, kind=f"assessment_{action}",
                       subject=f"Assessment {assessment.status.label.lower()}: {assessment.title}",
                       body=f"{actor.name} has {assessment.status.label.lower()} the assessment "
                            f"“{assessment.title}”."
                            + (f"\n\nComment:\n{comment}" if comment else ""))


def _notify_vendor(assessment: Assessment, settings: Settings, *, kind: str, subject: str,
                   body: str) -> None:
    smtp = settings.smtp
    link = absolute_url(settings, f"respond/{assessment.id}")
    for user in assessment.recipients:
        if user.is_active:
            queue_email(smtp, to=user.email, subject=subject,
                        body=f"Hello {user.name},\n\n{body}\n\n{link}\n", kind=kind,
                        assessment_id=assessment.id, vendor_id=assessment.vendor_id)


def notify_staff(assessment: Assessment, settings: Settings, *, kind: str, subject: str,
                 body: str) -> None:
    """E-mail the sender and the vendor owner about vendor activity."""
    smtp = settings.smtp
    link = absolute_url(settings, f"assessments/{assessment.id}")
    people = {u.id: u for u in (assessment.created_by, assessment.vendor.owner) if u is not None}
    for user in people.values():
        if user.is_active:
            queue_email(smtp, to=user.email, subject=subject,
                        body=f"Hello {user.name},\n\n{body}\n\n{link}\n", kind=kind,
                        assessment_id=assessment.id, vendor_id=assessment.vendor_id)


def request_clarification(assessment: Assessment, *, actor: User,
                          settings: Settings) -> list[Answer]:
    """Send the answers flagged for clarification back to the vendor. Raises: AssessmentError."""
    flagged = [a for a in assessment.answers
               if a.review_status is ReviewStatus.CLARIFICATION_REQUESTED]
    if not flagged:
        raise AssessmentError("Mark at least one answer as needing clarification first.")
    ids = sorted(a.question_id for a in flagged)
    apply_transition(assessment, "request_clarification", actor,
           f"Requested clarification on {len(flagged)} answer(s): {', '.join(ids)}",
           {"questions": ids})
    _notify_vendor(assessment, settings, kind="clarification_requested",
                   subject=f"Clarification requested: {assessment.title}",
                   body=f"{actor.name} asks for clarification on {len(flagged)} answer(s) "
                        f"({', '.join(ids)}). Open the questionnaire, read the comments on those "
                        "questions, respond, and resubmit.")
    return flagged


def assessments_for_staff(*, status: str | None = None, vendor_id: int | None = None,
                          overdue: bool = False, today: date | None = None, sort: str = "due"):
    """Build the select for the staff list of assessments, eager-loading what the page shows."""
    query = sa.select(Assessment).options(
        selectinload(Assessment.vendor), selectinload(Assessment.template_version),
        selectinload(Assessment.recipients),
    )
    if status:
        query = query.where(Assessment.status == AssessmentStatus(status))
    if vendor_id:
        query = query.where(Assessment.vendor_id == vendor_id)
    if overdue:
        open_states = [s for s in AssessmentStatus if s.is_with_vendor]
        query = query.where(Assessment.status.in_(open_states),
                            Assessment.due_date < (today or date.today()))
    order = {
        "due": (Assessment.due_date.asc().nulls_last(), Assessment.id),
        "-due": (Assessment.due_date.desc().nulls_last(), Assessment.id),
        "updated": (Assessment.updated_at.desc(), Assessment.id),
        "vendor": (Vendor.legal_name, Assessment.id),
        "status": (Assessment.status, Assessment.id),
    }.get(sort, (Assessment.due_date.asc().nulls_last(), Assessment.id))
    if sort == "vendor":
        query = query.join(Vendor, Vendor.id == Assessment.vendor_id)
    return query.order_by(*order)
