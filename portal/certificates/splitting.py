"""Split a file that holds several certificates into one reading per certificate (pure).

A page starts a certificate when it carries a certificate heading or a certification
statement together with a certifiable standard or a certificate number. Pages without that
(site annexes, schedules, a second page of terms) belong to the certificate before them.
Consecutive parts that are the same certificate (a German page and its English translation
with the same number, or the same certificate printed twice) are read as one.
"""

from __future__ import annotations

import re
from dataclasses import replace

from portal.certificates import regexes
from portal.certificates.classify import is_heading
from portal.certificates.dates import fold
from portal.certificates.fields import label_candidates, parse_certificate_number
from portal.certificates.layout import Line, read_lines
from portal.certificates.ocr import guess_latin_language
from portal.certificates.parsing import extract_text_fields
from portal.certificates.results import CertificateExtraction
from portal.certificates.standards import find_standards
from portal.certificates.vocabulary import ORG_TRIGGERS

# How many leading pages are tried one by one when the whole file does not read as a
# certificate (a certificate with a letter or terms page after it).
SINGLE_PAGE_TRIES = 4


def _titled(lines: list[Line]) -> bool:
    """Return True when one of the first 25 printed lines is a certificate's title."""
    top = [line for line in lines if not line.blank][:25]
    return any(is_heading(c.folded) for line in top for c in line.cells)


def starts_certificate(page: str) -> bool:
    """Return True when a page opens a certificate of its own (not an annex or a back page)."""
    lines = read_lines([page])
    titled = _titled(lines)
    stated = any(ORG_TRIGGERS.search(c.folded) for line in lines for c in line.cells)
    if not (titled or stated):
        return False
    if any(m.certifiable for line in lines for m in find_standards(line.text)):
        return True
    return any(
        c.field == "certificate_number" and parse_certificate_number(c.text)
        for c in label_candidates(lines)
    )


def starts_claim(page: str) -> bool:
    """Return True when a page is titled as a certificate and states a certification."""
    lines = read_lines([page])
    return _titled(lines) and any(
        ORG_TRIGGERS.search(c.folded) or _CONFIRMS.search(c.folded)
        for line in lines for c in line.cells
    )


# "confirms to <holder> the compliance with the requirements of the certification scheme"
_CONFIRMS = regexes.compile(r"\bconfirms\s+(?:to\b|that\b)|\bthe\s+compliance\s+with\b")


def _key(value: str | None) -> str:
    return re.sub(r"[^a-z0-9]", "", (value or "").lower())


# Scripts other than Latin that a certificate may be printed in, by Unicode block.
_SCRIPTS = {
    "Cyrillic": regexes.compile(r"[\u0400-\u04ff]"),
    "Greek": regexes.compile(r"[\u0370-\u03ff]"),
    "Hangul": regexes.compile(r"[\uac00-\ud7a3]"),
    "Kana": regexes.compile(r"[\u3040-\u30ff]"),
    "Han": regexes.compile(r"[\u3400-\u9fff]"),
    "Arabic": regexes.compile(r"[\u0600-\u06ff]"),
    "Hebrew": regexes.compile(r"[\u0590-\u05ff]"),
    "Thai": regexes.compile(r"[\u0e00-\u0e7f]"),
}


def language_of(pages: list[str]) -> str:
    """Return the script, or for Latin text the language, most of the pages are written in."""
    text = "\n".join(pages)
    letters = sum(1 for ch in text if ch.isalpha()) or 1
    counts = {name: len(regex.findall(text)) for name, regex in _SCRIPTS.items()}
    if counts["Kana"] >= 0.05 * letters:
        return "Japanese"  # kana among the Han characters
    script, n = max(counts.items(), key=lambda item: item[1])
    if n >= 0.3 * letters:
        return script
    return guess_latin_language(text) or "eng"


_COMPLETE = ("standard", "certificate_number", "organization", "expiry_date")


def _translation(a: CertificateExtraction, b: CertificateExtraction, languages: set[str]) -> bool:
    """Return True for two whole certificates with one number printed in two languages (a
    Korean certificate and its English twin): two printed certificates, read one each."""
    return len(languages) == 2 and all(
        r.status == "ok" and all(r.value(f) for f in _COMPLETE) for r in (a, b)
    )


def _twins(a: CertificateExtraction, b: CertificateExtraction, languages: set[str]) -> bool:
    """Return True for two certificates in two languages whose number one of them only
    prints (a Chinese page that gives it in a seal), each naming its standard, holder
    and expiry, the same standard and the same expiry on both."""
    return (
        len(languages) == 2
        and all(r.status == "ok" and all(r.value(f) for f in _COMPLETE if f != "certificate_number")
                for r in (a, b))
        and _key(a.value("standard")) == _key(b.value("standard"))
        and a.value("expiry_date") == b.value("expiry_date")
    )


# What an IQNet certificate says of itself (its partner's page shows the IQNet logo only): it
# is a certificate of its own, with its own number, never a page of the partner's certificate.
_IQNET = regexes.compile(
    r"\biqnet\s+recogni[sz]ed\s+certificate|\bpresident\s+of\s+iqnet\b|"
    r"\biqnet\s+members\b|\biqnet\s+member.s\s+original\s+certificate"
)


def _iqnet(reading: CertificateExtraction) -> bool:
    return any(_IQNET.search(fold(text)) for text in reading.page_texts)


def _same(
    a: CertificateExtraction, b: CertificateExtraction, languages: set[str] | None = None
) -> bool:
    """Return True when two readings are the same certificate (a copy, an annex page); the
    same certificate printed in another language (`languages`: the two parts') is not."""
    if not (a.is_certificate and b.is_certificate):
        return True  # a part that is no certificate belongs to its neighbour
    if _iqnet(a) != _iqnet(b):
        return False  # an IQNet certificate beside its partner's: two certificates
    number_a, number_b = _key(a.value("certificate_number")), _key(b.value("certificate_number"))
    if number_a and number_b:
        return number_a == number_b and not _translation(a, b, languages or set())
    if (number_a or number_b) and _twins(a, b, languages or set()):
        return False
    body_a = _key(a.value("certification_body"))
    body_b = _key(b.value("certification_body"))
    if body_a and body_b and body_a not in body_b and body_b not in body_a:
        return False  # two issuers: two certificates (an IQNet certificate and its partner's)
    standards_a = {_key(s.value) for s in a.standards}
    standards_b = {_key(s.value) for s in b.standards}
    org_a, org_b = _key(a.value("organization")), _key(b.value("organization"))
    return standards_a == standards_b and (not org_a or not org_b or org_a == org_b)


# What a certificate prints the same in every language: taken from its translation on the
# next page when its own page does not give it (a Chinese page that prints its number only in
# a seal, its body only as a logo).
_SHARED = ("certificate_number", "certification_body", "accreditation_body",
           "initial_certification_date", "issue_date", "expiry_date")
TWIN_CONFIDENCE = 0.8


def _from_twin(
    reading: CertificateExtraction, twin: CertificateExtraction
) -> CertificateExtraction:
    """Return the reading with the language-free values it lacks taken from its twin."""
    changes = {
        name: replace(getattr(twin, name),
                      confidence=round(getattr(twin, name).confidence * TWIN_CONFIDENCE, 3))
        for name in _SHARED
        if getattr(reading, name) is None and getattr(twin, name) is not None
    }
    if not changes:
        return reading
    shown = ", ".join(changes)
    warnings = tuple(w for w in reading.warnings if w.removeprefix("not found: ") not in changes)
    return replace(reading, **changes,
                   warnings=(*warnings, f"taken from the same certificate in another language: "
                                        f"{shown}"))


def _read(
    pages: list[str], start: int, end: int, ocr_pages: frozenset[int]
) -> CertificateExtraction:
    ocr = any(i in ocr_pages for i in range(start, end))
    return extract_text_fields(pages[start:end], ocr=ocr, first_page=start + 1)


def _part(
    pages: list[str], start: int, end: int, ocr_pages: frozenset[int]
) -> tuple[int, int, CertificateExtraction]:
    """Return a certificate's pages and reading; pages after its first that make it read as
    something else (a brochure's back cover after the last certificate) are left out."""
    reading = _read(pages, start, end, ocr_pages)
    if not reading.is_certificate and end - start > 1:
        alone = _read(pages, start, start + 1, ocr_pages)
        if alone.is_certificate:
            return start, start + 1, alone
    return start, end, reading


def extract_document(
    pages: list[str], *, ocr_pages: frozenset[int] = frozenset()
) -> CertificateExtraction:
    """Return the first certificate in the pages, the others in `.more` (0-based ocr_pages)."""
    starts = [i for i, page in enumerate(pages) if len(pages) > 1 and starts_certificate(page)]
    if len(starts) <= 1:
        whole = _read(pages, 0, len(pages), ocr_pages)
        if starts and starts[0] > 0 and not whole.is_certificate:
            # a cover letter, an order form or a brochure page before the certificate: the
            # pages before it must not make the certificate read as a letter
            rest = _read(pages, starts[0], len(pages), ocr_pages)
            if rest.is_certificate:
                return replace(rest, pages=len(pages))
        if not whole.is_certificate and len(pages) > 1:
            # a page of terms, a letter or a mark-use rule after the certificate reads as a
            # look-alike when read with it: a page that is a certificate on its own is kept
            review = None
            for i in range(min(len(pages), SINGLE_PAGE_TRIES)):
                alone = _read(pages, i, i + 1, ocr_pages)
                if alone.is_certificate and alone.status == "ok":
                    return replace(alone, pages=len(pages))
                if alone.is_certificate and review is None:
                    review = alone
            if review is not None and not whole.is_certificate and starts_claim(pages[0]):
                # the first page alone is a certificate to review (a scheme's certificate
                # whose annex pages read as an audit report): returned, never thrown away
                return replace(review, pages=len(pages))
        return whole
    if starts[0] > 0 and _read(pages, 0, starts[1], ocr_pages).is_certificate:
        starts[0] = 0  # the pages before the first certificate are its own (a cover page)
    # else they are a brochure's or a letter's, which would make the first certificate read
    # as one: they are left out
    bounds = list(zip(starts, starts[1:] + [len(pages)], strict=True))
    parts = [_part(pages, a, b, ocr_pages) for a, b in bounds]
    merged: list[tuple[int, int, CertificateExtraction]] = [parts[0]]
    twins: set[int] = set()  # the parts that translate the part before them
    for a, b, reading in parts[1:]:
        first, end, previous = merged[-1]
        languages = {language_of(pages[first:end]), language_of(pages[a:b])}
        if _same(previous, reading, languages):
            merged[-1] = (first, b, _read(pages, first, b, ocr_pages))
        else:
            numbers = {_key(r.value("certificate_number")) for r in (previous, reading)} - {""}
            if len(numbers) <= 1 and (_translation(previous, reading, languages)
                                      or _twins(previous, reading, languages)):
                twins.add(len(merged))  # one number (or one printed): the same certificate
            merged.append((a, b, reading))
    readings = [reading for _, _, reading in merged]
    for n in sorted(twins):
        readings[n - 1], readings[n] = (_from_twin(readings[n - 1], readings[n]),
                                        _from_twin(readings[n], readings[n - 1]))
    if len(readings) == 1:
        return readings[0]
    total = len(pages)
    readings = [replace(r, pages=total) for r in readings]
    return replace(readings[0], more=tuple(readings[1:]))
