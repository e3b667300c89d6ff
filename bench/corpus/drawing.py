"""Drawing helpers shared by the main certificate layouts: fonts, label sets, annexes."""

from __future__ import annotations

import random

from reportlab.lib.colors import Color, HexColor, black
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from bench.corpus.common import Spec, wrap

GREY = Color(0.35, 0.35, 0.35)
LABELS = {
    "number": [
        "Certificate No.",
        "Certificate Number",
        "Certificate No",
        "Registration No.",
        "Cert. No.",
    ],
    "org": ["Certificate Holder", "Organisation", "Organization", "Company", "Client"],
    "scope": ["Scope", "Scope of Certification", "Certified Scope", "Scope of registration"],
    "initial": [
        "Original Registration Date",
        "Initial certification",
        "First issued",
        "Date of initial certification",
    ],
    "issue": ["Issue Date", "Date of Issue", "Effective Date", "Issued on"],
    "expiry": ["Expiry Date", "Valid until", "Expiration Date", "Certificate expiry"],
    "surveillance": [
        "Next surveillance audit due",
        "Surveillance audit due",
        "Recertification audit due",
    ],
    "standard": ["Standard", "Audit Standard", "Certification Standard"],
}
DE = {
    "number": "Zertifikat-Nr.",
    "org": "Zertifikatsinhaber",
    "scope": "Geltungsbereich",
    "initial": "Erstzertifizierung",
    "issue": "Ausstellungsdatum",
    "expiry": "Gültig bis",
    "surveillance": "Nächstes Überwachungsaudit",
    "standard": "Norm",
}
TR = {
    "number": "Sertifika No",
    "org": "Kuruluş",
    "scope": "Kapsam",
    "initial": "İlk Belgelendirme Tarihi",
    "issue": "Yayın Tarihi",
    "expiry": "Geçerlilik Tarihi",
    "surveillance": "Gözetim Tarihi",
    "standard": "Standart",
}


class Pen:
    """A canvas with the spec's fonts and a few drawing helpers."""

    def __init__(self, c: Canvas, spec: Spec, rng: random.Random) -> None:
        self.c, self.s, self.rng = c, spec, rng
        self.width, self.height = c._pagesize

    def text(
        self,
        x: float,
        y: float,
        text: str,
        size: float = 10,
        *,
        bold: bool = False,
        center: bool = False,
        color: Color = black,
    ) -> None:
        self.c.setFillColor(color)
        self.c.setFont(self.s.bold if bold else self.s.font, size)
        if center:
            self.c.drawCentredString(x, y, text)
        else:
            self.c.drawString(x, y, text)
        self.c.setFillColor(black)

    def para(
        self,
        x: float,
        y: float,
        text: str,
        width: float,
        size: float = 10,
        *,
        center: bool = False,
        bold: bool = False,
        leading: float = 1.3,
    ) -> float:
        for line in wrap(text, self.s.bold if bold else self.s.font, size, width):
            self.text(x + (width / 2 if center else 0), y, line, size, bold=bold, center=center)
            y -= size * leading
        return y

    def decorate(self) -> None:
        c, rng = self.c, self.rng
        c.setStrokeColor(HexColor(rng.choice(["#1f4e79", "#7a1f1f", "#2e6b30", "#444444"])))
        c.setLineWidth(rng.choice([1, 2, 4]))
        if rng.random() < 0.7:
            c.rect(25, 25, self.width - 50, self.height - 50)
        c.setFillColor(HexColor("#c8d6e5"))
        c.circle(70, self.height - 80, 22, fill=1, stroke=0)
        c.setFillColor(black)
        c.setLineWidth(0.5)
        c.line(60, 150, 250, 150)

    def ab_mark(self, x: float, y: float) -> None:
        s = self.s
        if not s.ab:
            return
        self.c.setLineWidth(1)
        self.c.rect(x - 5, y - 42, 78, 58)
        self.text(x, y, s.ab, 11, bold=True)
        self.text(x, y - 12, "MANAGEMENT", 6)
        self.text(x, y - 20, "SYSTEMS", 6)
        self.text(x, y - 32, s.ab_number or "", 7)


def address_block(pen: Pen, x: float, y: float, size: float, center: bool = False) -> float:
    for line in pen.s.address:
        pen.text(x, y, line, size, center=center)
        y -= size * 1.3
    return y


def annex(pen: Pen, lang: str = "en") -> None:
    s, c, rng = pen.s, pen.c, pen.rng
    if not s.extra_sites:
        return
    c.showPage()
    heading = {
        "en": rng.choice(
            [
                f"Annex to certificate No. {s.number_printed}",
                "Appendix: certified sites",
                "Schedule of sites",
            ]
        ),
        "de": "Anlage zum Zertifikat / Annex to certificate",
        "tr": "Sertifika Eki / Annex",
    }[lang]
    pen.text(60, pen.height - 80, heading, 14, bold=True)
    pen.text(60, pen.height - 100, s.org, 10)
    y = pen.height - 140
    if rng.random() < 0.5:
        pen.text(60, y, "Site", 9, bold=True)
        pen.text(200, y, "Address", 9, bold=True)
        pen.text(440, y, "Activities", 9, bold=True)
        c.line(55, y - 5, pen.width - 55, y - 5)
        y -= 22
        for name, lines in [("Head office", s.address)] + s.extra_sites:
            pen.text(60, y, name, 9)
            first, rest = lines[0] + ",", ", ".join(lines[1:])
            pen.text(200, y, first, 9)
            pen.text(200, y - 12, rest, 9)
            pen.text(440, y, rng.choice(["All activities", "Development", "Hosting"]), 9)
            y -= 34
    else:
        for n, (name, lines) in enumerate([("Head office", s.address)] + s.extra_sites, 1):
            pen.text(60, y, f"Site {n}: {name}, {', '.join(lines)}", 9)
            y -= 18
    pen.text(60, 80, f"{s.cb}", 8, color=GREY)


def label_rows(pen: Pen, labels: dict[str, str]) -> list[tuple[str, str]]:
    s = pen.s
    rows = [(labels["number"], s.number_printed)]
    if s.initial:
        rows.append((labels["initial"], s.date(s.initial)))
    rows += [(labels["issue"], s.date(s.issue)), (labels["expiry"], s.date(s.expiry))]
    if pen.rng.random() < 0.6:
        rows.insert(pen.rng.randint(1, len(rows)), (labels["surveillance"], s.date(s.surveillance)))
    return rows


def pick(rng: random.Random) -> dict[str, str]:
    return {key: rng.choice(values) for key, values in LABELS.items()}


def standards_phrase(s: Spec) -> str:
    return (
        " and ".join(s.printed_standards)
        if len(s.printed_standards) < 3
        else (", ".join(s.printed_standards[:-1]) + " and " + s.printed_standards[-1])
    )


def scope_text(s: Spec) -> str:
    return s.scope + (f" {s.soa}" if s.soa else "")


def cid_text(c: Canvas, font: str, x: float, y: float, text: str, size: float, *,
             align: str = "left", color=black) -> None:
    """Draw Chinese, Japanese or Korean text in one of reportlab's CID fonts (registered on first
    use), then go back to black."""
    if font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    c.setFillColor(color)
    c.setFont(font, size)
    {"left": c.drawString, "center": c.drawCentredString, "right": c.drawRightString}[align](
        x, y, text)
    c.setFillColor(black)
