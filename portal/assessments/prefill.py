"""Answer reuse across cycles: carry the last accepted answers forward, confirm, compare."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from portal.assessments.lifecycle import AssessmentStatus
from portal.assessments.models import Answer, AnswerRevision, Assessment
from portal.assessments.templates import load_pinned
from portal.audit.services import record
from portal.auth.models import User
from portal.extensions import db, utcnow
from portal.questionnaires.bank import Template, is_visible
from portal.respond.answers import InvalidAnswer, MissingAnswer, check_comment, normalise

# Carried-over answers may be confirmed while the vendor can still change answers.
CONFIRMABLE = (AssessmentStatus.SENT, AssessmentStatus.IN_PROGRESS,
               AssessmentStatus.CLARIFICATION_REQUESTED)


class CarryOverError(Exception):
    """Carried-over answers cannot be confirmed now; the message says why."""


def _answers(assessment_id: int) -> dict[str, Answer]:
    return {a.question_id: a for a in db.session.scalars(
        sa.select(Answer).where(Answer.assessment_id == assessment_id))}


def _own_documents(vendor_id: int, ids: list[int]) -> list[int]:
    from portal.documents.models import Document

    if not ids:
        return []
    allowed = set(db.session.scalars(sa.select(Document.id).where(
        Document.id.in_(ids), Document.vendor_id == vendor_id, Document.is_removed.is_(False))))
    return [i for i in ids if i in allowed]


def carry_over_answers(assessment: Assessment, *, actor: User) -> list[str]:
    """Pre-fill answers from the previous accepted assessment where still valid; return ids.

    A value is carried only when the same question id exists in the new template and the value
    still passes normalise() and check_comment(); file answers keep the vendor's documents.
    """
    if assessment.previous_id is None:
        return []
    template = load_pinned(assessment.template_version)
    previous = _answers(assessment.previous_id)
    existing = _answers(assessment.id)
    carried, skipped = [], []
    for question in template.questions():
        old = previous.get(question.id)
        if old is None or old.value in (None, "", []) or question.id in existing:
            continue
        try:
            value = normalise(question, old.value)
            comment = check_comment(question, value, old.comment)
        except InvalidAnswer:
            skipped.append(question.id)
            continue
        if question.type == "file":
            value = _own_documents(assessment.vendor_id, value or [])
        if value in (None, []):
            skipped.append(question.id)
            continue
        answer = Answer(assessment_id=assessment.id, question_id=question.id, value=value,
                        comment=comment, is_carried_over=True,
                        updated_by_id=old.updated_by_id, updated_at=utcnow())
        db.session.add(answer)
        db.session.flush()
        db.session.add(AnswerRevision(answer_id=answer.id, version=answer.version, value=value,
                                      comment=comment, changed_by_id=old.updated_by_id))
        carried.append(question.id)
    if carried or skipped:
        record(actor, "answer.carried_over",
               f"Carried over {len(carried)} answer(s) from assessment #{assessment.previous_id}"
               + (f"; {len(skipped)} no longer valid" if skipped else ""),
               obj=assessment, vendor_id=assessment.vendor_id, assessment_id=assessment.id,
               details={"previous_assessment": assessment.previous_id, "questions": carried,
                        "not_valid_any_more": skipped})
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
        from portal.assessments.services import apply_transition

        apply_transition(assessment, "start", actor, f"Started answering “{assessment.title}”")
    assessment.updated_at = utcnow()
    record(actor, "answer.carry_over_confirmed",
           f"Confirmed {len(confirmed)} carried-over answer(s): {', '.join(confirmed)[:400]}",
           vendor_id=assessment.vendor_id, assessment_id=assessment.id,
           details={"questions": confirmed})
    return confirmed


def unconfirmed(assessment: Assessment, template: Template) -> list[MissingAnswer]:
    """List visible carried-over answers the vendor has neither confirmed nor changed."""
    answers = _answers(assessment.id)
    values = {qid: a.value for qid, a in answers.items()}
    return [MissingAnswer(q.id, q.section_id, q.text,
                          "Carried over from your last assessment: confirm it or change it.")
            for q in template.questions()
            if (a := answers.get(q.id)) is not None and a.is_carried_over and is_visible(q, values)]


@dataclass(frozen=True)
class CycleChange:
    question_id: str
    section_id: str
    text: str
    previous: Any
    current: Any
    status: str  # changed | same | new | blank | carried (carried over, not yet confirmed)


def cycle_changes(assessment: Assessment) -> tuple[Template, list[CycleChange]]:
    """Compare each answer with the previous accepted assessment's answer to the same question."""
    template = load_pinned(assessment.template_version)
    current = _answers(assessment.id)
    previous = _answers(assessment.previous_id) if assessment.previous_id else {}
    rows = []
    for q in template.questions():
        a, p = current.get(q.id), previous.get(q.id)
        value, old = (a.value if a else None), (p.value if p else None)
        if a is not None and a.is_carried_over:
            status = "carried"
        elif p is None or old in (None, "", []):
            status = "new" if value not in (None, "", []) else "blank"
        else:
            status = "same" if value == old else "changed"
        rows.append(CycleChange(q.id, q.section_id, q.text, old, value, status))
    return template, rows
