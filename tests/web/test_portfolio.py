"""Portfolio dashboard, its CSV export, the query budget, cadence and `reassessments due`."""
from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy import insert

from portal.assessments.cadence import DEFAULT_MONTHS, add_months, latest_due_assessment, next_due
from portal.assessments.lifecycle import AssessmentStatus
from portal.assessments.models import Assessment
from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.findings.models import Finding, FindingSource, Severity
from portal.vendors.models import RiskTier, Vendor, VendorStatus
from tests.web.test_scorecards_builders import build_accepted


@pytest.fixture
def app_config(app_config):
    # Built with the v1 evidence rules (answer reviews); v1 stays reproducible.
    return {**app_config, "SCORING_METHOD": "v1"}

@pytest.fixture
def staff(make_user):
    return make_user("procurement")


def _bulk_vendors(count: int, start: int = 0) -> None:
    if not count:
        return
    now = datetime.now(UTC)
    tiers = list(RiskTier) + [None]
    db.session.execute(insert(Vendor), [
        {"legal_name": f"Bulk {i:05d} Ltd", "name_key": f"bulk {i:05d}", "aliases": [],
         "status": VendorStatus.ACTIVE, "inherent_tier": tiers[i % len(tiers)],
         "created_at": now, "updated_at": now}
        for i in range(start, start + count)])
    db.session.commit()


def test_query_count_does_not_grow_with_vendors(client, login, staff, make_vendor,
                                                make_assessment, count_queries):
    scored = make_vendor("Scored Ltd", tier=RiskTier.MEDIUM)
    build_accepted(make_assessment, scored, staff)
    _bulk_vendors(10)
    login(client, staff)
    counts = []
    for more in (0, 990):
        _bulk_vendors(more, start=10)
        for url in ("/portfolio/", "/portfolio/?sort=-residual&overdue=1",
                    "/portfolio/?sort=-third_party&tier=high&q=Ltd"):
            with count_queries() as seen:
                assert client.get(url).status_code == 200
            counts.append(len(seen))
    assert counts[:3] == counts[3:], counts
    assert max(counts) <= 6, counts


def test_rows_heat_map_and_filters(client, login, staff, make_vendor, make_assessment):
    scored = make_vendor("Acme Models Ltd", tier=RiskTier.MEDIUM)
    build_accepted(make_assessment, scored, staff)
    make_vendor("Never Assessed Ltd", tier=RiskTier.LOW)
    login(client, staff)
    html = client.get("/portfolio/").get_data(as_text=True)
    assert "Acme Models Ltd" in html and "Never Assessed Ltd" in html
    assert "49.5" in html  # third-party score of the built assessment
    # Heat map: one vendor at medium tier x high residual, linking to the filtered list.
    assert '<td class="heat-high"><a href="/portfolio/?tier=medium&amp;residual=high">1</a>' in html
    filtered = client.get("/portfolio/?residual=high").get_data(as_text=True)
    assert "Acme Models Ltd" in filtered and "Never Assessed Ltd" not in filtered
    untiered = client.get("/portfolio/?tier=low").get_data(as_text=True)
    assert "Never Assessed Ltd" in untiered and "Acme Models Ltd" not in untiered
    # Only the never-assessed one is due: Acme's critical finding came from the cycle that was
    # just accepted (issue 16). A serious finding raised since then makes Acme due too.
    due = client.get("/portfolio/?overdue=1").get_data(as_text=True)
    assert due.count("Due now") == 1 and "Acme Models Ltd" not in due
    db.session.add(Finding(vendor_id=scored.id, key="manual:incident", source=FindingSource.MANUAL,
                           severity=Severity.CRITICAL, title="Incident reported by the press"))
    db.session.commit()
    due = client.get("/portfolio/?overdue=1").get_data(as_text=True)
    assert due.count("Due now") == 2


def test_csv_export(client, login, staff, make_vendor, make_assessment):
    build_accepted(make_assessment, make_vendor("Acme Models Ltd", tier=RiskTier.MEDIUM), staff)
    _bulk_vendors(30)
    login(client, staff)
    response = client.get("/portfolio/export.csv?tier=medium")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    response.close()
    assert response.mimetype == "text/csv"
    assert all(r["inherent_tier"] == "medium" for r in rows) and len(rows) == 1 + 30 // 5
    acme = next(r for r in rows if r["vendor"] == "Acme Models Ltd")
    # Its open critical finding is from the accepted cycle itself: not a new trigger.
    assert acme["residual_risk"] == "high" and acme["due_now"] == "no"
    assert acme["open_findings"] == "4"


def test_cadence_rules():
    assert add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)
    today = date(2026, 3, 1)
    cutoff = latest_due_assessment(today, 6)
    assert add_months(cutoff, 6) <= today < add_months(cutoff + (date(2, 1, 2) - date(2, 1, 1)),
                                                         6)
    ok = next_due("high", date(2025, 6, 1), months=DEFAULT_MONTHS, today=today)
    assert ok.next_due == date(2026, 6, 1) and not ok.is_due
    late = next_due("critical", date(2025, 6, 1), months=DEFAULT_MONTHS, today=today)
    assert late.is_due and late.next_due == date(2025, 12, 1)
    triggered = next_due("low", date(2025, 6, 1), months=DEFAULT_MONTHS, today=today,
                         serious_findings=1)
    assert triggered.is_due and triggered.next_due == today
    expired = next_due("low", date(2025, 6, 1), months=DEFAULT_MONTHS, today=today,
                       certificate_expired_on=date(2026, 2, 1))
    assert expired.is_due and "expired" in expired.reasons[0]
    assert next_due(None, None, months=DEFAULT_MONTHS, today=today).is_due


def test_reassessments_due_lists_and_creates_drafts(app, runner, staff, make_vendor,
                                                   make_assessment, make_template_version):
    app.config["REASSESSMENT_MONTHS"] = {"critical": 6, "high": 12, "medium": 24, "low": 36}
    fresh = make_vendor("Fresh Ltd", tier=RiskTier.LOW)
    stale = make_vendor("Stale Ltd", tier=RiskTier.CRITICAL)
    for vendor, closed in ((fresh, datetime(2025, 1, 10, tzinfo=UTC)),
                           (stale, datetime(2025, 1, 10, tzinfo=UTC))):
        build_accepted(make_assessment, vendor, staff, answers={"START-CUS-01": "never"},
                       documented=(), reviewed=(), file_answer=False, closed_at=closed)
    make_vendor("Offboarded Ltd", status=VendorStatus.OFFBOARDED)
    result = runner.invoke(args=["reassessments", "due", "--today", "2025-09-01",
                                 "--format", "json"])
    data = json.loads(result.output)
    assert [d["vendor"] for d in data] == ["Stale Ltd"]
    assert data[0]["next_due"] == "2025-07-10" and "every 6 months" in data[0]["reasons"][0]
    result = runner.invoke(args=["reassessments", "due", "--today", "2025-09-01",
                                 "--create-drafts"])
    assert result.exit_code != 0 and "--actor" in result.output
    result = runner.invoke(args=["reassessments", "due", "--today", "2025-09-01",
                                 "--create-drafts", "--actor", staff.email])
    assert "draft created" in result.output, result.output
    draft = db.session.scalar(sa.select(Assessment).where(
        Assessment.vendor_id == stale.id, Assessment.status == AssessmentStatus.DRAFT))
    assert draft.template_version.key == "ai-supplier-starter"
    # The same defaults as "Start next cycle": a due date and the last cycle's contacts.
    assert draft.due_date is not None and draft.recipients
    assert draft.recipients == db.session.get(Assessment, draft.previous_id).recipients
    assert db.session.scalar(sa.select(AuditEvent).where(
        AuditEvent.action == "assessment.created", AuditEvent.assessment_id == draft.id))
    again = runner.invoke(args=["reassessments", "due", "--today", "2025-09-01",
                                "--create-drafts", "--actor", staff.email])
    assert "already under way" in again.output
    listing = runner.invoke(args=["reassessments", "due", "--today", "2025-09-01"])
    assert f"assessment #{draft.id} “{draft.title}” is already under way (draft" in listing.output
    assert "1 of them already have an assessment under way" in listing.output
