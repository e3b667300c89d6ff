"""Offline answering with an Excel workbook, and confirming answers carried over from last cycle.

Vendor pages live under /respond/<id>/..., staff pages under /assessments/<id>/...; both share
the services in portal.respond.workbook and portal.assessments.prefill.
"""
from __future__ import annotations

import io

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from portal.assessments import prefill
from portal.assessments.answering import answers_by_question
from portal.assessments.delta import delta_review
from portal.assessments.models import Assessment
from portal.auth.access import editor_required, staff_required, vendor_required
from portal.errors import send_refusals_to
from portal.extensions import db, utcnow
from portal.questionnaires import xlsx
from portal.questionnaires.answers import format_value
from portal.questionnaires.diff import Carry
from portal.questionnaires.forms import ConfirmCarriedForm, WorkbookApplyForm, WorkbookUploadForm
from portal.questionnaires.templates import load_pinned
from portal.respond import workbook
from portal.settings.current import current_settings

offline_bp = Blueprint("offline", __name__)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _own(assessment_id: int) -> Assessment:
    assessment = db.get_or_404(Assessment, assessment_id)
    if assessment.vendor_id != current_user.vendor_id or not assessment.status.is_visible_to_vendor:
        abort(404)  # never confirm that another organisation's assessment exists
    return assessment


def _download(assessment: Assessment):
    data, name = workbook.export_workbook(assessment, actor=current_user, now=utcnow())
    db.session.commit()
    return send_file(io.BytesIO(data), mimetype=XLSX_TYPE, as_attachment=True,
                     download_name=name, max_age=0)


def _upload(assessment: Assessment, *, apply_endpoint: str, back_url: str):
    form = WorkbookUploadForm()
    error = None
    if form.validate_on_submit():
        send_refusals_to(back_url)
        upload = form.file.data
        limits = xlsx.DEFAULT_LIMITS
        try:
            preview = workbook.preview_workbook(
                assessment, upload.stream.read(limits.max_bytes + 1), upload.filename or "",
                actor=current_user, secret_key=current_settings().secret_key, limits=limits)
        except xlsx.WorkbookError as exc:
            error = str(exc)
        else:
            apply_form = WorkbookApplyForm(token=preview.token)
            return render_template("questionnaires/workbook_preview.html", assessment=assessment,
                                   preview=preview, form=apply_form, back_url=back_url,
                                   apply_url=url_for(apply_endpoint, assessment_id=assessment.id))
    status = 422 if request.method == "POST" else 200
    return render_template("questionnaires/workbook_upload.html", assessment=assessment,
                           form=form, error=error, back_url=back_url), status


def _apply(assessment: Assessment, *, upload_url: str, done_url: str):
    form = WorkbookApplyForm()
    if not form.validate_on_submit():
        flash("Upload the workbook again: the preview was incomplete.", "error")
        return redirect(upload_url)
    send_refusals_to(done_url)
    try:
        outcome = workbook.apply_workbook(
            assessment, form.token.data, actor=current_user,
            secret_key=current_settings().secret_key,
            apply_valid_rows=form.apply_valid_rows.data, confirm_carried=form.confirm_carried.data)
    except xlsx.WorkbookError as exc:  # the workbook's fault: upload a corrected one
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(upload_url)
    except StaleDataError:
        db.session.rollback()
        flash("Someone saved answers at the same moment. Upload the workbook again.", "warning")
        return redirect(upload_url)
    db.session.commit()
    saved = outcome.saved
    parts = [f"Applied the workbook: {len(saved.saved)} answer(s) saved."]
    if outcome.confirmed:
        parts.append(f"{len(outcome.confirmed)} carried-over answer(s) confirmed.")
    if outcome.skipped_errors:
        parts.append(f"{outcome.skipped_errors} row(s) with errors were skipped.")
    if saved.conflicts:
        parts.append(f"{len(saved.conflicts)} answer(s) changed in the portal after the preview "
                     f"and were left as they are: {', '.join(sorted(saved.conflicts))}.")
    if saved.errors:
        parts.append("Not saved: " + "; ".join(f"{q}: {m}" for q, m in saved.errors.items()))
    flash(" ".join(parts), "warning" if saved.conflicts or saved.errors else "success")
    return redirect(done_url)


# ---- vendor ------------------------------------------------------------------------------------

@offline_bp.get("/respond/<int:assessment_id>/workbook")
@vendor_required
def vendor_download(assessment_id: int):
    return _download(_own(assessment_id))


@offline_bp.route("/respond/<int:assessment_id>/workbook/upload", methods=["GET", "POST"])
@vendor_required
def vendor_upload(assessment_id: int):
    assessment = _own(assessment_id)
    return _upload(assessment, apply_endpoint="offline.vendor_apply",
                   back_url=url_for("respond.questionnaire", assessment_id=assessment.id))


@offline_bp.post("/respond/<int:assessment_id>/workbook/apply")
@vendor_required
def vendor_apply(assessment_id: int):
    assessment = _own(assessment_id)
    return _apply(assessment,
                  upload_url=url_for("offline.vendor_upload", assessment_id=assessment.id),
                  done_url=url_for("respond.questionnaire", assessment_id=assessment.id))


@offline_bp.get("/respond/<int:assessment_id>/carried-over")
@vendor_required
def carried_over(assessment_id: int):
    assessment = _own(assessment_id)
    template = load_pinned(assessment.template_version)
    pending = prefill.unconfirmed(assessment, template)
    plan = prefill.carry_plan(assessment)
    answers = answers_by_question(assessment)
    return render_template("questionnaires/carried_over.html", assessment=assessment,
                           template=template, pending=pending, answers=answers,
                           dropped=[i for i in plan if i.carry is Carry.DROPPED],
                           carried_reason=prefill.CARRIED_REASON, form=ConfirmCarriedForm(),
                           format_value=format_value)


@offline_bp.post("/respond/<int:assessment_id>/carried-over/confirm")
@vendor_required
def confirm_carried(assessment_id: int):
    assessment = _own(assessment_id)
    form = ConfirmCarriedForm()
    if not form.validate_on_submit() or not (form.question.data or form.section.data):
        abort(400)
    template = load_pinned(assessment.template_version)
    if form.question.data:
        ids = [form.question.data]
    else:
        # Answers to questions that changed are confirmed one by one, after reading them.
        ids = [m.question_id for m in prefill.unconfirmed(assessment, template)
               if m.section_id == form.section.data and m.reason == prefill.CARRIED_REASON]
    target = send_refusals_to(url_for("offline.carried_over", assessment_id=assessment.id))
    confirmed = prefill.confirm_carried_over(assessment, ids, actor=current_user)
    db.session.commit()
    flash(f"Confirmed {len(confirmed)} answer(s)." if confirmed else "Nothing to confirm.",
          "success")
    return redirect(target)


# ---- staff -------------------------------------------------------------------------------------

@offline_bp.get("/assessments/<int:assessment_id>/workbook")
@staff_required
def staff_download(assessment_id: int):
    return _download(db.get_or_404(Assessment, assessment_id))


@offline_bp.route("/assessments/<int:assessment_id>/workbook/upload", methods=["GET", "POST"])
@editor_required
def staff_upload(assessment_id: int):
    assessment = db.get_or_404(Assessment, assessment_id)
    return _upload(assessment, apply_endpoint="offline.staff_apply",
                   back_url=url_for("assessments.detail", assessment_id=assessment.id))


@offline_bp.post("/assessments/<int:assessment_id>/workbook/apply")
@editor_required
def staff_apply(assessment_id: int):
    assessment = db.get_or_404(Assessment, assessment_id)
    return _apply(assessment,
                  upload_url=url_for("offline.staff_upload", assessment_id=assessment.id),
                  done_url=url_for("assessments.detail", assessment_id=assessment.id))


@offline_bp.get("/assessments/<int:assessment_id>/changes")
@staff_required
def cycle_changes(assessment_id: int):
    assessment = db.get_or_404(Assessment, assessment_id)
    template = load_pinned(assessment.template_version)
    review = delta_review(assessment)
    only = request.args.get("filter", "changed")
    if only not in ("changed", "carried", "all"):
        only = "changed"
    answers = answers_by_question(assessment)
    rows = list(review.rows.values()) + review.removed if review else []
    carried = {qid for qid, a in answers.items() if a.is_carried_over}
    shown = [r for r in rows if only == "all"
             or (only == "changed" and r.status.needs_review)
             or (only == "carried" and r.question_id in carried)]
    return render_template("questionnaires/cycle_changes.html", assessment=assessment,
                           template=template, rows=shown, only=only, review=review,
                           carried=carried, format_value=format_value)
