"""Captions printed under their values: put each caption back above its value (pure).

Most certificates print a label above or beside its value. Some print every value first and a
small caption under it ("Solvika Solutions Limited" over "Certified organisation", a row of
"AIMS 225 5999   20 November 2024" over "Certificate number   Certification cycle start").
Read as usual, each caption would take the next caption's value. Which way a page prints is
decided by the captions whose value has a type (a date, a certificate number): when more of
them find their kind of value above than below, every caption line on the page is moved above
the block of lines it captions.
"""

from __future__ import annotations

from portal.certificates.dates import find_dates
from portal.certificates.fields import parse_certificate_number
from portal.certificates.layout import Cell, Line, find_labels

_LONGEST_CAPTION = 48  # longer cells are sentences, not captions
_TYPED = ("initial_certification_date", "issue_date", "expiry_date", "certificate_number")


def _caption_field(cell: Cell) -> str | None:
    """Return the field of a cell that is a label and nothing else, else None."""
    whole = len(cell.folded.rstrip(" :"))
    if whole > _LONGEST_CAPTION:
        return None
    for hit in find_labels(cell):
        if hit.accepted and hit.at_start and hit.end >= whole:
            return hit.field
    return None


def _caption_line(line: Line) -> bool:
    """Return True for a line of captions: a label and nothing else in one of its cells, and
    no value (no digit) in any ("Standard(s) certified against" is a caption the reader has
    no label for)."""
    return (
        any(_caption_field(c) for c in line.cells)
        and not any(ch.isdigit() for ch in line.text)
    )


def _typed_value(field: str, line: Line | None, cell: Cell) -> bool:
    """Return True when the line holds, in the caption's column, a value of its field's type."""
    if line is None:
        return False
    for other in line.cells:
        if other.end < cell.start - 2 or other.start > cell.end + 2:
            continue
        if field == "certificate_number":
            # the cell is the number, not a line that starts with one ("500 Pearl Street")
            number = parse_certificate_number(other.text)
            return number is not None and len(number) >= 0.6 * len(other.text.strip())
        found = find_dates(other.text)
        return bool(found) and found[0].start == 0
    return False


def _near(lines: list[Line], captions: set[int], index: int, step: int) -> Line | None:
    """Return the nearest line with text above (step -1) or below (step 1), one blank apart at
    most, on the same page; None when there is none or it is itself a caption line."""
    at = index + step
    if 0 <= at < len(lines) and lines[at].blank:
        at += step
    if not 0 <= at < len(lines) or lines[at].page != lines[index].page:
        return None
    return None if lines[at].blank or at in captions else lines[at]


def _captions_below(lines: list[Line], captions: set[int]) -> bool:
    above = below = 0
    for i in sorted(captions):
        for cell in lines[i].cells:
            field = _caption_field(cell)
            if field not in _TYPED:
                continue
            up = _typed_value(field, _near(lines, captions, i, -1), cell)
            down = _typed_value(field, _near(lines, captions, i, 1), cell)
            above += up and not down
            below += down and not up
    return above > below


def captions_above(lines: list[Line]) -> list[Line]:
    """Return the lines with captions printed under their values moved above them."""
    captions = {i for i, line in enumerate(lines) if _caption_line(line)}
    if not captions or not _captions_below(lines, captions):
        return lines
    order = list(range(len(lines)))
    for i in sorted(captions):
        at = order.index(i)
        end = at - 1
        if end >= 0 and lines[order[end]].blank:
            end -= 1
        start = end
        while (
            start - 1 >= 0
            and not lines[order[start - 1]].blank
            and order[start - 1] not in captions
            and lines[order[start - 1]].page == lines[i].page
        ):
            start -= 1
        if end < 0 or start > end or lines[order[end]].page != lines[i].page:
            continue
        block = order[start : end + 1]
        if block[0] in captions:
            continue
        order[start : at + 1] = [i, *block, *order[end + 1 : at]]
    return [Line(lines[k].page, n, lines[k].cells) for n, k in enumerate(order)]
