"""Turn score results into "why this score" sentences for people: pure, no Flask."""
from __future__ import annotations

from portal.scoring.results import ControlScore, GroupScore, HeadlineScore, ScoreResult


def _num(value: float | None, digits: int = 1) -> str:
    return "none" if value is None else f"{value:.{digits}f}"


def _formula(questions) -> tuple[str, ...]:
    counted = [q for q in questions if q.applicable]
    if not counted:
        return ("No applicable question: no score.",)
    total = sum(q.weight for q in counted)
    terms = " + ".join(f"{q.weight:g} x {q.score:g} x {q.factor:g}" for q in counted)
    raw_terms = " + ".join(f"{q.weight:g} x {q.score:g}" for q in counted)
    lines = [f"Evidence-weighted: ({terms}) / {total:g}",
             f"Answers alone: ({raw_terms}) / {total:g}"]
    skipped = [q.question_id for q in questions if not q.applicable]
    if skipped:
        lines.append("Left out (not applicable): " + ", ".join(skipped))
    return tuple(lines)


def explain_control(control: ControlScore) -> tuple[str, ...]:
    """Return sentences explaining a control's score from its questions."""
    head = (f"{control.control_id} {control.title}: {_num(control.score)} "
            f"(answers alone {_num(control.raw_score)}, confidence "
            f"{_num(control.confidence, 2)}).")
    return (head, *_formula(control.questions),
            *(f"{q.question_id}: {q.reason}" for q in control.questions))


def explain_headline(headline: HeadlineScore) -> tuple[str, ...]:
    """Return sentences explaining the third-party relationship score."""
    head = (f"{headline.title} ({', '.join(headline.control_ids)}): {_num(headline.score)} "
            f"(answers alone {_num(headline.raw_score)}, confidence "
            f"{_num(headline.confidence, 2)}); each question counted once.")
    return (head, *_formula(headline.questions))


def explain_group(group: GroupScore) -> tuple[str, ...]:
    """Return sentences explaining a group's score (mean of controls, or pooled questions)."""
    if group.basis == "question_weight":
        head = (f"{group.group} {group.title}: {_num(group.score)}, the weighted average of the "
                f"{len(group.questions)} question(s) whose primary control is in the group "
                f"(total weight {group.question_weight:g}); its share of the overall score is "
                f"{group.weight:g} x {group.question_weight:g}.")
        return (head, *_formula(group.questions))
    scored = [c for c in group.controls if c.score is not None]
    parts = " + ".join(f"{c.score:.1f} ({c.control_id})" for c in scored)
    mean = f"({parts}) / {len(scored)}" if scored else "no scored control"
    return (f"{group.group} {group.title}: {_num(group.score)} = {mean}; weight "
            f"{group.weight:g} in the overall score.",)


def explain_result(result: ScoreResult) -> tuple[str, ...]:
    """Return sentences explaining the overall score, band and residual risk."""
    scored = [g for g in result.groups if g.score is not None and g.overall_weight]
    parts = " + ".join(f"{g.overall_weight:g} x {g.score:.1f} ({g.group})" for g in scored)
    total = sum(g.overall_weight for g in scored)
    overall = f"({parts}) / {total:g}" if scored else "no scored group"
    return (
        f"Overall {_num(result.overall)} = {overall} (group scores shown rounded).",
        f"Answers alone {_num(result.raw_overall)}; confidence {_num(result.confidence, 2)}; "
        f"completeness {_num(result.completeness, 2)}"
        + (f"; not applicable {_num(result.not_applicable_rate, 2)} of the shown weight."
           if result.not_applicable_rate is not None else "."),
        f"Control effectiveness: {result.effectiveness_label}. Method {result.method_version}.",
        *result.residual_reasons,
    )
