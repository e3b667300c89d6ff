"""The question bank's value types: templates, sections, questions and options.

Pure module: standard library only. portal.questionnaires.bank reads them from YAML.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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


@dataclass(frozen=True)
class Condition:
    question: str
    any_of: tuple[str, ...]
    # The referenced question's own show_if, resolved at load time so that a question whose
    # parent is hidden is hidden too, without needing the template at evaluation time.
    parent: Condition | None = field(default=None, compare=False, repr=False)


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
        if self.show_if is not None:
            cond = self.show_if
            out["show_if"] = {"question": cond.question, "any_of": list(cond.any_of)}
        if self.critical:
            out["critical_if"] = list(self.critical_if)
        if self.unit:  # only when set, so older checksums hold
            out["unit"] = self.unit
        return out


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    description: str
    questions: tuple[Question, ...]


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

    def to_dict(self) -> dict:
        """Return the normalised, JSON-serialisable form; parse_template accepts it back."""
        return {
            "id": self.key, "version": self.version, "title": self.title,
            "description": self.description,
            "sections": [
                {"id": s.id, "title": s.title, "description": s.description,
                 "questions": [q.to_dict() for q in s.questions]}
                for s in self.sections
            ],
        }
