"""Administration: permissions, staff accounts, deactivation, outbox and audit log."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from portal.audit.models import AuditEvent
from portal.audit.services import record
from portal.auth import services as auth_services
from portal.auth.models import Role, User
from portal.extensions import db
from portal.mail.models import EmailStatus, OutboundEmail
from portal.mail.services import queue_email
from portal.settings.current import settings_for


@pytest.fixture
def admin(make_user):
    return make_user("admin", email="root@corp.example", name="Root Admin")


@pytest.fixture
def message(app):
    mail = queue_email(settings_for(app).smtp, to="x@acme.example",
                       subject="Hello there", body="Line one\nLine two", kind="test")
    db.session.commit()
    return mail


GET_ROUTES = ["/admin/users", "/admin/users/new", "/admin/users/{user}", "/admin/outbox",
              "/admin/outbox/{message}", "/admin/audit"]
POST_ROUTES = ["/admin/users/{user}/deactivate", "/admin/users/{user}/reactivate",
               "/admin/users/{user}/unlock", "/admin/users/{user}/resend-invitation",
               "/admin/users/new"]


@pytest.mark.parametrize("role,expected", [
    (None, 302), ("vendor", 403), ("procurement", 403), ("contract_manager", 403), ("admin", 200),
])
@pytest.mark.parametrize("route", GET_ROUTES)
def test_get_permissions(client, login, make_user, make_vendor, message, route, role, expected):
    target = make_user("procurement")
    if role is not None:
        vendor = make_vendor() if role == "vendor" else None
        login(client, make_user(role, vendor=vendor))
    response = client.get(route.format(user=target.id, message=message.id))
    assert response.status_code == expected
    if role is None:
        assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("role", ["vendor", "procurement", "contract_manager"])
@pytest.mark.parametrize("route", POST_ROUTES)
def test_post_permissions(client, login, make_user, make_vendor, route, role):
    target = make_user("procurement", email="target@corp.example")
    vendor = make_vendor() if role == "vendor" else None
    login(client, make_user(role, vendor=vendor))
    response = client.post(route.format(user=target.id),
                           data={"name": "X", "email": "x@corp.example", "role": "admin"})
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(User, target.id).is_active
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 2


def test_missing_objects_are_404(client, login, admin):
    login(client, admin)
    assert client.get("/admin/users/9999").status_code == 404
    assert client.get("/admin/outbox/9999").status_code == 404


def test_users_list_filters_and_paginates(app, client, login, admin, make_user, make_vendor):
    app.config["PAGE_SIZE"] = 3
    login(client, admin)
    make_user("procurement", name="Paula Procure", email="paula@corp.example")
    make_user("contract_manager", name="Carl Contract", email="carl@corp.example",
              is_active=False)
    make_user("vendor", vendor=make_vendor("Acme AI Ltd"), name="Vera Vendor",
              email="vera@acme.example", password=None)
    page = client.get("/admin/users").get_data(as_text=True)
    assert "Page 1 of 2" in page and "4 in all" in page
    vendors = client.get("/admin/users?role=vendor").get_data(as_text=True)
    assert "Vera Vendor" in vendors and "Acme AI Ltd" in vendors and "Paula" not in vendors
    inactive = client.get("/admin/users?status=inactive").get_data(as_text=True)
    assert "Carl Contract" in inactive and "Paula" not in inactive
    invited = client.get("/admin/users?status=invited").get_data(as_text=True)
    assert "Vera Vendor" in invited and "Paula" not in invited
    search = client.get("/admin/users?q=PAULA").get_data(as_text=True)
    assert "Paula Procure" in search and "Carl" not in search
    assert "No account matches" in client.get("/admin/users?q=%25_nobody").get_data(as_text=True)
    assert client.get("/admin/users?role=bogus&page=99").status_code == 200


def test_create_staff_user_with_invitation(client, login, admin):
    login(client, admin)
    form = client.get("/admin/users/new").get_data(as_text=True)
    assert 'value="vendor"' not in form
    response = client.post("/admin/users/new", data={
        "name": "Nina New", "email": "Nina@Corp.example", "role": "contract_manager",
        "method": "invite"})
    assert response.status_code == 302
    user = db.session.scalars(sa.select(User).where(User.email == "nina@corp.example")).one()
    assert response.headers["Location"] == f"/admin/users/{user.id}"
    assert user.role is Role.CONTRACT_MANAGER and not user.has_password
    mail = db.session.scalars(sa.select(OutboundEmail)).one()
    assert mail.kind == "invitation" and "Root Admin" in mail.body_text
    detail = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Invited" in detail and "Resend invitation" in detail and "Invitation sent" in detail


def test_create_staff_user_with_password(client, login, admin):
    login(client, admin)
    response = client.post("/admin/users/new", data={
        "name": "Pete", "email": "pete@corp.example", "role": "procurement",
        "method": "password", "password": "tangerine lamp orbit",
        "confirm": "tangerine lamp orbit"})
    assert response.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(OutboundEmail.id))) == 0
    client.post("/logout")
    assert client.post("/login", data={"email": "pete@corp.example",
                                       "password": "tangerine lamp orbit"}).status_code == 302


@pytest.mark.parametrize("data,message", [
    ({"method": "password"}, "Enter the initial password"),
    ({"method": "password", "password": "short", "confirm": "short"}, "at least 12"),
    ({"email": "root@corp.example"}, "already exists"),
    ({"role": "vendor"}, "Not a valid choice"),
])
def test_create_staff_user_errors(client, login, admin, data, message):
    login(client, admin)
    form = {"name": "Nina", "email": "nina@corp.example", "role": "procurement",
            "method": "invite", **data}
    response = client.post("/admin/users/new", data=form)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 1


def test_deactivate_and_reactivate(app, client, login, admin, make_user):
    login(client, admin)
    target = make_user("procurement", email="pat@corp.example")
    victim_session = app.test_client()
    login(victim_session, target)
    assert victim_session.get("/account").status_code == 200
    client.post(f"/admin/users/{target.id}/deactivate")
    assert victim_session.get("/account").status_code == 302  # signed out at once
    db.session.expire_all()
    assert not db.session.get(User, target.id).is_active
    assert "Deactivated" in client.get(f"/admin/users/{target.id}").get_data(as_text=True)
    assert app.test_client().post("/login", data={
        "email": "pat@corp.example", "password": "correct horse battery"}).status_code == 403
    client.post(f"/admin/users/{target.id}/reactivate")
    db.session.expire_all()
    assert db.session.get(User, target.id).is_active
    found = set(db.session.scalars(sa.select(AuditEvent.action)))
    assert {"user.deactivated", "user.reactivated"} <= found


def test_admin_cannot_deactivate_self(client, login, admin):
    login(client, admin)
    response = client.post(f"/admin/users/{admin.id}/deactivate", follow_redirects=True)
    assert "cannot deactivate your own account" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, admin.id).is_active


def test_resend_invitation_and_unlock(app, client, login, admin, make_user):
    login(client, admin)
    pending = make_user("procurement", password=None)
    client.post(f"/admin/users/{pending.id}/resend-invitation")
    assert db.session.scalars(sa.select(OutboundEmail)).one().to_address == pending.email
    has_password = make_user("procurement")
    response = client.post(f"/admin/users/{has_password.id}/resend-invitation",
                           follow_redirects=True)
    assert "nothing to resend" in response.get_data(as_text=True)
    for i in range(5):
        app.test_client().post("/login", data={"email": has_password.email, "password": f"x{i}"})
    assert "Lift lockout" in client.get(f"/admin/users/{has_password.id}").get_data(as_text=True)
    client.post(f"/admin/users/{has_password.id}/unlock")
    assert app.test_client().post("/login", data={
        "email": has_password.email, "password": "correct horse battery"}).status_code == 302


def test_outbox_lists_and_shows_messages(app, client, login, admin, message):
    login(client, admin)
    later = queue_email(settings_for(app).smtp, to="y@acme.example", subject="Second",
                        body="Body two", kind="invitation")
    later.status = EmailStatus.FAILED
    db.session.commit()
    page = client.get("/admin/outbox").get_data(as_text=True)
    assert "SMTP is not configured: messages are kept here instead of being sent" in page
    assert page.index("Second") < page.index("Hello there")  # newest first
    assert "x@acme.example" in page and "Failed" in page and "Outbox" in page
    failed = client.get("/admin/outbox?status=failed").get_data(as_text=True)
    assert "Second" in failed and "Hello there" not in failed
    shown = client.get(f"/admin/outbox/{message.id}").get_data(as_text=True)
    assert '<pre class="mail">Line one\nLine two</pre>' in shown


def test_outbox_banner_hidden_when_smtp_configured(app, client, login, admin):
    app.config["SMTP_HOST"] = "smtp.corp.example"
    login(client, admin)
    assert "SMTP is not configured" not in client.get("/admin/outbox").get_data(as_text=True)


def test_audit_page_filters(client, login, admin, make_user, make_vendor):
    vendor = make_vendor()
    other = make_user("procurement", email="other@corp.example")
    record(admin, "user.created", "Made someone")
    record(other, "vendor.updated", "Changed a vendor", vendor_id=vendor.id)
    record(None, "auth.login_failed", "Failed sign-in for ghost@corp.example")
    db.session.commit()
    login(client, admin)
    everything = client.get("/admin/audit").get_data(as_text=True)
    assert all(s in everything for s in ("Made someone", "Changed a vendor", "ghost@"))
    by_action = client.get("/admin/audit?action=auth.").get_data(as_text=True)
    assert "ghost@" in by_action and "Made someone" not in by_action
    by_actor = client.get("/admin/audit?actor=OTHER@corp").get_data(as_text=True)
    assert "Changed a vendor" in by_actor and "Made someone" not in by_actor
    by_vendor = client.get(f"/admin/audit?vendor_id={vendor.id}").get_data(as_text=True)
    assert "Changed a vendor" in by_vendor and "ghost@" not in by_vendor
    assert client.get("/admin/audit?vendor_id=abc").status_code == 200
    # People filter by a vendor's name, and see names and actions in words, not codes.
    part = vendor.legal_name.split()[0].lower()
    by_name = client.get(f"/admin/audit?vendor={part}").get_data(as_text=True)
    assert "Changed a vendor" in by_name and "ghost@" not in by_name
    assert vendor.legal_name in by_name and "Vendor updated" in by_name
    assert "vendor.updated" not in by_name
    assert "Made someone" not in client.get("/admin/audit?vendor=no-such-vendor").get_data(
        as_text=True)
    form = client.get("/admin/audit").get_data(as_text=True)
    assert "Vendor id" not in form and "Part of the vendor" in form


def test_user_detail_shows_recent_events(client, login, admin, make_user):
    target = make_user("procurement", email="pat@corp.example")
    auth_services.deactivate_user(target, actor=admin)
    db.session.commit()
    login(client, admin)
    page = client.get(f"/admin/users/{target.id}").get_data(as_text=True)
    assert "User deactivated" in page and "Reactivate" in page
