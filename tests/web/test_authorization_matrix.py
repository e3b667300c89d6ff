"""Every route x every role x own/foreign object -> expected outcome.

The table must name every (endpoint, method) in the app's URL map: a new route without an entry
fails `test_every_route_is_in_the_matrix`, so nobody adds a page without deciding who may use it.
"""
from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from flask import url_for

from portal.assessments.lifecycle import AssessmentStatus
from portal.documents.models import EvidenceLink
from portal.extensions import db
from portal.mail.models import EmailStatus, OutboundEmail
from portal.settings.current import settings_for

ROLES = ("anonymous", "admin", "procurement", "contract_manager", "vendor_own", "vendor_other")
OK, LOGIN, FORBIDDEN, NOT_FOUND, ANY = "ok", "login", "forbidden", "not_found", "any"
# Issue 6: token-authenticated API routes answer 401 (a problem document) without a token; the
# matrix calls them with a bearer token of each role instead of a signed-in session.
API_UNAUTHENTICATED = "api_unauthenticated"


def _row(anonymous, admin, procurement, contract_manager, vendor_own, vendor_other):
    return dict(zip(ROLES, (anonymous, admin, procurement, contract_manager, vendor_own,
                            vendor_other), strict=True))


PUBLIC = _row(ANY, ANY, ANY, ANY, ANY, ANY)
# Invitation and reset links: the matrix uses an invalid token, which is "not found" for everyone.
BAD_LINK = _row(NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND)
SIGNED_IN = _row(LOGIN, OK, OK, OK, OK, OK)
STAFF = _row(LOGIN, OK, OK, OK, FORBIDDEN, FORBIDDEN)
EDITORS = _row(LOGIN, OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN)
ADMINS = _row(LOGIN, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN)
# A vendor contact's own organisation's object; another organisation's contact gets 404.
VENDOR_OBJECT = _row(LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, NOT_FOUND)
# A vendor page with no object in the URL: each contact sees their own organisation's data.
VENDOR_PAGE = _row(LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, OK)
DOCUMENT_READ = _row(LOGIN, OK, OK, OK, OK, NOT_FOUND)
DOCUMENT_REMOVE = _row(LOGIN, OK, OK, FORBIDDEN, OK, NOT_FOUND)
# Risk acceptance and vendor decisions: contract managers and administrators only.
APPROVERS = _row(LOGIN, OK, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN)

# Issue 6: the REST API (tokens) and its token and webhook pages.
API_STAFF = _row(API_UNAUTHENTICATED, OK, OK, OK, FORBIDDEN, FORBIDDEN)
API_EDITORS = _row(API_UNAUTHENTICATED, OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN)
API_ANY = _row(API_UNAUTHENTICATED, OK, OK, OK, OK, OK)
API_OBJECT = _row(API_UNAUTHENTICATED, OK, OK, OK, OK, NOT_FOUND)
API_VENDOR_OBJECT = _row(API_UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, NOT_FOUND)
# The world has no score record: staff get 404 "no score yet", vendor contacts 403.
API_SCORECARD = _row(API_UNAUTHENTICATED, NOT_FOUND, NOT_FOUND, NOT_FOUND, FORBIDDEN, FORBIDDEN)
# A background job is seen by whoever started it (vendor_own here) and by administrators.
JOB_OWNER = _row(LOGIN, OK, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND)
# Tokens are revoked by their owner only (the world's token belongs to vendor_own).
OWN_TOKEN = _row(LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND)
# Issue 14: the whole process through the API.
API_JOB_OWNER = _row(API_UNAUTHENTICATED, OK, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND)
API_APPROVERS = _row(API_UNAUTHENTICATED, OK, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN)
API_MATRIX: dict[tuple[str, str], dict[str, str]] = {
    ("api.openapi", "GET"): PUBLIC, ("api.me", "GET"): API_ANY,
    ("api.list_vendors", "GET"): API_STAFF, ("api.create_vendor", "POST"): API_EDITORS,
    ("api.get_vendor", "GET"): API_STAFF, ("api.update_vendor", "PATCH"): API_EDITORS,
    ("api.list_templates", "GET"): API_STAFF,
    ("api.list_assessments", "GET"): API_ANY, ("api.create_assessment", "POST"): API_EDITORS,
    ("api.get_assessment", "GET"): API_OBJECT, ("api.send_assessment", "POST"): API_EDITORS,
    ("api.assessment_action", "POST"): API_STAFF,
    ("api.list_answers", "GET"): API_OBJECT, ("api.put_answer", "PUT"): API_VENDOR_OBJECT,
    ("api.submit_assessment", "POST"): API_VENDOR_OBJECT,
    ("api.upload_document", "POST"): API_ANY, ("api.get_document", "GET"): API_OBJECT,
    ("api.download_document", "GET"): API_OBJECT,
    ("api.list_certificates", "GET"): API_OBJECT, ("api.get_certificate", "GET"): API_OBJECT,
    ("api.get_scorecard", "GET"): API_SCORECARD, ("api.list_findings", "GET"): API_OBJECT,
    # Issue 14: contacts, intake, certificate review, findings, decisions, webhooks, jobs.
    ("api.list_contacts", "GET"): API_STAFF, ("api.get_contact", "GET"): API_STAFF,
    ("api.invite_contact", "POST"): API_EDITORS, ("api.change_contact", "PATCH"): API_EDITORS,
    ("api.tiering_rule", "GET"): API_STAFF, ("api.get_intake", "GET"): API_STAFF,
    ("api.put_intake", "PUT"): API_EDITORS,
    ("api.correct_certificate", "PATCH"): API_STAFF,
    ("api.accept_certificate", "POST"): API_STAFF, ("api.reject_certificate", "POST"): API_STAFF,
    ("api.recheck_certificate", "POST"): API_STAFF,
    ("api.raise_finding", "POST"): API_EDITORS, ("api.get_finding", "GET"): API_OBJECT,
    ("api.update_finding", "PATCH"): API_EDITORS, ("api.finding_action", "POST"): API_STAFF,
    ("api.reply_to_finding", "POST"): API_VENDOR_OBJECT,
    ("api.scorecard_pdf", "GET"): API_SCORECARD,
    ("api.list_decisions", "GET"): API_STAFF, ("api.record_decision", "POST"): API_APPROVERS,
    ("api.list_webhooks", "GET"): API_STAFF, ("api.create_webhook", "POST"): API_STAFF,
    ("api.get_webhook", "GET"): API_STAFF,
    # The world's webhook was created by procurement: its creator or an administrator.
    ("api.ping_webhook", "POST"): API_EDITORS, ("api.rotate_webhook_secret", "POST"): API_EDITORS,
    ("api.delete_webhook", "DELETE"): API_EDITORS,
    ("api.list_jobs", "GET"): API_ANY, ("api.get_job", "GET"): API_JOB_OWNER,
    ("api.job_result", "GET"): API_JOB_OWNER,
    ("api.bulk_send", "POST"): API_EDITORS, ("api.export_evidence_pack", "POST"): API_STAFF,
    ("api_tokens.index", "GET"): SIGNED_IN, ("api_tokens.index", "POST"): SIGNED_IN,
    ("api_tokens.revoke", "POST"): OWN_TOKEN,
    ("webhooks.index", "GET"): STAFF, ("webhooks.index", "POST"): STAFF,
    ("webhooks.detail", "GET"): STAFF,
    # The world's webhook was created by procurement: its creator or an administrator.
    ("webhooks.ping", "POST"): EDITORS, ("webhooks.delete", "POST"): EDITORS,
    ("webhooks.rotate", "POST"): EDITORS,
}

MATRIX: dict[tuple[str, str], dict[str, str]] = {
    **API_MATRIX,
    ("main.index", "GET"): _row(LOGIN, OK, OK, OK, OK, OK),
    ("main.dashboard", "GET"): STAFF,
    ("main.healthz", "GET"): PUBLIC,
    ("auth.login", "GET"): PUBLIC, ("auth.login", "POST"): PUBLIC,
    ("auth.logout", "POST"): PUBLIC,
    ("auth.forgot_password", "GET"): PUBLIC, ("auth.forgot_password", "POST"): PUBLIC,
    ("auth.invitation", "GET"): BAD_LINK, ("auth.invitation", "POST"): BAD_LINK,
    ("auth.reset_password", "GET"): BAD_LINK, ("auth.reset_password", "POST"): BAD_LINK,
    ("auth.account", "GET"): SIGNED_IN, ("auth.account", "POST"): SIGNED_IN,
    ("auth.team", "GET"): VENDOR_PAGE, ("auth.team", "POST"): VENDOR_PAGE,
    ("auth.team_deactivate", "POST"): VENDOR_OBJECT,
    ("auth.team_reactivate", "POST"): VENDOR_OBJECT,
    ("auth.team_resend", "POST"): VENDOR_OBJECT,
    # Two-factor sign-in. The second step needs a pending sign-in (none here: login).
    ("auth.twofactor.verify", "GET"): PUBLIC, ("auth.twofactor.verify", "POST"): PUBLIC,
    ("auth.twofactor.settings", "GET"): SIGNED_IN,
    ("auth.twofactor.setup", "GET"): SIGNED_IN, ("auth.twofactor.setup", "POST"): SIGNED_IN,
    ("auth.twofactor.recovery_codes", "POST"): SIGNED_IN,
    ("auth.twofactor.disable", "POST"): SIGNED_IN,
    ("admin.users", "GET"): ADMINS, ("admin.user_detail", "GET"): ADMINS,
    ("admin.new_user", "GET"): ADMINS, ("admin.new_user", "POST"): ADMINS,
    ("admin.deactivate_user", "POST"): ADMINS, ("admin.reactivate_user", "POST"): ADMINS,
    ("admin.unlock_user", "POST"): ADMINS, ("admin.resend_invitation", "POST"): ADMINS,
    ("admin.outbox", "GET"): ADMINS, ("admin.outbox_message", "GET"): ADMINS,
    ("admin.audit", "GET"): ADMINS,
    ("vendors.index", "GET"): STAFF, ("vendors.detail", "GET"): STAFF,
    ("vendors.new", "GET"): EDITORS, ("vendors.new", "POST"): EDITORS,
    ("vendors.edit", "GET"): EDITORS, ("vendors.edit", "POST"): EDITORS,
    ("vendors.intake", "GET"): EDITORS, ("vendors.intake", "POST"): EDITORS,
    ("vendors.set_status", "POST"): EDITORS,
    ("vendors.contacts", "GET"): STAFF, ("vendors.invite_contact", "POST"): EDITORS,
    ("vendors.set_invite_domains", "POST"): EDITORS,
    ("vendors.set_contact_active", "POST"): EDITORS,
    ("vendors.add_product", "POST"): EDITORS,
    ("vendors.edit_product", "GET"): EDITORS, ("vendors.edit_product", "POST"): EDITORS,
    ("vendors.remove_product", "POST"): EDITORS,
    ("vendors.assessments", "GET"): STAFF, ("vendors.documents", "GET"): STAFF,
    ("vendors.activity", "GET"): STAFF,
    ("assessments.index", "GET"): STAFF, ("assessments.detail", "GET"): STAFF,
    ("assessments.new", "GET"): EDITORS, ("assessments.new", "POST"): EDITORS,
    ("assessments.edit", "GET"): EDITORS, ("assessments.edit", "POST"): EDITORS,
    ("assessments.action", "POST"): STAFF,
    ("assessments.review", "GET"): STAFF, ("assessments.review_post", "POST"): STAFF,
    ("assessments.accept_unflagged", "POST"): STAFF,
    ("assessments.accept_unchanged_answers", "POST"): STAFF,
    ("assessments.activity", "GET"): STAFF,
    ("respond.index", "GET"): VENDOR_PAGE,
    ("respond.questionnaire", "GET"): VENDOR_OBJECT,
    ("respond.save", "POST"): VENDOR_OBJECT, ("respond.autosave", "POST"): VENDOR_OBJECT,
    ("respond.upload", "POST"): VENDOR_OBJECT,
    ("respond.submit", "GET"): VENDOR_OBJECT, ("respond.submit", "POST"): VENDOR_OBJECT,
    ("respond.todo", "GET"): VENDOR_OBJECT,
    ("documents.library", "GET"): VENDOR_PAGE, ("documents.library", "POST"): VENDOR_PAGE,
    ("documents.download", "GET"): DOCUMENT_READ,
    ("documents.remove", "POST"): DOCUMENT_REMOVE,
    ("questionnaires.index", "GET"): STAFF, ("questionnaires.detail", "GET"): STAFF,
    ("questionnaires.import_template", "GET"): EDITORS,
    ("questionnaires.import_template", "POST"): EDITORS,
    ("questionnaires.import_preview", "POST"): EDITORS,
    ("questionnaires.sync", "POST"): EDITORS,
    ("questionnaires.edit", "GET"): EDITORS, ("questionnaires.edit", "POST"): EDITORS,
    ("vendor_workbooks.download", "GET"): VENDOR_OBJECT,
    ("vendor_workbooks.upload", "GET"): VENDOR_OBJECT,
    ("vendor_workbooks.upload", "POST"): VENDOR_OBJECT,
    ("vendor_workbooks.apply", "POST"): VENDOR_OBJECT,
    ("respond.carried_over", "GET"): VENDOR_OBJECT,
    ("respond.confirm_carried", "POST"): VENDOR_OBJECT,
    ("staff_workbooks.download", "GET"): STAFF,
    ("staff_workbooks.upload", "GET"): EDITORS, ("staff_workbooks.upload", "POST"): EDITORS,
    ("staff_workbooks.apply", "POST"): EDITORS,
    ("assessments.cycle_changes", "GET"): STAFF,
    # Issue 4: certificates. Reading follows the document; reviewing is for staff reviewers.
    ("certificates.index", "GET"): STAFF, ("certificates.mine", "GET"): VENDOR_PAGE,
    ("certificates.for_vendor", "GET"): STAFF, ("certificates.for_assessment", "GET"): STAFF,
    ("certificates.detail", "GET"): DOCUMENT_READ,
    ("certificates.page_image", "GET"): DOCUMENT_READ,
    ("certificates.correct", "POST"): STAFF, ("certificates.accept", "POST"): STAFF,
    ("certificates.reject", "POST"): STAFF, ("certificates.recheck", "POST"): STAFF,
    # Issue 5: scorecards, decisions, findings, portfolio, evidence pack.
    ("scorecards.scorecard", "GET"): STAFF, ("scorecards.why", "GET"): STAFF,
    ("scorecards.scorecard_as_pdf", "GET"): STAFF, ("scorecards.scorecard_as_csv", "GET"): STAFF,
    ("scorecards.scorecard_as_json", "GET"): STAFF,
    ("scorecards.recalculate_score", "POST"): STAFF, ("decisions.decide", "POST"): APPROVERS,
    ("scoring_method.method", "GET"): SIGNED_IN,
    ("findings.index", "GET"): STAFF, ("findings.bulk", "POST"): STAFF,
    ("findings.detail", "GET"): STAFF,
    ("findings.new", "GET"): EDITORS, ("findings.new", "POST"): EDITORS,
    ("findings.edit", "POST"): EDITORS, ("findings.request_remediation", "POST"): EDITORS,
    ("findings.close", "POST"): EDITORS, ("findings.reopen", "POST"): EDITORS,
    ("findings.accept", "POST"): APPROVERS,
    ("findings.mine", "GET"): VENDOR_PAGE,
    ("findings.mine_detail", "GET"): VENDOR_OBJECT, ("findings.mine_detail", "POST"): VENDOR_OBJECT,
    ("portfolio.index", "GET"): STAFF, ("portfolio.export_csv", "GET"): STAFF,
    ("portfolio.evidence_pack_form", "GET"): STAFF, ("portfolio.evidence_pack_zip", "GET"): STAFF,
    ("portfolio.static", "GET"): PUBLIC,
    # Issue 6: background jobs (the world's job was started by vendor_own), bulk work.
    ("jobs.index", "GET"): SIGNED_IN, ("jobs.detail", "GET"): JOB_OWNER,
    ("jobs.status", "GET"): JOB_OWNER, ("jobs.retry", "POST"): JOB_OWNER,
    ("jobs.download", "GET"): JOB_OWNER,
    ("assessments.bulk_send", "GET"): EDITORS, ("assessments.bulk_send", "POST"): EDITORS,
    ("assessments.send_reminders_now", "POST"): EDITORS,
    ("portfolio.evidence_pack_start", "POST"): STAFF,
    # Bulk vendor import: editors only. The world's import is procurement's; another editor gets
    # 404 for it (tests/web/test_vendor_import.py), an administrator sees every import.
    ("vendors.import_upload", "GET"): EDITORS, ("vendors.import_upload", "POST"): EDITORS,
    ("vendors.import_template_csv", "GET"): EDITORS,
    ("vendors.import_template_xlsx", "GET"): EDITORS,
    ("vendors.import_detail", "GET"): EDITORS, ("vendors.import_apply", "POST"): EDITORS,
    ("vendors.import_cancel", "POST"): EDITORS,
    # Issue 11: evidence linked to answers (vendor's own assessment), reviewers' verdicts.
    ("evidence.link", "POST"): VENDOR_OBJECT, ("evidence.unlink", "POST"): VENDOR_OBJECT,
    ("evidence.review", "POST"): STAFF,
}


def _routes(app) -> set[tuple[str, str]]:
    found = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            found.add((rule.endpoint, method))
    return found


def test_every_route_is_in_the_matrix(app):
    routes = _routes(app)
    missing = sorted(routes - set(MATRIX))
    stale = sorted(set(MATRIX) - routes)
    assert not missing, f"routes without an authorization rule: {missing}"
    assert not stale, f"matrix entries for routes that no longer exist: {stale}"


@pytest.fixture
def world(app, make_vendor, make_user, make_assessment):
    """Build two organisations, staff of every role, and one object of each kind for vendor A."""
    return lambda: _build_world(app, make_vendor, make_user, make_assessment)


def _build_world(app, make_vendor, make_user, make_assessment):
    from portal.documents.services import store_upload

    own, other = make_vendor("Own Vendor Ltd"), make_vendor("Other Vendor Ltd")
    users = {
        "admin": make_user("admin"),
        "procurement": make_user("procurement"),
        "contract_manager": make_user("contract_manager"),
        "vendor_own": make_user("vendor", vendor=own),
        "vendor_other": make_user("vendor", vendor=other),
    }
    colleague = make_user("vendor", vendor=own)
    assessment = make_assessment(own, status=AssessmentStatus.SENT,
                                 contacts=[users["vendor_own"], colleague],
                                 due_date=date.today() + timedelta(days=10))
    pdf = io.BytesIO(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    document = store_upload(pdf, "evidence.pdf", vendor=own, actor=users["vendor_own"],
                            settings=settings_for(app), assessment=assessment)
    message = OutboundEmail(to_address="x@example.com", subject="s", body_text="b",
                            kind="test", status=EmailStatus.OUTBOX)
    db.session.add(message)
    finding = _own_finding(own)  # issue 5
    link = EvidenceLink(document_id=document.id, assessment_id=assessment.id,
                        question_id="START-RESP-01")  # issue 11
    db.session.add(link)
    db.session.commit()
    values = {
        "vendor_id": own.id, "assessment_id": assessment.id, "document_id": document.id,
        "user_id": colleague.id, "product_id": own.products[0].id, "message_id": message.id,
        "question_id": "START-ORG-01", "key": "ai-supplier-starter", "version": 1,
        "token": "not-a-valid-token", "action": "deactivate", "section_id": "company",
        "finding_id": finding.id, "filename": "reports.css", "link_id": link.id,
    }
    values.update(_api_world(app, own, users, document))  # issue 6
    values["page"] = 1  # issue 4: certificate page images (the certificate is _api_world's)
    values["job_id"] = _finished_job(app, users["vendor_own"])  # issue 6
    values["import_id"] = _vendor_import(users["procurement"])
    return users, values


def _vendor_import(owner) -> int:
    """A checked, not yet applied vendor import with one new vendor, started by procurement."""
    from portal.vendors.imports.models import VendorImport
    from portal.vendors.imports.plan import Outcome, RowPlan, VendorFields

    row = RowPlan(2, Outcome.NEW_VENDOR, "New vendor.", VendorFields("Matrix Import Ltd"),
                  vendor_row=2)
    imp = VendorImport(created_by_id=owner.id, filename="matrix.csv", rows=[row.as_dict()],
                       summary={"rows": 1, "new_vendors": 1, "contacts": 0, "skipped": 0,
                                "errors": 0, "existing_vendors": 0})
    db.session.add(imp)
    db.session.commit()
    return imp.id


def _finished_job(app, owner) -> int:
    from portal.jobs.exports import export_path
    from portal.jobs.models import Job, JobState

    job = Job(kind="exports.evidence_pack", title="Matrix export", params={},
              state=JobState.SUCCEEDED, created_by_id=owner.id,
              result={"file": "matrix-export.zip", "mimetype": "application/zip"})
    db.session.add(job)
    db.session.commit()
    export_path(settings_for(app), "matrix-export.zip").write_bytes(b"PK\x05\x06" + b"\0" * 18)
    return job.id


def _api_world(app, own, users, document) -> dict:
    """Add an API token of vendor_own, a webhook of procurement and a certificate (issue 6)."""
    from portal.api.models import WebhookSubscription
    from portal.api.services import create_token
    from portal.certificates.models import Certificate, CertificateStatus

    token, _ = create_token(users["vendor_own"], name="matrix", scopes={"read"}, days=30,
                            actor=users["vendor_own"])
    hook = WebhookSubscription(url="https://hooks.example.com/in", events=["decision.made"],
                               secret="whsec_matrix", created_by_id=users["procurement"].id)
    certificate = Certificate(document_id=document.id, vendor_id=own.id,
                              status=CertificateStatus.NEEDS_REVIEW, standards=[], sites=[],
                              checks=[])
    db.session.add_all([hook, certificate])
    db.session.commit()
    return {"token_id": token.id, "subscription_id": hook.id, "certificate_id": certificate.id}


def _api_token(user) -> str:
    """Create a read-and-write API token for a user and return its secret."""
    from portal.api.services import create_token

    _, raw = create_token(user, name="matrix", scopes={"read", "write"}, days=1, actor=user)
    db.session.commit()
    return raw


def _own_finding(vendor):
    from portal.findings.models import Finding, FindingSource, FindingStatus, Severity

    finding = Finding(vendor_id=vendor.id, key="manual:matrix", source=FindingSource.MANUAL,
                      severity=Severity.HIGH, status=FindingStatus.OPEN, title="Matrix finding")
    db.session.add(finding)
    db.session.flush()
    return finding


def _url(app, endpoint: str, values: dict) -> str:
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    with app.test_request_context():
        return url_for(endpoint, **{k: values[k] for k in rule.arguments})


def _outcome(response, *, api: bool = False) -> str:
    if response.status_code in (301, 302, 303) and "/login" in response.headers["Location"]:
        return LOGIN
    if api and response.status_code == 401:
        return API_UNAUTHENTICATED
    if response.status_code in (401, 403):
        return FORBIDDEN
    if response.status_code == 404:
        return NOT_FOUND
    assert response.status_code < 500, response.get_data(as_text=True)[:500]
    return OK


# Refused roles first: they change nothing, so one world serves the whole row.
ORDER = ("anonymous", "vendor_other", "contract_manager", "vendor_own", "procurement", "admin")


@pytest.mark.parametrize(("endpoint", "method"), sorted(MATRIX), ids=lambda v: str(v))
def test_route_permission(app, login, world, endpoint, method):
    users, values = world()
    url = _url(app, endpoint, values)
    wrong = []
    for role in ORDER:
        expected = MATRIX[(endpoint, method)][role]
        client = app.test_client()
        api = endpoint.startswith("api.") and endpoint != "api.openapi"
        headers = {}
        if role != "anonymous" and api:
            headers["Authorization"] = f"Bearer {_api_token(users[role])}"
        elif role != "anonymous":
            login(client, users[role])
        response = client.open(url, method=method, data={}, headers=headers)
        response.close()
        outcome = _outcome(response, api=api)
        if method in ("POST", "PATCH", "PUT", "DELETE") and outcome == OK:
            # The action may have changed or removed the object: give the next role a new one.
            users, values = world()
            url = _url(app, endpoint, values)
        if (expected == ANY and outcome not in (OK, LOGIN)) or expected not in (ANY, outcome):
            wrong.append(f"{role}: expected {expected}, got {outcome} ({response.status_code})")
    assert not wrong, f"{method} {url}: " + "; ".join(wrong)
