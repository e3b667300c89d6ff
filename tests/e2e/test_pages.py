"""Every main page renders in Chromium for its role, with no console errors or CSP violations."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from portal.demo.seed import load_demo_data
from portal.extensions import db
from tests.e2e.browsing import sign_in

pytestmark = pytest.mark.e2e

SHOTS = Path(os.environ.get("E2E_SCREENSHOTS", "bench/out/screenshots")) / "pages"
PAGES = {
    "admin@demo.example": ["/dashboard", "/admin/users", "/admin/outbox", "/admin/audit",
                           "/questionnaires/"],
    "procurement@demo.example": ["/dashboard", "/vendors/", "/vendors/1", "/vendors/1/contacts",
                                 "/vendors/1/intake", "/assessments/", "/assessments/new",
                                 "/assessments/2", "/assessments/2/review", "/account",
                                 "/assessments/bulk?tier=high", "/jobs/",
                                 "/portfolio/evidence-pack"],
    "manager@demo.example": ["/dashboard", "/assessments/2"],
    "alex@nimbus.example": ["/respond/", "/respond/1", "/respond/1/submit", "/documents/",
                            "/team"],
}


@pytest.mark.parametrize("email", sorted(PAGES))
def test_pages_render_cleanly(live_app, live_server, new_page, email):
    with live_app.app_context():
        load_demo_data()
        db.session.commit()
        db.session.remove()
    page = new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
            if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    sign_in(page, live_server, email)
    SHOTS.mkdir(parents=True, exist_ok=True)
    for path in PAGES[email]:
        response = page.goto(live_server + path)
        assert response.status == 200, (path, response.status)
        assert page.locator("h1").count() >= 1, path
        name = email.split("@")[0] + path.replace("/", "_").rstrip("_")
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    assert not problems, problems
