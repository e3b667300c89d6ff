"""Register uploaded certificates, check them, review them, and serve them to other features."""
from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from portal.audit.services import record
from portal.auth.models import User
from portal.certificates.checking import verify_stored
from portal.certificates.claims import sync_vendor_contradictions
from portal.certificates.fieldvalues import (
    FIELD_BY_NAME,
    certificate_kinds,
    expected_standard,
    format_value,
    parse_value,
    standard_number,
    values_from_extraction,
)
from portal.certificates.models import Certificate, CertificateCorrection, CertificateStatus
from portal.certificates.rendering import PageUnavailable, cached_page_png
from portal.certificates.results import CertificateExtraction, Limits
from portal.certificates.sandbox import extract_pdf_sandboxed
from portal.certificates.verification import FAIL, Check
from portal.documents.models import Document
from portal.documents.services import document_path
from portal.extensions import db, utcnow

log = logging.getLogger(__name__)

PDF = "application/pdf"
# Statuses whose values count as the vendor's certificates (contradictions, expiry mail).
LIVE = (CertificateStatus.NEEDS_REVIEW, CertificateStatus.ACCEPTED)
CORRECTABLE = (CertificateStatus.NEEDS_REVIEW, CertificateStatus.ACCEPTED,
               CertificateStatus.REJECTED, CertificateStatus.NEEDS_OCR,
               CertificateStatus.NOT_A_CERTIFICATE)
_BY_EXTRACTION = {"ok": CertificateStatus.NEEDS_REVIEW,
                  "not_a_certificate": CertificateStatus.NOT_A_CERTIFICATE,
                  "needs_ocr": CertificateStatus.NEEDS_OCR}
_ADVICE = {
    "not_a_certificate": " Upload the certificate itself, as issued by the certification body.",
    "encrypted": "",
    "malformed": " Upload the certificate again, as the PDF the certification body issued.",
    "too_large": " Upload the certificate alone (a few pages), not a combined document.",
    "timeout": " Upload a simpler copy, or ask the assessing organisation to read it again.",
}
FILTERS = {"30": "Expires in 30 days", "60": "Expires in 60 days", "90": "Expires in 90 days",
           "expired": "Expired", "needs_review": "Needs review",
           "problems": "Unreadable, scans and look-alikes"}


class CertificateError(Exception):
    """A certificate action was refused; .message is shown to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidCorrection(CertificateError):
    """A corrected value is not valid."""


def limits_from(config: Mapping[str, Any]) -> Limits:
    """Return the reader's limits, with the wall clock and OCR switch from the config."""
    defaults = Limits()
    return Limits(wall_seconds=float(config.get("CERTIFICATE_WALL_SECONDS")
                                     or defaults.wall_seconds),
                  ocr=bool(config.get("CERTIFICATE_OCR", True)))


# ---- registering ------------------------------------------------------------------------------

def register_evidence(document: Document, *, evidence_kinds: tuple[str, ...] | list[str],
                      actor: User, config: Mapping[str, Any]) -> Certificate | None:
    """Register a file answer's PDF as a certificate when its question asks for one."""
    if not certificate_kinds(evidence_kinds) or document.content_type != PDF:
        return None
    return register_certificate(document, actor=actor, config=config)


def register_certificate(document: Document, *, actor: User, config: Mapping[str, Any],
                         today: date | None = None) -> Certificate:
    """Record a stored document as a certificate and have it read and checked.

    The reading runs as a background job once the caller commits (at once when a test passes
    `today`). Never raises for a bad file: every problem becomes a status with a message.
    """
    existing = db.session.scalar(sa.select(Certificate).where(
        Certificate.document_id == document.id))
    if existing is not None:
        return existing
    certificate = Certificate(
        document=document, vendor_id=document.vendor_id, assessment_id=document.assessment_id,
        question_id=document.question_id, expected_standard=_asked_standard(document),
        status=CertificateStatus.PROCESSING, status_message="Waiting to be read.",
        created_by_id=actor.id, standards=[], sites=[], checks=[])
    db.session.add(certificate)
    db.session.flush()
    if today is not None:
        read_certificate(certificate, actor=actor, config=config, today=today)
    else:
        from portal.jobs.queue import enqueue_after_commit

        enqueue_after_commit("certificates.read", {"certificate_id": certificate.id},
                             title=f"Read certificate {document.original_name}", actor=actor,
                             key=f"certificate-read:{certificate.id}")
    return certificate


def read_certificate(certificate: Certificate, *, actor: User | None, config: Mapping[str, Any],
                     today: date | None = None) -> None:
    """Read the certificate's PDF in the sandbox, run the checks and audit the outcome."""
    document = certificate.document
    _read(certificate, config)
    run_checks(certificate, today=today)
    record(actor, "certificate.registered",
           f"Registered certificate {document.original_name}: {certificate.status.label}",
           obj=certificate, vendor_id=certificate.vendor_id,
           assessment_id=certificate.assessment_id,
           details={"document_id": document.id, "status": certificate.status.value,
                    "extraction_status": certificate.extraction_status,
                    "standard": certificate.standard, "number": certificate.certificate_number})


def _asked_standard(document: Document) -> str | None:
    if document.assessment_id is None or not document.question_id:
        return None
    from portal.assessments.models import Assessment
    from portal.assessments.templates import load_pinned

    assessment = db.session.get(Assessment, document.assessment_id)
    question = load_pinned(assessment.template_version).question(document.question_id)
    return expected_standard(question.evidence) if question else None


def _read(certificate: Certificate, config: Mapping[str, Any]) -> None:
    document = certificate.document
    if document.content_type != PDF:
        _set_failure(certificate, "not_pdf", "Only PDF certificates can be read: upload the "
                     "certificate as the PDF the certification body issued, not a picture of it.")
        return
    try:
        result = extract_pdf_sandboxed(document_path(config, document),
                                       limits=limits_from(config))
    except Exception:  # the request must survive whatever the reader does
        log.exception("Reading certificate document %s failed", document.id)
        _set_failure(certificate, "error", "The certificate reader failed unexpectedly. Ask the "
                     "assessing organisation to read it again, or upload it again later.")
        return
    certificate.extraction = _jsonable(result.to_json_dict(document.original_name, details=True))
    certificate.extraction_status, certificate.extraction_reason = result.status, result.reason
    certificate.status = _BY_EXTRACTION.get(result.status, CertificateStatus.UNREADABLE)
    certificate.status_message = _message(result)
    for name, value in values_from_extraction(certificate.extraction).items():
        setattr(certificate, name, value)


def _set_failure(certificate: Certificate, reason: str, message: str) -> None:
    certificate.status = CertificateStatus.UNREADABLE
    certificate.extraction_status, certificate.extraction_reason = "error", reason
    certificate.status_message = message


def _message(result: CertificateExtraction) -> str:
    if result.status == "ok":
        note = " It was read from a scan (OCR): check the values." if result.used_ocr else ""
        return "Read. Waiting for review by the assessing organisation." + note
    if result.status == "encrypted" and "Upload" not in result.message:
        return result.message + " Upload an unprotected copy."
    return result.message + _ADVICE.get(result.status, "")


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


# ---- checks -----------------------------------------------------------------------------------

def run_checks(certificate: Certificate, *, today: date | None = None) -> None:
    """Re-run the verification checks on the current values and store them."""
    today = today or date.today()
    earlier = db.session.scalar(
        sa.select(Certificate).join(Certificate.document)
        .where(Certificate.vendor_id == certificate.vendor_id, Certificate.id < certificate.id,
               Document.sha256 == certificate.document.sha256)
        .order_by(Certificate.id).limit(1))
    certificate.duplicate_of_id = earlier.id if earlier else None
    if certificate.status in (CertificateStatus.PROCESSING, CertificateStatus.UNREADABLE,
                              CertificateStatus.NEEDS_OCR, CertificateStatus.NOT_A_CERTIFICATE):
        checks = [Check("readable", FAIL, certificate.status_message,
                        {"status": certificate.extraction_status,
                         "reason": certificate.extraction_reason})]
        if earlier:
            checks.append(Check("duplicate", "warning", "The same file was uploaded before.", {}))
    else:
        checks = verify_stored(certificate, today, known_hashes=(
            {certificate.document.sha256} if earlier else None))
    stored = [dataclasses.asdict(c) for c in checks]
    for check in stored:
        if check["code"] == "duplicate" and earlier:
            check["detail"]["certificate_id"] = earlier.id
    certificate.checks = _jsonable(stored)
    certificate.checked_at = utcnow()


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
                       today: date | None = None) -> None:
    """Accept a read certificate; older accepted copies of it become superseded.

    Raises: CertificateError when the certificate was not read.
    """
    if certificate.status not in (CertificateStatus.NEEDS_REVIEW, CertificateStatus.REJECTED):
        raise CertificateError(f"A certificate that is {certificate.status.label.lower()} "
                               "cannot be accepted.")
    _decide(certificate, CertificateStatus.ACCEPTED, actor, comment)
    superseded = []
    for other in _accepted_of_vendor(certificate.vendor_id):
        if other.id != certificate.id and _replaces(certificate, other):
            other.status = CertificateStatus.SUPERSEDED
            other.status_message = f"Replaced by certificate {certificate.id}."
            superseded.append(other.id)
    record(actor, "certificate.accepted", f"Accepted certificate {certificate.id}",
           obj=certificate, vendor_id=certificate.vendor_id,
           assessment_id=certificate.assessment_id,
           details={"comment": certificate.decision_comment, "superseded": superseded})
    sync_vendor_contradictions(certificate.vendor_id, actor=actor, today=today)


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
    sync_vendor_contradictions(certificate.vendor_id, actor=actor, today=today)


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


def recheck_certificate(certificate: Certificate, *, actor: User, config: Mapping[str, Any],
                        today: date | None = None) -> None:
    """Read the file again when reading failed (and nothing was corrected), then re-check."""
    again = (certificate.status in (CertificateStatus.UNREADABLE, CertificateStatus.NEEDS_OCR,
                                    CertificateStatus.PROCESSING)
             and not certificate.corrections)
    if again:
        _read(certificate, config)
    run_checks(certificate, today=today)
    record(actor, "certificate.rechecked", f"Checked certificate {certificate.id} again",
           obj=certificate, vendor_id=certificate.vendor_id,
           assessment_id=certificate.assessment_id,
           details={"read_again": again, "status": certificate.status.value})
    if certificate.status is CertificateStatus.ACCEPTED:
        sync_vendor_contradictions(certificate.vendor_id, actor=actor, today=today)


# ---- reading for pages and other features ------------------------------------------------------

def page_image(certificate: Certificate, page: int, config: Mapping[str, Any]) -> Path:
    """Return the PNG of a page of the certificate's PDF. Raises: PageUnavailable."""
    limits = limits_from(config)
    if certificate.document.content_type != PDF:
        raise PageUnavailable("The file is not a PDF.")
    if not 1 <= page <= limits.max_pages:
        raise PageUnavailable("There is no such page.")
    return cached_page_png(document_path(config, certificate.document), page, limits=limits)


def list_certificates(*, show: str | None, vendor_id: int | None, today: date,
                      page: int = 1, per_page: int = 50):
    """Return one page of certificates for the staff list, filtered and eager-loaded."""
    query = sa.select(Certificate).join(Certificate.vendor).options(
        selectinload(Certificate.vendor), selectinload(Certificate.document))
    if vendor_id is not None:
        query = query.where(Certificate.vendor_id == vendor_id)
    order = [Certificate.created_at.desc(), Certificate.id.desc()]
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


def vendor_certificates(vendor_id: int, *, include_removed: bool = False) -> list[Certificate]:
    """List a vendor's certificates, newest first."""
    query = (sa.select(Certificate).join(Certificate.document)
             .options(selectinload(Certificate.document))
             .where(Certificate.vendor_id == vendor_id)
             .order_by(Certificate.created_at.desc(), Certificate.id.desc()))
    if not include_removed:
        query = query.where(Document.is_removed.is_(False))
    return list(db.session.scalars(query))


def scoring_certificates(vendor_id: int, as_of: date) -> list:
    """Return accepted, unexpired certificates whose scope covers the vendor's products."""
    from portal.scoring.results import CertificateInput

    out: list[CertificateInput] = []
    seen: set[str] = set()
    for certificate in _accepted_of_vendor(vendor_id):
        if certificate.document.is_removed or certificate.expiry_date is None:
            continue
        if certificate.expiry_date < as_of or (certificate.issue_date or as_of) > as_of:
            continue
        scope = next((c for c in verify_stored(certificate, as_of) if c.code == "scope"), None)
        if scope is not None and scope.status != "pass":
            continue
        for code in dict.fromkeys([certificate.standard, *certificate.standards]):
            if not code:
                continue
            standard = f"iso{standard_number(code)}"
            if standard not in seen:
                seen.add(standard)
                out.append(CertificateInput(standard=standard, reference=(
                    certificate.certificate_number or f"certificate {certificate.id}")))
    return out
