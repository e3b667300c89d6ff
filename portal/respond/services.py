"""Vendor-side answering: save with conflict detection, clarify, submit."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from portal.api import webhooks as api_webhooks  # issue 6: assessment.submitted event
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
from portal.extensions import db, utcnow
from portal.questionnaires.bank import Template, is_visible
from portal.questionnaires.templates import load_pinned
from portal.respond.answers import (
    InvalidAnswer,
    MissingAnswer,
    Progress,
    answer_progress,
    check_comment,
    format_value,
    missing_answers,
    normalise,
)
from portal.respond.page import ShownComment, StoredAnswer


class NotEditable(Exception):
    """The assessment (or this answer) cannot be changed now; the message says why."""


class MissingAnswers(Exception):
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


@dataclass(frozen=True)
class ClarificationItem:
    """A question the reviewer asked about, as the vendor's to-do list shows it."""

    question_id: str
    section_id: str
    section_title: str
    text: str
    request: str  # the reviewer's latest clarification request
    response: str  # the vendor's response so far ("" when none)
    is_done: bool  # answered or responded since the request


def clarification_items(assessment: Assessment, template: Template,
                        answers: Mapping[str, StoredAnswer]) -> list[ClarificationItem]:
    """List the answers flagged in the current clarification round, in questionnaire order."""
    if assessment.status is not AssessmentStatus.CLARIFICATION_REQUESTED:
        return []
    titles = {s.id: s.title for s in template.sections}
    items = []
    for question in template.questions():
        answer = answers.get(question.id)
        if answer is None or answer.review_status not in (ReviewStatus.CLARIFICATION_REQUESTED,
                                                          ReviewStatus.RESPONDED):
            continue
        request = next((c.body for c in reversed(answer.comments)
                        if c.kind is CommentKind.CLARIFICATION_REQUEST), "")
        last = answer.comments[-1] if answer.comments else None
        response = last.body if last is not None and \
            last.kind is CommentKind.VENDOR_RESPONSE else ""
        items.append(ClarificationItem(
            question_id=question.id, section_id=question.section_id,
            section_title=titles[question.section_id], text=question.text, request=request,
            response=response, is_done=answer.review_status is ReviewStatus.RESPONDED))
    return items


@dataclass(frozen=True)
class ReviewRow:
    """One shown question on the review-before-submit page."""

    question_id: str
    text: str
    answer: str  # readable answer, "—" when blank
    comment: str | None
    document_ids: tuple[int, ...]
    problem: str | None  # why it blocks submission, when it does


@dataclass(frozen=True)
class ReviewSection:
    section_id: str
    title: str
    rows: tuple[ReviewRow, ...]


def answer_review(template: Template, answers: Mapping[str, StoredAnswer],
                  missing: Sequence[MissingAnswer]) -> list[ReviewSection]:
    """Lay out every shown question with its answer, section by section, for a last check."""
    values = {qid: a.value for qid, a in answers.items()}
    problems = {m.question_id: m.reason for m in missing}
    sections = []
    for section in template.sections:
        rows = []
        for question in section.questions:
            if not is_visible(question, values):
                continue
            answer = answers.get(question.id)
            value = answer.value if answer is not None else None
            docs = tuple(v for v in value if isinstance(v, int)) \
                if question.type == "file" and isinstance(value, list) else ()
            rows.append(ReviewRow(
                question_id=question.id, text=question.text,
                answer=format_value(question, value),
                comment=answer.comment if answer is not None else None, document_ids=docs,
                problem=problems.get(question.id)))
        sections.append(ReviewSection(section.id, section.title, tuple(rows)))
    return sections


def progress_of(assessment: Assessment) -> Progress:
    """Return the assessment's answer progress as every page shows it (answers loaded once)."""
    template = load_pinned(assessment.template_version)
    return answer_progress(template, {a.question_id: a.value for a in assessment.answers})


def documents_by_id(ids: Sequence[int]) -> dict[int, Document]:
    """Load documents by id (answers keep document ids); missing ones are left out."""
    if not ids:
        return {}
    return {d.id: d for d in db.session.scalars(sa.select(Document).where(Document.id.in_(ids)))}


def vendor_assessments(user: User) -> list[Assessment]:
    """List the assessments of the user's organisation that were sent to it."""
    return list(db.session.scalars(
        sa.select(Assessment)
        .options(selectinload(Assessment.template_version), selectinload(Assessment.answers))
        .where(Assessment.vendor_id == user.vendor_id,
               Assessment.status != AssessmentStatus.DRAFT)
        .order_by(Assessment.due_date.asc().nulls_last(), Assessment.id.desc())
    ))


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


@cache
def _page_answers_query() -> sa.Select:
    # Built once, on the tables (not the mapped classes): the statement skips SQLAlchemy's ORM
    # compile step and its cache-key generation on every request.
    answers, comments, users = Answer.__table__.c, ReviewComment.__table__.c, User.__table__.c
    return (
        sa.select(answers.id, answers.question_id, answers.value, answers.comment,
                  answers.version, answers.review_status, answers.is_carried_over, comments.id,
                  comments.kind, comments.body, comments.created_at, users.name)
        .select_from(Answer.__table__
                     .outerjoin(ReviewComment.__table__, comments.answer_id == answers.id)
                     .outerjoin(User.__table__, users.id == comments.author_id))
        .where(answers.assessment_id == sa.bindparam("assessment_id"))
        .order_by(answers.id, comments.id)
    )


def page_answers(assessment: Assessment) -> dict[str, StoredAnswer]:
    """Map question id to the stored answer's shown columns and review comments, in one query.

    The questionnaire page reads 100 or more answers per request: plain rows cost a fraction of
    ORM instances with their relationships loaded.
    """
    rows = db.session.execute(_page_answers_query(), {"assessment_id": assessment.id})
    columns: dict[str, tuple] = {}
    comments: dict[str, list[ShownComment]] = {}
    for *answer, comment_id, kind, body, created_at, author_name in rows:
        qid = answer[1]
        if qid not in columns:
            columns[qid] = tuple(answer)
            comments[qid] = []
        if comment_id is not None:
            comments[qid].append(ShownComment(kind, body, created_at, author_name))
    return {qid: StoredAnswer(*answer, tuple(comments[qid])) for qid, answer in columns.items()}


def editable_questions(assessment: Assessment, answers: Mapping[str, Answer | StoredAnswer]
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
    if answer is not None and answer.value == value and answer.comment == comment:
        if response and _store_response(answer, response, actor):
            outcome.saved[qid] = answer.version
        else:
            outcome.unchanged[qid] = answer.version
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
            if current is not None:
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


def submit_assessment(assessment: Assessment, *, actor: User, config: Mapping[str, Any]) -> None:
    """Submit (or resubmit) the answers for review. Raises: MissingAnswers, NotEditable."""
    template = load_pinned(assessment.template_version)
    if assessment.status is AssessmentStatus.CLARIFICATION_REQUESTED:
        action, verb = "resubmit", "resubmitted"
    elif assessment.status in (AssessmentStatus.SENT, AssessmentStatus.IN_PROGRESS):
        action, verb = "submit", "submitted"
    else:
        raise NotEditable(f"This assessment is {assessment.status.label.lower()}; "
                          "there is nothing to submit.")
    missing = missing_for(assessment, template)
    if missing:
        raise MissingAnswers(missing)
    try:
        assessment_services.apply_transition(assessment, action, actor,
                                   f"{verb.capitalize()} “{assessment.title}”")
    except assessment_services.AssessmentError as exc:
        raise NotEditable(str(exc)) from exc
    assessment.submitted_at = utcnow()
    # Issue 4: compare certification claims in the answers with the vendor's certificates.
    from portal.certificates.claims import sync_assessment_contradictions
    sync_assessment_contradictions(assessment, actor=actor)
    api_webhooks.emit_assessment_submitted(assessment)  # Issue 6: webhooks, sent after commit
    assessment_services.notify_staff(
        assessment, config, kind=f"assessment_{verb}",
        subject=f"{assessment.vendor.legal_name} {verb} “{assessment.title}”",
        body=f"{actor.name} ({assessment.vendor.legal_name}) {verb} the assessment "
             f"“{assessment.title}”. It is ready for review.")


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
