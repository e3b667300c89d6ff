"""What assessments answers when core-data packages ask (blinker signals), connected in init_app.

Questionnaires, documents and vendors sit below assessments and may not import it; they send
a signal instead, and these receivers answer with what assessments knows.
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from flask import Flask
from sqlalchemy.orm import joinedload

from portal.assessments.lifecycle import AssessmentStatus, vendor_can_edit
from portal.assessments.models import Answer, Assessment
from portal.documents import signals as document_signals
from portal.documents.models import Document
from portal.extensions import db
from portal.questionnaires import signals as questionnaire_signals
from portal.vendors import signals as vendor_signals
from portal.vendors.models import Vendor

CLOSED = tuple(s for s in AssessmentStatus if s.is_closed)


def init_app(app: Flask) -> None:
    """Connect the receivers (connecting again is harmless: blinker keeps one of each)."""
    questionnaire_signals.pinned_counts.connect(pinned_counts)
    document_signals.locked.connect(locked_document_ids)
    vendor_signals.open_assessment_counts.connect(open_counts)
    vendor_signals.assessments_of.connect(vendor_assessments)


def pinned_counts(version_ids: Sequence[int]) -> dict[int, int]:
    """Count the assessments pinned to each template version."""
    rows = db.session.execute(
        sa.select(Assessment.template_version_id, sa.func.count(Assessment.id))
        .where(Assessment.template_version_id.in_(list(version_ids)))
        .group_by(Assessment.template_version_id))
    return {vid: count for vid, count in rows}


def locked_document_ids(vendor_id: int) -> set[int]:
    """Return the vendor's document ids tied to an assessment the vendor can no longer edit."""
    closed = [s for s in AssessmentStatus if not vendor_can_edit(s)]
    locked = set(db.session.scalars(
        sa.select(Document.id)
        .join(Assessment, Document.assessment_id == Assessment.id)
        .where(Document.vendor_id == vendor_id, Assessment.status.in_(closed))
    ))
    # Library documents can also be attached to file answers, stored as JSON lists of ids;
    # JSON containment differs per database, so the lists are read here.
    values = db.session.scalars(
        sa.select(Answer.value)
        .join(Assessment, Answer.assessment_id == Assessment.id)
        .where(Assessment.vendor_id == vendor_id, Assessment.status.in_(closed))
    )
    for value in values:
        if isinstance(value, list):
            locked.update(v for v in value if isinstance(v, int) and not isinstance(v, bool))
    return locked


def open_counts(vendor_ids: Sequence[int]) -> dict[int, int]:
    """Count the open (not closed) assessments of each vendor, in one query."""
    rows = db.session.execute(
        sa.select(Assessment.vendor_id, sa.func.count(Assessment.id))
        .where(Assessment.vendor_id.in_(list(vendor_ids)), Assessment.status.not_in(CLOSED))
        .group_by(Assessment.vendor_id))
    return {vid: count for vid, count in rows}


def vendor_assessments(vendor: Vendor) -> list[Assessment]:
    """List the vendor's assessments, newest first, with their templates loaded."""
    return list(db.session.scalars(
        sa.select(Assessment).options(joinedload(Assessment.template_version),
                                      joinedload(Assessment.product))
        .where(Assessment.vendor_id == vendor.id).order_by(Assessment.created_at.desc())
    ))
