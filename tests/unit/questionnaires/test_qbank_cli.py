"""`portal questionnaires` commands, run on the click group without an application."""
from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from portal.questionnaires.bank import default_questionnaires_dir
from portal.questionnaires.cli import questionnaires_cli


@pytest.fixture
def run():
    runner = CliRunner()
    return lambda *args: runner.invoke(questionnaires_cli, list(args))


@pytest.fixture
def tree(tmp_path):
    """Copy the shipped catalogue and one template into a temporary questionnaires folder."""
    shipped = default_questionnaires_dir()
    (tmp_path / "templates").mkdir()
    shutil.copy(shipped / "controls.yaml", tmp_path / "controls.yaml")
    shutil.copy(shipped / "templates" / "ai-supplier-starter.yaml", tmp_path / "templates")
    return tmp_path


def test_validate_shipped_templates(run):
    result = run("validate")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""


def test_validate_broken_file_lists_problems(run, tree):
    path = tree / "templates" / "ai-supplier-starter.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("controls: [A.10.3]", "controls: [A.10.9]"), encoding="utf-8")
    result = run("validate", "--dir", str(tree))
    assert result.exit_code == 1
    assert "ai-supplier-starter.yaml: START-SUP-02: unknown control 'A.10.9'" in result.stdout
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert "START-SUP-02: unknown control 'A.10.9'" in result.stdout


def test_validate_explicit_paths(run):
    templates = default_questionnaires_dir() / "templates"
    assert run("validate", str(templates / "ai-supplier-core.yaml")).exit_code == 0
    assert run("validate", str(templates)).exit_code == 0


def test_list_json(run):
    result = run("list", "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert {row["id"] for row in rows} >= {"ai-supplier-core", "ai-supplier-lite", "annex-a-full"}
    for row in rows:
        assert set(row) == {"id", "title", "version", "questions"}
        assert isinstance(row["version"], int) and row["questions"] > 0


def test_list_text(run):
    result = run("list")
    assert result.exit_code == 0
    assert "ai-supplier-core" in result.stdout


def test_coverage_json(run):
    result = run("coverage", "ai-supplier-core", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert set(data) == {"template", "version", "questions", "controls"}
    assert data["template"] == "ai-supplier-core"
    assert len(data["controls"]) == 38
    assert list(data["controls"])[0] == "A.2.2" and list(data["controls"])[-1] == "A.10.4"
    assert data["controls"]["A.10.3"] >= 6
    assert all(isinstance(n, int) and n >= 0 for n in data["controls"].values())


def test_coverage_text(run):
    result = run("coverage", "annex-a-full")
    assert result.exit_code == 0
    assert "38/38 Annex A controls covered" in result.stdout


def test_coverage_unknown_template(run):
    result = run("coverage", "no-such-template")
    assert result.exit_code == 1
    assert "no valid template" in result.output


def test_broken_catalogue_exits_1(run, tree):
    (tree / "controls.yaml").write_text("groups: [{id: A.2}]\n", encoding="utf-8")
    result = run("validate", "--dir", str(tree))
    assert result.exit_code == 1
    assert "controls.yaml" in result.output


def test_group_commands():
    assert set(questionnaires_cli.commands) == {"validate", "list", "coverage", "import"}
