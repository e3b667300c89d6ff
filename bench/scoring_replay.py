"""Drive the four-vendor scenario through the portal's pages (a test client) or its REST API.

Used by bench/scoring_scenario.py (prints the table for docs/scoring.md) and by
tests/web/test_scoring_scenario.py. Set-up that is not part of the journey (users, vendors with
their tier and product, the sent assessments) is written directly; every step a vendor or a
reviewer takes goes through HTTP. Evidence verdicts and accepting a certificate over a failed
check (the override reason) have no API operation yet, so the API replay takes those two steps
on the pages.
"""
from __future__ import annotations

import contextvars
import io
import secrets
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from bench.scoring_scenario import (
    TEMPLATE_KEY,
    Row,
    answer_set,
    certificate_pdf,
    evidence_pdf,
    evidence_questions,
)
from portal import create_app
from portal.assessments.lifecycle import AssessmentStatus
from portal.assessments.models import Assessment
from portal.auth.models import Role, User
from portal.certificates.models import Certificate
from portal.documents.models import EvidenceLink
from portal.extensions import db
from portal.questionnaires.templates import load_pinned, sync_templates_from_disk
from portal.scoring.models import ScoreRecord
from portal.scoring.residual import summarise
from portal.vendors.models import Product, RiskTier, Vendor

VENDORS = {
    "a": ("Alder Analytics Ltd", "strong answers, a document per answer (reviewed), own "
                                 "ISO/IEC 42001 certificate"),
    "b": ("Birch Intelligence Ltd", "the same claims, no evidence"),
    "c": ("Cedar Robotics Ltd", "honest weaker answers, no evidence"),
    "d": ("Damson Data Ltd", "the same claims, one file copied to every answer, a certificate "
                             "issued to another company"),
}
OTHER_COMPANY = "Elmwood Holdings plc"


@dataclass
class Run:
    app: Flask
    staff: User
    contacts: dict[str, User] = field(default_factory=dict)
    assessments: dict[str, int] = field(default_factory=dict)
    vendors: dict[str, int] = field(default_factory=dict)
    tokens: dict[int, str] = field(default_factory=dict)


class IsolatedClient(FlaskClient):
    """Run each request in its own context, as in production (not in the caller's app context,
    whose `g` would carry the previous request's signed-in user)."""

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


def make_app(tmp: Path, database_url: str | None) -> Flask:
    """Build an app with jobs run at once, as the tests do."""
    app = create_app({
        "TESTING": True, "PORTAL_ENV": "development",
        "SECRET_KEY": secrets.token_hex(16),
        "SQLALCHEMY_DATABASE_URI": database_url or f"sqlite:///{tmp / 'scenario.db'}",
        "UPLOAD_DIR": str(tmp / "uploads"), "WTF_CSRF_ENABLED": False,
        "PORTAL_BASE_URL": "http://portal.test", "MAIL_FROM": "portal@portal.test",
        "REQUIRE_ADMIN_2FA": False, "JOBS_MODE": "eager",
        "WEBHOOK_DELIVER_AFTER_COMMIT": False,
        # A loaded machine must not time the certificate reader out mid-scenario.
        "CERTIFICATE_WALL_SECONDS": 120})
    app.test_client_class = IsolatedClient
    return app


def sign_in(app: Flask, client: FlaskClient, user: User) -> FlaskClient:
    """Put a signed-in session on the client (as a completed sign-in leaves it)."""
    from flask_login.utils import _create_identifier

    with app.test_request_context(environ_base=client.environ_base):
        identifier = _create_identifier()
    with client.session_transaction() as session:
        now = int(time.time())
        session.update({"_user_id": user.get_id(), "_fresh": True, "_id": identifier,
                        "_auth_at": now, "_seen": now, "2fa_ok": True})
    return client


def _user(role: Role, email: str, vendor: Vendor | None = None) -> User:
    user = User(email=email, name=email.split("@")[0].title(), role=role,
                vendor_id=vendor.id if vendor else None, session_token=secrets.token_hex(16))
    db.session.add(user)
    db.session.flush()
    return user


def set_up(app: Flask) -> Run:
    """Create the reviewer, the four vendors (tier High), their contacts and sent assessments."""
    versions = sync_templates_from_disk()
    version = versions[TEMPLATE_KEY]
    staff = _user(Role.CONTRACT_MANAGER, "reviewer@buyer.test")
    run = Run(app=app, staff=staff)
    for key, (name, _) in VENDORS.items():
        vendor = Vendor(legal_name=name, name_key=name.lower(), inherent_tier=RiskTier.HIGH)
        vendor.products.append(Product(name="Claims Triage Assistant"))
        db.session.add(vendor)
        db.session.flush()
        contact = _user(Role.VENDOR, f"contact@{key}.vendor.test", vendor)
        assessment = Assessment(vendor_id=vendor.id, template_version=version,
                                title="AI supplier assessment", status=AssessmentStatus.SENT,
                                due_date=date.today())
        assessment.recipients.append(contact)
        db.session.add(assessment)
        db.session.flush()
        run.contacts[key], run.vendors[key] = contact, vendor.id
        run.assessments[key] = assessment.id
    db.session.commit()
    return run


def _token(run: Run, user: User) -> dict[str, str]:
    from portal.api.services import create_token

    if user.id not in run.tokens:
        _, raw = create_token(user, name="scenario", scopes={"read", "write"}, days=1,
                              actor=user)
        db.session.commit()
        run.tokens[user.id] = raw
    return {"Authorization": f"Bearer {run.tokens[user.id]}"}


def _expect(response, *codes: int):
    if response.status_code not in codes:
        raise AssertionError(f"{response.request.method} {response.request.path}: "
                             f"{response.status_code} {response.get_data(as_text=True)[:500]}")
    return response


def answer(run: Run, client: FlaskClient, key: str, values: dict[str, object], via: str) -> None:
    """The vendor saves every answer (pages: autosave; API: PUT per answer)."""
    assessment_id = run.assessments[key]
    for qid, value in values.items():
        if via == "api":
            _expect(client.put(f"/api/v1/assessments/{assessment_id}/answers/{qid}",
                               headers=_token(run, run.contacts[key]),
                               json={"value": value, "version": 0}), 200)
        else:
            data = {"question": qid, f"v-{qid}": "0", f"q-{qid}": value}
            _expect(client.post(f"/respond/{assessment_id}/autosave", data=data), 200)


def attach(run: Run, client: FlaskClient, key: str, qid: str, data: bytes, name: str, *,
           via: str) -> None:
    """The vendor attaches a document to an answer."""
    assessment_id = run.assessments[key]
    if via == "api":
        _expect(client.post("/api/v1/documents", headers=_token(run, run.contacts[key]),
                            data={"file": (io.BytesIO(data), name), "kind": "evidence",
                                  "vendor_id": str(run.vendors[key]),
                                  "assessment_id": str(assessment_id), "question_id": qid},
                            content_type="multipart/form-data"), 201)
    else:
        _expect(client.post(f"/evidence/{assessment_id}/{qid}/link",
                            data={"file": (io.BytesIO(data), name)},
                            content_type="multipart/form-data"), 302)


def answer_files(run: Run, client: FlaskClient, key: str, template, values: dict[str, object],
                 data: bytes, via: str) -> None:
    """Answer the shown file questions (e.g. "upload that documentation") with one file."""
    from portal.questionnaires.bank import is_visible

    assessment_id = run.assessments[key]
    for question in template.questions():
        if question.type != "file" or not is_visible(question, values):
            continue
        if via == "api":
            made = _expect(client.post(
                "/api/v1/documents", headers=_token(run, run.contacts[key]),
                data={"file": (io.BytesIO(data), "model-card.pdf"), "kind": "evidence",
                      "vendor_id": str(run.vendors[key]),
                      "assessment_id": str(assessment_id), "question_id": question.id},
                content_type="multipart/form-data"), 201).get_json()
            _expect(client.put(f"/api/v1/assessments/{assessment_id}/answers/{question.id}",
                               headers=_token(run, run.contacts[key]),
                               json={"value": [made["id"]], "version": 0}), 200)
        else:
            _expect(client.post(f"/respond/{assessment_id}/upload", data={
                "question": question.id, f"v-{question.id}": "0",
                f"f-{question.id}": (io.BytesIO(data), "model-card.pdf")},
                content_type="multipart/form-data"), 200)


def upload_certificate(run: Run, client: FlaskClient, key: str, data: bytes, via: str) -> None:
    if via == "api":
        _expect(client.post("/api/v1/documents", headers=_token(run, run.contacts[key]),
                            data={"file": (io.BytesIO(data), "certificate.pdf"),
                                  "kind": "certificate", "vendor_id": str(run.vendors[key])},
                            content_type="multipart/form-data"), 201)
    else:
        _expect(client.post("/documents/", data={"file": (io.BytesIO(data), "certificate.pdf"),
                                                 "kind": "certificate"},
                            content_type="multipart/form-data"), 302)


def submit(run: Run, client: FlaskClient, key: str, via: str) -> None:
    assessment_id = run.assessments[key]
    if via == "api":
        _expect(client.post(f"/api/v1/assessments/{assessment_id}/submit",
                            headers=_token(run, run.contacts[key])), 200)
    else:
        _expect(client.post(f"/respond/{assessment_id}/submit"), 302)


def accept_assessment(run: Run, client: FlaskClient, key: str, via: str) -> None:
    assessment_id = run.assessments[key]
    for action in ("start_review", "accept"):
        if via == "api":
            _expect(client.post(f"/api/v1/assessments/{assessment_id}/actions",
                                headers=_token(run, run.staff), json={"action": action}), 200)
        else:
            from portal.assessments.services import unreviewed_answers

            waiting = len(unreviewed_answers(db.session.get(Assessment, assessment_id)))
            _expect(client.post(f"/assessments/{assessment_id}/action", data={
                "action": action, "confirm_unreviewed": str(waiting)}), 302)


def certificate_of(run: Run, key: str) -> Certificate:
    db.session.expire_all()
    return db.session.scalar(sa.select(Certificate).where(
        Certificate.vendor_id == run.vendors[key]).order_by(Certificate.id.desc()).limit(1))


def latest(run: Run, key: str) -> ScoreRecord:
    db.session.expire_all()
    return db.session.scalar(sa.select(ScoreRecord).where(
        ScoreRecord.vendor_id == run.vendors[key]).order_by(ScoreRecord.id.desc()).limit(1))


def row(run: Run, key: str, label: str | None = None, description: str | None = None) -> Row:
    score = latest(run, key)
    return Row(label or key, description or VENDORS[key][1], score.overall, score.confidence,
               score.band, score.residual_risk,
               summarise(score.residual_risk, score.residual_reasons))


def replay(run: Run, via: str = "ui") -> list[Row]:
    """Run the scenario; return the table rows (d twice: flagged, then after the override)."""
    app = run.app
    template = load_pinned(db.session.get(Assessment, run.assessments["a"]).template_version)
    strong, weak = answer_set(template, strong=True), answer_set(template, strong=False)
    asked = evidence_questions(template, strong)
    today = date.today()
    for key in VENDORS:
        client = sign_in(app, app.test_client(), run.contacts[key])
        values = weak if key == "c" else strong
        answer(run, client, key, values, via)
        answer_files(run, client, key, template, values,
                     evidence_pdf("Our trust centre overview") if key == "d"
                     else evidence_pdf(f"Model card of vendor {key}"), via)
        if key == "a":
            for qid in asked:
                attach(run, client, key, qid, evidence_pdf(f"{qid} evidence"), f"{qid}.pdf",
                       via=via)
            upload_certificate(run, client, key, certificate_pdf(
                VENDORS["a"][0], number="AIMS 100200", today=today), via)
        if key == "d":
            one_file = evidence_pdf("Our trust centre overview")
            for qid in asked:
                attach(run, client, key, qid, one_file, "trust-centre.pdf", via=via)
            upload_certificate(run, client, key, certificate_pdf(
                OTHER_COMPANY, number="AIMS 900800", today=today), via)
        submit(run, client, key, via)
    reviewer = sign_in(app, app.test_client(), run.staff)
    for key in VENDORS:
        accept_assessment(run, reviewer, key, via)
    links = db.session.scalars(sa.select(EvidenceLink).where(
        EvidenceLink.assessment_id == run.assessments["a"])).all()
    for link in links:
        _expect(reviewer.post(f"/evidence/links/{link.id}/review",
                              data={"verdict": "relevant"}), 302)
    for key, expected in (("a", (200, 302)), ("d", (409, 422))):  # d: another company's
        certificate_id = certificate_of(run, key).id
        if via == "api":
            _expect(reviewer.post(f"/api/v1/certificates/{certificate_id}/accept",
                                  headers=_token(run, run.staff), json={}), expected[0])
        else:
            _expect(reviewer.post(f"/certificates/{certificate_id}/accept", data={}),
                    expected[1])
    rows = [row(run, key) for key in VENDORS]
    _expect(reviewer.post(f"/certificates/{certificate_of(run, 'd').id}/accept", data={
        "override_reason": "Group certificate; the buyer's legal team accepts the parent "
                           "company's scope for this contract."}), 302)
    rows.append(row(run, "d", "d, after override", "certificate accepted over the failed "
                                                   "legal-entity check, with a reason"))
    return rows


def run_scenario(tmp: Path, *, database_url: str | None = None, via: str = "ui") -> list[Row]:
    """Build a fresh database, replay the scenario and return the table rows."""
    app = make_app(tmp, database_url)
    with app.app_context():
        db.create_all()
        try:
            return replay(set_up(app), via)
        finally:
            db.session.remove()
            if database_url:
                db.drop_all()
            db.engine.dispose()
