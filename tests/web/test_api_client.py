"""A Python client generated from /api/v1/openapi.json by openapi-python-client runs the whole
process end to end, as an integrator's code would: no hand-written request anywhere below.

The client talks to the app through httpx's WSGI transport (no server, no network).
"""
from __future__ import annotations

import importlib
import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest

from portal.api.services import create_token
from portal.extensions import db

pytestmark = pytest.mark.slow
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PACKAGE = "vap_client"
# The starter questionnaire, answered by value type (conditional questions included).
ANSWERS = {
    "START-ORG-01": "Acme AI Ltd", "START-ORG-02": 12, "START-ORG-03": "yes",
    "START-ORG-04": "2027-03-31", "START-RESP-01": "yes", "START-RESP-02": "committee",
    "START-SUP-01": ["cloud-hosting"], "START-SUP-02": "yes", "START-SUP-03": "yes",
    "START-CUS-01": "never", "START-CUS-02": 30, "START-CUS-03": "yes",
}


@pytest.fixture
def app_config(app_config):
    return {**app_config, "WEBHOOK_DELIVER_AFTER_COMMIT": False, "API_RATE_LIMIT": 100_000}


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """Generate the client once per module from the document the app serves."""
    from portal import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "x" * 32,
                      "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    root = tmp_path_factory.mktemp("client")
    (root / "openapi.json").write_text(json.dumps(spec))
    (root / "config.yaml").write_text("post_hooks: []\n")
    tool = Path(sys.executable).with_name("openapi-python-client")
    done = subprocess.run(
        [str(tool), "generate", "--path", str(root / "openapi.json"), "--output-path",
         str(root / PACKAGE), "--meta", "none", "--config", str(root / "config.yaml")],
        capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    # Anything the generator could not express it reports as a warning: there must be none.
    assert "Warning" not in done.stdout + done.stderr, done.stdout + done.stderr
    return root


@pytest.fixture
def vap(generated, monkeypatch):
    """The generated package, imported afresh for the test."""
    monkeypatch.syspath_prepend(str(generated))
    for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
        del sys.modules[name]
    return importlib.import_module(PACKAGE)


def _client(vap, app, user):
    _, raw = create_token(user, name="generated client", scopes={"read", "write"}, days=1,
                          actor=user)
    db.session.commit()
    return vap.AuthenticatedClient(
        base_url="http://portal.test/api/v1", token=raw, raise_on_unexpected_status=True,
        httpx_args={"transport": httpx.WSGITransport(app=app)})


def _call(module_path: str, **kwargs):
    """Call an operation of the generated client and return its parsed 2xx body."""
    module = importlib.import_module(f"{PACKAGE}.api.{module_path}")
    response = module.sync_detailed(**kwargs)
    assert 200 <= response.status_code < 300, (module_path, response.status_code,
                                               response.content[:500])
    return response.parsed


def test_generated_client_runs_the_whole_process(vap, app, make_user, make_template_version):
    make_template_version("ai-supplier-starter")
    models = importlib.import_module(f"{PACKAGE}.models")
    types = importlib.import_module(f"{PACKAGE}.types")
    staff = _client(vap, app, make_user("admin"))

    vendor = _call("vendors.create_vendor", client=staff, body=models.VendorCreate(
        legal_name="Acme AI Ltd", country="DE", website="https://acme.example.com"))
    intake = _call("contacts.put_intake", client=staff, vendor_id=vendor.id,
                   body=models.IntakePut.from_dict({
                       "data_shared": "personal", "training_use": "no",
                       "people_decisions": "supports", "ai_act_role": "provider",
                       "annex_iii": "no", "criticality": "high", "foundation_models": "yes",
                       "customer_facing": "yes"}))
    assert intake.inherent_tier.value == "high"

    contact = _call("contacts.invite_contact", client=staff, vendor_id=vendor.id,
                    body=models.ContactInvite(name="Vera Vendor", email="vera@acme.example"))
    assert contact.has_signed_in is False
    template = next(t for t in _call("assessments.list_templates", client=staff).data
                    if t.key == "ai-supplier-starter")
    draft = _call("assessments.create_assessment", client=staff, body=models.AssessmentCreate(
        vendor_id=vendor.id, template_version_id=template.id, title="Annual review",
        recipient_ids=[contact.id], due_date=date.today() + timedelta(days=30)))
    sent = _call("assessments.send_assessment", client=staff, assessment_id=draft.id)
    assert sent.status.value == "sent"

    # The contact accepts the invitation and creates a token on the account page.
    from portal.auth.models import User

    vendor_side = _client(vap, app, db.session.get(User, contact.id))
    evidence = _call("documents.upload_document", client=vendor_side,
                     body=models.DocumentUpload(
                         file=types.File(payload=PDF, file_name="model-card.pdf",
                                         mime_type="application/pdf"),
                         vendor_id=vendor.id, assessment_id=draft.id))
    questions = _call("answers.list_answers", client=vendor_side, assessment_id=draft.id).data
    for question in questions:
        value = [evidence.id] if question.type_ == "file" else ANSWERS.get(
            question.question_id)
        if value is None:
            continue
        saved = _call("answers.put_answer", client=vendor_side, assessment_id=draft.id,
                      question_id=question.question_id,
                      body=models.AnswerPut.from_dict({"value": value, "version": 0}))
        assert saved.version == 1
    file_answer = next(a for a in _call("answers.list_answers", client=vendor_side,
                                        assessment_id=draft.id).data if a.type_ == "file")
    assert file_answer.value == [evidence.id]
    assert _call("answers.submit_assessment", client=vendor_side,
                 assessment_id=draft.id).status.value == "submitted"

    for action in ({"action": "start_review"}, {"action": "accept", "comment": "Good"}):
        moved = _call("assessments.assessment_action", client=staff, assessment_id=draft.id,
                      body=models.PlainAction.from_dict(action))
    assert moved.status.value == "accepted"

    scorecard = _call("scorecards.get_scorecard", client=staff, vendor_id=vendor.id)
    assert scorecard.assessment_id == draft.id and scorecard.overall is not None
    decision = _call("scorecards.record_decision", client=staff, vendor_id=vendor.id,
                     body=models.DecisionIn(decision=models.DecisionInDecision("approve")))
    assert decision.score_record_id == scorecard.id
    pdf = _call("scorecards.scorecard_pdf", client=staff, vendor_id=vendor.id)
    assert pdf.payload.read().startswith(b"%PDF")
    original = _call("documents.download_document", client=staff, document_id=evidence.id)
    assert original.payload.read() == PDF
