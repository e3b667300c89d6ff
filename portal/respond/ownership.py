"""The vendor's own assessment, for every page under /respond: anything else is a 404."""
from __future__ import annotations

from functools import lru_cache

import sqlalchemy as sa
from flask import abort
from flask_login import current_user
from sqlalchemy.orm import joinedload

from portal.assessments.models import Assessment
from portal.extensions import db


@lru_cache(maxsize=1)
def _own_query():
    # The pinned version (without its JSON content, deferred) comes in the same query; built
    # once because every vendor request runs it.
    return (db.select(Assessment).options(joinedload(Assessment.template_version))
            .where(Assessment.id == sa.bindparam("assessment_id")))


def own_assessment(assessment_id: int) -> Assessment:
    """Return the signed-in vendor's assessment, or abort with 404 for anyone else's."""
    assessment = db.session.execute(
        _own_query(), {"assessment_id": assessment_id}).scalar_one_or_none()
    if assessment is None or assessment.vendor_id != current_user.vendor_id or \
            not assessment.status.is_visible_to_vendor:
        abort(404)  # never confirm that another organisation's assessment exists
    return assessment
