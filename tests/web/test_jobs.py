"""Background jobs: idempotent enqueue, retries, progress, the thread pool, a real RQ worker."""
from __future__ import annotations

import secrets
import time

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.jobs import queue
from portal.jobs.models import Job, JobState
from portal.jobs.registry import handler
from portal.settings.current import settings_for

CALLS: dict[str, int] = {}


@handler("test.count")
def _count(progress, *, name: str, items: int = 3) -> dict:
    progress.start(items, "counting")
    for i in range(items):
        CALLS[name] = CALLS.get(name, 0) + 1
        progress.advance(message=f"item {i + 1}")
    return {"summary": f"counted {items}"}


@handler("test.flaky")
def _flaky(progress, *, name: str, failures: int) -> dict:
    CALLS[name] = CALLS.get(name, 0) + 1
    if CALLS[name] <= failures:
        raise RuntimeError(f"attempt {CALLS[name]} fails")
    return {"attempts_seen": CALLS[name]}


@handler("test.resumable")
def _resumable(progress, *, name: str, fail_at: int) -> dict:
    """Fails once at item fail_at; a retry must not redo the items finished before it."""
    done = set(progress.partial.get("done", []))
    progress.start(5)
    for item in range(5):
        if item in done:
            progress.advance()
            continue
        if item == fail_at and not CALLS.get(name + ":failed"):
            CALLS[name + ":failed"] = 1
            raise RuntimeError("crash in the middle")
        CALLS[name] = CALLS.get(name, 0) + 1
        done.add(item)
        progress.advance(partial={"done": sorted(done)})
    return {"done": sorted(done)}


def _name() -> str:
    return secrets.token_hex(4)


def test_eager_job_runs_and_reports_progress(app, make_user):
    user, name = make_user("procurement"), _name()
    job = queue.enqueue("test.count", {"name": name}, title="Count", actor=user)
    db.session.refresh(job)
    assert job.state is JobState.SUCCEEDED
    assert (job.done, job.total, job.percent) == (3, 3, 100)
    assert job.result == {"summary": "counted 3"} and job.attempts == 1
    assert CALLS[name] == 3


def test_the_same_key_returns_the_same_job_and_runs_once(app, make_user):
    user, name = make_user("procurement"), _name()
    first = queue.enqueue("test.count", {"name": name}, title="Count", actor=user, key=name)
    second = queue.enqueue("test.count", {"name": name}, title="Count", actor=user, key=name)
    assert first.id == second.id
    assert CALLS[name] == 3
    assert queue.run_job(first.id)  # delivered again: a finished job does nothing
    assert CALLS[name] == 3
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Job)) == 1


def test_a_failing_job_is_retried_then_succeeds(app):
    name = _name()
    job = queue.enqueue("test.flaky", {"name": name, "failures": 2}, title="Flaky")
    db.session.refresh(job)
    assert job.state is JobState.SUCCEEDED and job.attempts == 3
    assert job.result == {"attempts_seen": 3} and job.error is None


def test_a_job_that_keeps_failing_ends_failed_with_its_error(app, client, login, make_user):
    user, name = make_user("procurement"), _name()
    job = queue.enqueue("test.flaky", {"name": name, "failures": 99}, title="Always fails",
                        actor=user)
    db.session.refresh(job)
    assert job.state is JobState.FAILED and job.attempts == 3  # JOB_RETRY_DELAYS: two retries
    assert "attempt 3 fails" in job.error
    login(client, user)
    page = client.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert "Failed" in page and "attempt 3 fails" in page and "Run it again" in page
    CALLS[name] = 1000  # the next attempt succeeds
    response = client.post(f"/jobs/{job.id}/retry")
    assert response.status_code == 302
    db.session.refresh(job)
    assert job.state is JobState.SUCCEEDED


def test_a_retry_resumes_after_the_work_already_committed(app):
    name = _name()
    job = queue.enqueue("test.resumable", {"name": name, "fail_at": 3}, title="Resume")
    db.session.refresh(job)
    assert job.state is JobState.SUCCEEDED and job.attempts == 2
    assert CALLS[name] == 5  # items 0-2 ran once, not twice
    assert job.result == {"done": [0, 1, 2, 3, 4]}


def test_status_json_and_pages(app, client, login, make_user):
    user = make_user("procurement")
    job = queue.enqueue("test.count", {"name": _name(), "items": 4}, title="Four", actor=user)
    login(client, user)
    status = client.get(f"/jobs/{job.id}/status").get_json()
    assert status["state"] == "succeeded" and status["percent"] == 100 and status["finished"]
    assert status["done"] == status["total"] == 4
    listing = client.get("/jobs/").get_data(as_text=True)
    assert "Four" in listing and "4 of 4" in listing
    other = make_user("procurement")
    login(client, other)
    assert client.get(f"/jobs/{job.id}").status_code == 404
    assert "Four" not in client.get("/jobs/").get_data(as_text=True)


def test_a_job_enqueued_in_a_rolled_back_transaction_never_runs(app):
    name = _name()
    queue.enqueue_after_commit("test.count", {"name": name}, title="Never")
    db.session.rollback()
    db.session.commit()
    assert name not in CALLS
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Job)) == 0


def test_a_job_enqueued_after_commit_runs_once_committed(app):
    name = _name()
    job = queue.enqueue_after_commit("test.count", {"name": name}, title="After commit")
    assert name not in CALLS
    db.session.commit()
    assert CALLS[name] == 3
    assert db.session.get(Job, job.id).state is JobState.SUCCEEDED


def _wait_finished(job_id: int, seconds: float = 30.0) -> Job:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        db.session.expire_all()
        job = db.session.get(Job, job_id)
        if job.state.finished:
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish: {job.state}")


def test_thread_mode_runs_jobs_in_the_background(app):
    app.config["JOBS_MODE"] = "thread"
    app.config["JOB_RETRY_DELAYS"] = "0"
    name = _name()
    job = queue.enqueue("test.flaky", {"name": name, "failures": 1}, title="In a thread")
    finished = _wait_finished(job.id)
    assert finished.state is JobState.SUCCEEDED and finished.attempts == 2


def test_a_stalled_job_can_be_run_again(app, client, login, make_user):
    from datetime import timedelta

    from portal.extensions import utcnow

    user = make_user("procurement")
    job = Job(kind="test.count", title="Stalled", params={"name": _name()},
              state=JobState.RUNNING, created_by_id=user.id)
    db.session.add(job)
    db.session.commit()
    job.updated_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    assert queue.is_stalled(job, settings_for(app))
    login(client, user)
    assert "not moved for a while" in client.get(f"/jobs/{job.id}").get_data(as_text=True)
    client.post(f"/jobs/{job.id}/retry")
    db.session.expire_all()
    assert db.session.get(Job, job.id).state is JobState.SUCCEEDED


@pytest.fixture
def rq_queue(app):
    redis = pytest.importorskip("redis")
    pytest.importorskip("rq")
    url = "redis://127.0.0.1:6379/0"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    app.config.update(JOBS_MODE="rq", REDIS_URL=url, JOB_RETRY_DELAYS="0,0",
                      JOBS_QUEUE="test-" + secrets.token_hex(6))
    queue.set_worker_app(app)
    yield app.config["JOBS_QUEUE"]
    queue.set_worker_app(None)
    from rq import Queue

    Queue(app.config["JOBS_QUEUE"], connection=queue.redis_connection(settings_for(app))).delete()


def _work(settings) -> None:
    from portal.jobs.worker import PortalWorker

    worker = PortalWorker([settings.jobs.queue], connection=queue.redis_connection(settings))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        worker.work(burst=True, with_scheduler=False)
        db.session.expire_all()
        if all(job.state.finished for job in db.session.scalars(sa.select(Job))):
            return
        time.sleep(0.05)


def test_rq_worker_runs_jobs_and_retries_failures(app, rq_queue):
    name = _name()
    job = queue.enqueue("test.flaky", {"name": name, "failures": 1}, title="On Redis")
    assert db.session.get(Job, job.id).state is JobState.QUEUED  # waits for a worker
    _work(settings_for(app))
    finished = db.session.get(Job, job.id)
    assert finished.state is JobState.SUCCEEDED and finished.attempts == 2


def test_rq_job_that_keeps_failing_is_marked_failed(app, rq_queue):
    job = queue.enqueue("test.flaky", {"name": _name(), "failures": 99}, title="Hopeless")
    _work(settings_for(app))
    finished = db.session.get(Job, job.id)
    assert finished.state is JobState.FAILED and finished.attempts == 3


def test_unreachable_redis_still_gets_the_work_done(app):
    app.config.update(JOBS_MODE="rq", REDIS_URL="redis://127.0.0.1:1/0", JOB_RETRY_DELAYS="0")
    job = queue.enqueue("test.count", {"name": _name()}, title="Fallback")
    assert _wait_finished(job.id).state is JobState.SUCCEEDED


def test_portal_worker_needs_redis(runner):
    result = runner.invoke(args=["worker", "--burst"])
    assert result.exit_code == 2 and "REDIS_URL is not set" in result.output


def test_jobs_cli_lists_and_retries(app, runner):
    job = queue.enqueue("test.flaky", {"name": _name(), "failures": 3}, title="CLI job")
    listed = runner.invoke(args=["jobs", "list"])
    assert "CLI job" in listed.output and "failed" in listed.output
    result = runner.invoke(args=["jobs", "retry", str(job.id)])
    assert result.exit_code == 0
    db.session.expire_all()
    assert db.session.get(Job, job.id).state is JobState.SUCCEEDED


def test_a_released_savepoint_does_not_dispatch_before_the_real_commit(app):
    name = _name()
    job = queue.enqueue_after_commit("test.count", {"name": name}, title="Savepoint")
    with db.session.begin_nested():
        db.session.add(Job(kind="test.count", title="other", params={"name": "x"}))
    assert name not in CALLS  # releasing the SAVEPOINT is not the commit
    db.session.commit()
    assert CALLS[name] == 3 and db.session.get(Job, job.id).state is JobState.SUCCEEDED


def test_portal_worker_process_runs_queued_jobs(app, rq_queue, tmp_path):
    """`portal worker --burst` in its own process (forking a child per job) empties the queue."""
    import os
    import subprocess  # nosec B404: starts the portal's own worker
    import sys
    from pathlib import Path

    job = queue.enqueue("assessments.reminders", {}, title="Reminders via a worker")
    assert db.session.get(Job, job.id).state is JobState.QUEUED
    env = {**os.environ, "PORTAL_ENV": "development", "REDIS_URL": app.config["REDIS_URL"],
           "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "JOBS_QUEUE": rq_queue,
           "UPLOAD_DIR": app.config["UPLOAD_DIR"], "PORTAL_INSTANCE_PATH": str(tmp_path),
           "SECRET_KEY": "worker-test"}
    portal = Path(sys.executable).with_name("portal")
    result = subprocess.run([str(portal), "worker", "--burst"], env=env, capture_output=True,
                            text=True, timeout=120)  # nosec B603: fixed argument list
    assert result.returncode == 0, result.stderr[-2000:]
    db.session.expire_all()
    finished = db.session.get(Job, job.id)
    assert finished.state is JobState.SUCCEEDED, finished.error
    assert finished.result["sent"] == 0


def test_a_certificate_being_read_links_to_its_job_for_the_uploader(app, client, login,
                                                                    make_user, make_vendor):
    import io

    from portal.certificates.models import Certificate, CertificateStatus
    from portal.documents.services import store_upload

    vendor = make_vendor("Reading Ltd")
    contact = make_user("vendor", vendor=vendor)
    document = store_upload(io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "cert.pdf", vendor=vendor,
                            actor=contact, settings=settings_for(app))
    certificate = Certificate(document_id=document.id, vendor_id=vendor.id,
                              status=CertificateStatus.PROCESSING, standards=[], sites=[],
                              checks=[], created_by_id=contact.id)
    db.session.add(certificate)
    db.session.flush()
    job = Job(kind="certificates.read", title="Read cert.pdf", key=f"certificate-read:"
              f"{certificate.id}", params={"certificate_id": certificate.id},
              created_by_id=contact.id)
    db.session.add(job)
    db.session.commit()
    login(client, contact)
    page = client.get(f"/certificates/{certificate.id}").get_data(as_text=True)
    assert f"/jobs/{job.id}" in page and "Follow the reading" in page
    login(client, make_user("procurement"))  # staff see the certificate, not someone's job
    page = client.get(f"/certificates/{certificate.id}").get_data(as_text=True)
    assert "Follow the reading" not in page


def test_a_job_running_elsewhere_is_not_run_twice(app):
    """A second delivery of a job another process is running finds it claimed and leaves it."""
    name = _name()
    job = Job(kind="test.count", title="Claimed", params={"name": name}, state=JobState.RUNNING,
              attempts=1)
    db.session.add(job)
    db.session.commit()
    assert queue.run_job(job.id)
    assert name not in CALLS
    db.session.expire_all()
    assert db.session.get(Job, job.id).attempts == 1


@pytest.mark.parametrize("fork", [False, True])
def test_a_worker_whose_listener_already_read_its_unsubscribe_exits_promptly(app, rq_queue, fork):
    """The race that held `portal worker --burst` for a minute: the command listener reads the
    unsubscribe reply and goes back to sleep before the worker stops it."""
    from portal.jobs.worker import worker_class

    settings = settings_for(app)
    worker = worker_class(fork)([rq_queue], connection=queue.redis_connection(settings))
    worker.subscribe()
    deadline = time.monotonic() + 10
    while not worker.pubsub.subscribed and time.monotonic() < deadline:
        time.sleep(0.01)
    worker.pubsub.unsubscribe()
    while worker.pubsub.subscribed and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.2)  # the listener is asleep again, waiting for a subscription
    started = time.monotonic()
    worker.unsubscribe()
    assert time.monotonic() - started < 10  # RQ's own listener sleeps 60 s here
    assert not worker.pubsub_thread.is_alive()
