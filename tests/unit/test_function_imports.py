"""No `portal` import hides inside a function: dependencies show at the top of each module.

An import inside a function to dodge a cycle is still a cycle (docs/architecture.md); one to
save start-up time must say so here. Imports under `if TYPE_CHECKING:` are annotations and
are not counted. Third-party libraries loaded lazily (PDF, OCR, Redis) are not checked.
"""
from __future__ import annotations

import ast
from pathlib import Path

PORTAL = Path(__file__).resolve().parents[2] / "portal"

# (module file, imported module) -> why it is imported inside a function.
ALLOWED = {
    ("cli.py", "portal.certificates.cli"):
        "loads Flask; `portal certificates extract` runs without it",
    ("cli.py", "portal.questionnaires.cli"):
        "loads Flask; `portal certificates extract` runs without it",
    ("jobs/cli.py", "portal.jobs.worker"):
        "imports rq: only `portal worker`, run with REDIS_URL, pays for it",
    ("jobs/queue.py", "portal"):
        "an RQ worker started without `portal worker` builds its app on its first job",
    ("certificates/rendering.py", "portal.certificates.pdftext"):
        "the PDF parsers load only in the confined rendering child",
    ("certificates/sandbox.py", "portal.certificates.pdftext"):
        "the PDF parsers load only in the sandboxed reader, after its limits are set",
    ("certificates/textlayer.py", "portal.certificates.pageobjects"):
        "imports pdfplumber, which the text layer loads only when a PDF is read (its own "
        "`import pdfplumber` is in the same function)",
    ("certificates/regexes.py", "portal.certificates.pdftext"):
        "`python -m portal.certificates.regexes` loads the reader to store its patterns; the "
        "reader imports this module, so importing it at the top would be a loop",
    ("certificates/regexes.py", "portal.certificates"):
        "run as a script this file is a second copy of the module: the patterns are in the "
        "copy the reader imported",
}
# The app factory imports every feature inside create_app and its helpers, so that importing
# a pure module (`import portal.scoring.engine`) loads neither Flask nor the features.
FACTORY = "__init__.py"


def _imported(node: ast.Import | ast.ImportFrom) -> list[str]:
    if isinstance(node, ast.ImportFrom):
        return ["." * node.level + (node.module or "")]
    return [alias.name for alias in node.names]


def _function_imports(tree: ast.AST) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            if in_function and isinstance(child, ast.Import | ast.ImportFrom):
                found.extend((child.lineno, name) for name in _imported(child))
            visit(child, in_function or isinstance(
                child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda))

    visit(tree, False)
    return found


def _portal_function_imports() -> dict[tuple[str, str], list[int]]:
    seen: dict[tuple[str, str], list[int]] = {}
    for path in sorted(PORTAL.rglob("*.py")):
        name = path.relative_to(PORTAL).as_posix()
        if name == FACTORY:
            continue
        for line, module in _function_imports(ast.parse(path.read_text(), str(path))):
            if module == "portal" or module.startswith(("portal.", ".")):
                seen.setdefault((name, module), []).append(line)
    return seen


def test_the_scan_finds_an_import_inside_a_function():
    source = ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from portal import x\n"
              "def f():\n    from portal.vendors import services\n    return services\n")
    assert _function_imports(ast.parse(source)) == [(5, "portal.vendors")]


def test_no_portal_import_inside_a_function_outside_the_allow_list():
    hidden = {key: lines for key, lines in _portal_function_imports().items()
              if key not in ALLOWED}
    assert not hidden, (
        "Import these at the top of the module (break a cycle by moving the shared code to a "
        "module both can import, or by a signal), or add them to ALLOWED with the reason: "
        + ", ".join(f"portal/{path}:{lines[0]} imports {module}"
                    for (path, module), lines in sorted(hidden.items())))


def test_every_allowed_import_still_exists():
    stale = set(ALLOWED) - set(_portal_function_imports())
    assert not stale, f"remove from ALLOWED, no longer imported inside a function: {stale}"
