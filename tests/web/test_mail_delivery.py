"""Real SMTP delivery: a local SMTP server (aiosmtpd) receives what the delivery job sends
once the transaction that queued the mail commits."""
from __future__ import annotations

import socket

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.jobs.models import Job, JobState
from portal.mail.models import EmailStatus, OutboundEmail
from portal.mail.services import queue_email
from portal.settings.current import settings_for

aiosmtpd = pytest.importorskip("aiosmtpd.controller")


class Inbox:
    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's API
        self.messages.append(envelope)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again when the block ends


@pytest.fixture
def smtp_server(app):
    inbox = Inbox()
    port = _free_port()
    controller = aiosmtpd.Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_STARTTLS=False,
                      SMTP_SSL=False)
    yield inbox
    controller.stop()


def _queue(app, to: str = "vendor@example.com") -> OutboundEmail:
    message = queue_email(settings_for(app).smtp, to=to, subject="Hello",
                          body="Body text", kind="test")
    db.session.commit()
    return message


def test_queued_mail_is_delivered_over_smtp_by_a_job(app, smtp_server):
    message = _queue(app)  # the commit hands the delivery job on (eager in tests)
    assert len(smtp_server.messages) == 1
    envelope = smtp_server.messages[0]
    assert envelope.rcpt_tos == ["vendor@example.com"]
    assert b"Subject: Hello" in envelope.content and b"Body text" in envelope.content
    db.session.expire_all()
    assert db.session.get(OutboundEmail, message.id).status is EmailStatus.SENT
    job = db.session.scalars(sa.select(Job)).one()
    assert job.kind == "mail.deliver" and job.state is JobState.SUCCEEDED
    assert job.result["sent"] == 1


def test_a_mail_server_that_is_down_marks_messages_failed_not_the_job(app):
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=_free_port(), SMTP_STARTTLS=False,
                      SMTP_TIMEOUT=2)
    message = _queue(app)
    db.session.expire_all()
    failed = db.session.get(OutboundEmail, message.id)
    assert failed.status is EmailStatus.FAILED and "SMTP connection failed" in failed.error
    job = db.session.scalars(sa.select(Job)).one()
    assert job.state is JobState.SUCCEEDED and job.result["failed"] == 1 and job.attempts == 1


def test_one_delivery_per_commit_and_none_for_mail_rolled_back(app, smtp_server):
    settings = settings_for(app).smtp
    queue_email(settings, to="dropped@example.com", subject="Dropped", body="b", kind="test")
    db.session.rollback()
    assert smtp_server.messages == []
    assert db.session.scalar(sa.select(sa.func.count(Job.id))) == 0
    db.session.commit()  # nothing queued since the rollback: no job either
    assert db.session.scalar(sa.select(sa.func.count(Job.id))) == 0

    for to in ("a@example.com", "b@example.com"):
        queue_email(settings, to=to, subject="Hello", body="b", kind="test")
    db.session.commit()
    assert sorted(m.rcpt_tos[0] for m in smtp_server.messages) == ["a@example.com",
                                                                   "b@example.com"]
    assert db.session.scalars(sa.select(Job)).one().result["sent"] == 2


def test_without_smtp_mail_waits_in_the_outbox_and_no_job_runs(app):
    message = _queue(app)
    db.session.expire_all()
    assert db.session.get(OutboundEmail, message.id).status is EmailStatus.OUTBOX
    assert db.session.scalar(sa.select(sa.func.count(Job.id))) == 0
