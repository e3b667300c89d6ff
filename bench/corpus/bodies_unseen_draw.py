"""How the unseen body layouts of bodies_unseen.py are drawn.

Organisations, certification bodies, people, numbers and addresses are made up; accreditation
bodies are real. The Japanese page prints every field in Japanese with its English under it;
the Swedish page prints every line in Swedish with an italic English translation under it; the
Swiss page labels every field in four languages; the Canadian page tells every field in two
justified columns of prose; the Vietnamese page prints Vietnamese with English beside or under.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from reportlab.lib.colors import Color, black
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

from bench.corpus.drawing import cid_text
from bench.corpus.wild import GREY, WildSpec, WPen, fmt_date

SV_MONTHS = ("januari februari mars april maj juni juli augusti september oktober november "
             "december").split()
ITALICS = {"DejaVuSans": ("DejaVuSans-Oblique", "dejavu/DejaVuSans-Oblique.ttf"),
           "DejaVuSerif": ("DejaVuSerif-Italic", "dejavu/DejaVuSerif-Italic.ttf"),
           "LiberationSans": ("LiberationSans-Italic", "liberation/LiberationSans-Italic.ttf"),
           "LiberationSerif": ("LiberationSerif-Italic",
                               "liberation/LiberationSerif-Italic.ttf"),
           "Helvetica": ("Helvetica-Oblique", ""), "Times-Roman": ("Times-Italic", "")}
FONT_ROOT = Path("/usr/share/fonts/truetype")
MINCHO, GOTHIC = "HeiseiMin-W3", "HeiseiKakuGo-W5"
INDIGO = Color(0.13, 0.18, 0.42)
PINE = Color(0.06, 0.33, 0.25)
SWISS_RED = Color(0.78, 0.09, 0.13)
MAPLE = Color(0.62, 0.10, 0.12)
VN_RED = Color(0.70, 0.07, 0.07)
GOLD = Color(0.72, 0.56, 0.18)
SYSTEMS = {
    "27001": "Information Security Management System",
    "9001": "Quality Management System",
    "14001": "Environmental Management System",
    "45001": "Occupational Health and Safety Management System",
}


@dataclass
class UnseenSpec(WildSpec):
    """A wild spec with what this family prints besides: the holder's name, address, scope and
    sites in the page's own language, the body's local name, a register or tax number, the
    other names a field may be read as, and which of a layout's wordings the page uses."""

    brand: str = ""
    local_cb: str = ""
    local_org: str = ""
    local_scope: str = ""
    local_address: list[str] = field(default_factory=list)
    local_sites: list[str] = field(default_factory=list)
    register: str = ""
    accept: dict[str, list] = field(default_factory=dict)
    wording: int = 0

    def truth(self) -> dict:
        """Return the expected values, with the other names the page prints for a field."""
        result = super().truth()
        if self.accept:
            result["accept"] = {name: list(values) for name, values in self.accept.items()}
        return result


def _spec(p: WPen) -> UnseenSpec:
    assert isinstance(p.s, UnseenSpec)
    return p.s


def system(standard: str) -> str:
    return next((name for code, name in SYSTEMS.items() if code in standard), SYSTEMS["9001"])


def _sites(s: WildSpec) -> list[str]:
    return [", ".join(lines) for lines in [s.address] + [ls for _, ls in s.extra_sites]]


# --- drawing helpers ------------------------------------------------------------------------


def cjk(p: WPen, x: float, y: float, text: str, size: float = 10, *, font: str = MINCHO,
        align: str = "left", color=black) -> None:
    """Draw Japanese text in a CID font (not through the pen: the variants draw Latin text)."""
    cid_text(p.c, font, x, y, text, size, align=align, color=color)


def cjk_lines(text: str, width: float, size: float, font: str = MINCHO) -> list[str]:
    """Break Japanese text by characters into lines that fit the width."""
    if font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    lines, line = [], ""
    for char in text:
        if line and pdfmetrics.stringWidth(line + char, font, size) > width:
            lines.append(line)
            line = ""
        line += char
    return lines + [line]


def italic_font(p: WPen) -> str:
    """Return (registering it) the italic of the certificate's regular font."""
    name, path = ITALICS.get(p.s.font, ("Helvetica-Oblique", ""))
    if path and name not in pdfmetrics.getRegisteredFontNames():
        try:
            pdfmetrics.registerFont(TTFont(name, str(FONT_ROOT / path)))
        except Exception:  # the font is missing on this machine
            return "Helvetica-Oblique"
    return name


def italic(p: WPen, x: float, y: float, text: str, size: float = 8.5, *, align: str = "left",
           color=GREY) -> None:
    """Draw a line in italic through the pen (so the variants apply to it too)."""
    regular = p.s.font
    p.s.font = italic_font(p)
    try:
        p.text(x, y, text, size, align=align, color=color)
    finally:
        p.s.font = regular


def italic_para(p: WPen, x: float, y: float, text: str, width: float, size: float = 8.5, *,
                center: bool = False, leading: float = 1.25) -> float:
    """Draw an italic paragraph; return the y under it."""
    for line in simpleSplit(text, italic_font(p), size, width):
        if center:
            italic(p, x + width / 2, y, line, size, align="center")
        else:
            italic(p, x, y, line, size)
        y -= size * leading
    return y


def seal(p: WPen, x: float, y: float, r: float, color: Color, words: str) -> None:
    """Draw a round stamp with a few words in it."""
    p.c.saveState()
    p.c.setStrokeColor(color)
    p.c.setLineWidth(1.6)
    p.c.circle(x, y, r)
    p.c.setLineWidth(0.6)
    p.c.circle(x, y, r - 5)
    p.c.restoreState()
    p.text(x, y - 3, words, 7, bold=True, align="center", color=color)


# --- jab_grid -------------------------------------------------------------------------------


def jp_day(value: date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def jab_grid(p: WPen) -> None:
    """A Japanese registrar (JAB), ISO/IEC 27001: a ruled grid, every label in Japanese with its
    English under it, every value in Japanese with the English under it (dates '2025年4月1日'
    over '1 April 2025'), the national adoption JIS Q 27001 beside the ISO standard, a
    Statement of Applicability row with its own date and the next surveillance month."""
    s, w, h = _spec(p), p.w, p.h
    p.c.setStrokeColor(INDIGO)
    p.c.setLineWidth(2.2)
    p.c.rect(26, 26, w - 52, h - 52)
    cjk(p, w / 2, h - 62, s.local_cb, 13, font=GOTHIC, align="center", color=INDIGO)
    p.text(w / 2, h - 77, s.cb, 9.5, bold=True, align="center", color=INDIGO)
    cjk(p, w / 2, h - 122, "登 録 証", 28, font=GOTHIC, align="center")
    p.c.setFillColor(black)
    p.text(w / 2, h - 146, "CERTIFICATE OF REGISTRATION", 18, bold=True, align="center")
    cjk(p, 60, h - 176, "下記組織の情報セキュリティマネジメントシステムは、下記規格の要求事項に"
        "適合していることを証明します。", 9)
    y = p.para(60, h - 189, "This is to certify that the information security management "
               "system of the organization below conforms to the requirements of the following "
               "standard.", w - 120, 8.5)
    left, mid, right = 50, 178, w - 50
    vw = right - mid - 12
    std = s.standards[0]
    rows: list[tuple[str, str, list[tuple[str, str, float, bool]]]] = [
        ("登録番号", "Registration No.", [("l", s.number, 11, True)]),
        ("組織名", "Organization", [("j", s.local_org, 12, False), ("l", s.org, 11, True)]),
        ("所在地", "Address", [("j", s.local_address[0], 9, False),
                              ("l", ", ".join(s.address), 8.5, False)]),
        ("適用規格", "Standard", [("l", f"JIS Q 27001:2023 ({std})", 11.5, True)]),
        ("登録範囲", "Scope of Registration", [("j", s.local_scope, 9, False),
                                             ("l", s.scope, 8.5, False)]),
    ]
    if s.extra_sites:
        values = []
        for local, english in zip(s.local_sites, _sites(s), strict=True):
            values += [("j", local, 8.5, False), ("l", english, 8, False)]
        rows.append(("登録事業所", "Registered Sites", values))
    soa_date = s.issue - timedelta(days=41)
    rows.append(("適用宣言書", "Statement of Applicability",
                 [("j", f"第{2 + s.wording}版 {jp_day(soa_date)}", 9, False),
                  ("l", f"Version {2 + s.wording}, {fmt_date(soa_date, s.date_style)}", 8.5,
                   False)]))
    dated = [("初回登録日", "Initial Registration Date", s.initial)] if s.initial else []
    dated += [("登録更新日", "Date of Issue", s.issue), ("有効期限", "Expiry Date", s.expiry)]
    for jp, en, when in dated:
        rows.append((jp, en, [("j", jp_day(when), 10.5, False),
                              ("l", fmt_date(when, s.date_style), 9.5, True)]))
    y -= 8
    top = y
    p.c.setStrokeColor(INDIGO)
    p.c.setLineWidth(0.6)
    p.c.line(left, y, right, y)
    for jp, en, values in rows:
        cjk(p, left + 6, y - 13, jp, 9.5, font=GOTHIC)
        p.text(left + 6, y - 24, en, 7, color=GREY)
        vy = y - 13
        for kind, text, size, bold in values:
            if kind == "j":
                for line in cjk_lines(text, vw, size):
                    cjk(p, mid + 8, vy, line, size)
                    vy -= size * 1.4
            else:
                font = p.s.bold if bold else p.s.font
                for line in simpleSplit(text, font, size, vw):
                    p.text(mid + 8, vy, line, size, bold=bold)
                    vy -= size * 1.3
            vy -= 1
        y = min(y - 32, vy + 2)
        p.c.setStrokeColor(INDIGO)
        p.c.line(left, y, right, y)
    for x in (left, mid, right):
        p.c.line(x, top, x, y)
    next_audit = s.issue + timedelta(days=330)
    cjk(p, left, y - 16, f"本登録は定期審査により維持されます（次回定期審査：{next_audit.year}年"
        f"{next_audit.month}月予定）。", 8)
    p.text(left, y - 27, f"This registration is maintained through periodic surveillance audits "
           f"(next audit planned for {next_audit.strftime('%B %Y')}).", 7.5, color=GREY)
    cjk(p, w - 220, 150, "代表取締役社長", 8.5)
    p.signature(w - 220, 112, title="President")
    seal(p, w - 80, 132, 26, Color(0.75, 0.1, 0.1), "印")
    if s.ab:
        p.mark(60, 140, s.ab, "MS Accreditation", "ISMS", s.ab_number)
    cjk(p, w / 2, 58, "〒105-0012 東京都港区芝大門四丁目11番3号 大門トラストビル6階", 7.5,
        align="center", color=GREY)
    p.text(w / 2, 46, "Daimon Trust Bldg. 6F, 4-11-3 Shiba-Daimon, Minato-ku, Tokyo 105-0012, "
           "Japan", 7, align="center", color=GREY)


# --- swedac_italic --------------------------------------------------------------------------


def sv_day(value: date, style: str) -> str:
    if style == "sv_long":
        return f"{value.day} {SV_MONTHS[value.month - 1]} {value.year}"
    return fmt_date(value, style)


def swedac_italic(p: WPen) -> None:
    """A Swedish body (SWEDAC), ISO 14001: every line in Swedish with its English translation
    in smaller italic type under it, the holder's organisation number, the dates as
    '2025-04-01' or '1 april 2025' under labels in both languages, the next surveillance audit
    as a decoy date, and 'ISO/IEC 17021-1' in the accreditation mark."""
    s, w, h = _spec(p), p.w, p.h
    p.c.setFillColor(PINE)
    p.c.rect(0, h - 14, w, 14, fill=1, stroke=0)
    p.c.setFillColor(black)
    p.text(55, h - 55, s.brand, 16, bold=True, color=PINE)
    p.text(55, h - 68, "Sveavägen 131, 113 46 Stockholm · www.nordljus-cert.example", 7.5,
           color=GREY)
    p.c.setFillColor(PINE)
    p.text(w / 2, h - 125, "CERTIFIKAT", 30, bold=True, align="center", color=PINE)
    p.c.setFillColor(black)
    italic(p, w / 2, h - 142, "Certificate", 12, align="center")
    p.text(w / 2, h - 166, f"Certifikat nr {s.number}", 11, align="center")
    italic(p, w / 2, h - 178, "Certificate No.", 8.5, align="center")
    y = p.para(60, h - 208, f"{s.cb} intygar härmed att miljöledningssystemet hos", w - 120,
               10.5, center=True)
    y = italic_para(p, 60, y + 2, f"{s.cb} hereby certifies that the environmental management "
                    "system of", w - 120, 8.5, center=True)
    y = p.para(60, y - 8, s.org, w - 120, 17, bold=True, center=True)
    y = p.lines(w / 2, y, [", ".join(s.address)], 9.5, align="center")
    p.text(w / 2, y, f"Org.nr {s.register}", 8, align="center", color=GREY)
    y = p.para(60, y - 22, "uppfyller kraven i standarden", w - 120, 10.5, center=True)
    y = italic_para(p, 60, y + 2, "meets the requirements of the standard", w - 120, 8.5,
                    center=True)
    y = p.lines(w / 2, y - 8, s.standards, 18, bold=True, align="center") - 4
    p.text(60, y, "Certifieringen omfattar:", 10, bold=True)
    italic(p, 60, y - 11, "The certification covers:")
    y = p.para(200, y, s.local_scope, w - 260, 10)
    y = italic_para(p, 200, y + 2, s.scope, w - 260, 8.5) - 8
    if s.extra_sites:
        p.text(60, y, "Omfattade anläggningar:", 10, bold=True)
        italic(p, 60, y - 11, "Sites covered:")
        for line in _sites(s):
            y = p.para(200, y, line, w - 260, 9)
        y -= 14
    rows = [("Första certifiering", "Initial certification", s.initial)] if s.initial else []
    rows += [("Giltigt från", "Valid from", s.issue),
             ("Giltigt till och med", "Valid until", s.expiry)]
    y = min(y - 6, 300)
    p.c.setStrokeColor(PINE)
    p.c.setLineWidth(0.5)
    p.c.line(60, y + 14, w - 60, y + 14)
    for sv, en, when in rows:
        p.text(60, y, sv, 10)
        italic(p, 60, y - 10, en)
        p.text(250, y - 4, sv_day(when, s.date_style), 11, bold=True)
        y -= 27
    p.c.line(60, y + 12, w - 60, y + 12)
    due = s.issue + timedelta(days=350)
    p.text(60, y - 4, f"Nästa uppföljande revision senast {sv_day(due, s.date_style)}. "
           "Certifikatets giltighet förutsätter godkända uppföljande revisioner.", 7.5)
    italic(p, 60, y - 14, f"Next surveillance audit no later than "
           f"{fmt_date(due, 'long' if s.date_style == 'sv_long' else s.date_style)}. The "
           "validity of the certificate depends on passed surveillance audits.", 7)
    p.text(60, 178, f"Stockholm {sv_day(s.issue, s.date_style)}", 9.5)
    p.signature(60, 140, title="Verkställande direktör")
    italic(p, 60, 110, "Managing Director", 7.5)
    if s.ab:
        p.mark(w - 170, 160, s.ab, "ACKREDITERING", f"Ackred. nr {s.ab_number}",
               "ISO/IEC 17021-1")
    p.text(w / 2, 50, f"{s.cb} · Org.nr 559087-2213 · Certifikatet är utfärdat enligt "
           "ackrediteringsvillkoren.", 6.5, align="center", color=GREY)
    italic(p, w / 2, 41, "The certificate is issued under the conditions of the accreditation.",
           6.5, align="center")


# --- sas_quadrilingual ----------------------------------------------------------------------


QUAD = {
    "company": ("Unternehmen", "Entreprise", "Azienda", "Company"),
    "scope": ("Geltungsbereich", "Domaine d'application", "Campo d'applicazione",
              "Field of application"),
    "basis": ("Normative Grundlage", "Base normative", "Base normativa", "Normative basis"),
    "sites": ("Standorte", "Sites", "Siti", "Locations"),
    "number": ("Zertifikat-Nr.", "N° de certificat", "N. certificato", "Certificate No."),
    "initial": ("Erstzertifizierung", "Certification initiale", "Prima certificazione",
                "Initial certification"),
    "validity": ("Gültigkeit", "Validité", "Validità", "Validity"),
    "issue": ("Ausgabe", "Édition", "Edizione", "Issue"),
    "ea": ("EA-Code", "Code EA", "Codice EA", "EA code"),
}
STATEMENTS = (
    "{cb} bescheinigt, dass das nachstehend genannte Unternehmen über ein Managementsystem "
    "verfügt, das den Anforderungen der aufgeführten normativen Grundlage entspricht.",
    "{cb} atteste que l'entreprise mentionnée ci-dessous dispose d'un système de management "
    "conforme aux exigences de la base normative indiquée.",
    "{cb} attesta che l'azienda sotto indicata dispone di un sistema di gestione conforme ai "
    "requisiti della base normativa menzionata.",
    "{cb} certifies that the company named below has a management system which meets the "
    "requirements of the normative basis mentioned.",
)


def sas_quadrilingual(p: WPen) -> None:
    """A Swiss body (SAS): 'ZERTIFIKAT' with 'CERTIFICAT · CERTIFICATO · CERTIFICATE' under it,
    the certifying sentence in German, French, Italian and English, every label stacked in the
    four languages in small grey type beside its value, the holder's UID under its address, the
    scope in the holder's language then English, validity as one range, an EA code."""
    s, w, h = _spec(p), p.w, p.h
    p.c.setFillColor(SWISS_RED)
    p.c.rect(50, h - 78, 26, 26, fill=1, stroke=0)
    p.c.setFillColorRGB(1, 1, 1)
    p.c.rect(60, h - 74, 6, 18, fill=1, stroke=0)
    p.c.rect(54, h - 68, 18, 6, fill=1, stroke=0)
    p.c.setFillColor(black)
    p.text(86, h - 64, s.brand, 15, bold=True)
    p.text(86, h - 76, "Schweizerische Vereinigung für Zertifizierung", 7.5, color=GREY)
    p.text(w - 50, h - 64, "Bernstrasse 21", 7.5, align="right", color=GREY)
    p.text(w - 50, h - 74, "CH-3052 Zollikofen", 7.5, align="right", color=GREY)
    p.text(w / 2, h - 130, "ZERTIFIKAT", 30, bold=True, align="center")
    p.text(w / 2, h - 150, "CERTIFICAT  ·  CERTIFICATO  ·  CERTIFICATE", 10.5, align="center",
           color=GREY)
    y = h - 178
    for n, statement in enumerate(STATEMENTS):
        y = p.para(70, y, statement.format(cb=s.brand), w - 140, 7.8, center=True,
                   leading=1.22) - (3 if n < 3 else 0)
    y -= 18
    value_x, value_w = 205, w - 255

    def label(y: float, key: str) -> float:
        for n, word in enumerate(QUAD[key]):
            p.text(55, y - n * 8, word, 6.5, bold=n == 0, color=GREY)
        return y - 4 * 8

    def row(y: float, key: str, draw) -> float:
        bottom = min(label(y, key), draw(y))
        p.c.setStrokeColor(Color(0.8, 0.8, 0.8))
        p.c.setLineWidth(0.4)
        p.c.line(55, bottom - 2, w - 50, bottom - 2)
        return bottom - 13

    def company(y: float) -> float:
        y = p.para(value_x, y - 4, s.org, value_w, 15, bold=True)
        y = p.lines(value_x, y, s.address, 9.5)
        p.text(value_x, y, f"UID {s.register}", 8, color=GREY)
        return y - 6

    def scope(y: float) -> float:
        y = p.para(value_x, y - 2, s.local_scope, value_w, 9.5)
        return p.para(value_x, y - 2, s.scope, value_w, 9.5)

    y = row(y, "company", company)
    y = row(y, "scope", scope)
    if s.extra_sites:
        y = row(y, "sites", lambda y: p.lines(value_x, y - 2, _sites(s), 9))
    y = row(y, "basis", lambda y: p.para(value_x, y - 6, ", ".join(s.standards), value_w - 70,
                                         13, bold=True))
    cells = [("number", s.number), ("validity", f"{s.d(s.issue)} – {s.d(s.expiry)}")]
    cells.append(("issue", s.d(s.issue)))
    if s.initial:
        cells.append(("initial", s.d(s.initial)))
    cells.append(("ea", str(s.wording * 11 % 38 + 3)))
    y = min(y - 14, 420)
    for k, (key, value) in enumerate(cells):
        col, line = k % 2, k // 2
        x, cy = 55 + col * (w - 105) / 2, y - line * 46
        for n, word in enumerate(QUAD[key]):
            p.text(x, cy - n * 7.5, word, 6.3, bold=n == 0, color=GREY)
        p.text(x + 95, cy - 12, value, 10.5, bold=True)
    p.text(55, 150, f"Zollikofen, {s.d(s.issue)}", 9)
    p.signature(55, 115, title="Geschäftsführer / Directeur")
    p.text(w / 2 + 10, 150, s.cb, 8.5, bold=True)
    if s.ab:
        p.mark(w - 150, 140, s.ab, "Swiss Accreditation", "Service", s.ab_number)
    p.text(w / 2, 52, "Dieses Zertifikat bleibt gültig, solange die jährlichen "
           "Überwachungsaudits erfolgreich sind. · Ce certificat reste valable sous réserve "
           "d'audits de surveillance annuels.", 6, align="center", color=GREY)


# --- prose_columns --------------------------------------------------------------------------


Piece = tuple[str, bool]  # a piece of a word and whether it is bold


def words(runs: list[tuple[str, bool, bool]]) -> list[list[Piece]]:
    """Cut runs (text, bold, keep) into words; a kept run is one word; a run that does not
    start with a space is glued to the word before it."""
    out: list[list[Piece]] = []
    for text, bold, keep in runs:
        parts = [text.strip()] if keep else text.split()
        if not parts or not parts[0]:
            continue
        glue = out and not keep and not text[:1].isspace()
        if glue:
            out[-1].append((parts[0], bold))
            parts = parts[1:]
        out += [[(part, bold)] for part in parts]
    return out


def justified(p: WPen, x: float, y: float, runs: list[tuple[str, bool, bool]], width: float,
              size: float = 9.5, leading: float = 1.42) -> float:
    """Draw a paragraph justified to the width, word by word; return the y under it."""

    def wide(word: list[Piece]) -> float:
        return sum(p.c.stringWidth(text, p.s.bold if bold else p.s.font, size)
                   for text, bold in word)

    space = p.c.stringWidth(" ", p.s.font, size)
    items = words(runs)
    lines: list[list[list[Piece]]] = [[]]
    used = 0.0
    for word in items:
        need = wide(word) + (space if lines[-1] else 0)
        if lines[-1] and used + need > width:
            lines.append([])
            used, need = 0.0, wide(word)
        lines[-1].append(word)
        used += need
    for n, line in enumerate(lines):
        total = sum(wide(word) for word in line)
        last = n == len(lines) - 1
        gap = space if last or len(line) < 2 else (width - total) / (len(line) - 1)
        cx = x
        for word in line:
            for text, bold in word:
                p.text(cx, y, text, size, bold=bold)
                cx += p.c.stringWidth(text, p.s.bold if bold else p.s.font, size)
            cx += gap
        y -= size * leading
    return y


def prose_columns(p: WPen) -> None:
    """A Canadian registrar (SCC): the certificate told in two justified columns of prose side
    by side; the holder, the standard and the number in bold within sentences, the dates only
    in sentences (first registered, issued, valid until), the accreditation number and the
    next surveillance audit told in sentences too."""
    s, w, h = _spec(p), p.w, p.h
    p.c.setFillColor(MAPLE)
    p.c.rect(0, h - 90, w, 90, fill=1, stroke=0)
    p.c.setFillColorRGB(1, 1, 1)
    p.text(50, h - 48, s.brand, 20, bold=True, color=Color(1, 1, 1))
    p.text(50, h - 64, "Management Systems Registration · Enregistrement de systèmes de "
           "management", 8.5, color=Color(1, 1, 1))
    p.c.setFillColor(black)
    p.text(w / 2, h - 135, "CERTIFICATE OF REGISTRATION", 20, bold=True, align="center")
    p.c.setStrokeColor(MAPLE)
    p.c.setLineWidth(1.2)
    p.c.line(w / 2 - 120, h - 147, w / 2 + 120, h - 147)
    gap, margin = 26, 54
    col = (w - 2 * margin - gap) / 2
    std = s.std_text
    address = ", ".join(s.address)
    first = [
        (f"{s.cb}, a management system certification body accredited by the Standards "
         f"Council of Canada (SCC) under accreditation number {s.ab_number}, hereby certifies "
         "that", False, False),
        (s.org, True, True), (",", False, False),
        (f" whose principal place of business is located at {address}, has established, "
         f"documented and maintains a {system(s.standards[0]).lower()} that has been audited "
         "and found to conform to the requirements of", False, False),
        (std, True, True), (".", False, False),
    ]
    scope = [(" The registration applies to the following scope of activities:", False, False),
             (f" {s.scope}", False, False),
             (" The audit found the management system to be effectively implemented, with no "
              "open major nonconformity at the time of the registration decision.", False,
              False)]
    if s.extra_sites:
        extra = "; ".join(", ".join(lines) for _, lines in s.extra_sites)
        scope.append((f" These activities are also carried out at the organization's "
                      f"registered site at {extra}.", False, False))
    due = s.issue + timedelta(days=335)
    if s.wording == 0:
        dates = [(" This registration is identified by certificate number", False, False),
                 (s.number, True, True), (".", False, False)]
        if s.initial:
            dates.append((f" The organization was first registered on {s.d(s.initial)}.",
                          False, False))
        dates.append((f" This certificate was issued on {s.d(s.issue)} and remains valid "
                      f"until {s.d(s.expiry)}, provided that the organization continues to "
                      "meet the conditions of registration.", False, False))
    elif s.wording == 1:
        dates = [(" Certificate number", False, False), (s.number, True, True),
                 (f" was issued on {s.d(s.issue)} following a successful "
                  "recertification audit", False, False)]
        if s.initial:
            dates.append((f", the organization having held continuous registration since "
                          f"{s.d(s.initial)}", False, False))
        dates.append((f". It expires on {s.d(s.expiry)}.", False, False))
    else:
        dates = [(f" Issued on {s.d(s.issue)} and valid through {s.d(s.expiry)}, this "
                  "certificate bears number", False, False), (s.number, True, True),
                 (".", False, False)]
        if s.initial:
            dates.append((f" Initial registration was granted on {s.d(s.initial)}.", False,
                          False))
    dates.append((f" Continued registration is subject to surveillance audits; the next "
                  f"surveillance audit is due on or before {s.d(due)}.", False, False))
    tail = [(" The status of this registration may be verified at "
             "www.laurentian-registrar.example/verify or by contacting the registrar. This "
             "certificate remains the property of the registrar and shall be returned upon "
             "request.", False, False)]
    top = h - 185
    y = justified(p, margin, top, first + scope, col, 11)
    right = margin + col + gap
    y2 = justified(p, right, top, dates + tail, col, 11)
    p.c.setStrokeColor(GREY)
    p.c.setLineWidth(0.4)
    p.c.line(w / 2, top + 10, w / 2, min(y, y2) + 6)
    p.text(margin, 165, f"Signed at Ottawa, Ontario, on behalf of {s.cb}", 8.5)
    p.signature(margin, 125, title="Vice-President, Registration Services")
    if s.ab:
        p.mark(w - 160, 140, s.ab, "ACCREDITED", "Management Systems", "Certification Body",
               s.ab_number)
    p.text(w / 2, 48, f"{s.cb} · 340 Albert Street, Suite 1100, Ottawa, ON K1R 7Y6 · Canada",
           7, align="center", color=GREY)


# --- boa_vietnam ----------------------------------------------------------------------------


VN_SYSTEMS = {"45001": "hệ thống quản lý an toàn và sức khỏe nghề nghiệp",
              "9001": "hệ thống quản lý chất lượng",
              "14001": "hệ thống quản lý môi trường"}


def vn_day(value: date) -> str:
    """Return a date as Vietnamese documents write it ('ngày 01 tháng 4 năm 2025')."""
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"


def boa_vietnam(p: WPen) -> None:
    """A Vietnamese body (BoA, VICAS): 'GIẤY CHỨNG NHẬN' over 'CERTIFICATE', 'Số / No.' under
    the title, the holder's Vietnamese name in capitals with its English name under it and an
    enterprise (tax) code, 'TCVN ISO 45001:2018 / ISO 45001:2018', the scope in Vietnamese then
    English, the dates under 'Vietnamese / English' labels (dd/mm/yyyy, or 'ngày 01 tháng 4 năm
    2025 (1 April 2025)'), 'Hà Nội, ngày ... tháng ... năm ...' over the signature, a first
    surveillance deadline."""
    s, w, h = _spec(p), p.w, p.h
    p.c.setStrokeColor(GOLD)
    p.c.setLineWidth(3)
    p.c.rect(24, 24, w - 48, h - 48)
    p.c.setStrokeColor(VN_RED)
    p.c.setLineWidth(0.8)
    p.c.rect(31, 31, w - 62, h - 62)
    p.text(w / 2, h - 62, s.local_cb.upper(), 12, bold=True, align="center", color=VN_RED)
    p.text(w / 2, h - 75, s.cb.upper(), 9, bold=True, align="center", color=GREY)
    p.text(w / 2, h - 86, "Tầng 9, Tòa nhà Sông Đà, 18 Phạm Hùng, Nam Từ Liêm, Hà Nội", 7,
           align="center", color=GREY)
    p.c.setFillColor(VN_RED)
    p.text(w / 2, h - 128, "GIẤY CHỨNG NHẬN", 26, bold=True, align="center", color=VN_RED)
    p.c.setFillColor(black)
    p.text(w / 2, h - 148, "CERTIFICATE", 14, bold=True, align="center")
    p.text(w / 2, h - 168, f"Số / No.: {s.number}", 10.5, align="center")
    code = next(c for c in VN_SYSTEMS if c in s.standards[0])
    y = p.para(60, h - 198, f"Chứng nhận {VN_SYSTEMS[code]} của", w - 120, 10.5, center=True)
    y = italic_para(p, 60, y + 2, f"This is to certify that the {system(code)} of", w - 120,
                    8.5, center=True)
    y = p.para(60, y - 6, s.local_org, w - 120, 14, bold=True, center=True)
    y = p.para(60, y, s.org, w - 120, 10.5, bold=True, center=True)
    p.text(w / 2, y - 1, f"Mã số doanh nghiệp / Enterprise code: {s.register}", 8,
           align="center", color=GREY)
    y -= 20
    p.text(60, y, "Địa chỉ / Address:", 9, bold=True)
    y = p.para(160, y, s.local_address[0], w - 220, 9)
    y = italic_para(p, 160, y + 1, ", ".join(s.address), w - 220, 8.5) - 6
    y = p.para(60, y, "đã được đánh giá và phù hợp với các yêu cầu của tiêu chuẩn", w - 120, 10,
               center=True)
    y = italic_para(p, 60, y + 2, "has been assessed and found to conform to the requirements "
                    "of the standard", w - 120, 8.5, center=True)
    y = p.lines(w / 2, y - 8, [f"TCVN {std} / {std}" for std in s.standards], 15, bold=True,
                align="center") - 4
    p.text(60, y, "Lĩnh vực chứng nhận / Scope of certification:", 9, bold=True)
    y = p.para(60, y - 14, s.local_scope, w - 120, 9.5)
    y = italic_para(p, 60, y + 1, s.scope, w - 120, 9) - 6
    if s.extra_sites:
        p.text(60, y, "Địa điểm được chứng nhận / Certified sites:", 9, bold=True)
        y -= 13
        for n, (local, english) in enumerate(zip(s.local_sites, _sites(s), strict=True), 1):
            p.text(64, y, f"{n}.", 8.5)
            y = p.para(78, y, local, w - 140, 8.5)
            y = italic_para(p, 78, y + 1, english, w - 140, 8) - 2
        y -= 4

    def when(value: date) -> str:
        if s.wording == 1:
            return f"{vn_day(value)} ({fmt_date(value, 'long')})"
        return s.d(value)

    rows = ([("Ngày chứng nhận lần đầu / Initial certification date:", s.initial)]
            if s.initial else [])
    rows += [("Ngày cấp / Date of issue:", s.issue), ("Có hiệu lực đến / Valid until:", s.expiry)]
    y = min(y - 14, 340)
    for label, value in rows:
        p.text(60, y, label, 9)
        p.text(w - 60 if s.wording == 1 else 330, y, when(value), 9.5, bold=True,
               align="right" if s.wording == 1 else "left")
        y -= 15
    due = s.issue + timedelta(days=365)
    p.para(60, y - 2, f"Giấy chứng nhận này có giá trị khi tổ chức duy trì đánh giá giám sát "
           f"định kỳ; đánh giá giám sát lần 1 trước ngày {due.strftime('%d/%m/%Y')}. / This "
           "certificate remains valid subject to periodic surveillance audits; first "
           f"surveillance before {fmt_date(due, 'long')}.", w - 120, 7)
    p.text(w - 60, 168, f"Hà Nội, {vn_day(s.issue)}", 9.5, align="right")
    p.text(w - 130, 154, "GIÁM ĐỐC / DIRECTOR", 8.5, bold=True, align="center")
    seal(p, w - 150, 118, 28, VN_RED, "SÔNG HỒNG")
    p.signature(w - 205, 92)
    if s.ab:
        p.mark(60, 150, s.ab, "Văn phòng Công nhận Chất lượng", "Bureau of Accreditation",
               s.ab_number)
    p.text(w / 2, 44, f"{s.cb} · Tra cứu hiệu lực / Verify: www.songhongcert.example · "
           "ĐT: 024 3555 0188", 7, align="center", color=GREY)
