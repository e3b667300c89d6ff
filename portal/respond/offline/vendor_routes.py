"""The vendor's workbook pages, under /respond/<id>/workbook: download, upload, apply."""
from __future__ import annotations

from flask import Blueprint, url_for

from portal.auth.access import vendor_required
from portal.respond.offline import pages
from portal.respond.ownership import own_assessment

bp = Blueprint("vendor_workbooks", __name__, url_prefix="/respond")


@bp.get("/<int:assessment_id>/workbook")
@vendor_required
def download(assessment_id: int):
    return pages.download(own_assessment(assessment_id))


@bp.route("/<int:assessment_id>/workbook/upload", methods=["GET", "POST"])
@vendor_required
def upload(assessment_id: int):
    assessment = own_assessment(assessment_id)
    return pages.upload(
        assessment, download_url=url_for(".download", assessment_id=assessment.id),
        apply_url=url_for(".apply", assessment_id=assessment.id),
        back_url=url_for("respond.questionnaire", assessment_id=assessment.id))


@bp.post("/<int:assessment_id>/workbook/apply")
@vendor_required
def apply(assessment_id: int):
    assessment = own_assessment(assessment_id)
    return pages.apply(assessment,
                       upload_url=url_for(".upload", assessment_id=assessment.id),
                       done_url=url_for("respond.questionnaire", assessment_id=assessment.id))
