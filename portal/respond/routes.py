"""Vendor side: the questionnaire, autosave, evidence, clarification and submission."""
from __future__ import annotations

from functools import lru_cache

from flask import (
    Blueprint,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.datastructures import MultiDict

from portal.assessments import answering
from portal.assessments.lifecycle import AssessmentStatus
from portal.assessments.models import Assessment, CommentKind, ReviewStatus
from portal.assessments.prefill import carry_plan
from portal.auth.access import vendor_required
from portal.certificates.services import register_evidence
from portal.documents.services import UploadRejected, store_upload
from portal.errors import send_refusals_to
from portal.extensions import db
from portal.questionnaires.answers import answer_progress, format_value, is_answered
from portal.questionnaires.bank import (
    Template,
    describe_condition,
    is_section_visible,
    is_visible,
    load_catalogue,
)
from portal.questionnaires.diff import Carry
from portal.questionnaires.models import TemplateVersion
from portal.questionnaires.templates import load_pinned
from portal.respond import carried, page, services
from portal.respond.ownership import own_assessment
from portal.settings.current import current_settings
from portal.templating import format_datetime

bp = Blueprint("respond", __name__, url_prefix="/respond")
# Confirming the answers carried over from the last cycle (carried.py).
bp.add_url_rule("/<int:assessment_id>/carried-over", view_func=carried.carried_over)
bp.add_url_rule("/<int:assessment_id>/carried-over/confirm", view_func=carried.confirm_carried,
                methods=["POST"])

VENDOR_VISIBLE_COMMENTS = (CommentKind.CLARIFICATION_REQUEST, CommentKind.VENDOR_RESPONSE,
                           CommentKind.ACCEPTANCE)


@lru_cache(maxsize=1)
def _evidence_labels() -> dict[str, str]:
    return dict(load_catalogue().evidence_kinds)


_PARTS: dict[tuple[int, str], dict[str, page.QuestionParts]] = {}


def _question_parts(version: TemplateVersion, template: Template) -> dict[str, page.QuestionParts]:
    """Return each question's static markup, written once per pinned (immutable) version."""
    key = (version.id, version.checksum)
    parts = _PARTS.get(key)
    if parts is None:
        parts = page.question_parts(template.questions(), _evidence_labels())
        if len(_PARTS) > 64:  # bounded; the versions in use are few
            _PARTS.clear()
        _PARTS[key] = parts
    return parts


@bp.get("/")
@vendor_required
def index():
    assessments = services.vendor_assessments(current_user)
    return render_template(
        "respond/index.html", assessments=assessments,
        progress={a.id: answering.progress_of(a) for a in assessments},
        flagged={a.id: sum(x.review_status is ReviewStatus.CLARIFICATION_REQUESTED
                           for x in a.answers) for a in assessments})


def _changes(form: MultiDict, template: Template, question_ids: list[str],
             extra_documents: dict[str, list[int]] | None = None) -> list[answering.AnswerChange]:
    """Read the answer fields of the given questions from a submitted form."""
    changes = []
    for qid in question_ids:
        question = template.question(qid)
        if question is None or f"v-{qid}" not in form:
            continue
        if question.type == "multiple_choice":
            value = form.getlist(f"q-{qid}")
        elif question.type == "file":
            removed = set(form.getlist(f"x-{qid}"))
            value = [d for d in form.getlist(f"q-{qid}") if d not in removed]
            value += [str(d) for d in (extra_documents or {}).get(qid, [])]
        else:
            value = form.get(f"q-{qid}")
        version = form.get(f"v-{qid}", type=int) or 0
        changes.append(answering.AnswerChange(
            question_id=qid, value=value, comment=form.get(f"c-{qid}"), base_version=version,
            response=form.get(f"r-{qid}")))
    return changes


def _carry_notes(assessment: Assessment, answers) -> dict:
    """What the vendor is told about last cycle's answers while the questionnaire is open."""
    if assessment.previous_id is None or not assessment.status.is_with_vendor:
        return {"changed_questions": {}, "not_carried": 0}
    plan = carry_plan(assessment)
    return {
        "changed_questions": {i.question_id: " ".join(i.reasons) for i in plan
                              if i.carry is Carry.CONFIRM},
        "not_carried": sum(1 for i in plan if i.carry is Carry.DROPPED
                           and not ((a := answers.get(i.question_id)) and is_answered(a.value))),
    }


def _render(assessment: Assessment, template: Template, section_id: str | None, *,
            outcome: answering.SaveOutcome | None = None, form: MultiDict | None = None,
            status: int = 200):
    answers = services.page_answers(assessment)
    values = {qid: a.value for qid, a in answers.items()}
    section = template.section(section_id or "") or template.sections[0]
    editable = answering.editable_questions(assessment, answers)
    outcome = outcome or answering.SaveOutcome()
    visible = {q.id: is_visible(q, values) for q in template.questions()}
    doc_ids = [i for a in answers.values() if isinstance(a.value, list) for i in a.value
               if isinstance(i, int)]
    documents = services.documents_by_id(doc_ids)
    index = [s.id for s in template.sections].index(section.id)
    next_section = template.sections[index + 1] if index + 1 < len(template.sections) else None
    parts = _question_parts(assessment.template_version, template)
    carry = _carry_notes(assessment, answers)
    states = page.question_states(
        section.questions, answers, visible=visible, editable=editable,
        clarifying=assessment.status.value == "clarification_requested",
        errors=outcome.errors, conflicts=outcome.conflicts, posted=form,
        vendor_comments=VENDOR_VISIBLE_COMMENTS, changed=carry["changed_questions"])
    questions = page.render_questions(
        zip([parts[q.id] for q in section.questions], states, strict=True),
        documents=documents, format_datetime=format_datetime,
        document_url=lambda document_id: url_for("documents.download", document_id=document_id))
    todo = services.clarification_items(assessment, template, answers)
    return render_template(
        "respond/questionnaire.html", assessment=assessment, template=template, section=section,
        answers=answers, progress=answer_progress(template, values), visible=visible,
        editable=editable, next_section=next_section, questions=questions,
        can_save=any(s.can_edit for s in states), todo=todo, not_carried=carry["not_carried"],
        todo_sections={item.section_id for item in todo},
        numbers=template.section_numbers(), section_condition=describe_condition(section, template),
        skipped_sections={s.id for s in template.sections if not is_section_visible(s, values)},
        saved_answers=page.condition_inputs(section.questions, values)), status


@bp.get("/<int:assessment_id>")
@vendor_required
def questionnaire(assessment_id: int):
    assessment = own_assessment(assessment_id)
    template = load_pinned(assessment.template_version)
    section_id = request.args.get("section")
    if section_id is None and assessment.status is AssessmentStatus.CLARIFICATION_REQUESTED:
        # A clarification round opens on what the reviewer asked, not on section 1.
        return redirect(url_for("respond.todo", assessment_id=assessment.id))
    return _render(assessment, template, section_id)


@bp.get("/<int:assessment_id>/todo")
@vendor_required
def todo(assessment_id: int):
    assessment = own_assessment(assessment_id)
    template = load_pinned(assessment.template_version)
    answers = services.page_answers(assessment)
    items = services.clarification_items(assessment, template, answers)
    return render_template("respond/todo.html", assessment=assessment, template=template,
                           items=items)


def _store_files(assessment: Assessment, template: Template) -> tuple[dict[str, list[int]],
                                                                        dict[str, str]]:
    """Store uploaded evidence per question; a rejected file is reported, never fatal."""
    stored: dict[str, list[int]] = {}
    errors: dict[str, str] = {}
    for key in request.files:
        if not key.startswith("f-"):
            continue
        qid = key[2:]
        question = template.question(qid)
        if question is None or question.type != "file":
            continue
        for upload in request.files.getlist(key):
            if not upload or not upload.filename:
                continue
            try:
                document = store_upload(upload.stream, upload.filename, vendor=assessment.vendor,
                                        actor=current_user, settings=current_settings(),
                                        assessment=assessment, question_id=qid)
            except UploadRejected as exc:
                errors[qid] = f"{upload.filename}: {exc.message}"
            else:
                stored.setdefault(qid, []).append(document.id)
                register_evidence(document, evidence_kinds=question.evidence,  # issue 4
                                  actor=current_user, settings=current_settings())
    return stored, errors


def _save_by_version(assessment: Assessment, template: Template,
                     changes: list[answering.AnswerChange], *,
                     can_retry: bool = True) -> answering.SaveOutcome:
    """Save the changes; decide a clash by the answers' versions, not by timing.

    When another request wrote one of these answers between this one's read and write (most
    often this page's own autosave, a moment before the Save button), the write fails on the
    version check. The request is rolled back and the save tried once more on what is stored
    now: an answer already holding the value typed is no change, and one someone else changed
    since the page's version is reported as a conflict with their value. Not retried when the
    request stored uploads (`can_retry` False): those would be rolled back with it; a clash
    then goes up as StaleDataError, as does a second clash in a row.
    """
    try:
        return answering.save_answers(assessment, template, changes, actor=current_user)
    except StaleDataError:
        if not can_retry:
            raise
        db.session.rollback()
    return answering.save_answers(assessment, template, changes, actor=current_user)


@bp.post("/<int:assessment_id>/save")
@vendor_required
def save(assessment_id: int):
    assessment = own_assessment(assessment_id)
    template = load_pinned(assessment.template_version)
    section_id = request.form.get("section")
    section = template.section(section_id or "") or template.sections[0]
    send_refusals_to(url_for("respond.questionnaire", assessment_id=assessment.id))
    try:
        files, file_errors = _store_files(assessment, template)
        changes = _changes(request.form, template, [q.id for q in section.questions], files)
        outcome = _save_by_version(assessment, template, changes, can_retry=not files)
    except StaleDataError:
        db.session.rollback()
        flash("These answers kept changing while you saved (another tab or a colleague). "
              "Check them and save again.", "warning")
        return redirect(url_for("respond.questionnaire", assessment_id=assessment.id,
                                section=section.id))
    outcome.errors.update(file_errors)
    db.session.commit()
    if outcome.errors or outcome.conflicts:
        flash(_problem_summary(outcome), "error")
        return _render(assessment, template, section.id, outcome=outcome, form=request.form,
                       status=422)
    flash(f"Saved {len(outcome.saved)} answer(s)." if outcome.saved else "No changes to save.",
          "success")
    target = section.id
    if request.form.get("next") and (nxt := request.form.get("next_section")):
        target = nxt
    return redirect(url_for("respond.questionnaire", assessment_id=assessment.id, section=target))


def _problem_summary(outcome: answering.SaveOutcome) -> str:
    parts = []
    if outcome.saved:
        parts.append(f"Saved {len(outcome.saved)} answer(s).")
    if outcome.errors:
        parts.append(f"{len(outcome.errors)} answer(s) need attention: see the messages below. "
                     "What you typed is still in the form.")
    if outcome.conflicts:
        parts.append(f"{len(outcome.conflicts)} answer(s) were changed by someone else meanwhile; "
                     "compare and save again to keep yours.")
    return " ".join(parts)


@bp.post("/<int:assessment_id>/autosave")
@vendor_required
def autosave(assessment_id: int):
    assessment = own_assessment(assessment_id)
    template = load_pinned(assessment.template_version)
    qids = request.form.getlist("question")
    try:
        outcome = _save_by_version(assessment, template, _changes(request.form, template, qids))
    except answering.NotEditable as exc:
        db.session.rollback()
        return jsonify(status="read_only", message=str(exc)), 409
    except StaleDataError:
        db.session.rollback()
        return jsonify(status="conflict",
                       message="This answer kept changing while saving; reload the page."), 409
    db.session.commit()
    body = {
        "status": "conflict" if outcome.conflicts else ("invalid" if outcome.errors else "saved"),
        "versions": {**outcome.unchanged, **outcome.saved},
        "errors": outcome.errors,
        "conflicts": {qid: {"value": c.current_value, "comment": c.current_comment,
                            "version": c.version, "changed_by": c.changed_by,
                            "changed_at": c.changed_at,
                            "display": format_value(template.question(qid), c.current_value)}
                      for qid, c in outcome.conflicts.items()},
    }
    code = 409 if outcome.conflicts else (422 if outcome.errors else 200)
    return jsonify(body), code


def _submit_page(assessment: Assessment, template: Template, missing, *, attempted: bool,
                 status: int = 200):
    answers = services.page_answers(assessment)
    values = {qid: a.value for qid, a in answers.items()}
    doc_ids = [i for a in answers.values() if isinstance(a.value, list) for i in a.value
               if isinstance(i, int)]
    return render_template(
        "respond/submit.html", assessment=assessment, template=template, missing=missing,
        attempted=attempted, progress=answer_progress(template, values),
        review=services.answer_review(template, answers, missing),
        documents=services.documents_by_id(doc_ids)), status


@bp.route("/<int:assessment_id>/submit", methods=["GET", "POST"])
@vendor_required
def submit(assessment_id: int):
    assessment = own_assessment(assessment_id)
    template = load_pinned(assessment.template_version)
    if request.method == "POST":
        target = send_refusals_to(url_for("respond.questionnaire", assessment_id=assessment.id))
        try:
            services.submit_assessment(assessment, actor=current_user, settings=current_settings())
        except answering.MissingAnswers as exc:
            db.session.rollback()
            return _submit_page(assessment, template, exc.missing, attempted=True, status=422)
        db.session.commit()
        flash("Thank you. Your answers were submitted for review; they are now read-only.",
              "success")
        return redirect(target)
    return _submit_page(assessment, template, answering.missing_for(assessment, template),
                        attempted=False)


@bp.post("/<int:assessment_id>/upload")
@vendor_required
def upload(assessment_id: int):
    assessment = own_assessment(assessment_id)
    template = load_pinned(assessment.template_version)
    qid = request.form.get("question", "")
    question = template.question(qid)
    if question is None or question.type != "file":
        return jsonify(status="invalid", errors={qid: "Unknown question."}), 422
    try:
        files, file_errors = _store_files(assessment, template)
        outcome = _save_by_version(assessment, template,
                                   _changes(request.form, template, [qid], files),
                                   can_retry=not files)
    except answering.NotEditable as exc:
        db.session.rollback()
        return jsonify(status="read_only", message=str(exc)), 409
    except StaleDataError:
        db.session.rollback()
        return jsonify(status="conflict",
                       message="This answer kept changing while saving; reload the page."), 409
    db.session.commit()
    outcome.errors.update(file_errors)
    answer = answering.answers_by_question(assessment).get(qid)
    ids = answer.value if answer and isinstance(answer.value, list) else []
    docs = list(services.documents_by_id(ids).values())
    body = {
        "status": "conflict" if outcome.conflicts else ("invalid" if outcome.errors else "saved"),
        "versions": {**outcome.unchanged, **outcome.saved},
        "errors": outcome.errors,
        "documents": [{"id": d.id, "name": d.original_name, "size": d.size,
                       "url": url_for("documents.download", document_id=d.id)} for d in docs],
    }
    return jsonify(body), (409 if outcome.conflicts else (422 if outcome.errors else 200))
