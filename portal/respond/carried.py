"""Vendor pages that confirm the answers carried over from the last cycle.

The views are attached to the respond blueprint in routes.py, next to its other URLs, so their
endpoints read respond.carried_over and respond.confirm_carried.
"""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from portal.assessments import prefill
from portal.assessments.answering import answers_by_question
from portal.auth.access import vendor_required
from portal.errors import send_refusals_to
from portal.extensions import db
from portal.questionnaires.answers import format_value
from portal.questionnaires.diff import Carry
from portal.questionnaires.forms import ConfirmCarriedForm
from portal.questionnaires.templates import load_pinned
from portal.respond.ownership import own_assessment


@vendor_required
def carried_over(assessment_id: int):
    assessment = own_assessment(assessment_id)
    template = load_pinned(assessment.template_version)
    pending = prefill.unconfirmed(assessment, template)
    plan = prefill.carry_plan(assessment)
    answers = answers_by_question(assessment)
    return render_template("respond/carried_over.html", assessment=assessment,
                           template=template, pending=pending, answers=answers,
                           dropped=[i for i in plan if i.carry is Carry.DROPPED],
                           carried_reason=prefill.CARRIED_REASON, form=ConfirmCarriedForm(),
                           format_value=format_value)


@vendor_required
def confirm_carried(assessment_id: int):
    assessment = own_assessment(assessment_id)
    form = ConfirmCarriedForm()
    if not form.validate_on_submit() or not (form.question.data or form.section.data):
        abort(400)
    template = load_pinned(assessment.template_version)
    if form.question.data:
        ids = [form.question.data]
    else:
        # Answers to questions that changed are confirmed one by one, after reading them.
        ids = [m.question_id for m in prefill.unconfirmed(assessment, template)
               if m.section_id == form.section.data and m.reason == prefill.CARRIED_REASON]
    target = send_refusals_to(url_for("respond.carried_over", assessment_id=assessment.id))
    confirmed = prefill.confirm_carried_over(assessment, ids, actor=current_user)
    db.session.commit()
    flash(f"Confirmed {len(confirmed)} answer(s)." if confirmed else "Nothing to confirm.",
          "success")
    return redirect(target)
