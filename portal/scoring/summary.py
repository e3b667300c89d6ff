"""Say a score in words, for the "why this score" page: pure, no Flask.

The page leads with these sentences, then lets the reader open each group and control, and keeps
the formulas (portal/scoring/explain.py) folded away under "How this is computed".
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from portal.scoring.results import GroupScore, QuestionScore, ScoreResult


@dataclass(frozen=True)
class Summary:
    headline: str  # one sentence: the scores and the band
    points: tuple[str, ...]  # a few sentences: what drives the score, strongest to weakest
    improve: tuple[str, ...]  # what would raise it


def group_label(group: GroupScore) -> str:
    """Name a group for people: "A.10 Third-party ..." or, for the clauses, their title."""
    return group.title if not group.group.startswith("A.") else f"{group.group} {group.title}"


def _n(value: float | None) -> str:
    return "not scored" if value is None else f"{value:.1f}"


def _counted(result: ScoreResult) -> list[QuestionScore]:
    return [q for q in result.questions if q.applicable]


def summarise(result: ScoreResult, *, vendor: str,
              evidence_labels: Mapping[str, str]) -> Summary:
    """Describe the result in a few plain sentences (evidence levels ordered weakest first)."""
    headline = (f"{vendor} scores {_n(result.overall)} out of 100 overall "
                f"({result.effectiveness_label.lower()} control effectiveness) and "
                f"{_n(result.third_party.score)} on {result.third_party.title.lower()}.")
    points: list[str] = []
    counted = _counted(result)
    answered = [q for q in counted if q.answered]
    evidence = Counter(q.evidence for q in answered)
    if len(evidence) == 1:
        level = evidence_labels.get(next(iter(evidence)), next(iter(evidence))).lower()
        points.append(f"All {len(answered)} answers that count are backed as: {level}.")
    elif answered:
        mix = "; ".join(f"{count} {evidence_labels.get(level, level).lower()}"
                        for level, count in evidence.most_common())
        points.append(f"Of the {len(answered)} answers that count: {mix}.")
    if result.raw_overall is not None and result.overall is not None \
            and result.raw_overall - result.overall >= 0.05:
        points.append(
            f"The answers alone would score {_n(result.raw_overall)}; the score is lower because "
            f"each answer counts only as far as its evidence goes (confidence "
            f"{result.confidence:.2f}, where 1.00 means every answer is certified).")
    unanswered = [q for q in counted if not q.answered]
    if unanswered:
        points.append(f"{len(unanswered)} applicable question(s) were not answered and count "
                      "as 0.")
    scored = sorted((g for g in result.groups if g.score is not None),
                    key=lambda g: g.score, reverse=True)
    if len(scored) >= 2:
        best, worst = scored[0], scored[-1]
        points.append(f"Strongest area: {group_label(best)} ({_n(best.score)}). Weakest: "
                      f"{group_label(worst)} ({_n(worst.score)}).")
    critical = [q for q in result.questions if q.critical_failure]
    if critical:
        points.append(f"{len(critical)} critical question(s) were answered badly: "
                      + ", ".join(q.question_id for q in critical) + ".")
    if result.residual_reasons:
        points.append(f"Residual risk: {result.residual_risk.capitalize()}. "
                      + " ".join(result.residual_reasons[1:3]))
    improve: list[str] = []
    weakest_level = next(iter(evidence_labels), None)  # the method lists levels weakest first
    self_attested = sum(count for level, count in evidence.items() if level == weakest_level)
    if self_attested:
        improve.append(f"Ask for documents behind the {self_attested} self-attested answer(s), "
                       "or accept a certificate that covers them: evidence raises each answer's "
                       "weight.")
    weak = [g for g in scored if g.score < 50]
    if weak:
        improve.append("Follow up the weak areas first: "
                       + ", ".join(f"{group_label(g)} ({_n(g.score)})" for g in weak[-3:]) + ".")
    return Summary(headline=headline, points=tuple(points), improve=tuple(improve))
