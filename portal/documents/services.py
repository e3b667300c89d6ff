"""Store, authorise, list and remove uploaded documents."""
from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import tempfile
import time
import unicodedata
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import IO, TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from portal.audit.services import record
from portal.auth.access import EDITOR_ROLES
from portal.auth.models import Role, User
from portal.documents import signals, sniffing
from portal.documents.models import Document, DocumentKind, EvidenceLink
from portal.domain import DomainError
from portal.extensions import db
from portal.settings import Settings

if TYPE_CHECKING:
    from portal.assessments.models import Assessment
    from portal.vendors.models import Vendor

DEFAULT_NAME = "upload"
MAX_NAME_LENGTH = 255
READ_CHUNK = 1024 * 1024
ORPHAN_MIN_AGE = timedelta(hours=1)
TEMP_PREFIX = ".upload-"
TEMP_SUFFIX = ".part"
_STORED_NAME = re.compile(r"^[0-9a-f]{32}\.(pdf|png|jpg|docx|xlsx)$")
_TEMP_NAME = re.compile(r"^\.upload-[A-Za-z0-9_]+\.part$")
# Characters Windows refuses in file names; replaced so the download saves everywhere.
_RESERVED = str.maketrans({c: "_" for c in '<>:"|?*'})


class UploadRejected(DomainError):
    """An upload was refused; .message is shown to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class DocumentNotAllowed(DomainError):
    """The actor may not do this to the document; .message is shown to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def clean_filename(name: str | None) -> str:
    """Return a readable, safe version of an uploaded file's name."""
    text = unicodedata.normalize("NFC", name or "")
    text = re.split(r"[\\/]", text)[-1]
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if category[0] == "C" or category in ("Zl", "Zp"):
            continue  # control, format (RTL overrides, zero-width), surrogate, unassigned
        kept.append(" " if category == "Zs" else char)
    text = re.sub(r" {2,}", " ", "".join(kept).translate(_RESERVED))
    text = text.strip(" .")
    if len(text) > MAX_NAME_LENGTH:
        stem, dot, suffix = text.rpartition(".")
        if dot and stem and len(suffix) <= 16:
            text = stem[: MAX_NAME_LENGTH - len(suffix) - 1].rstrip(" .") + "." + suffix
        else:
            text = text[:MAX_NAME_LENGTH].rstrip(" .")
    return text or DEFAULT_NAME


def describe_size(size: int) -> str:
    """Format a byte count for messages, in binary units written the everyday way (MB)."""
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= factor:
            value = size / factor
            return f"{value:.0f} {unit}" if value.is_integer() else f"{value:.1f} {unit}"
    return f"{size} bytes"


def store_upload(
    stream: IO[bytes],
    filename: str | None,
    *,
    vendor: Vendor,
    actor: User,
    settings: Settings,
    assessment: Assessment | None = None,
    question_id: str | None = None,
    kind: DocumentKind = DocumentKind.EVIDENCE,
) -> Document:
    """Check, store and record an uploaded file for a vendor (and one of its assessments).

    Raises: UploadRejected (size, emptiness or type), DocumentNotAllowed (actor and vendor differ,
    or the assessment is another vendor's).
    """
    if not actor.is_active or not (actor.is_staff or actor.vendor_id == vendor.id):
        raise DocumentNotAllowed("You cannot upload documents for this vendor.")
    if assessment is not None and assessment.vendor_id != vendor.id:
        raise DocumentNotAllowed("That assessment does not belong to this vendor.")
    assessment_id = assessment.id if assessment is not None else None
    max_bytes = settings.storage.upload_max_bytes
    data = _read_capped(stream, max_bytes + 1)
    if len(data) > max_bytes:
        raise UploadRejected(
            f"The file is larger than {describe_size(max_bytes)}. Upload a smaller file, or "
            "split it into parts."
        )
    if not data:
        raise UploadRejected("The file is empty. Choose the file again and re-upload it.")
    try:
        sniffed = sniffing.sniff(data)
    except sniffing.UnsupportedType as exc:
        raise UploadRejected(exc.message) from None
    digest = hashlib.sha256(data).hexdigest()
    stored_name = secrets.token_hex(16) + sniffed.extension
    final_path = upload_dir(settings) / stored_name
    _write_atomically(final_path, data)
    document = Document(
        vendor_id=vendor.id,
        assessment_id=assessment_id,
        question_id=question_id,
        kind=kind,
        original_name=clean_filename(filename),
        stored_name=stored_name,
        content_type=sniffed.content_type,
        size=len(data),
        sha256=digest,
        uploaded_by_id=actor.id,
        is_removed=False,
    )
    try:
        db.session.add(document)
        db.session.flush()
    except Exception:
        final_path.unlink(missing_ok=True)
        raise
    if assessment_id is not None and question_id:
        # Uploaded for an answer: it is that answer's evidence until someone unlinks it.
        db.session.add(EvidenceLink(document_id=document.id, assessment_id=assessment_id,
                                    question_id=question_id, linked_by_id=actor.id))
        db.session.flush()
    record(
        actor, "document.uploaded", f"Uploaded {document.original_name}",
        obj=document, vendor_id=vendor.id, assessment_id=assessment_id,
        details={"name": document.original_name, "sha256": digest, "size": len(data),
                 "question": question_id, "kind": kind.value,
                 "content_type": sniffed.content_type},
    )
    return document


def _read_capped(stream: IO[bytes], limit: int) -> bytes:
    """Read until EOF or `limit` bytes, whichever comes first."""
    chunks: list[bytes] = []
    remaining = limit
    while remaining > 0:
        chunk = stream.read(min(READ_CHUNK, remaining))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def upload_dir(settings: Settings) -> Path:
    """Return the upload directory, creating it readable by this user only."""
    path = settings.storage.upload_dir
    if not path.is_dir():
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        path.chmod(0o700)
    return path


def _write_atomically(final_path: Path, data: bytes) -> None:
    # A temp file in the same directory, then a rename: a crash never leaves a partial file
    # under a name the database could point at.
    fd, temp_name = tempfile.mkstemp(dir=final_path.parent, prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, 0o600)
        os.replace(temp_name, final_path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    _fsync_directory(final_path.parent)


def _fsync_directory(path: Path) -> None:
    with contextlib.suppress(OSError):  # not supported on every platform
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def document_path(settings: Settings, document: Document) -> Path:
    """Return where a document's bytes are stored. Raises: ValueError for a malformed name."""
    if not _STORED_NAME.match(document.stored_name):
        raise ValueError(f"Document {document.id} has a malformed stored name.")
    return settings.storage.upload_dir / document.stored_name


def download_name(document: Document) -> str:
    """Return the name to save a download under, ending in an extension that fits its type."""
    name = clean_filename(document.original_name)
    kind = _KIND_BY_CONTENT_TYPE.get(document.content_type)
    if kind is None or sniffing.extension_matches(kind.kind, name):
        return name
    # Saving "report.html" that holds a PDF would let a browser open it as a web page later.
    return clean_filename(name[: MAX_NAME_LENGTH - len(kind.extension)] + kind.extension)


_KIND_BY_CONTENT_TYPE = {
    r.content_type: r
    for r in (sniffing.PDF, sniffing.PNG, sniffing.JPEG, sniffing.DOCX, sniffing.XLSX)
}


def can_read_document(user: User | None, document: Document) -> bool:
    """Tell whether a user may see and download a document."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_staff:
        return True
    return (
        user.role is Role.VENDOR
        and user.vendor_id is not None
        and user.vendor_id == document.vendor_id
        and not document.is_removed
    )


def record_download(document: Document, *, actor: User) -> None:
    """Write the audit event for a download."""
    record(
        actor, "document.downloaded", f"Downloaded {document.original_name}",
        obj=document, vendor_id=document.vendor_id, assessment_id=document.assessment_id,
        details={"name": document.original_name, "sha256": document.sha256},
    )


def removal_blocker(document: Document, actor: User) -> str | None:
    """Return why the actor may not remove the document, or None when they may."""
    return _removal_blocker(document, actor, lambda: signals.locked_ids(document.vendor_id))


def removable_document_ids(documents: list[Document], actor: User) -> set[int]:
    """Return the ids of the listed documents the actor may remove."""
    locked: dict[int, set[int]] = {}

    def locked_for(vendor_id: int) -> set[int]:
        if vendor_id not in locked:
            locked[vendor_id] = signals.locked_ids(vendor_id)
        return locked[vendor_id]

    return {
        d.id for d in documents
        if _removal_blocker(d, actor, lambda d=d: locked_for(d.vendor_id)) is None
    }


def _removal_blocker(document: Document, actor: User,
                     locked_ids: Callable[[], set[int]]) -> str | None:
    if document.is_removed:
        return "This document has already been removed."
    if not actor.is_active:
        return "Your account is inactive."
    if actor.role in EDITOR_ROLES:
        return None
    if actor.role is not Role.VENDOR or actor.vendor_id != document.vendor_id:
        return "You cannot remove this document."
    uploader = document.uploaded_by
    if uploader is not None and uploader.is_staff:
        return "This document was added by the assessing organisation; ask them to remove it."
    if document.id in locked_ids():
        return ("This document is part of an assessment that has been submitted, so it can no "
                "longer be removed.")
    return None


def remove_document(document: Document, *, actor: User) -> None:
    """Soft-delete a document and audit it. Raises: DocumentNotAllowed with the reason."""
    reason = removal_blocker(document, actor)
    if reason is not None:
        raise DocumentNotAllowed(reason)
    document.is_removed = True
    db.session.flush()
    record(
        actor, "document.removed", f"Removed {document.original_name}",
        obj=document, vendor_id=document.vendor_id, assessment_id=document.assessment_id,
        details={"name": document.original_name, "sha256": document.sha256,
                 "question": document.question_id},
    )


def vendor_documents(vendor_id: int, *, include_removed: bool = False) -> list[Document]:
    """List a vendor's documents, newest first."""
    query = (
        sa.select(Document)
        .options(selectinload(Document.uploaded_by), selectinload(Document.assessment))
        .where(Document.vendor_id == vendor_id)
        .order_by(Document.uploaded_at.desc(), Document.id.desc())
    )
    if not include_removed:
        query = query.where(Document.is_removed.is_(False))
    return list(db.session.scalars(query))


def delete_orphan_files(settings: Settings, *, min_age: timedelta = ORPHAN_MIN_AGE) -> int:
    """Delete stored files no document row points at, and stale temp files; return the count."""
    directory = settings.storage.upload_dir
    if not directory.is_dir():
        return 0
    cutoff = time.time() - min_age.total_seconds()
    stale_temps: list[Path] = []
    candidates: dict[str, Path] = {}
    for entry in os.scandir(directory):
        if not entry.is_file(follow_symlinks=False):
            continue
        if entry.stat(follow_symlinks=False).st_mtime > cutoff:
            continue  # may belong to a transaction still in flight
        if _TEMP_NAME.match(entry.name):
            stale_temps.append(Path(entry.path))
        elif _STORED_NAME.match(entry.name):
            candidates[entry.name] = Path(entry.path)
        # Anything else was not written by the portal: leave it alone.
    names = list(candidates)
    for start in range(0, len(names), 500):
        chunk = names[start:start + 500]
        known = db.session.scalars(
            sa.select(Document.stored_name).where(Document.stored_name.in_(chunk))
        )
        for name in known:
            candidates.pop(name, None)
    deleted = 0
    for path in [*stale_temps, *candidates.values()]:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
            deleted += 1
    if deleted:
        record(None, "document.orphans_deleted", f"Deleted {deleted} orphaned upload file(s)",
               details={"count": deleted,
                        "files": sorted(p.name for p in candidates.values())[:100]})
    return deleted
