"""The grown-up format: nested sections, all/any/not and section conditions, scored options
beyond yes/partial/no, mappings to other frameworks. Each rule has a valid and a broken case."""
from __future__ import annotations

import copy
import json

import pytest

from portal.questionnaires.bank import (
    TemplateError,
    describe_condition,
    is_section_visible,
    is_visible,
    load_catalogue,
    load_frameworks,
    parse_template,
    template_from_dict,
    visibility_rule,
    visible_questions,
)
from portal.questionnaires.conditions import referenced_questions

SOURCE = "nested.yaml"


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


def q(qid: str, **kw) -> dict:
    base = {"id": qid, "text": f"Question {qid}?", "guidance": "Say what you do.",
            "type": "yes_no", "controls": ["A.10.3"]}
    base.update(kw)
    return base


def nested() -> dict:
    """A three-level template with a section condition and combined question conditions."""
    return {
        "id": "nested", "version": 1, "title": "Nested",
        "sections": [
            {"id": "profile", "title": "Profile", "questions": [
                q("P-1", weight=0, text="Do you train models?"),
                q("P-2", type="single_choice", weight=0, text="Where do you host?",
                  options=[{"value": "cloud", "label": "Cloud"},
                           {"value": "own", "label": "Own data centre"}]),
            ]},
            {"id": "governance", "title": "Governance",
             "description": "Only headings here; the questions are in the subsections.",
             "sections": [
                 {"id": "policies", "title": "Policies", "questions": [
                     q("G-1"),
                     q("G-2", type="text", weight=0,
                       show_if={"any": [{"question": "G-1", "any_of": ["no"]},
                                        {"question": "P-1", "any_of": ["no"]}]}),
                 ], "sections": [
                     {"id": "policy-reviews", "title": "Reviews", "questions": [
                         q("G-3", show_if={"not": {"question": "G-1", "any_of": ["no"]}}),
                     ]},
                 ]},
             ]},
            {"id": "training", "title": "Training data",
             "show_if": {"question": "P-1", "any_of": ["yes", "partial"]},
             "questions": [
                 q("T-1", show_if={"all": [{"question": "P-2", "any_of": ["cloud"]},
                                           {"question": "G-1", "any_of": ["yes"]}]}),
                 q("T-2", type="text", weight=0),
             ]},
        ],
    }


def problems_of(data, catalogue) -> list[str]:
    with pytest.raises(TemplateError) as info:
        parse_template(data, source=SOURCE, catalogue=catalogue)
    return [str(p) for p in info.value.problems]


def test_nested_sections_keep_order_parent_and_depth(catalogue):
    t = parse_template(nested(), source=SOURCE, catalogue=catalogue)
    assert [(s.id, s.parent_id, s.depth) for s in t.sections] == [
        ("profile", None, 0), ("governance", None, 0), ("policies", "governance", 1),
        ("policy-reviews", "policies", 2), ("training", None, 0)]
    assert [x.id for x in t.questions()] == ["P-1", "P-2", "G-1", "G-2", "G-3", "T-1", "T-2"]
    assert t.section("governance").questions == ()
    assert [s.id for s in t.subsections("governance")] == ["policies"]
    assert t.section_label("policy-reviews") == "Governance / Policies / Reviews"
    assert t.question("G-3").section_id == "policy-reviews"


def test_round_trip_keeps_nesting_and_conditions(catalogue):
    t = parse_template(nested(), source=SOURCE, catalogue=catalogue)
    data = json.loads(json.dumps(t.to_dict()))
    assert [s["id"] for s in data["sections"]] == ["profile", "governance", "training"]
    assert data["sections"][1]["sections"][0]["sections"][0]["id"] == "policy-reviews"
    assert data["sections"][2]["show_if"] == {"question": "P-1", "any_of": ["yes", "partial"]}
    assert "show_if" not in data["sections"][2]["questions"][1]  # only the section's
    rebuilt = template_from_dict(data)
    assert rebuilt == t
    assert [visibility_rule(x) for x in rebuilt.questions()] == \
        [visibility_rule(x) for x in t.questions()]
    assert parse_template(data, source="pinned", catalogue=catalogue) == t


@pytest.mark.parametrize(("answers", "shown"), [
    ({}, ["P-1", "P-2", "G-1", "G-3"]),
    ({"G-1": "no"}, ["P-1", "P-2", "G-1", "G-2"]),                 # any: first holds; not fails
    ({"P-1": "no", "G-1": "yes"}, ["P-1", "P-2", "G-1", "G-2", "G-3"]),  # any: second holds
    ({"P-1": "yes"}, ["P-1", "P-2", "G-1", "G-3", "T-2"]),          # section shown, T-1 not
    ({"P-1": "partial", "P-2": "cloud", "G-1": "yes"},
     ["P-1", "P-2", "G-1", "G-3", "T-1", "T-2"]),                    # all holds
    ({"P-1": "no", "P-2": "cloud", "G-1": "yes"},
     ["P-1", "P-2", "G-1", "G-2", "G-3"]),                           # section hides T-1 too
])
def test_visibility(catalogue, answers, shown):
    t = parse_template(nested(), source=SOURCE, catalogue=catalogue)
    assert [x.id for x in visible_questions(t, answers)] == shown
    assert is_section_visible(t.section("training"), answers) == ("T-2" in shown)


def test_a_question_in_a_hidden_section_counts_as_unanswered(catalogue):
    """A stale answer in a hidden section shows nothing that depends on it."""
    data = nested()
    data["sections"].append({"id": "after", "title": "After", "questions": [
        q("A-1", type="text", weight=0, show_if={"question": "T-1", "any_of": ["yes"]})]})
    t = parse_template(data, source=SOURCE, catalogue=catalogue)
    stale = {"P-1": "no", "P-2": "cloud", "G-1": "yes", "T-1": "yes"}
    assert not is_visible(t.question("T-1"), stale)
    assert not is_visible(t.question("A-1"), stale)
    assert is_visible(t.question("A-1"), {**stale, "P-1": "yes"})
    assert referenced_questions(visibility_rule(t.question("A-1"))) == {"T-1", "P-1", "P-2",
                                                                         "G-1"}


def test_conditions_in_words(catalogue):
    t = parse_template(nested(), source=SOURCE, catalogue=catalogue)
    assert describe_condition(t.question("T-1"), t) == \
        "P-1 is Yes or Partially, and (P-2 is Cloud, and G-1 is Yes)"
    assert describe_condition(t.question("G-2"), t) == "G-1 is No, or P-1 is No"
    assert describe_condition(t.question("G-3"), t) == "not (G-1 is No)"
    assert describe_condition(t.question("P-1"), t) == "always"


@pytest.mark.parametrize(("mutate", "fragment"), [
    (lambda d: d["sections"][2].update(show_if={"question": "T-1", "any_of": ["yes"]}),
     "section 'training': show_if refers to 'T-1', which is not an earlier question"),
    (lambda d: d["sections"][2].update(show_if={"question": "P-1", "any_of": ["perhaps"]}),
     "section 'training': show_if value 'perhaps' is not an option of 'P-1'"),
    (lambda d: d["sections"][2].update(show_if={"any": {"question": "P-1"}}), "show_if must be"),
    (lambda d: d["sections"][2]["questions"][0].update(
        show_if={"all": [{"question": "P-2", "any_of": ["cloud"]},
                         {"question": "T-2", "any_of": ["x"]}]}),
     "T-1: show_if refers to 'T-2', which is not an earlier question"),
    (lambda d: d["sections"][2]["questions"][0].update(
        show_if={"not": [{"question": "P-2", "any_of": ["cloud"]}]}), "T-1: show_if must be"),
    (lambda d: d["sections"][2]["questions"][0].update(
        show_if={"any": [{"question": "P-2", "any_of": []}]}), "T-1: show_if must be"),
    (lambda d: d["sections"][1].update(sections=[]), "section 'governance': sections must be"),
    (lambda d: d["sections"][1]["sections"][0].update(id="profile"),
     "section 'profile': duplicate section id"),
    (lambda d: d["sections"][1].pop("sections"), "section 'governance': questions must be"),
])
def test_structure_problems_are_named(catalogue, mutate, fragment):
    data = copy.deepcopy(nested())
    mutate(data)
    assert any(fragment in p for p in problems_of(data, catalogue)), problems_of(data, catalogue)


def test_sections_nest_five_levels_at_most(catalogue):
    data = nested()
    inner = data["sections"][0]
    for depth in range(6):
        child = {"id": f"level-{depth}", "title": f"Level {depth}", "questions": [
            q(f"L-{depth}", type="text", weight=0)]}
        inner["sections"] = [child]
        inner = child
    assert any("nest at most 5 levels" in p for p in problems_of(data, catalogue))


def test_yes_no_takes_a_scored_fourth_option(catalogue):
    """CISA's yes / no / alternate / not applicable: a third scored answer with its own score."""
    data = nested()
    data["sections"][0]["questions"].append(q("P-3", critical=False, options=[
        {"value": "yes"}, {"value": "alternate", "label": "Alternate approach", "score": 0.75},
        {"value": "no"}, {"value": "not_applicable"}]))
    t = parse_template(data, source=SOURCE, catalogue=catalogue)
    assert [(o.value, o.score) for o in t.question("P-3").options] == [
        ("yes", 1.0), ("alternate", 0.75), ("no", 0.0), ("not_applicable", None)]
    data["sections"][0]["questions"][-1]["options"][1].pop("score")
    assert any("yes_no option 'alternate' is not one of" in p for p in problems_of(data, catalogue))


def test_single_choice_takes_any_number_of_scored_options(catalogue):
    data = nested()
    levels = [{"value": f"level-{n}", "label": f"Level {n}", "score": n / 5} for n in range(6)]
    data["sections"][0]["questions"].append(q("P-4", type="single_choice", options=levels))
    t = parse_template(data, source=SOURCE, catalogue=catalogue)
    assert [o.score for o in t.question("P-4").options] == [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]


def test_framework_mappings(catalogue):
    data = nested()
    data["sections"][0]["questions"].append(q("P-5", frameworks={
        "csa_aicm": ["STA-16", "A&A-01"], "nist_ai_rmf": ["GOVERN 6.1"],
        "eu_ai_act": ["Art. 25", "Art. 10(2)(f)", "Annex IV"], "iso27001": ["5.19", "8.34"]}))
    t = parse_template(data, source=SOURCE, catalogue=catalogue)
    question = t.question("P-5")
    # catalogue order, whatever the order written
    assert [k for k, _ in question.frameworks] == ["nist_ai_rmf", "eu_ai_act", "iso27001",
                                                   "csa_aicm"]
    assert question.framework_ids("iso42001") == ("A.10.3",)
    assert question.framework_ids("eu_ai_act") == ("Art. 25", "Art. 10(2)(f)", "Annex IV")
    assert template_from_dict(json.loads(json.dumps(t.to_dict()))) == t
    # an unmapped question keeps the old normalised form (and so its checksum)
    assert "frameworks" not in t.question("P-1").to_dict()


@pytest.mark.parametrize(("frameworks", "fragment"), [
    ({"nist_ai_rmf": ["GOVERN 9.9"]}, "'GOVERN 9.9' is not a NIST AI Risk Management"),
    ({"eu_ai_act": ["Art. 114"]}, "'Art. 114' is not a Regulation (EU) 2024/1689"),
    ({"eu_ai_act": ["Article 5"]}, "(for example 'Art. 25')"),
    ({"iso27001": ["5.38"]}, "'5.38' is not a ISO/IEC 27001:2022"),
    ({"csa_aicm": ["XYZ-01"]}, "'XYZ-01' is not a Cloud Security Alliance"),
    ({"cobit": ["APO01"]}, "unknown framework 'cobit'"),
    ({"iso42001": ["A.10.3"]}, "put ISO/IEC 42001 controls in controls"),
    (["GOVERN 6.1"], "frameworks must be a mapping"),
])
def test_bad_framework_mappings_are_named(catalogue, frameworks, fragment):
    data = nested()
    data["sections"][0]["questions"][0]["frameworks"] = frameworks
    problems = problems_of(data, catalogue)
    assert any(p.startswith(f"{SOURCE}: P-1: ") and fragment in p for p in problems), problems


def test_scored_question_needs_an_iso42001_control_even_with_other_mappings(catalogue):
    data = nested()
    g1 = data["sections"][1]["sections"][0]["questions"][0]
    g1["controls"] = []
    g1["frameworks"] = {"nist_ai_rmf": ["GOVERN 1.1"]}
    problems = problems_of(data, catalogue)
    assert f"{SOURCE}: G-1: a scored question needs at least one ISO/IEC 42001 control" in \
        " | ".join(problems)


def test_shipped_crosswalk_ids_are_framework_ids(catalogue):
    """controls.yaml's crosswalk and the framework catalogue name ids the same way."""
    frameworks = load_frameworks()
    for control in catalogue.controls:
        for key in ("nist_ai_rmf", "eu_ai_act", "iso27001"):
            for item in getattr(control.crosswalk, key):
                assert frameworks.get(key).accepts(item), (control.id, key, item)

