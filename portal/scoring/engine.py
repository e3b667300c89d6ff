"""Score an assessment: question -> control -> objective group -> overall, with evidence.

Pure module: takes the pinned template, answers and evidence as values and returns frozen
dataclasses. No Flask, no database. docs/scoring.md explains the method; the weights, factors,
bands and rules come from the versioned method file (portal.scoring.method).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from portal.domain import DomainError
from portal.questionnaires.bank import (
    Catalogue,
    Control,
    Question,
    Template,
    is_visible,
)
from portal.scoring.answers import answer_score, is_bad_answer
from portal.scoring.findings import (
    generate_findings,
    merge_findings,
    plan_findings,
    planned_findings,
)
from portal.scoring.lifts import certificate_notes, identity_issues, lift
from portal.scoring.method import LEVELS, Method
from portal.scoring.residual import residual_risk, summarise
from portal.scoring.results import (
    HIDDEN,
    NA_UNACCEPTED,
    NOT_APPLICABLE,
    SCORED,
    UNANSWERED,
    UNSCORED,
    AnswerInput,
    CertificateInput,
    ControlScore,
    FindingInput,
    GeneratedFinding,
    GroupScore,
    HeadlineScore,
    QuestionScore,
    ScoreResult,
)

# Statuses that take part in control, group and headline scores.
COUNTED = (SCORED, UNANSWERED, NOT_APPLICABLE, NA_UNACCEPTED)


class ScoringError(DomainError, ValueError):
    """The inputs cannot be scored under this method (e.g. an unknown evidence level)."""


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


def _ratio(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _answer_label(question: Question, value: object) -> str:
    if value is None or value == "" or (isinstance(value, list | tuple) and not value
                                        and question.type != "file"):
        return "Not answered"
    if question.type == "file" and isinstance(value, list | tuple):
        if not value:
            return "No document attached"
        return f"{len(value)} document{'s' if len(value) != 1 else ''} attached"
    if isinstance(value, list | tuple):
        return "; ".join((o.label if (o := question.option(str(v))) else str(v)) for v in value)
    option = question.option(value) if isinstance(value, str) else None
    return option.label if option else str(value)


def _is_empty(question: Question, value: object) -> bool:
    if value is None or value == "":
        return True
    return question.type != "file" and isinstance(value, list | tuple) and not value


def score_question(
    question: Question,
    answer: AnswerInput | None,
    visible: bool,
    method: Method,
    catalogue: Catalogue,
    certificates: Sequence[CertificateInput] = (),
) -> QuestionScore:
    """Score one answer: status, score, evidence level after certificate lifts, and why."""
    value = answer.value if answer is not None else None
    declared = answer.evidence if answer is not None else method.weakest_level.id
    try:
        method.level(declared)
    except KeyError:
        known = ", ".join(lv.id for lv in method.evidence_levels)
        raise ScoringError(f"{question.id}: unknown evidence level {declared!r}; "
                           f"use one of {known}") from None
    label = _answer_label(question, value)
    base = dict(question_id=question.id, text=question.text, controls=question.controls,
                weight=question.weight, critical=question.critical, value=value, answer=label,
                declared_evidence=declared, evidence=declared, lifted_by="")
    if not visible:
        cond = question.show_if
        shown = cond.describe() if cond else "its condition holds"
        return QuestionScore(**base, status=HIDDEN, applicable=False, answered=False, score=None,
                             factor=None, weighted=None, critical_failure=False,
                             reason=f"Hidden (shown only when {shown}): not scored.")
    critical = is_bad_answer(question, value)
    flag = " Critical question answered badly: raises a finding." if critical else ""
    if not question.is_scored:
        return QuestionScore(**base, status=UNSCORED, applicable=False,
                             answered=not _is_empty(question, value), score=None, factor=None,
                             weighted=None, critical_failure=critical,
                             reason="Informational: not scored." + flag)
    score = answer_score(question, value)
    weight = f"{question.weight:g}"
    if score is None and not _is_empty(question, value) and question.is_not_applicable(value):
        if method.not_applicable == "when_accepted" and not (answer and answer.accepted):
            return QuestionScore(
                **base, status=NA_UNACCEPTED, applicable=True, answered=True, score=0.0,
                factor=0.0, weighted=0.0, critical_failure=critical,
                reason=f"Not applicable, but no reviewer has accepted that: counts as 0 at "
                       f"weight {weight} until a reviewer accepts the answer." + flag)
        who = ("accepted by a reviewer" if method.not_applicable == "when_accepted"
               else "justified by the vendor")
        return QuestionScore(**base, status=NOT_APPLICABLE, applicable=False, answered=True,
                             score=None, factor=None, weighted=None, critical_failure=critical,
                             reason=f"Not applicable ({who}): left out of the score and its "
                                    "denominator." + flag)
    if score is None:
        why = "Not answered" if _is_empty(question, value) else "Answer not recognised"
        return QuestionScore(**base, status=UNANSWERED, applicable=True, answered=False,
                             score=0.0, factor=0.0, weighted=0.0, critical_failure=critical,
                             reason=f"{why}: counts as 0 at weight {weight}." + flag)
    level_id, lifted_by, note = lift(question, declared, certificates, method, catalogue)
    level = method.level(level_id)
    weighted = score * level.factor
    return QuestionScore(
        **{**base, "evidence": level_id, "lifted_by": lifted_by}, status=SCORED,
        applicable=True, answered=True, score=score, factor=level.factor, weighted=weighted,
        critical_failure=critical,
        reason=(f'"{label}" scores {score:g}; evidence {level.label} (factor {level.factor:g})'
                f"{note}; counts {weighted:.2f} of 1 at weight {weight}." + flag
                + (f" {answer.note}" if answer is not None and answer.note else "")),
    )


def _pool(scores: Iterable[QuestionScore]) -> tuple[float | None, float | None, float | None]:
    """Return the weighted means (evidence-weighted score, raw score, confidence) as 0..1."""
    applicable = [q for q in scores if q.applicable]
    total = sum(q.weight for q in applicable)
    if not total:
        return None, None, None
    weighted = sum(q.weight * q.weighted for q in applicable) / total
    raw = sum(q.weight * q.score for q in applicable) / total
    confidence = sum(q.weight * q.factor for q in applicable) / total
    return weighted, raw, confidence


def _mean(values: list[tuple[float, float]]) -> float | None:
    """Return the weighted mean of (weight, value) pairs, or None when no weight."""
    total = sum(w for w, _ in values)
    return sum(w * v for w, v in values) / total if total else None


def _group_of(control: Control, method: Method) -> tuple[str, str]:
    if control.kind == "clause":
        return method.clause_group[0], method.clause_group[1]
    return control.group, control.group_title


def _score_controls(scores: Sequence[QuestionScore], catalogue: Catalogue, method: Method,
                    warnings: list[str]) -> tuple[list[ControlScore], dict[str, tuple]]:
    members: dict[str, list[QuestionScore]] = {}
    for qs in scores:
        if qs.status not in COUNTED:
            continue
        if not qs.controls:
            warnings.append(f"{qs.question_id} maps to no control: it counts in no score.")
        for cid in qs.controls:
            if catalogue.control(cid) is None:
                warnings.append(f"{qs.question_id}: control {cid!r} is not in the catalogue; "
                                "ignored.")
            else:
                members.setdefault(cid, []).append(qs)
    controls, raw = [], {}
    for control in catalogue.controls:  # catalogue order
        if control.id not in members:
            continue
        weighted, raw_score, confidence = _pool(members[control.id])
        raw[control.id] = (weighted, raw_score, confidence)
        gid, gtitle = _group_of(control, method)
        controls.append(ControlScore(
            control_id=control.id, title=control.title, kind=control.kind, group=gid,
            group_title=gtitle, score=_pct(weighted), raw_score=_pct(raw_score),
            confidence=_ratio(confidence),
            weight=sum(q.weight for q in members[control.id] if q.applicable),
            questions=tuple(members[control.id]),
        ))
    return controls, raw


def _score_groups(controls: list[ControlScore], raw: dict[str, tuple], method: Method
                  ) -> tuple[list[GroupScore], dict[str, tuple]]:
    by_group: dict[str, list[ControlScore]] = {}
    for control in controls:
        by_group.setdefault(control.group, []).append(control)
    groups, graw = [], {}
    for gid, members in by_group.items():
        values = [raw[c.control_id] for c in members if raw[c.control_id][0] is not None]
        pooled = tuple(_mean([(1.0, v[i]) for v in values]) for i in range(3))
        graw[gid] = pooled
        groups.append(GroupScore(
            group=gid, title=members[0].group_title, weight=method.group_weight(gid),
            score=_pct(pooled[0]), raw_score=_pct(pooled[1]), confidence=_ratio(pooled[2]),
            controls=tuple(members),
        ))
    return groups, graw


def _score_groups_by_question(scores: Sequence[QuestionScore], controls: list[ControlScore],
                              catalogue: Catalogue, method: Method
                              ) -> tuple[list[GroupScore], dict[str, tuple]]:
    """Pool each group's questions by weight; a question counts once, in its primary group."""
    members: dict[str, list[QuestionScore]] = {}
    titles: dict[str, str] = {}
    for control in controls:  # catalogue order decides the group order
        members.setdefault(control.group, [])
        titles.setdefault(control.group, control.group_title)
    for qs in scores:
        control = catalogue.control(qs.controls[0]) if qs.controls else None
        if qs.status in COUNTED and control is not None:
            gid, gtitle = _group_of(control, method)
            members.setdefault(gid, []).append(qs)
            titles.setdefault(gid, gtitle)
    groups, graw = [], {}
    for gid, questions in members.items():
        pooled = _pool(questions)
        graw[gid] = pooled
        groups.append(GroupScore(
            group=gid, title=titles[gid], weight=method.group_weight(gid),
            score=_pct(pooled[0]), raw_score=_pct(pooled[1]), confidence=_ratio(pooled[2]),
            controls=tuple(c for c in controls if c.group == gid), questions=tuple(questions),
            question_weight=sum(q.weight for q in questions if q.applicable),
            basis="question_weight",
        ))
    return groups, graw


def score_assessment(
    template: Template,
    answers: Mapping[str, AnswerInput],
    *,
    inherent_tier: str | None,
    method: Method,
    catalogue: Catalogue,
    findings: Sequence[FindingInput] = (),
    certificates: Sequence[CertificateInput] = (),
    extra_findings: Sequence[GeneratedFinding] = (),
    as_of: date | None = None,
    previous_scores: Mapping[str, float | None] | None = None,
    records_findings: bool = True,
) -> ScoreResult:
    """Score an assessment's answers and derive findings and residual risk.

    answers maps question id to AnswerInput; findings are the vendor's stored findings (with
    status) for the residual-risk adjustment; extra_findings come from other features (e.g.
    certificate checks). certificates are every certificate on file with its stored checks: the
    method decides which lift answers (portal.scoring.lifts) and which raise residual risk.
    Residual risk counts the stored findings as they stand once this assessment's findings are
    recorded (`plan_findings`, against previous_scores: question id -> the previous answer
    score), or as they are when the assessment's findings are not recorded (records_findings
    False: it is not the vendor's latest).

    Raises:
        ScoringError: for an unknown evidence level.
        ValueError: for an unknown tier, finding severity or finding status.
    """
    if inherent_tier is not None and inherent_tier not in LEVELS:
        raise ValueError(f"unknown inherent tier {inherent_tier!r}; use one of {LEVELS}")
    warnings: list[str] = []
    known = {c.standard for c in method.certificates}
    for cert in certificates:
        if cert.standard not in known and cert.status == "accepted":
            warnings.append(f"Certificate standard {cert.standard!r} lifts no answer under "
                            f"method {method.version}.")
    values = {qid: a.value for qid, a in answers.items()}
    questions = template.questions()
    ids = {q.id for q in questions}
    warnings.extend(f"Answer to {qid}, which is not in template {template.key} "
                    f"v{template.version}, is ignored." for qid in answers if qid not in ids)
    scores = tuple(
        score_question(q, answers.get(q.id), is_visible(q, values), method, catalogue,
                       certificates)
        for q in questions
    )
    controls, craw = _score_controls(scores, catalogue, method, warnings)
    if method.rollup == "question_weight":
        groups, graw = _score_groups_by_question(scores, controls, catalogue, method)
    else:
        groups, graw = _score_groups(controls, craw, method)
    overall = tuple(
        _mean([(g.overall_weight, graw[g.group][i]) for g in groups
               if graw[g.group][i] is not None])
        for i in range(3)
    )
    third_ids = set(method.third_party_controls)
    third_qs = tuple(q for q in scores if q.status in COUNTED
                     and third_ids.intersection(q.controls))
    third = _pool(third_qs)
    applicable = [q for q in scores if q.applicable]
    total = sum(q.weight for q in applicable)
    completeness = sum(q.weight for q in applicable if q.answered) / total if total else None
    shown = [q for q in scores if q.status in COUNTED]
    shown_weight = sum(q.weight for q in shown)
    na_rate = (sum(q.weight for q in shown if q.status in (NOT_APPLICABLE, NA_UNACCEPTED))
               / shown_weight if shown_weight else None)

    generated = generate_findings(scores, {q.id: q for q in questions}, catalogue, method)
    all_findings = merge_findings(generated, extra_findings)
    counted: Sequence[FindingInput] = findings
    if records_findings:
        plan = plan_findings(findings, all_findings, previous_scores or {},
                             {q.question_id: q.score for q in scores})
        counted = planned_findings(findings, plan)
    overall_score = _pct(overall[0])
    band = method.band_for(overall_score)
    identity = identity_issues(certificates, method)
    confidence = _ratio(overall[2])
    level, reasons = residual_risk(inherent_tier, overall_score, counted, method,
                                   as_of=as_of, confidence=confidence, identity=identity)
    return ScoreResult(
        method_version=method.version, template_key=template.key,
        template_version=template.version, inherent_tier=inherent_tier,
        overall=overall_score, raw_overall=_pct(overall[1]), confidence=confidence,
        completeness=_ratio(completeness), effectiveness_band=band.id,
        effectiveness_label=band.label,
        third_party=HeadlineScore(
            title=method.third_party_title, control_ids=method.third_party_controls,
            score=_pct(third[0]), raw_score=_pct(third[1]), confidence=_ratio(third[2]),
            questions=third_qs,
        ),
        groups=tuple(groups), controls=tuple(controls), questions=scores,
        findings=all_findings, residual_risk=level, residual_reasons=reasons,
        warnings=tuple(dict.fromkeys(warnings)),
        residual_summary=summarise(level, reasons), identity_issues=identity,
        certificate_notes=certificate_notes(certificates, method),
        not_applicable_rate=_ratio(na_rate),
    )
