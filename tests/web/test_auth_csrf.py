"""With CSRF protection on (as in production), forms without a token are refused."""
from __future__ import annotations

import re

import pytest


@pytest.fixture
def app_config(app_config):
    return {**app_config, "WTF_CSRF_ENABLED": True}


def csrf_token(page: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def test_login_without_token_is_refused(client, make_user):
    make_user("procurement", email="pat@example.com")
    response = client.post("/login", data={"email": "pat@example.com",
                                           "password": "correct horse battery"})
    assert response.status_code == 400
    assert client.get("/account").status_code == 302


def test_login_with_token_works_and_logout_needs_one(client, make_user):
    make_user("procurement", email="pat@example.com")
    token = csrf_token(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"email": "pat@example.com", "csrf_token": token,
                                           "password": "correct horse battery"})
    assert response.status_code == 302
    assert client.post("/logout").status_code == 400
    assert client.get("/account").status_code == 200
