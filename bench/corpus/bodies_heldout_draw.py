"""How the held-out body layouts of bodies_heldout.py are drawn.

Organisations and certification bodies are made up; accreditation bodies are real. The Mexican
and Polish pages print only their own language; the Greek certificate prints its English page
first and its Greek translation second.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from reportlab.lib.colors import Color, black, white

from bench.corpus.wild import GREY, WildSpec, WPen, fmt_date

MONTHS = {
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
          "diciembre",
    "pl": "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października "
          "listopada grudnia",
    "el": "Ιανουαρίου Φεβρουαρίου Μαρτίου Απριλίου Μαΐου Ιουνίου Ιουλίου Αυγούστου "
          "Σεπτεμβρίου Οκτωβρίου Νοεμβρίου Δεκεμβρίου",
}
SYSTEMS = {
    "en": {"27001": "Information Security Management System",
           "42001": "Artificial Intelligence Management System",
           "9001": "Quality Management System"},
    "es": {"27001": "Sistema de Gestión de Seguridad de la Información",
           "42001": "Sistema de Gestión de Inteligencia Artificial",
           "9001": "Sistema de Gestión de la Calidad"},
    "pl": {"27001": "system zarządzania bezpieczeństwem informacji",
           "42001": "system zarządzania sztuczną inteligencją",
           "9001": "system zarządzania jakością"},
    "el": {"27001": "Σύστημα Διαχείρισης Ασφάλειας Πληροφοριών",
           "42001": "Σύστημα Διαχείρισης Τεχνητής Νοημοσύνης",
           "9001": "Σύστημα Διαχείρισης Ποιότητας"},
}
MAROON = Color(0.48, 0.09, 0.13)
JADE = Color(0.0, 0.40, 0.31)
NAVY = Color(0.07, 0.16, 0.36)
PALE = Color(0.93, 0.95, 0.98)
AEGEAN = Color(0.05, 0.32, 0.60)


@dataclass
class FreshSpec(WildSpec):
    """A wild spec with what this family prints besides: a brand, the local-language scope,
    name and addresses, a tax or register number, and the other names the page prints."""

    brand: str = ""
    local_org: str = ""
    local_scope: str = ""
    local_address: list[str] = field(default_factory=list)
    local_sites: list[str] = field(default_factory=list)
    register: str = ""
    accept: dict[str, list] = field(default_factory=dict)
    wording: int = 0  # which of a layout's wordings the page uses
    local_style: str = ""  # the date style of the translated page

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


def day(value: date, style: str) -> str:
    """Return a date in a style, with this family's Spanish, Polish and Greek long forms."""
    if style in ("es_long", "pl_long", "el_long"):
        month = MONTHS[style[:2]].split()[value.month - 1]
        return {"es_long": f"{value.day} de {month} de {value.year}",
                "pl_long": f"{value.day} {month} {value.year} r.",
                "el_long": f"{value.day} {month} {value.year}"}[style]
    return fmt_date(value, style)


def _spec(p: WPen) -> FreshSpec:
    assert isinstance(p.s, FreshSpec)
    return p.s


def _sites(s: WildSpec) -> list[str]:
    return [", ".join(lines) for lines in [s.address] + [ls for _, ls in s.extra_sites]]


def _rows(p: WPen, x: float, gutter: float, y: float, rows: list[tuple[str, str]],
          size: float, step: float, rule: float = 0) -> float:
    """Print label/value rows, ruled under each when rule is a right edge; return the y under."""
    p.c.setLineWidth(0.5)
    for label, value in rows:
        p.text(x, y, label, size)
        p.text(gutter, y, value, size, bold=True)
        if rule:
            p.c.line(x - 4, y - 5, rule, y - 5)
        y -= step
    return y


def nabcb_schedule(p: WPen) -> None:
    """An Indian body (NABCB or IAS): the holder and address in capitals, a ruled table of the
    registration number, the dates and three due dates (two surveillance audits and the
    recertification) that are none of the certificate's dates."""
    s, w, h = _spec(p), p.w, p.h
    p.c.setStrokeColor(MAROON)
    p.c.setLineWidth(3)
    p.c.rect(22, 22, w - 44, h - 44)
    p.c.setLineWidth(0.8)
    p.c.rect(28, 28, w - 56, h - 56)
    p.text(w / 2, h - 70, s.cb.upper(), 14, bold=True, align="center", color=MAROON)
    p.text(w / 2, h - 84, "B-42, Okhla Industrial Area Phase II, New Delhi 110020, India", 7.5,
           align="center", color=GREY)
    p.text(w / 2, h - 130, "CERTIFICATE OF REGISTRATION", 20, bold=True, align="center")
    y = p.para(60, h - 165, f"This is to certify that the {system('en', s.standards[0])} of",
               w - 120, 10.5, center=True)
    y = p.para(60, y - 4, s.org, w - 120, 15, bold=True, center=True)
    y = p.lines(w / 2, y, s.address, 9.5, align="center")
    y = p.para(60, y - 8, "has been independently assessed and is registered as conforming to "
               "the requirements of", w - 120, 10, center=True)
    y = p.lines(w / 2, y - 4, s.standards, 16, bold=True, align="center") - 6
    p.text(60, y, "Scope of Registration:", 9.5, bold=True)
    y = p.para(190, y, s.scope, w - 250, 9.5) - 4
    if s.extra_sites:
        p.text(60, y, "Additional Site(s):", 9.5, bold=True)
        for _, lines in s.extra_sites:
            y = p.para(190, y, ", ".join(lines), w - 250, 8.5)
        y -= 4
    issued, until = (("Date of Issue", "Valid Until"), ("Current Issue Date", "Expiry Date"))[
        s.wording % 2]
    rows = [("Certificate Registration No.", s.number)]
    if s.initial:
        rows.append(("Date of Initial Registration", s.d(s.initial)))
    rows += [(issued, s.d(s.issue)),
             ("1st Surveillance Audit Due", s.d(s.issue + timedelta(days=335))),
             ("2nd Surveillance Audit Due", s.d(s.issue + timedelta(days=700))),
             ("Recertification Due", s.d(s.expiry - timedelta(days=90))),
             (until, s.d(s.expiry))]
    y = min(y - 10, 300)
    p.c.setStrokeColor(GREY)
    y = _rows(p, 70, 270, y, rows, 9.5, 17, rule=w - 70)
    p.c.setStrokeColor(MAROON)
    p.para(60, y - 2, "The validity of this certificate is subject to successful surveillance "
           "audits on or before the due dates shown above.", w - 120, 7.5)
    p.signature(70, 105, title="Head - Certification")
    p.text(70, 75, f"for and on behalf of {s.cb}", 8)
    if s.ab:
        p.mark(w - 170, 120, s.ab, *(("National Accreditation Board", "for Certification Bodies")
                                     if s.ab == "NABCB" else ("ACCREDITED",)), s.ab_number)
    p.text(w / 2, 48, "Verify this certificate at www.shreequal-cert.example/verify", 7,
           align="center", color=GREY)


def ema_vigencia(p: WPen) -> None:
    """A Mexican body (EMA), Spanish only: 'hace constar que', the holder's RFC, 'Alcance',
    the validity as 'Vigencia: del ... al ...' or an issue date and 'Vigencia: hasta el ...'."""
    s, w, h = _spec(p), p.w, p.h
    p.text(50, h - 65, s.brand, 22, bold=True, color=JADE)
    p.text(50, h - 80, s.cb, 9, color=GREY)
    p.c.setStrokeColor(JADE)
    p.c.setLineWidth(1)
    p.c.rect(w - 230, h - 84, 180, 34)
    p.text(w - 222, h - 64, "Certificado No.", 8, color=GREY)
    p.text(w - 222, h - 78, s.number, 10.5, bold=True)
    p.text(w / 2, h - 140, "CERTIFICADO", 28, bold=True, align="center", color=JADE)
    y = p.para(60, h - 175, f"{s.cb} hace constar que el {system('es', s.standards[0])} de",
               w - 120, 10.5, center=True)
    y = p.para(60, y - 6, s.org, w - 120, 16, bold=True, center=True)
    y = p.lines(w / 2, y, s.address, 9.5, align="center")
    p.text(w / 2, y, f"RFC: {s.register}", 8.5, align="center", color=GREY)
    y = p.para(60, y - 22, "ha sido evaluado y cumple con los requisitos de la norma", w - 120,
               10.5, center=True)
    y = p.lines(w / 2, y - 4, s.standards, 16, bold=True, align="center") - 8
    p.text(60, y, "Alcance:", 10, bold=True)
    y = p.para(120, y, s.scope, w - 180, 10) - 6
    if s.extra_sites:
        p.text(60, y, "Instalaciones:", 10, bold=True)
        for line in _sites(s):
            y = p.para(140, y, line, w - 200, 9)
        y -= 6
    y = min(y - 8, 280)
    if s.initial:
        p.text(60, y, f"Fecha de certificación inicial: {day(s.initial, s.date_style)}", 10)
        y -= 17
    if s.wording % 3 == 1:
        p.text(60, y, f"Fecha de emisión: {day(s.issue, s.date_style)}", 10)
        p.text(60, y - 17, f"Vigencia: hasta el {day(s.expiry, s.date_style)}", 10, bold=True)
    else:
        p.text(60, y, f"Vigencia: del {day(s.issue, s.date_style)} al "
               f"{day(s.expiry, s.date_style)}", 10, bold=True)
    place = ("Ciudad de México", "Guadalajara, Jalisco", "Monterrey, Nuevo León")[s.wording % 3]
    p.text(60, 190, f"{place}, a {day(s.issue, 'es_long')}", 9.5)
    p.signature(60, 150, title="Director General")
    if s.ab:
        p.mark(w - 170, 165, s.ab, "entidad mexicana de", "acreditación, a.c.", s.ab_number)
    p.para(60, 70, "La vigencia de este certificado está sujeta a la realización satisfactoria "
           "de las auditorías de vigilancia. Consulte su validez en www.certanahuac.example.",
           w - 120, 7.5)


def pca_pl(p: WPen) -> None:
    """A Polish body (PCA), Polish only: 'Certyfikat nr', the holder's NIP, 'Zakres
    certyfikacji', the sites, the dates under one of two sets of labels."""
    s, w, h = _spec(p), p.w, p.h
    p.c.setFillColor(NAVY)
    p.c.rect(0, h - 18, w, 18, fill=1, stroke=0)
    p.c.rect(0, 0, w, 12, fill=1, stroke=0)
    p.text(w - 55, h - 62, s.brand, 17, bold=True, align="right", color=NAVY)
    p.text(w - 55, h - 75, "ul. Józefińska 14, 30-529 Kraków", 7.5, align="right", color=GREY)
    p.text(55, h - 135, "CERTYFIKAT", 34, bold=True, color=NAVY)
    p.text(55, h - 158, f"Certyfikat nr {s.number}", 12)
    y = p.para(55, h - 195, f"Jednostka certyfikująca {s.cb} potwierdza, że", w - 110, 10.5)
    y = p.para(55, y - 6, s.org, w - 110, 16, bold=True)
    y = p.lines(55, y, [", ".join(s.address)], 9.5)
    p.text(55, y, f"NIP {s.register}", 8.5, color=GREY)
    y = p.para(55, y - 22, f"wdrożyła i stosuje {system('pl', s.standards[0])} zgodny z "
               "wymaganiami normy", w - 110, 10.5)
    y = p.lines(55, y - 4, s.standards, 16, bold=True) - 8
    p.text(55, y, "Zakres certyfikacji:", 10, bold=True)
    y = p.para(55, y - 15, s.scope, w - 110, 10) - 6
    if s.extra_sites:
        p.text(55, y, "Lokalizacje objęte certyfikacją:", 10, bold=True)
        y -= 15
        for n, line in enumerate(_sites(s), 1):
            p.text(60, y, f"{n}.", 9)
            y = p.para(75, y, line, w - 130, 9)
        y -= 6
    labels = (("Data pierwszej certyfikacji:", "Data wydania:", "Ważny do:"),
              ("Data certyfikacji pierwotnej:", "Data wydania certyfikatu:",
               "Certyfikat ważny do:"))
    first, issued, until = labels[s.wording % 2]
    rows = [(issued, day(s.issue, s.date_style)), (until, day(s.expiry, s.date_style))]
    if s.initial:
        rows.insert(0, (first, day(s.initial, s.date_style)))
    y = _rows(p, 55, 245, min(y - 10, 270), rows, 10, 16)
    p.para(55, y - 2, "Ważność certyfikatu jest uwarunkowana pozytywnymi wynikami auditów "
           "nadzoru.", w - 110, 8)
    p.text(55, 185, f"Kraków, dnia {day(s.issue, 'pl_long')}", 9.5)
    p.signature(55, 150, title="Prezes Zarządu")
    if s.ab:
        p.mark(w - 165, 165, s.ab, "Polskie Centrum", "Akredytacji", s.ab_number)
    p.para(55, 60, "Aktualny status certyfikatu można sprawdzić w rejestrze na stronie "
           "www.wawelcert.example/rejestr.", w - 110, 7.5)


def aims_landscape(p: WPen) -> None:
    """A US registrar's ISO/IEC 42001:2023 certificate (ANAB) on a landscape page: the holder's
    logo-like name block on the left, the certify-that sentence and a table of fields on the
    right, the dates month first ('Original Certification Date:', 'Issue Date:',
    'Expiration Date:')."""
    s, w, h = _spec(p), p.w, p.h
    panel = 270
    p.c.setFillColor(PALE)
    p.c.rect(0, 0, panel, h, fill=1, stroke=0)
    p.c.setFillColor(NAVY)
    p.c.rect(40, h - 170, 70, 70, fill=1, stroke=0)
    p.c.setFillColor(white)  # the letter-spaced pen draws in the canvas's colour
    p.text(75, h - 146, "".join(word[0] for word in s.brand.split()[:2]), 28, bold=True,
           align="center", color=white)
    p.c.setFillColor(NAVY)
    y = p.lines(40, h - 205, s.brand.upper().split(), 22, bold=True, leading=1.1)
    p.c.setFillColor(black)
    p.lines(40, y - 10, s.address, 9.5)
    p.text(40, 60, s.cb, 8, bold=True, color=NAVY)
    p.text(40, 49, "2300 N. Mayfair Road, Milwaukee, WI 53226", 7, color=GREY)
    x, width = panel + 40, w - panel - 80
    p.text(x, h - 70, "AI Management System Certificate", 24, bold=True, color=NAVY)
    y = p.para(x, h - 105, "This is to certify that the Artificial Intelligence Management "
               "System of", width, 10.5)
    y = p.para(x, y - 2, s.org, width, 14, bold=True)
    y = p.para(x, y - 4, "has been assessed and found to conform to the requirements of",
               width, 10.5)
    y = p.lines(x, y - 4, s.standards, 16, bold=True) - 6
    gutter = x + 170
    p.c.setStrokeColor(GREY)
    p.c.setLineWidth(0.5)
    p.c.line(x, y + 8, w - 40, y + 8)
    p.text(x, y - 6, "Certificate Number:", 9.5, color=GREY)
    p.text(gutter, y - 6, s.number, 10, bold=True)
    y -= 22
    p.text(x, y, "Scope:", 9.5, color=GREY)
    y = p.para(gutter, y, s.scope, w - 40 - gutter, 9.5) - 6
    if s.extra_sites:
        p.text(x, y, "Additional Location:", 9.5, color=GREY)
        y = p.lines(gutter, y, [", ".join(ls) for _, ls in s.extra_sites], 9.5) - 6
    rows = [("Original Certification Date:", s.d(s.initial))] if s.initial else []
    rows += [("Issue Date:", s.d(s.issue)), ("Expiration Date:", s.d(s.expiry))]
    for label, value in rows:
        p.text(x, y, label, 9.5, color=GREY)
        p.text(gutter, y, value, 10, bold=True)
        y -= 16
    p.c.line(x, y + 8, w - 40, y + 8)
    if s.wording == 1:
        p.text(x, y - 6, "Certification is maintained through annual surveillance audits.",
               8, color=GREY)
    p.signature(x, 75, title="President, " + s.cb)
    if s.ab:
        p.mark(w - 150, 95, s.ab, "ACCREDITED", "MANAGEMENT SYSTEMS", "CERTIFICATION BODY")


def _esyd_page(p: WPen, greek: bool) -> None:
    s, w, h = _spec(p), p.w, p.h
    p.c.setFillColor(AEGEAN)
    p.c.rect(0, h - 100, w, 100, fill=1, stroke=0)
    p.c.setFillColor(white)  # the letter-spaced pen draws in the canvas's colour
    p.text(50, h - 55, s.brand, 22, bold=True, color=white)
    p.text(50, h - 72, s.cb, 9, color=white)
    if greek:
        p.text(w - 50, h - 60, "ΜΕΤΑΦΡΑΣΗ / TRANSLATION", 9, bold=True, align="right",
               color=white)
    words = (("ΠΙΣΤΟΠΟΙΗΤΙΚΟ", "Αριθμός Πιστοποιητικού:", "Πιστοποιείται ότι το", "της",
              "ανταποκρίνεται στις απαιτήσεις του προτύπου", "Πεδίο εφαρμογής:",
              "Εγκαταστάσεις:", "Ημερομηνία αρχικής πιστοποίησης:", "Ημερομηνία έκδοσης:",
              "Ισχύει έως:") if greek else
             ("CERTIFICATE", "Certificate No.:", "This is to certify that the", "of",
              "meets the requirements of the standard", "Scope of certification:",
              "Locations:", "Initial registration:", "Current certificate issued:",
              "Certificate expires:"))
    style = s.local_style if greek else s.date_style
    p.text(w / 2, h - 150, words[0], 28, bold=True, align="center", color=AEGEAN)
    p.text(w / 2, h - 172, f"{words[1]} {s.number}", 11, align="center")
    y = p.para(60, h - 205, f"{words[2]} {system('el' if greek else 'en', s.standards[0])} "
               f"{words[3]}", w - 120, 10.5, center=True)
    y = p.para(60, y - 4, s.local_org if greek else s.org, w - 120, 16, bold=True, center=True)
    y = p.lines(w / 2, y, s.local_address if greek else s.address, 9.5, align="center")
    y = p.para(60, y - 8, words[4], w - 120, 10.5, center=True)
    y = p.lines(w / 2, y - 4, s.standards, 16, bold=True, align="center") - 6
    p.text(60, y, words[5], 10, bold=True)
    y = p.para(60, y - 15, s.local_scope if greek else s.scope, w - 120, 10) - 6
    if s.extra_sites:
        p.text(60, y, words[6], 10, bold=True)
        y -= 14
        for line in s.local_sites if greek else _sites(s):
            y = p.para(70, y, f"– {line}", w - 130, 9)
        y -= 4
    rows = [(words[7], day(s.initial, style))] if s.initial else []
    rows += [(words[8], day(s.issue, style)), (words[9], day(s.expiry, style))]
    y = _rows(p, 60, 290, min(y - 10, 250), rows, 10, 17)
    p.signature(60, 140, title="Γενικός Διευθυντής" if greek else "General Manager")
    if s.ab:
        p.mark(w - 165, 155, "ΕΣΥΔ" if greek else s.ab, "Εθνικό Σύστημα Διαπίστευσης"
               if greek else "Hellenic Accreditation System", s.ab_number)
    p.text(w / 2, 60, f"{s.cb} · Λεωφ. Συγγρού 150, 176 71 Καλλιθέα · www.pelagoscert.example"
           if greek else f"{s.cb} · 150 Syngrou Avenue, 176 71 Kallithea, Greece · "
           "www.pelagoscert.example", 7, align="center", color=GREY)
    if greek:
        p.text(w / 2, 48, "Σε περίπτωση διαφοράς υπερισχύει το αγγλικό κείμενο.", 7,
               align="center", color=GREY)


def esyd_translation(p: WPen) -> None:
    """A Greek body (ESYD): the certificate in English on page 1 and the same certificate in
    Greek on page 2, the holder's Greek name, address and scope on the translation."""
    _esyd_page(p, greek=False)
    p.c.showPage()
    _esyd_page(p, greek=True)
