"""Vendors (AI suppliers), their products and inherent-risk intake."""
from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import UTCDateTime, db, enum_type, utcnow

if TYPE_CHECKING:
    from portal.auth.models import User


class RiskTier(enum.Enum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class VendorStatus(enum.Enum):
    PROSPECTIVE = "prospective"
    ACTIVE = "active"
    OFFBOARDED = "offboarded"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Vendor(db.Model):
    __tablename__ = "vendors"

    id: Mapped[int] = mapped_column(primary_key=True)
    legal_name: Mapped[str] = mapped_column(sa.String(200))
    # Lower-cased, punctuation-free legal name: duplicate detection and search.
    name_key: Mapped[str] = mapped_column(sa.String(200), unique=True)
    aliases: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    website: Mapped[str | None] = mapped_column(sa.String(255))
    country: Mapped[str | None] = mapped_column(sa.String(2))
    description: Mapped[str | None] = mapped_column(sa.Text)
    status: Mapped[VendorStatus] = mapped_column(
        enum_type(VendorStatus), default=VendorStatus.PROSPECTIVE
    )
    owner_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", use_alter=True), index=True
    )
    intake: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    # Issue 13: e-mail domains the vendor's contacts may invite colleagues at (comma-separated,
    # set by staff); empty: any domain.
    invite_domains: Mapped[str | None] = mapped_column(sa.String(500))
    inherent_tier: Mapped[RiskTier | None] = mapped_column(enum_type(RiskTier), index=True)
    tier_reasons: Mapped[list[str] | None] = mapped_column(sa.JSON)
    tiered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id])
    contacts: Mapped[list[User]] = relationship(
        back_populates="vendor", foreign_keys="User.vendor_id", order_by="User.name"
    )
    products: Mapped[list[Product]] = relationship(
        back_populates="vendor", cascade="all, delete-orphan", order_by="Product.name"
    )
    # The name keys of the legal name and every alias, kept in step by portal/vendors/names.py
    # (an index for the duplicate check; rebuilt with `portal vendors reindex-names`).
    name_entries: Mapped[list[VendorName]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def is_offboarded(self) -> bool:
        """Offboarded vendors' contacts cannot sign in or be invited."""
        return self.status is VendorStatus.OFFBOARDED

    def __repr__(self) -> str:
        return f"<Vendor {self.legal_name}>"


class Product(db.Model):
    """An AI product or service the vendor supplies to us."""

    __tablename__ = "products"

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(
        sa.ForeignKey("vendors.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    vendor: Mapped[Vendor] = relationship(back_populates="products")

    __table_args__ = (sa.UniqueConstraint("vendor_id", "name", name="uq_products_vendor_name"),)


class VendorName(db.Model):
    """One normalised name (legal name or alias) of a vendor, indexed for duplicate checks."""

    __tablename__ = "vendor_names"

    vendor_id: Mapped[int] = mapped_column(
        sa.ForeignKey("vendors.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(sa.String(200), primary_key=True, index=True)
