"""Importing CISO Assistant libraries and spreadsheets: the preview and column-mapping pages, the
CLI, permissions and hostile uploads."""
from __future__ import annotations

import io
import re

import pytest
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.questionnaires.cli import questionnaires_cli
from portal.questionnaires.models import TemplateVersion
from tests.unit.questionnaires.test_import_ciso_assistant import SUPPLIER_CHECK
from tests.unit.questionnaires.test_import_spreadsheet import ROWS, _csv, _xlsx


def _upload(client, content: bytes, name: str, **fields):
    boundary, body = encode_multipart({"file": FileStorage(io.BytesIO(content), name),
                                       **fields})
    return client.post("/questionnaires/import", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")


def _form(html: str) -> dict[str, str]:
    """The preview form's hidden and selected values, as the browser would send them back."""
    form = html[html.index('action="/questionnaires/import/preview"'):]
    values = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form))
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', body)
        values[name] = chosen.group(1) if chosen else ""
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', form,
                                 re.S):
        values[name] = body.strip()
    return values


def _stored(key: str) -> list[TemplateVersion]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(TemplateVersion).filter_by(key=key)))


def test_a_library_is_previewed_then_imported(client, login, make_user):
    login(client, make_user("procurement"))
    reply = _upload(client, SUPPLIER_CHECK.encode(), "supplier-check.yaml")
    html = reply.get_data(as_text=True)
    assert reply.status_code == 422  # scored questions map to no ISO/IEC 42001 control
    assert "Read as: CISO Assistant library" in html
    assert "a scored question needs at least one ISO/IEC 42001 control" in html
    assert "no score is known for the answer(s) &#39;Alternate&#39;" in html
    assert not _stored("supplier-check")
    values = _form(html)
    values.update(default_controls="A.10.3", choice_scores="Alternate=0.5", action="preview")
    reply = client.post("/questionnaires/import/preview", data=values)
    html = reply.get_data(as_text=True)
    assert reply.status_code == 200, html
    assert "4: 2 single_choice, 1 text, 1 date" in html and "Import 4 questions" in html
    assert not _stored("supplier-check")
    values = _form(html)
    values["action"] = "import"
    reply = client.post("/questionnaires/import/preview", data=values)
    assert reply.status_code == 302, reply.get_data(as_text=True)
    [stored] = _stored("supplier-check")
    assert (stored.version, stored.source, stored.question_count) == (3, "upload", 4)
    event = db.session.scalar(db.select(AuditEvent).filter_by(action="template.imported"))
    assert event.details["format"] == "CISO Assistant library"
    assert any("heading" in w for w in event.details["warnings"])


def test_a_spreadsheet_is_mapped_column_by_column(client, login, make_user):
    login(client, make_user("admin"))
    reply = _upload(client, _xlsx(ROWS), "vendor_sheet.xlsx", default_controls="A.10.3")
    html = reply.get_data(as_text=True)
    assert reply.status_code == 200, html
    assert "Read as: spreadsheet" in html and "First rows" in html
    assert 'id="col-question"' in html and '<option value="3" selected>Question</option>' in html
    values = _form(html)
    assert values["col-section"] == "1" and values["key"] == ""
    # Choose no section column: every question lands in one "Questions" section.
    values.update({"col-section": "", "col-subsection": "", "key": "vendor-sheet",
                   "action": "import"})
    reply = client.post("/questionnaires/import/preview", data=values)
    assert reply.status_code == 302, reply.get_data(as_text=True)
    [stored] = _stored("vendor-sheet")
    assert [s["id"] for s in stored.content["sections"]] == ["questions"]
    assert stored.question_count == 6


def test_a_portal_template_still_imports_at_once(client, login, make_user):
    login(client, make_user("admin"))
    text = ("id: tiny\nversion: 1\ntitle: Tiny\nsections:\n  - id: s\n    title: S\n"
            "    questions:\n      - {id: Q-1, text: Why?, guidance: Say., type: text}\n")
    reply = _upload(client, text.encode(), "tiny.yaml")
    assert reply.status_code == 302
    assert _stored("tiny")[0].question_count == 1


@pytest.mark.parametrize(("role", "status"), [("contract_manager", 403), ("vendor", 403)])
def test_only_editors_import(client, login, make_user, make_vendor, role, status):
    login(client, make_user(role, vendor=make_vendor() if role == "vendor" else None))
    assert _upload(client, _csv(ROWS), "x.csv").status_code == status
    assert client.post("/questionnaires/import/preview",
                       data={"token": "x", "format": "spreadsheet"}).status_code == status


def test_the_upload_token_cannot_be_forged_or_reused_by_someone_else(client, login, make_user):
    first = make_user("admin")
    login(client, first)
    values = _form(_upload(client, _csv(ROWS), "sheet.csv",
                           default_controls="A.10.3").get_data(as_text=True))
    tampered = dict(values, token=values["token"][:-3] + "abc", action="import")
    reply = client.post("/questionnaires/import/preview", data=tampered, follow_redirects=True)
    assert "could not be verified" in reply.get_data(as_text=True)
    login(client, make_user("procurement"))
    reply = client.post("/questionnaires/import/preview", data=dict(values, action="import"),
                        follow_redirects=True)
    assert "could not be verified" in reply.get_data(as_text=True)
    assert not _stored("sheet")


@pytest.mark.parametrize(("content", "name", "message"), [
    (b"\x00\x01\x02binary junk", "junk.csv", "neither an .xlsx workbook nor a CSV"),
    (b"PK\x03\x04broken", "broken.xlsx", "not a readable .xlsx"),
    (b"urn: x\nobjects: {risk_matrix: []}\n", "matrix.yaml", "no framework"),
])
def test_hostile_or_wrong_files_get_a_message(client, login, make_user, content, name,
                                              message):
    login(client, make_user("admin"))
    reply = _upload(client, content, name)
    assert reply.status_code == 422
    assert message in reply.get_data(as_text=True)


def test_cli_imports_a_library_with_a_summary(app, tmp_path, make_user):
    path = tmp_path / "supplier-check.yaml"
    path.write_text(SUPPLIER_CHECK, encoding="utf-8")
    runner = app.test_cli_runner()
    refused = runner.invoke(questionnaires_cli, ["import", str(path)])
    assert refused.exit_code == 1
    assert "2.1: a scored question needs at least one ISO/IEC 42001 control" in refused.output
    assert "warning: no score is known for the answer(s) 'Alternate'" in refused.output
    dry = runner.invoke(questionnaires_cli, [
        "import", str(path), "--choice-score", "Alternate=0.5", "--default-control", "A.10.3",
        "--dry-run", "--write-yaml", str(tmp_path / "out.yaml")])
    assert dry.exit_code == 0, dry.output
    assert "3 section(s), 2 level(s) deep; 4 question(s)" in dry.output
    assert "dry run: nothing stored." in dry.output and not _stored("supplier-check")
    assert "id: supplier-check" in (tmp_path / "out.yaml").read_text(encoding="utf-8")
    admin = make_user("admin")
    stored = runner.invoke(questionnaires_cli, [
        "import", str(path), "--choice-score", "Alternate=0.5", "--default-control", "A.10.3",
        "--key", "scrm-test", "--actor", admin.email])
    assert stored.exit_code == 0, stored.output
    assert "stored scrm-test version 3 (4 questions)" in stored.output
    event = db.session.scalar(db.select(AuditEvent).filter_by(action="template.imported"))
    assert event.actor_id == admin.id
    again = runner.invoke(questionnaires_cli, [
        "import", str(path), "--choice-score", "Alternate=0.5", "--default-control", "A.10.3",
        "--key", "scrm-test"])
    assert "already stored with exactly this content" in again.output


def test_cli_maps_spreadsheet_columns(app, tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_bytes(_csv(ROWS))
    runner = app.test_cli_runner()
    result = runner.invoke(questionnaires_cli, [
        "import", str(path), "--column", "section=", "--column", "subsection=",
        "--column", "question=D", "--default-control", "A.10.3", "--key", "cli-sheet"])
    assert result.exit_code == 0, result.output
    assert "columns: question='Question', id='Ref'" in result.output
    assert "1 section(s), 1 level(s) deep; 6 question(s)" in result.output
    bad = runner.invoke(questionnaires_cli, ["import", str(path), "--column", "colour=A"])
    assert bad.exit_code == 2 and "FIELD=COLUMN" in bad.output
    bad = runner.invoke(questionnaires_cli, ["import", str(path), "--choice-score", "Yes"])
    assert bad.exit_code == 1 and "LABEL=SCORE" in bad.output


def test_another_sheet_is_read_with_its_own_columns(client, login, make_user):
    from tests.unit.questionnaires.test_import_spreadsheet import _workbook

    login(client, make_user("admin"))
    data = _workbook({"Read me": [["Notes", "Fill in the Questions sheet"]],
                      "Questions": ROWS,
                      "Short": [["Question", "Kind"], ["Do you log model inputs?", "text"]]})
    html = _upload(client, data, "book.xlsx", default_controls="A.10.3").get_data(as_text=True)
    assert '<option value="Questions" selected>Questions</option>' in html
    values = _form(html)
    values.update(sheet="Short", action="preview")
    html = client.post("/questionnaires/import/preview", data=values).get_data(as_text=True)
    assert '<option value="Short" selected>Short</option>' in html
    assert "1: 1 text" in html  # the columns were guessed afresh for this sheet
