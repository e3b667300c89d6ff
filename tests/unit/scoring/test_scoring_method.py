"""The method file loads, validates, rejects bad files clearly, and matches docs/scoring.md."""
from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from portal.scoring import (
    LEVEL_LABELS,
    LEVELS,
    MethodError,
    available_methods,
    load_method,
    methods_dir,
    parse_method,
)

SHIPPED = methods_dir() / "method-v1.yaml"
DOCS = Path(__file__).resolve().parents[3] / "docs" / "scoring.md"


@pytest.fixture(scope="module")
def raw():
    return yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))


def test_shipped_method_loads_and_validates_against_the_catalogue(method):
    assert method.version == "v1"
    assert [lv.id for lv in method.evidence_levels] == [
        "self_attested", "document", "verified_document", "certificate"]
    assert method.third_party_controls == ("A.10.2", "A.10.3", "A.10.4")
    assert "v1" in available_methods()


def test_residual_levels_share_the_inherent_tier_scale():
    from portal.vendors.tiering import TIER_LABELS, TIERS

    assert (LEVELS, LEVEL_LABELS) == (TIERS, TIER_LABELS)


def test_load_method_defaults_to_the_latest_version():
    assert load_method().version == available_methods()[-1]


def test_method_is_frozen(method):
    with pytest.raises(AttributeError):
        method.version = "v2"  # type: ignore[misc]
    with pytest.raises(TypeError):
        method.group_weights["A.10"] = 5  # type: ignore[index]


def _set(data, path, value):
    node = data
    *parents, last = path
    for key in parents:
        node = node[key]
    if value is _DELETE:
        del node[last]
    else:
        node[last] = value


_DELETE = object()
BAD = [
    (("version",), 1, "version"),
    (("version",), _DELETE, "version"),
    (("evidence_levels", 1, "factor"), 1.5, "factor 1.5 must be a number from 0 to 1"),
    (("evidence_levels", 1, "factor"), 0.5, "below the weaker level"),
    (("evidence_levels", 2, "id"), "document", "duplicate evidence level"),
    (("certificates", 0, "level"), "gold", "level 'gold' must be one of"),
    (("certificates", 1, "crosswalk"), "iso9001", "crosswalk 'iso9001'"),
    (("bands", 3, "min"), 10, "last (weakest) band must start at min 0"),
    (("bands", 1, "min"), 80, "must be below the previous band"),
    (("residual", "matrix", "critical", "strong"), "low", "critical/strong is lower than high"),
    (("residual", "matrix", "low", "weak"), "nil", "weak 'nil' must be one of"),
    (("residual", "matrix", "high"), _DELETE, "residual.matrix.high: must be a mapping"),
    (("residual", "unknown_tier"), "severe", "unknown_tier 'severe'"),
    (("findings", "poor_answer", "title"), "Bad {answr}", "unknown placeholder {answr}"),
    (("findings", "poor_answer", "rules"), [], "rules must be a non-empty list"),
    (("findings", "missing_evidence", "below_level"), "notarised", "below_level 'notarised'"),
    (("findings", "critical_answer"), _DELETE, "findings.critical_answer: must be a mapping"),
    (("third_party", "controls"), "A.10.2", "controls must be a non-empty list"),
    (("colour",), "blue", "unknown field 'colour'"),
]


def _case_id(path, value) -> str:
    return ".".join(map(str, path)) + ("-deleted" if value is _DELETE else f"={value!r}")[:30]


@pytest.mark.parametrize(("path", "value", "message"), BAD,
                         ids=[_case_id(p, v) for p, v, _ in BAD])
def test_bad_method_is_rejected_with_a_clear_problem(raw, path, value, message):
    data = copy.deepcopy(raw)
    _set(data, path, value)
    with pytest.raises(MethodError) as info:
        parse_method(data, source="bad.yaml")
    assert any(message in p for p in info.value.problems), info.value.problems
    assert str(info.value).startswith("bad.yaml: ")


def test_every_problem_is_reported_at_once(raw):
    data = copy.deepcopy(raw)
    data["evidence_levels"][0]["factor"] = -1
    data["residual"]["unknown_tier"] = "severe"
    with pytest.raises(MethodError) as info:
        parse_method(data, source="bad.yaml")
    assert len(info.value.problems) >= 2


def test_catalogue_check_rejects_unknown_controls_and_groups(raw, catalogue):
    data = copy.deepcopy(raw)
    data["third_party"]["controls"].append("A.99.1")
    data["groups"]["weights"]["A.99"] = 1
    with pytest.raises(MethodError) as info:
        parse_method(data, source="bad.yaml", catalogue=catalogue)
    assert any("A.99.1" in p for p in info.value.problems)
    assert any("'A.99' is not an Annex A group" in p for p in info.value.problems)


def test_unreadable_and_non_yaml_files_are_clear(tmp_path):
    with pytest.raises(MethodError, match="cannot read method file"):
        load_method(tmp_path / "method-v9.yaml")
    broken = tmp_path / "method-v2.yaml"
    broken.write_text("version: [v2\n", encoding="utf-8")
    with pytest.raises(MethodError, match="cannot read method file"):
        load_method(broken)
    listed = tmp_path / "method-v3.yaml"
    listed.write_text("- a list\n", encoding="utf-8")
    with pytest.raises(MethodError, match="must be a mapping"):
        load_method(listed)


def test_version_must_match_the_file_name(tmp_path):
    copied = tmp_path / "method-v2.yaml"
    copied.write_text(SHIPPED.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(MethodError, match="must match the file name"):
        load_method(copied)


def test_available_methods_sorts_versions_numerically(tmp_path):
    for name in ("method-v10.yaml", "method-v2.yaml", "method-v1.1.yaml", "notes.yaml"):
        (tmp_path / name).write_text("", encoding="utf-8")
    assert available_methods(tmp_path) == ["v1.1", "v2", "v10"]


def test_unknown_version_is_a_clear_error():
    with pytest.raises(MethodError, match="cannot read method file"):
        load_method(version="v999")


# The tables in docs/scoring.md must show the shipped method, not an older draft of it.

def _doc() -> str:
    return DOCS.read_text(encoding="utf-8")


def test_docs_show_the_evidence_factors(method):
    for level in method.evidence_levels:
        assert f"| `{level.id}` | {level.label} | {level.factor:g} |" in _doc()


def test_docs_show_the_bands(method):
    for i, band in enumerate(method.bands):
        upper = "100" if i == 0 else f"below {method.bands[i - 1].min_score:g}"
        assert f"| {band.label} | {band.min_score:g} to {upper} |" in _doc()


def test_docs_show_the_residual_matrix(method):
    header = " | ".join(b.label for b in method.bands)
    assert f"| Inherent tier \\ effectiveness | {header} |" in _doc()
    for tier in LEVELS:
        cells = " | ".join(LEVEL_LABELS[method.matrix[tier][b.id]] for b in method.bands)
        assert f"| {LEVEL_LABELS[tier]} | {cells} |" in _doc()


def test_docs_show_the_group_weights(method, catalogue):
    gid, title, weight = method.clause_group
    assert f"| {gid} | {title} | {weight:g} |" in _doc()
    for control in catalogue.annex_a():
        row = (f"| {control.group} | {control.group_title} | "
               f"{method.group_weight(control.group):g} |")
        assert row in _doc()


def test_docs_show_the_finding_floors(method):
    for severity, floor in method.finding_floors.items():
        assert f"an **open {severity}** finding sets residual risk to at least " \
               f"**{LEVEL_LABELS[floor]}**" in _doc()
