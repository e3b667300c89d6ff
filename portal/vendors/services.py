"""Vendor inventory: create and change vendors, their products, intake and contacts."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from portal.audit.services import record
from portal.auth import services as auth_services
from portal.auth import team as auth_team
from portal.auth.models import Role, User
from portal.domain import DomainError
from portal.extensions import db, utcnow
from portal.settings import Settings
from portal.vendors import signals
from portal.vendors.models import Product, RiskTier, Vendor, VendorName, VendorStatus
from portal.vendors.naming import clean_aliases, name_key
from portal.vendors.tiering import QUESTIONS, IntakeAnswers, TierResult, assess_tier

MAX_ALIASES = 20
STAFF_ROLES = (Role.ADMIN, Role.PROCUREMENT, Role.CONTRACT_MANAGER)

class DuplicateVendor(DomainError):
    """Another vendor already has this name as its legal name or an alias."""

    def __init__(self, existing: Vendor | None, name: str) -> None:
        super().__init__(f"A vendor with this name already exists: {name}")
        self.existing = existing
        self.name = name


class DuplicateProduct(DomainError):
    """The vendor already supplies a product with this name."""


class ContactError(DomainError):
    """A contact cannot be invited or changed; the message says why."""


class DuplicateContact(ContactError):
    """A user with this e-mail address already exists."""


@dataclass(frozen=True)
class VendorData:
    legal_name: str
    aliases: tuple[str, ...] = ()
    website: str | None = None
    country: str | None = None
    description: str | None = None
    status: VendorStatus = VendorStatus.PROSPECTIVE
    owner_id: int | None = None


# ---- names ------------------------------------------------------------------------------------

def find_duplicate(legal_name: str, aliases: Sequence[str] = (), *,
                   exclude_id: int | None = None) -> tuple[Vendor, str] | None:
    """Return another vendor whose legal name or alias matches one of these names, and the name.

    Looks the keys up in the vendor_names index (portal/vendors/names.py), and in vendors'
    own name_key column, which also covers rows bulk-loaded without their names.
    """
    wanted = {name_key(n): n for n in (*aliases, legal_name) if name_key(n)}
    if not wanted:
        return None
    keys = sorted(wanted)
    other = Vendor.id != (exclude_id or -1)
    hits = db.session.execute(
        sa.select(VendorName.vendor_id, VendorName.key).join(Vendor)
        .where(VendorName.key.in_(keys), other)
        .union_all(sa.select(Vendor.id, Vendor.name_key).where(Vendor.name_key.in_(keys), other))
    ).all()
    for given_key in wanted:  # the aliases first, then the legal name, as given
        for vendor_id, key in hits:
            if key == given_key:
                return db.session.get(Vendor, vendor_id), wanted[given_key]
    return None


# ---- vendors ----------------------------------------------------------------------------------

def create_vendor(data: VendorData, *, actor: User) -> Vendor:
    """Add a vendor to the inventory. Raises: DuplicateVendor."""
    aliases = clean_aliases(data.aliases, legal_name=data.legal_name)
    _check_unique(data.legal_name, aliases, exclude_id=None)
    vendor = Vendor(
        legal_name=data.legal_name.strip(), name_key=name_key(data.legal_name),
        aliases=list(aliases), website=data.website or None, country=data.country or None,
        description=data.description or None, status=data.status, owner_id=data.owner_id,
    )
    db.session.add(vendor)
    _flush_unique(data.legal_name)
    record(actor, "vendor.created", f"Added vendor {vendor.legal_name}", obj=vendor,
           vendor_id=vendor.id, details={"status": vendor.status.value})
    return vendor


def update_vendor(vendor: Vendor, data: VendorData, *, actor: User) -> dict[str, Any]:
    """Change a vendor's facts and return what changed, by field. Raises: DuplicateVendor."""
    aliases = clean_aliases(data.aliases, legal_name=data.legal_name)
    _check_unique(data.legal_name, aliases, exclude_id=vendor.id)
    new_values: dict[str, Any] = {
        "legal_name": data.legal_name.strip(), "aliases": list(aliases),
        "website": data.website or None, "country": data.country or None,
        "description": data.description or None, "status": data.status, "owner_id": data.owner_id,
    }
    changes: dict[str, Any] = {}
    for field, new in new_values.items():
        old = getattr(vendor, field)
        if old != new:
            changes[field] = {"from": _audit_value(field, old), "to": _audit_value(field, new)}
            setattr(vendor, field, new)
    if not changes:
        return changes
    vendor.name_key = name_key(vendor.legal_name)
    _flush_unique(vendor.legal_name)
    record(actor, "vendor.updated", f"Updated vendor {vendor.legal_name}: {', '.join(changes)}",
           obj=vendor, vendor_id=vendor.id, details={"changes": changes})
    if "legal_name" in changes or "aliases" in changes:
        signals.names_changed.send(vendor)
    return changes


def change_status(vendor: Vendor, status: VendorStatus, *, actor: User) -> None:
    """Move a vendor to a status, e.g. offboard it (its contacts can then no longer sign in)."""
    if vendor.status is status:
        return
    old = vendor.status
    vendor.status = status
    db.session.flush()
    action = "vendor.offboarded" if status is VendorStatus.OFFBOARDED else "vendor.status_changed"
    record(actor, action, f"{vendor.legal_name}: {old.label} → {status.label}", obj=vendor,
           vendor_id=vendor.id, details={"from": old.value, "to": status.value})


def _check_unique(legal_name: str, aliases: Sequence[str], *, exclude_id: int | None) -> None:
    match = find_duplicate(legal_name, aliases, exclude_id=exclude_id)
    if match is not None:
        raise DuplicateVendor(*match)


def _flush_unique(legal_name: str) -> None:
    # The unique name_key closes the race between two simultaneous creations.
    try:
        db.session.flush()
    except IntegrityError as exc:
        raise DuplicateVendor(None, legal_name) from exc


def _audit_value(field: str, value: Any) -> Any:
    if isinstance(value, VendorStatus):
        return value.value
    if field == "owner_id" and value is not None:
        owner = db.session.get(User, value)
        return owner.email if owner else value
    return value


def owner_candidates(current_owner_id: int | None = None) -> list[User]:
    """List the active staff users who may own a vendor, plus the current owner."""
    condition = sa.and_(User.role.in_(STAFF_ROLES), User.is_active.is_(True))
    if current_owner_id:
        condition = sa.or_(condition, User.id == current_owner_id)
    return list(db.session.scalars(sa.select(User).where(condition).order_by(User.name)))


# ---- products ---------------------------------------------------------------------------------

def add_product(vendor: Vendor, name: str, *, actor: User,
                description: str | None = None) -> Product:
    """Record a product or service the vendor supplies. Raises: DuplicateProduct."""
    name = " ".join(name.split())
    _check_product_name(vendor, name, exclude=None)
    product = Product(name=name, description=description or None)
    vendor.products.append(product)
    db.session.flush()
    record(actor, "product.added", f"Added product {name} to {vendor.legal_name}", obj=product,
           vendor_id=vendor.id)
    signals.products_changed.send(vendor)
    return product


def update_product(product: Product, name: str, *, actor: User,
                   description: str | None = None) -> None:
    """Rename a product or change its description. Raises: DuplicateProduct."""
    name = " ".join(name.split())
    _check_product_name(product.vendor, name, exclude=product)
    old_name = product.name
    if old_name == name and product.description == (description or None):
        return
    product.name = name
    product.description = description or None
    db.session.flush()
    summary = (f"Renamed product {old_name} to {name}" if old_name != name
               else f"Updated product {name}")
    record(actor, "product.renamed" if old_name != name else "product.updated", summary,
           obj=product, vendor_id=product.vendor_id, details={"from": old_name, "to": name})
    if old_name != name:
        signals.products_changed.send(product.vendor)


def remove_product(product: Product, *, actor: User) -> None:
    """Remove a product; assessments about it stay and then cover the whole vendor."""
    vendor = product.vendor
    record(actor, "product.removed", f"Removed product {product.name} from {vendor.legal_name}",
           obj=product, vendor_id=vendor.id)
    vendor.products.remove(product)
    db.session.flush()
    signals.products_changed.send(vendor)


def _check_product_name(vendor: Vendor, name: str, *, exclude: Product | None) -> None:
    for other in vendor.products:
        if other is not exclude and other.name.casefold() == name.casefold():
            raise DuplicateProduct(
                f"{vendor.legal_name} already has a product called {other.name}.")


# ---- intake and tier --------------------------------------------------------------------------

def intake_answers(vendor: Vendor) -> dict[str, str]:
    """Return the stored intake answers of a vendor (empty before the first intake)."""
    intake = vendor.intake or {}
    return dict(intake.get("answers", {}))


def intake_summary(vendor: Vendor) -> list[tuple[str, str]]:
    """List (question, answer label) pairs of the stored intake, in question order."""
    answers = intake_answers(vendor)
    rows = []
    for question in QUESTIONS:
        value = answers.get(question.key)
        if value is not None:
            try:
                rows.append((question.text, question.option(value).label))
            except ValueError:  # answered under an older rule version
                rows.append((question.text, str(value)))
    return rows


def save_intake(vendor: Vendor, answers: IntakeAnswers, *, actor: User) -> TierResult:
    """Store intake answers and set the inherent tier with its reasons."""
    result = assess_tier(answers)
    old_tier = vendor.inherent_tier
    new_tier = RiskTier(result.tier)
    vendor.intake = {"answers": answers.as_dict(), "score": result.score,
                     "rule_version": result.rule_version}
    vendor.inherent_tier = new_tier
    vendor.tier_reasons = list(result.reasons)
    vendor.tiered_at = utcnow()
    db.session.flush()
    old_label = old_tier.label if old_tier else "not tiered"
    record(actor, "vendor.tiered",
           f"Inherent tier of {vendor.legal_name}: {old_label} → {new_tier.label} "
           f"(score {result.score})", obj=vendor, vendor_id=vendor.id,
           details={"old_tier": old_tier.value if old_tier else None, "new_tier": new_tier.value,
                    "score": result.score, "rule_version": result.rule_version,
                    "answers": answers.as_dict()})
    return result


# ---- contacts ---------------------------------------------------------------------------------

def vendor_contacts(vendor: Vendor) -> list[User]:
    """List the vendor's contacts, active ones first."""
    return list(db.session.scalars(
        sa.select(User).where(User.vendor_id == vendor.id, User.role == Role.VENDOR)
        .order_by(User.is_active.desc(), User.name)
    ))


def invite_contact(vendor: Vendor, *, email: str, name: str, job_title: str | None, actor: User,
                   settings: Settings) -> User:
    """Create a vendor contact and queue the invitation e-mail. Raises: ContactError."""
    try:
        return auth_services.invite_vendor_contact(
            vendor, email=email, name=name, job_title=job_title or None, invited_by=actor,
            settings=settings,
        )
    except auth_services.DuplicateUser as exc:
        raise DuplicateContact(str(exc) or f"{email} already has an account.") from exc
    except (auth_services.NotAllowed, ValueError) as exc:
        raise ContactError(str(exc)) from exc


def set_invite_domains(vendor: Vendor, text: str | None, *, actor: User) -> list[str]:
    """Set the e-mail domains the vendor's contacts may invite colleagues at; return them.

    Raises: ContactError (not a domain list).
    """
    try:
        domains = auth_team.parse_domains(text)
    except auth_team.TeamRuleBroken as exc:
        raise ContactError(str(exc)) from exc
    value = ", ".join(domains) or None
    if value != vendor.invite_domains:
        record(actor, "vendor.invite_domains_changed",
               f"{vendor.legal_name}: colleague invitations limited to {value or 'any domain'}",
               obj=vendor, vendor_id=vendor.id,
               details={"from": vendor.invite_domains, "to": value})
        vendor.invite_domains = value
    return domains


def set_contact_active(contact: User, is_active: bool, *, actor: User) -> None:
    """Deactivate or reactivate a vendor contact's account. Raises: ContactError."""
    try:
        if is_active:
            auth_services.reactivate_user(contact, actor=actor)
        else:
            auth_services.deactivate_user(contact, actor=actor)
    except (auth_services.NotAllowed, ValueError) as exc:
        raise ContactError(str(exc)) from exc
