"""Two cycles across a template version change: what is carried, confirmed, dropped and shown."""
from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pytest

from portal.assessments import prefill
from portal.assessments import services as assessment_services
from portal.assessments.lifecycle import AssessmentStatus
from portal.assessments.models import Answer
from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.questionnaires.bank import load_catalogue, parse_template
from portal.questionnaires.diff import Carry
from portal.questionnaires.templates import store_template
from portal.settings.current import settings_for
from tests.cycle_templates import V1, v2

LAST_CYCLE = {
    "Q-WORD": ("yes", "Policy v3 attached"),
    "Q-UNIT": (12, None),
    "Q-OPT": ("named-executive", None),
    "Q-MULTI": (["bias", "legacy"], None),
    "Q-GONE": ("We use model X for triage.", None),
    "Q-SAME": ("Dana Reyes", None),
    "Q-MAP": ("yes", None),
}


def _answer_last_cycle(previous):
    """Store LAST_CYCLE as the previous assessment's answers; return its contact."""
    contact = previous.recipients[0]
    for qid, (value, comment) in LAST_CYCLE.items():
        db.session.add(Answer(assessment_id=previous.id, question_id=qid, value=value,
                              comment=comment, updated_by_id=contact.id))
    db.session.commit()
    return contact


@pytest.fixture
def versions(app):
    catalogue = load_catalogue()
    first = store_template(parse_template(V1, source="v1", catalogue=catalogue))
    second = store_template(parse_template(v2(), source="v2", catalogue=catalogue))
    db.session.commit()
    return first, second


@pytest.fixture
def cycles(versions, make_assessment, make_user):
    """Last cycle accepted on v1; this cycle created on v2 and sent."""
    first, second = versions
    previous = make_assessment(status=AssessmentStatus.ACCEPTED, template_key="ai-supplier-starter")
    previous.template_version = first
    contact = _answer_last_cycle(previous)
    staff = make_user("procurement")
    draft = assessment_services.AssessmentDraft(
        title="Second cycle", template_version_id=second.id,
        due_date=date.today() + timedelta(days=20), recipient_ids=[contact.id])
    current = assessment_services.create_assessment(previous.vendor, draft, actor=staff)
    current.status = AssessmentStatus.SENT
    db.session.commit()
    return previous, current, contact, staff


def _answers(assessment) -> dict[str, Answer]:
    db.session.expire_all()
    return {a.question_id: a for a in db.session.scalars(
        db.select(Answer).filter_by(assessment_id=assessment.id))}


def test_each_old_answer_is_carried_confirmed_or_dropped_with_a_reason(cycles):
    previous, current, _, staff = cycles
    plan = {i.question_id: i for i in prefill.carry_plan(current)}
    assert {qid: i.carry for qid, i in plan.items()} == {
        "Q-WORD": Carry.CONFIRM, "Q-UNIT": Carry.DROPPED, "Q-OPT": Carry.DROPPED,
        "Q-MULTI": Carry.CONFIRM, "Q-GONE": Carry.DROPPED, "Q-SAME": Carry.VALID,
        "Q-MAP": Carry.VALID}
    answers = _answers(current)
    assert set(answers) == {"Q-WORD", "Q-MULTI", "Q-SAME", "Q-MAP"}
    assert answers["Q-MULTI"].value == ["bias"]  # the removed option is taken out
    assert all(a.is_carried_over for a in answers.values())
    event = db.session.scalar(db.select(AuditEvent).filter_by(action="answer.carried_over"))
    assert event.actor_id == staff.id
    assert set(event.details["not_carried"]) == {"Q-UNIT", "Q-OPT", "Q-GONE"}
    assert "hours to calendar days" in event.details["not_carried"]["Q-UNIT"]
    assert set(event.details["question_changed"]) == {"Q-WORD", "Q-MULTI"}


def test_vendor_is_told_what_was_dropped_and_why_in_labels(client, login, cycles):
    _, current, contact, _ = cycles
    login(client, contact)
    page = client.get(f"/respond/{current.id}").get_data(as_text=True)
    assert "Not carried over (3)" in page
    assert "Question changed since your last answer: confirm or change" in page
    assert "The question was reworded." in page
    assert 'aria-describedby="u-Q-UNIT"' in page and ">calendar days</span>" in page
    listing = client.get(f"/respond/{current.id}/carried-over").get_data(as_text=True)
    assert "Not carried over from your last assessment (3)" in listing
    assert "The unit changed from hours to calendar days" in listing
    assert "Your answer last time: 12 hours" in listing
    assert "“A named executive” is no longer offered" in listing
    assert "Your answer last time: A named executive" in listing
    assert "named-executive" not in listing  # labels, never option codes
    assert "removed from this version of the questionnaire" in listing
    # Only the two unchanged questions can be confirmed in one go; changed ones one by one.
    assert "Confirm all 2 unchanged question(s) in this section" in listing
    client.post(f"/respond/{current.id}/carried-over/confirm", data={"section": "gov"})
    still = {q for q, a in _answers(current).items() if a.is_carried_over}
    assert still == {"Q-WORD", "Q-MULTI"}
    client.post(f"/respond/{current.id}/carried-over/confirm", data={"question": "Q-WORD"})
    assert {q for q, a in _answers(current).items() if a.is_carried_over} == {"Q-MULTI"}


def test_submission_names_the_changed_question(client, login, cycles):
    _, current, contact, _ = cycles
    login(client, contact)
    page = client.post(f"/respond/{current.id}/submit", data={}, follow_redirects=True)
    text = page.get_data(as_text=True)
    assert "The question changed since your last answer: The question was reworded." in text


def _submit(current, contact):
    """Confirm the carried answers, answer the rest, submit (as the vendor would)."""
    answers = _answers(current)
    for a in answers.values():
        a.is_carried_over = False
    fresh = {"Q-UNIT": 3, "Q-OPT": "committee", "Q-NEW": "yes"}
    for qid, value in fresh.items():
        db.session.add(Answer(assessment_id=current.id, question_id=qid, value=value,
                              updated_by_id=contact.id))
    answers["Q-MAP"].comment = "Now logged for 13 months"
    current.status = AssessmentStatus.SUBMITTED
    db.session.commit()


def test_delta_review_counts_and_accepts_only_unchanged(client, login, cycles):
    from portal.assessments.delta import Delta, delta_review

    _, current, contact, staff = cycles
    _submit(current, contact)
    review = delta_review(current)
    status = {qid: r.status for qid, r in review.rows.items()}
    assert status == {
        "Q-WORD": Delta.REWORDED, "Q-UNIT": Delta.REWORDED, "Q-OPT": Delta.REWORDED,
        "Q-MULTI": Delta.REWORDED, "Q-SAME": Delta.UNCHANGED, "Q-MAP": Delta.CHANGED,
        "Q-NEW": Delta.NEW}
    assert review.rows["Q-MAP"].what == ("comment",)  # a comment change is a change
    assert [r.question_id for r in review.removed] == ["Q-GONE"]
    assert review.changed_in("gov") == 6 and review.count("removed") == 1

    login(client, staff)
    page = client.get(f"/assessments/{current.id}/review").get_data(as_text=True)
    assert "6 changed" in page  # the section's badge in the sidebar
    assert "Accept all 1 unchanged answer" in page
    assert "Answer last cycle:</strong> A named executive" in page  # label, not code
    assert "named-executive" not in page
    assert "Answer last cycle:</strong> 12 hours" in page
    assert "Unit changed." in page and "Wording changed." in page
    assert "Comment last cycle:</strong> —" in page
    removed = client.get(f"/assessments/{current.id}/review?section=removed-questions")
    assert "We use model X for triage." in removed.get_data(as_text=True)

    client.post(f"/assessments/{current.id}/review/accept-unchanged", data={})
    db.session.expire_all()
    accepted = {q for q, a in _answers(current).items() if a.review_status.value == "accepted"}
    assert accepted == {"Q-SAME"}
    event = db.session.scalar(db.select(AuditEvent).filter_by(
        action="answer.review_accept_bulk"))
    assert event.details == {"questions": ["Q-SAME"], "reason": "unchanged since last cycle"}
    changed_only = client.get(f"/assessments/{current.id}/review?filter=changed")
    text = changed_only.get_data(as_text=True)
    assert 'id="q-Q-SAME"' not in text and 'id="q-Q-NEW"' in text and 'id="q-Q-MAP"' in text


def test_start_next_cycle_preselects_the_last_cycle(client, login, versions, make_assessment,
                                                    make_user, make_vendor):
    from datetime import UTC, datetime

    first, second = versions
    vendor = make_vendor("Northwind AI Ltd", products=("Claims triage", "Chatbot"))
    kept, other = make_user("vendor", vendor=vendor), make_user("vendor", vendor=vendor)
    chatbot = next(p for p in vendor.products if p.name == "Chatbot")
    accepted_on = datetime.now(UTC) - timedelta(days=60)
    previous = make_assessment(vendor, status=AssessmentStatus.ACCEPTED, contacts=[kept],
                               product_id=chatbot.id, closed_at=accepted_on,
                               title="Annual review 2026")
    previous.template_version = first
    db.session.commit()
    staff = make_user("procurement")
    login(client, staff)
    header = client.get(f"/vendors/{vendor.id}").get_data(as_text=True)
    assert "Start next cycle" in header
    page = client.get(f"/assessments/new?vendor_id={vendor.id}").get_data(as_text=True)
    assert "Next assessment cycle for Northwind AI Ltd" in page
    assert "Answers from “Annual review 2026”" in page and "are carried over" in page
    assert f'<option selected value="{second.id}">' in page  # the newest version of the same
    assert f'<option selected value="{chatbot.id}">Chatbot' in page
    boxes = {int(m[2]): bool(m[1]) for m in re.finditer(
        r'<input (checked )?id="recipient_ids-\d+" name="recipient_ids" type="checkbox" '
        r'value="(\d+)"', page)}
    assert boxes == {kept.id: True, other.id: False}  # last cycle's contact only
    due = (accepted_on.date().replace(year=accepted_on.year + 1))  # high tier: 12 months
    assert f'value="{due.isoformat()}"' in page
    assert "12-month cadence" in page
    fresh = make_vendor("Never Assessed Ltd")
    login(client, staff)
    assert "Start next cycle" not in client.get(f"/vendors/{fresh.id}").get_data(as_text=True)


def test_findings_from_the_accepted_cycle_do_not_make_the_vendor_due(app, make_assessment,
                                                                      make_vendor):
    from datetime import UTC, datetime

    from portal.findings.models import Finding, FindingSource, Severity
    from portal.reassessment.services import due_vendors

    vendor = make_vendor("Contoso AI Ltd")
    accepted = make_assessment(vendor, status=AssessmentStatus.ACCEPTED,
                               closed_at=datetime.now(UTC) - timedelta(days=3))
    # Raised when that cycle was submitted (before acceptance) and synced again on acceptance.
    for key, when in (("critical:Q1", accepted.closed_at - timedelta(days=2)),
                      ("critical:Q2", accepted.closed_at + timedelta(seconds=1))):
        db.session.add(Finding(vendor_id=vendor.id, assessment_id=accepted.id, key=key,
                               source=FindingSource.ANSWER, severity=Severity.CRITICAL,
                               title="Trains on customer data", created_at=when))
    db.session.commit()
    months = app.config["REASSESSMENT_MONTHS"]
    assert [r.legal_name for r in due_vendors(months=months, today=date.today())] == []

    db.session.add(Finding(vendor_id=vendor.id, key="manual:breach", source=FindingSource.MANUAL,
                           severity=Severity.HIGH, title="Reported data breach"))
    db.session.commit()
    rows = due_vendors(months=months, today=date.today())
    assert [r.legal_name for r in rows] == ["Contoso AI Ltd"]
    assert rows[0].due.reasons == (
        "1 open high or critical finding(s) raised since the last accepted assessment.",)


@pytest.mark.parametrize(("theirs", "conflict"), [("Dana Reyes, CTO", False),
                                                  ("Someone else", True)])
def test_save_clash_is_decided_by_version_not_timing(client, login, cycles, monkeypatch,
                                                     theirs, conflict):
    """A write lands between the Save button's read and its write.

    With `theirs` equal to what the vendor typed, that write is the page's own autosave: no
    conflict. Otherwise someone else changed the answer: a conflict, shown by version.
    """
    from sqlalchemy.orm.attributes import set_committed_value

    from portal.assessments import answering

    _, current, contact, _ = cycles
    login(client, contact)
    answer = _answers(current)["Q-SAME"]
    version, before = answer.version, answer.value
    answer.value = theirs  # committed by the other request: version + 1
    db.session.commit()
    real = answering.answers_by_question
    calls = []

    def read_before_the_other_write(assessment):
        answers = real(assessment)
        if not calls:  # this request read the answer as it was before the other write
            set_committed_value(answers["Q-SAME"], "version", version)
            set_committed_value(answers["Q-SAME"], "value", before)
        calls.append(1)
        return answers

    monkeypatch.setattr(answering, "answers_by_question", read_before_the_other_write)
    page = client.post(f"/respond/{current.id}/save", data={
        "section": "gov", "v-Q-SAME": str(version), "q-Q-SAME": "Dana Reyes, CTO",
        "c-Q-SAME": ""}, follow_redirects=True)
    text = page.get_data(as_text=True)
    assert len(calls) >= 2  # read again after the clash
    assert "at the same moment" not in text and "kept changing" not in text
    stored = _answers(current)["Q-SAME"]
    assert stored.version == version + 1  # nothing written over the other request's answer
    if conflict:
        assert page.status_code == 422 and "changed by someone else meanwhile" in text
        assert stored.value == "Someone else"
    else:
        assert page.status_code == 200 and "No changes to save." in text
        assert stored.value == "Dana Reyes, CTO"


def test_unchanged_not_applicable_answers_are_left_for_one_by_one_review(cycles):
    from portal.assessments.delta import Delta, accept_unchanged, delta_review

    previous, current, contact, staff = cycles
    _submit(current, contact)
    for assessment in (previous, current):
        answer = _answers(assessment)["Q-MAP"]
        answer.value, answer.comment = "not_applicable", "We keep no outputs."
        db.session.commit()
    assert delta_review(current).rows["Q-MAP"].status is Delta.UNCHANGED
    assert accept_unchanged(current, actor=staff) == ["Q-SAME"]


def test_accept_unchanged_without_an_earlier_cycle_says_so(client, login, make_assessment,
                                                           make_user):
    first = make_assessment(status=AssessmentStatus.SUBMITTED)
    login(client, make_user("procurement"))
    page = client.post(f"/assessments/{first.id}/review/accept-unchanged", follow_redirects=True)
    assert "no earlier accepted cycle to compare with" in page.get_data(as_text=True)
    review = client.get(f"/assessments/{first.id}/review").get_data(as_text=True)
    assert "Same as last cycle" not in review and "Since last cycle" not in review


def test_workbook_confirms_only_carried_answers_whose_question_did_not_change(client, login,
                                                                              cycles):
    from werkzeug.datastructures import FileStorage
    from werkzeug.test import encode_multipart

    _, current, contact, _ = cycles
    login(client, contact)
    data = client.get(f"/respond/{current.id}/workbook").data  # returned as downloaded
    boundary, body = encode_multipart({"file": FileStorage(io.BytesIO(data), "a.xlsx")})
    html = client.post(f"/respond/{current.id}/workbook/upload", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}").get_data(
        as_text=True)
    assert "the question changed since your last answer: confirm it in the portal" in html
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', html).group(1)
    client.post(f"/respond/{current.id}/workbook/apply",
                data={"token": token, "confirm_carried": "y"})
    still = {q for q, a in _answers(current).items() if a.is_carried_over}
    assert still == {"Q-WORD", "Q-MULTI"}


def test_the_invitation_says_answers_are_carried_over(app, cycles):
    from portal.mail.models import OutboundEmail

    _, current, contact, staff = cycles
    current.status = AssessmentStatus.DRAFT
    db.session.commit()
    assessment_services.send_assessment(current, actor=staff, settings=settings_for(app))
    db.session.commit()
    body = db.session.scalars(db.select(OutboundEmail.body_text).where(
        OutboundEmail.to_address == contact.email)).all()[-1]
    assert "Your answers from your last accepted assessment are filled in" in body


def test_last_cycle_on_another_questionnaire_drops_nothing_it_never_asked(
        app, make_assessment, make_user):
    """Starter last year, core this year: only shared question ids carry; the rest of last
    year's answers are not 'removed from this version' (they were never in this one)."""
    catalogue = load_catalogue()
    other = {**v2(), "id": "another", "version": 1, "title": "Another"}
    first = store_template(parse_template(V1, source="v1", catalogue=catalogue))
    second = store_template(parse_template(other, source="another", catalogue=catalogue))
    previous = make_assessment(status=AssessmentStatus.ACCEPTED, template_key="ai-supplier-starter")
    previous.template_version = first
    contact = _answer_last_cycle(previous)
    draft = assessment_services.AssessmentDraft(
        title="Next year", template_version_id=second.id,
        due_date=date.today() + timedelta(days=20), recipient_ids=[contact.id])
    current = assessment_services.create_assessment(previous.vendor, draft,
                                                    actor=make_user("procurement"))
    db.session.commit()
    plan = {i.question_id: i.carry for i in prefill.carry_plan(current)}
    assert "Q-GONE" not in plan  # asked only by the other questionnaire
    assert plan["Q-SAME"] is Carry.VALID
