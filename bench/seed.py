"""Generate a large, realistic portal database fast, for benchmarks.

    python bench/seed.py --vendors 10000 --assessments 50000 --answers 2000000 \
        --database-url postgresql://postgres@127.0.0.1:5432/bench_seed --reset

Applies the migrations first (then creates any table the migrations do not define yet, with a
warning), syncs the questionnaire templates from disk, and bulk-loads vendors, products, vendor
contacts, assessments, recipients, answers with one revision each, latest score records and
open findings. Rows go in with PostgreSQL COPY (psycopg) or SQLAlchemy Core executemany in
batches (SQLite); no ORM objects per row. Ids are assigned here, sequences are reset after.

Every vendor contact's password is BENCH_PASSWORD (bench/common.py). Prints rows/s per table.
"""

from __future__ import annotations

import argparse
import enum
import itertools
import json
import random
import secrets
import sys
import time
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (  # noqa: E402
    BENCH_PASSWORD,
    make_app,
    migrate,
    pg_url,
    recreate_database,
    table,
    write_results,
)

TIERS = (("critical", 5), ("high", 20), ("medium", 45), ("low", 25), (None, 5))
VENDOR_STATUSES = (("active", 80), ("prospective", 15), ("offboarded", 5))
COUNTRIES = ("GB", "DE", "US", "NL", "FR", "IE", "SE", "ES", "IT", "PL", "CH", "CA", "IN", "JP")
# Most assessments are finished; a steady share is open with the vendor or awaiting review.
STATUSES = (("accepted", 45), ("rejected", 3), ("cancelled", 2), ("draft", 5), ("sent", 12),
            ("in_progress", 15), ("submitted", 8), ("under_review", 5),
            ("clarification_requested", 3), ("resubmitted", 2))
# Share of answerable questions answered, by status.
FILL = {"draft": 0.0, "sent": 0.0, "in_progress": 0.5, "cancelled": 0.3}
TEMPLATE_MIX = (("ai-supplier-core", 40), ("annex-a-full", 30), ("ai-supplier-lite", 15),
                ("ai-supplier-starter", 15))
TEXTS = (
    "We document this in our AI management system manual, section 4, reviewed every year.",
    "Handled by the model risk committee; minutes available on request.",
    "Our data protection officer approves each new data source before training.",
    "Not in place yet; planned for the next quarter with an external auditor.",
    "Described in the attached policy; owners are named per product.",
)
BATCH = 10_000


def _weighted(rng: random.Random, pairs) -> Any:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


# ---- bulk loading --------------------------------------------------------------------------

class Loader:
    """Insert many rows into one table: COPY on PostgreSQL, executemany batches elsewhere."""

    def __init__(self, connection) -> None:
        self.connection = connection
        self.is_pg = connection.dialect.name == "postgresql"
        self.stats: list[tuple[str, int, float]] = []

    def load(self, tbl, rows: Iterable[dict[str, Any]]) -> int:
        """Insert rows (dicts keyed by column name; missing columns get their default)."""
        started = time.perf_counter()
        columns = [c for c in tbl.columns]
        defaults = {c.name: _default(c) for c in columns}
        names = [c.name for c in columns]
        count = 0
        if self.is_pg:
            plan = [(c.name, defaults[c.name], _is_json(c)) for c in columns]
            raw = self.connection.connection.driver_connection
            with raw.cursor() as cursor:
                sql = f'COPY "{tbl.name}" ({", ".join(names)}) FROM STDIN'
                with cursor.copy(sql) as copy:
                    write = copy.write_row
                    for row in rows:
                        write([_pg_value(row.get(name, default), is_json)
                               for name, default, is_json in plan])
                        count += 1
        else:
            insert = tbl.insert()
            batch: list[dict[str, Any]] = []
            for row in rows:
                batch.append({n: row.get(n, defaults[n]) for n in names})
                if len(batch) >= BATCH:
                    self.connection.execute(insert, batch)
                    count += len(batch)
                    batch = []
            if batch:
                self.connection.execute(insert, batch)
                count += len(batch)
        self.stats.append((tbl.name, count, time.perf_counter() - started))
        return count

    def reset_sequences(self, tables) -> None:
        """Move PostgreSQL id sequences past the ids assigned here."""
        if not self.is_pg:
            return
        import sqlalchemy as sa

        for tbl in tables:
            if "id" in tbl.columns:
                self.connection.execute(sa.text(
                    f"SELECT setval(pg_get_serial_sequence('{tbl.name}', 'id'), "
                    f"COALESCE((SELECT max(id) FROM \"{tbl.name}\"), 0) + 1, false)"))


def _is_json(column) -> bool:
    import sqlalchemy as sa

    return isinstance(column.type, sa.JSON)


def _default(column) -> Any:
    default = column.default
    if default is None:
        return None
    if default.is_scalar:
        return default.arg
    if default.is_callable:
        return default.arg(None)  # SQLAlchemy wraps callables to take an execution context
    return None


def _pg_value(value: Any, is_json: bool) -> Any:
    if value is None:
        return None
    if is_json:
        return json.dumps(value)
    if isinstance(value, enum.Enum):
        return value.value
    return value


# ---- the data ------------------------------------------------------------------------------

class Seeder:
    """Build rows with ids assigned in Python, so children can point at parents without reads."""

    def __init__(self, rng: random.Random, now: datetime) -> None:
        self.rng = rng
        self.now = now
        self.today = now.date()
        self._weights: dict[str, list[int]] = {}

    def vendors(self, start: int, count: int, staff_ids: list[int]) -> Iterator[dict]:
        rng = self.rng
        for vid in range(start, start + count):
            created = self.now - timedelta(days=rng.randint(30, 1500))
            tier = _weighted(rng, TIERS)
            name = f"Bench Vendor {vid:06d} Ltd"
            yield {
                "id": vid, "legal_name": name, "name_key": f"benchvendor{vid:06d}ltd",
                "aliases": [f"BV{vid}"] if rng.random() < 0.3 else [],
                "website": f"https://vendor{vid}.bench.example", "country": rng.choice(COUNTRIES),
                "description": "Generated by bench/seed.py.",
                "status": _weighted(rng, VENDOR_STATUSES), "owner_id": rng.choice(staff_ids),
                "intake": None, "inherent_tier": tier,
                "tier_reasons": ["Generated tier"] if tier else None,
                "tiered_at": created if tier else None, "created_at": created,
                "updated_at": created,
            }

    def products(self, first_id: int, vendor_ids: range) -> Iterator[dict]:
        pid = first_id
        for vid in vendor_ids:
            for n in range(1 + (self.rng.random() < 0.3)):
                yield {"id": pid, "vendor_id": vid, "name": f"AI Service {n + 1}",
                       "description": None, "created_at": self.now}
                pid += 1

    def contacts(self, first_id: int, vendor_ids: range, password_hash: str) -> Iterator[dict]:
        for uid, vid in enumerate(vendor_ids, start=first_id):
            yield {"id": uid, "email": f"contact{vid}@vendor{vid}.bench.example",
                   "name": f"Contact {vid}", "job_title": "Compliance lead", "role": "vendor",
                   "vendor_id": vid, "password_hash": password_hash,
                   "session_token": secrets.token_hex(16), "is_active": True,
                   "failed_login_count": 0, "created_at": self.now}

    def assessment(self, aid: int, vid: int, product_id: int | None, version_id: int,
                   staff_id: int) -> dict:
        rng = self.rng
        status = _weighted(rng, STATUSES)
        created = self.now - timedelta(days=rng.randint(1, 1400))
        sent = created + timedelta(days=1) if status != "draft" else None
        open_states = ("draft", "sent", "in_progress", "clarification_requested")
        if status in open_states:
            created = self.now - timedelta(days=rng.randint(1, 90))
            sent = created + timedelta(hours=2) if status != "draft" else None
            due = self.today + timedelta(days=rng.randint(-30, 60))  # about a third overdue
        else:
            due = (sent or created).date() + timedelta(days=rng.randint(14, 45))
        submitted = None
        if status not in open_states[:3]:
            submitted = (sent or created) + timedelta(days=rng.randint(2, 40))
        closed = None
        if status in ("accepted", "rejected", "cancelled"):
            closed = (submitted or created) + timedelta(days=rng.randint(1, 20))
        return {
            "id": aid, "vendor_id": vid, "product_id": product_id,
            "template_version_id": version_id, "previous_id": None,
            "title": f"{created.year} AI supplier assessment", "status": status,
            "due_date": due, "message": None, "created_by_id": staff_id, "created_at": created,
            "updated_at": closed or submitted or sent or created, "sent_at": sent,
            "submitted_at": submitted, "closed_at": closed, "decision_comment": None,
        }

    def value(self, question) -> tuple[Any, str | None]:
        rng = self.rng
        if question.type in ("yes_no", "single_choice"):
            options = question.options
            weights = self._weights.get(question.id)
            if weights is None:
                weights = self._weights[question.id] = list(itertools.accumulate(
                    6 if o.score == 1.0 else 2 if o.score else 1 for o in options))
            option = rng.choices(options, cum_weights=weights)[0]
            comment = "Not relevant to this service." if option.score is None else None
            return option.value, comment
        if question.type == "multiple_choice":
            count = rng.randint(1, max(1, min(3, len(question.options))))
            return sorted(o.value for o in rng.sample(question.options, count)), None
        if question.type == "text":
            return rng.choice(TEXTS), None
        if question.type == "number":
            return rng.randint(1, 500), None
        if question.type == "date":
            return (self.today + timedelta(days=rng.randint(30, 900))).isoformat(), None
        return None, None


def allocate_answers(capacities: list[int], target: int) -> list[int]:
    """Spread target answers over assessments in proportion to what each can hold."""
    total = sum(capacities)
    if total == 0:
        return [0] * len(capacities)
    scale = min(1.0, target / total)
    counts = [int(c * scale) for c in capacities]
    short = min(target, total) - sum(counts)
    i = 0
    while short > 0:
        if counts[i] < capacities[i]:
            counts[i] += 1
            short -= 1
        i = (i + 1) % len(counts)
    return counts


def seed(url: str, *, vendors: int, assessments: int, answers: int, reset: bool = False,
         rng_seed: int = 2026, quiet: bool = False) -> dict[str, Any]:
    """Create (or reset) the database at url and fill it; return timings and counts.

    Raises: RuntimeError when the database already holds vendors and reset is False.
    """
    import sqlalchemy as sa

    from portal.assessments.models import (
        Answer,
        AnswerRevision,
        Assessment,
        assessment_recipients,
    )
    from portal.auth.models import Role, User
    from portal.auth.passwords import hash_password
    from portal.extensions import db
    from portal.findings.models import Finding
    from portal.questionnaires.templates import load_pinned, sync_templates_from_disk
    from portal.scoring.models import ScoreRecord
    from portal.vendors.models import Product, Vendor
    from portal.vendors.names import keys_of

    def say(message: str) -> None:
        if not quiet:
            print(message, flush=True)

    started = time.perf_counter()
    if reset:
        recreate_database(url)
    app = make_app(url)
    created_tables = migrate(app)
    if created_tables:
        say("warning: the migrations do not define these tables yet; created them from the "
            f"models: {', '.join(created_tables)}")
    schema_seconds = time.perf_counter() - started
    rng = random.Random(rng_seed)
    now = datetime.now(UTC).replace(microsecond=0)
    gen = Seeder(rng, now)
    with app.app_context():
        if db.session.scalar(sa.select(sa.func.count()).select_from(Vendor)):
            raise RuntimeError("the database already has vendors; pass --reset to start afresh")
        versions = sync_templates_from_disk()
        password_hash = hash_password(BENCH_PASSWORD)
        staff = [User(email=f"staff{i}@bench.example", name=f"Bench Staff {i}",
                      role=Role.ADMIN if i == 0 else Role.PROCUREMENT, password_hash=password_hash,
                      session_token=secrets.token_hex(16)) for i in range(20)]
        db.session.add_all(staff)
        db.session.commit()
        staff_ids = [u.id for u in staff]
        mix = [(versions[key], weight) for key, weight in TEMPLATE_MIX if key in versions]
        if not mix:
            mix = [(v, 1) for v in versions.values()]
        templates = {v.id: load_pinned(v) for v, _ in mix}
        answerable = {vid: [q for q in t.questions() if q.type != "file"]
                      for vid, t in templates.items()}
        version_weights = [(v.id, w) for v, w in mix]

        def next_id(model) -> int:
            return (db.session.scalar(sa.select(sa.func.max(model.id))) or 0) + 1

        ids = {m: next_id(m) for m in (Vendor, Product, User, Assessment, Answer,
                                        AnswerRevision, ScoreRecord, Finding)}
        db.session.close()

    with app.app_context(), db.engine.begin() as conn:
        loader = Loader(conn)
        tables = db.metadata.tables
        v0 = ids[Vendor]
        vendor_ids = range(v0, v0 + vendors)
        say(f"vendors: {vendors:,}")
        vendor_rows = list(gen.vendors(v0, vendors, staff_ids))
        loader.load(tables["vendors"], vendor_rows)
        loader.load(tables["vendor_names"], [
            {"vendor_id": row["id"], "key": key} for row in vendor_rows
            for key in keys_of(row["legal_name"], row["aliases"])])
        product_rows = list(gen.products(ids[Product], vendor_ids))
        loader.load(tables["products"], product_rows)
        first_product = {}
        for row in product_rows:
            first_product.setdefault(row["vendor_id"], row["id"])
        u0 = ids[User]
        loader.load(tables["users"], gen.contacts(u0, vendor_ids, password_hash))
        contact_of = {vid: u0 + i for i, vid in enumerate(vendor_ids)}

        say(f"assessments: {assessments:,}")
        a0 = ids[Assessment]
        assessment_rows = []
        for i in range(assessments):
            # Every vendor gets one, then the rest go to random vendors (some have many).
            vid = vendor_ids[i] if i < vendors else rng.choice(vendor_ids)
            assessment_rows.append(gen.assessment(a0 + i, vid, first_product.get(vid),
                                                  _weighted(rng, version_weights),
                                                  rng.choice(staff_ids)))
        loader.load(tables["assessments"], assessment_rows)
        loader.load(assessment_recipients, ({"assessment_id": a["id"],
                                             "user_id": contact_of[a["vendor_id"]]}
                                            for a in assessment_rows if a["status"] != "draft"))

        capacities = [int(len(answerable[a["template_version_id"]])
                          * FILL.get(a["status"], 1.0)) for a in assessment_rows]
        counts = allocate_answers(capacities, answers)
        say(f"answers: {sum(counts):,} (+ one revision each)")
        revisions: list[tuple[int, int, Any, str | None, int, datetime]] = []

        def answer_rows() -> Iterator[dict]:
            answer_id = ids[Answer]
            for row, count in zip(assessment_rows, counts, strict=True):
                if not count:
                    continue
                user = contact_of[row["vendor_id"]]
                when = row["submitted_at"] or row["sent_at"] or row["created_at"]
                for question in answerable[row["template_version_id"]][:count]:
                    value, comment = gen.value(question)
                    yield {"id": answer_id, "assessment_id": row["id"],
                           "question_id": question.id, "value": value, "comment": comment,
                           "version": 1, "review_status": "accepted"
                           if row["status"] == "accepted" else "pending",
                           "is_carried_over": False, "updated_by_id": user,
                           "updated_at": when}
                    revisions.append((answer_id, value, comment, user, when))
                    answer_id += 1

        loader.load(tables["answers"], answer_rows())
        r0 = ids[AnswerRevision]
        loader.load(tables["answer_revisions"], (
            {"id": r0 + i, "answer_id": aid, "version": 1, "value": value, "comment": comment,
             "changed_by_id": user, "changed_at": when}
            for i, (aid, value, comment, user, when) in enumerate(revisions)))
        revisions.clear()

        latest_accepted: dict[int, dict] = {}
        for row in assessment_rows:
            if row["status"] == "accepted":
                best = latest_accepted.get(row["vendor_id"])
                if best is None or row["closed_at"] > best["closed_at"]:
                    latest_accepted[row["vendor_id"]] = row
        tier_of = {v["id"]: v["inherent_tier"] for v in vendor_rows}
        loader.load(tables["score_records"], _score_rows(gen, ids[ScoreRecord], latest_accepted,
                                                         tier_of, templates))
        loader.load(tables["findings"], _finding_rows(gen, ids[Finding], latest_accepted))
        loader.reset_sequences(tables.values())
    if loader.is_pg:
        with app.app_context(), db.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(sa.text("ANALYZE"))
    with app.app_context():
        db.engine.dispose()
    total = time.perf_counter() - started
    rows = sum(n for _, n, _ in loader.stats)
    return {"url": _safe_url(url), "vendors": vendors, "assessments": assessments,
            "answers": sum(counts), "rows": rows, "seconds": round(total, 2),
            "schema_seconds": round(schema_seconds, 2),
            "rows_per_second": round(rows / total), "created_tables": created_tables,
            "tables": [{"table": t, "rows": n, "seconds": round(s, 2),
                        "rows_per_second": round(n / s) if s else None}
                       for t, n, s in loader.stats]}


def _score_rows(gen: Seeder, first_id: int, latest: dict[int, dict], tier_of: dict,
                templates: dict) -> Iterator[dict]:
    rng = gen.rng
    for n, (vid, row) in enumerate(sorted(latest.items())):
        overall = round(rng.uniform(35, 98), 1)
        band = "strong" if overall >= 80 else "adequate" if overall >= 60 else "weak"
        template = templates[row["template_version_id"]]
        residual = rng.choices(("low", "medium", "high", "critical"), (40, 35, 20, 5))[0]
        yield {"id": first_id + n, "assessment_id": row["id"], "vendor_id": vid,
               "method_version": "1", "template_key": template.key,
               "template_version": template.version, "inherent_tier": tier_of[vid],
               "overall": overall, "raw_overall": min(100.0, overall + 5),
               "confidence": round(rng.uniform(0.4, 1.0), 3), "completeness": 1.0,
               "third_party": round(rng.uniform(30, 100), 1), "band": band,
               "residual_risk": residual, "residual_reasons": [],
               "residual_updated_at": row["closed_at"],
               "result": {"generated_by": "bench/seed.py"}, "evidence": {}, "certificates": [],
               "reason": "accepted", "computed_at": row["closed_at"], "computed_by_id": None}


def _finding_rows(gen: Seeder, first_id: int, latest: dict[int, dict]) -> Iterator[dict]:
    rng = gen.rng
    fid = first_id
    for vid, row in sorted(latest.items()):
        for n in range(rng.choices((0, 1, 2, 3), (55, 25, 12, 8))[0]):
            status = rng.choices(("open", "remediation_requested", "risk_accepted", "closed"),
                                 (45, 20, 10, 25))[0]
            yield {"id": fid, "vendor_id": vid, "assessment_id": row["id"],
                   "key": f"poor:BENCH-{n}:assessment:{row['id']}", "source": "answer",
                   "severity": rng.choices(("low", "medium", "high", "critical"),
                                           (30, 40, 22, 8))[0],
                   "status": status, "control_id": "A.6.2", "question_id": None,
                   "title": "Generated finding", "detail": "Generated by bench/seed.py.",
                   "remediation": "", "remediation_due_date": gen.today + timedelta(days=60),
                   "created_at": row["closed_at"], "updated_at": row["closed_at"],
                   "closed_at": row["closed_at"] if status == "closed" else None}
            fid += 1


def _safe_url(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.password:
        return url.replace(parts.password, "***")
    return url


# ---- benchmark accounts --------------------------------------------------------------------

def add_bench_vendors(app, count: int, version_id: int, *, prefix: str = "bench",
                      answered: int = 0, rng_seed: int = 7) -> list[dict[str, Any]]:
    """Create count vendors, each with one contact (BENCH_PASSWORD) and one sent assessment.

    answered: how many of the template's answerable questions to pre-answer.
    Returns one dict per vendor: email, vendor_id, user_id, assessment_id.
    """
    from portal.assessments.lifecycle import AssessmentStatus
    from portal.assessments.models import Answer, AnswerRevision, Assessment
    from portal.auth.models import Role, User
    from portal.auth.passwords import hash_password
    from portal.extensions import db
    from portal.questionnaires.models import TemplateVersion
    from portal.questionnaires.templates import load_pinned
    from portal.vendors.models import RiskTier, Vendor, VendorStatus

    gen = Seeder(random.Random(rng_seed), datetime.now(UTC))
    password_hash = hash_password(BENCH_PASSWORD)
    out = []
    with app.app_context():
        version = db.session.get(TemplateVersion, version_id)
        questions = [q for q in load_pinned(version).questions() if q.type != "file"]
        for n in range(count):
            tag = f"{prefix}{n:04d}-{secrets.token_hex(3)}"
            vendor = Vendor(legal_name=f"{tag} AI Ltd", name_key=f"{tag}ailtd",
                            status=VendorStatus.ACTIVE, inherent_tier=RiskTier.HIGH)
            db.session.add(vendor)
            db.session.flush()
            user = User(email=f"{tag}@bench.example", name=f"Contact {tag}", role=Role.VENDOR,
                        vendor_id=vendor.id, password_hash=password_hash,
                        session_token=secrets.token_hex(16))
            assessment = Assessment(vendor_id=vendor.id, template_version_id=version.id,
                                    title=f"Benchmark assessment {n}",
                                    status=AssessmentStatus.SENT, sent_at=gen.now,
                                    due_date=date.today() + timedelta(days=30))
            assessment.recipients.append(user)
            db.session.add_all([user, assessment])
            db.session.flush()
            for question in questions[:answered]:
                value, comment = gen.value(question)
                answer = Answer(assessment_id=assessment.id, question_id=question.id,
                                value=value, comment=comment, updated_by_id=user.id)
                db.session.add(answer)
                db.session.flush()
                db.session.add(AnswerRevision(answer_id=answer.id, version=1, value=value,
                                              comment=comment, changed_by_id=user.id))
            out.append({"email": user.email, "vendor_id": vendor.id, "user_id": user.id,
                        "assessment_id": assessment.id})
        db.session.commit()
        db.session.remove()
    return out


def main() -> int:
    """Parse arguments, seed, print the summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vendors", type=int, default=10_000)
    parser.add_argument("--assessments", type=int, default=50_000)
    parser.add_argument("--answers", type=int, default=2_000_000)
    parser.add_argument("--database-url", default=pg_url("bench_seed"),
                        help="PostgreSQL or SQLite URL (default: %(default)s)")
    parser.add_argument("--reset", action="store_true",
                        help="drop and recreate the database (PostgreSQL) or delete the file")
    parser.add_argument("--seed", type=int, default=2026, help="random seed")
    args = parser.parse_args()
    result = seed(args.database_url, vendors=args.vendors, assessments=args.assessments,
                  answers=args.answers, reset=args.reset, rng_seed=args.seed)
    print()
    print(table(["table", "rows", "seconds", "rows/s"],
                [(t["table"], f"{t['rows']:,}", t["seconds"], f"{t['rows_per_second'] or 0:,}")
                 for t in result["tables"]]))
    print(f"\ntotal: {result['rows']:,} rows in {result['seconds']:.1f} s "
          f"({result['rows_per_second']:,} rows/s overall, schema {result['schema_seconds']} s)")
    path = write_results("seed", result)
    print(f"results: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
