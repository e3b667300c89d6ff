"""Load, validate and evaluate questionnaire templates and the control catalogue.

Pure module: standard library and PyYAML only. See docs/questionnaire-format.md.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from portal.questionnaires.conditions import Expression, all_of, answer_in, evaluate
from portal.questionnaires.coverage import (
    Catalogue,
    Control,
    Crosswalk,
    Problem,
    TemplateError,
    YamlLoader,
    clause_coverage,
    coverage,
    default_questionnaires_dir,
    display_path,
    load_catalogue,
    parse_catalogue,
)
from portal.questionnaires.model import (
    CHOICE_TYPES,
    QUESTION_TYPES,
    SCORED_TYPES,
    YES_NO_OPTIONS,
    Condition,
    Option,
    Question,
    Section,
    Template,
)
from portal.questionnaires.rules import check_question

__all__ = [
    "QUESTION_TYPES", "SCORED_TYPES", "CHOICE_TYPES", "YES_NO_OPTIONS", "Option", "Condition",
    "Question", "Section", "Template", "Control", "Crosswalk", "Catalogue", "Problem",
    "TemplateError", "load_catalogue", "parse_template", "template_from_dict", "load_template",
    "load_templates", "is_visible", "visibility_rule", "visible_questions", "answer_score",
    "is_bad_answer", "default_questionnaires_dir", "parse_catalogue", "coverage", "clause_coverage",
]

TEMPLATE_KEY_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
QUESTION_ID_RE = re.compile(r"^[A-Z0-9][A-Z0-9.-]*$")
VALUE_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")

_TEMPLATE_KEYS = {"id", "version", "title", "description", "sections"}
_SECTION_KEYS = {"id", "title", "description", "questions"}
_QUESTION_KEYS = {
    "id", "text", "guidance", "type", "required", "weight", "critical", "controls", "evidence",
    "options", "show_if", "critical_if", "unit",
}
MAX_UNIT = 40
_OPTION_KEYS = {"value", "label", "score", "exclusive"}


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _text(raw: Mapping, key: str, report, *, required: bool = True) -> str:
    value = raw.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            report(f"missing {key}")
        return ""
    if not isinstance(value, str):
        report(f"{key} must be text")
        return ""
    return value.strip()


def _str_list(raw: Mapping, key: str, report) -> tuple[str, ...]:
    value = raw.get(key, [])
    if value is None:
        return ()
    if not isinstance(value, list):
        report(f"{key} must be a list")
        return ()
    out: list[str] = []
    for item in value:
        if not isinstance(item, str):
            report(f"{key}: {item!r} must be a quoted string")
        elif item in out:
            report(f"{key}: duplicate value {item!r}")
        else:
            out.append(item)
    return tuple(out)


def _unknown_keys(raw: Mapping, allowed: set[str], what: str, report) -> None:
    for key in raw:
        if key not in allowed:
            report(f"unknown {what} field {key!r}")


def _parse_options(raw: Mapping, qtype: str, report, *, informational: bool = False
                   ) -> tuple[Option, ...]:
    value = raw.get("options")
    if qtype not in CHOICE_TYPES:
        if value:
            report(f"{qtype} questions take no options")
        return ()
    if value is None and qtype == "yes_no":
        return YES_NO_OPTIONS
    if not isinstance(value, list) or not value:
        report(f"{qtype} questions need a non-empty options list")
        return ()
    defaults = {o.value: o for o in YES_NO_OPTIONS}
    options: list[Option] = []
    for item in value:
        if not isinstance(item, Mapping):
            report(f"option {item!r} must be a mapping with value, label and score")
            continue
        _unknown_keys(item, _OPTION_KEYS, "option", report)
        val = item.get("value")
        if not isinstance(val, str) or not VALUE_RE.match(val):
            report(f"option value {val!r} must match [a-z0-9][a-z0-9_-]*")
            continue
        if any(o.value == val for o in options):
            report(f"duplicate option value {val!r}")
            continue
        if qtype == "yes_no" and val not in defaults:
            report(f"yes_no option {val!r} is not one of yes, partial, no, not_applicable")
            continue
        base = defaults.get(val) if qtype == "yes_no" else None
        label = item.get("label", base.label if base else None)
        if not isinstance(label, str) or not label.strip():
            report(f"option {val!r} needs a label")
            label = val
        if "score" in item:
            score = item["score"]
        elif base is not None:
            score = base.score
        elif informational:
            score = None  # weight 0: the option is a fact, not a score
        else:
            report(f"option {val!r} needs a score (0..1, or null for not applicable)")
            score = None
        if score is not None and (not _is_number(score) or not 0 <= score <= 1):
            report(f"option {val!r}: score {score!r} must be between 0 and 1 or null")
            score = None
        exclusive = item.get("exclusive", False)
        if not isinstance(exclusive, bool):
            report(f"option {val!r}: exclusive must be true or false")
            exclusive = False
        options.append(Option(val, label.strip(), None if score is None else float(score),
                              exclusive))
    values = {o.value for o in options}
    if qtype == "yes_no" and not {"yes", "no"} <= values:
        report("yes_no options must include yes and no")
    if qtype == "single_choice" and len(options) < 2:
        report("single_choice questions need at least two options")
    return tuple(options)


def _parse_question(raw: Mapping, section_id: str, catalogue: Catalogue, report) -> Question:
    _unknown_keys(raw, _QUESTION_KEYS, "question", report)
    qtype = raw.get("type")
    if qtype not in QUESTION_TYPES:
        report(f"unknown type {qtype!r}; use one of {', '.join(QUESTION_TYPES)}")
        qtype = "text"
    required = raw.get("required", True)
    if not isinstance(required, bool):
        report("required must be true or false")
        required = True
    weight = raw.get("weight", 1 if qtype in CHOICE_TYPES else 0)
    if not _is_number(weight) or not 0 <= weight <= 5:
        report(f"weight {weight!r} must be a number from 0 to 5")
        weight = 0
    if qtype not in SCORED_TYPES and weight:
        report(f"{qtype} questions are unscored: weight must be 0")
    critical = raw.get("critical", False)
    if not isinstance(critical, bool):
        report("critical must be true or false")
        critical = False
    controls = _str_list(raw, "controls", report)
    for cid in controls:
        if catalogue.control(cid) is None:
            report(f"unknown control {cid!r}")
    evidence = _str_list(raw, "evidence", report)
    for kind in evidence:
        if kind not in catalogue.evidence_kinds:
            report(f"unknown evidence kind {kind!r}")
    options = _parse_options(raw, qtype, report, informational=not weight)
    critical_if = _parse_critical_if(raw, qtype, critical, options, report)
    show_if = None
    cond = raw.get("show_if")
    if cond is not None:
        any_of = cond.get("any_of") if isinstance(cond, Mapping) else None
        if (not isinstance(cond, Mapping) or set(cond) != {"question", "any_of"}
                or not isinstance(cond["question"], str) or not isinstance(any_of, list)
                or not any_of or not all(isinstance(v, str) for v in any_of)):
            report("show_if must be {question: ID, any_of: [values...]}")
        else:
            show_if = Condition(cond["question"], tuple(any_of))
    question = Question(
        id=raw.get("id"), section_id=section_id, text=_text(raw, "text", report),
        guidance=_text(raw, "guidance", report), type=qtype, required=required,
        weight=float(weight), critical=critical, controls=controls, evidence=evidence,
        options=options, show_if=show_if, critical_if=critical_if,
        unit=_parse_unit(raw, qtype, report),
    )
    check_question(question, report)
    return question


def _parse_unit(raw: Mapping, qtype: str, report) -> str:
    if "unit" not in raw:
        return ""
    unit = _text(raw, "unit", report)
    if qtype != "number":
        report(f"{qtype} questions take no unit; only number questions do")
        return ""
    if len(unit) > MAX_UNIT:
        report(f"unit must be at most {MAX_UNIT} characters")
        return ""
    return unit


def _parse_critical_if(raw, qtype, critical, options, report) -> tuple[str, ...]:
    if "critical_if" in raw and not critical:
        report("critical_if is only allowed on critical questions")
        return ()
    if not critical:
        return ()
    if qtype not in CHOICE_TYPES:
        report(f"{qtype} questions cannot be critical")
        return ()
    values = {o.value for o in options}
    if "critical_if" in raw:
        chosen = _str_list(raw, "critical_if", report)
        for val in chosen:
            if val not in values:
                report(f"critical_if value {val!r} is not an option of this question")
    elif qtype == "multiple_choice":
        report("critical multiple_choice questions need an explicit critical_if")
        return ()
    else:
        chosen = tuple(o.value for o in options if o.score is not None and o.score < 0.5)
    if not chosen:
        report("critical question has no bad answer (set critical_if)")
    return chosen


def _check_conditions(questions: list[Question], report_for) -> list[Question]:
    """Validate show_if references and resolve each condition's parent chain."""
    position = {q.id: i for i, q in enumerate(questions)}
    by_id = {q.id: q for q in questions}
    for i, q in enumerate(questions):
        if q.show_if is None:
            continue
        report = report_for(q.id)
        ref = q.show_if.question
        if ref not in position:
            report(f"show_if refers to unknown question {ref!r}")
            continue
        if position[ref] >= i:
            report(f"show_if refers to {ref!r}, which is not an earlier question")
        target = by_id[ref]
        if target.type not in CHOICE_TYPES:
            report(f"show_if refers to {ref!r}, a {target.type} question without options")
            continue
        for val in q.show_if.any_of:
            if target.option(val) is None:
                report(f"show_if value {val!r} is not an option of {ref!r}")
    for cycle in _condition_cycles(questions):
        report_for(cycle[0])("condition cycle: " + " -> ".join([*cycle, cycle[0]]))
    resolved: dict[str, Question] = {}
    out = []
    for q in questions:  # earlier questions are resolved first; bad references were reported
        if q.show_if is not None and q.show_if.question in resolved:
            parent = resolved[q.show_if.question].show_if
            q = replace(q, show_if=replace(q.show_if, parent=parent))
        resolved.setdefault(q.id, q)
        out.append(q)
    return out


def _condition_cycles(questions: list[Question]) -> list[list[str]]:
    edges = {q.id: q.show_if.question for q in questions if q.show_if is not None}
    cycles, done = [], set()
    for start in edges:
        path: list[str] = []
        node = start
        while node in edges and node not in done and node not in path:
            path.append(node)
            node = edges[node]
        if node in path:
            cycle = path[path.index(node):]
            if not done.intersection(cycle):
                cycles.append(cycle)
        done.update(path)
    return cycles


def parse_template(data: Any, *, source: str, catalogue: Catalogue) -> Template:
    """Validate a template mapping against the catalogue and build it.

    Raises:
        TemplateError: listing every problem found, each with source file and question id.
    """
    problems: list[Problem] = []

    def report_for(qid: str | None):
        return lambda message: problems.append(Problem(source, qid, message))

    report = report_for(None)
    if not isinstance(data, Mapping):
        raise TemplateError([Problem(source, None, "a template must be a mapping")])
    _unknown_keys(data, _TEMPLATE_KEYS, "template", report)
    key = data.get("id")
    if not isinstance(key, str) or not TEMPLATE_KEY_RE.match(key):
        report(f"template id {key!r} must match [a-z0-9][a-z0-9-]*")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        report(f"version {version!r} must be a positive integer")
    title = _text(data, "title", report)
    description = _text(data, "description", report, required=False)
    raw_sections = data.get("sections")
    if not isinstance(raw_sections, list) or not raw_sections:
        report("sections must be a non-empty list")
        raw_sections = []
    sections: list[tuple[str, str, str]] = []
    questions: list[Question] = []
    seen_ids: set[str] = set()
    for raw_s in raw_sections:
        if not isinstance(raw_s, Mapping):
            report(f"section {raw_s!r} must be a mapping")
            continue
        sid = raw_s.get("id")
        sreport = lambda m, sid=sid: report(f"section {sid!r}: {m}")  # noqa: E731
        _unknown_keys(raw_s, _SECTION_KEYS, "section", sreport)
        if not isinstance(sid, str) or not TEMPLATE_KEY_RE.match(sid):
            sreport("section id must match [a-z0-9][a-z0-9-]*")
        elif any(sid == s[0] for s in sections):
            sreport("duplicate section id")
        sections.append((sid, _text(raw_s, "title", sreport),
                         _text(raw_s, "description", sreport, required=False)))
        raw_qs = raw_s.get("questions")
        if not isinstance(raw_qs, list) or not raw_qs:
            sreport("questions must be a non-empty list")
            continue
        for raw_q in raw_qs:
            qid = raw_q.get("id") if isinstance(raw_q, Mapping) else None
            qreport = report_for(qid if isinstance(qid, str) else None)
            if not isinstance(raw_q, Mapping):
                sreport(f"question {raw_q!r} must be a mapping")
                continue
            if not isinstance(qid, str) or not QUESTION_ID_RE.match(qid):
                qreport(f"question id {qid!r} must match [A-Z0-9][A-Z0-9.-]*")
                continue
            if qid in seen_ids:
                qreport("duplicate question id")
                continue
            seen_ids.add(qid)
            questions.append(_parse_question(raw_q, sid, catalogue, qreport))
    questions = _check_conditions(questions, report_for)
    if problems:
        raise TemplateError(problems)
    return Template(key, version, title, description, tuple(
        Section(sid, stitle, sdesc, tuple(q for q in questions if q.section_id == sid))
        for sid, stitle, sdesc in sections
    ))


def template_from_dict(data: Mapping) -> Template:
    """Rebuild a template from Template.to_dict() output, trusting the data."""
    resolved: dict[str, Question] = {}
    sections = []
    for s in data["sections"]:
        questions = []
        for q in s["questions"]:
            qtype = q["type"]
            options = tuple(
                Option(o["value"], o["label"], o["score"], bool(o.get("exclusive", False)))
                for o in q.get("options", ())
            )
            if not options and qtype == "yes_no":
                options = YES_NO_OPTIONS
            show_if = None
            if q.get("show_if"):
                ref = q["show_if"]["question"]
                parent = resolved[ref].show_if if ref in resolved else None
                show_if = Condition(ref, tuple(q["show_if"]["any_of"]), parent)
            question = Question(
                id=q["id"], section_id=s["id"], text=q["text"], guidance=q["guidance"],
                type=qtype, required=q.get("required", True), weight=float(q.get("weight", 0)),
                critical=q.get("critical", False), controls=tuple(q.get("controls", ())),
                evidence=tuple(q.get("evidence", ())), options=options, show_if=show_if,
                critical_if=tuple(q.get("critical_if", ())), unit=q.get("unit", ""),
            )
            resolved[question.id] = question
            questions.append(question)
        sections.append(Section(s["id"], s["title"], s.get("description", ""), tuple(questions)))
    return Template(data["id"], int(data["version"]), data["title"],
                    data.get("description", ""), tuple(sections))


def load_template(path: str | Path, catalogue: Catalogue) -> Template:
    """Read, validate and build one YAML template file.

    Raises:
        TemplateError: when the file is unreadable, not YAML, or invalid.
    """
    path = Path(path)
    source = display_path(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=YamlLoader)  # noqa: S506  # nosec B506
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        message = " ".join(f"cannot read template: {exc}".split())
        raise TemplateError([Problem(source, None, message)]) from exc
    template = parse_template(data, source=source, catalogue=catalogue)
    if template.key != path.stem:
        raise TemplateError([Problem(source, None,
                                     f"template id {template.key!r} must match the file name")])
    return template


def load_templates(
    directory: str | Path | None = None, catalogue: Catalogue | None = None
) -> tuple[list[Template], list[Problem]]:
    """Load every *.yaml template in a directory; return the valid ones and all problems.

    Without a catalogue, use controls.yaml beside the templates folder, else the repository's.

    Raises:
        TemplateError: when the catalogue itself cannot be loaded.
    """
    directory = Path(directory) if directory else default_questionnaires_dir() / "templates"
    if catalogue is None:
        sibling = directory.parent / "controls.yaml"
        catalogue = load_catalogue(sibling if sibling.is_file() else None)
    templates: list[Template] = []
    problems: list[Problem] = []
    for path in sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")]):
        try:
            template = load_template(path, catalogue)
        except TemplateError as exc:
            problems.extend(exc.problems)
            continue
        if any(t.key == template.key for t in templates):
            problems.append(Problem(display_path(path), None,
                                    f"duplicate template id {template.key!r}"))
            continue
        templates.append(template)
    return templates, problems


def visibility_rule(question: Question) -> Expression | None:
    """Return the condition expression that decides whether the question is shown.

    A question whose parent question is hidden is hidden too, so the rule joins the question's
    own show_if with its parents' (portal/questionnaires/conditions.py describes the forms; the
    questionnaire page evaluates the same expression in the browser).
    """
    parts = []
    cond = question.show_if
    while cond is not None:
        parts.append(answer_in(cond.question, cond.any_of))
        cond = cond.parent
    return all_of(*reversed(parts))


def is_visible(question: Question, answers: Mapping[str, object]) -> bool:
    """Tell whether a question is shown, given the answers so far (hidden parent, hidden child)."""
    if question.show_if is None:
        return True
    return evaluate(visibility_rule(question), answers)


def visible_questions(template: Template, answers: Mapping[str, object]) -> tuple[Question, ...]:
    """Return the template's questions that are shown for these answers, in order."""
    return tuple(q for q in template.questions() if is_visible(q, answers))


def answer_score(question: Question, value: object) -> float | None:
    """Score an answer from 0 to 1; None when unscored, unanswered or not applicable."""
    if not question.is_scored or value is None:
        return None
    if question.type == "file":
        return 1.0 if value else 0.0
    if question.type == "multiple_choice":
        if not isinstance(value, list | tuple) or not value:
            return None
        scores = [o.score for v in value if (o := question.option(v)) and o.score is not None]
        return min(1.0, sum(scores)) if scores else None
    option = question.option(value) if isinstance(value, str) else None
    return option.score if option else None


def is_bad_answer(question: Question, value: object) -> bool:
    """Tell whether an answer to a critical question is one that must raise a finding."""
    if not question.critical or value is None:
        return False
    if isinstance(value, list | tuple):
        return any(v in question.critical_if for v in value)
    return value in question.critical_if
