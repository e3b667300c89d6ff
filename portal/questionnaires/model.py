"""The question bank's value types: templates, sections, questions and options.

Pure module: standard library only. portal.questionnaires.bank reads them from YAML.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from portal.questionnaires.conditions import describe

QUESTION_TYPES = ("yes_no", "single_choice", "multiple_choice", "text", "number", "date", "file")
CHOICE_TYPES = ("yes_no", "single_choice", "multiple_choice")
# file questions are scored only when given a weight above 0: 1.0 with a document, 0.0 without.
SCORED_TYPES = (*CHOICE_TYPES, "file")


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    # None: on a scored question, "not applicable" (left out of the score, needs a
    # justification); on an informational question (weight 0) simply unscored.
    score: float | None
    exclusive: bool = False  # multiple_choice: cannot be ticked with any other option

    def to_dict(self) -> dict:
        """Return the normalised form; `exclusive` only when set, so older checksums hold."""
        out: dict[str, Any] = {"value": self.value, "label": self.label, "score": self.score}
        if self.exclusive:
            out["exclusive"] = True
        return out


YES_NO_OPTIONS = (
    Option("yes", "Yes", 1.0),
    Option("partial", "Partially", 0.5),
    Option("no", "No", 0.0),
    Option("not_applicable", "Not applicable", None),
)


def canonical(expression: Any) -> str:
    """Return the canonical JSON text of an expression."""
    return json.dumps(expression, sort_keys=True, separators=(",", ":"))


@dataclass(frozen=True)
class Condition:
    """A display condition, kept as canonical JSON so that questions stay hashable.

    `expression` is what the author wrote on the question or section (None on a question shown
    only under its sections' conditions); `author_rule` joins it with the enclosing sections'
    conditions; `rule` is the whole visibility rule resolved at load time, in which every answer
    a condition reads also requires that question to be shown, so that a stale answer to a hidden
    question never shows anything. Forms: portal/questionnaires/conditions.py.
    """
    expression_json: str
    author_json: str = field(default="", compare=False, repr=False)
    rule_json: str = field(default="", compare=False, repr=False)

    @classmethod
    def of(cls, expression: Any, author: Any = None, rule: Any = None) -> Condition:
        """Build a condition from JSON-shaped expressions (author and rule default to it)."""
        author = expression if author is None else author
        return cls(canonical(expression), canonical(author),
                   canonical(author if rule is None else rule))

    @property
    def expression(self) -> Any:
        return json.loads(self.expression_json)

    @property
    def author_rule(self) -> Any:
        return json.loads(self.author_json or self.expression_json)

    @property
    def rule(self) -> Any:
        return json.loads(self.rule_json or self.author_json or self.expression_json)

    @property
    def question(self) -> str | None:
        """The referenced question when the own expression is the simple answer form."""
        expr = self.expression
        return expr.get("question") if isinstance(expr, dict) else None

    @property
    def any_of(self) -> tuple[str, ...]:
        """The values of the simple answer form (empty for combined forms)."""
        expr = self.expression
        return tuple(expr.get("any_of", ())) if isinstance(expr, dict) else ()

    def describe(self, label: Callable[[str, str], str] | None = None) -> str:
        """Say in words when this is shown (own and section conditions)."""
        return describe(self.author_rule, label)


@dataclass(frozen=True)
class Question:
    id: str
    section_id: str
    text: str
    guidance: str
    type: str
    required: bool
    weight: float
    critical: bool
    controls: tuple[str, ...]
    evidence: tuple[str, ...]
    options: tuple[Option, ...]
    show_if: Condition | None
    critical_if: tuple[str, ...]
    # number questions: what the figure counts ("hours", "calendar days"); "" when unstated.
    unit: str = ""
    # Mappings to frameworks other than ISO/IEC 42001 (`controls`), e.g. (("nist_ai_rmf",
    # ("GOVERN 6.1",)), ...), in catalogue order; see questionnaires/frameworks.yaml.
    frameworks: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def option(self, value: str) -> Option | None:
        """Return the option with this value, or None."""
        return next((o for o in self.options if o.value == value), None)

    @property
    def is_scored(self) -> bool:
        """Tell whether the answer to this question contributes to a score."""
        return self.type in SCORED_TYPES and self.weight > 0

    @property
    def primary_control(self) -> str | None:
        """Return the control the question counts in first (the first one listed)."""
        return self.controls[0] if self.controls else None

    @property
    def allows_not_applicable(self) -> bool:
        """Tell whether the question offers a "not applicable" answer (a null-score option)."""
        return self.is_scored and any(o.score is None for o in self.options)

    def is_not_applicable(self, value: object) -> bool:
        """Tell whether an answer claims "not applicable" (and so needs a justification).

        Only scored questions have such answers: on an informational question an option
        without a score is just a fact about the vendor.
        """
        if not self.is_scored or value is None:
            return False
        values = value if isinstance(value, list | tuple) else [value]
        options = [self.option(v) if isinstance(v, str) else None for v in values]
        return bool(options) and all(o is not None and o.score is None for o in options)

    def to_dict(self) -> dict:
        """Return the normalised, JSON-serialisable form (same shape as the YAML)."""
        out: dict[str, Any] = {
            "id": self.id, "text": self.text, "guidance": self.guidance, "type": self.type,
            "required": self.required, "weight": self.weight, "critical": self.critical,
            "controls": list(self.controls), "evidence": list(self.evidence),
        }
        if self.options:
            out["options"] = [o.to_dict() for o in self.options]
        if self.show_if is not None and self.show_if.expression is not None:
            out["show_if"] = self.show_if.expression
        if self.critical:
            out["critical_if"] = list(self.critical_if)
        if self.unit:  # only when set, so older checksums hold
            out["unit"] = self.unit
        if self.frameworks:  # written only when set, so older checksums hold
            out["frameworks"] = {key: list(ids) for key, ids in self.frameworks}
        return out

    def framework_ids(self, framework: str) -> tuple[str, ...]:
        """Return the ids this question maps to in one framework (`iso42001`: its controls)."""
        if framework == "iso42001":
            return self.controls
        return next((ids for key, ids in self.frameworks if key == framework), ())


@dataclass(frozen=True)
class Section:
    """A heading with its own questions; subsections follow it in Template.sections."""
    id: str
    title: str
    description: str
    questions: tuple[Question, ...]
    parent_id: str | None = None
    depth: int = 0  # 0 for a top-level section
    show_if: Condition | None = None

    def to_dict(self) -> dict:
        """Return the normalised form without subsections; `show_if` only when set."""
        out: dict[str, Any] = {"id": self.id, "title": self.title,
                               "description": self.description}
        if self.show_if is not None and self.show_if.expression is not None:
            out["show_if"] = self.show_if.expression
        out["questions"] = [q.to_dict() for q in self.questions]
        return out


@dataclass(frozen=True)
class Template:
    key: str
    version: int
    title: str
    description: str
    sections: tuple[Section, ...]

    def questions(self) -> tuple[Question, ...]:
        """Return every question in template order."""
        return tuple(q for s in self.sections for q in s.questions)

    def question(self, question_id: str) -> Question | None:
        """Return the question with this id, or None."""
        return next((q for q in self.questions() if q.id == question_id), None)

    def section(self, section_id: str) -> Section | None:
        """Return the section with this id, or None."""
        return next((s for s in self.sections if s.id == section_id), None)

    def subsections(self, section_id: str | None) -> tuple[Section, ...]:
        """Return the sections directly under this one (None: the top-level sections)."""
        return tuple(s for s in self.sections if s.parent_id == section_id)

    def section_path(self, section_id: str) -> tuple[Section, ...]:
        """Return the section and its ancestors, outermost first."""
        path: list[Section] = []
        section = self.section(section_id)
        while section is not None:
            path.insert(0, section)
            section = self.section(section.parent_id) if section.parent_id else None
        return tuple(path)

    def section_numbers(self) -> dict[str, str]:
        """Number the sections by nesting: "1", "2", "2.1", "2.1.1", "3"."""
        numbers: dict[str, str] = {}
        counts: dict[str | None, int] = {}
        for section in self.sections:
            counts[section.parent_id] = counts.get(section.parent_id, 0) + 1
            prefix = f"{numbers[section.parent_id]}." if section.parent_id else ""
            numbers[section.id] = f"{prefix}{counts[section.parent_id]}"
        return numbers

    def section_label(self, section_id: str) -> str:
        """Return the section's title after its ancestors' ("Governance / Policies")."""
        return " / ".join(s.title for s in self.section_path(section_id))

    def to_dict(self) -> dict:
        """Return the normalised, JSON-serialisable form; parse_template accepts it back."""

        def nested(section: Section) -> dict:
            out = section.to_dict()
            children = self.subsections(section.id)
            if children:
                out["sections"] = [nested(c) for c in children]
            return out

        return {
            "id": self.key, "version": self.version, "title": self.title,
            "description": self.description,
            "sections": [nested(s) for s in self.subsections(None)],
        }
