"""Pages where users follow their long-running work: a list, a progress page, its status JSON."""
from __future__ import annotations

import sqlalchemy as sa
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
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from portal.audit.services import record
from portal.extensions import db
from portal.jobs import queue
from portal.jobs.exports import result_file
from portal.jobs.models import Job, sees_every_job
from portal.settings.current import current_settings

bp = Blueprint("jobs", __name__, url_prefix="/jobs")


def may_view(job: Job | None, user) -> bool:
    """Whether a user may follow a job: whoever started it, and administrators."""
    return job is not None and job.is_visible_to(user)


def followable(key: str, user) -> Job | None:
    """The job with this key if the user may follow it (a link on the page it belongs to)."""
    job = db.session.scalar(sa.select(Job).where(Job.key == key))
    return job if may_view(job, user) else None


def _get(job_id: int) -> Job:
    job = db.session.get(Job, job_id)
    if not may_view(job, current_user):
        abort(404)  # rather than 403: a job's existence is nobody else's business
    return job


@bp.get("/")
@login_required
def index():
    query = sa.select(Job).order_by(Job.id.desc())
    if not sees_every_job(current_user):
        query = query.where(Job.created_by_id == current_user.id)
    page = db.paginate(query, page=request.args.get("page", 1, type=int),
                       per_page=current_settings().page_size, error_out=False)
    return render_template("jobs/index.html", page=page)


@bp.get("/<int:job_id>")
@login_required
def detail(job_id: int):
    job = _get(job_id)
    return render_template("jobs/detail.html", job=job, form=FlaskForm(),
                           stalled=queue.is_stalled(job, current_settings()))


@bp.get("/<int:job_id>/status")
@login_required
def status(job_id: int):
    job = _get(job_id)
    data = job.status_json()
    data["stalled"] = queue.is_stalled(job, current_settings())
    return data


@bp.post("/<int:job_id>/retry")
@login_required
def retry(job_id: int):
    job = _get(job_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    if not (job.state.value == "failed" or queue.is_stalled(job, current_settings())):
        flash("Only a failed or stalled job can be run again.", "error")
        return redirect(url_for("jobs.detail", job_id=job.id))
    record(current_user, "job.retried", f"Ran job {job.id} ({job.title}) again", obj=job)
    queue.retry(job)
    flash("The job runs again; finished parts are skipped.", "success")
    return redirect(url_for("jobs.detail", job_id=job.id))


@bp.get("/<int:job_id>/download")
@login_required
def download(job_id: int):
    job = _get(job_id)
    try:
        path, mimetype, name = result_file(job, actor=current_user, settings=current_settings())
    except FileNotFoundError as exc:
        if job.state.value != "succeeded" or not (job.result or {}).get("file"):
            abort(404)
        flash(str(exc), "error")
        return redirect(url_for("jobs.detail", job_id=job.id))
    db.session.commit()
    return send_file(path, mimetype=mimetype, as_attachment=True, download_name=name)
