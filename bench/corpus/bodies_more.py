"""More body layouts for development: a bordered "hereby granted" certificate, German and
English side by side, a ruled two-column table, and a certificate worded like a letter.

This was the held-out family ("bodies_heldout") until the fifth round of issue 10, when its
failures were read; it then moved to development and is scored with the "bodies" family
(layout names "ceremonial/plain" etc.).
"""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from bench.corpus.bodies import VARIANTS, draw_variant
from bench.corpus.wild import GREY, WildSpec, WPen, make_wild_spec, page_size


def ceremonial(p: WPen) -> None:
    """A bordered certificate: the name first, 'is hereby granted this certificate'."""
    s, w, h = p.s, p.w, p.h
    p.c.setLineWidth(3)
    p.c.rect(25, 25, w - 50, h - 50)
    p.text(w / 2, h - 90, "REGISTRATION CERTIFICATE", 21, bold=True, align="center")
    p.text(w / 2, h - 140, s.org, 20, bold=True, align="center")
    y = p.lines(w / 2, h - 160, [", ".join(s.address)], 9, align="center")
    y = p.para(80, y - 14, "is hereby granted this certificate for its management system, "
               "found to comply with", w - 160, 11, center=True)
    y = p.lines(w / 2, y - 8, s.standards, 16, bold=True, align="center")
    y = p.para(80, y - 10, f"in respect of: {s.scope}", w - 160, 10, center=True)
    rows = [("Certificate Reg. No.", s.number)]
    if s.initial:
        rows.append(("Date of initial registration", s.d(s.initial)))
    rows += [("Date of current registration", s.d(s.issue)), ("Valid through", s.d(s.expiry))]
    y -= 20
    for label, value in rows:
        p.text(w / 2 - 10, y, label, 10, align="right")
        p.text(w / 2 + 10, y, value, 10, bold=True)
        y -= 15
    p.text(w / 2, 120, s.cb, 11, bold=True, align="center")
    if s.ab:
        p.text(w / 2, 106, f"Accredited by {s.ab}", 8.5, align="center", color=GREY)


def columns_de(p: WPen) -> None:
    """German and English side by side, the values centred between them."""
    s, w, h = p.s, p.w, p.h
    p.text(w / 4, h - 80, "ZERTIFIKAT", 20, bold=True, align="center")
    p.text(3 * w / 4, h - 80, "CERTIFICATE", 20, bold=True, align="center")
    p.para(40, h - 110, f"Die Zertifizierungsstelle {s.cb} bescheinigt, dass das Unternehmen",
           w / 2 - 60, 9)
    p.para(w / 2 + 20, h - 110, f"The certification body {s.cb} hereby certifies that the "
           "organisation", w / 2 - 60, 9)
    p.text(w / 2, h - 160, s.org, 15, bold=True, align="center")
    y = p.lines(w / 2, h - 176, s.address, 9, align="center")
    p.para(40, y - 10, "ein Managementsystem eingeführt hat und anwendet nach", w / 2 - 60, 9)
    p.para(w / 2 + 20, y - 10, "has established and applies a management system according to",
           w / 2 - 60, 9)
    y = p.lines(w / 2, y - 44, s.standards, 14, bold=True, align="center")
    p.text(40, y - 10, "Geltungsbereich / Scope:", 9.5, bold=True)
    y = p.para(40, y - 24, s.scope, w - 80, 9.5)
    rows = [("Zertifikat-Registrier-Nr. / Certificate Registration No.", s.number),
            ("Gültig vom / Valid from", s.d(s.issue)), ("Gültig bis / Valid until", s.d(s.expiry))]
    y -= 12
    for label, value in rows:
        p.text(40, y, label, 9)
        p.text(w - 40, y, value, 9.5, bold=True, align="right")
        y -= 14
    if s.ab:
        p.mark(w - 150, 140, s.ab, s.ab_number)
    p.text(40, 70, f"{s.cb}, Westendstraße 199, 80686 München, Deutschland", 7.5, color=GREY)


def table_grid(p: WPen) -> None:
    """Everything in a ruled two-column table under the title."""
    s, w, h = p.s, p.w, p.h
    p.text(w / 2, h - 80, "CERTIFICATE OF CONFORMITY", 18, bold=True, align="center")
    rows = [("Organisation", s.org), ("Address", ", ".join(s.address)),
            ("Standard", ", ".join(s.standards)), ("Scope", s.scope),
            ("Certificate number", s.number)]
    if s.initial:
        rows.append(("Initial certification", s.d(s.initial)))
    rows += [("Date of issue", s.d(s.issue)), ("Expiry date", s.d(s.expiry)),
             ("Certification body", s.cb)]
    if s.ab:
        rows.append(("Accreditation", f"{s.ab} {s.ab_number}".strip()))
    y = h - 120
    for label, value in rows:
        top = y + 12
        p.text(50, y, label, 9.5, bold=True)
        y2 = p.para(190, y, value, w - 240, 9.5)
        y = min(y - 16, y2 - 4)
        p.c.line(45, top, w - 45, top)
    p.c.line(45, y + 12, w - 45, y + 12)
    p.signature(60, 120, title="Certification Manager")


def letter_cert(p: WPen) -> None:
    """A certificate worded like a letter: 'We, X, certify that ...', validity in a sentence."""
    s, w, h = p.s, p.w, p.h
    p.text(60, h - 80, f"REGISTRATION CERTIFICATE No. {s.number}", 15, bold=True)
    y = p.para(60, h - 120, f"We, {s.cb}, certify that the management system of {s.org}, "
               f"{', '.join(s.address)}, has been audited and found to conform to "
               f"{' and '.join(s.standards)}.", w - 120, 11)
    y = p.para(60, y - 12, f"The certification covers: {s.scope}", w - 120, 10.5)
    first = f" The organisation was first registered on {s.d(s.initial)}." if s.initial else ""
    y = p.para(60, y - 12, f"This certificate is valid from {s.d(s.issue)} until "
               f"{s.d(s.expiry)}.{first}", w - 120, 10.5)
    p.signature(60, y - 60, title="Director of Certification")
    if s.ab:
        p.mark(w - 160, 150, s.ab, "ACCREDITED", s.ab_number)


MORE_LAYOUTS = {
    "ceremonial": (ceremonial, ("in", "in", "uk"), "Crestline Registrars Pvt. Ltd.",
                   {"in": ("UAF", ""), "uk": ("UKAS", "0231")}),
    "columns_de": (columns_de, ("de", "de", "at"), "CertoNord Zertifizierungs GmbH",
                   {"de": ("DAkkS", "D-ZM-19011-01-00"), "at": ("DAkkS", "D-ZM-19011-01-01")}),
    "table_grid": (table_grid, ("nl", "se", "us"), "Lindqvist & Berg Certification AB",
                   {"nl": ("RvA", "C 412"), "se": ("SWEDAC", "1502"), "us": ("ANAB", "")}),
    "letter_cert": (letter_cert, ("us", "us", "au"), "Harbor Quality Services, Inc.",
                    {"us": ("ANAB", ""), "au": ("JAS-ANZ", "M7890123AT")}),
}


def more_spec(name: str, n: int, seed: int) -> tuple[WildSpec, random.Random]:
    """Return the n-th spec of a layout."""
    _, regions, cb, abs_ = MORE_LAYOUTS[name]
    region = regions[n % len(regions)]
    # The seed keeps its old name: the files are the ones the held-out family wrote.
    rng = random.Random(f"{seed}-heldout-bodies-{name}-{n}")
    ab, ab_number = abs_.get(region, (None, ""))
    number = f"{rng.choice(('HQ', 'RC', 'CN'))}-{rng.randint(10000, 99999)}-{rng.randint(1, 9)}"
    spec = make_wild_spec(rng, f"{name}-{n}", name, region, cb=cb, ab=ab, ab_number=ab_number,
                          number=number)
    if name == "columns_de":  # the layout prints no first-certification date
        spec = replace(spec, initial=None)
    return replace(spec, extra_sites=[]), rng


def write_bodies_more(out_dir: Path, seed: int = 42) -> list[tuple[Path, str, str, dict]]:
    """Write these layouts' certificates; return (path, layout, variant, truth) per file."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (draw, regions, _, _) in MORE_LAYOUTS.items():
        for n in range(len(regions)):
            spec, rng = more_spec(name, n, seed)
            variant = VARIANTS[(n * 2 + len(name)) % len(VARIANTS)]
            path = out_dir / f"{name}-{n}-{variant}.pdf"
            c = Canvas(str(path), pagesize=page_size(spec), invariant=1)
            draw_variant(c, spec, rng, variant, draw)
            c.save()
            written.append((path, name, variant, spec.truth()))
    return written
