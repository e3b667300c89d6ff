"""How the table and history body layouts (bodies_history.py) are drawn.

Organisations and certification bodies are made up; accreditation bodies are real.
"""

from __future__ import annotations

from datetime import date

from reportlab.lib.colors import black
from reportlab.lib.utils import simpleSplit

from bench.corpus.wild import GREY, WildSpec, WPen

SYSTEM = {"27001": "Information Security Management System", "42001":
          "Artificial Intelligence Management System", "9001": "Quality Management System"}
MONTHS = ("January February March April May June July August September October November "
          "December").split()


def system(standard: str) -> str:
    """Return the management system a standard specifies."""
    return next((name for code, name in SYSTEM.items() if code in standard),
                "Management System")


def ordinal(value: date) -> str:
    """Return a date as '3rd March 2025'."""
    day = value.day
    suffix = "th" if 11 <= day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix} {MONTHS[value.month - 1]} {value.year}"


def day(s: WildSpec, value: date) -> str:
    """Return a date in the spec's style, with this family's styles besides the wild ones."""
    month = MONTHS[value.month - 1]
    if s.date_style == "ordinal":
        return ordinal(value)
    if s.date_style == "dmon_dash":  # 03-Mar-2025
        return f"{value.day:02d}-{month[:3]}-{value.year}"
    if s.date_style == "dmon":  # 03 Mar 2025
        return f"{value.day:02d} {month[:3]} {value.year}"
    return s.d(value)


def shaded_table(p: WPen) -> None:
    """Singapore: every field in a ruled table, the labels in a shaded left column."""
    s, w, h = p.s, p.w, p.h
    p.text(50, h - 60, "HARBOURFRONT", 18, bold=True)
    p.text(50, h - 73, "C E R T I F I C A T I O N", 7, color=GREY)
    if s.ab:
        p.mark(w - 150, h - 52, s.ab, "ACCREDITED", "CERTIFICATION BODY", s.ab_number)
    p.text(w / 2, h - 130, "CERTIFICATE OF REGISTRATION", 20, bold=True, align="center")
    p.text(w / 2, h - 148, system(s.standards[0]), 11, align="center", color=GREY)
    rows: list[tuple[str, list[str], bool]] = [
        ("Certificate No.", [s.number], True), ("Name of\nOrganisation", [s.org], True),
        ("Address", [", ".join(s.address)], False)]
    if s.extra_sites:
        sites = [s.address] + [lines for _, lines in s.extra_sites]
        rows.append(("Certified Sites", [", ".join(lines) for lines in sites], False))
    rows += [("Standard", s.standards, True), ("Scope of\nCertification", [s.scope], False)]
    if s.soa:
        version = s.soa.split("Applicability ")[1].rstrip(".")
        rows.append(("Statement of\nApplicability", [version[0].upper() + version[1:]], False))
    if s.initial:
        rows.append(("Date of Initial\nCertification", [day(s, s.initial)], False))
    rows += [("Date of Issue", [day(s, s.issue)], False),
             ("Date of Expiry", [day(s, s.expiry)], True)]
    left, split, right, lead = 50, 180, w - 50, 13
    y = h - 172
    for label, values, bold in rows:
        labels = label.split("\n")
        font = s.bold if bold else s.font
        lines = [part for v in values for part in simpleSplit(v, font, 10, right - split - 16)]
        height = max(len(labels), len(lines)) * lead + 10
        p.c.setFillColorRGB(0.85, 0.89, 0.93)
        p.c.rect(left, y - height, split - left, height, fill=1, stroke=0)
        p.c.setFillColor(black)
        p.c.setLineWidth(0.6)
        p.c.rect(left, y - height, right - left, height)
        p.c.line(split, y, split, y - height)
        top = y - 14.5
        p.lines(left + 8, top - (height - 10 - len(labels) * lead) / 2, labels, 9, bold=True,
                leading=lead / 9)
        p.lines(split + 8, top - (height - 10 - len(lines) * lead) / 2, lines, 10, bold=bold,
                leading=lead / 10)
        y -= height
    p.para(50, y - 18, "This certificate remains valid subject to satisfactory surveillance "
           "audits. Its current status can be verified at www.harbourfront-cert.example.",
           w - 100, 8)
    p.signature(60, 140, title="Chief Executive Officer")
    p.text(w / 2, 55, f"{s.cb}  ·  80 Robinson Road, #10-01A, Singapore 068898  ·  "
           "UEN 201912345K", 7, align="center", color=GREY)


def big_name(p: WPen) -> None:
    """The organisation in very large type at the top, dates in prose with ordinal days, and
    the body's name only in the footer under its signatory."""
    s, w, h = p.s, p.w, p.h
    y = p.para(60, h - 100, s.org, w - 120, 30, bold=True, leading=1.15)
    y = p.lines(60, y + 8, s.address, 10)
    p.c.setStrokeColorRGB(0.1, 0.45, 0.55)
    p.c.setLineWidth(2.5)
    p.c.line(60, y - 6, 200, y - 6)
    p.c.setStrokeColor(black)
    y = p.para(60, y - 34, "has been independently assessed and is certified as conforming "
               "to the requirements of", w - 120, 11)
    y = p.lines(60, y - 12, s.standards, 20, bold=True)
    y = p.lines(60, y + 2, [system(s.standards[0])], 11)
    p.text(60, y - 14, "Scope of certification", 9, color=GREY)
    y = p.para(60, y - 30, s.scope, w - 120, 11)
    y = p.lines(60, y - 4, [s.soa], 9)
    sentences = []
    if s.initial:
        sentences.append(f"Originally certified on {ordinal(s.initial)}.")
    sentences += [f"This certificate was issued on {ordinal(s.issue)}",
                  f"and remains valid until {ordinal(s.expiry)},",
                  "subject to the successful completion of annual surveillance audits."]
    y = p.lines(60, y - 14, sentences, 10)
    p.text(60, y - 10, f"Certificate ID: {s.number}", 10.5, bold=True)
    y = p.signature(60, 160, title="Vice President, Certification Services")
    p.text(60, y - 2, s.cb, 9.5, bold=True)
    p.text(60, y - 13, "1 World Trade Center, Suite 8500, New York, NY 10007, USA", 7.5,
           color=GREY)
    if s.ab:
        p.mark(w - 170, 160, s.ab, "ACCREDITED", "MANAGEMENT SYSTEMS", s.ab_number)
    p.para(60, 60, "This certificate remains the property of the issuing body and shall be "
           "returned upon request. Validity may be confirmed at corvane.example/verify.",
           w - 120, 7)


def _two(p: WPen, x: float, y: float, italian: str, english: str, *, size: float = 9,
         align: str = "left") -> float:
    """Print an Italian label with its English translation under it; return the y below."""
    p.text(x, y, italian, size, bold=True, align=align)
    p.text(x, y - size - 1, english, size - 1, align=align, color=GREY)
    return y - 2 * size - 8


def bilingual_it(p: WPen) -> None:
    """Italian and English: every label twice, the dates in three boxes along the bottom."""
    s, w, h = p.s, p.w, p.h
    p.text(50, h - 60, "LIGURCERT", 20, bold=True)
    p.text(50, h - 73, "Certificazione dei sistemi di gestione", 7.5, color=GREY)
    _two(p, w - 50, h - 52, "CERTIFICATO N.", "CERTIFICATE No.", align="right")
    p.text(w - 50, h - 80, s.number, 13, bold=True, align="right")
    p.text(w / 2, h - 120, "CERTIFICATO DI CONFORMITÀ", 18, bold=True, align="center")
    p.text(w / 2, h - 136, "Certificate of conformity", 11, align="center", color=GREY)
    y = _two(p, w / 2, h - 168, f"{s.cb} certifica che il sistema di gestione di",
             "certifies that the management system of", size=10, align="center")
    y = p.lines(w / 2, y - 6, [s.org], 16, bold=True, align="center")
    y = p.lines(w / 2, y, [", ".join(s.address)], 10, align="center") - 6
    if s.extra_sites:
        y = _two(p, w / 2, y, "UNITÀ OPERATIVE", "OPERATIVE UNITS", align="center")
        sites = [s.address] + [lines for _, lines in s.extra_sites]
        y = p.lines(w / 2, y, [", ".join(lines) for lines in sites], 9.5, align="center") - 6
    y = _two(p, w / 2, y, "È CONFORME ALLA NORMA", "COMPLIES WITH THE STANDARD", align="center")
    y = p.lines(w / 2, y - 4, s.standards, 15, bold=True, align="center") - 4
    y = _two(p, w / 2, y, "PER LE SEGUENTI ATTIVITÀ", "FOR THE FOLLOWING ACTIVITIES",
             align="center")
    y = p.para(70, y - 2, s.scope, w - 140, 10.5, center=True)
    p.text(w / 2, y - 8, f"Settore IAF / IAF Sector: {p.rng.choice((19, 33, 35))}", 8,
           align="center", color=GREY)
    boxes = [("DATA DI SCADENZA", "EXPIRY DATE", day(s, s.expiry))]
    boxes.insert(0, ("EMISSIONE CORRENTE", "CURRENT ISSUE", day(s, s.issue)))
    if s.initial:
        boxes.insert(0, ("PRIMA EMISSIONE", "FIRST ISSUE", day(s, s.initial)))
    width = (w - 100) / 3
    for n, (italian, english, value) in enumerate(boxes):
        x = 50 + (3 - len(boxes)) * width / 2 + n * width
        p.c.setLineWidth(0.6)
        p.c.rect(x + 4, 215, width - 8, 52)
        _two(p, x + width / 2, 252, italian, english, size=8, align="center")
        p.text(x + width / 2, 222, value, 11, bold=True, align="center")
    p.para(50, 200, "La validità del presente certificato è subordinata a sorveglianza "
           "periodica annuale e al riesame completo del sistema con periodicità triennale. / "
           "The validity of this certificate is subject to annual surveillance and to a "
           "complete review of the management system every three years.", w - 100, 7.5)
    p.signature(60, 120, title="Direttore Generale / General Manager")
    if s.ab:
        p.mark(w - 150, 130, s.ab, s.ab_number, "Membro degli Accordi", "di Mutuo Riconoscimento")
    p.text(w / 2, 45, f"{s.cb}  -  Via XX Settembre 41/3, 16121 Genova (GE), Italia  -  "
           "www.ligurcert.example", 7, align="center", color=GREY)


def sites_schedule(p: WPen) -> None:
    """India: a long scope, then every certified location with its address in a grid of two
    columns, dates as 03-Mar-2025 beside colons."""
    s, w, h = p.s, p.w, p.h
    p.text(w / 2, h - 52, s.cb, 13, bold=True, align="center")
    p.text(w / 2, h - 65, "Sai Towers, 6th Floor, Begumpet, Hyderabad 500016, India", 7.5,
           align="center", color=GREY)
    p.text(w / 2, h - 105, "CERTIFICATE OF REGISTRATION", 19, bold=True, align="center")
    p.text(w - 50, h - 128, f"Certificate No. : {s.number}", 10, bold=True, align="right")
    y = p.lines(w / 2, h - 152, [f"This is to certify that the {system(s.standards[0])} of"],
                10.5, align="center")
    y = p.lines(w / 2, y - 6, [s.org], 16, bold=True, align="center")
    y = p.para(60, y - 2, "has been assessed and registered as meeting the requirements of",
               w - 120, 10.5, center=True)
    y = p.lines(w / 2, y - 4, s.standards, 14, bold=True, align="center")
    p.text(60, y - 8, "for the following scope:", 10)
    y = p.para(60, y - 24, s.scope, w - 120, 10)
    p.text(60, y - 8, "at the following locations:", 10)
    y -= 26
    sites = [("Head Office", s.address)] + s.extra_sites
    for row in range(0, len(sites), 2):
        bottom = y
        for k, (name, lines) in enumerate(sites[row:row + 2]):
            x = 60 + k * (w - 120) / 2
            p.text(x, y, f"{row + k + 1}. {name}", 9.5, bold=True)
            bottom = min(bottom, p.lines(x + 12, y - 12, lines, 9))
        y = bottom - 6
    rows = []
    if s.initial:
        rows.append(("Date of Initial Registration", day(s, s.initial)))
    rows += [("Date of Current Issue", day(s, s.issue)), ("Date of Expiry", day(s, s.expiry)),
             ("Certificate Issue No.", f"{p.rng.randint(1, 5):02d}")]
    y -= 8
    for label, value in rows:
        p.text(60, y, label, 9.5)
        p.text(230, y, f":  {value}", 9.5, bold=True)
        y -= 14
    p.signature(60, 120, title="Director - Certification")
    if s.ab:
        p.mark(w - 160, 130, s.ab, "ACCREDITED", "MANAGEMENT SYSTEMS", s.ab_number)
    p.para(50, 50, "This certificate is valid subject to satisfactory surveillance audits. The "
           "validity may be verified at www.deccanqr.example/certificates.", w - 100, 7)


def issue_history(p: WPen) -> None:
    """Ireland/UK: no first or current date labels; a ruled table of the certificate's issues
    (the first row the initial certification, the last the current issue) and its expiry."""
    s, w, h = p.s, p.w, p.h
    p.text(w - 50, h - 55, "LIFFEY", 20, bold=True, align="right")
    p.text(w - 50, h - 68, "certification", 9, align="right", color=GREY)
    p.text(50, h - 120, "MANAGEMENT SYSTEM CERTIFICATE", 18, bold=True)
    y = p.lines(50, h - 155, ["This is to certify that"], 10.5)
    y = p.lines(50, y - 4, [s.org], 17, bold=True)
    y = p.lines(50, y, s.address, 10)
    name = system(s.standards[0])
    article = "an" if name[0] in "AEIOU" else "a"
    y = p.para(50, y - 8, f"operates {article} {name} which complies with the requirements of",
               w - 100, 10.5)
    y = p.lines(50, y - 4, s.standards, 14, bold=True)
    p.text(50, y - 6, "Scope of certification", 9, color=GREY)
    y = p.para(50, y - 20, s.scope, w - 100, 10.5)
    p.text(50, y - 10, f"Certificate Number:  {s.number}", 10.5, bold=True)
    y -= 40
    p.text(50, y, "Certificate history", 9.5, bold=True)
    cols = (("Issue", 55), ("Date", 110), ("Reason for issue", 230))
    y -= 18
    p.c.setLineWidth(0.6)
    p.c.line(50, y + 13, w - 50, y + 13)
    for head, x in cols:
        p.text(x, y, head, 8.5, bold=True, color=GREY)
    p.c.line(50, y - 5, w - 50, y - 5)
    for n, (when, reason) in enumerate(history(s), 1):
        y -= 18
        for value, (_, x) in zip((str(n), day(s, when), reason), cols, strict=True):
            p.text(x, y, value, 9.5)
        p.c.line(50, y - 5, w - 50, y - 5)
    p.text(50, y - 30, f"This certificate expires on {day(s, s.expiry)}.", 10.5, bold=True)
    p.signature(50, 140, title="Certification Manager")
    if s.ab:
        p.mark(w - 150, 150, s.ab, "Certification", s.ab_number)
    p.text(50, 60, f"Issued by {s.cb}, Block 4, Harcourt Centre, Harcourt Road, Dublin 2, "
           "D02 HW77, Ireland", 7.5, color=GREY)


def history(s: WildSpec) -> list[tuple[date, str]]:
    """Return the issues of a certificate: initial, each recertification, the current one."""
    assert s.initial is not None  # the history always starts with the initial certification
    rows = [(s.initial, "Initial certification")]
    years = s.issue.year - s.initial.year
    rows += [(s.initial.replace(year=s.initial.year + k), "Recertification")
             for k in range(3, years, 3)]
    if "27001:2022" in s.standards[0] and years % 3:
        current = "Transition to the 2022 edition of the standard"
    else:
        current = "Recertification" if years % 3 == 0 else "Change of registered address"
    return rows + [(s.issue, current)]
