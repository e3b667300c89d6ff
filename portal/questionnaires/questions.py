"""Parse and check one section's or question's fields from a template file.

Pure module: standard library and the question bank's own types. parse_template
(portal.questionnaires.bank) calls these for each section and question and collects every
problem through the report callbacks.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from portal.questionnaires.conditions import ConditionError, Expression, map_answers
from portal.questionnaires.coverage import Catalogue
from portal.questionnaires.frameworks import Frameworks, load_frameworks
from portal.questionnaires.model import (
    CHOICE_TYPES,
    QUESTION_TYPES,
    SCORED_TYPES,
    YES_NO_OPTIONS,
    Condition,
    Option,
    Question,
)
from portal.questionnaires.rules import check_question

QUESTION_ID_RE = re.compile(r"^[A-Z0-9][A-Z0-9.-]*$")
VALUE_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_QUESTION_KEYS = {
    "id", "text", "guidance", "type", "required", "weight", "critical", "controls", "evidence",
    "options", "show_if", "critical_if", "unit", "frameworks",
}
MAX_UNIT = 40
_CONDITION_FORMS = ("show_if must be {question: ID, any_of: [values...]}, or {all: [...]}, "
                    "{any: [...]} or {not: ...} of such conditions")
_OPTION_KEYS = {"value", "label", "score", "exclusive"}


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def read_text(raw: Mapping, key: str, report, *, required: bool = True) -> str:
    """Return a stripped text field, reporting a missing (when required) or non-text value."""
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


def unknown_keys(raw: Mapping, allowed: set[str], what: str, report) -> None:
    """Report every field of raw that is not one of the allowed ones."""
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
        unknown_keys(item, _OPTION_KEYS, "option", report)
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


def parse_condition(cond: Any, report) -> Expression | None:
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


def parse_question(raw: Mapping, section_id: str, catalogue: Catalogue, report,
                    frameworks: Frameworks | None = None) -> Question:
    """Check one question mapping against the catalogues and build it (problems go to report)."""
    unknown_keys(raw, _QUESTION_KEYS, "question", report)
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
    expression = parse_condition(raw.get("show_if"), report)
    show_if = Condition.of(expression) if expression is not None else None
    mapped = _parse_frameworks(raw, frameworks or load_frameworks(), report)
    question = Question(
        id=raw.get("id"), section_id=section_id, text=read_text(raw, "text", report),
        guidance=read_text(raw, "guidance", report), type=qtype, required=required,
        weight=float(weight), critical=critical, controls=controls, evidence=evidence,
        options=options, show_if=show_if, critical_if=critical_if, frameworks=mapped,
        unit=_parse_unit(raw, qtype, report),
    )
    check_question(question, report)
    return question


def _parse_unit(raw: Mapping, qtype: str, report) -> str:
    if "unit" not in raw:
        return ""
    unit = read_text(raw, "unit", report)
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
