"""Act on many findings at once: request remediation, accept the risk, or close them.

Each finding goes through the same service as on its own page (so the same rules and audit
entries apply); one that cannot take the step is skipped with the reason, the others go ahead.
Remediation requests are e-mailed once per vendor, listing its findings.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from flask_wtf import FlaskForm
from wtforms import DateField, SelectChoice, SelectField, SelectMultipleField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from portal.auth.models import User
from portal.extensions import db
from portal.findings import services
from portal.findings.models import Finding
from portal.mail.links import absolute_url
from portal.mail.services import queue_email
from portal.settings import Settings

ACTIONS = {"remediate": "Request remediation by a date",
           "accept": "Accept the risk until a date",
           "close": "Close"}


class BulkFindingsForm(FlaskForm):
    finding_ids = SelectMultipleField("Findings", coerce=int, choices=[], validate_choice=False)
    action = SelectField("With the chosen findings",
                         choices=[SelectChoice(k, v) for k, v in ACTIONS.items()],
                         validators=[DataRequired()])
    due_date = DateField("Remediate by / accepted until", validators=[Optional()])
    text = TextAreaField("Message to the vendor, justification or closing comment",
                         [Length(max=4000)], render_kw={"rows": 2})


@dataclass
class BulkOutcome:
    done: list[Finding] = field(default_factory=list)
    skipped: list[tuple[Finding, str]] = field(default_factory=list)


def chosen_findings(ids: Sequence[int]) -> list[Finding]:
    """Load the findings by id, in the order given (unknown ids are left out)."""
    rows = {f.id: f for f in db.session.scalars(sa.select(Finding).where(Finding.id.in_(ids)))}
    return [rows[i] for i in dict.fromkeys(ids) if i in rows]


def apply_to_findings(findings: Sequence[Finding], action: str, *, actor: User,
                      settings: Settings, when: date | None, text: str | None,
                      today: date | None = None) -> BulkOutcome:
    """Take one step on each finding; return those done and those skipped, with why.

    Raises: services.NotAllowed when the actor may not take the step at all (accepting a risk
    needs a contract manager or an administrator); services.FindingError for an unknown action.
    """
    if action not in ACTIONS:
        raise services.FindingError("Choose what to do with the findings.")
    if action == "accept" and actor.role not in services.APPROVER_ROLES:
        raise services.NotAllowed("Only a contract manager or an administrator can accept a risk.")
    outcome = BulkOutcome()
    for finding in findings:
        try:
            with db.session.begin_nested():
                if action == "remediate":
                    services.request_remediation(finding, due_date=when, message=text,
                                                 actor=actor, settings=settings, today=today,
                                                 notify=False)
                elif action == "accept":
                    services.accept_risk(finding, justification=text or "", expires_on=when,
                                         actor=actor, today=today)
                else:
                    services.close_finding(finding, comment=text or "", actor=actor)
        except services.NotAllowed:
            raise
        except services.FindingError as exc:
            outcome.skipped.append((finding, str(exc)))
        else:
            outcome.done.append(finding)
    if action == "remediate" and outcome.done and when is not None:
        _notify_vendors(outcome.done, when=when, message=text, actor=actor, settings=settings)
    return outcome


def _notify_vendors(findings: Sequence[Finding], *, when: date, message: str | None,
                    actor: User, settings: Settings) -> None:
    """E-mail each vendor's contacts once, listing the findings to remediate."""
    smtp = settings.smtp
    by_vendor: dict[int, list[Finding]] = {}
    for finding in findings:
        by_vendor.setdefault(finding.vendor_id, []).append(finding)
    for vendor_id, items in by_vendor.items():
        lines = "\n".join(f"- {f.title}: {absolute_url(settings, f'findings/mine/{f.id}')}"
                          for f in items)
        note = (message or "").strip()
        for user in services.vendor_contacts(vendor_id):
            queue_email(smtp, to=user.email,
                        subject=f"Remediation requested on {len(items)} finding(s)",
                        body=(f"Hello {user.name},\n\n{actor.name} asks you to remediate these "
                              f"findings by {when:%d %B %Y}:\n\n{lines}\n\n"
                              + (f"Message:\n{note}\n\n" if note else "")
                              + "Reply on each with your plan, and attach evidence.\n"),
                        kind="finding_remediation", vendor_id=vendor_id)
