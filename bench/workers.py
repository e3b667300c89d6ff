"""Certificate reading through the job queue: files/s with 1 and 2 `portal worker` processes.

    python bench/workers.py [--files 96] [--database-url URL] [--redis-url URL]

Uploads the generated text certificates of bench/corpus (repeated up to --files) as documents,
which queues one "certificates.read" job each on Redis (RQ), then starts `portal worker`
processes and times them until every job has succeeded. Configurations: one worker with
`--fork` (RQ's classic mode: a child process per job), one worker, two workers (two cores).
Baseline in the same run: bare pdfplumber `extract_text` on the same files in-process.
Reports files/s from the first job's start to the last job's end (so worker start-up is not
counted), and the whole wall time including start-up.
"""

from __future__ import annotations

import argparse
import os
import secrets
import subprocess  # nosec B404: starts the portal's own workers
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlalchemy as sa  # noqa: E402

from bench.certspeed import bare_seconds  # noqa: E402
from bench.common import (  # noqa: E402
    OUT_DIR,
    make_app,
    migrate,
    pg_url,
    portal_env,
    recreate_database,
    table,
    write_results,
)
from bench.corpus import build_corpus  # noqa: E402

CONFIGURATIONS = (("1 worker --fork (per job)", 1, True), ("1 worker", 1, False),
                  ("2 workers", 2, False))


def _enqueue(app, files: list[str]) -> list[int]:
    """Upload each file as a certificate document; the commit queues its reading job."""
    from portal.auth.models import Role, User
    from portal.certificates.services import register_certificate
    from portal.documents.models import DocumentKind
    from portal.documents.services import store_upload
    from portal.extensions import db
    from portal.jobs.models import Job
    from portal.settings.current import settings_for
    from portal.vendors.models import Vendor

    with app.app_context():
        db.session.execute(sa.delete(Job))
        vendor = Vendor(legal_name=f"Bench {secrets.token_hex(3)}",
                        name_key=secrets.token_hex(8))
        staff = User(email=f"bench-{secrets.token_hex(4)}@example.com", name="Bench",
                     role=Role.PROCUREMENT, session_token=secrets.token_hex(16))
        db.session.add_all([vendor, staff])
        db.session.commit()
        for path in files:
            with open(path, "rb") as handle:
                document = store_upload(handle, Path(path).name, vendor=vendor, actor=staff,
                                        settings=settings_for(app), kind=DocumentKind.CERTIFICATE)
            register_certificate(document, actor=staff, settings=settings_for(app))
            db.session.commit()  # hands the job to RQ
        ids = list(db.session.scalars(sa.select(Job.id)))
        db.session.remove()
        return ids


def _wait(app, ids: list[int], timeout: float) -> dict:
    from portal.extensions import db
    from portal.jobs.models import Job, JobState

    deadline = time.monotonic() + timeout
    with app.app_context():
        while time.monotonic() < deadline:
            rows = db.session.execute(sa.select(Job.state, Job.started_at, Job.finished_at)
                                      .where(Job.id.in_(ids))).all()
            db.session.rollback()
            if all(state.finished for state, _, _ in rows):
                failed = sum(state is JobState.FAILED for state, _, _ in rows)
                first = min(started for _, started, _ in rows)
                last = max(finished for _, _, finished in rows)
                return {"failed": failed, "busy_seconds": (last - first).total_seconds()}
            time.sleep(0.2)
    raise SystemExit(f"jobs did not finish within {timeout} s")


def _run(app, env: dict, files: list[str], workers: int, fork: bool) -> dict:
    ids = _enqueue(app, files)
    portal = Path(sys.executable).with_name("portal")
    args = [str(portal), "worker", "--burst"] + (["--fork"] if fork else [])
    started = time.monotonic()
    processes = [subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL,  # nosec B603
                                  stderr=subprocess.PIPE, text=True) for _ in range(workers)]
    outcome = _wait(app, ids, timeout=600)
    wall = time.monotonic() - started
    for process in processes:
        _, err = process.communicate(timeout=60)
        if process.returncode:
            raise SystemExit(f"portal worker failed ({process.returncode}): {err[-2000:]}")
    return {"files": len(ids), "failed": outcome["failed"],
            "files_per_s": round(len(ids) / outcome["busy_seconds"], 2),
            "wall_files_per_s": round(len(ids) / wall, 2), "wall_s": round(wall, 2)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=96)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL",
                                                              "redis://127.0.0.1:6379/0"))
    args = parser.parse_args()
    url = args.database_url or pg_url("bench_workers")
    recreate_database(url)
    queue = "bench-" + secrets.token_hex(4)
    app = make_app(url, REDIS_URL=args.redis_url, JOBS_MODE="rq", JOBS_QUEUE=queue)
    migrate(app)
    texts = [item.path for item in build_corpus(OUT_DIR / "corpus", scans=False)
             if item.kind == "text"]
    files = (texts * (args.files // len(texts) + 1))[:args.files]
    started = time.perf_counter()
    for path in files:
        bare_seconds(path)
    bare_rate = len(files) / (time.perf_counter() - started)
    env = {**os.environ, **portal_env(url), "REDIS_URL": args.redis_url, "JOBS_QUEUE": queue,
           "SECRET_KEY": app.config["SECRET_KEY"]}
    results = {"bare pdfplumber, in-process": {"files": len(files), "failed": 0,
                                               "files_per_s": round(bare_rate, 2)}}
    for name, workers, fork in CONFIGURATIONS:
        results[name] = _run(app, env, files, workers, fork)
    rows = [(name, r["files"], r["files_per_s"], r.get("wall_files_per_s", "—"), r["failed"])
            for name, r in results.items()]
    print(f"\ncertificate reading jobs on Redis (RQ), {len(files)} text certificates each")
    print(table(["configuration", "files", "files/s (busy)", "files/s (wall)", "failed"], rows))
    two, one = results["2 workers"], results["1 worker"]
    print(f"2 workers over 1: {two['files_per_s'] / one['files_per_s']:.2f}x; one worker "
          f"runs at {one['files_per_s'] / bare_rate:.2f}x bare pdfplumber's rate")
    write_results("workers", {"results": results, "files": len(files)})
    return 0 if all(r["failed"] == 0 for r in results.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
