"""The findings the engine counts for residual risk are the ones sync_findings records."""
from __future__ import annotations

from portal.scoring.findings import plan_findings, planned_findings
from portal.scoring.results import FindingInput, GeneratedFinding


def _generated(key: str, severity: str, question: str) -> GeneratedFinding:
    return GeneratedFinding(key=key, kind="poor_answer", severity=severity, control_id=None,
                            question_id=question, title=f"Finding {key}", detail="", remediation="")


def test_plan_raises_updates_reopens_and_resolves():
    stored = [
        FindingInput("medium", "closed", "poor:A", is_generated=True),  # worse now: reopened
        FindingInput("low", "accepted", "poor:B", is_generated=True),  # same score: stays
        FindingInput("high", "open", "poor:C", is_generated=True),  # no longer raised: closed
        FindingInput("high", "open", "manual:x"),  # a person's finding: never closed here
        FindingInput("low", "open", "poor:D", is_generated=True),  # raised higher: severity up
    ]
    generated = [_generated("poor:A", "medium", "A"), _generated("poor:B", "low", "B"),
                 _generated("poor:D", "high", "D"), _generated("poor:E", "low", "E")]
    plan = plan_findings(stored, generated, before={"A": 0.5, "B": 0.5},
                         after={"A": 0.0, "B": 0.5})
    assert [g.key for g in plan.raised] == ["poor:E"]
    assert [(u.index, u.severity, u.reopen) for u in plan.updated] == [
        (0, "medium", True), (1, "low", False), (4, "high", False)]
    assert plan.resolved == (2,)
    counted = planned_findings(stored, plan)
    assert [(f.key, f.severity, f.status) for f in counted] == [
        ("poor:A", "medium", "open"), ("poor:B", "low", "accepted"), ("poor:C", "high", "closed"),
        ("manual:x", "high", "open"), ("poor:D", "high", "open"), ("poor:E", "low", "open")]
