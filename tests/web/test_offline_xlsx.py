"""Offline answering: download the workbook, fill it in, upload, preview, confirm."""
from __future__ import annotations

import io
import re
import zipfile

import openpyxl
import pytest
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from portal.assessments.lifecycle import AssessmentStatus
from portal.assessments.models import Answer, AnswerRevision
from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.questionnaires.bank import template_from_dict
from portal.questionnaires.templates import store_template
from portal.questionnaires.workbook import layout

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def vendor_setup(make_assessment, login, client):
    assessment = make_assessment()
    contact = assessment.recipients[0]
    login(client, contact)
    return assessment, contact


def _download(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response.mimetype == XLSX_TYPE
    return response.data


def _fill(data: bytes, values: dict[str, tuple[object, object]]) -> tuple[bytes, dict[str, int]]:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb["Answers"]
    rows = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    for qid, (answer, comment) in values.items():
        ws.cell(rows[qid], layout.ANSWER_COL, answer)
        ws.cell(rows[qid], layout.COMMENT_COL, comment)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), rows


def _upload(client, url: str, data: bytes, name: str = "answers.xlsx"):
    # Encode the body up front: the test client spools large bodies to a file it never closes.
    boundary, body = encode_multipart({"file": FileStorage(io.BytesIO(data), name)})
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def _token(html: str) -> str:
    match = re.search(r'name="token" type="hidden" value="([^"]+)"', html)
    assert match, html
    return match.group(1)


def _answers(assessment) -> dict[str, Answer]:
    db.session.expire_all()
    return {a.question_id: a for a in db.session.scalars(
        db.select(Answer).filter_by(assessment_id=assessment.id))}


def test_vendor_round_trip_previews_then_applies_through_save_answers(client, vendor_setup):
    assessment, contact = vendor_setup
    base = f"/respond/{assessment.id}/workbook"
    page = client.get(f"/respond/{assessment.id}").get_data(as_text=True)
    assert f'href="{base}/upload"' in page
    data = _download(client, base)
    ws = openpyxl.load_workbook(io.BytesIO(data))["Answers"]
    assert ws.protection.sheet is True and ws["C2"].protection.locked is True
    filled, _ = _fill(data, {
        "START-ORG-01": ("We sell a claims triage model.", None),
        "START-ORG-03": ("In progress (audit booked)", "Audit in May"),
        "START-SUP-01": ("Cloud hosting or compute provider; Third-party data vendor", None),
    })
    preview = _upload(client, f"{base}/upload", filled)
    assert preview.status_code == 200
    html = preview.get_data(as_text=True)
    assert "Answers that will change (3)" in html
    assert "In progress (audit booked) — comment: Audit in May" in html
    assert _answers(assessment) == {}  # nothing stored before confirmation

    applied = client.post(f"{base}/apply", data={"token": _token(html)})
    assert applied.status_code == 302
    answers = _answers(assessment)
    assert answers["START-ORG-03"].value == "partial"
    assert answers["START-ORG-03"].comment == "Audit in May"
    assert answers["START-SUP-01"].value == ["cloud-hosting", "data-vendor"]
    assert answers["START-ORG-01"].updated_by_id == contact.id
    assert db.session.scalar(db.select(AnswerRevision).filter_by(
        answer_id=answers["START-ORG-03"].id))
    actions = set(db.session.scalars(db.select(AuditEvent.action).filter_by(
        assessment_id=assessment.id, actor_id=contact.id)))
    assert {"answer.saved", "assessment.workbook_applied",
            "assessment.workbook_downloaded"} <= actions
    db.session.refresh(assessment)
    assert assessment.status is AssessmentStatus.IN_PROGRESS


def test_unchanged_rows_are_shown_as_staying_the_same(client, vendor_setup):
    assessment, _ = vendor_setup
    base = f"/respond/{assessment.id}/workbook"
    filled, _ = _fill(_download(client, base), {"START-ORG-03": ("Yes", None)})
    client.post(f"{base}/apply", data={"token": _token(
        _upload(client, f"{base}/upload", filled).get_data(as_text=True))})
    again, _ = _fill(_download(client, base), {"START-RESP-01": ("No", None)})
    html = _upload(client, f"{base}/upload", again).get_data(as_text=True)
    assert "Answers that will change (1)" in html
    assert "Answers that stay the same (1)" in html


def test_bad_rows_are_listed_by_row_and_nothing_applies_unless_confirmed(client, vendor_setup):
    assessment, _ = vendor_setup
    base = f"/respond/{assessment.id}/workbook"
    filled, rows = _fill(_download(client, base), {
        "START-ORG-02": ("about a dozen", None),
        "START-RESP-02": ("Our CEO", None),
        "START-ORG-03": ("Yes", None),
    })
    response = _upload(client, f"{base}/upload", filled)
    html = response.get_data(as_text=True)
    assert f"Row {rows['START-RESP-02']} (START-RESP-02): Choose one of:" in html
    assert f"Row {rows['START-ORG-02']} (START-ORG-02): Enter a number" in html
    token = _token(html)

    refused = client.post(f"{base}/apply", data={"token": token}, follow_redirects=True)
    assert "2 row(s) have errors, so nothing was applied" in refused.get_data(as_text=True)
    assert _answers(assessment) == {}

    client.post(f"{base}/apply", data={"token": token, "apply_valid_rows": "y"})
    answers = _answers(assessment)
    assert set(answers) == {"START-ORG-03"}
    event = db.session.scalar(db.select(AuditEvent).filter_by(
        action="assessment.workbook_applied"))
    assert event.details["skipped_rows"] == sorted([rows["START-ORG-02"], rows["START-RESP-02"]])


def test_workbook_of_another_assessment_is_refused(client, vendor_setup, make_assessment):
    assessment, contact = vendor_setup
    other = make_assessment(vendor=assessment.vendor, contacts=[contact])
    filled, _ = _fill(_download(client, f"/respond/{other.id}/workbook"),
                      {"START-ORG-03": ("Yes", None)})
    response = _upload(client, f"/respond/{assessment.id}/workbook/upload", filled)
    assert response.status_code == 422
    assert f"belongs to another assessment (#{other.id})" in response.get_data(as_text=True)


def test_workbook_of_another_template_version_is_refused(client, vendor_setup):
    assessment, _ = vendor_setup
    filled, _ = _fill(_download(client, f"/respond/{assessment.id}/workbook"),
                      {"START-ORG-03": ("Yes", None)})
    content = dict(assessment.template_version.content, version=2, title="Starter, revised")
    v2 = store_template(template_from_dict(content), source="editor")
    assessment.template_version = v2
    db.session.commit()
    response = _upload(client, f"/respond/{assessment.id}/workbook/upload", filled)
    assert response.status_code == 422
    assert ("made for questionnaire ai-supplier-starter version 1, but this assessment uses "
            "ai-supplier-starter version 2") in response.get_data(as_text=True)
    assert _answers(assessment) == {}


def test_submitted_assessment_is_never_changed(client, vendor_setup):
    assessment, _ = vendor_setup
    base = f"/respond/{assessment.id}/workbook"
    filled, _ = _fill(_download(client, base), {"START-ORG-03": ("Yes", None)})
    token = _token(_upload(client, f"{base}/upload", filled).get_data(as_text=True))
    assessment.status = AssessmentStatus.SUBMITTED
    db.session.commit()
    applied = client.post(f"{base}/apply", data={"token": token}, follow_redirects=True)
    assert "This assessment is submitted" in applied.get_data(as_text=True)
    uploaded = _upload(client, f"{base}/upload", filled, )
    assert uploaded.status_code == 302
    assert _answers(assessment) == {}


def test_answers_changed_after_the_preview_are_reported_as_conflicts(client, vendor_setup):
    assessment, _ = vendor_setup
    base = f"/respond/{assessment.id}/workbook"
    filled, _ = _fill(_download(client, base), {"START-ORG-01": ("From the workbook", None),
                                                "START-ORG-03": ("No", None)})
    token = _token(_upload(client, f"{base}/upload", filled).get_data(as_text=True))
    saved = client.post(f"/respond/{assessment.id}/autosave", data={
        "question": "START-ORG-01", "v-START-ORG-01": "0", "q-START-ORG-01": "Typed in a tab"})
    assert saved.status_code == 200
    applied = client.post(f"{base}/apply", data={"token": token}, follow_redirects=True)
    assert "changed in the portal after the preview" in applied.get_data(as_text=True)
    answers = _answers(assessment)
    assert answers["START-ORG-01"].value == "Typed in a tab"
    assert answers["START-ORG-03"].value == "no"


def test_tampered_preview_is_refused(client, vendor_setup):
    assessment, _ = vendor_setup
    base = f"/respond/{assessment.id}/workbook"
    filled, _ = _fill(_download(client, base), {"START-ORG-03": ("Yes", None)})
    token = _token(_upload(client, f"{base}/upload", filled).get_data(as_text=True))
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    applied = client.post(f"{base}/apply", data={"token": forged}, follow_redirects=True)
    assert "could not be verified" in applied.get_data(as_text=True)
    assert _answers(assessment) == {}


def _zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<x/>")
        archive.writestr("xl/workbook.xml", "<x/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (80 * 1024 * 1024))
    return out.getvalue()


@pytest.mark.parametrize("make, message", [
    (_zip_bomb, "possible zip bomb"),
    (lambda: b"PK\x03\x04" + b"\0" * (5 * 1024 * 1024 + 10), "larger than 5 MB"),
    (lambda: b"%PDF-1.7\n%%EOF", "This is not an Excel workbook"),
    (lambda: b"Question ID;Answer\n", "This is not an Excel workbook"),
])
def test_unsafe_or_wrong_files_get_a_clear_message(client, vendor_setup, make, message):
    assessment, _ = vendor_setup
    response = _upload(client, f"/respond/{assessment.id}/workbook/upload", make())
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_staff_upload_on_behalf_is_audited_as_such(client, login, make_user, make_assessment):
    assessment = make_assessment()
    staff = make_user("procurement")
    login(client, staff)
    base = f"/assessments/{assessment.id}/workbook"
    assert "Upload workbook on the vendor" in client.get(
        f"/assessments/{assessment.id}").get_data(as_text=True)
    filled, _ = _fill(_download(client, base), {"START-ORG-03": ("Yes", None)})
    html = _upload(client, f"{base}/upload", filled).get_data(as_text=True)
    assert "on the vendor's behalf" in html.replace("&#39;", "'")
    client.post(f"{base}/apply", data={"token": _token(html)})
    answer = _answers(assessment)["START-ORG-03"]
    assert (answer.value, answer.updated_by_id) == ("yes", staff.id)
    event = db.session.scalar(db.select(AuditEvent).filter_by(
        action="assessment.workbook_applied"))
    assert event.actor_id == staff.id and event.details["on_behalf_of_vendor"] is True
    assert "on behalf of" in event.summary
    db.session.refresh(assessment)
    assert assessment.status is AssessmentStatus.IN_PROGRESS


@pytest.mark.parametrize("method, suffix", [
    ("get", "workbook"), ("get", "workbook/upload"), ("post", "workbook/upload"),
    ("post", "workbook/apply"), ("get", "carried-over"), ("post", "carried-over/confirm"),
])
def test_foreign_vendor_gets_404(client, login, make_user, make_vendor, make_assessment, method,
                                 suffix):
    assessment = make_assessment()
    stranger = make_user("vendor", vendor=make_vendor())
    login(client, stranger)
    response = getattr(client, method)(f"/respond/{assessment.id}/{suffix}",
                                       data={"question": "START-ORG-03", "token": "x"})
    assert response.status_code == 404


@pytest.mark.parametrize("role, download, upload", [
    ("admin", 200, 200), ("procurement", 200, 200), ("contract_manager", 200, 403),
    ("vendor", 403, 403),
])
def test_staff_workbook_permissions(client, login, make_user, make_assessment, role, download,
                                    upload):
    assessment = make_assessment()
    vendor = assessment.vendor if role == "vendor" else None
    login(client, make_user(role, vendor=vendor))
    assert client.get(f"/assessments/{assessment.id}/workbook").status_code == download
    assert client.get(f"/assessments/{assessment.id}/workbook/upload").status_code == upload
    assert client.post(f"/assessments/{assessment.id}/workbook/apply",
                       data={"token": "x"}).status_code in (upload, 302)
