"""Wild layouts, part two: US, Asian, Nordic, French, small registrars, integrated annexes."""

from __future__ import annotations

from bench.corpus.wild import GREY, WPen
from bench.corpus.wild_draw_a import scope_with_soa, site_list, site_table, system_name


def us_conformity(p: WPen) -> None:
    """Schellman-like: org name first in large type, sites in the body, dates in a side column."""
    s, w, h = p.s, p.w, p.h
    p.text(60, h - 60, "SHELLWOOD", 16, bold=True)
    p.text(w / 2, h - 120, s.org, 22, bold=True, align="center")
    y = p.lines(w / 2, h - 140, s.address, 10, align="center")
    y = p.para(
        70,
        y - 16,
        f"has been assessed and certified by {s.cb} as meeting the requirements of",
        w - 140,
        10,
        center=True,
    )
    y = p.lines(w / 2, y - 6, s.standards, 15, bold=True, align="center")
    y = p.para(
        70,
        y - 8,
        f"{system_name(s.standards[0]).title()} for the following scope:",
        w - 140,
        10,
        center=True,
    )
    y = p.para(70, y - 4, scope_with_soa(p), w - 140, 10, center=True)
    if s.extra_sites:
        y = p.para(70, y - 10, "and the following in-scope locations:", w - 140, 10, center=True)
        for _, lines in [("", s.address)] + s.extra_sites:
            y = p.para(70, y, ", ".join(lines), w - 140, 9.5, center=True)
    p.text(60, 230, f"Certificate Number: {s.number_printed}", 10, bold=True)
    p.text(60, 200, "Authorized by:", 8, color=GREY)
    y = p.signature(60, 170, title=f"{s.person[1]}, {s.cb}")
    p.lines(
        60,
        y,
        [
            "4010 W Harbor Blvd., Suite 600",
            "Tampa, Florida 33607, United States",
            "www.shellwood.example",
        ],
        8,
    )
    rows = [("Issue Date", s.d(s.issue))]
    if s.initial:
        rows.append(("Original Registration Date", s.d(s.initial)))
    rows += [("Expiration Date", s.d(s.expiry)), ("Certificate Version", "Version 2")]
    y = 240
    for label, value in rows:
        p.text(w - 200, y, label, 8, color=GREY)
        p.text(w - 200, y - 11, value, 9.5)
        y -= 28
    if s.ab:
        p.mark(330, 150, s.ab, "ACCREDITED", "MANAGEMENT SYSTEMS", "CERTIFICATION BODY")
    p.para(
        60,
        70,
        "1. The certificate is only valid for the scope, locations and standard "
        "listed. 2. The validity of this certificate is subject to successful annual "
        "surveillance audits. 3. Validity of this certificate can be verified at "
        "www.shellwood.example/certificate-directory",
        w - 120,
        6.5,
    )


def approval_schedule(p: WPen) -> None:
    """LRQA-like: two numbers (identity and approval), original approval, current expiry."""
    s, w, h = p.s, p.w, p.h
    p.text(60, h - 70, "HRQA", 24, bold=True)
    p.text(w - 60, h - 60, f"Certificate identity number: {s.number_printed}", 8.5, align="right")
    p.text(60, h - 130, "Certificate of Approval", 22)
    p.text(60, h - 165, "This is to certify that the Management System of:", 10)
    p.text(60, h - 188, s.org, 14, bold=True)
    y = p.lines(60, h - 204, s.address, 10)
    y = p.para(60, y - 12, "has been approved by HRQA to the following standards:", w - 120)
    y = p.lines(60, y - 2, s.standards, 12, bold=True)
    approval = f"{p.rng.randint(10000, 99999):08d}"
    y = p.para(
        60, y - 10, f"Approval number(s): {s.standards[0].split(':')[0]} – {approval}", w - 120, 9.5
    )
    y = p.para(60, y - 10, "The scope of this approval is applicable to:", w - 120, 9.5)
    y = p.para(60, y - 2, s.scope, w - 120, 10)
    y = p.para(
        60,
        y - 10,
        "This certificate is valid only in association with the certificate "
        "schedule bearing the same number on which the locations applicable to this "
        "approval are listed.",
        w - 120,
        8.5,
    )
    rows = []
    if s.initial:
        rows.append(f"Original approval(s): {s.standards[0].split(':')[0]} – {s.d(s.initial)}")
    rows += [f"Current certificate: {s.d(s.issue)}", f"Current expiry: {s.d(s.expiry)}"]
    p.lines(60, 250, rows, 9.5)
    p.text(w - 250, 250, "Signed on behalf of:", 8, color=GREY)
    p.text(w - 250, 238, s.cb, 9)
    p.signature(w - 250, 205, title=f"{s.person[1]} UK&I")
    if s.ab:
        p.mark(60, 180, s.ab, "MANAGEMENT", "SYSTEMS", s.ab_number)
    p.para(
        60,
        92,
        f"Issued by: {s.cb}, 1 Trinity Park, Bickenhill Lane, Birmingham B37 7ES, United Kingdom",
        w - 120,
        7.5,
    )
    p.para(
        60,
        78,
        "HRQA Group Limited, its affiliates and subsidiaries are individually and "
        "collectively referred to in this clause as 'HRQA'. HRQA assumes no responsibility "
        "and shall not be liable to any person for any loss, damage or expense caused by "
        "reliance on the information or advice in this document.",
        w - 120,
        6.5,
    )
    site_table(
        p,
        f"Certificate Schedule - {s.number_printed}",
        ("Location", "Activities"),
        repeat_main=True,
    )


def asia_registrar(p: WPen) -> None:
    """Chinese/Korean/Japanese body printing English: registered address, credit code."""
    s, w, h = p.s, p.w, p.h
    p.text(w / 2, h - 60, s.cb, 11, bold=True, align="center")
    p.text(w / 2, h - 110, "CERTIFICATE", 26, bold=True, align="center")
    p.text(w / 2, h - 132, f"OF {system_name(s.standards[0])}", 12, align="center")
    p.text(w - 70, h - 160, f"Certificate No.: {s.number_printed}", 9.5, align="right")
    p.text(70, h - 195, "We hereby certify that", 10.5)
    p.text(w / 2, h - 222, s.org, 15, bold=True, align="center")
    y = p.para(70, h - 248, f"Registered Address: {', '.join(s.address)}", w - 140, 9.5)
    if s.region == "cn":
        y = p.para(
            70,
            y,
            f"Unified Social Credit Code: 91440300MA5{p.rng.randint(10**7, 10**8)}",
            w - 140,
            9.5,
        )
    else:
        y = p.para(
            70,
            y,
            f"Business Registration No.: {p.rng.randint(100, 999)}-"
            f"{p.rng.randint(10, 99)}-{p.rng.randint(10000, 99999)}",
            w - 140,
            9.5,
        )
    system = system_name(s.standards[0]).lower()
    y = p.para(
        70,
        y - 12,
        f"has established and implemented an {system} in accordance with the standard",
        w - 140,
        10,
    )
    printed = s.standards[0]
    if s.region == "cn" and "27001:2013" in printed:
        printed = "GB/T 22080-2016 / ISO/IEC 27001:2013"
    y = p.lines(w / 2, y - 6, [printed] + s.standards[1:], 13, bold=True, align="center")
    p.text(70, y - 14, "Scope of Certification:", 10, bold=True)
    y = p.para(70, y - 30, scope_with_soa(p), w - 140, 10)
    rows = [("Issue Date:", s.d(s.issue)), ("Expiry Date:", s.d(s.expiry))]
    if s.initial:
        rows.insert(0, ("Date of Initial Certification:", s.d(s.initial)))
    y -= 14
    for label, value in rows:
        p.text(70, y, label, 9.5)
        p.text(240, y, value, 9.5)
        y -= 14
    p.para(
        70,
        y - 6,
        "The validity of this certificate is maintained through annual "
        "surveillance audits. The certificate information can be verified at "
        "www.cnca.example or by scanning the QR code.",
        w - 140,
        8,
    )
    p.c.rect(w - 150, 150, 70, 70)
    p.text(w - 150, 140, "Scan to verify", 7)
    p.signature(70, 175, title=f"{s.person[1]}: {s.person[0]}")
    if s.ab:
        p.mark(260, 200, s.ab, "ACCREDITED", s.ab_number)
    p.para(70, 92, s.cb, w - 140, 8, bold=True)
    p.para(
        70,
        80,
        "Address: Room 1201, No. 18 Xueyuan Road, Haidian District, Beijing 100083, "
        "P.R. China  Tel: +86 10 8234 5678  www.ccc-example.example",
        w - 140,
        7.5,
    )
    site_list(p, "Appendix: Certified Sites", ("", ""), numbered=True)


def nordic_landscape(p: WPen) -> None:
    """DQS/Kiwa-like landscape page: the body's address in a left band, dates in a row."""
    s, w, h = p.s, p.w, p.h
    p.c.setFillColorRGB(0.86, 0.9, 0.95)
    p.c.rect(0, 0, 190, h, fill=1, stroke=0)
    p.lines(25, h - 60, [s.cb, "Box 1230", "111 82 Stockholm", "Sweden", "www.dqm.example"], 8)
    if s.ab:
        p.mark(25, 160, s.ab, "ACKREDITERING", s.ab_number, "ISO/IEC 17021-1")
    x = 230
    p.text(x, h - 80, "CERTIFICATE", 28, bold=True)
    p.text(x, h - 115, f"{s.cb} hereby certifies that the organization", 10.5)
    p.text(x, h - 142, s.org, 18, bold=True)
    p.text(x, h - 160, ", ".join(s.address), 10)
    y = p.para(
        x,
        h - 185,
        f"has implemented and maintains a {system_name(s.standards[0]).title()}.",
        w - x - 60,
    )
    p.text(x, y - 8, "Scope:", 9, color=GREY)
    y = p.para(x, y - 22, s.scope, w - x - 60, 10.5, bold=True)
    y = p.para(
        x,
        y - 10,
        "Through an audit, documented in a report, it was verified that the "
        "management system fulfills the requirements of the following standard:",
        w - x - 60,
        9.5,
    )
    y = p.lines(x, y - 4, s.standards, 13, bold=True)
    cols = [
        ("Certificate registration no.", s.number_printed),
        ("Valid from", s.d(s.issue)),
        ("Valid until", s.d(s.expiry)),
    ]
    if s.initial:
        cols.append(("Initial certification", s.d(s.initial)))
    for n, (label, value) in enumerate(cols):
        p.text(x + n * 140, 150, label, 8, color=GREY)
        p.text(x + n * 140, 137, value, 10)
    if s.soa:
        p.text(x, 115, f"Statement of Applicability: {s.soa.split('Applicability ')[1]}", 7.5)
    p.signature(w - 230, 80)
    site_list(p, f"Appendix to certificate {s.number_printed}", ("Site", "Address"))


def fr_en_slashes(p: WPen) -> None:
    """AFNOR-like: every sentence French / English, sites listed, (année/mois/jour) dates."""
    s, w, h = p.s, p.w, p.h
    p.text(w / 2, h - 80, "CERTIFICAT", 26, bold=True, align="center")
    p.text(w / 2, h - 100, "CERTIFICATE", 14, align="center", color=GREY)
    p.text(
        w - 60, h - 130, f"N° de certificat / Certificate N°: {s.number_printed}", 9, align="right"
    )
    y = p.para(
        70,
        h - 165,
        f"{s.cb} certifie que le système de management mis en place par :",
        w - 140,
        10,
        center=True,
    )
    y = p.para(
        70,
        y,
        f"{s.cb} certifies that the management system implemented by:",
        w - 140,
        9,
        center=True,
    )
    p.text(w / 2, y - 18, s.org, 16, bold=True, align="center")
    y = p.para(
        70,
        y - 42,
        "pour les activités suivantes : / for the following activities:",
        w - 140,
        9.5,
        center=True,
    )
    y = p.para(
        70,
        y - 2,
        "Conception, développement, hébergement et support de solutions logicielles.",
        w - 140,
        10,
        center=True,
    )
    y = p.para(70, y - 2, s.scope, w - 140, 10, center=True)
    y = p.para(
        70,
        y - 10,
        "est conforme aux exigences requises par : / complies with the requirements of:",
        w - 140,
        9.5,
        center=True,
    )
    y = p.lines(w / 2, y - 4, s.standards, 14, bold=True, align="center")
    y = p.para(
        70,
        y - 8,
        "et est déployé sur les sites suivants : / and is developed on the following locations:",
        w - 140,
        9.5,
        center=True,
    )
    for lines in [s.address] + [lines for _, lines in s.extra_sites]:
        y = p.para(70, y, ", ".join(lines), w - 140, 9.5, center=True)
    y -= 14
    p.text(70, y, "Ce certificat est valable à compter du (année/mois/jour)", 8.5)
    p.text(70, y - 11, "This certificate is valid from (year/month/day)", 8.5, color=GREY)
    p.text(380, y - 5, s.d(s.issue, "iso"), 10, bold=True)
    p.text(70, y - 30, "Jusqu'au", 8.5)
    p.text(70, y - 41, "Until", 8.5, color=GREY)
    p.text(380, y - 35, s.d(s.expiry, "iso"), 10, bold=True)
    if s.initial:
        p.text(70, y - 60, "Date de première certification / First certification date", 8.5)
        p.text(380, y - 60, s.d(s.initial, "iso"), 10, bold=True)
    p.signature(w - 260, 160, title="Directeur Général / Managing Director")
    if s.ab:
        p.mark(70, 160, s.ab, "ACCREDITATION", f"N° {s.ab_number}", "PORTEE DISPONIBLE")
    p.para(
        60,
        80,
        "Seul le certificat électronique, consultable sur www.afcert.example, fait "
        "foi en temps réel de la certification de l'organisme. / The electronic certificate "
        "only, available at www.afcert.example, attests in real-time that the company is "
        "certified.",
        w - 120,
        6.5,
    )
    p.para(
        60,
        58,
        f"{s.cb} - 11 rue Francis de Pressensé - 93571 La Plaine Saint-Denis Cedex - "
        "France - SAS au capital de 18 187 000 € - 479 076 002 RCS Bobigny",
        w - 120,
        6.5,
    )
