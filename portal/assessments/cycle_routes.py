"""Staff page comparing an assessment's answers with the last cycle's, question by question.

The view is attached to the assessments blueprint in routes.py, next to its other URLs.
"""
from __future__ import annotations

from flask import render_template, request

from portal.assessments.answering import answers_by_question
from portal.assessments.delta import delta_review
from portal.assessments.models import Assessment
from portal.auth.access import staff_required
from portal.extensions import db
from portal.questionnaires.answers import format_value
from portal.questionnaires.templates import load_pinned


@staff_required
def cycle_changes(assessment_id: int):
    assessment = db.get_or_404(Assessment, assessment_id)
    template = load_pinned(assessment.template_version)
    review = delta_review(assessment)
    only = request.args.get("filter", "changed")
    if only not in ("changed", "carried", "all"):
        only = "changed"
    answers = answers_by_question(assessment)
    rows = list(review.rows.values()) + review.removed if review else []
    carried = {qid for qid, a in answers.items() if a.is_carried_over}
    shown = [r for r in rows if only == "all"
             or (only == "changed" and r.status.needs_review)
             or (only == "carried" and r.question_id in carried)]
    return render_template("assessments/cycle_changes.html", assessment=assessment,
                           template=template, rows=shown, only=only, review=review,
                           carried=carried, format_value=format_value)
