"""Vendor answering: save, autosave, conflicts, validation that loses nothing, submission."""
from __future__ import annotations

import re

import pytest

from portal.assessments.lifecycle import AssessmentStatus
from portal.assessments.models import Answer, AnswerRevision
from portal.audit.models import AuditEvent
from portal.extensions import db

Q_TEXT = "START-ORG-01"      # text, required
Q_NUMBER = "START-ORG-02"    # number, optional
Q_CERT = "START-ORG-03"      # yes_no
Q_EXPIRY = "START-ORG-04"    # date, shown only when START-ORG-03 == yes


@pytest.fixture
def vendor_setup(make_assessment, make_user, login, client):
    assessment = make_assessment()
    contact = assessment.recipients[0]
    login(client, contact)
    return assessment, contact


def _answer(assessment, qid):
    db.session.expire_all()
    return db.session.scalar(db.select(Answer).filter_by(assessment_id=assessment.id,
                                                         question_id=qid))


def test_vendor_sees_questionnaire_with_sections(client, vendor_setup):
    assessment, _ = vendor_setup
    response = client.get(f"/respond/{assessment.id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "About your organisation" in html
    assert 'id="q-START-ORG-01"' in html
    # The conditional question is hidden until its trigger is answered "yes".
    assert re.search(r'id="q-START-ORG-04"[^>]*hidden', html)


def test_form_save_keeps_valid_answers_when_one_is_invalid(client, vendor_setup):
    assessment, _ = vendor_setup
    response = client.post(f"/respond/{assessment.id}/save", data={
        "section": "company",
        f"v-{Q_TEXT}": "0", f"q-{Q_TEXT}": "We sell a claims triage model.",
        f"v-{Q_NUMBER}": "0", f"q-{Q_NUMBER}": "twelve",
        f"v-{Q_CERT}": "0", f"q-{Q_CERT}": "yes",
    })
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Enter a number" in html
    assert 'value="twelve"' in html  # what the vendor typed is still there
    assert _answer(assessment, Q_TEXT).value == "We sell a claims triage model."
    assert _answer(assessment, Q_CERT).value == "yes"
    assert _answer(assessment, Q_NUMBER) is None
    db.session.refresh(assessment)
    assert assessment.status is AssessmentStatus.IN_PROGRESS


def test_autosave_returns_version_and_records_history(client, vendor_setup):
    assessment, contact = vendor_setup
    first = client.post(f"/respond/{assessment.id}/autosave", data={
        "question": Q_TEXT, f"v-{Q_TEXT}": "0", f"q-{Q_TEXT}": "First draft"})
    assert first.status_code == 200, first.get_json()
    version = first.get_json()["versions"][Q_TEXT]
    second = client.post(f"/respond/{assessment.id}/autosave", data={
        "question": Q_TEXT, f"v-{Q_TEXT}": str(version), f"q-{Q_TEXT}": "Second draft"})
    assert second.status_code == 200
    answer = _answer(assessment, Q_TEXT)
    assert answer.value == "Second draft"
    revisions = db.session.scalars(db.select(AnswerRevision).filter_by(answer_id=answer.id)).all()
    assert [r.value for r in revisions] == ["First draft", "Second draft"]
    assert db.session.scalar(db.select(AuditEvent).filter_by(action="answer.saved",
                                                             actor_id=contact.id))


def test_two_tabs_never_overwrite_each_other_silently(client, vendor_setup):
    assessment, _ = vendor_setup
    ok = client.post(f"/respond/{assessment.id}/autosave", data={
        "question": Q_TEXT, f"v-{Q_TEXT}": "0", f"q-{Q_TEXT}": "Tab A"})
    base = ok.get_json()["versions"][Q_TEXT]
    client.post(f"/respond/{assessment.id}/autosave", data={
        "question": Q_TEXT, f"v-{Q_TEXT}": str(base), f"q-{Q_TEXT}": "Tab A again"})
    # Tab B still holds the first version.
    stale = client.post(f"/respond/{assessment.id}/autosave", data={
        "question": Q_TEXT, f"v-{Q_TEXT}": str(base), f"q-{Q_TEXT}": "Tab B"})
    assert stale.status_code == 409
    conflict = stale.get_json()["conflicts"][Q_TEXT]
    assert conflict["value"] == "Tab A again"
    assert _answer(assessment, Q_TEXT).value == "Tab A again"
    # Choosing "keep mine" resends with the current version.
    forced = client.post(f"/respond/{assessment.id}/autosave", data={
        "question": Q_TEXT, f"v-{Q_TEXT}": str(conflict["version"]), f"q-{Q_TEXT}": "Tab B"})
    assert forced.status_code == 200
    assert _answer(assessment, Q_TEXT).value == "Tab B"


def test_not_applicable_needs_justification(client, vendor_setup):
    assessment, _ = vendor_setup
    bad = client.post(f"/respond/{assessment.id}/autosave", data={
        "question": "START-RESP-01", "v-START-RESP-01": "0", "q-START-RESP-01": "not_applicable"})
    assert bad.status_code == 422
    assert "why this question does not apply" in bad.get_json()["errors"]["START-RESP-01"]
    good = client.post(f"/respond/{assessment.id}/autosave", data={
        "question": "START-RESP-01", "v-START-RESP-01": "0", "q-START-RESP-01": "not_applicable",
        "c-START-RESP-01": "We do not use sub-processors for this service."})
    assert good.status_code == 200


def test_submit_lists_missing_required_answers_with_links(client, vendor_setup):
    assessment, _ = vendor_setup
    response = client.post(f"/respond/{assessment.id}/submit")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f"#q-{Q_TEXT}" in html
    assert "No answer yet." in html
    db.session.refresh(assessment)
    assert assessment.status is AssessmentStatus.SENT


def _answer_everything(client, assessment):
    from portal.questionnaires.bank import is_visible
    from portal.questionnaires.templates import load_pinned

    template = load_pinned(assessment.template_version)
    values: dict[str, object] = {}
    for q in template.questions():
        data = {"question": q.id, f"v-{q.id}": "0"}
        if q.type in ("yes_no", "single_choice"):
            value = next(o.value for o in q.options if o.score is not None)
        elif q.type == "multiple_choice":
            value = q.options[0].value
        elif q.type == "number":
            value = "5"
        elif q.type == "date":
            value = "2027-01-31"
        elif q.type == "file":
            continue
        else:
            value = "Answer text"
        values[q.id] = value
        if not is_visible(q, values):
            continue
        data[f"q-{q.id}"] = value
        response = client.post(f"/respond/{assessment.id}/autosave", data=data)
        assert response.status_code == 200, (q.id, response.get_json())
    return template


def test_submission_makes_answers_read_only_and_notifies(client, vendor_setup, app):
    assessment, _ = vendor_setup
    _answer_everything(client, assessment)
    response = client.post(f"/respond/{assessment.id}/submit")
    assert response.status_code == 302
    db.session.refresh(assessment)
    assert assessment.status is AssessmentStatus.SUBMITTED
    locked = client.post(f"/respond/{assessment.id}/autosave", data={
        "question": Q_TEXT, f"v-{Q_TEXT}": "1", f"q-{Q_TEXT}": "Changed after submit"})
    assert locked.status_code == 409
    assert _answer(assessment, Q_TEXT).value != "Changed after submit"
    page = client.get(f"/respond/{assessment.id}").get_data(as_text=True)
    assert "read-only" in page
    assert f'name="q-{Q_TEXT}"' not in page


def test_vendor_cannot_open_or_write_another_vendors_assessment(client, make_assessment,
                                                               make_user, login):
    mine = make_assessment()
    theirs = make_assessment()
    login(client, mine.recipients[0])
    assert client.get(f"/respond/{theirs.id}").status_code == 404
    tampered = client.post(f"/respond/{theirs.id}/autosave", data={
        "question": Q_TEXT, f"v-{Q_TEXT}": "0", f"q-{Q_TEXT}": "injected"})
    assert tampered.status_code == 404
    assert _answer(theirs, Q_TEXT) is None


def test_draft_is_invisible_to_vendor(client, make_assessment, login):
    draft = make_assessment(status="draft")
    login(client, draft.recipients[0])
    assert client.get(f"/respond/{draft.id}").status_code == 404
    assert "Annual AI supplier assessment" not in client.get("/respond/").get_data(as_text=True)
