"""Steps the browser tests share: signing in, and looking at a page as a person would."""
from __future__ import annotations

import os
import re
from datetime import date, timedelta
from pathlib import Path

from portal.demo.seed import DEMO_PASSWORD
from tests.e2e.accessibility import violations

SHOTS = Path(os.environ.get("E2E_SCREENSHOTS", "bench/out/screenshots"))
SIZES = {"laptop": (1366, 768), "phone": (390, 844)}


def sign_in(page, base: str, email: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the login form, as a person would."""
    page.goto(f"{base}/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def look(page, name: str, *, audit: bool = True) -> None:
    """Check the page as it stands and keep a screenshot of it.

    Checks: no sideways scrolling at this width (WCAG 1.4.10 reflow) and no serious or critical
    axe-core violation. The full-page screenshot goes to SHOTS/<name>-<width>.png.
    """
    width = page.viewport_size["width"]
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name}: {overflow}px of sideways scrolling at {width}px"
    if audit:
        problems = violations(page)
        assert not problems, f"{name} at {width}px: " + "; ".join(problems)
    path = SHOTS / f"{re.sub(r'[^A-Za-z0-9_./-]+', '-', name)}-{width}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)


def answer_section(page, *, text: str = "We provide a claims triage model.") -> None:
    """Answer every shown, editable, unanswered question of the section like a person would.

    Answering a question may show its follow-ups, so the shown questions are listed again until
    a pass finds nothing new.
    """
    done: set[str] = set()
    while True:
        shown = page.locator("article.question:not([hidden])").evaluate_all(
            "arts => arts.map(a => a.dataset.question)")
        todo = [qid for qid in shown if qid not in done]
        if not todo:
            return
        for qid in todo:
            _answer(page.locator(f"#q-{qid}"), text)
            done.add(qid)


def _answer(article, text: str) -> None:
    kind = article.get_attribute("data-type")
    if kind in ("yes_no", "single_choice"):
        if article.locator("input[type=radio]").count() and \
                not article.locator("input[type=radio]:checked").count():
            article.locator("input[type=radio]").first.check()
    elif kind == "multiple_choice":
        boxes = article.locator("input[type=checkbox][name^='q-']")
        if boxes.count() and not article.locator("input[name^='q-']:checked").count():
            boxes.first.check()
    elif kind == "text":
        box = article.locator("textarea[name^='q-']")
        if box.count() and not box.input_value():
            box.fill(text)
    elif kind == "number":
        box = article.locator("input[name^='q-']")
        if box.count() and not box.input_value():
            box.fill("48")
    elif kind == "date":
        box = article.locator("input[type=date]")
        if box.count() and not box.input_value():
            box.fill((date.today() + timedelta(days=300)).isoformat())
    elif kind == "file":
        if article.locator("input[type=file]").count() and \
                not article.locator("[data-file-list] li").count():
            article.locator("input[type=file]").set_input_files(files=[{
                "name": "evidence.pdf", "mimeType": "application/pdf",
                "buffer": b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"}])
            article.locator("[data-save-state]").filter(has_text="Saved").wait_for()


def answer_every_section(page, name: str) -> None:
    """Answer section after section with "Save and continue", looking at each one."""
    number = 1
    while True:
        answer_section(page)
        look(page, f"{name}-section-{number}")
        forward = page.get_by_role("button", name=re.compile("Save and continue"))
        if not forward.count():
            page.get_by_role("button", name="Save", exact=True).click()
            page.wait_for_load_state()
            return
        forward.click()
        page.wait_for_load_state()
        number += 1
