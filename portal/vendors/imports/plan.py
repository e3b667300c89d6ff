"""Check imported vendor rows and decide what each one would do, before anything is written.

Pure: standard library, email-validator and the country list. What the database knows (vendor
names, e-mail addresses in use) and the name-matching rule come in as a Directory.
"""
from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email

from portal.vendors.countries import COUNTRIES
from portal.vendors.imports.parsing import EXAMPLE_MARKER, SheetRow

MAX_NAME, MAX_URL, MAX_EMAIL, MAX_DESCRIPTION = 200, 255, 255, 5_000
_ALIAS_SPLIT = re.compile(r"[;|\n]")
_HOST = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]+)$")
# Names in common use that differ from the short names in countries.py.
COUNTRY_SYNONYMS = {
    "UK": "GB", "U.K.": "GB", "Great Britain": "GB", "Britain": "GB", "England": "GB",
    "Scotland": "GB", "Wales": "GB", "Northern Ireland": "GB",
    "USA": "US", "U.S.A.": "US", "U.S.": "US", "United States of America": "US",
    "America": "US", "Korea": "KR", "Republic of Korea": "KR", "Russia": "RU",
    "Czech Republic": "CZ", "Holland": "NL", "The Netherlands": "NL", "Turkey": "TR",
    "UAE": "AE", "Ivory Coast": "CI", "Viet Nam": "VN", "Macedonia": "MK",
    "Republic of Ireland": "IE", "Vatican": "VA", "Hong Kong SAR": "HK",
}


class Outcome(enum.Enum):
    NEW_VENDOR = "new_vendor"
    SAME_VENDOR = "same_vendor"  # another contact for a new vendor of an earlier row
    EXISTING_VENDOR = "existing_vendor"
    DUPLICATE = "duplicate"
    SKIPPED = "skipped"
    ERROR = "error"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Outcome.NEW_VENDOR: "New vendor", Outcome.SAME_VENDOR: "New vendor, another contact",
    Outcome.EXISTING_VENDOR: "Existing vendor", Outcome.DUPLICATE: "Duplicate in file",
    Outcome.SKIPPED: "Skipped", Outcome.ERROR: "Error",
}


@dataclass(frozen=True)
class KnownVendor:
    id: int
    legal_name: str
    is_offboarded: bool = False


@dataclass(frozen=True)
class KnownUser:
    is_staff: bool
    vendor_id: int | None = None
    vendor_name: str | None = None


@dataclass(frozen=True)
class Directory:
    """What the database knows, and the rules the vendor services use."""

    name_key: Callable[[str], str]
    clean_aliases: Callable[..., tuple[str, ...]]  # (names, *, legal_name) -> cleaned names
    statuses: tuple[str, ...]
    max_aliases: int
    vendors: Mapping[str, KnownVendor] = field(default_factory=dict)  # every name key
    users: Mapping[str, KnownUser] = field(default_factory=dict)  # lower-case e-mail


@dataclass(frozen=True)
class VendorFields:
    legal_name: str
    aliases: tuple[str, ...] = ()
    website: str | None = None
    country: str | None = None
    description: str | None = None
    status: str = "prospective"


@dataclass(frozen=True)
class Contact:
    name: str
    email: str
    job_title: str | None = None


@dataclass(frozen=True)
class RowPlan:
    """One spreadsheet row: the cleaned values and what importing would do with them."""

    row: int
    outcome: Outcome
    message: str
    vendor: VendorFields | None = None
    contact: Contact | None = None  # to invite; None when the row invites nobody
    vendor_id: int | None = None  # the existing vendor the row adds to
    vendor_row: int | None = None  # the row whose new vendor this row belongs to
    errors: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["outcome"] = self.outcome.value
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RowPlan:
        vendor, contact = data.get("vendor"), data.get("contact")
        return cls(
            row=data["row"], outcome=Outcome(data["outcome"]), message=data["message"],
            vendor=VendorFields(**{**vendor, "aliases": tuple(vendor["aliases"])})
            if vendor else None,
            contact=Contact(**contact) if contact else None, vendor_id=data.get("vendor_id"),
            vendor_row=data.get("vendor_row"), errors=tuple(data.get("errors") or ()))


@dataclass(frozen=True)
class Unit:
    """One vendor to create or add to, with its contacts: one step of applying an import."""

    rows: tuple[int, ...]
    contacts: tuple[Contact, ...]
    vendor: VendorFields | None = None  # to create
    vendor_id: int | None = None  # existing


# ---- single values ----------------------------------------------------------------------------

def fold(text: str) -> str:
    """Lower-case, accent-free words: for matching country names and statuses."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    text = text.encode("ascii", "ignore").decode().lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


_COUNTRY_BY_NAME = {fold(name): code for code, name in COUNTRIES.items()} | {
    fold(name): code for name, code in COUNTRY_SYNONYMS.items()}


def resolve_country(text: str) -> str | None:
    """Return the ISO code for a code or English name (None when blank). Raises: ValueError."""
    if not text:
        return None
    if len(text) == 2 and text.upper() in COUNTRIES:
        return text.upper()
    code = _COUNTRY_BY_NAME.get(fold(text))
    if code is None:
        raise ValueError(f"Unknown country “{text}”: use a two-letter code (DE) or the "
                         "English name (Germany).")
    return code


def clean_website(text: str) -> str | None:
    """Return a full http(s) address (https:// added when missing). Raises: ValueError."""
    if not text:
        return None
    url = text if "://" in text else "https://" + text
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".")
    except ValueError:
        host, parts = "", None
    if parts is not None and parts.scheme.lower() not in ("http", "https"):
        raise ValueError(f"Website “{text}” must start with http:// or https://.")
    if len(url) > MAX_URL or " " in url or not _HOST.match(host):
        raise ValueError(f"Website “{text}” is not a valid web address, e.g. https://example.com.")
    return url


def clean_email(text: str) -> str:
    """Return the address in lower case, as accounts store it. Raises: ValueError."""
    try:
        validate_email(text, check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValueError(f"Contact e-mail “{text}” is not valid: {exc}") from None
    if len(text) > MAX_EMAIL:
        raise ValueError(f"Contact e-mail “{text[:40]}…” is too long.")
    return text.strip().lower()


def check_row(values: Mapping[str, str], directory: Directory
              ) -> tuple[VendorFields | None, Contact | None, list[str]]:
    """Clean one row's values; return the vendor, the contact (if any) and the errors."""
    errors: list[str] = []
    name = " ".join(values.get("legal_name", "").split())
    if not name:
        errors.append("The legal name is missing.")
    elif len(name) > MAX_NAME:
        errors.append(f"The legal name has more than {MAX_NAME} characters.")
    elif not directory.name_key(name):
        errors.append("The legal name needs letters or digits.")
    aliases = directory.clean_aliases(_ALIAS_SPLIT.split(values.get("aliases", "")),
                                      legal_name=name)
    if len(aliases) > directory.max_aliases:
        errors.append(f"Enter at most {directory.max_aliases} other names.")
    if any(len(a) > MAX_NAME for a in aliases):
        errors.append(f"Each other name can have at most {MAX_NAME} characters.")
    website = _collect(errors, clean_website, values.get("website", ""))
    country = _collect(errors, resolve_country, values.get("country", ""))
    description = values.get("description", "")
    if len(description) > MAX_DESCRIPTION:
        errors.append(f"The description has more than {MAX_DESCRIPTION:,} characters.")
    status = fold(values.get("status", "")) or directory.statuses[0]
    if status not in directory.statuses:
        errors.append(f"Status “{values['status']}” is not one of: "
                      f"{', '.join(directory.statuses)}.")
    contact = _check_contact(values, errors)
    vendor = VendorFields(name, aliases, website, country, description or None, status)
    return (None if errors else vendor), contact, errors


def _collect(errors: list[str], check: Callable[[str], str | None], text: str) -> str | None:
    try:
        return check(text)
    except ValueError as exc:
        errors.append(str(exc))
        return None


def _check_contact(values: Mapping[str, str], errors: list[str]) -> Contact | None:
    raw = values.get("contact_email", "")
    name = " ".join(values.get("contact_name", "").split())
    title = " ".join(values.get("contact_job_title", "").split())
    if not raw:
        if name or title:
            errors.append(f"The contact e-mail is missing (needed to invite {name or 'them'}).")
        return None
    email = _collect(errors, clean_email, raw)
    if not name:
        errors.append(f"The contact name is missing for {raw}.")
    if len(name) > MAX_NAME or len(title) > MAX_NAME:
        errors.append(f"Contact names and job titles can have at most {MAX_NAME} characters.")
    return Contact(name, email, title or None) if email and name else None


# ---- rows in context --------------------------------------------------------------------------

def plan_rows(rows: Sequence[SheetRow], directory: Directory) -> tuple[RowPlan, ...]:
    """Decide each row's outcome against the database and the rows above it."""
    planner = _Planner(directory)
    return tuple(planner.plan(row) for row in rows)


class _Planner:
    def __init__(self, directory: Directory) -> None:
        self.d = directory
        self.new_rows: dict[str, int] = {}  # name key -> row of the new vendor
        self.vendors: dict[int, VendorFields] = {}  # row -> new vendor
        self.emails: dict[str, tuple[int, tuple[str, int]]] = {}  # e-mail -> (row, target)

    def plan(self, sheet_row: SheetRow) -> RowPlan:
        number = sheet_row.row
        if EXAMPLE_MARKER in sheet_row.values.get("legal_name", ""):
            return RowPlan(number, Outcome.SKIPPED, "The template's example row: skipped.")
        vendor, contact, errors = check_row(sheet_row.values, self.d)
        if vendor is None:
            return _error(number, errors)
        key = self.d.name_key(vendor.legal_name)
        known = self.d.vendors.get(key)
        target = (("existing", known.id) if known else
                  ("new", self.new_rows[key]) if key in self.new_rows else ("new", number))
        if target == ("new", number):
            errors += self._alias_conflicts(vendor)
        note = ""
        if contact is not None:
            contact, note = self._check_email(contact, target, known, errors)
        if known is not None and known.is_offboarded and contact is not None:
            errors.append(f"{known.legal_name} is offboarded: its contacts cannot be invited.")
        if errors:
            return _error(number, errors)
        if contact is not None:
            self.emails[contact.email] = (number, target)
        if known is not None:
            return _existing(number, vendor, contact, known, note)
        first = target[1]
        if first == number:
            self.vendors[number] = vendor
            for name in (vendor.legal_name, *vendor.aliases):
                self.new_rows.setdefault(self.d.name_key(name), number)
            with_contact = f", contact {contact.email} to invite" if contact else ""
            return RowPlan(number, Outcome.NEW_VENDOR, f"New vendor{with_contact}.", vendor,
                           contact, vendor_row=number)
        differs = _differences(self.vendors[first], vendor)
        if differs:
            note += (f" Its {', '.join(differs)} differ from row {first}; "
                     f"row {first}'s are used.")
        if contact is None:
            return RowPlan(number, Outcome.DUPLICATE,
                           f"Duplicate of row {first}: nothing new to add.{note}", vendor,
                           vendor_row=first)
        return RowPlan(number, Outcome.SAME_VENDOR,
                       f"Contact {contact.email} added to the new vendor of row {first}.{note}",
                       vendor, contact, vendor_row=first)

    def _alias_conflicts(self, vendor: VendorFields) -> list[str]:
        problems = []
        for alias in vendor.aliases:
            key = self.d.name_key(alias)
            if key in self.d.vendors:
                problems.append(f"Other name “{alias}” belongs to the existing vendor "
                                f"{self.d.vendors[key].legal_name}.")
            elif key in self.new_rows:
                problems.append(f"Other name “{alias}” is a name of the vendor in row "
                                f"{self.new_rows[key]}.")
        return problems

    def _check_email(self, contact: Contact, target: tuple[str, int], known: KnownVendor | None,
                     errors: list[str]) -> tuple[Contact | None, str]:
        owner = self.d.users.get(contact.email)
        if owner is not None:
            if owner.is_staff:
                errors.append(f"{contact.email} belongs to a staff account.")
            elif known is not None and owner.vendor_id == known.id:
                return None, f" {contact.email} is already one of its contacts."
            else:
                errors.append(f"{contact.email} is already a contact of another vendor "
                              f"({owner.vendor_name or 'unknown'}).")
            return None, ""
        if contact.email in self.emails:
            row, other = self.emails[contact.email]
            if other == target:
                return None, f" {contact.email} is already in row {row}."
            errors.append(f"{contact.email} is already used for another vendor in row {row}.")
            return None, ""
        return contact, ""


def _error(number: int, errors: Iterable[str]) -> RowPlan:
    errors = tuple(errors)
    return RowPlan(number, Outcome.ERROR, "Error: " + " ".join(errors), errors=errors)


def _existing(number: int, vendor: VendorFields, contact: Contact | None, known: KnownVendor,
              note: str) -> RowPlan:
    matched = ("" if fold(known.legal_name) == fold(vendor.legal_name)
               else f" (matched as “{vendor.legal_name}”)")
    if contact is not None:
        action = f"contact {contact.email} added"
    else:
        action = "nothing to add" + ("" if note else " (no contact in this row)")
    return RowPlan(number, Outcome.EXISTING_VENDOR,
                   f"Existing vendor {known.legal_name}{matched}: {action}; its details are not "
                   f"changed.{note}", vendor, contact, vendor_id=known.id)


def _differences(first: VendorFields, other: VendorFields) -> list[str]:
    names = ("website", "country", "description", "status")
    return [n for n in names if getattr(other, n) and getattr(other, n) != getattr(first, n)]


# ---- counting and applying --------------------------------------------------------------------

def summarise(plans: Iterable[RowPlan]) -> dict[str, int]:
    """Count rows by effect: new vendors, contacts to invite, existing vendors, skipped, errors."""
    counts = dict.fromkeys(("rows", "new_vendors", "contacts", "existing_vendors", "skipped",
                            "errors"), 0)
    existing = set()
    for plan in plans:
        counts["rows"] += 1
        counts["new_vendors"] += plan.outcome is Outcome.NEW_VENDOR
        counts["contacts"] += plan.contact is not None
        counts["errors"] += plan.outcome is Outcome.ERROR
        if plan.vendor_id is not None and plan.contact is not None:
            existing.add(plan.vendor_id)
        if plan.outcome is not Outcome.ERROR and plan.outcome is not Outcome.NEW_VENDOR \
                and plan.contact is None:
            counts["skipped"] += 1
    counts["existing_vendors"] = len(existing)
    return counts


def group_units(plans: Iterable[RowPlan]) -> tuple[Unit, ...]:
    """Gather the rows into vendors to create or add contacts to, in the file's order."""
    units: dict[tuple[str, int], dict[str, Any]] = {}
    for plan in plans:
        if plan.vendor_id is not None and plan.contact is not None:
            slot = units.setdefault(("existing", plan.vendor_id), {"vendor_id": plan.vendor_id})
        elif plan.vendor_row is not None and plan.outcome is not Outcome.DUPLICATE:
            slot = units.setdefault(("new", plan.vendor_row), {"vendor": plan.vendor})
        else:
            continue
        slot.setdefault("rows", []).append(plan.row)
        if plan.contact is not None:
            slot.setdefault("contacts", []).append(plan.contact)
    return tuple(Unit(rows=tuple(u.pop("rows")), contacts=tuple(u.pop("contacts", ())), **u)
                 for u in units.values())
