"""Staff pages that start long work on many assessments: bulk sending and reminders.

The views are attached to the assessments blueprint in routes.py, next to its other URLs.
"""
from __future__ import annotations

from datetime import timedelta

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from portal.assessments import bulk
from portal.auth.access import editor_required
from portal.extensions import db, utcnow
from portal.jobs.queue import enqueue
from portal.questionnaires.templates import latest_versions
from portal.vendors.models import RiskTier


@editor_required
def bulk_send():
    form = bulk.BulkSendForm()
    tier = request.args.get("tier") if request.method == "GET" else None
    chosen = set(request.values.getlist("vendor_id" if request.method == "GET" else "vendor_ids",
                                        type=int))
    candidates, total = bulk.candidates(chosen, tier)
    form.template_version_id.choices = [(t.id, f"{t.label} · {t.question_count} questions")
                                        for t in latest_versions()]
    form.vendor_ids.choices = [(c.vendor.id, c.vendor.legal_name) for c in candidates]
    if request.method == "GET":
        form.vendor_ids.data = bulk.preselected(candidates) if chosen or tier else []
        form.due_date.data = (utcnow() + timedelta(days=30)).date()
        form.batch.data = bulk.new_batch()
    confirm = None
    if form.validate_on_submit():
        # Sending to many vendors asks once more, with the numbers, before anything is sent;
        # the confirmation carries the count it showed, so a changed choice asks again.
        confirm = bulk.confirmation(form, candidates)
        if request.form.get("confirm") == str(confirm.vendors):
            job = bulk.start(form, actor=current_user)
            return redirect(url_for("jobs.detail", job_id=job.id))
    if request.method == "POST":
        db.session.rollback()
    return render_template("assessments/bulk.html", form=form, candidates=candidates,
                           total=total, tiers=list(RiskTier), limit=bulk.MAX_VENDORS,
                           narrowed=bool(chosen or tier), confirm=confirm)


@editor_required
def send_reminders_now():
    if not FlaskForm().validate_on_submit():
        flash("The form expired; try again.", "error")
        return redirect(url_for("assessments.index"))
    job = enqueue("assessments.reminders", {}, title="Send due-date reminders",
                  actor=current_user)
    return redirect(url_for("jobs.detail", job_id=job.id))
