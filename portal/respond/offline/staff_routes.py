"""Staff workbook pages, under /assessments/<id>/workbook: any staff member downloads, editors
upload on the vendor's behalf."""
from __future__ import annotations

from flask import Blueprint, url_for

from portal.assessments.models import Assessment
from portal.auth.access import editor_required, staff_required
from portal.extensions import db
from portal.respond.offline import pages

bp = Blueprint("staff_workbooks", __name__, url_prefix="/assessments")


@bp.get("/<int:assessment_id>/workbook")
@staff_required
def download(assessment_id: int):
    return pages.download(db.get_or_404(Assessment, assessment_id))


@bp.route("/<int:assessment_id>/workbook/upload", methods=["GET", "POST"])
@editor_required
def upload(assessment_id: int):
    assessment = db.get_or_404(Assessment, assessment_id)
    return pages.upload(
        assessment, download_url=url_for(".download", assessment_id=assessment.id),
        apply_url=url_for(".apply", assessment_id=assessment.id),
        back_url=url_for("assessments.detail", assessment_id=assessment.id))


@bp.post("/<int:assessment_id>/workbook/apply")
@editor_required
def apply(assessment_id: int):
    assessment = db.get_or_404(Assessment, assessment_id)
    return pages.apply(assessment,
                       upload_url=url_for(".upload", assessment_id=assessment.id),
                       done_url=url_for("assessments.detail", assessment_id=assessment.id))
