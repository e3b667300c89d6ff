"""The page's conditions.js and the server's conditions.evaluate agree on one table of cases."""
from __future__ import annotations

from pathlib import Path

import pytest

from portal.questionnaires.conditions import evaluate
from tests.unit.questionnaires.test_conditions import CASES

pytestmark = pytest.mark.e2e

SCRIPT = Path(__file__).resolve().parents[2] / "portal" / "static" / "js" / "conditions.js"


def test_javascript_and_python_agree(browser):
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content("<!doctype html><title>conditions</title>")
        page.add_script_tag(path=str(SCRIPT))
        table = [{"name": name, "expression": expression, "answers": answers}
                 for name, expression, answers, _ in CASES]
        in_browser = page.evaluate(
            "cases => cases.map(c => PortalConditions.evaluate(c.expression, c.answers))", table)
    finally:
        context.close()
    in_python = [evaluate(expression, answers) for _, expression, answers, _ in CASES]
    expected = [want for *_, want in CASES]
    assert in_python == expected
    mismatches = [name for (name, *_), js, py in zip(CASES, in_browser, in_python, strict=True)
                  if js is not py]
    assert not mismatches, mismatches
