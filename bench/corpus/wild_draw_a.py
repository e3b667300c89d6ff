"""Wild layouts, part one: UK/European registration certificates."""

from __future__ import annotations

from datetime import timedelta

from bench.corpus.wild import GREY, WPen

SYSTEM = {
    "27001": "INFORMATION SECURITY MANAGEMENT SYSTEM",
    "42001": "ARTIFICIAL INTELLIGENCE MANAGEMENT SYSTEM",
    "9001": "QUALITY MANAGEMENT SYSTEM",
}


def system_name(code: str) -> str:
    for key, value in SYSTEM.items():
        if key in code:
            return value
    return "MANAGEMENT SYSTEM"


def scope_with_soa(p: WPen) -> str:
    """Print the SOA sentence straight after the scope (and count it as part of the scope)."""
    s = p.s
    if s.soa:
        s.soa_in_scope = True
        s.soa = s.soa[0].upper() + s.soa[1:]
        return f"{s.scope} {s.soa}"
    return s.scope


def site_table(p: WPen, heading: str, cols: tuple[str, str], *, repeat_main: bool) -> None:
    """A second page listing the sites: location cell (multi-line address) and activities."""
    s = p.s
    if not s.extra_sites:
        return
    p.c.showPage()
    p.text(60, p.h - 70, heading, 13, bold=True)
    p.text(60, p.h - 88, f"{s.org}  -  {s.number_printed}", 9, color=GREY)
    y = p.h - 125
    p.text(60, y, cols[0], 9, bold=True)
    p.text(300, y, cols[1], 9, bold=True)
    p.c.line(55, y - 6, p.w - 55, y - 6)
    y -= 24
    rows = ([("Head Office", s.address)] if repeat_main else []) + s.extra_sites
    for name, lines in rows:
        p.text(60, y, name, 9, bold=True)
        p.lines(60, y - 12, lines, 9)
        p.para(300, y, s.scope, p.w - 360, 8.5)
        y -= 12 * (len(lines) + 1) + 16
        p.c.line(55, y + 8, p.w - 55, y + 8)
    p.text(60, 60, f"Page 2 of 2    {s.cb}", 7, color=GREY)


def site_list(p: WPen, heading: str, head: tuple[str, str], *, numbered: bool = False) -> None:
    """A second page listing each extra site on one line: name column and address column."""
    s = p.s
    if not s.extra_sites:
        return
    p.c.showPage()
    p.text(60, p.h - 70, heading, 12, bold=True)
    p.text(60, p.h - 88, s.org, 9.5)
    y = p.h - 120
    if not numbered:
        p.text(60, y, head[0], 9, bold=True)
        p.text(220, y, head[1], 9, bold=True)
        y -= 20
    for n, (name, lines) in enumerate(s.extra_sites, 1):
        if numbered:
            p.text(60, y, f"{n}. {', '.join(lines)}", 9)
        else:
            p.text(60, y, name, 9)
            p.text(220, y, ", ".join(lines), 9)
        y -= 18
    p.text(60, 60, s.cb, 7, color=GREY)


def kitemark(p: WPen) -> None:
    """BSI-like: mark on the right, org in large type with no label, dates at the bottom."""
    s, w, h = p.s, p.w, p.h
    p.text(60, h - 70, "KINGSMARK", 22, bold=True)
    p.text(w / 2, h - 130, "Certificate of Registration", 22, align="center")
    p.text(w / 2, h - 152, f"{system_name(s.standards[0])} - {s.std_text}", 9.5, align="center")
    p.text(60, h - 200, "This is to certify that:", 10)
    y = p.lines(170, h - 200, [s.org], 15, bold=True)
    y = p.lines(170, y - 4, s.address, 10)
    p.text(60, y - 14, "Holds Certificate No:", 10)
    p.text(170, y - 14, s.number_printed, 14, bold=True)
    y = p.para(
        60,
        y - 44,
        f"and operates an {system_name(s.standards[0]).title()} which "
        f"complies with the requirements of {s.std_text} for the following scope:",
        w - 120,
    )
    y = p.para(60, y - 10, scope_with_soa(p), w - 120, bold=True)
    p.text(60, y - 30, "For and on behalf of Kingsmark:", 9)
    p.signature(60, y - 70, title=f"{s.person[1]}, Assurance - UK & Ireland")
    rows = []
    if s.initial:
        rows.append(("Original Registration Date:", s.d(s.initial)))
    rows += [
        ("Effective Date:", s.d(s.issue)),
        ("Latest Revision Date:", s.d(s.issue - timedelta(days=12))),
        ("Expiry Date:", s.d(s.expiry)),
    ]
    y = 190
    for n, (label, value) in enumerate(rows):
        x = 60 if n % 2 == 0 else 300
        p.text(x, y, label, 8.5)
        p.text(x + 125, y, value, 8.5)
        y -= 14 if n % 2 else 0
    p.text(60, y - 14, f"Page: 1 of {2 if s.extra_sites else 1}", 8.5)
    if s.ab:
        p.mark(w - 140, h - 80, s.ab, "MANAGEMENT", "SYSTEMS", s.ab_number)
    foot = [
        "This certificate was issued electronically and remains the property of Kingsmark "
        "and is bound by the conditions of contract.",
        "An electronic certificate can be authenticated online. Printed copies can be "
        "validated at www.kingsmark.example/ClientDirectory",
        "Information and Contact: Kingsmark, Kitemark Court, Davy Avenue, Knowlhill, "
        "Milton Keynes MK5 8PP. Tel: + 44 345 080 9000",
        f"{s.cb}, registered in England under number 7805321 at 389 Chiswick High Road, "
        "London W4 4AL, UK.",
    ]
    y = 100
    for line in foot:
        y = p.para(60, y, line, w - 120, 6.5, leading=1.2)
    site_table(p, "Registered Locations", ("Location", "Registered Activities"), repeat_main=True)


def tuv_bilingual(p: WPen) -> None:
    """German/English: bescheinigt, dass das Unternehmen; valid-from sentence; place, date."""
    s, w, h = p.s, p.w, p.h
    p.text(w - 60, h - 60, "TÜV MITTELLAND", 14, bold=True, align="right")
    p.text(w / 2, h - 120, "ZERTIFIKAT", 28, bold=True, align="center")
    p.text(w / 2, h - 140, "CERTIFICATE", 13, align="center", color=GREY)
    y = p.para(
        70,
        h - 180,
        f"Die Zertifizierungsstelle der {s.cb} bescheinigt, dass das Unternehmen",
        w - 140,
        10,
        center=True,
    )
    y = p.para(
        70,
        y,
        f"The Certification Body of {s.cb} certifies that the company",
        w - 140,
        9,
        center=True,
    )
    p.text(w / 2, y - 20, s.org, 17, bold=True, align="center")
    p.text(w / 2, y - 38, ", ".join(s.address), 10, align="center")
    y = p.para(70, y - 64, "für den Geltungsbereich / for the scope", w - 140, 9, center=True)
    y = p.para(
        70,
        y - 4,
        "Entwicklung, Betrieb und Support von Softwarelösungen für Geschäftskunden",
        w - 140,
        10,
        bold=True,
        center=True,
    )
    y = p.para(70, y - 2, s.scope, w - 140, 10, bold=True, center=True)
    y = p.para(
        70,
        y - 10,
        "ein Managementsystem eingeführt hat und anwendet. / has established "
        "and applies a management system.",
        w - 140,
        9,
        center=True,
    )
    report = p.rng.randint(70700000, 70799999)
    y = p.para(
        70,
        y - 8,
        f"Durch ein Audit, Bericht-Nr. {report}, wurde der Nachweis erbracht, "
        "dass die Forderungen der folgenden Norm erfüllt sind:",
        w - 140,
        9,
        center=True,
    )
    y = p.para(
        70,
        y,
        f"An audit was performed, Order No. {report}. Proof has been furnished "
        "that the requirements according to the following standard are fulfilled:",
        w - 140,
        9,
        center=True,
    )
    y = p.lines(w / 2, y - 8, s.standards, 15, bold=True, align="center")
    y = p.para(
        70,
        y - 8,
        f"Dieses Zertifikat ist gültig vom {s.d(s.issue, 'dotted')} bis {s.d(s.expiry, 'dotted')}.",
        w - 140,
        9.5,
        center=True,
    )
    y = p.para(
        70,
        y,
        f"The certificate is valid from {s.d(s.issue, 'iso')} until {s.d(s.expiry, 'iso')}.",
        w - 140,
        9.5,
        center=True,
    )
    y = p.para(
        70,
        y - 6,
        f"Zertifikat-Registrier-Nr. / Certificate Registration No.: {s.number_printed}",
        w - 140,
        10,
        center=True,
    )
    if s.initial:
        y = p.para(
            70,
            y,
            f"Ersterteilung / Initial certification: {s.d(s.initial, 'iso')}",
            w - 140,
            9,
            center=True,
        )
    p.text(70, 175, f"München, {s.d(s.issue, 'iso')}", 9)
    p.signature(w - 260, 175)
    if s.ab:
        p.mark(
            70,
            140,
            s.ab,
            "Akkreditierungsstelle" if s.ab != "SAS" else "Accredited by SAS",
            s.ab_number,
        )
    p.para(
        60,
        62,
        f"{s.cb} • Zertifizierungsstelle • Westendstraße 199 • 80686 München • "
        "Germany   www.tuev-mittelland.example/certificate-validity",
        w - 120,
        7,
    )
    site_list(
        p,
        f"Anlage zum Zertifikat / Annex to certificate {s.number_printed}",
        ("Standort / Site", "Anschrift / Address"),
    )


def nordic_stacked(p: WPen) -> None:
    """DNV-like: header with stacked labels in three columns, place and date, issuing office."""
    s, w, h = p.s, p.w, p.h
    p.text(60, h - 80, "MANAGEMENT SYSTEM CERTIFICATE", 17, bold=True)
    cols = [("Certificate no.:", s.number_printed)]
    if s.initial:
        cols.append(("Initial certification date:", s.d(s.initial)))
    cols.append(("Valid:", f"{s.d(s.issue)} – {s.d(s.expiry)}"))
    for n, (label, value) in enumerate(cols):
        x = 60 + n * 170
        p.text(x, h - 115, label, 8, color=GREY)
        p.text(x, h - 128, value, 9.5)
    p.text(60, h - 175, "This is to certify that the management system of", 10)
    p.text(60, h - 200, s.org, 16, bold=True)
    p.text(60, h - 217, ", ".join(s.address), 10)
    y = p.para(
        60,
        h - 245,
        f"has been found to conform to the {system_name(s.standards[0]).title()} standard:",
        w - 120,
    )
    y = p.lines(60, y - 4, s.standards, 13, bold=True)
    y = p.para(60, y - 10, "This certificate is valid for the following scope:", w - 120)
    y = p.para(60, y - 2, s.scope, w - 120, 10.5, bold=True)
    if s.extra_sites:
        y = p.para(
            60,
            y - 8,
            "Further details of the organization are listed in the appendix "
            "accompanying this certificate.",
            w - 120,
            9,
        )
    p.text(60, 230, "Place and date:", 8, color=GREY)
    p.text(60, 218, f"Høvik, {s.d(s.issue)}", 9.5)
    p.text(320, 230, "For the issuing office:", 8, color=GREY)
    p.text(320, 218, s.cb, 9.5)
    p.text(320, 206, "Veritasveien 1, 1363 Høvik, Norway", 9.5)
    p.signature(320, 170)
    if s.ab:
        p.mark(60, 180, s.ab, "ACCREDITED", s.ab_number)
    p.para(
        60,
        90,
        "Lack of fulfilment of conditions as set out in the Certification Agreement "
        "may render this Certificate invalid.",
        w - 120,
        7,
    )
    p.para(
        60,
        78,
        f"ACCREDITED UNIT: {s.cb}, Veritasveien 1, 1363 Høvik, Norway - "
        "TEL: +47 67 57 99 00. www.nordveritas.example",
        w - 120,
        7,
    )
    if s.extra_sites:
        p.c.showPage()
        p.text(60, p.h - 70, f"Appendix to Certificate no.: {s.number_printed}", 12, bold=True)
        p.text(60, p.h - 90, s.org, 10)
        y = p.h - 125
        p.text(60, y, "Site Name", 9, bold=True)
        p.text(200, y, "Site Address", 9, bold=True)
        p.text(485, y, "Site Scope", 9, bold=True)
        y -= 20
        for name, lines in [(s.org, s.address)] + s.extra_sites:
            p.para(60, y, name, 130, 8.5)
            p.text(200, y, ", ".join(lines), 8)
            p.text(485, y, "As main", 8.5)
            y -= 30


def surveillance_prose(p: WPen) -> None:
    """SGS-like: number at the top right, validity in a sentence, recertification due."""
    s, w, h = p.s, p.w, p.h
    p.text(w - 60, h - 70, "GSS", 30, bold=True, align="right")
    p.text(60, h - 120, "CERTIFICATE", 20, bold=True)
    p.text(w - 60, h - 120, s.number_printed, 11, align="right")
    p.text(60, h - 160, "The management system of", 10)
    p.text(60, h - 184, s.org, 15, bold=True)
    y = p.lines(60, h - 202, s.address, 10)
    y = p.para(
        60, y - 14, "has been assessed and certified as meeting the requirements of", w - 120
    )
    y = p.lines(60, y - 4, s.standards, 13, bold=True)
    y = p.para(60, y - 12, "For the following activities", w - 120)
    y = p.para(60, y - 2, s.scope, w - 120, 10.5, bold=True)
    y = p.para(
        60,
        y - 14,
        "Further clarifications regarding the scope of this certificate and "
        "the applicability of the standard's requirements may be obtained by consulting "
        "the organisation.",
        w - 120,
        8.5,
    )
    y = p.para(
        60,
        y - 10,
        f"This certificate is valid from {s.d(s.issue)} until "
        f"{s.d(s.expiry)} and remains valid subject to satisfactory surveillance audits.",
        w - 120,
        9.5,
    )
    recert = s.expiry.replace(month=max(1, s.expiry.month - 2), day=1)
    y = p.para(60, y, f"Recertification audit due before {s.d(recert)}", w - 120, 9.5)
    issue_line = f"Issue {p.rng.randint(2, 6)}."
    if s.initial:
        issue_line += f" Certified since {s.d(s.initial)}"
    y = p.para(60, y, issue_line, w - 120, 9.5)
    if s.soa:
        p.para(
            60,
            y - 8,
            f"Statement of Applicability reference: {s.soa.split('Applicability ')[1]}",
            w - 120,
            8,
        )
    p.text(60, 200, "Authorised by", 8, color=GREY)
    p.signature(60, 170)
    p.lines(
        w - 60,
        200,
        [
            s.cb,
            "Rossmore Business Park",
            "Ellesmere Port  CH65 3EN",
            "United Kingdom",
            "t +44 (0)151 350-6666 - www.gss.example",
        ],
        8,
        align="right",
    )
    if s.ab:
        p.mark(w - 160, 120, s.ab, "MANAGEMENT", "SYSTEMS", s.ab_number)
    p.para(
        60,
        62,
        "This document is issued by the Company subject to its General Conditions "
        "of Certification Services accessible at www.gss.example/terms. Attention is drawn "
        "to the limitations of liability, indemnification and jurisdictional issues "
        "established therein.",
        w - 120,
        6.5,
    )
    site_table(
        p, f"Annex to certificate {s.number_printed}", ("Site", "Activities"), repeat_main=False
    )
