"""Issue 16 in a real browser: two assessment cycles across a questionnaire version change.

Cycle 1 is answered and accepted on version 1 of a small questionnaire; version 2 then rewords
one question, changes one from hours to calendar days, drops an option, removes one question and
adds one (tests/cycle_templates.py). Cycle 2 is started with "Start next cycle"; the vendor sees
what was carried, what must be confirmed because the question changed, and what was dropped and
why; the reviewer accepts every unchanged answer in one action and reviews only the rest; after
acceptance the vendor is not due again.
"""
from __future__ import annotations

import re
import secrets
from datetime import date

import pytest
import sqlalchemy as sa

from portal.assessments.models import Answer, Assessment
from portal.auth.models import Role, User
from portal.auth.passwords import hash_password
from portal.extensions import db
from portal.questionnaires.bank import load_catalogue, parse_template
from portal.questionnaires.templates import store_template
from portal.reassessment.services import due_vendors
from portal.vendors.models import Product, RiskTier, Vendor
from tests.cycle_templates import V1, v2
from tests.e2e.browsing import look, sign_in

pytestmark = pytest.mark.e2e

STAFF, VENDOR, PASSWORD = "priya@buyer.example.com", "alex@northwind.example.com", "brisk meadow 17"
CYCLE_1 = {"Q-WORD": "yes", "Q-UNIT": "12", "Q-OPT": "named-executive",
           "Q-MULTI": ["bias", "legacy"], "Q-GONE": "We use model X for triage.",
           "Q-SAME": "Dana Reyes", "Q-MAP": "yes"}


def _seed(app) -> int:
    with app.app_context():
        store_template(parse_template(V1, source="v1", catalogue=load_catalogue()))
        vendor = Vendor(legal_name="Northwind AI Ltd", name_key="northwind ai ltd",
                        inherent_tier=RiskTier.HIGH)
        vendor.products.extend([Product(name="Claims triage"), Product(name="Chatbot")])
        db.session.add(vendor)
        db.session.flush()
        db.session.add_all([
            User(email=STAFF, name="Priya Procurement", role=Role.PROCUREMENT,
                 password_hash=hash_password(PASSWORD), session_token=secrets.token_hex(16)),
            User(email=VENDOR, name="Alex Vendor", role=Role.VENDOR, vendor_id=vendor.id,
                 password_hash=hash_password(PASSWORD), session_token=secrets.token_hex(16))])
        db.session.commit()
        vendor_id = vendor.id
        db.session.remove()
    return vendor_id


def _publish_v2(app) -> None:
    with app.app_context():
        store_template(parse_template(v2(), source="v2", catalogue=load_catalogue()))
        db.session.commit()
        db.session.remove()


def _answer(page, qid: str, value) -> None:
    article = page.locator(f"#q-{qid}")
    if isinstance(value, list):
        for v in value:
            article.locator(f"input[value='{v}']").check()
    elif article.get_attribute("data-type") in ("yes_no", "single_choice"):
        article.locator(f"input[value='{value}']").check()
    elif article.get_attribute("data-type") == "text":
        article.locator(f"textarea[name='q-{qid}']").fill(value)
    else:
        article.locator(f"input[name='q-{qid}']").fill(value)


def _submit(vendor) -> None:
    vendor.get_by_role("link", name="Review and submit").first.click()
    vendor.get_by_role("button", name="Submit for review").click()
    vendor.wait_for_load_state()
    assert "submitted for review" in vendor.content()


def _accept(staff, base: str, assessment_id: int) -> None:
    staff.goto(f"{base}/assessments/{assessment_id}")
    staff.get_by_role("button", name="Accept assessment").click()
    staff.wait_for_load_state()
    confirm = staff.get_by_role("button", name=re.compile(r"Accept with \d+ unreviewed"))
    if confirm.count():
        confirm.click()
        staff.wait_for_load_state()
    assert "Assessment is now accepted." in staff.content()


def _start_cycle(staff, base: str, vendor_id: int, template_label: str | None) -> int:
    staff.goto(f"{base}/vendors/{vendor_id}")
    staff.get_by_role("link", name=re.compile("New assessment|Start next cycle")).click()
    staff.wait_for_load_state()
    if template_label:
        staff.get_by_label("Questionnaire").select_option(label=template_label)
        staff.get_by_label("Due date").fill(date.today().replace(year=date.today().year + 1)
                                            .isoformat())
    staff.get_by_role("button", name="Save and send").click()
    staff.wait_for_load_state()
    assert "Assessment sent" in staff.content()
    return int(re.search(r"/assessments/(\d+)", staff.url).group(1))


def test_two_cycles_across_a_template_change(live_app, live_server, new_page):
    vendor_id = _seed(live_app)
    base = live_server
    staff, vendor = new_page("laptop"), new_page("laptop")
    sign_in(staff, base, STAFF, PASSWORD)
    sign_in(vendor, base, VENDOR, PASSWORD)

    # Cycle 1 on version 1: answered, reviewed in bulk, accepted.
    first = _start_cycle(staff, base, vendor_id, "Cycles (v1) · 7 questions")
    vendor.goto(f"{base}/respond/{first}")
    for qid, value in CYCLE_1.items():
        _answer(vendor, qid, value)
    assert vendor.locator("#u-Q-UNIT").inner_text() == "hours"
    vendor.get_by_role("button", name="Save", exact=True).click()
    vendor.wait_for_load_state()
    _submit(vendor)
    _accept(staff, base, first)

    # The questionnaire changes between cycles; cycle 2 starts from the vendor page.
    _publish_v2(live_app)
    staff.goto(f"{base}/vendors/{vendor_id}")
    staff.get_by_role("link", name="Start next cycle").click()
    staff.wait_for_load_state()
    form = staff.content()
    assert "Next assessment cycle for Northwind AI Ltd" in form
    assert "are carried over" in form and "12-month cadence" in form
    chosen = staff.locator("#template_version_id option:checked").inner_text()
    assert chosen.startswith("Cycles (v2)"), chosen  # the newest version of the last one
    assert staff.locator("input[name=recipient_ids]:checked").count() == 1
    look(staff, "cycles-start-next")
    staff.set_viewport_size({"width": 390, "height": 844})
    look(staff, "cycles-start-next")
    staff.set_viewport_size({"width": 1366, "height": 768})
    staff.get_by_role("button", name="Save and send").click()
    staff.wait_for_load_state()
    second = int(re.search(r"/assessments/(\d+)", staff.url).group(1))

    # The vendor: what was carried, what must be confirmed and what was dropped, and why.
    vendor.goto(f"{base}/respond/{second}")
    page = vendor.content()
    assert "Not carried over (3)" in page
    word = vendor.locator("#q-Q-WORD")
    assert "Question changed since your last answer" in word.inner_text()
    assert "The question was reworded." in word.inner_text()
    assert vendor.locator("input[name='q-Q-UNIT']").input_value() == ""  # 12 hours not carried
    assert vendor.locator("#u-Q-UNIT").inner_text() == "calendar days"
    assert vendor.locator("#q-Q-MULTI input[value=bias]").is_checked()
    vendor.get_by_role("link", name=re.compile("Confirm carried-over answers")).click()
    vendor.wait_for_load_state()
    dropped = vendor.locator(".not-carried").inner_text()
    assert "The unit changed from hours to calendar days" in dropped
    assert "Your answer last time: 12 hours" in dropped
    assert "“A named executive” is no longer offered" in dropped
    assert "removed from this version of the questionnaire" in dropped
    assert "named-executive" not in vendor.content()
    look(vendor, "cycles-vendor-carried-over")
    vendor.set_viewport_size({"width": 390, "height": 844})
    look(vendor, "cycles-vendor-carried-over")
    vendor.goto(f"{base}/respond/{second}")
    look(vendor, "cycles-vendor-questionnaire")
    vendor.go_back()
    vendor.set_viewport_size({"width": 1366, "height": 768})
    vendor.get_by_role("button", name="Confirm all 2 unchanged question(s) in this section").click()
    vendor.wait_for_load_state()
    for qid in ("Q-WORD", "Q-MULTI"):  # changed questions: one by one, after reading them
        vendor.locator(f"#q-{qid}").get_by_role("button", name="Confirm: still true").click()
        vendor.wait_for_load_state()
    assert "Every carried-over answer is confirmed or changed." in vendor.content()
    vendor.goto(f"{base}/respond/{second}")
    _answer(vendor, "Q-UNIT", "3")
    _answer(vendor, "Q-OPT", "committee")
    _answer(vendor, "Q-NEW", "yes")
    vendor.locator("textarea[name='c-Q-MAP']").fill("Outputs are now kept for 13 months.")
    vendor.get_by_role("button", name="Save", exact=True).click()
    vendor.wait_for_load_state()
    # Autosave may have stored some of these already: whichever way, nothing is refused.
    assert re.search(r"Saved \d answer\(s\)\.|No changes to save\.", vendor.content())
    assert "changed by someone else" not in vendor.content()
    _submit(vendor)

    # The reviewer: counts since last cycle, accept every unchanged answer in one action.
    staff.goto(f"{base}/assessments/{second}/review")
    summary = staff.locator(".delta-summary").inner_text()
    for count in ("1 answer changed", "4 questions changed in the template", "1 new question",
                  "1 question removed", "1 the same as last cycle"):
        assert count in summary, summary
    assert "6 changed" in staff.locator(".section-nav").inner_text()
    opt = staff.locator("#q-Q-OPT").inner_text()
    assert "Answer last cycle: A named executive" in opt, opt
    assert "Options and weight changed." in opt, opt
    assert "Answer last cycle: 12 hours" in staff.locator("#q-Q-UNIT").inner_text()
    assert "New question" in staff.locator("#q-Q-NEW").inner_text()
    assert "comment" in staff.locator("#q-Q-MAP .delta-row").inner_text()
    look(staff, "cycles-delta-review")
    staff.get_by_role("button", name="Accept all 1 unchanged answer").click()
    staff.wait_for_load_state()
    assert "Accepted 1 answer(s) that are the same as last cycle." in staff.content()
    staff.goto(f"{base}/assessments/{second}/review?filter=changed")
    shown = staff.locator("article.question").evaluate_all("els => els.map(e => e.id)")
    assert sorted(shown) == sorted(f"q-{q}" for q in (
        "Q-WORD", "Q-UNIT", "Q-OPT", "Q-MULTI", "Q-MAP", "Q-NEW"))
    for qid in ("Q-WORD", "Q-UNIT", "Q-OPT", "Q-MULTI", "Q-MAP", "Q-NEW"):
        article = staff.locator(f"#q-{qid}")
        article.get_by_label("Accept", exact=True).check()
        article.get_by_role("button", name="Save review").click()
        staff.wait_for_load_state()
    staff.goto(f"{base}/assessments/{second}/review?section=removed-questions")
    assert "We use model X for triage." in staff.content()
    staff.set_viewport_size({"width": 390, "height": 844})  # the same reviewer on a phone
    staff.goto(f"{base}/assessments/{second}/review")
    look(staff, "cycles-delta-review")
    staff.goto(f"{base}/assessments/{second}/changes?filter=all")
    look(staff, "cycles-changes-table")
    staff.set_viewport_size({"width": 1366, "height": 768})
    look(staff, "cycles-changes-table")
    assert "Removed question" in staff.content() and "A named executive" in staff.content()
    _accept(staff, base, second)

    with live_app.app_context():
        answers = db.session.scalars(sa.select(Answer).where(Answer.assessment_id == second))
        assert {a.question_id: a.review_status.value for a in answers} == dict.fromkeys(
            ("Q-WORD", "Q-UNIT", "Q-OPT", "Q-MULTI", "Q-SAME", "Q-MAP", "Q-NEW"), "accepted")
        assert db.session.get(Assessment, second).previous_id == first
        due = due_vendors(months=live_app.config["REASSESSMENT_MONTHS"], today=date.today())
        assert [r.legal_name for r in due] == []  # no new trigger after a completed cycle
        db.session.remove()
