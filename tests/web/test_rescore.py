"""`portal scoring rescore`: old -> new per assessment, method version recorded, findings rule."""
from __future__ import annotations

import shutil

import pytest
import sqlalchemy as sa

from portal.assessments.models import Answer
from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.findings.models import Finding, FindingStatus
from portal.findings.services import close_finding
from portal.scoring import method as method_module
from portal.scoring.models import ScoreRecord
from portal.scoring.services import method_for
from portal.vendors.models import RiskTier
from tests.web.test_scorecards_builders import build_accepted


@pytest.fixture
def app_config(app_config):
    # These hand-computed figures are method v1's; v1 stays reproducible (docs/scoring.md).
    return {**app_config, "SCORING_METHOD": "v1"}

@pytest.fixture
def scored(make_vendor, make_user, make_assessment):
    staff = make_user("procurement")
    vendor = make_vendor("Acme Models Ltd", tier=RiskTier.MEDIUM)
    return staff, vendor, build_accepted(make_assessment, vendor, staff)


@pytest.fixture
def method_v2(tmp_path, monkeypatch):
    """Offer a method v2 in which self-attested answers count for 50 % instead of 60 %."""
    folder = tmp_path / "scoring"
    folder.mkdir()
    source = method_module.methods_dir() / "method-v1.yaml"
    shutil.copy(source, folder / "method-v1.yaml")
    text = source.read_text(encoding="utf-8").replace("version: v1", "version: v2", 1)
    text = text.replace("label: Self-attested, factor: 0.6", "label: Self-attested, factor: 0.5")
    (folder / "method-v2.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(method_module, "methods_dir", lambda: folder)
    method_for.cache_clear()
    yield "v2"
    method_for.cache_clear()


def test_rescore_prints_old_and_new_and_records_the_method(runner, scored, method_v2):
    _, _, assessment = scored
    result = runner.invoke(args=["scoring", "rescore", "--method", "v2"])
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if x.startswith("assessment "))
    assert f"assessment {assessment.id} (Acme Models Ltd" in line
    old, new = line.split(" -> ")
    assert old.endswith("42.5 [v1] residual High")
    assert "[v2]" in new and "42.5" not in new
    records = db.session.scalars(sa.select(ScoreRecord).order_by(ScoreRecord.id)).all()
    assert [(r.method_version, r.reason.value) for r in records] == [("v1", "accepted"),
                                                                     ("v2", "rescore")]
    assert records[1].overall < records[0].overall
    assert db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "score.rescore"))
    assert "Re-scored 1 assessment(s)" in result.output


def test_dry_run_stores_nothing(runner, scored, method_v2):
    result = runner.invoke(args=["scoring", "rescore", "--method", "v2", "--dry-run"])
    assert " -> " in result.output and "nothing stored" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ScoreRecord)) == 1


def test_unknown_method_is_refused(runner, scored):
    result = runner.invoke(args=["scoring", "rescore", "--method", "v9"])
    assert result.exit_code != 0 and "Unknown method" in result.output


def test_closed_finding_stays_closed_unless_the_answer_got_worse(runner, scored):
    staff, vendor, assessment = scored
    finding = db.session.scalar(sa.select(Finding).where(Finding.key == "critical:START-CUS-01"))
    close_finding(finding, comment="Contract clause agreed.", actor=staff)
    db.session.commit()
    runner.invoke(args=["scoring", "rescore"])
    db.session.expire_all()
    assert finding.status is FindingStatus.CLOSED  # same answer: staff's decision stands
    answer = db.session.scalar(sa.select(Answer).where(Answer.assessment_id == assessment.id,
                                                       Answer.question_id == "START-CUS-01"))
    answer.value = "yes-by-default"  # worse: 0.2 -> 0.0
    db.session.commit()
    result = runner.invoke(args=["scoring", "rescore"])
    db.session.expire_all()
    assert finding.status is FindingStatus.OPEN, result.output
    assert db.session.scalar(sa.select(AuditEvent).where(
        AuditEvent.action == "finding.reopened", AuditEvent.object_id == finding.id))
    # One stored finding per (vendor, key): re-scoring never duplicates.
    keys = db.session.scalars(sa.select(Finding.key).where(Finding.vendor_id == vendor.id)).all()
    assert len(keys) == len(set(keys))
