"""The steps both workbook blueprints share: download, upload and preview, apply.

The vendor's pages (vendor_routes.py) and the staff's (staff_routes.py) differ only in who may
open them, how the assessment is found and where they lead back to.
"""
from __future__ import annotations

import io

from flask import flash, redirect, render_template, request, send_file
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from portal.assessments.models import Assessment
from portal.errors import send_refusals_to
from portal.extensions import db, utcnow
from portal.questionnaires.forms import WorkbookApplyForm, WorkbookUploadForm
from portal.questionnaires.workbook import layout
from portal.respond.offline import services
from portal.settings.current import current_settings

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(assessment: Assessment):
    """Send the assessment's workbook with its current answers."""
    data, name = services.export_workbook(assessment, actor=current_user, now=utcnow())
    db.session.commit()
    return send_file(io.BytesIO(data), mimetype=XLSX_TYPE, as_attachment=True,
                     download_name=name, max_age=0)


def upload(assessment: Assessment, *, download_url: str, apply_url: str, back_url: str):
    """Show the upload form, or the preview of what an uploaded workbook would change."""
    form = WorkbookUploadForm()
    error = None
    if form.validate_on_submit():
        send_refusals_to(back_url)
        file = form.file.data
        limits = layout.DEFAULT_LIMITS
        try:
            preview = services.preview_workbook(
                assessment, file.stream.read(limits.max_bytes + 1), file.filename or "",
                actor=current_user, secret_key=current_settings().secret_key, limits=limits)
        except layout.WorkbookError as exc:
            error = str(exc)
        else:
            apply_form = WorkbookApplyForm(token=preview.token)
            return render_template("respond/workbook_preview.html", assessment=assessment,
                                   preview=preview, form=apply_form, back_url=back_url,
                                   apply_url=apply_url)
    status = 422 if request.method == "POST" else 200
    return render_template("respond/workbook_upload.html", assessment=assessment,
                           form=form, error=error, back_url=back_url,
                           download_url=download_url), status


def apply(assessment: Assessment, *, upload_url: str, done_url: str):
    """Apply a confirmed preview and say what was saved, confirmed, skipped or left."""
    form = WorkbookApplyForm()
    if not form.validate_on_submit():
        flash("Upload the workbook again: the preview was incomplete.", "error")
        return redirect(upload_url)
    send_refusals_to(done_url)
    try:
        outcome = services.apply_workbook(
            assessment, form.token.data, actor=current_user,
            secret_key=current_settings().secret_key,
            apply_valid_rows=form.apply_valid_rows.data, confirm_carried=form.confirm_carried.data)
    except layout.WorkbookError as exc:  # the workbook's fault: upload a corrected one
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
