"""E-mailed links start at PORTAL_BASE_URL or the served address; one invitation per action;
`portal demo --port N` e-mails links to port N and logs without colour codes when piped."""
from __future__ import annotations

import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
import sqlalchemy as sa

from portal.auth.models import TokenPurpose, UserToken
from portal.demo.seed import DEMO_PASSWORD
from portal.extensions import db
from portal.mail.links import absolute_url, base_url, served_url
from portal.mail.models import OutboundEmail
from portal.settings import Settings


@pytest.mark.parametrize(("config", "request_host", "expected"), [
    ({"PORTAL_BASE_URL": "https://portal.example.com/"}, "evil.example", "https://portal.example.com"),
    ({"PORTAL_SERVED_URL": "http://127.0.0.1:8123"}, None, "http://127.0.0.1:8123"),
    ({"PORTAL_BASE_URL": "https://a.example", "PORTAL_SERVED_URL": "http://b:1"}, None,
     "https://a.example"),
    ({"PORTAL_ENV": "development"}, "laptop.local:8080", "http://laptop.local:8080"),
    ({"PORTAL_ENV": "production"}, "evil.example", "http://127.0.0.1:5000"),  # Host not trusted
    ({}, None, "http://127.0.0.1:5000"),
])
def test_base_url_precedence(app, config, request_host, expected):
    settings = Settings.from_config({**app.config, "PORTAL_BASE_URL": None, **config})
    if request_host is None:
        assert base_url(settings) == expected
    else:
        with app.test_request_context("/", base_url=f"http://{request_host}"):
            assert base_url(settings) == expected
    linked = Settings.from_config({**app.config, "PORTAL_BASE_URL": expected})
    assert absolute_url(linked, "/respond/3") == f"{expected}/respond/3"


def test_served_url_names_a_reachable_address():
    assert served_url("0.0.0.0", 8080) == "http://127.0.0.1:8080"  # nosec B104
    assert served_url("127.0.0.1", 5001) == "http://127.0.0.1:5001"
    assert served_url("::1", 5002) == "http://[::1]:5002"


def test_inviting_then_sending_sends_one_invitation(client, login, make_user, make_vendor,
                                                    make_template_version):
    """Invite a contact, then send an assessment: the second e-mail points to the first
    invitation, whose link still works."""
    vendor = make_vendor()
    staff = make_user("procurement")
    login(client, staff)
    response = client.post(f"/vendors/{vendor.id}/contacts", data={
        "name": "Alex Vendor", "email": "alex@vendor.example"}, follow_redirects=True)
    assert "queued" in response.get_data(as_text=True)
    assert "ask an administrator to forward it from Admin → Outbox" in \
        response.get_data(as_text=True)  # procurement cannot open the outbox: told who can
    version = make_template_version("ai-supplier-starter")
    contact_id = db.session.scalar(sa.text("select id from users where email = :e"),
                                   {"e": "alex@vendor.example"})
    response = client.post(f"/assessments/new?vendor_id={vendor.id}", data={
        "title": "Annual", "template_version_id": version.id, "due_date": "2099-01-01",
        "recipient_ids": [contact_id], "product_id": 0, "send": "1"})
    assert response.status_code == 302
    mails = db.session.scalars(sa.select(OutboundEmail).where(
        OutboundEmail.to_address == "alex@vendor.example").order_by(OutboundEmail.id)).all()
    assert [m.kind for m in mails] == ["invitation", "assessment_sent"]
    links = re.findall(r"http://portal\.test/invite/(\S+)", "\n".join(m.body_text for m in mails))
    assert len(links) == 1
    assert "with the link in the invitation e-mail sent on" in mails[1].body_text
    live = db.session.scalars(sa.select(UserToken).where(
        UserToken.purpose == TokenPurpose.INVITATION, UserToken.used_at.is_(None))).all()
    assert len(live) == 1
    client.post("/logout")
    assert client.get(f"/invite/{links[0]}").status_code == 200


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def test_demo_on_another_port_emails_working_links_and_logs_plain_text(tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("PORTAL_BASE_URL", "DATABASE_URL")}
    env.update(PORTAL_INSTANCE_PATH=str(tmp_path), REDIS_URL="", JOBS_MODE="eager")
    portal = Path(sys.executable).with_name("portal")
    server = subprocess.Popen([str(portal), "demo", "--port", str(port)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        for _ in range(120):
            try:
                login_page = opener.open(f"{base}/login", timeout=5).read().decode()
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("the demo server did not start")

        def post(path: str, fields: dict, page: str) -> str:
            data = urllib.parse.urlencode({**fields, "csrf_token": _csrf(page)}).encode()
            return opener.open(f"{base}{path}", data=data, timeout=30).read().decode()

        post("/login", {"email": "procurement@demo.example", "password": DEMO_PASSWORD},
             login_page)
        contacts = opener.open(f"{base}/vendors/2/contacts", timeout=30).read().decode()
        post("/vendors/2/contacts", {"name": "New Contact", "email": "new@helix.example"},
             contacts)
        with sqlite3.connect(tmp_path / "portal.db") as connection:
            body = connection.execute(
                "select body_text from outbound_emails where to_address = 'new@helix.example'"
            ).fetchone()[0]
        link = re.search(r"http://\S+/invite/\S+", body).group(0)
        assert link.startswith(f"{base}/invite/"), link
        assert "Choose your password" in urllib.request.urlopen(link, timeout=30).read().decode()
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0].decode()
    assert "GET /invite/" in output and "\x1b[" not in output, output[-2000:]
