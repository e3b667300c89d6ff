"""How far each scored question can move the overall score (issue 17), from the pure engine.

    python bench/scoring_sensitivity.py [--method v2] [--template ai-supplier-core] [--top 15]

Every shown question starts at its best answer, self-attested; then one question at a time gets
its worst scored answer, and the drop in the overall score is that question's reach. Questions
are listed by reach, with their weight, so a weight that does not match influence stands out.
Nothing is timed: the figures are properties of the method and the template.
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from portal.questionnaires.bank import (  # noqa: E402
    Question,
    Template,
    is_visible,
    load_catalogue,
    load_templates,
)
from portal.scoring import AnswerInput, Method, load_method, score_assessment  # noqa: E402


@dataclass(frozen=True)
class Reach:
    question_id: str
    weight: float
    controls: tuple[str, ...]
    drop: float  # overall points lost from the best to the worst answer


def _best_and_worst(question: Question) -> tuple[object, object] | None:
    scored = sorted((o for o in question.options if o.score is not None),
                    key=lambda o: o.score)
    if question.type == "multiple_choice":
        best = [o.value for o in scored if not o.exclusive]
        return best, [scored[0].value]
    if len(scored) < 2:
        return None
    return scored[-1].value, scored[0].value


def baseline(template: Template) -> dict[str, object]:
    """Return the best answer to every question shown (informational ones: the first option)."""
    answers: dict[str, object] = {}
    for question in template.questions():
        if not is_visible(question, answers) or question.type in ("text", "number", "date",
                                                                   "file"):
            continue
        if not question.is_scored:
            first = question.options[0].value
            answers[question.id] = [first] if question.type == "multiple_choice" else first
            continue
        pair = _best_and_worst(question)
        if pair:
            answers[question.id] = pair[0]
    return answers


def sensitivity(template: Template, method: Method) -> list[Reach]:
    """Return each scored question's reach on the overall score, largest first."""
    catalogue = load_catalogue()
    answers = baseline(template)

    def overall(values: dict[str, object]) -> float:
        inputs = {qid: AnswerInput(qid, value) for qid, value in values.items()}
        return score_assessment(template, inputs, inherent_tier="high", method=method,
                                catalogue=catalogue).overall or 0.0

    top = overall(answers)
    out = []
    for question in template.questions():
        if not question.is_scored or question.id not in answers:
            continue
        pair = _best_and_worst(question)
        if pair is None:
            continue
        drop = top - overall({**answers, question.id: pair[1]})
        out.append(Reach(question.id, question.weight, question.controls, round(drop, 2)))
    return sorted(out, key=lambda r: (-r.drop, -r.weight, r.question_id))


def markdown(rows: list[Reach], top: int | None = None) -> str:
    """Return the table as Markdown."""
    lines = ["| Question | Weight | Controls | Overall points it can move |",
             "| --- | --- | --- | --- |"]
    for row in rows[:top] if top else rows:
        lines.append(f"| {row.question_id} | {row.weight:g} | {', '.join(row.controls)} | "
                     f"{row.drop:.1f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--method", default=None, help="method version (default: latest)")
    parser.add_argument("--template", default="ai-supplier-core")
    parser.add_argument("--top", type=int, default=None)
    args = parser.parse_args(argv)
    template = next(t for t in load_templates()[0] if t.key == args.template)
    method = load_method(version=args.method, catalogue=load_catalogue())
    print(f"Method {method.version}, template {template.key} v{template.version}")
    print(markdown(sensitivity(template, method), args.top))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
