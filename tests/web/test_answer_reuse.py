"""Answer reuse: pre-fill from the last accepted assessment, confirm, compare across cycles."""
from __future__ import annotations

import secrets
from datetime import date, timedelta

import pytest

from portal.assessments import prefill
from portal.assessments import services as assessment_services
from portal.assessments.lifecycle import AssessmentStatus
from portal.assessments.models import Answer
from portal.audit.models import AuditEvent
from portal.documents.models import Document
from portal.extensions import db
from portal.questionnaires.templates import load_pinned

PREVIOUS = {
    "START-ORG-01": ("We sell a claims triage model.", None),
    "START-ORG-03": ("yes", "Certificate attached"),
    "START-ORG-04": ("2027-03-31", None),
    "START-RESP-01": ("no", None),
    "START-RESP-02": ("a-value-the-template-dropped", None),  # no longer valid: not carried
    "START-SUP-03": ("not_applicable", None),                # N/A without reason: not carried
}


def _document(vendor, **kw) -> Document:
    document = Document(vendor_id=vendor.id, original_name="raci.pdf",
                        stored_name=secrets.token_hex(8) + ".pdf", content_type="application/pdf",
                        size=10, sha256="0" * 64, **kw)
    db.session.add(document)
    db.session.commit()
    return document


@pytest.fixture
def cycle(make_assessment, make_user, make_vendor, make_template_version):
    """An accepted assessment with answers, and a new draft created for the same vendor."""
    previous = make_assessment(status=AssessmentStatus.ACCEPTED)
    contact = previous.recipients[0]
    own = _document(previous.vendor)
    foreign = _document(make_vendor())
    removed = _document(previous.vendor, is_removed=True)
    values = {**PREVIOUS, "START-CUS-04": ([own.id, foreign.id, removed.id], None)}
    for qid, (value, comment) in values.items():
        db.session.add(Answer(assessment_id=previous.id, question_id=qid, value=value,
                              comment=comment, updated_by_id=contact.id))
    db.session.commit()
    staff = make_user("procurement")
    draft = assessment_services.AssessmentDraft(
        title="Next year", template_version_id=make_template_version().id,
        due_date=date.today() + timedelta(days=20), recipient_ids=[contact.id])
    current = assessment_services.create_assessment(previous.vendor, draft, actor=staff)
    current.status = AssessmentStatus.SENT
    db.session.commit()
    return previous, current, contact, staff, own


def _answers(assessment) -> dict[str, Answer]:
    db.session.expire_all()
    return {a.question_id: a for a in db.session.scalars(
        db.select(Answer).filter_by(assessment_id=assessment.id))}


def test_valid_answers_are_carried_over_and_marked(cycle):
    previous, current, contact, staff, own = cycle
    assert current.previous_id == previous.id
    answers = _answers(current)
    assert set(answers) == {"START-ORG-01", "START-ORG-03", "START-ORG-04", "START-RESP-01",
                            "START-CUS-04"}
    assert all(a.is_carried_over for a in answers.values())
    assert answers["START-ORG-03"].value == "yes"
    assert answers["START-ORG-03"].comment == "Certificate attached"
    assert answers["START-CUS-04"].value == [own.id]  # only the vendor's own, current documents
    assert answers["START-ORG-01"].updated_by_id == contact.id
    event = db.session.scalar(db.select(AuditEvent).filter_by(action="answer.carried_over"))
    assert event.actor_id == staff.id
    assert set(event.details["not_carried"]) == {"START-RESP-02", "START-SUP-03"}


def test_no_previous_accepted_assessment_means_no_prefill(make_assessment, make_user,
                                                          make_template_version):
    rejected = make_assessment(status=AssessmentStatus.REJECTED)
    db.session.add(Answer(assessment_id=rejected.id, question_id="START-ORG-03", value="yes"))
    db.session.commit()
    draft = assessment_services.AssessmentDraft(
        title="Again", template_version_id=make_template_version().id,
        due_date=date.today() + timedelta(days=20), recipient_ids=[])
    fresh = assessment_services.create_assessment(rejected.vendor, draft,
                                                  actor=make_user("procurement"))
    db.session.commit()
    assert fresh.previous_id is None and _answers(fresh) == {}


def test_vendor_confirms_one_answer_then_a_whole_section(client, login, cycle):
    _, current, contact, _, _ = cycle
    login(client, contact)
    page = client.get(f"/respond/{current.id}").get_data(as_text=True)
    assert "Carried over from your last assessment: confirm or change" in page
    assert "Confirm carried-over answers (4)" in page  # START-CUS-04 is hidden
    listing = client.get(f"/respond/{current.id}/carried-over").get_data(as_text=True)
    assert "START-ORG-03" in listing
    assert "Confirm all 3 unchanged question(s) in this section" in listing

    client.post(f"/respond/{current.id}/carried-over/confirm", data={"question": "START-RESP-01"})
    answers = _answers(current)
    assert not answers["START-RESP-01"].is_carried_over
    assert answers["START-RESP-01"].value == "no"  # confirming keeps the value
    assert answers["START-ORG-03"].is_carried_over

    client.post(f"/respond/{current.id}/carried-over/confirm", data={"section": "company"})
    answers = _answers(current)
    assert [q for q, a in answers.items() if a.is_carried_over] == ["START-CUS-04"]
    events = db.session.scalars(db.select(AuditEvent).filter_by(
        action="answer.carry_over_confirmed", actor_id=contact.id)).all()
    assert [e.details["questions"] for e in events] == [
        ["START-RESP-01"], ["START-ORG-01", "START-ORG-03", "START-ORG-04"]]
    db.session.refresh(current)
    assert current.status is AssessmentStatus.IN_PROGRESS


def test_saving_the_same_value_keeps_the_flag_but_changing_it_clears_it(client, login, cycle):
    _, current, contact, _, _ = cycle
    login(client, contact)
    version = _answers(current)["START-RESP-01"].version
    client.post(f"/respond/{current.id}/autosave", data={
        "question": "START-RESP-01", "v-START-RESP-01": str(version), "q-START-RESP-01": "no"})
    assert _answers(current)["START-RESP-01"].is_carried_over  # why an explicit confirm exists
    client.post(f"/respond/{current.id}/autosave", data={
        "question": "START-RESP-01", "v-START-RESP-01": str(version), "q-START-RESP-01": "yes"})
    assert not _answers(current)["START-RESP-01"].is_carried_over


def test_unconfirmed_lists_only_visible_carried_answers(cycle):
    _, current, _, _, _ = cycle
    answer = _answers(current)["START-ORG-03"]
    answer.value = "no"  # hides START-ORG-04, which was carried over
    answer.is_carried_over = False
    db.session.commit()
    pending = prefill.unconfirmed(current, load_pinned(current.template_version))
    # START-ORG-04 is hidden now; START-CUS-04 is hidden as START-CUS-03 is unanswered.
    assert {m.question_id for m in pending} == {"START-ORG-01", "START-RESP-01"}


def test_reviewers_see_what_changed_since_last_cycle(client, login, cycle):
    _, current, contact, staff, _ = cycle
    login(client, contact)
    version = _answers(current)["START-RESP-01"].version
    client.post(f"/respond/{current.id}/autosave", data={
        "question": "START-RESP-01", "v-START-RESP-01": str(version), "q-START-RESP-01": "yes"})
    client.post(f"/respond/{current.id}/carried-over/confirm", data={"question": "START-ORG-01"})
    current.status = AssessmentStatus.SUBMITTED
    db.session.commit()
    login(client, staff)
    review = client.get(f"/assessments/{current.id}/review?section=responsibilities")
    assert "Changed since last cycle" in review.get_data(as_text=True)
    detail = client.get(f"/assessments/{current.id}").get_data(as_text=True)
    assert f'href="/assessments/{current.id}/changes"' in detail
    changed = client.get(f"/assessments/{current.id}/changes").get_data(as_text=True)
    assert "START-RESP-01" in changed and "START-ORG-01" not in changed
    carried = client.get(f"/assessments/{current.id}/changes?filter=carried").get_data(
        as_text=True)
    assert "START-ORG-03" in carried and "START-RESP-01" not in carried
    everything = client.get(f"/assessments/{current.id}/changes?filter=all").get_data(
        as_text=True)
    assert "Same as last cycle" in everything


def test_confirming_is_refused_once_submitted(client, login, cycle):
    _, current, contact, _, _ = cycle
    current.status = AssessmentStatus.SUBMITTED
    db.session.commit()
    login(client, contact)
    response = client.post(f"/respond/{current.id}/carried-over/confirm",
                           data={"question": "START-ORG-03"}, follow_redirects=True)
    assert "cannot be confirmed now" in response.get_data(as_text=True)
    assert _answers(current)["START-ORG-03"].is_carried_over


def test_workbook_can_confirm_unchanged_carried_answers(client, login, cycle):
    import io
    import re

    import openpyxl
    from werkzeug.datastructures import FileStorage
    from werkzeug.test import encode_multipart

    _, current, contact, _, _ = cycle
    login(client, contact)
    data = client.get(f"/respond/{current.id}/workbook").data
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb["Answers"]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "START-RESP-01")
    ws.cell(row, 7, "Yes")
    out = io.BytesIO()
    wb.save(out)
    boundary, body = encode_multipart({"file": FileStorage(io.BytesIO(out.getvalue()), "a.xlsx")})
    html = client.post(f"/respond/{current.id}/workbook/upload", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}").get_data(
        as_text=True)
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', html).group(1)
    client.post(f"/respond/{current.id}/workbook/apply",
                data={"token": token, "confirm_carried": "y"})
    answers = _answers(current)
    assert answers["START-RESP-01"].value == "yes"
    # Pre-filled and returned unchanged, with the box ticked: confirmed. Files stay to confirm.
    assert [q for q, a in answers.items() if a.is_carried_over] == ["START-CUS-04"]


def test_changing_the_draft_template_carries_over_again(cycle, make_template_version):
    _, current, _, staff, _ = cycle
    current.status = AssessmentStatus.DRAFT
    db.session.commit()
    lite = make_template_version("ai-supplier-lite")
    draft = assessment_services.AssessmentDraft(
        title=current.title, template_version_id=lite.id, due_date=current.due_date,
        recipient_ids=[u.id for u in current.recipients])
    assessment_services.update_draft(current, draft, actor=staff)
    db.session.commit()
    lite_ids = {q.id for q in load_pinned(lite).questions()}
    assert set(_answers(current)) <= lite_ids


def test_submission_waits_for_carried_over_answers(client, login, cycle):
    _previous, current, contact, _staff, _own = cycle
    login(client, contact)
    response = client.post(f"/respond/{current.id}/submit")
    assert response.status_code == 422
    assert "Carried over from your last assessment: confirm it or change it." in \
        response.get_data(as_text=True)
