"""Accounts, roles, one-time tokens and sign-in attempts."""
from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import UTCDateTime, db, enum_type, utcnow

if TYPE_CHECKING:
    from portal.vendors.models import Vendor


class Role(enum.Enum):
    ADMIN = "admin"
    PROCUREMENT = "procurement"
    CONTRACT_MANAGER = "contract_manager"
    VENDOR = "vendor"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]

    @property
    def is_staff(self) -> bool:
        return self is not Role.VENDOR


ROLE_LABELS = {
    Role.ADMIN: "Administrator",
    Role.PROCUREMENT: "Procurement staff",
    Role.CONTRACT_MANAGER: "Contract manager",
    Role.VENDOR: "Vendor contact",
}


class TokenPurpose(enum.Enum):
    INVITATION = "invitation"
    PASSWORD_RESET = "password_reset"


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(255), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    job_title: Mapped[str | None] = mapped_column(sa.String(200))
    role: Mapped[Role] = mapped_column(enum_type(Role))
    vendor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("vendors.id", ondelete="RESTRICT"), index=True
    )
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    # Rotated at every sign-in and sign-out; part of the session id so old cookies stop working.
    session_token: Mapped[str] = mapped_column(sa.String(64))
    is_active: Mapped[bool] = mapped_column(default=True)
    # Issue 13: staff deactivated the account; only staff can lift it (vendor colleagues cannot).
    is_deactivated_by_staff: Mapped[bool] = mapped_column(default=False,
                                                          server_default=sa.false())
    failed_login_count: Mapped[int] = mapped_column(default=0)
    # Until when some address is locked out of this account (shown to administrators; the
    # throttle itself counts attempts per account and address, portal/auth/throttle.py).
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    vendor: Mapped[Vendor | None] = relationship(
        back_populates="contacts", foreign_keys=[vendor_id]
    )

    __table_args__ = (
        sa.CheckConstraint(
            "(role = 'vendor' AND vendor_id IS NOT NULL) OR "
            "(role <> 'vendor' AND vendor_id IS NULL)",
            name="vendor_role_matches_vendor",
        ),
    )

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    @property
    def is_staff(self) -> bool:
        return self.role.is_staff

    @property
    def has_password(self) -> bool:
        return self.password_hash is not None

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role.value}>"


class UserToken(db.Model):
    """A single-use, expiring link token; only its SHA-256 is stored."""

    __tablename__ = "user_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[TokenPurpose] = mapped_column(enum_type(TokenPurpose))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])


class LoginAttempt(db.Model):
    """Sign-in attempts, kept in the database so throttling holds across processes."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(255), index=True)
    ip_address: Mapped[str | None] = mapped_column(sa.String(45), index=True)
    is_success: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
