"""Findings lifecycle: filters, remediation requests, vendor replies, risk acceptance, closing."""
from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.findings import services
from portal.findings.models import Finding, FindingStatus
from portal.findings.replies import FindingReply
from portal.mail.models import OutboundEmail
from portal.scoring.models import ScoreRecord
from portal.vendors.models import RiskTier
from tests.web.test_scorecards_builders import PDF, build_accepted


@pytest.fixture
def app_config(app_config):
    # These hand-computed figures are method v1's; v1 stays reproducible (docs/scoring.md).
    return {**app_config, "SCORING_METHOD": "v1"}

@pytest.fixture
def world(make_vendor, make_user, make_assessment):
    staff = make_user("procurement")
    vendor = make_vendor("Acme Models Ltd", tier=RiskTier.MEDIUM)
    contact = make_user("vendor", vendor=vendor, email="contact@example.com")
    build_accepted(make_assessment, vendor, staff)
    critical = db.session.scalar(sa.select(Finding).where(Finding.key == "critical:START-CUS-01"))
    return {"staff": staff, "vendor": vendor, "contact": contact, "critical": critical,
            "manager": make_user("contract_manager"), "admin": make_user("admin")}


def _residual(vendor_id: int) -> str:
    db.session.expire_all()
    return db.session.scalar(sa.select(ScoreRecord.residual_risk)
                             .where(ScoreRecord.vendor_id == vendor_id)
                             .order_by(ScoreRecord.id.desc()).limit(1))


def _actions(finding_id: int) -> list[str]:
    return list(db.session.scalars(sa.select(AuditEvent.action).where(
        AuditEvent.object_type == "Finding", AuditEvent.object_id == finding_id)
        .order_by(AuditEvent.id)))


def test_list_filters(client, login, world, make_vendor):
    other = make_vendor("Other Ltd")
    services.raise_manual(other, title="Manual gap", severity="medium", detail="", remediation="",
                          control_id="A.10.3", actor=world["staff"])
    db.session.commit()
    login(client, world["staff"])
    html = client.get("/findings/").get_data(as_text=True)
    assert "Manual gap" in html and "Acme Models Ltd" in html
    html = client.get("/findings/?severity=critical").get_data(as_text=True)
    title = world["critical"].title
    assert "Manual gap" not in html and title in html
    html = client.get(f"/findings/?vendor_id={other.id}&status=").get_data(as_text=True)
    assert "Manual gap" in html and title not in html
    assert "No findings match" in client.get("/findings/?overdue=1").get_data(as_text=True)


def test_request_remediation_mails_the_vendor_and_shows_overdue(client, login, world):
    finding = world["critical"]
    login(client, world["staff"])
    due = date.today() + timedelta(days=14)
    client.post(f"/findings/{finding.id}/remediation",
                data={"due_date": due.isoformat(), "message": "Please change the contract."})
    db.session.refresh(finding)
    assert finding.status is FindingStatus.REMEDIATION_REQUESTED
    assert finding.remediation_due_date == due
    mail = db.session.scalar(sa.select(OutboundEmail).where(
        OutboundEmail.kind == "finding_remediation"))
    assert mail.to_address == "contact@example.com" and "Please change" in mail.body_text
    assert "finding.remediation_requested" in _actions(finding.id)
    finding.remediation_due_date = date.today() - timedelta(days=1)
    db.session.commit()
    html = client.get("/findings/?overdue=1").get_data(as_text=True)
    assert finding.title in html and "Remediation overdue" in html


def test_vendor_replies_with_plan_and_evidence(client, login, world, make_vendor, make_user):
    finding = world["critical"]
    login(client, world["contact"])
    assert finding.title in client.get("/findings/mine").get_data(as_text=True)
    response = client.post(f"/findings/mine/{finding.id}", data={
        "body": "We will sign the no-training addendum by 1 March.",
        "file": (io.BytesIO(PDF), "addendum.pdf")}, content_type="multipart/form-data")
    assert response.status_code == 302
    db.session.refresh(finding)
    assert finding.vendor_response.startswith("We will sign")
    reply = db.session.scalar(sa.select(FindingReply))
    assert reply.document is not None and reply.document.original_name == "addendum.pdf"
    assert "finding.vendor_replied" in _actions(finding.id)
    # Another vendor's contact cannot see it; staff cannot use the vendor page.
    stranger = make_user("vendor", vendor=make_vendor("Stranger Ltd"))
    login(client, stranger)
    assert client.get(f"/findings/mine/{finding.id}").status_code == 404
    assert finding.title not in client.get("/findings/mine").get_data(as_text=True)
    login(client, world["staff"])
    assert client.get(f"/findings/mine/{finding.id}").status_code == 403
    assert "no-training addendum" in client.get(f"/findings/{finding.id}").get_data(as_text=True)


def test_risk_acceptance_needs_contract_manager_or_admin(client, login, world):
    finding = world["critical"]
    vendor_id = world["vendor"].id
    assert _residual(vendor_id) == "high"
    until = (date.today() + timedelta(days=90)).isoformat()
    data = {"justification": "Compensating control: data is synthetic.", "expires_on": until}
    login(client, world["staff"])
    assert client.post(f"/findings/{finding.id}/accept", data=data).status_code == 403
    with pytest.raises(services.NotAllowed):
        services.accept_risk(finding, justification="x", expires_on=date.today()
                             + timedelta(days=1), actor=world["staff"])
    db.session.rollback()
    login(client, world["manager"])
    client.post(f"/findings/{finding.id}/accept",
                data={**data, "expires_on": date.today().isoformat()})  # must end after today
    db.session.refresh(finding)
    assert finding.status is FindingStatus.OPEN
    client.post(f"/findings/{finding.id}/accept", data=data)
    db.session.refresh(finding)
    assert finding.status is FindingStatus.RISK_ACCEPTED
    assert finding.acceptance_approver_id == world["manager"].id
    assert finding.acceptance_expires_on.isoformat() == until
    assert _residual(vendor_id) == "medium"  # a valid acceptance no longer raises it
    assert "finding.risk_accepted" in _actions(finding.id)


def test_closing_a_critical_finding_lowers_residual_risk(client, login, world):
    finding, vendor_id = world["critical"], world["vendor"].id
    assert _residual(vendor_id) == "high"
    login(client, world["staff"])
    client.post(f"/findings/{finding.id}/close", data={"comment": ""})
    assert _residual(vendor_id) == "high"  # a comment is required
    client.post(f"/findings/{finding.id}/close", data={"comment": "Contract amended."})
    db.session.refresh(finding)
    assert finding.status is FindingStatus.CLOSED and finding.closed_at is not None
    assert _residual(vendor_id) == "medium"
    client.post(f"/findings/{finding.id}/reopen", data={"comment": "Amendment not signed."})
    assert _residual(vendor_id) == "high"
    assert _actions(finding.id)[-2:] == ["finding.closed", "finding.reopened"]


def test_edit_and_manual_finding_are_audited(client, login, world):
    vendor = world["vendor"]
    login(client, world["staff"])
    response = client.post("/findings/new", data={
        "vendor_id": vendor.id, "title": "No exit plan", "severity": "high",
        "remediation": "Agree an exit plan.", "detail": "", "control_id": "A.10.3"})
    finding = db.session.scalar(sa.select(Finding).where(Finding.title == "No exit plan"))
    assert response.status_code == 302 and finding.source.value == "manual"
    client.post(f"/findings/{finding.id}/edit", data={
        "title": "No exit or transition plan", "severity": "medium", "remediation": "Agree one."})
    db.session.refresh(finding)
    assert finding.title == "No exit or transition plan" and finding.severity.value == "medium"
    assert _actions(finding.id) == ["finding.raised", "finding.edited"]
    login(client, world["manager"])
    assert client.post(f"/findings/{finding.id}/close",
                       data={"comment": "x"}).status_code == 403
