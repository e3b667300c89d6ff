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

from portal.questionnaires.conditions import (
    ConditionError,
    Expression,
    all_of,
    evaluate,
    map_answers,
    referenced_questions,
)
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
from portal.questionnaires.frameworks import Frameworks, load_frameworks
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
    "load_templates", "is_visible", "visibility_rule", "visible_questions",
    "default_questionnaires_dir", "parse_catalogue", "coverage", "clause_coverage",
    "resolve_conditions", "is_section_visible", "describe_condition", "Frameworks",
    "load_frameworks",
]

TEMPLATE_KEY_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
QUESTION_ID_RE = re.compile(r"^[A-Z0-9][A-Z0-9.-]*$")
VALUE_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")

_TEMPLATE_KEYS = {"id", "version", "title", "description", "sections"}
_SECTION_KEYS = {"id", "title", "description", "questions", "sections", "show_if"}
_QUESTION_KEYS = {
    "id", "text", "guidance", "type", "required", "weight", "critical", "controls", "evidence",
    "options", "show_if", "critical_if", "unit", "frameworks",
}
MAX_UNIT = 40
MAX_SECTION_DEPTH = 5  # levels of headings below the template (chapter / section / ... / item)
_CONDITION_FORMS = ("show_if must be {question: ID, any_of: [values...]}, or {all: [...]}, "
                    "{any: [...]} or {not: ...} of such conditions")
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
        if qtype == "yes_no" and val not in defaults and not {"label", "score"} <= set(item):
            report(f"yes_no option {val!r} is not one of yes, partial, no, not_applicable: "
                   "another option needs an explicit label and score")
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


def _parse_condition(cond: Any, report) -> Expression | None:
    """Check a show_if expression's form; return it normalised (lists, not tuples) or None."""
    if cond is None:
        return None

    def leaf(expr: Expression) -> Expression:
        values = expr["any_of"]
        if not values:
            raise ConditionError("empty any_of")
        return {"question": expr["question"], "any_of": list(values)}

    try:
        return map_answers(cond, leaf)
    except (ConditionError, TypeError, KeyError):
        report(_CONDITION_FORMS)
        return None


def _parse_frameworks(raw: Mapping, frameworks: Frameworks, report
                      ) -> tuple[tuple[str, tuple[str, ...]], ...]:
    value = raw.get("frameworks")
    if value is None:
        return ()
    if not isinstance(value, Mapping):
        report("frameworks must be a mapping of framework id to a list of ids, e.g. "
               "{nist_ai_rmf: [GOVERN 6.1]}")
        return ()
    found: dict[str, tuple[str, ...]] = {}
    for key in value:
        if key == "iso42001":
            report("put ISO/IEC 42001 controls in controls, not in frameworks")
            continue
        framework = frameworks.get(key) if isinstance(key, str) else None
        if framework is None:
            report(f"unknown framework {key!r}; use one of {', '.join(frameworks.keys)}")
            continue
        ids = _str_list(value, key, report)
        for item in ids:
            if not framework.accepts(item):
                report(f"{key}: {item!r} is not a {framework.title} id "
                       f"(for example {framework.example!r})")
        if ids:
            found[key] = ids
    return tuple((f.id, found[f.id]) for f in frameworks.frameworks if f.id in found)


def _parse_question(raw: Mapping, section_id: str, catalogue: Catalogue, report,
                    frameworks: Frameworks | None = None) -> Question:
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
    expression = _parse_condition(raw.get("show_if"), report)
    show_if = Condition.of(expression) if expression is not None else None
    mapped = _parse_frameworks(raw, frameworks or load_frameworks(), report)
    question = Question(
        id=raw.get("id"), section_id=section_id, text=_text(raw, "text", report),
        guidance=_text(raw, "guidance", report), type=qtype, required=required,
        weight=float(weight), critical=critical, controls=controls, evidence=evidence,
        options=options, show_if=show_if, critical_if=critical_if, frameworks=mapped,
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


def _check_references(expression: Expression, position: int, questions: list[Question],
                      report, what: str = "show_if") -> None:
    """Each question a condition reads exists before `position`, has options, and the values."""
    index = {q.id: i for i, q in enumerate(questions)}

    def leaf(expr: Expression) -> Expression:
        ref = expr["question"]
        if ref not in index:
            report(f"{what} refers to unknown question {ref!r}")
            return expr
        if index[ref] >= position:
            report(f"{what} refers to {ref!r}, which is not an earlier question")
        target = questions[index[ref]]
        if target.type not in CHOICE_TYPES:
            report(f"{what} refers to {ref!r}, a {target.type} question without options")
            return expr
        for val in expr["any_of"]:
            if target.option(val) is None:
                report(f"{what} value {val!r} is not an option of {ref!r}")
        return expr

    map_answers(expression, leaf)


def _condition_cycles(questions: list[Question]) -> list[list[str]]:
    edges = {q.id: sorted(referenced_questions(q.show_if.expression)) for q in questions
             if q.show_if is not None and q.show_if.expression is not None}
    cycles: list[list[str]] = []
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> None:
        if node in path:
            cycle = path[path.index(node):]
            if not done.intersection(cycle):
                cycles.append(cycle)
            return
        if node in done or node not in edges:
            return
        for nxt in edges[node]:
            visit(nxt, [*path, node])

    for start in edges:
        visit(start, [])
        done.add(start)
    return cycles


def resolve_conditions(sections: list[Section], questions: list[Question]
                       ) -> tuple[list[Section], list[Question]]:
    """Join section conditions into their questions' and inline every referenced question's rule.

    Sections come in template order (a parent before its children), questions in template order.
    A question's rule is then complete on its own: conditions.js can evaluate it on the page
    without the template, and a stale answer to a hidden question shows nothing.
    """
    rules: dict[str, Expression | None] = {}

    def inline(expression: Expression | None) -> Expression | None:
        if expression is None:
            return None
        return map_answers(expression,
                           lambda leaf: all_of(rules.get(leaf["question"]), dict(leaf)))

    chains: dict[str | None, list[Expression]] = {None: []}
    for section in sections:
        own = section.show_if.expression if section.show_if is not None else None
        chains[section.id] = [*chains.get(section.parent_id, []), *([own] if own else [])]
    out_questions = []
    for q in questions:
        own = q.show_if.expression if q.show_if is not None else None
        author = all_of(*chains.get(q.section_id, []), own)
        rules[q.id] = rule = inline(author)
        if author is not None:
            q = replace(q, show_if=Condition.of(own, author, rule))
        out_questions.append(q)
    out_sections = []
    for section in sections:
        author = all_of(*chains[section.id])
        if author is not None:
            own = section.show_if.expression if section.show_if is not None else None
            section = replace(section, show_if=Condition.of(own, author, inline(author)))
        out_sections.append(section)
    return out_sections, out_questions


def parse_template(data: Any, *, source: str, catalogue: Catalogue,
                   frameworks: Frameworks | None = None) -> Template:
    """Validate a template mapping against the catalogues and build it.

    Raises:
        TemplateError: listing every problem found, each with source file and question id.
    """
    problems: list[Problem] = []
    frameworks = frameworks or load_frameworks()

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
    sections: list[Section] = []
    starts: dict[str, int] = {}  # section id -> index of its first question (conditions)
    questions: list[Question] = []
    seen_ids: set[str] = set()

    def parse_sections(items: list, parent: str | None, depth: int) -> None:
        for raw_s in items:
            if not isinstance(raw_s, Mapping):
                report(f"section {raw_s!r} must be a mapping")
                continue
            sid = raw_s.get("id")
            sreport = lambda m, sid=sid: report(f"section {sid!r}: {m}")  # noqa: E731
            _unknown_keys(raw_s, _SECTION_KEYS, "section", sreport)
            if not isinstance(sid, str) or not TEMPLATE_KEY_RE.match(sid):
                sreport("section id must match [a-z0-9][a-z0-9-]*")
            elif any(sid == s.id for s in sections):
                sreport("duplicate section id")
            if depth >= MAX_SECTION_DEPTH:
                sreport(f"sections nest at most {MAX_SECTION_DEPTH} levels deep")
                continue
            expression = _parse_condition(raw_s.get("show_if"), sreport)
            starts[sid] = len(questions)
            raw_qs = raw_s.get("questions")
            raw_children = raw_s.get("sections")
            if raw_children is not None and (not isinstance(raw_children, list)
                                             or not raw_children):
                sreport("sections must be a non-empty list")
                raw_children = None
            if raw_children and (raw_qs is None or raw_qs == []):
                raw_qs = []
            elif not isinstance(raw_qs, list) or not raw_qs:
                sreport("questions must be a non-empty list (or give subsections in sections)")
                raw_qs = []
            sections.append(Section(
                sid, _text(raw_s, "title", sreport),
                _text(raw_s, "description", sreport, required=False), (), parent, depth,
                Condition.of(expression) if expression is not None else None))
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
                questions.append(_parse_question(raw_q, sid, catalogue, qreport, frameworks))
            if raw_children:
                parse_sections(raw_children, sid, depth + 1)

    parse_sections(raw_sections, None, 0)
    for i, q in enumerate(questions):
        if q.show_if is not None:
            _check_references(q.show_if.expression, i, questions, report_for(q.id))
    for section in sections:
        if section.show_if is not None:
            _check_references(section.show_if.expression, starts[section.id], questions,
                              lambda m, sid=section.id: report(f"section {sid!r}: {m}"))
    for cycle in _condition_cycles(questions):
        report_for(cycle[0])("condition cycle: " + " -> ".join([*cycle, cycle[0]]))
    if problems:
        raise TemplateError(problems)
    sections = [replace(s, questions=tuple(q for q in questions if q.section_id == s.id))
                for s in sections]
    sections, questions = resolve_conditions(sections, questions)
    return _assemble(key, version, title, description, sections, questions)


def _assemble(key, version, title, description, sections: list[Section],
              questions: list[Question]) -> Template:
    by_section: dict[str, list[Question]] = {}
    for q in questions:
        by_section.setdefault(q.section_id, []).append(q)
    return Template(key, version, title, description, tuple(
        replace(s, questions=tuple(by_section.get(s.id, ()))) for s in sections))


def template_from_dict(data: Mapping) -> Template:
    """Rebuild a template from Template.to_dict() output, trusting the data."""
    sections: list[Section] = []
    questions: list[Question] = []

    def walk(items, parent: str | None, depth: int) -> None:
        for s in items:
            cond = s.get("show_if")
            sections.append(Section(s["id"], s["title"], s.get("description", ""), (), parent,
                                    depth, Condition.of(cond) if cond else None))
            for q in s.get("questions", ()):
                qtype = q["type"]
                options = tuple(
                    Option(o["value"], o["label"], o["score"], bool(o.get("exclusive", False)))
                    for o in q.get("options", ())
                )
                if not options and qtype == "yes_no":
                    options = YES_NO_OPTIONS
                questions.append(Question(
                    id=q["id"], section_id=s["id"], text=q["text"], guidance=q["guidance"],
                    type=qtype, required=q.get("required", True),
                    weight=float(q.get("weight", 0)), critical=q.get("critical", False),
                    controls=tuple(q.get("controls", ())), evidence=tuple(q.get("evidence", ())),
                    options=options,
                    show_if=Condition.of(q["show_if"]) if q.get("show_if") else None,
                    critical_if=tuple(q.get("critical_if", ())), unit=q.get("unit", ""),
                    frameworks=tuple((k, tuple(v)) for k, v in q.get("frameworks", {}).items()),
                ))
            walk(s.get("sections", ()), s["id"], depth + 1)

    walk(data["sections"], None, 0)
    sections, questions = resolve_conditions(sections, questions)
    return _assemble(data["id"], int(data["version"]), data["title"],
                     data.get("description", ""), sections, questions)


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

    The rule joins the question's own show_if with its sections' and, for every answer it
    reads, that question's own rule: a question whose parent question is hidden is hidden too
    (portal/questionnaires/conditions.py describes the forms; the questionnaire page evaluates
    the same expression in the browser).
    """
    return question.show_if.rule if question.show_if is not None else None


def is_visible(question: Question, answers: Mapping[str, object]) -> bool:
    """Tell whether a question is shown, given the answers so far (hidden parent, hidden child)."""
    if question.show_if is None:
        return True
    return evaluate(visibility_rule(question), answers)


def describe_condition(question: Question | Section, template: Template) -> str:
    """Say when a question or section is shown, with option labels ("START-ORG-03 is Yes")."""
    if question.show_if is None:
        return "always"

    def label(qid: str, value: str) -> str:
        ref = template.question(qid)
        option = ref.option(value) if ref else None
        return option.label if option else value

    return question.show_if.describe(label)


def is_section_visible(section: Section, answers: Mapping[str, object]) -> bool:
    """Tell whether a section (and so everything in it) is shown, given the answers so far."""
    return section.show_if is None or evaluate(section.show_if.rule, answers)


def visible_questions(template: Template, answers: Mapping[str, object]) -> tuple[Question, ...]:
    """Return the template's questions that are shown for these answers, in order."""
    return tuple(q for q in template.questions() if is_visible(q, answers))
