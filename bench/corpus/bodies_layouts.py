"""Certificate layouts in the style of large certification bodies the other generators lack.

Northmark (a US registrar: registered-by prose, a five-row date table), Quallion (a UK body:
"approved by", original/current approval), Veritalign (a US attestation firm certifying
ISO/IEC 42001 with stacked labels in a right column), Normacert (Spanish/English, every line
twice), Gostcert (Russian certificate of conformity with a national adoption of the standard).
All names are made up.
"""

from __future__ import annotations

from datetime import timedelta

from bench.corpus.wild import GREY, WPen


def northmark(p: WPen) -> None:
    """A US registrar: org in large type, 'has been registered by ... as conforming to'."""
    s, w, h = p.s, p.w, p.h
    p.text(w / 2, h - 70, "NORTHMARK", 22, bold=True, align="center")
    p.text(w / 2, h - 120, "CERTIFICATE OF REGISTRATION", 20, bold=True, align="center")
    p.text(w / 2, h - 150, "This is to certify that the management system of", 11, align="center")
    p.text(w / 2, h - 180, s.org, 18, bold=True, align="center")
    y = p.lines(w / 2, h - 200, s.address, 10, align="center")
    y = p.para(70, y - 10, f"has been registered by {s.cb} as conforming to the requirements of",
               w - 140, 11, center=True)
    y = p.lines(w / 2, y - 6, s.standards, 15, bold=True, align="center")
    p.text(w / 2, y - 12, "The management system is applicable to:", 10, align="center")
    y = p.para(80, y - 30, s.scope, w - 160, 10, center=True)
    rows = [("Certificate Number:", s.number)]
    if s.initial:
        rows.append(("Initial Certification Date:", s.d(s.initial)))
    rows += [("Date of Certification Decision:", s.d(s.issue - timedelta(days=12))),
             ("Issuing Date:", s.d(s.issue)), ("Valid Until:", s.d(s.expiry))]
    y -= 18
    for label, value in rows:
        p.text(150, y, label, 9.5)
        p.text(330, y, value, 9.5, bold=True)
        y -= 14
    p.signature(80, 150, title="President, Northmark Certification")
    p.mark(w - 170, 170, s.ab or "", "ACCREDITED", "Management Systems", "Certification Body")
    p.text(w / 2, 60, f"{s.cb}, 545 E. Algonquin Road, Arlington Heights, IL 60005, USA", 7.5,
           align="center", color=GREY)
    _sites_page_note(p)


def quallion(p: WPen) -> None:
    """A UK body: 'approved by ... and is compliant with', original and current approval."""
    s, w, h = p.s, p.w, p.h
    p.text(60, h - 70, "Quallion", 20, bold=True)
    p.text(w / 2, h - 130, "CERTIFICATE OF REGISTRATION", 19, bold=True, align="center")
    p.text(w / 2, h - 160, "This is to certify that the management system of:", 10.5,
           align="center")
    p.text(w / 2, h - 190, s.org, 16, bold=True, align="center")
    y = p.lines(w / 2, h - 208, [", ".join(s.address)], 9.5, align="center")
    y = p.para(70, y - 12, f"has been approved by {s.cb} and is compliant with the "
               "requirements of:", w - 140, 10.5, center=True)
    y = p.lines(w / 2, y - 6, s.standards, 15, bold=True, align="center")
    p.text(70, y - 14, "Scope of registration:", 10, bold=True)
    y = p.para(70, y - 28, s.scope + (f" {s.soa}" if s.soa and s.soa_in_scope else ""),
               w - 140, 10)
    y -= 16
    rows = [("Certificate No:", s.number)]
    if s.initial:
        rows.append(("Original Approval(s):", s.d(s.initial)))
    rows += [("Current Certificate:", s.d(s.issue)), ("Certificate Expiry:", s.d(s.expiry))]
    for label, value in rows:
        p.text(70, y, label, 10)
        p.text(230, y, value, 10)
        y -= 15
    p.signature(70, 170, title="Managing Director")
    p.mark(w - 160, 180, s.ab or "", "MANAGEMENT", "SYSTEMS", s.ab_number)
    p.para(60, 90, f"This certificate is the property of {s.cb} and must be returned on "
           "request. Validity can be checked on the public register.", w - 120, 7)
    p.text(w / 2, 55, f"{s.cb}, Warwick House, Houghton Hall Park, Dunstable LU5 5ZX, "
           "United Kingdom", 7, align="center", color=GREY)
    _sites_page_note(p)


def veritalign(p: WPen) -> None:
    """A US attestation firm: certifies-that prose on the left, dates stacked on the right."""
    s, w, h = p.s, p.w, p.h
    p.text(60, h - 60, "VERITALIGN", 18, bold=True)
    p.text(60, h - 110, "CERTIFICATE", 26, bold=True)
    p.text(60, h - 150, f"{s.cb} certifies that", 11)
    p.text(60, h - 178, s.org, 16, bold=True)
    y = p.lines(60, h - 196, s.address, 9.5)
    y = p.para(60, y - 8, "has established and maintains a management system that meets the "
               "requirements of", 330, 10.5)
    y = p.lines(60, y - 4, s.standards, 13, bold=True)
    y = p.para(60, y - 8, "for the following scope:", 330, 10.5)
    p.para(60, y - 4, s.scope, 330, 10)
    x, y = w - 190, h - 150
    rows = [("Certificate Number", s.number)]
    if s.initial:
        rows.append(("Original Registration Date", s.d(s.initial)))
    rows += [("Issue Date", s.d(s.issue)), ("Expiration Date", s.d(s.expiry))]
    for label, value in rows:
        p.text(x, y, label, 8.5, color=GREY)
        p.text(x, y - 14, value, 11, bold=True)
        y -= 40
    p.signature(60, 150, title="Chief Executive Officer")
    if s.ab:
        p.mark(w - 190, 170, s.ab, "ACCREDITED", "ISO/IEC 17021-1", "Management Systems")
    if s.extra_sites:
        p.text(60, 115, "Certified locations:", 9, bold=True)
        y = 102
        for lines in [s.address] + [lines for _, lines in s.extra_sites]:
            p.text(70, y, ", ".join(lines), 8.5)
            y -= 11


def normacert(p: WPen) -> None:
    """A Spanish body: every label and sentence in Spanish, then English."""
    s, w, h = p.s, p.w, p.h
    p.text(w / 2, h - 80, "CERTIFICADO DEL SISTEMA DE GESTIÓN", 16, bold=True, align="center")
    p.text(w / 2, h - 98, "Management System Certificate", 11, align="center", color=GREY)
    p.text(w / 2, h - 130, f"{s.cb} certifica que la organización", 10.5, align="center")
    p.text(w / 2, h - 144, f"{s.cb} certifies that the organization", 9.5, align="center",
           color=GREY)
    p.text(w / 2, h - 172, s.org, 16, bold=True, align="center")
    y = p.lines(w / 2, h - 190, s.address, 9.5, align="center")
    y = p.para(70, y - 8, "dispone de un sistema de gestión conforme con la norma / "
               "has a management system in accordance with the standard", w - 140, 9.5,
               center=True)
    y = p.lines(w / 2, y - 6, s.standards, 14, bold=True, align="center")
    p.text(70, y - 10, "para las actividades: / for the activities:", 9.5)
    y = p.para(70, y - 24, s.scope, w - 140, 10)
    y -= 14
    rows = [("Código / Code:", s.number)]
    if s.initial:
        rows.append(("Fecha de primera emisión / First issued on:", s.d(s.initial)))
    rows += [("Fecha de última emisión / Last issued on:", s.d(s.issue)),
             ("Fecha de expiración / Expiration date:", s.d(s.expiry))]
    for label, value in rows:
        p.text(70, y, label, 9.5)
        p.text(340, y, value, 9.5, bold=True)
        y -= 15
    p.signature(70, 150, title="Director General")
    p.mark(w - 160, 160, s.ab or "", "CERTIFICACIÓN", s.ab_number)
    p.text(w / 2, 60, f"{s.cb} S.L., Calle Génova 6, 28004 Madrid, España", 7, align="center",
           color=GREY)


def gostcert(p: WPen) -> None:
    """A Russian certificate of conformity: registration number, validity as a range."""
    s, w, h = p.s, p.w, p.h
    p.text(w / 2, h - 80, "СИСТЕМА ДОБРОВОЛЬНОЙ СЕРТИФИКАЦИИ", 10, align="center", color=GREY)
    p.text(w / 2, h - 110, "СЕРТИФИКАТ СООТВЕТСТВИЯ", 20, bold=True, align="center")
    p.text(70, h - 140, f"Рег. №   {s.number}", 11, bold=True)
    p.text(70, h - 158, f"Срок действия с {s.d(s.issue)} по {s.d(s.expiry)}", 10.5)
    p.text(70, h - 190, "ОРГАН ПО СЕРТИФИКАЦИИ:", 9.5, bold=True)
    p.text(70, h - 204, s.cb, 9.5)
    y = p.para(70, h - 236, "НАСТОЯЩИЙ СЕРТИФИКАТ УДОСТОВЕРЯЕТ, ЧТО СИСТЕМА МЕНЕДЖМЕНТА",
               w - 140, 10.5, bold=True)
    p.text(70, y - 6, s.org, 14, bold=True)
    y = p.lines(70, y - 24, s.address, 9.5)
    p.text(70, y - 8, "СООТВЕТСТВУЕТ ТРЕБОВАНИЯМ", 10.5, bold=True)
    standard = s.standards[0].replace("ISO ", "ГОСТ Р ИСО ").replace(":", "-")
    p.text(70, y - 26, f"{standard} ({s.standards[0]})", 12, bold=True)
    p.text(70, y - 52, "Область сертификации:", 10, bold=True)
    p.para(70, y - 66, s.scope, w - 140, 10)
    p.signature(70, 150, title="Руководитель органа по сертификации")


def _sites_page_note(p: WPen) -> None:
    """Add a second page listing the sites when there are any (the annex)."""
    s = p.s
    if not s.extra_sites:
        return
    p.c.showPage()
    p.text(60, p.h - 80, f"Annex to certificate {s.number}", 14, bold=True)
    p.text(60, p.h - 104, "Certified sites", 11, bold=True)
    y = p.h - 124
    for name, lines in [("Head office", s.address)] + s.extra_sites:
        p.text(60, y, name, 9.5, bold=True)
        p.text(200, y, ", ".join(lines), 9.5)
        y -= 16
