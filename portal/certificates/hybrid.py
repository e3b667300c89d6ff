"""Read the images of text pages when the text lacks core fields (hybrid PDFs).

Many certificates are text PDFs whose heading, standard, certificate number or body name is
part of a picture: a logo, a header band, a full-page background. When a certificate's text
lacks a core field (standard, number, organisation, expiry) or the text alone does not read
as a certificate, its first page is read with OCR, the OCR words that do not lie on text-layer
words are added to the page at their positions, and the page is read again. Only fields the
text lacked are taken from that reading (with OCR confidences); accreditation marks are not
read from images, where logos make their text unreliable.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from portal.certificates.ocr import fix_ocr_text, ocr_pages
from portal.certificates.results import CertificateExtraction, ExtractedField, Limits
from portal.certificates.splitting import extract_document
from portal.certificates.textlayer import PageLayer
from portal.certificates.wordlayout import words_to_layout

CORE = ("standard", "certificate_number", "organization", "expiry_date")
FILLED = (
    "standard",
    "standards",
    "certificate_number",
    "organization",
    "address",
    "scope",
    "initial_certification_date",
    "issue_date",
    "expiry_date",
    "certification_body",
)
# Images smaller than this share of the page hold no text worth reading (rules, bullets).
MIN_IMAGE_SHARE = 0.01
# A document that does not read as a certificate is looked at again only when a picture
# covers this much of its first page (a certificate drawn as a background image).
NON_CERTIFICATE_IMAGE_SHARE = 0.3
OCR_CONFIDENCE = 0.9
HYBRID_DPI = 200


def pages_to_read(
    result: CertificateExtraction, layers: list[PageLayer], done: set[int]
) -> list[int]:
    """Return the 0-based pages whose images may hold what the text lacks."""
    wanted: list[int] = []
    for reading in result.certificates():
        first = (reading.certificate_pages or (1,))[0] - 1
        if first >= len(layers) or first in done:
            continue
        layer = layers[first]
        if reading.is_certificate:
            if all(getattr(reading, name) for name in CORE):
                continue
            if layer.image_coverage < MIN_IMAGE_SHARE:
                continue
        elif first > 0 or layer.image_coverage < NON_CERTIFICATE_IMAGE_SHARE:
            continue
        wanted.append(first)
    return wanted


def _outside(word: dict[str, Any], layer: PageLayer) -> bool:
    """Return True when an OCR word does not lie on a word of the text layer."""
    cx, cy = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
    return not any(
        x0 - 2 <= cx <= x1 + 2 and top - 2 <= cy <= bottom + 2
        for _, x0, top, x1, bottom in layer.words
    )


def merged_text(layer: PageLayer, ocr_words: tuple[dict[str, Any], ...]) -> str:
    """Return the page's layout text with the OCR words of its images added in place."""
    extra = [
        {
            "text": fix_ocr_text(str(w["text"])),
            "x0": w["x0"],
            "top": w["top"],
            "x1": w["x1"],
            "bottom": w["bottom"],
        }
        for w in ocr_words
        if _outside(w, layer)
    ]
    return words_to_layout(layer.word_dicts() + extra)


def _scaled(found: Any) -> Any:
    if isinstance(found, ExtractedField):
        return replace(found, confidence=round(found.confidence * OCR_CONFIDENCE, 3))
    if isinstance(found, tuple):
        return tuple(_scaled(item) for item in found)
    return found


def _filled(text: CertificateExtraction, seen: CertificateExtraction) -> CertificateExtraction:
    """Return the text reading with the fields it lacks taken from the image reading."""
    if not text.is_certificate:
        return seen if seen.is_certificate else text
    changes: dict[str, Any] = {}
    for name in FILLED:
        if not getattr(text, name) and getattr(seen, name):
            changes[name] = _scaled(getattr(seen, name))
    if not changes:
        return text
    shown = ", ".join(n for n in changes if n != "standards")
    warnings = tuple(w for w in text.warnings if w.removeprefix("not found: ") not in changes)
    return replace(
        text,
        **changes,
        used_ocr=True,
        warnings=(*warnings, f"read from the page image: {shown}"),
    )


def fill_from_images(
    data: bytes,
    layers: list[PageLayer],
    texts: list[str],
    result: CertificateExtraction,
    done: set[int],
    limits: Limits,
    available: frozenset[str],
) -> CertificateExtraction:
    """Return the result with missing fields read from the images of its pages."""
    wanted = pages_to_read(result, layers, done)
    if not wanted:
        return result
    # Pictures in text pages hold large print (headings, logos): a lower resolution reads them
    # in a fraction of the time.
    readings = ocr_pages(data, wanted, replace(limits, ocr_dpi=HYBRID_DPI), available)
    if not readings:
        return result
    merged = list(texts)
    for index, reading in readings.items():
        merged[index] = merged_text(layers[index], reading.words)
    again = extract_document(merged, ocr_pages=frozenset(done | set(readings)))
    before, after = result.certificates(), again.certificates()
    if len(before) != len(after):
        return result if result.is_certificate else again
    combined = [_filled(b, a) for b, a in zip(before, after, strict=True)]
    return replace(combined[0], more=tuple(combined[1:]))
