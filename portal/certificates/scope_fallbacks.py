"""The scope printed with no wording before it, right under the standard (pure).

Many certificates print the holder, "has been assessed and certified as meeting the
requirements of", the standard, and then the scope as a plain statement with no label or
"for the following activities" before it, followed by the dates. When no labelled or
introduced scope is found, the statement under the standard (a standard's title such as
"Quality Management System" skipped) is taken, with a low confidence, if it reads like one:
a few words of description, no date, no label and none of the words of the certificate's
own sentences (certified, valid, issued, accredited, ...).
"""

from __future__ import annotations

from portal.certificates import regexes
from portal.certificates.dates import find_dates, fold
from portal.certificates.fields import join_lines
from portal.certificates.layout import Line, is_label_cell
from portal.certificates.results import ExtractedField
from portal.certificates.standards import find_standards
from portal.certificates.vocabulary import AFTER_ORG, ISSUED_TO, ORG_TRIGGERS, SCOPE_TRIGGERS

CONFIDENCE = 0.5
# How many printed lines after the standard the statement may start, and may run.
LOOK_AHEAD = 3
MAX_LINES = 6
# Words of a certificate's own sentences and small print, never of a scope statement.
_NOT_SCOPE = regexes.compile(
    r"certif|zertifi|accredit|akkredit|valid|issue|regist|audit|assess|surveil|expir|"
    r"signed|signature|page\b|subject\s+to|requirement|standard|conform|complian|"
    r"authori[sz]ed|on\s+behalf|www\.|https?:|@|\bno\.?\s*:|number|"
    # the same words in the languages certificates come in (folded: no accents)
    r"gultig|bescheinig|certificad|certificat|valable|valido|geldig|belge|gecerli|certyfik|"
    r"wazn|chung\s+nhan|hieu\s+luc|сертифик|соответств|действит|орган|руководител|"
    r"удостовер|аккредит"
)
# A standard's title on its own line ("Quality Management System", "Sistema de Gestión").
_TITLE = regexes.compile(
    r"manage?ments?\s*systems?|management|systeme?s?\s+de\s+(?:management|gestion)|"
    r"sistemas?\s+de\s+gest(?:i|a)|sistemi?\s+di\s+gestione|managementsystem|yonetim\s+sistem|"
    r"information\s+security|quality|environment|occupational|health\s+and\s+safety"
)
_WORD = regexes.compile(r"[^\W\d_]{2,}")


def _title_only(text: str) -> bool:
    folded = fold(text)
    return bool(_TITLE.search(folded)) and len(_WORD.findall(folded)) <= 8


def _stops(line: Line) -> bool:
    """Return True for a line that cannot be (part of) a scope statement; a line ending in a
    colon introduces something else ("In the operating unit of:")."""
    folded = fold(line.text)
    return (
        line.blank
        or line.text.rstrip().endswith(":")
        or is_label_cell(line.cells[0])
        or bool(find_dates(line.text))
        or bool(find_standards(line.text))
        or bool(_NOT_SCOPE.search(folded))
        or bool(ORG_TRIGGERS.search(folded))
        or bool(ISSUED_TO.search(folded))
        or bool(AFTER_ORG.search(folded))
        or bool(SCOPE_TRIGGERS.search(folded))
    )


def _statement(line: Line) -> str:
    """Return the widest cell of a line (OCR reads logo specks into cells beside it)."""
    return max(line.cells, key=lambda c: len(_WORD.findall(c.folded))).text


def scope_after_standard(
    lines: list[Line], organisation: ExtractedField | None = None
) -> ExtractedField | None:
    """Return the unlabelled statement printed right under the standard, or None."""
    holder = fold(organisation.value) if organisation else None
    for i, line in enumerate(lines):
        if line.blank or not find_standards(line.text):
            continue
        seen, j = 0, i + 1
        while j < len(lines) and seen < LOOK_AHEAD and lines[j].page == line.page:
            if lines[j].blank or _title_only(lines[j].text) and not find_dates(lines[j].text):
                j, seen = j + 1, seen + (not lines[j].blank)
                continue
            break
        if j >= len(lines) or lines[j].page != line.page or _stops(lines[j]):
            continue
        parts = [_statement(lines[j])]
        for nxt in lines[j + 1 : j + MAX_LINES]:
            if nxt.page != line.page or _stops(nxt):
                break
            parts.append(_statement(nxt))
        text = join_lines(parts)
        if len(_WORD.findall(fold(text))) < 3 or (holder and fold(text) == holder):
            continue
        source = join_lines([ln.text for ln in lines[j : j + len(parts)]])
        return ExtractedField(text, line.page, source, CONFIDENCE)
    return None
