"""Display conditions as data: one expression, evaluated the same way here and in the browser.

Pure module (standard library only). An expression is a JSON-shaped mapping of one of these forms:

- ``{"question": "ID", "any_of": ["a", "b"]}`` holds when the answer to question ID is one of the
  values, or (for a multiple-choice answer, a list) includes one of them. No answer, or an answer
  of another kind (a number, a date), does not hold.
- ``{"all": [expr, ...]}`` holds when every expression in the list holds (an empty list holds).
- ``{"any": [expr, ...]}`` holds when at least one holds (an empty list does not).

``None`` stands for "no condition" (always shown). The server decides what a page shows with
`evaluate`; the page re-decides as the person answers with portal/static/js/conditions.js, which
implements the same forms; tests/e2e/test_conditions_js.py runs both on one table of cases. A new
form (a section-level condition, ``not``, a comparison) is added to both, and to that table.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

Expression = Mapping[str, Any]

ANSWER_IN = ("question", "any_of")
COMBINERS = ("all", "any")


class ConditionError(ValueError):
    """An expression that is not one of the documented forms."""


def answer_in(question_id: str, values: Iterable[str]) -> dict[str, Any]:
    """Return the expression "the answer to question_id is one of values"."""
    return {"question": question_id, "any_of": list(values)}


def all_of(*expressions: Expression | None) -> Expression | None:
    """Return an expression that holds when all given ones do (None ones are left out)."""
    parts = [e for e in expressions if e is not None]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else {"all": parts}


def any_of(*expressions: Expression) -> Expression:
    """Return an expression that holds when at least one of the given ones does."""
    return {"any": list(expressions)}


def _form(expression: Any) -> str:
    if not isinstance(expression, Mapping):
        raise ConditionError(f"a condition must be a mapping, not {expression!r}")
    keys = set(expression)
    if keys == set(ANSWER_IN):
        question, values = expression["question"], expression["any_of"]
        if not isinstance(question, str) or not isinstance(values, list | tuple) \
                or not all(isinstance(v, str) for v in values):
            raise ConditionError("an answer condition is {question: ID, any_of: [values...]}")
        return "answer_in"
    if len(keys) == 1 and (key := next(iter(keys))) in COMBINERS:
        if not isinstance(expression[key], list | tuple):
            raise ConditionError(f"{key} takes a list of conditions")
        return key
    raise ConditionError(f"unknown condition form with keys {sorted(keys)}")


def evaluate(expression: Expression | None, answers: Mapping[str, object]) -> bool:
    """Tell whether the expression holds for these answers (question id -> stored value).

    Raises: ConditionError for an expression that is not one of the documented forms.
    """
    if expression is None:
        return True
    form = _form(expression)
    if form == "all":
        return all(evaluate(e, answers) for e in expression["all"])
    if form == "any":
        return any(evaluate(e, answers) for e in expression["any"])
    value = answers.get(expression["question"])
    wanted: Sequence[str] = expression["any_of"]
    if isinstance(value, str):
        return value in wanted
    if isinstance(value, list | tuple):
        return any(isinstance(v, str) and v in wanted for v in value)
    return False


def referenced_questions(expression: Expression | None) -> set[str]:
    """Return the ids of the questions whose answers the expression reads."""
    if expression is None:
        return set()
    form = _form(expression)
    if form == "answer_in":
        return {expression["question"]}
    return set().union(*(referenced_questions(e) for e in expression[form]))
