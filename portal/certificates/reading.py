"""Register uploaded certificate files, read them in the sandbox and check what they say.

A file that holds several certificates becomes several `Certificate` records of the same
document (`part` 1, 2, ...), each with its own pages, values, checks and review.
"""
from __future__ import annotations

import dataclasses
import json
import logging
from datetime import date
from typing import Any

import sqlalchemy as sa

from portal.assessments.models import Assessment
from portal.audit.services import record
from portal.auth.models import User
from portal.certificates import pages, signals
from portal.certificates.checking import verify_stored
from portal.certificates.fieldvalues import (
    as_checked,
    certificate_kinds,
    expected_standard,
    stored_values,
)
from portal.certificates.models import Certificate, CertificateStatus
from portal.certificates.results import CertificateExtraction, Limits
from portal.certificates.sandbox import extract_pdf_sandboxed
from portal.certificates.verification import FAIL, Check
from portal.documents.models import Document
from portal.documents.services import document_path
from portal.extensions import db, utcnow
from portal.jobs.queue import enqueue_after_commit
from portal.questionnaires.templates import load_pinned
from portal.settings import ReadingSettings, Settings

log = logging.getLogger(__name__)

PDF = "application/pdf"
_BY_EXTRACTION = {"ok": CertificateStatus.NEEDS_REVIEW,
                  "needs_review": CertificateStatus.NEEDS_REVIEW,
                  "not_a_certificate": CertificateStatus.NOT_A_CERTIFICATE,
                  "needs_ocr": CertificateStatus.NEEDS_OCR}
_ADVICE = {
    "not_a_certificate": " Upload the certificate itself, as issued by the certification body.",
    "encrypted": "",
    "malformed": " Upload the certificate again, as the PDF the certification body issued.",
    "too_large": " Upload the certificate alone (a few pages), not a combined document.",
    "timeout": " Upload a simpler copy, or ask the assessing organisation to read it again.",
}
# Statuses a certificate is read again in: nothing was decided or typed for it yet.
REREADABLE = (CertificateStatus.PROCESSING, CertificateStatus.UNREADABLE,
              CertificateStatus.NEEDS_OCR)


def limits_from(reading: ReadingSettings) -> Limits:
    """Return the reader's limits, with the wall clock and OCR switch from the settings."""
    defaults = Limits()
    return Limits(wall_seconds=reading.wall_seconds or defaults.wall_seconds, ocr=reading.ocr)


def register_evidence(document: Document, *, evidence_kinds: tuple[str, ...] | list[str],
                      actor: User, settings: Settings) -> Certificate | None:
    """Register a file answer's PDF as a certificate when its question asks for one."""
    if not certificate_kinds(evidence_kinds) or document.content_type != PDF:
        return None
    return register_certificate(document, actor=actor, settings=settings)


def register_certificate(document: Document, *, actor: User, settings: Settings,
                         today: date | None = None) -> Certificate:
    """Record a stored document as a certificate and have it read and checked.

    The reading runs as a background job once the caller commits (at once when a test passes
    `today`). Never raises for a bad file: every problem becomes a status with a message.
    Returns the file's first certificate; the reading adds one record per further certificate.
    """
    existing = db.session.scalar(sa.select(Certificate).where(
        Certificate.document_id == document.id).order_by(Certificate.part).limit(1))
    if existing is not None:
        return existing
    certificate = _new_record(document, part=1, actor_id=actor.id)
    if today is not None:
        read_certificate(certificate, actor=actor, settings=settings, today=today)
    else:
        enqueue_after_commit("certificates.read", {"certificate_id": certificate.id},
                             title=f"Read certificate {document.original_name}", actor=actor,
                             key=f"certificate-read:{certificate.id}",
                             fair_key=f"vendor:{document.vendor_id}")
    return certificate


def _new_record(document: Document, *, part: int, actor_id: int | None,
                expected: str | None = None, first: bool = True) -> Certificate:
    certificate = Certificate(
        document=document, part=part, pages=[], vendor_id=document.vendor_id,
        assessment_id=document.assessment_id, question_id=document.question_id,
        expected_standard=_asked_standard(document) if first else expected,
        status=CertificateStatus.PROCESSING, status_message="Waiting to be read.",
        created_by_id=actor_id, standards=[], sites=[], checks=[])
    db.session.add(certificate)
    db.session.flush()
    return certificate


def read_certificate(certificate: Certificate, *, actor: User | None, settings: Settings,
                     today: date | None = None) -> list[Certificate]:
    """Read the certificate's PDF in the sandbox, check what it says and audit the outcome.

    Returns the records read: this one, and one per further certificate found in the file.
    """
    document = certificate.document
    records = read_file(certificate, settings, today=today)
    _prerender_pages(certificate, settings)
    for item in records:
        shown = f" (certificate {item.part} of {len(records)})" if len(records) > 1 else ""
        record(actor, "certificate.registered",
               f"Registered certificate {document.original_name}{shown}: {item.status.label}",
               obj=item, vendor_id=item.vendor_id, assessment_id=item.assessment_id,
               details={"document_id": document.id, "status": item.status.value,
                        "part": item.part, "pages": item.pages,
                        "extraction_status": item.extraction_status,
                        "standard": item.standard, "number": item.certificate_number})
    return records


def _prerender_pages(certificate: Certificate, settings: Settings) -> None:
    # Issue 13: draw the page images now, in the reading job, so a page request only sends a
    # stored PNG (portal/certificates/pages.py).
    document = certificate.document
    extraction = certificate.extraction or {}
    count = extraction.get("page_count", extraction.get("pages")) or 0
    if document.content_type != PDF or not count:
        return
    try:
        pages.prerender(document_path(settings, document), int(count),
                        limits=limits_from(settings.reading), policy=settings.pages)
    except Exception:  # page images are a convenience: the reading itself stands
        log.exception("Drawing the pages of certificate document %s failed", document.id)


def _asked_standard(document: Document) -> str | None:
    if document.assessment_id is None or not document.question_id:
        return None
    assessment = db.session.get(Assessment, document.assessment_id)
    question = load_pinned(assessment.template_version).question(document.question_id)
    return expected_standard(question.evidence) if question else None


def read_file(certificate: Certificate, settings: Settings, *,
              today: date | None = None) -> list[Certificate]:
    """Read the certificate's file; store each certificate in it on its own record, checked.

    Each fresh reading is verified as read and its checks stored with its values. Returns the
    records whose values were stored (the given one first). A further certificate's record is
    created when missing and left alone once a person has corrected or decided it.
    """
    records = _read_records(certificate, settings)
    for item, reading in records:
        run_checks(item, today=today, reading=reading)
    return [item for item, _reading in records]


def _read_records(certificate: Certificate, settings: Settings
                  ) -> list[tuple[Certificate, CertificateExtraction | None]]:
    document = certificate.document
    if document.content_type != PDF:
        _set_failure(certificate, "not_pdf", "Only PDF certificates can be read: upload the "
                     "certificate as the PDF the certification body issued, not a picture of it.")
        return [(certificate, None)]
    try:
        result = extract_pdf_sandboxed(document_path(settings, document),
                                       limits=limits_from(settings.reading))
    except Exception:  # the request must survive whatever the reader does
        log.exception("Reading certificate document %s failed", document.id)
        _set_failure(certificate, "error", "The certificate reader failed unexpectedly. Ask the "
                     "assessing organisation to read it again, or upload it again later.")
        return [(certificate, None)]
    stored: list[tuple[Certificate, CertificateExtraction | None]] = []
    for part, reading in enumerate(result.certificates(), start=1):
        target = certificate if part == certificate.part else _record_of(certificate, part)
        if target is not certificate and (target.corrections or target.status not in REREADABLE):
            continue
        _store(target, reading, document.original_name)
        stored.append((target, as_checked(reading)))
    if all(item is not certificate for item, _ in stored):  # the file now reads as fewer
        _set_failure(certificate, "no_such_part", "The file no longer reads as holding this "
                     "certificate: see the file's other certificates.")
        stored.insert(0, (certificate, None))
    return sorted(stored, key=lambda pair: pair[0] is not certificate)


def _record_of(certificate: Certificate, part: int) -> Certificate:
    found = db.session.scalar(sa.select(Certificate).where(
        Certificate.document_id == certificate.document_id, Certificate.part == part))
    return found or _new_record(certificate.document, part=part,
                                actor_id=certificate.created_by_id,
                                expected=certificate.expected_standard, first=False)


def _store(certificate: Certificate, result: CertificateExtraction, name: str) -> None:
    # The JSON is the record of the original reading (shown next to corrections, sent by the
    # API); the values and checks come from the typed reading, not from the JSON.
    certificate.extraction = _jsonable(result.to_json_dict(name, details=True))
    certificate.extraction_status, certificate.extraction_reason = result.status, result.reason
    certificate.status = _BY_EXTRACTION.get(result.status, CertificateStatus.UNREADABLE)
    certificate.status_message = _message(result)
    certificate.pages = list(result.certificate_pages)
    for field, value in stored_values(result).items():
        setattr(certificate, field, value)


def _set_failure(certificate: Certificate, reason: str, message: str) -> None:
    certificate.status = CertificateStatus.UNREADABLE
    certificate.extraction_status, certificate.extraction_reason = "error", reason
    certificate.status_message = message


def _message(result: CertificateExtraction) -> str:
    if result.is_certificate:
        note = ""
        if result.pictures_only_ocr:
            note = " Some values were read from pictures on the page (OCR): check them."
        elif result.used_ocr:
            note = " It was read from a scan (OCR): check the values."
        if result.status == "needs_review":
            return result.message + note
        return "Read. Waiting for review by the assessing organisation." + note
    if result.status == "encrypted" and "Upload" not in result.message:
        return result.message + " Upload an unprotected copy."
    return result.message + _ADVICE.get(result.status, "")


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


def run_checks(certificate: Certificate, *, today: date | None = None,
               reading: CertificateExtraction | None = None) -> None:
    """Run the verification checks and store them, with a re-score request.

    reading is a fresh reading of the certificate (as `as_checked` returns it): it is checked
    as it is. Without it the current, possibly corrected, stored values are checked.
    """
    certificate.checks = current_checks(certificate, today=today, reading=reading)
    certificate.checked_at = utcnow()
    # What the checks say decides whether the certificate lifts scores (docs/scoring.md).
    signals.certificates_changed.send(
        certificate.vendor_id, actor=None,
        reason=f"Certificate {certificate.certificate_number or certificate.id} checked")


def current_checks(certificate: Certificate, *, today: date | None = None,
                   reading: CertificateExtraction | None = None) -> list[dict[str, Any]]:
    """Return the certificate's checks as they are stored (JSON); note an earlier upload of
    the same file as `duplicate_of`."""
    today = today or date.today()
    earlier = db.session.scalar(
        sa.select(Certificate).join(Certificate.document)
        .where(Certificate.vendor_id == certificate.vendor_id, Certificate.id < certificate.id,
               Certificate.document_id != certificate.document_id,
               Certificate.part == certificate.part,
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
        checks = verify_stored(certificate, today, reading=reading, known_hashes=(
            {certificate.document.sha256} if earlier else None))
    stored = [dataclasses.asdict(c) for c in checks]
    for check in stored:
        if check["code"] == "duplicate" and earlier:
            check["detail"]["certificate_id"] = earlier.id
    return _jsonable(stored)


def recheck_vendor_certificates(vendor_id: int, *, reason: str,
                                today: date | None = None) -> int:
    """Check the vendor's read certificates again after what they are compared to changed.

    The new checks are stored; a re-score is asked for only when a check's verdict changed.
    Returns how many certificates' verdicts changed.
    """
    read = [status for status in CertificateStatus if status.is_readable]
    changed = 0
    for certificate in db.session.scalars(sa.select(Certificate).where(
            Certificate.vendor_id == vendor_id, Certificate.status.in_(read))
            .order_by(Certificate.id)):
        checks = current_checks(certificate, today=today)
        if _verdicts(checks) != _verdicts(certificate.checks):
            changed += 1
        certificate.checks, certificate.checked_at = checks, utcnow()
    if changed:
        signals.certificates_changed.send(vendor_id, reason=reason, actor=None)
    return changed


def _verdicts(checks: list[dict[str, Any]] | None) -> list[tuple[Any, Any]]:
    return [(check.get("code"), check.get("status")) for check in checks or []]
