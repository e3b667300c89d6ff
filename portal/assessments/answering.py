"""Store a vendor's answers: validate, save with conflict detection, count what is missing."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from portal.assessments import services as assessment_services
from portal.assessments.lifecycle import AssessmentStatus
from portal.assessments.models import (
    Answer,
    AnswerRevision,
    Assessment,
    CommentKind,
    ReviewComment,
    ReviewStatus,
)
from portal.assessments.prefill import unconfirmed
from portal.audit.services import record
from portal.auth.models import User
from portal.documents.models import Document
from portal.domain import DomainError
from portal.extensions import db, utcnow
from portal.questionnaires.answers import (
    InvalidAnswer,
    MissingAnswer,
    Progress,
    answer_progress,
    check_comment,
    missing_answers,
    normalise,
)
from portal.questionnaires.bank import Template
from portal.questionnaires.templates import load_pinned


class NotEditable(DomainError):
    """The assessment (or this answer) cannot be changed now; the message says why."""


class MissingAnswers(DomainError):
    """Submission refused: required answers are missing."""

    def __init__(self, missing: list[MissingAnswer]):
        super().__init__(f"{len(missing)} required answer(s) missing")
        self.missing = missing


@dataclass(frozen=True)
class AnswerChange:
    question_id: str
    value: Any
    comment: str | None
    base_version: int  # the version the client started from; 0 when it saw no answer
    response: str | None = None  # reply to a reviewer's clarification request


@dataclass(frozen=True)
class Conflict:
    question_id: str
    current_value: Any
    current_comment: str | None
    version: int
    changed_by: str
    changed_at: str


@dataclass
class SaveOutcome:
    saved: dict[str, int] = field(default_factory=dict)  # question id -> new version
    unchanged: dict[str, int] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    conflicts: dict[str, Conflict] = field(default_factory=dict)


def progress_of(assessment: Assessment) -> Progress:
    """Return the assessment's answer progress as every page shows it (answers loaded once)."""
    template = load_pinned(assessment.template_version)
    return answer_progress(template, {a.question_id: a.value for a in assessment.answers})


def answers_by_question(assessment: Assessment, *, with_authors: bool = True
                        ) -> dict[str, Answer]:
    """Map question id to stored answer, loading comments (and who changed each) in bulk."""
    options = [selectinload(Answer.comments).selectinload(ReviewComment.author)]
    if with_authors:
        options.append(selectinload(Answer.updated_by))
    answers = db.session.scalars(
        sa.select(Answer).options(*options).where(Answer.assessment_id == assessment.id)
    ).all()
    return {a.question_id: a for a in answers}


class _Reviewed(Protocol):
    """A stored answer (ORM row or the page's plain row): only its review state matters here."""

    @property
    def review_status(self) -> ReviewStatus: ...


def editable_questions(assessment: Assessment, answers: Mapping[str, _Reviewed]
                       ) -> set[str] | None:
    """Return the question ids a vendor may change now: None means all, empty means none."""
    if assessment.status in (AssessmentStatus.SENT, AssessmentStatus.IN_PROGRESS):
        return None
    if assessment.status is AssessmentStatus.CLARIFICATION_REQUESTED:
        return {qid for qid, a in answers.items()
                if a.review_status in (ReviewStatus.CLARIFICATION_REQUESTED,
                                       ReviewStatus.RESPONDED)}
    return set()


def save_answers(assessment: Assessment, template: Template, changes: Sequence[AnswerChange], *,
                 actor: User) -> SaveOutcome:
    """Save each valid change; report invalid ones and conflicts without losing the others.

    Raises: NotEditable when the assessment is not open for answers at all.
    """
    answers = answers_by_question(assessment)
    editable = editable_questions(assessment, answers)
    if editable is not None and not editable:
        raise NotEditable(
            f"This assessment is {assessment.status.label.lower()}; answers are read-only.")
    outcome = SaveOutcome()
    for change in changes:
        question = template.question(change.question_id)
        if question is None:
            outcome.errors[change.question_id] = "Unknown question."
            continue
        if editable is not None and question.id not in editable:
            outcome.errors[question.id] = (
                "Only the answers the reviewer asked about can change now.")
            continue
        try:
            value = normalise(question, change.value)
            comment = check_comment(question, value, change.comment)
        except InvalidAnswer as exc:
            outcome.errors[question.id] = str(exc)
            continue
        if question.type == "file" and value:
            value = _own_documents(assessment, value)
        _save_one(assessment, answers, question.id, value, comment, change, actor, outcome)
    if outcome.saved:
        if assessment.status is AssessmentStatus.SENT:
            assessment_services.apply_transition(assessment, "start", actor,
                                       f"Started answering “{assessment.title}”")
        assessment.updated_at = utcnow()
        ids = sorted(outcome.saved)
        record(actor, "answer.saved", f"Saved {len(ids)} answer(s): {', '.join(ids)[:400]}",
               vendor_id=assessment.vendor_id, assessment_id=assessment.id,
               details={"questions": ids})
    return outcome


def _own_documents(assessment: Assessment, ids: list[int]) -> list[int]:
    allowed = set(db.session.scalars(
        sa.select(Document.id).where(Document.id.in_(ids),
                                     Document.vendor_id == assessment.vendor_id,
                                     Document.is_removed.is_(False))
    ))
    return [i for i in ids if i in allowed]


def _save_one(assessment: Assessment, answers: dict[str, Answer], qid: str, value: Any,
              comment: str | None, change: AnswerChange, actor: User,
              outcome: SaveOutcome) -> None:
    answer = answers.get(qid)
    response = (change.response or "").strip() or None
    if answer is None and value is None and comment is None and not response:
        return  # nothing typed for a question never answered
    if answer is not None and _already_holds(answer, value, comment, response, actor, outcome):
        return
    if answer is not None and change.base_version != answer.version:
        outcome.conflicts[qid] = _conflict(answer)
        return
    if answer is None:
        answer = Answer(assessment_id=assessment.id, question_id=qid, value=value,
                        comment=comment, updated_by_id=actor.id, updated_at=utcnow())
        try:
            with db.session.begin_nested():
                db.session.add(answer)
        except IntegrityError:
            # Another tab or colleague created this answer a moment ago.
            current = db.session.scalar(sa.select(Answer).where(
                Answer.assessment_id == assessment.id, Answer.question_id == qid))
            # When it holds what was typed here (most often this page's own autosave, a moment
            # before the Save button), that is no change, not a conflict.
            if current is not None and not _already_holds(current, value, comment, response,
                                                          actor, outcome):
                outcome.conflicts[qid] = _conflict(current)
            return
        answers[qid] = answer
    else:
        answer.value = value
        answer.comment = comment
        answer.updated_by_id = actor.id
        answer.updated_at = utcnow()
        answer.is_carried_over = False
    if response:
        _store_response(answer, response, actor)
    elif answer.review_status is ReviewStatus.CLARIFICATION_REQUESTED:
        answer.review_status = ReviewStatus.RESPONDED
    db.session.flush()  # bumps answer.version (optimistic lock) or raises StaleDataError
    db.session.add(AnswerRevision(answer_id=answer.id, version=answer.version, value=value,
                                  comment=comment, changed_by_id=actor.id))
    outcome.saved[qid] = answer.version


def _already_holds(answer: Answer, value: Any, comment: str | None, response: str | None,
                   actor: User, outcome: SaveOutcome) -> bool:
    """True (and the outcome noted) when the stored answer already has this value and comment."""
    if answer.value != value or answer.comment != comment:
        return False
    if response and _store_response(answer, response, actor):
        outcome.saved[answer.question_id] = answer.version
    else:
        outcome.unchanged[answer.question_id] = answer.version
    return True


def _store_response(answer: Answer, text: str, actor: User) -> bool:
    """Keep one vendor response per clarification round, updated in place until resubmission."""
    last = answer.comments[-1] if answer.comments else None
    if last is not None and last.kind is CommentKind.VENDOR_RESPONSE:
        if last.body == text:
            return False
        last.body = text
        last.created_at = utcnow()
    else:
        answer.comments.append(ReviewComment(kind=CommentKind.VENDOR_RESPONSE, body=text,
                                             author_id=actor.id))
    if answer.review_status is ReviewStatus.CLARIFICATION_REQUESTED:
        answer.review_status = ReviewStatus.RESPONDED
    return True


def _conflict(answer: Answer) -> Conflict:
    who = answer.updated_by.name if answer.updated_by else "someone"
    return Conflict(question_id=answer.question_id, current_value=answer.value,
                    current_comment=answer.comment, version=answer.version, changed_by=who,
                    changed_at=answer.updated_at.isoformat(timespec="seconds"))


def missing_for(assessment: Assessment, template: Template) -> list[MissingAnswer]:
    """List what still blocks submission (required answers, or pending clarifications)."""
    answers = answers_by_question(assessment)
    if assessment.status is AssessmentStatus.CLARIFICATION_REQUESTED:
        return [MissingAnswer(a.question_id, q.section_id if (q := template.question(
            a.question_id)) else "", q.text if q else a.question_id,
            "The reviewer asked for clarification: change the answer or write a response.")
            for a in answers.values() if a.review_status is ReviewStatus.CLARIFICATION_REQUESTED]
    values = {qid: a.value for qid, a in answers.items()}
    comments = {qid: a.comment for qid, a in answers.items()}
    return missing_answers(template, values, comments) + unconfirmed(assessment, template)
