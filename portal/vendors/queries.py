"""Read the vendor inventory: the filtered list, its counts, and a vendor's tabs."""
from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from portal.audit.models import AuditEvent
from portal.audit.services import events_query
from portal.documents.models import Document
from portal.extensions import db
from portal.vendors import signals
from portal.vendors.models import Product, RiskTier, Vendor, VendorStatus
from portal.vendors.naming import name_key


@dataclass(frozen=True)
class VendorFilters:
    q: str = ""
    tier: str = ""  # "", "none" (not tiered) or a RiskTier value
    status: str = ""
    owner: str = ""  # "", "mine", "none" or a user id
    country: str = ""
    sort: str = "name"


@dataclass(frozen=True)
class VendorCounts:
    products: int = 0
    open_assessments: int = 0


def vendor_list_query(filters: VendorFilters, *, user_id: int) -> sa.Select:
    """Build the inventory select for the filters, with the owner eager-loaded."""
    query = sa.select(Vendor).options(joinedload(Vendor.owner))
    if filters.q:
        query = query.where(_search(filters.q))
    if filters.tier == "none":
        query = query.where(Vendor.inherent_tier.is_(None))
    elif filters.tier in {t.value for t in RiskTier}:
        query = query.where(Vendor.inherent_tier == RiskTier(filters.tier))
    if filters.status in {s.value for s in VendorStatus}:
        query = query.where(Vendor.status == VendorStatus(filters.status))
    if filters.owner == "mine":
        query = query.where(Vendor.owner_id == user_id)
    elif filters.owner == "none":
        query = query.where(Vendor.owner_id.is_(None))
    elif filters.owner.isdigit():
        query = query.where(Vendor.owner_id == int(filters.owner))
    if filters.country:
        query = query.where(Vendor.country == filters.country.upper())
    return query.order_by(*_ordering(filters.sort))


def _search(q: str) -> sa.ColumnElement[bool]:
    term = q.strip().lower()
    like = f"%{_escape_like(term)}%"
    # Aliases are stored as JSON text; non-ASCII letters appear there as \\u escapes.
    json_like = f"%{_escape_like(json.dumps(term)[1:-1])}%"
    conditions = [
        sa.func.lower(Vendor.legal_name).like(like, escape="\\"),
        sa.func.lower(Vendor.website).like(like, escape="\\"),
        sa.func.lower(sa.cast(Vendor.aliases, sa.String)).like(like, escape="\\"),
        sa.func.lower(sa.cast(Vendor.aliases, sa.String)).like(json_like, escape="\\"),
    ]
    key = name_key(term)
    if key:
        conditions.append(Vendor.name_key.like(f"%{_escape_like(key)}%", escape="\\"))
    return sa.or_(*conditions)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


SORT_KEYS = ("name", "tier", "status", "updated", "created")


def _ordering(sort: str) -> list[sa.ColumnElement[Any]]:
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    name = sa.func.lower(Vendor.legal_name)
    if key == "tier":
        severity = sa.case(*((Vendor.inherent_tier == t, i) for i, t in enumerate(RiskTier)),
                           else_=len(RiskTier))
        untiered_last = sa.case((Vendor.inherent_tier.is_(None), 1), else_=0)
        order = [untiered_last, severity.desc() if descending else severity]
    elif key == "status":
        rank = sa.case(*((Vendor.status == s, i) for i, s in enumerate(VendorStatus)), else_=9)
        order = [rank.desc() if descending else rank]
    elif key in ("updated", "created"):
        column = Vendor.updated_at if key == "updated" else Vendor.created_at
        order = [column.asc() if descending else column.desc()]  # newest first, then oldest
    else:
        order = [name.desc() if descending else name]
    return [*order, name, Vendor.id]


def list_counts(vendor_ids: Sequence[int]) -> dict[int, VendorCounts]:
    """Count products and open assessments for many vendors, in a query each."""
    if not vendor_ids:
        return {}
    products = (sa.select(sa.func.count(Product.id)).where(Product.vendor_id == Vendor.id)
                .correlate(Vendor).scalar_subquery())
    rows = db.session.execute(
        sa.select(Vendor.id, products).where(Vendor.id.in_(vendor_ids))
    ).all()
    open_assessments = signals.count_open_assessments([vid for vid, _ in rows])
    return {vid: VendorCounts(products=p or 0, open_assessments=open_assessments.get(vid, 0))
            for vid, p in rows}


def countries_in_use() -> list[str]:
    """List the country codes that vendors have, for the filter."""
    return list(db.session.scalars(
        sa.select(Vendor.country).where(Vendor.country.is_not(None)).distinct()
        .order_by(Vendor.country)
    ))


def vendor_documents(vendor: Vendor) -> list[Document]:
    """List the vendor's documents that were not removed, newest first."""
    return list(db.session.scalars(
        sa.select(Document).options(joinedload(Document.uploaded_by))
        .where(Document.vendor_id == vendor.id, Document.is_removed.is_(False))
        .order_by(Document.uploaded_at.desc(), Document.id.desc())
    ))


def vendor_events(vendor: Vendor, *, limit: int = 50) -> list[AuditEvent]:
    """Return the latest audit events about the vendor."""
    return list(db.session.scalars(events_query(vendor_id=vendor.id).limit(limit)))


def load_vendor_with_products(vendor_id: int) -> Vendor | None:
    """Load a vendor with its owner and products for the overview."""
    return db.session.scalar(
        sa.select(Vendor).options(joinedload(Vendor.owner), selectinload(Vendor.products))
        .where(Vendor.id == vendor_id)
    )
