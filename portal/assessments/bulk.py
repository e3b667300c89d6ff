"""Send one questionnaire to many vendors at once, as a background job with progress."""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask_wtf import FlaskForm
from sqlalchemy.orm import selectinload
from wtforms import DateField, HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from portal.assessments import services
from portal.assessments.forms import MultiCheckboxField
from portal.assessments.lifecycle import AssessmentStatus
from portal.assessments.models import Assessment
from portal.audit.services import record
from portal.auth.models import Role, User
from portal.extensions import db
from portal.jobs.queue import enqueue
from portal.jobs.registry import Progress
from portal.questionnaires.models import TemplateVersion
from portal.settings.current import current_settings
from portal.vendors.models import RiskTier, Vendor, VendorStatus

MAX_VENDORS = 2000  # per run; larger campaigns are several runs (or the API)
OPEN_STATES = tuple(s for s in AssessmentStatus if not s.is_closed)


class BulkSendForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired(), Length(max=200)],
                        default="Annual AI supplier assessment")
    template_version_id = SelectField("Questionnaire", coerce=int, validators=[DataRequired()])
    due_date = DateField("Due date", validators=[DataRequired()])
    message = TextAreaField("Message to the vendors (optional)", validators=[Length(max=4000)])
    vendor_ids = MultiCheckboxField("Vendors", coerce=int)
    batch = HiddenField()
    submit = SubmitField("Check and send to the chosen vendors")

    def validate_due_date(self, field) -> None:
        if field.data and field.data < date.today():
            raise ValidationError("Choose a date today or later.")

    def validate_vendor_ids(self, field) -> None:
        if not field.data:
            raise ValidationError("Choose at least one vendor.")
        if len(field.data) > MAX_VENDORS:
            raise ValidationError(f"Choose at most {MAX_VENDORS} vendors per run.")


@dataclass(frozen=True)
class Candidate:
    vendor: Vendor
    contacts: int
    open_assessments: int

    @property
    def problem(self) -> str | None:
        if not self.contacts:
            return "no active contact"
        return None


LIST_LIMIT = 300  # vendors listed when nothing is chosen yet; choose more by tier or list


def candidates(chosen: set[int], tier: str | None) -> tuple[list[Candidate], int]:
    """The vendors to show: those chosen and those of the tier, else the first LIST_LIMIT by
    name; with their active contacts and open assessments. Returns them and how many vendors
    could be chosen in all (4 queries, whatever the inventory's size)."""
    live = sa.select(Vendor).where(Vendor.status != VendorStatus.OFFBOARDED)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(live.subquery())) or 0
    wanted = []
    if chosen:
        wanted.append(Vendor.id.in_(sorted(chosen)))
    if tier in {t.value for t in RiskTier}:
        wanted.append(Vendor.inherent_tier == RiskTier(tier))
    query = live.where(sa.or_(*wanted)) if wanted else live
    limit = MAX_VENDORS if wanted else LIST_LIMIT
    vendors = db.session.scalars(query.order_by(Vendor.legal_name).limit(limit)).all()
    ids = [v.id for v in vendors]
    contacts = dict(db.session.execute(
        sa.select(User.vendor_id, sa.func.count())
        .where(User.role == Role.VENDOR, User.is_active.is_(True), User.vendor_id.in_(ids))
        .group_by(User.vendor_id)).all()) if ids else {}
    open_counts = dict(db.session.execute(
        sa.select(Assessment.vendor_id, sa.func.count())
        .where(Assessment.status.in_(OPEN_STATES), Assessment.vendor_id.in_(ids))
        .group_by(Assessment.vendor_id)).all()) if ids else {}
    return [Candidate(v, contacts.get(v.id, 0), open_counts.get(v.id, 0)) for v in vendors], total


@dataclass(frozen=True)
class Confirmation:
    """What a bulk run will do, shown before it starts."""

    vendors: int  # chosen
    contacts: int  # e-mails to send, over the chosen vendors that can receive one
    without_contact: int  # chosen vendors that will be skipped for want of a contact
    open_assessments: int  # chosen vendors with an open assessment (of any questionnaire)


def confirmation(form: BulkSendForm, shown: list[Candidate]) -> Confirmation:
    """Summarise the run the form asks for (the chosen vendors are among those shown)."""
    chosen = set(form.vendor_ids.data or [])
    picked = [c for c in shown if c.vendor.id in chosen]
    return Confirmation(vendors=len(chosen), contacts=sum(c.contacts for c in picked),
                        without_contact=sum(1 for c in picked if not c.contacts),
                        open_assessments=sum(1 for c in picked if c.open_assessments))


def preselected(choices: list[Candidate]) -> list[int]:
    """What a GET from the vendor list (vendor_id=...) or a tier link (tier=high) ticks."""
    return [c.vendor.id for c in choices if not c.problem]


def new_batch() -> str:
    return secrets.token_urlsafe(12)


def start(form: BulkSendForm, *, actor: User):
    """Enqueue the run the form describes (see start_bulk_send)."""
    return start_bulk_send(
        vendor_ids=list(form.vendor_ids.data), template_version_id=form.template_version_id.data,
        title=form.title.data, due_date=form.due_date.data, message=form.message.data or None,
        actor=actor, batch=form.batch.data or new_batch())


def start_bulk_send(*, vendor_ids: list[int], template_version_id: int, title: str,
                    due_date: date, message: str | None, actor: User, batch: str):
    """Audit and enqueue a run; the batch token makes a repeated start return the same job."""
    params = {"vendor_ids": list(vendor_ids), "template_version_id": template_version_id,
              "title": title, "due_date": due_date.isoformat(), "message": message}
    record(actor, "assessment.bulk_send_started",
           f"Started sending “{title}” to {len(params['vendor_ids'])} vendor(s)",
           details={k: v for k, v in params.items() if k != "message"})
    return enqueue("assessments.bulk_send", params,
                   title=f"Send “{title}” to {len(params['vendor_ids'])} vendor(s)",
                   actor=actor, key=f"bulk-send:{batch}")


def bulk_send(progress: Progress, *, vendor_ids: list[int], template_version_id: int, title: str,
              due_date: str, message: str | None) -> dict[str, Any]:
    """Create and send one assessment per vendor; skip vendors done by an earlier attempt."""
    actor = progress.actor
    if actor is None:
        raise RuntimeError("The person who started this run no longer exists.")
    done: dict[str, Any] = progress.partial or {"sent": [], "skipped": []}
    finished = {item["vendor_id"] for item in done["sent"] + done["skipped"]}
    version = db.session.get(TemplateVersion, template_version_id)
    if version is None:
        raise RuntimeError("The questionnaire version no longer exists.")
    progress.start(len(vendor_ids), f"Sending “{title}”")
    progress.job.done = len(finished)
    vendors = {v.id: v for v in db.session.scalars(
        sa.select(Vendor).options(selectinload(Vendor.contacts))
        .where(Vendor.id.in_(vendor_ids)))}
    for vendor_id in vendor_ids:
        if vendor_id in finished:
            continue
        vendor = vendors.get(vendor_id)
        outcome = _send_one(vendor, version, actor=actor, title=title,
                            due=date.fromisoformat(due_date), message=message)
        entry = {"vendor_id": vendor_id, "name": vendor.legal_name if vendor else f"#{vendor_id}",
                 **outcome}
        done["sent" if "assessment_id" in outcome else "skipped"].append(entry)
        progress.advance(message=f"{entry['name']}: {outcome.get('reason', 'sent')}",
                         partial={"sent": list(done["sent"]), "skipped": list(done["skipped"])})
    lines = [f"{item['name']}: not sent ({item['reason']})" for item in done["skipped"]]
    return {**done, "lines": lines,
            "summary": f"Sent to {len(done['sent'])} vendor(s); skipped {len(done['skipped'])}.",
            "link": {"endpoint": "assessments.index", "values": {"status": "sent"},
                     "label": "See sent assessments"}}


def _send_one(vendor: Vendor | None, version: TemplateVersion, *, actor: User, title: str,
              due: date, message: str | None) -> dict[str, Any]:
    if vendor is None:
        return {"reason": "the vendor was deleted"}
    if vendor.status is VendorStatus.OFFBOARDED:
        return {"reason": "the vendor is offboarded"}
    recipients = [u.id for u in vendor.contacts if u.is_active]
    if not recipients:
        return {"reason": "no active contact"}
    already = db.session.scalar(sa.select(Assessment.id).where(
        Assessment.vendor_id == vendor.id, Assessment.status.in_(OPEN_STATES),
        Assessment.template_version_id == version.id).limit(1))
    if already is not None:
        return {"reason": f"assessment #{already} from this questionnaire is still open"}
    draft = services.AssessmentDraft(title=title, template_version_id=version.id, due_date=due,
                                     recipient_ids=recipients, message=message)
    try:
        assessment = services.create_assessment(vendor, draft, actor=actor)
        services.send_assessment(assessment, actor=actor, settings=current_settings())
    except services.AssessmentError as exc:
        db.session.rollback()  # only this vendor's work: every earlier one is committed
        return {"reason": str(exc)}
    return {"assessment_id": assessment.id}
