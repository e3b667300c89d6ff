"""Weights match influence (issue 17): a weight-5 question moves the overall score most."""
from __future__ import annotations

import pytest

from bench.scoring_sensitivity import DOCS, END, START, docs_block
from portal.questionnaires.bank import load_templates, parse_template
from portal.scoring import load_method
from portal.scoring.sensitivity import sensitivity, weight_inversions
from tests.unit.scoring.builders import yes_no

TEMPLATES = {t.key: t for t in load_templates()[0]}


@pytest.fixture(scope="module")
def latest(catalogue):
    return load_method(catalogue=catalogue)


@pytest.mark.parametrize("key", sorted(TEMPLATES))
def test_no_weight_five_question_moves_the_score_less_than_a_weight_two_one(key, latest,
                                                                           catalogue):
    rows = sensitivity(TEMPLATES[key], latest, catalogue)
    assert rows, "the template has scored questions"
    assert weight_inversions(rows) == [], [(h.question_id, h.drop, lo.question_id, lo.drop)
                                           for h, lo in weight_inversions(rows)]


def test_the_core_template_orders_by_weight(latest, catalogue):
    rows = sensitivity(TEMPLATES["ai-supplier-core"], latest, catalogue)
    out_of_order = [(a.question_id, a.weight, a.drop, b.question_id, b.weight, b.drop)
                    for a in rows for b in rows if a.weight > b.weight and a.drop < b.drop]
    assert out_of_order == []


def test_the_check_fails_on_a_method_that_ignores_weights(catalogue):
    # Under v1 a lone weight-2 question in its own group outweighs a weight-5 one in a crowd.
    data = {"id": "crowd", "version": 1, "title": "Crowd", "sections": [{
        "id": "s", "title": "S", "questions": [
            yes_no("HEAVY", 5, ["A.7.4"]), yes_no("PEER1", 1, ["A.7.4"]),
            yes_no("PEER2", 1, ["A.7.4"]), yes_no("LONE", 2, ["A.3.3"])]}]}
    template = parse_template(data, source="crowd.yaml", catalogue=catalogue)
    v1 = load_method(version="v1", catalogue=catalogue)
    assert [(h.question_id, lo.question_id)
            for h, lo in weight_inversions(sensitivity(template, v1, catalogue))] == [
        ("HEAVY", "LONE")]


def test_the_docs_table_is_generated_and_current():
    text = DOCS.read_text(encoding="utf-8")
    block = text[text.index(START):text.index(END) + len(END)]
    assert block == docs_block(), "run: python bench/scoring_sensitivity.py --write-docs"
