"""Find the certificate's scope statement: labelled, or introduced by prose (pure)."""

from __future__ import annotations

from dataclasses import replace

from portal.certificates import regexes
from portal.certificates.dates import fold
from portal.certificates.fields import (
    Candidate,
    aligned,
    continuation,
    join_lines,
    value_cell,
)
from portal.certificates.layout import (
    Cell,
    Line,
    english_score,
    find_labels,
    foreign_score,
    is_label_cell,
    open_ended,
    prefer_english,
)
from portal.certificates.results import ExtractedField
from portal.certificates.standards import find_standards
from portal.certificates.vocabulary import ORG_TRIGGERS, SCOPE_END, SCOPE_TRIGGERS

_WORD = regexes.compile(r"[^\W\d_]{3,}")
# "IAF: 28", "EA 28 - NACE F41.2": the sector codes printed between a scope heading and its text
_SECTOR_CODE = regexes.compile(
    r"(?:(?:iaf|ea|nace)(?:\s*(?:code|sector)s?)?\s*[:.]?\s*[a-z]?\d[\d.,\s\-/a-z]*?[\s,;/-]*)+"
)


def _worded(text: str) -> bool:
    """Return True for text with words in it: two of three letters or more, or one long
    word ("Printing"); not what OCR makes of a picture ("(A  (4", "Yann (4", "all)")."""
    words = _WORD.findall(text)
    return len(words) >= 2 or any(len(word) >= 6 for word in words)
# Labels that name the scope by a synonym, weaker than "Scope" itself.
_SYNONYM_LABEL = regexes.compile(
    r"^\W*(?:certified\s+)?activit(?:y|ies)|^\W*field\s+of|^\W*products?\s*(?:/|and|&)\s*services?"
)


# The end of a sentence that introduces the scope, wrapped onto a line of its own:
# "... in line with the above standard for the" / "following scope".
_WRAPPED_TRIGGER = regexes.compile(
    r"^(?:the\s+)?following\s+(?:scope|activit(?:y|ies)|products?|services?|fields?)"
    r"(?:\s+of\s+(?:activities|certification|registration|supply))?\s*:?\s*$"
)
_WRAPPED_LEAD = regexes.compile(r"\b(?:for|to|in|covering)(?:\s+the)?\s*$")
# "has established and applies an" / "Energy Management System for" / <the scope>
_WRAPPED_SYSTEM = regexes.compile(
    r"^(?:an?\s+)?(?:[\w/-]+\s+){0,4}management\s+systems?\s+for\s*:?$"
)
# Russian: "система менеджмента качества применительно" / "к <scope>" (the preposition of
# "as applied to" wrapped onto the scope's first line).
_WRAPPED_APPLIED = regexes.compile(r"\bприменительно\s*$")
_APPLIED_TO = regexes.compile(r"(?i)^\s*ко?\s+(?=\w)")
_SYSTEM_LEAD = regexes.compile(
    r"\b(?:established|implemented|applies|operates|maintains|uses)(?:\s+an?)?\s*$"
)

# Words that point at the scope printed after them rather than being it: "For the Scope of
# activities described below", "Scope: as follows".
_POINTER = regexes.compile(
    r"^(?:of\s+)?(?:the\s+)?(?:(?:activit(?:y|ies)|products?|services?|scope|operations?)\s+)?"
    r"(?:(?:as\s+)?(?:described|listed|given|mentioned|specified|detailed|shown|stated|set\s+out)"
    r"\s+)?(?:below|hereunder|as\s+follows|following)\s*[.:]?$"
)


# The verb that ends a German sentence after its scope trigger ("... für den folgenden
# Geltungsbereich berücksichtigt:", "... Geltungsbereich" / "anwendet:"): one to three
# lower-case words, no scope.
_VERB_ONLY = regexes.compile(r"^[a-zäöüß]+(?:\s+[a-zäöüß]+){0,2}\s*:?$")


def _trigger_end(lines: list[Line], i: int, cell: Cell) -> int | None:
    """Return where the wording that introduces the scope ends in the cell, or None."""
    m = SCOPE_TRIGGERS.search(cell.folded)
    if m:
        return m.end()
    if (
        i > 0
        and cell is lines[i].cells[0]
        and lines[i - 1].page == lines[i].page
        and not lines[i - 1].blank
    ):
        before = fold(lines[i - 1].cells[-1].text)
        folded = cell.folded.strip()
        if (_WRAPPED_TRIGGER.match(folded) and _WRAPPED_LEAD.search(before)) or (
            _WRAPPED_SYSTEM.match(folded) and _SYSTEM_LEAD.search(before)
        ):
            return len(cell.text)
        if _WRAPPED_APPLIED.search(before) and (to := _APPLIED_TO.match(cell.text)):
            return to.end()  # "... применительно" / "к строительству, ...": the scope follows
    return None


def _lines_above(lines: list[Line], c: Candidate) -> list[str]:
    """Return the lines of a scope block above the value found under its label.

    A label's value is taken from the first line under it that overlaps its column; when
    the block is centred or set to one side, its first line or two may not overlap
    ("με πεδίο εφαρμογής:" at the margin, the block centred under it) and belong to it when
    they line up with the value and the label stands above them.
    """
    if any(is_label_cell(o) and o.start < c.cell.start for o in lines[c.line].cells):
        return []  # the value beside its label on the same line
    page = lines[c.line].page
    out: list[str] = []
    below = c.cell
    j = c.line - 1
    while j >= 0 and c.line - j <= 2 and lines[j].page == page and not lines[j].blank:
        line = lines[j]
        if _scope_label(line):
            break
        if len(line.cells) != 1 or not aligned(below, line.cells[0]):
            return []
        out.insert(0, line.cells[0].text)
        below = line.cells[0]
        j -= 1
    if j >= 1 and lines[j].blank:
        j -= 1  # a blank line between the label and the block
    if not out or j < 0 or lines[j].page != page or not _scope_label(lines[j]):
        return []
    return out


def _scope_label(line: Line) -> bool:
    return any(
        hit.field == "scope" and hit.accepted and hit.at_start
        for cell in line.cells
        for hit in find_labels(cell)
    )


def _translated_columns(line: Line, trigger: Cell, lines: list[Line], index: int) -> list[Cell]:
    """Return the cells of the scope's first line that stand under another cell of the
    trigger's line: the same scope in another language's column ("für den Geltungsbereich"
    over the German scope, "for the scope" over the English one beside it)."""
    others = [
        o for o in line.cells
        if o is not trigger and (SCOPE_TRIGGERS.search(o.folded)
                                 or any(h.field == "scope" for h in find_labels(o)))
    ]
    return [
        c
        for c in lines[index].cells
        if _worded(c.text)
        and any(min(o.end, c.end) - max(o.start, c.start) > 0 for o in others)
        and min(trigger.end, c.end) - max(trigger.start, c.start) <= 0
    ]


_SENTENCE_BREAK = regexes.compile(r"[.;]\s+(?=[A-Z])")
# A sentence after the scope that tells the certificate's history ("The organisation has held
# certification to this standard since ...") or the audit's result.
_HISTORY_SENTENCE = regexes.compile(
    r"^the\s+(?:organi[sz]ation|company)\s+has\s+held\b|"
    # what the audit found ("The audit found the management system to be effectively ...")
    r"^the\s+(?:audit|assessment)\s+(?:team\s+)?(?:found|showed|confirmed|concluded)\b"
)


def scope_sentences(scope: ExtractedField | None) -> ExtractedField | None:
    """Return the scope without the sentences that follow it in the same paragraph ("...
    corporate customers. This certificate, number 88423, was issued on ...")."""
    if scope is None:
        return None
    text = scope.value
    for hit in _SENTENCE_BREAK.finditer(text):
        rest = fold(text[hit.end() :])
        if SCOPE_END.match(rest) or _HISTORY_SENTENCE.match(rest):
            cut = text[: hit.start() + 1].strip()
            return replace(scope, value=cut) if len(cut) >= 4 else scope
    return scope


def english_after(lines: list[Line], scope: ExtractedField | None) -> ExtractedField | None:
    """Return the English translation printed as a paragraph of its own after a scope in
    another language ("Försäljning, drift ... molntjänster." / "Allt i enlighet med ..." /
    "Sales, operations ... cloud services."), else the scope as found.

    Vendor records and reviewers read English; the paragraph must read clearly as English and
    be about as long as the scope it translates."""
    if scope is None or foreign_score(scope.value) <= english_score(scope.value):
        return scope
    tail = scope.value.split()[-3:]
    end = next((i for i, line in enumerate(lines) if line.page == scope.page
                and all(word in line.text for word in tail)), None)
    if end is None:
        return scope
    block: list[str] = []
    for line in lines[end + 1 : end + 8]:
        if line.page != scope.page:
            break
        text = line.text.strip()
        if line.blank or not text:
            if block:
                break
            continue
        english, foreign = english_score(text), foreign_score(text)
        if block or (english >= 2 and english > 2 * foreign):
            if foreign > english or find_labels(line.cells[0]) or SCOPE_END.match(fold(text)):
                break
            block.append(text)
    translated = join_lines(block)
    if not translated or not 0.5 <= len(translated) / len(scope.value) <= 2:
        return scope
    return replace(scope, value=translated, source_text=f"{scope.source_text} {translated}")


def _capitals_past_gaps(
    lines: list[Line], index: int, cell: Cell, *, left: int | None
) -> list[tuple[int, Cell]]:
    """Return the paragraphs that go on with a scope printed in capitals after a blank line
    ("... LED LIGHT." / "" / "PROVIDING LIGHTING SOLUTIONS ..."): capitals under capitals in
    the same column, until a line that is not in capitals, a label or the scope's end."""
    out: list[tuple[int, Cell]] = []
    while cell.text.isupper() and len(out) < 25:
        j = index + 1
        if j + 1 >= len(lines) or not lines[j].blank or lines[j + 1].page != lines[index].page:
            break
        nxt = next(
            (c for c in lines[j + 1].cells
             if min(c.end, cell.end) - max(c.start, cell.start) > 0.5 * (c.end - c.start)),
            None,
        )
        if (nxt is None or not nxt.text.isupper() or not _worded(nxt.text)
                or SCOPE_END.match(nxt.folded) or find_standards(nxt.text)
                or any(is_label_cell(c) for c in lines[j + 1].cells)):
            break
        out.append((j + 1, nxt))
        more = continuation(lines, j + 1, nxt, limit=25, left=left, past_columns=True)
        out += more
        index, cell = more[-1] if more else (j + 1, nxt)
    return out


def find_scope(lines: list[Line], candidates: list[Candidate]) -> ExtractedField | None:
    found: list[tuple[float, int, ExtractedField]] = []
    for c in candidates:
        if c.field != "scope":
            continue
        if SCOPE_TRIGGERS.match(fold(c.text).lstrip(" -–/|:")):
            continue  # "campo di applicazione - for the following scope of application:"
        if _SYNONYM_LABEL.match(fold(c.source)):
            # "Activities:" may list what one site does; a label that says scope wins
            c = replace(c, confidence=c.confidence - 0.15)
        left = c.cell.start if c.inline else None
        if c.inline and open_ended(c.text) and c.cell is not lines[c.line].cells[0]:
            left = lines[c.line].cells[0].start  # the sentence wraps to its paragraph's margin
        more = continuation(lines, c.line, value_cell(c), limit=25, left=left)
        more += _capitals_past_gaps(lines, *(more[-1] if more else (c.line, value_cell(c))),
                                    left=left)
        above = [] if c.inline else _lines_above(lines, c)
        text = join_lines(prefer_english(above + [c.text] + [cell.text for _, cell in more]))
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
            end = _trigger_end(lines, i, cell)
            if end is None:
                continue
            rest = cell.text[end:].strip(" :'’")  # ("ATTIVITA' / FOR ...": an accent)
            if _POINTER.match(fold(rest)) or _VERB_ONLY.match(rest):
                rest = ""  # "for the scope of activities described below": the scope follows
            if rest.startswith(("/", "|")) or SCOPE_TRIGGERS.match(fold(rest).lstrip(" -–")):
                # "für den Geltungsbereich / for the scope", "per il seguente campo di
                # applicazione - for the following scope of application": the trigger translated
                rest = ""
            elif rest.startswith((",", ";", ".")):
                continue  # "for the following scope, the validity of ...": a sentence goes on
            parts: list[str] = []
            next_cells = [c for c in line.cells if c.start > cell.start]
            if rest:
                first_index, first_cell = i, cell
                parts.append(rest)
                left = cell.start
                if cell is not line.cells[0] and open_ended(rest):
                    # "of    in respect of the following activities: Development," (a gap
                    # where a picture is): the sentence wraps to its paragraph's margin
                    left = line.cells[0].start
            elif (next_cells and next_cells[0].start - cell.end <= 12
                  and _worded(next_cells[0].text) and not is_label_cell(next_cells[0])
                  and not SCOPE_TRIGGERS.search(next_cells[0].folded)):
                # "para las actividades     El diseño y la producción de ...": the scope
                # starts in the next cell of the trigger's line
                first_index, first_cell = i, next_cells[0]
                parts.append(next_cells[0].text)
                left = None
            else:
                nxt = next(
                    (
                        j
                        for j in range(i + 1, min(i + 5, len(lines)))
                        # not blank, not ".", not stray letters of a picture read by OCR
                        # ("(A  (4"), not the trigger again in another language
                        if _worded(lines[j].text)
                        # a line of another column, well right of the trigger, is no scope
                        and any(c.start < cell.end + 10 for c in lines[j].cells)
                        and not _SECTOR_CODE.fullmatch(fold(lines[j].text).strip())
                        and not SCOPE_TRIGGERS.search(lines[j].cells[0].folded)
                        and not _VERB_ONLY.match(lines[j].cells[0].text.strip())
                        # a note in brackets about the scope ("(Further clarifications
                        # regarding the scope ... may be obtained ...)") is not the scope
                        and not SCOPE_END.match(lines[j].cells[0].folded.lstrip("( "))
                    ),
                    None,
                )
                if nxt is None or lines[nxt].page != line.page:
                    continue
                first_index = nxt
                first_cell = max(
                    [c for c in lines[nxt].cells if _worded(c.text)] or list(lines[nxt].cells),
                    key=lambda other: min(cell.end, other.end) - max(cell.start, other.start),
                )
                parts.append(first_cell.text)
                left = None
            beside = [] if rest else _translated_columns(line, cell, lines, first_index)
            starts = [(first_cell, parts)] + [
                (other, [other.text]) for other in beside if other is not first_cell
            ]
            for start_cell, start_parts in starts:
                more = continuation(lines, first_index, start_cell, limit=25, left=left,
                                    past_columns=True)
                more += _capitals_past_gaps(
                    lines, *(more[-1] if more else (first_index, start_cell)), left=left
                )
                text = join_lines(prefer_english(start_parts + [c.text for _, c in more]))
                if len(text) >= 4:
                    source = join_lines(
                        [cell.text] + ([] if rest else [start_cell.text])
                        + [c.text for _, c in more]
                    )
                    found.append(
                        (0.85, english_score(text), ExtractedField(text, line.page, source, 0.85))
                    )
    found += _scope_before_postposition(lines)
    if not found:
        return None
    return max(found, key=lambda item: (item[0], item[1] > 0, item[1]))[2]


# Turkish puts "within the scope of" after the scope: "<scope> kapsamında ... ISO 9001
# standardının şartlarına uygun" ("... Kapsaminda, ... numbered report for the scope").
# Hungarian does the same: "<scope>" / "érvényességi területen" ("within the validity area").
_POSTPOSITION = regexes.compile(
    r"^(?P<before>.*?)\s*\b(?:kapsam[i]?nda|(?:ervenyessegi|alkalmazasi)\s+teruleten)\b"
)


def _scope_before_postposition(lines: list[Line]) -> list[tuple[float, int, ExtractedField]]:
    """Return the scope printed before the word that says it is the scope (Turkish,
    Hungarian)."""
    for i, line in enumerate(lines):
        cell = line.cells[0] if line.cells else None
        m = _POSTPOSITION.match(cell.folded) if cell else None
        if m is None or cell is None:
            continue
        parts = [cell.text[: len(m.group("before"))].strip(" ,")] if m.group("before") else []
        j = i - 1
        if j >= 0 and lines[j].blank and not parts:
            j -= 1  # the block above, past one blank line
        while j >= 0 and not lines[j].blank and lines[j].page == line.page and len(parts) < 8:
            above = lines[j]
            folded = above.cells[0].folded
            if (len(above.cells) != 1 or SCOPE_TRIGGERS.search(folded)
                    or ORG_TRIGGERS.search(folded) or is_label_cell(above.cells[0])):
                break
            parts.insert(0, above.cells[0].text)
            j -= 1
        text = join_lines(prefer_english([p for p in parts if p]))
        if len(text) >= 4 and _worded(text):
            field = ExtractedField(text, line.page, join_lines(parts + [cell.text]), 0.75)
            return [(0.75, english_score(text), field)]
    return []
