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
from portal.extensions import db
from portal.mail.models import EmailStatus, OutboundEmail

ROLES = ("anonymous", "admin", "procurement", "contract_manager", "vendor_own", "vendor_other")
OK, LOGIN, FORBIDDEN, NOT_FOUND, ANY = "ok", "login", "forbidden", "not_found", "any"


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

MATRIX: dict[tuple[str, str], dict[str, str]] = {
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
    ("assessments.activity", "GET"): STAFF,
    ("respond.index", "GET"): VENDOR_PAGE,
    ("respond.questionnaire", "GET"): VENDOR_OBJECT,
    ("respond.save", "POST"): VENDOR_OBJECT, ("respond.autosave", "POST"): VENDOR_OBJECT,
    ("respond.upload", "POST"): VENDOR_OBJECT,
    ("respond.submit", "GET"): VENDOR_OBJECT, ("respond.submit", "POST"): VENDOR_OBJECT,
    ("documents.library", "GET"): VENDOR_PAGE, ("documents.library", "POST"): VENDOR_PAGE,
    ("documents.download", "GET"): DOCUMENT_READ,
    ("documents.remove", "POST"): DOCUMENT_REMOVE,
    ("questionnaires.index", "GET"): STAFF, ("questionnaires.detail", "GET"): STAFF,
    ("questionnaires.import_template", "GET"): EDITORS,
    ("questionnaires.import_template", "POST"): EDITORS,
    ("questionnaires.sync", "POST"): EDITORS,
    ("questionnaires.edit", "GET"): EDITORS, ("questionnaires.edit", "POST"): EDITORS,
    ("offline.vendor_download", "GET"): VENDOR_OBJECT,
    ("offline.vendor_upload", "GET"): VENDOR_OBJECT,
    ("offline.vendor_upload", "POST"): VENDOR_OBJECT,
    ("offline.vendor_apply", "POST"): VENDOR_OBJECT,
    ("offline.carried_over", "GET"): VENDOR_OBJECT,
    ("offline.confirm_carried", "POST"): VENDOR_OBJECT,
    ("offline.staff_download", "GET"): STAFF,
    ("offline.staff_upload", "GET"): EDITORS, ("offline.staff_upload", "POST"): EDITORS,
    ("offline.staff_apply", "POST"): EDITORS,
    ("offline.cycle_changes", "GET"): STAFF,
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
                            config=app.config, assessment_id=assessment.id)
    message = OutboundEmail(to_address="x@example.com", subject="s", body_text="b",
                            kind="test", status=EmailStatus.OUTBOX)
    db.session.add(message)
    db.session.commit()
    values = {
        "vendor_id": own.id, "assessment_id": assessment.id, "document_id": document.id,
        "user_id": colleague.id, "product_id": own.products[0].id, "message_id": message.id,
        "question_id": "START-ORG-01", "key": "ai-supplier-starter", "version": 1,
        "token": "not-a-valid-token", "action": "deactivate",
    }
    return users, values


def _url(app, endpoint: str, values: dict) -> str:
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    with app.test_request_context():
        return url_for(endpoint, **{k: values[k] for k in rule.arguments})


def _outcome(response) -> str:
    if response.status_code in (301, 302, 303) and "/login" in response.headers["Location"]:
        return LOGIN
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
        if role != "anonymous":
            login(client, users[role])
        response = client.open(url, method=method, data={})
        response.close()
        outcome = _outcome(response)
        if method == "POST" and outcome == OK:
            # The action may have changed or removed the object: give the next role a new one.
            users, values = world()
            url = _url(app, endpoint, values)
        if (expected == ANY and outcome not in (OK, LOGIN)) or expected not in (ANY, outcome):
            wrong.append(f"{role}: expected {expected}, got {outcome} ({response.status_code})")
    assert not wrong, f"{method} {url}: " + "; ".join(wrong)
