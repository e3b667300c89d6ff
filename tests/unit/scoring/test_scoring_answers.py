"""Answer scores and critical answers, on the template built in code for the bank's tests."""
from __future__ import annotations

import pytest

from portal.questionnaires.bank import load_catalogue, parse_template
from portal.scoring.answers import answer_score, is_bad_answer
from tests.unit.questionnaires.test_qbank_answers import DATA


@pytest.fixture(scope="module")
def template():
    return parse_template(DATA, source="answers.yaml", catalogue=load_catalogue())


@pytest.mark.parametrize(("qid", "value", "score"), [
    ("A", "yes", 1.0), ("A", "partial", 0.5), ("A", "no", 0.0), ("Y", "not_applicable", None),
    ("A", None, None), ("A", "bogus", None),
    ("B", ["model", "hosting"], 1.0), ("B", ["model"], 0.6), ("B", ["na"], None), ("B", [], None),
    ("C", "anything", None), ("E", 3.0, None),
    ("D", ["doc-1"], 1.0), ("D", [], 0.0),
])
def test_answer_score(template, qid, value, score):
    assert answer_score(template.question(qid), value) == score


def test_bad_answers(template):
    assert is_bad_answer(template.question("A"), "no")
    assert not is_bad_answer(template.question("A"), "partial")
    assert is_bad_answer(template.question("B2"), ["model", "unknown"])
    assert not is_bad_answer(template.question("B2"), ["model"])
    assert not is_bad_answer(template.question("C"), "no")
