"""Bulk import of vendors and contacts: upload, preview, apply in the background, cancel.

The pages live on the vendors blueprint, so their endpoints read vendors.import_*:
portal.vendors.routes calls register(bp).
"""
from __future__ import annotations

import io
from collections import Counter

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from portal.auth.access import editor_required
from portal.errors import send_refusals_to
from portal.extensions import db
from portal.jobs.queue import enqueue
from portal.vendors.forms import ConfirmForm
from portal.vendors.imports import parsing, services
from portal.vendors.imports.forms import ImportUploadForm
from portal.vendors.imports.models import ImportStatus, VendorImport
from portal.vendors.imports.plan import Outcome

MAX_SHOWN = 1_000  # rows in the preview table; the counts cover every row
TEMPLATE_NAME = "vendor-import-template"


def _own_import(import_id: int) -> VendorImport:
    imp = services.visible_import(import_id, current_user)
    if imp is None:
        abort(404)  # someone else's import: never confirm that it exists
    return imp


@editor_required
def import_upload():
    form = ImportUploadForm()
    error = None
    if form.validate_on_submit():
        upload = form.file.data
        limits = parsing.DEFAULT_LIMITS
        try:
            imp = services.prepare_import(
                upload.stream.read(limits.max_bytes + 1), upload.filename or "",
                actor=current_user, limits=limits)
        except parsing.ImportFileError as exc:
            db.session.rollback()
            error = str(exc)
        else:
            db.session.commit()
            return redirect(url_for("vendors.import_detail", import_id=imp.id))
    status = 422 if request.method == "POST" else 200
    return render_template("vendors/import_upload.html", form=form, error=error,
                           limits=parsing.DEFAULT_LIMITS, columns=parsing.COLUMNS,
                           synonyms=parsing.SYNONYMS), status


@editor_required
def import_template_csv():
    return send_file(io.BytesIO(parsing.template_csv()), mimetype="text/csv",
                     as_attachment=True, download_name=f"{TEMPLATE_NAME}.csv", max_age=0)


@editor_required
def import_template_xlsx():
    return send_file(io.BytesIO(parsing.template_xlsx()),
                     mimetype=parsing.XLSX_MEDIA_TYPE, as_attachment=True,
                     download_name=f"{TEMPLATE_NAME}.xlsx", max_age=0)


@editor_required
def import_detail(import_id: int):
    imp = _own_import(import_id)
    rows = services.row_plans(imp)
    by_outcome = Counter(r.outcome for r in rows)
    shown = request.args.get("show", "")
    if shown in {o.value for o in Outcome}:
        rows = [r for r in rows if r.outcome.value == shown]
    else:
        shown = ""
    return render_template(
        "vendors/import_detail.html", imp=imp, rows=rows[:MAX_SHOWN], row_count=len(rows),
        max_shown=MAX_SHOWN, shown=shown, summary=imp.summary or {},
        outcomes=[(o, by_outcome[o]) for o in Outcome if by_outcome[o]],
        units=len(services.import_units(imp)), form=ConfirmForm(),
        statuses=ImportStatus)


@editor_required
def import_apply(import_id: int):
    imp = _own_import(import_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if imp.job_id is not None:  # applied, or being applied: show that work, never start again
        flash("This import has already been started.", "info")
        return redirect(url_for("jobs.detail", job_id=imp.job_id))
    if imp.status is not ImportStatus.PENDING:
        flash(f"This import is {imp.status.value}: nothing to do.", "error")
        return redirect(url_for("vendors.import_detail", import_id=imp.id))
    summary = imp.summary or {}
    if not services.import_units(imp):
        flash("This file has nothing to import.", "error")
        return redirect(url_for("vendors.import_detail", import_id=imp.id))
    job = enqueue("vendors.import", {"import_id": imp.id},
                  title=f"Import {summary.get('new_vendors', 0)} vendors from {imp.filename}",
                  actor=current_user, key=f"vendor-import:{imp.id}")
    return redirect(url_for("jobs.detail", job_id=job.id))


@editor_required
def import_cancel(import_id: int):
    imp = _own_import(import_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    send_refusals_to(url_for("vendors.import_detail", import_id=imp.id))
    services.cancel_import(imp, actor=current_user)
    db.session.commit()
    flash(f"Import of {imp.filename} cancelled: nothing was imported.", "success")
    return redirect(url_for("vendors.index"))


def register(bp: Blueprint) -> None:
    """Add the bulk import pages to the vendors blueprint."""
    bp.add_url_rule("/import", view_func=import_upload, methods=["GET", "POST"])
    bp.add_url_rule("/import/template.csv", view_func=import_template_csv, methods=["GET"])
    bp.add_url_rule("/import/template.xlsx", view_func=import_template_xlsx, methods=["GET"])
    bp.add_url_rule("/import/<int:import_id>", view_func=import_detail, methods=["GET"])
    bp.add_url_rule("/import/<int:import_id>/apply", view_func=import_apply, methods=["POST"])
    bp.add_url_rule("/import/<int:import_id>/cancel", view_func=import_cancel, methods=["POST"])
