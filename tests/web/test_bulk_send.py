"""Sending one questionnaire to many vendors as a background job, and reminders on demand."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from portal.assessments.lifecycle import AssessmentStatus
from portal.assessments.models import Assessment
from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.jobs import queue
from portal.jobs.models import Job, JobState
from portal.mail.models import OutboundEmail


@pytest.fixture
def setup(app, make_vendor, make_user, make_template_version):
    staff = make_user("procurement")
    version = make_template_version()
    ready = [make_vendor(f"Ready {i} Ltd") for i in range(3)]
    for vendor in ready:
        make_user("vendor", vendor=vendor)
    lonely = make_vendor("No Contact Ltd")
    return {"staff": staff, "version": version, "ready": ready, "lonely": lonely}


def _form(setup, vendors, *, batch="b-1", **extra) -> dict:
    """The bulk form as sent by its confirmation button (which carries the vendor count)."""
    return {"title": "AI supplier review 2027", "template_version_id": setup["version"].id,
            "due_date": (date.today() + timedelta(days=21)).isoformat(), "message": "Thanks!",
            "vendor_ids": [v.id for v in vendors], "batch": batch,
            "confirm": str(len(vendors)), **extra}


def test_sending_asks_for_confirmation_with_the_numbers_first(client, login, setup):
    login(client, setup["staff"])
    form = _form(setup, [*setup["ready"], setup["lonely"]])
    del form["confirm"]
    response = client.post("/assessments/bulk", data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Send “AI supplier review 2027” to 4 vendors?" in html
    assert "3 e-mails to their contacts" in html and "1 chosen vendor has no active" in html
    assert 'name="confirm" value="4"' in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Job)) == 0
    # A confirmation for another count (the choice changed meanwhile) asks again.
    stale = client.post("/assessments/bulk", data={**form, "confirm": "3"})
    assert stale.status_code == 200 and db.session.scalar(
        sa.select(sa.func.count()).select_from(Job)) == 0
    sent = client.post("/assessments/bulk", data={**form, "confirm": "4"})
    assert sent.status_code == 302 and "/jobs/" in sent.headers["Location"]


def test_bulk_send_creates_and_sends_one_assessment_per_vendor(client, login, setup):
    login(client, setup["staff"])
    page = client.get("/assessments/bulk?tier=high").get_data(as_text=True)
    assert "No Contact Ltd" in page and "no active contact" in page
    response = client.post("/assessments/bulk",
                           data=_form(setup, [*setup["ready"], setup["lonely"]]))
    assert response.status_code == 302 and "/jobs/" in response.headers["Location"]
    job = db.session.scalars(sa.select(Job)).one()
    assert job.state is JobState.SUCCEEDED and (job.done, job.total) == (4, 4)
    assessments = db.session.scalars(sa.select(Assessment)).all()
    assert sorted(a.vendor.legal_name for a in assessments) == [v.legal_name
                                                                for v in setup["ready"]]
    assert {a.status for a in assessments} == {AssessmentStatus.SENT}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboundEmail)) == 3
    assert job.result["skipped"] == [{"vendor_id": setup["lonely"].id, "name": "No Contact Ltd",
                                      "reason": "no active contact"}]
    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Sent to 3 vendor(s); skipped 1." in shown and "No Contact Ltd: not sent" in shown
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "assessment.bulk_send_started")) == 1


def test_a_repeated_submit_returns_the_same_run(client, login, setup):
    login(client, setup["staff"])
    first = client.post("/assessments/bulk", data=_form(setup, setup["ready"]))
    second = client.post("/assessments/bulk", data=_form(setup, setup["ready"]))
    assert first.headers["Location"] == second.headers["Location"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Assessment)) == 3


def test_vendors_with_an_open_assessment_of_the_questionnaire_are_skipped(client, login, setup):
    login(client, setup["staff"])
    client.post("/assessments/bulk", data=_form(setup, setup["ready"][:1], batch="one"))
    client.post("/assessments/bulk", data=_form(setup, setup["ready"], batch="two"))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Assessment)) == 3
    second = db.session.scalars(sa.select(Job).order_by(Job.id.desc())).first()
    assert [s["name"] for s in second.result["skipped"]] == ["Ready 0 Ltd"]
    assert "still open" in second.result["skipped"][0]["reason"]


def test_a_retried_run_does_not_send_twice(app, setup):
    """A run that crashed after two vendors resumes with the third."""
    staff, ready = setup["staff"], setup["ready"]
    params = {"vendor_ids": [v.id for v in ready], "template_version_id": setup["version"].id,
              "title": "Resumed", "due_date": (date.today() + timedelta(days=5)).isoformat(),
              "message": None}
    from portal.assessments.bulk import _send_one

    done = []
    for vendor in ready[:2]:  # what the crashed attempt had committed
        outcome = _send_one(vendor, setup["version"], actor=staff, title="Resumed",
                            due=date.today() + timedelta(days=5), message=None)
        done.append({"vendor_id": vendor.id, "name": vendor.legal_name, **outcome})
    job = Job(kind="assessments.bulk_send", title="Resumed", params=params,
              state=JobState.FAILED, created_by_id=staff.id,
              result={"sent": done, "skipped": []})
    db.session.add(job)
    db.session.commit()
    queue.retry(job)
    job = db.session.get(Job, job.id)
    assert job.state is JobState.SUCCEEDED and len(job.result["sent"]) == 3
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Assessment)) == 3


def test_form_errors_keep_the_choices(client, login, setup):
    login(client, setup["staff"])
    response = client.post("/assessments/bulk", data=_form(setup, [], due_date="2001-01-01"))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Choose at least one vendor." in html and "Choose a date today or later." in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Job)) == 0


def test_contract_managers_cannot_bulk_send(client, login, make_user, setup):
    login(client, make_user("contract_manager"))
    assert client.post("/assessments/bulk", data=_form(setup, setup["ready"])).status_code == 403


def test_reminders_run_as_a_job(client, login, setup, make_assessment):
    vendor = setup["ready"][0]
    make_assessment(vendor, contacts=list(vendor.contacts),
                    due_date=date.today() + timedelta(days=1))
    login(client, setup["staff"])
    response = client.post("/assessments/reminders")
    job = db.session.scalars(sa.select(Job)).one()
    assert response.headers["Location"].endswith(f"/jobs/{job.id}")
    assert job.state is JobState.SUCCEEDED and job.result["sent"] == 1
    client.post("/assessments/reminders")  # a second run sends nothing twice
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboundEmail)) == 1


def test_reminders_command_can_queue_a_job(runner, setup, make_assessment):
    vendor = setup["ready"][0]
    make_assessment(vendor, contacts=list(vendor.contacts),
                    due_date=date.today() + timedelta(days=7))
    result = runner.invoke(args=["reminders", "send", "--queue"])
    assert result.exit_code == 0 and "succeeded" in result.output  # eager in tests
    job = db.session.scalars(sa.select(Job)).one()
    assert job.kind == "assessments.reminders" and job.result["sent"] == 1


def test_vendors_ticked_on_the_vendor_list_arrive_chosen(client, login, setup):
    login(client, setup["staff"])
    listing = client.get("/vendors/").get_data(as_text=True)
    assert 'form="bulk-select"' in listing and "Send an assessment to the ticked vendors" in listing
    first, second = setup["ready"][:2]
    page = client.get(f"/assessments/bulk?vendor_id={first.id}&vendor_id={second.id}"
                      f"&vendor_id={setup['lonely'].id}").get_data(as_text=True)
    checked = set(re.findall(r'value="(\d+)" id="vendor-\d+"\s+checked', page))
    assert checked == {str(first.id), str(second.id)}  # the vendor without contact cannot be


def test_contract_managers_see_no_selection_boxes(client, login, make_user, setup):
    login(client, make_user("contract_manager"))
    assert 'form="bulk-select"' not in client.get("/vendors/").get_data(as_text=True)


def test_large_inventories_list_a_page_of_vendors_until_chosen(client, login, setup,
                                                               monkeypatch):
    from portal.assessments import bulk

    monkeypatch.setattr(bulk, "LIST_LIMIT", 2)
    login(client, setup["staff"])
    page = client.get("/assessments/bulk").get_data(as_text=True)
    assert "Showing 2 of 4 vendors, by name." in page
    assert page.count('name="vendor_ids"') == 2 and " checked" not in page
    chosen = setup["ready"][2]
    page = client.get(f"/assessments/bulk?vendor_id={chosen.id}").get_data(as_text=True)
    assert page.count('name="vendor_ids"') == 1 and chosen.legal_name in page
