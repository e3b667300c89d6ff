"""How the caption and bilingual body layouts (bodies_captions.py) are drawn.

Chinese and Korean text is drawn in reportlab's built-in CID fonts (STSong-Light,
HYSMyeongJo-Medium), as certificates printed from office software often are; Latin text goes
through the pen, so the variants (ligatures, pictures, letter-spacing) still apply to it.
Organisations and certification bodies are made up; accreditation bodies are real.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from reportlab.lib.colors import Color, black, white
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics

from bench.corpus.drawing import cid_text
from bench.corpus.wild import GREY, WildSpec, WPen

CJK_FONTS = {"cn": "STSong-Light", "kr": "HYSMyeongJo-Medium"}
SYSTEM = {"27001": "Information Security Management System", "42001":
          "Artificial Intelligence Management System", "9001": "Quality Management System",
          "14001": "Environmental Management System"}
MONTHS = ("January February March April May June July August September October November "
          "December").split()
TEAL = Color(0.0, 0.36, 0.42)


@dataclass
class HeldSpec(WildSpec):
    """A wild spec with what this family prints besides: names in the local script, the
    national adoption of a standard, a credit code, a brand, the AI systems in scope."""

    org_local: str = ""
    cb_local: str = ""
    address_local: str = ""
    scope_local: str = ""
    credit_code: str = ""
    brand: str = ""
    ai_systems: str = ""
    national: dict[str, str] = field(default_factory=dict)


def system(standard: str) -> str:
    """Return the management system a standard specifies."""
    return next((name for code, name in SYSTEM.items() if code in standard),
                "Management System")


def day(s: WildSpec, value: date) -> str:
    """Return a date in the spec's style, with this family's Chinese and Korean styles."""
    if s.date_style == "cn":  # 2025年07月01日
        return f"{value.year}年{value.month:02d}月{value.day:02d}日"
    if s.date_style == "cn_short":  # 2025年7月1日
        return f"{value.year}年{value.month}月{value.day}日"
    if s.date_style == "kr":  # 2025. 07. 01.
        return f"{value.year}. {value.month:02d}. {value.day:02d}."
    if s.date_style == "plain_long":  # 1 July 2025
        return f"{value.day} {MONTHS[value.month - 1]} {value.year}"
    return s.d(value)


def _spec(p: WPen) -> HeldSpec:
    assert isinstance(p.s, HeldSpec)
    return p.s


def cjk(p: WPen, x: float, y: float, text: str, size: float = 10, *, align: str = "left",
        color=black) -> None:
    """Draw Chinese or Korean text in the region's CID font (not through the pen)."""
    cid_text(p.c, CJK_FONTS[p.s.region], x, y, text, size, align=align, color=color)


def cjk_para(p: WPen, x: float, y: float, text: str, width: float, size: float = 10) -> float:
    """Draw CJK text wrapped to a width (Chinese by characters, Korean at spaces)."""
    font = CJK_FONTS[p.s.region]
    cjk(p, x, y, "", size)  # registers the font
    if p.s.region == "kr":
        lines = simpleSplit(text, font, size, width)
    else:
        lines, line = [], ""
        for char in text:
            if pdfmetrics.stringWidth(line + char, font, size) > width:
                lines.append(line)
                line = ""
            line += char
        lines.append(line)
    for line in lines:
        cjk(p, x, y, line, size)
        y -= size * 1.45
    return y


def cnas_bilingual(p: WPen) -> None:
    """China: every label in Chinese with its English under it, the holder's Chinese and English
    names, the national standard with the ISO one, dates as 2025年07月01日."""
    s, w, h = _spec(p), p.w, p.h
    cjk(p, w / 2, h - 52, s.cb_local, 13, align="center")
    p.text(w / 2, h - 67, s.cb, 9.5, bold=True, align="center")
    cjk(p, w / 2, h - 112, "管理体系认证证书", 24, align="center")
    p.text(w / 2, h - 134, "MANAGEMENT SYSTEM CERTIFICATE", 18, bold=True, align="center")
    cjk(p, w - 200, h - 162, "证书编号", 9.5)
    p.text(w - 200, h - 174, "Certificate No.", 8, color=GREY)
    p.text(w - 60, h - 168, s.number, 10.5, bold=True, align="right")
    left, value = 60, 205

    def label(y: float, chinese: str, english: str) -> None:
        cjk(p, left, y, chinese, 10)
        p.text(left, y - 11, english, 7.5, color=GREY)

    y = h - 205
    label(y, "组织名称", "Name of Organization")
    cjk(p, value, y, s.org_local, 12)
    y = p.para(value, y - 16, s.org, w - value - 60, 11, bold=True) - 8
    label(y, "注册地址", "Registered Address")
    y = p.para(value, y, ", ".join(s.address), w - value - 60, 9.5) - 8
    label(y, "统一社会信用代码", "Unified Social Credit Code")
    p.text(value, y, s.credit_code, 9.5)
    y -= 30
    label(y, "认证依据", "Certification Standard")
    y = p.lines(value, y, [s.national.get(std, std) for std in s.standards], 11.5,
                bold=True) - 8
    label(y, "认证覆盖范围", "Scope of Certification")
    y = cjk_para(p, value, y, s.scope_local, w - value - 60, 10)
    y = p.para(value, y - 2, s.scope, w - value - 60, 9.5) - 8
    if s.extra_sites:
        label(y, "认证覆盖场所", "Certified Sites")
        for n, lines in enumerate([s.address] + [ls for _, ls in s.extra_sites], 1):
            y = p.para(value, y, f"({n}) {', '.join(lines)}", w - value - 60, 9) - 2
        y -= 8
    rows = [("本次颁证日期", "Date of Issue", s.issue), ("证书有效期至", "Valid Until", s.expiry)]
    if s.initial:
        rows.insert(0, ("初次认证日期", "Date of Initial Certification", s.initial))
    for chinese, english, when in rows:
        label(y, chinese, english)
        printed = day(s, when)
        if s.date_style == "iso":
            p.text(value, y, printed, 10.5, bold=True)
        else:
            cjk(p, value, y, printed, 10.5)
        y -= 26
    y = cjk_para(p, left, y - 4, "本证书在有效期内须通过监督审核方为有效。"
                 "证书信息可在国家认证认可监督管理委员会网站（www.cnca.example）查询。", w - 120,
                 8.5)
    p.para(left, y, "This certificate is valid only when the organization passes the "
           "surveillance audits within its validity. Its status can be checked on the website "
           "of the national certification authority.", w - 120, 7.5)
    if s.ab:
        p.mark(w - 170, 150, s.ab, "ACCREDITED", "MANAGEMENT SYSTEM", s.ab_number)
    cjk(p, left, 160, "总经理", 9)
    p.signature(left, 120, title="General Manager")
    cjk(p, w / 2, 62, "北京市朝阳区安定路5号院 邮编 100029", 7.5, align="center", color=GREY)
    p.text(w / 2, 50, "No. 5 Anding Road, Chaoyang District, Beijing 100029, P.R. China  ·  "
           "Tel +86 10 6490 0000", 7, align="center", color=GREY)


def kab_korean(p: WPen) -> None:
    """Korea: a ruled table of Korean/English label pairs, the validity a range with a tilde,
    the date of issue alone above the body's seal."""
    s, w, h = _spec(p), p.w, p.h
    p.text(50, h - 58, s.brand, 17, bold=True, color=TEAL)
    cjk(p, 50, h - 72, s.cb_local, 8.5, color=GREY)
    cjk(p, w / 2, h - 125, "인    증    서", 26, align="center")
    p.text(w / 2, h - 148, "CERTIFICATE", 16, bold=True, align="center")
    left, split, right = 55, 185, w - 55
    rows: list[tuple[str, str, list[tuple[str, float, bool, bool]]]] = [
        ("인증번호", "Certificate No.", [(s.number, 11, True, False)]),
        ("업 체 명", "Company Name", [(s.org_local, 12, False, True), (s.org, 11, True, False)]),
        ("소 재 지", "Address", [(s.address_local, 9.5, False, True),
                              (", ".join(s.address), 9, False, False)])]
    if s.extra_sites:
        sites = [(", ".join(lines), 9, False, False)
                 for lines in [s.address] + [ls for _, ls in s.extra_sites]]
        rows.append(("인증사업장", "Certified Sites", sites))
    rows += [("인증규격", "Applicable Standard", [(std, 12, True, False) for std in s.standards]),
             ("인증범위", "Scope of Certification", [(s.scope_local, 10, False, True),
                                                  (s.scope, 9.5, False, False)])]
    if s.initial:
        rows.append(("최초인증일", "Initial Certification", [(day(s, s.initial), 10, False,
                                                             False)]))
    rows.append(("유효기간", "Period of Validity",
                 [(f"{day(s, s.issue)} ~ {day(s, s.expiry)}", 10.5, True, False)]))
    y = h - 175
    p.c.setLineWidth(1.2)
    p.c.line(left, y, right, y)
    p.c.setLineWidth(0.4)
    for korean, english, values in rows:
        top = y - 16
        cjk(p, left + 6, top, korean, 10)
        p.text(left + 6, top - 11, english, 7.5, color=GREY)
        line = top
        for text, size, bold, local in values:
            if local:
                line = cjk_para(p, split, line, text, right - split - 6, size)
            else:
                line = p.para(split, line, text, right - split - 6, size, bold=bold)
        y = min(line, top - 16) - 4
        p.c.line(left, y, right, y)
    p.c.setLineWidth(1.2)
    p.c.line(left, y, right, y)
    y = cjk_para(p, left, y - 22, "위 조직은 상기 인증규격에 따라 경영시스템을 수립하여 "
                 "운영하고 있으므로 이 인증서를 수여합니다.", right - left, 10)
    p.para(left, y, "This is to certify that the above organization has established and "
           "maintains its management system in accordance with the above standard.",
           right - left, 8.5)
    cjk(p, w / 2, 190, f"{s.issue.year}년 {s.issue.month}월 {s.issue.day}일", 12, align="center")
    cjk(p, w / 2, 165, f"{s.cb_local}  원장", 13, align="center")
    p.text(w / 2, 150, f"President, {s.cb}", 9, align="center", color=GREY)
    if s.ab:
        p.mark(w - 160, 120, s.ab, "Korea Accreditation", "Board", s.ab_number)
    cjk(p, w / 2, 62, "서울특별시 금천구 가산디지털1로 145, 9층", 7.5, align="center", color=GREY)
    p.text(w / 2, 50, "9F, 145 Gasan digital 1-ro, Geumcheon-gu, Seoul 08506, Korea  ·  "
           "www.hangyeol-cert.example", 7, align="center", color=GREY)


def _caption(p: WPen, x: float, y: float, value_lines: list[str], caption: str, *,
             size: float = 11, bold: bool = False, width: float | None = None) -> float:
    """Print a value (wrapped when given a width), then a small caption under it; return the
    y below the caption."""
    if width:
        text = " ".join(value_lines)
        y = p.para(x, y, text, width, size, bold=bold)
    else:
        y = p.lines(x, y, value_lines, size, bold=bold)
    p.c.setStrokeColor(GREY)
    p.c.setLineWidth(0.4)
    p.c.line(x, y + size * 0.55, x + (width or 120), y + size * 0.55)
    p.c.setStrokeColor(black)
    p.text(x, y - 4, caption, 7.5, color=GREY)
    return y - 26


def caption_below(p: WPen) -> None:
    """ISO/IEC 42001: every value first, its small grey caption under a hairline below it; the
    AI systems in scope on their own line; the dates as a certification cycle."""
    s, w, h = _spec(p), p.w, p.h
    p.c.setFillColor(TEAL)
    p.c.rect(0, h - 18, w, 18, fill=1, stroke=0)
    p.c.setFillColor(black)
    p.text(w - 55, h - 55, "ALDERMOOR", 16, bold=True, align="right", color=TEAL)
    p.text(w - 55, h - 67, "assurance", 8.5, align="right", color=GREY)
    p.text(55, h - 110, "Certificate", 32, bold=True)
    p.text(55, h - 128, "Management system certification", 10.5, color=GREY)
    x, width = 55, w - 110
    y = h - 175
    y = _caption(p, x, y, [s.org], "Certified organisation", size=17, bold=True, width=width)
    y = _caption(p, x, y, [", ".join(s.address)], "Registered office", size=10, width=width)
    y = _caption(p, x, y, s.standards, "Standard(s) certified against", size=15, bold=True,
                 width=width)
    y = _caption(p, x, y, [s.scope], "Scope of certification", size=10.5, width=width)
    y = _caption(p, x, y, [s.ai_systems], "AI system(s) in scope", size=10, width=width)
    cells = [(s.number, "Certificate number")]
    if s.initial:
        cells.append((day(s, s.initial), "Initial certification"))
    cells += [(day(s, s.issue), "Certification cycle start"),
              (day(s, s.expiry), "Certification cycle expiry")]
    step = width / len(cells)
    y -= 6
    for n, (value, caption) in enumerate(cells):
        _caption(p, x + n * step, y, [value], caption, size=11, bold=True, width=step - 14)
    p.para(x, y - 50, "Continued validity of this certificate is subject to annual surveillance "
           "audits and a recertification audit before the end of the certification cycle. "
           "Certification status: aldermoor.example/register.", width, 8)
    p.signature(x, 150, title="Head of Certification")
    p.text(x, 108, s.cb, 9, bold=True)
    p.text(x, 97, "14 Queen Street, Edinburgh EH2 1JE, United Kingdom", 7.5, color=GREY)
    if s.ab:
        p.mark(w - 160, 150, s.ab, "MANAGEMENT", "SYSTEMS", s.ab_number)


def anz_strip(p: WPen) -> None:
    """Australia/New Zealand: certifies-that prose, then a dark strip across the foot of the
    page with the number and dates, each label over its value."""
    s, w, h = _spec(p), p.w, p.h
    p.text(w / 2, h - 62, "TASMAN", 22, bold=True, align="center", color=TEAL)
    p.text(w / 2, h - 76, "ASSURANCE SERVICES", 8, align="center", color=GREY)
    p.text(w / 2, h - 125, "Certificate of Conformity", 22, align="center")
    y = p.lines(w / 2, h - 160, ["This certifies that the management system of"], 10.5,
                align="center")
    y = p.para(70, y - 8, s.org, w - 140, 18, bold=True, center=True)
    y = p.lines(w / 2, y + 2, [", ".join(s.address)], 9.5, align="center")
    y = p.para(70, y - 8, "has been audited and found to meet the requirements of", w - 140,
               10.5, center=True)
    y = p.lines(w / 2, y - 6, s.standards, 16, bold=True, align="center")
    p.text(70, y - 8, "for the following activities", 9.5, color=GREY)
    y = p.para(70, y - 24, s.scope, w - 140, 10.5) - 6
    if s.extra_sites:
        p.text(70, y, "at the following sites", 9.5, color=GREY)
        y -= 14
        for lines in [s.address] + [ls for _, ls in s.extra_sites]:
            y = p.para(82, y, ", ".join(lines), w - 152, 9.5)
            p.c.circle(75, y + 9.5 * 1.3 + 3, 1.5, fill=1)
    p.signature(70, 215, title="General Manager, Certification")
    if s.ab:
        p.mark(w - 170, 230, s.ab, "ACCREDITED", "CERTIFICATION", s.ab_number)
    cells = [("Certificate Number", s.number)]
    if s.initial:
        cells.append(("Original Certification", day(s, s.initial)))
    cells += [("Date of Certification", day(s, s.issue)), ("Date of Expiry", day(s, s.expiry))]
    top, left, right = 150, 40, w - 40
    p.c.setFillColor(TEAL)
    p.c.rect(left, top - 44, right - left, 50, fill=1, stroke=0)
    p.c.setFillColor(white)  # the letter-spaced pen draws in the canvas's colour
    step = (right - left) / len(cells)
    for n, (label, value) in enumerate(cells):
        cx = left + step * n + step / 2
        p.text(cx, top - 12, label, 8, align="center", color=white)
        p.text(cx, top - 30, value, 11, bold=True, align="center", color=white)
        if n:
            p.c.setStrokeColor(white)
            p.c.line(left + step * n, top - 38, left + step * n, top)
    p.c.setFillColor(black)
    p.c.setStrokeColor(black)
    p.para(40, 90, "This certificate remains the property of Tasman Assurance Services and is "
           "valid only while the certified organisation continues to meet the conditions of "
           "certification. Check current status on the JAS-ANZ register.", w - 80, 7.5)
    p.text(w / 2, 55, f"{s.cb}  ABN 48 612 305 774  ·  Level 3, 40 City Road, Southbank VIC "
           "3006, Australia", 7, align="center", color=GREY)


def integrated_us(p: WPen) -> None:
    """A US registrar's one certificate for several standards: a ruled table of standards,
    month-first dates labelled 'Certified Since', 'Registration Effective', 'Valid Through'."""
    s, w, h = _spec(p), p.w, p.h
    p.c.setLineWidth(1.5)
    p.c.rect(30, 30, w - 60, h - 60)
    p.c.setLineWidth(0.5)
    p.c.rect(35, 35, w - 70, h - 70)
    p.text(w / 2, h - 80, s.cb, 13, bold=True, align="center")
    p.text(w / 2, h - 93, "Management Systems Registrar", 8.5, align="center", color=GREY)
    p.text(w / 2, h - 135, "CERTIFICATE OF CONFORMANCE", 20, bold=True, align="center")
    p.text(w / 2, h - 152, "Integrated Management System", 11, align="center", color=GREY)
    y = p.lines(w / 2, h - 185, ["This document attests that"], 10.5, align="center")
    y = p.lines(w / 2, y - 6, [s.org], 17, bold=True, align="center")
    y = p.lines(w / 2, y, s.address, 9.5, align="center")
    y = p.para(80, y - 6, "maintains a management system that has been audited and found to "
               "conform with each of the standards listed below:", w - 160, 10.5, center=True)
    y -= 12
    p.c.setLineWidth(0.6)
    p.c.line(90, y + 12, w - 90, y + 12)
    p.text(100, y, "Standard", 8.5, bold=True, color=GREY)
    p.text(280, y, "Management system", 8.5, bold=True, color=GREY)
    p.c.line(90, y - 6, w - 90, y - 6)
    for std in s.standards:
        y -= 20
        p.text(100, y, std, 11.5, bold=True)
        p.text(280, y, system(std), 10)
        p.c.line(90, y - 7, w - 90, y - 7)
    p.text(80, y - 28, "Scope of registration:", 9.5, bold=True)
    y = p.para(80, y - 42, s.scope, w - 160, 10.5) - 4
    if s.extra_sites:
        p.text(80, y, "Facilities included:", 9.5, bold=True)
        y -= 14
        for lines in [s.address] + [ls for _, ls in s.extra_sites]:
            y = p.para(92, y, ", ".join(lines), w - 172, 9)
    rows = [("Certificate No.", s.number)]
    if s.initial:
        rows.append(("Certified Since", day(s, s.initial)))
    rows += [("Registration Effective", day(s, s.issue)), ("Valid Through", day(s, s.expiry))]
    y = 215
    for label, value in rows:
        p.text(w - 300, y, f"{label}:", 9.5, bold=True)
        p.text(w - 180, y, value, 10)
        y -= 16
    p.signature(80, 200, title="Executive Director, Registration Services")
    if s.ab:
        p.mark(80, 125, s.ab, "ACCREDITED", "MANAGEMENT SYSTEMS", s.ab_number)
    p.para(80, 70, "Registration is maintained through annual surveillance audits. Verify "
           "this certificate at www.lakeshore-registrar.example/verify. 4400 Oakwood Parkway, "
           "Suite 210, Milwaukee, WI 53226.", w - 160, 7)
