"""Accessibility audit for the browser tests: axe-core run in the page, failing on serious or
critical violations of WCAG 2.0, 2.1 and 2.2 A/AA rules.

axe-core comes from the npm registry, pinned in tests/e2e/package.json and package-lock.json and
installed by `.ci/run` (`npm ci --prefix tests/e2e`) into tests/e2e/node_modules (not in git).
It is injected through the DevTools protocol (page.evaluate), so the portal's Content Security
Policy, which allows no inline script, stays as it is.
"""
from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pytest

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
FAILING = ("serious", "critical")


@cache
def _axe_source() -> str:
    if not AXE.is_file():
        message = (f"axe-core is not installed at {AXE}: run `npm ci --prefix tests/e2e` "
                   "(CI does it in .ci/run)")
        if os.environ.get("CI"):
            raise RuntimeError(message)
        pytest.skip(message)
    return AXE.read_text(encoding="utf-8")


def violations(page) -> list[str]:
    """Run axe on the page as it stands; return its serious and critical violations."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                               resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.slice(0, 5).map(n => n.target.join(' '))}));
        }""", TAGS)
    return [f"{v['id']} ({v['impact']}): {v['help']} at {', '.join(v['targets'])}"
            for v in result if v["impact"] in FAILING]
