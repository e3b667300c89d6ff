"""How the national-language body layouts (bodies_national.py) are drawn.

Organisations and certification bodies are made up; accreditation bodies are real. French,
German and Portuguese pages print only their own language, as national bodies' certificates do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.lib.colors import Color, white
from reportlab.lib.utils import simpleSplit

from bench.corpus.wild import GREY, WildSpec, WPen

MONTHS = {
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro "
          "dezembro",
}
SYSTEMS = {
    "fr": {"27001": "système de management de la sécurité de l'information",
           "42001": "système de management de l'intelligence artificielle",
           "9001": "système de management de la qualité"},
    "de": {"27001": "Informationssicherheits-Managementsystem",
           "9001": "Qualitätsmanagementsystem", "14001": "Umweltmanagementsystem"},
    "pt": {"27001": "Sistema de Gestão de Segurança da Informação",
           "42001": "Sistema de Gestão de Inteligência Artificial",
           "9001": "Sistema de Gestão da Qualidade"},
    "en": {"27701": "Privacy Information Management System",
           "27001": "Information Security Management System",
           "9001": "Quality Management System", "42001": "AI Management System"},
}
NAVY = Color(0.09, 0.16, 0.30)
BURGUNDY = Color(0.45, 0.08, 0.16)
GREEN = Color(0.05, 0.38, 0.24)


@dataclass
class UnseenSpec(WildSpec):
    """A wild spec with what this family prints besides: a brand, a tax or company number, the
    validity as a term instead of an expiry date."""

    brand: str = ""
    tax_id: str = ""
    validity_years: int = 0  # > 0: "valid for N years from the date of issue", no expiry date

    def truth(self) -> dict:
        """Return the expected values; no expiry date when only a term of validity is printed."""
        result = super().truth()
        if self.validity_years:
            result["expiry_date"] = None
        return result


def system(language: str, standard: str) -> str:
    """Return the management system a standard specifies, in a language."""
    return next((name for code, name in SYSTEMS[language].items() if code in standard),
                SYSTEMS[language]["9001"])


def day(s: WildSpec, value: date) -> str:
    """Return a date in the spec's style, with this family's French, German and Portuguese."""
    if s.date_style == "fr_long":  # 1er juillet 2025
        number = "1er" if value.day == 1 else str(value.day)
        return f"{number} {MONTHS['fr'].split()[value.month - 1]} {value.year}"
    if s.date_style == "de_long":  # 1. Juli 2025
        return f"{value.day}. {MONTHS['de'].split()[value.month - 1]} {value.year}"
    if s.date_style == "pt_long":  # 1º de julho de 2025
        number = "1º" if value.day == 1 else f"{value.day:02d}"
        return f"{number} de {MONTHS['pt'].split()[value.month - 1]} de {value.year}"
    return s.d(value)


def _spec(p: WPen) -> UnseenSpec:
    assert isinstance(p.s, UnseenSpec)
    return p.s


def _sites(s: WildSpec) -> list[str]:
    return [", ".join(lines) for lines in [s.address] + [ls for _, ls in s.extra_sites]]


def cofrac_fr(p: WPen) -> None:
    """France (COFRAC): 'Certificat N°', 'délivré à', the scope as 'Périmètre de certification',
    the dates 'Date de première certification', 'Date de délivrance', 'Date d'échéance'."""
    s, w, h = _spec(p), p.w, p.h
    p.c.setFillColor(BURGUNDY)
    p.c.rect(0, h - 14, w, 14, fill=1, stroke=0)
    p.text(55, h - 60, s.brand, 19, bold=True, color=BURGUNDY)
    p.text(55, h - 73, "Organisme de certification de systèmes de management", 8, color=GREY)
    p.text(w - 55, h - 60, f"Certificat N° {s.number}", 11, bold=True, align="right")
    p.text(w / 2, h - 130, "CERTIFICAT", 30, bold=True, align="center")
    p.text(w / 2, h - 170, "délivré à", 11, align="center", color=GREY)
    y = p.para(70, h - 195, s.org, w - 140, 17, bold=True, center=True)
    y = p.lines(w / 2, y, s.address, 10, align="center")
    p.text(w / 2, y - 2, s.tax_id, 8.5, align="center", color=GREY)
    y = p.para(70, y - 26, f"{s.cb} atteste que le {system('fr', s.standards[0])} mis en "
               "œuvre par cet organisme a été évalué et jugé conforme aux exigences de la norme",
               w - 140, 10.5, center=True)
    y = p.lines(w / 2, y - 6, s.standards, 16, bold=True, align="center") - 8
    p.text(70, y, "Périmètre de certification :", 10.5, bold=True)
    y = p.para(70, y - 16, s.scope, w - 140, 10.5) - 6
    if s.extra_sites:
        p.text(70, y, "Sites certifiés :", 10.5, bold=True)
        y -= 16
        for line in _sites(s):
            y = p.para(85, y, line, w - 155, 9.5)
            p.text(74, y + 9.5 * 1.3, "–", 9.5)
        y -= 6
    rows = [("Date de délivrance :", s.issue), ("Date d'échéance :", s.expiry)]
    if s.initial:
        rows.insert(0, ("Date de première certification :", s.initial))
    y = min(y - 10, 270)
    for label, when in rows:
        p.text(70, y, label, 10)
        p.text(260, y, day(s, when), 10, bold=True)
        y -= 17
    p.text(70, 185, f"Fait à Lyon, le {day(s, s.issue)}", 9.5)
    p.signature(70, 150)
    if s.ab:
        p.mark(w - 165, 190, s.ab, "CERTIFICATION", "DE SYSTÈMES", "DE MANAGEMENT",
               f"ACCRÉDITATION N° {s.ab_number}", "PORTÉE DISPONIBLE SUR", "WWW.COFRAC.FR")
    p.para(55, 88, "Ce certificat reste valable sous réserve du respect des règles de "
           "certification et des résultats satisfaisants des audits de surveillance. Sa validité "
           "peut être vérifiée sur www.veyrac-certification.example.", w - 110, 7.5)
    p.text(w / 2, 48, f"{s.cb} SAS – 12 rue de la Bourse, 69002 Lyon – SAS au capital de "
           "250 000 € – RCS Lyon 812 004 771", 7, align="center", color=GREY)


def _validity(s: UnseenSpec, n: int) -> str:
    start, end = day(s, s.issue), day(s, s.expiry)
    return (f"{start} bis {end}", f"vom {start} bis einschließlich {end}",
            f"{start} – {end}")[n % 3]


def dakks_annex(p: WPen) -> None:
    """Germany (DAkkS): German only, 'Zertifikatsnummer', 'Geltungsbereich', 'Gültigkeit: ...
    bis ...', 'Erstzertifizierung', and the sites on a second page, an annex to the certificate."""
    s, w, h = _spec(p), p.w, p.h
    p.c.setFillColor(GREEN)
    p.c.rect(w - 120, h - 95, 65, 50, fill=1, stroke=0)
    p.text(w - 87.5, h - 77, s.brand, 17, bold=True, align="center", color=white)
    p.text(55, h - 60, s.cb, 10, bold=True)
    p.text(55, h - 72, "Zertifizierungsstelle für Managementsysteme", 8, color=GREY)
    p.text(55, h - 150, "ZERTIFIKAT", 30, bold=True)
    p.text(55, h - 172, f"Zertifikatsnummer: {s.number}", 11)
    y = p.para(55, h - 210, f"Die Zertifizierungsstelle der {s.cb} bescheinigt hiermit, dass "
               "das Unternehmen", w - 110, 10.5)
    y = p.para(55, y - 8, s.org, w - 110, 17, bold=True)
    y = p.lines(55, y, s.address, 10) - 8
    y = p.para(55, y, f"für den nachfolgend genannten Geltungsbereich ein "
               f"{system('de', s.standards[0])} eingeführt hat und anwendet.", w - 110, 10.5)
    p.text(55, y - 10, "Geltungsbereich:", 10.5, bold=True)
    y = p.para(170, y - 10, s.scope, w - 225, 10.5) - 8
    y = p.para(55, y, "Durch ein Audit, Bericht-Nr. "
               f"{p.rng.randint(700000, 799999)}, wurde der Nachweis erbracht, dass die "
               "Forderungen der folgenden Norm erfüllt sind:", w - 110, 10.5)
    y = p.lines(55, y - 6, s.standards, 16, bold=True) - 10
    if s.extra_sites:
        p.text(55, y, "Die zertifizierten Standorte sind in der Anlage aufgeführt.", 9.5)
        y -= 22
    p.text(55, y, "Gültigkeit:", 10.5, bold=True)
    p.text(170, y, _validity(s, p.rng.randint(0, 2)), 10.5)
    if s.initial:
        p.text(55, y - 17, "Erstzertifizierung:", 10.5, bold=True)
        p.text(170, y - 17, day(s, s.initial), 10.5)
    p.text(55, 190, f"Frankfurt am Main, {day(s, s.issue)}", 9.5)
    p.signature(55, 155)
    if s.ab:
        p.mark(w - 160, 185, s.ab, "Deutsche", "Akkreditierungsstelle", s.ab_number)
    p.text(w / 2, 55, f"{s.cb} · Mainzer Landstraße 210 · 60326 Frankfurt am Main · "
           "www.rheinweiler-zert.example", 7, align="center", color=GREY)
    if not s.extra_sites:
        return
    p.c.showPage()
    p.text(55, h - 60, s.cb, 10, bold=True)
    p.text(55, h - 110, f"Anlage zum Zertifikat Nr. {s.number}", 15, bold=True)
    p.text(55, h - 130, s.org, 11)
    top, left, right = h - 170, 55, w - 55
    p.c.setLineWidth(0.8)
    p.c.line(left, top + 14, right, top + 14)
    for x, head in ((left + 4, "Nr."), (left + 40, "Standort"), (left + 170, "Anschrift")):
        p.text(x, top, head, 9.5, bold=True)
    p.c.line(left, top - 6, right, top - 6)
    names = ["Hauptsitz"] + [name for name, _ in s.extra_sites]
    y = top - 24
    for n, (name, line) in enumerate(zip(names, _sites(s), strict=True), 1):
        p.text(left + 4, y, f"{n}.", 9.5)
        p.text(left + 40, y, name, 9.5)
        bottom = p.para(left + 170, y, line, right - left - 175, 9.5)
        y = bottom - 6
        p.c.line(left, y + 9, right, y + 9)
    p.para(55, y - 20, "Diese Anlage gilt nur in Verbindung mit dem oben genannten Zertifikat.",
           w - 110, 8.5)


def cgcre_br(p: WPen) -> None:
    """Brazil (Cgcre): Portuguese only, 'Certificado nº', the holder's CNPJ, 'Escopo', the
    'Unidades certificadas', 'Data da certificação inicial', 'Data desta emissão', 'Válido até'."""
    s, w, h = _spec(p), p.w, p.h
    p.c.setStrokeColor(GREEN)
    p.c.setLineWidth(3)
    p.c.rect(28, 28, w - 56, h - 56)
    p.c.setLineWidth(0.8)
    p.c.rect(34, 34, w - 68, h - 68)
    p.c.setStrokeColor(Color(0, 0, 0))
    p.text(w / 2, h - 75, s.brand, 18, bold=True, align="center", color=GREEN)
    p.text(w / 2, h - 88, s.cb, 8.5, align="center", color=GREY)
    p.text(w / 2, h - 140, "CERTIFICADO", 28, bold=True, align="center")
    p.text(w / 2, h - 162, f"Certificado nº: {s.number}", 11, align="center")
    y = p.lines(w / 2, h - 200, ["Certificamos que o sistema de gestão da organização"], 10.5,
                align="center")
    y = p.para(70, y - 6, s.org, w - 140, 16, bold=True, center=True)
    y = p.lines(w / 2, y, [s.tax_id, ", ".join(s.address)], 9.5, align="center")
    y = p.para(70, y - 6, "foi auditado e considerado conforme aos requisitos da norma", w - 140,
               10.5, center=True)
    y = p.lines(w / 2, y - 6, s.standards, 16, bold=True, align="center")
    p.text(w / 2, y + 3, f"({system('pt', s.standards[0])})", 9, align="center", color=GREY)
    p.text(70, y - 18, "Escopo:", 10.5, bold=True)
    y = p.para(70, y - 33, s.scope, w - 140, 10.5) - 6
    if s.extra_sites:
        p.text(70, y, "Unidades certificadas:", 10.5, bold=True)
        y -= 15
        for n, line in enumerate(_sites(s), 1):
            y = p.para(70, y, f"{n}) {line}", w - 140, 9.5)
        y -= 6
    rows = [("Data desta emissão:", s.issue), ("Válido até:", s.expiry)]
    if s.initial:
        rows.insert(0, ("Data da certificação inicial:", s.initial))
    y = min(y - 8, 250)
    for label, when in rows:
        p.text(70, y, label, 10)
        p.text(245, y, day(s, when), 10, bold=True)
        y -= 16
    p.signature(70, 140)
    if s.ab:
        p.mark(w - 170, 160, s.ab, "Organismo de Certificação", "de Sistemas", s.ab_number)
    p.para(60, 75, "A validade deste certificado depende da realização das auditorias de "
           "manutenção. Organismo acreditado pela Coordenação Geral de Acreditação do Inmetro "
           f"(Cgcre) sob o nº {s.ab_number}. Rua Joaquim Floriano, 466, São Paulo – SP.", w - 120,
           7.5)


def sidebar_ai(p: WPen) -> None:
    """A US registrar's ISO/IEC 42001 certificate: the labels in white on a dark left sidebar
    ('Certificate Holder:', 'AI Management System Scope:', 'Effective:', 'Expiration:'), the
    values beside them in the main area."""
    s, w, h = _spec(p), p.w, p.h
    bar = 178
    p.c.setFillColor(NAVY)
    p.c.rect(0, 0, bar, h, fill=1, stroke=0)
    p.c.setFillColor(white)
    p.text(24, h - 62, s.brand, 15, bold=True, color=white)
    p.text(24, h - 75, "Registrar, Inc.", 8.5, color=white)
    x, width = bar + 30, w - bar - 60
    p.text(x, h - 70, "Certificate of Registration", 24, bold=True, color=NAVY)
    p.text(x, h - 90, "Artificial Intelligence Management System", 10.5, color=GREY)
    rows: list[tuple[str, list[str], float, bool]] = [
        ("Certificate Holder:", [s.org], 14, True),
        ("Registered Address:", [", ".join(s.address)], 10, False),
        ("Conforms to:", s.standards, 13, True),
        ("AI Management System Scope:", [s.scope], 10.5, False)]
    if s.extra_sites:
        rows.append(("Locations Covered:", _sites(s), 9.5, False))
    rows.append(("Cert. No.:", [s.number], 11, True))
    if s.initial:
        rows.append(("Initially Certified:", [day(s, s.initial)], 10.5, False))
    rows += [("Effective:", [day(s, s.issue)], 10.5, True),
             ("Expiration:", [day(s, s.expiry)], 10.5, True)]
    y = h - 140
    for label, values, size, bold in rows:
        bottom = y
        for line in simpleSplit(label, s.font, 9, bar - 44):
            p.text(24, bottom, line, 9, color=white)
            bottom -= 12
        for value in values:
            y = p.para(x, y, value, width, size, bold=bold)
        y = min(y, bottom) - 12
    p.para(x, y - 6, f"This certificate is the property of {s.cb} and remains valid subject "
           "to successful annual surveillance audits. Confirm current status at "
           "registry.cascadiatrust.example.", width, 7.5)
    p.signature(x, 120)
    if s.ab:
        p.mark(w - 150, 130, s.ab, "ACCREDITED", "MANAGEMENT SYSTEMS", "CERTIFICATION BODY")
    p.text(24, 60, "1500 Fourth Avenue", 7.5, color=white)
    p.text(24, 50, "Seattle, WA 98101", 7.5, color=white)


def footer_line(p: WPen) -> None:
    """A South African body (SANAS): 'This certificate is awarded to <holder>' in a sentence,
    the activities after 'in respect of', and the number and dates only in a footer line
    'Certificate No. X | Issued: ... | Expires: ...' (or a term of validity and no expiry)."""
    s, w, h = _spec(p), p.w, p.h
    p.c.setFillColor(BURGUNDY)
    p.c.rect(40, h - 100, w - 80, 3, fill=1, stroke=0)
    p.text(w / 2, h - 70, s.brand, 20, bold=True, align="center", color=BURGUNDY)
    p.text(w / 2, h - 88, s.cb, 8.5, align="center", color=GREY)
    p.text(w / 2, h - 150, "Certificate of Compliance", 26, align="center")
    first = s.standards[0]
    if len(s.standards) > 1:
        standard = f"{first} as an extension to {s.standards[1]}"
    else:
        standard = first
    p.text(w / 2, h - 190, "This certificate is awarded to", 11, align="center")
    y = p.para(60, h - 218, s.org, w - 120, 18, bold=True, center=True)
    y = p.lines(w / 2, y, [", ".join(s.address)], 9.5, align="center") - 6
    name = system("en", first)
    article = "an" if name[0] in "AEIOU" else "a"
    y = p.para(70, y, f"for the operation of {article} {name} which has been assessed "
               "and found to comply with the requirements of", w - 140, 11, center=True)
    y = p.para(60, y - 6, standard, w - 120, 14, bold=True, center=True) - 8
    p.text(w / 2, y, "in respect of the following activities:", 10, align="center",
           color=GREY)
    y = p.para(80, y - 18, s.scope, w - 160, 10.5, center=True) - 8
    if s.extra_sites:
        p.text(w / 2, y, "carried out at:", 10, align="center", color=GREY)
        y = p.lines(w / 2, y - 16, _sites(s), 9.5, align="center") - 6
    if s.validity_years:
        p.para(80, y - 6, "This certificate is valid for three years from the date of issue, "
               "subject to satisfactory annual surveillance audits.", w - 160, 9.5, center=True)
    p.signature(70, 190)
    if s.ab:
        p.mark(w - 170, 200, s.ab, "Certification Body", f"Accreditation No. {s.ab_number}")
    parts = [f"Certificate No. {s.number}"]
    if s.initial:
        parts.append(f"First issued: {day(s, s.initial)}")
    parts.append(f"Issued: {day(s, s.issue)}")
    if not s.validity_years:
        parts.append(f"Expires: {day(s, s.expiry)}")
    p.c.setStrokeColor(GREY)
    p.c.line(40, 86, w - 40, 86)
    p.text(w / 2, 72, "  |  ".join(parts), 8.5, align="center")
    p.text(w / 2, 50, f"{s.cb}  ·  Reg. No. 2011/004417/07  ·  18 Wierda Road West, Sandton "
           "2196  ·  www.kariega-cert.example", 6.5, align="center", color=GREY)
