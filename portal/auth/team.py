"""Rules for vendor contacts managing their own team (issue 13).

Vendor contacts invite colleagues themselves, so a compromised vendor account must not be able
to keep access after staff cut it off, nor use the portal to e-mail anyone its own text:
- staff deactivation is sticky: only staff (or the command line) can lift it;
- a vendor contact resends only the invitations they sent;
- an organisation sends a limited number of invitations a day, optionally only to the e-mail
  domains staff allow for that vendor;
- names that reach e-mails are plain text: a name cannot carry a web or e-mail address.
"""
from __future__ import annotations

import re
from datetime import timedelta
from typing import TYPE_CHECKING

import sqlalchemy as sa

from portal.auth.models import Role, TokenPurpose, User, UserToken
from portal.domain import DomainError
from portal.extensions import db, utcnow
from portal.settings import Settings

if TYPE_CHECKING:
    from portal.vendors.models import Vendor

DEFAULT_INVITATIONS_PER_DAY = 10
# Something a mail client would turn into a link: a scheme, "www.", an e-mail address or a
# dotted host name such as "bank-details.example" (a dot followed by lower-case letters).
_LINK_LIKE = re.compile(r"://|(?i:\bwww\.)|@|[A-Za-z0-9-]\.[a-z]{2,}\b"
                        r"|(?i:[A-Za-z0-9-]\.(?:com|net|org|info|biz|io|co)\b)")
_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


class TeamRuleBroken(DomainError, ValueError):
    """A team change breaks one of the rules above; the message says which, `field` where."""

    def __init__(self, message: str, field: str = "email") -> None:
        super().__init__(message)
        self.field = field


def check_plain_name(name: str) -> str:
    """Return a trimmed person's name, refusing one that looks like a link. Raises: ValueError."""
    name = " ".join(name.split())
    if not name:
        raise TeamRuleBroken("Enter a name.", "name")
    if _LINK_LIKE.search(name):
        raise TeamRuleBroken("A name cannot contain a web address, an e-mail address or a "
                             "domain name.", "name")
    return name


def plain_name(name: str) -> str:
    """Return a name safe to print in an e-mail: link-like parts are broken up ("[.]")."""
    if not _LINK_LIKE.search(name):
        return name
    name = name.replace("://", "[:]//").replace("@", "[at]")
    return re.sub(r"(?<=\S)\.(?=\S)", "[.]", name)


def parse_domains(text: str | None) -> list[str]:
    """Parse a comma-, space- or line-separated list of e-mail domains. Raises: ValueError."""
    domains = []
    for part in re.split(r"[\s,;]+", (text or "").strip().lower()):
        part = part.removeprefix("@")
        if not part:
            continue
        if not _DOMAIN.match(part):
            raise TeamRuleBroken(f"{part!r} is not a domain name (write e.g. example.com).")
        if part not in domains:
            domains.append(part)
    return domains


def check_domain(vendor: Vendor, email: str) -> None:
    """Refuse an address outside the vendor's allowed e-mail domains, if staff set any."""
    allowed = parse_domains(vendor.invite_domains)
    if not allowed:
        return
    domain = email.rpartition("@")[2].lower()
    if not any(domain == d or domain.endswith("." + d) for d in allowed):
        raise TeamRuleBroken("You can invite colleagues with addresses at "
                             + ", ".join(allowed) + " only. Ask us to add another domain.")


def invitations_today(vendor: Vendor) -> int:
    """Count the invitations the vendor's contacts sent in the last 24 hours."""
    return db.session.scalar(
        sa.select(sa.func.count(UserToken.id)).join(User, User.id == UserToken.created_by_id)
        .where(User.vendor_id == vendor.id, UserToken.purpose == TokenPurpose.INVITATION,
               UserToken.created_at > utcnow() - timedelta(hours=24))) or 0


def check_invitation_quota(vendor: Vendor, settings: Settings) -> None:
    """Refuse one more invitation from a vendor's contacts over the daily limit."""
    limit = settings.accounts.invitations_per_day
    if invitations_today(vendor) >= limit:
        raise TeamRuleBroken(f"Your organisation has sent {limit} invitations in the last 24 "
                             "hours, the most we allow. Try again tomorrow or contact us.")


def check_vendor_invitation(actor: User, vendor: Vendor, email: str,
                            settings: Settings) -> None:
    """Apply the rules for an invitation a vendor contact sends. Raises: TeamRuleBroken."""
    check_domain(vendor, email)
    check_invitation_quota(vendor, settings)


def invited_by(user: User) -> int | None:
    """Return the id of whoever sent the user's most recent invitation."""
    return db.session.scalar(
        sa.select(UserToken.created_by_id).where(UserToken.user_id == user.id,
                                                 UserToken.purpose == TokenPurpose.INVITATION)
        .order_by(UserToken.id.desc()).limit(1))


def check_resend(actor: User, user: User) -> None:
    """Let a vendor contact resend only the invitations they sent themselves."""
    if actor.role is Role.VENDOR and invited_by(user) != actor.id:
        raise TeamRuleBroken("Only the colleague who invited this person can send the "
                             "invitation again.")


def check_reactivation(actor: User | None, user: User) -> None:
    """Keep a deactivation by staff in place unless staff lift it."""
    if user.is_deactivated_by_staff and actor is not None and not actor.is_staff:
        raise TeamRuleBroken("Our staff deactivated this account; only they can restore it. "
                             "Contact us if this is a mistake.")
