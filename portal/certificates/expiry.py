"""Expiry notices: which one is due (pure) and e-mailing each one once per threshold."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from portal.audit.services import record
from portal.auth.models import User
from portal.certificates import signals
from portal.certificates.fieldvalues import standard_number
from portal.certificates.models import Certificate, CertificateStatus
from portal.documents.models import Document
from portal.extensions import db, utcnow
from portal.mail.links import base_url
from portal.mail.services import queue_email
from portal.settings import Settings, SmtpSettings
from portal.vendors.models import Vendor

THRESHOLDS = (90, 60, 30)
EXPIRED = "expired"
LIVE = (CertificateStatus.NEEDS_REVIEW, CertificateStatus.ACCEPTED)


def certificate_expiries(vendor_ids: Sequence[int], *, today: date | None = None
                         ) -> dict[int, date]:
    """Return per vendor the nearest expiry of its accepted certificates (or the last one)."""
    if not vendor_ids:
        return {}
    today = today or date.today()
    upcoming = sa.func.min(sa.case((Certificate.expiry_date >= today, Certificate.expiry_date)))
    rows = db.session.execute(
        sa.select(Certificate.vendor_id, upcoming, sa.func.max(Certificate.expiry_date))
        .where(Certificate.vendor_id.in_(list(vendor_ids)),
               Certificate.status == CertificateStatus.ACCEPTED,
               Certificate.expiry_date.is_not(None))
        .group_by(Certificate.vendor_id))
    return {vendor_id: nearest or last for vendor_id, nearest, last in rows}


@dataclass(frozen=True)
class ExpiryNotice:
    key: str  # "90", "60", "30" or "expired": part of the de-duplication key
    subject: str
    lead: str


def expiry_notice(expiry: date, today: date,
                  thresholds: tuple[int, ...] = THRESHOLDS) -> ExpiryNotice | None:
    """Return the notice due today for a certificate expiring on `expiry`, or None. Pure."""
    days = (expiry - today).days
    if days <= 0:
        when = "expires today" if days == 0 else f"expired on {expiry:%d %B %Y}"
        return ExpiryNotice(EXPIRED, "Certificate expired: please upload the renewed one",
                            f"{when}")
    for threshold in sorted(thresholds):
        if days <= threshold:
            return ExpiryNotice(str(threshold), f"Certificate expires in {days} days",
                                f"expires in {days} days, on {expiry:%d %B %Y}")
    return None


@dataclass(frozen=True)
class ExpiryRun:
    sent: int
    certificates: int
    renewals_requested: int


def _renewed(certificate: Certificate, others: list[Certificate]) -> bool:
    number = standard_number(certificate.standard) if certificate.standard else None
    return any(
        o.id != certificate.id and o.standard and standard_number(o.standard) == number
        and o.expiry_date and certificate.expiry_date and o.expiry_date > certificate.expiry_date
        for o in others)


def _recipients(vendor: Vendor) -> list[User]:
    people = [u for u in vendor.contacts if u.is_active]
    if vendor.owner is not None and vendor.owner.is_active:
        people.append(vendor.owner)
    return list({u.id: u for u in people}.values())


def notify_expiring(today: date, settings: Settings) -> ExpiryRun:
    """Queue expiry e-mails at 90/60/30 days and at expiry, each once; safe to run from cron."""
    smtp = settings.smtp
    base = base_url(settings)
    horizon = today + timedelta(days=max(THRESHOLDS))
    certificates = list(db.session.scalars(
        sa.select(Certificate).join(Certificate.document)
        .options(selectinload(Certificate.vendor).selectinload(Vendor.contacts),
                 selectinload(Certificate.vendor).selectinload(Vendor.owner))
        .where(Certificate.status.in_(LIVE), Certificate.expiry_date.is_not(None),
               Certificate.expiry_date <= horizon, Document.is_removed.is_(False))
        .order_by(Certificate.expiry_date, Certificate.id)))
    by_vendor: dict[int, list[Certificate]] = {}
    for certificate in db.session.scalars(sa.select(Certificate).where(
            Certificate.vendor_id.in_({c.vendor_id for c in certificates}),
            Certificate.status.in_(LIVE))):
        by_vendor.setdefault(certificate.vendor_id, []).append(certificate)
    sent = touched = renewals = 0
    for certificate in certificates:
        notice = expiry_notice(certificate.expiry_date, today)
        if notice is None or _renewed(certificate, by_vendor.get(certificate.vendor_id, [])):
            continue
        count = sum(_send(smtp, base, certificate, notice, user)
                    for user in _recipients(certificate.vendor))
        if notice.key == EXPIRED and certificate.renewal_requested_at is None:
            certificate.renewal_requested_at = utcnow()
            renewals += 1
            record(None, "certificate.renewal_requested",
                   f"Requested a renewed certificate for certificate {certificate.id}",
                   obj=certificate, vendor_id=certificate.vendor_id, actor_label="system",
                   details={"expiry_date": certificate.expiry_date.isoformat()})
            if certificate.status is CertificateStatus.ACCEPTED:
                signals.certificates_changed.send(
                    certificate.vendor_id, actor=None,
                    reason=f"Certificate {certificate.certificate_number or certificate.id} "
                           f"expired on {certificate.expiry_date.isoformat()}")
        if count:
            touched += 1
            sent += count
            record(None, "certificate.expiry_notified",
                   f"Sent {count} expiry notice(s) ({notice.key}) for certificate "
                   f"{certificate.id}", obj=certificate, vendor_id=certificate.vendor_id,
                   actor_label="system", details={"threshold": notice.key, "count": count})
    db.session.flush()
    return ExpiryRun(sent=sent, certificates=touched, renewals_requested=renewals)


def _send(smtp: SmtpSettings, base: str, certificate: Certificate, notice: ExpiryNotice,
          user: User) -> bool:
    what = (f"{certificate.standard or 'certificate'} certificate"
            + (f" no. {certificate.certificate_number}" if certificate.certificate_number else ""))
    if user.is_staff:
        link = f"{base}/certificates/{certificate.id}"
        ask = "The vendor has been asked to upload the renewed certificate." if (
            notice.key == EXPIRED) else "The vendor has been reminded."
    else:
        link = f"{base}/certificates/mine"
        ask = ("Please upload the renewed certificate in the portal's document library (kind: "
               "certificate) so that we can keep relying on it." if notice.key == EXPIRED else
               "When it has been renewed, please upload the new certificate in the portal's "
               "document library (kind: certificate).")
    message = queue_email(
        smtp, to=user.email,
        subject=f"{notice.subject}: {certificate.vendor.legal_name}",
        body=(f"Hello {user.name},\n\nThe {what} of {certificate.vendor.legal_name} "
              f"{notice.lead}.\n\n{ask}\n\nSee the certificate: {link}\n"),
        kind="certificate_expiry",
        dedupe_key=f"certificate-expiry:{certificate.id}:{notice.key}:{user.id}",
        vendor_id=certificate.vendor_id)
    return message is not None
