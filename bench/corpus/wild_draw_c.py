"""Wild layouts, part three: cycle dates, small registrars, integrated annexes, JAS-ANZ."""

from __future__ import annotations

from datetime import timedelta

from bench.corpus.wild import GREY, WPen
from bench.corpus.wild_draw_a import scope_with_soa, site_list, site_table, system_name


def cycle_dates(p: WPen) -> None:
    """Bureau Veritas-like: awarded to, cycle start/expiry of previous cycle, revision date."""
    s, w, h = p.s, p.w, p.h
    p.text(60, h - 70, "BUREAU MERIDIAN", 18, bold=True)
    p.text(60, h - 86, "Certification", 10, color=GREY)
    p.text(w / 2, h - 135, "Awarded to", 13, align="center")
    p.text(w / 2, h - 160, s.org, 16, bold=True, align="center")
    y = p.lines(w / 2, h - 178, s.address, 10, align="center")
    y = p.para(
        70,
        y - 14,
        f"{s.cb} certify that the Management System of the above "
        "organisation has been audited and found to be in accordance with the "
        "requirements of the management system standards detailed below",
        w - 140,
        9.5,
        center=True,
    )
    p.text(70, y - 20, "STANDARD", 10, bold=True)
    y = p.lines(70, y - 36, s.standards, 11)
    p.text(70, y - 12, "SCOPE OF CERTIFICATION", 10, bold=True)
    y = p.para(70, y - 28, scope_with_soa(p), w - 140, 10)
    rows = []
    if s.initial:
        rows.append(("Original cycle start date:", s.d(s.initial)))
        rows.append(("Expiry date of previous cycle:", s.d(s.issue - timedelta(days=1))))
    rows += [
        ("Certification / Recertification Audit date:", s.d(s.issue - timedelta(days=37))),
        ("Certification / Recertification cycle start date:", s.d(s.issue)),
    ]
    y -= 16
    for label, value in rows:
        p.text(70, y, label, 9)
        p.text(330, y, value, 9)
        y -= 14
    y = p.para(
        70,
        y - 4,
        "Subject to the continued satisfactory operation of the organisation's "
        f"Management System, this certificate expires on: {s.d(s.expiry)}",
        w - 140,
        9,
    )
    p.text(70, y - 12, f"Certificate No. {s.number_printed}", 9.5, bold=True)
    p.text(300, y - 12, "Version: 1", 9)
    p.text(400, y - 12, f"Revision date: {s.d(s.issue + timedelta(days=9))}", 9)
    p.signature(70, 175, title=f"Signed on behalf of {s.cb}")
    if s.ab:
        p.mark(w - 160, 190, s.ab, "MANAGEMENT SYSTEMS", s.ab_number)
    p.para(
        60,
        100,
        "Certification body address: 5th Floor, 66 Prescot Street, London, E1 8HG, United Kingdom",
        w - 120,
        7.5,
    )
    p.para(
        60,
        88,
        "Local office: Suite 206, Fort Dunlop, Fort Parkway, Birmingham, B24 9FD, United Kingdom",
        w - 120,
        7.5,
    )
    p.para(
        60,
        72,
        "Further clarifications regarding the scope of this certificate and the "
        "applicability of the management system requirements may be obtained by consulting "
        "the organisation. To check this certificate validity please call +44 207 661 0700.",
        w - 120,
        6.5,
    )
    site_table(p, "Addendum - certified locations", ("Site", "Scope"), repeat_main=False)


def registrar_grid(p: WPen) -> None:
    """Small IAS-accredited registrar: header row of four date/number columns, surveillance."""
    s, w, h = p.s, p.w, p.h
    p.text(w / 2, h - 60, s.cb.upper(), 13, bold=True, align="center")
    p.text(
        w / 2,
        h - 74,
        "An accredited management systems certification body",
        8,
        align="center",
        color=GREY,
    )
    p.text(w / 2, h - 120, "CERTIFICATE OF REGISTRATION", 22, bold=True, align="center")
    p.text(w / 2, h - 155, "This is to certify that", 11, align="center")
    p.text(w / 2, h - 182, s.org, 18, bold=True, align="center")
    y = p.lines(w / 2, h - 200, s.address, 10, align="center")
    y = p.para(
        70,
        y - 12,
        "has been independently assessed and is compliant with the requirements of",
        w - 140,
        10,
        center=True,
    )
    y = p.lines(w / 2, y - 8, s.standards, 16, bold=True, align="center")
    y = p.para(70, y - 2, system_name(s.standards[0]).title(), w - 140, 10, center=True)
    y = p.para(70, y - 8, "for the following scope of activities:", w - 140, 10, center=True)
    y = p.para(70, y - 2, s.scope, w - 140, 11, bold=True, center=True)
    heads = ["Certificate No.", "Date of Initial Registration", "Date of Issue", "Date of Expiry"]
    values = [s.number_printed, s.d(s.initial) if s.initial else "-", s.d(s.issue), s.d(s.expiry)]
    colw = (w - 120) / 4
    p.c.rect(60, 262, w - 120, 40)
    for n, (head, value) in enumerate(zip(heads, values, strict=True)):
        p.text(60 + colw * n + colw / 2, 290, head, 7.5, bold=True, align="center")
        p.text(60 + colw * n + colw / 2, 270, value, 9, align="center")
    first = s.issue + timedelta(days=p.rng.randint(330, 360))
    p.text(
        60,
        245,
        f"1st Surveillance Audit Due: {s.d(first)}    2nd Surveillance Audit Due: "
        f"{s.d(first + timedelta(days=365))}",
        8.5,
    )
    p.text(60, 232, f"Recertification Due: {s.d(s.expiry - timedelta(days=60))}", 8.5)
    p.signature(60, 185)
    p.c.rect(w - 140, 160, 60, 60)
    p.text(w - 140, 150, "Scan to verify", 7)
    p.text(w - 140, 140, "www.pinnaclecert.example/verify", 6)
    if s.ab:
        p.mark(
            260, 210, s.ab, "ACCREDITED", "MANAGEMENT SYSTEMS", "CERTIFICATION BODY", s.ab_number
        )
    p.para(
        60,
        80,
        f"This certificate remains the property of {s.cb} and shall be returned "
        "immediately upon request. The validity of this certificate is subject to "
        "successful surveillance audits.",
        w - 120,
        7,
    )
    p.para(
        60,
        62,
        f"{s.cb}, 4th Floor, Example Towers, Sector 18, Gurugram 122015, Haryana, India",
        w - 120,
        7,
    )
    site_list(p, "Annexure - Additional Sites", ("Site Name", "Site Address"))


def integrated_annex(p: WPen) -> None:
    """TÜV Rheinland-like: 'incl.' extension, report number, place and date, sites in annex."""
    s, w, h = p.s, p.w, p.h
    p.text(60, h - 60, "TÜV RHEINMARK", 13, bold=True)
    p.text(w / 2, h - 120, "CERTIFICATE", 26, bold=True, align="center")
    p.text(w / 2, h - 150, "Management system as per", 10, align="center")
    if len(s.standards) == 2:
        std = f"{s.standards[0]} incl. {s.standards[1]} extension"
    else:
        std = s.std_text
    y = p.para(70, h - 170, std, w - 140, 14, bold=True, center=True)
    y = p.para(
        70,
        y - 12,
        "In accordance with TÜV Rheinmark procedures, it is hereby certified that",
        w - 140,
        10,
        center=True,
    )
    p.text(w / 2, y - 18, s.org, 16, bold=True, align="center")
    y = p.para(70, y - 36, ", ".join(s.address), w - 140, 10, center=True)
    y = p.para(
        70,
        y - 10,
        "applies a management system in line with the above standard for the following scope",
        w - 140,
        10,
        center=True,
    )
    y = p.para(70, y - 4, scope_with_soa(p), w - 140, 10.5, bold=True, center=True)
    rows = [
        ("Certificate Registration No.", s.number_printed),
        ("Audit Report No.", str(p.rng.randint(3000000000, 3999999999))),
        ("Valid until", s.d(s.expiry)),
    ]
    if s.initial:
        rows.append(("Initial certification", s.d(s.initial)))
    y -= 18
    for label, value in rows:
        p.text(110, y, label, 9)
        p.text(300, y, value, 9.5, bold=True)
        y -= 15
    if s.extra_sites:
        p.text(110, y - 4, "Further sites: see annex", 8.5)
    p.text(110, 190, "Certification Body", 8, color=GREY)
    p.text(110, 178, s.cb, 9.5)
    p.text(110, 150, f"Köln, {s.d(s.issue)}", 9.5)
    p.signature(w - 260, 160)
    if s.ab:
        p.mark(w - 150, 110, s.ab, "Deutsche", "Akkreditierungsstelle", s.ab_number)
    p.para(
        60,
        60,
        f"{s.cb} · Am Grauen Stein · 51105 Köln · Germany · www.tuv-rheinmark.example/certipedia",
        w - 120,
        7,
    )
    if s.extra_sites:
        p.c.showPage()
        p.text(
            60, p.h - 70, f"Annex to certificate Registration No. {s.number_printed}", 12, bold=True
        )
        y = p.h - 110
        for head, x in (("Location", 60), ("Address", 200), ("Scope", 430)):
            p.text(x, y, head, 9, bold=True)
        y -= 20
        for name, lines in s.extra_sites:
            p.text(60, y, name, 9)
            p.lines(200, y, lines, 9)
            p.text(430, y, "Software development", 9)
            y -= 12 * len(lines) + 14


def compliance_anz(p: WPen) -> None:
    """JAS-ANZ-style: body certifies, ABN under the name, Cert. Reg. No., next surveillance."""
    s, w, h = p.s, p.w, p.h
    p.text(60, h - 60, "SOUTHERN CROSS", 16, bold=True)
    p.text(60, h - 74, "CERTIFICATION", 9, color=GREY)
    p.text(w / 2, h - 130, "Certificate of Registration", 22, align="center")
    p.text(w / 2, h - 165, f"{s.cb} hereby certifies that", 10, align="center")
    p.text(w / 2, h - 192, s.org, 18, bold=True, align="center")
    abn = (
        f"ABN {p.rng.randint(10, 99)} {p.rng.randint(100, 999)} {p.rng.randint(100, 999)} "
        f"{p.rng.randint(100, 999)}"
    )
    p.text(w / 2, h - 208, abn if s.region == "au" else "NZBN 9429041234567", 8.5, align="center")
    y = p.lines(w / 2, h - 224, s.address, 10, align="center")
    y = p.para(
        70,
        y - 10,
        f"operates an {system_name(s.standards[0]).title()} which complies "
        "with the requirements of",
        w - 140,
        10,
        center=True,
    )
    y = p.lines(w / 2, y - 6, s.standards, 14, bold=True, align="center")
    p.text(70, y - 12, "Scope of Registration", 9, bold=True)
    y = p.para(70, y - 26, scope_with_soa(p), w - 140, 10)
    rows = [("Cert. Reg. No.", s.number_printed)]
    if s.initial:
        rows.append(("Date of initial registration", s.d(s.initial)))
    rows += [
        ("Certification Date", s.d(s.issue)),
        ("Expiry Date", s.d(s.expiry)),
        ("Next Surveillance", s.d(s.surveillance)),
    ]
    y = 270
    for label, value in rows:
        p.text(70, y, label, 9)
        p.text(220, y, value, 9)
        y -= 14
    p.signature(w - 230, 230)
    if s.ab:
        p.mark(w - 230, 160, s.ab, "ACCREDITED", f"Accreditation No. {s.ab_number}")
    p.para(
        60,
        84,
        f"This certificate is the property of {s.cb} and must be returned on "
        "request. Verify this certificate at www.jas-anz.example/register",
        w - 120,
        7,
    )
    p.para(
        60,
        70,
        "Level 5, 123 Pitt Street, Sydney NSW 2000, Australia  Ph: +61 2 9000 0000",
        w - 120,
        7,
    )
    site_table(p, "Schedule of Registered Sites", ("Site", "Activities"), repeat_main=True)
