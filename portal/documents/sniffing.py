"""Tell an upload's type from its bytes, never its name. Pure: standard library only."""
from __future__ import annotations

import io
import re
import struct
import zipfile
from dataclasses import dataclass

from portal.domain import DomainError

ACCEPTED_TYPES = "PDF, PNG, JPEG, Word (.docx) or Excel (.xlsx)"
NOT_ACCEPTED = f"This type of file is not accepted. Upload a {ACCEPTED_TYPES} file."

PDF_SEARCH_WINDOW = 1024
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SIGNATURE = b"\xff\xd8\xff"
ZIP_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
EOCD_SIGNATURE = b"PK\x05\x06"
# End of central directory: 22 fixed bytes plus a comment of up to 65,535 bytes.
EOCD_MAX_DISTANCE = 22 + 0xFFFF

DEFAULT_MAX_ZIP_ENTRIES = 2_000
DEFAULT_MAX_ZIP_UNCOMPRESSED = 200 * 1024 * 1024
DEFAULT_MAX_ZIP_RATIO = 100
# Small parts (styles, relationships) compress extremely well without being a threat.
RATIO_FLOOR_BYTES = 1024 * 1024

CONTENT_TYPES_PART = "[Content_Types].xml"
DOCX_MAIN_PART = "word/document.xml"
XLSX_MAIN_PART = "xl/workbook.xml"
_DRIVE_LETTER = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True)
class SniffResult:
    kind: str
    content_type: str
    extension: str


PDF = SniffResult("pdf", "application/pdf", ".pdf")
PNG = SniffResult("png", "image/png", ".png")
JPEG = SniffResult("jpeg", "image/jpeg", ".jpg")
DOCX = SniffResult(
    "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"
)
XLSX = SniffResult(
    "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"
)
# File name endings that agree with each kind; anything else gets the sniffed extension added.
EXTENSIONS = {
    "pdf": (".pdf",),
    "png": (".png",),
    "jpeg": (".jpg", ".jpeg", ".jpe", ".jfif"),
    "docx": (".docx",),
    "xlsx": (".xlsx",),
}


class UnsupportedType(DomainError, ValueError):
    """The bytes are not one of the accepted types; the message tells the user why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def sniff(
    data: bytes,
    *,
    max_zip_entries: int = DEFAULT_MAX_ZIP_ENTRIES,
    max_zip_uncompressed: int = DEFAULT_MAX_ZIP_UNCOMPRESSED,
    max_zip_ratio: float = DEFAULT_MAX_ZIP_RATIO,
) -> SniffResult:
    """Identify an accepted file type from its content. Raises: UnsupportedType."""
    if not data:
        raise UnsupportedType(f"The file is empty. Upload a {ACCEPTED_TYPES} file.")
    if data.startswith(PNG_SIGNATURE):
        return PNG
    if data.startswith(JPEG_SIGNATURE):
        return JPEG
    if data.startswith(ZIP_SIGNATURE):
        return _sniff_ooxml(data, max_zip_entries, max_zip_uncompressed, max_zip_ratio)
    if data.startswith(OLE_SIGNATURE):
        raise UnsupportedType(
            "Old Office files (.doc, .xls) are not accepted. Save the file as Word (.docx) or "
            f"Excel (.xlsx), or upload a {ACCEPTED_TYPES} file."
        )
    if b"%PDF-" in data[:PDF_SEARCH_WINDOW]:
        return PDF
    raise UnsupportedType(NOT_ACCEPTED)


def _sniff_ooxml(data: bytes, max_entries: int, max_uncompressed: int,
                 max_ratio: float) -> SniffResult:
    # Count entries from the end record before zipfile parses every central directory header.
    declared = _declared_entry_count(data)
    if declared is not None and declared > max_entries:
        raise _too_big()
    try:
        # ZipFile reads only the central directory here; no entry is ever decompressed.
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, struct.error, EOFError,
            NotImplementedError, OverflowError):
        raise UnsupportedType(
            f"The file looks like a damaged archive. Upload a {ACCEPTED_TYPES} file."
        ) from None
    if len(entries) > max_entries:
        raise _too_big()
    total = 0
    names = set()
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise UnsupportedType(
                "Password-protected or encrypted Office files are not accepted. Remove the "
                "password and upload the file again."
            )
        if _is_unsafe_name(entry.orig_filename) or _is_unsafe_name(entry.filename):
            raise UnsupportedType(
                f"The file contains unsafe entry names. Upload a {ACCEPTED_TYPES} file."
            )
        total += entry.file_size
        ratio = entry.file_size / max(entry.compress_size, 1)
        if total > max_uncompressed or (entry.file_size > RATIO_FLOOR_BYTES and ratio > max_ratio):
            raise _too_big()
        names.add(entry.filename)
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise UnsupportedType(
            "Macro-enabled Office files are not accepted. Save the file as Word (.docx) or "
            "Excel (.xlsx) without macros."
        )
    if CONTENT_TYPES_PART in names:
        if DOCX_MAIN_PART in names:
            return DOCX
        if XLSX_MAIN_PART in names:
            return XLSX
    raise UnsupportedType(
        f"ZIP archives and other Office formats are not accepted. Upload a {ACCEPTED_TYPES} file."
    )


def _declared_entry_count(data: bytes) -> int | None:
    start = max(0, len(data) - EOCD_MAX_DISTANCE)
    position = data.rfind(EOCD_SIGNATURE, start)
    if position < 0 or position + 22 > len(data):
        return None
    # 0xFFFF here means a ZIP64 archive with at least that many entries.
    return struct.unpack_from("<H", data, position + 10)[0]


def _is_unsafe_name(name: str) -> bool:
    if not name or "\x00" in name or name.startswith(("/", "\\")) or _DRIVE_LETTER.match(name):
        return True
    parts = re.split(r"[\\/]", name)
    return any(part == ".." for part in parts)


def _too_big() -> UnsupportedType:
    return UnsupportedType(
        "The file expands to far more data than a normal Word or Excel file (possible zip "
        "bomb), so it was not accepted."
    )


def extension_matches(kind: str, filename: str) -> bool:
    """Tell whether a file name already ends in an extension that fits the sniffed kind."""
    return filename.lower().endswith(EXTENSIONS.get(kind, ()))
