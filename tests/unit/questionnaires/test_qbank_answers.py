"""Display conditions on a template built in code (answer scores: tests/unit/scoring)."""
from __future__ import annotations

import pytest

from portal.questionnaires.bank import (
    is_visible,
    load_catalogue,
    parse_template,
    visible_questions,
)

DATA = {
    "id": "answers", "version": 2, "title": "Answers",
    "sections": [{"id": "s", "title": "S", "questions": [
        {"id": "A", "text": "Use suppliers?", "guidance": "g", "type": "yes_no", "weight": 3,
         "critical": True, "controls": ["A.10.3"],
         "options": [{"value": "yes"}, {"value": "partial"}, {"value": "no"}]},
        {"id": "B", "text": "Which?", "guidance": "g", "type": "multiple_choice",
         "show_if": {"question": "A", "any_of": ["yes", "partial"]}, "controls": ["A.10.3"],
         "options": [{"value": "model", "label": "Model", "score": 0.6},
                     {"value": "hosting", "label": "Hosting", "score": 0.6},
                     {"value": "unknown", "label": "Unknown", "score": 0.0},
                     {"value": "na", "label": "N/A", "score": None, "exclusive": True}]},
        {"id": "B2", "text": "Which bad?", "guidance": "g", "type": "multiple_choice",
         "critical": True, "critical_if": ["unknown"], "controls": ["A.10.3"],
         "options": [{"value": "model", "label": "Model", "score": 1.0},
                     {"value": "unknown", "label": "Unknown", "score": 0.0}]},
        {"id": "Y", "text": "Policy?", "guidance": "g", "type": "yes_no", "controls": ["A.2.2"]},
        {"id": "C", "text": "Model name?", "guidance": "g", "type": "text",
         "show_if": {"question": "B", "any_of": ["model"]}},
        {"id": "D", "text": "Upload", "guidance": "g", "type": "file", "weight": 2,
         "controls": ["A.2.2"]},
        {"id": "E", "text": "Count", "guidance": "g", "type": "number"},
    ]}],
}


@pytest.fixture(scope="module")
def template():
    return parse_template(DATA, source="answers.yaml", catalogue=load_catalogue())


def test_unconditional_question_is_visible(template):
    assert is_visible(template.question("A"), {})


@pytest.mark.parametrize(("answers", "visible"), [
    ({}, False),
    ({"A": "no"}, False),
    ({"A": "yes"}, True),
    ({"A": "partial"}, True),
])
def test_condition_on_yes_no(template, answers, visible):
    assert is_visible(template.question("B"), answers) is visible


def test_condition_on_multiple_choice(template):
    question = template.question("C")
    assert is_visible(question, {"A": "yes", "B": ["hosting", "model"]})
    assert not is_visible(question, {"A": "yes", "B": ["hosting"]})


def test_hidden_parent_hides_child(template):
    # B's stale answer must not reveal C once A hides B.
    assert not is_visible(template.question("C"), {"A": "no", "B": ["model"]})
    ids = [q.id for q in visible_questions(template, {"A": "no", "B": ["model"]})]
    assert ids == ["A", "B2", "Y", "D", "E"]


def test_yes_no_implicit_options(template):
    question = template.question("Y")
    assert [o.value for o in question.options] == ["yes", "partial", "no", "not_applicable"]
    assert question.option("not_applicable").score is None
    assert question.option("maybe") is None
    assert template.question("A").critical_if == ("no",)  # default: options scoring below 0.5


def test_weights_default_by_type(template):
    assert template.question("B").weight == 1.0  # choice questions default to 1
    assert template.question("C").weight == 0.0  # text is unscored
    assert not template.question("C").is_scored
