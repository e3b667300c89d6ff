"""Bulk import of vendors: check an uploaded file against the inventory, keep it, apply it.

The pure parts are parsing (reading files) and plan (row outcomes); this module
feeds them what the database knows and applies the result with the vendor services.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from portal.audit.services import record
from portal.auth.models import Role, User
from portal.auth.services import find_user_by_email
from portal.documents.services import clean_filename
from portal.domain import DomainError
from portal.extensions import db, utcnow
from portal.settings import Settings
from portal.vendors import naming
from portal.vendors import services as vendor_services
from portal.vendors.imports.models import ImportStatus, VendorImport
from portal.vendors.imports.parsing import DEFAULT_LIMITS, ImportLimits, SheetRow, read_file
from portal.vendors.imports.plan import (
    Directory,
    KnownUser,
    KnownVendor,
    RowPlan,
    Unit,
    group_units,
    plan_rows,
    summarise,
)
from portal.vendors.models import Vendor, VendorStatus

EMAIL_CHUNK = 500  # addresses per IN (...) query
MAX_NOTES = 500


class ImportNotPending(DomainError):
    """The import was applied or cancelled already."""


@dataclass
class UnitResult:
    """What applying one vendor (and its contacts) did."""

    vendor_name: str
    created: bool = False
    added_to: bool = False  # contacts went to a vendor that already existed
    invited: int = 0
    notes: list[str] = field(default_factory=list)


def known_vendors() -> dict[str, KnownVendor]:
    """Index every vendor by the name keys of its legal name and other names."""
    index: dict[str, KnownVendor] = {}
    rows = db.session.execute(
        sa.select(Vendor.id, Vendor.legal_name, Vendor.aliases, Vendor.status)).all()
    vendors = [(KnownVendor(vendor_id, legal_name, status is VendorStatus.OFFBOARDED), aliases)
               for vendor_id, legal_name, aliases, status in rows]
    for known, _ in vendors:
        index.setdefault(naming.name_key(known.legal_name), known)
    # Other names second: a legal name wins when another vendor uses it as an alias.
    for known, aliases in vendors:
        for alias in aliases or ():
            index.setdefault(naming.name_key(alias), known)
    return index


def known_users(emails: Iterable[str]) -> dict[str, KnownUser]:
    """Look up the accounts that already use any of these e-mail addresses."""
    wanted = sorted({e.strip().lower() for e in emails if e and "@" in e})
    found: dict[str, KnownUser] = {}
    for start in range(0, len(wanted), EMAIL_CHUNK):
        rows = db.session.execute(
            sa.select(User.email, User.role, User.vendor_id, Vendor.legal_name)
            .outerjoin(Vendor, User.vendor_id == Vendor.id)
            .where(sa.func.lower(User.email).in_(wanted[start:start + EMAIL_CHUNK]))).all()
        for email, role, vendor_id, vendor_name in rows:
            found[email.lower()] = KnownUser(role.is_staff, vendor_id, vendor_name)
    return found


def directory_for(rows: Sequence[SheetRow]) -> Directory:
    """Gather what the database knows about the vendors and e-mail addresses of these rows."""
    return Directory(
        name_key=naming.name_key, clean_aliases=naming.clean_aliases,
        statuses=tuple(s.value for s in VendorStatus), max_aliases=vendor_services.MAX_ALIASES,
        vendors=known_vendors(), users=known_users(r.values.get("contact_email", "") for r in rows))


def prepare_import(data: bytes, filename: str, *, actor: User,
                   limits: ImportLimits = DEFAULT_LIMITS) -> VendorImport:
    """Read and check an uploaded file and keep the outcome for review; import nothing yet.

    Raises: ImportFileError.
    """
    read = read_file(data, limits)
    plans = plan_rows(read.rows, directory_for(read.rows))
    summary: dict[str, Any] = {**summarise(plans), "kind": read.kind, "notes": list(read.notes)}
    imp = VendorImport(created_by_id=actor.id, filename=clean_filename(filename),
                       rows=[p.as_dict() for p in plans], summary=summary,
                       status=ImportStatus.PENDING)
    db.session.add(imp)
    db.session.flush()
    return imp


def visible_import(import_id: int, user: User) -> VendorImport | None:
    """Return the import if this user started it or is an administrator."""
    imp = db.session.get(VendorImport, import_id)
    if imp is None or (imp.created_by_id != user.id and user.role is not Role.ADMIN):
        return None
    return imp


def row_plans(imp: VendorImport) -> list[RowPlan]:
    """Return the stored rows of an import."""
    return [RowPlan.from_dict(row) for row in imp.rows or ()]


def import_units(imp: VendorImport) -> tuple[Unit, ...]:
    """Return the vendors an import creates or adds contacts to, one step each."""
    return group_units(row_plans(imp))


def cancel_import(imp: VendorImport, *, actor: User) -> None:
    """Drop a pending import. Raises: ImportNotPending."""
    if imp.status is not ImportStatus.PENDING or imp.job_id is not None:
        raise ImportNotPending("This import has already been applied or cancelled.")
    imp.status = ImportStatus.CANCELLED
    db.session.flush()
    record(actor, "vendor_import.cancelled", f"Cancelled the vendor import of {imp.filename}",
           obj=imp)


# ---- applying (run by the background job, portal.vendors.imports.jobs) -----------------------

def apply_unit(unit: Unit, *, actor: User, settings: Settings) -> UnitResult:
    """Create one vendor (or find it) and invite its new contacts; skip what exists already."""
    if unit.vendor_id is not None:
        vendor = db.session.get(Vendor, unit.vendor_id)
        if vendor is None:
            return UnitResult("?", notes=[f"{_rows(unit)}: the vendor has been removed since "
                                          "the preview; skipped."])
        result = UnitResult(vendor.legal_name, added_to=True)
    else:
        vendor, result = _create_or_find(unit, actor=actor)
        if vendor is None:
            return result
    for contact in unit.contacts:
        existing = find_user_by_email(contact.email)
        if existing is not None:
            if existing.vendor_id != vendor.id:  # else invited by an earlier attempt
                result.notes.append(f"{contact.email}: an account with this address exists now; "
                                    "not invited.")
            continue
        try:
            vendor_services.invite_contact(vendor, email=contact.email, name=contact.name,
                                    job_title=contact.job_title, actor=actor, settings=settings)
        except vendor_services.ContactError as exc:
            result.notes.append(f"{contact.email}: {exc}")
        else:
            result.invited += 1
    return result


def _create_or_find(unit: Unit, *, actor: User) -> tuple[Vendor | None, UnitResult]:
    fields = unit.vendor
    assert fields is not None
    data = vendor_services.VendorData(
        legal_name=fields.legal_name, aliases=fields.aliases, website=fields.website,
        country=fields.country, description=fields.description,
        status=VendorStatus(fields.status))
    try:
        vendor = vendor_services.create_vendor(data, actor=actor)
    except vendor_services.DuplicateVendor as exc:
        existing = exc.existing
        if existing is None:  # lost a race on the unique name: the flush failed
            db.session.rollback()
            existing = vendor_services.find_duplicate(fields.legal_name)
            existing = existing[0] if existing else None
        names = {naming.name_key(n)
                 for n in (existing.legal_name, *(existing.aliases or ()))} if existing else set()
        if existing is not None and naming.name_key(fields.legal_name) in names:
            # Created by an earlier attempt of this job, or added by someone since the preview.
            return existing, UnitResult(existing.legal_name, added_to=True)
        return None, UnitResult(fields.legal_name, notes=[
            f"{_rows(unit)}: {fields.legal_name} not created: {exc.name} is already a name of "
            f"{existing.legal_name if existing else 'another vendor'}."])
    return vendor, UnitResult(vendor.legal_name, created=True)


def _rows(unit: Unit) -> str:
    return ("Row " if len(unit.rows) == 1 else "Rows ") + ", ".join(map(str, unit.rows))


def finish_import(imp: VendorImport, totals: Mapping[str, Any], *, actor: User | None) -> None:
    """Mark an import applied, with what it did, and record it in the audit log."""
    counts = {k: v for k, v in totals.items() if isinstance(v, int)}
    imp.status, imp.applied_at = ImportStatus.APPLIED, utcnow()
    imp.summary = {**(imp.summary or {}), "applied": counts}
    db.session.flush()
    record(actor, "vendor_import.applied",
           f"Imported vendors from {imp.filename}: {counts.get('created', 0)} created, "
           f"{counts.get('contacts', 0)} contact(s) invited", obj=imp, details=counts)
