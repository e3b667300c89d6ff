"""In real Chromium, no page showing hostile strings ever runs them (no dialog fires)."""
from __future__ import annotations

import pytest
from flask import url_for

from portal.extensions import db
from tests.security.conftest import PASSWORD
from tests.security.test_xss import _get_pages, hostile_world  # noqa: F401 (fixture)

pytestmark = pytest.mark.e2e


def test_no_payload_runs_in_the_browser(app, served, chromium, hostile_world):  # noqa: F811
    users, values = hostile_world
    urls = []
    for endpoint, arguments in _get_pages(app):
        if arguments <= set(values) and not endpoint.startswith(("auth.", "api_tokens.")):
            with app.test_request_context():
                urls.append(url_for(endpoint, **{k: values[k] for k in arguments}))
    emails = [users["procurement"].email, users["vendor"].email]
    db.session.remove()
    dialogs: list[str] = []
    visited = 0
    for email in emails:
        context = chromium.new_context()
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.on("dialog", lambda d, page=page: (dialogs.append(f"{page.url}: {d.message}"),
                                                 d.dismiss()))
        page.goto(f"{served}/login")
        page.get_by_label("E-mail").fill(email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        for url in urls:
            if url.endswith((".csv", ".zip", ".pdf", ".png", ".json", ".xlsx", "/download",
                             "/workbook")):
                continue
            response = page.goto(served + url)
            if response is not None and response.status == 200:
                visited += 1
        context.close()
    assert not dialogs, dialogs
    assert visited >= 40, visited
