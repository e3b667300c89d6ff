"""Steps the browser tests share."""
from __future__ import annotations

from portal.demo.seed import DEMO_PASSWORD


def sign_in(page, base: str, email: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the login form, as a person would."""
    page.goto(f"{base}/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
