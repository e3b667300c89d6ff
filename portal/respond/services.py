"""The vendor's screens: what to show (clarifications, review before submitting), submit."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from portal.assessments import services as assessment_services
from portal.assessments import signals as assessment_signals
from portal.assessments.answering import MissingAnswers, NotEditable, missing_for
from portal.assessments.lifecycle import AssessmentStatus
from portal.assessments.models import (
    Answer,
    Assessment,
    CommentKind,
    ReviewComment,
    ReviewStatus,
)
from portal.auth.models import User
from portal.certificates.claims import sync_assessment_contradictions
from portal.documents.models import Document
from portal.extensions import db, utcnow
from portal.questionnaires.answers import MissingAnswer, format_value
from portal.questionnaires.bank import Template, is_visible
from portal.questionnaires.templates import load_pinned
from portal.respond.page import ShownComment, StoredAnswer
from portal.settings import Settings


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


def submit_assessment(assessment: Assessment, *, actor: User, settings: Settings) -> None:
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
    sync_assessment_contradictions(assessment, actor=actor)
    assessment_signals.submitted.send(assessment)  # the API queues its webhook (issue 6)
    assessment_services.notify_staff(
        assessment, settings, kind=f"assessment_{verb}",
        subject=f"{assessment.vendor.legal_name} {verb} “{assessment.title}”",
        body=f"{actor.name} ({assessment.vendor.legal_name}) {verb} the assessment "
             f"“{assessment.title}”. It is ready for review.")


