"""Evidence linked to answers: stored once, linked many times, counted once, reviewed, re-scored."""
from __future__ import annotations

import io

import pytest
import sqlalchemy as sa

from portal.assessments.lifecycle import AssessmentStatus
from portal.assessments.models import Answer
from portal.assessments.services import change_status
from portal.audit.models import AuditEvent
from portal.documents.models import Document, EvidenceLink, LinkReview
from portal.evidence import services as evidence
from portal.extensions import db
from portal.scoring.models import ScoreReason, ScoreRecord
from portal.settings.current import settings_for
from portal.vendors.models import RiskTier

ANSWERS = {"START-ORG-01": "An assistant.", "START-ORG-03": "no", "START-RESP-01": "yes",
           "START-RESP-02": "named-executive", "START-SUP-02": "yes", "START-SUP-03": "yes",
           "START-CUS-01": "never", "START-CUS-02": 24, "START-CUS-03": "yes"}
SCORED = ("START-RESP-01", "START-RESP-02", "START-SUP-02", "START-SUP-03", "START-CUS-01",
          "START-CUS-03")
POLICY = b"%PDF-1.4\n1 0 obj<<>>endobj\n% our AI policy\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def answered(make_assessment, make_vendor, make_user):
    vendor = make_vendor("Acme Models Ltd", tier=RiskTier.HIGH)
    assessment = make_assessment(vendor, status=AssessmentStatus.IN_PROGRESS)
    for qid, value in ANSWERS.items():
        db.session.add(Answer(assessment_id=assessment.id, question_id=qid, value=value))
    db.session.commit()
    return assessment, assessment.recipients[0], make_user("procurement")


def _attach(client, assessment, qid, data=POLICY, name="policy.pdf"):
    return client.post(f"/evidence/{assessment.id}/{qid}/link", data={
        "file": (io.BytesIO(data), name), "section": "responsibilities"},
        content_type="multipart/form-data")


def _accept(assessment, staff):
    db.session.refresh(assessment)
    assessment.status = AssessmentStatus.UNDER_REVIEW
    db.session.commit()
    change_status(assessment, "accept", actor=staff, confirm_unreviewed=True)
    db.session.commit()


def _latest(vendor_id):
    db.session.expire_all()
    return db.session.scalar(sa.select(ScoreRecord).where(ScoreRecord.vendor_id == vendor_id)
                             .order_by(ScoreRecord.id.desc()).limit(1))


def test_a_file_is_stored_once_and_linked_many_times(client, login, answered):
    assessment, contact, _ = answered
    login(client, contact)
    for qid in ("START-RESP-01", "START-RESP-02"):
        response = _attach(client, assessment, qid)
        assert response.status_code == 302
        assert response.headers["Location"].endswith(f"#evidence-{qid}")
    documents = db.session.scalars(sa.select(Document).where(
        Document.vendor_id == assessment.vendor_id, Document.is_removed.is_(False))).all()
    assert len(documents) == 1
    links = db.session.scalars(sa.select(EvidenceLink)).all()
    assert sorted(link.question_id for link in links) == ["START-RESP-01", "START-RESP-02"]
    assert {link.document_id for link in links} == {documents[0].id}
    page = client.get(f"/respond/{assessment.id}?section=responsibilities").get_data(True)
    assert 'id="evidence-START-RESP-01"' in page and "linked to 2 questions" in page
    events = db.session.scalars(sa.select(AuditEvent.action)
                                .where(AuditEvent.action == "evidence.linked")).all()
    assert len(events) == 2


def test_evidence_is_refused_on_unscored_questions_and_foreign_assessments(
        client, login, answered, make_assessment):
    assessment, contact, _ = answered
    login(client, contact)
    _attach(client, assessment, "START-ORG-01")  # a text question
    assert db.session.scalar(sa.select(sa.func.count(EvidenceLink.id))) == 0
    other = make_assessment()
    assert _attach(client, other, "START-RESP-01").status_code == 404


def test_one_file_copied_to_every_question_counts_once(client, login, answered):
    assessment, contact, staff = answered
    login(client, contact)
    _attach(client, assessment, "START-RESP-01")
    _accept(assessment, staff)
    once = _latest(assessment.vendor_id)
    assert once.method_version == "v2" and once.evidence["START-RESP-01"] == "document"
    assessment.status = AssessmentStatus.UNDER_REVIEW  # reopen to attach more
    db.session.commit()
    document = db.session.scalar(sa.select(Document))
    for qid in SCORED[1:]:
        db.session.add(EvidenceLink(document_id=document.id, assessment_id=assessment.id,
                                    question_id=qid))
    db.session.commit()
    _accept(assessment, staff)
    everywhere = _latest(assessment.vendor_id)
    assert (everywhere.overall, everywhere.confidence, everywhere.band) == (
        once.overall, once.confidence, once.band)
    why = next(q for q in everywhere.result["questions"] if q["question_id"] == "START-SUP-02")
    assert "counts once, for START-RESP-01" in why["reason"]


def test_reviewer_verdict_rescores_without_recalculate(client, login, answered):
    assessment, contact, staff = answered
    login(client, contact)
    _attach(client, assessment, "START-RESP-01")
    _accept(assessment, staff)
    before = _latest(assessment.vendor_id)
    login(client, staff)
    page = client.get(f"/assessments/{assessment.id}/review?section=responsibilities")
    assert "policy.pdf" in page.get_data(True)
    link = db.session.scalar(sa.select(EvidenceLink))
    response = client.post(f"/evidence/links/{link.id}/review",
                           data={"verdict": "relevant", "section": "responsibilities"})
    assert response.status_code == 302
    after = _latest(assessment.vendor_id)
    assert after.id != before.id and after.reason is ScoreReason.CHANGE
    assert after.reason_detail == "Evidence for START-RESP-01 reviewed (relevant)"
    assert after.evidence["START-RESP-01"] == "document_reviewed"
    assert after.overall > before.overall and after.confidence > before.confidence
    card = client.get(f"/vendors/{assessment.vendor_id}/scorecard").get_data(True)
    assert "Score history" in card and "Evidence for START-RESP-01 reviewed" in card
    assert "Computed" in card and "1 document linked (1 confirmed relevant)" in card
    # The same verdict again changes nothing and stores nothing.
    client.post(f"/evidence/links/{link.id}/review", data={"verdict": "relevant"})
    assert _latest(assessment.vendor_id).id == after.id


def test_not_relevant_evidence_counts_for_nothing(app, answered):
    assessment, contact, staff = answered
    evidence.upload_and_link(assessment, "START-RESP-01", io.BytesIO(POLICY), "p.pdf",
                             actor=contact, settings=settings_for(app))
    db.session.commit()
    _accept(assessment, staff)
    link = db.session.scalar(sa.select(EvidenceLink))
    evidence.review_link(link, LinkReview.NOT_RELEVANT, actor=staff)
    db.session.commit()
    assert _latest(assessment.vendor_id).evidence["START-RESP-01"] == "self_attested"
    with pytest.raises(evidence.EvidenceRefused):
        evidence.review_link(link, LinkReview.RELEVANT, actor=contact)


def test_vendor_cannot_unlink_judged_evidence_or_change_a_closed_assessment(
        client, login, answered):
    assessment, contact, staff = answered
    login(client, contact)
    _attach(client, assessment, "START-RESP-01")
    link = db.session.scalar(sa.select(EvidenceLink))
    evidence.review_link(link, LinkReview.RELEVANT, actor=staff)
    db.session.commit()
    client.post(f"/evidence/links/{link.id}/unlink", data={})
    assert db.session.scalar(sa.select(sa.func.count(EvidenceLink.id))) == 1
    _accept(assessment, staff)
    _attach(client, assessment, "START-RESP-02", data=POLICY + b"x")
    assert db.session.scalar(sa.select(sa.func.count(EvidenceLink.id))) == 1
