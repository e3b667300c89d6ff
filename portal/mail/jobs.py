"""Background job: deliver the outgoing e-mail queue over SMTP."""
from __future__ import annotations

from flask import current_app

from portal.jobs.registry import Progress, handler
from portal.mail.services import SmtpSettings, deliver_pending


@handler("mail.deliver")
def deliver(progress: Progress) -> dict:
    """Send queued and failed messages; a message is marked sent as it goes, so a retry skips it."""
    sent, failed = deliver_pending(SmtpSettings.from_config(current_app.config))
    progress.note(f"Sent {sent} message(s); {failed} failed.")
    if failed and not sent:
        raise RuntimeError(f"SMTP delivery failed for {failed} message(s)")
    return {"sent": sent, "failed": failed}
