"""What an accepted certificate is worth to scoring: stored checks, overrides, usable documents.

Scoring (portal.scoring.inputs) reads the certificates listed here with the checks stored when
each was read, corrected or accepted (it does not verify again); a reviewer who accepts a
certificate over a failed check must give a reason, which is stored with the overridden checks
and shown on the scorecard (docs/scoring.md).
"""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from portal.certificates.models import Certificate, CertificateStatus
from portal.certificates.verification import FAIL
from portal.documents.models import Document
from portal.extensions import db

# Certificates scoring looks at: accepted ones lift answers, live unaccepted ones can still
# raise residual risk (a certificate issued to another legal entity).
SCORED_STATES = (CertificateStatus.ACCEPTED, CertificateStatus.NEEDS_REVIEW)
# Checks whose failure needs an explicit override to accept the certificate.
OVERRIDABLE = ("organisation", "expiry", "standard", "scope", "dates", "accreditation_body")


def failed_checks(certificate: Certificate) -> list[dict]:
    """Return the stored checks that failed and need an override to accept."""
    return [c for c in certificate.checks or []
            if c.get("status") == FAIL and c.get("code") in OVERRIDABLE]


def override_refusal(failed: list[dict]) -> str:
    """Return the message that asks for a reason to accept over these failed checks."""
    return ("These checks failed: " + " ".join(c.get("message", c.get("code", ""))
                                                for c in failed)
            + " To accept the certificate anyway, give the reason for overriding them.")


def apply_override(certificate: Certificate, reason: str | None) -> list[str] | None:
    """Record the override of the failed checks; return their codes, or None when checks
    failed and no reason was given (nothing is recorded then)."""
    failed = failed_checks(certificate)
    text = (reason or "").strip()
    if failed and not text:
        return None
    codes = [c["code"] for c in failed]
    certificate.override_reason = text if failed else None
    certificate.overridden_checks = codes
    return codes


def live_certificates(vendor_id: int) -> list[Certificate]:
    """Return the certificates scoring looks at: accepted or to be reviewed, document kept."""
    return list(db.session.scalars(
        sa.select(Certificate).join(Certificate.document)
        .where(Certificate.vendor_id == vendor_id, Certificate.status.in_(SCORED_STATES),
               Document.is_removed.is_(False))
        .order_by(Certificate.id)))


def unusable_certificate_documents(vendor_id: int, as_of: date) -> set[int]:
    """Return documents of certificates that are rejected, superseded or out of date.

    Linked to an answer, such a document does not count as evidence either.
    """
    rows = db.session.execute(sa.select(Certificate.document_id, Certificate.status,
                                        Certificate.expiry_date)
                              .where(Certificate.vendor_id == vendor_id))
    return {doc for doc, status, expiry in rows
            if status in (CertificateStatus.REJECTED, CertificateStatus.SUPERSEDED)
            or (status is CertificateStatus.ACCEPTED and expiry is not None and expiry < as_of)}
