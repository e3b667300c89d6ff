"""Render a vendor scorecard as a PDF with reportlab: headline, groups, findings, decision."""
from __future__ import annotations

import io
from datetime import date
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from portal.scorecards.services import Scorecard
from portal.scoring import LEVEL_LABELS
from portal.scoring.charts import BAND_COLOURS
from portal.scoring.summary import group_label

_GRID = TableStyle([
    ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#d0d5dd")),
    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef1f5")),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("FONTSIZE", (0, 0), (-1, -1), 8.5),
])


def _fit(text: str, width: float, size: float) -> str:
    """Shorten text with an ellipsis only when it is wider than the room it has."""
    if stringWidth(text, "Helvetica", size) <= width:
        return text
    while text and stringWidth(text + "…", "Helvetica", size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _date(value: date | None) -> str:
    return value.isoformat() if value else "—"


def _num(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _bars(groups) -> Drawing:
    width, row, label_w = 170 * mm, 14, 70 * mm
    drawing = Drawing(width, row * len(groups) + 6)
    for i, group in enumerate(groups):
        y = drawing.height - (i + 1) * row
        drawing.add(String(0, y + 3, _fit(group_label(group), label_w - 3 * mm, 7.5),
                           fontSize=7.5))
        if group.score is None:
            drawing.add(String(label_w, y + 3, "not scored", fontSize=7.5))
            continue
        length = (width - label_w - 30) * group.score / 100
        colour = next(c for floor, c in BAND_COLOURS if group.score >= floor)
        drawing.add(Rect(label_w, y + 1, length, row - 4, fillColor=colors.HexColor(colour),
                         strokeColor=None))
        drawing.add(String(label_w + length + 3, y + 3, f"{group.score:.1f}", fontSize=7.5))
    return drawing


def scorecard_pdf(card: Scorecard, *, generated_on: date) -> bytes:
    """Return the scorecard as PDF bytes."""
    styles = getSampleStyleSheet()
    body, small = styles["BodyText"], styles["BodyText"].clone("small", fontSize=8, leading=10)

    def para(text: str, style=small) -> Paragraph:
        return Paragraph(escape(text or ""), style)

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, title=f"Scorecard: {card.vendor.legal_name}",
                            leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
                            bottomMargin=16 * mm)
    story = [Paragraph(escape(f"Vendor scorecard: {card.vendor.legal_name}"), styles["Title"]),
             para(f"Generated on {generated_on.isoformat()}.", body), Spacer(0, 4 * mm)]
    tier = card.vendor.inherent_tier.label if card.vendor.inherent_tier else "Not tiered"
    score, result = card.score, card.result
    facts = [["Inherent tier", tier], ["Residual risk", card.residual_label]]
    if score and result:
        facts += [
            ["Third-party relationship score", _num(score.third_party)],
            ["Overall score", f"{_num(score.overall)} ({result.effectiveness_label})"],
            ["Answers alone", _num(score.raw_overall)],
            ["Confidence / completeness",
             f"{_num(score.confidence, 2)} / {_num(score.completeness, 2)}"],
            *([["Answered not applicable (share of weight)",
                _num(result.not_applicable_rate, 2)]]
              if result.not_applicable_rate is not None else []),
            ["Method version", score.method_version],
            ["Assessment", f"{score.assessment.title} ({score.template_key} "
                           f"v{score.template_version})"],
            ["Scored", f"{score.computed_at:%Y-%m-%d %H:%M} UTC · {score.reason.label}"],
        ]
    else:
        facts.append(["Score", "No accepted assessment has been scored yet."])
    story += [Table([[para(a), para(b)] for a, b in facts], colWidths=[55 * mm, 115 * mm],
                    style=_GRID), Spacer(0, 4 * mm)]
    if score:
        story.append(Paragraph("Why this residual risk", styles["Heading2"]))
        story += [para(reason) for reason in score.residual_reasons]
    if result and result.groups:
        story += [Paragraph("Objective group scores", styles["Heading2"]), _bars(result.groups)]
        rows = [["Group", "Score", "Answers alone", "Confidence", "Weight"]] + [
            [para(group_label(g)), _num(g.score), _num(g.raw_score),
             _num(g.confidence, 2), f"{g.overall_weight:g}"] for g in result.groups]
        story += [Table(rows, colWidths=[80 * mm, 22 * mm, 26 * mm, 22 * mm, 20 * mm],
                        style=_GRID, repeatRows=1)]
    story.append(Paragraph("Open and accepted findings", styles["Heading2"]))
    if card.findings:
        # Every cell is a Paragraph, so long text wraps inside its column ("Remediation
        # requested" never runs over the date beside it).
        rows = [[para(h) for h in ("Severity", "Finding", "Status", "Due / until")]] + [
            [para(LEVEL_LABELS[f.severity.value]), para(f.title), para(f.status.label),
             para(_date(f.remediation_due_date or f.acceptance_expires_on))]
            for f in card.findings]
        story.append(Table(rows, colWidths=[18 * mm, 95 * mm, 33 * mm, 24 * mm], style=_GRID,
                           repeatRows=1))
    else:
        story.append(para("None.", body))
    story.append(Paragraph("Decision", styles["Heading2"]))
    decision = card.decision
    if decision:
        who = decision.decided_by.name if decision.decided_by else "—"
        story.append(para(f"{decision.decision.label} by {who} on "
                          f"{decision.decided_at:%Y-%m-%d}.", body))
        if decision.conditions:
            story.append(para(f"Conditions: {decision.conditions}", body))
        if decision.comment:
            story.append(para(f"Comment: {decision.comment}", body))
    else:
        story.append(para("No decision recorded yet.", body))
    doc.build(story)
    return buffer.getvalue()
