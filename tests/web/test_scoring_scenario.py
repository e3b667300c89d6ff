"""Issue 11's four vendors, replayed end to end through the pages and through the API.

On PostgreSQL when TEST_DATABASE_URL is set. The same replay prints the table in
docs/scoring.md (python bench/scoring_scenario.py --write-docs).
"""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from bench.scoring_replay import VENDORS, latest, replay, set_up
from portal.extensions import db
from portal.scoring.models import ScoreReason, ScoreRecord

LEVELS = ("low", "medium", "high", "critical")


@pytest.mark.parametrize("via", ["ui", "api"])
def test_four_vendors_rank_sensibly_and_d_is_flagged_until_an_override(app, via):
    run = set_up(app)
    rows = {row.vendor: row for row in replay(run, via)}
    a, b, c, d, d_after = (rows[k] for k in ("a", "b", "c", "d", "d, after override"))
    assert a.overall > b.overall > c.overall and a.overall > d.overall
    assert LEVELS.index(a.residual) < LEVELS.index(b.residual)
    # d: strong claims, one file everywhere, someone else's certificate: no lift, flagged.
    assert d.band == b.band and d.overall == b.overall  # the copied file changes no band
    assert "another legal entity" in d.summary and LEVELS.index(d.residual) >= 2
    assert "another legal entity" not in b.summary and "checked" in b.summary
    # After the explicit override the certificate lifts, and the scorecard says so.
    assert d_after.overall > d.overall and "another legal entity" not in d_after.summary
    score = latest(run, "d")
    assert score.reason is ScoreReason.CHANGE and "over a failed check" in score.reason_detail
    assert any("accepted over a failed check: another legal entity" in note
               for note in score.result["certificate_notes"])
    # Nobody pressed Recalculate: every change after acceptance re-scored through a job.
    reasons = db.session.scalars(sa.select(ScoreRecord.reason)).all()
    assert ScoreReason.MANUAL not in reasons
    client = app.test_client()
    from bench.scoring_replay import sign_in

    page = sign_in(app, client, run.staff).get(f"/vendors/{run.vendors['d']}/scorecard")
    html = page.get_data(as_text=True)
    assert "accepted over a failed check: another legal entity" in html
    assert "Score history" in html and "Computed" in html
    assert set(VENDORS) <= set(rows)
