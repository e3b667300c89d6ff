"""Starting a vendor's next assessment cycle with what the last one used.

The same defaults serve the "Start next cycle" form and `portal reassessments due
--create-drafts`: the last questionnaire's newest version, the same product, the same contacts
(those still active) and a due date from the tier's reassessment cadence.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa

from portal.assessments.cadence import add_months, interval
from portal.assessments.lifecycle import AssessmentStatus
from portal.assessments.models import Assessment
from portal.extensions import db
from portal.questionnaires.models import TemplateVersion
from portal.vendors.models import Vendor

RESPONSE_DAYS = 30  # the least time a vendor is given to answer a reassessment


@dataclass(frozen=True)
class CycleDefaults:
    title: str
    template_version: TemplateVersion | None
    product_id: int | None
    recipient_ids: tuple[int, ...]
    due_date: date
    last_accepted: Assessment | None
    due_note: str  # how the due date was chosen, in words

    @property
    def carry_note(self) -> str:
        """Say what happens to last cycle's answers (empty without an accepted cycle)."""
        if self.last_accepted is None:
            return ""
        when = self.last_accepted.closed_at
        return (f"Answers from “{self.last_accepted.title}”"
                + (f" (accepted {when:%d %B %Y})" if when else "")
                + " are carried over: the vendor confirms or changes each one, and is told "
                "which could not be reused because the questionnaire changed.")


def newest_version(version: TemplateVersion) -> TemplateVersion:
    """Return the newest active version of the same questionnaire (or this one)."""
    newest = db.session.scalar(sa.select(TemplateVersion).where(
        TemplateVersion.key == version.key, TemplateVersion.is_active.is_(True))
        .order_by(TemplateVersion.version.desc()).limit(1))
    return newest or version


def next_cycle_defaults(vendor: Vendor, *, months: Mapping[str, int],
                        today: date) -> CycleDefaults:
    """Return what the vendor's next assessment should start with."""
    last_accepted = db.session.scalar(
        sa.select(Assessment).where(Assessment.vendor_id == vendor.id,
                                    Assessment.status == AssessmentStatus.ACCEPTED)
        .order_by(Assessment.closed_at.desc().nulls_last(), Assessment.id.desc()).limit(1))
    last = last_accepted or db.session.scalar(
        sa.select(Assessment).where(Assessment.vendor_id == vendor.id,
                                    Assessment.status != AssessmentStatus.CANCELLED)
        .order_by(Assessment.created_at.desc(), Assessment.id.desc()).limit(1))
    active = [u.id for u in vendor.contacts if u.is_active]
    recipients = tuple(u.id for u in last.recipients if u.id in active) if last else ()
    product_id = None
    if last is not None and last.product_id and any(p.id == last.product_id
                                                    for p in vendor.products):
        product_id = last.product_id
    earliest = today + timedelta(days=RESPONSE_DAYS)
    tier = vendor.inherent_tier.value if vendor.inherent_tier else None
    span = interval(tier, months)
    if last_accepted is not None and last_accepted.closed_at is not None:
        accepted_on = last_accepted.closed_at.date()
        planned = add_months(accepted_on, span)
        due = max(planned, earliest)
        note = (f"from the {tier or 'untiered'} tier's {span}-month cadence: last accepted "
                f"{accepted_on:%d %B %Y}, so due by {planned:%d %B %Y}"
                + (f"; moved to {RESPONSE_DAYS} days from today to give the vendor time."
                   if due != planned else "."))
    else:
        due = earliest
        note = f"{RESPONSE_DAYS} days from today (no accepted assessment to count from)."
    return CycleDefaults(
        title=f"Reassessment {today:%B %Y}",
        template_version=newest_version(last.template_version) if last else None,
        product_id=product_id, recipient_ids=recipients or tuple(active), due_date=due,
        last_accepted=last_accepted, due_note=note)
