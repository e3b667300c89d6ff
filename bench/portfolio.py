"""Time the portfolio page and count its queries at 10,000 vendors (not a test: run by hand).

    .venv/bin/python bench/portfolio.py [--vendors 10000] [--database-url URL]

Builds a throw-away database (SQLite in a temp folder unless --database-url), bulk-inserts
vendors with scores and findings, then requests /portfolio/ a few ways and prints the time and
the number of SQL statements per request. Compare the ratio to 100 vendors, not absolute times.
"""
from __future__ import annotations

import argparse
import secrets
import tempfile
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import event, insert

URLS = ("/portfolio/", "/portfolio/?overdue=1&sort=due", "/portfolio/?sort=-residual&page=40",
        "/portfolio/export.csv")


def _seed(db, count: int) -> None:
    from portal.assessments.lifecycle import AssessmentStatus
    from portal.assessments.models import Assessment
    from portal.findings.models import Finding, FindingSource, FindingStatus, Severity
    from portal.questionnaires.models import TemplateVersion
    from portal.scoring.models import ScoreReason, ScoreRecord
    from portal.vendors.models import RiskTier, Vendor, VendorStatus

    now = datetime.now(UTC)
    tiers = list(RiskTier)
    db.session.execute(insert(Vendor), [
        {"legal_name": f"Vendor {i:05d} Ltd", "name_key": f"vendor {i:05d}", "aliases": [],
         "status": VendorStatus.ACTIVE, "inherent_tier": tiers[i % 4], "created_at": now,
         "updated_at": now} for i in range(count)])
    version = TemplateVersion(key="bench", version=1, title="Bench", content={}, checksum="0",
                              question_count=0)
    db.session.add(version)
    db.session.flush()
    db.session.execute(insert(Assessment), [
        {"vendor_id": i + 1, "template_version_id": version.id, "title": "Annual",
         "status": AssessmentStatus.ACCEPTED, "created_at": now, "updated_at": now,
         "closed_at": now - timedelta(days=i % 900)} for i in range(count)])
    levels = ("low", "medium", "high", "critical")
    db.session.execute(insert(ScoreRecord), [
        {"assessment_id": i + 1, "vendor_id": i + 1, "method_version": "v1",
         "template_key": "bench", "template_version": 1, "overall": float(i % 100),
         "third_party": float((i * 7) % 100), "band": "weak", "residual_risk": levels[i % 4],
         "residual_reasons": [], "residual_updated_at": now, "result": {}, "evidence": {},
         "certificates": [], "reason": ScoreReason.ACCEPTED, "computed_at": now}
        for i in range(count)])
    db.session.execute(insert(Finding), [
        {"vendor_id": i + 1, "key": f"manual:{i}", "source": FindingSource.MANUAL,
         "severity": Severity(levels[i % 4]), "status": FindingStatus.OPEN, "title": "Gap",
         "detail": "", "remediation": "", "created_at": now, "updated_at": now}
        for i in range(0, count, 3)])
    db.session.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vendors", type=int, default=10_000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    from portal import create_app
    from portal.auth.models import Role, User
    from portal.extensions import db

    folder = tempfile.mkdtemp()
    app = create_app({"TESTING": True, "PORTAL_ENV": "development", "SECRET_KEY": "bench",
                      "SQLALCHEMY_DATABASE_URI": args.database_url or f"sqlite:///{folder}/b.db",
                      "WTF_CSRF_ENABLED": False, "UPLOAD_DIR": folder})
    with app.app_context():
        db.drop_all()
        db.create_all()
        start = time.perf_counter()
        _seed(db, args.vendors)
        print(f"seeded {args.vendors} vendors in {time.perf_counter() - start:.1f} s")
        user = User(email="bench@example.com", name="Bench", role=Role.PROCUREMENT,
                    session_token=secrets.token_hex(8))
        db.session.add(user)
        db.session.commit()
        statements: list[str] = []
        event.listen(db.engine, "before_cursor_execute",
                     lambda *a: statements.append(a[2]))
        from flask_login.utils import _create_identifier

        client = app.test_client()
        with app.test_request_context(environ_base=client.environ_base):
            identifier = _create_identifier()
        with client.session_transaction() as session:
            session.update(_user_id=user.get_id(), _fresh=True, _id=identifier)
        for url in URLS:
            client.get(url).close()  # warm up
            statements.clear()
            start = time.perf_counter()
            response = client.get(url)
            size = len(response.get_data())
            response.close()
            took = time.perf_counter() - start
            print(f"{url:45} {response.status_code} {took * 1000:8.1f} ms "
                  f"{len(statements):3d} queries {size / 1024:8.1f} KiB")
        db.session.remove()
        db.drop_all()


if __name__ == "__main__":
    main()
