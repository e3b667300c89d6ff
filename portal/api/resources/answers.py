"""Vendor-side answering: read the questionnaire, change one answer, submit."""
from __future__ import annotations

from sqlalchemy.orm.exc import StaleDataError

from portal.api import schemas, serializers
from portal.api.errors import ApiProblem
from portal.api.operations import ALL_ROLES, VENDORS, Call, Operations
from portal.api.resources.assessments import visible_assessment
from portal.assessments import answering
from portal.extensions import db
from portal.questionnaires.bank import is_visible
from portal.questionnaires.templates import load_pinned
from portal.respond import services
from portal.settings.current import current_settings

ops = Operations("answers", "Answering an assessment (vendor contacts).")


def _answer_list(assessment) -> schemas.AnswerList:
    template = load_pinned(assessment.template_version)
    stored = answering.answers_by_question(assessment)
    return serializers.answers(assessment, template, stored,
                               answering.editable_questions(assessment, stored))


@ops.route("GET", "/assessments/{assessment_id}/answers", summary="List questions and answers",
           roles=ALL_ROLES, response=schemas.AnswerList)
def list_answers(call: Call, assessment_id: int):
    """Every question with its answer, version and whether it can be changed now."""
    return _answer_list(visible_assessment(call.user, assessment_id))


@ops.route("PUT", "/assessments/{assessment_id}/answers/{question_id}", summary="Save an answer",
           scope="write", roles=VENDORS, body=schemas.AnswerPut, response=schemas.AnswerOut,
           errors=(409,))
def put_answer(call: Call, assessment_id: int, question_id: str):
    """Save one answer. `version` is the version you read (0 for a new answer); when someone
    saved the answer meanwhile the call fails with 409 and the current answer. A question
    hidden by an earlier answer (see `show_if`) takes no answer: 409 `question-hidden`."""
    assessment = visible_assessment(call.user, assessment_id)
    template = load_pinned(assessment.template_version)
    question = template.question(question_id)
    if question is None:
        raise ApiProblem(404, f"The assessment has no question {question_id!r}.")
    body: schemas.AnswerPut = call.body
    stored = answering.answers_by_question(assessment, with_authors=False)
    if body.value not in (None, "", []) and not is_visible(question, {q: a.value
                                                              for q, a in stored.items()}):
        raise ApiProblem(
            409, f"{question_id} is shown only when {question.show_if.describe()}; "
                 "answer that question first.", kind="question-hidden")
    change = answering.AnswerChange(question_id=question_id, value=body.value,
                                   comment=body.comment, base_version=body.version,
                                   response=body.response)
    try:
        outcome = answering.save_answers(assessment, template, [change], actor=call.user)
    except answering.NotEditable as exc:
        raise ApiProblem(409, str(exc), kind="not-editable") from None
    except StaleDataError:
        db.session.rollback()
        raise ApiProblem(409, "Someone saved this answer at the same moment; read it again.",
                         kind="edit-conflict") from None
    if question_id in outcome.errors:
        raise ApiProblem(422, outcome.errors[question_id], kind="validation-error",
                         errors=[{"pointer": "#/value", "detail": outcome.errors[question_id]}])
    if question_id in outcome.conflicts:
        conflict = outcome.conflicts[question_id]
        raise ApiProblem(
            409, f"{conflict.changed_by} changed this answer at {conflict.changed_at} "
                 f"(version {conflict.version}); you sent version {body.version}.",
            kind="edit-conflict",
            current={"value": conflict.current_value, "comment": conflict.current_comment,
                     "version": conflict.version, "changed_by": conflict.changed_by,
                     "changed_at": conflict.changed_at})
    db.session.commit()
    answers = _answer_list(assessment)
    return schemas.AnswerOut(next(a for a in answers.data if a.question_id == question_id))


@ops.route("POST", "/assessments/{assessment_id}/submit", summary="Submit the answers",
           scope="write", roles=VENDORS, response=schemas.AssessmentOut, errors=(409, 422))
def submit_assessment(call: Call, assessment_id: int):
    """Submit (or resubmit) for review; 422 lists the answers still missing."""
    assessment = visible_assessment(call.user, assessment_id)
    try:
        services.submit_assessment(assessment, actor=call.user, settings=current_settings())
    except answering.MissingAnswers as exc:
        raise ApiProblem(422, f"{len(exc.missing)} required answer(s) are missing.",
                         kind="missing-answers",
                         missing_answers=serializers.missing(exc.missing),
                         errors=[{"pointer": f"#/answers/{m.question_id}", "detail": m.reason}
                                 for m in exc.missing]) from None
    except answering.NotEditable as exc:
        raise ApiProblem(409, str(exc), kind="not-editable") from None
    db.session.commit()
    return serializers.assessment(assessment, viewer=call.user)
