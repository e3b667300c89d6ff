"""Read a certificate PDF in this process: checks, text layer, OCR where text cannot be trusted.

`extract_pdf` checks the bytes (size, type, truncation, decompression bombs), reads every
page's text layer (`textlayer`), reads pages whose text is missing, garbage or a thin layer
over a scan with OCR (`ocr`), splits the file into certificates and reads their fields
(`splitting`, `parsing`), and reads the images of pages whose text lacks core fields
(`hybrid`). Every failure becomes a status with a message; nothing raises.
"""

from __future__ import annotations

import os
import time
from dataclasses import replace
from pathlib import Path

from portal.certificates import decodebudget, regexes
from portal.certificates.hybrid import fill_from_images, marks_on_scans, pages_to_read
from portal.certificates.ocr import available_languages, ocr_pages
from portal.certificates.pdfchecks import (
    check_bytes,
    classify_error,
    describe_bytes,
    header_offset,
)
from portal.certificates.results import (
    STATUS_MALFORMED,
    STATUS_NEEDS_OCR,
    STATUS_TOO_LARGE,
    CertificateExtraction,
    Limits,
    failed,
    with_timing,
)
from portal.certificates.splitting import extract_document
from portal.certificates.textlayer import (
    MIN_CHARS,
    PageLayer,
    Rejected,
    exhausted,
    pages_to_ocr,
    pdfium_pages,
    read_text_layer,
    repair_with_pdfium,
)

__all__ = ["check_bytes", "describe_bytes", "extract_pdf"]


def extract_pdf(
    path_or_bytes: str | os.PathLike[str] | bytes, *, limits: Limits | None = None
) -> CertificateExtraction:
    """Return the certificate read from a PDF in this process (no sandbox)."""
    limits = limits or Limits()
    started = time.perf_counter()
    try:
        if isinstance(path_or_bytes, bytes | bytearray):
            data = bytes(path_or_bytes)
        else:
            size = os.stat(path_or_bytes).st_size
            if size > limits.max_bytes:
                return failed(
                    STATUS_TOO_LARGE,
                    "file_size",
                    f"The file is {size / 1048576:.1f} MiB; the limit is "
                    f"{limits.max_bytes / 1048576:.0f} MiB.",
                )
            data = Path(path_or_bytes).read_bytes()
        with decodebudget.budget(limits):  # issue 13: decoded size counted while decoding
            result = _extract(data, limits)
    except Rejected as rejected:
        result = rejected.result
    except (Exception, RecursionError, MemoryError) as exc:  # every parser failure is a status
        result = classify_error(exc)
    return with_timing(result, time.perf_counter() - started)


def _unreadable(layer: PageLayer) -> bool:
    return layer.chars < MIN_CHARS or layer.quality.garbage


def _extract(data: bytes, limits: Limits) -> CertificateExtraction:
    rejected = check_bytes(data, limits)
    if rejected is not None and rejected.reason != "truncated":
        return rejected
    warnings: list[str] = []
    offset = header_offset(data)
    if offset > 0:  # bytes before the header: read the PDF that starts there
        data = data[offset:]
        warnings.append(f"{offset} bytes before the PDF header were ignored")
    try:
        data, layers, repaired = _layers(data, limits)
    except Rejected:
        raise
    except Exception:
        if rejected is not None:  # no end-of-file marker and neither parser can read it
            return rejected
        raise
    if repaired:
        warnings.append("the PDF is damaged: pdfium repaired it before it was read; check "
                        "that every page is there")
    if rejected is not None:
        if not layers or all(layer.is_blank for layer in layers):
            return rejected
        warnings.append("the PDF has no end-of-file marker (it may be cut short): check that "
                        "every page is there")
    if not layers:
        return failed(STATUS_MALFORMED, "no_pages", "The PDF has no pages.")
    if all(layer.is_blank for layer in layers):
        return failed(STATUS_MALFORMED, "blank", "The PDF's pages are blank.", pages=len(layers))
    texts = [layer.text for layer in layers]
    scans = pages_to_ocr(layers)
    # Looking for Tesseract's language data costs imports and a look at the disk: only
    # when a page is a scan, or when the pictures of a text page will be read (below).
    available = available_languages() if limits.ocr and scans else None
    read_by_ocr: set[int] = set()
    rotations: dict[int, int] = {}  # scanned pages read: how far OCR turned each
    # One OCR budget per document: the pictures of text pages get what scanned pages left.
    ocr_started = time.monotonic()
    if scans and available is None:
        if all(_unreadable(layer) for layer in layers):
            reason = "OCR is switched off" if not limits.ocr else "Tesseract is not installed"
            return failed(
                STATUS_NEEDS_OCR,
                "no_text_layer",
                f"The PDF is a scan without a usable text layer and {reason}; install "
                "tesseract-ocr (or upload a text PDF) to read it.",
                pages=len(layers),
            )
        warnings.append(f"{len(scans)} scanned page(s) were not read: OCR is not available")
    elif scans:
        readings = ocr_pages(data, scans, limits, available)
        for index, reading in readings.items():
            texts[index] = reading.text
            read_by_ocr.add(index)
        rotations = {index: reading.rotation for index, reading in readings.items()}
        if len(readings) < len(scans):
            warnings.append(
                f"OCR read {len(readings)} of {len(scans)} scanned pages (page or time limit)"
            )
    if any(layer.quality.garbage and layer.index in read_by_ocr for layer in layers):
        warnings.append("the text layer was unreadable (garbage or unmapped glyphs): read with OCR")
    if any(layer.watermark_chars for layer in layers):
        warnings.append("watermark letters were left out of the text")
    result = extract_document(texts, ocr_pages=frozenset(read_by_ocr))
    if limits.ocr and not scans and pages_to_read(result, layers, read_by_ocr):
        available = available_languages()
    if rotations:
        left = max(0.0, limits.ocr_seconds - (time.monotonic() - ocr_started))
        result = marks_on_scans(data, result, rotations, replace(limits, ocr_seconds=left),
                                available or frozenset())
    if available is not None:
        left = max(0.0, limits.ocr_seconds - (time.monotonic() - ocr_started))
        result = fill_from_images(
            data, layers, texts, result, read_by_ocr, replace(limits, ocr_seconds=left), available
        )
    unread = [index + 1 for index in scans if index not in read_by_ocr]
    if unread and available is not None and not result.is_certificate:
        # A scan OCR could not finish is unknown, not "not a certificate".
        shown = ", ".join(map(str, unread))
        result = failed(
            STATUS_NEEDS_OCR,
            "ocr_incomplete",
            f"The PDF is a scan and OCR could not read page(s) {shown} within the reader's "
            "time and page limits, so whether it is a certificate is not known.",
            pages=len(layers),
        )
    return _with_warnings(result, warnings)


def _layers(data: bytes, limits: Limits) -> tuple[bytes, list[PageLayer], bool]:
    """Return the bytes to read, every page's text layer and whether pdfium repaired the file.

    A file pdfplumber cannot parse (a broken cross-reference table, damaged object streams,
    a cut-off tail) is rewritten by pdfium and read again; when even the rewritten file
    defeats pdfplumber, its pages are read as images (OCR). Password and encryption errors
    are not repaired: they keep their own status. Raises: the first parser error when pdfium
    cannot open the file either.
    """
    try:
        layers = read_text_layer(data, limits)
    except Rejected:
        raise
    except Exception as exc:
        if exhausted(exc) or classify_error(exc).status != STATUS_MALFORMED:
            raise
        repaired = repair_with_pdfium(data, limits)
        if repaired is None:
            raise
    else:
        if layers:
            return data, layers, False
        # No pages in the page tree pdfplumber follows: pdfium rebuilds a broken tree.
        repaired = repair_with_pdfium(data, limits)
        if repaired is None:
            return data, layers, False
    try:
        layers = read_text_layer(repaired, limits)
    except Rejected:
        raise
    except Exception as exc:
        if exhausted(exc):
            raise
        return repaired, pdfium_pages(repaired), True
    # pdfplumber still finds no page in the rewritten file: read pdfium's pages as images.
    return repaired, layers or pdfium_pages(repaired), True


def _with_warnings(result: CertificateExtraction, warnings: list[str]) -> CertificateExtraction:
    if not warnings:
        return result
    readings = [replace(r, warnings=r.warnings + tuple(warnings)) for r in result.certificates()]
    return replace(readings[0], more=tuple(readings[1:]))


# The whole reader has loaded: keep its patterns' compiled programs for the next start.
regexes.save()
