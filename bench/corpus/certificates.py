"""Draw certificate PDFs in many layouts (prose, label/value, tables, two columns, bilingual)."""

from __future__ import annotations

import random
from pathlib import Path

from reportlab.lib.colors import HexColor, black
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.pdfgen.canvas import Canvas

from bench.corpus.common import PRODUCTS_DE, SCOPE_DE, Spec, wrap
from bench.corpus.drawing import (
    DE,
    GREY,
    TR,
    Pen,
    address_block,
    annex,
    label_rows,
    pick,
    scope_text,
    standards_phrase,
)


def prose_centered(pen: Pen) -> None:
    """BSI/LRQA style: a certify-that sentence, centred, with a label block at the bottom."""
    s, rng, w, h = pen.s, pen.rng, pen.width, pen.height
    pen.decorate()
    pen.text(
        w / 2,
        h - 110,
        rng.choice(["CERTIFICATE OF REGISTRATION", "Certificate", "CERTIFICATE"]),
        24,
        bold=True,
        center=True,
    )
    pen.text(
        w / 2,
        h - 160,
        rng.choice(
            ["This is to certify that", "This is to certify that:", "We hereby certify that"]
        ),
        12,
        center=True,
    )
    pen.text(w / 2, h - 192, s.org, rng.choice([18, 20, 22]), bold=True, center=True)
    y = address_block(pen, w / 2, h - 214, 11, center=True)
    y = pen.para(
        80,
        y - 18,
        rng.choice(
            [
                f"operates a management system which complies with the requirements of "
                f"{standards_phrase(s)} for the following scope:",
                f"has been assessed and certified as meeting the requirements of "
                f"{standards_phrase(s)} for the following scope:",
            ]
        ),
        w - 160,
        11,
        center=True,
    )
    y = pen.para(90, y - 10, scope_text(s), w - 180, 11, center=True, bold=rng.random() < 0.3)
    y = min(y - 30, 300)
    labels = pick(rng)
    for label, value in label_rows(pen, labels):
        pen.text(70, y, f"{label}:", 9)
        pen.text(250, y, value, 9)
        y -= 15
    pen.text(70, 110, rng.choice(["For and on behalf of", "On behalf of"]) + f" {s.cb}", 9)
    pen.ab_mark(w - 150, 130)
    annex(pen)


def label_table(pen: Pen) -> None:
    """TÜV style: labels in a left column, values (wrapping) in a right column."""
    s, rng, w, h = pen.s, pen.rng, pen.width, pen.height
    pen.decorate()
    pen.text(
        70, h - 120, rng.choice(["CERTIFICATE", "Management System Certificate"]), 22, bold=True
    )
    labels = pick(rng)
    x_label, x_value = 70, rng.choice([200, 215, 230])
    y = h - 180
    rows: list[tuple[str, list[str]]] = [
        (labels["org"], [s.org] + s.address),
        (labels["standard"], [standards_phrase(s)]),
        (labels["scope"], wrap(scope_text(s), s.font, 10, w - x_value - 70)),
    ] + [(label, [value]) for label, value in label_rows(pen, labels)]
    for label, values in rows:
        pen.text(x_label, y, label + rng.choice([":", ":", ""]), 10, bold=True)
        for n, value in enumerate(values):
            pen.text(x_value, y, value, 10, bold=n == 0 and label == labels["org"])
            y -= 14
        y -= 10
    pen.text(70, 120, f"Certification body: {s.cb}", 9)
    pen.ab_mark(w - 160, 140)
    annex(pen)


def stacked_labels(pen: Pen) -> None:
    """DNV style: small grey labels above their values, in a two-by-n grid."""
    s, rng, w, h = pen.s, pen.rng, pen.width, pen.height
    pen.decorate()
    pen.text(w / 2, h - 100, "CERTIFICATE", 26, bold=True, center=True)
    labels = pick(rng)
    pen.text(70, h - 140, labels["number"], 8, color=GREY)
    pen.text(70, h - 154, s.number_printed, 11)
    pen.text(330, h - 140, "Initial certification date", 8, color=GREY)
    pen.text(330, h - 154, s.date(s.initial) if s.initial else "-", 11)
    pen.text(70, h - 180, "Valid:", 8, color=GREY)
    pen.text(70, h - 194, f"{s.date(s.issue)} - {s.date(s.expiry)}", 11)
    pen.text(w / 2, h - 240, "This is to certify that the management system of", 11, center=True)
    pen.text(w / 2, h - 266, s.org, 18, bold=True, center=True)
    y = address_block(pen, w / 2, h - 286, 10, center=True)
    y = pen.para(
        80,
        y - 14,
        f"has been found to conform to the standard: {standards_phrase(s)}",
        w - 160,
        11,
        center=True,
    )
    y = pen.para(
        80, y - 6, "This certificate is valid for the following scope:", w - 160, 11, center=True
    )
    pen.para(90, y - 6, scope_text(s), w - 180, 11, center=True)
    pen.text(70, 120, f"For the issuing office: {s.cb}", 9)
    pen.ab_mark(w - 150, 130)
    annex(pen)


def sidebar(pen: Pen) -> None:
    """Two columns: a left sidebar of label/value pairs and a right column of prose."""
    s, rng, w, h = pen.s, pen.rng, pen.width, pen.height
    pen.c.setFillColor(HexColor("#eef2f7"))
    pen.c.rect(30, 30, 170, h - 60, fill=1, stroke=0)
    pen.c.setFillColor(black)
    labels = pick(rng)
    y = h - 120
    for label, value in label_rows(pen, labels):
        pen.text(42, y, label, 8, bold=True)
        pen.text(42, y - 12, value, 9)
        y -= 36
    pen.text(42, 200, "Accredited by", 8, bold=True)
    pen.ab_mark(50, 180)
    x = 230
    pen.text(x, h - 100, "Certificate", 26, bold=True)
    pen.text(x, h - 140, f"{s.cb} certifies that", 11)
    pen.text(x, h - 166, s.org, 16, bold=True)
    y = address_block(pen, x, h - 184, 10)
    y = pen.para(
        x,
        y - 10,
        f"has established and applies a management system for {standards_phrase(s)}.",
        w - x - 50,
        10,
    )
    pen.text(x, y - 14, f"{labels['scope']}:", 10, bold=True)
    pen.para(x, y - 30, scope_text(s), w - x - 50, 10)
    annex(pen)


def grid_table(pen: Pen) -> None:
    """A drawn table: a header row of labels and a row of values under it."""
    s, rng, w, h = pen.s, pen.rng, pen.width, pen.height
    pen.decorate()
    pen.text(w / 2, h - 110, "Certificate of Conformity", 22, bold=True, center=True)
    pen.text(w / 2, h - 150, "We hereby certify that", 11, center=True)
    pen.text(w / 2, h - 175, s.org, 17, bold=True, center=True)
    y = address_block(pen, w / 2, h - 195, 10, center=True)
    y = pen.para(
        80, y - 12, f"meets the requirements of {standards_phrase(s)}.", w - 160, 11, center=True
    )
    pen.text(70, y - 20, "Scope:", 10, bold=True)
    y = pen.para(70, y - 36, scope_text(s), w - 140, 10)
    labels = pick(rng)
    heads = [labels["number"], labels["issue"], labels["expiry"]]
    values = [s.number_printed, s.date(s.issue), s.date(s.expiry)]
    if s.initial:
        heads.insert(1, "Initial certification")
        values.insert(1, s.date(s.initial))
    col = (w - 120) / len(heads)
    top = y - 30
    pen.c.setLineWidth(0.8)
    pen.c.rect(60, top - 40, w - 120, 50)
    pen.c.line(60, top - 12, w - 60, top - 12)
    for i, (head, value) in enumerate(zip(heads, values, strict=True)):
        x = 66 + i * col
        if i:
            pen.c.line(60 + i * col, top - 40, 60 + i * col, top + 10)
        pen.text(x, top - 6, head, 8, bold=True)
        pen.text(x, top - 30, value, 9)
    pen.text(70, 120, f"Issued by: {s.cb}", 9)
    pen.ab_mark(w - 150, 140)
    annex(pen)


def bilingual_de_en(pen: Pen) -> None:
    """German/English: bilingual labels, German and English scope one under the other."""
    s, w, h = pen.s, pen.width, pen.height
    pen.decorate()
    pen.text(w / 2, h - 100, "ZERTIFIKAT", 26, bold=True, center=True)
    pen.text(w / 2, h - 122, "Certificate", 14, center=True)
    pen.text(
        w / 2, h - 160, "Hiermit wird bescheinigt, dass / This is to certify that", 10, center=True
    )
    pen.text(w / 2, h - 185, s.org, 17, bold=True, center=True)
    y = address_block(pen, w / 2, h - 203, 10, center=True)
    y = pen.para(
        80,
        y - 10,
        f"ein Managementsystem nach {standards_phrase(s)} eingeführt hat "
        "und anwendet. / has implemented and maintains a management system.",
        w - 160,
        10,
        center=True,
    )
    x_value = 230
    pen.text(70, y - 20, "Geltungsbereich:", 10, bold=True)
    y2 = pen.para(x_value, y - 20, s.scope_de, w - x_value - 60, 10)
    pen.text(70, y2 - 8, "Scope:", 10, bold=True)
    y = pen.para(x_value, y2 - 8, scope_text(s), w - x_value - 60, 10)
    y -= 10
    pairs = [(f"{DE['number']} / Certificate No.:", s.number_printed)]
    if s.initial:
        pairs.append((f"{DE['initial']} / Initial certification:", s.date(s.initial)))
    pairs += [
        (f"{DE['issue']} / Issue date:", s.date(s.issue)),
        (f"{DE['expiry']} / Valid until:", s.date(s.expiry)),
        (f"{DE['surveillance']} / Next surveillance:", s.date(s.surveillance)),
    ]
    for label, value in pairs:
        pen.text(70, y, label, 9)
        pen.text(330, y, value, 9)
        y -= 15
    pen.text(70, 110, f"Zertifizierungsstelle / Certification body: {s.cb}", 9)
    pen.ab_mark(w - 150, 150)
    annex(pen, "de")


def bilingual_tr_en(pen: Pen) -> None:
    """Turkish/English: label pairs "Sertifika No / Certificate No" and Turkish date formats."""
    s, w, h = pen.s, pen.width, pen.height
    pen.decorate()
    pen.text(w / 2, h - 100, "SERTİFİKA / CERTIFICATE", 22, bold=True, center=True)
    y = h - 150
    x_value = 340
    rows = [
        (f"{TR['org']} / Organization", [s.org] + s.address),
        (f"{TR['standard']} / Standard", [standards_phrase(s)]),
        (f"{TR['scope']} / Scope", wrap(scope_text(s), s.font, 10, w - x_value - 60)),
        (f"{TR['number']} / Certificate No", [s.number_printed]),
    ]
    if s.initial:
        rows.append((f"{TR['initial']} / Initial Certification Date", [s.date(s.initial)]))
    rows += [
        (f"{TR['issue']} / Issue Date", [s.date(s.issue)]),
        (f"{TR['surveillance']} / Surveillance Date", [s.date(s.surveillance)]),
        (f"{TR['expiry']} / Expiry Date", [s.date(s.expiry)]),
    ]
    for label, values in rows:
        pen.text(60, y, label, 8.5, bold=True)
        pen.text(x_value - 12, y, ":", 9)
        for value in values:
            pen.text(x_value, y, value, 10)
            y -= 14
        y -= 8
    pen.text(60, 110, f"Belgelendirme Kuruluşu / Certification Body: {s.cb}", 9)
    pen.ab_mark(w - 150, 150)
    annex(pen, "tr")


def us_registrar(pen: Pen) -> None:
    """US registrar style: "[Body] hereby certifies that", US dates, letter paper."""
    s, w, h = pen.s, pen.width, pen.height
    pen.decorate()
    pen.text(w / 2, h - 100, "Certificate of Registration", 24, bold=True, center=True)
    pen.text(w / 2, h - 140, f"{s.cb} hereby certifies that", 11, center=True)
    pen.text(w / 2, h - 168, s.org, 19, bold=True, center=True)
    y = address_block(pen, w / 2, h - 188, 10, center=True)
    y = pen.para(
        70,
        y - 12,
        f"has implemented a management system that conforms to "
        f"{standards_phrase(s)} for the scope of:",
        w - 140,
        11,
        center=True,
    )
    y = pen.para(80, y - 8, scope_text(s), w - 160, 11, center=True)
    y -= 30
    rows = [("Certificate Number", s.number_printed)]
    if s.initial:
        rows.append(("Original Certification Date", s.date(s.initial)))
    rows += [
        ("Certification Effective Date", s.date(s.issue)),
        ("Certificate Expiration Date", s.date(s.expiry)),
    ]
    for label, value in rows:
        pen.text(w / 2 - 10, y, f"{label}:", 10, bold=True, center=False)
        pen.text(w / 2 + 150, y, value, 10)
        y -= 16
    pen.ab_mark(80, 150)
    annex(pen)


LAYOUTS = {
    "prose_centered": prose_centered,
    "label_table": label_table,
    "stacked_labels": stacked_labels,
    "sidebar": sidebar,
    "grid_table": grid_table,
    "bilingual_de_en": bilingual_de_en,
    "bilingual_tr_en": bilingual_tr_en,
    "us_registrar": us_registrar,
}


def render(spec: Spec, path: Path, rng: random.Random) -> None:
    """Write the spec's certificate to path."""
    if spec.layout == "bilingual_de_en":
        spec.scope_de = SCOPE_DE.format(p=rng.choice(PRODUCTS_DE))
    size = LETTER if spec.region == "us" else A4
    c = Canvas(str(path), pagesize=size, invariant=1)
    c.setTitle(f"Certificate {spec.number}")
    LAYOUTS[spec.layout](Pen(c, spec, rng))
    c.showPage()
    c.save()
