"""Gather what the scoring engine needs from the database: evidence levels and certificates.

How an answer's evidence level is found depends on the method version (docs/scoring.md,
section 2): v1 looks at attached documents and the answer's review, v2 at the evidence links
and each link's review (portal.scoring.evidence).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from portal.assessments.models import Answer, Assessment, ReviewStatus
from portal.certificates.acceptance import live_certificates, unusable_certificate_documents
from portal.certificates.fieldvalues import standard_number
from portal.certificates.models import Certificate, CertificateStatus
from portal.documents.models import Document, EvidenceLink, LinkReview
from portal.extensions import db
from portal.questionnaires.bank import Template, is_visible
from portal.scoring.evidence import LinkInput, derive_levels
from portal.scoring.method import Method
from portal.scoring.results import CertificateInput, CheckInput

# A link that only exists as a document uploaded for the answer sorts after real links.
_SYNTHETIC_OFFSET = 10**12


@dataclass(frozen=True)
class EvidenceInputs:
    levels: dict[str, str]  # question id -> level, answered questions only
    notes: dict[str, str] = field(default_factory=dict)
    documents: int = 0  # distinct files linked
    reviewed: int = 0  # links a reviewer marked relevant
    linked_questions: dict[str, int] = field(default_factory=dict)  # sha256 -> questions


def _in_date(certificate: Certificate, as_of: date) -> bool:
    if certificate.expiry_date is None or certificate.expiry_date < as_of:
        return False
    return (certificate.issue_date or as_of) <= as_of


def vendor_certificates(vendor_id: int, as_of: date) -> list[CertificateInput]:
    """Return the vendor's accepted and to-be-reviewed certificates with their stored checks.

    One entry per standard a certificate names; the scoring method decides which lift answers.
    """
    out: list[CertificateInput] = []
    seen: set[tuple[str, int]] = set()
    for certificate in live_certificates(vendor_id):
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


def _has_value(answer: Answer | None) -> bool:
    return answer is not None and answer.value not in (None, "", [])


def answer_review_levels(template: Template, answers: Mapping[str, Answer],
                         documented: set[str]) -> dict[str, str]:
    """Return v1 evidence levels: documents attached to the answer, and the answer's review.

    A file question with a document, or a question asking for evidence whose answer has a
    document attached, is "document"; "verified_document" once a reviewer accepted the answer.
    """
    levels: dict[str, str] = {}
    for question in template.questions():
        answer = answers.get(question.id)
        if not _has_value(answer):
            continue
        has_document = ((question.type == "file" and bool(answer.value))
                        or (bool(question.evidence) and question.id in documented))
        if not has_document:
            levels[question.id] = "self_attested"
        elif answer.review_status is ReviewStatus.ACCEPTED:
            levels[question.id] = "verified_document"
        else:
            levels[question.id] = "document"
    return levels


def _documented_questions(assessment_id: int) -> set[str]:
    return set(db.session.scalars(sa.select(Document.question_id).where(
        Document.assessment_id == assessment_id, Document.question_id.is_not(None),
        Document.is_removed.is_(False))))


def unusable_documents(vendor_id: int, as_of: date) -> set[int]:
    """Return ids of certificate documents that must not count as evidence (rejected, expired)."""
    return unusable_certificate_documents(vendor_id, as_of)


def assessment_links(assessment: Assessment, as_of: date) -> list[LinkInput]:
    """Return every document linked to the assessment's answers, as the engine's inputs.

    Documents uploaded for an answer (file questions) count as unreviewed links even when no
    link row was made for them yet.
    """
    rows = list(db.session.scalars(
        sa.select(EvidenceLink).options(selectinload(EvidenceLink.document))
        .where(EvidenceLink.assessment_id == assessment.id).order_by(EvidenceLink.id)))
    seen = {(r.document_id, r.question_id) for r in rows}
    unusable = unusable_documents(assessment.vendor_id, as_of)
    links = [LinkInput(r.id, r.question_id, r.document.sha256, r.document.original_name,
                       r.review.value, not r.document.is_removed and r.document_id not in unusable)
             for r in rows]
    uploaded = db.session.scalars(sa.select(Document).where(
        Document.assessment_id == assessment.id, Document.question_id.is_not(None))
        .order_by(Document.id))
    for document in uploaded:
        if (document.id, document.question_id) not in seen:
            links.append(LinkInput(_SYNTHETIC_OFFSET + document.id, document.question_id,
                                   document.sha256, document.original_name,
                                   LinkReview.PENDING.value,
                                   not document.is_removed and document.id not in unusable))
    return links


def evidence_inputs(assessment: Assessment, template: Template, method: Method,
                    as_of: date) -> EvidenceInputs:
    """Return each answered question's evidence level under the method, and why."""
    answers = {a.question_id: a for a in assessment.answers}
    if method.evidence_source == "answer_review":
        levels = answer_review_levels(template, answers, _documented_questions(assessment.id))
        return EvidenceInputs(levels, documents=sum(1 for v in levels.values()
                                                     if v != "self_attested"))
    values = {qid: a.value for qid, a in answers.items()}
    answered = [q.id for q in template.questions()
                if _has_value(answers.get(q.id)) and is_visible(q, values)]
    links = assessment_links(assessment, as_of)
    derived = derive_levels(answered, links, method)
    return EvidenceInputs(
        dict(derived.levels), dict(derived.notes),
        documents=len({link.file_key for link in links if link.usable}),
        reviewed=sum(1 for link in links if link.review == LinkReview.RELEVANT.value),
        linked_questions=dict(derived.linked_questions))
