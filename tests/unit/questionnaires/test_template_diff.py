"""Template diffs between two versions, and how each old answer carries into the new one."""
from __future__ import annotations

import copy

import pytest

from portal.questionnaires.bank import load_catalogue, parse_template
from portal.questionnaires.diff import (
    Carry,
    QuestionStatus,
    classify_answer,
    diff_question,
    diff_templates,
)
from tests.cycle_templates import V1, v2


@pytest.fixture(scope="module")
def versions():
    catalogue = load_catalogue()
    return (parse_template(V1, source="v1", catalogue=catalogue),
            parse_template(v2(), source="v2", catalogue=catalogue))


def test_each_kind_of_change_is_named(versions):
    diff = diff_templates(*versions)
    status = {qid: d.status for qid, d in diff.questions.items()}
    assert status == {
        "Q-WORD": QuestionStatus.CHANGED, "Q-UNIT": QuestionStatus.CHANGED,
        "Q-OPT": QuestionStatus.CHANGED, "Q-MULTI": QuestionStatus.CHANGED,
        "Q-SAME": QuestionStatus.SAME, "Q-MAP": QuestionStatus.REMAPPED,
        "Q-NEW": QuestionStatus.ADDED, "Q-GONE": QuestionStatus.REMOVED,
    }
    assert diff.of("Q-WORD").parts == ("text",)
    assert diff.of("Q-UNIT").parts == ("unit",)
    assert diff.of("Q-OPT").removed_options == ("named-executive",)
    assert "weight" in diff.of("Q-OPT").parts  # the score table changed too
    assert diff.of("Q-MAP").parts == ("controls",)
    assert diff.of("Q-MAP").summary == "Control mapping changed."
    assert [d.question_id for d in diff.removed()] == ["Q-GONE"]
    assert not diff.is_same
    assert diff_templates(versions[0], versions[0]).is_same


@pytest.mark.parametrize(("qid", "value", "carry", "carried", "reason"), [
    ("Q-SAME", "Dana", Carry.VALID, "Dana", None),
    ("Q-MAP", "yes", Carry.VALID, "yes", None),  # mapping only: the vendor's answer still holds
    ("Q-WORD", "yes", Carry.CONFIRM, "yes", "The question was reworded."),
    ("Q-UNIT", 12, Carry.DROPPED, None, "from hours to calendar days"),
    ("Q-OPT", "named-executive", Carry.DROPPED, None, "“A named executive” is no longer offered"),
    ("Q-OPT", "committee", Carry.CONFIRM, "committee", "The options offered changed."),
    ("Q-MULTI", ["bias", "legacy"], Carry.CONFIRM, ["bias"], "“Legacy audit”"),
    ("Q-MULTI", ["legacy"], Carry.DROPPED, None, "No longer offered: “Legacy audit”."),
    ("Q-GONE", "model X", Carry.DROPPED, None, "removed from this version"),
])
def test_old_answers_are_classified(versions, qid, value, carry, carried, reason):
    diff = diff_templates(*versions)
    verdict = classify_answer(diff.of(qid), value)
    assert verdict.carry is carry
    assert verdict.value == carried
    if reason is None:
        assert verdict.reasons == ()
    else:
        assert reason in " ".join(verdict.reasons)
    assert "named-executive" not in " ".join(verdict.reasons)  # labels, never option codes


def test_a_type_change_drops_the_answer(versions):
    old = versions[0].question("Q-SAME")
    catalogue = load_catalogue()
    data = copy.deepcopy(V1)
    data["sections"][0]["questions"][5] = {"id": "Q-SAME", "text": "Name the AI lead.",
                                           "guidance": "g", "type": "date"}
    new = parse_template(data, source="v", catalogue=catalogue).question("Q-SAME")
    verdict = classify_answer(diff_question(old, new), "Dana")
    assert verdict.carry is Carry.DROPPED
    assert verdict.reasons == ("The question now asks for a date instead of a text answer.",)


def test_unit_is_only_for_number_questions_and_kept_in_the_pinned_form(versions):
    catalogue = load_catalogue()
    data = copy.deepcopy(V1)
    data["sections"][0]["questions"][0]["unit"] = "days"
    with pytest.raises(Exception, match="take no unit"):
        parse_template(data, source="v", catalogue=catalogue)
    pinned = versions[1].to_dict()
    assert pinned["sections"][0]["questions"][1]["unit"] == "calendar days"
    assert "unit" not in pinned["sections"][0]["questions"][0]  # older checksums hold
