"""Staff review of answers: accept, ask for clarification, annotate."""
from __future__ import annotations

from collections.abc import Callable, Iterable

import sqlalchemy as sa

from portal.assessments.lifecycle import AssessmentStatus
from portal.assessments.models import Answer, Assessment, CommentKind, ReviewComment, ReviewStatus
from portal.assessments.transitions import AssessmentError, apply_transition
from portal.audit.services import record
from portal.auth.models import User
from portal.extensions import db
from portal.questionnaires.bank import Question, is_visible

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


AnswerFilter = Callable[[Question, Answer], bool]


def is_unflagged_pending(question: Question, answer: Answer) -> bool:
    """Pick answers no reviewer has decided on (flagged and responded ones are left alone).

    "Not applicable" answers are left for a decision one by one: under scoring method v2,
    accepting one takes the question out of the score (docs/scoring.md).
    """
    return (answer.review_status is ReviewStatus.PENDING
            and not question.is_not_applicable(answer.value))


def accept_answers(assessment: Assessment, questions: Iterable[Question], *, actor: User,
                   include: AnswerFilter = is_unflagged_pending,
                   reason: str = "not flagged") -> list[str]:
    """Accept in one step every shown, answered answer among `questions` that `include` picks.

    Each accepted answer gets an acceptance comment; one audit event lists them all. Other
    filters (issue 16: answers unchanged since the last cycle) plug in as `include`, with the
    `reason` that the comment and the audit event give. Returns the accepted question ids.

    Raises: AssessmentError when the assessment is not open for review.
    """
    if assessment.status not in REVIEWABLE:
        raise AssessmentError(
            f"Answers can be reviewed once submitted; this assessment is "
            f"{assessment.status.label.lower()}.")
    answers = {a.question_id: a for a in assessment.answers}
    values = {qid: a.value for qid, a in answers.items()}
    chosen = [(q, a) for q in questions
              if (a := answers.get(q.id)) is not None and a.value not in (None, "", [])
              and is_visible(q, values) and include(q, a)]
    if not chosen:
        return []
    if assessment.status is not AssessmentStatus.UNDER_REVIEW:
        apply_transition(assessment, "start_review", actor,
                         f"Started reviewing “{assessment.title}”")
    for _question, answer in chosen:
        answer.review_status = ReviewStatus.ACCEPTED
        answer.comments.append(ReviewComment(kind=CommentKind.ACCEPTANCE,
                                             body=f"Accepted in a bulk review ({reason}).",
                                             author_id=actor.id))
    ids = [q.id for q, _ in chosen]
    db.session.flush()
    record(actor, "answer.review_accept_bulk",
           f"Accepted {len(ids)} answer(s) at once ({reason}): {', '.join(ids)}"[:500],
           vendor_id=assessment.vendor_id, assessment_id=assessment.id,
           details={"questions": ids, "reason": reason})
    return ids
