"""Vendor pages: create, edit, duplicates, products, intake and tier, contacts, tabs."""
from __future__ import annotations

import html

import pytest
import sqlalchemy as sa

from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.vendors import naming, services
from portal.vendors.models import Vendor, VendorStatus


def vendor_form(**values) -> dict:
    form = {"legal_name": "Acme AI Ltd", "aliases": "", "website": "", "country": "",
            "description": "", "status": "prospective", "owner_id": "0"}
    form.update(values)
    return form


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)))


@pytest.fixture
def editor(client, login, make_user):
    user = make_user("procurement", name="Petra Procurement", password=None)
    login(client, user)
    return user


def create(client, **values):
    return client.post("/vendors/new", data=vendor_form(**values))


# ---- names ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("a", "b"), [
    ("Acme AI Ltd", "ACME AI"),
    ("Acme AI Limited", "acme ai ltd."),
    ("Acme-AI GmbH", "Acme AI"),
    ("Müller Analytics AG", "Muller Analytics"),
    ("Data Works B.V.", "Data Works BV"),
    ("Lingua S.A.", "Lingua SA"),
    ("Foo Labs, Inc.", "Foo Labs Incorporated"),
    ("Bar LLC", "Bar"),
    ("Baz plc", "Baz"),
    ("Smith & Co", "Smith"),
])
def test_name_key_ignores_case_punctuation_accents_and_legal_form(a, b):
    assert naming.name_key(a) == naming.name_key(b)


@pytest.mark.parametrize(("a", "b"), [("Acme AI", "Acme ML"), ("Ltd", "Limited Edition")])
def test_name_key_keeps_distinct_names_apart(a, b):
    assert naming.name_key(a) != naming.name_key(b)


def test_name_key_keeps_a_name_that_is_only_a_legal_form():
    assert naming.name_key("AG") == "ag"


# ---- create -----------------------------------------------------------------------------------

def test_create_vendor_with_all_fields(client, editor, make_user):
    owner = make_user("contract_manager", name="Carla Contracts")
    response = create(client, legal_name="  Acme AI Ltd ", aliases="ACME AI\nAcmeGPT\n\nacmegpt",
                      website="acme.ai", country="GB", description="Chat assistant",
                      status="active", owner_id=str(owner.id))
    assert response.status_code == 302
    vendor = db.session.scalar(sa.select(Vendor))
    assert response.headers["Location"].endswith(f"/vendors/{vendor.id}")
    assert vendor.legal_name == "Acme AI Ltd"
    assert vendor.name_key == "acme ai"
    assert vendor.aliases == ["AcmeGPT"]  # "ACME AI" repeats the legal name
    assert vendor.website == "https://acme.ai"
    assert (vendor.country, vendor.status, vendor.owner_id) == ("GB", VendorStatus.ACTIVE, owner.id)
    [event] = events("vendor.created")
    assert (event.vendor_id, event.actor_id) == (vendor.id, editor.id)

    page = text(client.get(f"/vendors/{vendor.id}"))
    assert "Acme AI Ltd" in page and "AcmeGPT" in page and "United Kingdom" in page
    assert "Carla Contracts" in page and "Not tiered" in page


def test_new_form_defaults_owner_to_the_current_user(client, editor):
    page = text(client.get("/vendors/new"))
    assert f'<option selected value="{editor.id}">Petra Procurement</option>' in page


def test_validation_errors_are_shown_and_nothing_typed_is_lost(client, editor):
    response = create(client, legal_name="", aliases="Brand One\nBrand Two",
                      website="not a url", description="Keeps this text", country="GB",
                      status="active")
    assert response.status_code == 200
    page = text(response)
    assert "This field is required." in page
    assert "Enter a valid web address" in page
    assert "Brand One\nBrand Two" in page
    assert 'value="https://not a url"' in page or 'value="not a url"' in page
    assert "Keeps this text" in page
    assert '<option selected value="GB">' in page
    assert '<option selected value="active">' in page
    assert db.session.scalar(sa.select(sa.func.count(Vendor.id))) == 0


@pytest.mark.parametrize("website", ["javascript://example.com/%0aalert(1)", "ftp://example.com",
                                     "https://localhost"])
def test_website_must_be_a_public_web_address(client, editor, website):
    response = create(client, website=website)
    assert response.status_code == 200
    assert db.session.scalar(sa.select(Vendor)) is None


def test_unknown_country_and_owner_are_rejected(client, editor):
    assert create(client, country="XX").status_code == 200
    assert create(client, owner_id="99999").status_code == 200
    assert db.session.scalar(sa.select(Vendor)) is None


def test_deactivated_staff_cannot_be_chosen_as_owner(client, editor, make_user):
    gone = make_user("procurement", is_active=False)
    assert create(client, owner_id=str(gone.id)).status_code == 200
    assert f'value="{gone.id}"' not in text(client.get("/vendors/new"))


def test_too_many_aliases_are_refused(client, editor):
    aliases = "\n".join(f"Brand {i}" for i in range(services.MAX_ALIASES + 1))
    response = create(client, aliases=aliases)
    assert "at most 20 other names" in text(response)


# ---- duplicates -------------------------------------------------------------------------------

@pytest.mark.parametrize(("first", "second"), [
    (dict(legal_name="Acme AI Ltd"), dict(legal_name="ACME AI Limited")),
    (dict(legal_name="Acme AI Ltd"), dict(legal_name="acme-ai gmbh")),
    (dict(legal_name="Acme AI Ltd", aliases="AcmeGPT"), dict(legal_name="AcmeGPT Inc.")),
    (dict(legal_name="Data Works B.V."), dict(legal_name="Data Works BV")),
])
def test_duplicate_legal_name_is_a_form_error_with_a_link(client, editor, first, second):
    assert create(client, **first).status_code == 302
    existing = db.session.scalar(sa.select(Vendor))
    response = create(client, **second, description="kept")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "A vendor with this name already exists: " in page
    assert f'<a href="/vendors/{existing.id}">{html.escape(existing.legal_name)}</a>' in page
    assert "kept" in page
    assert db.session.scalar(sa.select(sa.func.count(Vendor.id))) == 1


def test_duplicate_via_a_new_alias_is_reported_on_the_aliases_field(client, editor):
    create(client, legal_name="Acme AI Ltd")
    response = create(client, legal_name="Totally Different", aliases="Something\nAcme AI")
    existing = db.session.scalar(sa.select(Vendor))
    assert (f'<p class="error" id="aliases-error">A vendor with this name already exists: '
            f'<a href="/vendors/{existing.id}">Acme AI Ltd</a> (other name “Acme AI”)</p>'
            ) in response.get_data(as_text=True)


def test_duplicate_link_escapes_the_existing_name(client, editor):
    create(client, legal_name="<b>Evil</b> Corp")
    page = create(client, legal_name="<B>evil</B> corp").get_data(as_text=True)
    assert "&lt;b&gt;Evil&lt;/b&gt; Corp</a>" in page
    assert "<b>Evil</b>" not in page


def test_duplicate_detection_does_not_trust_stored_keys(client, editor, make_vendor):
    # Vendors made elsewhere (imports, fixtures) may carry other keys; names decide.
    make_vendor("Globex Corporation")
    response = create(client, legal_name="Globex Corp.")
    assert "A vendor with this name already exists" in text(response)


# ---- edit -------------------------------------------------------------------------------------

def test_edit_vendor_records_changed_fields(client, editor, make_user):
    create(client, legal_name="Acme AI Ltd", website="https://acme.ai")
    vendor = db.session.scalar(sa.select(Vendor))
    form = text(client.get(f"/vendors/{vendor.id}/edit"))
    assert 'value="Acme AI Ltd"' in form and 'value="https://acme.ai"' in form

    owner = make_user("admin", name="Ada Admin")
    response = client.post(f"/vendors/{vendor.id}/edit", data=vendor_form(
        legal_name="Acme Artificial Intelligence Ltd", aliases="Acme AI", website="https://acme.ai",
        status="active", owner_id=str(owner.id)))
    assert response.status_code == 302
    db.session.refresh(vendor)
    assert vendor.legal_name == "Acme Artificial Intelligence Ltd"
    assert vendor.name_key == "acme artificial intelligence"
    assert vendor.aliases == ["Acme AI"]  # its own former name is not a duplicate
    [event] = events("vendor.updated")
    changes = event.details["changes"]
    assert set(changes) == {"legal_name", "aliases", "status", "owner_id"}
    assert changes["status"] == {"from": "prospective", "to": "active"}
    assert changes["owner_id"]["to"] == owner.email


def test_edit_without_changes_records_nothing(client, editor):
    create(client, legal_name="Acme AI Ltd")
    vendor = db.session.scalar(sa.select(Vendor))
    client.post(f"/vendors/{vendor.id}/edit", data=vendor_form())
    assert events("vendor.updated") == []


def test_edit_cannot_take_another_vendors_name(client, editor):
    create(client, legal_name="Acme AI Ltd")
    create(client, legal_name="Globex")
    globex = db.session.scalar(sa.select(Vendor).where(Vendor.legal_name == "Globex"))
    response = client.post(f"/vendors/{globex.id}/edit", data=vendor_form(legal_name="Acme AI"))
    assert "A vendor with this name already exists" in text(response)
    db.session.refresh(globex)
    assert globex.legal_name == "Globex"


def test_edit_keeps_a_deactivated_owner_selectable(client, editor, make_user):
    owner = make_user("procurement", name="Old Owner")
    create(client, owner_id=str(owner.id))
    vendor = db.session.scalar(sa.select(Vendor))
    owner.is_active = False
    db.session.commit()
    assert "Old Owner (deactivated)" in text(client.get(f"/vendors/{vendor.id}/edit"))
    assert client.post(f"/vendors/{vendor.id}/edit",
                       data=vendor_form(owner_id=str(owner.id))).status_code == 302


def test_offboard_and_reinstate(client, editor, make_vendor):
    vendor = make_vendor("Acme AI Ltd", status=VendorStatus.ACTIVE)
    response = client.post(f"/vendors/{vendor.id}/status", data={"status": "offboarded"})
    assert response.status_code == 302
    db.session.refresh(vendor)
    assert vendor.status is VendorStatus.OFFBOARDED
    assert len(events("vendor.offboarded")) == 1
    assert "Reinstate as active" in text(client.get(f"/vendors/{vendor.id}"))
    client.post(f"/vendors/{vendor.id}/status", data={"status": "active"})
    db.session.refresh(vendor)
    assert vendor.status is VendorStatus.ACTIVE
    assert client.post(f"/vendors/{vendor.id}/status", data={"status": "bogus"}).status_code == 400


def test_unknown_vendor_is_404(client, editor):
    assert client.get("/vendors/999").status_code == 404
    assert client.post("/vendors/999/edit", data=vendor_form()).status_code == 404
