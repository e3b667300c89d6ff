"""Residual risk is the engine's: stored as computed, never recomputed beside it."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.findings.services import raise_manual
from portal.scoring import residual as residual_module
from portal.scoring.models import ScoreRecord
from portal.scoring.services import latest_record
from portal.vendors.models import RiskTier
from tests.web.test_scorecards_builders import build_accepted


@pytest.fixture
def residual_runs(monkeypatch) -> list[str | None]:
    """Record every residual-risk computation (the inherent tier it was asked for)."""
    calls: list[str | None] = []
    real = residual_module.residual_risk

    def counted(tier, *args, **kw):
        calls.append(tier)
        return real(tier, *args, **kw)

    monkeypatch.setattr("portal.scoring.engine.residual_risk", counted)
    return calls


def _records(vendor_id: int) -> list[ScoreRecord]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(ScoreRecord).where(
        ScoreRecord.vendor_id == vendor_id).order_by(ScoreRecord.id)))


def test_the_stored_residual_is_the_engines_and_findings_rescore_instead_of_overwriting(
        app, make_vendor, make_user, make_assessment, residual_runs):
    reviewer = make_user("contract_manager")
    vendor = make_vendor("Residual Ltd", tier=RiskTier.MEDIUM)
    build_accepted(make_assessment, vendor, reviewer)
    assert residual_runs == ["medium"]  # once, in the engine
    first = latest_record(vendor.id)
    assert (first.residual_risk, first.residual_reasons) == (
        first.result["residual_risk"], first.result["residual_reasons"])
    before = (first.id, first.residual_risk, list(first.residual_reasons))

    residual_runs.clear()
    raise_manual(vendor, title="Incident not reported", severity="critical", detail="d",
                 remediation="r", control_id=None, actor=reviewer)
    db.session.commit()  # the re-score job runs on commit in tests
    assert residual_runs == ["medium"]
    records = _records(vendor.id)
    old, new = records[-2], records[-1]
    # The earlier record keeps what the engine said then; the new one counts the finding.
    assert (old.id, old.residual_risk, list(old.residual_reasons)) == before
    assert any("open critical finding" in reason for reason in new.residual_reasons)
    assert (new.residual_risk, list(new.residual_reasons)) == (
        new.result["residual_risk"], new.result["residual_reasons"])
