"""Leave out what OCR reads in a certificate's decorative border (pure).

Many certificates are framed by an ornament (a guilloche band, a row of flourishes, a
repeated pattern). OCR reads the frame as short scraps at the start or the end of almost
every line ("Gin (iy", "a (Gan", "cy)"), beside the real text. A scrap in front of a name or
an address hides it from the rules that look at a line's first cell, and a line holding only
scraps breaks a name block. The frame shows by its geometry: many lines of one page begin
(or end) with a short cell in the same narrow band at the page's edge, well apart from the
text beside it.
"""

from __future__ import annotations

from dataclasses import replace

from portal.certificates.fields import Candidate
from portal.certificates.layout import Cell, Line, is_label_cell

# A scrap: at most this many characters.
_SCRAP = 8
# The frame is a band this wide (in columns) at the edge of the page's text.
_BAND = 22
# How many lines must begin (or end) with a scrap in the band before it counts as a frame.
_LINES = 6


def _scrap(cell: Cell) -> bool:
    text = cell.text.strip()
    return len(text) <= _SCRAP and not text.endswith(":") and not is_label_cell(cell)


def _left_band(page: list[Line]) -> int | None:
    """Return the right edge of a frame along the left edge of a page, or None."""
    left = min(line.cells[0].start for line in page)
    edges = [
        line.cells[0].end
        for line in page
        if _scrap(line.cells[0])
        and line.cells[0].end <= left + _BAND
        and (len(line.cells) == 1 or line.cells[1].start - line.cells[0].end >= 3)
    ]
    if len(edges) < _LINES:
        return None
    edge = max(edges)
    # a page whose text itself starts in the band (a certificate set flush left, its short
    # lines "Kranoula", "Greece" under the name) has no frame there
    inside = sum(1 for line in page if not _scrap(line.cells[0]) and line.cells[0].start < edge)
    return None if inside >= len(edges) else edge


def _right_band(page: list[Line]) -> int | None:
    """Return the left edge of a frame along the right edge of a page, or None."""
    right = max(line.cells[-1].end for line in page)
    starts = [
        line.cells[-1].start
        for line in page
        if len(line.cells) > 1
        and _scrap(line.cells[-1])
        and line.cells[-1].start >= right - _BAND
    ]
    return min(starts) if len(starts) >= _LINES else None


def without_border(
    lines: list[Line], candidates: list[Candidate]
) -> tuple[list[Line], list[Candidate]]:
    """Return the lines without the scraps of a frame read along a page's edges, and the
    candidates renumbered to match.

    A line that held only scraps is left out, so that the gap it leaves between a name
    and its address is not taken for a paragraph break.
    """
    bands: dict[int, tuple[int | None, int | None]] = {}
    for page_number in sorted({line.page for line in lines}):
        page = [line for line in lines if line.page == page_number and not line.blank]
        if len(page) >= _LINES:
            bands[page_number] = (_left_band(page), _right_band(page))
    if not any(left is not None or right is not None for left, right in bands.values()):
        return lines, candidates
    out: list[Line] = []
    renumbered: dict[int, int] = {}
    for n, line in enumerate(lines):
        left, right = bands.get(line.page, (None, None))
        kept = tuple(
            c
            for c in line.cells
            if is_label_cell(c)
            or not ((left is not None and c.end <= left + 1)
                    or (right is not None and c.start >= right - 1))
        )
        if line.cells and not kept:
            continue
        renumbered[n] = len(out)
        out.append(replace(line, cells=kept) if len(kept) != len(line.cells) else line)
    kept_candidates = [
        replace(c, line=renumbered[c.line]) for c in candidates if c.line in renumbered
    ]
    return out, kept_candidates
