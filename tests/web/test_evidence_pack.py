"""The audit evidence pack ZIP: contents, index, filters, audit."""
from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from portal.audit.models import AuditEvent
from portal.documents.models import DocumentKind
from portal.extensions import db
from portal.settings.current import settings_for
from portal.vendors.models import RiskTier
from tests.web.test_scorecards_builders import add_document, build_accepted


@pytest.fixture
def app_config(app_config):
    # Built with the v1 evidence rules (answer reviews); v1 stays reproducible.
    return {**app_config, "SCORING_METHOD": "v1"}

@pytest.fixture
def portfolio(app, make_vendor, make_user, make_assessment):
    staff = make_user("procurement")
    upload_dir = Path(app.config["UPLOAD_DIR"])
    acme = make_vendor("Acme Models Ltd", tier=RiskTier.HIGH)
    old = build_accepted(make_assessment, acme, staff, upload_dir=upload_dir,
                         closed_at=datetime(2023, 5, 2, tzinfo=UTC))
    new = build_accepted(make_assessment, acme, staff, upload_dir=upload_dir)
    add_document(acme, kind=DocumentKind.CERTIFICATE, upload_dir=upload_dir,
                 name="iso42001-certificate.pdf")
    other = make_vendor("Other Ltd", tier=RiskTier.LOW)
    db.session.commit()
    manager = make_user("contract_manager")
    from portal.decisions.services import record_decision
    record_decision(acme, decision="approve", conditions=None, comment="OK", actor=manager,
                    settings=settings_for(app))
    db.session.commit()
    return {"staff": staff, "acme": acme, "other": other, "old": old, "new": new}


def _zip(client, query: str = "") -> zipfile.ZipFile:
    response = client.get(f"/portfolio/evidence-pack.zip{query}")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    data = response.get_data()
    response.close()
    return zipfile.ZipFile(io.BytesIO(data))


def test_pack_contents_and_index(client, login, portfolio):
    acme, new = portfolio["acme"], portfolio["new"]
    login(client, portfolio["staff"])
    pack = _zip(client)
    names = set(pack.namelist())
    root = f"vendors/{acme.id}-acme-models-ltd"
    for name in ("index.html", "index.csv", "suppliers.csv", "method/tiering.md",
                 "method/scoring.md", "method/method-v1.yaml",
                 f"{root}/assessments/{new.id}/answers.csv",
                 f"{root}/assessments/{new.id}/answers.json",
                 f"{root}/assessments/{new.id}/score.json",
                 f"{root}/decisions.json", f"{root}/findings.json"):
        assert name in names, name
    documents = [n for n in names if n.startswith(f"{root}/documents/")]
    assert any("iso42001-certificate" in n for n in documents) and len(documents) == 7
    index = list(csv.DictReader(io.StringIO(pack.read("index.csv").decode())))
    assert {r["path"] for r in index} == names - {"index.csv", "index.html"}
    for row in index:
        if row["kind"] in ("answers", "score", "suppliers", "method"):
            assert hashlib.sha256(pack.read(row["path"])).hexdigest() == row["sha256"]
    answers = list(csv.DictReader(io.StringIO(
        pack.read(f"{root}/assessments/{new.id}/answers.csv").decode())))
    resp = next(r for r in answers if r["question_id"] == "START-RESP-01")
    assert resp["answer"] == "Yes" and resp["evidence_level"] == "verified_document"
    suppliers = list(csv.DictReader(io.StringIO(pack.read("suppliers.csv").decode())))
    assert {(s["vendor"], s["inherent_tier"]) for s in suppliers} == {
        ("Acme Models Ltd", "high"), ("Other Ltd", "low")}
    html = pack.read("index.html").decode()
    assert "ISO/IEC 42001 A.10.3" in html and f"{root}/decisions.json" in html
    event = db.session.scalar(sa.select(AuditEvent).where(
        AuditEvent.action == "evidence_pack.exported"))
    assert event.actor_id == portfolio["staff"].id and event.details["files"] == len(index)


def test_pack_filters_by_vendor_and_date(client, login, portfolio):
    acme, old, new, other = (portfolio[k] for k in ("acme", "old", "new", "other"))
    login(client, portfolio["staff"])
    pack = _zip(client, f"?vendor_id={acme.id}&from=2024-01-01")
    names = pack.namelist()
    assert not any(n.startswith(f"vendors/{other.id}-") for n in names)
    assert any(f"/assessments/{new.id}/" in n for n in names)
    assert not any(f"/assessments/{old.id}/" in n for n in names)
    assert client.get("/portfolio/evidence-pack.zip?from=yesterday").status_code == 400


def test_vendor_contacts_cannot_download_the_pack(client, login, make_user, portfolio):
    login(client, make_user("vendor", vendor=portfolio["acme"]))
    assert client.get("/portfolio/evidence-pack.zip").status_code == 403


def test_pack_built_as_a_background_job_with_progress(client, login, portfolio, make_user):
    """The form starts a job; its page shows progress and serves the ZIP to its owner only."""
    from portal.jobs.models import Job, JobState

    login(client, portfolio["staff"])
    response = client.post("/portfolio/evidence-pack", data={"from": "", "to": ""})
    assert response.status_code == 302 and "/jobs/" in response.headers["Location"]
    job = db.session.scalars(sa.select(Job)).one()
    assert job.kind == "exports.evidence_pack" and job.state is JobState.SUCCEEDED
    assert (job.done, job.total) == (2, 2)  # both vendors, one step each
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Succeeded" in page and f"/jobs/{job.id}/download" in page
    download = client.get(f"/jobs/{job.id}/download")
    assert download.status_code == 200 and download.mimetype == "application/zip"
    pack = zipfile.ZipFile(io.BytesIO(download.get_data()))
    download.close()
    assert "suppliers.csv" in pack.namelist()
    actions = db.session.scalars(sa.select(AuditEvent.action)).all()
    assert "evidence_pack.exported" in actions and "job.downloaded" in actions
    login(client, make_user("procurement"))  # a colleague does not see someone else's export
    assert client.get(f"/jobs/{job.id}/download").status_code == 404


def test_pack_job_rejects_bad_dates_without_starting(client, login, portfolio):
    from portal.jobs.models import Job

    login(client, portfolio["staff"])
    response = client.post("/portfolio/evidence-pack", data={"from": "31/12/2025"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/evidence-pack")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Job)) == 0
