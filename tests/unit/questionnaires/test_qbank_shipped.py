"""The shipped catalogue and templates load cleanly and meet their coverage targets."""
from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from portal.questionnaires.bank import (
    CHOICE_TYPES,
    QUESTION_TYPES,
    coverage,
    default_questionnaires_dir,
    load_catalogue,
    load_templates,
    parse_template,
    template_from_dict,
)

ANNEX_A = (
    "A.2.2 A.2.3 A.2.4 A.3.2 A.3.3 A.4.2 A.4.3 A.4.4 A.4.5 A.4.6 A.5.2 A.5.3 A.5.4 A.5.5 "
    "A.6.1.2 A.6.1.3 A.6.2.2 A.6.2.3 A.6.2.4 A.6.2.5 A.6.2.6 A.6.2.7 A.6.2.8 "
    "A.7.2 A.7.3 A.7.4 A.7.5 A.7.6 A.8.2 A.8.3 A.8.4 A.8.5 A.9.2 A.9.3 A.9.4 "
    "A.10.2 A.10.3 A.10.4"
).split()
SHIPPED = ("ai-supplier-core", "ai-supplier-lite", "annex-a-full", "ai-supplier-starter")


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


@pytest.fixture(scope="module")
def templates(catalogue):
    loaded, problems = load_templates(catalogue=catalogue)
    assert problems == []
    return {t.key: t for t in loaded}


def test_catalogue_has_all_annex_a_controls_in_order(catalogue):
    assert [c.id for c in catalogue.annex_a()] == ANNEX_A
    assert {c.group for c in catalogue.annex_a()} == {f"A.{n}" for n in range(2, 11)}
    assert catalogue.control("A.10.3").title == "Suppliers"
    assert catalogue.control("A.10.2").group_title == "Third-party and customer relationships"
    assert all(c.description and c.title for c in catalogue.controls)


def test_catalogue_has_clauses_4_to_10(catalogue):
    ids = [c.id for c in catalogue.clauses()]
    assert ids[0] == "4.1" and ids[-1] == "10.2"
    assert {"6.1.2", "6.1.3", "6.1.4", "8.4", "9.2", "9.3"} <= set(ids)
    assert {i.split(".")[0] for i in ids} == {str(n) for n in range(4, 11)}


def test_catalogue_crosswalk(catalogue):
    suppliers = catalogue.control("A.10.3").crosswalk
    assert "Art. 25" in suppliers.eu_ai_act
    assert {"5.19", "5.20", "5.21", "5.22", "5.23"} <= set(suppliers.iso27001)
    assert "GOVERN 6.1" in suppliers.nist_ai_rmf
    assert "Art. 12" in catalogue.control("A.6.2.8").crosswalk.eu_ai_act
    assert "Art. 73" in catalogue.control("A.8.4").crosswalk.eu_ai_act


def test_catalogue_evidence_kinds(catalogue):
    for kind in ("iso42001-certificate", "iso27001-certificate", "ai-policy", "model-card",
                 "dataset-datasheet", "impact-assessment", "dpa", "contract-clause",
                 "pen-test-report", "red-team-report", "incident-response-plan",
                 "subprocessor-list", "soc2-report"):
        assert kind in catalogue.evidence_kinds


def test_all_shipped_templates_load(templates):
    assert set(SHIPPED) <= set(templates)


@pytest.mark.parametrize("key", SHIPPED)
def test_template_quality(templates, key):
    template = templates[key]
    questions = template.questions()
    assert template.version >= 1 and template.title and template.description
    assert len({q.id for q in questions}) == len(questions)
    assert all(q.guidance and q.text for q in questions)
    assert any(q.critical for q in questions)
    assert any(q.show_if for q in questions)
    scored = [q for q in questions if q.is_scored]
    assert all(q.controls for q in scored)
    assert all(q.evidence for q in scored if q.weight >= 2)


def test_starter_exercises_every_question_type(templates):
    assert {q.type for q in templates["ai-supplier-starter"].questions()} == set(QUESTION_TYPES)


def test_core_coverage(templates, catalogue):
    result = coverage(templates["ai-supplier-core"], catalogue)
    assert 90 <= result["questions"] <= 110  # v3: new sections for the topics of issue 17
    for control in ("A.10.2", "A.10.3", "A.10.4"):
        assert result["controls"][control] >= 6, control
    for control in ("A.5.2", "A.6.2.4", "A.6.2.6", "A.6.2.8", "A.7.3", "A.7.5", "A.8.4",
                    "A.8.2", "A.9.4"):
        assert result["controls"][control] >= 1, control


def test_full_covers_every_annex_a_control_twice(templates, catalogue):
    result = coverage(templates["annex-a-full"], catalogue)
    assert list(result["controls"]) == ANNEX_A
    assert min(result["controls"].values()) >= 2


def test_lite_is_short(templates, catalogue):
    assert len(templates["ai-supplier-lite"].questions()) <= 25
    result = coverage(templates["ai-supplier-lite"], catalogue)
    assert all(result["controls"][c] >= 1 for c in ("A.10.2", "A.10.3", "A.10.4"))


def test_critical_questions_cover_training_and_incident_notice(templates):
    core = templates["ai-supplier-core"]
    assert core.question("CORE-CUS-01").critical_if == ("opt-out", "by-default")
    assert core.question("CORE-INC-02").critical_if == ("no-commitment",)
    assert core.question("CORE-SUP-04").critical_if == ("partial", "no")


@pytest.mark.parametrize("key", SHIPPED)
def test_round_trip(templates, catalogue, key):
    template = templates[key]
    data = json.loads(json.dumps(template.to_dict()))
    rebuilt = template_from_dict(data)
    assert rebuilt == template
    assert parse_template(data, source="pinned", catalogue=catalogue) == template
    for question in template.questions():
        if question.show_if:
            assert rebuilt.question(question.id).show_if.rule == question.show_if.rule


def test_default_dir_is_repository_questionnaires():
    assert (default_questionnaires_dir() / "controls.yaml").is_file()


PURE_MODULES = ("bank", "coverage", "model", "rules", "conditions", "frameworks", "questions",
                "visibility", "answers", "spreadsheet_columns")
FRAMEWORKS = ("flask", "flask_sqlalchemy", "sqlalchemy", "werkzeug", "wtforms")


@pytest.mark.parametrize("module", PURE_MODULES)
def test_pure_modules_import_only_stdlib_and_yaml(module):
    path = Path(__file__).resolve().parents[3] / "portal" / "questionnaires" / f"{module}.py"
    allowed = set(sys.stdlib_module_names) | {"yaml", "portal"}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            continue
        for name in names:
            assert name.split(".")[0] in allowed, name
            if name.startswith("portal"):
                # portal.domain: the errors' base, itself importing nothing
                assert name in {"portal.domain",
                                *(f"portal.questionnaires.{m}" for m in PURE_MODULES)}, name


@pytest.mark.parametrize("module", PURE_MODULES)
def test_pure_modules_load_no_framework_at_runtime(module):
    # The portal package itself imports Flask for create_app(); measure only what the module adds.
    code = (
        "import sys; import portal; before = set(sys.modules); "
        f"import portal.questionnaires.{module}; "
        f"bad = [m for m in set(sys.modules) - before if m.split('.')[0] in {FRAMEWORKS!r}]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=default_questionnaires_dir().parent)
    assert result.returncode == 0, result.stdout + result.stderr


def test_choice_types_are_question_types():
    assert set(CHOICE_TYPES) <= set(QUESTION_TYPES)
