"""Find the certificate's scope statement: labelled, or introduced by prose (pure)."""

from __future__ import annotations

from portal.certificates.fields import Candidate, continuation, join_lines, value_cell
from portal.certificates.layout import Line, english_score, prefer_english
from portal.certificates.results import ExtractedField
from portal.certificates.vocabulary import SCOPE_TRIGGERS


def find_scope(lines: list[Line], candidates: list[Candidate]) -> ExtractedField | None:
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
            elif rest.startswith((",", ";", ".")):
                continue  # "for the following scope, the validity of ...": a sentence goes on
            parts: list[str] = []
            if rest:
                first_index, first_cell = i, cell
                parts.append(rest)
                left = cell.start
            else:
                nxt = next(
                    (
                        j
                        for j in range(i + 1, min(i + 5, len(lines)))
                        # not blank, not ".", not the trigger again in another language
                        if any(ch.isalpha() for ch in lines[j].text)
                        and not SCOPE_TRIGGERS.search(lines[j].cells[0].folded)
                    ),
                    None,
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
