"""The quickstart's demo data loads, is clearly labelled, and exercises every feature."""
from __future__ import annotations

import sqlalchemy as sa

from portal.assessments.lifecycle import AssessmentStatus
from portal.assessments.models import Answer, Assessment
from portal.demo.seed import DEMO_PASSWORD, demo_exists, load_demo_data
from portal.extensions import db
from portal.scoring.models import ScoreRecord
from portal.vendors.models import Vendor


def test_demo_data_loads_with_scores_and_carried_over_answers(app):
    assert not demo_exists()
    logins = load_demo_data()
    db.session.commit()
    assert demo_exists()
    assert "admin@demo.example" in logins and len(DEMO_PASSWORD) >= 12
    assert all("(Demo)" in v.legal_name for v in db.session.scalars(sa.select(Vendor)))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ScoreRecord)) == 2
    statuses = {a.status for a in db.session.scalars(sa.select(Assessment))}
    assert {AssessmentStatus.ACCEPTED, AssessmentStatus.SENT, AssessmentStatus.SUBMITTED,
            AssessmentStatus.DRAFT} <= statuses
    carried = db.session.scalar(sa.select(sa.func.count()).select_from(Answer)
                                .where(Answer.is_carried_over.is_(True)))
    assert carried > 0


def test_demo_command_refuses_to_load_twice(app, runner, monkeypatch):
    import portal.demo.cli as demo_cli

    monkeypatch.setattr(demo_cli, "upgrade", lambda: None)  # the fixture built the schema
    first = runner.invoke(args=["demo", "--no-serve"])
    assert "Loaded demo data" in first.output, first.output
    second = runner.invoke(args=["demo", "--no-serve"])
    assert "already loaded" in second.output
    assert "demo-portal-2026" in second.output
