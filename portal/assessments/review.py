"""Staff review of answers: accept, ask for clarification, annotate."""
from __future__ import annotations

import sqlalchemy as sa

from portal.assessments.lifecycle import AssessmentStatus
from portal.assessments.models import Answer, Assessment, CommentKind, ReviewComment, ReviewStatus
from portal.assessments.services import AssessmentError, apply_transition
from portal.audit.services import record
from portal.auth.models import User
from portal.extensions import db

DECISIONS = {
    "accept": (ReviewStatus.ACCEPTED, CommentKind.ACCEPTANCE),
    "clarify": (ReviewStatus.CLARIFICATION_REQUESTED, CommentKind.CLARIFICATION_REQUEST),
    "note": (None, CommentKind.NOTE),
}
REVIEWABLE = (AssessmentStatus.SUBMITTED, AssessmentStatus.UNDER_REVIEW,
              AssessmentStatus.RESUBMITTED)


def review_answer(assessment: Assessment, question_id: str, *, decision: str,
                  comment: str | None, actor: User) -> Answer:
    """Record a reviewer's decision on one answer. Raises: AssessmentError."""
    if decision not in DECISIONS:
        raise AssessmentError("Unknown review decision.")
    if assessment.status not in REVIEWABLE:
        raise AssessmentError(
            f"Answers can be reviewed once submitted; this assessment is "
            f"{assessment.status.label.lower()}.")
    text = (comment or "").strip()
    if decision in ("clarify", "note") and not text:
        raise AssessmentError("Write what you need the vendor to clarify."
                              if decision == "clarify" else "Write the note.")
    if assessment.status is not AssessmentStatus.UNDER_REVIEW:
        apply_transition(assessment, "start_review", actor,
                         f"Started reviewing “{assessment.title}”")
    answer = db.session.scalar(sa.select(Answer).where(
        Answer.assessment_id == assessment.id, Answer.question_id == question_id))
    if answer is None:  # an optional question left blank can still be queried
        answer = Answer(assessment_id=assessment.id, question_id=question_id, value=None)
        db.session.add(answer)
    status, kind = DECISIONS[decision]
    if status is not None:
        answer.review_status = status
    if text or decision == "accept":
        answer.comments.append(ReviewComment(kind=kind, body=text or "Accepted.",
                                             author_id=actor.id))
    db.session.flush()
    record(actor, f"answer.review_{decision}",
           f"{kind.label} on {question_id}" + (f": {text[:200]}" if text else ""),
           obj=answer, vendor_id=assessment.vendor_id, assessment_id=assessment.id,
           details={"question": question_id, "decision": decision, "comment": text})
    return answer


def review_progress(answers: dict[str, Answer]) -> dict[ReviewStatus, int]:
    """Count answers per review status."""
    counts = {status: 0 for status in ReviewStatus}
    for answer in answers.values():
        counts[answer.review_status] += 1
    return counts


def accept_unreviewed(assessment: Assessment, section, *, actor: User) -> int:
    """Accept every answered, not yet reviewed answer of a section; return how many."""
    answers = {a.question_id: a for a in assessment.answers}
    count = 0
    for question in section.questions:
        answer = answers.get(question.id)
        if answer is None or answer.value in (None, "", []):
            continue
        if answer.review_status is not ReviewStatus.PENDING:
            continue
        review_answer(assessment, question.id, decision="accept", comment=None, actor=actor)
        count += 1
    return count
