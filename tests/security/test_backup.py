"""`portal backup` / `portal restore`: a round trip of database rows and uploaded files,
checksums verified, schema revision guarded (SQLite; PostgreSQL when TEST_DATABASE_URL is set)."""
from __future__ import annotations

import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest
import sqlalchemy as sa

from portal.backup.services import code_schema_revision
from portal.documents.models import Document
from portal.documents.services import store_upload
from portal.extensions import db
from portal.settings.current import settings_for
from portal.vendors.models import Vendor

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world(app, make_vendor, make_user):
    if db.engine.dialect.name == "postgresql" and not all(
            shutil.which(t) for t in ("pg_dump", "pg_restore", "psql")):
        pytest.skip("PostgreSQL client tools are not installed")
    with db.engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE IF NOT EXISTS alembic_version "
                             "(version_num VARCHAR(32) NOT NULL PRIMARY KEY)"))
        conn.execute(sa.text("DELETE FROM alembic_version"))
        conn.execute(sa.text("INSERT INTO alembic_version VALUES (:v)"),
                     {"v": code_schema_revision()})
    vendor = make_vendor("Backed Up Ltd")
    contact = make_user("vendor", vendor=vendor, email="val@example.com")
    document = store_upload(io.BytesIO(PDF), "policy.pdf", vendor=vendor, actor=contact,
                            settings=settings_for(app))
    db.session.commit()
    ids = vendor.id, document.stored_name
    db.session.remove()  # hold no locks: restoring on PostgreSQL needs the portal stopped
    return ids


def _run(runner, *args):
    result = runner.invoke(args=list(args))
    return result


def test_round_trip_restores_rows_and_files(app, runner, world, tmp_path):
    vendor_id, stored = world
    archive = tmp_path / "backup.tar.gz"
    result = _run(runner, "backup", "--output", str(archive))
    assert result.exit_code == 0, result.output
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    assert f"uploads/{stored}" in names and manifest["schema_revision"] == code_schema_revision()
    assert manifest["counts"]["vendors"] == 1 and manifest["counts"]["documents"] == 1
    assert set(manifest["files"]) == set(names) - {"manifest.json"}
    # Disaster: rows and files lost, junk added.
    db.session.execute(sa.update(Document).values(original_name="changed.pdf"))
    db.session.add(Vendor(legal_name="Added Later Ltd", name_key="added-later"))
    db.session.commit()
    db.session.remove()
    (Path(app.config["UPLOAD_DIR"]) / stored).unlink()

    result = _run(runner, "restore", str(archive), "--yes")
    assert result.exit_code == 0, result.output
    db.session.remove()
    assert db.session.scalar(sa.select(sa.func.count(Vendor.id))) == 1
    document = db.session.scalar(sa.select(Document))
    assert document.original_name == "policy.pdf"
    assert (Path(app.config["UPLOAD_DIR"]) / stored).read_bytes() == PDF
    assert _run(runner, "audit", "verify").exit_code == 0


def test_restore_refuses_another_schema_revision(app, runner, world, tmp_path):
    with db.engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = 'older0000000'"))
    archive = tmp_path / "old.tar.gz"
    assert _run(runner, "backup", "--output", str(archive)).exit_code == 0
    result = _run(runner, "restore", str(archive), "--yes")
    assert result.exit_code != 0 and "schema revision is older0000000" in result.output
    assert _run(runner, "restore", str(archive), "--yes", "--force").exit_code == 0


def _rewrite(archive: Path, out: Path, change) -> None:
    with tarfile.open(archive) as src, tarfile.open(out, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            member, data = change(member, data)
            member.size = len(data)
            dst.addfile(member, io.BytesIO(data))


def test_restore_refuses_a_modified_file(app, runner, world, tmp_path):
    archive, bad = tmp_path / "good.tar.gz", tmp_path / "bad.tar.gz"
    _run(runner, "backup", "--output", str(archive))

    def flip(member, data):
        return member, (data + b"%tampered" if member.name.startswith("uploads/") else data)

    _rewrite(archive, bad, flip)
    result = _run(runner, "restore", str(bad), "--yes")
    assert result.exit_code != 0 and "wrong SHA-256" in result.output


def test_restore_refuses_path_traversal(app, runner, world, tmp_path):
    archive, bad = tmp_path / "good.tar.gz", tmp_path / "evil.tar.gz"
    _run(runner, "backup", "--output", str(archive))

    def climb(member, data):
        if member.name.startswith("uploads/"):
            member.name = "uploads/../../../etc/evil"
        return member, data

    _rewrite(archive, bad, climb)
    result = _run(runner, "restore", str(bad), "--yes")
    assert result.exit_code != 0 and "Unexpected entry" in result.output
    assert not (tmp_path / "etc").exists()


def test_restore_asks_before_replacing_everything(runner, world, tmp_path):
    archive = tmp_path / "b.tar.gz"
    _run(runner, "backup", "--output", str(archive))
    result = runner.invoke(args=["restore", str(archive)], input="n\n")
    assert result.exit_code != 0 and "Aborted" in result.output
