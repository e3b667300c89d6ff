"""Validator rules on parsed questions: the classes of defect a scored questionnaire must not have.

Pure module: standard library only. parse_template runs every rule on every question and
reports each problem with the question's id; docs/questionnaire-format.md ("Scoring rules that
the validator enforces") explains them to template authors.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from portal.questionnaires.model import CHOICE_TYPES, Question

Report = Callable[[str], None]
# A multiple_choice option that means "none of these" must be exclusive.
_NONE_LABEL = re.compile(r"^\s*(none\b|no\s+(?:one|such|other)\b|nothing\b)", re.IGNORECASE)
_NONE_VALUES = {"none", "nothing", "no-one", "none-of-these"}
FULL_MARKS = 1.0
_EPSILON = 1e-9


def _scored(question: Question) -> list[float]:
    return [o.score for o in question.options if o.score is not None]


def check_scored_options(question: Question, report: Report) -> None:
    """A scored choice question needs two scored options and a reachable full score."""
    if not question.is_scored or question.type not in CHOICE_TYPES:
        return
    scores = _scored(question)
    if len(scores) < 2:
        report("a scored question needs at least two options with a score: an option without "
               "a score means \"not applicable\", so this question could only be refused or "
               "left out of the score (give weight 0 if it is informational)")
        return
    if question.type == "multiple_choice":
        reachable = sum(o.score for o in question.options
                        if o.score is not None and not o.exclusive)
        reachable = max(reachable, *(o.score for o in question.options
                                     if o.score is not None and o.exclusive), 0.0)
        if reachable < FULL_MARKS - _EPSILON:
            report(f"the best possible answer scores {reachable:g}: the options of a scored "
                   "multiple_choice question must be able to reach 1")
    elif max(scores) < FULL_MARKS - _EPSILON:
        report(f"no option scores 1 (best: {max(scores):g}): a scored question needs a best "
               "answer that earns full marks")
    if question.type != "multiple_choice" and min(scores) == max(scores):
        report("every scored option has the same score: the answer cannot change the score")


def check_not_applicable(question: Question, report: Report) -> None:
    """At most one "not applicable" option; none on critical questions; exclusive in a list."""
    if not question.is_scored:
        return
    unscored = [o for o in question.options if o.score is None]
    if len(unscored) > 1:
        report("more than one option has no score (not applicable): "
               + ", ".join(o.value for o in unscored) + "; keep one and score the others")
    if unscored and question.critical:
        report("a critical question cannot offer \"not applicable\" "
               f"({unscored[0].value}): give its options a score, or make it non-critical")
    if question.type == "multiple_choice":
        for option in unscored:
            if not option.exclusive:
                report(f"not-applicable option {option.value!r} must be exclusive: true")


def check_exclusive(question: Question, report: Report) -> None:
    """Only multiple_choice options can be exclusive; on a scored one "None of these" must be.

    (On an informational question a contradictory tick costs no score, so it is not forced.)
    """
    for option in question.options:
        if option.exclusive and question.type != "multiple_choice":
            report(f"option {option.value!r}: exclusive is only meaningful on multiple_choice "
                   "questions")
        if (question.type == "multiple_choice" and question.is_scored and not option.exclusive
                and (option.value in _NONE_VALUES or _NONE_LABEL.match(option.label))):
            report(f"option {option.value!r} ({option.label}) means none of the others: mark it "
                   "exclusive: true so it cannot be ticked with them")


def check_primary_control(question: Question, report: Report) -> None:
    """Every scored question counts in one primary control (the first listed)."""
    if question.is_scored and question.primary_control is None:
        report("a scored question needs at least one ISO/IEC 42001 control in controls (other "
               "frameworks do not count): the first listed is its primary control, where its "
               "weight counts, and without one the answer counts in no score")


RULES = (check_scored_options, check_not_applicable, check_exclusive, check_primary_control)


def check_question(question: Question, report: Report) -> None:
    """Run every rule on one parsed question."""
    for rule in RULES:
        rule(question, report)
