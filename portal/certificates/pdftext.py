"""Read a PDF's pages as layout text (pdfplumber words, Tesseract OCR for scans)."""

from __future__ import annotations

import io
import os
import re
import time
import zlib
from dataclasses import replace
from pathlib import Path
from statistics import median
from typing import Any

from portal.certificates.parsing import extract_text_fields
from portal.certificates.results import (
    STATUS_ENCRYPTED,
    STATUS_MALFORMED,
    STATUS_NEEDS_OCR,
    STATUS_TOO_LARGE,
    CertificateExtraction,
    Limits,
    failed,
    with_timing,
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
_STREAM = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
_MIN_CHARS = 12
_PSM = 11


class _Rejected(Exception):
    def __init__(self, result: CertificateExtraction) -> None:
        super().__init__(result.message)
        self.result = result


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
    if b"%PDF-" not in data[:1024]:
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


def _check_streams(data: bytes, limits: Limits) -> CertificateExtraction | None:
    total = 0
    for m in _STREAM.finditer(data):
        header = data[max(0, m.start() - 600) : m.start()]
        header = header[header.rfind(b"<<") :] if b"<<" in header else header
        if b"FlateDecode" not in header and b"/Fl " not in header and b"/Fl]" not in header:
            continue
        inflater = zlib.decompressobj()
        size, pos = 0, m.end()
        pending = b""
        while size <= limits.max_stream_bytes and not inflater.eof:
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
        if size > limits.max_stream_bytes or total > limits.max_total_stream_bytes:
            return failed(
                STATUS_TOO_LARGE,
                "decompression_bomb",
                f"The PDF holds a compressed stream that expands beyond "
                f"{limits.max_stream_bytes // 1048576} MiB (a decompression bomb); "
                "it was not opened.",
            )
    return None


def _rows_from_positions(words: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    rows: list[list[dict[str, Any]]] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        middle = (word["top"] + word["bottom"]) / 2
        if rows:
            row = rows[-1]
            top = min(w["top"] for w in row)
            bottom = max(w["bottom"] for w in row)
            if top - 0.5 <= middle <= bottom + 0.5:
                row.append(word)
                continue
        rows.append([word])
    return rows


def _rows_from_ocr(words: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Group OCR words by Tesseract's own lines (robust to skew), then join side-by-side lines."""
    lines: dict[Any, list[dict[str, Any]]] = {}
    for word in words:
        lines.setdefault(word["line"], []).append(word)
    ordered = sorted(
        lines.values(), key=lambda ws: median((w["top"] + w["bottom"]) / 2 for w in ws)
    )
    rows: list[list[dict[str, Any]]] = []
    for line in ordered:
        top, bottom = median(w["top"] for w in line), median(w["bottom"] for w in line)
        x0, x1 = min(w["x0"] for w in line), max(w["x1"] for w in line)
        for row in rows[-3:]:
            r_top, r_bottom = median(w["top"] for w in row), median(w["bottom"] for w in row)
            overlap = min(bottom, r_bottom) - max(top, r_top)
            apart = all(w["x1"] < x0 or w["x0"] > x1 for w in row)
            if apart and overlap >= 0.5 * min(bottom - top, r_bottom - r_top):
                row.extend(line)
                break
        else:
            rows.append(list(line))
    return rows


def words_to_layout(words: list[dict[str, Any]], unit: float | None = None) -> str:
    """Return layout text: one line per printed line, 3+ spaces at visible gaps."""
    words = [w for w in words if str(w.get("text", "")).strip()]
    if not words:
        return ""
    if unit is None:
        widths = [(w["x1"] - w["x0"]) / len(w["text"]) for w in words if len(w["text"]) >= 2]
        unit = max(1.0, median(widths)) if widths else 5.0
    rows = _rows_from_ocr(words) if "line" in words[0] else _rows_from_positions(words)
    out: list[str] = []
    previous_bottom = None
    previous_height = None
    for row in rows:
        row.sort(key=lambda w: w["x0"])
        top = min(w["top"] for w in row)
        height = median(w["bottom"] - w["top"] for w in row)
        if previous_bottom is not None and top - previous_bottom > 0.8 * max(
            height, previous_height
        ):
            out.append("")
        line = ""
        last_x1 = None
        for word in row:
            column = int(round(word["x0"] / unit))
            h = word["bottom"] - word["top"]
            if last_x1 is None:
                line = " " * column
            elif word["x0"] - last_x1 > 0.9 * h:
                line += " " * max(3, column - len(line))
            else:
                line += " "
            line += word["text"]
            last_x1 = word["x1"]
        out.append(line.rstrip())
        previous_bottom = max(w["bottom"] for w in row)
        previous_height = height
    return "\n".join(out)


def _classify_error(exc: BaseException) -> CertificateExtraction:
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


def _page_count(pdf: Any) -> int | None:
    from pdfminer.pdftypes import resolve1

    try:
        pages = resolve1(pdf.doc.catalog.get("Pages"))
        count = resolve1(pages.get("Count")) if isinstance(pages, dict) else None
        return int(count) if isinstance(count, int | float) else None
    except Exception:  # a damaged page tree is reported when the pages are read
        return None


def read_text_layer(data: bytes, limits: Limits) -> tuple[list[str], list[int], list[int]]:
    """Return (layout text per page, indices of pages without text, of pages with images)."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        count = _page_count(pdf)
        if count is not None and count > limits.max_pages:
            raise _Rejected(
                failed(
                    STATUS_TOO_LARGE,
                    "page_count",
                    f"The PDF has {count} pages; the limit is {limits.max_pages}.",
                )
            )
        texts, empty, with_images = [], [], []
        for index, page in enumerate(pdf.pages):
            if index >= limits.max_pages:
                raise _Rejected(
                    failed(
                        STATUS_TOO_LARGE,
                        "page_count",
                        f"The PDF has more than {limits.max_pages} pages.",
                    )
                )
            words = page.extract_words(keep_blank_chars=False, use_text_flow=False)
            text = words_to_layout(words)
            texts.append(text)
            if sum(len(w["text"]) for w in words) < _MIN_CHARS:
                empty.append(index)
                if page.images:
                    with_images.append(index)
            page.flush_cache()
    return texts, empty, with_images


def tesseract_languages(wanted: tuple[str, ...]) -> str | None:
    """Return the Tesseract language string to use, or None when Tesseract is missing."""
    try:
        import pytesseract

        available = set(pytesseract.get_languages(config=""))
    except Exception:  # not installed or not runnable: the caller reports needs_ocr
        return None
    chosen = [lang for lang in wanted if lang in available] or sorted(available - {"osd"})[:1]
    return "+".join(chosen) if chosen else None


def _fix_ocr_text(text: str) -> str:
    """Undo Tesseract's usual confusions in certificate wording: "Al" for "AI", "|" for "l"."""
    text = re.sub(r"(?<![\w'])Al(?![\w'])", "AI", text)
    text = re.sub(r"(?<=[a-zäöü])stra[Bf]e\b", "straße", text)  # no ß in the English model
    return re.sub(r"(?<![^\s(])\|(?=['’a-z])", "l", text)


def _keep_ocr_word(text: str, confidence: float) -> bool:
    """Return False for empty boxes and the low-confidence specks scans produce."""
    if not text or confidence < 0:
        return False
    if not any(ch.isalnum() for ch in text):
        return confidence >= 60 and text in {":", "/", "-", "&", "–", "(", ")"}
    return confidence >= 30 or len(text) > 3


def ocr_pages(data: bytes, indices: list[int], limits: Limits, languages: str) -> dict[int, str]:
    """Return OCR layout text for the given page indices (pages rasterised with pypdfium2)."""
    import pypdfium2
    import pytesseract
    from PIL import ImageFilter

    out: dict[int, str] = {}
    scale = limits.ocr_dpi / 72
    pdf = pypdfium2.PdfDocument(data)
    try:
        for index in indices[: limits.ocr_max_pages]:
            page = pdf[index]
            image = page.render(scale=scale, grayscale=True).to_pil().convert("L")
            page.close()
            # Scans carry speckles that Tesseract reads as stray marks; a 3x3 median removes them.
            image = image.filter(ImageFilter.MedianFilter(3))
            table = pytesseract.image_to_data(
                image,
                lang=languages,
                config=f"--psm {_PSM}",
                output_type=pytesseract.Output.DICT,
                timeout=limits.wall_seconds,
            )
            words = []
            for i, text in enumerate(table["text"]):
                confidence = float(table["conf"][i])
                if not _keep_ocr_word(text.strip(), confidence):
                    continue
                x0, top = table["left"][i] / scale, table["top"][i] / scale
                key = (table["block_num"][i], table["par_num"][i], table["line_num"][i])
                words.append(
                    {
                        "text": text.strip(),
                        "x0": x0,
                        "top": top,
                        "line": key,
                        "x1": x0 + table["width"][i] / scale,
                        "bottom": top + table["height"][i] / scale,
                    }
                )
            out[index] = _fix_ocr_text(words_to_layout(words))
    finally:
        pdf.close()
    return out


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
        result = _extract(data, limits)
    except _Rejected as rejected:
        result = rejected.result
    except (Exception, RecursionError, MemoryError) as exc:  # every parser failure is a status
        result = _classify_error(exc)
    return with_timing(result, time.perf_counter() - started)


def _extract(data: bytes, limits: Limits) -> CertificateExtraction:
    rejected = check_bytes(data, limits)
    if rejected is not None:
        return rejected
    texts, empty, with_images = read_text_layer(data, limits)
    if not texts:
        return failed(STATUS_MALFORMED, "no_pages", "The PDF has no pages.")
    used_ocr = False
    if len(empty) == len(texts) or with_images:
        if not with_images and len(empty) == len(texts):
            return failed(STATUS_MALFORMED, "blank", "The PDF's pages are blank.", pages=len(texts))
        languages = tesseract_languages(limits.ocr_languages) if limits.ocr else None
        if languages is None:
            if len(empty) == len(texts):
                reason = "OCR is switched off" if not limits.ocr else "Tesseract is not installed"
                return failed(
                    STATUS_NEEDS_OCR,
                    "no_text_layer",
                    f"The PDF is a scan without a text layer and {reason}; install "
                    "tesseract-ocr (or upload a text PDF) to read it.",
                    pages=len(texts),
                )
        else:
            for index, text in ocr_pages(data, with_images, limits, languages).items():
                texts[index] = text
            used_ocr = True
    result = extract_text_fields(texts, ocr=used_ocr)
    return replace(result, pages=len(texts), used_ocr=used_ocr)
