"""Find the certified organisation's name and address (pure)."""

from __future__ import annotations

import re
from dataclasses import replace

from portal.certificates import regexes
from portal.certificates.dates import find_dates, fold
from portal.certificates.fields import (
    Candidate,
    continuation,
    latin_pieces,
    looks_like_address,
    split_name_address,
    value_cell,
)
from portal.certificates.layout import Cell, Line, is_label_cell, open_ended
from portal.certificates.names import is_registry_id
from portal.certificates.organisation_borders import without_border
from portal.certificates.organisation_fallbacks import (
    from_address_block,
    from_layout,
    from_legal_form,
)
from portal.certificates.organisation_names import prose_not_name, valid_name
from portal.certificates.results import ExtractedField
from portal.certificates.vocabulary import AFTER_ORG, ISSUED_TO, ORG_FILLER, ORG_TRIGGERS
from portal.certificates.vocabulary_places import COUNTRY, LEGAL_FORM_ANY, LEGAL_FORM_END

# "Certification body address:", "Local office:": the issuer's address, not the client's.
_BODY_ADDRESS = regexes.compile(r"certif|body|issu|local\s+office|registrar|auditor|contact")


_LINKING = regexes.compile(r"(?:located\s+)?(?:at|in|of)|situated\s+at|with\s+(?:its\s+)?address")
# "Main Site:", "Address:" printed before the organisation's address lines.
_ADDRESS_LABEL = regexes.compile(
    r"^(?:(?:main|head\s+office|registered)\s+)?(?:site|address|location)\s*:\s*|"
    r"^(?:sur\s+)?(?:le|les)\s+sites?\s+suivants?\s*:\s*|"
    r"^(?:at|on)\s+the\s+following\s+(?:site|location|address)e?s?\s*:\s*",
    re.IGNORECASE,
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
        kept for kept in (_ADDRESS_LABEL.sub("", p.strip(" ,")).strip(" ,")
                          for p in latin_pieces(parts)) if kept
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


def _joins_name(name: str, extra: list[str]) -> bool:
    """Return True when the first line under a name without a legal form goes on with it
    ("ACME Widgets" / "Limited"); a line naming several companies ("FRAYLOG S.A. KELGIN S.A.
    ÑENDY S.A." under "GRUPO FRAYLOG") lists a group's members, and the name is the group's."""
    return (bool(extra) and not LEGAL_FORM_END.search(name)
            and (len(LEGAL_FORM_ANY.findall(extra[0])) < 2 or _only_legal_forms(extra[0])))


def _from_labels(lines: list[Line], candidates: list[Candidate]):
    labelled = sorted(
        (c for c in candidates if c.field == "organization"),
        key=lambda c: (-c.confidence, c.line),
    )
    for c in labelled:
        name, inline_address = split_name_address(c.text)
        if not inline_address and not c.inline:
            name = _with_name_before(lines[c.line], c.cell, name)
        if not valid_name(name):
            continue
        address, extra, _ = _address_from(
            lines, c.line, value_cell(c), inline_address, skip_blank=True
        )
        if _joins_name(name, extra):
            name = f"{name} {extra[0]}"
        line = lines[c.line]
        # a name widened beyond the label's value ("TMR" before "S.A.S.") is shown as printed
        source = c.source if name in c.source else c.source.replace(c.text, name)
        org = ExtractedField(name, line.page, source, c.confidence)
        located = ExtractedField(address, line.page, address, c.confidence - 0.1)
        return org, (located if address else None)
    return None


def _filler_wrapped(lines: list[Line], index: int, cell: Cell, rest: str) -> int | None:
    """Return the index of the next line when the words after a trigger run onto it as the
    sentence's filler ("the Artificial Intelligence" + "Management System of"), else None."""
    if not rest or index + 1 >= len(lines) or lines[index + 1].page != lines[index].page:
        return None
    below = next((c for c in lines[index + 1].cells if abs(c.start - cell.start) <= 3), None)
    if below is None:
        return None
    joined = fold(f"{rest} {below.text}").rstrip(" :,")
    filler = ORG_FILLER.match(joined)
    if filler and filler.end() >= len(joined) and filler.end() > len(fold(rest)):
        return index + 1
    return None


def _sentence_cells(line: Line) -> list[Cell]:
    """Return the line's cells, each followed, when it holds no certifying words, by itself
    joined with the next cell a short gap away: OCR sets one sentence's words apart
    ("Certifies   that")."""
    out: list[Cell] = []
    for k, cell in enumerate(line.cells):
        nxt = line.cells[k + 1] if k + 1 < len(line.cells) else None
        out.append(cell)
        if nxt is None or nxt.start - cell.end > 4:
            continue
        if ORG_TRIGGERS.search(cell.folded) or ISSUED_TO.search(cell.folded):
            continue
        text = f"{cell.text} {nxt.text}"
        out.append(Cell(text, f"{cell.folded} {nxt.folded}", cell.start, nxt.end))
    return out


def _from_prose(lines: list[Line]):
    for i, line in enumerate(lines):
        for cell in _sentence_cells(line):
            trigger = ORG_TRIGGERS.search(cell.folded) or ISSUED_TO.search(cell.folded)
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
            wrapped = _filler_wrapped(lines, i, cell, rest)
            if wrapped is not None:
                # "certify that the Artificial Intelligence" / "Management System of": the
                # sentence's words ran onto the next line, the name comes after them
                i, cell, rest = wrapped, next(
                    c for c in lines[wrapped].cells if abs(c.start - cell.start) <= 3
                ), ""
            if _refers_back(lines, i, rest) or _ABOVE.search(cell.folded[: trigger.end()]):
                continue  # "... certifies that the management system of the above organization
                # has been audited": the name is printed elsewhere (above the sentence)
            index, name_cell, inline = i, cell, bool(rest)
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
            if inline and not inline_address:
                name = _name_wrapped_in_prose(lines, i, cell, name)
            split_sentence = (
                inline and len(rest.split()) <= 2 and cell is not line.cells[-1]
                and (not valid_name(name) or prose_not_name(name))
            )
            if split_sentence:
                # "Questo documento certifica che il Si   ema di Gestione per   Qualita": the
                # sentence goes on in cells OCR split apart, the name is on the lines below
                found = _next_name_cell(lines, i, cell, below_only=True)
                below = split_name_address(found[1].text)[0] if found else ""
                if found is not None and LEGAL_FORM_END.search(_with_form_beside(
                        lines[found[0]], found[1], below)):
                    index, name_cell = found
                    name, inline_address = below, None
            if not valid_name(name) or prose_not_name(name):
                continue  # a later sentence ("... awarded to:") may name the holder
            index, name_cell, name = _past_wordmark(lines, index, name_cell, name)
            name, index_after = _continued_name(lines, index, name_cell, name)
            address, extra, _ = _address_from(
                lines, index_after, name_cell, inline_address, skip_blank=True
            )
            if _joins_name(name, extra):
                name = f"{name} {extra[0]}"
            source = f"{cell.text} {name_cell.text}" if name_cell is not cell else cell.text
            if name_cell is not cell and name not in source:
                source = f"{cell.text} {name}"  # the name widened beyond its cell, as printed
            org = ExtractedField(name, lines[index].page, source, 0.85)
            located = ExtractedField(address, lines[index].page, address, 0.75)
            return org, (located if address else None)
    return None


# "Bu sertifika yukarıda belirtilen kuruluş[a verilmiştir] / This certificate is granted to the
# organization": a sentence about "the above-mentioned organisation", in any language, names no
# holder after it (a bilingual line may say "above" in its first language only).
_ABOVE = regexes.compile(
    r"\babove\s*-?\s*(?:mentioned|named)\b|\baforementioned\b|\byukarida\s+(?:belirtilen|adi)|"
    r"\boben\s*(?:genannte|bezeichnete)|\bsusodich|\bsuindicat|\bsuddett|\bsopra\s+(?:indicat|citat)|"
    r"\bci-dessus\b|\bvermelde\b|\bwyzej\s+wymienion|\bвышеуказанн"
)
# "the above organization", "de la organización": the sentence names the holder by a noun.
_BACK_NOUN = regexes.compile(
    r"^(?:the\s+|la\s+|le\s+|l'|der\s+|des\s+|de\s+la\s+|del\s+)?"
    r"(?P<above>(?:above|aforementioned|abovementioned|above\s*-\s*mentioned|said|oben\s*genannten|"
    r"suddett[ao]|susodich[ao]|sopra\s+citat[ao])\s+)?"
    r"(?:organi[sz]ation|organizacion|organisme|organizzazione|company|empresa|unternehmens?)\s+"
)


def _refers_back(lines: list[Line], index: int, rest: str) -> bool:
    """Return True when the words after a trigger, read on over the next two lines, are a
    management system "of the (above) organization" followed by what it has done: the
    sentence refers to a name printed before it rather than introducing one."""
    parts = [rest]
    for line in lines[index + 1 : index + 3]:
        if line.blank or line.page != lines[index].page:
            break
        parts.append(line.cells[0].text)
    text = fold(" ".join(parts)).strip(" :,") + " "
    text = text[ORG_FILLER.match(text).end() :]
    noun = _BACK_NOUN.match(text)
    if noun and noun.group("above"):
        return True  # "della / suddetta organizzazione è stato ...": the holder named above
    if noun:
        text = text[noun.end() :]
    return AFTER_ORG.match(text) is not None


_OPEN_END = regexes.compile(r"(?:\band|\bof|\bfor|\bthe|&|,|-)\s*$", re.IGNORECASE)


def _name_wrapped_in_prose(lines: list[Line], index: int, cell: Cell, name: str) -> str:
    """Return a name that ends a sentence's line and runs on into the next line of the
    paragraph up to its legal form ("... the management system of Nordhavn" / "Payments
    Corporation, 1200 Harbor Point Drive, ...")."""
    if LEGAL_FORM_END.search(name) or index + 1 >= len(lines):
        return name
    below = lines[index + 1]
    first = below.cells[0] if below.cells else None
    if below.page != lines[index].page or first is None or abs(first.start - cell.start) > 3:
        return name
    head = first.text.split(",")[0].strip()
    if (head[:1].isupper() and len(head.split()) <= 5 and LEGAL_FORM_END.search(head)
            and not looks_like_address(head)):
        return f"{name} {head}"
    return name


def _compact(text: str) -> str:
    return "".join(ch for ch in fold(text) if ch.isalnum())


def _past_wordmark(
    lines: list[Line], index: int, cell: Cell, name: str
) -> tuple[int, Cell, str]:
    """Skip a company's logo lettering printed above its legal name ("NORDIC" / "SOLAR" /
    "Nordic Solar AS"): when the lines read so far spell the start of a name with a legal form
    just below, that name is the holder."""
    if LEGAL_FORM_END.search(name):
        return index, cell, name
    spelled = _compact(name)
    for j in range(index + 1, min(len(lines), index + 5)):
        line = lines[j]
        if line.page != lines[index].page:
            break
        if line.blank:
            continue
        if len(line.cells) != 1:
            break
        text = line.cells[0].text
        if _named_company(text) and spelled and _compact(text).startswith(spelled):
            return j, line.cells[0], text.strip()
        spelled += _compact(text)
        if len(text.split()) > 2:
            break
    return index, cell, name


def _with_name_before(line: Line, cell: Cell, name: str) -> str:
    """Return a name whose legal form was read as a cell of its own ("TMR        S.A.S.": a name
    in large type whose words OCR set far apart): a legal form alone is no name, the cell
    before it on its line is the rest of it."""
    if not _only_legal_forms(name):
        return name
    before = [c for c in line.cells if c.end <= cell.start]
    if not before or is_label_cell(before[-1]) or looks_like_address(before[-1].text):
        return name
    return f"{before[-1].text.strip()} {name.strip()}"


def _with_form_beside(line: Line, cell: Cell, name: str) -> str:
    """Return a name with the legal form printed apart on its line ("G.E.S.A.     SRL")."""
    beside = next((c for c in line.cells if c.start >= cell.end), None)
    if (beside is not None and not LEGAL_FORM_END.search(name)
            and LEGAL_FORM_END.match(beside.text.strip()) and not beside.text.islower()):
        return f"{name.rstrip()} {beside.text.strip()}"
    return name


# Italian partnerships whose name lists their partners after "di" on the next line.
_PARTNERSHIP = regexes.compile(r"\bs\.?\s?n\.?\s?c\.?\s*$|\bs\.?\s?a\.?\s?s\.?\s*$")


def _continued_name(lines: list[Line], index: int, cell: Cell, name: str) -> tuple[str, int]:
    """Return a name that runs over several lines ("Research Organization of Information and"
    / "Systems, National Institute of Genetics,"), and the index of its last line.

    A line continues the name while the name so far ends with "and", "of", "&", a comma...,
    or the next line starts with "and"/"&"; an address line ends it. A legal form printed apart
    on the name's line joins it ("G.E.S.A.         SRL"), and an Italian partnership's name goes
    on with its partners ("SCANDELLARI GIACINTO S.N.C." / "DI GUGLIELMETTI LUIGI E MANARA CARLO").
    """
    name = _with_name_before(lines[index], cell, _with_form_beside(lines[index], cell, name))
    last = index
    for j in range(index + 1, min(len(lines), index + 6)):
        line = lines[j]
        if line.blank or line.page != lines[index].page:
            break
        below = next((c for c in line.cells if abs(c.start - cell.start) <= 3), None)
        centred = next((c for c in line.cells if abs(c.start + c.end - cell.start - cell.end) <= 4
                        and c.end - c.start < cell.end - cell.start), None)
        if below is None and centred is not None and not LEGAL_FORM_END.search(name) and (
                _only_legal_forms(centred.text)):
            # "MOLAS TÉCNICAS INDÚSTRIA E COMÉRCIO" / "LIMITADA - EPP", centred under it: the
            # name's legal form on a line of its own
            return f"{name.rstrip()} {centred.text.strip()}".strip(" ,"), j
        if below is None or looks_like_address(below.text) or is_label_cell(below):
            break
        opens = bool(re.match(r"(?:and|&)\s", below.folded)) or bool(
            _PARTNERSHIP.search(fold(name)) and re.match(r"di\s+\w", below.folded)
        )
        if not (_OPEN_END.search(name) or opens) or AFTER_ORG.search(below.folded):
            break
        name = f"{name.rstrip()} {below.text.strip()}"
        last = j
    return name.strip(" ,"), last


def _only_legal_forms(text: str) -> bool:
    """Return True for a line holding legal forms only ("LIMITADA - EPP", "GmbH & Co. KG")."""
    return bool(LEGAL_FORM_ANY.search(text)) and not re.sub(
        r"[\s\-–,./&()]|\bco\b", "", LEGAL_FORM_ANY.sub(" ", text), flags=re.IGNORECASE)


def _latin_twin(line: Line, index: int, cell: Cell, text: str) -> tuple[int, Cell, str]:
    """Return the Latin-script twin of a name printed in two scripts side by side (Japanese
    and English): English names are what registers and vendor records hold."""
    if not text or any(ch.isascii() and ch.isalpha() for ch in text[:8]):
        return index, cell, text
    twin = next(
        # a name of two words or more: one word beside a name is a brand ("ΧΗΤΟΣ Α.Β.Ε.Ε." |
        # "ZAGORI", the mineral water it bottles)
        (c for c in line.cells if c.start > cell.start and sum(ch.isascii() for ch in c.text)
         > 0.8 * len(c.text) and any(ch.isalpha() for ch in c.text) and len(c.text.split()) > 1),
        None,
    )
    return (index, twin, twin.text) if twin is not None else (index, cell, text)


# What a sentence certifies before naming the holder, on a line of its own: the management
# system ("Information Security Management System") or a standard's title ("Information
# technology - Service Management").
_SYSTEM_TITLE = regexes.compile(
    r"^(?:the\s+|an?\s+)?(?:[a-z&,\-]+\s+){0,6}management\s*-?\s*systems?(?:\s+(?:of|at|for))?"
    r"\s*:?\s*$|^information\s+technology\s*[-\u2013\u2014]"
)


def _after_lone_of(lines: list[Line], index: int) -> tuple[int, Cell] | None:
    """Return the line after a lone "of" within the four lines under a trigger: "certify
    that the" / a management system or standard's title over one or two lines / "of" / name."""
    seen = 0
    for j in range(index + 1, min(len(lines) - 1, index + 7)):
        line = lines[j]
        if line.page != lines[index].page:
            return None
        if line.blank:
            continue
        seen += 1
        if seen > 4:
            return None
        if len(line.cells) == 1 and line.cells[0].folded.strip() == "of":
            nxt = lines[j + 1]
            if nxt.blank or nxt.page != line.page or len(nxt.cells) != 1:
                return None
            return (None if is_label_cell(nxt.cells[0]) else (j + 1, nxt.cells[0]))
    return None


def _under_label(lines: list[Line], index: int, cell: Cell) -> bool:
    """Return True when a label stands right above the cell ("Certificate Number" / "VA-37490"):
    the cell is that label's value, not a name."""
    if index == 0 or lines[index - 1].page != lines[index].page:
        return False
    return any(
        is_label_cell(above) and min(above.end, cell.end) - max(above.start, cell.start) > 0
        for above in lines[index - 1].cells
    )


def _named_company(text: str) -> bool:
    return bool(LEGAL_FORM_END.search(text)) and valid_name(text) and not looks_like_address(text)


_LOWER_WORD = regexes.compile(r"(?<![\w.&'-])[^\W\d_A-Z][\w'-]*")
_SMALL_WORDS = frozenset(
    "de la le les el los las del della di da do dos das du des et e y und and of the for van von "
    "der den zu im am a an en".split()
)


def _running_text(text: str) -> bool:
    """Return True for a line of a sentence rather than a name: two or more words in lower
    case that are neither joining words nor a legal form ("Este certificado de LSQA S.A.
    confirma la ... de", "Para informações referentes"), or a line stopping mid-phrase that
    has a word in lower case or starts with one."""
    words = [w for w in _LOWER_WORD.findall(LEGAL_FORM_ANY.sub(" ", text))
             if fold(w) not in _SMALL_WORDS]
    # "la Información de": a sentence's line in the next column, lower case, stopping
    # mid-phrase (no name starts with "la" and ends with "de")
    return len(words) >= 2 or ((len(words) == 1 or text[:1].islower()) and open_ended(text))


def _next_name_cell(
    lines: list[Line], index: int, cell: Cell, *, below_only: bool = False
) -> tuple[int, Cell] | None:
    """Return the cell holding the name that a trigger cell introduces.

    The name is the next cell on the trigger's own line ("This is to certify that:   Name"),
    else the first line below that overlaps the trigger's column, or a line below that holds
    a single cell (a name centred in large type). A line repeating the trigger in another
    language is skipped.
    """
    here = lines[index]
    after = [] if below_only else [c for c in here.cells if c.start >= cell.end]
    if (
        after
        and not is_label_cell(after[0])
        and not ORG_TRIGGERS.search(after[0].folded)
        and not ORG_FILLER.fullmatch(after[0].folded.strip(" -"))  # "the firm-": the name is below
        # "LSQA emite un certificado a:   Este certificado de LSQA confirma ... de": a sentence
        # of the next column, far to the right, stopping mid-phrase; the name is below
        and not (after[0].start - cell.end > 8 and _running_text(after[0].text))
    ):
        return index, after[0]
    of_line = None if below_only else _after_lone_of(lines, index)
    if of_line is not None:
        return of_line
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
            # one cell, or a company's name with only a logo's stray letters far right of
            # the sentence beside it ("KIVNON LOGISTICA, S.L" ... "<M CERTIF/@")
            and (len(line.cells) == 1 or (
                _named_company(lone.text) and lone.end < cell.start
                and all(o.start > cell.end for o in line.cells[1:])))
            and seen <= 2
            # a name in large type has fewer columns than it is wide, so it may start well left
            # of the sentence: a name ending in a legal form is the name wherever it starts
            and (lone.start >= cell.start - 5 or _named_company(lone.text))
            and lone.start <= cell.end  # not wholly right of it: that is the next column
            and not is_label_cell(lone)
            and not _under_label(lines, j, lone)
        ):
            overlapping = [lone]  # a name centred in large type beside the sentence's column
        if not overlapping:
            continue
        best = max(overlapping, key=lambda o: min(cell.end, o.end) - max(cell.start, o.start))
        if is_label_cell(best):
            return None
        if not any(ch.isalpha() for ch in best.text) or find_dates(best.text):
            continue  # a number or date of another column ("Certificate Number: 0161092")
        joined = " ".join(c.folded for c in line.cells)
        filler = filler_length(best.folded)
        if (
            filler >= len(best.folded.rstrip(" :"))
            or ORG_TRIGGERS.search(best.folded)
            # the sentence again in another language, its words in cells OCR set apart
            # ("Menyatakan bahwa" / "Certifies   that")
            or (len(joined.split()) <= 6 and ORG_TRIGGERS.fullmatch(joined.strip(" :")))
            or _SYSTEM_TITLE.match(best.folded)
            or _LINKING.fullmatch(best.folded.strip(" :"))
        ):
            continue  # "Information Security Management System" / "of" before the name
        if filler:
            best = Cell(best.text[filler:], best.folded[filler:], best.start + filler, best.end)
        return j, best
    return None


def filler_length(folded: str) -> int:
    """Return how many characters at the start of a cell are the sentence's words before the
    holder's name, in one language or several ("Il sistema di gestione per la qualità di /
    The quality management system of" before "ECOFLASH S.r.l.")."""
    end = 0
    while True:
        found = ORG_FILLER.match(folded[end:]).end()
        if not found:
            return end
        end += found
        after = folded[end:].lstrip(" /|")
        if len(after) == len(folded[end:]) or not ORG_FILLER.match(after).end():
            return end
        end = len(folded) - len(after)


_OPEN_QUOTES = "\"“«„‘'"
_CLOSE_QUOTES = "\"”»“’'"


def _quoted(lines: list[Line], org: ExtractedField) -> ExtractedField:
    """Return a name printed in quotation marks over two or three lines whole, without the
    marks ('"M/S. SHUSHRUSHA CITIZENS' / 'CO-OPERATIVE HOSPITAL LTD."')."""
    value = org.value.strip()
    if not value or value[0] not in _OPEN_QUOTES or any(q in value[1:] for q in _CLOSE_QUOTES):
        return org
    for n, line in enumerate(lines):
        if not (line.cells and value in line.text):
            continue
        parts = [value]
        for below in lines[n + 1 : n + 3]:
            if below.page != line.page or not below.cells:
                break
            parts.append(below.cells[0].text.strip())
            if any(q in parts[-1] for q in _CLOSE_QUOTES):
                name = " ".join(parts)[1:]
                name = name[: min(name.index(q) for q in _CLOSE_QUOTES if q in name)].strip()
                if valid_name(name):
                    return ExtractedField(name, org.page, "\n".join(parts), org.confidence)
                break
        break
    return org


# A name with its trading name, wrapped after "trading as" ("Wexcombe Cloud Services Ltd trading
# as" / "Wexcombe Hosting, of 37 Castle Street"), and ", of" before the address in a sentence.
_TRADING_AS_END = regexes.compile(
    r"\b(?:trading\s+as|t/a|doing\s+business\s+as|d/b/a)\s*$", re.IGNORECASE
)
_OF_ADDRESS = regexes.compile(r",\s+of(?:\s+\d.*)?$", re.IGNORECASE)


def _trading_name(lines: list[Line], org: ExtractedField) -> ExtractedField:
    """Return the name with a trading name that wrapped onto the next line, and without the
    ", of" that opens the address after it."""
    value = _OF_ADDRESS.sub("", org.value.strip()).strip()
    if _TRADING_AS_END.search(value):
        for n, line in enumerate(lines[:-1]):
            if line.cells and line.text.rstrip().endswith(value) and lines[n + 1].cells:
                after = lines[n + 1].cells[0].text.split(",")[0].strip()
                if after and not any(ch.isdigit() for ch in after):
                    value = f"{value} {after}"
                break
    return org if value == org.value else ExtractedField(value, org.page, org.source_text,
                                                          org.confidence)


# A name printed twice, in its own script and then in Latin letters (a translation on the next
# line, read as one wrapped name): "주식회사 한빛클라우드 Hanbit Cloud Co., Ltd.".
_TWO_SCRIPTS = regexes.compile(
    r"^(?P<native>[^A-Za-z]*[^\W\d_A-Za-z][^A-Za-z]*?)\s+(?P<latin>[A-Za-z][^\W_]*(?:[\s,.&'-]+"
    r"[A-Za-z0-9][^\W_]*)+[.)]?)$"
)


# A Vietnamese name starts with its legal form ("CÔNG TY TNHH ...", "CÔNG TY CỔ PHẦN ...");
# its English translation follows it in plain letters, ending with its own form.
_VIETNAMESE_FORM = regexes.compile(r"^cong\s+ty\b")


def _english_twin(value: str) -> str | None:
    """Return the English form after a Vietnamese name, or None. The English form repeats the
    name's own words without their accents ("... CƠ KHÍ TRƯỜNG AN" / "TRUONG AN MECHANICAL
    JOINT STOCK COMPANY"): it starts where the words before repeat themselves."""
    if not _VIETNAMESE_FORM.match(fold(value)) or not LEGAL_FORM_END.search(value):
        return None
    words = value.split()
    best, best_repeat = None, 0
    for start in range(3, len(words) - 1):
        if not all(word.isascii() for word in words[start:]):
            continue
        repeat = max(
            (k for k in range(1, min(start, len(words) - start) + 1)
             if [fold(w) for w in words[start - k : start]]
             == [fold(w) for w in words[start : start + k]]),
            default=0,
        )
        if repeat > best_repeat:
            best, best_repeat = start, repeat
    if best is None or " ".join(words[:best]).isascii():
        return None
    return " ".join(words[best:])


def _one_script(org: ExtractedField) -> ExtractedField:
    """Return the Latin form of a name printed in two scripts one after the other (the form
    in English, as scopes prefer); a name that merely holds a foreign word stays whole."""
    twin = _english_twin(org.value.strip())
    if twin:
        return ExtractedField(twin, org.page, org.source_text, org.confidence)
    m = _TWO_SCRIPTS.match(org.value.strip())
    if m is None:
        return org
    native, latin = m.group("native").strip(), m.group("latin").strip()
    letters = sum(ch.isalpha() for ch in native)
    if letters < 4 or len(latin.split()) < 2 or not latin.isascii():
        return org
    return ExtractedField(latin, org.page, org.source_text, org.confidence)


def _head_above(lines: list[Line], org: ExtractedField) -> ExtractedField:
    """Return the name with its head when only its legal form was found: a name in large type
    wraps before the form ("Veldmark Networks" / "Corporation"), the head on the line above in
    the same column."""
    value = org.value.strip()
    if not LEGAL_FORM_END.match(value):  # the value is a legal form and nothing else
        return org
    for n, line in enumerate(lines):
        cell = next((c for c in line.cells if c.text.strip() == value), None)
        if cell is None or n == 0 or lines[n - 1].page != line.page:
            continue
        above = next((c for c in lines[n - 1].cells if abs(c.start - cell.start) <= 3), None)
        if (
            above is not None
            and not any(ch.isdigit() for ch in above.text)
            and not LEGAL_FORM_END.search(above.text)
            and valid_name(f"{above.text} {value}")
            and not is_label_cell(above)
        ):
            return ExtractedField(f"{above.text.strip()} {value}", org.page,
                                  f"{above.text}\n{org.source_text}", org.confidence)
        break
    return org


def find_organisation(
    lines: list[Line], candidates: list[Candidate]
) -> tuple[ExtractedField | None, ExtractedField | None]:
    """Return the certified organisation's name and address as printed."""
    lines, candidates = without_border(lines, candidates)
    found = _from_labels(lines, candidates)
    if found is None:
        # a name read from prose that is itself prose ("... certify that the above mentioned
        # company") is no name: the layout and address rules may still find the real one
        found = _from_prose(lines)
        if found is not None and prose_not_name(found[0].value):
            found = from_layout(lines) or from_address_block(lines) or from_legal_form(lines)
        elif found is None:
            found = from_layout(lines) or from_address_block(lines) or from_legal_form(lines)
    if found is None:
        return None, None
    org, address = found
    org = _quoted(lines, _trading_name(lines, _one_script(_head_above(lines, org))))
    if org.value.rstrip().endswith((",", ";")):  # "Muskoka Fine Foods Ltd., located at"
        org = replace(org, value=org.value.rstrip().rstrip(",;").rstrip())
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
            for p in latin_pieces([c.text] + [cell.text for _, cell in more])
            if looks_like_address(p) or p is c.text
        )
        address = ExtractedField(text, c.page, c.source, c.confidence)
    return org, address
