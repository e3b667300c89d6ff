"""Body layouts for development with boxed fields, a JIS registration, a landscape band and a
US registrar's "Hereinafter called the Organization".

This was the held-out family ("bodies_heldout") of the fifth round of issue 10, measured once
unseen (84.8 %); its failures were read in the sixth round, so it moved to development and is
scored with the "bodies" family. Four layouts: a Central European body's certificate with every
field in a ruled box under its label and an annex page of sites in a ruled table; a Japanese
registrar's "Registration Certificate" naming the national adoption of the standard
("JIS Q 27001:2023 (ISO/IEC 27001:2022)"); a landscape certificate with a coloured band and a
column of right-aligned labels, its validity one date range; a US registrar's "Certifies that:
... (Hereinafter called the Organization)" with a ruled footer table of two label/value pairs
per row. Organisations and certification bodies are made up; accreditation bodies are real.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path

from reportlab.lib.colors import white

from bench.corpus.bodies import VARIANTS, write_family
from bench.corpus.wild import GREY, WildSpec, WPen, make_wild_spec, page_size
from bench.corpus.wild_data import ADDRESSES

SYSTEM = {"27001": "Information Security Management System", "42001":
          "Artificial Intelligence Management System", "9001": "Quality Management System"}
JIS = {"ISO/IEC 27001:2022": "JIS Q 27001:2023", "ISO 9001:2015": "JIS Q 9001:2015"}


def _system(standard: str) -> str:
    return next((name for code, name in SYSTEM.items() if code in standard),
                "Management System")


def _box(p: WPen, y: float, label: str, draw: Callable[[float], float]) -> float:
    """Print a label, the content under it, and a ruled box around the content."""
    p.text(50, y, label, 8.5, color=GREY)
    bottom = draw(y - 20)
    p.c.setLineWidth(0.7)
    p.c.rect(45, bottom + 4, p.w - 90, y - 8 - bottom - 4)
    return bottom - 14


def boxed_fields(p: WPen) -> None:
    """Every field in a ruled box under its label; the sites in a ruled table on an annex page."""
    s, w, h = p.s, p.w, p.h
    p.text(50, h - 55, s.cb, 11, bold=True)
    p.text(50, h - 68, "ul. Grzybowska 80/82, 00-844 Warszawa, Poland  ·  www.vistulacert.example",
           7.5, color=GREY)
    p.text(w / 2, h - 115, "CERTIFICATE", 24, bold=True, align="center")
    p.text(w / 2, h - 133, "of conformity of the management system", 10.5, align="center")
    p.text(w / 2, h - 155, f"No. {s.number}", 12, bold=True, align="center")
    y = h - 185
    y = _box(p, y, "Name and address of the organisation:",
             lambda y: p.para(55, p.lines(55, y, [s.org], 13, bold=True) - 2,
                              ", ".join(s.address), w - 110, 10))
    y = _box(p, y, "Management system standard:",
             lambda y: p.lines(55, y, s.standards, 12, bold=True))
    y = _box(p, y, "Scope of certification:", lambda y: p.para(55, y, s.scope, w - 110, 10))
    y = _box(p, y, "Sites:", lambda y: p.para(
        55, y, "The head office and the sites listed in the annex to this certificate.",
        w - 110, 9.5))

    def dates(y: float) -> float:
        rows = []
        if s.initial:
            rows.append(("Date of initial certification:", s.d(s.initial)))
        rows += [("Date of issue:", s.d(s.issue)), ("Valid until:", s.d(s.expiry))]
        for label, value in rows:
            p.text(55, y, label, 9.5)
            p.text(250, y, value, 9.5, bold=True)
            y -= 14
        return y

    _box(p, y, "Validity of the certificate:", dates)
    p.signature(55, 150, title="President of the Certification Body")
    if s.ab:
        p.mark(w - 160, 160, s.ab, "POLSKIE CENTRUM", "AKREDYTACJI", s.ab_number)
    p.para(50, 70, "This certificate is valid together with its annex. The validity of the "
           "certificate can be checked at www.vistulacert.example/register.", w - 100, 7)
    p.c.showPage()
    p.text(50, h - 70, f"Annex No. 1 to certificate No. {s.number}", 13, bold=True)
    p.text(50, h - 88, s.org, 10)
    cols = (("No.", 50), ("Site", 80), ("Address", 200), ("Activities", 420))
    y = h - 125
    p.c.setLineWidth(0.6)
    p.c.line(45, y + 14, w - 45, y + 14)
    for head, x in cols:
        p.text(x, y, head, 9, bold=True)
    p.c.line(45, y - 6, w - 45, y - 6)
    y -= 22
    for n, (name, lines) in enumerate([("Head office", s.address)] + s.extra_sites, 1):
        p.text(50, y, f"{n}.", 9)
        p.text(80, y, name, 9)
        p.text(420, y, "As in the certificate", 9)
        rule = p.lines(200, y, lines, 9) + 4
        p.c.line(45, rule, w - 45, rule)
        y = rule - 16
    for _, x in cols[1:]:
        p.c.line(x - 5, h - 111, x - 5, rule)
    p.text(50, 60, f"{s.cb}  ·  page 2 of 2", 7, color=GREY)


def jis_registration(p: WPen) -> None:
    """A Japanese registrar: the national adoption of the standard with the ISO one in brackets."""
    s, w, h = p.s, p.w, p.h
    std = s.standards[0]
    p.text(w / 2, h - 60, s.cb, 12, bold=True, align="center")
    p.text(w / 2, h - 120, "REGISTRATION CERTIFICATE", 22, bold=True, align="center")
    p.text(w - 60, h - 150, f"Registration No.  {s.number}", 10, align="right")
    y = p.para(60, h - 185, f"This is to certify that the {_system(std)} of the organization "
               f"below has been assessed by {s.cb} and found to be in conformity with the "
               "requirements of the following standard:", w - 120, 10.5)
    y = p.lines(w / 2, y - 10, [f"{JIS[std]} ({std})"], 14, bold=True, align="center")
    rows: list[tuple[str, list[str], bool]] = [
        ("Registered Organization", [s.org], True), ("Address", s.address, False)]
    y -= 16
    for label, lines, bold in rows:
        p.text(60, y, label, 9.5, color=GREY)
        y = p.lines(210, y, lines, 12 if bold else 10, bold=bold) - 6
    p.text(60, y, "Registered Activities", 9.5, color=GREY)
    y = p.para(210, y, s.scope, w - 270, 10) - 14
    dates = [("Original Registration Date", s.d(s.initial)), ("Date of Issue", s.d(s.issue)),
             ("Expiry Date", s.d(s.expiry)), ("Revision No.", str(p.rng.randint(2, 6)))]
    for label, value in dates:
        p.text(60, y, label, 9.5, color=GREY)
        p.text(210, y, value, 10)
        y -= 15
    p.para(60, y - 10, "The validity of this certificate is subject to the organization "
           "maintaining its management system in accordance with the requirements of the "
           "standard, verified by periodic surveillance.", w - 120, 8)
    p.signature(w - 250, 150, title="President")
    if s.ab:
        p.mark(60, 160, s.ab, "MS Accreditation", s.ab_number)
    p.text(w / 2, 60, f"{s.cb}  1-25 Kanda-Nishikicho, Chiyoda-ku, Tokyo 101-0054, Japan", 7,
           align="center", color=GREY)


def landscape_band(p: WPen) -> None:
    """Landscape: a coloured band on the left, labels right-aligned in a column, one date range."""
    s, w, h = p.s, p.w, p.h
    p.c.setFillColorRGB(0.05, 0.33, 0.45)
    p.c.rect(0, 0, 170, h, fill=1, stroke=0)
    p.c.setFillColor(white)  # the letter-spaced pen draws in the canvas's colour
    p.text(28, h - 70, "VALORIS", 20, bold=True, color=white)
    p.text(28, h - 86, "certification", 9, color=white)
    p.text(28, 60, "www.valoris.example", 7.5, color=white)
    x = 200
    p.text(x, h - 75, "Certificate", 30, bold=True)
    p.text(x, h - 95, "Management system certification", 11, color=GREY)
    gutter, width = 350, w - 350 - 50
    rows: list[tuple[str, Callable[[float], float]]] = [
        ("Certificate holder", lambda y: p.lines(gutter, p.lines(gutter, y, [s.org], 13,
                                                                 bold=True) + 2, s.address, 9.5)),
        ("Standard", lambda y: p.lines(gutter, y, s.standards, 11, bold=True)),
        ("Scope", lambda y: p.para(gutter, y, s.scope, width, 10)),
        ("Certificate number", lambda y: p.lines(gutter, y, [s.number], 10.5, bold=True)),
    ]
    if s.initial:
        rows.append(("Initial certification", lambda y: p.lines(gutter, y, [s.d(s.initial)], 10)))
    rows.append(("Valid from / until", lambda y: p.lines(
        gutter, y, [f"{s.d(s.issue)} - {s.d(s.expiry)}"], 10.5, bold=True)))
    if s.soa:
        rows.append(("Statement of Applicability", lambda y: p.lines(
            gutter, y, [s.soa.split("Applicability ")[1].rstrip(".")], 9.5)))
    rows.append(("Issued by", lambda y: p.lines(gutter, y, [s.cb], 10)))
    y = h - 140
    for label, draw in rows:
        p.text(gutter - 14, y, label, 9, align="right", color=GREY)
        y = draw(y) - 8
    p.signature(x, 75, title="Managing Director")
    if s.ab:
        p.mark(w - 150, 90, s.ab, "ACCREDITED", s.ab_number)


def hereinafter(p: WPen) -> None:
    """A US registrar: 'Certifies that: ... (Hereinafter called the Organization)', footer table."""
    s, w, h = p.s, p.w, p.h
    p.text(w / 2, h - 60, "KEYSTONE", 20, bold=True, align="center")
    p.text(w / 2, h - 73, "R E G I S T R A R S", 8, align="center", color=GREY)
    p.text(w / 2, h - 120, "CERTIFICATE OF REGISTRATION", 20, bold=True, align="center")
    p.text(w / 2, h - 150, f"{s.cb} Certifies that:", 11, align="center")
    p.text(w / 2, h - 178, s.org, 17, bold=True, align="center")
    y = p.lines(w / 2, h - 196, s.address, 10, align="center")
    y = p.para(70, y - 6, "(Hereinafter called the Organization) and hereby declares that the "
               "Organization is in conformance with:", w - 140, 10, center=True)
    y = p.lines(w / 2, y - 6, s.standards, 15, bold=True, align="center")
    y = p.para(70, y - 6, "This Registration is in respect to the following scope:", w - 140, 10,
               center=True)
    y = p.para(70, y - 4, s.scope, w - 140, 10.5, bold=True, center=True)
    p.para(70, y - 10, f"This Registration is granted subject to the system rules governed by "
           f"{s.cb} and remains valid subject to satisfactory annual surveillance audits.",
           w - 140, 8.5, center=True)
    p.signature(60, 225, title="President")
    if s.ab:
        p.mark(w - 160, 240, s.ab, "ACCREDITED", "MANAGEMENT SYSTEMS", "CERTIFICATION BODY")
    second = (("Initial Registration:", s.d(s.initial)) if s.initial else
              ("Recertification Due:", s.d(s.expiry - timedelta(days=60))))
    rows = [(("Certificate Number:", s.number), ("Effective Date:", s.d(s.issue))),
            (second, ("Expiration Date:", s.d(s.expiry)))]
    left, right, mid = 50, w - 50, w / 2
    top = 150
    p.c.setLineWidth(0.7)
    p.c.rect(left, top - 54, right - left, 72)
    p.c.line(left, top - 6, right, top - 6)
    p.c.line(left, top - 30, right, top - 30)
    p.c.line(mid, top - 6, mid, top - 54)
    p.text(left + 6, top + 2, "Registrar:", 8.5, bold=True)
    p.text(left + 110, top + 2, f"{s.cb}, 1200 Liberty Avenue, Suite 400, Pittsburgh, PA 15222",
           8.5)
    y = top - 22
    for pair in rows:
        for (label, value), x in zip(pair, (left, mid), strict=True):
            p.text(x + 6, y, label, 8.5, bold=True)
            p.text(x + 110, y, value, 9)
        y -= 24
    p.para(50, 70, "The validity of this certificate can be verified at "
           "www.keystone-registrars.example/directory. This certificate remains the property "
           "of the registrar.", w - 100, 7)


@dataclass(frozen=True)
class HeldoutLayout:
    draw: Callable[[WPen], None]
    regions: tuple[str, ...]
    cb: str
    ab: dict[str, tuple[str | None, str]]
    number: Callable[[random.Random, WildSpec], str]
    standards: tuple[tuple[str, ...], ...] = ()
    style: str | None = None
    wide: bool = False


HELDOUT_LAYOUTS: dict[str, HeldoutLayout] = {
    "boxed_fields": HeldoutLayout(
        boxed_fields, ("pl", "it", "pl"), "Vistula Certification Centre Sp. z o.o.",
        {"pl": ("PCA", "AC 161"), "it": ("PCA", "AC 161")},
        lambda rng, s: f"{rng.randint(100, 999)}/SZ/{s.issue.year}",
    ),
    "jis_registration": HeldoutLayout(
        jis_registration, ("jp", "jp", "jp"), "Yamato Quality Registration Organization",
        {"jp": ("JAB", "CM038")},
        lambda rng, s: f"YQR-{'IM' if '27001' in s.standards[0] else 'QMA'}"
                       f"{rng.randint(1000, 19999)}",
        standards=(("ISO/IEC 27001:2022",), ("ISO 9001:2015",), ("ISO/IEC 27001:2022",)),
    ),
    "landscape_band": HeldoutLayout(
        landscape_band, ("nl", "uk", "nl"), "Valoris Certification B.V.",
        {"nl": ("RvA", "C 512"), "uk": ("UKAS", "0417")},
        lambda rng, s: f"VC-{rng.randint(100000, 999999)}",
        style="long", wide=True,
    ),
    "hereinafter": HeldoutLayout(
        hereinafter, ("us", "us", "us"), "Keystone Registrars, Inc.", {"us": ("ANAB", "")},
        lambda rng, s: f"C{(s.initial or s.issue).year}-{rng.randint(10000, 99999)}",
    ),
}


def heldout_spec(name: str, n: int, seed: int) -> tuple[WildSpec, random.Random]:
    """Return the n-th held-out spec of a layout."""
    layout = HELDOUT_LAYOUTS[name]
    region = layout.regions[n % len(layout.regions)]
    rng = random.Random(f"{seed}-fresh-heldout-bodies-{name}-{n}")
    ab, ab_number = layout.ab.get(region, (None, ""))
    standards = list(layout.standards[n % len(layout.standards)]) if layout.standards else None
    spec = make_wild_spec(rng, f"{name}-{n}", name, region, cb=layout.cb, ab=ab,
                          ab_number=ab_number, number="", standards=standards,
                          style=layout.style)
    if name == "boxed_fields":  # the annex lists the head office and at least one more site
        if not spec.extra_sites:
            spec = replace(spec, extra_sites=[("Data centre", list(ADDRESSES["de"][1]))])
    else:  # the other layouts print no site list
        spec = replace(spec, extra_sites=[])
    if name == "jis_registration" and spec.initial is None:  # it always prints the first date
        spec = replace(spec, initial=spec.issue.replace(year=spec.issue.year - 3))
    number = layout.number(rng, spec)  # some numbers carry the year of the (first) issue
    return replace(spec, number=number, number_printed=number), rng


def write_bodies_boxed(out_dir: Path, seed: int = 42) -> list[tuple[Path, str, str, dict]]:
    """Write the family; return (path, layout, variant, truth) per file."""
    return write_family(out_dir, HELDOUT_LAYOUTS, lambda name, n: heldout_spec(name, n, seed),
                        lambda spec, layout: page_size(spec, layout.wide),
                        variant=lambda name, n, i: VARIANTS[(n * 2 + len(name)) % len(VARIANTS)])
