"""Long work as jobs: bulk sending and the evidence-pack export; poll a job, fetch its file."""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask import send_file

from portal.api import process_schemas as shapes
from portal.api.errors import ApiProblem
from portal.api.operations import ALL_ROLES, EDITORS, STAFF, Call, Operations, Reply, page_reply
from portal.assessments.bulk import new_batch, start_bulk_send
from portal.auth.models import Role
from portal.evidence_pack.jobs import start_export
from portal.extensions import db
from portal.jobs.exports import result_file
from portal.jobs.models import Job, JobState
from portal.questionnaires.models import TemplateVersion
from portal.settings.current import current_settings

ops = Operations("jobs", "Background work: bulk sending and exports. Poll a job until it is "
                         "finished.")
JOB_LINKS = {
    "GetJob": {"operationId": "get_job", "parameters": {"job_id": "$response.body#/id"}},
}
FILE_CONTENT = {"application/zip": {"schema": {"type": "string", "format": "binary"}},
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}


def job(item: Job) -> shapes.JobOut:
    """Describe a job, its progress and what it produced."""
    result = dict(item.result or {})
    has_file = item.state is JobState.SUCCEEDED and bool(result.get("file"))
    return shapes.JobOut(
        id=item.id, kind=item.kind, title=item.title, state=item.state.value, done=item.done,
        total=item.total, percent=item.percent, message=item.message, error=item.error,
        finished=item.state.finished, summary=result.get("summary"),
        result={k: v for k, v in result.items() if k not in ("file", "link", "lines")},
        result_url=f"/api/v1/jobs/{item.id}/result" if has_file else None,
        created_at=item.created_at, finished_at=item.finished_at)


def _started(item: Job) -> Reply:
    return Reply(job(item), status=202, headers={"Location": f"/api/v1/jobs/{item.id}"})


def _visible(call: Call, job_id: int) -> Job:
    item = db.session.get(Job, job_id)
    if item is None or not item.is_visible_to(call.user):
        raise ApiProblem(404, f"There is no job {job_id}.")
    return item


@ops.route("GET", "/jobs", summary="List your jobs", roles=ALL_ROLES, query=shapes.JobQuery,
           response=shapes.JobPage, headers=("Link",))
def list_jobs(call: Call):
    """Newest first: the jobs you started (administrators see every job)."""
    q: shapes.JobQuery = call.query
    select = sa.select(Job).order_by(Job.id.desc())
    if call.user.role is not Role.ADMIN:
        select = select.where(Job.created_by_id == call.user.id)
    if q.kind:
        select = select.where(Job.kind == q.kind)
    page = db.paginate(select, page=q.page, per_page=q.per_page, error_out=False)
    return page_reply(shapes.JobPage, [job(j) for j in page.items], page, q)


@ops.route("GET", "/jobs/{job_id}", summary="Get a job's progress", roles=ALL_ROLES,
           response=shapes.JobOut, links=JOB_LINKS)
def get_job(call: Call, job_id: int):
    """Poll until `finished`; then `state` says whether it succeeded and `result_url` serves
    any file it produced."""
    return job(_visible(call, job_id))


@ops.route("GET", "/jobs/{job_id}/result", summary="Download a job's file", roles=ALL_ROLES,
           content=FILE_CONTENT, headers=("Content-Disposition",))
def job_result(call: Call, job_id: int):
    """The file an export produced (audited); 404 before it succeeded or after it was pruned."""
    item = _visible(call, job_id)
    try:
        path, mimetype, name = result_file(item, actor=call.user, settings=current_settings())
    except FileNotFoundError as exc:
        raise ApiProblem(404, str(exc)) from None
    db.session.commit()
    return send_file(path, mimetype=mimetype, as_attachment=True, download_name=name,
                     conditional=False, etag=False, max_age=None)


@ops.route("POST", "/assessments/bulk-send", summary="Send a questionnaire to many vendors",
           scope="write", roles=EDITORS, body=shapes.BulkSend, response=shapes.JobOut,
           status=202, headers=("Location",), idempotent=True, links=JOB_LINKS)
def bulk_send(call: Call):
    """Create and send one assessment per vendor in the background, as the bulk sending page
    does; vendors without an active contact, offboarded, or with the same questionnaire still
    open are skipped and listed in the job's result. Poll the job."""
    body: shapes.BulkSend = call.body
    if body.due_date < date.today():
        raise ApiProblem(422, "Choose a due date today or later.", kind="validation-error",
                         errors=[{"pointer": "#/due_date", "detail": "In the past"}])
    if db.session.get(TemplateVersion, body.template_version_id) is None:
        raise ApiProblem(422, f"There is no template version {body.template_version_id}.",
                         kind="validation-error",
                         errors=[{"pointer": "#/template_version_id", "detail": "Unknown"}])
    return _started(start_bulk_send(
        vendor_ids=list(dict.fromkeys(body.vendor_ids)),
        template_version_id=body.template_version_id, title=body.title,
        due_date=body.due_date, message=body.message, actor=call.user, batch=new_batch()))


@ops.route("POST", "/exports/evidence-pack", summary="Build the audit evidence pack",
           scope="write", roles=STAFF, body=shapes.EvidencePackExport, response=shapes.JobOut,
           status=202, headers=("Location",), idempotent=True, links=JOB_LINKS)
def export_evidence_pack(call: Call):
    """Build the ZIP of scorecards, decisions, certificates and the audit trail in the
    background; poll the job, then download `result_url`."""
    body: shapes.EvidencePackExport = call.body
    if body.date_from and body.date_to and body.date_from > body.date_to:
        raise ApiProblem(422, "date_from is after date_to.", kind="validation-error",
                         errors=[{"pointer": "#/date_from", "detail": "After date_to"}])
    return _started(start_export(date_from=body.date_from, date_to=body.date_to,
                                 vendor_ids=list(dict.fromkeys(body.vendor_ids)),
                                 actor=call.user))
