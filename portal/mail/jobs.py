"""Background job: deliver the outgoing e-mail queue over SMTP."""
from __future__ import annotations

from portal.jobs.registry import Progress
from portal.mail.services import deliver_pending
from portal.settings.current import current_settings


def deliver(progress: Progress) -> dict:
    """Send queued and failed messages; a message is marked sent as it goes.

    An SMTP failure does not fail the job: each message keeps its own attempts and error (the
    Outbox page shows them) and the next delivery or `portal mail send` retries it. Retrying the
    job would only hold a worker while the mail server is down.
    """
    sent, failed = deliver_pending(current_settings().smtp)
    progress.note(f"Sent {sent} message(s); {failed} failed.")
    return {"sent": sent, "failed": failed,
            "summary": f"Sent {sent} message(s); {failed} failed (retried later)."}
