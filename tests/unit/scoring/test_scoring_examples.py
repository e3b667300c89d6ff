"""The worked examples of docs/scoring.md, reproduced number for number."""
from __future__ import annotations

from datetime import date

import pytest

from portal.scoring import (
    AnswerInput,
    CertificateInput,
    FindingInput,
    residual_risk,
    score_assessment,
)
from tests.unit.scoring.builders import TRAINING_OPTIONS, yes_no

A = AnswerInput


@pytest.fixture
def example_1(make_template):
    template = make_template(yes_no("Q1", 3, ["A.10.3"]), yes_no("Q2", 2, ["A.10.3"]),
                             yes_no("Q3", 1, ["A.10.3"]))
    answers = {"Q1": A("Q1", "yes", "document"), "Q2": A("Q2", "partial", "self_attested"),
               "Q3": A("Q3", "not_applicable", "self_attested")}
    return template, answers


def test_example_1_one_control_evidence_and_not_applicable(example_1, method, catalogue):
    template, answers = example_1
    result = score_assessment(template, answers, inherent_tier="medium", method=method,
                              catalogue=catalogue)
    control = result.control("A.10.3")
    assert control.weight == 5
    assert (control.score, control.raw_score, control.confidence) == (60.0, 80.0, 0.72)
    assert [q.weighted for q in control.questions] == [pytest.approx(0.8), pytest.approx(0.3),
                                                       None]
    assert result.question("Q3").status == "not_applicable"
    assert (result.overall, result.effectiveness_band) == (60.0, "adequate")
    assert result.findings == ()


@pytest.mark.parametrize(("standard", "score", "confidence", "band"), [
    ("iso27001", 72.0, 0.9, "adequate"),
    ("iso42001", 80.0, 1.0, "strong"),
])
def test_example_2_certificate_lifts_evidence(example_1, method, catalogue, standard, score,
                                              confidence, band):
    template, answers = example_1
    result = score_assessment(template, answers, inherent_tier="medium", method=method,
                              catalogue=catalogue, certificates=[CertificateInput(standard)])
    control = result.control("A.10.3")
    assert (control.score, control.raw_score, control.confidence) == (score, 80.0, confidence)
    assert result.effectiveness_band == band
    assert {q.lifted_by for q in control.questions if q.applicable} == {standard}


def test_example_2_iso27001_does_not_lift_uncrosswalked_control(make_template, method,
                                                                 catalogue):
    template = make_template(yes_no("Q1", 3, ["A.10.4"]))
    result = score_assessment(template, {"Q1": A("Q1", "yes")}, inherent_tier="low",
                              method=method, catalogue=catalogue,
                              certificates=[CertificateInput("iso27001")])
    assert result.question("Q1").evidence == "self_attested"
    assert result.control("A.10.4").score == 60.0


def test_example_3_full_hierarchy(make_template, method, catalogue):
    template = make_template(
        yes_no("T1", 4, ["A.10.2"]), yes_no("T2", 1, ["A.10.3"]),
        {"id": "T3", "text": "Train on our data?", "guidance": "g", "type": "single_choice",
         "weight": 5, "critical": True, "critical_if": ["opt-out", "by-default"],
         "options": TRAINING_OPTIONS, "controls": ["A.10.4"], "evidence": ["contract-clause"]},
        yes_no("T4", 2, ["A.6.2.4"]), yes_no("T5", 3, ["A.7.5"]),
    )
    answers = {"T1": A("T1", "yes", "verified_document"), "T2": A("T2", "partial"),
               "T3": A("T3", "opt-out"), "T4": A("T4", "yes", "document")}
    result = score_assessment(template, answers, inherent_tier="high", method=method,
                              catalogue=catalogue)
    assert {c.control_id: c.score for c in result.controls} == {
        "A.6.2.4": 80.0, "A.7.5": 0.0, "A.10.2": 90.0, "A.10.3": 30.0, "A.10.4": 12.0}
    a10 = result.group("A.10")
    assert (a10.score, a10.raw_score, a10.confidence, a10.weight) == (44.0, 56.7, 0.7, 2)
    assert (result.group("A.6").score, result.group("A.7").score) == (80.0, 0.0)
    assert (result.overall, result.raw_overall, result.confidence) == (42.0, 53.3, 0.55)
    assert (result.completeness, result.effectiveness_band) == (0.8, "weak")
    third = result.third_party
    assert (third.score, third.raw_score, third.confidence) == (45.0, 55.0, 0.72)
    assert [q.question_id for q in third.questions] == ["T1", "T2", "T3"]
    assert [(f.key, f.severity, f.control_id) for f in result.findings] == [
        ("critical:T3", "critical", "A.10.4"), ("poor:T5", "medium", "A.7.5")]
    assert result.residual_risk == "high"
    assert "Matrix: High inherent tier with Weak effectiveness gives High." in \
        result.residual_reasons
    assert result.method_version == "v1"


ASOF = date(2025, 6, 1)


@pytest.mark.parametrize(("findings", "expected"), [
    ([], "low"),
    ([FindingInput("critical", "open")], "high"),
    ([FindingInput("critical", "accepted", accepted_until=date(2025, 12, 31))], "low"),
    ([FindingInput("critical", "accepted", accepted_until=date(2025, 5, 31))], "high"),
    ([FindingInput("high", "open")], "medium"),
    ([FindingInput("critical", "closed")], "low"),
])
def test_example_4_findings_adjust_residual_risk(method, findings, expected):
    level, reasons = residual_risk("medium", 80.0, findings, method, as_of=ASOF)
    assert level == expected
    assert reasons[-1] == f"Residual risk: {expected.capitalize()}."


def test_example_4_untiered_supplier_is_treated_as_high(method):
    level, reasons = residual_risk(None, 80.0, [], method, as_of=ASOF)
    assert level == "medium"
    assert "assumes High" in reasons[0]
