"""Read the images of text pages when the text lacks fields (hybrid PDFs).

Many certificates are text PDFs whose heading, standard, certificate number, body name or
accreditation mark is part of a picture: a logo, a header band, a full-page background. When a
certificate's text lacks a core field (standard, number, organisation, expiry), its
certification body or its accreditation body, or the text alone does not read as a
certificate, the pictures of its first page are read with OCR: the page is drawn, everything
but its pictures is blanked (the text layer's words too, which are already known), and the
words found are added to the page at their positions before the page is read again. Only
fields the text lacked are taken from that reading (with OCR confidences); an accreditation
body read from a logo must be named unambiguously (`bodies.is_clear_mark`), since logos make
OCR text noisy. When the text has every field certificates commonly print and lacks only the
accreditation body, the page is not read whole: only its marks are looked for.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from portal.certificates import regexes
from portal.certificates.bodies import find_accreditation, is_clear_mark
from portal.certificates.classify import TRAINING, certificate_wording
from portal.certificates.layout import read_lines
from portal.certificates.ocr import (
    first_languages,
    fix_ocr_text,
    flatten_background,
    is_busy,
    read_image,
    recognise,
    render_page,
)
from portal.certificates.results import CertificateExtraction, ExtractedField, Limits
from portal.certificates.splitting import extract_document
from portal.certificates.tesseract import OcrTimeout
from portal.certificates.textlayer import PageLayer
from portal.certificates.wordlayout import rows_from_positions, words_to_layout

CORE = ("standard", "certificate_number", "organization", "expiry_date")
# Fields a text certificate often prints only in a logo: worth reading its pictures for.
WANTED = (*CORE, "certification_body", "accreditation_body")
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
# A picture of a line of text, in points: from small print to a large heading.
MIN_LINE_HEIGHT = 6
MAX_LINE_HEIGHT = 60
# A pixel darker than this (of 255) is ink; a band with less than this share of ink (a rule, a
# frame's edge) prints no mark.
DARK = 160
MIN_INK = 0.0005
# A row or column of a band this much ink is a rule or a frame's edge, not print.
RULE = 0.6
OCR_CONFIDENCE = 0.9
# Logos carry small print ("MANAGEMENT SYSTEMS 0001" under an accreditation mark).
HYBRID_DPI = 300
# Tesseract's automatic page segmentation: with the text layer blanked, the sparse-text mode
# misses a boxed heading ("N° 483.002/25" in a frame) that the automatic one reads.
PICTURES_PSM = 3
# The fields certificates commonly print: when the text has them all, a page's pictures are
# read only for the accreditation mark.
COMMON = (*CORE, "scope", "issue_date", "certification_body")


def _line_of_text(box: tuple[float, float, float, float]) -> bool:
    """Return True when an image has the shape of a printed line of text (a standard or a
    number drawn as a picture): a few points to a few lines high and much wider than high.
    Such a picture is small, so the page's image share alone would not get it read."""
    width, height = box[2] - box[0], box[3] - box[1]
    return MIN_LINE_HEIGHT <= height <= MAX_LINE_HEIGHT and width >= 2 * height


def _worded_unknown(reading: CertificateExtraction, index: int) -> bool:
    """Return True for a page read as nothing in particular that has a certificate's title or
    statement but no standard: the standard may be printed in a logo ("ISO 9001" in a badge)."""
    if reading.reason != "unknown" or index >= len(reading.page_texts):
        return False
    return certificate_wording(read_lines([reading.page_texts[index]]))


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
            if all(getattr(reading, name) for name in WANTED):
                continue
            if layer.image_coverage < MIN_IMAGE_SHARE and not (
                not (reading.standard and reading.certificate_number)
                and any(_line_of_text(box) for box in layer.images)
            ):
                continue
        elif first > 0 or layer.image_coverage < (
            MIN_IMAGE_SHARE if _worded_unknown(reading, first) else NON_CERTIFICATE_IMAGE_SHARE
        ):
            continue
        wanted.append(first)
    return wanted


def pictures_only(image: Any, scale: float, layer: PageLayer) -> Any:
    """Return the drawn page with the text layer's words blanked (they are known): OCR then
    reads only what pictures and drawings print, in a fraction of the time."""
    from PIL import ImageDraw

    canvas = image.copy()
    draw = ImageDraw.Draw(canvas)
    for _, x0, top, x1, bottom in layer.words:
        draw.rectangle(
            (x0 * scale - 1, top * scale - 1, x1 * scale + 1, bottom * scale + 1), fill=255
        )
    return canvas


@dataclass(frozen=True)
class PictureReading:
    """What a page's pictures print: OCR words in page points, and an accreditation mark."""

    words: tuple[dict[str, Any], ...]
    mark: tuple[ExtractedField | None, ExtractedField | None] = (None, None)


@dataclass(frozen=True)
class Wanted:
    """What a certificate's page is read for: fields its text lacks, its accreditation mark."""

    fields: bool
    mark: bool


def wanted_from(reading: CertificateExtraction) -> Wanted:
    """Return what the pictures of a certificate's first page are to be read for.

    The whole page is read only when the text lacks a field certificates commonly print: when
    it has them all and only the accreditation body is missing, reading the page found nothing
    else on the development files, and the marks alone are looked for.
    """
    return Wanted(
        fields=not all(getattr(reading, name) for name in COMMON),
        mark=reading.accreditation_body is None,
    )


def read_pictures(
    data: bytes,
    layers: list[PageLayer],
    indices: list[int],
    limits: Limits,
    available: frozenset[str],
    certificates: dict[int, Wanted],
) -> dict[int, PictureReading]:
    """Return what the pictures of the given pages print.

    A certificate's page (`certificates` says what it is read for) whose text lacks a field
    gets one pass in the first language with automatic page segmentation (headings, boxed
    numbers). When no accreditation mark is found that way and one is wanted, the marks are
    looked for (`find_mark`). A page that did not read as a certificate is read like a scan
    (orientation, script, languages).
    """
    import pypdfium2

    out: dict[int, PictureReading] = {}
    deadline = time.monotonic() + limits.ocr_seconds
    first = first_languages(limits, available) or "eng"
    pdf = pypdfium2.PdfDocument(data)
    try:
        for index in indices[: limits.ocr_max_pages]:
            if time.monotonic() >= deadline:
                break
            image, scale = render_page(pdf, index, HYBRID_DPI, despeckle=False)
            canvas = pictures_only(image, scale, layers[index])
            try:
                if index not in certificates:
                    reading = read_image(canvas, scale, limits, available, deadline)
                    out[index] = PictureReading(reading.words)
                    continue
                wants = certificates[index]
                words: tuple[dict[str, Any], ...] = ()
                mark: tuple[ExtractedField | None, ExtractedField | None] = (None, None)
                if wants.fields:
                    words = tuple(recognise(
                        canvas, first, scale, deadline - time.monotonic(), psm=PICTURES_PSM
                    ))
                    mark = accreditation_mark(words, index + 1)
                if wants.mark and mark[0] is None and time.monotonic() < deadline:
                    mark = find_mark(canvas, scale, layers[index], first, deadline, index + 1)
                out[index] = PictureReading(words, mark)
            except OcrTimeout:  # keep the pages read so far
                break
    finally:
        pdf.close()
    return out


def find_mark(
    canvas: Any, scale: float, layer: PageLayer, languages: str, deadline: float, page: int
) -> tuple[ExtractedField | None, ExtractedField | None]:
    """Return the accreditation body (and number) printed in a page's marks, or Nones.

    Each picture is read on its own first: with the engine loaded, a logo takes hundredths of
    a second. Then the bands across the foot and the top of the page are read in sparse-text
    mode, for a mark drawn as vector graphics or inside a background picture; the whole page
    (frames, backgrounds) takes longer and found no more. A band where nothing is drawn but
    the pictures already read one by one (and rules or specks) is not read again.
    """
    from PIL import ImageDraw

    pictures = single_pictures(canvas, scale, layer)
    mark = picture_mark(read_each_picture(canvas, scale, pictures, languages, deadline), page)
    if mark[0] is not None:
        return mark
    rest = canvas.copy()
    blank = ImageDraw.Draw(rest)
    for _, box in pictures:
        blank.rectangle(box, fill=255)
    for band, left in zip(mark_bands(canvas), mark_bands(rest), strict=True):
        if time.monotonic() >= deadline:
            break
        if not drawn_on(left, scale):
            continue
        sparse = recognise(band, languages, scale, deadline - time.monotonic())
        mark = accreditation_mark(tuple(sparse), page)
        if mark[0] is not None:
            break
    return mark


def drawn_on(band: Any, scale: float) -> bool:
    """Return True when a band of a page's image has ink enough to print a word.

    Rows and columns that are mostly ink are a frame's edges or rules, and are left out; what
    is left must be more than `MIN_INK` of the band, over an area at least a line of small
    print high and wide (a short rule or scattered specks print nothing)."""
    from PIL import Image, ImageDraw

    dark = band.point(lambda value: 255 if value < DARK else 0)
    rows = dark.resize((1, dark.height), Image.Resampling.BOX).tobytes()
    columns = dark.resize((dark.width, 1), Image.Resampling.BOX).tobytes()
    draw = ImageDraw.Draw(dark)
    for y, share in enumerate(rows):
        if share > RULE * 255:
            draw.line((0, y, dark.width, y), fill=0)
    for x, share in enumerate(columns):
        if share > RULE * 255:
            draw.line((x, 0, x, dark.height), fill=0)
    box = dark.getbbox()
    if box is None:
        return False
    if min(box[2] - box[0], box[3] - box[1]) < MIN_LINE_HEIGHT * scale:
        return False
    return dark.histogram()[255] >= MIN_INK * band.width * band.height


def single_pictures(
    canvas: Any, scale: float, layer: PageLayer
) -> list[tuple[int, tuple[int, int, int, int]]]:
    """Return the page's pictures worth reading one by one, as (index, box in pixels).

    Pictures covering half the page or more are the background, and pictures thinner than a
    line of small print hold no word."""
    page = layer.width * layer.height
    found = []
    for n, (x0, top, x1, bottom) in enumerate(layer.images):
        if (x1 - x0) * (bottom - top) >= 0.5 * page:
            continue
        box = (max(0, int(x0 * scale)), max(0, int(top * scale)),
               min(canvas.width, int(x1 * scale)), min(canvas.height, int(bottom * scale)))
        if box[2] - box[0] < MIN_LINE_HEIGHT * scale or box[3] - box[1] < MIN_LINE_HEIGHT * scale:
            continue
        found.append((n, box))
    return found


def read_each_picture(
    canvas: Any,
    scale: float,
    pictures: list[tuple[int, tuple[int, int, int, int]]],
    languages: str,
    deadline: float,
) -> tuple[dict[str, Any], ...]:
    """Return the words of the page's pictures (`single_pictures`) read one at a time, in page
    points.

    On a page drawn over a busy background (a grey emblem, a guilloche) Tesseract finds no
    text blocks in the whole canvas, yet reads a logo cut out on its own ("ANSI National
    Accreditation Board", "UNITED ACCREDITATION FOUNDATION"). Each picture's lines stay its
    own (the line keys carry the picture's index), so two logos side by side do not mix.
    """
    words: list[dict[str, Any]] = []
    for n, box in pictures:
        if time.monotonic() >= deadline:
            break
        for word in recognise(canvas.crop(box), languages, scale, deadline - time.monotonic()):
            words.append({
                **word,
                "x0": word["x0"] + box[0] / scale,
                "x1": word["x1"] + box[0] / scale,
                "top": word["top"] + box[1] / scale,
                "bottom": word["bottom"] + box[1] / scale,
                "line": (n, *word["line"]),
            })
    return tuple(words)


def picture_mark(
    words: tuple[dict[str, Any], ...], page: int
) -> tuple[ExtractedField | None, ExtractedField | None]:
    """Return the accreditation body named by one picture's words, read as one line each.

    A mark prints its body's name over several short lines ("UNITED" / "ACCREDITATION" /
    "FOUNDATION"); read picture by picture, a logo's lines are one name.
    """
    pictures: dict[Any, list[dict[str, Any]]] = {}
    for word in words:
        pictures.setdefault(word["line"][0], []).append(word)
    for picture in pictures.values():
        text = fix_ocr_text(" ".join(str(w["text"]) for w in in_reading_order(picture)))
        # the drawing between a mark's lines comes out as one- or two-letter scraps ("UNITED
        # ACCREDITATION LL FOUNDATION"): read it again without them
        bare = " ".join(word for word in text.split() if len(word.strip(".,:;'‘’\"()[]")) > 2)
        for reading in dict.fromkeys((text, bare)):
            body, number = find_accreditation(read_lines([reading], first_page=page), mark=True)
            if body is not None and is_clear_mark(body):
                return body, number
    return None, None


def in_reading_order(words: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return a picture's words row by row, left to right.

    Tesseract's sparse-text mode numbers every word as a block of its own, in no reading
    order: a mark's stacked name ("UNITED" / "ACCREDITATION" / "FOUNDATION") came out as
    "ACCREDITATION UNITED FOUNDATION".
    """
    rows = rows_from_positions(words)
    return [word for row in rows for word in sorted(row, key=lambda w: w["x0"])]


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


def accreditation_mark(
    words: tuple[dict[str, Any], ...], page: int
) -> tuple[ExtractedField | None, ExtractedField | None]:
    """Return the accreditation body (and number) printed in a page's pictures, or Nones.

    The words are read in Tesseract's own lines, so the lines of two logos side by side are
    not interleaved; only a body named unambiguously counts (`bodies.is_clear_mark`).
    """
    text = fix_ocr_text(words_to_layout(list(words)))
    body, number = find_accreditation(read_lines([text], first_page=page))
    if body is not None and is_clear_mark(body):
        return body, number
    # a mark prints its body's name over two or three short lines, which Tesseract keeps in
    # one paragraph ("UNITED" / "ACCREDITATION" / "FOUNDATION"): read each paragraph as a line
    paragraphs: dict[Any, list[dict[str, Any]]] = {}
    for word in words:
        paragraphs.setdefault(word["line"][:2], []).append(word)
    return picture_mark(tuple({**w, "line": (key, *w["line"])}
                              for key, ws in paragraphs.items() for w in ws), page)


def _filled(
    text: CertificateExtraction,
    seen: CertificateExtraction,
    marks: dict[int, tuple[ExtractedField | None, ExtractedField | None]],
) -> CertificateExtraction:
    """Return the text reading with the fields it lacks taken from the image reading."""
    if not text.is_certificate:
        # the pictures may make it a certificate (its title or standard is a picture), but not
        # a person's training: the picture's words read between its lines (a seal, a pattern)
        # only break up the sentence that said so
        if seen.is_certificate and text.reason != TRAINING:
            return replace(seen, pictures_only_ocr=not text.used_ocr)
        return text
    changes: dict[str, Any] = {}
    for name in FILLED:
        if not getattr(text, name) and getattr(seen, name):
            changes[name] = _scaled(getattr(seen, name))
    body, number = marks.get((text.certificate_pages or (1,))[0], (None, None))
    if not text.accreditation_body and body is not None:
        changes["accreditation_body"] = _scaled(body)
        if number is not None and not text.accreditation_number:
            changes["accreditation_number"] = _scaled(number)
    if not changes:
        return text
    shown = ", ".join(n for n in changes if n != "standards")
    warnings = tuple(w for w in text.warnings if w.removeprefix("not found: ") not in changes)
    return replace(
        text,
        **changes,
        used_ocr=True,
        pictures_only_ocr=not text.used_ocr,
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
    certificates = {
        (r.certificate_pages or (1,))[0] - 1: wanted_from(r)
        for r in result.certificates()
        if r.is_certificate
    }
    readings = read_pictures(data, layers, wanted, limits, available, certificates)
    if not readings:
        return result
    merged = list(texts)
    read = {index for index, reading in readings.items() if reading.words}
    for index in read:
        merged[index] = merged_text(layers[index], readings[index].words)
    # pages read only for their marks added no words: the text reads as before
    again = extract_document(merged, ocr_pages=frozenset(done | read)) if read else result
    before, after = result.certificates(), again.certificates()
    if len(before) != len(after):
        return result if result.is_certificate else again
    marks = {index + 1: reading.mark for index, reading in readings.items()}
    combined = [_filled(b, a, marks) for b, a in zip(before, after, strict=True)]
    return replace(combined[0], more=tuple(combined[1:]))


# Where a certificate prints its accreditation mark: a band across the foot or the top of the
# page (shares of the page's height). The foot is read first: every mark the bands found on the
# development text certificates was there.
MARK_BANDS = ((0.72, 1.0), (0.0, 0.22))
# What the page's own reading shows of a mark it could not read whole: only then are the
# bands read again ("IAF", "...nal Accreditation Centre", "CB-QMS-035").
_MARK_HINT = regexes.compile(r"(?i)accredit|akkredit|acredit|accr[eé]d|\bIAF\b|\bMLA\b|\bCB-[A-Z]")


def mark_bands(image: Any) -> Iterator[Any]:
    """Yield the bands of a page's image where accreditation marks are printed."""
    for top, bottom in MARK_BANDS:
        yield image.crop((0, int(top * image.height), image.width, int(bottom * image.height)))


def stacked(words: list[dict[str, Any]]) -> tuple[dict[str, Any], ...]:
    """Return the words with the lines printed one under the other as one group (the line
    keys start with the group's number): the sparse-text mode makes every line a block of its
    own, while a mark prints its body's name over two or three short lines."""
    lines: dict[Any, list[dict[str, Any]]] = {}
    for word in words:
        lines.setdefault(word["line"], []).append(word)
    boxes = sorted(
        (min(w["top"] for w in ws), max(w["bottom"] for w in ws),
         min(w["x0"] for w in ws), max(w["x1"] for w in ws), key)
        for key, ws in lines.items()
    )
    group_of: dict[Any, int] = {}
    groups: list[list[float]] = []  # the last line of each group: top, bottom, x0, x1
    for top, bottom, x0, x1, key in boxes:
        height = bottom - top
        for n, (_, g_bottom, g_x0, g_x1) in enumerate(groups):
            if 0 <= top - g_bottom <= 0.8 * height and min(x1, g_x1) - max(x0, g_x0) > 0:
                groups[n] = [top, bottom, x0, x1]
                group_of[key] = n
                break
        else:
            group_of[key] = len(groups)
            groups.append([top, bottom, x0, x1])
    return tuple({**w, "line": (group_of[w["line"]], *w["line"])} for w in words)


def marks_on_scans(
    data: bytes,
    result: CertificateExtraction,
    rotations: dict[int, int],
    limits: Limits,
    available: frozenset[str],
) -> CertificateExtraction:
    """Return the result with accreditation bodies read from the marks of its scanned pages.

    Read with the whole page, a mark's small print next to a logo is often lost: the page's
    segmentation takes the drawing and the words beside it for one picture. The bands where
    marks are printed are read again on their own, in sparse-text mode, and a body named
    unambiguously in one of their blocks is taken ("Emirates International Accreditation
    Centre", under the IAF logo). `rotations` maps the 0-based scanned pages read to how far
    OCR turned them.
    """
    wanted = {
        index
        for r in result.certificates()
        if r.is_certificate and r.accreditation_body is None
        and (index := (r.certificate_pages or (1,))[0] - 1) in rotations
        and _MARK_HINT.search(r.page_texts[0] if r.page_texts else "")  # its first page
    }
    if not wanted:
        return result
    import pypdfium2

    deadline = time.monotonic() + limits.ocr_seconds
    first = first_languages(limits, available) or "eng"
    marks: dict[int, tuple[ExtractedField, ExtractedField | None]] = {}
    pdf = pypdfium2.PdfDocument(data)
    try:
        for index in sorted(wanted):
            if time.monotonic() >= deadline:
                break
            image, scale = render_page(pdf, index, limits.ocr_dpi)
            if is_busy(image, scale):
                image, scale = flatten_background(image, scale)
            if rotations[index]:
                image = image.rotate(-rotations[index], expand=True)
            for band in mark_bands(image):
                if time.monotonic() >= deadline:
                    break
                try:
                    words = recognise(band, first, scale, deadline - time.monotonic())
                except OcrTimeout:
                    break
                body, number = picture_mark(stacked(words), index + 1)
                if body is not None:
                    marks[index] = (body, number)
                    break
    finally:
        pdf.close()
    if not marks:
        return result
    readings = []
    for reading in result.certificates():
        mark = marks.get((reading.certificate_pages or (1,))[0] - 1)
        if mark is None or reading.accreditation_body is not None:
            readings.append(reading)
            continue
        body, number = mark
        warnings = tuple(w for w in reading.warnings if w != "not found: accreditation_body")
        readings.append(replace(
            reading,
            accreditation_body=_scaled(body),
            accreditation_number=reading.accreditation_number or _scaled(number),
            warnings=(*warnings, "read from the accreditation mark: accreditation_body"),
        ))
    return replace(readings[0], more=tuple(readings[1:]))
