"""Staff side of assessments: create, send, review, decide."""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from portal.assessments import bulk_routes, cycle_routes, services
from portal.assessments.answering import answers_by_question, progress_of
from portal.assessments.cycles import next_cycle_defaults
from portal.assessments.delta import DeltaReview, accept_unchanged, delta_review, unchanged_pending
from portal.assessments.forms import ActionForm, AssessmentForm, ChooseVendorForm, ReviewForm
from portal.assessments.lifecycle import STAFF, AssessmentStatus, available_actions
from portal.assessments.models import AnswerRevision, Assessment, ReviewStatus
from portal.assessments.review import accept_answers, review_answer, review_progress
from portal.audit.services import events_query
from portal.auth.access import EDITOR_ROLES, editor_required, reviewer_required, staff_required
from portal.auth.models import Role
from portal.documents.models import Document
from portal.errors import send_refusals_to
from portal.extensions import db
from portal.mail.services import delivery_note
from portal.questionnaires.answers import format_value
from portal.questionnaires.templates import latest_versions, load_pinned
from portal.settings.current import current_settings
from portal.vendors.models import Vendor

bp = Blueprint("assessments", __name__, url_prefix="/assessments")
# Bulk sending and due-date reminders (bulk_routes.py) start jobs on many assessments.
bp.add_url_rule("/bulk", view_func=bulk_routes.bulk_send, methods=["GET", "POST"])
bp.add_url_rule("/reminders", view_func=bulk_routes.send_reminders_now, methods=["POST"])
# Answers compared with the last cycle's (cycle_routes.py).
bp.add_url_rule("/<int:assessment_id>/changes", view_func=cycle_routes.cycle_changes)


@bp.app_context_processor
def _cycle_helpers() -> dict:
    # Vendor pages label their "new assessment" button "Start next cycle" once one was accepted.
    return {"last_accepted_assessment": lambda vendor_id: services.previous_accepted(vendor_id)}


@bp.get("/")
@staff_required
def index():
    status = request.args.get("status") or None
    if status and status not in {s.value for s in AssessmentStatus}:
        status = None
    vendor_id = request.args.get("vendor_id", type=int)
    overdue = request.args.get("overdue") == "1"
    sort = request.args.get("sort", "due")
    query = services.assessments_for_staff(status=status, vendor_id=vendor_id, overdue=overdue,
                                           sort=sort)
    page = db.paginate(query, per_page=current_settings().page_size, error_out=False)
    args = {k: v for k, v in {"status": status, "vendor_id": vendor_id,
                               "overdue": "1" if overdue else None, "sort": sort}.items() if v}
    return render_template("assessments/index.html", page=page, args=args, status=status,
                           overdue=overdue, sort=sort, statuses=list(AssessmentStatus))


def _vendor_choices() -> list[tuple[int, str]]:
    return [(v.id, v.legal_name) for v in db.session.scalars(
        sa.select(Vendor).order_by(Vendor.legal_name))]


def _fill_choices(form: AssessmentForm, vendor: Vendor) -> None:
    form.template_version_id.choices = [(t.id, f"{t.label} · {t.question_count} questions")
                                        for t in latest_versions()]
    form.product_id.choices = [(0, "— whole vendor —")] + [(p.id, p.name) for p in vendor.products]
    form.recipient_ids.choices = [(u.id, f"{u.name} <{u.email}>") for u in vendor.contacts
                                  if u.is_active]


def _draft_from(form: AssessmentForm) -> services.AssessmentDraft:
    return services.AssessmentDraft(
        title=form.title.data, template_version_id=form.template_version_id.data,
        due_date=form.due_date.data, recipient_ids=form.recipient_ids.data or [],
        product_id=form.product_id.data or None, message=form.message.data)


@bp.route("/new", methods=["GET", "POST"])
@editor_required
def new():
    vendor_id = request.values.get("vendor_id", type=int)
    vendor = db.session.get(Vendor, vendor_id) if vendor_id else None
    if vendor is None:
        chooser = ChooseVendorForm(request.args)
        chooser.vendor_id.choices = _vendor_choices()
        return render_template("assessments/choose_vendor.html", form=chooser)
    form = AssessmentForm()
    _fill_choices(form, vendor)
    defaults = next_cycle_defaults(vendor, months=current_settings().reassessment_months,
                                   today=date.today())
    if request.method == "GET":
        form.recipient_ids.data = [c for c, _ in form.recipient_ids.choices]
        if defaults.template_version is not None:  # the next cycle of an assessed vendor
            form.title.data = defaults.title
            form.template_version_id.data = defaults.template_version.id
            form.product_id.data = defaults.product_id or 0
            form.recipient_ids.data = list(defaults.recipient_ids)
            form.due_date.data = defaults.due_date
    if form.validate_on_submit():
        try:
            assessment = services.create_assessment(vendor, _draft_from(form), actor=current_user)
            if form.send.data:
                services.send_assessment(assessment, actor=current_user,
                                         settings=current_settings())
        except services.AssessmentError as exc:
            db.session.rollback()
            flash(str(exc), "error")
        else:
            db.session.commit()
            flash(_sent_note(assessment) if form.send.data
                  else "Draft saved. Send it when ready.", "success")
            return redirect(url_for("assessments.detail", assessment_id=assessment.id))
    return render_template("assessments/form.html", form=form, vendor=vendor, assessment=None,
                           defaults=defaults if defaults.template_version else None)


def _sent_note(assessment: Assessment) -> str:
    note = delivery_note(current_settings().smtp, can_read_outbox=current_user.role is Role.ADMIN)
    to = ", ".join(u.email for u in assessment.recipients)
    return f"Assessment sent: one e-mail to each of {to}. {note}"


def _get(assessment_id: int) -> Assessment:
    return db.get_or_404(Assessment, assessment_id)


@bp.route("/<int:assessment_id>/edit", methods=["GET", "POST"])
@editor_required
def edit(assessment_id: int):
    assessment = _get(assessment_id)
    if assessment.status is not AssessmentStatus.DRAFT:
        flash("Only drafts can be edited.", "warning")
        return redirect(url_for("assessments.detail", assessment_id=assessment.id))
    form = AssessmentForm(obj=assessment)
    _fill_choices(form, assessment.vendor)
    if request.method == "GET":
        form.recipient_ids.data = [u.id for u in assessment.recipients]
        form.product_id.data = assessment.product_id or 0
    if form.validate_on_submit():
        try:
            services.update_draft(assessment, _draft_from(form), actor=current_user)
            if form.send.data:
                services.send_assessment(assessment, actor=current_user,
                                         settings=current_settings())
        except services.AssessmentError as exc:
            db.session.rollback()
            flash(str(exc), "error")
        else:
            db.session.commit()
            flash(_sent_note(assessment) if form.send.data else "Draft saved.", "success")
            return redirect(url_for("assessments.detail", assessment_id=assessment.id))
    return render_template("assessments/form.html", form=form, vendor=assessment.vendor,
                           assessment=assessment)


@bp.get("/<int:assessment_id>")
@staff_required
def detail(assessment_id: int):
    return _detail(_get(assessment_id))


def _detail(assessment: Assessment, *, gate: int | None = None, comment: str = "",
            status: int = 200):
    """The assessment page; `gate` asks to confirm accepting with that many unreviewed answers."""
    template = load_pinned(assessment.template_version)
    answers = answers_by_question(assessment)
    events = db.session.scalars(events_query(assessment_id=assessment.id).limit(100)).all()
    actions = [t for t in available_actions(assessment.status, STAFF)
               if _may(t.action)]
    return render_template(
        "assessments/detail.html", assessment=assessment, template=template, answers=answers,
        progress=review_progress(answers), events=events, actions=actions,
        answered=progress_of(assessment), action_form=ActionForm(), today=date.today(),
        unreviewed=len(services.unreviewed_answers(assessment)), gate=gate,
        gate_comment=comment), status


def _may(action: str) -> bool:
    if action in ("send", "cancel"):
        return current_user.role in EDITOR_ROLES
    return current_user.role in (Role.ADMIN, Role.PROCUREMENT, Role.CONTRACT_MANAGER)


@bp.post("/<int:assessment_id>/action")
@reviewer_required
def action(assessment_id: int):
    assessment = _get(assessment_id)
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    name = form.action.data
    if not _may(name):
        abort(403)
    settings = current_settings()
    target = send_refusals_to(url_for("assessments.detail", assessment_id=assessment.id))
    try:
        if name == "send":
            services.send_assessment(assessment, actor=current_user, settings=settings)
        elif name == "request_clarification":
            services.request_clarification(assessment, actor=current_user, settings=settings)
        else:
            services.change_status(assessment, name, actor=current_user,
                                   comment=form.comment.data, settings=settings,
                                   confirm_unreviewed=form.confirm_unreviewed.data or False)
    except services.UnreviewedAnswers as exc:
        db.session.rollback()
        return _detail(assessment, gate=exc.count, comment=form.comment.data or "")
    db.session.commit()
    flash(f"Assessment is now {assessment.status.label.lower()}.", "success")
    return redirect(target)


@bp.get("/<int:assessment_id>/review")
@reviewer_required
def review(assessment_id: int):
    assessment = _get(assessment_id)
    template = load_pinned(assessment.template_version)
    answers = answers_by_question(assessment)
    delta = delta_review(assessment)
    section_id = request.args.get("section") or template.sections[0].id
    showing_removed = section_id == REMOVED_SECTION and delta is not None
    section = template.section(section_id) or template.sections[0]
    filters = REVIEW_FILTERS if delta is not None else {
        k: v for k, v in REVIEW_FILTERS.items() if k not in ("changed", "unchanged")}
    only = request.args.get("filter", "all")
    if only not in filters:
        only = "all"
    revisions = _revisions(answers)
    documents = _documents(assessment)
    flagged = {qid for qid, a in answers.items()
               if a.review_status is ReviewStatus.CLARIFICATION_REQUESTED}
    section_flags = {s.id: sum(q.id in flagged for q in s.questions) for s in template.sections}
    progress = review_progress(answers)
    unreviewed_list = services.unreviewed_answers(assessment)
    unreviewed = len(unreviewed_list)
    here = {q.id for q in section.questions}
    shown = [] if showing_removed else [
        q for q in section.questions if _matches(only, answers.get(q.id), delta, q.id)]
    return render_template(
        "assessments/review.html", shown=shown, filters=filters, assessment=assessment,
        template=template, section=section, showing_removed=showing_removed,
        answers=answers, revisions=revisions, documents=documents, form=ReviewForm(),
        format_value=format_value, only=only, section_flags=section_flags,
        reviewed=sum(progress.values()) - progress[ReviewStatus.PENDING],
        answered=progress_of(assessment), unreviewed=unreviewed,
        unreviewed_here=sum(a.question_id in here for a in unreviewed_list),
        delta=delta, removed_section=REMOVED_SECTION,
        unchanged_pending=len(unchanged_pending(delta, answers)) if delta else 0)


REVIEW_FILTERS = {
    "all": "All questions",
    "pending": "Not reviewed yet",
    "flagged": "Clarification requested",
    "changed": "Changed since last cycle",
    "unchanged": "Same as last cycle",
}
REMOVED_SECTION = "removed-questions"


def _matches(only: str, answer, delta: DeltaReview | None, qid: str) -> bool:
    if only == "pending":
        return answer is None or answer.review_status is ReviewStatus.PENDING
    if only == "flagged":
        return answer is not None and answer.review_status in (
            ReviewStatus.CLARIFICATION_REQUESTED, ReviewStatus.RESPONDED)
    if only in ("changed", "unchanged"):
        if delta is None:
            return False
        return delta.rows[qid].status.needs_review is (only == "changed")
    return True


@bp.post("/<int:assessment_id>/review/accept-unchanged")
@reviewer_required
def accept_unchanged_answers(assessment_id: int):
    """Accept, in the whole assessment, every unreviewed answer that is the same as last cycle."""
    assessment = _get(assessment_id)
    if not FlaskForm().validate_on_submit():  # the CSRF token
        abort(400)
    if assessment.previous_id is None:
        flash("This assessment has no earlier accepted cycle to compare with.", "warning")
        return redirect(url_for("assessments.review", assessment_id=assessment.id))
    target = send_refusals_to(url_for("assessments.review", assessment_id=assessment.id,
                                      section=request.form.get("section") or None,
                                      filter=request.form.get("filter") or None))
    accepted = accept_unchanged(assessment, actor=current_user)
    db.session.commit()
    flash(f"Accepted {len(accepted)} answer(s) that are the same as last cycle. Changed, "
          "new and reworded questions, and “not applicable” answers, are left for you to "
          "review one by one.", "success")
    return redirect(target)


@bp.post("/<int:assessment_id>/review/accept-unflagged")
@reviewer_required
def accept_unflagged(assessment_id: int):
    """Accept every answer not yet reviewed, in one section (section=...) or in all."""
    assessment = _get(assessment_id)
    template = load_pinned(assessment.template_version)
    if not FlaskForm().validate_on_submit():  # the CSRF token
        abort(400)
    section_id = request.form.get("section")
    section = template.section(section_id) if section_id else None
    if section_id and section is None:
        abort(404)
    questions = section.questions if section else template.questions()
    target = send_refusals_to(url_for("assessments.review", assessment_id=assessment.id,
                                      section=section.id if section else None,
                                      filter=request.form.get("filter") or None))
    accepted = accept_answers(assessment, questions, actor=current_user)
    db.session.commit()
    where = f" in “{section.title}”" if section else ""
    flash(f"Accepted {len(accepted)} answer(s){where} that nobody had reviewed; answers "
          "flagged for clarification and “not applicable” answers (accept those one by "
          "one) were left as they are.", "success")
    return redirect(target)


def _revisions(answers) -> dict[int, list[AnswerRevision]]:
    ids = [a.id for a in answers.values()]
    result: dict[int, list[AnswerRevision]] = {i: [] for i in ids}
    if ids:
        rows = db.session.scalars(sa.select(AnswerRevision)
                                  .options(sa.orm.selectinload(AnswerRevision.changed_by))
                                  .where(AnswerRevision.answer_id.in_(ids))
                                  .order_by(AnswerRevision.id.desc()))
        for row in rows:
            result[row.answer_id].append(row)
    return result


def _documents(assessment: Assessment) -> dict[int, object]:
    return {d.id: d for d in db.session.scalars(
        sa.select(Document).where(Document.assessment_id == assessment.id))}


@bp.post("/<int:assessment_id>/review/<question_id>")
@reviewer_required
def review_post(assessment_id: int, question_id: str):
    assessment = _get(assessment_id)
    template = load_pinned(assessment.template_version)
    question = template.question(question_id)
    if question is None:
        abort(404)
    form = ReviewForm()
    target = send_refusals_to(url_for(
        "assessments.review", assessment_id=assessment.id, section=question.section_id,
        filter=request.args.get("filter", "all")) + f"#q-{question_id}")
    if not form.validate_on_submit():
        flash("Choose a decision.", "error")
        return redirect(target)
    review_answer(assessment, question_id, decision=form.decision.data,
                  comment=form.comment.data, actor=current_user)
    db.session.commit()
    flash(f"Review saved for {question_id}.", "success")
    return redirect(target)


@bp.get("/<int:assessment_id>/activity")
@staff_required
def activity(assessment_id: int):
    assessment = _get(assessment_id)
    events = db.session.scalars(events_query(assessment_id=assessment.id)).all()
    return render_template("assessments/activity.html", assessment=assessment, events=events)
