"""The vendor's journey through the UI, on a phone and on a laptop (issue 12).

Each page is looked at as a person would: no sideways scrolling, no serious or critical axe-core
violation, a full-page screenshot under bench/out/screenshots/journeys/.
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from portal.demo.seed import load_demo_data
from portal.extensions import db
from tests.e2e.browsing import answer_every_section, look, sign_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def demo(live_app, live_server) -> str:
    with live_app.app_context():
        load_demo_data()
        db.session.commit()
        db.session.remove()
    return live_server


def _open(page, base: str, path: str, name: str) -> None:
    page.goto(base + path)
    look(page, name)


def test_vendor_answers_on_a_phone(demo, new_page):
    """Kim (Aurora) answers the core questionnaire on a 390 x 844 phone and submits it."""
    page = new_page("phone")
    sign_in(page, demo, "kim@aurora.example")
    look(page, "journeys/vendor-phone-my-assessments")
    page.get_by_role("link", name="High-risk use review").first.click()
    page.wait_for_load_state()
    look(page, "journeys/vendor-phone-questionnaire")

    # The questions come first: the section list is folded, nothing sticks to the screen, and
    # the first question starts on the first screen.
    assert page.locator("details.section-picker").evaluate("d => d.open") is False
    first = page.locator("article.question:not([hidden])").first.bounding_box()
    assert first["y"] < 844, first
    for selector in (".section-nav", ".sticky-actions"):
        position = page.locator(selector).evaluate("e => getComputedStyle(e).position")
        assert position == "static", (selector, position)

    # CORE-PRO-02 ("how is the AI built", options without a score) saves.
    built = page.locator("#q-CORE-PRO-02")
    built.get_by_label(re.compile("third-party model", re.I)).check()
    expect(built.locator("[data-save-state]")).to_contain_text("Saved")

    # A follow-up in another section (CORE-DATA-06) is shown from the saved answer, and stays
    # shown while other answers on its page change.
    page.goto(f"{demo}/respond/5?section=data")
    follow_up = page.locator("#q-CORE-DATA-06")
    expect(follow_up).to_be_visible()
    page.locator("#q-CORE-DATA-01 input[type=checkbox]").first.check()
    page.locator("#q-CORE-DATA-02 input[type=radio]").first.check()
    expect(follow_up).to_be_visible()

    page.goto(f"{demo}/respond/5?section=profile")
    answer_every_section(page, "journeys/vendor-phone")
    page.get_by_role("link", name="Review and submit").first.click()
    page.wait_for_load_state()
    look(page, "journeys/vendor-phone-review")
    review = page.locator("dl.answer-review")
    expect(review.first).to_be_visible()
    assert "third-party model" in page.locator("#main").inner_text().lower()
    page.get_by_role("button", name="Submit for review").click()
    page.wait_for_load_state()
    expect(page.get_by_text("submitted for review")).to_be_visible()
    look(page, "journeys/vendor-phone-submitted")
    assert page.locator(".sticky-actions").count() == 0  # nothing to save when all is locked


def test_vendor_answers_on_a_laptop(demo, new_page):
    """Alex (Nimbus) finishes the starter questionnaire on a 1366 x 768 laptop, by keyboard too."""
    page = new_page("laptop")
    sign_in(page, demo, "alex@nimbus.example")
    look(page, "journeys/vendor-laptop-my-assessments")
    list_progress = page.locator("tr", has_text="2026 AI supplier assessment").locator(
        ".col-progress").inner_text()
    page.get_by_role("link", name="2026 AI supplier assessment").first.click()
    page.wait_for_load_state()
    nav_progress = page.locator(".section-nav").inner_text()
    counted = re.search(r"(\d+) of (\d+) answered", list_progress).groups()
    assert f"{counted[0]} of {counted[1]} questions answered" in nav_progress  # one count

    # Keyboard: a focused field shows a strong ring and is never under the sticky save bar.
    last = page.locator("article.question:not([hidden]) textarea").last
    last.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    ring = last.evaluate("e => { const s = getComputedStyle(e); "
                         "return [s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor]; }")
    assert ring[0] == "solid" and ring[1] >= 2, ring
    assert ring[2] in ("rgb(31, 95, 191)",), ring  # --focus: 6:1 on white
    box = last.bounding_box()
    bar = page.locator(".sticky-actions").bounding_box()
    assert box["y"] + box["height"] <= bar["y"] + 1, (box, bar)
    look(page, "journeys/vendor-laptop-questionnaire")

    # Last cycle's answers were carried over: confirm them, section by section.
    page.get_by_role("link", name=re.compile("Confirm carried-over answers")).click()
    page.wait_for_load_state()
    look(page, "journeys/vendor-laptop-carried-over")
    while (confirm := page.get_by_role("button", name=re.compile("^Confirm all"))).count():
        confirm.first.click()
        page.wait_for_load_state()
    expect(page.get_by_text("Every carried-over answer is confirmed")).to_be_visible()
    page.get_by_role("link", name="Back to the questionnaire").click()
    page.wait_for_load_state()
    answer_every_section(page, "journeys/vendor-laptop")
    page.get_by_role("link", name="Review and submit").first.click()
    page.wait_for_load_state()
    look(page, "journeys/vendor-laptop-review")
    page.get_by_role("button", name="Submit for review").click()
    page.wait_for_load_state()
    expect(page.get_by_text("submitted for review")).to_be_visible()
    for path in ("/respond/", "/documents/", "/findings/mine", "/certificates/mine", "/team",
                 "/account", "/respond/3/submit", "/respond/3/workbook/upload"):
        _open(page, demo, path, "journeys/vendor-laptop" + path.replace("/", "-"))
