"""Vendors attach evidence to answers; reviewers judge each linked document."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import current_user

from portal.assessments.models import Assessment
from portal.auth.access import reviewer_required, vendor_required
from portal.documents.models import Document, EvidenceLink, LinkReview
from portal.errors import send_refusals_to
from portal.evidence import services
from portal.evidence.forms import LinkForm, VerdictForm
from portal.extensions import db
from portal.settings.current import current_settings

bp = Blueprint("evidence", __name__, url_prefix="/evidence")


def _own_assessment(assessment_id: int) -> Assessment:
    assessment = db.session.get(Assessment, assessment_id)
    if (assessment is None or assessment.vendor_id != current_user.vendor_id
            or not assessment.status.is_visible_to_vendor):
        abort(404)  # never confirm that another organisation's assessment exists
    return assessment


def _answer_url(assessment: Assessment, question_id: str) -> str:
    section = request.form.get("section") or None
    return url_for("respond.questionnaire", assessment_id=assessment.id,
                   section=section) + f"#evidence-{question_id}"


@bp.post("/<int:assessment_id>/<question_id>/link")
@vendor_required
def link(assessment_id: int, question_id: str):
    assessment = _own_assessment(assessment_id)
    target = send_refusals_to(_answer_url(assessment, question_id))
    form = LinkForm()
    if not form.validate_on_submit():
        flash("The form expired; try again.", "error")
        return redirect(target)
    upload = request.files.get("file")
    if upload is not None and upload.filename:
        made = services.upload_and_link(assessment, question_id, upload.stream,
                                        upload.filename, actor=current_user,
                                        settings=current_settings())
    elif form.document.data:
        document = db.session.get(Document, form.document.data)
        if document is None:
            raise services.EvidenceRefused("Choose a document from your library.")
        made = services.link_document(assessment, question_id, document, actor=current_user)
    else:
        raise services.EvidenceRefused("Choose a file to upload or a document to link.")
    db.session.commit()
    flash(f"“{made.document.original_name}” is linked to {question_id}.", "success")
    return redirect(target)


@bp.post("/links/<int:link_id>/unlink")
@vendor_required
def unlink(link_id: int):
    link = db.get_or_404(EvidenceLink, link_id)
    assessment = _own_assessment(link.assessment_id)
    question_id = link.question_id
    target = send_refusals_to(_answer_url(assessment, question_id))
    services.unlink(link, actor=current_user)
    db.session.commit()
    flash(f"Evidence removed from {question_id}; the file stays in your documents.", "success")
    return redirect(target)


@bp.post("/links/<int:link_id>/review")
@reviewer_required
def review(link_id: int):
    link = db.get_or_404(EvidenceLink, link_id)
    form = VerdictForm()
    if form.validate_on_submit():
        services.review_link(link, LinkReview(form.verdict.data), actor=current_user)
        db.session.commit()
        flash(f"Marked {link.document.original_name} {LinkReview(form.verdict.data).label.lower()}"
              f" for {link.question_id}.", "success")
    else:
        flash("Choose relevant or not relevant.", "error")
    question = link.question_id
    return redirect(url_for("assessments.review", assessment_id=link.assessment_id,
                            section=request.form.get("section") or None) + f"#q-{question}")


@bp.app_context_processor
def _evidence_helpers() -> dict:
    """Give the answer form and the review page their evidence data (templates/evidence/)."""
    return {"evidence_panel": _panel, "evidence_for_review": services.links_by_question}


def _panel(assessment: Assessment, section) -> dict:
    """What the answer form's evidence control shows for one section."""
    questions = [q for q in section.questions if q.is_scored]
    if not questions:
        return {"questions": []}
    links, library = services.answer_form_evidence(assessment)
    return {"questions": questions, "links": links, "library": library}
