"""Autosave latency with concurrent vendors on PostgreSQL under gunicorn, and no lost saves.

    python bench/autosave.py [--vendors 20] [--duration 30] [--pace 1.0] [--workers 2]
        [--threads 4] [--database-url URL]

Each of --vendors vendor contacts (own account, own assessment on the shipped core template)
signs in through the login form, opens the questionnaire, then autosaves one answer at a time
the way portal.js does (POST /respond/<id>/autosave with question, v-, q-, c- and the CSRF
token), waiting --pace seconds on average (uniform 0.5x..1.5x) between saves. Every save
changes the answer (the comment carries a counter), so every acknowledgement must be one
answer revision. Afterwards every acknowledged save is looked up in the database: the revision
with the acknowledged version must hold the sent value and comment, and each answer's final row
must be the last acknowledged save.

Baseline in the same run: GET /healthz (one SELECT 1 through the same stack) at the same pace.
"""

from __future__ import annotations

import argparse
import random
import sys
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


def prepare(url: str, vendors: int, template_key: str):
    """Create the database with the shipped templates and one account per vendor."""
    from portal.extensions import db
    from portal.questionnaires.templates import load_pinned, sync_templates_from_disk

    recreate_database(url)
    app = make_app(url)
    migrate(app)
    with app.app_context():
        version = sync_templates_from_disk()[template_key]
        db.session.commit()
        version_id = version.id
        template = load_pinned(version)
    accounts = add_bench_vendors(app, vendors, version_id, prefix="autosave")
    return app, template, accounts


def vendor_session(index: int, base: str, account: dict[str, Any], questions, *,
                   duration: float, pace: float, recorder: Recorder, acks: list[Ack],
                   with_baseline: bool) -> None:
    """Sign in, open the questionnaire, autosave answers until the deadline."""
    rng = random.Random(index)
    gen = Seeder(rng, _now())
    client = Client(base, timeout=60)
    try:
        client.login(account["email"])
        page = client.get(f"/respond/{account['assessment_id']}")
        if page.status != 200:
            raise RuntimeError(f"questionnaire answered {page.status}")
    except (OSError, RuntimeError) as exc:
        recorder.error("login", repr(exc))
        return
    deadline = time.perf_counter() + duration  # the clock starts after sign-in (scrypt)
    versions: dict[str, int] = {}
    url = f"/respond/{account['assessment_id']}/autosave"
    n = 0
    while time.perf_counter() < deadline:
        time.sleep(rng.uniform(0.5 * pace, 1.5 * pace))
        if time.perf_counter() >= deadline:
            break
        question = questions[n % len(questions)]
        n += 1
        value, comment = gen.value(question)
        comment = f"{comment or 'Autosave'} #{n} from vendor {index}"
        fields = answer_fields(question, value, comment, versions.get(question.id, 0))
        try:
            response = client.post(url, fields, accept="application/json")
        except OSError as exc:
            recorder.error("autosave", repr(exc))
            continue
        if response.status != 200:
            recorder.error("autosave", f"HTTP {response.status} {response.body[:200]!r}")
            continue
        body = response.json()
        if body.get("status") != "saved" or question.id not in body.get("versions", {}):
            recorder.error("autosave", f"unexpected body {body!r}"[:200])
            continue
        recorder.ok("autosave", response.seconds)
        versions[question.id] = body["versions"][question.id]
        stored, clean = stored_form(question, value, comment)
        acks.append(Ack(account["assessment_id"], question.id, versions[question.id], stored,
                        clean))
        if with_baseline:
            try:
                health = client.request("GET", "/healthz")
                recorder.ok("healthz", health.seconds) if health.status == 200 else \
                    recorder.error("healthz", f"HTTP {health.status}")
            except OSError as exc:
                recorder.error("healthz", repr(exc))
    client.close()


def _now():
    from datetime import UTC, datetime

    return datetime.now(UTC)


def main() -> int:
    """Prepare, run the vendors, verify, print and save the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vendors", type=int, default=20)
    parser.add_argument("--duration", type=float, default=30)
    parser.add_argument("--pace", type=float, default=1.0,
                        help="mean seconds between one vendor's saves (default 1.0)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--template", default="ai-supplier-core")
    parser.add_argument("--no-baseline", action="store_true",
                        help="skip the GET /healthz baseline after each save")
    parser.add_argument("--database-url", default=pg_url("bench_autosave"),
                        help="recreated for the run (default: %(default)s)")
    args = parser.parse_args()

    app, template, accounts = prepare(args.database_url, args.vendors, args.template)
    questions = [q for q in template.questions() if q.type != "file"]
    config = ServerConfig(workers=args.workers, threads=args.threads)
    recorder = Recorder()
    acks: list[Ack] = []
    with Gunicorn("wsgi:app", config=config, env=portal_env(args.database_url),
                  name="autosave") as server:
        started = time.perf_counter()
        run_threads(args.vendors, lambda i: vendor_session(
            i, server.base, accounts[i], questions, duration=args.duration, pace=args.pace,
            recorder=recorder, acks=acks, with_baseline=not args.no_baseline))
        elapsed = time.perf_counter() - started
    check = verify_acks(app, acks)
    saves = latency_summary(recorder.latencies["autosave"])
    health = latency_summary(recorder.latencies["healthz"])
    errors = dict(recorder.errors)
    ok = not errors and check["missing"] == 0 and check["mismatched"] == 0 \
        and check["final_value_wrong"] == 0
    print(f"\n{config.label()}, PostgreSQL, {args.vendors} vendors, one save every "
          f"~{args.pace:g} s each, {elapsed:.0f} s")
    print(table(["request", "count", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors"], [
        ("autosave", saves["count"], saves["p50_ms"], saves["p95_ms"], saves["p99_ms"],
         saves["max_ms"], errors.get("autosave", 0)),
        ("healthz (baseline)", health["count"], health["p50_ms"], health["p95_ms"],
         health["p99_ms"], health["max_ms"], errors.get("healthz", 0)),
    ]))
    if saves["p95_ms"] and health["p95_ms"]:
        print(f"p95 ratio autosave/healthz: {saves['p95_ms'] / health['p95_ms']:.1f}")
    print(f"throughput: {saves['count'] / args.duration:.1f} saves/s")
    print(f"\nverification: {check['acknowledged']} acknowledged saves, "
          f"{check['revision_rows']} revision rows, missing {check['missing']}, "
          f"wrong value {check['mismatched']}, final row wrong {check['final_value_wrong']}, "
          f"rows without acknowledgement {check['unacknowledged_rows']}")
    if recorder.examples:
        print("errors:", *recorder.examples, sep="\n  ")
    if check["examples"]:
        print("verification examples:", *check["examples"], sep="\n  ")
    print(f"\n{'PASS' if ok else 'FAIL'}: every acknowledged save is in the database"
          f"{'' if ok else ' (or errors occurred)'}")
    path = write_results("autosave", {
        "server": config.label(), "vendors": args.vendors, "duration": args.duration,
        "pace": args.pace, "elapsed": round(elapsed, 1), "autosave": saves, "healthz": health,
        "errors": errors, "error_examples": recorder.examples, "verification": check,
        "saves_per_second": round(saves["count"] / args.duration, 1), "pass": ok})
    print(f"results: {path}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
