"""Raise findings from scored answers under the method's finding rules: pure, no Flask."""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from portal.questionnaires.bank import Catalogue, Question
from portal.scoring.method import LEVELS, FindingRule, Method
from portal.scoring.results import (
    SCORED,
    UNANSWERED,
    FindingInput,
    GeneratedFinding,
    QuestionScore,
)

KEY_PREFIX = {"critical_answer": "critical", "poor_answer": "poor", "missing_evidence": "evidence"}


def finding_key(kind: str, question_id: str) -> str:
    """Return the stable key of a generated finding, e.g. "critical:CORE-CUS-01"."""
    return f"{KEY_PREFIX.get(kind, kind)}:{question_id}"


def _evidence_kinds(question: Question, catalogue: Catalogue) -> str:
    labels = [catalogue.evidence_kinds.get(k, k) for k in question.evidence]
    if len(labels) == 1:
        return labels[0]
    return "one of: " + "; ".join(labels)


def _build(kind: str, severity: str, rule: FindingRule, qs: QuestionScore, question: Question,
           catalogue: Catalogue, method: Method) -> GeneratedFinding:
    control_id = question.controls[0] if question.controls else None
    control = catalogue.control(control_id) if control_id else None
    try:
        evidence = method.level(qs.evidence).label
    except KeyError:
        evidence = qs.evidence
    fields = {
        "question_id": question.id,
        "question_text": question.text,
        "answer": qs.answer,
        "score": f"{qs.score:g}" if qs.score is not None else "none",
        "weight": f"{question.weight:g}",
        "control_id": control_id or "no control",
        "control_title": control.title if control else "",
        "evidence_kinds": _evidence_kinds(question, catalogue) if question.evidence else "",
        "evidence": evidence,
    }
    return GeneratedFinding(
        key=finding_key(kind, question.id), kind=kind, severity=severity, control_id=control_id,
        question_id=question.id, title=" ".join(rule.title.format_map(fields).split()),
        detail=rule.detail.format_map(fields), remediation=rule.remediation.format_map(fields),
        controls=question.controls,
    )


def generate_findings(
    scores: Iterable[QuestionScore],
    questions: Mapping[str, Question],
    catalogue: Catalogue,
    method: Method,
) -> tuple[GeneratedFinding, ...]:
    """Raise at most one finding per question: critical answer, else poor answer, else evidence."""
    out: list[GeneratedFinding] = []
    rules = method.findings
    for qs in scores:
        question = questions[qs.question_id]
        if qs.critical_failure:
            rule = rules["critical_answer"]
            severity = rule.severity_for(question.weight, True)
            out.append(_build("critical_answer", severity, rule, qs, question, catalogue, method))
            continue
        if qs.status not in (SCORED, UNANSWERED):
            continue
        poor = rules["poor_answer"]
        if qs.score is not None and qs.score < poor.below_score:
            severity = poor.severity_for(question.weight, question.critical)
            if severity:
                out.append(_build("poor_answer", severity, poor, qs, question, catalogue, method))
            continue
        missing = rules["missing_evidence"]
        if (qs.status == SCORED and question.evidence and qs.score is not None
                and qs.score >= missing.min_score
                and method.level(qs.evidence).rank < method.level(missing.below_level).rank):
            severity = missing.severity_for(question.weight, question.critical)
            if severity:
                out.append(_build("missing_evidence", severity, missing, qs, question,
                                  catalogue, method))
    return tuple(out)


def merge_findings(
    generated: Iterable[GeneratedFinding], extra: Iterable[GeneratedFinding]
) -> tuple[GeneratedFinding, ...]:
    """Merge caller-supplied findings in (same key: the caller's wins); worst severity first."""
    by_key: dict[str, GeneratedFinding] = {}
    for finding in [*generated, *extra]:
        if finding.severity not in LEVELS:
            raise ValueError(f"finding {finding.key!r}: unknown severity {finding.severity!r}")
        by_key[finding.key] = finding
    order = {key: i for i, key in enumerate(by_key)}
    return tuple(sorted(by_key.values(),
                        key=lambda f: (-LEVELS.index(f.severity), order[f.key])))


@dataclass(frozen=True)
class FindingUpdate:
    """A stored finding raised again: its index among the stored findings, its severity now."""

    index: int
    finding: GeneratedFinding
    severity: str
    reopen: bool


@dataclass(frozen=True)
class FindingPlan:
    """What recording an assessment's generated findings does to the vendor's stored ones."""

    raised: tuple[GeneratedFinding, ...]
    updated: tuple[FindingUpdate, ...]
    resolved: tuple[int, ...]  # indexes of stored findings closed: no longer raised


def plan_findings(stored: Sequence[FindingInput], generated: Sequence[GeneratedFinding],
                  before: Mapping[str, float | None], after: Mapping[str, float | None]
                  ) -> FindingPlan:
    """Plan the upsert of generated findings by key; never reopen a handled one unless worse.

    A closed or accepted finding is reopened only when the answer got worse (higher severity,
    or a lower answer score than before). Open generated findings no longer raised are closed.
    """
    existing = {f.key: i for i, f in enumerate(stored) if f.key}
    raised, updated = [], []
    for item in generated:
        index = existing.get(item.key)
        if index is None:
            raised.append(item)
            continue
        finding = stored[index]
        higher = LEVELS.index(item.severity) > LEVELS.index(finding.severity)
        old, new = before.get(item.question_id or ""), after.get(item.question_id or "")
        worse = higher or (old is not None and new is not None and new < old)
        updated.append(FindingUpdate(index, item, item.severity if higher else finding.severity,
                                     reopen=finding.status in ("closed", "accepted") and worse))
    keys = {g.key for g in generated}
    resolved = tuple(i for i in existing.values()
                     if stored[i].key not in keys and stored[i].status == "open"
                     and stored[i].is_generated)
    return FindingPlan(tuple(raised), tuple(updated), resolved)


def planned_findings(stored: Sequence[FindingInput], plan: FindingPlan
                     ) -> tuple[FindingInput, ...]:
    """Return the vendor's findings as they stand once the plan is carried out."""
    out = list(stored)
    for update in plan.updated:
        out[update.index] = replace(out[update.index], severity=update.severity,
                                    status="open" if update.reopen else out[update.index].status)
    for index in plan.resolved:
        out[index] = replace(out[index], status="closed")
    return (*out, *(FindingInput(g.severity, "open", g.key, title=g.title[:300],
                                 is_generated=g.kind in KEY_PREFIX) for g in plan.raised))
