"""Issue 13: certificate reading takes turns by organisation, not first come, first served."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from portal.extensions import db, utcnow
from portal.jobs import queue
from portal.jobs.models import Job, JobState

KIND = "certificates.read"


def _job(fair_key: str, *, state: JobState = JobState.QUEUED, started=None) -> Job:
    job = Job(kind=KIND, title="Read", params={"certificate_id": 0}, fair_key=fair_key,
              state=state, started_at=started)
    db.session.add(job)
    db.session.commit()
    return job


def test_another_organisations_upload_runs_before_the_flooders_next(app):
    earlier = utcnow() - timedelta(minutes=1)
    _job("vendor:1", state=JobState.RUNNING, started=earlier)
    flood = [_job("vendor:1") for _ in range(3)]
    late = _job("vendor:2")  # queued after the flood
    assert queue.fair_candidates(KIND)[0] == late.id
    # The next dispatch is for the flood's first job, but the other organisation's runs.
    assert queue.run_job(flood[0].id)
    db.session.expire_all()
    assert db.session.get(Job, late.id).state is JobState.SUCCEEDED
    assert db.session.get(Job, flood[0].id).state is JobState.QUEUED


def test_every_dispatch_runs_one_job_and_all_of_them_run(app):
    jobs = [_job(f"vendor:{n % 2}") for n in range(4)]
    for job in jobs:
        assert queue.run_job(job.id)
    states = db.session.scalars(sa.select(Job.state).where(Job.kind == KIND)).all()
    assert states == [JobState.SUCCEEDED] * 4


def test_certificate_reading_jobs_carry_the_vendor_as_key(app, client, login, make_vendor,
                                                         make_user):
    import io

    from tests.web.test_certificates import certificate_pdf

    vendor = make_vendor("Example Analytics Ltd")
    login(client, make_user("vendor", vendor=vendor))
    client.post("/documents/", data={"file": (io.BytesIO(certificate_pdf()), "c.pdf"),
                                     "kind": "certificate"}, content_type="multipart/form-data")
    job = db.session.scalars(sa.select(Job).where(Job.kind == KIND)).one()
    assert job.fair_key == f"vendor:{vendor.id}"
