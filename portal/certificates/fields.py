"""Locate labelled and prose values on laid-out lines: the building blocks of parsing."""

from __future__ import annotations

import re
from dataclasses import dataclass

from portal.certificates import regexes
from portal.certificates.dates import MONTHS, find_dates, fold
from portal.certificates.layout import (
    Cell,
    LabelHit,
    Line,
    find_labels,
    fold_same_length,
    is_label_cell,
)
from portal.certificates.vocabulary import AFTER_ORG, SCOPE_END
from portal.certificates.vocabulary_places import (
    COUNTRY,
    LEGAL_FORM_ANY,
    LEGAL_FORM_END,
    POSTCODE,
    STREET,
)


@dataclass(frozen=True)
class Candidate:
    """A value found for a field, with where it sits so it can be continued."""

    field: str
    text: str
    line: int
    page: int
    cell: Cell
    source: str
    confidence: float
    inline: bool


def value_cell(candidate: Candidate) -> Cell:
    """Return the part of the candidate's cell that holds the value, with its column span."""
    cell = candidate.cell
    if not candidate.inline:
        return cell
    offset = max(0, cell.text.find(candidate.text))
    start = cell.start + offset
    text = cell.text[offset:]
    return Cell(text, cell.folded[offset:], start, cell.end)


def _accepted_hits(cell: Cell) -> list[LabelHit]:
    return [hit for hit in find_labels(cell) if hit.accepted]


def _printed_below(lines: list[Line], index: int, reach: int):
    """Yield (index, line) for the printed lines under a line, blank lines skipped, on its
    page, within `reach` lines."""
    for j in range(index + 1, min(len(lines), index + reach + 1)):
        if lines[j].page != lines[index].page:
            return
        if not lines[j].blank:
            yield j, lines[j]


def value_below(lines: list[Line], index: int, cell: Cell) -> tuple[int, Cell] | None:
    """Return the first non-label cell under a label cell within the next three lines."""
    for seen, (j, line) in enumerate(_printed_below(lines, index, 5), start=1):
        if seen > 3:
            return None
        header = lines[index].cells
        if (seen == 1 and len(header) >= 3 and len(line.cells) == len(header)
                and cell in header and all(is_label_cell(c) for c in header)
                and not any(is_label_cell(c) for c in line.cells)):
            # a table's header row over its row of values, cell for cell: centred columns
            # of long headers and short values need not overlap their own header most
            return j, line.cells[header.index(cell)]
        best, best_overlap = None, 0.0
        for other in line.cells:
            overlap = min(cell.end, other.end) - max(cell.start, other.start)
            if overlap > best_overlap or (best is None and abs(other.start - cell.start) <= 4):
                best, best_overlap = other, max(overlap, 0.5)
        if best is not None:
            if is_label_cell(best):
                return None
            later = [c for c in line.cells if c.start > best.start]
            if best.text.rstrip().endswith(":") and later and not is_label_cell(later[0]):
                # "- Expiration -" over "Expiración:   31/10/2023": the label translated,
                # printed with its colon, and the value beside it
                return j, later[0]
            if (best.text.rstrip().endswith(":") and not later
                    and cell.text.rstrip().endswith(":")):
                # "à empresa:" over "ABNT grants the ... Certificate ... to the company:": the
                # label's sentence translated, with its colon; the value is under both
                continue
            return j, best
    return None


def date_below_right(lines: list[Line], index: int, cell: Cell) -> tuple[int, Cell] | None:
    """Return a date printed right of a date label on the next line: OCR puts a value set a
    little lower than its label ("Valid Until:" ... "07-03-2026") on a line of its own, in
    the values' column. The next line must hold no label (its date would be that label's),
    and the date must not stand under another cell of the label's row (a table's column)."""
    return _below_right(lines, index, cell, lambda text: bool(find_dates(text)))


def code_below_right(lines: list[Line], index: int, cell: Cell) -> tuple[int, Cell] | None:
    """Return a certificate number printed right of its label on the next line, as
    `date_below_right` does for dates ("CERTIFICATO N." / "9115.MODI" / "CERTIFICATE N.")."""
    return _below_right(lines, index, cell, _code_alone)


def _code_alone(text: str) -> bool:
    """Return True for a cell that is one code with a digit: "9115.MODI", "QSC 01763"."""
    return (any(ch.isdigit() for ch in text) and len(text.split()) <= 3 and not find_dates(text)
            and parse_certificate_number(text) == text.strip())


def _below_right(lines: list[Line], index: int, cell: Cell, wanted) -> tuple[int, Cell] | None:
    for j, line in _printed_below(lines, index, 2):
        if any(is_label_cell(c) for c in line.cells):
            return None
        later = [c for c in line.cells if c.start >= cell.end and wanted(c.text)]
        if not later or any(  # under another cell of the label's row: that column's value
            min(c.end, later[0].end) > max(c.start, later[0].start)
            for c in lines[index].cells
            if c is not cell
        ):
            return None
        return j, later[0]
    return None


_RANGE_START = regexes.compile(r"^(?:-|–|—|to|until|till|bis|through)\s", re.IGNORECASE)


# A code OCR split at its hyphen or slash ("IT   - 1223"): capitals, then the rest with digits.
_CODE_HEAD = regexes.compile(r"[A-Z]{1,5}")
_CODE_TAIL = regexes.compile(r"[-/–]\s?[A-Z0-9.]*\d[A-Z0-9./-]*")


def _with_range(line: Line, cell: Cell) -> str:
    """Return a value cell's text plus a following cell that continues a date range, or the
    rest of a code that OCR split at its hyphen."""
    later = [c for c in line.cells if c.start > cell.start]
    # Only a date continues into a range; a lone "-" after a number is an empty table cell.
    if later and _RANGE_START.match(later[0].text + " ") and find_dates(cell.text):
        return f"{cell.text} {later[0].text}"
    if (later and later[0].start - cell.end <= _SPLIT_GAP and _CODE_HEAD.fullmatch(cell.text)
            and _CODE_TAIL.fullmatch(later[0].text)):
        return f"{cell.text} {later[0].text}"
    return cell.text


_LABEL_FILLER = {"certificate", "certification", "sertifika", "zertifikat", "certificat", "the",
                 "of", "date", "de", "du", "der", "des", "la", "le"}


def _only_labels(text: str) -> bool:
    """Return True when text holds nothing but labels: "/ Certificate Issue Date" after a label."""
    rest = text.strip(" /|:;-()")
    if not rest:
        return True
    folded = fold_same_length(rest)
    hits = find_labels(Cell(rest, folded, 0, len(rest)))
    if not hits:
        return False
    left = "".join(" " if any(h.start <= n < h.value_start for h in hits) else ch
                   for n, ch in enumerate(folded))
    return all(word in _LABEL_FILLER for word in re.findall(r"\w+", left))


_DATE_FIELDS = ("initial_certification_date", "issue_date", "expiry_date")


_YEAR_ONLY = regexes.compile(r"(?:since\s+|seit\s+|depuis\s+|desde\s+)?(?:19|20)\d\d\.?")


def _qualifier_only(hit, text: str) -> bool:
    """Return True when what follows a date label in its cell qualifies the label rather
    than giving its value: a word or two ("corrente", "current", "actuelle"), or words with
    no date ("Original cycle start date For ISO 9001:", "Certificate Expiry (subject to the
    company maintaining its") while the date stands in the next cell or under the label."""
    if hit.field not in _DATE_FIELDS:
        return False
    if _YEAR_ONLY.fullmatch(fold(text).strip()):
        return False  # "Erstzertifizierung 2016": the value, only a year; nothing below is it
    if not hit.has_colon and len(text.split()) <= 2 and not any(ch.isdigit() for ch in text):
        return True
    return not find_dates(text, short_years=True)


def _stack_cell(line: Line, cell: Cell, field: str) -> Cell | None:
    """Return the cell of a line that stacks with a label cell (the same label in another
    language, printed at the same left edge), or None."""
    for other in line.cells:
        if abs(other.start - cell.start) > 2:
            continue
        words = other.text.split()
        if not 1 <= len(words) <= 4 or any(ch.isdigit() for ch in other.text):
            return None
        if any(hit.field != field for hit in find_labels(other)):
            return None  # another field's label: a list of labels, not one label translated
        return other
    return None


def _stacked_values(lines: list[Line], index: int, cell: Cell, field: str):
    """Yield (index, cell) for the values beside the other rows of a label printed in several
    languages one under the other ("Unternehmen / Entreprise / Azienda / Company" with the
    name beside the first): three rows or more, no blank line, no other field's label."""
    rows: list[tuple[int, Cell]] = []
    for step in (-1, 1):
        j = index + step
        while 0 <= j < len(lines) and abs(j - index) <= 4:
            line = lines[j]
            if line.blank or line.page != lines[index].page:
                break
            stacked = _stack_cell(line, cell, field)
            if stacked is None:
                break
            rows.append((j, stacked))
            j += step
    if len(rows) < 2:
        return
    for j, stacked in sorted(rows):
        later = [c for c in lines[j].cells if c.start > stacked.end]
        if later and not is_label_cell(later[0]):
            yield j, later[0]


# The label's translation in brackets opening the cell beside it: "Número" | "(number) 20511-AE".
_NOTE = regexes.compile(r"^\([^()\d]{2,40}\)\s*:?\s*(?=\S)")


def _past_note(text: str) -> str:
    return text[_NOTE.match(text).end():] if _NOTE.match(text) else text


_PREFIX_ONLY = regexes.compile(r"[A-Z]{2,4}")
# ("IT   100764": OCR may lose the dash between them)
_DASHED_REST = regexes.compile(r"\s*(?:[-–/]\s*)?\d{3}")


# "Registration No.", "Reg. No.", "Company No." straight after a company's name in the same
# cell ("Kariega Certification Services (Pty) Ltd · Reg. No. 2011/004417/07"): the company's
# entry in its country's register, not a certificate's number.
_REGISTER_LABEL = regexes.compile(r"^(?:reg(?:istration)?\.?\s*(?:no|nr|number|#)|company\s+no)")


def _company_register_number(cell: Cell, hit: LabelHit) -> bool:
    before = cell.text[: hit.start].rstrip(" ·•|,;:-–—")
    return (
        hit.start > 0
        and bool(_REGISTER_LABEL.match(cell.folded[hit.start : hit.end]))
        and bool(LEGAL_FORM_END.search(before))
    )


def _year_below(lines: list[Line], index: int, cell: Cell, text: str) -> str | None:
    """Return the start of the next line of a cell's column when the cell's value is a date
    cut at the line's end ("was issued on 7" / "July 2024 following ..."): prose wrapped
    mid-date."""
    if not text[-1:].isalnum() and not text.endswith(",") or find_dates(text):
        return None
    nxt = lines[index + 1] if index + 1 < len(lines) else None
    if nxt is None or nxt.page != lines[index].page:
        return None
    below = next((c for c in nxt.cells if abs(c.start - cell.start) <= 3), None)
    if below is None:
        return None
    joined = f"{text} {below.text.strip()}"
    found = find_dates(joined)
    if not found or found[0].start >= len(text) or found[0].end <= len(text) + 1:
        return None
    return joined[len(text) + 1 : found[0].end]


def label_candidates(lines: list[Line]) -> list[Candidate]:
    """Return a candidate for every accepted label that has a value next to or under it."""
    found: list[Candidate] = []
    for i, line in enumerate(lines):
        for k, cell in enumerate(line.cells):
            hits = [h for h in _accepted_hits(cell) if not (
                h.field == "certificate_number" and _company_register_number(cell, h))]
            for n, hit in enumerate(hits):
                stop = hits[n + 1].start if n + 1 < len(hits) else len(cell.text)
                text = cell.text[hit.value_start : stop].strip(" :;-")
                if text.startswith(("/", "|")) and _only_labels(text):
                    text = ""  # "Yayın Tarihi / Certificate Issue Date": the label translated
                confidence = 0.95 if hit.has_colon else 0.85
                nxt = line.cells[k + 1] if k + 1 < len(line.cells) else None
                source = cell.text
                if (hit.field == "certificate_number" and nxt is not None
                        and _PREFIX_ONLY.fullmatch(text) and _DASHED_REST.match(nxt.text)):
                    # "Registration Number: RO" | "- 3678": a country prefix the layout set
                    # apart from the rest of the number
                    text = f"{text} {nxt.text.strip()}"
                    source = f"{cell.text} {nxt.text.strip()}"
                if hit.field in _DATE_FIELDS and text:
                    year = _year_below(lines, i, cell, text)
                    if year:  # "was issued on March 24," / "2024 and remains ...": wrapped
                        text, source = f"{text} {year}", f"{source} {year}"
                if text:
                    found.append(
                        Candidate(hit.field, text, i, line.page, cell, source, confidence, True)
                    )
                    if not _qualifier_only(hit, text):
                        continue
                    # "Data Emissione corrente" / "Issue date (current)": the value is beside
                    # or under the whole label, so look there too
                if n + 1 < len(hits):
                    continue
                nxt = line.cells[k + 1] if k + 1 < len(line.cells) else None
                if nxt is not None and not is_label_cell(nxt):
                    text = _with_range(line, nxt)
                    after = line.cells[k + 2] if k + 2 < len(line.cells) else None
                    if (hit.field == "certificate_number" and after is not None
                            and _PREFIX_ONLY.fullmatch(text.strip())
                            and _DASHED_REST.match(after.text)):
                        text = f"{text.strip()} {after.text.strip()}"  # "IT" | "100764"
                    found.append(
                        Candidate(
                            hit.field,
                            _past_note(text.lstrip(" :;")),
                            i,
                            line.page,
                            nxt,
                            f"{cell.text} {text}",
                            confidence,
                            False,
                        )
                    )
                for j, other in _stacked_values(lines, i, cell, hit.field):
                    found.append(
                        Candidate(hit.field, other.text.strip(" :;"), j, line.page, other,
                                  f"{cell.text} {other.text}", confidence - 0.1, False)
                    )
                below = value_below(lines, i, cell)
                right = None
                if hit.field in _DATE_FIELDS and (below is None or not find_dates(below[1].text)):
                    right = date_below_right(lines, i, cell)
                elif hit.field == "certificate_number" and below is None:
                    right = code_below_right(lines, i, cell)
                if right is not None:
                    j, other = right
                    found.append(
                        Candidate(hit.field, other.text.strip(" :;"), j, line.page, other,
                                  f"{cell.text} {other.text}", confidence - 0.1, False)
                    )
                if below is not None:
                    j, other = below
                    text = _with_range(lines[j], other)
                    found.append(
                        Candidate(
                            hit.field,
                            text.lstrip(" :;"),
                            j,
                            line.page,
                            other,
                            f"{cell.text} {text}",
                            confidence - 0.05,
                            False,
                        )
                    )
    return found


def aligned(a: Cell, b: Cell, *, left: int | None = None) -> bool:
    """Return True when b sits under a: same start, centre or end, or mostly overlapping."""
    if abs(a.start - b.start) <= 3 or abs(a.center - b.center) <= 3 or abs(a.end - b.end) <= 2:
        return True
    overlap = min(a.end, b.end) - max(a.start, b.start)
    if overlap >= 0.5 * min(a.end - a.start, b.end - b.start) and abs(a.center - b.center) <= 12:
        return True
    return left is not None and abs(b.start - left) <= 3


def _native(piece: str) -> bool:
    """Return True for a piece of an address written mostly in Chinese, Japanese or Korean."""
    cjk = sum(1 for ch in piece if "\u2e80" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af")
    return cjk > sum(1 for ch in piece if ch.isascii() and ch.isalpha())


def latin_pieces(pieces: list[str]) -> list[str]:
    """Return an address's pieces without those in a CJK script when its Latin form is printed
    under them ("〒541-0041 大阪府..." / "2-14-7 Kitahama, Chuo-ku, Osaka ..."): the English form,
    as for the other fields."""
    latin = [p for p in pieces if not _native(p)]
    return latin if latin and len(latin) < len(pieces) and looks_like_address(" ".join(latin)) \
        else pieces


def _label_fields(cell: Cell) -> set[str]:
    """Return the fields whose labels start a cell."""
    return {hit.field for hit in find_labels(cell) if hit.at_start and hit.accepted}


def continuation(
    lines: list[Line],
    index: int,
    cell: Cell,
    *,
    limit: int,
    left: int | None = None,
    stop: re.Pattern[str] | None = None,
    skip_blank: bool = False,
    loose_first: bool = False,
    past_columns: bool = False,
) -> list[tuple[int, Cell]]:
    """Return the cells that continue a value downwards in the same column.

    skip_blank lets one blank line (a paragraph gap, or a line of another column) pass;
    past_columns lets a line that only holds another column pass, not a blank line;
    loose_first accepts any overlapping cell on the first line (text under a large name).
    """
    out: list[tuple[int, Cell]] = []
    previous = cell
    column = (cell.start, cell.end)  # the value's widest extent so far
    own = {f for c in lines[index].cells if c.end <= cell.start for f in _label_fields(c)}
    j = index + 1
    blanks = 0
    while j < len(lines) and len(out) < limit:
        line = lines[j]
        if line.page != lines[index].page:
            break
        if line.blank:
            blanks += 1
            if not skip_blank or blanks > 1:
                break
            j += 1
            continue
        match = next((c for c in line.cells if aligned(previous, c, left=left)), None)
        if match is None and loose_first and not out:
            match = next(
                (
                    c
                    for c in line.cells
                    if min(c.end, previous.end) - max(c.start, previous.start) > 0
                ),
                None,
            )
        if (
            match is None
            and (skip_blank or past_columns)
            and blanks == 0
            and not any(
                min(c.end, previous.end) - max(c.start, previous.start) > -2 for c in line.cells
            )
        ):
            blanks += 1  # a line that only holds another column: look past it once
            j += 1
            continue
        if match is None or is_label_cell(match):
            break
        if any(
            c.end <= match.start and is_label_cell(c) and value_below(lines, j, c) is None
            and not _label_fields(c) <= own  # not the value's label translated ("注册地址" /
            for c in line.cells              # "Registered Address" over one value)
        ):
            break
        if SCOPE_END.match(match.folded) or (stop and stop.search(match.folded)):
            break
        match = _widened(line, match, column)
        column = (min(column[0], match.start), max(column[1], match.end))
        out.append((j, match))
        blanks = 0
        previous = match
        j += 1
    return out


# The widest gap, in columns, inside one wrapped line of a value that OCR split into cells
# ("BAGS     - SACK AND PE TARPAULIN.").
_SPLIT_GAP = 8


def _widened(line: Line, match: Cell, column: tuple[int, int]) -> Cell:
    """Return the continuing cell joined with the cells beside it on its line that stay inside
    the value's column (no wider than the widest line of the value so far) a short gap apart:
    OCR leaves gaps of several spaces inside a centred line."""
    cells = list(line.cells)
    lo = hi = cells.index(match)
    while lo > 0:
        before = cells[lo - 1]
        if (cells[lo].start - before.end > _SPLIT_GAP or before.start < column[0] - 3
                or is_label_cell(before)):
            break
        lo -= 1
    while hi + 1 < len(cells):
        after = cells[hi + 1]
        if (after.start - cells[hi].end > _SPLIT_GAP or after.end > column[1] + 3
                or is_label_cell(after)):
            break
        hi += 1
    if lo == hi:
        return match
    text = " ".join(c.text for c in cells[lo : hi + 1])
    return Cell(text, fold_same_length(text), cells[lo].start, cells[hi].end)


def join_lines(parts: list[str]) -> str:
    """Return wrapped lines joined into one string, undoing end-of-line hyphenation."""
    text = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if text.endswith("-") and len(text) > 1 and text[-2].islower() and part[:1].islower():
            text = text[:-1] + part
        elif text.endswith(("-", "/")):
            text += part
        else:
            text = f"{text} {part}" if text else part
    return re.sub(r"\s+", " ", text).strip()


# Latin, Turkish, Cyrillic and Greek letters: national registers print numbers in their own
# script ("РОСС RU.АБ12.Н00123", "ΕΛ-0451/2023").
_ID_TOKEN = regexes.compile(
    r"[A-Z0-9ÄÖÜŞİÇĞА-ЯЁΑ-Ω][A-Za-z0-9ÄÖÜŞİÇĞА-Яа-яЁёΑ-Ωα-ω\-/._#()]*$"
)
_STOP_TOKENS = {
    "ISO",
    "IEC",
    "DATE",
    "ISSUE",
    "VALID",
    "EXPIRY",
    "SCOPE",
    "PAGE",
    "OF",
    "DATED",
    "EN",
    "DIN",
    "THE",
    "AND",
    "ISSUED",
    "REV",
    "REV.",
    "VERSION",
}


# An identifier that ends with its date of issue after a slash: "BG-7461-Q/30.06.2025" (letters
# and digits before the slash; a date alone, or after a word, still ends the number)
_DATED_ID = regexes.compile(
    r"(?=[^/]*[A-Za-z])(?=[^/]*\d)[A-Z0-9][\w.-]*/\d{1,2}[./-]\d{1,2}[./-](?:19|20)\d\d"
)


# A system's acronym with one small letter leading a number: "EnMS 00011" (energy management)
_MIXED_ACRONYM = regexes.compile(r"[A-Z][a-z][A-Z]{2,3}")


def parse_certificate_number(value: str) -> str | None:
    """Return the certificate number at the start of a label's value, stray spaces removed."""
    # "No.44 100 18391770": the label's full stop may be left before the number
    # (not the start of a number: "NO-QMS-57624", "NOR1234")
    value = re.sub(r"^(?:(?:n[o°º]|nr)(?:\.|(?![\w/-]))|number|#|:|\.)\s*", "", value.strip(),
                   flags=re.IGNORECASE)
    tokens: list[str] = []
    for raw in value.split():
        token = raw.strip(",;:")
        if token in {"-", "/", "–"} and tokens:
            tokens.append(token)
            continue
        if not token or token.upper() in _STOP_TOKENS or fold(token.strip(".")) in MONTHS:
            break
        if (find_dates(" ".join([*tokens, token])) and not find_dates(" ".join(tokens))
                and not _DATED_ID.fullmatch(token)):
            break
        if not _ID_TOKEN.match(token):
            break
        if (any(ch.islower() for ch in token) and not any(ch.isdigit() for ch in token)
                and not _MIXED_ACRONYM.fullmatch(token)):
            break
        tokens.append(token)
        if len(tokens) >= 6:
            break
    while tokens and tokens[-1] in {"-", "/", "–"}:
        tokens.pop()
    if not tokens or not any(ch.isdigit() for ch in "".join(tokens)):
        return None
    merged: list[str] = []
    for token in tokens:
        if (
            merged
            and token.isdigit()
            and merged[-1].isdigit()
            and (len(token) == 1 or len(merged[-1]) == 1)
        ):
            merged[-1] += token
        else:
            merged.append(token)
    number = " ".join(merged)
    if number.endswith(".") and number.count(".") == 1:
        number = number[:-1]  # "Registration No.: 12 104 47402 TMS." ends a sentence
    return latin_lookalikes(re.sub(r"(?<=[A-Za-z0-9])\s*([-/])\s*(?=[A-Za-z0-9])", r"\1", number))


# Cyrillic capitals drawn like Latin ones. OCR reading a page in Russian and English picks
# either for a number printed in Latin letters ("ST.RU.0001.В0000549").
_LOOKALIKES = str.maketrans("АВЕКМНОРСТХ", "ABEKMHOPCTX")


def latin_lookalikes(number: str) -> str:
    """Return a number in Latin letters when its Cyrillic letters are all Latin look-alikes
    among Latin ones; a number printed in Cyrillic ("СЭМ0507") is kept as printed."""
    cyrillic = [ch for ch in number if "\u0400" <= ch <= "\u04ff"]
    latin = [ch for ch in number if ch.isascii() and ch.isalpha()]
    if cyrillic and latin and all(ch in "АВЕКМНОРСТХ" for ch in cyrillic):
        return number.translate(_LOOKALIKES)
    return number


# A line led by a house number ("2104, Kacha Bazar, ...", "9/126 LGF, ..."): with two or more
# place names after commas, an address line, not a name ("3M Company" has none).
_HOUSE_NUMBER_FIRST = regexes.compile(r"\s*#?\s*\d+[A-Za-z]?(?:[/-]\d+[A-Za-z]?)*(?:,|\s)")


def looks_like_address(text: str) -> bool:
    """Return True when text reads like a postal address line."""
    folded = fold(text)
    if len(text) > 220 or (not any(ch.isdigit() for ch in text) and not COUNTRY.search(folded)
                           and not _UNNUMBERED_STREET.search(folded)):
        return False
    if re.search(r"\bISO\b|certif|zertifi|\bwww\.|https?:|@", text, re.IGNORECASE):
        return False
    return bool(
        STREET.search(folded)
        or COUNTRY.search(folded)
        or POSTCODE.search(text)
        or _house_number_first(text)
    )


# Words only an address prints, even a line without a number: Turkish "Topçalı Mah. ...
# Sk." (neighbourhood, street), "Caddesi".
_UNNUMBERED_STREET = regexes.compile(
    r"(?<![a-z])(?:mah\.|mahallesi|sk\.|sok\.|sokak|sokagi|cad\.|caddesi)(?![a-z])"
)


def _house_number_first(text: str) -> bool:
    """Return True for a line led by a house number with two or more place names after it."""
    if not _HOUSE_NUMBER_FIRST.match(text) or find_dates(text):
        return False
    places = [p for p in text.split(",")[1:] if re.search(r"[^\W\d_]{4}", p)]
    return len(places) >= 2


def address_part(text: str) -> str:
    """Return text without a leading site name ("Berlin office, Musterweg 5, ...")."""
    pieces = [p.strip() for p in text.split(",")]
    for n in range(1, len(pieces)):
        head, rest = ", ".join(pieces[:n]), ", ".join(pieces[n:])
        if any(ch.isdigit() for ch in head) or LEGAL_FORM_ANY.fullmatch(" " + pieces[n]):
            break
        if POSTCODE.fullmatch(pieces[n]):
            break  # "Raleigh, NC 27601": the head is the town before its postcode
        if (
            looks_like_address(rest)
            and (STREET.search(fold(pieces[n])) or any(ch.isdigit() for ch in pieces[n]))
            and not looks_like_address(head)
            and not STREET.search(fold(head))  # "Av. Camilo Castelo Branco, 90": a street
        ):
            return rest
    return text.strip()


def split_name_address(text: str) -> tuple[str, str]:
    """Return (name, address) of a line like "Example GmbH, Musterstr. 1, 10115 Berlin"."""
    cut = AFTER_ORG.search(fold(text))
    if cut:
        text = text[: cut.start()]
    text = text.strip(" ,;:")
    # a business or tax ID printed before the name ("031240000544Товарищество ...")
    text = re.sub(r"^\d{6,}\s*(?=[^\W\d_])", "", text)
    text = re.sub(r"^M/[Ss]\.?\s*", "", text)  # "M/s." (Messrs) before an Indian firm's name
    pieces = [p.strip() for p in text.split(",")]
    for n in range(1, len(pieces)):
        head, rest = ", ".join(pieces[:n]), ", ".join(pieces[n:])
        if LEGAL_FORM_ANY.fullmatch(" " + pieces[n].rstrip(".") + ".") or LEGAL_FORM_ANY.fullmatch(
            " " + pieces[n]
        ):
            continue
        if any(ch.isdigit() for ch in head):
            break
        if looks_like_address(rest):
            return head, rest
    return _split_after_name(text)


_NAME_SEPARATOR = regexes.compile(r"\s+[-–—|]\s+|\s{2,}")


def _split_after_name(text: str) -> tuple[str, str]:
    """Return (name, address) of "Example Ltd - Unit 4, Mill Lane, Leeds" or "Example Ltd.
    Unit 4, ...": an address after a dash or after the legal form that ends the name."""
    cuts = [(m.start(), m.end()) for m in _NAME_SEPARATOR.finditer(text)]
    cuts += [(m.end(), m.end()) for m in LEGAL_FORM_ANY.finditer(text)]
    for start, end in sorted(cuts):
        head, rest = text[:start].strip(" ,;-–—|"), text[end:].strip(" ,;-–—|")
        if not head or not rest or any(ch.isdigit() for ch in head):
            continue
        if looks_like_address(rest) and not looks_like_address(head):
            return head, rest
    return text, ""
