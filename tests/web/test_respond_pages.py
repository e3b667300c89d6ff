"""Vendor pages of issue 12: the to-do view of a clarification round, the review-before-submit
page, one progress count, the saved answers that page conditions read, no save bar when locked."""
from __future__ import annotations

import json
import re

import pytest

from portal.assessments.lifecycle import AssessmentStatus
from portal.assessments.models import Answer, CommentKind, ReviewComment, ReviewStatus
from portal.extensions import db


def _answers(assessment, values: dict, *, status=ReviewStatus.ACCEPTED):
    contact = assessment.recipients[0]
    rows = {}
    for qid, value in values.items():
        rows[qid] = Answer(assessment_id=assessment.id, question_id=qid, value=value,
                           updated_by_id=contact.id, review_status=status)
        db.session.add(rows[qid])
    db.session.commit()
    return rows


@pytest.fixture
def clarifying(make_assessment, make_user, login, client):
    """A starter assessment in a clarification round: START-ORG-04 (shown when START-ORG-03 is
    "yes", which is locked) is flagged; everything else is accepted."""
    assessment = make_assessment(status=AssessmentStatus.CLARIFICATION_REQUESTED)
    rows = _answers(assessment, {
        "START-ORG-01": "Claims triage", "START-ORG-03": "yes", "START-ORG-04": "2027-01-31",
        "START-RESP-01": "yes", "START-RESP-02": "named-executive", "START-SUP-01": ["none"],
        "START-SUP-02": "yes", "START-SUP-03": "yes", "START-CUS-01": "never",
        "START-CUS-02": 24, "START-CUS-03": "yes"})
    flagged = rows["START-ORG-04"]
    flagged.review_status = ReviewStatus.CLARIFICATION_REQUESTED
    staff = make_user("procurement")
    flagged.comments.append(ReviewComment(kind=CommentKind.CLARIFICATION_REQUEST,
                                          body="Which certificate is this?", author_id=staff.id))
    db.session.commit()
    login(client, assessment.recipients[0])
    return assessment


def test_a_clarification_round_lands_on_the_to_do_list(client, clarifying):
    response = client.get(f"/respond/{clarifying.id}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/respond/{clarifying.id}/todo")
    html = client.get(f"/respond/{clarifying.id}/todo").get_data(as_text=True)
    assert "Which certificate is this?" in html
    assert f'href="/respond/{clarifying.id}?section=company#q-START-ORG-04"' in html
    assert "1 of 1 question still needs your answer or response" in html
    # A section the reviewer did not ask about has no save bar: every answer there is locked.
    html = client.get(f"/respond/{clarifying.id}?section=customers").get_data(as_text=True)
    assert "sticky-actions" not in html
    assert "Nothing in this section was asked about" in html
    html = client.get(f"/respond/{clarifying.id}?section=company").get_data(as_text=True)
    assert "sticky-actions" in html
    assert 'name="r-START-ORG-04"' in html


def test_the_page_carries_the_saved_answers_its_conditions_read(client, clarifying):
    """START-ORG-03 is locked (no inputs on the page): its saved answer keeps START-ORG-04 shown
    while the vendor works on it."""
    html = client.get(f"/respond/{clarifying.id}?section=company").get_data(as_text=True)
    saved = re.search(r'<script type="application/json" id="saved-answers">(.*?)</script>',
                      html, re.S).group(1)
    assert json.loads(saved) == {"START-ORG-03": "yes"}
    assert 'name="q-START-ORG-03"' not in html
    assert re.search(r'id="q-START-ORG-04"[^>]*data-visible-when="[^"]*START-ORG-03', html)


def test_responding_marks_the_item_done(client, clarifying):
    client.post(f"/respond/{clarifying.id}/autosave", data={
        "question": "START-ORG-04", "v-START-ORG-04": "1", "q-START-ORG-04": "2027-01-31",
        "r-START-ORG-04": "ISO/IEC 42001 certificate 123, valid to January 2027."})
    html = client.get(f"/respond/{clarifying.id}/todo").get_data(as_text=True)
    assert "You have answered every question the reviewer asked about" in html
    assert "ISO/IEC 42001 certificate 123" in html


def test_review_before_submit_shows_every_shown_answer(client, make_assessment, login):
    assessment = make_assessment()
    _answers(assessment, {"START-ORG-01": "Claims triage for motor insurance",
                          "START-RESP-02": "named-executive"}, status=ReviewStatus.PENDING)
    login(client, assessment.recipients[0])
    html = client.get(f"/respond/{assessment.id}/submit").get_data(as_text=True)
    assert "Claims triage for motor insurance" in html
    assert "A named executive role with a written mandate" in html  # the option's label
    assert "START-ORG-04" not in html.split("Your answers")[1]  # hidden follow-up left out
    assert "2 of 11 questions answered" in html
    assert "No answer yet." in html  # what blocks submission is marked where it is


def test_progress_is_one_count_on_every_page(client, make_assessment, login, make_user):
    """Before answering: the list, the form, the review page and staff all say 0 of 11 (the two
    hidden follow-ups do not count); after answering a trigger "yes", 1 of 12."""
    assessment = make_assessment()
    vendor = assessment.recipients[0]
    staff = make_user("procurement")

    def counts() -> set[str]:
        login(client, vendor)
        pages = [client.get(p).get_data(as_text=True) for p in (
            "/respond/", f"/respond/{assessment.id}", f"/respond/{assessment.id}/submit")]
        login(client, staff)
        pages.append(client.get(f"/assessments/{assessment.id}").get_data(as_text=True))
        return {m for html in pages for m in re.findall(r"(\d+) of (\d+) (?:questions )?answ",
                                                         html)}

    assert counts() == {("0", "11")}
    _answers(assessment, {"START-ORG-03": "yes"}, status=ReviewStatus.PENDING)
    assert counts() == {("1", "12")}


def test_a_section_whose_questions_all_hide_shows_no_count(client, make_assessment, login):
    """Core v3's upstream-provider questions show only for vendors building on another model."""
    assessment = make_assessment(template_key="ai-supplier-core")
    _answers(assessment, {"CORE-PRO-02": "own-model"}, status=ReviewStatus.PENDING)
    login(client, assessment.recipients[0])
    html = client.get(f"/respond/{assessment.id}").get_data(as_text=True)
    upstream = html.split("The provider you build on or resell")[1].split("</li>")[0]
    assert "0/0" not in upstream
    db.session.execute(db.update(Answer).where(Answer.assessment_id == assessment.id)
                       .values(value="resold"))
    db.session.commit()
    html = client.get(f"/respond/{assessment.id}").get_data(as_text=True)
    upstream = html.split("The provider you build on or resell")[1].split("</li>")[0]
    assert "0/3" in upstream
