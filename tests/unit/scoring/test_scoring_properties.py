"""Property-based checks over the shipped templates with generated answers and evidence."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.questionnaires.bank import CHOICE_TYPES, is_visible, load_catalogue, load_templates
from portal.scoring import (
    LEVELS,
    AnswerInput,
    CertificateInput,
    FindingInput,
    load_method,
    residual_risk,
    score_assessment,
)

CATALOGUE = load_catalogue()
METHOD = load_method(version="v1", catalogue=CATALOGUE)
TEMPLATES = tuple(load_templates(catalogue=CATALOGUE)[0])
LEVEL_IDS = tuple(lv.id for lv in METHOD.evidence_levels)
STANDARDS = ("iso42001", "iso27001", "iso9001")
AS_OF = date(2025, 6, 1)
SETTINGS = settings(max_examples=200, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
LIGHT = settings(SETTINGS, max_examples=100)


def test_shipped_templates_are_present():
    assert len(TEMPLATES) >= 4


def _targets(template) -> set[str]:
    """Return the ids of questions that other questions' display conditions refer to."""
    return {q.show_if.question for q in template.questions() if q.show_if is not None}


def _values(question) -> list:
    """Return the answer values to try for a question, None (stored but empty) included."""
    values = [o.value for o in question.options]
    if question.type == "multiple_choice":
        pairs = [[a, b] for i, a in enumerate(values) for b in values[i + 1:]]
        return [None, [], *([v] for v in values), *pairs]
    if question.type in CHOICE_TYPES:
        return [None, *values]
    if question.type == "file":
        return [None, [], ["doc-1"]]
    return [None, "2025-01-01" if question.type == "date" else "x"]


ABSENT = object()


def _answers(template):
    """Return a strategy for one template's answers: one draw per question, to keep runs fast."""
    fields = {
        q.id: st.sampled_from([ABSENT, *((v, lv) for v in _values(q) for lv in LEVEL_IDS)])
        for q in template.questions()
    }
    return st.fixed_dictionaries(fields).map(lambda drawn: {
        qid: AnswerInput(qid, *pick) for qid, pick in drawn.items() if pick is not ABSENT})


ANSWERS = {t.key: _answers(t) for t in TEMPLATES}


@st.composite
def assessments(draw):
    template = draw(st.sampled_from(TEMPLATES))
    answers = draw(ANSWERS[template.key])
    certificates = draw(st.lists(st.sampled_from(STANDARDS), unique=True, max_size=2))
    tier = draw(st.sampled_from((None, *LEVELS)))
    return template, answers, [CertificateInput(s) for s in certificates], tier


def run(template, answers, certificates=(), tier="medium", findings=()):
    return score_assessment(template, answers, inherent_tier=tier, method=METHOD,
                            catalogue=CATALOGUE, certificates=certificates, findings=findings,
                            as_of=AS_OF)


def _in_range(score, confidence):
    assert score is None or 0 <= score <= 100
    assert confidence is None or 0 <= confidence <= 1


@SETTINGS
@given(assessments())
def test_scores_and_confidence_stay_in_range(case):
    template, answers, certificates, tier = case
    result = run(template, answers, certificates, tier)
    _in_range(result.overall, result.confidence)
    _in_range(result.raw_overall, result.completeness)
    _in_range(result.third_party.score, result.third_party.confidence)
    for item in (*result.controls, *result.groups):
        _in_range(item.score, item.confidence)
        _in_range(item.raw_score, None)
        if item.score is not None:
            assert item.score <= item.raw_score  # evidence can only discount a claim
    keys = {f.key for f in result.findings}
    for question in result.questions:
        if question.critical_failure:
            assert f"critical:{question.question_id}" in keys
            assert LEVELS.index(result.residual_risk) >= LEVELS.index("high")


def _improvable(template, answers):
    values = {qid: a.value for qid, a in answers.items()}
    targets = _targets(template)
    out = []
    for q in template.questions():
        if (q.is_scored and q.type in ("yes_no", "single_choice") and q.id not in targets
                and is_visible(q, values)):
            out.append(q)
    return out


def _current(question, answers):
    answer = answers.get(question.id)
    if answer is None or answer.value is None:
        return 0.0
    option = question.option(answer.value)
    return option.score if option else 0.0


@SETTINGS
@given(assessments(), st.data())
def test_improving_one_answer_never_lowers_its_controls(case, data):
    template, answers, certificates, tier = case
    candidates = _improvable(template, answers)
    if not candidates:
        return
    question = data.draw(st.sampled_from(candidates))
    current = _current(question, answers)
    if current is None:  # answered not applicable: not an improvement to make
        return
    better = [o.value for o in question.options if o.score is not None and o.score >= current]
    if not better:
        return
    new_value = data.draw(st.sampled_from(better))
    evidence = answers[question.id].evidence if question.id in answers else "self_attested"
    improved = {**answers, question.id: AnswerInput(question.id, new_value, evidence)}
    before = run(template, answers, certificates, tier)
    after = run(template, improved, certificates, tier)
    for cid in question.controls:
        if before.control(cid) is None:
            continue
        assert after.control(cid).score >= before.control(cid).score
        assert after.control(cid).raw_score >= before.control(cid).raw_score


def _not_lower(after, before):
    if before is not None:
        assert after is not None and after >= before


@SETTINGS
@given(assessments(), st.data())
def test_stronger_evidence_never_lowers_score_or_confidence(case, data):
    template, answers, certificates, tier = case
    stronger = dict(answers)
    for qid in data.draw(st.lists(st.sampled_from(sorted(answers)), unique=True, max_size=5)
                         if answers else st.just([])):
        rank = METHOD.level(answers[qid].evidence).rank
        level = data.draw(st.sampled_from(LEVEL_IDS[rank:]))
        stronger[qid] = AnswerInput(qid, answers[qid].value, level)
    more_certs = [*certificates, *[CertificateInput(s) for s in data.draw(
        st.lists(st.sampled_from(STANDARDS), unique=True, max_size=2))]]
    before = run(template, answers, certificates, tier)
    after = run(template, stronger, more_certs, tier)
    _not_lower(after.overall, before.overall)
    _not_lower(after.confidence, before.confidence)
    _not_lower(after.third_party.score, before.third_party.score)
    _not_lower(after.third_party.confidence, before.third_party.confidence)
    assert after.raw_overall == before.raw_overall
    for old in before.controls:
        new = after.control(old.control_id)
        _not_lower(new.score, old.score)
        _not_lower(new.confidence, old.confidence)
    for old in before.groups:
        _not_lower(after.group(old.group).score, old.score)
    assert LEVELS.index(after.residual_risk) <= LEVELS.index(before.residual_risk)


@SETTINGS
@given(assessments(), st.data())
def test_not_applicable_never_changes_other_controls(case, data):
    template, answers, certificates, tier = case
    values = {qid: a.value for qid, a in answers.items()}
    targets = _targets(template)
    candidates = [q for q in template.questions()
                  if q.is_scored and q.type in ("yes_no", "single_choice") and q.id not in targets
                  and is_visible(q, values) and any(o.score is None for o in q.options)]
    if not candidates:
        return
    question = data.draw(st.sampled_from(candidates))
    na = next(o.value for o in question.options if o.score is None)
    changed = {**answers, question.id: AnswerInput(question.id, na)}
    before = run(template, answers, certificates, tier)
    after = run(template, changed, certificates, tier)
    assert after.question(question.id).status == "not_applicable"
    for old in before.controls:
        if old.control_id in question.controls:
            continue
        new = after.control(old.control_id)
        assert (new.score, new.raw_score, new.confidence) == (
            old.score, old.raw_score, old.confidence)


TIERS = st.sampled_from(LEVELS)
SCORES = st.none() | st.floats(min_value=0, max_value=100, allow_nan=False)
FINDINGS = st.lists(st.builds(
    FindingInput, severity=st.sampled_from(LEVELS),
    status=st.sampled_from(("open", "accepted", "closed")),
    accepted_until=st.none() | st.dates(date(2025, 1, 1), date(2025, 12, 31))), max_size=4)


def _rank(tier, score, findings):
    return LEVELS.index(residual_risk(tier, score, findings, METHOD, as_of=AS_OF)[0])


@LIGHT
@given(TIERS, TIERS, SCORES, SCORES, FINDINGS)
def test_residual_risk_is_monotone(tier_a, tier_b, score_a, score_b, findings):
    worse_tier = max(tier_a, tier_b, key=LEVELS.index)
    better_tier = min(tier_a, tier_b, key=LEVELS.index)
    assert _rank(worse_tier, score_a, findings) >= _rank(better_tier, score_a, findings)
    if score_a is None or (score_b is not None and score_b >= score_a):
        low, high = score_a, score_b  # None counts as the weakest effectiveness
    else:
        low, high = score_b, score_a
    assert _rank(tier_a, low, findings) >= _rank(tier_a, high, findings)


@LIGHT
@given(st.none() | TIERS, SCORES, FINDINGS)
def test_open_critical_finding_sets_residual_at_least_high(tier, score, findings):
    with_open = [*findings, FindingInput("critical", "open")]
    assert _rank(tier, score, with_open) >= LEVELS.index("high")
    assert _rank(tier, score, with_open) >= _rank(tier, score, findings)


@LIGHT
@given(st.none() | TIERS, SCORES, FINDINGS)
def test_valid_acceptance_never_raises_residual_risk(tier, score, findings):
    accepted = FindingInput("critical", "accepted", accepted_until=date(2030, 1, 1))
    assert _rank(tier, score, [*findings, accepted]) == _rank(tier, score, findings)


@pytest.mark.parametrize("tier", LEVELS)
def test_better_band_never_raises_residual(tier):
    ranks = [LEVELS.index(METHOD.matrix[tier][b.id]) for b in METHOD.bands]
    assert ranks == sorted(ranks)
