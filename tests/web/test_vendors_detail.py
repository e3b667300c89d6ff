"""Vendor page sections: products, intake and tier, contacts, assessments, documents, activity."""
from __future__ import annotations

import html

import pytest
import sqlalchemy as sa

from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.vendors.models import Product, RiskTier, Vendor


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)))


@pytest.fixture
def editor(client, login, make_user):
    user = make_user("procurement", name="Petra Procurement", password=None)
    login(client, user)
    return user


# ---- products ---------------------------------------------------------------------------------

def test_add_rename_and_remove_products(client, editor, make_vendor):
    vendor = make_vendor("Acme AI Ltd", products=())
    response = client.post(f"/vendors/{vendor.id}/products",
                           data={"name": "  Acme  Chat ", "description": "Support bot"})
    assert response.status_code == 302
    product = db.session.scalar(sa.select(Product))
    assert (product.name, product.description) == ("Acme Chat", "Support bot")
    assert "Acme Chat" in text(client.get(f"/vendors/{vendor.id}"))

    duplicate = client.post(f"/vendors/{vendor.id}/products", data={"name": "acme chat"})
    assert duplicate.status_code == 400
    assert "already has a product called Acme Chat" in text(duplicate)

    assert 'value="Acme Chat"' in text(
        client.get(f"/vendors/{vendor.id}/products/{product.id}/edit"))
    client.post(f"/vendors/{vendor.id}/products/{product.id}/edit", data={"name": "Acme Chat Pro"})
    db.session.refresh(product)
    assert product.name == "Acme Chat Pro"
    [renamed] = events("product.renamed")
    assert renamed.details == {"from": "Acme Chat", "to": "Acme Chat Pro"}

    client.post(f"/vendors/{vendor.id}/products/{product.id}/remove")
    assert db.session.scalar(sa.select(Product)) is None
    assert [e.vendor_id for e in events("product.added") + events("product.removed")] == \
        [vendor.id, vendor.id]


def test_empty_product_name_shows_the_error_on_the_vendor_page(client, editor, make_vendor):
    vendor = make_vendor("Acme AI Ltd", products=())
    response = client.post(f"/vendors/{vendor.id}/products", data={"name": "  "})
    assert response.status_code == 400
    assert "This field is required." in text(response)


def test_product_of_another_vendor_is_404(client, editor, make_vendor):
    acme = make_vendor("Acme", products=("Chat",))
    other = make_vendor("Other", products=("Thing",))
    foreign = other.products[0]
    assert client.post(f"/vendors/{acme.id}/products/{foreign.id}/remove").status_code == 404
    assert db.session.get(Product, foreign.id) is not None


def test_removing_a_product_keeps_its_assessments(client, editor, make_vendor, make_assessment):
    vendor = make_vendor("Acme", products=("Chat",))
    product = vendor.products[0]
    assessment = make_assessment(vendor, product_id=product.id)
    client.post(f"/vendors/{vendor.id}/products/{product.id}/remove")
    db.session.expire_all()
    assert db.session.get(type(assessment), assessment.id).product_id is None


# ---- intake and tier --------------------------------------------------------------------------

INTAKE = {"data_shared": "personal", "training_use": "no", "people_decisions": "automated",
          "ai_act_role": "deployer", "annex_iii": "no", "criticality": "low",
          "foundation_models": "no", "customer_facing": "no"}


def test_intake_sets_tier_and_shows_why(client, editor, make_vendor):
    vendor = make_vendor("Acme AI Ltd", tier=None)
    form = text(client.get(f"/vendors/{vendor.id}/intake"))
    assert "How the tier is set" in form and "Raised to at least" in form
    assert "Critical" in form and "18 points or more" in form

    response = client.post(f"/vendors/{vendor.id}/intake", data=INTAKE)
    assert response.status_code == 302
    db.session.refresh(vendor)
    assert vendor.inherent_tier is RiskTier.HIGH
    assert vendor.intake["answers"] == INTAKE
    assert vendor.intake["score"] == 10
    assert vendor.tiered_at is not None
    assert vendor.tier_reasons[0].startswith("High at least: the AI makes automated decisions")
    [event] = events("vendor.tiered")
    assert (event.details["old_tier"], event.details["new_tier"]) == (None, "high")

    page = text(client.get(f"/vendors/{vendor.id}"))
    assert "Why High" in page
    assert ("High at least: the AI makes automated decisions about people using personal data"
            in page)
    assert "Adds 5 points: the AI makes automated decisions about people." in page
    assert "Does the AI make or support decisions about people?</dt><dd>It makes automated" in page

    again = text(client.get(f"/vendors/{vendor.id}/intake"))
    assert ('<input checked id="people_decisions-2" name="people_decisions" required type="radio" '
            'value="automated">') in again


def test_changing_the_intake_records_old_and_new_tier(client, editor, make_vendor):
    vendor = make_vendor("Acme AI Ltd", tier=None)
    client.post(f"/vendors/{vendor.id}/intake", data=INTAKE)
    client.post(f"/vendors/{vendor.id}/intake",
                data={**INTAKE, "data_shared": "special_category", "training_use": "default"})
    db.session.refresh(vendor)
    assert vendor.inherent_tier is RiskTier.CRITICAL
    last = events("vendor.tiered")[-1]
    assert (last.details["old_tier"], last.details["new_tier"]) == ("high", "critical")
    assert "Why Critical" in text(client.get(f"/vendors/{vendor.id}"))


def test_incomplete_intake_keeps_answers_and_tier(client, editor, make_vendor):
    vendor = make_vendor("Acme AI Ltd", tier=RiskTier.LOW)
    partial = {k: v for k, v in INTAKE.items() if k != "annex_iii"}
    response = client.post(f"/vendors/{vendor.id}/intake", data={**partial, "criticality": "x"})
    assert response.status_code == 200
    page = text(response)
    assert "Choose an answer." in page and "Not a valid choice." in page
    assert ('<input checked id="data_shared-2" name="data_shared" required type="radio" '
            'value="personal">') in page
    db.session.refresh(vendor)
    assert vendor.inherent_tier is RiskTier.LOW and vendor.intake is None


# ---- contacts ---------------------------------------------------------------------------------

@pytest.fixture
def auth_services():
    return pytest.importorskip("portal.auth.services")


def test_invite_contact_and_list_it(client, editor, make_vendor, auth_services):
    vendor = make_vendor("Acme AI Ltd")
    response = client.post(f"/vendors/{vendor.id}/contacts", data={
        "name": "Vera Vendor", "email": "vera@acme.example.com", "job_title": "CISO"})
    assert response.status_code == 302, text(response)[:2000]
    page = text(client.get(f"/vendors/{vendor.id}/contacts"))
    assert "Vera Vendor" in page and "vera@acme.example.com" in page and "CISO" in page
    assert "Invited" in page and "Never" in page

    again = client.post(f"/vendors/{vendor.id}/contacts", data={
        "name": "Vera Again", "email": "VERA@acme.example.com"})
    assert again.status_code == 400
    assert "already exists" in text(again)


def test_invalid_contact_email_is_a_form_error(client, editor, make_vendor, auth_services):
    vendor = make_vendor("Acme AI Ltd")
    response = client.post(f"/vendors/{vendor.id}/contacts",
                           data={"name": "Vera", "email": "not-an-email"})
    assert response.status_code == 400
    assert "Invalid email address." in text(response)


def test_deactivate_and_reactivate_contact(client, editor, make_vendor, make_user, auth_services):
    vendor = make_vendor("Acme AI Ltd")
    contact = make_user("vendor", vendor=vendor, name="Vera Vendor")
    client.post(f"/vendors/{vendor.id}/contacts/{contact.id}/deactivate")
    db.session.refresh(contact)
    assert contact.is_active is False
    assert "Deactivated" in text(client.get(f"/vendors/{vendor.id}/contacts"))
    client.post(f"/vendors/{vendor.id}/contacts/{contact.id}/reactivate")
    db.session.refresh(contact)
    assert contact.is_active is True
    actions = [e.action for e in db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.vendor_id == vendor.id))]
    assert "user.deactivated" in actions and "user.reactivated" in actions


def test_contact_of_another_vendor_is_404(client, editor, make_vendor, make_user):
    acme, other = make_vendor("Acme"), make_vendor("Other")
    foreign = make_user("vendor", vendor=other)
    staff = make_user("admin")
    assert client.post(f"/vendors/{acme.id}/contacts/{foreign.id}/deactivate").status_code == 404
    assert client.post(f"/vendors/{acme.id}/contacts/{staff.id}/deactivate").status_code == 404


# ---- other tabs -------------------------------------------------------------------------------

def test_assessments_tab_lists_them_with_overdue_badge(client, editor, make_vendor,
                                                       make_assessment):
    from datetime import date, timedelta

    vendor = make_vendor("Acme AI Ltd")
    late = make_assessment(vendor, title="Late one", due_date=date.today() - timedelta(days=3))
    make_assessment(make_vendor("Other"), title="Not this vendor's")
    page = text(client.get(f"/vendors/{vendor.id}/assessments"))
    assert "Late one" in page and "Not this vendor's" not in page
    assert f"/assessments/{late.id}" in page
    assert "Overdue" in page
    assert f"/assessments/new?vendor_id={vendor.id}" in page


def test_documents_tab_lists_the_vendors_documents(client, editor, make_vendor, make_user):
    from portal.documents.models import Document

    vendor = make_vendor("Acme AI Ltd")
    uploader = make_user("vendor", vendor=vendor, name="Uma Uploader")
    for name, removed in (("soc2.pdf", False), ("old.pdf", True)):
        db.session.add(Document(vendor_id=vendor.id, original_name=name, stored_name=name,
                                content_type="application/pdf", size=2048, sha256="0" * 64,
                                uploaded_by_id=uploader.id, is_removed=removed))
    db.session.commit()
    page = text(client.get(f"/vendors/{vendor.id}/documents"))
    assert "soc2.pdf" in page and "Uma Uploader" in page and "2.0 kB" in page
    assert "old.pdf" not in page


def test_activity_tab_shows_this_vendors_events(client, editor):
    form = {"aliases": "", "website": "", "country": "", "description": "",
            "status": "prospective", "owner_id": "0"}
    client.post("/vendors/new", data={**form, "legal_name": "Acme AI Ltd"})
    client.post("/vendors/new", data={**form, "legal_name": "Globex"})
    acme = db.session.scalar(sa.select(Vendor).where(Vendor.legal_name == "Acme AI Ltd"))
    client.get("/vendors/")  # shows and clears the flash messages
    page = text(client.get(f"/vendors/{acme.id}/activity"))
    assert "Vendor created" in page and "Added vendor Acme AI Ltd" in page
    assert "Globex" not in page
