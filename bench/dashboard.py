"""Server time and SQL query count of the staff dashboard and the portfolio at 10,000 vendors.

    python bench/dashboard.py [--small 100] [--large 10000] [--requests 30]
        [--large-url URL --no-seed]

Seeds two PostgreSQL databases with bench/seed.py (100 and 10,000 vendors, five assessments
per vendor) and requests each page in-process (create_app + test client) as a signed-in
procurement user. Queries are counted with a SQLAlchemy before_cursor_execute listener; time is
the median and p95 of --requests requests after warm-up. Targets: median <= 200 ms at 10,000
vendors, and the same query count at 100 and at 10,000 vendors. GET /healthz is timed in the
same run as the floor of the stack.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (  # noqa: E402
    BENCH_PASSWORD,
    latency_summary,
    make_app,
    pg_url,
    table,
    write_results,
)
from bench.seed import seed  # noqa: E402

PAGES = ("/dashboard", "/portfolio/", "/vendors/", "/healthz")
TARGET_MS = 200
# A procurement user: administrators are held at two-factor enrolment (REQUIRE_ADMIN_2FA).
STAFF_EMAIL = "staff1@bench.example"


def measure(url: str, pages: tuple[str, ...], requests: int) -> dict[str, Any]:
    """Sign in as a seeded procurement user and time each page; count its queries."""
    import sqlalchemy as sa

    from portal.extensions import db

    app = make_app(url, WTF_CSRF_ENABLED=False)
    counter = {"n": 0}
    with app.app_context():
        engine = db.engine

        def count(*_args, **_kw) -> None:
            counter["n"] += 1

        sa.event.listen(engine, "before_cursor_execute", count)
        vendors = db.session.scalar(sa.text("SELECT count(*) FROM vendors"))
        db.session.remove()
    client = app.test_client()
    response = client.post("/login", data={"email": STAFF_EMAIL,
                                           "password": BENCH_PASSWORD})
    if response.status_code != 302:
        raise RuntimeError(f"sign-in as {STAFF_EMAIL} answered {response.status_code}")
    out: dict[str, Any] = {"vendors": vendors}
    for page in pages:
        for _ in range(3):  # warm-up: template compilation, caches, connection pool
            client.get(page)
        counter["n"] = 0
        first = client.get(page)
        if first.status_code != 200:
            raise RuntimeError(f"GET {page} answered {first.status_code}")
        queries = counter["n"]
        times = []
        for _ in range(requests):
            started = time.perf_counter()
            response = client.get(page)
            times.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise RuntimeError(f"GET {page} answered {response.status_code}")
        out[page] = {"queries": queries, "bytes": len(first.data), **latency_summary(times),
                     "median_ms": round(statistics.median(times) * 1000, 2)}
    with app.app_context():
        db.engine.dispose()
    return out


def main() -> int:
    """Seed both sizes, measure, compare, print and save the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=100, help="vendors in the small database")
    parser.add_argument("--large", type=int, default=10_000,
                        help="vendors in the large database")
    parser.add_argument("--assessments-per-vendor", type=int, default=5)
    parser.add_argument("--answers-per-assessment", type=int, default=4,
                        help="answers do not feed these pages; kept small to seed fast")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--small-url", default=pg_url("bench_dash_small"))
    parser.add_argument("--large-url", default=pg_url("bench_dash_large"))
    parser.add_argument("--no-seed", action="store_true",
                        help="use the databases as they are (e.g. one filled by bench/seed.py)")
    parser.add_argument("--pages", nargs="+", default=list(PAGES))
    args = parser.parse_args()

    sizes = {"small": (args.small_url, args.small), "large": (args.large_url, args.large)}
    seeded = {}
    if not args.no_seed:
        for name, (url, vendors) in sizes.items():
            assessments = vendors * args.assessments_per_vendor
            print(f"seeding {name}: {vendors:,} vendors, {assessments:,} assessments", flush=True)
            result = seed(url, vendors=vendors, assessments=assessments,
                          answers=assessments * args.answers_per_assessment, reset=True,
                          quiet=True)
            seeded[name] = {k: result[k] for k in ("vendors", "assessments", "answers", "seconds")}
    measured = {name: measure(url, tuple(args.pages), args.requests)
                for name, (url, _) in sizes.items()}
    small, large = measured["small"], measured["large"]
    rows = []
    verdicts = {}
    for page in args.pages:
        s, big = small[page], large[page]
        constant = s["queries"] == big["queries"]
        fast = big["median_ms"] <= TARGET_MS
        verdicts[page] = {"constant_queries": constant, "within_target": fast}
        rows.append((page, s["queries"], big["queries"], "yes" if constant else "NO",
                     s["median_ms"], big["median_ms"], big["p95_ms"],
                     f"{big['median_ms'] / s['median_ms']:.2f}",
                     "met" if fast and constant else "MISSED"))
    print(f"\nin-process (create_app + test client), PostgreSQL, {args.requests} requests "
          f"per page after warm-up; vendors: {small['vendors']:,} vs {large['vendors']:,}")
    print(table(["page", "queries small", "queries large", "constant", "median ms small",
                 "median ms large", "p95 ms large", "time large/small", "target"], rows))
    print(f"targets: median <= {TARGET_MS} ms at {large['vendors']:,} vendors and a constant "
          "query count")
    path = write_results("dashboard", {"seeded": seeded, "small": small, "large": large,
                                       "verdicts": verdicts, "target_ms": TARGET_MS})
    print(f"results: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
