"""How the prose and appendix body layouts (bodies_prose.py) are drawn.

Organisations and certification bodies are made up; accreditation bodies are real. The Dutch
page prints only Dutch; the Colombian page prints every field twice, English and Spanish.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby

from reportlab.lib.colors import Color, black, white
from reportlab.lib.utils import simpleSplit

from bench.corpus.wild import GREY, WildSpec, WPen, fmt_date

MONTHS = {
    "nl": "januari februari maart april mei juni juli augustus september oktober november "
          "december",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
          "diciembre",
}
SYSTEMS = {
    "nl": {"27001": "managementsysteem voor informatiebeveiliging",
           "42001": "managementsysteem voor artificiële intelligentie",
           "9001": "kwaliteitsmanagementsysteem"},
    "es": {"27001": "Sistema de Gestión de Seguridad de la Información",
           "42001": "Sistema de Gestión de Inteligencia Artificial",
           "9001": "Sistema de Gestión de la Calidad"},
    "en": {"27001": "Information Security Management System",
           "42001": "Artificial Intelligence Management System",
           "9001": "Quality Management System"},
}
TEAL = Color(0.0, 0.36, 0.42)
ORANGE = Color(0.80, 0.38, 0.05)
SLATE = Color(0.18, 0.22, 0.30)
LIGHT = Color(0.91, 0.91, 0.91)


@dataclass
class LatestSpec(WildSpec):
    """A wild spec with what this family prints besides: a brand, a Spanish scope, the AI roles,
    a site's activities, and the other names the page prints for a field."""

    brand: str = ""
    scope_es: str = ""
    roles: str = ""
    activities: list[str] = field(default_factory=list)  # per site, the main address first
    accept: dict[str, list[str]] = field(default_factory=dict)
    wording: int = 0  # which of a layout's wordings the page uses

    def truth(self) -> dict:
        """Return the expected values, with the other names the page prints for a field."""
        result = super().truth()
        if self.accept:
            result["accept"] = {name: list(values) for name, values in self.accept.items()}
        return result


def system(language: str, standard: str) -> str:
    """Return the management system a standard specifies, in a language."""
    return next((name for code, name in SYSTEMS[language].items() if code in standard),
                SYSTEMS[language]["9001"])


def day(s: WildSpec, value: date, style: str | None = None) -> str:
    """Return a date in a style, with this family's Dutch and Spanish long forms."""
    style = style or s.date_style
    if style in ("nl_long", "es_long"):
        month = MONTHS[style[:2]].split()[value.month - 1]
        return (f"{value.day} {month} {value.year}" if style == "nl_long"
                else f"{value.day} de {month} de {value.year}")
    return fmt_date(value, style)


def _spec(p: WPen) -> LatestSpec:
    assert isinstance(p.s, LatestSpec)
    return p.s


def _sites(s: WildSpec) -> list[str]:
    return [", ".join(lines) for lines in [s.address] + [ls for _, ls in s.extra_sites]]


def rich(p: WPen, x: float, y: float, runs: list[tuple[str, bool]], width: float,
         size: float, leading: float = 1.4) -> float:
    """Print runs of regular and bold text as one wrapped paragraph; return the y under it."""

    def span(text: str, bold: bool) -> float:
        return p.c.stringWidth(text, p.s.bold if bold else p.s.font, size)

    lines: list[list[tuple[str, bool]]] = [[]]
    used, carry = 0.0, ""
    for text, bold in runs:  # a run's trailing space goes before the next run's first word
        text, carry = carry + text, " " if text.endswith(" ") else ""
        for token in re.findall(r"\s*\S+", text):
            if lines[-1] and token[0] == " " and used + span(token, bold) > width:
                lines.append([])
                used = 0.0
            token = token if lines[-1] else token.lstrip()
            lines[-1].append((token, bold))
            used += span(token, bold)
    for line in lines:
        cursor = x
        for bold, group in groupby(line, key=lambda token: token[1]):
            text = "".join(token for token, _ in group)
            p.text(cursor, y, text, size, bold=bold)
            cursor += span(text, bold)
        y -= size * leading
    return y


def qr_square(p: WPen, x: float, y: float, side: float) -> None:
    """Draw a QR-code-like square: three finder patterns and random modules (not decodable)."""
    cells = 25
    unit = side / cells
    c = p.c
    c.setFillColor(black)
    finders = ((0, 0), (cells - 7, 0), (0, cells - 7))
    for row in range(cells):
        for col in range(cells):
            if any(fx - 1 <= col <= fx + 7 and fy - 1 <= row <= fy + 7 for fx, fy in finders):
                continue
            if p.rng.random() < 0.48:
                c.rect(x + col * unit, y + side - (row + 1) * unit, unit, unit, fill=1, stroke=0)
    for fx, fy in finders:
        for inset, colour in ((0, black), (1, white), (2, black)):
            c.setFillColor(colour)
            size = (7 - 2 * inset) * unit
            c.rect(x + (fx + inset) * unit, y + side - (fy + inset) * unit - size, size, size,
                   fill=1, stroke=0)
    c.setFillColor(black)


def rva_nl(p: WPen) -> None:
    """The Netherlands (RvA), Dutch only: 'Hierbij wordt verklaard dat ...', 'Toepassingsgebied',
    'Vestigingen', the dates under one of two sets of labels, a KvK number besides."""
    s, w, h = _spec(p), p.w, p.h
    p.c.setFillColor(ORANGE)
    p.c.rect(w - 165, h - 110, 110, 60, fill=1, stroke=0)
    p.text(w - 110, h - 80, s.brand, 15, bold=True, align="center", color=white)
    p.text(w - 110, h - 98, "certificering", 8.5, align="center", color=white)
    p.text(55, h - 70, s.cb, 9.5, bold=True)
    p.text(55, h - 82, "Postbus 8420 · 3503 RK Utrecht", 8, color=GREY)
    p.text(55, h - 160, "CERTIFICAAT", 32, bold=True, color=ORANGE)
    p.text(55, h - 182, f"Certificaatnummer: {s.number}", 11)
    y = p.para(55, h - 220, "Hierbij wordt verklaard dat het "
               f"{system('nl', s.standards[0])} van", w - 110, 10.5)
    y = p.para(55, y - 6, s.org, w - 110, 17, bold=True)
    y = p.lines(55, y, [", ".join(s.address)], 10)
    p.text(55, y, f"KvK-nummer {p.rng.randint(10000000, 99999999)}", 8.5, color=GREY)
    y = p.para(55, y - 24, "is beoordeeld en in overeenstemming bevonden met de eisen van",
               w - 110, 10.5)
    y = p.lines(55, y - 4, s.standards, 15, bold=True) - 8
    p.text(55, y, "Toepassingsgebied:", 10.5, bold=True)
    y = p.para(55, y - 15, s.scope, w - 110, 10.5) - 6
    if s.extra_sites:
        p.text(55, y, "Vestigingen:", 10.5, bold=True)
        y -= 15
        for line in _sites(s):
            y = p.para(70, y, line, w - 125, 9.5)
            p.c.circle(62, y + 9.5 * 1.3 + 3, 1.6, fill=1, stroke=0)
        y -= 6
    labels = (("Eerste certificatiedatum:", "Datum van uitgifte:", "Geldig tot:"),
              ("Datum eerste uitgifte:", "Datum huidige uitgifte:", "Vervaldatum:"))
    first, issued, until = labels[s.wording % 2]
    rows = [(issued, s.issue), (until, s.expiry)]
    if s.initial:
        rows.insert(0, (first, s.initial))
    y = min(y - 10, 265)
    p.c.setStrokeColor(ORANGE)
    p.c.setLineWidth(1.2)
    p.c.line(55, y + 16, 330, y + 16)
    for label, when in rows:
        p.text(55, y, label, 10)
        p.text(215, y, day(s, when), 10, bold=True)
        y -= 17
    p.c.line(55, y + 8, 330, y + 8)
    p.c.setStrokeColor(black)
    p.text(55, 185, f"Utrecht, {day(s, s.issue)}", 9.5)
    p.signature(55, 150, title="Directeur")
    if s.ab:
        p.mark(w - 165, 190, s.ab, f"{s.ab_number}", "Geaccrediteerd door de",
               "Raad voor Accreditatie", "ISO/IEC 17021-1")
    p.para(55, 80, "Dit certificaat blijft geldig mits de organisatie blijft voldoen aan de "
           "certificatievoorwaarden en de jaarlijkse controle-audits met positief resultaat "
           "worden afgerond. De geldigheid kan worden gecontroleerd via "
           "www.dijkstra-certificering.example.", w - 110, 7.5)


def ukas_prose(p: WPen) -> None:
    """A UK body (UKAS): every field in one paragraph of prose, the number and dates worded
    three ways."""
    s, w, h = _spec(p), p.w, p.h
    p.c.setStrokeColor(SLATE)
    p.c.setLineWidth(2)
    p.c.line(60, h - 105, w - 60, h - 105)
    p.text(w / 2, h - 72, s.brand, 22, bold=True, align="center", color=SLATE)
    p.text(w / 2, h - 92, "Assurance Services", 9, align="center", color=GREY)
    p.text(w / 2, h - 165, "Certificate", 30, align="center", color=SLATE)
    std = s.standards[0]
    if len(s.standards) > 1:
        std_runs = [(std, True), (", incorporating the controls of ", False),
                    (s.standards[1], True)]
    else:
        std_runs = [(std, True)]
    kind = system("en", std)
    kind = ("an " if kind[0] in "AEIOU" else "a ") + kind
    runs = [("This is to certify that ", False), (s.org, True),
            (f", of {', '.join(s.address)}, operates {kind} which has been assessed by "
             f"{s.cb} and found to comply with the requirements of ", False), *std_runs,
            (f" in respect of the following activities: {s.scope} ", False)]
    variant = s.wording % 3 if s.initial else 1
    if variant == 0:
        runs += [("Certificate number ", False), (s.number, True),
                 (" was first issued on ", False), (day(s, s.initial), True),
                 (" and reissued on ", False), (day(s, s.issue), True),
                 ("; it expires on ", False), (day(s, s.expiry), True),
                 (", subject to the continued satisfactory operation of the management "
                  "system.", False)]
    elif variant == 1:
        runs += [("Certificate number ", False), (s.number, True), (" was issued on ", False),
                 (day(s, s.issue), True), (" and expires on ", False),
                 (day(s, s.expiry), True), (".", False)]
    else:
        runs += [("This certificate, number ", False), (s.number, True),
                 (", was issued on ", False), (day(s, s.issue), True),
                 (" and expires on ", False), (day(s, s.expiry), True),
                 (". The organisation has held certification to this standard since ", False),
                 (day(s, s.initial), True), (".", False)]
    y = rich(p, 72, h - 215, runs, w - 144, 11.5, leading=1.55)
    p.para(72, y - 10, "Surveillance audits are carried out annually. The status of this "
           "certificate can be checked at www.harwood-assurance.example/verify.", w - 144, 8.5)
    p.signature(72, 175, title="For and on behalf of " + s.cb)
    if s.ab:
        p.mark(w - 170, 185, s.ab, "MANAGEMENT", "SYSTEMS", s.ab_number)
    p.text(w / 2, 62, f"{s.cb}, registered in England No. 04417721. Registered office: "
           "8 Queen Square, Bristol BS1 4JE.", 7, align="center", color=GREY)
    p.text(w / 2, 52, "This certificate remains the property of the issuing body and shall be "
           "returned on request.", 7, align="center", color=GREY)


def ias_ai_qr(p: WPen) -> None:
    """A US registrar's ISO/IEC 42001 certificate (IAS): a QR-code-like square, the scope in a
    grey box, the AI roles under it, the number and dates in a ruled table."""
    s, w, h = _spec(p), p.w, p.h
    p.c.setFillColor(TEAL)
    p.c.rect(0, h - 96, w, 96, fill=1, stroke=0)
    p.text(50, h - 52, s.brand, 24, bold=True, color=white)
    p.text(50, h - 70, s.cb, 9, color=white)
    qr_square(p, w - 130, h - 200, 80)
    p.text(w - 90, h - 212, "Scan to verify", 7, align="center", color=GREY)
    p.text(50, h - 140, "Registration Certificate", 26, bold=True, color=TEAL)
    y = p.para(50, h - 178, "This is to certify that", w - 200, 10.5)
    y = p.para(50, y - 4, s.org, w - 200, 17, bold=True)
    y = p.lines(50, y, s.address, 9.5)
    y = p.para(50, y - 8, f"operates an {system('en', s.standards[0])} that has been audited "
               "and found to conform to", w - 100, 10.5)
    y = p.lines(50, y - 10, s.standards, 18, bold=True, leading=1.2) - 10
    box_top = y
    inner = box_top - 30 - len(simpleSplit(s.scope, s.font, 10.5, w - 124)) * 10.5 * 1.3
    p.c.setFillColor(LIGHT)
    p.c.rect(50, inner + 4, w - 100, box_top - inner - 4, fill=1, stroke=0)
    p.text(62, box_top - 14, "Activities covered by the AI management system", 8.5, bold=True,
           color=GREY)
    p.para(62, box_top - 30, s.scope, w - 124, 10.5)
    y = inner - 14
    p.text(50, y, f"Organization's AI role(s): {s.roles}", 9.5)
    y -= 20
    if s.extra_sites:
        p.text(50, y, "Locations:", 9.5, bold=True)
        y = p.lines(120, y, _sites(s), 9.5) - 8
    rows = [("Registration Number", s.number)]
    if s.initial:
        rows.append(("Date of Original Registration", day(s, s.initial)))
    rows += [("Current Certificate Date", day(s, s.issue)),
             ("Registration Expiration Date", day(s, s.expiry))]
    y = min(y - 4, 250)
    p.c.setStrokeColor(GREY)
    p.c.setLineWidth(0.5)
    for label, value in rows:
        p.text(50, y, label, 9.5)
        p.text(260, y, value, 10, bold=True)
        p.c.line(50, y - 5, 420, y - 5)
        y -= 18
    if s.wording == 1:  # a date that is none of the certificate's dates
        p.text(50, y - 4, f"Next surveillance audit due by {day(s, s.surveillance)}", 8.5,
               color=GREY)
    p.signature(50, 105, title="Director of Certification")
    if s.ab:
        p.mark(w - 160, 120, s.ab, "ACCREDITED", "MANAGEMENT SYSTEMS", "CERTIFICATION BODY",
               s.ab_number)
    p.text(w / 2, 40, f"{s.cb} · 4100 Spring Valley Road, Dallas, TX 75244 · "
           "certs.ridgeline-registrar.example", 7, align="center", color=GREY)


def columns_en_es(p: WPen) -> None:
    """A Colombian body (ONAC): English on the left, Spanish on the right, every field in both
    columns, each date in its column's words."""
    s, w, h = _spec(p), p.w, p.h
    left, right, width = 50, w / 2 + 14, w / 2 - 64
    english = "long" if s.date_style == "es_long" else s.date_style

    def both(y: float, en: str, es: str, size: float, bold: bool = False) -> float:
        return min(p.para(left, y, en, width, size, bold=bold),
                   p.para(right, y, es, width, size, bold=bold))

    p.text(w / 2, h - 62, s.brand, 20, bold=True, align="center", color=TEAL)
    p.text(w / 2, h - 77, s.cb, 8.5, align="center", color=GREY)
    p.c.setStrokeColor(TEAL)
    p.c.setLineWidth(0.8)
    p.c.line(w / 2, h - 100, w / 2, 150)
    p.c.setStrokeColor(black)
    y = both(h - 130, "CERTIFICATE", "CERTIFICADO", 22, bold=True)
    y = both(y - 2, f"Certificate No. {s.number}", f"Certificado N.º {s.number}", 10)
    y = both(y - 12, f"This is to certify that the {system('en', s.standards[0])} of",
             f"Se certifica que el {system('es', s.standards[0])} de", 9.5)
    y = both(y - 4, s.org, s.org, 13, bold=True)
    for line in s.address:
        y = both(y, line, line, 9)
    y = both(y - 8, "has been audited and found to comply with the requirements of",
             "ha sido auditado y se encontró conforme con los requisitos de", 9.5)
    for standard in s.standards:
        y = both(y - 2, standard, standard, 13, bold=True)
    y = both(y - 10, "Scope:", "Alcance:", 9.5, bold=True)
    y = both(y, s.scope, s.scope_es, 9.5) - 4
    if s.extra_sites:
        y = both(y - 4, "Certified sites:", "Sedes certificadas:", 9.5, bold=True)
        for line in _sites(s):
            y = both(y, line, line, 8.5)
    rows = [("Date of issue:", "Fecha de emisión:", s.issue),
            ("Expires on:", "Vence el:", s.expiry)]
    if s.initial:
        rows.insert(0, ("Initial certification:", "Certificación inicial:", s.initial))
    y = min(y - 10, 290)
    for en, es, when in rows:
        y = both(y, en, es, 8.5)
        y = both(y + 1, day(s, when, english), day(s, when, "es_long" if english == "long"
                                                     else english), 10, bold=True) - 4
    p.signature(left, 110, title="Director / Directora de Certificación")
    if s.ab:
        p.mark(w - 160, 125, s.ab, "CERTIFICACIÓN DE", "SISTEMAS DE GESTIÓN", s.ab_number)
    p.text(w / 2, 45, f"{s.cb} · NIT 901.438.552-7 · Calle 93 # 11-26, Bogotá D.C., Colombia",
           7, align="center", color=GREY)


def nordic_appendix(p: WPen) -> None:
    """A Danish or Norwegian body (DANAK, NA) in English: the number and dates in one ruled row
    of cells at the foot, the sites on a second page ('Appendix 1') with their activities."""
    s, w, h = _spec(p), p.w, p.h
    p.text(55, h - 65, s.brand, 18, bold=True, color=SLATE)
    p.text(55, h - 78, "CERTIFICERING", 8, color=GREY)
    p.c.setFillColor(SLATE)
    p.c.rect(55, h - 88, w - 110, 1.5, fill=1, stroke=0)
    p.text(w / 2, h - 150, "CERTIFICATE", 30, bold=True, align="center", color=SLATE)
    y = p.para(60, h - 195, "The management system of", w - 120, 10.5, center=True)
    y = p.para(60, y - 6, s.org, w - 120, 18, bold=True, center=True)
    y = p.lines(w / 2, y, [", ".join(s.address)], 9.5, align="center")
    y = p.para(60, y - 10, "has been audited and found to meet the requirements of", w - 120,
               10.5, center=True)
    y = p.lines(w / 2, y - 4, s.standards, 16, bold=True, align="center") - 12
    y = p.para(60, y, "The certificate applies to", w - 120, 9.5, center=True)
    y = p.para(75, y - 2, s.scope, w - 150, 11, center=True) - 8
    if s.extra_sites:
        p.para(60, y, "The certificate covers the locations listed in Appendix 1.", w - 120,
               9, center=True)
    cells = [("Certificate no.", s.number)]
    if s.initial:
        cells.append(("First certified", day(s, s.initial)))
    cells += [("Valid from", day(s, s.issue)), ("Valid to", day(s, s.expiry))]
    top, cell = 270, (w - 110) / len(cells)
    p.c.setStrokeColor(SLATE)
    p.c.setLineWidth(0.8)
    p.c.rect(55, top - 36, w - 110, 50)
    for n, (label, value) in enumerate(cells):
        x = 55 + n * cell
        if n:
            p.c.line(x, top - 36, x, top + 14)
        p.text(x + 8, top, label, 8, color=GREY)
        p.text(x + 8, top - 20, value, 10.5, bold=True)
    p.signature(55, 175, title=f"for {s.cb}")
    if s.ab:
        full = {"NA": "Norsk akkreditering", "DANAK": "Den Danske Akkrediteringsfond"}
        p.mark(w - 160, 190, s.ab, full.get(s.ab, ""), s.ab_number, "ISO/IEC 17021-1")
    p.text(w / 2, 55, f"{s.cb} · Strandvejen 70 · 2900 Hellerup · CVR 38412290", 7,
           align="center", color=GREY)
    if not s.extra_sites:
        return
    p.c.showPage()
    p.text(55, h - 65, s.brand, 18, bold=True, color=SLATE)
    p.text(55, h - 120, f"Appendix 1 to certificate no. {s.number}", 14, bold=True)
    p.text(55, h - 138, s.org, 10.5)
    top, columns = h - 180, (55, 160, 360)
    for x, head in zip(columns, ("Location", "Address", "Activities"), strict=True):
        p.text(x, top, head, 9.5, bold=True)
    p.c.line(55, top - 6, w - 55, top - 6)
    y = top - 24
    names = ["Head office"] + [name for name, _ in s.extra_sites]
    for name, line, work in zip(names, _sites(s), s.activities, strict=True):
        p.text(columns[0], y, name, 9.5)
        bottom = min(p.para(columns[1], y, line, 185, 9.5),
                     p.para(columns[2], y, work, w - 55 - columns[2], 9.5))
        p.c.line(55, bottom + 4, w - 55, bottom + 4)
        y = bottom - 12
    p.para(55, y - 10, "This appendix is valid only together with the certificate.", w - 110,
           8.5)
