"""Method v2 roll-up (issue 17): weight-pooled groups, reviewer-accepted N/A, certificate reach."""
from __future__ import annotations

from datetime import date

import pytest

from portal.scoring import (
    AnswerInput,
    CertificateInput,
    MethodError,
    explain_group,
    explain_result,
    load_method,
    parse_method,
    score_assessment,
)
from portal.scoring.exports import result_from_dict
from portal.scoring.method import methods_dir
from tests.unit.scoring.builders import yes_no

A = AnswerInput
PASSING = ()  # no stored checks: nothing blocks the lift


@pytest.fixture(scope="module")
def v2(catalogue):
    return load_method(version="v2", catalogue=catalogue)


@pytest.fixture
def score(v2, catalogue):
    def run(template, answers, method=None, **kw):
        kw.setdefault("inherent_tier", "medium")
        kw.setdefault("as_of", date(2025, 6, 1))
        return score_assessment(template, answers, method=method or v2, catalogue=catalogue,
                                **kw)
    return run


def _na(qid: str, weight: float, controls: list[str]) -> dict:
    return yes_no(qid, weight, controls, options=[
        {"value": "yes", "score": 1.0}, {"value": "no", "score": 0.0},
        {"value": "not_applicable", "score": None}])


def test_not_applicable_counts_as_zero_until_a_reviewer_accepts_it(make_template, score):
    template = make_template(_na("Q1", 3, ["A.7.4"]), _na("Q2", 1, ["A.7.4"]))
    pending = score(template, {"Q1": A("Q1", "not_applicable"), "Q2": A("Q2", "yes")})
    q1 = pending.question("Q1")
    assert (q1.status, q1.applicable, q1.score) == ("not_applicable_unaccepted", True, 0.0)
    assert "until a reviewer accepts" in q1.reason
    assert pending.raw_overall == 25.0  # (3 x 0 + 1 x 1) / 4
    accepted = score(template, {"Q1": A("Q1", "not_applicable", accepted=True),
                                "Q2": A("Q2", "yes")})
    assert accepted.question("Q1").status == "not_applicable"
    assert accepted.raw_overall == 100.0
    assert "accepted by a reviewer" in accepted.question("Q1").reason
    # Either way the N/A rate says how much of the shown weight was answered N/A.
    assert pending.not_applicable_rate == accepted.not_applicable_rate == 0.75
    assert pending.completeness == 1.0
    assert "not applicable 0.75" in " ".join(explain_result(pending))


def test_v1_still_takes_the_vendors_word_for_not_applicable(make_template, score, method):
    template = make_template(_na("Q1", 3, ["A.7.4"]), _na("Q2", 1, ["A.7.4"]))
    result = score(template, {"Q1": A("Q1", "not_applicable"), "Q2": A("Q2", "yes")},
                   method=method)
    assert result.question("Q1").status == "not_applicable"
    assert result.raw_overall == 100.0


def test_groups_pool_questions_by_weight_and_count_each_once(make_template, score, method):
    # A.3 holds one weight-1 question; A.7 a weight-5 one. Under v1 each group is one control,
    # and the groups weigh the same, so the weight-1 question moves the score as much.
    template = make_template(yes_no("SMALL", 1, ["A.3.3"]),
                             yes_no("BIG", 5, ["A.7.4", "A.3.3"]))
    answers = {"SMALL": A("SMALL", "yes"), "BIG": A("BIG", "no")}
    v2_result = score(template, answers)
    assert v2_result.raw_overall == pytest.approx(100 / 6, abs=0.1)  # (1 x 1 + 5 x 0) / 6
    a7, a3 = v2_result.group("A.7"), v2_result.group("A.3")
    assert [q.question_id for q in a7.questions] == ["BIG"]
    assert [q.question_id for q in a3.questions] == ["SMALL"]  # BIG counts in A.7 only
    assert (a7.overall_weight, a3.overall_weight) == (5.0, 1.0)
    # The control still shows every question mapped to it.
    assert [q.question_id for q in v2_result.control("A.3.3").questions] == ["SMALL", "BIG"]
    assert "total weight 5" in explain_group(a7)[0]
    v1_result = score(template, answers, method=method)
    # v1: BIG counts in A.7 (0) and again in A.3.3 ((1 x 1 + 5 x 0) / 6); mean of the groups.
    assert v1_result.raw_overall == 8.3


def test_a_weight_five_question_moves_the_score_more_than_a_weight_two_one(make_template,
                                                                           score):
    template = make_template(yes_no("W5", 5, ["A.7.4"]), yes_no("W2", 2, ["A.3.3"]),
                             yes_no("W3", 3, ["A.10.3"]))
    best = {q: A(q, "yes") for q in ("W5", "W2", "W3")}
    top = score(template, best).overall
    drop5 = top - score(template, {**best, "W5": A("W5", "no")}).overall
    drop2 = top - score(template, {**best, "W2": A("W2", "no")}).overall
    assert drop5 == pytest.approx(2.5 * drop2)


def _cert(standard: str) -> CertificateInput:
    return CertificateInput(standard, reference="C-1", checks=PASSING)


def test_iso27001_lifts_security_questions_only(make_template, score):
    template = make_template(
        yes_no("CORE-OPS-04", 3, ["A.6.2.8"]), yes_no("CORE-CUS-01", 5, ["A.7.3"]),
        yes_no("CORE-INC-02", 5, ["A.8.4"]), yes_no("CORE-TEST-03", 3, ["A.6.2.4"]))
    answers = {q.id: A(q.id, "yes") for q in template.questions()}
    result = score(template, answers, certificates=[_cert("iso27001")])
    lifted = {q.question_id: q.evidence for q in result.questions}
    assert lifted == {"CORE-OPS-04": "document_reviewed", "CORE-CUS-01": "self_attested",
                      "CORE-INC-02": "self_attested", "CORE-TEST-03": "self_attested"}
    assert "ISO/IEC 27001 certificate C-1" in result.question("CORE-OPS-04").reason


def test_iso42001_lifts_management_questions_but_never_commitments(make_template, score):
    template = make_template(
        yes_no("CORE-GOV-01", 3, ["A.2.2"]), yes_no("CORE-CUS-01", 5, ["A.7.3"]),
        yes_no("CORE-SUP-04", 4, ["A.10.3"]), yes_no("CORE-INC-02", 3, ["A.8.4"]))
    answers = {q.id: A(q.id, "yes") for q in template.questions()}
    result = score(template, answers, certificates=[_cert("iso42001")])
    assert {q.question_id: q.evidence for q in result.questions} == {
        "CORE-GOV-01": "certificate_verified", "CORE-CUS-01": "self_attested",
        "CORE-SUP-04": "self_attested", "CORE-INC-02": "self_attested"}


def test_primary_only_reach_ignores_secondary_mappings(make_template, score):
    # A 27001 crosswalk on a secondary control used to be enough to lift the answer.
    template = make_template(yes_no("CORE-OPS-04", 3, ["A.5.4", "A.6.2.8"]))
    result = score(template, {"CORE-OPS-04": A("CORE-OPS-04", "yes")},
                   certificates=[_cert("iso27001")])
    assert result.question("CORE-OPS-04").evidence == "self_attested"


def test_stored_v2_result_reads_back_with_group_questions(make_template, score):
    template = make_template(yes_no("Q", 2, ["A.7.4"]))
    result = score(template, {"Q": A("Q", "yes")})
    again = result_from_dict(result.to_dict())
    assert again == result
    assert again.group("A.7").overall_weight == 2.0


def _v2_data() -> dict:
    import yaml
    return yaml.safe_load((methods_dir() / "method-v2.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d["rollup"].update(by="median"), "rollup: by 'median' must be one of"),
    (lambda d: d["not_applicable"].update(counts="always"), "counts 'always' must be one of"),
    (lambda d: d["certificates"][1]["reach"].update(questions="CORE-SEC-*"),
     "questions must be a list of question id patterns"),
    (lambda d: d["certificates"][1]["reach"].update(primary_only="yes"),
     "primary_only must be true or false"),
    (lambda d: d["certificates"][1]["reach"].update(always=["X"]), "unknown field 'always'"),
    (lambda d: d["certificates"][0].update(lifts=["X"]), "unknown field 'lifts'"),
])
def test_method_file_mistakes_in_the_new_fields_are_reported(change, message, catalogue):
    data = _v2_data()
    change(data)
    with pytest.raises(MethodError) as err:
        parse_method(data, catalogue=catalogue)
    assert message in str(err.value)


def test_every_reach_pattern_names_a_shipped_question(v2):
    from fnmatch import fnmatchcase

    from portal.questionnaires.bank import load_templates
    ids = [q.id for t in load_templates()[0] for q in t.questions()]
    for rule in v2.certificates:
        for pattern in (*rule.questions, *rule.never):
            assert any(fnmatchcase(i, pattern) for i in ids), (rule.standard, pattern)
