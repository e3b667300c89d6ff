"""What an accepted certificate is worth to scoring: stored checks, overrides, usable documents.

Scoring reads the checks stored when the certificate was read, corrected or accepted (it does
not verify again); a reviewer who accepts a certificate over a failed check must give a reason,
which is stored with the overridden checks and shown on the scorecard (docs/scoring.md).
"""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from portal.certificates.fieldvalues import standard_number
from portal.certificates.models import Certificate, CertificateStatus
from portal.certificates.verification import FAIL
from portal.documents.models import Document
from portal.extensions import db
from portal.scoring.results import CertificateInput, CheckInput

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


def _in_date(certificate: Certificate, as_of: date) -> bool:
    if certificate.expiry_date is None or certificate.expiry_date < as_of:
        return False
    return (certificate.issue_date or as_of) <= as_of


def _live(vendor_id: int) -> list[Certificate]:
    return list(db.session.scalars(
        sa.select(Certificate).join(Certificate.document)
        .where(Certificate.vendor_id == vendor_id, Certificate.status.in_(SCORED_STATES),
               Document.is_removed.is_(False))
        .order_by(Certificate.id)))


def scoring_certificates(vendor_id: int, as_of: date) -> list[CertificateInput]:
    """Return the vendor's accepted and to-be-reviewed certificates with their stored checks.

    One entry per standard a certificate names; the scoring method decides which lift answers.
    """
    out: list[CertificateInput] = []
    seen: set[tuple[str, int]] = set()
    for certificate in _live(vendor_id):
        checks = tuple(CheckInput(str(c.get("code")), str(c.get("status")),
                                  str(c.get("message", ""))) for c in certificate.checks or [])
        for code in dict.fromkeys([certificate.standard, *certificate.standards]):
            if not code or (code, certificate.id) in seen:
                continue
            seen.add((code, certificate.id))
            out.append(CertificateInput(
                standard=f"iso{standard_number(code)}",
                reference=certificate.certificate_number or f"certificate {certificate.id}",
                status="accepted" if certificate.status is CertificateStatus.ACCEPTED
                else "needs_review",
                in_date=_in_date(certificate, as_of), checks=checks,
                override=certificate.override_reason or "",
                organisation=certificate.organization or ""))
    return out


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
