"""Load test: concurrent vendor sessions answering and submitting on gunicorn + PostgreSQL.

    python bench/loadtest.py [--sessions 50] [--duration 60] [--pace 0.5] [--workers 2]
        [--threads 8] [--template ai-supplier-lite] [--database-url URL]

Each of --sessions threads plays vendor contacts one after another until the time is up: sign
in through the login form, open My assessments, open every section of the questionnaire,
autosave every answerable question (waiting --pace seconds on average between saves, as a
person would), open the submit page and submit. A session that started keeps going to the end
of its assessment only while time remains; then it stops.

Afterwards the database is checked: every acknowledged autosave must be the answer revision
with the acknowledged version and value, every answer's final row the last acknowledged save,
and every acknowledged submission a submitted assessment. PASS needs zero errors and zero lost
or wrong answers.
"""

from __future__ import annotations

import argparse
import random
import sys
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (  # noqa: E402
    Ack,
    Client,
    Gunicorn,
    Recorder,
    ServerConfig,
    answer_fields,
    latency_summary,
    make_app,
    migrate,
    pg_url,
    portal_env,
    recreate_database,
    run_threads,
    stored_form,
    table,
    verify_acks,
    write_results,
)
from bench.seed import Seeder, add_bench_vendors  # noqa: E402


class Run:
    """Shared state of the load test: accounts to hand out, results to collect."""

    def __init__(self, accounts: list[dict[str, Any]], deadline: float) -> None:
        self.accounts = accounts
        self.deadline = deadline
        self.lock = threading.Lock()
        self.next = 0
        self.recorder = Recorder()
        self.acks: list[Ack] = []
        self.submitted: list[int] = []
        self.started_sessions = 0
        self.exhausted = False

    def take(self) -> dict[str, Any] | None:
        with self.lock:
            if self.next >= len(self.accounts):
                self.exhausted = True
                return None
            self.next += 1
            self.started_sessions += 1
            return self.accounts[self.next - 1]

    def left(self) -> bool:
        return time.perf_counter() < self.deadline


def _timed(run: Run, label: str, expect: tuple[int, ...], send, *args, **kwargs):
    """Send one request with send(*args, **kwargs); record its latency or the error."""
    try:
        response = send(*args, **kwargs)
    except OSError as exc:
        run.recorder.error(label, repr(exc))
        return None
    if response.status not in expect:
        run.recorder.error(label, f"HTTP {response.status} {response.body[:160]!r}")
        return None
    run.recorder.ok(label, response.seconds)
    return response


def session(index: int, run: Run, base: str, template, pace: float) -> None:
    """Play vendor contacts one after another until the deadline."""
    rng = random.Random(1000 + index)
    gen = Seeder(rng, _now())
    while run.left():
        account = run.take()
        if account is None:
            return
        client = Client(base, timeout=120)
        aid = account["assessment_id"]
        if _answer_one(run, client, account, template, gen, rng, pace):
            if run.left() and _timed(run, "submit page", (200,), client.get,
                                     f"/respond/{aid}/submit"):
                response = _timed(run, "submit", (302,), client.post,
                                  f"/respond/{aid}/submit", {})
                if response is not None:
                    with run.lock:
                        run.submitted.append(aid)
                    _timed(run, "questionnaire page", (200,), client.get, f"/respond/{aid}")
        client.close()


def _answer_one(run: Run, client: Client, account: dict[str, Any], template, gen: Seeder,
                rng: random.Random, pace: float) -> bool:
    """Sign in and answer every question; return True when all answers were acknowledged."""
    aid = account["assessment_id"]
    try:
        started = time.perf_counter()
        client.login(account["email"])
        run.recorder.ok("login (form + POST)", time.perf_counter() - started)
    except (OSError, RuntimeError) as exc:
        run.recorder.error("login (form + POST)", repr(exc))
        return False
    if not _timed(run, "my assessments", (200,), client.get, "/respond/"):
        return False
    complete = True
    for section in template.sections:
        if not run.left():
            return False
        if not _timed(run, "questionnaire page", (200,), client.get,
                      f"/respond/{aid}?section={section.id}"):
            return False
        for question in section.questions:
            if question.type == "file":
                continue
            time.sleep(rng.uniform(0.5 * pace, 1.5 * pace))
            if not run.left():
                return False
            value, comment = gen.value(question)
            fields = answer_fields(question, value, comment, 0)
            response = _timed(run, "autosave", (200,), client.post, f"/respond/{aid}/autosave",
                              fields, accept="application/json")
            if response is None:
                complete = False
                continue
            body = response.json()
            version = body.get("versions", {}).get(question.id)
            if body.get("status") != "saved" or version is None:
                run.recorder.error("autosave", f"unexpected body {body!r}"[:200])
                complete = False
                continue
            stored, clean = stored_form(question, value, comment)
            with run.lock:
                run.acks.append(Ack(aid, question.id, version, stored, clean))
    return complete


def _now():
    from datetime import UTC, datetime

    return datetime.now(UTC)


def verify_submissions(app, submitted: list[int]) -> int:
    """Return how many acknowledged submissions are not a submitted assessment."""
    import sqlalchemy as sa

    from portal.assessments.lifecycle import AssessmentStatus
    from portal.assessments.models import Assessment
    from portal.extensions import db

    if not submitted:
        return 0
    with app.app_context():
        rows = dict(db.session.execute(sa.select(Assessment.id, Assessment.status)
                                       .where(Assessment.id.in_(submitted))).all())
        db.session.remove()
    return sum(1 for aid in submitted if rows.get(aid) is not AssessmentStatus.SUBMITTED)


def main() -> int:
    """Prepare accounts, run the sessions, verify, print PASS or FAIL."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--pace", type=float, default=0.5,
                        help="mean seconds between one session's autosaves (default 0.5)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--template", default="ai-supplier-lite")
    parser.add_argument("--accounts-per-session", type=int, default=6)
    parser.add_argument("--database-url", default=pg_url("bench_load"),
                        help="recreated for the run (default: %(default)s)")
    args = parser.parse_args()

    from portal.extensions import db
    from portal.questionnaires.templates import load_pinned, sync_templates_from_disk

    recreate_database(args.database_url)
    app = make_app(args.database_url)
    migrate(app)
    with app.app_context():
        version = sync_templates_from_disk()[args.template]
        db.session.commit()
        version_id, template = version.id, load_pinned(version)
    accounts = add_bench_vendors(app, args.sessions * args.accounts_per_session, version_id,
                                 prefix="load")
    config = ServerConfig(workers=args.workers, threads=args.threads)
    with Gunicorn("wsgi:app", config=config, env=portal_env(args.database_url),
                  name="loadtest") as server:
        run = Run(accounts, time.perf_counter() + args.duration)
        started = time.perf_counter()
        run_threads(args.sessions, session, run, server.base, template, args.pace)
        elapsed = time.perf_counter() - started
    check = verify_acks(app, run.acks)
    not_submitted = verify_submissions(app, run.submitted)
    rec = run.recorder
    rows = []
    for label in sorted(set(rec.latencies) | set(rec.errors)):
        lat = latency_summary(rec.latencies[label])
        rows.append((label, lat["count"], lat["p50_ms"], lat["p95_ms"], lat["p99_ms"],
                     lat["max_ms"], rec.errors.get(label, 0)))
    errors = sum(rec.errors.values())
    lost = check["missing"] + check["mismatched"] + check["final_value_wrong"]
    ok = errors == 0 and lost == 0 and not_submitted == 0
    print(f"\n{config.label()}, PostgreSQL, {args.sessions} concurrent sessions, "
          f"{args.duration:g} s, template {args.template}, ~{args.pace:g} s between saves")
    print(table(["request", "count", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors"], rows))
    print(f"\nrequests: {rec.requests:,} in {elapsed:.0f} s ({rec.requests / elapsed:.1f}/s); "
          f"errors: {errors}; sessions started {run.started_sessions}, "
          f"submitted {len(run.submitted)}")
    print(f"answers acknowledged: {check['acknowledged']:,}; answer revisions in the database: "
          f"{check['revision_rows']:,}; answers rows: {check['answers_rows']:,}")
    print(f"lost or wrong answers: {lost} (missing {check['missing']}, wrong value "
          f"{check['mismatched']}, final row wrong {check['final_value_wrong']}); "
          f"rows without acknowledgement: {check['unacknowledged_rows']}; "
          f"acknowledged submissions not submitted: {not_submitted}")
    if run.exhausted:
        print("note: every prepared account was used; raise --accounts-per-session")
    if rec.examples:
        print("errors:", *rec.examples, sep="\n  ")
    if check["examples"]:
        print("verification examples:", *check["examples"], sep="\n  ")
    print(f"\n{'PASS' if ok else 'FAIL'}: {errors} errors, {lost} lost answers, "
          f"{not_submitted} lost submissions")
    path = write_results("loadtest", {
        "server": config.label(), "sessions": args.sessions, "duration": args.duration,
        "pace": args.pace, "template": args.template, "elapsed": round(elapsed, 1),
        "requests": rec.requests, "errors": dict(rec.errors), "error_examples": rec.examples,
        "latency": {label: latency_summary(v) for label, v in rec.latencies.items()},
        "sessions_started": run.started_sessions, "submitted": len(run.submitted),
        "verification": check, "submissions_lost": not_submitted, "pass": ok})
    print(f"results: {path}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
