"""Split layout text into lines of positioned cells and find field labels in them.

Page text is expected the way ``pdftext`` renders it: one printed line per text line,
words placed near their horizontal position, and three or more spaces wherever the page
leaves a visible gap (between a label and its value, between columns or table cells).
Plain text without such gaps still works: every line is then a single cell.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache

from portal.certificates import regexes
from portal.certificates.dates import find_dates, fold
from portal.certificates.vocabulary import LABELS, STRICT_FIELDS, STRICT_PATTERNS

# A cell runs until a gap of three spaces or a tab (a one-character cell such as "-" too).
_GAP = regexes.compile(r"\S(?:(?!\s{3,}|\t).)*")


@dataclass(frozen=True)
class Cell:
    """A run of text on one line with its column span."""

    text: str
    folded: str
    start: int
    end: int

    @property
    def center(self) -> float:
        """Return the middle column of the cell."""
        return (self.start + self.end) / 2


@dataclass(frozen=True)
class Line:
    """One printed line: page (1-based), index in the document, its cells."""

    page: int
    index: int
    cells: tuple[Cell, ...]

    @property
    def blank(self) -> bool:
        """Return True for an empty line (a paragraph break)."""
        return not self.cells

    @property
    def text(self) -> str:
        """Return the line's cells joined by single spaces."""
        return " ".join(cell.text for cell in self.cells)


@dataclass(frozen=True)
class LabelHit:
    """A field label found in a cell and where its value starts."""

    field: str
    start: int
    end: int
    value_start: int
    has_colon: bool
    at_start: bool
    strict: bool
    cell_only: bool
    # a date label at the start of its cell with a date right after it ("Issue date 01 FEB
    # 2024"): a label without its colon
    dated: bool = False

    @property
    def accepted(self) -> bool:
        """Return True when the hit reads as a label rather than a word in prose."""
        if self.strict:
            return self.has_colon or (self.at_start and (self.cell_only or self.dated))
        return True


def fold_same_length(text: str) -> str:
    """Return folded text with exactly one character per input character."""
    if text.isascii():
        return text.lower()
    return "".join(_fold_char(ch) for ch in text)


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    folded = fold(ch)
    return folded[0] if folded else " "


# A letter-spaced word in capitals as plain text or OCR gives it ("C E R T I F I C A T E"):
# four or more single capitals, one or two spaces apart.
_SPACED_CAPITALS = regexes.compile(r"(?<![^\s(])(?:[^\W\d_a-z] {1,2}){3,}[^\W\d_a-z](?![^\s):,.])")


def _join_spaced(match: re.Match[str]) -> str:
    letters = match.group(0)
    return letters.replace(" ", "") if letters.replace(" ", "").isupper() else letters


def normalise_page(text: str) -> str:
    """Return page text with compatibility characters (ligatures, wide colons) resolved and
    letter-spaced words in capitals joined."""
    # NFKC would turn the ordinal indicators of "3º piso" into letters: keep them.
    text = text.replace("º", "\x00o").replace("ª", "\x00a")
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    text = text.replace("\x00o", "º").replace("\x00a", "ª")
    text = _SPACED_CAPITALS.sub(_join_spaced, text)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")


# A cell that is a dash and a number ("- 20874 BUSNAGO"), a short gap after another cell.
_DASH_GOES_ON = regexes.compile(r"^[-–]\s+\d")
_DASH_GAP = 12


def split_cells(line: str) -> tuple[Cell, ...]:
    """Return the cells of one layout line."""
    cells: list[Cell] = []
    pending: int | None = None
    for m in _GAP.finditer(line):
        text = m.group(0).rstrip()
        if text == ":" and pending is None:
            pending = m.start()  # a colon set apart from its label belongs to the value
            continue
        start = m.start() if pending is None else pending
        text = line[start : m.start() + len(text)]
        if (cells and pending is None and _DASH_GOES_ON.match(text)
                and start - cells[-1].end <= _DASH_GAP and cells[-1].text[-1:].isalnum()):
            # "VIA DEL LAVORO 54        - 20874 BUSNAGO (MB)": a dash starts no column, the
            # text before it goes on (OCR left a wide gap before the dash)
            head, end = cells.pop(), start + len(text)
            text = f"{head.text} {text}"
            cells.append(Cell(text, fold_same_length(text), head.start, end))
            pending = None
            continue
        cells.append(Cell(text, fold_same_length(text), start, start + len(text)))
        pending = None
    if pending is not None:
        cells.append(Cell(":", ":", pending, pending + 1))
    return tuple(cells)


# The widest gap, in columns, inside a label that OCR split in two ("Registration      Number:").
_LABEL_GAP = 10
_ONE_WORD = regexes.compile(r"[^\W\d_]{2,}\.?")


def join_split_labels(cells: tuple[Cell, ...]) -> tuple[Cell, ...]:
    """Return the cells with a label that a wide gap split in two joined into one cell: a word
    alone in its cell that starts a label running into the cell after it ("Registration" is
    a label alone, "Registration Number:" a longer one)."""
    out = list(cells)
    k = 0
    while k + 1 < len(out):
        first, second = out[k], out[k + 1]
        if (
            second.start - first.end <= _LABEL_GAP
            and _ONE_WORD.fullmatch(first.text)
            and second.text[:1].isalpha()
        ):
            text = f"{first.text} {second.text}"
            joined = Cell(text, fold_same_length(text), first.start, second.end)
            if any(
                hit.accepted and hit.at_start and hit.end > len(first.text) + 1
                for hit in find_labels(joined)
            ):
                out[k : k + 2] = [joined]
                continue
        k += 1
    return tuple(out)


_TEXT_FIELDS = ("scope", "organization", "address", "sites", "standard", "certification_body")


def _extends_label(head: Cell, tail: Cell) -> Cell | None:
    """Return head and tail as one label cell when together they make a label that runs past
    head's words ("Scope of" + "Certification"), else None."""
    whole = len(head.folded.rstrip(" :"))
    if any(hit.accepted and hit.at_start and hit.end >= whole for hit in find_labels(head)):
        return None  # a label complete in itself ("Expiry Date" over "Date of Issue")
    text = f"{head.text} {tail.text}"
    joined = Cell(text, fold_same_length(text), head.start, max(head.end, tail.end))
    if any(
        hit.accepted and hit.at_start and hit.end > len(head.text) + 1
        for hit in find_labels(joined)
    ):
        return joined
    # a qualifier over a label of text ("AI Management System" / "Scope:"): the label is the
    # tail's; a date's or a number's label is never qualified ("Audit Report No." over "Valid
    # until" is two labels, each with its value)
    tail_whole = len(tail.folded.rstrip(" :"))
    if (
        not find_labels(head)
        and len(head.text.split()) <= 4
        and not any(ch.isdigit() for ch in head.text)
        and any(
            h.accepted and h.at_start and h.end >= tail_whole and h.field in _TEXT_FIELDS
            for h in find_labels(tail)
        )
    ):
        return Cell(tail.text, tail.folded, head.start, max(head.end, tail.end))
    return None


_SHORT_TAIL = regexes.compile(r"[^\W\d_][^\W\d_.]*(?:\s+[^\W\d_]+){0,2}:?")


def join_wrapped_labels(rows: list[tuple[Cell, ...]]) -> list[tuple[Cell, ...]]:
    """Return a page's rows with a label that a table cell wrapped onto two lines joined.

    A label column wraps "Scope of" / "Certification" with the value beside either line:
    beside the first ("Scope of   Design of ..." over "Certification"), or centred between
    them ("Name of" / "   Ilmari Analytics Pte. Ltd." / "Organisation"). The two parts, in
    the same column, make one label (a longer one than the first part alone); the value is
    then printed beside it.
    """
    out = list(rows)
    k = 0
    while k + 1 < len(out):
        first, below = out[k], out[k + 1]
        after = out[k + 2] if k + 2 < len(out) else ()
        if first and len(first) <= 2 and below:
            head = first[0]
            # centred: the value alone to the right, then the label's tail under its head
            if (
                len(first) == 1 and len(below) == 1 and below[0].start > head.end + 2
                and len(after) == 1 and abs(after[0].start - head.start) <= 2
                and _SHORT_TAIL.fullmatch(after[0].text)
                and (joined := _extends_label(head, after[0]))
            ):
                out[k : k + 3] = [(joined, below[0])]
                k += 1
                continue
            # top-aligned: the value beside the head, the tail under the head
            tail = below[0]
            if (
                len(first) == 2 and abs(tail.start - head.start) <= 2
                and tail.end < first[1].start
                and all(abs(c.start - first[1].start) <= 3 for c in below[1:])
                and _SHORT_TAIL.fullmatch(tail.text)
                and (joined := _extends_label(head, tail))
            ):
                out[k] = (joined, first[1])
                out[k + 1] = below[1:]
                if not out[k + 1]:
                    del out[k + 1]
                k += 1
                continue
        k += 1
    return out


def paragraphs(lines: list[Line]) -> list[list[Line]]:
    """Return the runs of lines of one cell each, on one page, between blank or table lines:
    the paragraphs a sentence may wrap across."""
    runs: list[list[Line]] = []
    for line in lines:
        if line.blank or len(line.cells) != 1:
            runs.append([])
        elif runs and runs[-1] and runs[-1][-1].page == line.page:
            runs[-1].append(line)
        else:
            runs.append([line])
    return [run for run in runs if run]


def read_lines(pages: list[str], *, first_page: int = 1) -> list[Line]:
    """Return every line of every page, blank lines collapsed to one."""
    lines: list[Line] = []
    for page_number, page in enumerate(pages, start=first_page):
        previous_blank = True
        rows = [join_split_labels(split_cells(raw.rstrip()))
                for raw in normalise_page(page).split("\n")]
        for cells in join_wrapped_labels(rows):
            if not cells and previous_blank:
                continue
            lines.append(Line(page_number, len(lines), cells))
            previous_blank = not cells
        if lines and not lines[-1].blank:
            lines.append(Line(page_number, len(lines), ()))
    return lines


def _label_regex(patterns: tuple[str, ...]) -> str:
    return "(?:" + "|".join(patterns) + ")"


# One regex per field finds a label; the code below extends it over a translation printed
# after a slash ("Certificate No. / Zertifikat-Nr.:"), a note in brackets and the colon. (One
# alternation per field: compiling them is most of the reader's start-up time.)
# OCR reads "ri" as "n" and "rn" as "m" ("Data pnma emissione"): date labels, the ones scans
# lose most, accept those readings too.
_OCR_TOLERANT = ("initial_certification_date", "issue_date", "expiry_date")


def _ocr_tolerant(pattern: str) -> str:
    # and the Turkish "ç" as "g" ("Gegerlilik Tarihi")
    # and a capital "I" starting a word as "l" ("lssuance Date", "lnitial")
    return (pattern.replace("ri", "(?:ri|n)").replace("rn", "(?:rn|m)")
            .replace("gecer", "ge[cg]er").replace("issu", "[il]ssu")
            .replace("initial", "[il]nitial"))


# OCR may leave a space between two characters of a Chinese, Japanese or Korean label ("유 효기간"
# for "유효기간"): CJK labels accept one there.
_CJK_CLASS = "\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3"
_CJK_PAIR = regexes.compile(f"([{_CJK_CLASS}])(?=[{_CJK_CLASS}])")


def _cjk_spaced(pattern: str) -> str:
    return _CJK_PAIR.sub(r"\1 ?", pattern)


_FIELD_RES = {
    field: regexes.compile(
        r"(?<![a-z0-9])(?:"
        + _label_regex(
            tuple(_cjk_spaced(_ocr_tolerant(p)) if field in _OCR_TOLERANT else _cjk_spaced(p)
                  for p in patterns)
        )
        + r")(?![a-z0-9])"
    )
    for field, patterns in LABELS.items()
}


def label_patterns() -> tuple[re.Pattern[str], ...]:
    """Return the patterns the labels of every field are found by (on folded text)."""
    return tuple(_FIELD_RES.values())


# Words joining two label nouns into one label: "Dirección de la organización", "Address of the
# organisation", "Indirizzo dell'organizzazione".
_OF_THE = regexes.compile(
    r"\s+(?:of(?:\s+the)?|de(?:\s+la|\s+l'|l)?|du|des|della?|dell'\s*|di|da|do|dos|das)\s*"
)
_SLASH = regexes.compile(r"\s*(?:\([^)]{0,40}\)\s*)?[/|]\s*")
# A footnote mark may sit between a label and its colon: "Date of Expiry* :".
_COLON = regexes.compile(r"\s*[*†‡¹²³]{0,2}\s*(?:\([^)]{0,40}\)\s*)?(?P<colon>[:;]|-(?=\s|$)|#)?")
_STRICT_RES = [regexes.compile(r"(?:" + p + r")$") for p in STRICT_PATTERNS]
_LEAD = regexes.compile(r"^[\s\-•*·>|–]*")
# "Sertifika Geçerlilik Tarihi / Certificate Validity Date": the word for "certificate" before
# a label (and before its translation) belongs to the label.
_LABEL_PREFIX = regexes.compile(
    r"(?:certificate|certification|sertifika|belge|zertifikat|certificat|certificado|"
    r"certificato|certificaat)\s+"
)


# "Surv. audit on or before / Certificate expiry", "Fecha de vencimiento / Expiry date": a
# label whose other language (or other name) before the slash is words the reader does not
# know as a label starts its cell all the same.
_UNKNOWN_BEFORE_SLASH = regexes.compile(r"^[^\W\d][^\d:;/|]{0,50}?\s[/|]\s*$")


def _after_prefix(folded: str, pos: int) -> int:
    prefix = _LABEL_PREFIX.match(folded, pos)
    return prefix.end() if prefix else pos


_DATE_LABELS = ("initial_certification_date", "issue_date", "expiry_date")


def _date_first(text: str) -> bool:
    found = find_dates(text[:40])
    return bool(found) and found[0].start == 0


def find_labels(cell: Cell) -> list[LabelHit]:
    """Return the accepted-or-not label hits in a cell, longest first where they overlap."""
    return list(_labels_in(cell.text, cell.folded))


# The same cells are asked for their labels by every field's rules (four times in five on
# the generated corpus): the hits depend on the cell's text alone.
@lru_cache(maxsize=4096)
def _labels_in(text: str, folded: str) -> tuple[LabelHit, ...]:
    hits: list[LabelHit] = []
    lead = _LEAD.match(folded).end()
    for field, regex in _FIELD_RES.items():
        for m in regex.finditer(folded):
            label = m.group(0)
            strict = field in STRICT_FIELDS or any(r.match(label) for r in _STRICT_RES)
            end = m.end()
            while (slash := _SLASH.match(folded, end)) and (
                again := regex.match(folded, _after_prefix(folded, slash.end()))
            ):
                end = again.end()  # the same label in another language
            colon = _COLON.match(folded, end)
            value_start = colon.end()
            has_colon = bool(colon.group("colon"))
            value_start += len(folded[value_start:]) - len(folded[value_start:].lstrip())
            hit = LabelHit(
                field=field,
                start=m.start(),
                end=m.end(),
                value_start=value_start,
                has_colon=has_colon,
                at_start=m.start() <= _after_prefix(folded, lead)
                or bool(_UNKNOWN_BEFORE_SLASH.match(folded[: m.start()])),
                strict=strict,
                cell_only=value_start >= len(folded.rstrip()),
                dated=strict and field in _DATE_LABELS and _date_first(text[value_start:]),
            )
            hits.append(hit)
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    chosen: list[LabelHit] = []
    for hit in hits:
        if chosen and hit.start < chosen[-1].value_start:
            if hit.start == chosen[-1].start and hit.end > chosen[-1].end:
                chosen[-1] = hit
            continue
        if (
            chosen
            and not chosen[-1].has_colon
            and chosen[-1].field not in (hit.field, "certificate_number")
            and hit.field == "organization"
            and _OF_THE.fullmatch(folded, chosen[-1].end, hit.start)
        ):
            # "Dirección de la organización:", "Address of the organisation:": one label, named
            # by its first noun (the organisation's address, not the organisation)
            first = chosen[-1]
            chosen[-1] = replace(first, end=hit.end, value_start=hit.value_start,
                                 has_colon=hit.has_colon, cell_only=hit.cell_only)
            continue
        if (
            chosen
            and hit.start <= chosen[-1].value_start + 1
            and not chosen[-1].has_colon
            and (chosen[-1].field == hit.field or not chosen[-1].accepted)
        ):
            # "Certification Effective Date:" reads as one label, not two.
            first = chosen[-1]
            hit = LabelHit(
                hit.field,
                first.start,
                hit.end,
                hit.value_start,
                hit.has_colon,
                first.at_start,
                first.strict and hit.strict,
                hit.cell_only,
            )
            chosen[-1] = hit
            continue
        chosen.append(hit)
    return tuple(chosen)


def is_label_cell(cell: Cell) -> bool:
    """Return True when the cell starts with an accepted label."""
    return any(hit.at_start and hit.accepted for hit in find_labels(cell))


def open_ended(text: str) -> bool:
    """Return True when a line stops mid-phrase ("... el desarrollo continuo de", "... and")."""
    return bool(_OPEN_LINE_END.search(fold(text).rstrip()))


def english_score(text: str) -> int:
    """Return how many common English function words the text holds."""
    words = re.findall(r"[a-z]+", text.lower())
    common = {"the", "and", "of", "for", "to", "in", "with", "services", "development", "provision"}
    return sum(1 for word in words if word in common)


_FOREIGN = {
    "und", "der", "die", "das", "von", "fur", "mit", "zur", "zum", "des", "im", "auf", "et",
    "du", "la", "le", "les", "pour", "avec", "sur", "y", "los", "las", "para", "con", "del",
    "il", "di", "per", "della", "delle", "dei", "van", "het", "voor", "ve", "ile", "icin",
    "och", "av", "samt", "inom", "som", "att", "og", "af", "til", "eller", "innen",
    "va", "cua", "cac", "nhung", "tai", "trong", "si", "pentru", "sau",
}
# Chinese, Japanese and Korean characters: a line of them is not English.
_CJK = regexes.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


_ROMANIAN_ENDINGS = ("ului", "elor", "ilor", "area", "iunii", "atii", "itatii")
# Letters only Vietnamese writes (a vowel with two marks, "ư", "ơ", "đ"): folded away, the
# words would not be told from English.
_VIETNAMESE = regexes.compile(r"[ăđươĂĐƯƠ\u1ea0-\u1ef9]")


def foreign_score(text: str) -> int:
    """Return how many common German, French, Spanish, Italian, Dutch, Turkish or Scandinavian
    words it holds; a run of Chinese, Japanese or Korean characters counts as such words."""
    found = re.findall(r"[a-z]+", fold(text))
    words = sum(1 for word in found if word in _FOREIGN)
    # Romanian endings ("produselor", "comercializarea", "calitatii"): its function words are
    # short and shared with other languages
    words += sum(1 for word in found if len(word) > 6 and word.endswith(_ROMANIAN_ENDINGS))
    words += len(_VIETNAMESE.findall(text)) // 3  # "Sản xuất hàng may mặc xuất khẩu"
    cjk = len(_CJK.findall(text))
    if cjk and cjk > sum(1 for ch in text if ch.isascii() and ch.isalpha()):
        return words + max(1, cjk // 4)  # "供": the end of a line wrapped in CJK is CJK
    return words + cjk // 4


_OPEN_LINE_END = regexes.compile(
    r"(?:\b(?:and|of|for|to|in|with|the|a|an|und|von|fur|mit|zur|zum|der|die|das|de|du|des|et|"
    r"la|le|les|di|per|del|della|e|y|en|van|voor|het|och|av|ve|ile)|[-,&])$"
)


def prefer_english(parts: list[str]) -> list[str]:
    """Return the lines of a bilingual block without the runs written in another language.

    A run is a group of lines that ends with a full stop or where the language changes.
    Runs are dropped only when another run of the same block reads as English, so a block
    in one language is kept whole.
    """
    runs: list[list[str]] = []
    run_language = None
    closed = True
    open_end = False
    for part in parts:
        foreign, english = foreign_score(part), english_score(part)
        language = "en" if english > foreign else "other" if foreign > english else None
        if closed or (language and run_language and language != run_language and not open_end):
            runs.append([])
            run_language = None
        runs[-1].append(part)
        run_language = run_language or language
        closed = part.rstrip().endswith(".")
        # "... Bearbeitung von" / "Teilen; X-Ray Services": a sentence cut mid-phrase goes on
        # in its own language, whatever loanwords the next line holds
        open_end = open_ended(part)
    # an English run reads clearly as English: a line with a German "der" and an English "of"
    # ("Service Katalog der X am Standort Hannover. Statement of Applicability in") does not
    english = [2 * foreign_score(" ".join(r)) < english_score(" ".join(r)) for r in runs]
    head = runs[0][0].strip() if runs else ""
    if (len(runs) >= 2 and len(runs[0]) == 1 and head[:1].islower() and head.endswith(".")
            and len(head.split()) <= 3 and not english[0] and any(english[1:])):
        # "kartong." over "Manufacture and sale of ...": the end of a sentence in another
        # language begun on the line above, not the English run's start
        return prefer_english([line for run in runs[1:] for line in run])
    # a run without function words of either kind ("DOMAINS LIKE DEFENCE, AEROSPACE, ...")
    # is part of the block, not a translation
    foreign = [foreign_score(" ".join(r)) > english_score(" ".join(r)) for r in runs]
    if len(runs) < 2 or not any(english) or not any(foreign):
        return parts
    # a translation is about as long as what it translates: an English phrase in a German
    # scope ("Statement of Applicability in Version 4.1.0") translates nothing
    words = [sum(ch.isalpha() for ch in " ".join(r)) for r in runs]  # letters: Vietnamese
    # writes a syllable a word
    english_words = sum(n for n, e in zip(words, english, strict=True) if e)
    foreign_words = sum(n for n, f in zip(words, foreign, strict=True) if f)
    if english_words < 0.5 * foreign_words:
        return parts
    return [line for run, drop in zip(runs, foreign, strict=True) if not drop for line in run]
