"""Which sections and questions show for the answers given so far.

Pure module: evaluates the resolved conditions of portal.questionnaires.model's types.
"""
from __future__ import annotations

from collections.abc import Mapping

from portal.questionnaires.conditions import Expression, evaluate
from portal.questionnaires.model import Question, Section, Template


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
