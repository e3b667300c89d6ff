"""One test per validation rule: each broken template must name the file and question."""
from __future__ import annotations

import copy

import pytest
import yaml

from portal.questionnaires.bank import (
    Problem,
    TemplateError,
    load_catalogue,
    load_template,
    load_templates,
    parse_template,
    template_from_dict,
)

SOURCE = "broken.yaml"


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


def make_template() -> dict:
    """Return a small valid template mapping to break one rule at a time."""
    return {
        "id": "broken",
        "version": 1,
        "title": "Test template",
        "sections": [
            {"id": "one", "title": "One", "questions": [
                {"id": "Q-01", "text": "Policy?", "guidance": "Attach it.", "type": "yes_no",
                 "controls": ["A.2.2"], "evidence": ["ai-policy"]},
                {"id": "Q-02", "text": "Kind?", "guidance": "Pick one.", "type": "single_choice",
                 "options": [{"value": "a", "label": "A", "score": 1.0},
                             {"value": "b", "label": "B", "score": 0.0}],
                 "controls": ["A.10.3"]},
                {"id": "Q-03", "text": "Details?", "guidance": "Explain.", "type": "text",
                 "show_if": {"question": "Q-01", "any_of": ["yes"]}},
            ]},
            {"id": "two", "title": "Two", "questions": [
                {"id": "Q-04", "text": "Which?", "guidance": "Tick.", "type": "multiple_choice",
                 "options": [{"value": "x", "label": "X", "score": 0.5},
                             {"value": "w", "label": "W", "score": 0.5},
                             {"value": "y", "label": "Y", "score": None, "exclusive": True}],
                 "controls": ["6.1.4"]},
            ]},
        ],
    }


def question(data: dict, qid: str) -> dict:
    return next(q for s in data["sections"] for q in s["questions"] if q["id"] == qid)


def problems_of(data: dict, catalogue) -> list[Problem]:
    with pytest.raises(TemplateError) as info:
        parse_template(data, source=SOURCE, catalogue=catalogue)
    return info.value.problems


def assert_problem(problems: list[Problem], qid: str | None, fragment: str) -> None:
    rendered = [str(p) for p in problems]
    expected_prefix = f"{SOURCE}: {qid}: " if qid else f"{SOURCE}: "
    assert any(r.startswith(expected_prefix) and fragment in r for r in rendered), rendered


def test_base_template_is_valid(catalogue):
    template = parse_template(make_template(), source=SOURCE, catalogue=catalogue)
    assert [q.id for q in template.questions()] == ["Q-01", "Q-02", "Q-03", "Q-04"]


def break_question(qid: str, **changes):
    def mutate(data):
        q = question(data, qid)
        for key, value in changes.items():
            if value is ...:
                q.pop(key, None)
            else:
                q[key] = value
    return mutate


QUESTION_RULES = [
    ("unknown control", "Q-01", break_question("Q-01", controls=["A.99.1"]), "unknown control"),
    ("unquoted clause id", "Q-01", break_question("Q-01", controls=[4.1]), "quoted string"),
    ("unknown evidence", "Q-01", break_question("Q-01", evidence=["selfie"]),
     "unknown evidence kind"),
    ("unknown type", "Q-01", break_question("Q-01", type="essay"), "unknown type"),
    ("missing text", "Q-01", break_question("Q-01", text=...), "missing text"),
    ("missing guidance", "Q-02", break_question("Q-02", guidance="  "), "missing guidance"),
    ("weight too high", "Q-01", break_question("Q-01", weight=6), "weight 6"),
    ("weight negative", "Q-01", break_question("Q-01", weight=-1), "weight -1"),
    ("weight on text", "Q-03", break_question("Q-03", weight=2), "unscored"),
    ("option without score", "Q-02",
     break_question("Q-02", options=[{"value": "a", "label": "A"},
                                     {"value": "b", "label": "B", "score": 0}]),
     "needs a score"),
    ("option score out of range", "Q-02",
     break_question("Q-02", options=[{"value": "a", "label": "A", "score": 2},
                                     {"value": "b", "label": "B", "score": 0}]),
     "between 0 and 1"),
    ("duplicate option", "Q-02",
     break_question("Q-02", options=[{"value": "a", "label": "A", "score": 1},
                                     {"value": "a", "label": "B", "score": 0}]),
     "duplicate option value"),
    ("choice without options", "Q-02", break_question("Q-02", options=...), "options"),
    ("options on text", "Q-03",
     break_question("Q-03", options=[{"value": "a", "label": "A", "score": 1}]), "no options"),
    ("bad yes_no option", "Q-01",
     break_question("Q-01", options=[{"value": "yes"}, {"value": "no"}, {"value": "maybe"}]),
     "not one of yes"),
    ("bad question id", "q 1", break_question("Q-01", id="q 1"), "must match"),
    ("condition on missing question", "Q-03",
     break_question("Q-03", show_if={"question": "Q-77", "any_of": ["yes"]}), "unknown question"),
    ("condition on later question", "Q-01",
     break_question("Q-01", show_if={"question": "Q-02", "any_of": ["a"]}),
     "not an earlier question"),
    ("condition on impossible value", "Q-03",
     break_question("Q-03", show_if={"question": "Q-01", "any_of": ["maybe"]}),
     "not an option of 'Q-01'"),
    ("condition on text question", "Q-04",
     break_question("Q-04", show_if={"question": "Q-03", "any_of": ["x"]}), "without options"),
    ("malformed condition", "Q-03", break_question("Q-03", show_if={"question": "Q-01"}),
     "show_if must be"),
    ("critical_if without critical", "Q-02", break_question("Q-02", critical_if=["b"]),
     "only allowed on critical"),
    ("critical_if unknown value", "Q-02", break_question("Q-02", critical=True, critical_if=["z"]),
     "not an option"),
    ("critical text question", "Q-03", break_question("Q-03", critical=True), "cannot be critical"),
    ("critical multiple choice without critical_if", "Q-04", break_question("Q-04", critical=True),
     "explicit critical_if"),
    # Rules that keep scores meaningful (portal/questionnaires/rules.py).
    ("all options unscored on a scored question", "Q-02",
     break_question("Q-02", options=[{"value": "a", "label": "A", "score": None},
                                     {"value": "b", "label": "B", "score": None}]),
     "at least two options with a score"),
    ("one scored option only", "Q-02",
     break_question("Q-02", options=[{"value": "a", "label": "A", "score": 1},
                                     {"value": "b", "label": "B", "score": None}]),
     "at least two options with a score"),
    ("no best answer", "Q-02",
     break_question("Q-02", options=[{"value": "a", "label": "A", "score": 0.8},
                                     {"value": "b", "label": "B", "score": 0}]),
     "no option scores 1"),
    ("every option scores the same", "Q-02",
     break_question("Q-02", options=[{"value": "a", "label": "A", "score": 1},
                                     {"value": "b", "label": "B", "score": 1}]),
     "cannot change the score"),
    ("multiple choice cannot reach 1", "Q-04",
     break_question("Q-04", options=[{"value": "x", "label": "X", "score": 0.5},
                                     {"value": "w", "label": "W", "score": 0.45}]),
     "best possible answer scores 0.95"),
    ("two not-applicable options", "Q-02",
     break_question("Q-02", options=[{"value": "a", "label": "A", "score": 1},
                                     {"value": "b", "label": "B", "score": 0},
                                     {"value": "c", "label": "C", "score": None},
                                     {"value": "d", "label": "D", "score": None}]),
     "more than one option has no score"),
    ("not applicable on a critical question", "Q-01", break_question("Q-01", critical=True),
     "critical question cannot offer \"not applicable\""),
    ("not-applicable option in a list not exclusive", "Q-04",
     break_question("Q-04", options=[{"value": "x", "label": "X", "score": 1},
                                     {"value": "y", "label": "Y", "score": None}]),
     "must be exclusive"),
    ("none of these not exclusive", "Q-04",
     break_question("Q-04", options=[{"value": "x", "label": "X", "score": 1},
                                     {"value": "none", "label": "None of these", "score": 0}]),
     "mark it exclusive"),
    ("exclusive on a single choice", "Q-02",
     break_question("Q-02", options=[{"value": "a", "label": "A", "score": 1, "exclusive": True},
                                     {"value": "b", "label": "B", "score": 0}]),
     "only meaningful on multiple_choice"),
    ("exclusive not boolean", "Q-04",
     break_question("Q-04", options=[{"value": "x", "label": "X", "score": 1, "exclusive": 1},
                                     {"value": "w", "label": "W", "score": 0}]),
     "exclusive must be true or false"),
    ("scored question without a control", "Q-02", break_question("Q-02", controls=[]),
     "needs at least one ISO/IEC 42001 control"),
    ("unknown field", "Q-01", break_question("Q-01", requried=False), "unknown question field"),
    ("required not boolean", "Q-01", break_question("Q-01", required="yes"), "true or false"),
]


@pytest.mark.parametrize(("qid", "mutate", "fragment"),
                         [r[1:] for r in QUESTION_RULES], ids=[r[0] for r in QUESTION_RULES])
def test_question_rule(catalogue, qid, mutate, fragment):
    data = make_template()
    mutate(data)
    assert_problem(problems_of(data, catalogue), qid, fragment)


def test_duplicate_question_id(catalogue):
    data = make_template()
    question(data, "Q-04")["id"] = "Q-02"
    assert_problem(problems_of(data, catalogue), "Q-02", "duplicate question id")


def test_duplicate_section_id(catalogue):
    data = make_template()
    data["sections"][1]["id"] = "one"
    assert_problem(problems_of(data, catalogue), None, "section 'one': duplicate section id")


def test_condition_cycle(catalogue):
    data = make_template()
    question(data, "Q-01")["show_if"] = {"question": "Q-02", "any_of": ["a"]}
    question(data, "Q-02")["show_if"] = {"question": "Q-01", "any_of": ["yes"]}
    assert_problem(problems_of(data, catalogue), "Q-01", "condition cycle: Q-01 -> Q-02 -> Q-01")


def test_self_condition_is_a_cycle(catalogue):
    data = make_template()
    question(data, "Q-02")["show_if"] = {"question": "Q-02", "any_of": ["a"]}
    assert_problem(problems_of(data, catalogue), "Q-02", "condition cycle")


@pytest.mark.parametrize(("key", "value", "fragment"), [
    ("version", ..., "version None"),
    ("version", "3", "positive integer"),
    ("version", 0, "positive integer"),
    ("title", ..., "missing title"),
    ("id", "Bad_Key", "template id"),
    ("sections", [], "sections must be"),
    ("owner", "me", "unknown template field"),
])
def test_template_rule(catalogue, key, value, fragment):
    data = make_template()
    if value is ...:
        del data[key]
    else:
        data[key] = value
    assert_problem(problems_of(data, catalogue), None, fragment)


def test_all_problems_reported_at_once(catalogue):
    data = make_template()
    question(data, "Q-01")["controls"] = ["A.99.1"]
    question(data, "Q-02")["weight"] = 9
    del data["title"]
    problems = problems_of(data, catalogue)
    assert {p.question_id for p in problems} >= {"Q-01", "Q-02", None}


def test_not_a_mapping(catalogue):
    with pytest.raises(TemplateError) as info:
        parse_template(["nope"], source=SOURCE, catalogue=catalogue)
    assert str(info.value.problems[0]) == f"{SOURCE}: a template must be a mapping"


def test_yaml_yes_no_stay_strings(tmp_path, catalogue):
    path = tmp_path / "broken.yaml"
    path.write_text(
        "id: broken\nversion: 1\ntitle: T\nsections:\n"
        "  - id: s\n    title: S\n    questions:\n"
        "      - {id: Q-1, text: T, guidance: G, type: yes_no, required: true,\n"
        "         controls: [A.2.2]}\n"
        "      - {id: Q-2, text: T, guidance: G, type: text,\n"
        "         show_if: {question: Q-1, any_of: [yes]}}\n",
        encoding="utf-8",
    )
    template = load_template(path, catalogue)
    assert template.question("Q-2").show_if.any_of == ("yes",)
    assert template.question("Q-1").required is True


def test_file_name_must_match_id(tmp_path, catalogue):
    path = tmp_path / "other.yaml"
    path.write_text(yaml.safe_dump(make_template()), encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        load_template(path, catalogue)
    assert "must match the file name" in str(info.value)


def test_invalid_yaml_is_one_problem(tmp_path, catalogue):
    path = tmp_path / "broken.yaml"
    path.write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        load_template(path, catalogue)
    (problem,) = info.value.problems
    assert problem.file.endswith("broken.yaml") and "cannot read template" in problem.message
    assert "\n" not in str(problem)


def test_load_templates_collects_problems(tmp_path, catalogue):
    good = make_template()
    bad = copy.deepcopy(good)
    bad["id"] = "bad"
    question(bad, "Q-01")["controls"] = ["A.99.1"]
    (tmp_path / "broken.yaml").write_text(yaml.safe_dump(good), encoding="utf-8")
    (tmp_path / "bad.yaml").write_text(yaml.safe_dump(bad), encoding="utf-8")
    templates, problems = load_templates(tmp_path, catalogue)
    assert [t.key for t in templates] == ["broken"]
    assert len(problems) == 1 and problems[0].file.endswith("bad.yaml")
    assert problems[0].question_id == "Q-01"


def test_informational_choice_options_need_no_score_and_are_never_not_applicable(catalogue):
    data = make_template()
    question(data, "Q-02").update(weight=0, options=[{"value": "a", "label": "A"},
                                                     {"value": "b", "label": "B"}])
    q = parse_template(data, source=SOURCE, catalogue=catalogue).question("Q-02")
    assert [o.score for o in q.options] == [None, None]
    assert not q.allows_not_applicable
    assert not q.is_not_applicable("a")


def test_not_applicable_only_on_scored_questions(catalogue):
    template = parse_template(make_template(), source=SOURCE, catalogue=catalogue)
    yes_no, multi = template.question("Q-01"), template.question("Q-04")
    assert yes_no.allows_not_applicable and yes_no.is_not_applicable("not_applicable")
    assert not yes_no.is_not_applicable("no")
    assert multi.is_not_applicable(["y"]) and not multi.is_not_applicable(["x"])
    assert multi.primary_control == "6.1.4"


def test_exclusive_survives_the_pinned_form_and_is_omitted_when_false(catalogue):
    template = parse_template(make_template(), source=SOURCE, catalogue=catalogue)
    options = template.to_dict()["sections"][1]["questions"][0]["options"]
    assert options[2] == {"value": "y", "label": "Y", "score": None, "exclusive": True}
    assert "exclusive" not in options[0]
    assert template_from_dict(template.to_dict()) == template
