"""The vendor name index: kept in step with legal names and aliases, and used by the duplicate
check in a constant number of queries."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.vendors import names, services
from portal.vendors.models import Vendor, VendorName


def _keys(vendor_id: int) -> set[str]:
    return set(db.session.scalars(sa.select(VendorName.key)
                                  .where(VendorName.vendor_id == vendor_id)))


def test_keys_follow_the_legal_name_and_aliases(app, make_user):
    staff = make_user("procurement")
    vendor = services.create_vendor(services.VendorData("Acme Models GmbH", aliases=("AcmeAI",)),
                                    actor=staff)
    db.session.commit()
    assert _keys(vendor.id) == {"acme models", "acmeai"}
    services.update_vendor(vendor, services.VendorData("Acme Models GmbH",
                                                       aliases=("Acme Labs",)), actor=staff)
    db.session.commit()
    assert _keys(vendor.id) == {"acme models", "acme labs"}


def test_duplicates_are_found_by_alias_and_legal_name(app, make_user):
    staff = make_user("procurement")
    services.create_vendor(services.VendorData("Nimbus Analytics Ltd", aliases=("Nimbus AI",)),
                           actor=staff)
    db.session.commit()
    vendor, given = services.find_duplicate("Something Else", ["NIMBUS A.I."])
    assert vendor.legal_name == "Nimbus Analytics Ltd" and given == "NIMBUS A.I."
    assert services.find_duplicate("Nimbus Analytics Limited")[0] == vendor
    assert services.find_duplicate("Nimbus Analytics", exclude_id=vendor.id) is None
    with pytest.raises(services.DuplicateVendor):
        services.create_vendor(services.VendorData("Other Ltd", aliases=("Nimbus AI",)),
                               actor=staff)


def test_the_check_costs_one_query_whatever_the_inventory(app, make_user, count_queries):
    staff = make_user("procurement")

    def queries() -> int:
        with count_queries() as statements:
            services.find_duplicate("Brand New Co", ["BNC"])
        return len(statements)

    services.create_vendor(services.VendorData("First Ltd"), actor=staff)
    db.session.commit()
    few = queries()
    db.session.execute(sa.insert(Vendor), [
        {"legal_name": f"Bulk {i} Ltd", "name_key": f"bulk {i}", "aliases": [f"B{i}"]}
        for i in range(300)])
    names.rebuild()
    db.session.commit()
    assert queries() == few == 1


def test_rebuild_indexes_rows_loaded_without_the_orm(app):
    db.session.execute(sa.insert(Vendor), [{"legal_name": "Loaded Ltd", "name_key": "loaded",
                                            "aliases": ["Loaded Brand"]}])
    db.session.commit()
    assert services.find_duplicate("X", ["Loaded Brand"]) is None  # not indexed yet
    assert names.rebuild() == 2
    db.session.commit()
    assert services.find_duplicate("X", ["Loaded Brand"])[0].legal_name == "Loaded Ltd"
