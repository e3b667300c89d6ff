"""Find the certified organisation's name and address (pure)."""

from __future__ import annotations

import re

from portal.certificates.classify import MANAGEMENT_SYSTEM, is_heading
from portal.certificates.dates import find_dates, fold
from portal.certificates.fields import (
    Candidate,
    continuation,
    looks_like_address,
    split_name_address,
    value_cell,
)
from portal.certificates.layout import Cell, Line, is_label_cell
from portal.certificates.names import is_registry_id, is_role, looks_like_person
from portal.certificates.results import ExtractedField
from portal.certificates.standards import find_standards
from portal.certificates.vocabulary import AFTER_ORG, ORG_FILLER, ORG_TRIGGERS
from portal.certificates.vocabulary_places import (
    CJK_LEGAL_FORMS,
    COUNTRY,
    LEGAL_FORM_ANY,
    LEGAL_FORM_END,
)

_NOT_A_NAME = re.compile(
    r"^(?:certificate|zertifikat|sertifika|certificat|certificado|this\s|the\s+management|"
    r"management\s+system|information\s+security|page\s+\d)"
)
# "Certification body address:", "Local office:": the issuer's address, not the client's.
_BODY_ADDRESS = re.compile(r"certif|body|issu|local\s+office|registrar|auditor|contact")
# Prose around the name, never part of it: "has been assessed", "the above organisation".
_PROSE = re.compile(
    r"\b(?:has|have|been|was|were|is|are|hereby|herein|whose|which|hat|wurde|ist)\b|"
    r"\b(?:above|aforementioned|abovementioned|said|following)\b|\bmentioned\b|\bby\s+\w+$"
)


def _valid_name(name: str) -> bool:
    folded = fold(name)
    return (
        2 <= len(name) <= 160
        and any(ch.isalpha() for ch in name)
        and not find_dates(name)
        and not find_standards(name)
        and not _NOT_A_NAME.match(folded)
        and not AFTER_ORG.search(folded)
        and not ORG_TRIGGERS.search(folded)
        and not _PROSE.search(folded)
        and not (
            any(ch.isdigit() for ch in name)
            and looks_like_address(name)
            and not LEGAL_FORM_ANY.search(name)
        )
        and not looks_like_person(name)
        and not is_role(name)
        and not is_registry_id(name)
    )


_LINKING = re.compile(r"(?:located\s+)?(?:at|in|of)|situated\s+at|with\s+(?:its\s+)?address")
# "Main Site:", "Address:" printed before the organisation's address lines.
_ADDRESS_LABEL = re.compile(
    r"^(?:(?:main|head\s+office|registered)\s+)?(?:site|address|location)\s*:\s*", re.IGNORECASE
)


def _address_from(
    lines: list[Line], index: int, cell: Cell, inline: str, *, skip_blank: bool
) -> tuple[str, list[str], int]:
    """Return (address, extra name part, last line) from the lines under a name."""
    parts = [inline] if inline else []
    extra: list[str] = []
    more = continuation(lines, index, cell, limit=6, skip_blank=skip_blank, loose_first=True)
    last = index
    for n, (j, other) in enumerate(more):
        text = other.text
        if is_registry_id(text):
            continue
        cut = AFTER_ORG.search(other.folded)
        if cut:
            text = text[: cut.start()].strip(" ,")
        if n == 0 and not parts and _LINKING.fullmatch(other.folded.strip()):
            continue  # "at" / "located at" between the name and its address
        if n == 0 and not parts and not looks_like_address(text) and LEGAL_FORM_END.search(text):
            extra.append(text)
        elif looks_like_address(text) or (
            text and not cut and _address_ahead(more, n, parts)
        ):
            parts.append(text)
            last = j
        elif parts or text:
            break
        if cut:
            break
    address = ", ".join(
        _ADDRESS_LABEL.sub("", p.strip(" ,")) for p in parts if p.strip(" ,")
    )
    return address, extra, last


def _address_ahead(more: list[tuple[int, Cell]], n: int, parts: list[str]) -> bool:
    """Return True when a line that is no address by itself is part of one: an address
    printed one piece per line ("Yeosu-si" / "Jeollanam-do" / "59611" / "Republic of Korea")
    continues until a line that looks like an address, a country or a postcode, within the
    next short lines."""
    for _, other in more[n : n + 7]:
        text = other.text
        if len(text) > 60 or AFTER_ORG.search(other.folded) or is_label_cell(other):
            return False
        bare = fold(text).strip(" ,.")
        if looks_like_address(text) or COUNTRY.fullmatch(bare) or re.fullmatch(r"\d{4,6}", bare):
            return True
    return False


def _field(value: str, line: Line, source: str, confidence: float) -> ExtractedField:
    return ExtractedField(value, line.page, source, confidence)


def _from_labels(lines: list[Line], candidates: list[Candidate]):
    labelled = sorted(
        (c for c in candidates if c.field == "organization"),
        key=lambda c: (-c.confidence, c.line),
    )
    for c in labelled:
        name, inline_address = split_name_address(c.text)
        if not _valid_name(name):
            continue
        address, extra, _ = _address_from(
            lines, c.line, value_cell(c), inline_address, skip_blank=True
        )
        if extra and not LEGAL_FORM_END.search(name):
            name = f"{name} {extra[0]}"
        line = lines[c.line]
        org = _field(name, line, c.source, c.confidence)
        return org, (_field(address, line, address, c.confidence - 0.1) if address else None)
    return None


def _from_prose(lines: list[Line]):
    for i, line in enumerate(lines):
        for cell in line.cells:
            trigger = ORG_TRIGGERS.search(cell.folded)
            if not trigger:
                continue
            rest_start = trigger.end()
            while True:
                rest_start += ORG_FILLER.match(cell.folded[rest_start:]).end()
                rest_start += len(cell.folded[rest_start:]) - len(
                    cell.folded[rest_start:].lstrip(" /|:-")
                )
                again = ORG_TRIGGERS.match(cell.folded, rest_start)
                if not again or again.end() == rest_start:
                    break
                rest_start = again.end()
            rest = cell.text[rest_start:].strip(" :,")
            index, name_cell = i, cell
            if rest:
                name_cell = Cell(rest, fold(rest), cell.start + rest_start, cell.end)
            else:
                found = _next_name_cell(lines, i, cell)
                if found is None:
                    continue
                index, name_cell = found
                rest = name_cell.text
            index, name_cell, rest = _latin_twin(lines[index], index, name_cell, rest)
            name, inline_address = split_name_address(rest)
            if not _valid_name(name):
                continue
            name, index_after = _continued_name(lines, index, name_cell, name)
            address, extra, _ = _address_from(
                lines, index_after, name_cell, inline_address, skip_blank=True
            )
            if extra and not LEGAL_FORM_END.search(name):
                name = f"{name} {extra[0]}"
            source = f"{cell.text} {name_cell.text}" if name_cell is not cell else cell.text
            org = _field(name, lines[index], source, 0.85)
            return org, (_field(address, lines[index], address, 0.75) if address else None)
    return None


_OPEN_END = re.compile(r"(?:\band|\bof|\bfor|\bthe|&|,|-)\s*$", re.IGNORECASE)


def _continued_name(lines: list[Line], index: int, cell: Cell, name: str) -> tuple[str, int]:
    """Return a name that runs over several lines ("Research Organization of Information and"
    / "Systems, National Institute of Genetics,"), and the index of its last line.

    A line continues the name while the name so far ends with "and", "of", "&", a comma...,
    or the next line starts with "and"/"&"; an address line ends it.
    """
    last = index
    for j in range(index + 1, min(len(lines), index + 6)):
        line = lines[j]
        if line.blank or line.page != lines[index].page:
            break
        below = next((c for c in line.cells if abs(c.start - cell.start) <= 3), None)
        if below is None or looks_like_address(below.text) or is_label_cell(below):
            break
        opens = bool(re.match(r"(?:and|&)\s", below.folded))
        if not (_OPEN_END.search(name) or opens) or AFTER_ORG.search(below.folded):
            break
        name = f"{name.rstrip()} {below.text.strip()}"
        last = j
    return name.strip(" ,"), last


def _latin_twin(line: Line, index: int, cell: Cell, text: str) -> tuple[int, Cell, str]:
    """Return the Latin-script twin of a name printed in two scripts side by side (Japanese
    and English): English names are what registers and vendor records hold."""
    if not text or any(ch.isascii() and ch.isalpha() for ch in text[:8]):
        return index, cell, text
    twin = next(
        (c for c in line.cells if c.start > cell.start and sum(ch.isascii() for ch in c.text)
         > 0.8 * len(c.text) and any(ch.isalpha() for ch in c.text)),
        None,
    )
    return (index, twin, twin.text) if twin is not None else (index, cell, text)


def _next_name_cell(lines: list[Line], index: int, cell: Cell) -> tuple[int, Cell] | None:
    """Return the cell holding the name that a trigger cell introduces.

    The name is the next cell on the trigger's own line ("This is to certify that:   Name"),
    else the first line below that overlaps the trigger's column, or a line below that holds
    a single cell (a name centred in large type). A line repeating the trigger in another
    language is skipped.
    """
    here = lines[index]
    after = [c for c in here.cells if c.start > cell.start]
    if after and not is_label_cell(after[0]) and not ORG_TRIGGERS.search(after[0].folded):
        return index, after[0]
    seen = 0
    for j in range(index + 1, min(len(lines), index + 6)):
        line = lines[j]
        if line.page != here.page:
            return None
        if line.blank:
            continue
        seen += 1
        if seen > 3:
            return None
        overlapping = [o for o in line.cells if min(cell.end, o.end) - max(cell.start, o.start) > 0]
        lone = line.cells[0]
        if (
            not overlapping
            and len(line.cells) == 1
            and seen <= 2
            and lone.start >= cell.start - 5
            and not is_label_cell(lone)
        ):
            overlapping = [lone]  # a name centred in large type beside the sentence's column
        if not overlapping:
            continue
        best = max(overlapping, key=lambda o: min(cell.end, o.end) - max(cell.start, o.start))
        if is_label_cell(best):
            return None
        if not any(ch.isalpha() for ch in best.text) or find_dates(best.text):
            continue  # a number or date of another column ("Certificate Number: 0161092")
        if ORG_FILLER.fullmatch(best.folded) or ORG_TRIGGERS.search(best.folded):
            continue
        filler = ORG_FILLER.match(best.folded).end()
        if filler:
            best = Cell(best.text[filler:], best.folded[filler:], best.start + filler, best.end)
        return j, best
    return None


def _from_layout(lines: list[Line]):
    """Fall back to the block of lines above "has implemented ..." style prose."""
    for i, line in enumerate(lines):
        if line.blank or not AFTER_ORG.match(line.cells[0].folded):
            continue
        block: list[Line] = []
        start = i - 1
        if start >= 0 and lines[start].blank:
            start -= 1  # a paragraph gap between the name block and the sentence
        for j in range(start, max(-1, start - 6), -1):
            above = lines[j]
            if above.blank or above.page != line.page or is_label_cell(above.cells[0]):
                break
            if is_heading(above.cells[0].folded):
                break
            block.insert(0, above)
        if not block:
            continue
        name = block[0].cells[0].text
        if not _valid_name(name):
            continue
        address = ", ".join(b.text.strip(" ,") for b in block[1:] if looks_like_address(b.text))
        org = _field(name, block[0], block[0].text, 0.6)
        return org, (_field(address, block[0], address, 0.55) if address else None)
    return None


def _stops_name_block(line: Line) -> bool:
    """Return True for a line that cannot be part of a name printed above an address."""
    cell = line.cells[0]
    return (
        is_label_cell(cell)
        or is_heading(cell.folded)
        or bool(find_standards(line.text))
        or bool(ORG_TRIGGERS.search(cell.folded))
        or bool(AFTER_ORG.search(cell.folded))
    )


def _from_address_block(lines: list[Line]):
    """Fall back to the name printed directly above the first address on a page.

    Certificates that print no "certify that" sentence still set the organisation's name
    (in capitals or large type, sometimes over two or three lines) right above its address.
    """
    for i, line in enumerate(lines[:60]):
        if line.blank or len(line.cells) > 2 or not looks_like_address(line.cells[0].text):
            continue
        block: list[Line] = []
        for j in range(i - 1, max(-1, i - 5), -1):
            above = lines[j]
            if above.blank and j == i - 1:
                continue  # an OCR reading often leaves an empty line between name and address
            if above.blank or above.page != line.page or _stops_name_block(above):
                break
            if len(above.cells) > 1 or looks_like_address(above.cells[0].text):
                break
            block.insert(0, above)
        if not block:
            continue
        name = " ".join(b.cells[0].text.strip() for b in block)
        if len(block) > 1 and not LEGAL_FORM_END.search(name) and not name.isupper():
            name = block[-1].cells[0].text.strip()  # only a name in capitals runs over lines
        if not _valid_name(name):
            continue
        address = ", ".join(
            b.text.strip(" ,")
            for b in lines[i : i + 3]
            if b.page == line.page and not b.blank and looks_like_address(b.text)
        )
        source = "\n".join(b.text for b in block)
        org = _field(name, block[0], source, 0.55)
        return org, (_field(address, line, address, 0.5) if address else None)
    return None


# A legal entity that issues or backs certificates rather than holding one.
_ISSUER_WORDS = re.compile(
    r"certif|zertifi|sertifika|belgelendirme|assurance|registrar|inspect|accredit|akkredit|"
    r"akredit|testing|audit|quality\s+services|сертифик|認証|认证|인증"
)
# Words before a name that make it the issuer's: "Issued by", "on behalf of", "signed for".
_ISSUER_BEFORE = re.compile(
    r"(?:issued|signed|approved|audited|assessed)\s+by|behalf\s+of|\bfor\s*:?$"
)


# Japanese and Korean names may put their legal form first ("株式会社ノースウィンド").
_CJK_FORM_FIRST = re.compile(r"(?:株式会社|有限会社|合同会社|주식회사|\(주\)|㈜)\s*\S")


def _from_legal_form(lines: list[Line]):
    """Fall back to the first name with a legal form among the upper lines of the first page.

    Certificates without a "certify that" sentence, an address or a label (a name in large
    type under the title, in any script: "株式会社ノースウィンド", "VENTO KUZEY A.Ş.") still print
    the holder's legal name before anything else with a legal form; the issuer's name (with
    certification, assurance or inspection words, or after "issued by") is never taken.
    """
    if not lines:
        return None
    page = lines[0].page
    upper = [line for line in lines if line.page == page][:40]
    for line in upper:
        for n, cell in enumerate(line.cells):
            name = cell.text.strip(" ,;")
            if not (LEGAL_FORM_END.search(name) or _CJK_FORM_FIRST.match(name)) or len(name) > 90:
                continue
            before = " ".join(c.folded for c in line.cells[:n]) + " " + cell.folded
            if _ISSUER_WORDS.search(cell.folded) or _ISSUER_BEFORE.search(before.strip()):
                continue
            if is_heading(cell.folded) or not _valid_name(name) or is_label_cell(cell):
                continue
            if len(name.split()) < 2 and not re.search(CJK_LEGAL_FORMS, name) and not (
                _CJK_FORM_FIRST.match(name) and len(name) > 4
            ):
                continue  # a legal form alone ("Ltd") or a one-word line
            return _field(name, line, cell.text, 0.45), None
    return None


def _prose_not_name(name: str) -> bool:
    """Return True when a name taken from prose is a sentence, not a name."""
    folded = fold(name)
    return bool(ORG_TRIGGERS.search(folded) or MANAGEMENT_SYSTEM.match(folded)) or bool(
        re.search(r"\b(?:above|aforementioned|abovementioned)\b|\bmentioned\b", folded)
    )


def find_organisation(
    lines: list[Line], candidates: list[Candidate]
) -> tuple[ExtractedField | None, ExtractedField | None]:
    """Return the certified organisation's name and address as printed."""
    found = _from_labels(lines, candidates)
    if found is None:
        # a name read from prose that is itself prose ("... certify that the above mentioned
        # company") is no name: the layout and address rules may still find the real one
        found = _from_prose(lines)
        if found is not None and _prose_not_name(found[0].value):
            found = _from_layout(lines) or _from_address_block(lines) or _from_legal_form(lines)
        elif found is None:
            found = _from_layout(lines) or _from_address_block(lines) or _from_legal_form(lines)
    if found is None:
        return None, None
    org, address = found
    explicit = [
        c
        for c in candidates
        if c.field == "address"
        and looks_like_address(c.text)
        and c.page == org.page
        and (address is None or c.confidence >= 0.95)
        and not _BODY_ADDRESS.search(fold(c.source[: max(0, c.source.find(c.text))]))
    ]
    if explicit:
        c = max(explicit, key=lambda c: c.confidence)
        left = c.cell.start if c.inline else None  # a wrapped line may return to the label
        more = continuation(lines, c.line, value_cell(c), limit=4, left=left)
        text = ", ".join(
            p.strip(" ,")
            for p in [c.text] + [cell.text for _, cell in more]
            if looks_like_address(p) or p is c.text
        )
        address = ExtractedField(text, c.page, c.source, c.confidence)
    return org, address
