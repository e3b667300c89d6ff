"""Issue 2, steps 2-4 in a real browser: staff send, vendor answers, review round, acceptance."""
from __future__ import annotations

import os
import re
import secrets
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from portal.auth.models import Role, User
from portal.auth.passwords import hash_password
from portal.extensions import db
from portal.mail.models import OutboundEmail
from portal.questionnaires.templates import sync_templates_from_disk
from tests.e2e.browsing import sign_in

pytestmark = pytest.mark.e2e

STAFF_EMAIL, STAFF_PASSWORD = "priya@buyer.example.com", "brisk meadow copper 17"
VENDOR_EMAIL, VENDOR_PASSWORD = "alex@nimbus-analytics.example.com", "quiet lantern orchard 42"
SHOTS = Path(os.environ.get("E2E_SCREENSHOTS", "bench/out/screenshots"))


def _seed(app) -> None:
    with app.app_context():
        sync_templates_from_disk()
        db.session.add(User(email=STAFF_EMAIL, name="Priya Procurement", role=Role.PROCUREMENT,
                            password_hash=hash_password(STAFF_PASSWORD),
                            session_token=secrets.token_hex(16)))
        db.session.commit()


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _invitation_link(app, base: str) -> str:
    """Return the one set-password link e-mailed to the vendor (one invitation per action)."""
    with app.app_context():
        bodies = db.session.scalars(
            sa.select(OutboundEmail.body_text).where(OutboundEmail.to_address == VENDOR_EMAIL)
            .order_by(OutboundEmail.id)).all()
        db.session.remove()
    links = [m.group(0) for body in bodies for m in re.finditer(r"https?://\S+/invite/\S+", body)]
    assert len(links) == 1, bodies
    assert links[0].startswith(base + "/invite/"), links  # built on the served address
    assert "choose your password with the link in the invitation" in bodies[-1]
    return links[0]


def _answer_visible_questions(page) -> None:
    """Answer every visible, editable question of the current section like a person would."""
    for article in page.locator("article.question:not([hidden])").all():
        qtype = article.get_attribute("data-type")
        if qtype in ("yes_no", "single_choice"):
            if not article.locator("input[type=radio]:checked").count():
                article.locator("input[type=radio]").first.check()
        elif qtype == "multiple_choice":
            article.locator("input[type=checkbox][name^='q-']").first.check()
        elif qtype == "text":
            article.locator("textarea[name^='q-']").fill("We provide a claims triage model.")
        elif qtype == "number":
            article.locator("input[name^='q-']").fill("48")
        elif qtype == "date":
            later = date.today() + timedelta(days=300)
            article.locator("input[type=date]").fill(later.isoformat())
        elif qtype == "file":
            article.locator("input[type=file]").set_input_files(files=[{
                "name": "incident-policy.pdf", "mimeType": "application/pdf",
                "buffer": b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"}])
            article.locator("[data-save-state]").filter(has_text="Saved").wait_for()


def test_send_answer_clarify_accept(live_app, live_server, new_page):
    _seed(live_app)
    base = live_server
    staff = new_page()

    # Step 2: procurement adds a vendor, fills its intake, invites a contact, sends.
    sign_in(staff, base, STAFF_EMAIL, STAFF_PASSWORD)
    staff.goto(f"{base}/vendors/new")
    staff.get_by_label("Legal name").fill("Nimbus Analytics Ltd")
    staff.get_by_role("button", name="Add vendor").click()
    staff.wait_for_load_state()
    vendor_id = int(re.search(r"/vendors/(\d+)", staff.url).group(1))
    staff.goto(f"{base}/vendors/{vendor_id}/intake")
    for group in staff.locator("form fieldset").all():
        group.locator("input[type=radio]").last.check()
    staff.get_by_role("button", name="Save intake and set tier").click()
    staff.wait_for_load_state()
    assert "Critical" in staff.content()
    staff.goto(f"{base}/vendors/{vendor_id}/contacts")
    staff.get_by_label("Name").fill("Alex Vendor")
    staff.get_by_label("E-mail").fill(VENDOR_EMAIL)
    staff.get_by_role("button", name="Invite contact").click()
    staff.wait_for_load_state()
    staff.goto(f"{base}/assessments/new?vendor_id={vendor_id}")
    starter = next(o.get_attribute("value") for o in staff.locator("#template_version_id option")
                   .all() if "starter" in o.inner_text().lower())
    staff.get_by_label("Questionnaire").select_option(value=starter)
    staff.get_by_label("Due date").fill((date.today() + timedelta(days=14)).isoformat())
    _shot(staff, "01-new-assessment")
    staff.get_by_role("button", name="Save and send").click()
    staff.wait_for_load_state()
    assert "Assessment sent" in staff.content()
    assessment_id = int(re.search(r"/assessments/(\d+)", staff.url).group(1))

    # Step 3: the vendor follows the e-mailed link in a separate session.
    vendor = new_page()
    vendor.goto(_invitation_link(live_app, base))
    vendor.get_by_label("New password", exact=True).fill(VENDOR_PASSWORD)
    vendor.get_by_label("Repeat the new password").fill(VENDOR_PASSWORD)
    vendor.get_by_role("button", name="Set password").click()
    vendor.wait_for_load_state()
    vendor.goto(f"{base}/respond/")
    assert "Nimbus Analytics Ltd" in vendor.content()
    vendor.get_by_role("link", name="Annual AI supplier assessment").first.click()
    vendor.wait_for_load_state()

    # Autosave: type, wait for the "Saved" state, reload, the answer is still there.
    first = vendor.locator("#q-START-ORG-01")
    first.locator("textarea[name='q-START-ORG-01']").fill("Claims triage model (autosaved)")
    first.locator("[data-save-state]").filter(has_text="Saved").wait_for()
    vendor.reload()
    assert vendor.locator("textarea[name='q-START-ORG-01']").input_value() == \
        "Claims triage model (autosaved)"
    # A conditional question appears when its trigger is answered.
    assert vendor.locator("#q-START-ORG-04").is_hidden()
    vendor.locator("#q-START-ORG-03 input[value=yes]").check()
    assert vendor.locator("#q-START-ORG-04").is_visible()

    while True:
        _answer_visible_questions(vendor)
        _shot(vendor, "02-questionnaire")
        next_button = vendor.get_by_role("button", name=re.compile("Save and continue"))
        if not next_button.count():
            vendor.get_by_role("button", name="Save", exact=True).click()
            vendor.wait_for_load_state()
            break
        next_button.click()
        vendor.wait_for_load_state()
    vendor.get_by_role("link", name="Review and submit").first.click()
    vendor.get_by_role("button", name="Submit for review").click()
    vendor.wait_for_load_state()
    assert "submitted for review" in vendor.content()

    # Step 4: staff ask for clarification on one answer.
    staff.goto(f"{base}/assessments/{assessment_id}/review?section=company")
    question = staff.locator("#q-START-ORG-01")
    question.get_by_label("Ask the vendor to clarify").check()
    question.get_by_label("Comment").fill("Which lines of business use it?")
    question.get_by_role("button", name="Save review").click()
    staff.wait_for_load_state()
    _shot(staff, "03-review")
    staff.goto(f"{base}/assessments/{assessment_id}")
    staff.get_by_role("button", name="Request clarification").click()
    staff.wait_for_load_state()
    assert "Clarification requested" in staff.content()

    vendor.goto(f"{base}/respond/{assessment_id}?section=company")
    assert "Which lines of business use it?" in vendor.content()
    assert vendor.locator("textarea[name='q-START-ORG-03']").count() == 0  # others locked
    response = vendor.get_by_label("Your response to the reviewer")
    response.fill("Motor and home insurance claims only.")
    vendor.locator("#q-START-ORG-01 [data-save-state]").filter(has_text="Saved").wait_for()
    vendor.get_by_role("link", name=re.compile("resubmit", re.I)).first.click()
    vendor.get_by_role("button", name="Resubmit for review").click()
    vendor.wait_for_load_state()

    staff.goto(f"{base}/assessments/{assessment_id}/review?section=company")
    assert "Motor and home insurance claims only." in staff.content()
    question = staff.locator("#q-START-ORG-01")
    question.get_by_label("Accept", exact=True).check()
    question.get_by_role("button", name="Save review").click()
    staff.wait_for_load_state()
    staff.goto(f"{base}/assessments/{assessment_id}")
    staff.get_by_label("Decision comment (optional)").fill("Approved for the claims pilot.")
    staff.get_by_role("button", name="Accept assessment").click()
    staff.wait_for_load_state()
    # The other answers were never reviewed: accepting asks once more, with their count.
    confirm = staff.get_by_role("button", name=re.compile(r"Accept with \d+ unreviewed"))
    confirm.click()
    staff.wait_for_load_state()
    assert "Assessment is now accepted." in staff.content()
    _shot(staff, "04-accepted")
    staff.goto(f"{base}/assessments/{assessment_id}/activity")
    content = staff.content()
    for action in ("Assessment sent", "Answers saved", "Assessment submitted",
                   "Clarification requested", "Assessment resubmitted",
                   "Assessment accepted"):
        assert action in content, action
    assert "assessment.send" not in content  # events in words, not codes
