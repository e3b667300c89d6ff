"""Turn the text of a certificate's pages into fields with provenance (pure)."""

from __future__ import annotations

import re
from dataclasses import replace

from portal.certificates import organisations, regexes, sites
from portal.certificates.bodies import in_accreditation_mark, is_accreditation_number
from portal.certificates.captions import captions_above
from portal.certificates.certifiers import find_accreditation_fields, find_certification_body
from portal.certificates.classify import CANDIDATE, classify, is_heading
from portal.certificates.datefields import find_dates_fields
from portal.certificates.dates import find_dates, fold
from portal.certificates.fields import (
    Candidate,
    aligned,
    label_candidates,
    latin_lookalikes,
    parse_certificate_number,
)
from portal.certificates.layout import Cell, Line, is_label_cell, paragraphs, read_lines
from portal.certificates.results import (
    STATUS_NEEDS_REVIEW,
    STATUS_NOT_A_CERTIFICATE,
    STATUS_OK,
    CertificateExtraction,
    ExtractedField,
)
from portal.certificates.schemes import find_scheme_claims
from portal.certificates.scope_fallbacks import scope_after_standard
from portal.certificates.scopes import english_after, find_scope, scope_sentences
from portal.certificates.standards import find_standards, merge_mentions, pick_primary

# A candidate's values are less sure than a certificate's: scaled by this.
CANDIDATE_CONFIDENCE = 0.75


def extract_text_fields(
    pages: list[str], *, ocr: bool = False, first_page: int = 1
) -> CertificateExtraction:
    """Return the certificate fields found in the text of each page (layout text preferred).

    first_page numbers the pages when they are part of a longer file (provenance pages).
    """
    lines = captions_above(read_lines(pages, first_page=first_page))
    candidates = label_candidates(lines)
    verdict = classify(lines, candidates)
    page_texts = tuple(pages)
    numbers_of_pages = tuple(range(first_page, first_page + len(pages)))
    if not verdict.readable:
        return CertificateExtraction(
            status=STATUS_NOT_A_CERTIFICATE,
            message=f"This does not look like a certificate ({verdict.reasons}).",
            pages=len(pages),
            used_ocr=ocr,
            document_kind=verdict.kind,
            reason=verdict.kind,
            page_texts=page_texts,
            certificate_pages=numbers_of_pages,
        )
    standards = _standards(lines)
    numbers = [_number(c) for c in candidates
               if c.field == "certificate_number"
               and not in_accreditation_mark(lines, c.line, c.cell.start, c.cell.end)]
    unlabelled = _unlabelled_number(lines) or _number_in_prose(lines)
    number = max((n for n in [*numbers, unlabelled] if n), key=lambda f: f.confidence,
                 default=None)
    org, address = organisations.find_organisation(lines, candidates)
    certification_body = find_certification_body(lines, candidates, org)
    if org and certification_body and fold(org.value) == fold(certification_body.value):
        org = None
    dates = find_dates_fields(lines, candidates, address.value if address else None)
    ab, ab_number = find_accreditation_fields(lines, candidates)
    site_list = sites.find_sites(lines, candidates, address, certification_body)
    claims = tuple(c.name for c in find_scheme_claims("\n".join(line.text for line in lines)))
    result = CertificateExtraction(
        status=STATUS_OK,
        message="Read the certificate.",
        standard=_primary(standards),
        standards=tuple(standards),
        certificate_number=number,
        organization=org,
        address=address,
        scope=scope_sentences(english_after(
            lines, find_scope(lines, candidates) or scope_after_standard(lines, org))),
        sites=tuple(site_list),
        initial_certification_date=dates.get("initial_certification_date"),
        issue_date=dates.get("issue_date"),
        expiry_date=dates.get("expiry_date"),
        certification_body=certification_body,
        accreditation_body=ab,
        accreditation_number=ab_number,
        pages=len(pages),
        used_ocr=ocr,
        document_kind="certificate",
        page_texts=page_texts,
        claims=claims,
        certificate_pages=numbers_of_pages,
    )
    warnings = [
        f"not found: {name}"
        for name in ("standard", "organization", "expiry_date")
        if not getattr(result, name)
    ]
    if claims and not standards:
        warnings.insert(0, f"claims certification against {', '.join(claims)}, which is not a "
                        "certification scheme")
    result = replace(result, warnings=tuple(warnings))
    if verdict.kind == CANDIDATE or (claims and not standards):
        result = _scaled(result, CANDIDATE_CONFIDENCE)
        result = replace(
            result,
            status=STATUS_NEEDS_REVIEW,
            document_kind=verdict.kind,
            message="This may be a certificate, but it does not read like one throughout "
            f"({verdict.reasons}): the values found are shown for a person to check.",
        )
    return _scaled(result, 0.9) if ocr else result


def _scaled(result: CertificateExtraction, factor: float) -> CertificateExtraction:
    changes: dict[str, object] = {}
    for name, value in vars(result).items():
        if isinstance(value, ExtractedField):
            changes[name] = replace(value, confidence=round(value.confidence * factor, 3))
        elif isinstance(value, tuple) and value and isinstance(value[0], ExtractedField):
            changes[name] = tuple(
                replace(v, confidence=round(v.confidence * factor, 3)) for v in value
            )
    return replace(result, **changes)


# A sentence's line ending with the standard's prefix, its number starting the next line.
_PREFIX_AT_END = regexes.compile(r"\b(?:iso|iso\s*/\s*iec|iec|en\s+iso|din\s+en\s+iso)\s*$")


def _run_start(line: Line, cell: Cell) -> int:
    """Return where the run of text a cell ends starts: the cells before it on its line a few
    columns apart (one sentence OCR or justification split), not a column further left."""
    start = cell.start
    for other in reversed(line.cells[: line.cells.index(cell)]):
        if start - other.end > 8:
            break
        start = other.start
    return start


def _standards(lines: list[Line]) -> list[ExtractedField]:
    mentions, where = [], {}
    for i, line in enumerate(lines):
        below = [b for b in lines[i + 1 : i + 4] if b.page == line.page]
        for cell in line.cells:
            under = next((c for b in below for c in b.cells if aligned(cell, c)), None)
            if cell is line.cells[-1] and below and _PREFIX_AT_END.search(cell.folded):
                # "... a management system for ISO/IEC" / "42001:2023.": the sentence's next
                # line starts at its column's left edge, left of this cell
                left = _run_start(line, cell) - 3  # (a column beside it prints its own lines)
                wrapped = next((c for b in below[:2] for c in b.cells
                                if left <= c.start <= cell.start), None)
                if wrapped is not None and wrapped.text[:1].isdigit():
                    under = wrapped
            text = f"{cell.text} {under.text}" if under else cell.text
            for mention in find_standards(text):
                if mention.start >= len(cell.text):
                    continue
                mentions.append(mention)
                where.setdefault(mention.number, (line, text))
        if len(line.cells) > 1:  # a gap can split "ISO/IEC 27001   : 2022" into two cells
            mentions += [m for m in find_standards(line.text) if m.edition]
    merged = merge_mentions([m for m in mentions if m.certifiable] or mentions)
    fields = []
    for mention in merged:
        line, text = where.get(mention.number) or next(
            (ln, ln.text) for ln in lines if mention.text in ln.text
        )
        confidence = 0.95 if mention.edition else 0.8
        fields.append(ExtractedField(mention.code, line.page, text, confidence))
    return fields


def _primary(standards: list[ExtractedField]) -> ExtractedField | None:
    if not standards:
        return None
    numbers = [re.sub(r"^ISO(?:/IEC)? |:\d{4}$", "", s.value) for s in standards]
    primary = pick_primary(numbers)
    return standards[numbers.index(primary)] if primary else standards[0]


def _number(candidate: Candidate) -> ExtractedField | None:
    value = parse_certificate_number(candidate.text)
    if value is None:
        return None
    return ExtractedField(value, candidate.page, candidate.source, candidate.confidence)


# "CERTIFICATO/CERTIFICATE A.2025.0830 rev. 00": a heading with the number in the same cell.
_HEADING_WITH_ID = regexes.compile(
    r"^(?:[a-z]+\s*/\s*)?(?:certificate|zertifikat|certificat|certificato|certificado|sertifika|"
    r"certyfikat|certificaat)(?:\s*/\s*[a-z]+)?(?:\s+(?:no|nr|n°|n)\.?)?\s+(?=\S*\d)|"
    r"^(?:n°|no\.|nr\.|#)\s*(?=\S*\d)"  # a number alone by the heading: "N° 2022/102576.2"
)


def _lone_id_line(line: Line) -> bool:
    """Return True for a line holding only an ID-shaped code: "KZ.Q.02.E0843.C23.00571"."""
    if len(line.cells) != 1:
        return False
    text = line.cells[0].text.strip()
    return (
        " " not in text
        and len(text) >= 8
        and sum(ch.isdigit() for ch in text) >= 5
        and bool(re.search(r"[A-Za-z]|[./-]", text))
    )


# "This certificate, number 88423, was issued on", "Certificate number 54443 was issued":
# the number told in a sentence, ended by a comma or the sentence's verb.
_PROSE_NUMBER = regexes.compile(
    r"\bcertificate\s*,?\s+(?:number|no\.?)\s*:?\s*(?P<number>[A-Z0-9][\w/.-]*(?:\s[\w/.-]+)?)"
    # ... or the sentence ends after it ("identified by certificate number LRI-Q-40678. The")
    r"(?=\s*,|\s+(?:was|is|has|expires|remains)\b|(?<=\.)\s+(?-i:[A-Z][a-z]))",
    re.IGNORECASE,
)


# "Esta es una traducción del certificado PE18/819942930", "... of certificate GB12/34567":
# the word for certificate straight before a code of letters, digits and a slash or dash.
_NAMED_ID = regexes.compile(
    r"\b(?:certificate|certificado|certificat|certificato|zertifikat)\s+(?:no\.?\s+)?"
    r"(?P<number>[A-Z]{1,6}\d{0,4}[/-]\d{4,}(?:[/-]\w+)?)(?![\w/-])"
)


def _column_texts(lines: list[Line]) -> list[str]:
    """Return the text of each column of a block of prose set in two or more columns, read
    down the column (a sentence goes on in its own column's next line)."""
    texts: list[str] = []
    block: list[Line] = []
    for line in [*lines, None]:
        if (line is not None and not line.blank and len(line.cells) >= 2
                and (not block or block[-1].page == line.page)):
            block.append(line)
            continue
        if len(block) >= 2:
            columns: dict[int, list[str]] = {}
            for row in block:
                for cell in row.cells:
                    key = next((k for k in columns if abs(k - cell.start) <= 3), cell.start)
                    columns.setdefault(key, []).append(cell.text)
            texts += [" ".join(parts) for parts in columns.values() if len(parts) >= 2]
        block = [line] if line is not None and len(line.cells) >= 2 else []
    return texts


def _number_in_prose(lines: list[Line]) -> ExtractedField | None:
    """Return a certificate number told in a sentence, a paragraph's lines read as one."""
    runs = [(p[0].page, " ".join(x.text for x in p)) for p in paragraphs(lines)]
    for page, text in [*runs, *((None, t) for t in _column_texts(lines))]:
        for m in [*_PROSE_NUMBER.finditer(text), *_NAMED_ID.finditer(text)]:
            value = parse_certificate_number(m.group("number"))
            if value and any(ch.isdigit() for ch in value) and not find_dates(value):
                if page is None:
                    page = next((ln.page for ln in lines
                                 if m.group("number").split()[0] in ln.text), lines[0].page)
                return ExtractedField(value, page, text, 0.6)
    return None


def _unlabelled_number(lines: list[Line]) -> ExtractedField | None:
    """Return an ID printed without a label beside the certificate heading."""
    for line in lines[:40]:
        for cell in line.cells:
            m = _HEADING_WITH_ID.match(cell.folded)
            value = parse_certificate_number(cell.text[m.end() :]) if m else None
            if value and sum(ch.isdigit() for ch in value) >= 4 and not find_dates(value):
                bare = not re.match(r"[a-z]{4}", cell.folded)  # "N° ..." without "certificate"
                return ExtractedField(value, line.page, cell.text, 0.6 if bare else 0.88)
    heads = [
        i for i, line in enumerate(lines[:40]) if any(is_heading(c.folded) for c in line.cells)
    ]
    for i in heads:
        for n, line in enumerate(lines[i : i + 7]):
            if n >= 3 and not _lone_id_line(line):
                continue  # further down, only an ID alone on its line (under a sub-title)
            for cell in line.cells:
                text = re.sub(
                    r"^(?:certificate|zertifikat|certificat)\s+", "", cell.text, flags=re.I
                )
                value = parse_certificate_number(text)
                if (
                    value
                    and value.replace(" ", "") == latin_lookalikes(text).replace(" ", "")
                    and sum(ch.isdigit() for ch in value) >= 4
                    and not find_dates(text)
                    and not find_standards(text)
                    and not is_accreditation_number(value)
                    and not is_label_cell(cell)
                ):
                    return ExtractedField(value, line.page, line.text, 0.5)
    return None
