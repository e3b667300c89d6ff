"""How far each scored question can move the overall score: pure, no Flask (issue 17).

Every shown question starts at its best answer, self-attested; then one question at a time gets
its worst scored answer, and the drop in the overall score is that question's reach. A method
whose roll-up honours the questions' weights gives a weight-5 question more reach than a
weight-2 one; bench/scoring_sensitivity.py prints the table and writes it into docs/scoring.md.
"""
from __future__ import annotations

from dataclasses import dataclass

from portal.questionnaires.bank import Catalogue, Question, Template, is_visible
from portal.scoring.engine import score_assessment
from portal.scoring.results import AnswerInput
from portal.scoring.schema import Method

FREE_TYPES = ("text", "number", "date", "file")


@dataclass(frozen=True)
class Reach:
    question_id: str
    weight: float
    controls: tuple[str, ...]
    drop: float  # overall points lost from the best to the worst answer


def best_and_worst(question: Question) -> tuple[object, object] | None:
    """Return the best and the worst scored answer to a question, or None if it has no range."""
    scored = sorted((o for o in question.options if o.score is not None), key=lambda o: o.score)
    if question.type == "multiple_choice":
        best = [o.value for o in scored if not o.exclusive]
        return (best, [scored[0].value]) if scored else None
    if len(scored) < 2:
        return None
    return scored[-1].value, scored[0].value


def baseline(template: Template) -> dict[str, object]:
    """Return the best answer to every question shown (informational ones: the first option)."""
    answers: dict[str, object] = {}
    for question in template.questions():
        if not is_visible(question, answers) or question.type in FREE_TYPES:
            continue
        if not question.is_scored:
            first = question.options[0].value
            answers[question.id] = [first] if question.type == "multiple_choice" else first
            continue
        pair = best_and_worst(question)
        if pair:
            answers[question.id] = pair[0]
    return answers


def sensitivity(template: Template, method: Method, catalogue: Catalogue,
                answers: dict[str, object] | None = None) -> list[Reach]:
    """Return each scored question's reach on the overall score, largest first."""
    answers = baseline(template) if answers is None else answers

    def overall(values: dict[str, object]) -> float:
        inputs = {qid: AnswerInput(qid, value) for qid, value in values.items()}
        return score_assessment(template, inputs, inherent_tier="high", method=method,
                                catalogue=catalogue).overall or 0.0

    top = overall(answers)
    out = []
    for question in template.questions():
        if not question.is_scored or question.id not in answers:
            continue
        pair = best_and_worst(question)
        if pair is None:
            continue
        drop = top - overall({**answers, question.id: pair[1]})
        out.append(Reach(question.id, question.weight, question.controls, round(drop, 2)))
    return sorted(out, key=lambda r: (-r.drop, -r.weight, r.question_id))


def weight_inversions(rows: list[Reach], heavy: float = 5, light: float = 2
                      ) -> list[tuple[Reach, Reach]]:
    """Return (heavy, light) pairs where the heavy question moves the score less."""
    return [(h, lo) for h in rows if h.weight >= heavy for lo in rows
            if lo.weight <= light and h.drop < lo.drop]


def markdown(rows: list[Reach], top: int | None = None) -> str:
    """Return the table as Markdown."""
    lines = ["| Question | Weight | Controls (primary first) | Overall points it can move |",
             "| --- | --- | --- | --- |"]
    for row in rows[:top] if top else rows:
        lines.append(f"| {row.question_id} | {row.weight:g} | {', '.join(row.controls)} | "
                     f"{row.drop:.1f} |")
    return "\n".join(lines)
