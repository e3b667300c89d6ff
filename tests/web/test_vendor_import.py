"""Bulk import of vendors: upload, preview (writes nothing), apply as a job, permissions."""
from __future__ import annotations

import html
import io

import openpyxl
import pytest
import sqlalchemy as sa

from portal.audit.models import AuditEvent
from portal.auth.models import Role, User
from portal.extensions import db
from portal.jobs import queue
from portal.jobs.models import Job, JobState
from portal.mail.models import OutboundEmail
from portal.vendors.imports.models import ImportStatus, VendorImport
from portal.vendors.models import Vendor, VendorStatus

CSV = (
    "Supplier name,Website,Country,Contact name,Contact e-mail,Contact job title,Aliases\n"
    "Nimbus Analytics Ltd,nimbus.example.com,Germany,Alex Nimbus,alex@nimbus.example.com,CTO,"
    "Nimbus;NimbusAI\n"
    "Nimbus Analytics,,,Bea Nimbus,bea@nimbus.example.com,,\n"
    "Corvid Vision GmbH,https://corvid.example.com,DE,,,,\n"
    "Existing AI Ltd,https://changed.example.com,FR,Eve Existing,eve@existing.example.com,,\n"
    ",https://nameless.example.com,,,,,\n"
)


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def upload(client, data: bytes | str, name: str = "suppliers.csv"):
    raw = data.encode() if isinstance(data, str) else data
    return client.post("/vendors/import", data={"file": (io.BytesIO(raw), name)},
                       content_type="multipart/form-data")


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def vendor_named(name: str) -> Vendor | None:
    return db.session.scalar(sa.select(Vendor).where(Vendor.legal_name == name))


@pytest.fixture
def editor(client, login, make_user):
    user = make_user("procurement", name="Petra Procurement")
    login(client, user)
    return user


@pytest.fixture
def existing(make_vendor):
    return make_vendor("Existing AI Ltd", website="https://existing.example.com", country="GB")


def preview(client, data=CSV, name="suppliers.csv") -> VendorImport:
    response = upload(client, data, name)
    assert response.status_code == 302, text(response)[:2000]
    db.session.expire_all()
    imp = db.session.scalars(sa.select(VendorImport).order_by(VendorImport.id.desc())).first()
    assert response.headers["Location"].endswith(f"/vendors/import/{imp.id}")
    return imp


def test_vendor_list_offers_the_import_to_editors_only(client, login, make_user):
    login(client, make_user("procurement"))
    assert "/vendors/import" in text(client.get("/vendors/"))
    other = client.application.test_client()
    login(other, make_user("contract_manager"))
    assert "/vendors/import" not in text(other.get("/vendors/"))


def test_upload_page_has_a_labelled_file_field_and_templates(client, editor):
    page = text(client.get("/vendors/import"))
    assert '<label class="label" for="file">' in page
    assert "/vendors/import/template.xlsx" in page and "/vendors/import/template.csv" in page


def test_preview_shows_every_row_and_writes_nothing(client, editor, existing):
    vendors_before, users_before = count(Vendor), count(User)
    imp = preview(client)
    assert imp.status is ImportStatus.PENDING and imp.created_by_id == editor.id
    assert imp.summary["new_vendors"] == 2 and imp.summary["contacts"] == 3
    assert imp.summary["errors"] == 1 and imp.summary["existing_vendors"] == 1
    page = text(client.get(f"/vendors/import/{imp.id}"))
    assert "Check the import before anything is saved" in page
    assert "Import 2 vendors" in page
    assert "Existing vendor Existing AI Ltd" in page and "its details are not changed" in page
    assert "Contact bea@nimbus.example.com added to the new vendor of row 2" in page
    assert "The legal name is missing." in page
    assert count(Vendor) == vendors_before and count(User) == users_before
    assert count(OutboundEmail) == 0
    errors_only = text(client.get(f"/vendors/import/{imp.id}?show=error"))
    assert "The legal name is missing." in errors_only and "Corvid" not in errors_only


def test_apply_creates_vendors_and_contacts_and_queues_invitations(client, editor, existing):
    imp = preview(client)
    response = client.post(f"/vendors/import/{imp.id}/apply")
    assert response.status_code == 302 and "/jobs/" in response.headers["Location"]
    db.session.expire_all()
    job = db.session.scalar(sa.select(Job).where(Job.key == f"vendor-import:{imp.id}"))
    assert job.state is JobState.SUCCEEDED, job.error
    assert job.title == "Import 2 vendors from suppliers.csv"
    assert job.result["created"] == 2 and job.result["contacts"] == 3
    assert job.result["link"]["values"] == {"import_id": imp.id}
    nimbus = vendor_named("Nimbus Analytics Ltd")
    assert nimbus.website == "https://nimbus.example.com" and nimbus.country == "DE"
    assert nimbus.aliases == ["Nimbus", "NimbusAI"] and nimbus.status is VendorStatus.PROSPECTIVE
    assert sorted(c.email for c in nimbus.contacts) == ["alex@nimbus.example.com",
                                                        "bea@nimbus.example.com"]
    assert all(c.role is Role.VENDOR for c in nimbus.contacts)
    assert vendor_named("Corvid Vision GmbH").contacts == []
    db.session.refresh(existing)
    assert existing.website == "https://existing.example.com" and existing.country == "GB"
    assert [c.email for c in existing.contacts] == ["eve@existing.example.com"]
    invited = set(db.session.scalars(sa.select(OutboundEmail.to_address)))
    assert invited == {"alex@nimbus.example.com", "bea@nimbus.example.com",
                       "eve@existing.example.com"}
    db.session.refresh(imp)
    assert imp.status is ImportStatus.APPLIED and imp.applied_at and imp.job_id == job.id
    assert imp.summary["applied"]["created"] == 2
    applied = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "vendor_import.applied")).all()
    assert len(applied) == 1 and applied[0].object_id == imp.id
    job_page = text(client.get(f"/jobs/{job.id}"))
    assert "Back to the import" in job_page and f"/vendors/import/{imp.id}" in job_page
    assert "2 vendor(s) created, 3 contact(s) invited" in text(
        client.get(f"/vendors/import/{imp.id}"))


def test_applying_again_or_retrying_imports_nothing_twice(client, editor, existing):
    imp = preview(client)
    first = client.post(f"/vendors/import/{imp.id}/apply")
    again = client.post(f"/vendors/import/{imp.id}/apply")
    assert again.headers["Location"] == first.headers["Location"]
    db.session.expire_all()
    assert count(Job) == 1
    vendors, users, mails = count(Vendor), count(User), count(OutboundEmail)
    # A retry from the start (after a crash that lost the partial state) skips finished work.
    job = db.session.scalar(sa.select(Job))
    job.state, job.result = JobState.FAILED, None
    imp = db.session.get(VendorImport, imp.id)
    imp.status = ImportStatus.PENDING
    db.session.commit()
    queue.retry(job)
    db.session.expire_all()
    assert db.session.get(Job, job.id).state is JobState.SUCCEEDED
    assert (count(Vendor), count(User), count(OutboundEmail)) == (vendors, users, mails)
    assert db.session.get(Job, job.id).result["created"] == 0


def test_a_retry_resumes_after_the_vendors_already_committed(client, editor, monkeypatch):
    from portal.vendors.imports import services as import_services

    imp = preview(client)
    real, calls = import_services.apply_unit, []

    def fail_on_second(unit, **kw):
        calls.append(unit.rows)
        if len(calls) == 2:
            raise RuntimeError("worker died")
        return real(unit, **kw)

    monkeypatch.setattr(import_services, "apply_unit", fail_on_second)
    monkeypatch.setitem(client.application.config, "JOB_RETRY_DELAYS", "")
    client.post(f"/vendors/import/{imp.id}/apply")
    db.session.expire_all()
    job = db.session.scalar(sa.select(Job))
    assert job.state is JobState.FAILED and job.result["next"] == 1
    assert vendor_named("Nimbus Analytics Ltd") is not None
    queue.retry(job)
    db.session.expire_all()
    assert db.session.get(Job, job.id).state is JobState.SUCCEEDED
    assert calls == [(2, 3), (4,), (4,), (5,)]  # the failed vendor again, then the rest
    assert count(Vendor) == 3 and db.session.get(Job, job.id).result["created"] == 3


def test_cancel_drops_the_import(client, editor):
    imp = preview(client)
    response = client.post(f"/vendors/import/{imp.id}/cancel")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(VendorImport, imp.id).status is ImportStatus.CANCELLED
    client.post(f"/vendors/import/{imp.id}/apply")
    db.session.expire_all()
    assert count(Job) == 0 and count(Vendor) == 0


def test_a_rejected_file_keeps_the_user_on_the_form(client, editor):
    response = upload(client, b"\x00\x01\x02garbage\xff" * 50, "vendors.csv")
    assert response.status_code == 422
    page = text(response)
    assert "This is not a spreadsheet" in page and 'type="file"' in page
    response = upload(client, "Website,Country\nhttps://a.example.com,DE\n")
    assert response.status_code == 422 and "no column names the vendor" in text(response)
    assert count(VendorImport) == 0


def test_missing_file_is_a_form_error(client, editor):
    response = client.post("/vendors/import", data={}, content_type="multipart/form-data")
    assert response.status_code == 422 and "Choose the spreadsheet to import." in text(response)


def test_xlsx_upload_and_contacts_of_staff_or_other_vendors(client, editor, make_user,
                                                            make_vendor):
    make_user("admin", email="boss@buyer.example.com")
    other = make_vendor("Other Co")
    make_user("vendor", vendor=other, email="taken@other.example.com")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Company", "E-mail", "Contact"])
    ws.append(["Fresh AI", "boss@buyer.example.com", "Boss"])
    ws.append(["Fresh AI 2", "taken@other.example.com", "Taken"])
    ws.append(["Fresh AI 3", "new@fresh.example.com", "New"])
    buffer = io.BytesIO()
    wb.save(buffer)
    imp = preview(client, buffer.getvalue(), "export.xlsx")
    assert imp.summary["kind"] == "xlsx" and imp.summary["errors"] == 2
    page = text(client.get(f"/vendors/import/{imp.id}"))
    assert "boss@buyer.example.com belongs to a staff account." in page
    assert "taken@other.example.com is already a contact of another vendor (Other Co)." in page


def test_templates_download_and_the_example_row_is_skipped(client, editor):
    csv_response = client.get("/vendors/import/template.csv")
    assert csv_response.mimetype == "text/csv"
    assert "attachment" in csv_response.headers["Content-Disposition"]
    body = csv_response.get_data().decode("utf-8-sig")
    assert body.startswith("Legal name,Other names,Website,Country")
    assert "(example row: delete it)" in body
    xlsx_response = client.get("/vendors/import/template.xlsx")
    wb = openpyxl.load_workbook(io.BytesIO(xlsx_response.get_data()))
    assert wb["Vendors"]["A1"].value == "Legal name"
    imp = preview(client, xlsx_response.get_data(), "template.xlsx")
    assert imp.summary["skipped"] == 1 and imp.summary["new_vendors"] == 0
    page = text(client.get(f"/vendors/import/{imp.id}"))
    assert "This file has nothing to import" in page and "Import 0" not in page


def test_another_procurement_user_gets_404(client, editor, login, make_user):
    imp = preview(client)
    other = client.application.test_client()
    login(other, make_user("procurement"))
    assert other.get(f"/vendors/import/{imp.id}").status_code == 404
    assert other.post(f"/vendors/import/{imp.id}/apply").status_code == 404
    assert other.post(f"/vendors/import/{imp.id}/cancel").status_code == 404
    db.session.expire_all()
    assert count(Job) == 0
    admin = client.application.test_client()
    login(admin, make_user("admin"))
    assert admin.get(f"/vendors/import/{imp.id}").status_code == 200


@pytest.mark.parametrize("role", ["contract_manager", "vendor"])
def test_non_editors_cannot_import(client, editor, login, make_user, make_vendor, role):
    imp = preview(client)
    other = client.application.test_client()
    vendor = make_vendor() if role == "vendor" else None
    login(other, make_user(role, vendor=vendor))
    assert other.get("/vendors/import").status_code == 403
    assert upload(other, CSV).status_code == 403
    assert other.get(f"/vendors/import/{imp.id}").status_code in (403, 404)
    assert other.post(f"/vendors/import/{imp.id}/apply").status_code in (403, 404)
    assert other.get("/vendors/import/template.csv").status_code == 403
