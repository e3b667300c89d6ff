"""Staff journeys through the UI (issue 12): a reviewer's clarification round with the vendor on
a phone, a contract manager from scorecard to decision, and sending to many vendors.

Each page is looked at (no sideways scrolling, no serious or critical axe-core violation, a
screenshot under bench/out/screenshots/journeys/).
"""
from __future__ import annotations

import re
import subprocess
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from portal.demo.seed import load_demo_data
from portal.extensions import db
from tests.e2e.browsing import SHOTS, look, sign_in

pytestmark = pytest.mark.e2e
HELIX = 4  # the demo's submitted assessment (starter questionnaire, every answer given)


@pytest.fixture
def demo(live_app, live_server) -> str:
    with live_app.app_context():
        load_demo_data()
        db.session.commit()
        db.session.remove()
    return live_server


def _click(page, role: str, name, **kw) -> None:
    page.get_by_role(role, name=name, **kw).first.click()
    page.wait_for_load_state()


def test_reviewer_runs_a_clarification_round(demo, new_page):
    staff = new_page("laptop")
    sign_in(staff, demo, "procurement@demo.example")
    staff.goto(f"{demo}/assessments/{HELIX}")
    look(staff, "journeys/reviewer-assessment")

    # Accepting with nothing reviewed shows the count and asks again.
    _click(staff, "button", "Accept assessment")
    gate = staff.locator("#review-gate")
    expect(gate).to_contain_text("have not been reviewed")
    unreviewed = int(re.search(r"(\d+) of \d+ answers", gate.inner_text()).group(1))
    assert unreviewed >= 10
    expect(gate.get_by_role("button", name=f"Accept with {unreviewed} unreviewed answers")) \
        .to_be_visible()
    look(staff, "journeys/reviewer-review-gate")

    # Flag the certificate expiry date (shown because of a yes that will be locked), then
    # accept everything else at once.
    _click(staff, "link", "Review answers")
    expiry = staff.locator("#q-START-ORG-04")
    expiry.get_by_label("Ask the vendor to clarify").check()
    expiry.get_by_label("Comment").fill("Which certificate does this date belong to?")
    expiry.get_by_role("button", name="Save review").click()
    staff.wait_for_load_state()
    _click(staff, "button", re.compile(r"Accept all \d+ unreviewed answers"))
    expect(staff.get_by_text("answers flagged for clarification and “not applicable” answers")) \
        .to_be_visible()
    look(staff, "journeys/reviewer-bulk-accepted")
    staff.goto(f"{demo}/assessments/{HELIX}")
    _click(staff, "button", "Request clarification")
    expect(staff.get_by_text("Clarification requested").first).to_be_visible()

    # The vendor, on a phone, lands on the to-do list and answers the one question.
    vendor = new_page("phone")
    sign_in(vendor, demo, "sam@helix.example")
    look(vendor, "journeys/reviewer-vendor-list")
    _click(vendor, "link", "1 question to clarify")
    expect(vendor.get_by_text("Which certificate does this date belong to?")).to_be_visible()
    look(vendor, "journeys/reviewer-vendor-todo")
    _click(vendor, "link", re.compile("^Answer"))
    flagged = vendor.locator("#q-START-ORG-04")
    expect(flagged).to_be_visible()
    assert vendor.locator("#q-START-ORG-03 input").count() == 0  # its trigger is locked
    # Moving between the answer and the response box never hides the question, and what is
    # typed is kept.
    flagged.locator("input[type=date]").focus()
    vendor.keyboard.press("Tab")
    response = flagged.get_by_label("Your response to the reviewer")
    response.fill("ISO/IEC 42001 certificate HX-4471, valid to that date.")
    vendor.keyboard.press("Shift+Tab")
    vendor.keyboard.press("Tab")
    expect(flagged).to_be_visible()
    expect(flagged.locator("[data-save-state]")).to_contain_text("Saved")
    look(vendor, "journeys/reviewer-vendor-answering")
    vendor.reload()
    assert "HX-4471" in vendor.locator("#r-START-ORG-04").input_value()
    vendor.goto(f"{demo}/respond/{HELIX}?section=customers")
    assert vendor.locator(".sticky-actions").count() == 0  # nothing there can change
    _click(vendor, "link", "Review and resubmit")
    look(vendor, "journeys/reviewer-vendor-review")
    _click(vendor, "button", "Resubmit for review")
    expect(vendor.get_by_text("submitted for review")).to_be_visible()

    # The reviewer accepts the response, then the assessment: nothing is left unreviewed.
    staff.goto(f"{demo}/assessments/{HELIX}/review?filter=flagged")
    expiry = staff.locator("#q-START-ORG-04")
    expect(expiry).to_contain_text("HX-4471")
    expiry.get_by_label("Accept", exact=True).check()
    expiry.get_by_role("button", name="Save review").click()
    staff.wait_for_load_state()
    staff.goto(f"{demo}/assessments/{HELIX}")
    _click(staff, "button", "Accept assessment")
    expect(staff.get_by_text("Assessment is now accepted.")).to_be_visible()
    look(staff, "journeys/reviewer-accepted")
    activity = staff.locator("section", has_text="Activity").inner_text()
    assert "Clarification requested" in activity and "Answers accepted in one step" in activity
    assert "assessment.request_clarification" not in activity


def test_contract_manager_from_scorecard_to_decision(demo, new_page, tmp_path):
    page = new_page("laptop")
    sign_in(page, demo, "manager@demo.example")
    page.goto(f"{demo}/vendors/1/scorecard")
    look(page, "journeys/manager-scorecard")
    _click(page, "link", "Why this score")
    expect(page.locator(".why-summary .lead")).to_contain_text("out of 100 overall")
    page.locator("details.group", has_text="A.10 Third-party").locator("summary").first.click()
    control = page.locator("details.control").filter(has_text="A.10.3").first
    control.locator("summary").first.click()
    expect(control.locator("table")).to_be_visible()
    expect(control.locator("details.formula")).not_to_have_attribute("open", "")
    look(page, "journeys/manager-why")
    _click(page, "link", "How scores are computed")
    look(page, "journeys/manager-method")

    # Findings: accept the risk of two at once, as the approver.
    page.goto(f"{demo}/findings/?vendor_id=1")
    boxes = page.locator("input[name=finding_ids]")
    boxes.nth(0).check()
    boxes.nth(1).check()
    expect(page.locator("[data-chosen-count]")).to_have_text("2")
    page.get_by_label("With the chosen findings").select_option("accept")
    page.get_by_label("Remediate by / accepted until").fill(
        (date.today() + timedelta(days=180)).isoformat())
    page.get_by_label(re.compile("justification")).fill("Pilot only; reviewed again in six months.")
    look(page, "journeys/manager-findings")
    _click(page, "button", "Apply to the chosen findings")
    expect(page.get_by_text("done for 2 finding(s)")).to_be_visible()

    # The PDF: every page rendered to an image for a person to look at.
    page.goto(f"{demo}/vendors/1/scorecard")
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF").click()
    pdf = tmp_path / "scorecard.pdf"
    download.value.save_as(pdf)
    out = SHOTS / "journeys" / "manager-scorecard-pdf"
    out.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "70", "-png", str(pdf), str(out)], check=True)

    page.get_by_label("Approved with conditions").check()
    page.get_by_label(re.compile("^Conditions")).fill("Model cards before the production launch.")
    _click(page, "button", "Record decision")
    expect(page.get_by_text("Decision recorded.")).to_be_visible()
    look(page, "journeys/manager-decided")

    phone = new_page("phone")
    sign_in(phone, demo, "manager@demo.example")
    for path, name in (("/vendors/1/scorecard", "scorecard"), ("/vendors/1/scorecard/why", "why"),
                       ("/scoring/method", "method"), ("/findings/?vendor_id=1", "findings")):
        phone.goto(demo + path)
        look(phone, f"journeys/manager-phone-{name}")


def test_bulk_send_counts_and_confirms(demo, new_page):
    page = new_page("laptop")
    sign_in(page, demo, "procurement@demo.example")
    page.goto(f"{demo}/assessments/bulk?tier=high")
    count = page.locator("[data-chosen-count]")
    chosen = int(count.inner_text())
    assert chosen >= 1
    page.locator("input[name=vendor_ids]:checked").first.uncheck()
    expect(count).to_have_text(str(chosen - 1))
    _click(page, "button", "Choose all shown")
    every = page.locator("input[name=vendor_ids]:not(:disabled)").count()
    expect(count).to_have_text(str(every))
    page.get_by_label("Title").fill("Journey bulk run")
    look(page, "journeys/bulk-choose")
    _click(page, "button", "Check and send to the chosen vendors")
    confirm = page.locator("#confirm-send")
    expect(confirm).to_contain_text(f"to {every} vendor")
    look(page, "journeys/bulk-confirm")
    _click(page, "button", re.compile(r"^Yes, send to \d+ vendor"))
    expect(page).to_have_url(re.compile(r"/jobs/\d+$"))
    expect(page.locator("[data-job-state]")).to_have_text("Succeeded", timeout=30_000)
    look(page, "journeys/bulk-done")
