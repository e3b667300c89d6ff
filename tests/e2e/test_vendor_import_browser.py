"""Bulk vendor import in a real browser: upload a CSV, check the preview, import, follow the job."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

import pytest
import sqlalchemy as sa

from portal.auth.models import Role, User
from portal.auth.passwords import hash_password
from portal.extensions import db
from portal.vendors.models import Vendor

pytestmark = pytest.mark.e2e

EMAIL, PASSWORD = "priya@buyer.example.com", "brisk meadow copper 17"
SHOTS = Path(os.environ.get("E2E_SCREENSHOTS", "bench/out/screenshots"))
CSV = (
    b"Supplier name;Website;Country;Contact name;Contact e-mail\n"
    b"Nimbus Analytics Ltd;nimbus.example.com;Germany;Alex Nimbus;alex@nimbus.example.com\n"
    b"Nimbus Analytics;;;Bea Nimbus;bea@nimbus.example.com\n"
    b"Corvid Vision GmbH;https://corvid.example.com;FR;;\n"
    b";https://nameless.example.com;;;\n"
)


def _seed(app) -> None:
    with app.app_context():
        db.session.add(User(email=EMAIL, name="Priya Procurement", role=Role.PROCUREMENT,
                            password_hash=hash_password(PASSWORD),
                            session_token=secrets.token_hex(16)))
        db.session.commit()
        db.session.remove()


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_upload_preview_and_import_with_progress(live_app, live_server, new_page):
    _seed(live_app)
    page = new_page()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.goto(f"{live_server}/login")
    page.get_by_label("E-mail").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()

    page.goto(f"{live_server}/vendors/")
    _shot(page, "vendor-import-list-button")
    page.get_by_role("link", name="Import vendors").click()
    page.wait_for_url("**/vendors/import")
    _shot(page, "vendor-import-upload")
    upload = page.get_by_label("Spreadsheet (CSV or Excel .xlsx)")
    upload.set_input_files(files=[{"name": "export.xlsx", "mimeType": "application/zip",
                                   "buffer": b"PK\x03\x04" + b"not really a workbook" * 20}])
    page.get_by_role("button", name="Check the file").click()
    page.wait_for_load_state()
    assert "damaged archive" in page.locator("[data-import-error]").inner_text()
    _shot(page, "vendor-import-rejected")
    page.get_by_label("Spreadsheet (CSV or Excel .xlsx)").set_input_files(
        files=[{"name": "suppliers.csv", "mimeType": "text/csv", "buffer": CSV}])
    page.get_by_role("button", name="Check the file").click()
    page.wait_for_url("**/vendors/import/*")
    assert page.locator("[data-count=new_vendors]").inner_text() == "2"
    assert page.locator("[data-count=contacts]").inner_text() == "2"
    assert page.locator("[data-count=errors]").inner_text() == "1"
    assert "The legal name is missing." in page.locator("[data-row='5']").inner_text()
    _shot(page, "vendor-import-preview")
    with live_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Vendor)) == 0
        db.session.remove()

    page.get_by_role("button", name="Import 2 vendors").click()
    page.wait_for_url("**/jobs/*")
    state = page.locator("[data-job-state]")
    state.filter(has_text="Succeeded").wait_for(timeout=30_000)
    assert page.locator("[data-job-progress]").get_attribute("value") == "100"
    assert "2 vendor(s) created, 2 contact(s) invited" in page.content()
    _shot(page, "vendor-import-job")
    page.get_by_role("link", name="Back to the import").click()
    page.wait_for_url("**/vendors/import/*")
    assert "2 vendor(s) created" in page.locator(".flash-success").inner_text()
    _shot(page, "vendor-import-done")
    with live_app.app_context():
        names = set(db.session.scalars(sa.select(Vendor.legal_name)))
        contacts = set(db.session.scalars(sa.select(User.email).where(User.role == Role.VENDOR)))
        db.session.remove()
    assert names == {"Nimbus Analytics Ltd", "Corvid Vision GmbH"}
    assert contacts == {"alex@nimbus.example.com", "bea@nimbus.example.com"}
    assert not problems, problems
