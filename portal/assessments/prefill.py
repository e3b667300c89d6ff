"""Answer reuse across cycles: carry the last accepted answers forward, confirm, compare."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from portal.assessments.lifecycle import AssessmentStatus
from portal.assessments.models import Answer, AnswerRevision, Assessment
from portal.assessments.transitions import apply_transition
from portal.audit.services import record
from portal.auth.models import User
from portal.documents.models import Document
from portal.domain import DomainError
from portal.extensions import db, utcnow
from portal.questionnaires.answers import InvalidAnswer, MissingAnswer, check_comment, normalise
from portal.questionnaires.bank import Question, Template, is_visible
from portal.questionnaires.diff import Carry, TemplateDiff, classify_answer, diff_templates
from portal.questionnaires.templates import load_pinned

# Carried-over answers may be confirmed while the vendor can still change answers.
CONFIRMABLE = (AssessmentStatus.SENT, AssessmentStatus.IN_PROGRESS,
               AssessmentStatus.CLARIFICATION_REQUESTED)


class CarryOverError(DomainError):
    """Carried-over answers cannot be confirmed now; the message says why."""


def _answers(assessment_id: int) -> dict[str, Answer]:
    return {a.question_id: a for a in db.session.scalars(
        sa.select(Answer).where(Answer.assessment_id == assessment_id))}


def _own_documents(vendor_id: int, ids: list[int]) -> list[int]:
    if not ids:
        return []
    allowed = set(db.session.scalars(sa.select(Document.id).where(
        Document.id.in_(ids), Document.vendor_id == vendor_id, Document.is_removed.is_(False))))
    return [i for i in ids if i in allowed]


def previous_template(assessment: Assessment) -> Template | None:
    """Return the template version last cycle's assessment was answered on, or None."""
    if assessment.previous_id is None:
        return None
    previous = db.session.get(Assessment, assessment.previous_id)
    return load_pinned(previous.template_version) if previous is not None else None


_DIFFS: dict[tuple[int, str, int, str], TemplateDiff] = {}


def template_diff(assessment: Assessment) -> TemplateDiff | None:
    """Compare last cycle's template version with this one (cached: versions never change)."""
    old = previous_template(assessment)
    if old is None:
        return None
    previous = db.session.get(Assessment, assessment.previous_id)
    # Ids alone can name other versions in another database (tests, a restored backup).
    key = (previous.template_version_id, previous.template_version.checksum,
           assessment.template_version_id, assessment.template_version.checksum)
    if key not in _DIFFS:
        if len(_DIFFS) > 256:
            _DIFFS.clear()
        _DIFFS[key] = diff_templates(old, load_pinned(assessment.template_version))
    return _DIFFS[key]


@dataclass(frozen=True)
class CarryItem:
    """What became of one of last cycle's answers in this assessment."""

    question_id: str
    section_id: str  # in this version; the old section for a removed question
    carry: Carry
    reasons: tuple[str, ...]
    old_question: Question
    new_question: Question | None
    old_value: Any
    old_comment: str | None
    value: Any  # what is (or would be) carried; None when dropped
    comment: str | None


def carry_plan(assessment: Assessment) -> list[CarryItem]:
    """Classify every answer of last cycle against this assessment's template version.

    Valid and changed-question answers are carried (the latter confirmed one by one); an answer
    to a removed question, a question whose type or unit changed, an option no longer offered,
    or one the new question's rules refuse, is dropped with the reason.
    """
    diff = template_diff(assessment)
    if diff is None:
        return []
    # Last cycle on another questionnaire (say the starter, now the core one): its answers
    # carry where a question id is shared; the rest were never asked here, not removed.
    other_questionnaire = (previous_template(assessment).key
                           != load_pinned(assessment.template_version).key)
    items = []
    for qid, old in _answers(assessment.previous_id).items():
        qdiff = diff.of(qid)
        if qdiff is None or qdiff.old is None or old.value in (None, "", []):
            continue
        if other_questionnaire and qdiff.new is None:
            continue
        verdict = classify_answer(qdiff, old.value)
        value, comment, reasons = verdict.value, old.comment, verdict.reasons
        carry = verdict.carry
        question = qdiff.new
        if carry is not Carry.DROPPED:
            try:
                value = normalise(question, value)
                comment = check_comment(question, value, old.comment)
            except InvalidAnswer as exc:
                carry, value, reasons = Carry.DROPPED, None, (
                    f"The earlier answer does not fit the question any more: {exc}",)
            if question.type == "file" and value:
                value = _own_documents(assessment.vendor_id, value)
            if carry is not Carry.DROPPED and value in (None, []):
                carry, value, reasons = Carry.DROPPED, None, (
                    "The documents attached last time have been removed.",)
        section = question.section_id if question else qdiff.old.section_id
        items.append(CarryItem(qid, section, carry, reasons, qdiff.old, question, old.value,
                               old.comment, value, comment if carry is not Carry.DROPPED
                               else None))
    return items


def carry_over_answers(assessment: Assessment, *, actor: User) -> list[str]:
    """Pre-fill answers from the previous accepted assessment where still valid; return ids.

    Each of last cycle's answers is classified against this template version (carry_plan):
    dropped answers are not carried, and the audit event keeps each one's reason.
    """
    existing = _answers(assessment.id)
    plan = carry_plan(assessment)
    authors = {qid: a.updated_by_id for qid, a in _answers(assessment.previous_id or 0).items()}
    carried = []
    for item in plan:
        if item.carry is Carry.DROPPED or item.question_id in existing:
            continue
        who = authors.get(item.question_id)
        answer = Answer(assessment_id=assessment.id, question_id=item.question_id,
                        value=item.value, comment=item.comment, is_carried_over=True,
                        updated_by_id=who, updated_at=utcnow())
        db.session.add(answer)
        db.session.flush()
        db.session.add(AnswerRevision(answer_id=answer.id, version=answer.version,
                                      value=item.value, comment=item.comment, changed_by_id=who))
        carried.append(item.question_id)
    dropped = {i.question_id: " ".join(i.reasons) for i in plan if i.carry is Carry.DROPPED}
    to_confirm = {i.question_id: " ".join(i.reasons) for i in plan if i.carry is Carry.CONFIRM}
    if carried or dropped:
        record(actor, "answer.carried_over",
               f"Carried over {len(carried)} answer(s) from assessment #{assessment.previous_id}"
               + (f"; {len(to_confirm)} to confirm because the question changed"
                  if to_confirm else "")
               + (f"; {len(dropped)} not carried" if dropped else ""),
               obj=assessment, vendor_id=assessment.vendor_id, assessment_id=assessment.id,
               details={"previous_assessment": assessment.previous_id, "questions": carried,
                        "question_changed": to_confirm, "not_carried": dropped})
    return carried


def replace_carried_over(assessment: Assessment, *, actor: User) -> list[str]:
    """Drop unconfirmed carried-over answers and carry again (after a template change)."""
    for answer in _answers(assessment.id).values():
        if answer.is_carried_over:
            db.session.delete(answer)
    db.session.flush()
    return carry_over_answers(assessment, actor=actor)


def confirm_carried_over(assessment: Assessment, question_ids: Sequence[str], *,
                         actor: User) -> list[str]:
    """Mark carried-over answers as confirmed unchanged; return the ids confirmed.

    Raises: CarryOverError when the assessment is not open for answers.
    """
    if assessment.status not in CONFIRMABLE:
        raise CarryOverError(f"This assessment is {assessment.status.label.lower()}; answers "
                             "cannot be confirmed now.")
    answers = _answers(assessment.id)
    confirmed = []
    for qid in dict.fromkeys(question_ids):
        answer = answers.get(qid)
        if answer is None or not answer.is_carried_over:
            continue
        answer.is_carried_over = False
        answer.updated_by_id = actor.id
        answer.updated_at = utcnow()
        confirmed.append(qid)
    if not confirmed:
        return []
    db.session.flush()
    if assessment.status is AssessmentStatus.SENT and not actor.is_staff:
        apply_transition(assessment, "start", actor, f"Started answering “{assessment.title}”")
    assessment.updated_at = utcnow()
    record(actor, "answer.carry_over_confirmed",
           f"Confirmed {len(confirmed)} carried-over answer(s): {', '.join(confirmed)[:400]}",
           vendor_id=assessment.vendor_id, assessment_id=assessment.id,
           details={"questions": confirmed})
    return confirmed


CARRIED_REASON = "Carried over from your last assessment: confirm it or change it."


def unconfirmed(assessment: Assessment, template: Template) -> list[MissingAnswer]:
    """List visible carried-over answers the vendor has neither confirmed nor changed.

    An answer whose question changed since last cycle says how it changed.
    """
    answers = _answers(assessment.id)
    values = {qid: a.value for qid, a in answers.items()}
    pending = [q for q in template.questions()
               if (a := answers.get(q.id)) is not None and a.is_carried_over
               and is_visible(q, values)]
    if not pending:
        return []
    changed = question_changes(assessment)
    return [MissingAnswer(q.id, q.section_id, q.text,
                          f"The question changed since your last answer: {changed[q.id]} "
                          "Confirm the carried-over answer or change it."
                          if q.id in changed else CARRIED_REASON)
            for q in pending]


def question_changes(assessment: Assessment) -> dict[str, str]:
    """Return, per question asked differently from last cycle, what changed (for the vendor)."""
    return {i.question_id: " ".join(i.reasons) for i in carry_plan(assessment)
            if i.carry is Carry.CONFIRM}
