"""Collect the certified sites: the main address and those listed in site annexes (pure)."""

from __future__ import annotations

import re

from portal.certificates.dates import fold
from portal.certificates.fields import Candidate, address_part, looks_like_address
from portal.certificates.layout import Cell, Line
from portal.certificates.results import ExtractedField

_ANNEX = re.compile(
    r"^(?:annex|appendix|schedule|anlage|anhang|ek\b|ekler|addendum|attachment|supplement)|"
    r"list\s+of\s+(?:certified\s+)?(?:sites|locations)|(?:certified|additional|covered|"
    r"multiple)\s+(?:sites|locations)|^(?:sites?|locations?|standorte|lokasyonlar?|adresler)\b|"
    r"site\s+(?:list|schedule|appendix)|zertifizierte\s+standorte"
)
_SITE_PREFIX = re.compile(
    r"^[\s•*·\-–]*(?:(?:site|location|standort|lokasyon|saha|adres)\s*(?:no\.?\s*)?\d*\s*[:.)\-–]\s*"
    r"|\d{1,2}\s*[.)]\s+)",
    re.IGNORECASE,
)


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text))


def _site_text(cell: Cell) -> str:
    return _SITE_PREFIX.sub("", cell.text, count=1).strip()


def _wrapped(lines: list[Line], index: int, cell: Cell) -> list[tuple[int, Cell]]:
    """Return the lines that continue an address cell of a table or list."""
    out: list[tuple[int, Cell]] = []
    for j in range(index + 1, min(len(lines), index + 4)):
        line = lines[j]
        if line.blank or line.page != lines[index].page:
            break
        match = next((c for c in line.cells if abs(c.start - cell.start) <= 3), None)
        if match is None or any(c.end < match.start - 1 for c in line.cells):
            break
        if _SITE_PREFIX.match(match.text) or not looks_like_address(match.text):
            break
        out.append((j, match))
    return out


def find_sites(
    lines: list[Line],
    candidates: list[Candidate],
    address: ExtractedField | None,
    certification_body: ExtractedField | None,
) -> list[ExtractedField]:
    """Return every certified site's address, the main address first."""
    sites: list[ExtractedField] = [address] if address and address.value else []
    seen = {_key(address.value)} if address and address.value else set()
    avoid = _key(certification_body.value) if certification_body else None
    start = next(
        (
            i
            for i, line in enumerate(lines)
            if line.cells
            and line.page >= 1
            and _ANNEX.search(line.cells[0].folded.strip())
            and (line.page > 1 or _is_list(lines, i))
        ),
        None,
    )
    if start is None:
        return sites
    used: set[tuple[int, int]] = set()
    for i in range(start, len(lines)):
        for cell in lines[i].cells:
            if (i, cell.start) in used:
                continue
            text = _site_text(cell)
            if not looks_like_address(text) or (avoid and avoid in _key(text)):
                continue
            more = _wrapped(lines, i, cell)
            used.update((j, c.start) for j, c in more)
            full = ", ".join(p.strip(" ,") for p in [text] + [c.text for _, c in more])
            value = address_part(full)
            key = _key(value)
            if key in seen or any(key in other or other in key for other in seen if len(other) > 8):
                continue
            seen.add(key)
            sites.append(ExtractedField(value, lines[i].page, full, 0.8))
    return sites


def _is_list(lines: list[Line], index: int) -> bool:
    """Return True when a first-page heading is followed by address lines (a site list)."""
    following = [c for line in lines[index + 1 : index + 4] for c in line.cells]
    return sum(1 for c in following if looks_like_address(_site_text(c))) >= 1
