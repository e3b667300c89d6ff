"""List vendors due for reassessment and create their draft assessments."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from portal.assessments.lifecycle import AssessmentStatus
from portal.assessments.models import Assessment, TemplateVersion
from portal.assessments.services import AssessmentDraft, AssessmentError, create_assessment
from portal.auth.models import User
from portal.extensions import db
from portal.portfolio.services import PortfolioFilters, PortfolioRow, iter_rows
from portal.scoring.scorecards import knows_certificate_expiry
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
    # Certificate expiry is only known in Python; without it, SQL can pre-filter the due ones.
    python_only = knows_certificate_expiry()
    rows = iter_rows(PortfolioFilters(overdue=not python_only, sort="due"), months=months,
                     today=today)
    return [row for row in rows if row.due.is_due]


def _last_template(vendor_id: int) -> TemplateVersion | None:
    last = db.session.scalar(sa.select(Assessment).where(Assessment.vendor_id == vendor_id)
                             .order_by(Assessment.created_at.desc(), Assessment.id.desc())
                             .limit(1))
    if last is None:
        return None
    newest = db.session.scalar(sa.select(TemplateVersion).where(
        TemplateVersion.key == last.template_version.key, TemplateVersion.is_active.is_(True))
        .order_by(TemplateVersion.version.desc()).limit(1))
    return newest or last.template_version


def create_draft(row: PortfolioRow, *, actor: User, today: date) -> DraftOutcome:
    """Create a draft reassessment with the vendor's last template, unless one is under way."""
    open_one = db.session.scalar(sa.select(Assessment.id).where(
        Assessment.vendor_id == row.vendor_id, Assessment.status.not_in(_CLOSED)).limit(1))
    if open_one is not None:
        return DraftOutcome(row.vendor_id, row.legal_name, open_one,
                            "skipped: an assessment is already under way")
    template = _last_template(row.vendor_id)
    if template is None:
        return DraftOutcome(row.vendor_id, row.legal_name, None,
                            "skipped: never assessed, so no template to reuse")
    vendor = db.session.get(Vendor, row.vendor_id)
    draft = AssessmentDraft(title=f"Reassessment {today.isoformat()}",
                            template_version_id=template.id, due_date=None, recipient_ids=[],
                            message=None)
    try:
        assessment = create_assessment(vendor, draft, actor=actor)
    except AssessmentError as exc:
        return DraftOutcome(row.vendor_id, row.legal_name, None, f"skipped: {exc}")
    return DraftOutcome(row.vendor_id, row.legal_name, assessment.id,
                        f"draft created ({template.label}): " + " ".join(row.due.reasons))
