"""Turn positioned words (from the text layer or OCR) into layout text (pure).

Layout text has one printed line per line, words near their horizontal position, and at
least three spaces wherever the page leaves a visible gap, which is what the parser reads.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from statistics import median
from typing import Any

from portal.certificates import regexes

Word = dict[str, Any]


def _stacked(word: Word, row: list[Word]) -> bool:
    """Return True when a word lies under a word of the row, on a line of its own: two small
    lines printed close together ("CERTIFICATO N." over "CERTIFICATE No.") overlap in height
    but never side by side. A word printed twice in the same place (bold by overprinting) is
    not a second line."""
    height = word["bottom"] - word["top"]
    if word["top"] - min(w["top"] for w in row) <= 0.3 * height:
        return False  # on the row's own line: nothing in the row is above it
    for other in row:
        overlap = min(word["x1"], other["x1"]) - max(word["x0"], other["x0"])
        narrower = min(word["x1"] - word["x0"], other["x1"] - other["x0"])
        if overlap > 0.3 * narrower and word["top"] - other["top"] > 0.3 * height:
            return True
    return False


def rows_from_positions(words: list[Word]) -> list[list[Word]]:
    """Group words into printed lines by their vertical position, top to bottom."""
    rows: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        middle = (word["top"] + word["bottom"]) / 2
        if rows:
            row = rows[-1]
            top = min(w["top"] for w in row)
            bottom = max(w["bottom"] for w in row)
            if top - 0.5 <= middle <= bottom + 0.5 and not _stacked(word, row):
                row.append(word)
                continue
        rows.append([word])
    return rows


def _rows_from_ocr(words: list[Word]) -> list[list[Word]]:
    """Group OCR words by Tesseract's own lines (robust to skew), then join side-by-side lines."""
    lines: dict[Any, list[Word]] = {}
    for word in words:
        lines.setdefault(word["line"], []).append(word)
    ordered = sorted(
        lines.values(), key=lambda ws: median((w["top"] + w["bottom"]) / 2 for w in ws)
    )
    rows: list[list[Word]] = []
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


def _gaps(row: list[Word]) -> tuple[list[float], float]:
    """Return the gaps between the words of a sorted row and the row's usual gap."""
    gaps = [row[i + 1]["x0"] - row[i]["x1"] for i in range(len(row) - 1)]
    return gaps, (median(gaps) if gaps else 0.0)


def column_starts(rows: list[list[Word]]) -> set[tuple[int, int]]:
    """Return (row, word index) of the words that start a second column of prose.

    Two columns set close together ("...granting the li-  Date of certification:") leave
    no gap a single line would show; the column's straight left edge shows it. An edge is a
    left end (within 1.5 pt) shared by words on three rows at least that each follow a gap
    twice as wide as their row's usual gap (justified prose keeps its gaps even); a word on
    such an edge, among those rows, after a gap wider than its row's usual gap starts a
    column too.
    """
    found: list[tuple[int, int, float]] = []
    for r, row in enumerate(rows):
        gaps, usual = _gaps(row)
        if len(gaps) < 3:
            continue
        height = median(w["bottom"] - w["top"] for w in row)
        least = max(2.0 * usual, 0.4 * height)
        found += [(r, i + 1, row[i + 1]["x0"]) for i, gap in enumerate(gaps) if gap >= least]
    # an edge: its left end and the first and last rows that show it
    edges: list[tuple[float, int, int]] = []
    for _, _, x0 in found:
        rows_there = sorted({other for other, _, x in found if abs(x - x0) <= 1.5})
        if len(rows_there) >= 3:
            edges.append((x0, rows_there[0], rows_there[-1]))
    starts: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):
        gaps, usual = _gaps(row)
        for i, gap in enumerate(gaps):
            x0 = row[i + 1]["x0"]
            if gap > usual + 1.0 and any(
                abs(x0 - edge) <= 1.5 and first - 2 <= r <= last + 2
                for edge, first, last in edges
            ):
                starts.add((r, i + 1))
    return starts


_CJK_CHARS = regexes.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3\uf900-\ufaff()（）]+")
# Tesseract reads Chinese, Japanese and Korean one character (syllable) to a word. Characters
# of one word stand closer together than words do: in a Korean certificate's reading the gaps
# inside a name were 0.1-0.42 of the characters' height, the gaps between words 0.5-0.9.
CJK_JOIN_GAP = 0.45


def _cjk_run(previous: Word, word: Word, height: float) -> bool:
    """Return True when two OCR words are characters of one CJK word (joined without space)."""
    if "conf" not in word:
        return False  # a text layer's words are whole runs already
    if not all(_CJK_CHARS.fullmatch(str(w["text"])) for w in (previous, word)):
        return False
    return word["x0"] - previous["x1"] < CJK_JOIN_GAP * height


def _split_edges(rows: list[list[Word]]) -> list[float]:
    """Return the left ends shared by three rows or more of words that follow a visible gap
    (wider than 0.9 of the row's height): where a column starts. A row set with wide gaps
    is cut there even though its gap there is no wider than its others."""
    starts: list[float] = []
    for row in rows:
        height = median(w["bottom"] - w["top"] for w in row)
        starts += [row[i + 1]["x0"] for i in range(len(row) - 1)
                   if row[i + 1]["x0"] - row[i]["x1"] > 0.9 * height]
    starts.sort()
    return [x for x in starts
            if bisect_right(starts, x + 1.5) - bisect_left(starts, x - 1.5) >= 3]


def _wide_gaps(row: list[Word], height: float) -> float:
    """Return the gap that sets columns apart in a row of prose set with wide gaps (justified,
    letter-spaced): when most gaps of a long row are wider than a space would read and none is
    a plain space, words are apart by their usual gap and columns by twice it. 0.0 for other
    rows."""
    if "conf" in row[0]:
        return 0.0  # OCR's gaps are its own guesses: only a text layer's are measured
    gaps, usual = _gaps(row)
    if (len(gaps) < 5 or min(gaps) <= 0.5 * height  # a plain space somewhere: not set wide
            or sum(gap > 0.9 * height for gap in gaps) < 0.6 * len(gaps)):
        return 0.0
    return 1.8 * usual


def words_to_layout(words: list[Word], unit: float | None = None) -> str:
    """Return layout text: one line per printed line, 3+ spaces at visible gaps."""
    words = [w for w in words if str(w.get("text", "")).strip()]
    if not words:
        return ""
    if unit is None:
        widths = [(w["x1"] - w["x0"]) / len(w["text"]) for w in words if len(w["text"]) >= 2]
        unit = max(1.0, median(widths)) if widths else 5.0
    rows = _rows_from_ocr(words) if "line" in words[0] else rows_from_positions(words)
    for row in rows:
        row.sort(key=lambda w: w["x0"])
    columns = column_starts(rows)
    edges = _split_edges(rows)
    out: list[str] = []
    previous_bottom = None
    previous_height = None
    for r, row in enumerate(rows):
        top = min(w["top"] for w in row)
        height = median(w["bottom"] - w["top"] for w in row)
        if previous_bottom is not None and top - previous_bottom > 0.8 * max(
            height, previous_height
        ):
            out.append("")
        line = ""
        last_x1 = None
        spacing = 0.0
        wide = _wide_gaps(row, height)
        for i, word in enumerate(row):
            column = int(round(word["x0"] / unit))
            h = word["bottom"] - word["top"]
            # Letter-spaced words ("C E R T I F I C A T E") stand further apart than others.
            spacing = max(spacing, float(word.get("spacing", 0.0)))
            if last_x1 is None:
                line = " " * column
            elif (word["x0"] - last_x1 > max(0.9 * h + 2 * spacing, wide) or (r, i) in columns
                  or (wide and any(abs(word["x0"] - x) <= 1.5 for x in edges))):
                line += " " * max(3, column - len(line))
            elif _cjk_run(row[i - 1], word, max(h, height)):
                pass  # one word's characters, each a word of Tesseract's own
            else:
                line += " "
            line += word["text"]
            last_x1 = word["x1"]
            spacing = float(word.get("spacing", 0.0))
        out.append(line.rstrip())
        previous_bottom = max(w["bottom"] for w in row)
        previous_height = height
    return "\n".join(out)


