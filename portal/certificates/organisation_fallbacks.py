"""Fallback rules for the certified organisation's name when no label or "certify that"
sentence gives it: the block above "has implemented ...", the name above the first address,
the first name with a legal form (pure)."""

from __future__ import annotations

import re

from portal.certificates import regexes
from portal.certificates.classify import is_heading
from portal.certificates.fields import looks_like_address
from portal.certificates.layout import Line, is_label_cell, open_ended
from portal.certificates.organisation_names import valid_name
from portal.certificates.results import ExtractedField
from portal.certificates.standards import find_standards
from portal.certificates.vocabulary import AFTER_ORG, ISSUED_TO, ORG_TRIGGERS
from portal.certificates.vocabulary_places import CJK_LEGAL_FORMS, LEGAL_FORM_END

# A sentence's verb: "has been accredited", "is recognised", "was granted".
_SENTENCE = regexes.compile(r"\b(?:has|have|had|was|were|is|are)\s+(?:been\s+)?[a-z]+(?:ed|en)\b")
# A short label and its value on one line ("Certification structure: SINGLE SITE").
_LABELLED = regexes.compile(r"^[^\W\d_][^:]{2,40}:\s+\S")
# The name of the system certified, printed as a title above the holder ("情報セキュリティ
# マネジメントシステム", "Quality Management System"): never a line of the holder's name.
_SYSTEM_NAME = regexes.compile(
    r"(?:management\s*-?\s*systems?|マネジメントシステム|管理体系|管理體系|경영\s*시스템)\s*$",
    re.IGNORECASE,
)


def from_layout(lines: list[Line]):
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
            if block and _beside(above, block):
                continue  # a logo's or stamp's words beside the name block ("EM CERTIFICg")
            if is_heading(above.cells[0].folded) or AFTER_ORG.match(above.cells[0].folded):
                break  # a heading, or the same sentence in another language above it
            block.insert(0, above)
        if not block:
            continue
        # the name is the line right above the first address line: lines above it are a
        # title, a logo or what OCR read in a seal ("~O S" / "ey" / name / address)
        first = next(
            (k for k, b in enumerate(block) if k and looks_like_address(b.text)), 1
        )
        named = block[first - 1]
        name = named.cells[0].text
        if first >= 2 and open_ended(block[first - 2].cells[0].text):
            # "Tecno Flex Industria e" / "Comercio Ltda": a name over two lines
            named = block[first - 2]
            name = f"{named.cells[0].text.strip()} {name.strip()}"
        if not valid_name(name) or _LABELLED.match(name) or name.rstrip().endswith(":"):
            # "Estructura de certificación: SINGLE SITE" is a label and its value, "IAF KODU
            # / IAF CODE:" (its value in the next cell) a label
            continue
        address = ", ".join(
            b.text.strip(" ,") for b in block[first:] if looks_like_address(b.text)
        )
        org = ExtractedField(name, named.page, named.text, 0.6)
        return org, (ExtractedField(address, block[0].page, address, 0.55) if address else None)
    return None


def _beside(line: Line, block: list[Line]) -> bool:
    """Return True when no cell of the line overlaps the column of the block's first cells."""
    left = min(b.cells[0].start for b in block)
    right = max(b.cells[0].end for b in block)
    return not any(min(c.end, right) > max(c.start, left) for c in line.cells)


def _capitals(name: str) -> bool:
    """Return True for a name set in capitals, allowing the odd small letter OCR reads in it
    (a Turkish capital İ read as "i": "TAAH. IML.SAN. TiC. LTD.")."""
    letters = [ch for ch in name if ch.isalpha()]
    return bool(letters) and sum(ch.islower() for ch in letters) <= max(1, len(letters) // 20)


def _overlaps_column(cell, block: list[Line]) -> bool:
    """Return True when a cell overlaps the columns the block's lines are printed in."""
    left = min(b.cells[0].start for b in block)
    right = max(c.end for b in block for c in b.cells)
    return min(cell.end, right) > max(cell.start, left)


def _stops_name_block(line: Line) -> bool:
    """Return True for a line that cannot be part of a name printed above an address."""
    cell = line.cells[0]
    return (
        is_label_cell(cell)
        or is_heading(cell.folded)
        or bool(find_standards(line.text))
        or bool(ORG_TRIGGERS.search(cell.folded))
        or bool(ISSUED_TO.search(cell.folded))
        or bool(AFTER_ORG.search(cell.folded))
        or bool(_SYSTEM_NAME.search(cell.text))
    )


def _printed(line: Line) -> list:
    """Return a line's cells without the specks OCR reads in logos and stamps beside a name
    ("Wy", "kyr"): cells of three characters or fewer after the first."""
    return [c for n, c in enumerate(line.cells) if n == 0 or len(c.text.strip()) > 3]


def from_address_block(lines: list[Line]):
    """Fall back to the name printed directly above the first address on a page.

    Certificates that print no "certify that" sentence still set the organisation's name
    (in capitals or large type, sometimes over two or three lines) right above its address.
    """
    for i, line in enumerate(lines[:60]):
        if line.blank or len(line.cells) > 2 or not looks_like_address(line.cells[0].text):
            continue
        if AFTER_ORG.search(line.cells[0].folded) or _SENTENCE.search(line.cells[0].folded):
            continue  # "KAS has been accredited by Korea Accreditation Board": a sentence
        block: list[Line] = []
        for j in range(i - 1, max(-1, i - 5), -1):
            above = lines[j]
            if above.blank and j == i - 1:
                continue  # an OCR reading often leaves an empty line between name and address
            if above.blank or above.page != line.page:
                break
            if _beside(above, [line, *block]) and (len(above.text.strip()) <= 8 or block):
                # a speck beside the block, or (between the lines of a name) the words of a
                # logo or stamp wholly beside the name's column, not over the address
                continue
            if _stops_name_block(above):
                break
            # cells wholly beside the name's column are a logo's or stamp's words ("cert")
            printed = [c for c in _printed(above) if c is above.cells[0]
                       or _overlaps_column(c, [line, *block])]
            if len(printed) > 1 or looks_like_address(above.cells[0].text):
                break
            block.insert(0, above)
        if not block:
            continue
        formed = next(
            (k for k, b in enumerate(block[:-1]) if LEGAL_FORM_END.search(b.cells[0].text)), None
        )
        if formed is not None:
            # "MVA S.R.L" / "Lote 11 Manzana 87, B° Septiembre, (4400) Salta" / "Argentina":
            # the name ends at its legal form, the lines under it are the address's first part
            block = block[: formed + 1]
        name = " ".join(b.cells[0].text.strip() for b in block)
        caseless = not any(ch.isupper() or ch.islower() for ch in name)  # Chinese, Japanese
        if (len(block) > 1 and not LEGAL_FORM_END.search(name) and not _capitals(name)
                and not caseless):
            name = block[-1].cells[0].text.strip()  # only a name in capitals runs over lines
        if not valid_name(name):
            continue
        pieces: list[str] = []
        for b in lines[i : i + 3]:
            if b.page != line.page or b.blank or not looks_like_address(b.text):
                break  # the address ends at its first other line ("Sede oggetto di ...:")
            pieces.append(b.text.strip(" ,"))
        address = ", ".join(pieces)
        source = "\n".join(b.text for b in block)
        org = ExtractedField(name, block[0].page, source, 0.55)
        return org, (ExtractedField(address, line.page, address, 0.5) if address else None)
    return None


# A legal entity that issues or backs certificates rather than holding one.
_ISSUER_WORDS = regexes.compile(
    r"certif|zertifi|sertifika|belgelendirme|assurance|registrar|inspect|accredit|akkredit|"
    r"akredit|testing|audit|quality\s+services|сертифик|認証|认证|인증"
)
# Words before a name that make it the issuer's: "Issued by", "on behalf of", "signed for".
_ISSUER_BEFORE = regexes.compile(
    r"(?:issued|signed|approved|audited|assessed)\s+by|behalf\s+of|\bfor\s*:?$"
)


# Japanese and Korean names may put their legal form first ("株式会社ノースウィンド").
_CJK_FORM_FIRST = regexes.compile(r"(?:株式会社|有限会社|合同会社|주식회사|\(주\)|㈜)\s*\S")


def from_legal_form(lines: list[Line]):
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
            if is_heading(cell.folded) or not valid_name(name) or is_label_cell(cell):
                continue
            if len(name.split()) < 2 and not re.search(CJK_LEGAL_FORMS, name) and not (
                _CJK_FORM_FIRST.match(name) and len(name) > 4
            ):
                continue  # a legal form alone ("Ltd") or a one-word line
            return ExtractedField(name, line.page, cell.text, 0.45), None
    return None
