"""The inherent-risk tiering rule: thresholds, overrides, documented examples, monotonicity."""
from __future__ import annotations

import ast
import dataclasses
import itertools
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.vendors import tiering
from portal.vendors.tiering import (
    OVERRIDES,
    QUESTIONS,
    IntakeAnswers,
    assess_tier,
    tier_for_score,
)

ROOT = Path(__file__).resolve().parents[2]
MODULE = ROOT / "portal" / "vendors" / "tiering.py"
DOC = ROOT / "docs" / "tiering.md"

LOWEST = IntakeAnswers(**{q.key: q.options[0].value for q in QUESTIONS})


def severity(tier: str) -> int:
    return tiering.TIERS.index(tier)


def answers(**changes: str) -> IntakeAnswers:
    return dataclasses.replace(LOWEST, **changes)


# ---- purity ---------------------------------------------------------------------------------

def test_module_source_imports_only_the_standard_library():
    tree = ast.parse(MODULE.read_text())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.add((node.module or "").split(".")[0])
    assert imported <= {"__future__", "collections", "dataclasses", "typing"}, imported


def test_module_loads_without_flask_or_sqlalchemy():
    # Load the file on its own: importing the portal package would pull in Flask.
    code = (
        "import importlib.util, sys\n"
        f"spec = importlib.util.spec_from_file_location('tiering', {str(MODULE)!r})\n"
        "module = importlib.util.module_from_spec(spec)\n"
        "sys.modules['tiering'] = module\n"
        "spec.loader.exec_module(module)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('flask', 'sqlalchemy', 'portal')]\n"
        "assert not bad, bad\n"
        "print(module.assess_tier(module.IntakeAnswers(**{q.key: q.options[-1].value "
        "for q in module.QUESTIONS})).tier)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "critical"


def test_results_are_frozen():
    result = assess_tier(LOWEST)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.tier = "low"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        LOWEST.data_shared = "personal"  # type: ignore[misc]


# ---- answers ----------------------------------------------------------------------------------

def test_unknown_answer_is_rejected():
    with pytest.raises(ValueError, match="data_shared"):
        answers(data_shared="everything")


def test_from_mapping_requires_every_answer():
    values = LOWEST.as_dict()
    del values["annex_iii"]
    with pytest.raises(ValueError, match="annex_iii"):
        IntakeAnswers.from_mapping(values)
    assert IntakeAnswers.from_mapping(LOWEST.as_dict()) == LOWEST


def test_options_are_ordered_by_non_decreasing_points():
    for question in QUESTIONS:
        points = [o.points for o in question.options]
        assert points == sorted(points), question.key
        assert question.options[0].points == 0


# ---- thresholds -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("score", "tier"),
    [(0, "low"), (4, "low"), (5, "medium"), (10, "medium"), (11, "high"), (17, "high"),
     (18, "critical"), (tiering.MAX_SCORE, "critical")],
)
def test_thresholds(score, tier):
    assert tier_for_score(score) == tier


def test_lowest_answers_are_low_with_score_zero():
    result = assess_tier(LOWEST)
    assert (result.tier, result.score) == ("low", 0)
    assert result.rule_version == tiering.RULE_VERSION
    assert result.reasons == ("The score is 0 of 30 points, which alone makes Low (0–4 points).",)


def test_max_score_is_thirty():
    assert tiering.MAX_SCORE == 30
    highest = IntakeAnswers(**{q.key: q.options[-1].value for q in QUESTIONS})
    assert assess_tier(highest).score == 30


def test_points_reach_medium_without_overrides():
    # business-confidential 2 + provider 2 + customer-facing 2 = 6
    result = assess_tier(answers(data_shared="business_confidential", ai_act_role="provider",
                                 customer_facing="yes"))
    assert (result.tier, result.score) == ("medium", 6)
    assert not any("at least" in r for r in result.reasons)


# ---- overrides --------------------------------------------------------------------------------

OVERRIDE_CASES = [
    # (override key, answers that trigger it, expected floor, a near miss that does not)
    ("special_data_training", dict(data_shared="special_category", training_use="default"),
     "critical", dict(data_shared="special_category", training_use="unknown")),
    ("automated_high_risk", dict(people_decisions="automated", annex_iii="yes"), "critical",
     dict(people_decisions="supports", annex_iii="yes")),
    ("automated_personal", dict(people_decisions="automated", data_shared="personal"), "high",
     dict(people_decisions="automated", data_shared="business_confidential")),
    ("annex_iii", dict(annex_iii="yes"), "high", dict(annex_iii="unknown")),
    ("personal_training", dict(data_shared="personal", training_use="default"), "high",
     dict(data_shared="personal", training_use="unknown")),
    ("business_critical", dict(criticality="critical"), "high", dict(criticality="high")),
    ("annex_iii_unknown", dict(annex_iii="unknown"), "medium", dict(annex_iii="no")),
]


def test_every_override_has_a_case():
    assert {case[0] for case in OVERRIDE_CASES} == {o.key for o in OVERRIDES}


@pytest.mark.parametrize(("key", "trigger", "floor", "near_miss"), OVERRIDE_CASES,
                         ids=[c[0] for c in OVERRIDE_CASES])
def test_override_raises_tier_to_its_floor(key, trigger, floor, near_miss):
    override = next(o for o in OVERRIDES if o.key == key)
    result = assess_tier(answers(**trigger))
    assert result.tier == floor
    assert severity(tier_for_score(result.score)) < severity(floor)  # the floor did the work
    assert override.reason in result.reasons
    assert result.reasons[0].startswith(tiering.TIER_LABELS[floor] + " at least")
    missed = assess_tier(answers(**near_miss))
    assert override.reason not in missed.reasons


def test_override_never_lowers_a_higher_score():
    # Business-critical (floor High) on top of a Critical score stays Critical.
    values = {q.key: q.options[-1].value for q in QUESTIONS}
    values.update(data_shared="personal", training_use="unknown", people_decisions="supports",
                  annex_iii="no")
    result = assess_tier(IntakeAnswers(**values))
    assert result.score >= 18
    assert result.tier == "critical"


# ---- worked examples from docs/tiering.md -----------------------------------------------------

BASE = dict(data_shared="none", training_use="no", people_decisions="no",
            ai_act_role="not_applicable", annex_iii="no", criticality="low",
            foundation_models="no", customer_facing="no")
WORKED_EXAMPLES = {
    1: (dict(ai_act_role="provider", foundation_models="yes"), 3, "low"),
    2: (dict(data_shared="business_confidential", training_use="opt_in", ai_act_role="provider",
             criticality="medium", foundation_models="yes"), 7, "medium"),
    3: (dict(data_shared="personal", ai_act_role="provider", criticality="high",
             foundation_models="yes", customer_facing="yes"), 12, "high"),
    4: (dict(data_shared="personal", people_decisions="automated", ai_act_role="deployer"),
        10, "high"),
    5: (dict(data_shared="personal", training_use="unknown", people_decisions="supports",
             ai_act_role="provider", annex_iii="yes", criticality="medium",
             foundation_models="yes"), 16, "high"),
    6: (dict(data_shared="special_category", training_use="default", people_decisions="supports",
             ai_act_role="provider", criticality="medium", foundation_models="yes"),
        16, "critical"),
    7: (dict(data_shared="personal", people_decisions="automated", ai_act_role="provider",
             annex_iii="yes", criticality="high", customer_facing="yes"), 20, "critical"),
}


def _doc_examples() -> dict[int, tuple[int, str]]:
    section = DOC.read_text().split("## 5. Worked examples", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells and cells[0].isdigit():
            rows[int(cells[0])] = (int(cells[3]), cells[-1].strip("*").lower())
    return rows


@pytest.mark.parametrize("number", sorted(WORKED_EXAMPLES))
def test_worked_example(number):
    changes, score, tier = WORKED_EXAMPLES[number]
    result = assess_tier(IntakeAnswers(**{**BASE, **changes}))
    assert (result.score, result.tier) == (score, tier)
    assert _doc_examples()[number] == (score, tier), "docs/tiering.md disagrees"


def test_doc_lists_exactly_the_tested_examples():
    assert set(_doc_examples()) == set(WORKED_EXAMPLES)


def test_doc_points_table_matches_the_code():
    section = DOC.read_text().split("## 1. Points per answer", 1)[1].split("\n## ", 1)[0]
    documented: list[tuple[str, str, int]] = []
    question = ""
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[2].isdigit():
            question = cells[0] or question
            documented.append((question, cells[1], int(cells[2])))
    in_code = [(q.text, o.label, o.points) for q in QUESTIONS for o in q.options]
    assert documented == in_code
    assert f"**{tiering.MAX_SCORE}**" in section


def test_doc_thresholds_match_the_code():
    section = DOC.read_text().split("## 2. Thresholds", 1)[1].split("\n## ", 1)[0]
    for label, band in tiering.threshold_bands():
        lowest = re.match(r"\d+", band).group(0)
        assert re.search(rf"\| {label} \| {lowest}\b", section), (label, band)
    assert tiering.RULE_VERSION in DOC.read_text()


# ---- reasons ----------------------------------------------------------------------------------

def test_every_reason_is_a_readable_sentence():
    highest = IntakeAnswers(**{q.key: q.options[-1].value for q in QUESTIONS})
    result = assess_tier(highest)
    assert len(result.reasons) == len(OVERRIDES) - 1 + 1 + len(QUESTIONS)  # unknown-Annex is off
    for reason in result.reasons:
        assert reason[0].isupper() and reason.endswith("."), reason
        assert "_" not in reason, reason


def test_reasons_name_the_points_each_answer_adds():
    result = assess_tier(answers(data_shared="personal", criticality="medium"))
    assert "Adds 4 points: we will share personal data with the vendor." in result.reasons
    assert "Adds 1 point: the service has medium business criticality." in result.reasons
    assert result.reasons.index("Adds 4 points: we will share personal data with the vendor.") < \
        result.reasons.index("Adds 1 point: the service has medium business criticality.")


# ---- monotonicity -----------------------------------------------------------------------------

answer_sets = st.fixed_dictionaries(
    {q.key: st.sampled_from([o.value for o in q.options]) for q in QUESTIONS}
).map(lambda values: IntakeAnswers(**values))


@given(answer_sets)
def test_a_riskier_answer_never_lowers_the_tier_or_score(base):
    before = assess_tier(base)
    for question in QUESTIONS:
        values = [o.value for o in question.options]
        for riskier in values[values.index(getattr(base, question.key)) + 1:]:
            after = assess_tier(dataclasses.replace(base, **{question.key: riskier}))
            assert severity(after.tier) >= severity(before.tier), (question.key, riskier)
            assert after.score >= before.score, (question.key, riskier)


def test_monotonic_over_every_combination_of_answers():
    # The answer space is small (about 20,000 combinations): check each one-step change.
    options = [[o.value for o in q.options] for q in QUESTIONS]
    keys = [q.key for q in QUESTIONS]
    tiers = {
        combo: severity(assess_tier(IntakeAnswers(**{
            k: options[i][c] for i, (k, c) in enumerate(zip(keys, combo, strict=True))})).tier)
        for combo in itertools.product(*(range(len(o)) for o in options))
    }
    for combo, tier in tiers.items():
        for i, index in enumerate(combo):
            if index + 1 < len(options[i]):
                riskier = (*combo[:i], index + 1, *combo[i + 1:])
                assert tiers[riskier] >= tier, (keys[i], combo)


@given(answer_sets)
def test_tier_is_never_below_what_the_score_reaches(base):
    result = assess_tier(base)
    assert severity(result.tier) >= severity(tier_for_score(result.score))
    assert 0 <= result.score <= tiering.MAX_SCORE
