"""Display conditions: the expression forms, evaluated in Python (and, in
tests/e2e/test_conditions_js.py, by the page's conditions.js on the same table)."""
from __future__ import annotations

import pytest

from portal.questionnaires.bank import is_visible, load_templates, visibility_rule
from portal.questionnaires.conditions import (
    ConditionError,
    all_of,
    answer_in,
    any_of,
    evaluate,
    referenced_questions,
)

A = answer_in("Q1", ["yes", "partial"])
B = answer_in("Q2", ["web", "licensed"])

# (name, expression, answers, expected): the table both implementations must agree on.
CASES = [
    ("no condition", None, {}, True),
    ("value listed", A, {"Q1": "yes"}, True),
    ("second value listed", A, {"Q1": "partial"}, True),
    ("value not listed", A, {"Q1": "no"}, False),
    ("unanswered", A, {}, False),
    ("answered null", A, {"Q1": None}, False),
    ("other question answered", A, {"Q9": "yes"}, False),
    ("case matters", A, {"Q1": "Yes"}, False),
    ("number answer", answer_in("Q1", ["12"]), {"Q1": 12}, False),
    ("list includes a value", B, {"Q2": ["own", "web"]}, True),
    ("list without a value", B, {"Q2": ["own", "synthetic"]}, False),
    ("empty list", B, {"Q2": []}, False),
    ("list of numbers", answer_in("Q2", ["1"]), {"Q2": [1, 2]}, False),
    ("empty any_of", answer_in("Q1", []), {"Q1": "yes"}, False),
    ("all: both hold", {"all": [A, B]}, {"Q1": "yes", "Q2": ["web"]}, True),
    ("all: one fails", {"all": [A, B]}, {"Q1": "yes", "Q2": ["own"]}, False),
    ("all: empty holds", {"all": []}, {}, True),
    ("any: one holds", {"any": [A, B]}, {"Q1": "no", "Q2": ["web"]}, True),
    ("any: none holds", {"any": [A, B]}, {"Q1": "no"}, False),
    ("any: empty fails", {"any": []}, {"Q1": "yes"}, False),
    ("nested", {"all": [A, {"any": [B, answer_in("Q3", ["x"])]}]},
     {"Q1": "partial", "Q3": "x"}, True),
    ("nested fails", {"all": [A, {"any": [B, answer_in("Q3", ["x"])]}]},
     {"Q1": "partial", "Q3": "y"}, False),
    ("question named like a built-in", answer_in("constructor", ["a"]), {}, False),
    ("not: holds when the answer differs", {"not": A}, {"Q1": "no"}, True),
    ("not: fails when the answer is listed", {"not": A}, {"Q1": "yes"}, False),
    ("not: unanswered holds", {"not": A}, {}, True),
    ("not inside all", {"all": [{"not": A}, B]}, {"Q1": "no", "Q2": ["web"]}, True),
    ("not of any", {"not": {"any": [A, B]}}, {"Q1": "no", "Q2": ["own"]}, True),
    ("not of an empty any holds", {"not": {"any": []}}, {}, True),
    ("any of all and not", {"any": [{"all": [A, B]}, {"not": answer_in("Q3", ["x"])}]},
     {"Q1": "yes", "Q2": ["own"], "Q3": "x"}, False),
    # A section condition joined with a question's own and the parent's rule (the loader's
    # resolved form): shown only when every layer holds.
    ("section, parent and own", {"all": [answer_in("S0", ["yes"]),
                                         {"all": [answer_in("Q0", ["no"]), A]}]},
     {"S0": "yes", "Q0": "no", "Q1": "partial"}, True),
    ("section condition fails", {"all": [answer_in("S0", ["yes"]),
                                         {"all": [answer_in("Q0", ["no"]), A]}]},
     {"S0": "no", "Q0": "no", "Q1": "partial"}, False),
]


@pytest.mark.parametrize(("name", "expression", "answers", "expected"), CASES,
                         ids=[c[0] for c in CASES])
def test_evaluate(name, expression, answers, expected):
    assert evaluate(expression, answers) is expected


@pytest.mark.parametrize("bad", [
    {"question": "Q1"}, {"question": "Q1", "any_of": "yes"}, {"all": A}, {"not": [A]},
    {"not": A, "all": []},
    {"question": "Q1", "any_of": ["yes"], "extra": 1}, ["Q1"], "Q1", {"any_of": [1]},
])
def test_unknown_forms_are_refused(bad):
    with pytest.raises(ConditionError):
        evaluate(bad, {"Q1": "yes"})


def test_builders_and_references():
    assert all_of() is None
    assert all_of(None, A) == A
    assert all_of(A, None, B) == {"all": [A, B]}
    assert any_of(A, B) == {"any": [A, B]}
    assert referenced_questions({"all": [A, {"any": [B]}]}) == {"Q1", "Q2"}
    assert referenced_questions(None) == set()


def test_shipped_rules_join_parent_conditions():
    """A follow-up of a follow-up is shown only when its whole chain holds."""
    templates, problems = load_templates()
    assert not problems
    for template in templates:
        for question in template.questions():
            rule = visibility_rule(question)
            assert (rule is None) == (question.show_if is None)
            if rule is not None:
                assert question.show_if.question in referenced_questions(rule)
    core = next(t for t in templates if t.key == "ai-supplier-core")
    cross = core.question("CORE-DATA-06")  # shown by an answer in another section
    assert cross.section_id != core.question(cross.show_if.question).section_id
    assert not is_visible(cross, {})
    assert is_visible(cross, {"CORE-PRO-02": "third-party-model"})
