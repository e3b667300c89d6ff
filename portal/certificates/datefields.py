"""Find the issue, initial-certification and expiry dates among the labelled values (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from portal.certificates import regexes
from portal.certificates.dates import ORDER_DMY, ORDER_MDY, DateMatch, find_dates, fold, infer_order
from portal.certificates.fields import Candidate
from portal.certificates.layout import Cell, Line, find_labels, paragraphs
from portal.certificates.results import ExtractedField
from portal.certificates.vocabulary import NOT_A_VALIDITY_DATE
from portal.certificates.vocabulary_places import COUNTRY

DATE_FIELDS = ("initial_certification_date", "issue_date", "expiry_date")
_RANGE_LINK = regexes.compile(
    r"^\.?\s*(?:-|–|—|to|until|till|through|thru|bis(?:\s+(?:zum|einschlie(?:ß|ss)lich))?|au|al|a|"
    r"hasta(?:\s+el)?|at[eé]|tot|fino\s+al|jusqu.(?:au|à|a)|"
    # "od 1.2.2024 do ...", "с 02.06.2024 по 01.06.2027",
    r"ile|do|по|до|sampai(?:\s+dengan)?|hingga|s\.?\s?d\.?|/|\.\.|~|～|〜|至|부터|から)\s*$",
    # "2023. 11. 02. ~ 2026. 11. 01." (Korean, Japanese), "2024年1月1日至2027年1月1日",
    # "2023 년 06 월 25 일 부터 2026 년 06 월 24 일 까지", "2023年6月25日から2026年6月24日まで"
    re.IGNORECASE,
)
_ISSUE_WORDS = regexes.compile(
    r"issu|ausstell|ausgabe|yayin|emissi|emision|uitgifte|verilis|duzenleme"
)
_GENERIC_DATE_LABEL = regexes.compile(
    r"^(?:date|datum|tarih|fecha|data|(?:ort|place)\s*(?:,|and|und)?\s*(?:datum|date))\s*:\s*"
)
_US_HINT = regexes.compile(
    r"\bANAB\b|\bIAS\b|\b(?:Inc\.|LLC)|\bUSA\b|United States|\b[A-Z]{2} \d{5}\b"
)
_NOT_US = regexes.compile(r"united\s+states|\busa?\b|u\.s\.a\.")
# "München, 05.06.2023" under a signature: the place and date of issue.
# "Stockholm den 13 maj 2024": the same without the comma, before the word for "on".
_PLACE_DATE = regexes.compile(
    r"^[A-ZÄÖÜÅØÆ][^\d,:;]{1,30}(?:,\s*(?:(?:den|le|el|il|am|on)\s+)?|\s+(?:den|am)\s+)(?=\d)"
)
# "Bellaria-Igea Marina - Italia," over "27 Luglio 2023": the place and date split in two lines.
_PLACE_ABOVE = regexes.compile(r"^[A-ZÄÖÜÅØÆ][^\d:;]{1,60},$")
# "Certification / Recertification cycle start date" names both cycles, not a recertification.
# A Russian, Kazakh or Ukrainian certificate is dated "от 12.04.2023" ("of"), on a line of its
# own under its title and number: the issue date, when no label gives one.
_DATED = regexes.compile(r"^(?:от|вiд|від)\s+(?=\d)")
# "Registration date" (Turkish "Tescil Tarihi"): when the holder was first registered.
_REGISTRATION = regexes.compile(
    r"^(?:(?:date\s+of\s+)?registration(?:\s+date)?|tescil\s+tarihi)$"
)
_BOTH_CYCLES = regexes.compile(
    r"\bcertification\s*/\s*re-?certification\b|"
    r"\bissue\s*(?:/|&|and)\s*revision\b"  # "Issue/Revision Date": the issue date
)


@dataclass(frozen=True)
class _DateValue:
    match: DateMatch
    candidate: Candidate
    confidence: float


# Below a "Place, date" line of issue (0.5) and a generic "Date:" label (0.6).
_RANGE_START_CONFIDENCE = 0.45


# A certificate's history table: a "Date" column beside a column that says why each issue was
# made ("Issue | Date | Reason for issue", "Rev. | Datum | Änderung").
_DATE_HEAD = regexes.compile(r"(?:^|\s)(?:date|datum|fecha|data|dates)(?:\s|$)")
_REASON_HEAD = regexes.compile(
    r"^(?:reason|description|remarks?|details|nature|purpose|event|change|comments?|"
    r"grund|anderung|motivo|descripcion|motif|objet|descrizione|causale)s?\b"
)
_FIRST_ISSUE = regexes.compile(
    r"\b(?:initial|first|original|new)\b|erst|premiere|inicial|iniziale|prima\s+emissione"
)
# Below explicit labels (0.9), above a "Place, date" line (0.5).
_HISTORY_CONFIDENCE = 0.7

# Words of another date's label between a label and the first date after it: the label's own
# date wrapped away and the date found belongs to the other label.
_NOTHING = regexes.compile(r"(?!)")
_UNTIL_WORDS = regexes.compile(r"\bexpir|\buntil\b|\bvalid\s+(?:to|through|thru)\b")
# A standard's edition, not a date of issue: "Issue 6, April 2014" (IFS Food), "Version 7,
# October 2020" (the edition's number, a comma, its month and year).
_EDITION = regexes.compile(r"^\s*(?:issue|version|edition)\s*:?\s*$")
_EDITION_VALUE = regexes.compile(r"^\s*\d{1,2}\s*,\s*[^\W\d_]{3,}\.?\s+(?:19|20)\d\d\s*$")
_OTHER_LABEL = {
    "issue_date": _UNTIL_WORDS,
    "initial_certification_date": _UNTIL_WORDS,
    "expiry_date": regexes.compile(r"\b(?:re-?)?issued\b|\bsince\b"),
}

# Dates told in sentences that a line break may split ("was issued on 27 Nov" / "2023 and
# expires on 26 Nov 2026"): read on the paragraph, below labels printed with their dates.
_PROSE_DATES = (
    ("initial_certification_date", regexes.compile(
        r"\b(?:first|originally|initially)\s+(?:issued|certified|registered|granted)\s+on\s+|"
        r"\b(?:certification|registration|certified|registered)\s+(?:to\s+this\s+standard\s+)?"
        r"since\s+")),
    ("issue_date", regexes.compile(
        r"\b(?:re-?issued|(?<!first\s)issued)\s+on\s+|"
        # "Data del presente certificato 18. Novembre 2016", "date of this certificate"
        r"\b(?:data|date)\s+(?:de[li]|of|de)\s+(?:(?:presente|this|questo|ce|este)\s+)?"
        r"(?:certificato|certificate|certificat|certificado)\s+")),
    ("expiry_date", regexes.compile(
        r"\bexpires?\s+on\s+|\bremains\s+valid\s+until\s+|"
        # "e scadenza del certificato 17. Novembre 2019", "expiry of (the) certificate"
        r"\b(?:scadenza|expiry)\s+(?:de[li]|of)\s+(?:(?:presente|this|the)\s+)?"
        r"(?:certificato|certificate)\s+")),
)
_PROSE_CONFIDENCE = 0.75


def _blocks(lines: list[Line]) -> list[list[Line]]:
    """Return the runs of non-blank lines of one page, whatever their cells."""
    runs: list[list[Line]] = [[]]
    for line in lines:
        if line.blank or (runs[-1] and runs[-1][-1].page != line.page):
            runs.append([])
        if not line.blank:
            runs[-1].append(line)
    return [run for run in runs if run]


def _prose_dates(lines: list[Line]) -> dict[str, list[_DateValue]]:
    """Return the dates that sentences give, each paragraph's lines read as one text."""
    out: dict[str, list[_DateValue]] = {}
    single = [(p, False) for p in paragraphs(lines)]
    # a scan's sentence that OCR split into cells at wide gaps ("e scadenza del   certificato")
    # is no one-cell paragraph: its block of lines is read for the fields not found above
    for paragraph, block in single + [(b, True) for b in _blocks(lines)]:
        if len(paragraph) < 2:
            continue
        text = " ".join(cell.text for p in paragraph for cell in p.cells)
        folded = fold(text)
        for field, pattern in _PROSE_DATES:
            if block and field in out:
                continue
            for hit in pattern.finditer(folded):
                found = find_dates(text[hit.end() : hit.end() + 40])
                if not found or found[0].start != 0:
                    continue
                first = paragraph[0]
                candidate = Candidate(field, text[hit.end():], first.index, first.page,
                                      first.cells[0], text, _PROSE_CONFIDENCE, True)
                out.setdefault(field, []).append(
                    _DateValue(found[0], candidate, _PROSE_CONFIDENCE))
                break
    return out


def _history_rows(lines: list[Line]) -> tuple[int, list[tuple[DateMatch, Line]]] | None:
    """Return the header's index and the dated rows of a certificate history table."""
    for n, line in enumerate(lines):
        head = next((c for c in line.cells if _DATE_HEAD.search(c.folded)), None)
        if head is None or len(line.cells) < 2 or find_dates(line.text):
            continue
        if not any(_REASON_HEAD.match(c.folded.strip(" :")) for c in line.cells):
            continue
        rows: list[tuple[DateMatch, Line]] = []
        for row in lines[n + 1 :]:
            if row.page != line.page:
                break
            if row.blank:  # rows may be spaced apart
                continue
            dated = [c for c in row.cells if find_dates(c.text, short_years=True)]
            # a row: its one date under the "Date" heading, beside other cells
            if (len(row.cells) < 2 or len(dated) != 1
                    or not head.start - 4 <= dated[0].start <= head.end + 4):
                break
            found = find_dates(row.text, short_years=True)
            if len(found) != 1:
                break
            rows.append((found[0], row))
        if len(rows) >= 2:
            return n, rows
    return None


def _history(lines: list[Line]) -> tuple[range, dict[str, _DateValue]]:
    """Return the lines of a certificate history table and the dates it gives: the current
    issue is its last row, the initial certification the row that says so (else the first)."""
    found = _history_rows(lines)
    if found is None:
        return range(0), {}
    head, rows = found

    def value(field: str, row: tuple[DateMatch, Line], confidence: float) -> _DateValue:
        match, line = row
        cell = line.cells[0]
        candidate = Candidate(field, line.text, line.index, line.page, cell, line.text,
                              confidence, True)
        return _DateValue(match, candidate, confidence)

    first = next(
        (r for r in rows if _FIRST_ISSUE.search(fold(r[1].text.replace(r[0].text, " ")))),
        None,
    )
    out = {"issue_date": value("issue_date", rows[-1], _HISTORY_CONFIDENCE),
           "initial_certification_date": value(
               "initial_certification_date", first or rows[0],
               _HISTORY_CONFIDENCE if first else _HISTORY_CONFIDENCE - 0.1)}
    return range(lines[head].index, rows[-1][1].index + 1), out


def _date_under_wrapped_label(lines: list[Line], candidate: Candidate) -> Cell | None:
    """Return the date under a label wrapped onto a second line: the label's value read as
    "por Restauracion" is the rest of "Fecha Actual Renovación" / "por Restauración" /
    "12 de Junio de 2023" (a few words without a digit, a whole date in the column below)."""
    words = candidate.text.split()
    if not words or len(words) > 4 or any(ch.isdigit() for ch in candidate.text):
        return None
    if any(c.end < candidate.cell.start and candidate.source.startswith(c.text)
           for c in lines[candidate.line].cells):
        # the cell beside the label ("INITIAL CERTIFICATION DATE" | "CURRENT DATE OF
        # GRANTING"): another column's heading, whose date is not this label's
        return None
    for line in lines[candidate.line + 1 : candidate.line + 3]:
        if line.page != lines[candidate.line].page:
            return None
        if line.blank:
            continue
        for cell in line.cells:
            overlap = min(cell.end, candidate.cell.end) - max(cell.start, candidate.cell.start)
            if overlap > 0 and _whole_date(cell.text):
                return cell
        return None
    return None


def _date_values(lines: list[Line], candidates: list[Candidate]) -> dict[str, list[_DateValue]]:
    values: dict[str, list[_DateValue]] = {name: [] for name in DATE_FIELDS}
    table, history = _history(lines)
    for name, found in history.items():
        values[name].append(found)
    for name, told in _prose_dates(lines).items():
        values[name].extend(told)
    # the table's header ("Issue  Date") is no label of the date under it
    pool = [c for c in candidates if c.field in DATE_FIELDS and c.line not in table]
    for line in lines:
        for cell in line.cells:
            generic = _GENERIC_DATE_LABEL.match(cell.folded)
            place = _PLACE_DATE.match(cell.text)
            if generic:
                text = cell.text[generic.end() :]
                pool.append(
                    Candidate("issue_date", text, line.index, line.page, cell, cell.text, 0.6, True)
                )
            elif (dated := _DATED.match(cell.folded)) and _whole_date(cell.text[dated.end() :]):
                text = cell.text[dated.end() :]
                pool.append(
                    Candidate("issue_date", text, line.index, line.page, cell, cell.text, 0.5, True)
                )
            elif place and _whole_date(cell.text[place.end() :]):
                text = cell.text[place.end() :]
                pool.append(
                    Candidate("issue_date", text, line.index, line.page, cell, cell.text, 0.5, True)
                )
    placed = _placed_dates(lines)
    pool.extend(placed.values())
    # "Issue Date: 12 April 2024" / "Reissue Date: 27 May 2025": the reissue is the current
    # issue, the first issue the initial certification
    reissued = any(c.field == "issue_date" and _REISSUE.search(fold(_label_of(c))) for c in pool)
    for candidate in pool:
        if candidate.field != "issue_date" and (candidate.line, candidate.cell.start) in placed:
            continue  # a date under "Place," is the issue date, not the value of a label beside
        label_part = candidate.source[: max(0, len(candidate.source) - len(candidate.text))]
        if NOT_A_VALIDITY_DATE.search(_BOTH_CYCLES.sub("certification", fold(label_part))):
            continue
        matches = find_dates(candidate.text, short_years=True)
        if not matches:
            below = _date_under_wrapped_label(lines, candidate)
            if below is None:
                continue
            candidate = replace(candidate, text=below.text,
                                source=f"{candidate.source} {below.text}")
            matches = find_dates(candidate.text, short_years=True)
        first = matches[0]
        if _EDITION.match(fold(label_part)) and _EDITION_VALUE.match(candidate.text):
            continue
        if NOT_A_VALIDITY_DATE.search(fold(candidate.text[: first.start])):
            continue
        if first.start > 40:
            continue
        if _OTHER_LABEL.get(candidate.field, _NOTHING).search(fold(candidate.text[: first.start])):
            continue  # "issued on 27 Nov" / "2023 and expires on 26 Nov 2026": another's date
        confidence = candidate.confidence
        if candidate.field == "issue_date":
            label = fold(label_part)
            confidence += 0.02 if _ISSUE_WORDS.search(label) else 0.0
            confidence -= 0.1 if "certification" in label and "issu" not in label else 0.0
        linked = len(matches) > 1 and _RANGE_LINK.match(
            candidate.text[first.end : matches[1].start]
        )
        if linked and candidate.field in ("issue_date", "expiry_date"):
            start = confidence - 0.02
            if candidate.field == "expiry_date":
                # "Validity period: 18/02/2025 a 18/02/2028": the start of the validity is
                # the issue date only when no place and date of issue is printed
                start = min(start, _RANGE_START_CONFIDENCE)
            values["issue_date"].append(_DateValue(first, candidate, start))
            values["expiry_date"].append(_DateValue(matches[1], candidate, confidence))
            continue
        if candidate.field == "expiry_date" and _FROM_SUFFIX.match(
            fold(candidate.text[first.end :])
        ):
            # Hungarian "Tanúsítvány érvényes: 2023-07-11 -től" / "2026-07-10 -ig": the
            # validity's start, under the same label as its end
            values["issue_date"].append(_DateValue(first, candidate, confidence - 0.05))
            continue
        if candidate.field == "issue_date" and reissued and _ISSUE_ONLY.match(
            fold(label_part).strip(" :‘'")
        ):
            values["initial_certification_date"].append(
                _DateValue(first, candidate, confidence - 0.1)
            )
            continue
        if candidate.field == "issue_date" and _REISSUE.search(fold(label_part)):
            confidence += 0.05
        if candidate.field == "issue_date" and _REGISTRATION.match(fold(label_part).strip(" :")):
            # "Registration date" is when the organisation was first registered; it is the
            # issue date only when nothing says "issue" (hence the lower confidence).
            values["initial_certification_date"].append(_DateValue(first, candidate, confidence))
            if not _issue_labelled(lines):
                values["issue_date"].append(_DateValue(first, candidate, confidence - 0.15))
            continue
        values[candidate.field].append(_DateValue(first, candidate, confidence))
    return values


_REISSUE = regexes.compile(r"(?<![a-z])re-?\s?issu")
_ISSUE_ONLY = regexes.compile(r"^(?:date\s+of\s+)?issue(?:\s+date)?$")


def _label_of(candidate: Candidate) -> str:
    return candidate.source[: max(0, len(candidate.source) - len(candidate.text))]


# A date followed by the Hungarian ending for "from" ("2023-07-11 -től", "-tól").
_FROM_SUFFIX = regexes.compile(r"^\s*-?\s*t[oó]l\b")


def _issue_labelled(lines: list[Line]) -> bool:
    """Return True when an issue-date label is printed, even with no date after it."""
    return any(
        hit.field == "issue_date"
        and hit.accepted
        and not _REGISTRATION.match(cell.folded[hit.start : hit.end].strip())
        for line in lines
        for cell in line.cells
        for hit in find_labels(cell)
    )


def _placed_dates(lines: list[Line]) -> dict[tuple[int, int], Candidate]:
    """Return the issue-date candidates of dates printed under a place that ends with a comma,
    keyed by (line, cell start)."""
    out: dict[tuple[int, int], Candidate] = {}
    for n, line in enumerate(lines[1:], start=1):
        above = lines[n - 1]
        if above.blank or above.page != line.page:
            continue
        for cell in line.cells:
            if not _whole_date(cell.text):
                continue
            over = [c for c in above.cells if min(c.end, cell.end) - max(c.start, cell.start) > 0]
            if len(over) == 1 and _PLACE_ABOVE.match(over[0].text.strip()) and not find_labels(
                over[0]
            ):
                out[(n, cell.start)] = Candidate(
                    "issue_date", cell.text, n, line.page, cell,
                    f"{over[0].text} {cell.text}", 0.5, False,
                )
    return out


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


def find_dates_fields(
    lines: list[Line], candidates: list[Candidate], address: str | None = None
) -> dict[str, ExtractedField]:
    """Return the initial, issue and expiry dates, numeric dates read in the document's order."""
    values = _date_values(lines, candidates)
    everything = [m for line in lines for m in find_dates(line.text)]
    order = infer_order(everything, us_hint=_us_hint(lines, everything, address))
    best = {
        name: max(found, key=lambda v: (v.confidence, -v.candidate.line))
        for name, found in values.items()
        if found
    }
    # a validity that only makes sense read the other way round flips the order, unless a
    # date printed anywhere on the page ("Recertification Audit Date: 24/01/2025") settles it
    if not any(
        m.mdy and not m.dmy or m.dmy and not m.mdy
        for m in [*(dv.match for found in values.values() for dv in found),
                  *(m for m in everything if "." not in m.text and not m.text[:4].isdigit())]
    ):
        flipped = ORDER_MDY if order == ORDER_DMY else ORDER_DMY
        if not _consistent(best, order) and _consistent(best, flipped):
            order = flipped
    if "expiry_date" not in best:
        best.update(_bare_range(lines))
    if "expiry_date" not in best:
        renewal = _renewal_due(candidates)
        if renewal is not None:
            best["expiry_date"] = renewal
    if "issue_date" not in best and "expiry_date" in best:
        start = _validity_start(lines, best["expiry_date"])
        if start is not None:
            best["issue_date"] = start
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


_RENEWAL_DUE = regexes.compile(r"^re-?\s?certifi(?:cation|cate)\s+due")


def _renewal_due(candidates: list[Candidate]) -> _DateValue | None:
    """Return the date under "Re-certification Due" when nothing else says when the certificate
    ends: the cycle runs until its renewal (a person checks it: low confidence)."""
    for c in candidates:
        label = fold(c.source[: max(0, len(c.source) - len(c.text))]).strip(" :")
        if c.field == "expiry_date" and _RENEWAL_DUE.match(label):
            matches = find_dates(c.text, short_years=True)
            if matches and matches[0].start <= 3:
                return _DateValue(matches[0], c, 0.5)
    return None


_VALID_FROM = regexes.compile(
    r"valid|valable|gultig|geldig|valido|berlaku|compter|from|since|effective|vom|du\b"
)


def _bare_range(lines: list[Line]) -> dict[str, _DateValue]:
    """Return issue and expiry from a line that prints only a validity range, without a label
    ("October 2, 2024 through October 1, 2027" under the certificate number)."""
    for n, line in enumerate(lines):
        found = find_dates(line.text, short_years=True)
        if len(found) != 2:
            continue
        first, second = found
        between = line.text[first.end : second.start]
        outside = (line.text[: first.start] + line.text[second.end :]).strip(" .()")
        previous = lines[n - 1].text if n > 0 and lines[n - 1].page == line.page else ""
        if _RANGE_LINK.match(between) and (not outside or _valid_from(previous, line, first)):
            cell = line.cells[0]
            start = Candidate("issue_date", line.text, line.index, line.page, cell, line.text,
                              0.6, True)
            end = Candidate("expiry_date", line.text, line.index, line.page, cell, line.text,
                            0.6, True)
            return {"issue_date": _DateValue(first, start, 0.6),
                    "expiry_date": _DateValue(second, end, 0.6)}
    return {}


def _valid_from(previous: str, line: Line, first: DateMatch) -> bool:
    """Return True for "... valid in conjunction / with the main certificate from X until Y":
    a range after "from" at the end of a sentence that says "valid" on this or the line
    before."""
    before = fold(line.text[: first.start])
    # "valido de 14 de setembro de 2021 até ...", "gültig vom ... bis", "valable du ... au"
    if not re.search(r"\b(?:from|de|desde|du|vom|von|dal|da|van|dari)\s*$", before):
        return False
    # "berlaku dari ... sampai ...": Indonesian "valid from ... until ..."
    return bool(re.search(r"\b(?:valid|valido|valida|valable|gultig|geldig|berlaku)\b",
                          fold(previous + " " + before)))


def _validity_start(lines: list[Line], expiry: _DateValue) -> _DateValue | None:
    """Return the date printed before the expiry date on its line after validity words
    ("This certificate is valid from 2025-11-24 until 2028-11-23", also when two languages
    are interleaved so that no label can be read)."""
    line = lines[expiry.candidate.line]
    text = line.text
    found = find_dates(text, short_years=True)
    for first, second in zip(found, found[1:], strict=False):
        if second.text == expiry.match.text and _VALID_FROM.search(fold(text[: first.start])):
            cell = line.cells[0]
            candidate = Candidate("issue_date", text[first.start :], line.index, line.page, cell,
                                  text, 0.6, True)
            return _DateValue(first, candidate, 0.6)
    return None


def _consistent(best: dict[str, _DateValue], order: str) -> bool:
    resolved: dict[str, date | None] = {k: v.match.resolve(order) for k, v in best.items()}
    issue, expiry = resolved.get("issue_date"), resolved.get("expiry_date")
    initial = resolved.get("initial_certification_date")
    if issue and expiry and not (issue < expiry and (expiry - issue).days <= 3 * 366 + 31):
        return False
    return not (initial and expiry and initial >= expiry)
