"""Type sniffing from bytes: every accepted type, the usual disguises, and zip bombs."""
from __future__ import annotations

import ast
import io
import struct
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

from portal.documents import sniffing
from portal.documents.sniffing import ACCEPTED_TYPES, UnsupportedType, sniff

MINIMAL_PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)
DOCX_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
DOCX_DOCUMENT = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>AI acceptable use policy</w:t></w:r></w:p></w:body></w:document>"
)


def make_png() -> bytes:
    def chunk(tag: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + tag + body + struct.pack(
            ">I", zlib.crc32(tag + body) & 0xFFFFFFFF
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)  # 1x1, 8-bit greyscale
    return (sniffing.PNG_SIGNATURE + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b""))


def make_jpeg() -> bytes:
    app0 = b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    return b"\xff\xd8" + app0 + b"\xff\xd9"


def make_zip(entries: dict[str, bytes | str], *,
             compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in entries.items():
            archive.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), content,
                             compress_type=compression)
    return buffer.getvalue()


def make_docx(extra: dict[str, bytes | str] | None = None) -> bytes:
    return make_zip({
        "[Content_Types].xml": DOCX_CONTENT_TYPES,
        "_rels/.rels": "<Relationships/>",
        "word/document.xml": DOCX_DOCUMENT,
        **(extra or {}),
    })


def make_xlsx() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Control", "Status"])
    sheet.append(["A.10.2", "Implemented"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def patch_central_entry(data: bytes, name: str, *, flags: int | None = None,
                        uncompressed: int | None = None) -> bytes:
    """Rewrite fields of one central directory header, as a hostile archive would."""
    raw = bytearray(data)
    encoded = name.encode()
    position = 0
    while True:
        position = raw.find(b"PK\x01\x02", position)
        assert position >= 0, f"{name} not in central directory"
        name_length = struct.unpack_from("<H", raw, position + 28)[0]
        if raw[position + 46:position + 46 + name_length] == encoded:
            break
        position += 4
    if flags is not None:
        struct.pack_into("<H", raw, position + 8, flags)
    if uncompressed is not None:
        struct.pack_into("<I", raw, position + 24, uncompressed)
    return bytes(raw)


@pytest.fixture
def no_decompression(monkeypatch):
    """Fail the test if anything opens a zip entry for reading."""

    def refuse(*args, **kwargs):
        raise AssertionError("an archive entry was decompressed")

    # Every read of an entry's data, via open() or read(), goes through a ZipExtFile.
    monkeypatch.setattr(zipfile.ZipExtFile, "__init__", refuse)


# ---- accepted types ------------------------------------------------------------------------

def test_minimal_pdf_is_pdf():
    result = sniff(MINIMAL_PDF)
    assert (result.kind, result.content_type, result.extension) == (
        "pdf", "application/pdf", ".pdf")


def test_reportlab_pdf_is_pdf():
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, "ISO/IEC 42001:2023 certificate")
    page.save()
    assert sniff(buffer.getvalue()).kind == "pdf"


def test_pdf_header_after_junk_within_first_kilobyte_is_pdf():
    assert sniff(b"\x00" * 1000 + MINIMAL_PDF).kind == "pdf"


def test_pdf_header_beyond_first_kilobyte_is_rejected():
    with pytest.raises(UnsupportedType):
        sniff(b" " * 1100 + MINIMAL_PDF)


def test_png_from_signature():
    assert sniff(make_png()) == sniffing.PNG
    assert sniff(make_png()).content_type == "image/png"


def test_jpeg_from_signature():
    result = sniff(make_jpeg())
    assert (result.kind, result.content_type, result.extension) == ("jpeg", "image/jpeg", ".jpg")


def test_docx_assembled_from_parts(no_decompression):
    result = sniff(make_docx())
    assert result.kind == "docx"
    assert result.content_type.endswith("wordprocessingml.document")
    assert result.extension == ".docx"


def test_xlsx_from_openpyxl(no_decompression):
    result = sniff(make_xlsx())
    assert result.kind == "xlsx"
    assert result.content_type.endswith("spreadsheetml.sheet")
    assert result.extension == ".xlsx"


# ---- disguises -----------------------------------------------------------------------------

@pytest.mark.parametrize("data", [
    pytest.param(b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 56 + b"This program cannot be run",
                 id="windows-exe"),
    pytest.param(b"\x7fELF\x02\x01\x01" + b"\x00" * 40, id="elf"),
    pytest.param(b"<!doctype html><html><script>alert(document.cookie)</script></html>",
                 id="html"),
    pytest.param(b'<?xml version="1.0"?>'
                 b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
                 id="svg"),
    pytest.param(b"Control,Status\nA.10.2,Implemented\n", id="csv"),
    pytest.param(b"GIF89a\x01\x00\x01\x00", id="gif"),
])
def test_other_types_are_rejected_naming_the_accepted_ones(data):
    with pytest.raises(UnsupportedType) as caught:
        sniff(data)
    assert ACCEPTED_TYPES in caught.value.message
    assert ACCEPTED_TYPES == "PDF, PNG, JPEG, Word (.docx) or Excel (.xlsx)"


def test_empty_file_is_rejected():
    with pytest.raises(UnsupportedType, match="empty"):
        sniff(b"")


def test_old_office_ole_file_is_rejected_with_advice():
    ole = sniffing.OLE_SIGNATURE + b"\x00" * 504
    with pytest.raises(UnsupportedType) as caught:
        sniff(ole)
    assert ".doc" in caught.value.message and "(.docx)" in caught.value.message


def test_plain_zip_is_rejected(no_decompression):
    with pytest.raises(UnsupportedType) as caught:
        sniff(make_zip({"notes.txt": "hello", "payload.exe": b"MZ"}))
    assert "ZIP" in caught.value.message
    assert ACCEPTED_TYPES in caught.value.message


def test_zip_with_only_content_types_is_rejected():
    with pytest.raises(UnsupportedType):
        sniff(make_zip({"[Content_Types].xml": DOCX_CONTENT_TYPES}))


def test_damaged_zip_is_rejected():
    with pytest.raises(UnsupportedType, match="damaged"):
        sniff(b"PK\x03\x04" + b"\x00" * 200)


def test_macro_enabled_office_file_is_rejected():
    with pytest.raises(UnsupportedType, match="Macro"):
        sniff(make_docx({"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"}))


# ---- zip bombs and hostile archives ---------------------------------------------------------

def test_huge_declared_size_is_rejected_without_decompressing(no_decompression):
    data = patch_central_entry(make_docx(), "word/document.xml", uncompressed=0xFFFFFFF0)
    with pytest.raises(UnsupportedType, match="zip bomb"):
        sniff(data)


def test_total_declared_size_is_capped(no_decompression):
    data = make_docx({f"word/media/image{i}.bin": b"\x00" * 2000 for i in range(5)})
    assert sniff(data, max_zip_uncompressed=100_000).kind == "docx"
    with pytest.raises(UnsupportedType, match="zip bomb"):
        sniff(data, max_zip_uncompressed=5_000)


def test_many_entries_are_rejected(no_decompression):
    data = make_docx({f"word/part{i}.xml": "" for i in range(60)})
    assert sniff(data, max_zip_entries=100).kind == "docx"
    with pytest.raises(UnsupportedType, match="zip bomb"):
        sniff(data, max_zip_entries=50)


def test_entry_count_is_read_from_end_record_before_parsing(monkeypatch):
    data = make_docx({f"word/part{i}.xml": "" for i in range(60)})

    def refuse(*args, **kwargs):
        raise AssertionError("central directory parsed despite the declared entry count")

    monkeypatch.setattr(zipfile, "ZipFile", refuse)
    with pytest.raises(UnsupportedType):
        sniff(data, max_zip_entries=50)


def test_high_compression_ratio_is_rejected(no_decompression):
    bomb = make_docx({"word/media/zeros.bin": b"\x00" * (8 * 1024 * 1024)})
    assert len(bomb) < 100_000  # about a thousand to one
    with pytest.raises(UnsupportedType, match="zip bomb"):
        sniff(bomb)


def test_encrypted_entry_is_rejected(no_decompression):
    data = patch_central_entry(make_docx(), "word/document.xml", flags=0x1)
    with pytest.raises(UnsupportedType, match="Password"):
        sniff(data)


@pytest.mark.parametrize("name", [
    "../../etc/cron.d/evil", "word/../../evil.xml", "/etc/passwd", "C:/Windows/evil.dll",
    "..\\..\\evil.xml",
])
def test_path_traversal_entry_is_rejected(name, no_decompression):
    with pytest.raises(UnsupportedType, match="unsafe"):
        sniff(make_docx({name: "x"}))


# ---- purity ---------------------------------------------------------------------------------

def test_sniffing_imports_only_the_standard_library_and_the_errors_base():
    source = Path(sniffing.__file__).read_text()
    imported = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
    imported -= {"portal.domain"}  # DomainError, itself importing nothing
    assert {name.split(".")[0] for name in imported} <= \
        set(sys.stdlib_module_names) | {"__future__"}, imported
