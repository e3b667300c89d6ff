"""Who may do what on /vendors: role x route x method -> status, plus CSRF on every change."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from portal.audit.models import AuditEvent
from portal.extensions import db

VENDOR_FORM = {"legal_name": "Brand New Vendor", "aliases": "", "website": "", "country": "",
               "description": "", "status": "active", "owner_id": "0"}
INTAKE = {"data_shared": "none", "training_use": "no", "people_decisions": "no",
          "ai_act_role": "not_applicable", "annex_iii": "no", "criticality": "low",
          "foundation_models": "no", "customer_facing": "no"}

# (method, path template, form data, status for an editor on success)
ROUTES = [
    ("GET", "/vendors/", None, 200),
    ("GET", "/vendors/new", None, 200),
    ("POST", "/vendors/new", VENDOR_FORM, 302),
    ("GET", "/vendors/{vendor}", None, 200),
    ("GET", "/vendors/{vendor}/edit", None, 200),
    ("POST", "/vendors/{vendor}/edit", {**VENDOR_FORM, "legal_name": "Renamed"}, 302),
    ("POST", "/vendors/{vendor}/status", {"status": "offboarded"}, 302),
    ("GET", "/vendors/{vendor}/intake", None, 200),
    ("POST", "/vendors/{vendor}/intake", INTAKE, 302),
    ("POST", "/vendors/{vendor}/products", {"name": "New product"}, 302),
    ("GET", "/vendors/{vendor}/products/{product}/edit", None, 200),
    ("POST", "/vendors/{vendor}/products/{product}/edit", {"name": "Renamed product"}, 302),
    ("POST", "/vendors/{vendor}/products/{product}/remove", {}, 302),
    ("GET", "/vendors/{vendor}/contacts", None, 200),
    ("POST", "/vendors/{vendor}/contacts", {"name": "New Person", "email": "new@example.com"},
     302),
    ("POST", "/vendors/{vendor}/contacts/{contact}/deactivate", {}, 302),
    ("POST", "/vendors/{vendor}/contacts/{contact}/reactivate", {}, 302),
    ("GET", "/vendors/{vendor}/assessments", None, 200),
    ("GET", "/vendors/{vendor}/documents", None, 200),
    ("GET", "/vendors/{vendor}/activity", None, 200),
]
READ_ONLY = {(m, p) for m, p, _, _ in ROUTES if m == "GET" and not p.endswith(("/new", "/edit",
                                                                                "/intake"))}
ROLES = ["admin", "procurement", "contract_manager", "vendor", "anonymous"]


def expected(role: str, method: str, path: str, success: int) -> int:
    if role == "anonymous":
        return 302  # to the sign-in page
    if role in ("admin", "procurement"):
        return success
    if role == "contract_manager" and (method, path) in READ_ONLY:
        return success
    return 403


def changes_recorded() -> int:
    return db.session.scalar(sa.select(sa.func.count(AuditEvent.id)).where(
        AuditEvent.action.like("vendor.%") | AuditEvent.action.like("product.%")
        | AuditEvent.action.like("user.%")))


@pytest.fixture
def world(make_vendor, make_user):
    vendor = make_vendor("Acme AI Ltd", products=("Acme Chat",))
    contact = make_user("vendor", vendor=vendor, password=None)
    return {"vendor": vendor.id, "product": vendor.products[0].id, "contact": contact.id,
            "contact_user": contact}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path", "data", "success"), ROUTES,
                         ids=[f"{m} {p}" for m, p, _, _ in ROUTES])
def test_permission_table(client, login, make_user, world, role, method, path, data, success):
    if path.endswith("/contacts") and method == "POST":
        pytest.importorskip("portal.auth.services")
    if path.endswith("/reactivate"):
        world["contact_user"].is_active = False
        db.session.commit()
    if role == "vendor":
        login(client, world["contact_user"] if not path.endswith("/reactivate")
              else make_user("vendor", vendor=world["contact_user"].vendor, password=None))
    elif role != "anonymous":
        login(client, make_user(role, password=None))
    url = path.format(**world)
    before = changes_recorded()
    response = client.open(url, method=method, data=data)
    want = expected(role, method, path, success)
    assert response.status_code == want, response.get_data(as_text=True)[:500]
    if want == 302 and role == "anonymous":
        assert "/login" in response.headers["Location"]
    if want != success or method == "GET":
        assert changes_recorded() == before


@pytest.mark.parametrize(("method", "path"), [(m, p) for m, p, _, _ in ROUTES])
def test_vendor_contact_gets_403_even_for_another_vendor(client, login, make_user, make_vendor,
                                                         world, method, path):
    other = make_vendor("Other Vendor", products=("Other product",))
    login(client, make_user("vendor", vendor=other, password=None))
    assert client.open(path.format(**world), method=method, data={}).status_code == 403


@pytest.mark.parametrize(("method", "path", "data", "success"),
                         [r for r in ROUTES if r[0] == "POST"],
                         ids=[p for m, p, _, _ in ROUTES if m == "POST"])
def test_every_change_needs_a_csrf_token(app, client, login, make_user, world, method, path,
                                         data, success):
    app.config["WTF_CSRF_ENABLED"] = True
    login(client, make_user("admin", password=None))
    before = changes_recorded()
    response = client.post(path.format(**world), data=data)
    assert response.status_code == 400
    assert changes_recorded() == before


@pytest.mark.parametrize("path", sorted({p for m, p, _, _ in ROUTES if m == "POST"} - {
    p for m, p, _, _ in ROUTES if m == "GET"}))
def test_changes_are_never_made_by_get(client, login, make_user, world, path):
    login(client, make_user("admin", password=None))
    assert client.get(path.format(**world)).status_code == 405
