"""Server-drawn SVG charts: no JavaScript, no CDN, readable by screen readers.

Pure module: returns SVG text with every label escaped. Each chart has a <title> and <desc>
and writes its values as text, so nothing depends on colour alone.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

# Band colours, strongest first; the bar's text value carries the same information.
BAND_COLOURS = ((75.0, "#1a7f37"), (50.0, "#4d7c0f"), (30.0, "#b45309"), (0.0, "#b42318"))


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # 0..100; None: not scored
    href: str | None = None  # e.g. "#group-A.10" on the "why" page
    note: str = ""  # e.g. "weight 2"


@dataclass(frozen=True)
class TrendPoint:
    on: date
    overall: float | None
    third_party: float | None
    label: str = ""  # e.g. the method version


def _colour(value: float) -> str:
    return next(colour for floor, colour in BAND_COLOURS if value >= floor)


LABEL_CHARS = 28  # per line at 12 px: fits the 222 px label column with room to spare


def _wrap(label: str, width: int = LABEL_CHARS, lines: int = 2) -> list[str]:
    """Break a label into at most `lines` lines of about `width` characters, never clipped."""
    out: list[str] = []
    current = ""
    for word in label.split():
        if current and len(current) + 1 + len(word) > width:
            out.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    out.append(current)
    if len(out) > lines:
        out = out[:lines - 1] + [" ".join(out[lines - 1:])]
    return [line if len(line) <= width else line[:width - 1] + "…" for line in out]


def _ident(prefix: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in prefix)


def _opening(ident: str, width: int, height: int, title: str, desc: str, *,
             role: str = "img") -> list[str]:
    """Open an SVG chart with the title and description screen readers announce."""
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="{role}" '
        f'viewBox="0 0 {width} {height}" width="100%" '
        f'aria-labelledby="{ident}-title {ident}-desc">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(desc)}</desc>',
    ]


def bar_chart(bars: Sequence[Bar], *, title: str, desc: str, chart_id: str = "bars") -> str:
    """Draw horizontal bars scaled 0..100 with the value written at the end of each bar."""
    ident = _ident(chart_id)
    row, label_w, bar_w, top = 28, 230, 320, 24
    height = top + row * max(len(bars), 1) + 24
    width = label_w + bar_w + 80
    # An image's content is presentational, so a chart whose labels are links is a figure.
    role = "figure" if any(bar.href for bar in bars) else "img"
    parts = _opening(ident, width, height, title, desc, role=role)
    for tick in (0, 25, 50, 75, 100):
        x = label_w + bar_w * tick / 100
        parts.append(f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{height - 20}" '
                     f'stroke="#d0d5dd" stroke-width="1"/>')
        parts.append(f'<text x="{x:.1f}" y="{height - 6}" font-size="10" text-anchor="middle" '
                     f'fill="#667085">{tick}</text>')
    for i, bar in enumerate(bars):
        y = top + i * row
        lines = _wrap(bar.label)
        first = y + (16 if len(lines) == 1 else 10)
        spans = "".join(f'<tspan x="{label_w - 8}" y="{first + n * 13}">{escape(line)}</tspan>'
                        for n, line in enumerate(lines))
        text = f'<text font-size="12" text-anchor="end" fill="#101828">' \
               f'<title>{escape(bar.label)}</title>{spans}</text>'
        if bar.href:
            text = f'<a href="{escape(bar.href)}">{text}</a>'
        parts.append(text)
        if bar.value is None:
            parts.append(f'<text x="{label_w + 4}" y="{y + 16}" font-size="12" '
                         f'fill="#667085">not scored</text>')
            continue
        length = bar_w * max(0.0, min(bar.value, 100.0)) / 100
        note = f" ({escape(bar.note)})" if bar.note else ""
        parts.append(f'<rect x="{label_w}" y="{y + 4}" width="{length:.1f}" height="16" '
                     f'rx="2" fill="{_colour(bar.value)}"><title>{escape(bar.label)}: '
                     f'{bar.value:.1f}{note}</title></rect>')
        parts.append(f'<text x="{label_w + length + 6:.1f}" y="{y + 16}" font-size="12" '
                     f'font-weight="600" fill="#101828">{bar.value:.1f}</text>')
    parts.append("</svg>")
    return "".join(parts)


def trend_chart(points: Sequence[TrendPoint], *, title: str, desc: str,
                chart_id: str = "trend") -> str:
    """Draw overall and third-party scores by date as two lines of labelled points."""
    ident = _ident(chart_id)
    width, height, left, right, top, bottom = 560, 200, 40, 20, 16, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    parts = _opening(ident, width, height, title, desc)
    for tick in (0, 50, 100):
        y = top + plot_h * (1 - tick / 100)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" '
                     f'stroke="#d0d5dd"/><text x="{left - 6}" y="{y + 4:.1f}" font-size="10" '
                     f'text-anchor="end" fill="#667085">{tick}</text>')
    count = len(points)

    def x_of(i: int) -> float:
        return left + (plot_w / 2 if count == 1 else plot_w * i / (count - 1))

    series = (("overall", "Overall", "#1d4ed8", "circle"),
              ("third_party", "Third-party", "#b45309", "square"))
    for attr, name, colour, shape in series:
        coords = [(x_of(i), top + plot_h * (1 - getattr(p, attr) / 100), getattr(p, attr))
                  for i, p in enumerate(points) if getattr(p, attr) is not None]
        if len(coords) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in coords)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" '
                         f'stroke-width="2"/>')
        for x, y, value in coords:
            mark = (f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}">' if shape ==
                    "circle" else f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" '
                    f'fill="{colour}">')
            tag = "circle" if shape == "circle" else "rect"
            parts.append(f"{mark}<title>{name}: {value:.1f}</title></{tag}>")
            parts.append(f'<text x="{x + 6:.1f}" y="{y - 6:.1f}" font-size="10" '
                         f'fill="{colour}">{value:.1f}</text>')
    for i, point in enumerate(points):
        parts.append(f'<text x="{x_of(i):.1f}" y="{height - bottom + 16}" font-size="10" '
                     f'text-anchor="middle" fill="#344054">{point.on.isoformat()}</text>')
    legend_y = height - 8
    parts.append(f'<circle cx="{left + 6}" cy="{legend_y - 4}" r="4" fill="#1d4ed8"/>'
                 f'<text x="{left + 14}" y="{legend_y}" font-size="10">Overall</text>'
                 f'<rect x="{left + 80}" y="{legend_y - 8}" width="8" height="8" '
                 f'fill="#b45309"/><text x="{left + 92}" y="{legend_y}" '
                 f'font-size="10">Third-party</text>')
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class HistoryPoint:
    number: int  # 1 = the first stored score, shown in the table under the chart
    overall: float | None
    label: str  # what changed, e.g. "Certificate ABC accepted"


def history_chart(points: Sequence[HistoryPoint], *, title: str, desc: str,
                  chart_id: str = "history") -> str:
    """Draw the overall score of each stored computation in order, numbered like the table."""
    ident = _ident(chart_id)
    width, height, left, right, top, bottom = 560, 160, 40, 20, 16, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    count = len(points)

    def x_of(i: int) -> float:
        return left + (plot_w / 2 if count == 1 else plot_w * i / (count - 1))

    parts = _opening(ident, width, height, title, desc)
    for floor, _colour_unused in BAND_COLOURS[:-1]:
        y = top + plot_h * (1 - floor / 100)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" '
                     f'stroke="#d0d5dd" stroke-dasharray="4 3"/><text x="{left - 6}" '
                     f'y="{y + 4:.1f}" font-size="10" text-anchor="end" '
                     f'fill="#667085">{floor:g}</text>')
    coords = [(x_of(i), top + plot_h * (1 - p.overall / 100), p) for i, p in enumerate(points)
              if p.overall is not None]
    if len(coords) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in coords)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#1d4ed8" '
                     f'stroke-width="2"/>')
    for x, y, point in coords:
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{_colour(point.overall)}">'
                     f'<title>#{point.number}: {point.overall:.1f}. {escape(point.label)}'
                     f'</title></circle>')
        parts.append(f'<text x="{x:.1f}" y="{y - 8:.1f}" font-size="10" text-anchor="middle" '
                     f'fill="#101828">{point.overall:.1f}</text>')
    for i, point in enumerate(points):
        parts.append(f'<text x="{x_of(i):.1f}" y="{height - 8}" font-size="10" '
                     f'text-anchor="middle" fill="#344054">#{point.number}</text>')
    parts.append("</svg>")
    return "".join(parts)
