"""Document library, uploads, downloads, removal and orphan cleanup."""
from __future__ import annotations

import hashlib
import io
import os
import re
import stat
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from portal.assessments.models import Answer
from portal.audit.models import AuditEvent
from portal.documents import services
from portal.documents.models import Document, DocumentKind
from portal.extensions import db
from portal.settings.current import settings_for

PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
)
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
STATIC_DIR = Path(__file__).resolve().parents[2] / "portal" / "static"


def upload_dir(app) -> Path:
    return Path(app.config["UPLOAD_DIR"])


def events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
    ))


def all_documents() -> list[Document]:
    return list(db.session.scalars(sa.select(Document).order_by(Document.id)))


def download(client, document_id: int):
    """GET a download, buffer the body and close the file handle send_file opened."""
    response = client.get(f"/documents/{document_id}/download")
    response.get_data()
    response.close()
    return response


def post_upload(client, data: bytes, filename: str, kind: str = "evidence"):
    return client.post(
        "/documents/",
        data={"file": (io.BytesIO(data), filename), "kind": kind},
        content_type="multipart/form-data",
    )


@pytest.fixture
def make_document(app):
    """Store a real upload through the service, as the given user, and commit."""

    def make(vendor, actor, *, data: bytes = PDF, filename: str = "policy.pdf", **kw) -> Document:
        document = services.store_upload(
            io.BytesIO(data), filename, vendor=vendor, actor=actor, settings=settings_for(app), **kw
        )
        db.session.commit()
        return document

    return make


@pytest.fixture
def vendor_setup(make_vendor, make_user):
    vendor = make_vendor("Acme AI Ltd")
    contact = make_user("vendor", vendor=vendor)
    return vendor, contact


# ---- upload through the library page -------------------------------------------------------

def test_upload_stores_file_outside_static_under_random_name(app, client, login, vendor_setup):
    vendor, contact = vendor_setup
    login(client, contact)
    response = post_upload(client, PDF, "../../home/me/Evidence\u202egnp.pdf")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/documents/")

    [document] = all_documents()
    assert document.vendor_id == vendor.id
    assert document.uploaded_by_id == contact.id
    assert document.assessment_id is None
    assert document.kind is DocumentKind.EVIDENCE
    assert document.original_name == "Evidencegnp.pdf"  # path and RTL override stripped
    assert document.content_type == "application/pdf"
    assert document.size == len(PDF)
    assert document.sha256 == hashlib.sha256(PDF).hexdigest()
    assert re.fullmatch(r"[0-9a-f]{32}\.pdf", document.stored_name)

    path = services.document_path(settings_for(app), document)
    assert path.read_bytes() == PDF
    assert path.parent == upload_dir(app)
    assert not path.resolve().is_relative_to(STATIC_DIR.resolve())
    assert stat.S_IMODE(upload_dir(app).stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert os.listdir(upload_dir(app)) == [document.stored_name]  # no temp file left

    [event] = events("document.uploaded")
    assert event.actor_id == contact.id
    assert event.vendor_id == vendor.id
    assert event.object_id == document.id
    assert event.details["sha256"] == document.sha256
    assert event.details["size"] == len(PDF)
    assert event.details["name"] == "Evidencegnp.pdf"


def test_two_uploads_of_the_same_file_get_different_stored_names(
        client, login, vendor_setup):
    login(client, vendor_setup[1])
    post_upload(client, PDF, "a.pdf")
    post_upload(client, PDF, "a.pdf")
    first, second = all_documents()
    assert first.stored_name != second.stored_name
    assert first.sha256 == second.sha256


def test_certificate_kind_is_kept(client, login, vendor_setup):
    login(client, vendor_setup[1])
    post_upload(client, PDF, "iso42001.pdf", kind="certificate")
    assert all_documents()[0].kind is DocumentKind.CERTIFICATE


def test_type_is_sniffed_not_taken_from_the_name(app, client, login, vendor_setup):
    login(client, vendor_setup[1])
    response = post_upload(client, HTML, "report.pdf")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "This type of file is not accepted" in page
    assert "PDF, PNG, JPEG, Word (.docx) or Excel (.xlsx)" in page
    assert all_documents() == []
    assert not upload_dir(app).exists() or os.listdir(upload_dir(app)) == []
    assert events("document.uploaded") == []


def test_empty_upload_is_rejected(client, login, vendor_setup):
    login(client, vendor_setup[1])
    response = post_upload(client, b"", "empty.pdf")
    assert response.status_code == 200
    assert all_documents() == []


def test_missing_file_is_a_form_error(client, login, vendor_setup):
    login(client, vendor_setup[1])
    response = client.post("/documents/", data={"kind": "evidence"},
                           content_type="multipart/form-data")
    assert response.status_code == 200
    assert "Choose a file to upload." in response.get_data(as_text=True)


class TestSizeLimit:
    @pytest.fixture
    def app_config(self, app_config):
        app_config["UPLOAD_MAX_BYTES"] = 1024
        return app_config

    def test_file_over_the_limit_is_rejected_clearly(self, app, client, login, vendor_setup):
        login(client, vendor_setup[1])
        response = post_upload(client, PDF + b"%" * 2000, "big.pdf")
        assert response.status_code == 200
        assert "The file is larger than 1 KB" in response.get_data(as_text=True)
        assert all_documents() == []

    def test_file_at_the_limit_is_accepted(self, client, login, vendor_setup):
        login(client, vendor_setup[1])
        response = post_upload(client, PDF + b"%" * (1024 - len(PDF)), "exact.pdf")
        assert response.status_code == 302
        assert all_documents()[0].size == 1024

    def test_oversized_stream_is_not_read_to_the_end(self, app, vendor_setup):
        class CountingStream(io.BytesIO):
            consumed = 0

            def read(self, size=-1):
                chunk = super().read(size)
                CountingStream.consumed += len(chunk)
                return chunk

        stream = CountingStream(PDF + b"%" * 1_000_000)
        with pytest.raises(services.UploadRejected, match="larger than 1 KB"):
            services.store_upload(stream, "big.pdf", vendor=vendor_setup[0],
                                  actor=vendor_setup[1], settings=settings_for(app))
        assert CountingStream.consumed == 1025


def test_default_limit_message_says_20_mb(app):
    assert app.config["UPLOAD_MAX_BYTES"] == 20 * 1024 * 1024
    assert services.describe_size(app.config["UPLOAD_MAX_BYTES"]) == "20 MB"


def test_failed_write_leaves_no_file_behind(app, monkeypatch, vendor_setup):
    def crash(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        services.store_upload(io.BytesIO(PDF), "a.pdf", vendor=vendor_setup[0],
                              actor=vendor_setup[1], settings=settings_for(app))
    assert os.listdir(upload_dir(app)) == []


def test_vendor_cannot_upload_for_another_vendor(app, make_vendor, vendor_setup):
    with pytest.raises(services.DocumentNotAllowed):
        services.store_upload(io.BytesIO(PDF), "a.pdf", vendor=make_vendor(),
                              actor=vendor_setup[1], settings=settings_for(app))


def test_upload_cannot_point_at_another_vendors_assessment(app, make_assessment, vendor_setup):
    foreign = make_assessment()
    with pytest.raises(services.DocumentNotAllowed):
        services.store_upload(io.BytesIO(PDF), "a.pdf", vendor=vendor_setup[0],
                              actor=vendor_setup[1], settings=settings_for(app),
                              assessment=foreign, question_id="A10-1")


# ---- library page ---------------------------------------------------------------------------

def test_library_lists_only_own_vendors_documents(
        client, login, make_vendor, make_user, make_document, vendor_setup):
    vendor, contact = vendor_setup
    other = make_vendor("Globex Models Inc")
    make_document(vendor, contact, filename="our-policy.pdf")
    make_document(other, make_user("vendor", vendor=other), filename="their-secret.pdf")
    login(client, contact)
    page = client.get("/documents/").get_data(as_text=True)
    assert "our-policy.pdf" in page
    assert "their-secret.pdf" not in page
    assert 'enctype="multipart/form-data"' in page


def test_library_shows_linked_assessment_and_question(
        client, login, make_assessment, make_document, vendor_setup):
    vendor, contact = vendor_setup
    assessment = make_assessment(vendor, contacts=[contact], title="AI supplier review 2026")
    make_document(vendor, contact, assessment=assessment, question_id="A10-3")
    login(client, contact)
    page = client.get("/documents/").get_data(as_text=True)
    assert "AI supplier review 2026" in page and "A10-3" in page


@pytest.mark.parametrize("role, expected", [
    ("admin", 403), ("procurement", 403), ("contract_manager", 403),
])
def test_library_is_for_vendor_contacts_only(client, login, make_user, role, expected):
    login(client, make_user(role))
    assert client.get("/documents/").status_code == expected


def test_library_requires_sign_in(client):
    response = client.get("/documents/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


# ---- download -------------------------------------------------------------------------------

@pytest.mark.parametrize("who, expected", [
    ("anonymous", 302),
    ("own_vendor", 200),
    ("own_vendor_colleague", 200),
    ("other_vendor", 404),
    ("admin", 200),
    ("procurement", 200),
    ("contract_manager", 200),
    ("deactivated_own_vendor", 302),
    ("deactivated_staff", 302),
])
def test_download_authorization(client, login, make_user, make_vendor, make_document,
                                vendor_setup, who, expected):
    vendor, contact = vendor_setup
    document = make_document(vendor, contact)
    users = {
        "own_vendor": lambda: contact,
        "own_vendor_colleague": lambda: make_user("vendor", vendor=vendor),
        "other_vendor": lambda: make_user("vendor", vendor=make_vendor()),
        "admin": lambda: make_user("admin"),
        "procurement": lambda: make_user("procurement"),
        "contract_manager": lambda: make_user("contract_manager"),
        "deactivated_own_vendor": lambda: make_user("vendor", vendor=vendor, is_active=False),
        "deactivated_staff": lambda: make_user("procurement", is_active=False),
    }
    if who != "anonymous":
        login(client, users[who]())
    response = download(client, document.id)
    assert response.status_code == expected
    if expected == 302:
        assert "/login" in response.headers["Location"]
    if expected == 200:
        assert response.data == PDF


def test_download_of_unknown_document_is_404(client, login, vendor_setup):
    login(client, vendor_setup[1])
    assert download(client, 9999).status_code == 404


def test_can_read_document_refuses_inactive_users(make_user, make_document, vendor_setup):
    vendor, contact = vendor_setup
    document = make_document(vendor, contact)
    assert services.can_read_document(contact, document)
    contact.is_active = False
    assert not services.can_read_document(contact, document)
    assert not services.can_read_document(None, document)


def test_download_headers(client, login, make_document, vendor_setup):
    vendor, contact = vendor_setup
    document = make_document(vendor, contact, filename="Model card v2.pdf")
    login(client, contact)
    response = download(client, document.id)
    assert response.status_code == 200
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "Model card v2.pdf" in disposition
    assert response.mimetype == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert response.headers["Cache-Control"] == "private, no-store"


def test_download_name_gets_the_sniffed_extension(client, login, make_document, vendor_setup):
    vendor, contact = vendor_setup
    document = make_document(vendor, contact, filename="report.html")
    login(client, contact)
    response = download(client, document.id)
    assert response.headers["Content-Disposition"] == "attachment; filename=report.html.pdf"
    assert response.mimetype == "application/pdf"


def test_download_is_audited(client, login, make_user, make_document, vendor_setup):
    vendor, contact = vendor_setup
    document = make_document(vendor, contact)
    reviewer = make_user("contract_manager")
    login(client, reviewer)
    download(client, document.id)
    [event] = events("document.downloaded")
    assert (event.actor_id, event.vendor_id, event.object_id) == (
        reviewer.id, vendor.id, document.id)


def test_refused_download_is_not_audited(client, login, make_user, make_vendor, make_document,
                                         vendor_setup):
    vendor, contact = vendor_setup
    document = make_document(vendor, contact)
    login(client, make_user("vendor", vendor=make_vendor()))
    download(client, document.id)
    assert events("document.downloaded") == []


def test_removed_document_is_hidden_from_vendor_but_not_staff(
        client, login, make_user, make_document, vendor_setup):
    vendor, contact = vendor_setup
    document = make_document(vendor, contact)
    services.remove_document(document, actor=contact)
    db.session.commit()
    login(client, contact)
    assert download(client, document.id).status_code == 404
    login(client, make_user("admin"))
    response = download(client, document.id)
    assert response.status_code == 200


def test_missing_file_on_disk_is_404(app, client, login, make_document, vendor_setup):
    vendor, contact = vendor_setup
    document = make_document(vendor, contact)
    services.document_path(settings_for(app), document).unlink()
    login(client, contact)
    assert download(client, document.id).status_code == 404


# ---- remove ---------------------------------------------------------------------------------

def test_vendor_removes_own_library_document(client, login, make_document, vendor_setup):
    vendor, contact = vendor_setup
    document = make_document(vendor, contact)
    login(client, contact)
    response = client.post(f"/documents/{document.id}/remove")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/documents/")
    db.session.refresh(document)
    assert document.is_removed
    [event] = events("document.removed")
    assert (event.actor_id, event.vendor_id, event.object_id) == (
        contact.id, vendor.id, document.id)
    assert f"/documents/{document.id}/download" not in client.get("/documents/").get_data(
        as_text=True)
    assert [d.id for d in services.vendor_documents(vendor.id, include_removed=True)] == [
        document.id]
    assert services.vendor_documents(vendor.id) == []


def test_other_vendor_cannot_remove(client, login, make_user, make_vendor, make_document,
                                    vendor_setup):
    vendor, contact = vendor_setup
    document = make_document(vendor, contact)
    login(client, make_user("vendor", vendor=make_vendor()))
    assert client.post(f"/documents/{document.id}/remove").status_code == 404
    db.session.refresh(document)
    assert not document.is_removed


@pytest.mark.parametrize("role, expected", [
    ("admin", 302), ("procurement", 302), ("contract_manager", 403),
])
def test_staff_removal_by_role(client, login, make_user, make_document, vendor_setup,
                               role, expected):
    vendor, contact = vendor_setup
    document = make_document(vendor, contact)
    login(client, make_user(role))
    response = client.post(f"/documents/{document.id}/remove")
    assert response.status_code == expected
    db.session.refresh(document)
    assert document.is_removed is (expected == 302)
    if expected == 302:
        assert response.headers["Location"].endswith(f"/vendors/{vendor.id}")


def test_remove_needs_sign_in(client, make_document, vendor_setup):
    document = make_document(*vendor_setup)
    response = client.post(f"/documents/{document.id}/remove")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("status, removable", [
    ("sent", True), ("in_progress", True), ("clarification_requested", True),
    ("submitted", False), ("under_review", False), ("accepted", False),
])
def test_vendor_removal_follows_assessment_state(client, login, make_assessment, make_document,
                                                 vendor_setup, status, removable):
    vendor, contact = vendor_setup
    assessment = make_assessment(vendor, contacts=[contact], status=status)
    document = make_document(vendor, contact, assessment=assessment, question_id="A10-2")
    login(client, contact)
    response = client.post(f"/documents/{document.id}/remove", follow_redirects=True)
    db.session.refresh(document)
    assert document.is_removed is removable
    if not removable:
        assert "can no longer be removed" in response.get_data(as_text=True)
        assert events("document.removed") == []


def test_library_document_attached_to_submitted_answer_is_locked(
        client, login, make_assessment, make_document, vendor_setup):
    vendor, contact = vendor_setup
    document = make_document(vendor, contact)
    assessment = make_assessment(vendor, contacts=[contact], status="submitted")
    db.session.add(Answer(assessment_id=assessment.id, question_id="A10-2", value=[document.id]))
    db.session.commit()
    assert document.id not in services.removable_document_ids([document], contact)
    login(client, contact)
    client.post(f"/documents/{document.id}/remove")
    db.session.refresh(document)
    assert not document.is_removed


def test_vendor_cannot_remove_staff_uploaded_document(client, login, make_user, make_document,
                                                      vendor_setup):
    vendor, contact = vendor_setup
    document = make_document(vendor, make_user("procurement"), filename="our-findings.pdf")
    login(client, contact)
    client.post(f"/documents/{document.id}/remove")
    db.session.refresh(document)
    assert not document.is_removed


def test_remove_button_shown_only_when_allowed(client, login, make_assessment, make_document,
                                               vendor_setup):
    vendor, contact = vendor_setup
    free = make_document(vendor, contact, filename="free.pdf")
    assessment = make_assessment(vendor, contacts=[contact], status="submitted")
    locked = make_document(vendor, contact, filename="locked.pdf", assessment=assessment)
    login(client, contact)
    page = client.get("/documents/").get_data(as_text=True)
    assert f"/documents/{free.id}/remove" in page
    assert f"/documents/{locked.id}/remove" not in page


# ---- file names -----------------------------------------------------------------------------

@pytest.mark.parametrize("raw, cleaned", [
    (None, "upload"),
    ("", "upload"),
    ("../../etc/passwd", "passwd"),
    ("C:\\fakepath\\Risk assessment.xlsx", "Risk assessment.xlsx"),
    ("invoice\u202efdp.exe", "invoicefdp.exe"),
    ("zero\u200bwidth\x00\x07.pdf", "zerowidth.pdf"),
    ("line\nbreak\t.pdf", "linebreak.pdf"),
    ("  ..hidden  ", "hidden"),
    ("..", "upload"),
    ('what?<"yes">.pdf', "what___yes__.pdf"),
    ("Zertifikat für KI.pdf", "Zertifikat für KI.pdf"),
    ("a\u00a0\u00a0b.pdf", "a b.pdf"),
])
def test_clean_filename(raw, cleaned):
    assert services.clean_filename(raw) == cleaned


def test_clean_filename_limits_length_and_keeps_extension():
    cleaned = services.clean_filename("x" * 400 + ".docx")
    assert len(cleaned) == 255
    assert cleaned.endswith("x.docx")


# ---- orphan cleanup -------------------------------------------------------------------------

def test_delete_orphan_files(app, make_document, vendor_setup):
    vendor, contact = vendor_setup
    kept = make_document(vendor, contact)
    directory = upload_dir(app)
    old = time.time() - 2 * 3600

    def put(name: str, age: float | None = old) -> Path:
        path = directory / name
        path.write_bytes(b"x")
        if age is not None:
            os.utime(path, (age, age))
        return path

    kept_path = services.document_path(settings_for(app), kept)
    os.utime(kept_path, (old, old))
    orphan = put("0" * 32 + ".pdf")
    fresh_orphan = put("1" * 32 + ".png", age=None)
    stale_temp = put(".upload-abc123.part")
    foreign = put("README.txt")

    assert services.delete_orphan_files(settings_for(app)) == 2
    db.session.commit()
    assert not orphan.exists() and not stale_temp.exists()
    assert kept_path.exists() and fresh_orphan.exists() and foreign.exists()
    [event] = events("document.orphans_deleted")
    assert event.details["count"] == 2


def test_removed_documents_keep_their_files(app, make_document, vendor_setup):
    vendor, contact = vendor_setup
    document = make_document(vendor, contact)
    services.remove_document(document, actor=contact)
    db.session.commit()
    path = services.document_path(settings_for(app), document)
    os.utime(path, (time.time() - 7200,) * 2)
    assert services.delete_orphan_files(settings_for(app)) == 0
    assert path.exists()


def test_delete_orphan_files_without_upload_dir(app):
    assert services.delete_orphan_files(settings_for(app)) == 0


class TestCsrf:
    @pytest.fixture
    def app_config(self, app_config):
        app_config["WTF_CSRF_ENABLED"] = True
        return app_config

    def test_upload_and_remove_need_the_csrf_token(self, client, login, make_document,
                                                   vendor_setup):
        vendor, contact = vendor_setup
        document = make_document(vendor, contact)
        login(client, contact)
        assert 'name="csrf_token"' in client.get("/documents/").get_data(as_text=True)
        assert post_upload(client, PDF, "a.pdf").status_code == 400
        assert client.post(f"/documents/{document.id}/remove").status_code == 400
        assert len(all_documents()) == 1 and not all_documents()[0].is_removed


def test_clean_orphans_command(runner, app, tmp_path):
    import os
    import time

    from portal.documents.services import upload_dir

    folder = upload_dir(settings_for(app))
    orphan = folder / ("ab" * 16 + ".pdf")
    orphan.write_bytes(b"%PDF-1.4 orphan")
    old = time.time() - 7200
    os.utime(orphan, (old, old))
    result = runner.invoke(args=["documents", "clean-orphans"])
    assert "Removed 1 orphaned file(s)" in result.output, result.output
    assert not orphan.exists()
