"""Long work in a real browser: bulk sending runs on the in-process pool and its page follows it."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from portal.assessments.models import Assessment
from portal.demo.seed import load_demo_data
from portal.extensions import db
from portal.jobs.models import Job, JobState
from portal.settings.current import settings_for
from tests.e2e.browsing import sign_in

pytestmark = pytest.mark.e2e
SHOTS = Path(os.environ.get("E2E_SCREENSHOTS", "bench/out/screenshots"))


def test_bulk_send_from_the_browser_shows_progress_until_done(live_app, live_server, new_page):
    from portal.auth.models import User
    from portal.vendors import services as vendors

    with live_app.app_context():
        load_demo_data()
        db.session.commit()
        staff = db.session.scalars(sa.select(User).where(
            User.email == "procurement@demo.example")).one()
        fresh = vendors.create_vendor(vendors.VendorData("Fresh Models Ltd (Test)"), actor=staff)
        vendors.invite_contact(fresh, email="dana@fresh-models.example", name="Dana",
                               job_title=None, actor=staff, settings=settings_for(live_app))
        db.session.commit()
        before = db.session.scalar(sa.select(sa.func.count()).select_from(Assessment))
        db.session.remove()
    page = new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, live_server, "procurement@demo.example")
    page.goto(f"{live_server}/assessments/")
    page.get_by_role("link", name="Send to many vendors").click()
    page.get_by_label("Title").fill("Browser bulk run")
    page.get_by_label(re.compile("Fresh Models Ltd")).check()
    page.get_by_role("button", name="Send to the chosen vendors").click()
    page.get_by_role("button", name="Yes, send to 1 vendor").click()  # the confirmation
    expect(page).to_have_url(re.compile(r"/jobs/\d+$"))
    # The job runs on the web process's thread pool (no REDIS_URL); the page polls and reloads.
    expect(page.locator("[data-job-state]")).to_have_text("Succeeded", timeout=30_000)
    expect(page.get_by_text("Sent to 1 vendor(s)")).to_be_visible()
    assert page.locator("progress[data-job-progress]").get_attribute("value") == "100"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "job-bulk-send-done.png"), full_page=True)
    with live_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Assessment)) == before + 1
        db.session.remove()
    assert not errors, errors


def test_the_progress_page_follows_a_job_run_elsewhere(live_app, live_server, new_page):
    """A job another process runs: the page's script picks up each change without a reload."""
    with live_app.app_context():
        load_demo_data()
        db.session.commit()
        owner = db.session.execute(sa.text(
            "select id from users where email = 'procurement@demo.example'")).scalar_one()
        job = Job(kind="exports.evidence_pack", title="Elsewhere", params={},
                  created_by_id=owner, total=4)
        db.session.add(job)
        db.session.commit()
        job_id = job.id
        db.session.remove()
    page = new_page()
    sign_in(page, live_server, "procurement@demo.example")
    page.goto(f"{live_server}/jobs/{job_id}")
    expect(page.locator("[data-job-state]")).to_have_text("Queued")
    with live_app.app_context():
        job = db.session.get(Job, job_id)
        job.state, job.done, job.message = JobState.RUNNING, 2, "Added Nimbus"
        db.session.commit()
        db.session.remove()
    expect(page.locator("[data-job-counts]")).to_have_text("2 of 4")
    expect(page.locator("[data-job-message]")).to_have_text("Added Nimbus")
    assert page.locator("progress[data-job-progress]").get_attribute("value") == "50"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "job-running.png"), full_page=True)
    with live_app.app_context():
        job = db.session.get(Job, job_id)
        job.state, job.done, job.result = JobState.FAILED, 2, {}
        job.error = "RuntimeError: disk full"
        db.session.commit()
        db.session.remove()
    expect(page.get_by_text("RuntimeError: disk full")).to_be_visible()
    expect(page.get_by_role("button", name="Run it again")).to_be_visible()
    page.screenshot(path=str(SHOTS / "job-failed.png"), full_page=True)
