"""Read each page's text layer with pdfplumber, without watermarks, and say whether to trust it.

Characters drawn at another angle than the page's text (a diagonal "COPY" or "SAMPLE"
watermark) or in very large, light type are dropped before words are built, so their letters
are not interleaved with the text. Lost ligatures, "(cid:N)" glyphs and letter-spaced headings
are repaired (`textquality.repair_words`), and each page's text is judged: a page whose text
is garbage, missing or a thin layer over a full-page image is read with OCR instead.
"""

from __future__ import annotations

import io
import math
from collections import Counter
from dataclasses import dataclass
from statistics import median
from typing import Any

from portal.certificates.decodebudget import DecodeBudgetExceeded
from portal.certificates.results import STATUS_TOO_LARGE, CertificateExtraction, Limits, failed
from portal.certificates.textquality import TextQuality, assess_text, repair_words
from portal.certificates.wordlayout import words_to_layout

MIN_CHARS = 12
# A page whose images cover this share of it is a scan (or has a picture background).
FULL_PAGE_IMAGE = 0.6
# Fewer real words than this over a full-page image: a partial OCR layer (a heading, a stamp,
# stray letters).
THIN_LAYER_WORDS = 25
# A page without text or images but with this many vector objects is text drawn as outlines
# (or a drawing with text in it): it is read with OCR. A frame or a few rules stay far below.
OUTLINED_TEXT_OBJECTS = 60

# Characters ten times the page's median size are a background (a body's name drawn in
# 150-point letters behind 14-point text), not a heading (a title is two to six times).
HUGE_CHAR_SIZE = 10
# A word printed this many times on a page, and as at least this share of its words, is a
# background pattern (the certification body's name tiled over the page), not text.
TILED_WORD_COUNT = 20
TILED_WORD_SHARE = 0.25

# Letters drawn twice at one place (to the point) before a page's duplicates are dropped: a
# doubled word.
OVERPRINTED_CHARS = 4

Box = tuple[float, float, float, float]
# A word of the text layer: text, x0, top, x1, bottom (plain tuples: cheap to send between
# processes).
PlacedWord = tuple[str, float, float, float, float]


class Rejected(Exception):
    """The PDF breaks a limit found while reading it; .result says which."""

    def __init__(self, result: CertificateExtraction) -> None:
        super().__init__(result.message)
        self.result = result


@dataclass(frozen=True)
class PageLayer:
    """One page's text layer: layout text, how far it can be trusted, where its images are."""

    index: int
    text: str
    chars: int
    words: tuple[PlacedWord, ...]
    quality: TextQuality
    images: tuple[Box, ...]
    width: float
    height: float
    watermark_chars: int = 0
    # Vector objects (curves, rectangles, lines) on a page without text: text converted to
    # outlines by a design tool is drawn this way, with no character and no image.
    graphics: int = 0

    @property
    def image_coverage(self) -> float:
        """Return the share of the page covered by images (overlaps counted once at most)."""
        area = self.width * self.height or 1.0
        covered = sum(max(0.0, x1 - x0) * max(0.0, b - t) for x0, t, x1, b in self.images)
        return min(1.0, covered / area)

    @property
    def is_scan(self) -> bool:
        """Return True when the page must be read from its image: no, garbage or thin text."""
        if not self.images:
            return self.chars < MIN_CHARS and self.graphics >= OUTLINED_TEXT_OBJECTS
        if self.chars < MIN_CHARS or self.quality.garbage:
            return True
        return self.image_coverage >= FULL_PAGE_IMAGE and (
            self.real_words < THIN_LAYER_WORDS or not self.has_digits
        )

    @property
    def has_digits(self) -> bool:
        """Return True when the layer holds a digit. A certificate's page prints a number or a
        date; a layer of words over a full-page image without one is an earlier OCR pass that
        lost its digits (and, with them, most of what is worth reading)."""
        return any(ch.isdigit() for ch in self.text)

    @property
    def like_garbage(self) -> bool:
        """Return True for a layer over a full-page image with words but no common word among
        them: too few words to call it garbage alone, garbage beside a garbage page."""
        return (
            self.image_coverage >= FULL_PAGE_IMAGE
            and self.quality.latin_tokens >= 3
            and self.quality.dictionary_rate == 0
            and self.quality.wordlike_rate < 0.5
        )

    @property
    def real_words(self) -> int:
        """Return how many words have three letters or digits or more: a layer of stray
        letters ("ı", "İ", "ğı": the accented letters a previous OCR pass kept) holds none."""
        return sum(1 for word in self.words if sum(ch.isalnum() for ch in word[0]) >= 3)

    def word_dicts(self) -> list[dict[str, Any]]:
        """Return the words as the dictionaries words_to_layout takes."""
        return [
            {"text": text, "x0": x0, "top": top, "x1": x1, "bottom": bottom}
            for text, x0, top, x1, bottom in self.words
        ]

    @property
    def is_blank(self) -> bool:
        """Return True for a page with neither text nor images nor drawn (outlined) text."""
        return (
            self.chars < MIN_CHARS
            and not self.images
            and self.graphics < OUTLINED_TEXT_OBJECTS
        )


def pages_to_ocr(layers: list[PageLayer]) -> list[int]:
    """Return the indices of the pages to read from their images: the scans, and the pages
    whose short layer looks like the garbage layer of another page (one earlier OCR pass made
    them all: "flpwroxemle" on a page too short to judge alone)."""
    garbage = any(layer.quality.garbage for layer in layers)
    return [
        layer.index for layer in layers
        if layer.is_scan or (garbage and layer.like_garbage)
    ]


def _angle(char: dict[str, Any]) -> int:
    a, b = char["matrix"][0], char["matrix"][1]
    return round(math.degrees(math.atan2(b, a))) % 360


def _light(color: Any) -> bool:
    if not isinstance(color, tuple | list) or not color:
        return False
    values = [float(v) for v in color if isinstance(v, int | float)]
    if len(values) == 4:  # CMYK: light when little ink
        return sum(values) < 0.6
    return bool(values) and min(values) > 0.75


def watermark_filter(chars: list[dict[str, Any]]):
    """Return a predicate that keeps page objects except watermark characters, or None."""
    if not chars:
        return None
    main = Counter(_angle(c) for c in chars).most_common(1)[0][0]
    size = median(c["size"] for c in chars)

    def keep(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        turn = abs((_angle(obj) - main + 180) % 360 - 180)
        if turn > 3:
            return False
        if obj["size"] > HUGE_CHAR_SIZE * size:  # a background word, whatever its colour
            return False
        return not (obj["size"] > 2.5 * size and _light(obj.get("non_stroking_color")))

    if all(keep(c) for c in chars):
        return None
    return keep


def _overprinted(chars: list[dict[str, Any]]) -> bool:
    """Return True when some letters are drawn twice at (nearly) one place.

    A heading made bold by printing it twice, a point apart, reads "TTRRAANNSSPPOORRTTEESS
    GGAABBAARRDDOO" and "IISSOO 1144000011": its characters are two of each. Counted on a
    one-point grid (an offset across a grid line is missed: a doubled word still shows).
    """
    seen: set[tuple[str, int, int]] = set()
    doubled = 0
    for c in chars:
        text = c.get("text")
        if not text or text.isspace():
            continue
        key = (text, round(c["x0"]), round(c["top"]))
        if key in seen:
            doubled += 1
            if doubled >= OVERPRINTED_CHARS:
                return True
        seen.add(key)
    return False


def _without_tiles(words: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the words without a word tiled over the page as its background.

    A certification body's name repeated in rows across the page ("Otabu Otabu Otabu
    Otabu", over a hundred times) would join every line of the text it lies behind.
    """
    counts = Counter(str(w["text"]) for w in words)
    tiles = {
        text for text, count in counts.items()
        if count >= TILED_WORD_COUNT and count >= TILED_WORD_SHARE * len(words)
        and sum(ch.isalpha() for ch in text) >= 3
    }
    if not tiles:
        return words
    # the tiles stand in columns, row under row; the same word in a sentence ("Certified by
    # Otabu Certification") starts elsewhere and stays
    columns = Counter(round(float(w["x0"])) for w in words if w["text"] in tiles)
    lattice = {x + d for x, count in columns.items() if count >= 3 for d in (-1, 0, 1)}
    return [w for w in words if not (w["text"] in tiles and round(float(w["x0"])) in lattice)]


def _move_spaces_off_letters(chars: list[dict[str, Any]]) -> None:
    """Move space characters drawn over the start of a letter to just before it (in place).

    Some generators draw a space glyph at the origin of the next word's first letter
    ("Fecha" as "F", " ", "echa" at one position): sorted left to right, the space falls
    inside the word and splits it ("F echa"). Such a space belongs before the letter, where it
    still parts the letter's word from any word before it.
    """
    spaces = [c for c in chars if c.get("text") == " " and c["x1"] > c["x0"]]
    if not spaces:
        return
    # only letters that start where some space does (to a point) are looked at
    columns = {round(s["x0"]) + d for s in spaces for d in (-1, 0, 1)}
    letters: dict[int, list[dict[str, Any]]] = {}
    for c in chars:
        column = round(c["x0"])
        if column in columns and c.get("text", " ").strip():
            letters.setdefault(column, []).append(c)
    for space in spaces:
        x0, x1 = space["x0"], space["x1"]
        width = x1 - x0
        # on the same line (within the 3 points words are gathered by), starting where the
        # space does and covering half of it. A space further inside a letter's box is left
        # alone: fonts whose boxes are wider than their letters cover the space after a word's
        # last letter, and an OCR layer sets a real space tight against the next word
        under = [c["x0"] for column in (round(x0) - 1, round(x0), round(x0) + 1)
                 for c in letters.get(column, ())
                 if abs(c["top"] - space["top"]) <= 3 and abs(c["x0"] - x0) <= 0.5
                 and min(x1, c["x1"]) - max(x0, c["x0"]) >= 0.5 * width]
        if under:
            start = min(under)
            space["x1"], space["x0"] = start, start - width


# A word this long is worth a second look: words set in small type with narrow gaps and no
# space characters run together ("Dateofinitialregistration") under pdfplumber's fixed
# 3-point tolerance.
LONG_WORD = 18
# The tolerance of the second look, as a share of the type size (a space is about a quarter
# of it; the gaps between letters of a word far less).
TIGHT_TOLERANCE = 0.2


def _inside(word: dict[str, Any], outer: dict[str, Any]) -> bool:
    return (word["x0"] >= outer["x0"] - 0.5 and word["x1"] <= outer["x1"] + 0.5
            and abs(word["top"] - outer["top"]) <= 1.0)


def _split_run_together(page: Any, words: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the words, those run together where the page left gaps but no spaces split.

    Only when a long word splits under a tolerance relative to the type size is the page read
    that way, and only words that split are replaced: a long compound ("Qualitätsmanagement-
    system") has no gap inside and stays whole.
    """
    long = [w for w in words if sum(ch.isalpha() for ch in str(w["text"])) >= LONG_WORD]
    if not long:
        return words
    tight = page.extract_words(keep_blank_chars=False, use_text_flow=False,
                               x_tolerance_ratio=TIGHT_TOLERANCE)
    by_row: dict[int, list[dict[str, Any]]] = {}  # a page of many words stays linear
    for t in tight:
        by_row.setdefault(round(t["top"]), []).append(t)

    def parts_of(word: dict[str, Any]) -> list[dict[str, Any]]:
        row = round(word["top"])
        near = by_row.get(row - 1, []) + by_row.get(row, []) + by_row.get(row + 1, [])
        return [t for t in near if _inside(t, word)]

    if not any(len(parts_of(w)) >= 2 for w in long):
        return words
    out: list[dict[str, Any]] = []
    for word in words:
        parts = parts_of(word)
        out.extend(sorted(parts, key=lambda t: t["x0"]) if len(parts) >= 2 else [word])
    return out


def read_page(page: Any, index: int) -> PageLayer:
    """Return the text layer of one pdfplumber page."""
    chars = page.chars
    keep = watermark_filter(chars)
    dropped = 0
    if keep is not None:
        dropped = sum(1 for c in chars if not keep(c))
        page = page.filter(keep)
    if _overprinted(page.chars):  # pdfplumber keeps one of each (same text, font and size)
        page = page.dedupe_chars(tolerance=1)
    _move_spaces_off_letters(page.chars)
    words = _without_tiles(repair_words(_split_run_together(page, page.extract_words(
        keep_blank_chars=False, use_text_flow=False
    ))))
    text = words_to_layout(words)
    images = tuple(
        (float(i["x0"]), float(i["top"]), float(i["x1"]), float(i["bottom"])) for i in page.images
    )
    chars = sum(len(str(w["text"])) for w in words)
    graphics = 0
    if chars < MIN_CHARS and not images:
        objects = page.objects
        graphics = sum(len(objects.get(kind, ())) for kind in ("curve", "rect", "line"))
    return PageLayer(
        index=index,
        text=text,
        chars=chars,
        words=tuple(
            (str(w["text"]), float(w["x0"]), float(w["top"]), float(w["x1"]), float(w["bottom"]))
            for w in words
        ),
        quality=assess_text(text),
        images=images,
        width=float(page.width),
        height=float(page.height),
        watermark_chars=dropped,
        graphics=graphics,
    )


def _page_count(pdf: Any) -> int | None:
    from pdfminer.pdftypes import resolve1

    try:
        pages = resolve1(pdf.doc.catalog.get("Pages"))
        count = resolve1(pages.get("Count")) if isinstance(pages, dict) else None
        return int(count) if isinstance(count, int | float) else None
    except Exception:  # a damaged page tree is reported when the pages are read
        return None


def read_text_layer(data: bytes, limits: Limits) -> list[PageLayer]:
    """Return every page's text layer. Raises: Rejected when the page count is over the limit."""
    import pdfplumber

    from portal.certificates.pageobjects import lean

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        count = _page_count(pdf)
        if count is not None and count > limits.max_pages:
            raise Rejected(
                failed(
                    STATUS_TOO_LARGE,
                    "page_count",
                    f"The PDF has {count} pages; the limit is {limits.max_pages}.",
                )
            )
        pages = []
        for index, page in enumerate(pdf.pages):
            if index >= limits.max_pages:
                raise Rejected(
                    failed(
                        STATUS_TOO_LARGE,
                        "page_count",
                        f"The PDF has more than {limits.max_pages} pages.",
                    )
                )
            page = lean(page)
            pages.append(_read_page_or_image(page, index))
            page.flush_cache()
    return pages


def _read_page_or_image(page: Any, index: int) -> PageLayer:
    """Return a page's text layer; a page whose fonts or content stream break the parser is
    treated as an image (read with OCR) instead of failing the whole file."""
    try:
        return read_page(page, index)
    except Exception as exc:
        if exhausted(exc):
            raise
        return image_only_page(index, float(page.width), float(page.height))


def exhausted(exc: BaseException) -> bool:
    """Return True when exc is (or wraps) running out of memory, stack or the decoding budget
    (issue 13): never retried, neither as an image nor after a repair."""
    current: BaseException | None = exc
    for _ in range(8):
        if current is None:
            return False
        if isinstance(current, MemoryError | RecursionError | DecodeBudgetExceeded):
            return True
        current = current.__cause__ or current.__context__
    return False


def image_only_page(index: int, width: float, height: float) -> PageLayer:
    """Return a page known only as a picture: no trusted text, so OCR reads it."""
    return PageLayer(
        index=index,
        text="",
        chars=0,
        words=(),
        quality=assess_text(""),
        images=((0.0, 0.0, width, height),),
        width=width,
        height=height,
    )


def repair_with_pdfium(data: bytes, limits: Limits) -> bytes | None:
    """Return the PDF rewritten by pdfium (which rebuilds a damaged cross-reference table and
    object streams), or None when pdfium cannot open it either. Raises: Rejected when the page
    count is over the limit."""
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError:
        return None
    try:
        count = len(pdf)
        if count > limits.max_pages:
            raise Rejected(
                failed(
                    STATUS_TOO_LARGE,
                    "page_count",
                    f"The PDF has {count} pages; the limit is {limits.max_pages}.",
                )
            )
        if count == 0:
            return None
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()
    except pypdfium2.PdfiumError:
        return None
    finally:
        pdf.close()


def pdfium_pages(data: bytes) -> list[PageLayer]:
    """Return every page as an image-only layer, sized by pdfium (the last resort when
    pdfplumber cannot parse even the repaired file)."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    try:
        layers = []
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                width, height = page.get_size()
            finally:
                page.close()
            layers.append(image_only_page(index, float(width), float(height)))
        return layers
    finally:
        pdf.close()
