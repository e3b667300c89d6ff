"""Due-date reminders: which reminder is due (pure) and sending each one only once."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from portal.assessments.lifecycle import AssessmentStatus
from portal.assessments.models import Assessment
from portal.audit.services import record
from portal.extensions import db
from portal.mail.links import base_url
from portal.mail.services import queue_email
from portal.settings import Settings


@dataclass(frozen=True)
class Reminder:
    key: str  # stable per threshold: part of the de-duplication key
    subject: str
    lead: str


def due_reminder(due: date, today: date, days_before: Iterable[int]) -> Reminder | None:
    """Return the most urgent reminder that applies today, or None. Pure."""
    days_left = (due - today).days
    if days_left <= -7:
        return Reminder("overdue-7", "One week overdue", "is now more than a week overdue")
    if days_left < 0:
        return Reminder("overdue", "Overdue", f"was due on {due:%d %B %Y} and is now overdue")
    for threshold in sorted(days_before):
        if days_left <= threshold:
            when = "today" if days_left == 0 else (
                "tomorrow" if days_left == 1 else f"in {days_left} days")
            return Reminder(f"before-{threshold}", f"Due {when}",
                            f"is due {when}, on {due:%d %B %Y}")
    return None


@dataclass(frozen=True)
class ReminderRun:
    sent: int
    assessments: int


def send_reminders(today: date, settings: Settings) -> ReminderRun:
    """Queue every reminder that is due and was not sent before; safe to run repeatedly."""
    smtp = settings.smtp
    base = base_url(settings)
    open_states = [s for s in AssessmentStatus if s.is_with_vendor]
    assessments = db.session.scalars(
        sa.select(Assessment)
        .options(selectinload(Assessment.recipients), selectinload(Assessment.vendor))
        .where(Assessment.status.in_(open_states), Assessment.due_date.is_not(None))
    ).all()
    sent = 0
    touched = 0
    for assessment in assessments:
        reminder = due_reminder(assessment.due_date, today, settings.reminder_days)
        if reminder is None:
            continue
        count = 0
        for user in assessment.recipients:
            if not user.is_active:
                continue
            message = queue_email(
                smtp,
                to=user.email,
                subject=f"Reminder – {reminder.subject}: {assessment.title}",
                body=(f"Hello {user.name},\n\nThe assessment “{assessment.title}” for "
                      f"{assessment.vendor.legal_name} {reminder.lead}.\n\n"
                      f"Continue where you left off: {base}/respond/{assessment.id}\n"),
                kind="reminder",
                dedupe_key=f"reminder:{assessment.id}:{user.id}:{reminder.key}",
                assessment_id=assessment.id,
                vendor_id=assessment.vendor_id,
            )
            count += message is not None
        if count:
            touched += 1
            sent += count
            record(None, "assessment.reminder_sent",
                   f"Sent reminder “{reminder.subject}” to {count} contact(s)",
                   obj=assessment, vendor_id=assessment.vendor_id, assessment_id=assessment.id,
                   details={"reminder": reminder.key}, actor_label="system")
    return ReminderRun(sent=sent, assessments=touched)
