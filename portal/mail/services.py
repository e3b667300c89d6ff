"""Queue e-mail in the database and deliver it over SMTP when configured."""
from __future__ import annotations

import logging
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import make_msgid

import sqlalchemy as sa

from portal.extensions import db, utcnow
from portal.mail.models import EmailStatus, OutboundEmail
from portal.settings import SmtpSettings

log = logging.getLogger(__name__)
# Set on a session that queued mail for SMTP delivery; portal.mail.delivery acts on commit.
QUEUED_MAIL = "portal_mail_queued"


def queue_email(
    settings: SmtpSettings,
    *,
    to: str,
    subject: str,
    body: str,
    kind: str,
    dedupe_key: str | None = None,
    assessment_id: int | None = None,
    vendor_id: int | None = None,
) -> OutboundEmail | None:
    """Store a message for delivery; return None when its dedupe key was already used."""
    if dedupe_key is not None:
        exists = db.session.scalar(
            sa.select(OutboundEmail.id).where(OutboundEmail.dedupe_key == dedupe_key)
        )
        if exists is not None:
            return None
    status = EmailStatus.QUEUED if settings.is_configured else EmailStatus.OUTBOX
    message = OutboundEmail(
        to_address=to,
        subject=subject[:255],
        body_text=body,
        kind=kind,
        status=status,
        dedupe_key=dedupe_key,
        assessment_id=assessment_id,
        vendor_id=vendor_id,
    )
    db.session.add(message)
    db.session.flush()
    if status is EmailStatus.QUEUED:
        db.session.info[QUEUED_MAIL] = True  # delivered once the caller commits (delivery.py)
    if status is EmailStatus.OUTBOX:
        log.info("E-mail kept in the outbox (no SMTP configured): to=%s subject=%r", to, subject)
    return message


def deliver_pending(settings: SmtpSettings, *, limit: int = 100) -> tuple[int, int]:
    """Send queued and failed messages over SMTP; return (sent, failed). Caller commits."""
    if not settings.is_configured:
        return (0, 0)
    pending = db.session.scalars(
        sa.select(OutboundEmail)
        .where(OutboundEmail.status.in_([EmailStatus.QUEUED, EmailStatus.FAILED]))
        .where(OutboundEmail.attempts < 5)
        .order_by(OutboundEmail.id)
        .limit(limit)
    ).all()
    if not pending:
        return (0, 0)
    sent = failed = 0
    try:
        connection = _connect(settings)
    except (OSError, smtplib.SMTPException) as exc:
        for message in pending:
            message.attempts += 1
            message.status = EmailStatus.FAILED
            message.error = f"SMTP connection failed: {exc}"[:500]
        log.warning("SMTP connection to %s failed: %s", settings.host, exc)
        return (0, len(pending))
    with connection:
        for message in pending:
            message.attempts += 1
            try:
                connection.send_message(_build(settings, message))
            except smtplib.SMTPException as exc:
                message.status = EmailStatus.FAILED
                message.error = str(exc)[:500]
                failed += 1
            else:
                message.status = EmailStatus.SENT
                message.sent_at = utcnow()
                message.error = None
                sent += 1
    return (sent, failed)


def _connect(settings: SmtpSettings) -> smtplib.SMTP:
    if settings.use_ssl:
        connection: smtplib.SMTP = smtplib.SMTP_SSL(
            settings.host, settings.port, timeout=settings.timeout,
            context=ssl.create_default_context(),
        )
    else:
        connection = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
        if settings.starttls:
            connection.starttls(context=ssl.create_default_context())
    if settings.username:
        connection.login(settings.username, settings.password or "")
    return connection


def _build(settings: SmtpSettings, message: OutboundEmail) -> EmailMessage:
    email = EmailMessage()
    email["From"] = settings.sender
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email["Message-ID"] = make_msgid(domain="vendor-assurance-portal")
    email.set_content(message.body_text)
    return email


def delivery_note(smtp: SmtpSettings, *, can_read_outbox: bool) -> str:
    """Say where a message just queued will be, for the person who caused it to be sent."""
    if smtp.is_configured:
        return "It is being e-mailed now."
    if can_read_outbox:
        return ("E-mail delivery is not configured, so it waits in the outbox: open it under "
                "Admin → Outbox and forward it.")
    return ("E-mail delivery is not configured here, so it waits in the outbox: ask an "
            "administrator to forward it from Admin → Outbox.")
