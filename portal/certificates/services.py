"""Review certificates (correct, accept, reject, re-check) and serve them to other features.

Registering and reading uploads lives in `reading`; its entry points are re-exported here.
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from portal.audit.services import record
from portal.auth.models import User
from portal.certificates import pages, signals
from portal.certificates.acceptance import (  # noqa: F401  (scoring reads these from here)
    apply_override,
    failed_checks,
    override_refusal,
    unusable_certificate_documents,
)
from portal.certificates.claims import sync_vendor_contradictions
from portal.certificates.fieldvalues import (
    FIELD_BY_NAME,
    format_value,
    parse_value,
    standard_number,
)
from portal.certificates.models import Certificate, CertificateCorrection, CertificateStatus
from portal.certificates.reading import (
    PDF,
    REREADABLE,
    limits_from,
    read_certificate,
    read_file,
    register_certificate,
    register_evidence,
    run_checks,
)
from portal.certificates.rendering import PageUnavailable
from portal.documents.models import Document
from portal.documents.services import document_path
from portal.domain import DomainError
from portal.extensions import db, utcnow
from portal.settings import Settings

__all__ = [
    "CertificateError", "InvalidCorrection", "OverrideRequired", "accept_certificate",
    "correct_certificate",
    "file_certificates", "list_certificates", "page_image", "read_certificate",
    "recheck_certificate", "register_certificate", "register_evidence", "reject_certificate",
    "run_checks", "vendor_certificates",
]
# Statuses whose values count as the vendor's certificates (contradictions, expiry mail).
LIVE = (CertificateStatus.NEEDS_REVIEW, CertificateStatus.ACCEPTED)
CORRECTABLE = (CertificateStatus.NEEDS_REVIEW, CertificateStatus.ACCEPTED,
               CertificateStatus.REJECTED, CertificateStatus.NEEDS_OCR,
               CertificateStatus.NOT_A_CERTIFICATE)
FILTERS = {"30": "Expires in 30 days", "60": "Expires in 60 days", "90": "Expires in 90 days",
           "expired": "Expired", "needs_review": "Needs review",
           "problems": "Unreadable, scans and look-alikes"}


class CertificateError(DomainError):
    """A certificate action was refused; .message is shown to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidCorrection(CertificateError):
    """A corrected value is not valid."""


class OverrideRequired(CertificateError):
    """Checks failed: accepting needs a written reason (the message lists the checks)."""


# ---- review -----------------------------------------------------------------------------------

def correct_certificate(certificate: Certificate, changes: Mapping[str, str | None], *,
                        actor: User, today: date | None = None) -> list[CertificateCorrection]:
    """Change field values, keeping the original extraction and who changed what.

    Raises: CertificateError (not correctable), InvalidCorrection (a bad value).
    """
    if certificate.status not in CORRECTABLE:
        raise CertificateError("This certificate cannot be corrected: the file could not be "
                               "read. Ask the vendor to upload it again.")
    made: list[CertificateCorrection] = []
    for name, text in changes.items():
        if name not in FIELD_BY_NAME:
            continue
        try:
            new = parse_value(name, text)
        except ValueError as exc:
            raise InvalidCorrection(str(exc)) from None
        old = getattr(certificate, name)
        if format_value(name, new) == format_value(name, old):
            continue
        made.append(CertificateCorrection(field=name, old_value=format_value(name, old),
                                          new_value=format_value(name, new),
                                          corrected_by_id=actor.id))
        setattr(certificate, name, new)
    if not made:
        return []
    certificate.corrections.extend(made)
    if certificate.status in (CertificateStatus.NEEDS_OCR, CertificateStatus.NOT_A_CERTIFICATE):
        certificate.status = CertificateStatus.NEEDS_REVIEW
        certificate.status_message = "Values entered by a reviewer from the page image."
    db.session.flush()
    run_checks(certificate, today=today)
    record(actor, "certificate.corrected",
           f"Corrected {', '.join(c.field for c in made)} of certificate {certificate.id}",
           obj=certificate, vendor_id=certificate.vendor_id,
           assessment_id=certificate.assessment_id,
           details={c.field: {"old": c.old_value, "new": c.new_value} for c in made})
    if certificate.status is CertificateStatus.ACCEPTED:
        sync_vendor_contradictions(certificate.vendor_id, actor=actor, today=today)
    return made


def accept_certificate(certificate: Certificate, *, actor: User, comment: str | None = None,
                       today: date | None = None, override_reason: str | None = None) -> None:
    """Accept a read certificate; older accepted copies of it become superseded.

    The checks are run again and stored; accepting over a failed check needs override_reason,
    which is stored, audited and shown on the scorecard. The vendor's score is updated by a job.

    Raises: CertificateError when the certificate was not read; OverrideRequired (a
    CertificateError) when a check failed and no override reason was given.
    """
    if certificate.status not in (CertificateStatus.NEEDS_REVIEW, CertificateStatus.REJECTED):
        raise CertificateError(f"A certificate that is {certificate.status.label.lower()} "
                               "cannot be accepted.")
    run_checks(certificate, today=today)
    overridden = apply_override(certificate, override_reason)
    if overridden is None:
        raise OverrideRequired(override_refusal(failed_checks(certificate)))
    _decide(certificate, CertificateStatus.ACCEPTED, actor, comment)
    if overridden:
        record(actor, "certificate.override",
               f"Accepted certificate {certificate.id} over failed checks: "
               f"{', '.join(overridden)}", obj=certificate, vendor_id=certificate.vendor_id,
               assessment_id=certificate.assessment_id,
               details={"checks": overridden, "reason": certificate.override_reason})
    superseded = []
    for other in _accepted_of_vendor(certificate.vendor_id):
        if other.id != certificate.id and _replaces(certificate, other):
            other.status = CertificateStatus.SUPERSEDED
            other.status_message = f"Replaced by certificate {certificate.id}."
            superseded.append(other.id)
    record(actor, "certificate.accepted", f"Accepted certificate {certificate.id}",
           obj=certificate, vendor_id=certificate.vendor_id,
           assessment_id=certificate.assessment_id,
           details={"comment": certificate.decision_comment, "superseded": superseded,
                    "overridden": overridden})
    sync_vendor_contradictions(certificate.vendor_id, actor=actor, today=today)
    signals.certificates_changed.send(
        certificate.vendor_id, actor=actor, reason=f"Certificate {_name(certificate)} accepted"
        + (" over a failed check" if overridden else ""))


def reject_certificate(certificate: Certificate, *, actor: User, comment: str,
                       today: date | None = None) -> None:
    """Reject a certificate with the reason. Raises: CertificateError without a reason."""
    if not (comment or "").strip():
        raise CertificateError("Say why the certificate is rejected: the vendor sees it.")
    if certificate.status is CertificateStatus.PROCESSING:
        raise CertificateError("The certificate is still being read.")
    _decide(certificate, CertificateStatus.REJECTED, actor, comment)
    record(actor, "certificate.rejected", f"Rejected certificate {certificate.id}",
           obj=certificate, vendor_id=certificate.vendor_id,
           assessment_id=certificate.assessment_id, details={"comment": comment.strip()})
    certificate.override_reason, certificate.overridden_checks = None, []
    sync_vendor_contradictions(certificate.vendor_id, actor=actor, today=today)
    signals.certificates_changed.send(
        certificate.vendor_id, actor=actor, reason=f"Certificate {_name(certificate)} rejected")


def _name(certificate: Certificate) -> str:
    return certificate.certificate_number or str(certificate.id)


def _decide(certificate: Certificate, status: CertificateStatus, actor: User,
            comment: str | None) -> None:
    certificate.status = status
    certificate.status_message = (f"{status.label} by {actor.name}."
                                  + (f" {comment.strip()}" if comment and comment.strip() else ""))
    certificate.reviewed_by_id, certificate.reviewed_at = actor.id, utcnow()
    certificate.decision_comment = (comment or "").strip() or None
    db.session.flush()


def _accepted_of_vendor(vendor_id: int) -> list[Certificate]:
    return list(db.session.scalars(sa.select(Certificate).where(
        Certificate.vendor_id == vendor_id, Certificate.status == CertificateStatus.ACCEPTED)))


def _replaces(new: Certificate, old: Certificate) -> bool:
    """Tell whether a newly accepted certificate replaces an older one (same number or renewal)."""
    if not new.standard or not old.standard:
        return False
    if standard_number(new.standard) != standard_number(old.standard):
        return False
    if new.certificate_number and old.certificate_number and (
            new.certificate_number.casefold() == old.certificate_number.casefold()):
        return (new.expiry_date or date.max) >= (old.expiry_date or date.min)
    return bool(new.expiry_date and old.expiry_date and new.expiry_date > old.expiry_date
                and (new.organization or "").casefold() == (old.organization or "").casefold())


def recheck_certificate(certificate: Certificate, *, actor: User, settings: Settings,
                        today: date | None = None) -> None:
    """Read the file again when reading failed (and nothing was corrected), then re-check."""
    again = certificate.status in REREADABLE and not certificate.corrections
    if again:
        read_file(certificate, settings, today=today)
    else:
        run_checks(certificate, today=today)
    record(actor, "certificate.rechecked", f"Checked certificate {certificate.id} again",
           obj=certificate, vendor_id=certificate.vendor_id,
           assessment_id=certificate.assessment_id,
           details={"read_again": again, "status": certificate.status.value})
    if certificate.status is CertificateStatus.ACCEPTED:
        sync_vendor_contradictions(certificate.vendor_id, actor=actor, today=today)


# ---- reading for pages and other features ------------------------------------------------------

def page_image(certificate: Certificate, page: int, settings: Settings) -> Path:
    """Return the PNG of a page of the certificate's PDF. Raises: PageUnavailable."""
    limits = limits_from(settings.reading)
    if certificate.document.content_type != PDF:
        raise PageUnavailable("The file is not a PDF.")
    if not 1 <= page <= limits.max_pages:
        raise PageUnavailable("There is no such page.")
    return pages.page_png(document_path(settings, certificate.document), page, limits=limits,
                          policy=settings.pages)



def list_certificates(*, show: str | None, vendor_id: int | None, today: date,
                      page: int = 1, per_page: int = 50):
    """Return one page of certificates for the staff list, filtered and eager-loaded."""
    query = sa.select(Certificate).join(Certificate.vendor).options(
        selectinload(Certificate.vendor), selectinload(Certificate.document))
    if vendor_id is not None:
        query = query.where(Certificate.vendor_id == vendor_id)
    # newest file first, a file's certificates in the order they are printed
    order = [Certificate.document_id.desc(), Certificate.part, Certificate.id.desc()]
    if show in ("30", "60", "90"):
        query = query.where(Certificate.status.in_(LIVE), Certificate.expiry_date >= today,
                            Certificate.expiry_date <= today + timedelta(days=int(show)))
        order = [Certificate.expiry_date, Certificate.id]
    elif show == "expired":
        query = query.where(Certificate.status.in_(LIVE), Certificate.expiry_date < today)
        order = [Certificate.expiry_date.desc(), Certificate.id]
    elif show == "needs_review":
        query = query.where(Certificate.status == CertificateStatus.NEEDS_REVIEW)
    elif show == "problems":
        query = query.where(Certificate.status.in_(
            [CertificateStatus.UNREADABLE, CertificateStatus.NEEDS_OCR,
             CertificateStatus.NOT_A_CERTIFICATE, CertificateStatus.PROCESSING]))
    return db.paginate(query.order_by(*order), page=page, per_page=per_page, error_out=False)


def file_certificates(document_id: int) -> list[Certificate]:
    """List the certificates read from one uploaded file, in the order they are printed."""
    return list(db.session.scalars(sa.select(Certificate).where(
        Certificate.document_id == document_id).order_by(Certificate.part)))


def vendor_certificates(vendor_id: int, *, include_removed: bool = False) -> list[Certificate]:
    """List a vendor's certificates, newest file first, each file's in the order printed."""
    query = (sa.select(Certificate).join(Certificate.document)
             .options(selectinload(Certificate.document))
             .where(Certificate.vendor_id == vendor_id)
             .order_by(Certificate.document_id.desc(), Certificate.part, Certificate.id.desc()))
    if not include_removed:
        query = query.where(Document.is_removed.is_(False))
    return list(db.session.scalars(query))
