"""The main menu each role sees (auth.navigation, base.html's nav_items)."""
from __future__ import annotations

import re

import pytest

STAFF_MENU = ["/dashboard", "/portfolio/", "/vendors/", "/assessments/", "/questionnaires/",
              "/certificates/", "/findings/"]


def _menu(html: str) -> list[str]:
    nav = re.search(r'<nav class="mainnav" aria-label="Main">(.*?)</nav>', html, re.S)
    return re.findall(r'href="([^"]+)"', nav.group(1)) if nav else []


@pytest.mark.parametrize(("role", "expected"), [
    ("admin", [*STAFF_MENU, "/admin/users", "/admin/outbox", "/admin/audit"]),
    ("procurement", STAFF_MENU),
    ("contract_manager", STAFF_MENU),
])
def test_staff_see_their_roles_menu(client, login, make_user, role, expected):
    login(client, make_user(role))
    assert _menu(client.get("/account").get_data(as_text=True)) == expected


def test_a_vendor_contact_sees_the_vendor_menu(client, login, make_user, make_vendor):
    login(client, make_user("vendor", vendor=make_vendor()))
    menu = _menu(client.get("/account").get_data(as_text=True))
    assert len(menu) == 5
    assert "/vendors/" not in menu and "/admin/users" not in menu


def test_nobody_signed_in_sees_no_menu(client):
    assert _menu(client.get("/login").get_data(as_text=True)) == []
