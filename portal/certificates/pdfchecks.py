"""Check a PDF's bytes before parsing (size, type, truncation, bombs) and name parser failures."""

from __future__ import annotations

import zlib

from portal.certificates import regexes
from portal.certificates.decodebudget import DecodeBudgetExceeded
from portal.certificates.results import (
    STATUS_ENCRYPTED,
    STATUS_MALFORMED,
    STATUS_TOO_LARGE,
    CertificateExtraction,
    Limits,
    failed,
)

_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (perhaps a Word or Excel file)",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office file",
    b"{\\rtf": "an RTF document",
    b"II*\x00": "a TIFF image",
    b"MM\x00*": "a TIFF image",
}
# Where the "%PDF-" header may start: viewers accept it within the first KiB; files saved from
# web pages sometimes carry a longer preamble (a server's warning in HTML) before it.
HEADER_WINDOW = 64 * 1024
_STREAM = regexes.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")


def header_offset(data: bytes) -> int:
    """Return where the "%PDF-" header starts (0 for a well-formed file, -1 when missing)."""
    return data.find(b"%PDF-", 0, HEADER_WINDOW)


def describe_bytes(data: bytes) -> str:
    """Return what a non-PDF file looks like, from its first bytes."""
    for magic, name in _MAGIC.items():
        if data.startswith(magic):
            return name
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "an HTML page"
    if head.startswith(b"<?xml"):
        return "an XML document"
    try:
        data[:512].decode("utf-8")
    except UnicodeDecodeError:
        return "binary data"
    return "plain text"


def check_bytes(data: bytes, limits: Limits) -> CertificateExtraction | None:
    """Return a rejection for empty, non-PDF, truncated or decompression-bomb files, else None."""
    if not data:
        return failed(STATUS_MALFORMED, "empty", "The file is empty (0 bytes).")
    if len(data) > limits.max_bytes:
        return failed(
            STATUS_TOO_LARGE,
            "file_size",
            f"The file is {len(data) / 1048576:.1f} MiB; the limit is "
            f"{limits.max_bytes / 1048576:.0f} MiB.",
        )
    if b"%PDF-" not in data[:HEADER_WINDOW]:
        return failed(
            STATUS_MALFORMED, "not_pdf", f"This is not a PDF: it looks like {describe_bytes(data)}."
        )
    if b"%%EOF" not in data[-2048:]:
        return failed(
            STATUS_MALFORMED,
            "truncated",
            "The PDF is truncated: it has no end-of-file marker. Upload it again.",
        )
    return _check_streams(data, limits)


_IMAGE_DICT = regexes.compile(rb"/Subtype\s*/Image\b")
_NUMBER_KEY = {key: regexes.compile(rb"/" + key + rb"\s+(\d{1,6})\b")
               for key in (b"Width", b"Height", b"BitsPerComponent")}
_COMPONENTS = tuple((regexes.compile(rx), n) for rx, n in (
    (rb"/DeviceGray\b", 1), (rb"/DeviceRGB\b", 3), (rb"/DeviceCMYK\b", 4)))


def _image_size(data: bytes, stream_start: int) -> int | None:
    """Return the bytes an image stream's dictionary says its pixels take, or None when the
    stream is no image (or its dictionary does not say). A scanned seal drawn small but stored
    at 15000 x 16000 pixels is a large image, not a bomb: a bomb expands past what it says."""
    head = data[max(0, stream_start - 2048) : stream_start]
    head = head[head.rfind(b"<<") :] if b"<<" in head else head
    if not _IMAGE_DICT.search(head):
        return None
    found: dict[bytes, int] = {}
    for key, rx in _NUMBER_KEY.items():
        if m := rx.search(head):
            found[key] = int(m.group(1))
    if not found.get(b"Width") or not found.get(b"Height"):
        return None
    bits = found.get(b"BitsPerComponent") or 8
    components = next((n for rx, n in _COMPONENTS if rx.search(head)), 4)
    return found[b"Width"] * found[b"Height"] * components * bits // 8


def _check_streams(data: bytes, limits: Limits) -> CertificateExtraction | None:
    total = 0
    for m in _STREAM.finditer(data):
        # Issue 13: every stream is tried, whatever its dictionary says: a filter named with
        # escapes (/Fl#61teDecode) or given as an indirect object (/Filter 6 0 R) is still
        # Flate. Data that is not zlib fails on its first bytes, so this costs little.
        declared = _image_size(data, m.start())
        allowed = limits.max_stream_bytes
        if declared is not None and declared <= limits.max_total_stream_bytes:
            allowed = max(allowed, declared + 4096)  # a large image, up to its own size
        inflater = zlib.decompressobj()
        size, pos = 0, m.end()
        pending = b""
        while size <= allowed and not inflater.eof:
            if inflater.unconsumed_tail:
                pending = inflater.unconsumed_tail
            elif pos < len(data):
                pending, pos = data[pos : pos + 65536], pos + 65536
            else:
                break
            try:
                size += len(inflater.decompress(pending, 1 << 20))
            except zlib.error:
                break
        total += size
        if size > allowed or total > limits.max_total_stream_bytes:
            return failed(
                STATUS_TOO_LARGE,
                "decompression_bomb",
                f"The PDF holds a compressed stream that expands beyond "
                f"{limits.max_stream_bytes // 1048576} MiB (a decompression bomb); "
                "it was not opened.",
            )
    return None


def classify_error(exc: BaseException) -> CertificateExtraction:
    """Return the status that explains why the PDF parser raised exc."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and len(chain) < 8:
        chain.append(current)
        current = current.__cause__ or current.__context__
    names = " ".join(type(e).__name__ for e in chain)
    text = " ".join(str(e) for e in chain)
    if "PDFPasswordIncorrect" in names or "password" in text.lower():
        return failed(
            STATUS_ENCRYPTED,
            "password",
            "The PDF is protected by a password. Upload an unprotected copy.",
        )
    if "PDFEncryptionError" in names or "encrypt" in text.lower():
        return failed(
            STATUS_ENCRYPTED,
            "encryption",
            "The PDF uses an encryption this reader does not support.",
        )
    if any(isinstance(e, DecodeBudgetExceeded) for e in chain):
        return failed(
            STATUS_TOO_LARGE,
            "decompression_bomb",
            "The PDF holds compressed data that expands beyond the reader's limit (a "
            "decompression bomb); reading stopped.",
        )
    if any(isinstance(e, RecursionError) for e in chain):
        return failed(
            STATUS_MALFORMED, "nesting", "The PDF's objects are nested too deeply to read safely."
        )
    if any(isinstance(e, MemoryError) for e in chain):
        return failed(STATUS_TOO_LARGE, "memory", "Reading the PDF needed too much memory.")
    return failed(
        STATUS_MALFORMED,
        "parse_error",
        f"The PDF could not be read ({type(exc).__name__}: {str(exc)[:160]}).",
    )
