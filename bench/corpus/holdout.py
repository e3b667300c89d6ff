"""A second, independently written generator: flowing documents built with platypus.

Its layouts and wording are kept apart from the main generator so the benchmark can report
how the reader does on certificates it was not tuned against. Do not tune the reader on its
failures; add new layouts to certificates.py instead.
"""

from __future__ import annotations

import random
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from bench.corpus.common import Spec


def _styles(spec: Spec, rng: random.Random) -> dict[str, ParagraphStyle]:
    size = rng.choice([9.5, 10, 10.5, 11])
    base = ParagraphStyle("base", fontName=spec.font, fontSize=size, leading=size * 1.35)
    return {
        "base": base,
        "center": ParagraphStyle("center", parent=base, alignment=TA_CENTER),
        "title": ParagraphStyle(
            "title", parent=base, fontName=spec.bold, fontSize=24, leading=30, alignment=TA_CENTER
        ),
        "org": ParagraphStyle(
            "org", parent=base, fontName=spec.bold, fontSize=17, leading=22, alignment=TA_CENTER
        ),
        "label": ParagraphStyle("label", parent=base, fontName=spec.bold),
        "small": ParagraphStyle(
            "small", parent=base, fontSize=8, leading=10, textColor=colors.grey
        ),
    }


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _std(spec: Spec) -> str:
    return ", ".join(spec.printed_standards)


def _awarded(spec: Spec, st: dict, rng: random.Random) -> list:
    """A title page in the "is awarded to" style with a ruled details table."""
    story = [
        Spacer(1, 18 * mm),
        Paragraph("Certificate of Approval", st["title"]),
        Spacer(1, 8 * mm),
        Paragraph("This certificate is awarded to", st["center"]),
        Spacer(1, 4 * mm),
        Paragraph(_esc(spec.org), st["org"]),
    ]
    for line in spec.address:
        story.append(Paragraph(_esc(line), st["center"]))
    story += [
        Spacer(1, 6 * mm),
        Paragraph(
            f"in recognition of the organisation's management system which complies "
            f"with {_esc(_std(spec))}.",
            st["center"],
        ),
        Spacer(1, 6 * mm),
        Paragraph("The scope of this approval is applicable to:", st["center"]),
        Paragraph(_esc(spec.scope + (" " + spec.soa if spec.soa else "")), st["center"]),
        Spacer(1, 10 * mm),
    ]
    rows = [["Certificate reference", spec.number_printed]]
    if spec.initial:
        rows.append(["Originally certified", spec.date(spec.initial)])
    rows += [
        ["Current issue date", spec.date(spec.issue)],
        ["Date of expiry", spec.date(spec.expiry)],
        ["Next surveillance audit", spec.date(spec.surveillance)],
    ]
    table = Table(
        [[Paragraph(a, st["label"]), Paragraph(_esc(b), st["base"])] for a, b in rows],
        colWidths=[60 * mm, 80 * mm],
    )
    table.setStyle(
        TableStyle(
            [("GRID", (0, 0), (-1, -1), 0.5, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")]
        )
    )
    story += [
        table,
        Spacer(1, 12 * mm),
        Paragraph(f"Signed for and on behalf of {_esc(spec.cb)}", st["base"]),
    ]
    if spec.ab:
        story.append(
            Paragraph(
                f"Accredited by {spec.ab} (accreditation number {spec.ab_number})", st["small"]
            )
        )
    return story


def _register(spec: Spec, st: dict, rng: random.Random) -> list:
    """A register-extract style: a two-column table holds everything, scope included."""
    story = [
        Paragraph(_esc(spec.cb), st["small"]),
        Spacer(1, 10 * mm),
        Paragraph("CERTIFICATE", st["title"]),
        Spacer(1, 10 * mm),
    ]
    rows = [
        ["Company name", spec.org],
        ["Registered address", ", ".join(spec.address)],
        ["Reg. No.", spec.number_printed],
        ["Standard(s)", _std(spec)],
        ["Scope of approval", spec.scope + (" " + spec.soa if spec.soa else "")],
    ]
    if spec.initial:
        rows.append(["Certified since", spec.date(spec.initial)])
    rows += [
        ["Period of validity", f"{spec.date(spec.issue)} to {spec.date(spec.expiry)}"],
        ["Revision date", spec.date(spec.issue)],
    ]
    if spec.ab:
        rows.append(["Accreditation body", f"{spec.ab}, accreditation no. {spec.ab_number}"])
    table = Table(
        [[Paragraph(a, st["label"]), Paragraph(_esc(b), st["base"])] for a, b in rows],
        colWidths=[45 * mm, 115 * mm],
    )
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.lightgrey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    story += [
        table,
        Spacer(1, 15 * mm),
        Paragraph(f"Certification body: {_esc(spec.cb)}", st["base"]),
    ]
    return story


def _confirms(spec: Spec, st: dict, rng: random.Random) -> list:
    """A short prose certificate: "confirms that ... is registered to", dates in a sentence."""
    story = [
        Spacer(1, 20 * mm),
        Paragraph("Registration Certificate", st["title"]),
        Spacer(1, 10 * mm),
        Paragraph(f"{_esc(spec.cb)} confirms that", st["center"]),
        Spacer(1, 3 * mm),
        Paragraph(_esc(spec.org), st["org"]),
        Paragraph(_esc(", ".join(spec.address)), st["center"]),
        Spacer(1, 5 * mm),
        Paragraph(f"is registered to {_esc(_std(spec))} with the following scope:", st["center"]),
        Paragraph(_esc(spec.scope + (" " + spec.soa if spec.soa else "")), st["center"]),
        Spacer(1, 8 * mm),
        Paragraph(f"Registration number: {spec.number_printed}", st["center"]),
    ]
    if spec.initial:
        story.append(Paragraph(f"First registered: {spec.date(spec.initial)}", st["center"]))
    story += [
        Paragraph(
            f"This certificate is valid from {spec.date(spec.issue)} until "
            f"{spec.date(spec.expiry)}.",
            st["center"],
        ),
        Spacer(1, 20 * mm),
        Paragraph(f"{spec.ab} accredited certification body" if spec.ab else "", st["small"]),
    ]
    return story


def _sites_page(spec: Spec, st: dict) -> list:
    if not spec.extra_sites:
        return []
    data = (
        [["Location", "Address"]]
        + [["Main site", ", ".join(spec.address)]]
        + [[name, ", ".join(lines)] for name, lines in spec.extra_sites]
    )
    table = Table(
        [[Paragraph(_esc(a), st["base"]), Paragraph(_esc(b), st["base"])] for a, b in data],
        colWidths=[45 * mm, 115 * mm],
    )
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    return [
        PageBreak(),
        Paragraph("Appendix - list of certified locations", st["label"]),
        Spacer(1, 5 * mm),
        table,
    ]


HOLDOUT_LAYOUTS = {"awarded": _awarded, "register": _register, "confirms": _confirms}


def render_holdout(spec: Spec, path: Path, rng: random.Random) -> None:
    """Write a holdout-layout certificate for the spec."""
    st = _styles(spec, rng)
    story = HOLDOUT_LAYOUTS[spec.layout](spec, st, rng) + _sites_page(spec, st)
    doc = SimpleDocTemplate(
        str(path),
        pagesize=LETTER if spec.region == "us" else A4,
        leftMargin=25 * mm,
        rightMargin=25 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        invariant=1,
    )
    doc.build(story)
