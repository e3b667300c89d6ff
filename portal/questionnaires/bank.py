"""Load and validate questionnaire templates; the question bank's public names in one place.

Pure module: standard library and PyYAML only. See docs/questionnaire-format.md. The parts live
in their own modules and are named here (__all__): the types (model), the control catalogue and
crosswalks (coverage), the frameworks (frameworks), one question's fields (questions) and which
questions show for given answers (visibility).
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from portal.questionnaires.conditions import (
    Expression,
    all_of,
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
from portal.questionnaires.questions import (
    QUESTION_ID_RE,
    parse_condition,
    parse_question,
    read_text,
    unknown_keys,
)
from portal.questionnaires.visibility import (
    describe_condition,
    is_section_visible,
    is_visible,
    visibility_rule,
    visible_questions,
)

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

_TEMPLATE_KEYS = {"id", "version", "title", "description", "sections"}
_SECTION_KEYS = {"id", "title", "description", "questions", "sections", "show_if"}
MAX_SECTION_DEPTH = 5  # levels of headings below the template (chapter / section / ... / item)
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
    unknown_keys(data, _TEMPLATE_KEYS, "template", report)
    key = data.get("id")
    if not isinstance(key, str) or not TEMPLATE_KEY_RE.match(key):
        report(f"template id {key!r} must match [a-z0-9][a-z0-9-]*")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        report(f"version {version!r} must be a positive integer")
    title = read_text(data, "title", report)
    description = read_text(data, "description", report, required=False)
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
            unknown_keys(raw_s, _SECTION_KEYS, "section", sreport)
            if not isinstance(sid, str) or not TEMPLATE_KEY_RE.match(sid):
                sreport("section id must match [a-z0-9][a-z0-9-]*")
            elif any(sid == s.id for s in sections):
                sreport("duplicate section id")
            if depth >= MAX_SECTION_DEPTH:
                sreport(f"sections nest at most {MAX_SECTION_DEPTH} levels deep")
                continue
            expression = parse_condition(raw_s.get("show_if"), sreport)
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
                sid, read_text(raw_s, "title", sreport),
                read_text(raw_s, "description", sreport, required=False), (), parent, depth,
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
                questions.append(parse_question(raw_q, sid, catalogue, qreport, frameworks))
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
