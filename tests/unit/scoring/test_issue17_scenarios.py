"""Issue 17's scenarios re-run through the engine on the shipped core template.

Method v1 let "not applicable" answers and an ISO/IEC 27001 certificate carry a vendor; method
v2 (reviewer-accepted N/A, certificate reach) must not. Each scenario also runs under v1 so the
test shows the loophole it closes.
"""
from __future__ import annotations

from datetime import date

import pytest

from portal.questionnaires.bank import Question, is_visible, load_templates
from portal.scoring import AnswerInput, CertificateInput, load_method, score_assessment
from portal.scoring.lifts import in_reach

CORE = next(t for t in load_templates()[0] if t.key == "ai-supplier-core")
RESELLER_NA_SECTIONS = ("data", "testing", "impact", "operations")


@pytest.fixture(scope="module")
def methods(catalogue):
    return {v: load_method(version=v, catalogue=catalogue) for v in ("v1", "v2")}


def _scored_options(question: Question):
    return sorted((o for o in question.options if o.score is not None), key=lambda o: o.score)


def _na_value(question: Question) -> str | None:
    return next((o.value for o in question.options if o.score is None), None)


def _best(question: Question):
    options = _scored_options(question)
    if question.type == "multiple_choice":
        return [o.value for o in options if not o.exclusive]
    return options[-1].value


def _honest(question: Question):
    """A middling, plausible answer: the option nearest to 0.5 (a middle set of ticks)."""
    options = _scored_options(question)
    if question.type == "multiple_choice":
        return [o.value for o in options if not o.exclusive][: max(1, len(options) // 2)]
    return min(options, key=lambda o: (abs(o.score - 0.5), -o.score)).value


def _answers(pick, informational: str = "first") -> dict[str, object]:
    """Answer every shown question: informational ones with their first option."""
    values: dict[str, object] = {}
    for question in CORE.questions():
        if not is_visible(question, values) or question.type in ("text", "number", "date",
                                                                  "file"):
            continue
        if not question.is_scored:
            first = question.options[0].value
            values[question.id] = [first] if question.type == "multiple_choice" else first
            continue
        values[question.id] = pick(question)
    return values


def _score(values, method, catalogue, *, accepted=False, certificates=()):
    inputs = {qid: AnswerInput(qid, v, accepted=accepted) for qid, v in values.items()}
    return score_assessment(CORE, inputs, inherent_tier="high", method=method,
                            catalogue=catalogue, certificates=certificates,
                            as_of=date(2026, 6, 1))


def test_not_applicable_everywhere_no_longer_beats_an_honest_answer_set(methods, catalogue):
    honest = _answers(_honest)
    na_everywhere = _answers(lambda q: _na_value(q) or _best(q))
    assert sum(1 for q in CORE.questions() if na_everywhere.get(q.id) == _na_value(q)
               and _na_value(q)) >= 30  # most scored questions offer N/A
    v1 = {k: _score(v, methods["v1"], catalogue) for k, v in
          (("honest", honest), ("na", na_everywhere))}
    assert v1["na"].raw_overall > 95 > v1["honest"].raw_overall  # the v1 loophole
    v2 = {k: _score(v, methods["v2"], catalogue) for k, v in
          (("honest", honest), ("na", na_everywhere))}
    assert v2["na"].raw_overall < v2["honest"].raw_overall
    assert v2["na"].overall < v2["honest"].overall
    assert v2["na"].not_applicable_rate > 0.4 and v2["honest"].not_applicable_rate == 0.0
    # A reviewer who accepts every N/A takes those questions out again: a decision, on record.
    accepted = _score(na_everywhere, methods["v2"], catalogue, accepted=True)
    assert accepted.raw_overall > 95


def test_a_reseller_gains_nothing_by_calling_whole_sections_not_applicable(methods, catalogue):
    in_sections = {q.id for s in CORE.sections if s.id in RESELLER_NA_SECTIONS
                   for q in s.questions}

    def evasive(question: Question):
        na = _na_value(question)
        return na if na and question.id in in_sections else _honest(question)

    honest, dodged = _answers(_honest), _answers(evasive)
    assert honest != dodged
    v1_gain = (_score(dodged, methods["v1"], catalogue).overall
               - _score(honest, methods["v1"], catalogue).overall)
    v2_gain = (_score(dodged, methods["v2"], catalogue).overall
               - _score(honest, methods["v2"], catalogue).overall)
    assert v1_gain > 0 >= v2_gain


def _iso27001() -> CertificateInput:
    return CertificateInput("iso27001", reference="ISMS 1234")


def test_an_iso27001_only_vendor_stays_in_its_answers_band(methods, catalogue):
    best = _answers(_best)
    v2 = methods["v2"]
    plain = _score(best, v2, catalogue)
    certified = _score(best, v2, catalogue, certificates=[_iso27001()])
    assert certified.effectiveness_band == plain.effectiveness_band
    assert certified.overall - plain.overall < 5
    lifted = {q.question_id for q in certified.questions if q.lifted_by == "iso27001"}
    rule = v2.certificate("iso27001")
    assert lifted and all(in_reach(CORE.question(qid), rule) for qid in lifted)
    # AI-specific questions and contractual commitments keep the answers' own evidence level.
    for qid in ("CORE-CUS-01", "CORE-INC-02", "CORE-SUP-04", "CORE-TEST-03", "CORE-AISEC-01",
                "CORE-TEST-05", "CORE-EXIT-01", "CORE-IMP-01"):
        assert certified.question(qid).evidence == "self_attested", qid
    # Under v1 the same certificate lifted the vendor a band through the crosswalk.
    v1_plain = _score(best, methods["v1"], catalogue)
    v1_certified = _score(best, methods["v1"], catalogue, certificates=[_iso27001()])
    assert v1_certified.overall - v1_plain.overall > 15


def test_an_iso42001_certificate_never_lifts_a_contractual_commitment(methods, catalogue):
    best = _answers(_best)
    result = _score(best, methods["v2"], catalogue,
                    certificates=[CertificateInput("iso42001", reference="AIMS 1")])
    commitments = ("CORE-CUS-01", "CORE-CUS-02", "CORE-CUS-03", "CORE-INC-02", "CORE-SUP-04",
                   "CORE-EXIT-01", "CORE-VER-02", "CORE-LOC-01", "CORE-RESP-05")
    for qid in commitments:
        assert result.question(qid).evidence == "self_attested", qid
    assert result.question("CORE-IMP-01").evidence == "certificate_verified"
