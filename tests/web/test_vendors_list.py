"""The vendor inventory list: search, filters, sorting, pagination, counts, query count."""
from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta

import pytest

from portal.assessments.lifecycle import AssessmentStatus
from portal.assessments.models import Assessment
from portal.extensions import db
from portal.vendors.models import RiskTier, VendorStatus

ROW_NAME = re.compile(r'<td><a href="/vendors/\d+">(.*?)</a>')


def names(response) -> list[str]:
    assert response.status_code == 200
    return [html.unescape(n) for n in ROW_NAME.findall(response.get_data(as_text=True))]


@pytest.fixture
def me(client, login, make_user):
    user = make_user("contract_manager", name="Mia Me", password=None)
    login(client, user)
    return user


@pytest.fixture
def inventory(make_vendor, make_user, me):
    """Five vendors that differ in every filtered and sorted column."""
    other = make_user("procurement", name="Otto Other", password=None)
    base = datetime(2024, 1, 1, tzinfo=UTC)
    specs = [
        ("Acme AI Ltd", RiskTier.HIGH, VendorStatus.ACTIVE, me, "GB", ["AcmeGPT"],
         "https://acme.ai"),
        ("Globex Corporation", RiskTier.CRITICAL, VendorStatus.PROSPECTIVE, other, "US", [],
         "https://globex.example"),
        ("Initech GmbH", RiskTier.LOW, VendorStatus.OFFBOARDED, None, "DE", ["Initrode"],
         None),
        ("Umbrella Analytics", None, VendorStatus.ACTIVE, me, "US", [], None),
        ("Zeta 100% Labs", RiskTier.MEDIUM, VendorStatus.PROSPECTIVE, other, None, [], None),
    ]
    vendors = {}
    for i, (name, tier, status, owner, country, aliases, website) in enumerate(specs):
        vendors[name] = make_vendor(
            name, tier=tier, status=status, owner_id=owner.id if owner else None,
            country=country, aliases=aliases, website=website, products=("A", "B")[: i % 3],
            created_at=base + timedelta(days=i), updated_at=base + timedelta(days=10 - i),
        )
    return vendors


# ---- search -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("q", "expected"), [
    ("acme", ["Acme AI Ltd"]),
    ("ACMEgpt", ["Acme AI Ltd"]),  # alias
    ("initrode", ["Initech GmbH"]),  # alias
    ("globex.example", ["Globex Corporation"]),  # website
    ("Globex Corp.", ["Globex Corporation"]),  # legal form ignored via the name key
    ("initech limited", ["Initech GmbH"]),
    ("100%", ["Zeta 100% Labs"]),  # LIKE wildcards are literal
    ("%", ["Zeta 100% Labs"]),  # a literal percent sign, not "anything"
    ("_", []),
    ("nothing like it", []),
])
def test_search(client, inventory, q, expected):
    assert names(client.get("/vendors/", query_string={"q": q})) == expected


def test_search_shows_aliases_under_the_name(client, inventory):
    page = html.unescape(client.get("/vendors/?q=acme").get_data(as_text=True))
    assert "also AcmeGPT" in page


# ---- filters ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("params", "expected"), [
    ({"tier": "critical"}, ["Globex Corporation"]),
    ({"tier": "none"}, ["Umbrella Analytics"]),
    ({"tier": "bogus"}, ["Acme AI Ltd", "Globex Corporation", "Initech GmbH",
                         "Umbrella Analytics", "Zeta 100% Labs"]),
    ({"status": "offboarded"}, ["Initech GmbH"]),
    ({"status": "active"}, ["Acme AI Ltd", "Umbrella Analytics"]),
    ({"owner": "mine"}, ["Acme AI Ltd", "Umbrella Analytics"]),
    ({"owner": "none"}, ["Initech GmbH"]),
    ({"country": "US"}, ["Globex Corporation", "Umbrella Analytics"]),
    ({"country": "us", "status": "active"}, ["Umbrella Analytics"]),
    ({"q": "a", "tier": "high", "owner": "mine"}, ["Acme AI Ltd"]),
])
def test_filters(client, inventory, params, expected):
    assert names(client.get("/vendors/", query_string=params)) == expected


def test_owner_filter_by_person(client, inventory):
    globex = inventory["Globex Corporation"]
    response = client.get("/vendors/", query_string={"owner": str(globex.owner_id)})
    assert names(response) == ["Globex Corporation", "Zeta 100% Labs"]


def test_filter_form_keeps_the_choices(client, inventory):
    page = client.get("/vendors/?tier=none&owner=mine&country=US&q=um").get_data(as_text=True)
    assert '<option value="none" selected>Not tiered</option>' in page
    assert '<option value="mine" selected>Mine</option>' in page
    assert '<option value="US" selected>United States</option>' in page
    assert 'value="um"' in page


def test_no_match_offers_to_clear_filters(client, inventory):
    page = client.get("/vendors/?q=zzzz").get_data(as_text=True)
    assert "No vendor matches these filters." in page


# ---- sorting ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("sort", "expected"), [
    ("name", ["Acme AI Ltd", "Globex Corporation", "Initech GmbH", "Umbrella Analytics",
              "Zeta 100% Labs"]),
    ("-name", ["Zeta 100% Labs", "Umbrella Analytics", "Initech GmbH", "Globex Corporation",
               "Acme AI Ltd"]),
    ("tier", ["Globex Corporation", "Acme AI Ltd", "Zeta 100% Labs", "Initech GmbH",
              "Umbrella Analytics"]),
    ("-tier", ["Initech GmbH", "Zeta 100% Labs", "Acme AI Ltd", "Globex Corporation",
               "Umbrella Analytics"]),
    ("status", ["Globex Corporation", "Zeta 100% Labs", "Acme AI Ltd", "Umbrella Analytics",
                "Initech GmbH"]),
    ("created", ["Zeta 100% Labs", "Umbrella Analytics", "Initech GmbH", "Globex Corporation",
                 "Acme AI Ltd"]),
    ("-created", ["Acme AI Ltd", "Globex Corporation", "Initech GmbH", "Umbrella Analytics",
                  "Zeta 100% Labs"]),
    ("updated", ["Acme AI Ltd", "Globex Corporation", "Initech GmbH", "Umbrella Analytics",
                 "Zeta 100% Labs"]),
    ("nonsense", ["Acme AI Ltd", "Globex Corporation", "Initech GmbH", "Umbrella Analytics",
                  "Zeta 100% Labs"]),
])
def test_sorting(client, inventory, sort, expected):
    assert names(client.get("/vendors/", query_string={"sort": sort})) == expected


def test_sort_links_keep_filters_and_flip_direction(client, inventory):
    page = client.get("/vendors/?status=active&sort=tier").get_data(as_text=True)
    assert 'href="/vendors/?status=active&amp;sort=-tier&amp;page=1"' in page
    assert 'href="/vendors/?status=active&amp;sort=name&amp;page=1"' in page


# ---- pagination and columns -------------------------------------------------------------------

def test_pagination(client, app, inventory):
    app.config["PAGE_SIZE"] = 2
    first = client.get("/vendors/?status=&sort=name")
    assert names(first) == ["Acme AI Ltd", "Globex Corporation"]
    page = first.get_data(as_text=True)
    assert "Page 1 of 3 · 5 in all" in page
    assert 'href="/vendors/?page=2" rel="next"' in page  # empty filters are not carried
    assert names(client.get("/vendors/?page=3")) == ["Zeta 100% Labs"]
    assert names(client.get("/vendors/?page=99")) == []
    second = client.get("/vendors/?page=2&sort=-name&status=prospective")
    assert names(second) == []
    assert "Page 2 of 1" not in second.get_data(as_text=True)
    filtered = client.get("/vendors/?sort=-name&status=active").get_data(as_text=True)
    assert "2 in all" in filtered


def test_columns_show_counts_owner_and_tier(client, inventory, make_template_version):
    acme = inventory["Acme AI Ltd"]
    version = make_template_version()
    for status in (AssessmentStatus.SENT, AssessmentStatus.DRAFT, AssessmentStatus.ACCEPTED,
                   AssessmentStatus.CANCELLED):
        db.session.add(Assessment(vendor_id=acme.id, template_version=version, title="x",
                                  status=status))
    db.session.commit()
    page = client.get("/vendors/?q=acme").get_data(as_text=True)
    row = page[page.index("Acme AI Ltd"):page.index("</tr>", page.index("Acme AI Ltd"))]
    assert '<span class="badge tier-high">High</span>' in row
    assert "Mia Me" in row and "United Kingdom" in row
    cells = re.findall(r'<td class="num">(.*?)</td>', row)
    assert cells[0] == "0"  # products: the fixture gave Acme none
    assert ">2</a>" in cells[1]  # sent + draft are open; accepted and cancelled are not


# ---- query count ------------------------------------------------------------------------------

def test_query_count_does_not_grow_with_rows(client, app, me, make_vendor, make_user,
                                             make_template_version, count_queries):
    app.config["PAGE_SIZE"] = 100
    version = make_template_version()

    def add_vendors(count: int, start: int) -> None:
        for n in range(start, start + count):
            # Deactivated owners are not in the owner filter's query, so only eager loading
            # keeps them from costing a query per row.
            owner = make_user("procurement", password=None, is_active=False)
            vendor = make_vendor(f"Vendor {n:03d}", products=("A", "B"), owner_id=owner.id,
                                 aliases=[f"Brand {n}"], country="GB")
            db.session.add_all([
                Assessment(vendor_id=vendor.id, template_version=version, title="Open",
                           status=AssessmentStatus.SENT),
                Assessment(vendor_id=vendor.id, template_version=version, title="Done",
                           status=AssessmentStatus.ACCEPTED),
            ])
        db.session.commit()

    def page_queries() -> tuple[int, list[str]]:
        # The request shares the test's session; start it empty as a real request would.
        db.session.expunge_all()
        with count_queries() as statements:
            response = client.get("/vendors/?sort=tier")
        return len(names(response)), statements

    add_vendors(5, 0)
    rows_small, small = page_queries()
    add_vendors(35, 5)
    rows_large, large = page_queries()
    assert (rows_small, rows_large) == (5, 40)
    assert len(large) == len(small), "\n\n".join(large)
    assert len(small) <= 10, "\n\n".join(small)
