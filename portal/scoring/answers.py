"""What an answer is worth: its score from the question's options, and whether it is critical.

Pure: the question bank holds the options and their scores (data); scoring reads them here.
"""
from __future__ import annotations

from portal.questionnaires.bank import Question


def answer_score(question: Question, value: object) -> float | None:
    """Score an answer from 0 to 1; None when unscored, unanswered or not applicable."""
    if not question.is_scored or value is None:
        return None
    if question.type == "file":
        return 1.0 if value else 0.0
    if question.type == "multiple_choice":
        if not isinstance(value, list | tuple) or not value:
            return None
        scores = [o.score for v in value if (o := question.option(v)) and o.score is not None]
        return min(1.0, sum(scores)) if scores else None
    option = question.option(value) if isinstance(value, str) else None
    return option.score if option else None


def is_bad_answer(question: Question, value: object) -> bool:
    """Tell whether an answer to a critical question is one that must raise a finding."""
    if not question.critical or value is None:
        return False
    if isinstance(value, list | tuple):
        return any(v in question.critical_if for v in value)
    return value in question.critical_if
