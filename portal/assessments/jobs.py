"""Background jobs of assessments: due-date reminders (bulk sending is in bulk.py)."""
from __future__ import annotations

from datetime import date

from portal.assessments import bulk  # noqa: F401  (registers assessments.bulk_send)
from portal.assessments.reminders import send_reminders
from portal.jobs.registry import Progress
from portal.settings.current import current_settings


def reminders(progress: Progress, *, today: str | None = None) -> dict:
    """Queue every due reminder (each at most once, so a retry sends nothing twice)."""
    progress.start(1, "Looking for assessments that need a reminder")
    run = send_reminders(date.fromisoformat(today) if today else date.today(),
                         current_settings())
    progress.advance(message=f"Queued {run.sent} reminder(s) for {run.assessments} assessment(s)")
    return {"sent": run.sent, "assessments": run.assessments,
            "summary": f"Queued {run.sent} reminder(s) for {run.assessments} assessment(s).",
            "link": {"endpoint": "assessments.index", "values": {"overdue": "1"},
                     "label": "See overdue assessments"}}
