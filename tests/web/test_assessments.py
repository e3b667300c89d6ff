"""Staff side: create, send, review with clarification rounds, decide; reminders."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from portal.assessments.lifecycle import AssessmentStatus
from portal.assessments.models import Answer, ReviewStatus
from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.mail.models import OutboundEmail


@pytest.fixture
def staff(make_user):
    return make_user("procurement")


def _templates(make_template_version):
    return make_template_version("ai-supplier-starter")


def test_create_and_send_invites_new_contact(client, login, staff, make_vendor, make_user,
                                             make_template_version):
    version = _templates(make_template_version)
    vendor = make_vendor("Nimbus Analytics Ltd")
    fresh = make_user("vendor", vendor=vendor, password=None, email="new@nimbus.test")
    known = make_user("vendor", vendor=vendor, email="known@nimbus.test")
    login(client, staff)
    due = (date.today() + timedelta(days=14)).isoformat()
    response = client.post("/assessments/new", data={
        "vendor_id": vendor.id, "title": "2026 assessment", "template_version_id": version.id,
        "product_id": vendor.products[0].id, "due_date": due,
        "recipient_ids": [fresh.id, known.id], "message": "Please answer by the due date.",
        "send": "1",
    })
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    mails = db.session.scalars(db.select(OutboundEmail).order_by(OutboundEmail.id)).all()
    by_address = {m.to_address: m for m in mails}
    assert "/invite/" in by_address["new@nimbus.test"].body_text
    assert "/respond/" in by_address["known@nimbus.test"].body_text
    assert "Please answer by the due date." in by_address["known@nimbus.test"].body_text
    actions = set(db.session.scalars(db.select(AuditEvent.action)))
    assert {"assessment.created", "assessment.send", "user.invited"} <= actions


def test_recipient_from_another_vendor_is_refused(client, login, staff, make_vendor, make_user,
                                                  make_template_version):
    version = _templates(make_template_version)
    vendor, other = make_vendor(), make_vendor()
    intruder = make_user("vendor", vendor=other)
    login(client, staff)
    response = client.post("/assessments/new", data={
        "vendor_id": vendor.id, "title": "x", "template_version_id": version.id,
        "due_date": (date.today() + timedelta(days=3)).isoformat(),
        "recipient_ids": [intruder.id], "save": "1"})
    assert response.status_code == 200  # re-rendered with an error, nothing created
    assert db.session.scalar(db.select(db.func.count()).select_from(OutboundEmail)) == 0


def test_pinned_version_survives_template_change(app, make_assessment):
    from portal.questionnaires.bank import template_from_dict
    from portal.questionnaires.templates import load_pinned, store_template

    assessment = make_assessment()
    content = dict(assessment.template_version.content)
    content["version"] = content["version"] + 1
    content["sections"] = content["sections"][:1]
    store_template(template_from_dict(content))
    db.session.commit()
    db.session.refresh(assessment)
    assert len(load_pinned(assessment.template_version).sections) > 1


def test_invalid_transition_is_refused_with_message(client, login, staff, make_assessment):
    assessment = make_assessment(status="in_progress")
    login(client, staff)
    response = client.post(f"/assessments/{assessment.id}/action",
                           data={"action": "accept"}, follow_redirects=True)
    assert "Cannot accept assessment" in response.get_data(as_text=True)
    db.session.refresh(assessment)
    assert assessment.status is AssessmentStatus.IN_PROGRESS


def _submitted(make_assessment):
    assessment = make_assessment(status="submitted")
    db.session.add(Answer(assessment_id=assessment.id, question_id="START-ORG-01",
                          value="We sell a model."))
    db.session.add(Answer(assessment_id=assessment.id, question_id="START-ORG-03", value="no"))
    db.session.commit()
    return assessment


def test_clarification_round_trip(client, app, login, staff, make_assessment):
    assessment = _submitted(make_assessment)
    contact = assessment.recipients[0]
    login(client, staff)
    client.post(f"/assessments/{assessment.id}/review/START-ORG-01",
                data={"decision": "accept", "comment": ""})
    client.post(f"/assessments/{assessment.id}/review/START-ORG-03",
                data={"decision": "clarify", "comment": "Is an audit booked?"})
    response = client.post(f"/assessments/{assessment.id}/action",
                           data={"action": "request_clarification"})
    assert response.status_code == 302
    db.session.refresh(assessment)
    assert assessment.status is AssessmentStatus.CLARIFICATION_REQUESTED
    mail = db.session.scalar(db.select(OutboundEmail).filter_by(kind="clarification_requested"))
    assert mail.to_address == contact.email and "START-ORG-03" in mail.body_text

    vendor_client = app.test_client()
    login(vendor_client, contact)
    page = vendor_client.get(f"/respond/{assessment.id}",  # opens on the to-do list
                             follow_redirects=True).get_data(as_text=True)
    assert "Is an audit booked?" in page
    # Only the flagged answer may change.
    locked = vendor_client.post(f"/respond/{assessment.id}/autosave", data={
        "question": "START-ORG-01", "v-START-ORG-01": "1", "q-START-ORG-01": "changed"})
    assert locked.status_code == 422
    early = vendor_client.post(f"/respond/{assessment.id}/submit")
    assert early.status_code == 422
    answer = db.session.scalar(db.select(Answer).filter_by(assessment_id=assessment.id,
                                                           question_id="START-ORG-03"))
    reply = vendor_client.post(f"/respond/{assessment.id}/autosave", data={
        "question": "START-ORG-03", "v-START-ORG-03": str(answer.version),
        "q-START-ORG-03": "partial", "r-START-ORG-03": "Stage 1 audit booked for March."})
    assert reply.status_code == 200, reply.get_json()
    assert vendor_client.post(f"/respond/{assessment.id}/submit").status_code == 302
    db.session.refresh(assessment)
    assert assessment.status is AssessmentStatus.RESUBMITTED

    review = client.get(f"/assessments/{assessment.id}/review?section=company")
    assert "Stage 1 audit booked for March." in review.get_data(as_text=True)
    client.post(f"/assessments/{assessment.id}/review/START-ORG-03",
                data={"decision": "accept", "comment": "Thanks."})
    done = client.post(f"/assessments/{assessment.id}/action",
                       data={"action": "accept", "comment": "Approved."})
    assert done.status_code == 302
    db.session.refresh(assessment)
    assert assessment.status is AssessmentStatus.ACCEPTED
    actions = [e.action for e in db.session.scalars(
        db.select(AuditEvent).filter_by(assessment_id=assessment.id).order_by(AuditEvent.id))]
    for expected in ("answer.review_accept", "answer.review_clarify",
                     "assessment.request_clarification", "answer.saved",
                     "assessment.resubmit", "assessment.accept"):
        assert expected in actions


def test_internal_notes_are_hidden_from_vendor(client, app, login, staff, make_assessment):
    assessment = _submitted(make_assessment)
    login(client, staff)
    client.post(f"/assessments/{assessment.id}/review/START-ORG-01",
                data={"decision": "note", "comment": "Internal: check their SOC 2"})
    vendor_client = app.test_client()
    login(vendor_client, assessment.recipients[0])
    page = vendor_client.get(f"/respond/{assessment.id}").get_data(as_text=True)
    assert "Internal: check their SOC 2" not in page


def test_accept_refused_while_clarification_pending(client, login, staff, make_assessment):
    assessment = _submitted(make_assessment)
    login(client, staff)
    client.post(f"/assessments/{assessment.id}/review/START-ORG-03",
                data={"decision": "clarify", "comment": "Why?"})
    response = client.post(f"/assessments/{assessment.id}/action",
                           data={"action": "accept"}, follow_redirects=True)
    assert "wait for clarification" in response.get_data(as_text=True)


def test_reject_needs_a_reason(client, login, staff, make_assessment):
    assessment = _submitted(make_assessment)
    login(client, staff)
    client.post(f"/assessments/{assessment.id}/action", data={"action": "reject"})
    db.session.refresh(assessment)
    assert assessment.status is AssessmentStatus.SUBMITTED


def test_contract_manager_may_review_but_not_cancel(client, login, make_user, make_assessment):
    assessment = _submitted(make_assessment)
    login(client, make_user("contract_manager"))
    assert client.post(f"/assessments/{assessment.id}/action",
                       data={"action": "cancel", "comment": "x"}).status_code == 403
    client.post(f"/assessments/{assessment.id}/review/START-ORG-01",
                data={"decision": "accept"})
    assert db.session.scalar(db.select(Answer).filter_by(
        assessment_id=assessment.id, question_id="START-ORG-01")).review_status \
        is ReviewStatus.ACCEPTED


def test_overdue_shown_in_list(client, login, staff, make_assessment):
    assessment = make_assessment(status="in_progress", due_date=date.today() + timedelta(days=1))
    assessment.due_date = date.today() - timedelta(days=2)
    db.session.commit()
    login(client, staff)
    html = client.get("/assessments/?overdue=1").get_data(as_text=True)
    assert assessment.title in html and "Overdue" in html


def test_reminders_are_sent_once_per_threshold(runner, make_assessment):
    assessment = make_assessment(status="sent", due_date=date.today() + timedelta(days=5))
    first = runner.invoke(args=["reminders", "send"])
    assert "Queued 1 reminder(s)" in first.output, first.output
    again = runner.invoke(args=["reminders", "send"])
    assert "Queued 0 reminder(s)" in again.output
    later = (date.today() + timedelta(days=6)).isoformat()
    overdue = runner.invoke(args=["reminders", "send", "--today", later])
    assert "Queued 1 reminder(s)" in overdue.output
    subjects = [m.subject for m in db.session.scalars(
        db.select(OutboundEmail).filter_by(assessment_id=assessment.id))]
    assert len(subjects) == 2 and "Overdue" in subjects[1]


def test_no_reminders_for_closed_assessments(runner, make_assessment):
    make_assessment(status="accepted", due_date=date.today() + timedelta(days=1))
    assert "Queued 0" in runner.invoke(args=["reminders", "send"]).output


def test_accept_all_unreviewed_in_section_and_filters(client, login, staff, make_assessment):
    assessment = _submitted(make_assessment)
    login(client, staff)
    client.post(f"/assessments/{assessment.id}/review/START-ORG-03",
                data={"decision": "clarify", "comment": "Why not?"})
    response = client.post(f"/assessments/{assessment.id}/review/accept-unflagged",
                           data={"section": "company"}, follow_redirects=True)
    assert "Accepted 1 answer(s) in “About your organisation" in response.get_data(as_text=True)
    statuses = {a.question_id: a.review_status for a in db.session.scalars(
        db.select(Answer).filter_by(assessment_id=assessment.id))}
    assert statuses["START-ORG-01"] is ReviewStatus.ACCEPTED
    assert statuses["START-ORG-03"] is ReviewStatus.CLARIFICATION_REQUESTED
    flagged = client.get(f"/assessments/{assessment.id}/review?section=company&filter=flagged")
    html = flagged.get_data(as_text=True)
    assert 'id="q-START-ORG-03"' in html and 'id="q-START-ORG-01"' not in html


def test_accepting_with_unreviewed_answers_asks_for_a_second_confirmation(client, login, staff,
                                                                        make_assessment):
    assessment = _submitted(make_assessment)
    login(client, staff)
    first = client.post(f"/assessments/{assessment.id}/action", data={
        "action": "accept", "comment": "Fine by me"})
    html = first.get_data(as_text=True)
    assert first.status_code == 200
    assert "2 of 2 answers have not been reviewed" in html
    assert 'name="confirm_unreviewed" value="2"' in html and 'value="Fine by me"' in html
    db.session.refresh(assessment)
    assert assessment.status is AssessmentStatus.SUBMITTED
    # A confirmation for another count (an answer changed meanwhile) asks again.
    client.post(f"/assessments/{assessment.id}/action", data={
        "action": "accept", "confirm_unreviewed": "1"})
    db.session.refresh(assessment)
    assert assessment.status is AssessmentStatus.SUBMITTED
    client.post(f"/assessments/{assessment.id}/action", data={
        "action": "accept", "confirm_unreviewed": "2", "comment": "Fine by me"})
    db.session.refresh(assessment)
    assert assessment.status is AssessmentStatus.ACCEPTED
    assert assessment.decision_comment == "Fine by me"


def test_accepting_reviewed_answers_needs_no_confirmation(client, login, staff, make_assessment):
    assessment = _submitted(make_assessment)
    login(client, staff)
    detail = client.get(f"/assessments/{assessment.id}").get_data(as_text=True)
    assert "2 answers not reviewed yet" in detail
    client.post(f"/assessments/{assessment.id}/review/accept-unflagged")
    client.post(f"/assessments/{assessment.id}/action", data={"action": "accept"})
    db.session.refresh(assessment)
    assert assessment.status is AssessmentStatus.ACCEPTED
    events = db.session.scalars(db.select(AuditEvent).where(
        AuditEvent.action == "answer.review_accept_bulk")).all()
    assert len(events) == 1 and events[0].details["questions"] == ["START-ORG-01",
                                                                  "START-ORG-03"]


def test_bulk_accept_leaves_flagged_and_hidden_answers_alone(app, make_assessment, make_user):
    from portal.assessments.review import accept_answers
    from portal.questionnaires.templates import load_pinned

    assessment = _submitted(make_assessment)
    # START-ORG-04 is shown only when START-ORG-03 is "yes": its stale answer is not accepted.
    db.session.add(Answer(assessment_id=assessment.id, question_id="START-ORG-04",
                          value="2027-01-01"))
    flagged = db.session.scalar(db.select(Answer).filter_by(assessment_id=assessment.id,
                                                            question_id="START-ORG-03"))
    flagged.review_status = ReviewStatus.CLARIFICATION_REQUESTED
    db.session.commit()
    template = load_pinned(assessment.template_version)
    accepted = accept_answers(assessment, template.questions(), actor=make_user("procurement"))
    assert accepted == ["START-ORG-01"]
    # Another filter plugs in (issue 16: unchanged since the last cycle).
    assert accept_answers(assessment, template.questions(), actor=make_user("procurement"),
                          include=lambda q, a: False) == []


def test_bulk_accept_leaves_not_applicable_answers_for_one_by_one_review(app, make_assessment,
                                                                          make_user):
    from portal.assessments.review import accept_answers
    from portal.questionnaires.templates import load_pinned

    assessment = make_assessment(status="submitted", template_key="ai-supplier-core")
    template = load_pinned(assessment.template_version)
    question = next(q for q in template.questions() if q.is_scored and q.show_if is None
                    and q.allows_not_applicable and q.type != "multiple_choice")
    na = next(o.value for o in question.options if o.score is None)
    db.session.add(Answer(assessment_id=assessment.id, question_id=question.id, value=na))
    db.session.add(Answer(assessment_id=assessment.id, question_id="CORE-PRO-01",
                          value="A hosted assistant."))
    db.session.commit()
    accepted = accept_answers(assessment, template.questions(), actor=make_user("procurement"))
    assert accepted == ["CORE-PRO-01"]
    answer = db.session.scalar(db.select(Answer).filter_by(assessment_id=assessment.id,
                                                           question_id=question.id))
    assert answer.review_status is ReviewStatus.PENDING
