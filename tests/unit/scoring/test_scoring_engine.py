"""Engine behaviour on small templates: statuses, exclusions, findings, inputs, explanations."""
from __future__ import annotations

import dataclasses
import json
from datetime import date

import pytest

from portal.scoring import (
    AnswerInput,
    CertificateInput,
    FindingInput,
    GeneratedFinding,
    ScoringError,
    explain_control,
    explain_group,
    explain_headline,
    explain_result,
    score_assessment,
)
from tests.unit.scoring.builders import TRAINING_OPTIONS, yes_no

A = AnswerInput


@pytest.fixture
def score(method, catalogue):
    def run(template, answers, **kw):
        kw.setdefault("inherent_tier", "medium")
        kw.setdefault("as_of", date(2025, 6, 1))
        return score_assessment(template, answers, method=method, catalogue=catalogue, **kw)
    return run


@pytest.fixture
def conditional(make_template):
    return make_template(
        yes_no("P", 2, ["A.10.3"]),
        yes_no("C", 3, ["A.10.3"], show_if={"question": "P", "any_of": ["yes"]}),
        {"id": "N", "text": "Notes", "guidance": "g", "type": "text", "controls": ["A.10.3"]},
    )


def test_hidden_question_is_ignored_even_with_a_stale_answer(conditional, score):
    result = score(conditional, {"P": A("P", "no"), "C": A("C", "no")})
    hidden = result.question("C")
    assert (hidden.status, hidden.applicable, hidden.score) == ("hidden", False, None)
    assert "shown only when P is yes" in hidden.reason
    assert [q.question_id for q in result.control("A.10.3").questions] == ["P"]
    assert result.findings == ()  # the stale "no" raises nothing


def test_unanswered_visible_question_counts_as_zero(conditional, score):
    result = score(conditional, {"P": A("P", "yes", "certificate")})
    child = result.question("C")
    assert (child.status, child.answered, child.score, child.factor) == ("unanswered", False, 0, 0)
    control = result.control("A.10.3")
    assert (control.score, control.confidence) == (40.0, 0.4)  # 2 x 1 / 5; 2 x 1.0 / 5
    assert result.completeness == 0.4
    assert [f.key for f in result.findings] == ["poor:C"]


def test_unscored_questions_are_listed_but_never_counted(conditional, score):
    result = score(conditional, {"P": A("P", "yes"), "N": A("N", "free text")})
    note = result.question("N")
    assert (note.status, note.answered, note.score) == ("unscored", True, None)
    assert "N" not in [q.question_id for q in result.control("A.10.3").questions]


def test_unrecognised_answer_counts_as_unanswered(make_template, score):
    result = score(make_template(yes_no("Q", 1, ["A.2.2"])), {"Q": A("Q", "maybe")})
    assert result.question("Q").status == "unanswered"
    assert "not recognised" in result.question("Q").reason


def test_control_with_only_not_applicable_answers_has_no_score(make_template, score):
    template = make_template(yes_no("Q1", 2, ["A.5.5"]), yes_no("Q2", 2, ["A.2.2"]))
    result = score(template, {"Q1": A("Q1", "not_applicable"), "Q2": A("Q2", "yes")})
    assert result.control("A.5.5").score is None
    assert result.group("A.5").score is None
    assert result.overall == 60.0  # only A.2 counts


def test_multiple_choice_with_only_not_applicable_choices_is_not_applicable(make_template,
                                                                          score):
    template = make_template({
        "id": "M", "text": "Which?", "guidance": "g", "type": "multiple_choice", "weight": 2,
        "controls": ["A.4.4"],
        "options": [{"value": "a", "label": "A", "score": 0.5},
                    {"value": "b", "label": "B", "score": 0.7},
                    {"value": "na", "label": "None", "score": None, "exclusive": True}]})
    assert score(template, {"M": A("M", ["na"])}).question("M").status == "not_applicable"
    both = score(template, {"M": A("M", ["a", "b"], "certificate")}).question("M")
    assert (both.status, both.score, both.answer) == ("scored", 1.0, "A; B")


def test_file_question_without_documents_scores_zero_but_is_answered(make_template, score):
    template = make_template({"id": "F", "text": "Upload", "guidance": "g", "type": "file",
                              "weight": 1, "controls": ["A.6.2.7"]})
    empty = score(template, {"F": A("F", [])}).question("F")
    assert (empty.status, empty.score, empty.answer) == ("scored", 0.0, "No document attached")
    assert score(template, {}).question("F").status == "unanswered"
    assert score(template, {"F": A("F", ["d1"])}).question("F").answer == "1 document attached"


def test_question_counts_in_full_in_every_control_it_maps_to(make_template, score):
    result = score(make_template(yes_no("Q", 3, ["A.10.2", "A.3.2"])),
                   {"Q": A("Q", "yes", "document")})
    assert result.control("A.10.2").score == result.control("A.3.2").score == 80.0
    assert result.overall == 80.0


def test_clause_controls_form_one_group(make_template, score, method):
    template = make_template(yes_no("Q1", 1, ["4.3"]), yes_no("Q2", 1, ["6.1.2"]))
    result = score(template, {"Q1": A("Q1", "yes"), "Q2": A("Q2", "no")})
    assert [g.group for g in result.groups] == [method.clause_group[0]]
    assert result.groups[0].score == 30.0


def test_critical_answer_raises_a_finding_whatever_the_total(make_template, score):
    template = make_template(
        {"id": "T", "text": "Train?", "guidance": "g", "type": "single_choice", "weight": 1,
         "critical": True, "critical_if": ["by-default"], "options": TRAINING_OPTIONS,
         "controls": ["A.10.4"], "evidence": ["contract-clause"]},
        *[yes_no(f"Q{i}", 5, ["A.10.4"]) for i in range(5)])
    answers = {f"Q{i}": A(f"Q{i}", "yes", "certificate") for i in range(5)}
    answers["T"] = A("T", "by-default", "certificate")
    result = score(template, answers, inherent_tier="low")
    assert result.overall > 95
    assert [(f.key, f.severity) for f in result.findings] == [("critical:T", "critical")]
    assert result.question("T").critical_failure
    assert result.residual_risk == "high"
    assert "unacceptable whatever the total" in result.findings[0].detail


def test_missing_evidence_finding_names_the_evidence_kinds(make_template, score):
    template = make_template(yes_no("Q", 4, ["A.10.3"], evidence=["supplier-assessment", "dpa"]))
    result = score(template, {"Q": A("Q", "yes")})
    (finding,) = result.findings
    assert (finding.key, finding.severity, finding.control_id) == ("evidence:Q", "medium",
                                                                   "A.10.3")
    assert "Supplier due-diligence record; Data processing agreement" in finding.remediation
    lifted = score(template, {"Q": A("Q", "yes")},
                   certificates=[CertificateInput("iso42001", "C-1")])
    assert lifted.findings == ()
    assert "ISO/IEC 42001 certificate C-1 (covers A.10.3)" in lifted.question("Q").reason


def test_stored_finding_status_overrides_the_generated_one(make_template, score):
    template = make_template(
        {"id": "T", "text": "Train?", "guidance": "g", "type": "single_choice", "weight": 5,
         "critical": True, "critical_if": ["by-default"], "options": TRAINING_OPTIONS,
         "controls": ["A.10.4"], "evidence": ["contract-clause"]})
    answers = {"T": A("T", "never", "certificate")}
    accepted = FindingInput("critical", "accepted", key="critical:T",
                            accepted_until=date(2026, 1, 1))
    assert score(template, answers, inherent_tier="low").residual_risk == "low"
    answers = {"T": A("T", "by-default", "certificate")}
    assert score(template, answers, inherent_tier="low").residual_risk == "high"
    assert score(template, answers, inherent_tier="low",
                 findings=[accepted]).residual_risk == "medium"  # low tier, inadequate band


def test_extra_findings_are_merged_and_count_as_open(make_template, score):
    template = make_template(yes_no("Q", 2, ["A.10.3"]))
    extra = GeneratedFinding(key="certificate:contradiction", kind="certificate_contradiction",
                             severity="critical", control_id="A.10.3", question_id="Q",
                             title="Certificate contradicts Q", detail="d", remediation="r")
    result = score(template, {"Q": A("Q", "yes", "certificate")}, inherent_tier="low",
                   extra_findings=[extra])
    assert result.findings == (extra,)
    assert result.residual_risk == "high"


def test_bad_inputs_are_clear_errors(make_template, score):
    template = make_template(yes_no("Q", 2, ["A.10.3"]))
    with pytest.raises(ScoringError, match="unknown evidence level 'notarised'"):
        score(template, {"Q": A("Q", "yes", "notarised")})
    with pytest.raises(ValueError, match="unknown inherent tier"):
        score(template, {}, inherent_tier="extreme")
    with pytest.raises(ValueError, match="unknown finding status"):
        score(template, {}, findings=[FindingInput("high", "waived")])


def test_unknown_certificate_standard_is_a_warning_not_a_lift(make_template, score):
    result = score(make_template(yes_no("Q", 2, ["A.10.3"])), {"Q": A("Q", "yes")},
                   certificates=[CertificateInput("iso9001")])
    assert result.question("Q").evidence == "self_attested"
    assert any("iso9001" in w for w in result.warnings)


def test_answers_to_unknown_questions_are_reported(make_template, score):
    result = score(make_template(yes_no("Q", 2, ["A.10.3"])), {"GONE": A("GONE", "yes")})
    assert result.warnings == ("Answer to GONE, which is not in template example v1, is ignored.",)


def test_result_is_frozen_serialisable_and_explained(make_template, score):
    template = make_template(yes_no("Q1", 3, ["A.10.2"]), yes_no("Q2", 1, ["A.10.2"]))
    result = score(template, {"Q1": A("Q1", "yes", "document"), "Q2": A("Q2", "not_applicable")})
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.overall = 100  # type: ignore[misc]
    assert json.loads(json.dumps(result.to_dict()))["method_version"] == "v1"
    lines = explain_control(result.control("A.10.2"))
    assert lines[0] == ("A.10.2 Allocating responsibilities: 80.0 (answers alone 100.0, "
                        "confidence 0.80).")
    assert "Evidence-weighted: (3 x 1 x 0.8) / 3" in lines
    assert "Left out (not applicable): Q2" in lines
    assert explain_group(result.group("A.10"))[0].startswith("A.10 Third-party")
    assert explain_headline(result.third_party)[0].startswith("Third-party relationships")
    assert explain_result(result)[0] == ("Overall 80.0 = (2 x 80.0 (A.10)) / 2 "
                                         "(group scores shown rounded).")


def test_unanswered_assessment_scores_zero_and_falls_in_the_weakest_band(make_template, score):
    result = score(make_template(yes_no("Q", 1, ["A.10.2"])), {}, inherent_tier=None)
    assert (result.overall, result.confidence, result.completeness) == (0.0, 0.0, 0.0)
    assert result.effectiveness_band == "inadequate"
    assert result.residual_risk == "high"  # untiered: assumed High


def test_all_not_applicable_assessment_has_no_score(make_template, score):
    result = score(make_template(yes_no("Q", 1, ["A.10.2"])), {"Q": A("Q", "not_applicable")})
    assert (result.overall, result.third_party.score, result.completeness) == (None, None, None)
    assert result.effectiveness_band == "inadequate"
    assert "No answer could be scored" in result.residual_reasons[1]
