"""Display conditions as data: one expression, evaluated the same way here and in the browser.

Pure module (standard library only). An expression is a JSON-shaped mapping of one of these forms:

- ``{"question": "ID", "any_of": ["a", "b"]}`` holds when the answer to question ID is one of the
  values, or (for a multiple-choice answer, a list) includes one of them. No answer, or an answer
  of another kind (a number, a date), does not hold.
- ``{"all": [expr, ...]}`` holds when every expression in the list holds (an empty list holds).
- ``{"any": [expr, ...]}`` holds when at least one holds (an empty list does not).
- ``{"not": expr}`` holds when the expression does not (``{"not": {"question": "Q", "any_of":
  ["no"]}}`` also holds while Q is unanswered: say ``all`` of it and an answer form to need one).

``None`` stands for "no condition" (always shown). The server decides what a page shows with
`evaluate`; the page re-decides as the person answers with portal/static/js/conditions.js, which
implements the same forms; tests/e2e/test_conditions_js.py runs both on one table of cases. A new
form (``not``, a comparison) is added to both, and to that table. Section-level conditions are
not a form of their own: the loader joins them into each question's rule (bank.resolve_conditions).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from portal.domain import DomainError

Expression = Mapping[str, Any]

ANSWER_IN = ("question", "any_of")
COMBINERS = ("all", "any")
NEGATION = "not"


class ConditionError(DomainError, ValueError):
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


def map_answers(expression: Expression, leaf: Callable[[Expression], Expression]) -> Expression:
    """Return the expression with every answer form replaced by leaf(answer form)."""
    form = _form(expression)
    if form == "answer_in":
        return leaf(expression)
    if form == NEGATION:
        return {NEGATION: map_answers(expression[NEGATION], leaf)}
    return {form: [map_answers(e, leaf) for e in expression[form]]}


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
    if keys == {NEGATION}:
        if not isinstance(expression[NEGATION], Mapping):
            raise ConditionError("not takes one condition")
        return NEGATION
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
    if form == NEGATION:
        return not evaluate(expression[NEGATION], answers)
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
    if form == NEGATION:
        return referenced_questions(expression[NEGATION])
    return set().union(*(referenced_questions(e) for e in expression[form]))


def describe(expression: Expression | None,
             label: Callable[[str, str], str] | None = None) -> str:
    """Say an expression in words ("Q1 is yes or partial, and Q2 is no").

    `label(question_id, value)` may turn option values into their labels.
    """
    if expression is None:
        return "always"
    form = _form(expression)
    if form == "answer_in":
        qid = expression["question"]
        values = [label(qid, v) if label else v for v in expression["any_of"]]
        return f"{qid} is {' or '.join(values)}" if values else f"{qid} is (nothing)"
    if form == NEGATION:
        return f"not ({describe(expression[NEGATION], label)})"
    parts = [describe(e, label) for e in expression[form]]
    if not parts:
        return "always" if form == "all" else "never"
    if len(parts) == 1:
        return parts[0]
    nested = [f"({p})" if (", and " in p or ", or " in p) else p for p in parts]
    return (", and " if form == "all" else ", or ").join(nested)
