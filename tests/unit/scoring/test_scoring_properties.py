"""Properties of method v2 that must hold for any answers (hypothesis)."""
from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.questionnaires.bank import load_templates
from portal.scoring import AnswerInput, CertificateInput, load_method, score_assessment
from portal.scoring.evidence import LinkInput, derive_levels
from portal.scoring.results import CheckInput

METHOD = load_method(version="v2")
TEMPLATE = next(t for t in load_templates()[0] if t.key == "ai-supplier-core")
SCORED = [q for q in TEMPLATE.questions() if q.is_scored and q.show_if is None
          and q.type in ("yes_no", "single_choice")]
LEVELS = [lv.id for lv in METHOD.evidence_levels]
PASSING = tuple(CheckInput(code, "pass") for code in
                ("readable", "expiry", "organisation", "standard", "scope", "dates",
                 "accreditation_body"))
FAST = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


def _score(answers, certificates=(), catalogue=None):
    from portal.questionnaires.bank import load_catalogue

    return score_assessment(TEMPLATE, answers, inherent_tier="high", method=METHOD,
                            catalogue=catalogue or load_catalogue(), certificates=certificates)


def answer_sets():
    """Draw an answer (a scored option) and an evidence level for a subset of questions."""
    def build(picks):
        return {q.id: AnswerInput(q.id, option, level)
                for q, (option, level) in zip(SCORED, picks, strict=False) if option}
    return st.lists(st.tuples(st.sampled_from(["yes", "partial", "no", None]),
                              st.sampled_from(LEVELS)),
                    min_size=len(SCORED), max_size=len(SCORED)).map(
        lambda picks: build([(o if o is None or _option_for(q, o) else None, lv)
                             for q, (o, lv) in zip(SCORED, picks, strict=True)]))


def _option_for(question, wanted):
    scored = [o for o in question.options if o.score is not None]
    if not scored:
        return None
    ranked = sorted(scored, key=lambda o: -o.score)
    return {"yes": ranked[0], "partial": ranked[len(ranked) // 2], "no": ranked[-1]}[
        wanted].value


def _resolve(answers):
    return {qid: replace(a, value=_option_for(TEMPLATE.question(qid), a.value))
            for qid, a in answers.items()}


@FAST
@given(answer_sets(), st.data())
def test_a_stronger_evidence_level_never_lowers_a_score(answers, data):
    answers = _resolve(answers)
    if not answers:
        return
    qid = data.draw(st.sampled_from(sorted(answers)))
    current = LEVELS.index(answers[qid].evidence)
    stronger = data.draw(st.sampled_from(LEVELS[current:]))
    before = _score(answers)
    after = _score({**answers, qid: replace(answers[qid], evidence=stronger)})
    assert after.overall >= before.overall
    assert after.confidence >= before.confidence


@FAST
@given(answer_sets())
def test_rescoring_is_idempotent(answers):
    answers = _resolve(answers)
    assert _score(answers) == _score(answers)


@FAST
@given(answer_sets(), st.sampled_from(["organisation"]), st.booleans())
def test_another_entitys_certificate_never_lifts_without_an_override(answers, failed, accepted):
    answers = _resolve(answers)
    other = CertificateInput(
        "iso42001", "OTHER-1", status="accepted" if accepted else "needs_review",
        checks=tuple(CheckInput(c.code, "fail" if c.code == failed else "pass")
                     for c in PASSING), organisation="Another Company GmbH")
    without = _score(answers)
    flagged = _score(answers, [other])
    assert flagged.overall == without.overall and flagged.confidence == without.confidence
    assert flagged.identity_issues
    order = ("low", "medium", "high", "critical")
    assert order.index(flagged.residual_risk) >= order.index("high")
    overridden = _score(answers, [replace(other, override="Parent company")])
    assert not overridden.identity_issues
    if accepted:
        assert overridden.overall >= without.overall


@FAST
@given(st.lists(st.sampled_from([q.id for q in SCORED]), min_size=1, max_size=len(SCORED),
                unique=True),
       st.lists(st.sampled_from([q.id for q in SCORED]), max_size=len(SCORED), unique=True))
def test_a_duplicate_attachment_never_raises_confidence_past_one_attachment(first, more):
    answers = {q.id: AnswerInput(q.id, _option_for(q, "yes")) for q in SCORED}
    answered = [q.id for q in SCORED]
    once = [LinkInput(1, first[0], "same-file", "policy.pdf")]
    copies = once + [LinkInput(i + 2, qid, "same-file", "policy.pdf")
                     for i, qid in enumerate([*first[1:], *more])]

    def confidence(links):
        levels = derive_levels(answered, links, METHOD).levels
        return _score({qid: replace(a, evidence=levels[qid])
                       for qid, a in answers.items()}).confidence

    assert confidence(copies) <= confidence(once)
