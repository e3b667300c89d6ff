"""Collect the certified sites: the main address and those listed in site annexes (pure)."""

from __future__ import annotations

import re
from dataclasses import replace

from portal.certificates import regexes
from portal.certificates.dates import fold
from portal.certificates.fields import Candidate, address_part, latin_pieces, looks_like_address
from portal.certificates.layout import Cell, Line, find_labels, foreign_score, is_label_cell
from portal.certificates.results import ExtractedField
from portal.certificates.vocabulary_places import COUNTRY, LEGAL_FORM_ANY

_ANNEX = regexes.compile(
    r"^(?:annex|appendix|schedule|anlage|anhang|ek\b|ekler|addendum|attachment|supplement)|"
    r"list\s+of\s+(?:certified\s+)?(?:sites|locations)|(?:certified|additional|covered|registered|"
    r"multiple)\s+(?:sites|locations)|^(?:(?:work\s+)?sites?|locations?|standorte?|lokasyonlar?|adresler|"
    r"instalacoes)\b|"
    r"site\s+(?:list|schedule|appendix)|zertifizierte\s+standorte|"
    r"^(?:main|additional|other|second|secondary|registered|head\s+office)\s+"
    r"(?:sites?|locations?|premises)\s*:|"
    r"(?:^|/\s*)(?:operative|operational|production|operating)\s+(?:sites?|locations?)\b|"
    r"^additional\s+(?:addresses|premises)\b|"
    r"^(?:(?:certified|registered|additional)\s+)?facilit(?:y|ies)\s*(?:included|covered|"
    r"registered)?\s*:|"
    r"^(?:sede|sedi|unita)['’]?\s+operativ[ae]\b|"
    r"^(?:(?:gecertificeerde|overige)\s+)?(?:vestigingen|locaties)\b|"
    # Portuguese and Spanish: "Unidades certificadas:", "Sedes certificadas:", "Emplazamientos:"
    r"^(?:unidades|sedes|centros|locais|emplazamientos|ubicaciones)\s*(?:certificad[oa]s|"
    r"incluid[oa]s|cubiert[oa]s|abrangid[oa]s)?\s*:|"
    r"^(?:sede|sedi|unita)\s+oggetto\s+(?:di|della)\s+certificazione\b"
)
_SITE_PREFIX = regexes.compile(
    r"^[\s•*·\-–]*(?:(?:(?:main|additional|other|second|secondary|registered|head\s+office)\s+)?"
    r"(?:site|location|standort|lokasyon|saha|adres)\s*(?:no\.?\s*)?\d*\s*[:.)\-–]\s*"
    r"|\d{1,2}\s*[.)]\s+|\(\d{1,2}\)\s*)",  # "1. ", "2) ", "(3) "
    re.IGNORECASE,
)


# Prose that introduces a list of sites on the certificate page itself.
_LIST_INTRO = regexes.compile(
    r"(?:following|in-scope|covered|certified|additional|listed|other)\s+(?:in-scope\s+)?"
    r"(?:(?:operating|operational|production)\s+)?"
    r"(?:sites|locations|premises|addresses|facilities|units|(?:site|location)\(s\))\s*:?\s*$|"
    r"(?:seguenti|following)\s+unita\s+operative\s*:?\s*$|"
    r"sites?\s+suivants?\s*:?|site\(s\)\s+suivant\(s\)\s*:?|folgenden\s+standorte|"
    r"following\s+(?:sites|locations|(?:site|location)\(s\))\s*:|"
    r"(?:unit|units|site|sites|premises)\s+located\s+(?:in|at)\s*:?\s*$|"
    r"unidade\s+localizada\s+em\s*:?\s*$|"
    # "(activities) carried out at:" over the addresses
    r"^(?:carried\s+out|performed|conducted|provided|operated)\s+(?:at|from)\s*:\s*$"
)
_ISSUER_LABEL = regexes.compile(r"^(?:certification\s+body|local\s+office|issued\s+by|contact)")


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text))


def _site_text(cell: Cell) -> str:
    # a bullet or dash before the address is the list's, not the address's ("– 27 quai ...")
    return _SITE_PREFIX.sub("", cell.text, count=1).strip().lstrip("•*·-–— ").strip()


def _wrapped(
    lines: list[Line], index: int, cell: Cell, *, pieces: bool = False
) -> list[tuple[int, Cell]]:
    """Return the lines that continue an address cell of a table or list.

    pieces accepts short lines that are no address by themselves: an address printed one
    piece per line ("141-42" / "Sandanjungang-ro" / "Yeosu-si" / "59610" / "Republic of
    Korea"); a country still ends it.
    """
    out: list[tuple[int, Cell]] = []
    # Columns to the left of the address on its first line (another address beside it):
    # the same columns on the next lines are that other address, not a new table row.
    beside = [c.start for c in lines[index].cells if c.end < cell.start - 1]
    for j in range(index + 1, min(len(lines), index + (8 if pieces else 4))):
        line = lines[j]
        if line.blank or line.page != lines[index].page:
            break
        match = next((c for c in line.cells if abs(c.start - cell.start) <= 3), None)
        if match is None or any(
            c.end < match.start - 1 and not any(abs(c.start - b) <= 6 for b in beside)
            for c in line.cells
        ):
            break
        piece = pieces and len(match.text) <= 40 and not LEGAL_FORM_ANY.search(match.text)
        if _SITE_PREFIX.match(match.text) or not (looks_like_address(match.text) or piece):
            break
        if COUNTRY.search(fold((out[-1][1] if out else cell).text.split(",")[-1])):
            break  # the address above already ended with its country
        out.append((j, match))
    return out


# "Additional Addresses:", "Further sites": the list adds sites to the organisation's address.
_ADDITIONAL = regexes.compile(r"\b(?:additional|further|other|weitere|ulteriori|otras|autres)\b")
# "Further sites: see annex" on the certificate's page: the annex adds sites to the address.
_FURTHER_SITES = regexes.compile(
    r"\b(?:additional|further|weitere)\s+(?:sites|locations|addresses|premises|standorte)\b"
)


def find_sites(
    lines: list[Line],
    candidates: list[Candidate],
    address: ExtractedField | None,
    certification_body: ExtractedField | None,
) -> list[ExtractedField]:
    """Return the certified sites when the certificate lists sites, the main address first.

    A certificate that names only the organisation's own address has no site list: the
    address is the `address` field, and no sites are returned.
    """
    places = _bulleted_addresses(lines) or _labelled_addresses(lines)
    if len(places) >= 2:
        return places  # the organisation's places, listed under its address or by their names
    sites: list[ExtractedField] = [address] if address and address.value else []
    seen = {_key(address.value)} if address and address.value else set()
    avoid = _key(certification_body.value) if certification_body else None
    issuer = _issuer_cells(lines, certification_body)
    intro = next(
        (
            i
            for i, line in enumerate(lines)
            if line.page == 1
            and any(_LIST_INTRO.search(c.folded.strip()) for c in line.cells)
            and not _ANNEX.search(line.cells[0].folded.strip())
            and _is_list(lines, i)
        ),
        None,
    )
    start = next(
        (
            i
            for i, line in enumerate(lines)
            if line.cells
            and line.page >= 1
            and any(_ANNEX.search(c.folded.strip()) for c in line.cells[:3])
            and (line.page > 1 or _is_list(lines, i))
        ),
        None,
    )
    if start is None:
        start = _pointed_to(lines)
    if start is not None and _value_above(lines, start):
        start -= 1
    listed = False
    repeats: list[str] = []
    for first in (intro, start):
        if first is not None:
            # A list on the certificate page ends where its addresses end (the footer below
            # is the issuer's); an annex page lists sites to its end.
            listed |= _collect(lines, first, sites, seen, avoid, issuer, skip_first=first == intro,
                               stop_early=first == intro or lines[first].page == 1,
                               repeats=repeats)
    if not listed:
        return []
    if address and address.value:
        home = _key(address.value)
        more = any(_ADDITIONAL.search(lines[first].text.lower())
                   for first in (intro, start) if first is not None) or any(
            _FURTHER_SITES.search(line.text.lower()) for line in lines if line.page == 1)
        if not more and not any(key in home or home in key for key in repeats):
            # the list does not print the organisation's address: it names other sites only
            # (the head office is elsewhere), so the address is no site
            sites = sites[1:]
    return [_without_role(site) for site in _one_language(sites)]


def _digits(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\d+", text))


def _one_language(sites: list[ExtractedField]) -> list[ExtractedField]:
    """Return the sites without the translations of a bilingual list: an address followed by
    the same address in English, the same numbers in the same order ("Số 27, Đường 2A, ..." /
    "No. 27, Road 2A, ..."), is one site, kept in English as the other fields are."""
    out: list[ExtractedField] = []
    for site in sites:
        previous = out[-1] if out else None
        if (previous is not None and previous.page == site.page
                and _digits(previous.value) and _digits(previous.value) == _digits(site.value)
                and bool(foreign_score(previous.value)) != bool(foreign_score(site.value))):
            if foreign_score(previous.value):
                out[-1] = site
            continue
        out.append(site)
    return out


# What a site is before its address ("Head Office, Plot No. 17, ...", "Data centre, 5th Floor,
# ..."): the site's role, a few words without digits ending in a word for a place of work. The
# address starts after it.
_SITE_ROLE = regexes.compile(
    r"^(?:[^\W\d_][\w&'-]*\s+){0,3}(?:office|centre|center|hub|site|plant|factory|facility|"
    r"warehouse|headquarters|hq|campus|branch|premises|laboratory|lab|depot|works|"
    r"data\s*cent(?:re|er))\s*[,:–-]\s+(?=\S*\d|[^,]+,)",
    re.IGNORECASE,
)


def _without_role(site: ExtractedField) -> ExtractedField:
    """Return a site without the name of its role before its address."""
    role = _SITE_ROLE.match(site.value)
    if role is None or not looks_like_address(site.value[role.end() :]):
        return site
    return replace(site, value=site.value[role.end() :].strip())


def _issuer_cells(
    lines: list[Line], certification_body: ExtractedField | None
) -> set[tuple[int, int]]:
    """Return the cells printing the certification body's own address (name, then lines below)."""
    key = fold(certification_body.value) if certification_body else None
    out: set[tuple[int, int]] = set()
    for i, line in enumerate(lines):
        for cell in line.cells:
            if not (key and key in cell.folded) and not _ISSUER_LABEL.match(cell.folded):
                continue
            out.add((i, cell.start))
            for j in range(i + 1, min(len(lines), i + 5)):
                if lines[j].page != line.page:
                    break
                for other in lines[j].cells:
                    if abs(other.start - cell.start) <= 3 or abs(other.end - cell.end) <= 3:
                        out.add((j, other.start))
    return out


# The column of a site table that says what is done there ("Location | Registered Activities"):
# its prose may name countries ("... throughout the UK and European Union") but is no address.
_ACTIVITY_HEADER = regexes.compile(
    r"^(?:registered\s+|certified\s+|scope\s+of\s+)?(?:activit(?:y|ies)|scope|"
    r"products?(?:\s+and\s+services)?|services|tatigkeit(?:en)?|actividad(?:es)?|attivita|"
    r"activites?|atividades?|faaliyetler|kapsam)\s*:?$"
)


def _activity_column(lines: list[Line], start: int) -> int | None:
    """Return where a site table's activities column starts, from the table's header row."""
    for line in lines[start : start + 3]:
        if line.page != lines[start].page:
            break
        for cell in line.cells[1:]:
            if _ACTIVITY_HEADER.match(cell.folded.strip()):
                return cell.start
    return None


def _collect(
    lines: list[Line],
    start: int,
    sites: list[ExtractedField],
    seen: set[str],
    avoid: str | None,
    issuer: set[tuple[int, int]],
    *,
    skip_first: bool,
    stop_early: bool,
    repeats: list[str],
) -> bool:
    """Add the addresses from a site annex, or from a list in the certificate's text.

    Returns True when the list held an address (perhaps only the main address again); the
    keys of addresses already known that it printed again are added to `repeats`.
    """
    used: set[tuple[int, int]] = set()
    found_any = False
    activities = _activity_column(lines, start)
    for i in range(start + 1 if skip_first else start, len(lines)):
        if stop_early and lines[i].page != lines[start].page:
            return found_any
        line_has_address = any((i, cell.start) in used for cell in lines[i].cells)
        for cell in lines[i].cells:
            if (i, cell.start) in used or (i, cell.start) in issuer:
                continue
            if activities is not None and lines[i].page == lines[start].page and (
                cell.start >= activities - 2
            ):
                continue
            text = _site_text(cell)
            labelled = text != cell.text.strip() and len(text) > 8  # "Additional Site: ..."
            if avoid and avoid in _key(text):
                continue
            if looks_like_address(text) or labelled:
                more = _wrapped(lines, i, cell)
            else:  # a site name or the first piece of an address printed piece by piece
                more = _wrapped(lines, i, cell, pieces=True)
                if len(more) < 2:
                    continue
            pieces = latin_pieces([text] + [c.text for _, c in more])
            full = ", ".join(p.strip(" ,") for p in pieces)
            if not looks_like_address(full) or not any(ch.isalpha() for ch in full):
                continue  # a code alone ("19053-044-2024-1" under a picture) is no address
            found_any = line_has_address = True
            used.update((j, c.start) for j, c in more)
            value = full if labelled else address_part(full)  # a label replaced the site name
            key = _key(value)
            if key in seen or any(key in other or other in key for other in seen if len(other) > 8):
                repeats.append(key)  # printed again (the main address, or a wrapped piece)
                continue
            seen.add(key)
            sites.append(ExtractedField(value, lines[i].page, full, 0.8))
        if (stop_early and found_any and not line_has_address and not lines[i].blank
                and not (i == start + 1 and _ANNEX.search(lines[i].cells[0].folded.strip()))):
            return found_any  # the list ended: what follows is other text (not its own label
            # in the middle of the list, centred on it)
    return found_any


# "which includes the following in-scope location(s) on page 2 of 2": the sites are listed on
# another page, without a heading of their own.
_ON_PAGE = regexes.compile(
    r"\b(?:sites?|locations?|site\(s\)|location\(s\)|premises)\s+(?:are\s+listed\s+)?"
    r"on\s+page\s+(?P<page>\d)\b"
)


def _pointed_to(lines: list[Line]) -> int | None:
    """Return the first line of the page a first-page sentence sends the site list to."""
    for line in lines:
        if line.page != 1:
            break
        m = next((m for c in line.cells if (m := _ON_PAGE.search(c.folded))), None)
        if m is None or int(m.group("page")) <= 1:
            continue
        for page in (int(m.group("page")), int(m.group("page")) + 1):  # (a cover page added)
            printed = [i for i, other in enumerate(lines) if other.page == page
                       and not other.blank][:5]
            if any(looks_like_address(_site_text(c)) for i in printed for c in lines[i].cells):
                return printed[0]
        return None
    return None


# An address named by what the place is: "Registered Office: ...", "Works: ...", "Sediul de
# lucru: ...", "Punct de lucru: ...".
_PLACE_LABEL = regexes.compile(
    r"^(?:registered\s+(?:office|address)|head\s+office|business\s+address|corporate\s+office|"
    r"works|factory|plant|warehouse|productive\s+unit|production\s+(?:unit|site)|"
    r"sediul?(?:\s+(?:social|central|de\s+lucru))?|punct(?:ul)?\s+de\s+lucru)\s*:\s*(?=\S)"
)


def _labelled_addresses(lines: list[Line]) -> list[ExtractedField]:
    """Return two or more addresses printed one under the other, each after the name of the
    place it is ("Sediul social: Str. ..." / "Sediul de lucru: Str. ...", "HEAD OFFICE: ..." /
    "WORKS: ..."): the organisation's places, its sites."""
    run: list[ExtractedField] = []
    for line in [*lines, None]:
        if line is not None and line.blank:
            continue  # (a scan's reading leaves blank lines between printed ones)
        cell = line.cells[0] if line is not None and line.cells else None
        m = _PLACE_LABEL.match(cell.folded) if cell is not None else None
        if m and looks_like_address(cell.text[m.end() :]):
            run.append(ExtractedField(cell.text.strip(), line.page, cell.text, 0.7))
            continue
        if len(run) >= 2:
            return run
        run = []
    return []


_BULLET = regexes.compile(r"^\s*[-•·*–—]\s*(?=\S)")


def _bulleted_addresses(lines: list[Line]) -> list[ExtractedField]:
    """Return the items of a bulleted list under the organisation's address label: an
    organisation with several places lists them there ("Dirección de la organización:" /
    "- Terminal Logística: km 298.800 Ruta Nacional Nº2, Fray Bentos." / "- Oficina
    Central: ..."), each item a site, wrapped lines joined."""
    for i, line in enumerate(lines):
        if len(line.cells) != 1 or line.page != 1:
            continue
        cell = line.cells[0]
        hits = [h for h in find_labels(cell) if h.accepted and h.at_start]
        if not (hits and hits[0].field == "address" and hits[0].cell_only):
            continue
        items: list[list[str]] = []
        for other in lines[i + 1 : i + 30]:
            if other.page != line.page or other.blank or len(other.cells) != 1:
                break
            text = other.cells[0].text
            if _BULLET.match(text):
                items.append([_BULLET.sub("", text, count=1)])
            elif items and not is_label_cell(other.cells[0]):
                items[-1].append(text.strip())
            else:
                break
        if len(items) >= 2:
            return [ExtractedField(" ".join(parts).strip(), line.page, " ".join(parts), 0.7)
                    for parts in items]
    return []


def _value_above(lines: list[Line], index: int) -> bool:
    """Return True when a site label sits below the first line of its value, after a gap from
    the row above: a table cell centred vertically ("            1 Fusionopolis Way, ..." /
    "Certified Sites" / "            51 Changi ..."), or the label printed in two languages,
    the first beside the first site ("인증사업장   20F, 521 Teheran-ro, ..." / "Certified Sites
    45 Gwahaksandan-ro, ...")."""
    label = lines[index].cells[0] if lines[index].cells else None
    if index < 2 or label is None or not is_label_cell(label):
        return False
    above, before = lines[index - 1], lines[index - 2]
    if above.page != lines[index].page or above.blank or not before.blank:
        return False
    values = [c for c in above.cells if c.start > label.end]
    rest = [c for c in above.cells if c.start <= label.end]
    return (
        bool(values)
        # nothing left of the value, or the label's translation in the label's column
        and (not rest or (len(rest) == 1 and abs(rest[0].start - label.start) <= 2
                          and not looks_like_address(rest[0].text)))
        and any(looks_like_address(_site_text(c)) for c in values)
    )


def _is_list(lines: list[Line], index: int) -> bool:
    """Return True when a first-page heading is followed by address lines (a site list), or
    has one beside it."""
    following = [c for line in lines[index + 1 : index + 4] for c in line.cells] + [
        c for c in lines[index].cells[1:] if not is_label_cell(c)]
    return sum(1 for c in following if looks_like_address(_site_text(c))) >= 1
