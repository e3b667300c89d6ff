"""Recognise accreditation and certification bodies from the shipped data files."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from portal.certificates import regexes
from portal.certificates.dates import fold
from portal.certificates.layout import Line, fold_same_length
from portal.certificates.results import ExtractedField
from portal.certificates.textquality import one_edit_apart
from portal.certificates.vocabulary_places import LEGAL_FORM_ANY

_ACCREDIT_WORD = regexes.compile(
    # English, German, Turkish/Indonesian, Spanish/Portuguese, Polish ("akredytacji"), Russian
    r"accredit|akkredit|akredit|acredit|akredyt|аккредит|акредит", re.IGNORECASE
)


@dataclass(frozen=True)
class Body:
    """An accreditation or certification body and where the fact about it comes from."""

    name: str
    acronym: str | None
    aliases: tuple[str, ...]
    country: str
    source: str
    ambiguous: bool = False
    number_pattern: str | None = None
    # False for accreditation marks of bodies that are not IAF MLA signatories.
    iaf_mla: bool = True

    @property
    def display(self) -> str:
        """Return the short name to show, e.g. "UKAS"."""
        return self.acronym or self.name

    def names(self) -> tuple[str, ...]:
        """Return every printed form, longest first."""
        forms = {self.name, *self.aliases}
        if self.acronym:
            forms.add(self.acronym)
        return tuple(sorted(forms, key=len, reverse=True))


def _load(filename: str) -> tuple[Body, ...]:
    # JSON, not YAML: the standard library reads it, so reading one certificate from the
    # command line does not load PyYAML (a tenth of its start-up beyond the PDF library's)
    text = resources.files("portal.certificates").joinpath("data", filename).read_text("utf-8")
    bodies = []
    for entry in json.loads(text)["bodies"]:
        bodies.append(
            Body(
                name=entry["name"],
                acronym=entry.get("acronym"),
                aliases=tuple(entry.get("aliases", ())),
                country=entry.get("economy") or entry.get("country", ""),
                source=entry["source"],
                ambiguous=bool(entry.get("ambiguous", False)),
                number_pattern=entry.get("number_pattern"),
                iaf_mla=bool(entry.get("iaf_mla", True)),
            )
        )
    return tuple(bodies)


@cache
def accreditation_bodies() -> tuple[Body, ...]:
    """Return the accreditation bodies in data/accreditation_bodies.json (see `iaf_mla`)."""
    return _load("accreditation_bodies.json")


@cache
def certification_bodies() -> tuple[Body, ...]:
    """Return the certification bodies shipped in data/certification_bodies.json."""
    return _load("certification_bodies.json")


# A letter or digit that continues a word; Chinese, Japanese and Korean characters do not: they
# are written without spaces, so "BSIグループジャパン株式会社" names BSI.
_WORD_CHAR = r"[^\W\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]|-"


@cache
def _pattern(form: str, *, exact_case: bool) -> re.Pattern[str]:
    body = re.escape(form if exact_case else fold(form)).replace(r"\ ", r"\s+")
    return re.compile(rf"(?<!{_WORD_CHAR}){body}(?!{_WORD_CHAR})")


@cache
def _patterns(kind: str) -> tuple[tuple[Body, str, str, bool], ...]:
    """Return (body, printed form, the form's longest word as searched, exact case) for every
    form. Each form's pattern is compiled only when its longest word is in the text: a start of
    the reader then compiles a handful of the hundreds of names, not all of them."""
    bodies = accreditation_bodies() if kind == "ab" else certification_bodies()
    out = []
    for body in bodies:
        for form in body.names():
            short = form == body.acronym and len(form) < 4
            searched = form if short else fold(form)
            out.append((body, form, max(searched.split(), key=len, default=searched), short))
    return tuple(out)


# A certification body's brand made of an accreditation acronym ("UKAS CERT", "IAS Cert"):
# the acronym is part of the brand's name, not an accreditation mark.
_BRAND_AFTER = regexes.compile(r"\s?cert\b", re.IGNORECASE)


def _hits(
    kind: str, text: str, *, ambiguous_ok: bool = False
) -> Iterator[tuple[Body, re.Match[str]]]:
    """Yield every known body's printed form found in the text, in the list's order."""
    folded = fold_same_length(text)
    for body, form, word, exact_case in _patterns(kind):
        haystack = text if exact_case else folded
        if word not in haystack:
            continue
        hit = _pattern(form, exact_case=exact_case).search(haystack)
        if hit is None:
            continue
        if kind == "ab" and form == body.acronym and _BRAND_AFTER.match(text, hit.end()):
            continue
        if kind == "ab" and body.ambiguous and form == body.acronym and not ambiguous_ok:
            if not _ACCREDIT_WORD.search(text):
                continue
        yield body, hit


def _search(
    kind: str, text: str, *, ambiguous_ok: bool = False
) -> tuple[Body, re.Match[str]] | None:
    return next(_hits(kind, text, ambiguous_ok=ambiguous_ok), None)


def match_accreditation_body(name: str) -> Body | None:
    """Return the recognised accreditation body a printed name refers to, or None."""
    found = _search("ab", name)
    if found is None and name.strip():
        for body in accreditation_bodies():
            if body.acronym and fold(name.strip()) == fold(body.acronym):
                return body
    return found[0] if found else None


def is_clear_mark(found: ExtractedField) -> bool:
    """Return True when an accreditation body read from a logo is named unambiguously.

    OCR of logos makes short capital groups out of drawings ("TAF", "SAS"): a body is taken
    from a picture only when printed by name, by an acronym of four or more letters or in
    mixed case ("RvA", "DAkkS"), with accreditation wording in the same printed cell, or
    leading the accreditation number printed under the mark ("NAH-4-0047/2023").
    """
    body = match_accreditation_body(found.source_text) or match_accreditation_body(found.value)
    if body is None:
        return False
    source = found.source_text
    for form in body.names():
        if form == body.acronym:
            continue
        if _pattern(form, exact_case=False).search(fold_same_length(source)):
            return True
    acronym = body.acronym or ""
    return (
        (len(acronym) >= 4 and not body.ambiguous)
        or (acronym != acronym.upper() and acronym in source)
        or bool(_ACCREDIT_WORD.search(source))
        or any(hit.group(1) == acronym for hit in _MARK_CODE.finditer(source))
    )


def in_accreditation_mark(lines: list[Line], index: int, start: int, end: int) -> bool:
    """Return True for text printed in an accreditation mark ("DANAK" / "Reg. nr. 7021",
    "IAS ACCREDITED" / "Management Systems" / "Certification Body"): an accreditation body
    named over it, in columns that meet its own, on its line or the three above."""
    page = lines[index].page
    for line in lines[max(0, index - 3) : index + 1]:
        if line.page != page:
            continue
        for cell in line.cells:
            if (
                cell.start <= end + 2
                and cell.end >= start - 2
                and (match_accreditation_body(cell.text.strip())
                     or _MARK_HEAD.match(cell.text.strip()))
            ):
                return True
    return False


# The word a mark prints over "Management Systems" / "Certification Body" when its body's
# name is a logo OCR cannot read ("ACCREDITED", "IAS ACCREDITED").
_MARK_HEAD = regexes.compile(r"(?:[A-Z]{2,6}\s+)?ACCREDITED\.?$")


def is_accreditation_number(text: str) -> bool:
    """Return True when text is an accreditation number in a known body's format."""
    return any(
        re.fullmatch(pattern, text.strip())
        for pattern in (b.number_pattern for b in accreditation_bodies() if b.number_pattern)
        if not re.fullmatch(pattern, "1234")  # plain digits say nothing: certificates use them
    )


def match_certification_body(name: str) -> Body | None:
    """Return the known certification body a printed name refers to, or None."""
    found = _search("cb", name)
    return found[0] if found else None


# OCR reads the "I" of a capitalised acronym as "l", "L", "1" or "|" ("lAC ACCREDITED").
_OCR_I = regexes.compile(r"(?<![A-Za-z0-9])[lL1|](?=[A-Z]{2,4}(?![A-Za-z]))")


# Letters OCR takes for one another in the capitals of a logo ("TORKAK" for "TÜRKAK").
_CONFUSABLE = ("UOQ0", "IL1", "CGO", "BE8", "S5", "Z2", "HN", "MN")
_CAPITALS = regexes.compile(r"(?<![\w-])[A-Z0-9]{6,8}(?![\w-])")


def _confusable(a: str, b: str) -> bool:
    return any(a in group and b in group for group in _CONFUSABLE)


def _misread_acronym(text: str) -> tuple[Body, re.Match[str]] | None:
    """Return the accreditation body whose acronym (six letters or more) a word in capitals
    is, but for one letter OCR confuses: shorter acronyms would match ordinary words."""
    for hit in _CAPITALS.finditer(fold_same_length(text).upper()):
        word = hit.group(0)
        if not text[hit.start() : hit.end()].isupper():
            continue  # printed in capitals, as a logo prints its acronym
        for body in accreditation_bodies():
            acronym = fold(body.acronym or "").upper()
            if len(acronym) != len(word) or body.ambiguous:
                continue
            differ = [(a, b) for a, b in zip(acronym, word, strict=True) if a != b]
            if len(differ) == 1 and _confusable(*differ[0]):
                return body, hit
    return None


def _near_accreditation(lines: list[Line], index: int, reach: int = 2) -> bool:
    page = lines[index].page
    around = lines[max(0, index - reach) : index + reach + 1]
    return any(_ACCREDIT_WORD.search(line.text) for line in around if line.page == page)


def find_accreditation(
    lines: list[Line], *, mark: bool = False
) -> tuple[ExtractedField | None, ExtractedField | None]:
    """Return the accreditation body and, when printed near it, its accreditation number.

    A name as printed, or a mark's number led by the body's acronym ("ILAS-MS-0089"), wins
    over an acronym read back from OCR's "l" for "I" ("LAS" is "IAS" or a clipped "ILAS").
    `mark` says the lines are one accreditation mark's own print (a logo read on its own): a
    number led by a body's acronym counts there without accreditation wording beside it.
    """
    for guess in (False, True):
        found = _find_accreditation(lines, ocr_guess=guess, mark=mark)
        if found is not None:
            return found
    ab, number = _by_number(lines)
    return (ab, number) if ab is not None else (_by_number_suffix(lines), None)


# A certificate number that ends in the country and the accreditation body the certificate
# is issued under ("120406-2012-AQ-NLD-RvA", "10000123-AQ-USA-ANAB"): the body is the
# acronym after a three-letter country code, as printed, closing the number.
_NUMBER_SUFFIX = regexes.compile(r"\d[\w-]*-[A-Z]{3}-([A-Za-z][A-Za-z-]{1,7})(?![\w-])")


def _by_number_suffix(lines: list[Line]) -> ExtractedField | None:
    for line in lines:
        for cell in line.cells:
            for hit in _NUMBER_SUFFIX.finditer(cell.text):
                for body in accreditation_bodies():
                    # the acronym, or a short capitalised alias ("…-BRA-INMETRO": Cgcre)
                    short = (body.acronym, *(a for a in body.aliases if a.isupper()))
                    if hit.group(1) in short and not body.ambiguous:
                        return ExtractedField(body.display, line.page, cell.text, 0.7)
    return None


def _find_accreditation(
    lines: list[Line], *, ocr_guess: bool, mark: bool = False
) -> tuple[ExtractedField, ExtractedField | None] | None:
    for i, line in enumerate(lines):
        for cell in line.cells:
            context = " ".join(c.text for c in line.cells)
            if ocr_guess:
                found = None
                if _OCR_I.search(cell.text) and _near_accreditation(lines, i):
                    found = _search("ab", _OCR_I.sub("I", cell.text), ambiguous_ok=True)
                if found is None:
                    found = _misread_acronym(cell.text)
            else:
                found = _search("ab", cell.text, ambiguous_ok=True)
                if found is None and (mark or _near_accreditation(lines, i)):
                    found = _mark_code(cell.text)
            if found is None:
                continue
            body, hit = found
            if (
                body.ambiguous
                and hit.group(0) == body.acronym
                and not _ACCREDIT_WORD.search(context)
                and not (cell.text.strip(" ,.;:") == body.acronym
                         and _is_mark(lines, i, cell.start)
                         # a two-letter acronym alone ("LA", "SA") is any scrap of a logo's
                         # OCR: only with accreditation wording beside it ("NA" / "ACCREDITED")
                         and (len(body.acronym or "") > 2 or _near_accreditation(lines, i)))
            ):
                continue
            ab = ExtractedField(body.display, line.page, cell.text, 0.9)
            number = _number_near(lines, i, cell.start, cell.text[hit.end() :], body)
            return ab, number
    return None


# An accreditation mark's number led by its body's acronym ("ILAS-MS-0089", "UKAS-0123",
# "NAH-4-0047/2023": the Hungarian body numbers its certification bodies' accreditations 4-).
_MARK_CODE = regexes.compile(
    r"(?<![\w-])([A-Z][A-Za-z]{1,7})-(?:[A-Z]{1,6}-|\d-)?\d{2,}"
)


def _mark_code(text: str) -> tuple[Body, re.Match[str]] | None:
    for hit in _MARK_CODE.finditer(text):
        for body in accreditation_bodies():
            if body.acronym and hit.group(1) == body.acronym:
                return body, hit
    return None


def _by_number(lines: list[Line]) -> tuple[ExtractedField | None, ExtractedField | None]:
    """Return the body whose own accreditation-number format is printed by an accreditation
    mark ("MSCB-103" under "ACCREDITED": IAS), when its name is only in a logo."""
    for i, line in enumerate(lines):
        for cell in line.cells:
            for body in accreditation_bodies():
                if not body.number_pattern or re.fullmatch(body.number_pattern, "1234"):
                    continue
                for hit in re.finditer(body.number_pattern, cell.text):
                    before = cell.text[: hit.start()]
                    if before.endswith("-") or (before[-1:].isalnum()):
                        continue  # part of another body's number ("IAC-MSCB-5044")
                    if _near_accreditation(lines, i, reach=5):
                        page = line.page
                        return (
                            ExtractedField(body.display, page, cell.text, 0.6),
                            ExtractedField(hit.group(0), page, cell.text, 0.6),
                        )
    return None, None


_MARK_WORDS = regexes.compile(
    r"accredit|akkredit|akredit|acredit|akredyt|аккредит|акредит|management\s+systems?|\bmsys\b",
    re.I,
)


def _is_mark(lines: list[Line], index: int, column: int) -> bool:
    """Return True when an acronym heads an accreditation mark (accreditation words below)."""
    page = lines[index].page
    below = [
        c.text
        for line in lines[index + 1 : index + 4]
        if line.page == page
        for c in line.cells
        if abs(c.start - column) <= 3
    ]
    return bool(_MARK_WORDS.search(" ".join(below)))


def _number_near(
    lines: list[Line], index: int, column: int, rest: str, body: Body
) -> ExtractedField | None:
    if not body.number_pattern:
        return None
    pattern = re.compile(body.number_pattern)
    page = lines[index].page
    candidates = [rest]
    for line in lines[index + 1 : index + 4]:
        if line.page != page:
            break
        candidates += [
            c.text for c in line.cells if abs(c.start - column) <= 12 and len(c.text) < 40
        ]
    for text in candidates:
        hit = pattern.search(text)
        if hit and not re.fullmatch(r"(?:19|20)\d\d", hit.group(0)):
            return ExtractedField(hit.group(0), page, text.strip(), 0.8)
    return None


# Legal forms that are no word in any language, printed in lower case ("Certification srl").
_LOWER_CASE_FORMS = {"srl", "sro", "sagl", "sàrl"}


def legal_form_after(text: str, pos: int = 0, end: int | None = None) -> re.Match[str] | None:
    """Return the next legal form in text; a short one in lower case ("as", "ag") is a word,
    unless its dots ("s.r.o.", "s.a.") or its letters ("srl") make it a legal form."""
    for legal in LEGAL_FORM_ANY.finditer(text, pos, len(text) if end is None else end):
        form = legal.group(0).strip(" ,")
        if (len(form.replace(".", "")) <= 3 and form.islower() and form.count(".") < 2
                and form not in _LOWER_CASE_FORMS):
            continue
        return legal
    return None


def printed_body_name(text: str, start: int, end: int) -> str:
    """Return the body's name as printed: the match extended to its legal form if near."""
    span = text[start:end].rstrip(" ,;")
    own = [m for m in LEGAL_FORM_ANY.finditer(span) if m.group(0).strip(" ,") != m.group(0).lower()]
    if own and own[-1].end() >= len(span):
        return span.strip(" ,;")  # already ends in its legal form
    legal = legal_form_after(text, end)
    between = fold(text[end : legal.start()]) if legal else ""
    if (
        legal
        and legal.end() - end <= 45
        and "," not in text[end : legal.start()].rstrip(", ")
        and not re.search(r"\b(?:certif\w*|confirms?|that|hereby|has|is|and|as)\b", between)
    ):
        return text[start : legal.end()].strip(" ,;")
    return text[start:end].strip(" ,;")


_LOGO_WORD = regexes.compile(r"[^\W\d_]{5,14}")


def find_misread_certification_body(lines: list[Line]) -> ExtractedField | None:
    """Return a known certification body whose one-word brand (five letters or more) a word in
    capitals alone in its cell is, but for one letter OCR added, dropped or changed in a logo
    ("IAMTIVO"). The body's own name is returned; the source shows what was read."""
    for line in lines:
        for cell in line.cells:
            word = cell.text.strip()
            if not (_LOGO_WORD.fullmatch(word) and word.isupper()):
                continue
            folded = fold_same_length(word)
            for body in certification_bodies():
                if body.ambiguous:
                    continue
                for name in body.names():
                    if " " not in name and len(name) >= 5 and one_edit_apart(fold(name), folded):
                        return ExtractedField(body.name, line.page, cell.text, 0.6)
    return None


# "IQNet Partners*: AENOR Spain AFNOR Certification France APCER Portugal ...": the network's
# members, printed under its attestations; none of them is the issuer.
_PARTNER_LIST = regexes.compile(r"\biqnet\s+partners?\b|\bpartners\s+of\s+iqnet\b")


def _names_several(text: str) -> bool:
    """Return True for a cell naming three known certification bodies or more: a list."""
    return len({body.name for body, _ in _hits("cb", text)}) >= 3


def find_known_certification_body(lines: list[Line]) -> ExtractedField | None:
    """Return the first known certification body named in the text, as printed; a list of
    bodies (the IQNet partners under an IQNet attestation) names none of them."""
    in_list = False
    for line in lines:
        if line.blank:
            in_list = False
        if any(_PARTNER_LIST.search(cell.folded) for cell in line.cells):
            in_list = True
        if in_list:
            continue
        for cell in line.cells:
            if _names_several(cell.text):
                continue
            found = _search("cb", cell.text)
            if found is None:
                continue
            _, hit = found
            name = printed_body_name(cell.text, hit.start(), hit.end())
            return ExtractedField(name, line.page, cell.text, 0.8)
    return None
