"""List vendors due for reassessment and create their draft assessments."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa

from portal.assessments.cycles import RESPONSE_DAYS, next_cycle_defaults
from portal.assessments.lifecycle import AssessmentStatus
from portal.assessments.models import Assessment
from portal.assessments.services import AssessmentDraft, AssessmentError, create_assessment
from portal.auth.models import User
from portal.extensions import db
from portal.portfolio.services import PortfolioFilters, PortfolioRow, iter_rows
from portal.vendors.models import Vendor

_CLOSED = [AssessmentStatus.ACCEPTED, AssessmentStatus.REJECTED, AssessmentStatus.CANCELLED]


@dataclass(frozen=True)
class DraftOutcome:
    vendor_id: int
    vendor: str
    assessment_id: int | None
    message: str


def due_vendors(*, months: Mapping[str, int], today: date) -> list[PortfolioRow]:
    """Return every vendor due for reassessment today, with the reasons."""
    # Certificate expiry makes a vendor due too and is only known in Python: no SQL pre-filter.
    rows = iter_rows(PortfolioFilters(sort="due"), months=months, today=today)
    return [row for row in rows if row.due.is_due]


def under_way(vendor_ids: list[int]) -> dict[int, Assessment]:
    """Return each vendor's newest assessment that is neither accepted, rejected nor cancelled."""
    if not vendor_ids:
        return {}
    found: dict[int, Assessment] = {}
    for assessment in db.session.scalars(
            sa.select(Assessment).where(Assessment.vendor_id.in_(vendor_ids),
                                        Assessment.status.not_in(_CLOSED))
            .order_by(Assessment.created_at.desc(), Assessment.id.desc())):
        found.setdefault(assessment.vendor_id, assessment)
    return found


def describe(assessment: Assessment) -> str:
    """Say in a few words which assessment is under way and where it stands."""
    due = f", due {assessment.due_date.isoformat()}" if assessment.due_date else ""
    return (f"assessment #{assessment.id} “{assessment.title}” is already under way "
            f"({assessment.status.label.lower()}{due})")


def create_draft(row: PortfolioRow, *, actor: User, today: date,
                 months: Mapping[str, int]) -> DraftOutcome:
    """Create a draft reassessment with the last cycle's defaults, unless one is under way.

    The defaults are the "Start next cycle" form's (portal/assessments/cycles.py): the last
    questionnaire's newest version, product, contacts and a due date from the tier's cadence.
    """
    open_one = under_way([row.vendor_id]).get(row.vendor_id)
    if open_one is not None:
        return DraftOutcome(row.vendor_id, row.legal_name, open_one.id,
                            f"skipped: {describe(open_one)}")
    vendor = db.session.get(Vendor, row.vendor_id)
    defaults = next_cycle_defaults(vendor, months=months, today=today)
    if defaults.template_version is None:
        return DraftOutcome(row.vendor_id, row.legal_name, None,
                            "skipped: never assessed, so no template to reuse")
    # --today may pretend a past day; a due date cannot be in the real past.
    due = max(defaults.due_date, date.today() + timedelta(days=RESPONSE_DAYS))
    draft = AssessmentDraft(title=defaults.title,
                            template_version_id=defaults.template_version.id,
                            due_date=due, recipient_ids=list(defaults.recipient_ids),
                            product_id=defaults.product_id, message=None)
    try:
        assessment = create_assessment(vendor, draft, actor=actor)
    except AssessmentError as exc:
        return DraftOutcome(row.vendor_id, row.legal_name, None, f"skipped: {exc}")
    who = len(defaults.recipient_ids)
    return DraftOutcome(row.vendor_id, row.legal_name, assessment.id,
                        f"draft created (#{assessment.id}, {defaults.template_version.label}, "
                        f"due {due.isoformat()}, {who} contact(s)"
                        + (f", {assessment.product.name}" if assessment.product else "")
                        + "): " + " ".join(row.due.reasons))
