"""Link a vendor's documents to answers as evidence, and record reviewers' verdicts.

A file is stored once in the vendor's library (an upload of a file already there reuses it) and
may be linked to any number of answers. Every link, unlink and verdict is audited and re-scores
the vendor through a job (portal.scoring.refresh). docs/scoring.md, section 2.
"""
from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from typing import IO

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager

from portal.assessments.lifecycle import vendor_can_edit
from portal.assessments.models import Assessment
from portal.audit.services import record
from portal.auth.models import User
from portal.documents.models import Document, DocumentKind, EvidenceLink, LinkReview
from portal.documents.services import DocumentNotAllowed, store_upload
from portal.domain import DomainError
from portal.evidence import signals
from portal.extensions import db, utcnow
from portal.questionnaires.templates import load_pinned
from portal.settings import Settings


class EvidenceRefused(DomainError):
    """The link or verdict is not allowed; .message is shown to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class LinkView:
    link: EvidenceLink
    questions: int  # how many questions of this assessment the same file is linked to


def _check_question(assessment: Assessment, question_id: str) -> None:
    question = load_pinned(assessment.template_version).question(question_id)
    if question is None or not question.is_scored:
        raise EvidenceRefused("Evidence can be attached to scored questions only.")


def _check_vendor(assessment: Assessment, actor: User) -> None:
    if actor.vendor_id != assessment.vendor_id:
        raise EvidenceRefused("You can attach evidence to your own organisation's answers only.")
    if not vendor_can_edit(assessment.status):
        raise EvidenceRefused("This assessment is no longer open for changes.")


def library(vendor_id: int) -> list[Document]:
    """Return the vendor's documents that can be linked, newest first (one per file)."""
    documents = db.session.scalars(
        sa.select(Document).where(Document.vendor_id == vendor_id,
                                  Document.is_removed.is_(False))
        .order_by(Document.uploaded_at.desc(), Document.id.desc()))
    unique: dict[str, Document] = {}
    for document in documents:
        unique.setdefault(document.sha256, document)
    return list(unique.values())


def _same_file(vendor_id: int, sha256: str) -> Document | None:
    return db.session.scalar(sa.select(Document).where(
        Document.vendor_id == vendor_id, Document.sha256 == sha256,
        Document.is_removed.is_(False)).order_by(Document.id).limit(1))


def link_document(assessment: Assessment, question_id: str, document: Document, *,
                  actor: User) -> EvidenceLink:
    """Link a library document to an answer (again: nothing new). Raises: EvidenceRefused."""
    _check_vendor(assessment, actor)
    _check_question(assessment, question_id)
    if document.vendor_id != assessment.vendor_id or document.is_removed:
        raise EvidenceRefused("Choose a document from your organisation's library.")
    existing = db.session.scalar(sa.select(EvidenceLink).where(
        EvidenceLink.document_id == document.id, EvidenceLink.assessment_id == assessment.id,
        EvidenceLink.question_id == question_id))
    if existing is not None:
        return existing
    link = EvidenceLink(document_id=document.id, assessment_id=assessment.id,
                        question_id=question_id, linked_by_id=actor.id,
                        review=LinkReview.PENDING)
    db.session.add(link)
    db.session.flush()
    record(actor, "evidence.linked", f"Linked {document.original_name} to {question_id}",
           obj=link, vendor_id=assessment.vendor_id, assessment_id=assessment.id,
           details={"document_id": document.id, "question": question_id,
                    "sha256": document.sha256})
    signals.evidence_changed.send(assessment.vendor_id, actor=actor,
                                      reason=f"Evidence linked to {question_id}")
    return link


def upload_and_link(assessment: Assessment, question_id: str, stream: IO[bytes],
                    filename: str | None, *, actor: User, settings: Settings) -> EvidenceLink:
    """Store an upload (or reuse the same file already in the library) and link it.

    Raises: EvidenceRefused; UploadRejected (size, emptiness or type).
    """
    _check_vendor(assessment, actor)
    _check_question(assessment, question_id)
    data = stream.read(settings.storage.upload_max_bytes + 1)
    earlier = _same_file(assessment.vendor_id, hashlib.sha256(data).hexdigest()) if data else None
    if earlier is not None:
        return link_document(assessment, question_id, earlier, actor=actor)  # stored once
    try:
        # Stored in the library for this assessment, then linked (and audited) below.
        document = store_upload(io.BytesIO(data), filename, vendor=assessment.vendor,
                                actor=actor, settings=settings, assessment=assessment,
                                kind=DocumentKind.EVIDENCE)
    except DocumentNotAllowed as exc:
        raise EvidenceRefused(exc.message) from None
    return link_document(assessment, question_id, document, actor=actor)


def unlink(link: EvidenceLink, *, actor: User) -> None:
    """Remove a link (the document stays in the library). Raises: EvidenceRefused."""
    assessment = db.session.get(Assessment, link.assessment_id)
    _check_vendor(assessment, actor)
    if link.review is not LinkReview.PENDING:
        raise EvidenceRefused("A reviewer has already judged this document; it stays linked.")
    name, qid = link.document.original_name, link.question_id
    if link.document.assessment_id == assessment.id and link.document.question_id == qid:
        link.document.question_id = None  # no longer offered as an upload for that answer
    db.session.delete(link)
    db.session.flush()
    record(actor, "evidence.unlinked", f"Unlinked {name} from {qid}", obj=assessment,
           vendor_id=assessment.vendor_id, assessment_id=assessment.id,
           details={"question": qid})
    signals.evidence_changed.send(assessment.vendor_id, actor=actor,
                                      reason=f"Evidence unlinked from {qid}")


def review_link(link: EvidenceLink, verdict: LinkReview, *, actor: User) -> None:
    """Record a reviewer's verdict (relevant or not relevant) on one link."""
    if not actor.is_staff:
        raise EvidenceRefused("Only the assessing organisation reviews evidence.")
    if verdict is link.review:
        return
    link.review, link.reviewed_by_id, link.reviewed_at = verdict, actor.id, utcnow()
    db.session.flush()
    record(actor, "evidence.reviewed",
           f"Marked {link.document.original_name} {verdict.label.lower()} for {link.question_id}",
           obj=link, vendor_id=link.document.vendor_id, assessment_id=link.assessment_id,
           details={"question": link.question_id, "verdict": verdict.value})
    signals.evidence_changed.send(
        link.document.vendor_id, actor=actor,
        reason=f"Evidence for {link.question_id} reviewed ({verdict.label.lower()})")


def ensure_upload_links(assessment: Assessment) -> None:
    """Give every document uploaded for an answer a link row, so a reviewer can judge it."""
    have = set(db.session.execute(sa.select(EvidenceLink.document_id, EvidenceLink.question_id)
                                  .where(EvidenceLink.assessment_id == assessment.id)).all())
    for document in db.session.scalars(sa.select(Document).where(
            Document.assessment_id == assessment.id, Document.question_id.is_not(None),
            Document.is_removed.is_(False))):
        if (document.id, document.question_id) not in have:
            db.session.add(EvidenceLink(document_id=document.id, assessment_id=assessment.id,
                                        question_id=document.question_id,
                                        linked_by_id=document.uploaded_by_id,
                                        linked_at=document.uploaded_at))
    db.session.flush()


def links_by_question(assessment: Assessment) -> dict[str, list[LinkView]]:
    """Return the assessment's live links per question, with each file's question count."""
    links = list(db.session.scalars(
        sa.select(EvidenceLink).options(contains_eager(EvidenceLink.document))
        .join(EvidenceLink.document)
        .where(EvidenceLink.assessment_id == assessment.id, Document.is_removed.is_(False))
        .order_by(EvidenceLink.id)))
    return _by_question(links)


def answer_form_evidence(assessment: Assessment) -> tuple[dict[str, list[LinkView]],
                                                          list[Document]]:
    """Return the links per question and the library (one per file), in one query."""
    rows = db.session.execute(
        sa.select(Document, EvidenceLink)
        .outerjoin(EvidenceLink, sa.and_(EvidenceLink.document_id == Document.id,
                                          EvidenceLink.assessment_id == assessment.id))
        .where(Document.vendor_id == assessment.vendor_id, Document.is_removed.is_(False))
        .order_by(Document.uploaded_at.desc(), Document.id.desc())).all()
    library: dict[str, Document] = {}
    links: list[EvidenceLink] = []
    for document, link in rows:
        library.setdefault(document.sha256, document)
        if link is not None:
            links.append(link)
    return _by_question(sorted(links, key=lambda link: link.id)), list(library.values())


def _by_question(links: list[EvidenceLink]) -> dict[str, list[LinkView]]:
    questions: dict[str, set[str]] = {}
    for link in links:
        questions.setdefault(link.document.sha256, set()).add(link.question_id)
    out: dict[str, list[LinkView]] = {}
    for link in links:
        out.setdefault(link.question_id, []).append(
            LinkView(link, len(questions[link.document.sha256])))
    return out
