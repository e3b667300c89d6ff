"""The scoring modules stay pure: no Flask, no SQLAlchemy, no portal.extensions."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PURE = ("engine", "answers", "method", "method_sections", "schema", "results", "residual",
        "findings", "explain", "lifts", "evidence", "sensitivity")
ALLOWED_PORTAL = {"portal.domain", "portal.questionnaires.bank", "portal.questionnaires.coverage",
                  "portal.questionnaires.model",
                  *(f"portal.scoring.{m}" for m in PURE)}
FRAMEWORKS = ("flask", "flask_sqlalchemy", "flask_login", "flask_wtf", "sqlalchemy", "werkzeug",
              "wtforms")


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            names.append(node.module or "")
    return names


@pytest.mark.parametrize("module", [*PURE, "__init__"])
def test_modules_import_only_stdlib_yaml_and_pure_portal_modules(module):
    allowed = set(sys.stdlib_module_names) | {"yaml", "portal"}
    for name in _imports(ROOT / "portal" / "scoring" / f"{module}.py"):
        assert name.split(".")[0] in allowed, name
        if name.startswith("portal"):
            assert name in ALLOWED_PORTAL, name


def test_engine_loads_no_framework_at_runtime():
    # The portal package itself imports Flask for create_app(); measure only what scoring adds.
    code = (
        "import sys; import portal; before = set(sys.modules); "
        "import portal.scoring, portal.scoring.engine; "
        "added = set(sys.modules) - before; "
        f"bad = [m for m in added if m.split('.')[0] in {FRAMEWORKS!r} "
        "or m == 'portal.extensions' or m.startswith('portal.models')]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
