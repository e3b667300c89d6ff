"""Tesseract in this process (tesserocr), its language models loaded once and kept.

The reader makes several OCR passes over one page: the whole page, the bands where marks are
printed, each picture on its own, the page turned or in other languages. Run as a program
(`tesseract` through pytesseract), every pass loaded its language models again (about 0.2 s,
most of the time of a small picture's pass) and went through a temporary image file. Here an
engine per language set stays loaded for the life of the process (a sandbox worker serves many
files), and images are handed over in memory. The language data is the one the system's
Tesseract packages install (`tesseract-ocr-*` on Debian), found in `TESSDATA_PREFIX` or the
usual places.

A pass has a time limit: Tesseract checks it while it recognises words and stops, which
raises `OcrTimeout` (the caller keeps what earlier passes read). Layout analysis is not
interrupted; the sandbox's wall-clock limit still bounds the whole reading.
"""

from __future__ import annotations

import os
import sys
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

# Where Debian, Ubuntu, Fedora, Arch, Homebrew and MacPorts put Tesseract's language data.
TESSDATA_PLACES = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
    "/opt/homebrew/share/tessdata",
    "/opt/local/share/tessdata",
)
# Debian and Ubuntu name the folder after Tesseract's version: the newest is taken.
VERSIONED_PLACE = Path("/usr/share/tesseract-ocr")
# Engines kept loaded: the first pass's language, orientation detection and one other set (a
# page in German, in Cyrillic); another evicts the one used least recently.
MAX_ENGINES = 3

# (text, confidence 0-100, (left, top, right, bottom) in pixels, (block, paragraph, line))
RawWord = tuple[str, float, tuple[int, int, int, int], tuple[int, int, int]]


class OcrTimeout(RuntimeError):
    """A pass ran out of the time it was given (Tesseract stopped recognising)."""


@cache
def tessdata() -> Path | None:
    """Return the folder holding Tesseract's language data (`*.traineddata`), or None."""
    places: list[Path] = []
    if prefix := os.environ.get("TESSDATA_PREFIX"):
        places += [Path(prefix), Path(prefix) / "tessdata"]
    places += [Path(place) for place in TESSDATA_PLACES]
    places += sorted(VERSIONED_PLACE.glob("*/tessdata"), reverse=True)
    for place in places:
        if place.is_dir() and any(place.glob("*.traineddata")):
            return place
    return None


@cache
def languages() -> frozenset[str] | None:
    """Return the installed language data ("eng", "deu", "osd", ...), or None when OCR cannot
    run here (no tesserocr, or no language data)."""
    try:
        import tesserocr  # noqa: F401
    except ImportError:
        return None
    folder = tessdata()
    if folder is None:
        return None
    return frozenset(path.stem for path in folder.glob("*.traineddata")) or None


_engines: OrderedDict[str, Any] = OrderedDict()


@contextmanager
def _quiet() -> Iterator[None]:
    """Drop what Tesseract and Leptonica print on the process's standard error while they work
    ("Error in boxClipToRectangle: box outside rectangle", "Estimating resolution as 300"): the
    tesseract program printed the same, and pytesseract dropped it; a reader of the command
    line's output is not to see it."""
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def _handed_over(image: Any) -> Any:
    """Return the image marked as a bitmap: tesserocr hands an image over in its own format,
    PNG when it has none, and compressing a page to PNG takes longer than reading it small."""
    image.format = "BMP"
    return image


def engine(language_set: str) -> Any:
    """Return a loaded engine for languages such as "eng" or "deu+eng" (kept for reuse)."""
    api = _engines.pop(language_set, None)
    if api is None:
        from tesserocr import PyTessBaseAPI

        api = PyTessBaseAPI(path=f"{tessdata()}/", lang=language_set)
        while len(_engines) >= MAX_ENGINES:
            _engines.popitem(last=False)[1].End()
    _engines[language_set] = api  # the most recently used last
    return api


def read_words(image: Any, language_set: str, *, psm: int, timeout: float) -> list[RawWord]:
    """Return every word Tesseract recognises on a PIL image, in reading order."""
    with _quiet():
        api = engine(language_set)
        api.SetPageSegMode(psm)
        api.SetImage(_handed_over(image))
        try:
            if not api.Recognize(timeout=int(max(1.0, timeout) * 1000)):
                raise OcrTimeout(f"Tesseract stopped: timeout after {max(1.0, timeout):.0f} s")
            return list(_words(api))
        finally:
            api.Clear()


def _words(api: Any) -> Iterator[RawWord]:
    from tesserocr import RIL

    found = api.GetIterator()
    if found is None:  # nothing on the image
        return
    block = paragraph = line = 0
    while True:
        if found.IsAtBeginningOf(RIL.BLOCK):
            block, paragraph, line = block + 1, 0, 0
        if found.IsAtBeginningOf(RIL.PARA):
            paragraph, line = paragraph + 1, 0
        if found.IsAtBeginningOf(RIL.TEXTLINE):
            line += 1
        if text := _text(found):
            box = found.BoundingBox(RIL.WORD)
            if box is not None:
                yield text, float(found.Confidence(RIL.WORD)), box, (block, paragraph, line)
        if not found.Next(RIL.WORD):
            return


def _text(found: Any) -> str | None:
    """Return the word the iterator is at, or None: a picture block holds no word, and asking
    it for one raises an error."""
    from tesserocr import RIL

    if found.Empty(RIL.WORD):
        return None
    try:
        return found.GetUTF8Text(RIL.WORD)
    except RuntimeError:  # "No text returned"
        return None


def orientation(image: Any) -> dict[str, Any] | None:
    """Return Tesseract's orientation and script detection for a page image: a dict with
    "rotate" (degrees to turn the page clockwise), "orientation_conf", "script" and
    "script_conf"; None when there is too little text to tell."""
    from tesserocr import PSM

    with _quiet():
        api = engine("osd")
        api.SetPageSegMode(PSM.OSD_ONLY)
        api.SetImage(_handed_over(image))
        try:
            found = api.DetectOrientationScript()
        finally:
            api.Clear()
    if not found:
        return None
    return {
        # Tesseract names how far the page was turned; the page is turned back the other way
        "rotate": (360 - int(found["orient_deg"])) % 360,
        "orientation_conf": float(found["orient_conf"]),
        "script": found["script_name"],
        "script_conf": float(found["script_conf"]),
    }
