"""Bulk actions on findings: the same rules as one at a time, one e-mail per vendor."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from portal.auth.models import User
from portal.demo.seed import load_demo_data
from portal.extensions import db
from portal.findings.models import Finding, FindingStatus
from portal.mail.models import OutboundEmail


@pytest.fixture
def demo(app):
    load_demo_data()
    db.session.commit()
    people = {u.email: u for u in db.session.scalars(sa.select(User))}
    findings = db.session.scalars(sa.select(Finding).where(Finding.vendor_id == 1)
                                  .order_by(Finding.id)).all()
    return people, findings


def _later(days: int) -> str:
    return (date.today() + timedelta(days=days)).isoformat()


def test_requesting_remediation_on_many_emails_each_vendor_once(client, login, demo):
    people, findings = demo
    login(client, people["procurement@demo.example"])
    response = client.post("/findings/bulk", data={
        "finding_ids": [f.id for f in findings[:3]], "action": "remediate",
        "due_date": _later(30), "text": "Please send your plan.", "next": "/findings/"},
        follow_redirects=True)
    assert "done for 3 finding(s)" in response.get_data(as_text=True)
    db.session.expire_all()
    assert {f.status for f in findings[:3]} == {FindingStatus.REMEDIATION_REQUESTED}
    mails = db.session.scalars(sa.select(OutboundEmail).where(
        OutboundEmail.kind == "finding_remediation")).all()
    assert len(mails) == 1  # Nimbus has one contact: one e-mail listing the three
    assert mails[0].body_text.count("/findings/mine/") == 3
    assert "Ask the vendor" not in mails[0].body_text


def test_a_finding_that_cannot_take_the_step_is_skipped_and_named(client, login, demo):
    people, findings = demo
    findings[0].status = FindingStatus.CLOSED
    db.session.commit()
    login(client, people["manager@demo.example"])
    response = client.post("/findings/bulk", data={
        "finding_ids": [findings[0].id, findings[1].id], "action": "accept",
        "due_date": _later(90), "text": "Pilot only."}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "done for 1 finding(s)" in html and "Reopen the finding before accepting" in html
    db.session.expire_all()
    assert findings[1].status is FindingStatus.RISK_ACCEPTED
    assert findings[1].acceptance_approver_id == people["manager@demo.example"].id


@pytest.mark.parametrize(("email", "action", "status"), [
    ("procurement@demo.example", "accept", 403),  # accepting a risk: approvers only
    ("manager@demo.example", "close", 403),  # closing: administrators and procurement
    ("alex@nimbus.example", "close", 403),  # vendors never
])
def test_bulk_actions_keep_each_roles_rights(client, login, demo, email, action, status):
    people, findings = demo
    login(client, people[email])
    response = client.post("/findings/bulk", data={
        "finding_ids": [findings[0].id], "action": action, "due_date": _later(30),
        "text": "x"})
    assert response.status_code == status
    db.session.expire_all()
    assert findings[0].status is FindingStatus.OPEN


def test_the_list_offers_the_bulk_actions(client, login, demo):
    people, _ = demo
    login(client, people["manager@demo.example"])
    html = client.get("/findings/?vendor_id=1").get_data(as_text=True)
    assert 'name="finding_ids"' in html and "Apply to the chosen findings" in html
