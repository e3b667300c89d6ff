"""Validate and normalise answer values against their question. Pure: no Flask, no database."""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from portal.domain import DomainError
from portal.questionnaires.bank import Question, Template, is_visible

MAX_TEXT = 20_000
MAX_COMMENT = 10_000
NOT_APPLICABLE = "not_applicable"


class InvalidAnswer(DomainError, ValueError):
    """The value cannot be an answer to this question; the message says why."""


@dataclass(frozen=True)
class MissingAnswer:
    question_id: str
    section_id: str
    text: str
    reason: str


def _is_blank(raw: object) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return raw.strip() == ""
    if isinstance(raw, list | tuple):
        return all(_is_blank(v) for v in raw)
    return False


def normalise(question: Question, raw: object) -> object | None:
    """Turn a submitted value (form string, list or JSON value) into the stored form.

    Returns None for a blank answer. Raises: InvalidAnswer.
    """
    if _is_blank(raw):
        return None
    kind = question.type
    if kind in ("yes_no", "single_choice"):
        value = raw[0] if isinstance(raw, list | tuple) and len(raw) == 1 else raw
        if not isinstance(value, str) or question.option(value) is None:
            raise InvalidAnswer("Choose one of the listed options.")
        return value
    if kind == "multiple_choice":
        values = [raw] if isinstance(raw, str) else raw
        if not isinstance(values, list | tuple):
            raise InvalidAnswer("Choose one or more of the listed options.")
        chosen = [v for v in values if isinstance(v, str) and v.strip()]
        unknown = [v for v in chosen if question.option(v) is None]
        if unknown:
            raise InvalidAnswer("Choose only from the listed options.")
        exclusive = [o.label for v in set(chosen) if (o := question.option(v)) and o.exclusive]
        if exclusive and len(set(chosen)) > 1:
            raise InvalidAnswer(f"“{exclusive[0]}” cannot be ticked together with other options.")
        order = [o.value for o in question.options]
        return sorted(set(chosen), key=order.index)
    if kind == "text":
        if not isinstance(raw, str):
            raise InvalidAnswer("Enter text.")
        text = raw.strip()
        if len(text) > MAX_TEXT:
            raise InvalidAnswer(
                f"Keep the answer under {MAX_TEXT:,} characters (it has {len(text):,}).")
        return text
    if kind == "number":
        return _number(raw)
    if kind == "date":
        return _date(raw)
    if kind == "file":
        return _document_ids(raw)
    raise InvalidAnswer(f"Unknown question type {kind!r}.")


def _number(raw: object) -> float:
    if isinstance(raw, bool):
        raise InvalidAnswer("Enter a number, for example 12 or 3.5.")
    if isinstance(raw, int | float):
        value = float(raw)
    elif isinstance(raw, str):
        cleaned = raw.strip().replace(",", "").replace("\u00a0", "").replace(" ", "")
        try:
            value = float(cleaned)
        except ValueError:
            raise InvalidAnswer("Enter a number, for example 12 or 3.5.") from None
    else:
        raise InvalidAnswer("Enter a number, for example 12 or 3.5.")
    if not math.isfinite(value) or abs(value) > 1e15:
        raise InvalidAnswer("Enter a finite number of a sensible size.")
    return int(value) if value.is_integer() else value


def _date(raw: object) -> str:
    if not isinstance(raw, str):
        raise InvalidAnswer("Enter a date as YYYY-MM-DD.")
    try:
        parsed = date.fromisoformat(raw.strip())
    except ValueError:
        raise InvalidAnswer("Enter a real date as YYYY-MM-DD, for example 2026-03-31.") from None
    if not 1900 <= parsed.year <= 2200:
        raise InvalidAnswer("Enter a date between 1900 and 2200.")
    return parsed.isoformat()


def _document_ids(raw: object) -> list[int]:
    values = raw if isinstance(raw, list | tuple) else [raw]
    ids: list[int] = []
    for value in values:
        if isinstance(value, int) and not isinstance(value, bool):
            ids.append(value)
        elif isinstance(value, str) and value.strip().isdigit():
            ids.append(int(value.strip()))
        else:
            raise InvalidAnswer("Attach files with the upload button.")
    return sorted(set(ids))


def check_comment(question: Question, value: object | None, comment: str | None) -> str | None:
    """Return the cleaned comment, or raise when a not-applicable answer has no justification."""
    text = (comment or "").strip()
    if len(text) > MAX_COMMENT:
        raise InvalidAnswer(f"Keep the comment under {MAX_COMMENT:,} characters.")
    if question.is_not_applicable(value) and not text:
        raise InvalidAnswer("Explain in the comment why this question does not apply to you.")
    return text or None


def missing_answers(template: Template, answers: Mapping[str, object],
                    comments: Mapping[str, str | None]) -> list[MissingAnswer]:
    """List every visible required question that is unanswered or lacks a needed justification."""
    missing = []
    for question in template.questions():
        if not is_visible(question, answers):
            continue
        value = answers.get(question.id)
        if question.required and _is_blank(value):
            missing.append(MissingAnswer(question.id, question.section_id, question.text,
                                         "No answer yet."))
            continue
        if question.is_not_applicable(value) and not (comments.get(question.id) or ""):
            missing.append(MissingAnswer(question.id, question.section_id, question.text,
                                         "Not applicable needs a justification in the comment."))
    return missing


def format_value(question: Question, value: object | None) -> str:
    """Render a stored answer as readable text (labels for options)."""
    if value is None or value == [] or value == "":
        return "—"
    if question.type in ("yes_no", "single_choice") and isinstance(value, str):
        option = question.option(value)
        return option.label if option else value
    if question.type == "multiple_choice" and isinstance(value, list):
        labels = [(o.label if (o := question.option(v)) else v) for v in value]
        return "; ".join(labels)
    if question.type == "file" and isinstance(value, list):
        return f"{len(value)} file(s) attached"
    if question.type == "number" and question.unit:
        return f"{value} {question.unit}"
    return str(value)


@dataclass(frozen=True)
class Progress:
    """How much of a questionnaire is answered: the one count every page and role shows."""

    sections: Mapping[str, tuple[int, int]]  # section id -> (answered, shown)
    answered: int
    total: int  # questions shown for these answers (hidden follow-ups do not count)

    @property
    def is_complete(self) -> bool:
        return self.answered >= self.total


def is_answered(value: object) -> bool:
    """Tell whether a stored value counts as an answer (blank text and empty lists do not)."""
    return not _is_blank(value)


def answer_progress(template: Template, answers: Mapping[str, object]) -> Progress:
    """Count the answered questions among those shown, per section and in all."""
    sections: dict[str, tuple[int, int]] = {}
    for section in template.sections:
        shown = [q for q in section.questions if is_visible(q, answers)]
        done = sum(not _is_blank(answers.get(q.id)) for q in shown)
        sections[section.id] = (done, len(shown))
    return Progress(sections=sections, answered=sum(d for d, _ in sections.values()),
                    total=sum(t for _, t in sections.values()))
