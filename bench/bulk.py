"""Bulk work at scale: import vendors from CSV and send them an assessment, next to 10,000.

    python bench/bulk.py [--existing 10000] [--rows 500] [--database-url URL]

Loads --existing vendors (with their name index), then, timed:
- preview: read and check a CSV of --rows new vendors, each with a contact (prepare_import);
- apply: the "vendors.import" job, eager (each vendor and its invitation committed one by one);
- bulk send: the "assessments.bulk_send" job to those vendors (one assessment each, sent);
- baseline in the same run: a bare Core INSERT of the same number of vendor rows.
Reports rows per second and the ratio of each step to the baseline.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlalchemy as sa  # noqa: E402

from bench.common import (  # noqa: E402
    make_app,
    migrate,
    pg_url,
    recreate_database,
    table,
    write_results,  # noqa: E402
)


def _csv(rows: int) -> bytes:
    out = io.StringIO()
    out.write("Legal name,Website,Country,Contact name,Contact email\n")
    for i in range(rows):
        out.write(f"Imported Supplier {i:05d} GmbH,https://s{i}.bench.example,DE,"
                  f"Contact {i},contact{i}@s{i}.bench.example\n")
    return out.getvalue().encode()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--existing", type=int, default=10_000)
    parser.add_argument("--rows", type=int, default=500)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    url = args.database_url or pg_url("bench_bulk")
    recreate_database(url)
    app = make_app(url, JOBS_MODE="eager")
    migrate(app)
    from portal.assessments.bulk import bulk_send  # noqa: F401  (registers the handler)
    from portal.auth.models import Role, User
    from portal.extensions import db
    from portal.jobs.queue import enqueue
    from portal.questionnaires.templates import latest_versions, sync_templates_from_disk
    from portal.vendors import names
    from portal.vendors.imports.services import prepare_import
    from portal.vendors.models import Vendor

    results: dict[str, dict] = {}
    with app.app_context():
        sync_templates_from_disk()
        staff = User(email="bench-bulk@example.com", name="Bench", role=Role.PROCUREMENT,
                     session_token="bench")
        db.session.add(staff)
        db.session.execute(sa.insert(Vendor), [
            {"legal_name": f"Existing Vendor {i:06d} Ltd", "name_key": f"existing vendor {i:06d}",
             "aliases": [f"EV{i}"] if i % 3 == 0 else []} for i in range(args.existing)])
        names.rebuild()
        db.session.commit()

        started = time.perf_counter()
        db.session.execute(sa.insert(Vendor), [
            {"legal_name": f"Baseline {i} Ltd", "name_key": f"baseline {i}", "aliases": []}
            for i in range(args.rows)])
        db.session.rollback()
        results["baseline: Core INSERT of the vendor rows"] = {
            "seconds": time.perf_counter() - started}

        started = time.perf_counter()
        imp = prepare_import(_csv(args.rows), "bench.csv", actor=staff)
        db.session.commit()
        results["preview (read, check, duplicates)"] = {"seconds": time.perf_counter() - started}

        started = time.perf_counter()
        job = enqueue("vendors.import", {"import_id": imp.id}, title="bench import", actor=staff)
        results["apply import job (vendor + contact + invitation)"] = {
            "seconds": time.perf_counter() - started, "state": job.state.value}

        vendor_ids = list(db.session.scalars(sa.select(Vendor.id).where(
            Vendor.legal_name.like("Imported Supplier %"))))
        version = next(v for v in latest_versions() if v.key == "ai-supplier-lite")
        started = time.perf_counter()
        job = enqueue("assessments.bulk_send", {
            "vendor_ids": vendor_ids, "template_version_id": version.id, "title": "Bench",
            "due_date": (date.today() + timedelta(days=30)).isoformat(), "message": None},
            title="bench send", actor=staff)
        results["bulk send job (assessment + e-mail)"] = {
            "seconds": time.perf_counter() - started, "state": job.state.value,
            "sent": len((job.result or {}).get("sent", []))}
    base = results["baseline: Core INSERT of the vendor rows"]["seconds"]
    rows = []
    for name, r in results.items():
        r["rows_per_s"] = round(args.rows / r["seconds"], 1)
        r["ratio_to_baseline"] = round(r["seconds"] / base, 1)
        rows.append((name, f"{r['seconds']:.2f}", r["rows_per_s"], f"{r['ratio_to_baseline']}x",
                     r.get("state", "")))
    print(f"\n{args.rows} new vendors next to {args.existing:,} existing ({url.split('/')[-1]})")
    print(table(["step", "seconds", "rows/s", "time vs baseline", "job"], rows))
    write_results("bulk", {"results": results, "rows": args.rows, "existing": args.existing})
    return 0 if all(r.get("state", "succeeded") == "succeeded" for r in results.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
