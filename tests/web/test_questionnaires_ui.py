"""Template management in the portal: list, inspect, import, clone and edit."""
from __future__ import annotations

import io

import pytest
import yaml
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from portal.assessments.models import Assessment
from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.questionnaires.bank import default_questionnaires_dir
from portal.questionnaires.models import TemplateVersion
from portal.questionnaires.templates import latest_versions, load_pinned

STARTER = default_questionnaires_dir() / "templates" / "ai-supplier-starter.yaml"


@pytest.fixture
def editor(client, login, make_user):
    user = make_user("procurement")
    login(client, user)
    return user


def _starter(**changes) -> dict:
    data = yaml.safe_load(STARTER.read_text())
    data.update(changes)
    return data


def _import(client, content: bytes | str, name: str = "template.yaml"):
    raw = content.encode() if isinstance(content, str) else content
    boundary, body = encode_multipart({"file": FileStorage(io.BytesIO(raw), name)})
    return client.post("/questionnaires/import", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")


def _versions(key: str) -> list[TemplateVersion]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(TemplateVersion).filter_by(key=key)
                                   .order_by(TemplateVersion.version)))


@pytest.mark.parametrize("role, status", [
    ("admin", 200), ("procurement", 200), ("contract_manager", 200), ("vendor", 403)])
def test_list_and_detail_are_for_staff(client, login, make_user, make_vendor,
                                       make_template_version, role, status):
    make_template_version()
    login(client, make_user(role, vendor=make_vendor() if role == "vendor" else None))
    listing = client.get("/questionnaires/")
    assert listing.status_code == status
    assert client.get("/questionnaires/templates/ai-supplier-starter").status_code == status
    if status == 200:
        html = listing.get_data(as_text=True)
        assert "ai-supplier-starter" in html and ">13<" in html and "v1" in html
        assert 'href="/questionnaires/"' in html  # in the main navigation


@pytest.mark.parametrize("url", ["/questionnaires/import",
                                 "/questionnaires/templates/ai-supplier-starter/v1/edit"])
def test_contract_managers_cannot_change_templates(client, login, make_user,
                                                   make_template_version, url):
    make_template_version()
    login(client, make_user("contract_manager"))
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403


def test_detail_shows_questions_coverage_and_history(client, editor, make_template_version):
    make_template_version()
    html = client.get("/questionnaires/templates/ai-supplier-starter").get_data(as_text=True)
    assert "START-ORG-04" in html and "START-ORG-03 is yes" in html
    assert "Coverage of ISO/IEC 42001 Annex A" in html
    assert "A.10.2" in html
    assert "Version history" in html and "Clone and edit this version" in html


def test_valid_file_is_stored_as_an_uploaded_version(client, editor):
    data = _starter(id="acme-ai-check", title="Acme AI check")
    response = _import(client, yaml.safe_dump(data), "acme.yaml")
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.endswith("/questionnaires/templates/acme-ai-check?version=1")
    [stored] = _versions("acme-ai-check")
    assert (stored.source, stored.question_count, stored.created_by_id) == ("upload", 13, editor.id)
    event = db.session.scalar(db.select(AuditEvent).filter_by(action="template.imported"))
    assert event.details["file"] == "acme.yaml" and event.actor_id == editor.id
    again = _import(client, yaml.safe_dump(data), "acme.yaml")
    assert again.status_code == 302 and len(_versions("acme-ai-check")) == 1


def test_broken_file_lists_every_problem_with_file_and_question(client, editor):
    data = _starter(id="acme-ai-check")
    questions = data["sections"][0]["questions"]
    questions[0]["controls"] = ["A.99.9"]
    questions[1]["type"] = "essay"
    response = _import(client, yaml.safe_dump(data), "broken.yaml")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "2 problem(s) found" in html
    for qid, message in ((questions[0]["id"], "unknown control &#39;A.99.9&#39;"),
                         (questions[1]["id"], "unknown type &#39;essay&#39;")):
        assert f'<td>broken.yaml</td><td><span class="qid">{qid}</span></td><td>{message}' in html
    assert _versions("acme-ai-check") == []


def test_unreadable_file_is_reported(client, editor):
    response = _import(client, b"id: [unclosed\n  - : :", "junk.yaml")
    assert response.status_code == 422
    assert "cannot read the file as UTF-8 YAML" in response.get_data(as_text=True)


def test_same_version_with_different_content_is_refused(client, editor, make_template_version):
    make_template_version()
    response = _import(client, yaml.safe_dump(_starter(title="Changed title")), "starter.yaml")
    assert response.status_code == 422
    assert ("ai-supplier-starter version 1 is already stored with different content"
            in response.get_data(as_text=True))
    assert [v.title for v in _versions("ai-supplier-starter")] == [
        "AI supplier assessment (starter)"]


def test_older_version_than_the_newest_is_refused(client, editor):
    assert _import(client, yaml.safe_dump(_starter(id="acme", version=3))).status_code == 302
    response = _import(client, yaml.safe_dump(_starter(id="acme", version=2)))
    assert response.status_code == 422
    assert "older than the newest stored version 3" in response.get_data(as_text=True)


def _edit_form(version: TemplateVersion, **overrides) -> dict:
    template = load_pinned(version)
    form = {"title": template.title}
    for i, q in enumerate(template.questions()):
        prefix = f"questions-{i}-"
        form.update({prefix + "id": q.id, prefix + "text": q.text, prefix + "guidance": q.guidance,
                     prefix + "weight": str(q.weight),
                     prefix + "show_if_question": q.show_if.question if q.show_if else "",
                     prefix + "show_if_values": ", ".join(q.show_if.any_of) if q.show_if else ""})
        if q.required:
            form[prefix + "required"] = "y"
        if q.critical:
            form[prefix + "critical"] = "y"
        for key, value in overrides.get(q.id, {}).items():
            form.pop(prefix + key, None)
            if value is not None:
                form[prefix + key] = value
    form.update(overrides.get("", {}))
    return form


def test_clone_and_edit_creates_the_next_version_and_sent_assessments_keep_theirs(
        client, editor, make_assessment):
    sent = make_assessment()
    v1 = sent.template_version
    page = client.get("/questionnaires/templates/ai-supplier-starter/v1/edit")
    assert page.status_code == 200 and 'name="questions-0-text"' in page.get_data(as_text=True)
    form = _edit_form(v1, **{
        "": {"title": "Starter, revised"},
        "START-ORG-01": {"text": "Describe your AI service in two sentences."},
        "START-ORG-03": {"weight": "3", "critical": "y"},
        "START-ORG-02": {"required": "y"},
        "START-ORG-04": {"show_if_values": "yes, partial"},
    })
    response = client.post("/questionnaires/templates/ai-supplier-starter/v1/edit", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)
    versions = _versions("ai-supplier-starter")
    assert [(v.version, v.source) for v in versions] == [(1, "file"), (2, "editor")]
    new = load_pinned(versions[1])
    assert new.title == "Starter, revised"
    assert new.question("START-ORG-01").text == "Describe your AI service in two sentences."
    assert new.question("START-ORG-03").weight == 3.0
    assert new.question("START-ORG-03").critical and new.question("START-ORG-03").critical_if
    assert new.question("START-ORG-02").required
    assert new.question("START-ORG-04").show_if.any_of == ("yes", "partial")
    event = db.session.scalar(db.select(AuditEvent).filter_by(action="template.version_created"))
    assert event.details == {"key": "ai-supplier-starter", "version": 2, "based_on": 1,
                             "checksum": versions[1].checksum}
    # The assessment already sent still shows and scores exactly what it was sent with.
    sent = db.session.get(Assessment, sent.id)
    assert sent.template_version_id == versions[0].id
    assert load_pinned(sent.template_version).question("START-ORG-01").text.startswith(
        "Describe the AI product")
    assert [v.version for v in latest_versions() if v.key == "ai-supplier-starter"] == [2]


def test_invalid_edit_lists_problems_and_stores_nothing(client, editor, make_template_version):
    v1 = make_template_version()
    form = _edit_form(v1, **{
        "START-ORG-01": {"weight": "2"},                          # text questions are unscored
        "START-ORG-03": {"show_if_question": "START-RESP-01",     # a later question
                         "show_if_values": "yes"},
        "START-RESP-01": {"show_if_question": "START-ORG-03", "show_if_values": "sometimes"},
    })
    response = client.post("/questionnaires/templates/ai-supplier-starter/v1/edit", data=form)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "text questions are unscored: weight must be 0" in html
    assert "which is not an earlier question" in html
    assert "show_if value &#39;sometimes&#39; is not an option of &#39;START-ORG-03&#39;" in html
    assert len(_versions("ai-supplier-starter")) == 1


def test_form_errors_are_shown_without_saving(client, editor, make_template_version):
    v1 = make_template_version()
    form = _edit_form(v1, **{"START-ORG-03": {"weight": "9"}, "": {"title": ""}})
    response = client.post("/questionnaires/templates/ai-supplier-starter/v1/edit", data=form)
    assert response.status_code == 422
    assert "Number must be between 0 and 5" in response.get_data(as_text=True)
    assert len(_versions("ai-supplier-starter")) == 1


def test_load_shipped_templates(client, editor):
    response = client.post("/questionnaires/sync", follow_redirects=True)
    assert "Loaded 4 new template version(s)" in response.get_data(as_text=True)
    assert {s.key for s in latest_versions()} >= {"ai-supplier-starter", "ai-supplier-core"}
    again = client.post("/questionnaires/sync", follow_redirects=True)
    assert "already loaded" in again.get_data(as_text=True)
