"""Turn the text of a certificate's pages into fields with provenance (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from portal.certificates import organisations, sites
from portal.certificates.bodies import is_accreditation_number
from portal.certificates.certifiers import find_accreditation_fields, find_certification_body
from portal.certificates.classify import classify, is_heading
from portal.certificates.dates import ORDER_DMY, ORDER_MDY, DateMatch, find_dates, fold, infer_order
from portal.certificates.fields import (
    Candidate,
    aligned,
    continuation,
    join_lines,
    label_candidates,
    parse_certificate_number,
    value_cell,
)
from portal.certificates.layout import (
    Line,
    english_score,
    is_label_cell,
    prefer_english,
    read_lines,
)
from portal.certificates.results import (
    STATUS_NOT_A_CERTIFICATE,
    STATUS_OK,
    CertificateExtraction,
    ExtractedField,
)
from portal.certificates.standards import find_standards, merge_mentions, pick_primary
from portal.certificates.vocabulary import COUNTRY, NOT_A_VALIDITY_DATE, SCOPE_TRIGGERS

DATE_FIELDS = ("initial_certification_date", "issue_date", "expiry_date")
_RANGE_LINK = re.compile(
    r"^\s*(?:-|–|—|to|until|till|through|thru|bis(?:\s+zum)?|au|al|hasta|tot|ile|/|\.\.)\s*$",
    re.IGNORECASE,
)
_ISSUE_WORDS = re.compile(r"issu|ausstell|ausgabe|yayin|emissi|emision|uitgifte|verilis|duzenleme")
_GENERIC_DATE_LABEL = re.compile(
    r"^(?:date|datum|tarih|fecha|data|(?:ort|place)\s*(?:,|and|und)?\s*(?:datum|date))\s*:\s*"
)
_US_HINT = re.compile(r"\bANAB\b|\bIAS\b|\b(?:Inc\.|LLC)|\bUSA\b|United States|\b[A-Z]{2} \d{5}\b")
_NOT_US = re.compile(r"united\s+states|\busa?\b|u\.s\.a\.")
# "München, 05.06.2023" under a signature: the place and date of issue.
_PLACE_DATE = re.compile(r"^[A-ZÄÖÜÅØÆ][^\d,:;]{1,30},\s*(?:(?:den|le|el|il|am|on)\s+)?(?=\d)")
# "Certification / Recertification cycle start date" names both cycles, not a recertification.
_BOTH_CYCLES = re.compile(r"\bcertification\s*/\s*re-?certification\b")


@dataclass(frozen=True)
class _DateValue:
    match: DateMatch
    candidate: Candidate
    confidence: float


def extract_text_fields(pages: list[str], *, ocr: bool = False) -> CertificateExtraction:
    """Return the certificate fields found in the text of each page (layout text preferred)."""
    lines = read_lines(pages)
    candidates = label_candidates(lines)
    kind, reasons = classify(lines, candidates)
    page_texts = tuple(pages)
    if kind != "certificate":
        return CertificateExtraction(
            status=STATUS_NOT_A_CERTIFICATE,
            message=f"This does not look like a certificate ({reasons}).",
            pages=len(pages),
            used_ocr=ocr,
            document_kind=kind,
            reason=kind,
            page_texts=page_texts,
        )
    standards = _standards(lines)
    numbers = [_number(c) for c in candidates if c.field == "certificate_number"]
    number = max((n for n in numbers if n), key=lambda f: f.confidence, default=None)
    number = number or _unlabelled_number(lines)
    org, address = organisations.find_organisation(lines, candidates)
    certification_body = find_certification_body(lines, candidates, org)
    if org and certification_body and fold(org.value) == fold(certification_body.value):
        org = None
    dates = _dates(lines, candidates, address.value if address else None)
    ab, ab_number = find_accreditation_fields(lines, candidates)
    site_list = sites.find_sites(lines, candidates, address, certification_body)
    result = CertificateExtraction(
        status=STATUS_OK,
        message="Read the certificate.",
        standard=_primary(standards),
        standards=tuple(standards),
        certificate_number=number,
        organization=org,
        address=address,
        scope=_scope(lines, candidates),
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
    )
    missing = [
        name for name in ("standard", "organization", "expiry_date") if not getattr(result, name)
    ]
    if missing:
        result = replace(result, warnings=tuple(f"not found: {name}" for name in missing))
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


def _standards(lines: list[Line]) -> list[ExtractedField]:
    mentions, where = [], {}
    for i, line in enumerate(lines):
        below = [b for b in lines[i + 1 : i + 4] if b.page == line.page]
        for cell in line.cells:
            under = next((c for b in below for c in b.cells if aligned(cell, c)), None)
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


def _unlabelled_number(lines: list[Line]) -> ExtractedField | None:
    """Return an ID printed without a label beside the certificate heading."""
    heads = [
        i for i, line in enumerate(lines[:40]) if any(is_heading(c.folded) for c in line.cells)
    ]
    for i in heads:
        for line in lines[i : i + 3]:
            for cell in line.cells:
                text = re.sub(
                    r"^(?:certificate|zertifikat|certificat)\s+", "", cell.text, flags=re.I
                )
                value = parse_certificate_number(text)
                if (
                    value
                    and value.replace(" ", "") == text.replace(" ", "")
                    and sum(ch.isdigit() for ch in value) >= 4
                    and not find_dates(text)
                    and not find_standards(text)
                    and not is_accreditation_number(value)
                    and not is_label_cell(cell)
                ):
                    return ExtractedField(value, line.page, line.text, 0.5)
    return None


def _date_values(lines: list[Line], candidates: list[Candidate]) -> dict[str, list[_DateValue]]:
    values: dict[str, list[_DateValue]] = {name: [] for name in DATE_FIELDS}
    pool = [c for c in candidates if c.field in DATE_FIELDS]
    for line in lines:
        for cell in line.cells:
            generic = _GENERIC_DATE_LABEL.match(cell.folded)
            place = _PLACE_DATE.match(cell.text)
            if generic:
                text = cell.text[generic.end() :]
                pool.append(
                    Candidate("issue_date", text, line.index, line.page, cell, cell.text, 0.6, True)
                )
            elif place and _whole_date(cell.text[place.end() :]):
                text = cell.text[place.end() :]
                pool.append(
                    Candidate("issue_date", text, line.index, line.page, cell, cell.text, 0.5, True)
                )
    for candidate in pool:
        label_part = candidate.source[: max(0, len(candidate.source) - len(candidate.text))]
        if NOT_A_VALIDITY_DATE.search(_BOTH_CYCLES.sub("certification", fold(label_part))):
            continue
        matches = find_dates(candidate.text, short_years=True)
        if not matches:
            continue
        first = matches[0]
        if NOT_A_VALIDITY_DATE.search(fold(candidate.text[: first.start])):
            continue
        if first.start > 40:
            continue
        confidence = candidate.confidence
        if candidate.field == "issue_date":
            label = fold(label_part)
            confidence += 0.02 if _ISSUE_WORDS.search(label) else 0.0
            confidence -= 0.1 if "certification" in label and "issu" not in label else 0.0
        linked = len(matches) > 1 and _RANGE_LINK.match(
            candidate.text[first.end : matches[1].start]
        )
        if linked and candidate.field in ("issue_date", "expiry_date"):
            values["issue_date"].append(_DateValue(first, candidate, confidence - 0.02))
            values["expiry_date"].append(_DateValue(matches[1], candidate, confidence))
            continue
        values[candidate.field].append(_DateValue(first, candidate, confidence))
    return values


def _whole_date(text: str) -> bool:
    found = find_dates(text)
    return bool(found) and found[0].start == 0 and found[0].end >= len(text.rstrip(" ."))


def _us_hint(lines: list[Line], everything: list[DateMatch], address: str | None) -> bool:
    """Return True when month-first is likely: US wording, slashes, no foreign address."""
    if not any("/" in m.text for m in everything):
        return False  # dashes and dots are day-first even on US-accredited certificates
    if address and COUNTRY.search(fold(address)) and not _NOT_US.search(fold(address)):
        return False
    return bool(_US_HINT.search("\n".join(line.text for line in lines)))


def _dates(
    lines: list[Line], candidates: list[Candidate], address: str | None = None
) -> dict[str, ExtractedField]:
    values = _date_values(lines, candidates)
    everything = [m for line in lines for m in find_dates(line.text)]
    order = infer_order(everything, us_hint=_us_hint(lines, everything, address))
    best = {
        name: max(found, key=lambda v: (v.confidence, -v.candidate.line))
        for name, found in values.items()
        if found
    }
    if not any(
        v.match.mdy and not v.match.dmy or v.match.dmy and not v.match.mdy
        for v in (dv for found in values.values() for dv in found)
    ):
        flipped = ORDER_MDY if order == ORDER_DMY else ORDER_DMY
        if not _consistent(best, order) and _consistent(best, flipped):
            order = flipped
    out = {}
    for name, value in best.items():
        resolved = value.match.resolve(order)
        if resolved is None:
            continue
        c = value.candidate
        out[name] = ExtractedField(
            resolved, c.page, c.source, round(min(value.confidence, 0.99), 3)
        )
    return out


def _consistent(best: dict[str, _DateValue], order: str) -> bool:
    resolved: dict[str, date | None] = {k: v.match.resolve(order) for k, v in best.items()}
    issue, expiry = resolved.get("issue_date"), resolved.get("expiry_date")
    initial = resolved.get("initial_certification_date")
    if issue and expiry and not (issue < expiry and (expiry - issue).days <= 3 * 366 + 31):
        return False
    return not (initial and expiry and initial >= expiry)


def _scope(lines: list[Line], candidates: list[Candidate]) -> ExtractedField | None:
    found: list[tuple[float, int, ExtractedField]] = []
    for c in candidates:
        if c.field != "scope":
            continue
        left = c.cell.start if c.inline else None
        more = continuation(lines, c.line, value_cell(c), limit=25, left=left)
        text = join_lines(prefer_english([c.text] + [cell.text for _, cell in more]))
        if len(text) >= 4:
            found.append(
                (
                    c.confidence,
                    english_score(text),
                    ExtractedField(
                        text,
                        c.page,
                        join_lines([c.source] + [cell.text for _, cell in more]),
                        c.confidence,
                    ),
                )
            )
    for i, line in enumerate(lines):
        for cell in line.cells:
            m = SCOPE_TRIGGERS.search(cell.folded)
            if not m:
                continue
            rest = cell.text[m.end() :].strip(" :")
            if rest.startswith("/"):
                rest = ""  # "für den Geltungsbereich / for the scope": the trigger translated
            parts: list[str] = []
            if rest:
                first_index, first_cell = i, cell
                parts.append(rest)
                left = cell.start
            else:
                nxt = next(
                    (j for j in range(i + 1, min(i + 4, len(lines))) if not lines[j].blank), None
                )
                if nxt is None or lines[nxt].page != line.page:
                    continue
                first_index = nxt
                first_cell = max(
                    lines[nxt].cells,
                    key=lambda other: min(cell.end, other.end) - max(cell.start, other.start),
                )
                parts.append(first_cell.text)
                left = None
            more = continuation(lines, first_index, first_cell, limit=25, left=left)
            text = join_lines(prefer_english(parts + [c.text for _, c in more]))
            if len(text) >= 4:
                source = join_lines(
                    [cell.text] + ([] if rest else [first_cell.text]) + [c.text for _, c in more]
                )
                found.append(
                    (0.85, english_score(text), ExtractedField(text, line.page, source, 0.85))
                )
    if not found:
        return None
    return max(found, key=lambda item: (item[0], item[1] > 0, item[1]))[2]
