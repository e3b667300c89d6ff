"""The findings lifecycle: raise, edit, request remediation, vendor reply, accept, close, reopen.

Every step is audited. Accepting, closing and reopening change residual risk: the vendor's latest
ScoreRecord is updated by scoring, which subscribes to findings.signals.finding_changed
(docs/scoring.md).
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from portal.audit.models import AuditEvent
from portal.audit.services import record
from portal.auth.models import Role, User
from portal.documents.services import store_upload
from portal.domain import DomainError
from portal.extensions import db, utcnow
from portal.findings import signals
from portal.findings.models import Finding, FindingSource, FindingStatus, Severity
from portal.findings.replies import FindingReply, ReplyKind
from portal.mail.links import absolute_url
from portal.mail.services import queue_email
from portal.settings import Settings
from portal.vendors.models import Vendor

# Who may accept a risk: the approver is always the acting user.
APPROVER_ROLES = (Role.CONTRACT_MANAGER, Role.ADMIN)


class FindingError(DomainError):
    """A finding action that cannot be carried out; the message says why."""


class NotAllowed(FindingError):
    """The acting user may not take this step."""

    http_status = 403


@dataclass(frozen=True)
class FindingFilters:
    vendor_id: int | None = None
    severity: str | None = None
    status: str | None = None
    overdue: bool = False


def is_overdue(finding: Finding, today: date) -> bool:
    """Tell whether requested remediation is past its due date."""
    return (finding.status is FindingStatus.REMEDIATION_REQUESTED
            and finding.remediation_due_date is not None
            and finding.remediation_due_date < today)


def findings_query(filters: FindingFilters, *, today: date | None = None) -> sa.Select:
    """Build the staff list of findings, worst and newest first, eager-loading the vendor."""
    query = sa.select(Finding).options(selectinload(Finding.vendor))
    if filters.vendor_id:
        query = query.where(Finding.vendor_id == filters.vendor_id)
    if filters.severity in {s.value for s in Severity}:
        query = query.where(Finding.severity == Severity(filters.severity))
    if filters.status == "open":
        query = query.where(Finding.status.in_([FindingStatus.OPEN,
                                                FindingStatus.REMEDIATION_REQUESTED]))
    elif filters.status in {s.value for s in FindingStatus}:
        query = query.where(Finding.status == FindingStatus(filters.status))
    if filters.overdue:
        query = query.where(Finding.status == FindingStatus.REMEDIATION_REQUESTED,
                            Finding.remediation_due_date < (today or date.today()))
    rank = sa.case({s.value: s.rank for s in Severity}, value=Finding.severity)
    return query.order_by(rank.desc(), Finding.id.desc())


def vendor_visible_findings(vendor_id: int) -> list[Finding]:
    """Return the findings a vendor contact sees: their organisation's, open ones first."""
    rank = sa.case({s.value: s.rank for s in Severity}, value=Finding.severity)
    closed = sa.case((Finding.status == FindingStatus.CLOSED, 1), else_=0)
    return list(db.session.scalars(sa.select(Finding).where(Finding.vendor_id == vendor_id)
                                   .order_by(closed, rank.desc(), Finding.id.desc())))


def open_findings(vendor_id: int) -> list[Finding]:
    """Return a vendor's findings that still need action, worst first."""
    return [f for f in vendor_visible_findings(vendor_id) if f.status.is_open]


def replies(finding: Finding) -> list[FindingReply]:
    """Return the conversation on a finding, oldest first."""
    return list(db.session.scalars(
        sa.select(FindingReply).options(selectinload(FindingReply.author),
                                        selectinload(FindingReply.document))
        .where(FindingReply.finding_id == finding.id).order_by(FindingReply.id)))


def history(finding: Finding) -> list[AuditEvent]:
    """Return the audit events about a finding, newest first."""
    return list(db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.object_type == "Finding",
                                    AuditEvent.object_id == finding.id)
        .order_by(AuditEvent.id.desc())))


def _audit(actor: User, action: str, summary: str, finding: Finding, **details: Any) -> None:
    record(actor, f"finding.{action}", summary[:500], obj=finding, vendor_id=finding.vendor_id,
           assessment_id=finding.assessment_id, details={"key": finding.key, **details})


def _text(value: str | None, what: str) -> str:
    text = (value or "").strip()
    if not text:
        raise FindingError(f"Give {what}.")
    return text


def raise_manual(vendor: Vendor, *, title: str, severity: str, detail: str, remediation: str,
                 control_id: str | None, actor: User) -> Finding:
    """Raise a finding by hand. Raises: FindingError."""
    if severity not in {s.value for s in Severity}:
        raise FindingError("Choose a severity.")
    finding = Finding(
        vendor_id=vendor.id, key=f"manual:{secrets.token_hex(6)}", source=FindingSource.MANUAL,
        severity=Severity(severity), status=FindingStatus.OPEN,
        control_id=(control_id or "").strip() or None, title=_text(title, "a title")[:300],
        detail=(detail or "").strip(), remediation=(remediation or "").strip(),
        created_by_id=actor.id)
    db.session.add(finding)
    db.session.flush()
    _audit(actor, "raised", f"Raised {severity} finding by hand: {finding.title}", finding)
    signals.finding_changed.send(vendor.id, reason="Finding raised by a reviewer")
    return finding


def update_finding(finding: Finding, *, title: str, severity: str, remediation: str,
                   actor: User) -> dict[str, Any]:
    """Edit a finding's title, severity and remediation text; return what changed."""
    if severity not in {s.value for s in Severity}:
        raise FindingError("Choose a severity.")
    new = {"title": _text(title, "a title")[:300], "severity": Severity(severity),
           "remediation": (remediation or "").strip()}
    changes = {k: [getattr(finding, k).value if k == "severity" else getattr(finding, k),
                   v.value if k == "severity" else v]
               for k, v in new.items() if getattr(finding, k) != v}
    for key, value in new.items():
        setattr(finding, key, value)
    if changes:
        _audit(actor, "edited", f"Edited finding: {', '.join(changes)}", finding,
               changes=changes)
        if "severity" in changes:
            signals.finding_changed.send(finding.vendor_id,
                                         reason=f"Severity of finding {finding.id} changed")
    return changes


def vendor_contacts(vendor_id: int) -> list[User]:
    """Return the vendor's active contacts (who is e-mailed about its findings)."""
    return list(db.session.scalars(sa.select(User).where(
        User.vendor_id == vendor_id, User.role == Role.VENDOR, User.is_active.is_(True))))


def request_remediation(finding: Finding, *, due_date: date | None, message: str | None,
                        actor: User, settings: Settings,
                        today: date | None = None, notify: bool = True) -> list[str]:
    """Ask the vendor to remediate by a date; e-mail its contacts; return the addresses.

    With notify=False the caller e-mails them (portal/findings/bulk.py: one e-mail per vendor).
    """
    if finding.status in (FindingStatus.CLOSED, FindingStatus.RISK_ACCEPTED):
        raise FindingError("Reopen the finding before requesting remediation.")
    if due_date is None or due_date < (today or date.today()):
        raise FindingError("Choose a due date today or later.")
    finding.status = FindingStatus.REMEDIATION_REQUESTED
    finding.remediation_due_date = due_date
    note = (message or "").strip()
    if note:
        db.session.add(FindingReply(finding_id=finding.id, kind=ReplyKind.STAFF_NOTE, body=note,
                                    author_id=actor.id))
    contacts = vendor_contacts(finding.vendor_id)
    smtp = settings.smtp
    link = absolute_url(settings, f"findings/mine/{finding.id}")
    for user in contacts if notify else ():
        queue_email(smtp, to=user.email,
                    subject=f"Remediation requested: {finding.title}"[:255],
                    body=(f"Hello {user.name},\n\n{actor.name} asks you to remediate the "
                          f"finding “{finding.title}” by {due_date:%d %B %Y}.\n\n"
                          f"What we found:\n{finding.detail or finding.title}\n\n"
                          # finding.remediation is the buyer's own advice: never e-mailed.
                          + (f"Message:\n{note}\n\n" if note else "")
                          + f"Reply with your plan and attach evidence: {link}\n"),
                    kind="finding_remediation", vendor_id=finding.vendor_id,
                    assessment_id=finding.assessment_id)
    _audit(actor, "remediation_requested",
           f"Requested remediation by {due_date.isoformat()} from "
           f"{', '.join(u.email for u in contacts) or 'no active contact'}", finding,
           due=due_date.isoformat(), recipients=[u.email for u in contacts])
    return [u.email for u in contacts]


def vendor_reply(finding: Finding, *, body: str, upload: tuple[IO[bytes], str] | None,
                 actor: User, settings: Settings) -> FindingReply:
    """Record a vendor contact's remediation plan, with an optional evidence file.

    Raises: NotAllowed, FindingError, documents.services.UploadRejected.
    """
    if actor.role is not Role.VENDOR or actor.vendor_id != finding.vendor_id:
        raise NotAllowed("Only the vendor's own contacts can reply.")
    if finding.status is FindingStatus.CLOSED:
        raise FindingError("This finding is closed.")
    text = _text(body, "your plan or response")
    document = None
    if upload is not None:
        stream, filename = upload
        document = store_upload(stream, filename, vendor=finding.vendor, actor=actor,
                                settings=settings, assessment=finding.assessment)
    reply = FindingReply(finding_id=finding.id, kind=ReplyKind.VENDOR_PLAN, body=text,
                         document_id=document.id if document else None, author_id=actor.id)
    db.session.add(reply)
    finding.vendor_response = text
    db.session.flush()
    _audit(actor, "vendor_replied", f"Vendor replied{' with evidence' if document else ''}: "
           f"{text[:200]}", finding, document_id=document.id if document else None)
    _notify_staff(finding, settings, f"{actor.name} ({finding.vendor.legal_name}) replied to the "
                  f"finding “{finding.title}”:\n\n{text}")
    return reply


def _notify_staff(finding: Finding, settings: Settings, body: str) -> None:
    people = {u.id: u for u in (finding.vendor.owner, finding.created_by) if u is not None}
    smtp = settings.smtp
    link = absolute_url(settings, f"findings/{finding.id}")
    for user in people.values():
        if user.is_active and user.is_staff:
            queue_email(smtp, to=user.email, subject=f"Finding update: {finding.title}"[:255],
                        body=f"Hello {user.name},\n\n{body}\n\n{link}\n", kind="finding_reply",
                        vendor_id=finding.vendor_id, assessment_id=finding.assessment_id)


def accept_risk(finding: Finding, *, justification: str, expires_on: date | None, actor: User,
                today: date | None = None) -> None:
    """Accept the risk until a date; the acting contract manager or admin is the approver.

    Raises: NotAllowed (other roles), FindingError.
    """
    if actor.role not in APPROVER_ROLES:
        raise NotAllowed("Only a contract manager or an administrator can accept a risk.")
    if finding.status is FindingStatus.CLOSED:
        raise FindingError("Reopen the finding before accepting its risk.")
    text = _text(justification, "a justification")
    if expires_on is None or expires_on <= (today or date.today()):
        raise FindingError("Choose an expiry date after today: an acceptance must end.")
    finding.status = FindingStatus.RISK_ACCEPTED
    finding.acceptance_justification = text
    finding.acceptance_approver_id = actor.id
    finding.acceptance_expires_on = expires_on
    _audit(actor, "risk_accepted", f"Accepted the risk until {expires_on.isoformat()}: {text}",
           finding, expires_on=expires_on.isoformat(), approver=actor.email)
    signals.finding_changed.send(finding.vendor_id, reason=f"Risk of finding {finding.id} accepted")


def close_finding(finding: Finding, *, comment: str, actor: User) -> None:
    """Close a finding with a comment. Raises: FindingError."""
    if finding.status is FindingStatus.CLOSED:
        raise FindingError("The finding is already closed.")
    text = _text(comment, "a closing comment")
    finding.status, finding.closed_at = FindingStatus.CLOSED, utcnow()
    db.session.add(FindingReply(finding_id=finding.id, kind=ReplyKind.STAFF_NOTE,
                                body=f"Closed: {text}", author_id=actor.id))
    _audit(actor, "closed", f"Closed finding: {text}", finding)
    signals.finding_changed.send(finding.vendor_id, reason=f"Finding {finding.id} closed")


def reopen_finding(finding: Finding, *, comment: str, actor: User) -> None:
    """Reopen a closed or accepted finding. Raises: FindingError."""
    if finding.status.is_open:
        raise FindingError("The finding is already open.")
    text = _text(comment, "a reason for reopening")
    old = finding.status
    finding.status, finding.closed_at = FindingStatus.OPEN, None
    finding.acceptance_expires_on = None
    db.session.add(FindingReply(finding_id=finding.id, kind=ReplyKind.STAFF_NOTE,
                                body=f"Reopened: {text}", author_id=actor.id))
    _audit(actor, "reopened", f"Reopened finding ({old.label.lower()}): {text}", finding,
           **{"from": old.value})
    signals.finding_changed.send(finding.vendor_id, reason=f"Finding {finding.id} reopened")


def finding_dict(finding: Finding) -> dict[str, Any]:
    """Return a finding as plain values for exports."""
    return {
        "id": finding.id, "key": finding.key, "severity": finding.severity.value,
        "status": finding.status.value, "source": finding.source.value,
        "control_id": finding.control_id, "question_id": finding.question_id,
        "title": finding.title, "detail": finding.detail, "remediation": finding.remediation,
        "remediation_due_date": _iso(finding.remediation_due_date),
        "vendor_response": finding.vendor_response,
        "acceptance_justification": finding.acceptance_justification,
        "acceptance_approver": (finding.acceptance_approver.email
                                if finding.acceptance_approver else None),
        "acceptance_expires_on": _iso(finding.acceptance_expires_on),
        "created_at": _iso(finding.created_at), "closed_at": _iso(finding.closed_at),
        "assessment_id": finding.assessment_id,
    }


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None
