"""Enqueue jobs and run them: on Redis with RQ when REDIS_URL is set, else in-process.

Modes (JOBS_MODE, default "rq" with REDIS_URL and "thread" without):
- rq: the job goes to an RQ queue; `portal worker` processes run it, RQ retries failures with
  the JOB_RETRY_DELAYS intervals;
- thread: a small pool of threads inside the web process runs it (the embedded default);
- eager: it runs at once in the caller (tests, and CLI commands that want the result now).
The job's row in the database is the truth users see: state, progress, result and error.
"""
from __future__ import annotations

import logging
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from flask import Flask, current_app
from sqlalchemy.orm import Session

from portal.extensions import db, utcnow
from portal.jobs.models import Job, JobState
from portal.jobs.registry import Progress, handler_for
from portal.settings import Settings
from portal.settings.current import current_settings, settings_for

log = logging.getLogger(__name__)
QUEUE_NAME = "portal"
_executor: ThreadPoolExecutor | None = None
_worker_app: Flask | None = None


class JobFailed(Exception):
    """Raised in an RQ worker so that RQ retries the job."""


def mode(settings: Settings) -> str:
    chosen = settings.jobs.mode
    if chosen:
        return chosen
    return "rq" if settings.server.redis_url else "thread"


def retry_delays(settings: Settings) -> list[int]:
    return list(settings.jobs.retry_delays)


def enqueue(kind: str, params: dict[str, Any], *, title: str, actor=None,
            key: str | None = None) -> Job:
    """Record a job and hand it to the queue; return it (or the live job with the same key).

    Commits the session: call it after the work that asked for the job is complete.
    """
    handler_for(kind)  # fail now, in the caller, for an unknown kind
    if key is not None:
        existing = db.session.scalar(sa.select(Job).where(Job.key == key))
        if existing is not None:
            if existing.state is not JobState.FAILED:
                return existing
            _reset(existing)
            db.session.commit()
            dispatch(existing.id)
            return existing
    job = Job(kind=kind, key=key, title=title[:200], params=params,
              created_by_id=getattr(actor, "id", None))
    db.session.add(job)
    try:
        db.session.commit()
    except sa.exc.IntegrityError:  # the same key, enqueued at the same moment elsewhere
        db.session.rollback()
        return db.session.scalars(sa.select(Job).where(Job.key == key)).one()
    dispatch(job.id)
    return job


def enqueue_after_commit(kind: str, params: dict[str, Any], *, title: str, actor=None,
                         key: str | None = None, fair_key: str | None = None) -> Job:
    """Add a job to the caller's transaction; it is handed to the queue only once that commits.

    Work that is rolled back leaves no job behind, and a job never runs before the rows it
    needs are visible.
    """
    handler_for(kind)
    job = Job(kind=kind, key=key, title=title[:200], params=params, fair_key=fair_key,
              created_by_id=getattr(actor, "id", None))
    db.session.add(job)
    db.session.flush()
    db.session.info.setdefault(_AFTER_COMMIT, []).append(job.id)
    return job


_AFTER_COMMIT = "portal_jobs_after_commit"


def init_app(app: Flask) -> None:
    """Dispatch the jobs a transaction enqueued once it commits; forget them on rollback."""
    for name, function in (("after_commit", _dispatch_committed),
                           ("after_soft_rollback", _forget_rolled_back)):
        if not sa.event.contains(Session, name, function):
            sa.event.listen(Session, name, function)


def _dispatch_committed(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a SAVEPOINT was released: the real commit is still to come
    for job_id in session.info.pop(_AFTER_COMMIT, []):
        dispatch(job_id)


def _forget_rolled_back(session: Session, previous_transaction) -> None:
    if not previous_transaction.nested:  # a job whose row a SAVEPOINT undid is skipped by run_job
        session.info.pop(_AFTER_COMMIT, None)


def retry(job: Job) -> None:
    """Run a failed (or stalled) job again from the start; its handler skips finished work."""
    _reset(job)
    db.session.commit()
    dispatch(job.id)


def _reset(job: Job) -> None:
    job.state, job.attempts, job.error, job.finished_at = JobState.QUEUED, 0, None, None
    job.message = "Queued again."


def is_stalled(job: Job, settings: Settings) -> bool:
    """A queued or running job that has not moved for JOB_STALL_MINUTES (its process died)."""
    if job.state.finished:
        return False
    limit = timedelta(minutes=settings.jobs.stall_minutes)
    return utcnow() - job.updated_at > limit


def dispatch(job_id: int) -> None:
    settings = current_settings()
    chosen = mode(settings)
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if chosen == "eager":
        # A fresh application context has its own session: this may run inside after_commit.
        with app.app_context():
            run_with_retries(job_id, delays=[0] * len(retry_delays(settings)))
        db.session.expire_all()  # the caller's objects now show what the job did
        return
    if chosen == "rq":
        try:
            _rq_queue(settings).enqueue(
                "portal.jobs.queue.rq_entry", job_id, job_id=f"vap-job-{job_id}-{time.time_ns()}",
                retry=_rq_retry(settings), job_timeout=settings.jobs.timeout,
                result_ttl=3600, failure_ttl=7 * 24 * 3600)
            return
        except Exception:  # noqa: BLE001 - Redis down: the work still gets done, here
            log.warning("Could not enqueue job %s on Redis; running it in-process", job_id,
                        exc_info=True)
    _pool(settings).submit(_thread_main, app, job_id)


def _pool(settings: Settings) -> ThreadPoolExecutor:
    global _executor
    if _executor is None:
        _executor = ThreadPoolExecutor(max_workers=settings.jobs.threads,
                                       thread_name_prefix="portal-job")
    return _executor


def _thread_main(app: Flask, job_id: int) -> None:
    with app.app_context():
        run_with_retries(job_id, delays=retry_delays(settings_for(app)))


def run_with_retries(job_id: int, *, delays: list[int]) -> bool:
    for attempt, delay in enumerate([*delays, None]):
        if run_job(job_id, final_attempt=delay is None):
            return True
        if delay is not None:
            log.info("Job %s failed (attempt %s); retrying in %s s", job_id, attempt + 1, delay)
            time.sleep(delay)
    return False


def fair_candidates(kind: str, limit: int = 5) -> list[int]:
    """Return queued jobs of a kind in fair order: keys that started a job least recently first.

    A key that never ran goes first; within a key, the oldest job. Round robin between
    organisations instead of first come, first served (issue 13).
    """
    last_start = (sa.select(Job.fair_key, sa.func.max(Job.started_at).label("last"))
                  .where(Job.kind == kind, Job.fair_key.is_not(None))
                  .group_by(Job.fair_key).subquery())
    return list(db.session.scalars(
        sa.select(Job.id).outerjoin(last_start, last_start.c.fair_key == Job.fair_key)
        .where(Job.kind == kind, Job.state == JobState.QUEUED, Job.fair_key.is_not(None))
        .order_by(last_start.c.last.is_not(None), last_start.c.last, Job.id).limit(limit)))


def _claim(job_id: int) -> bool:
    now = utcnow()
    claimed = db.session.execute(
        sa.update(Job).where(Job.id == job_id, Job.state == JobState.QUEUED)
        .values(state=JobState.RUNNING, attempts=Job.attempts + 1, updated_at=now,
                started_at=sa.func.coalesce(Job.started_at, now))
        .execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    return bool(claimed)


def run_job(job_id: int, *, final_attempt: bool = True) -> bool:
    """Run one attempt of a job; return whether it succeeded. Never raises for a job's error.

    A job with a fairness key may run another queued job of its kind instead (the fairest);
    every dispatch still runs one job, so the one asked for runs at a later dispatch.
    """
    job = db.session.get(Job, job_id)
    if job is None:
        log.warning("Job %s no longer exists", job_id)
        return True
    if job.fair_key is not None and job.state is JobState.QUEUED:
        for candidate in fair_candidates(job.kind):
            if _claim(candidate):
                return _run_claimed(candidate, final_attempt=final_attempt)
        db.session.expire_all()
        job = db.session.get(Job, job_id)
    if job.state is JobState.SUCCEEDED:
        return True  # delivered twice: the work is done
    # Claim it: only one process may run a job at a time (a queue may deliver twice).
    if not _claim(job_id):
        log.info("Job %s is %s elsewhere; not run again here", job_id, job.state.value)
        return True
    return _run_claimed(job_id, final_attempt=final_attempt)


def _run_claimed(job_id: int, *, final_attempt: bool) -> bool:
    job = db.session.get(Job, job_id)
    try:
        result = handler_for(job.kind)(Progress(job), **job.params)
    except Exception as exc:  # noqa: BLE001 - every failure is recorded on the job
        db.session.rollback()
        log.exception("Job %s (%s) failed on attempt %s", job_id, job.kind, job.attempts)
        job = db.session.get(Job, job_id)
        job.error = "".join(traceback.format_exception_only(exc)).strip()[:2000]
        if final_attempt:
            job.state, job.finished_at = JobState.FAILED, utcnow()
            job.message = f"Failed after {job.attempts} attempt(s)."
        else:
            job.state, job.message = JobState.QUEUED, "Failed; will retry."
        db.session.commit()
        return False
    job.state, job.finished_at, job.result = JobState.SUCCEEDED, utcnow(), result or {}
    job.error = None
    if job.total is not None:
        job.done = job.total
    db.session.commit()
    return True


# --- RQ ---------------------------------------------------------------------------------------
# redis and rq are imported inside these functions: only the rq mode (REDIS_URL set) uses them,
# and the embedded default (threads, eager) does not pay their import (about half a second).

def redis_connection(settings: Settings):
    import redis

    return redis.Redis.from_url(settings.server.redis_url, socket_connect_timeout=2,
                                health_check_interval=30)


def _rq_queue(settings: Settings):
    from rq import Queue

    return Queue(settings.jobs.queue, connection=redis_connection(settings))


def _rq_retry(settings: Settings):
    from rq import Retry

    delays = retry_delays(settings)
    return Retry(max=len(delays), interval=delays) if delays else None


def set_worker_app(app: Flask) -> None:
    global _worker_app
    _worker_app = app


def rq_entry(job_id: int) -> None:
    """What an RQ worker runs: one attempt, raising so that RQ schedules the next one."""
    from rq import get_current_job

    global _worker_app
    if _worker_app is None:
        from portal import create_app

        _worker_app = create_app()
    current = get_current_job()
    retries_left = getattr(current, "retries_left", None) if current is not None else None
    with _worker_app.app_context():
        if not run_job(job_id, final_attempt=not retries_left):
            raise JobFailed(f"job {job_id} failed; see its page for the error")
