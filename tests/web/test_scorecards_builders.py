"""Builders shared by the scorecard, findings, portfolio, rescore and evidence-pack tests.

No tests here: the module is named to sit with the scorecard tests it serves.
"""
from __future__ import annotations

import secrets
from datetime import UTC, datetime

from portal.assessments.lifecycle import AssessmentStatus
from portal.assessments.models import Answer, Assessment, ReviewStatus
from portal.assessments.services import change_status
from portal.documents.models import Document, DocumentKind
from portal.extensions import db

# The starter questionnaire answered with a mix of evidence, one critical answer (opt-out).
ANSWERS = {
    "START-ORG-01": "A retrieval-augmented assistant for our support team.",
    "START-ORG-03": "no",
    "START-RESP-01": "yes",
    "START-RESP-02": "named-executive",
    "START-SUP-02": "yes",
    "START-SUP-03": "partial",
    "START-CUS-01": "opt-out",
    "START-CUS-02": 24,
    "START-CUS-03": "yes",
}
DOCUMENTED = ("START-RESP-01", "START-RESP-02")  # a document attached to the answer
REVIEWED = ("START-RESP-01",)  # answer accepted by a reviewer
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def add_document(vendor, *, assessment_id=None, question_id=None, upload_dir=None,
                 kind=DocumentKind.EVIDENCE, name="evidence.pdf") -> Document:
    """Store a small PDF for a vendor (on disk too when upload_dir is given)."""
    stored = secrets.token_hex(16) + ".pdf"
    if upload_dir is not None:
        upload_dir.mkdir(parents=True, exist_ok=True)
        (upload_dir / stored).write_bytes(PDF)
    document = Document(vendor_id=vendor.id, assessment_id=assessment_id,
                        question_id=question_id, kind=kind, original_name=name,
                        stored_name=stored, content_type="application/pdf", size=len(PDF),
                        sha256="0" * 64, is_removed=False)
    db.session.add(document)
    db.session.flush()
    return document


def build_accepted(make_assessment, vendor, reviewer, *, answers=None, documented=DOCUMENTED,
                   reviewed=REVIEWED, file_answer=True, upload_dir=None,
                   closed_at: datetime | None = None) -> Assessment:
    """Answer the starter questionnaire, attach documents, and accept it (which scores it)."""
    assessment = make_assessment(vendor, status=AssessmentStatus.UNDER_REVIEW)
    for qid, value in (ANSWERS if answers is None else answers).items():
        db.session.add(Answer(assessment_id=assessment.id, question_id=qid, value=value,
                              review_status=(ReviewStatus.ACCEPTED if qid in reviewed
                                             else ReviewStatus.PENDING)))
    for qid in documented:
        add_document(vendor, assessment_id=assessment.id, question_id=qid,
                     upload_dir=upload_dir)
    if file_answer:
        doc = add_document(vendor, assessment_id=assessment.id, question_id="START-CUS-04",
                           upload_dir=upload_dir, name="model-card.pdf")
        db.session.add(Answer(assessment_id=assessment.id, question_id="START-CUS-04",
                              value=[doc.id]))
    db.session.commit()
    db.session.refresh(assessment)
    change_status(assessment, "accept", actor=reviewer, confirm_unreviewed=True)  # a fixture
    if closed_at is not None:
        assessment.closed_at = closed_at.astimezone(UTC)
    db.session.commit()
    return assessment
