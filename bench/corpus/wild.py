"""A third, independently written generator: certificates laid out like real bodies print them.

The layouts in wild_layouts*.py imitate how accredited certification bodies really word and
arrange certificates (registration marks, stacked date labels, certify-that prose with the
organisation in large type and no label, signatories, the body's own address, cycle dates,
surveillance and recertification dates, Statement of Applicability lines, register numbers
that are not certificate numbers). Every organisation, body, person and address is made up.

Written without looking at the reader's rules; its results are reported as the "wild" set.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4, LETTER, landscape
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from bench.corpus.common import fonts
from bench.corpus.wild_data import (
    ADDRESSES,
    CITY_PREFIX,
    DOMAINS,
    LEGAL,
    MONTHS_FR,
    PEOPLE,
    REGION_STYLES,
    SCOPES,
    SITE_NAMES,
    STANDARD_SETS,
    STEMS,
)

# Layouts that print a list of sites even when there is only one (the main address).
LISTS_EVERY_SITE = {"fr_en_slashes"}
# Layouts whose site list (an annex) leaves the organisation's address out: the certified sites
# are the listed ones only, as a person reading the certificate writes them down (the real
# corpus's convention, `bench/corpus/real/SOURCES.md`).
LISTS_OTHER_SITES_ONLY = {
    "tuv_bilingual", "surveillance_prose", "asia_registrar", "nordic_landscape", "cycle_dates",
}


@dataclass
class WildSpec:
    """One wild certificate: what is printed and what the reader should return."""

    name: str
    layout: str
    region: str
    org: str
    address: list[str]
    standards: list[str]
    number: str
    scope: str
    soa: str
    soa_in_scope: bool
    initial: date | None
    issue: date
    expiry: date
    cb: str
    ab: str | None
    ab_number: str
    date_style: str
    font: str
    bold: str
    person: tuple[str, str]
    extra_sites: list[tuple[str, list[str]]] = field(default_factory=list)
    number_printed: str = ""

    def d(self, value: date, style: str | None = None) -> str:
        """Return a date in this certificate's style (or another)."""
        return fmt_date(value, style or self.date_style)

    @property
    def surveillance(self) -> date:
        return self.issue + timedelta(days=330)

    @property
    def std_text(self) -> str:
        names = self.standards
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]

    def truth(self) -> dict:
        """Return the expected CLI JSON values."""
        sites = [] if self.layout in LISTS_OTHER_SITES_ONLY else [", ".join(self.address)]
        sites += [", ".join(lines) for _, lines in self.extra_sites]
        if not self.extra_sites and self.layout not in LISTS_EVERY_SITE:
            sites = []  # no site list: the organisation's address is not a "site"
        return {
            "status": "ok",
            "standard": self.standards[0],
            "standards": list(self.standards),
            "certificate_number": self.number,
            "organization": self.org,
            "scope": self.scope + (f" {self.soa}" if self.soa and self.soa_in_scope else ""),
            "sites": sites,
            "initial_certification_date": self.initial.isoformat() if self.initial else None,
            "issue_date": self.issue.isoformat(),
            "expiry_date": self.expiry.isoformat(),
            "certification_body": self.cb,
            "accreditation_body": self.ab,
        }


def fmt_date(value: date, style: str) -> str:
    """Return a date printed the way certificates in a country print it."""
    month = value.strftime("%B")
    return {
        "long": f"{value.day} {month} {value.year}",
        "us_long": f"{month} {value.day}, {value.year}",
        "dotted": value.strftime("%d.%m.%Y"),
        "iso": value.isoformat(),
        "us_slash": value.strftime("%m/%d/%Y"),
        "uk_slash": value.strftime("%d/%m/%Y"),
        "dash": value.strftime("%d-%m-%Y"),
        "dash_long": f"{value.day:02d}-{month}-{value.year}",
        "short": f"{value.day} {value.strftime('%b')} {value.year}",
        "ymd_slash": value.strftime("%Y/%m/%d"),
        "ymd_dot": value.strftime("%Y.%m.%d"),
        "fr_long": f"{value.day} {MONTHS_FR.split()[value.month - 1]} {value.year}",
    }[style]


def make_wild_spec(
    rng: random.Random,
    name: str,
    layout: str,
    region: str,
    *,
    cb: str,
    ab: str | None,
    ab_number: str,
    number: str,
    standards: list[str] | None = None,
    style: str | None = None,
    upper: bool = False,
) -> WildSpec:
    """Return a random spec; the layout decides the body, its marks and the number format."""
    font, bold = rng.choice(fonts())
    stem = rng.choice(STEMS)
    if region in CITY_PREFIX:
        stem = f"{rng.choice(CITY_PREFIX[region])} {stem}"
    org = f"{stem} {rng.choice(DOMAINS)} {rng.choice(LEGAL[region])}"
    if upper:
        org = org.upper()
    issue = date(2023, 6, 1) + timedelta(days=rng.randint(0, 760))
    expiry = issue.replace(year=issue.year + 3) - timedelta(days=1)
    initial = None if rng.random() < 0.3 else issue.replace(year=issue.year - rng.randint(1, 7))
    address = list(rng.choice(ADDRESSES[region]))
    extra = []
    for _ in range(rng.choice([0, 0, 1, 2])):
        site_region = rng.choice([region, region, "uk", "de", "in", "us"])
        lines = list(rng.choice(ADDRESSES[site_region]))
        if lines != address and all(lines != other for _, other in extra):
            extra.append((rng.choice(SITE_NAMES), lines))
    stds = standards or rng.choice(STANDARD_SETS)
    soa = ""
    if "27001" in stds[0] and rng.random() < 0.6:
        soa_date = issue - timedelta(days=rng.randint(20, 90))
        soa = (
            f"in accordance with the Statement of Applicability version "
            f"{rng.randint(1, 6)}.{rng.randint(0, 9)} dated "
            f"{fmt_date(soa_date, style or REGION_STYLES[region][0])}."
        )
    return WildSpec(
        name=name,
        layout=layout,
        region=region,
        org=org,
        address=address,
        standards=list(stds),
        number=number,
        number_printed=number,
        scope=rng.choice(SCOPES) + ".",
        soa=soa,
        soa_in_scope=False,
        initial=initial,
        issue=issue,
        expiry=expiry,
        cb=cb,
        ab=ab,
        ab_number=ab_number,
        date_style=style or rng.choice(REGION_STYLES[region]),
        font=font,
        bold=bold,
        person=rng.choice(PEOPLE),
        extra_sites=extra,
    )


GREY = Color(0.4, 0.4, 0.4)


class WPen:
    """A canvas with the spec's fonts: text, paragraphs, label/value pairs and marks."""

    def __init__(self, c: Canvas, spec: WildSpec, rng: random.Random) -> None:
        self.c, self.s, self.rng = c, spec, rng
        self.w, self.h = c._pagesize

    def text(self, x, y, text, size=10, *, bold=False, align="left", color=black) -> None:
        self.c.setFillColor(color)
        self.c.setFont(self.s.bold if bold else self.s.font, size)
        {
            "left": self.c.drawString,
            "center": self.c.drawCentredString,
            "right": self.c.drawRightString,
        }[align](x, y, text)
        self.c.setFillColor(black)

    def para(self, x, y, text, width, size=10, *, bold=False, center=False, leading=1.3) -> float:
        for line in simpleSplit(text, self.s.bold if bold else self.s.font, size, width):
            if center:
                self.text(x + width / 2, y, line, size, bold=bold, align="center")
            else:
                self.text(x, y, line, size, bold=bold)
            y -= size * leading
        return y

    def lines(self, x, y, lines, size=10, *, align="left", bold=False, leading=1.3) -> float:
        for line in lines:
            self.text(x, y, line, size, bold=bold, align=align)
            y -= size * leading
        return y

    def mark(self, x, y, top: str, *rest: str) -> None:
        """Draw an accreditation or scheme mark: a box with a word and small print."""
        self.c.setLineWidth(0.8)
        self.c.rect(x - 4, y - 10 * len(rest) - 6, 96, 22 + 10 * len(rest))
        self.text(x, y, top, 12, bold=True)
        for n, line in enumerate(rest, 1):
            self.text(x, y - 10 * n, line, 6.5)

    def signature(self, x, y, *, title: str | None = None) -> float:
        """Draw a scribble, the signatory's name and title; return the y under them."""
        c = self.c
        c.setLineWidth(0.6)
        c.bezier(x, y + 14, x + 20, y + 34, x + 40, y - 4, x + 90, y + 22)
        c.line(x, y + 4, x + 150, y + 4)
        name, role = self.s.person
        self.text(x, y - 8, name, 9)
        self.text(x, y - 19, title or role, 8, color=GREY)
        return y - 30


def page_size(spec: WildSpec, wide: bool = False):
    base = LETTER if spec.region == "us" else A4
    return landscape(base) if wide else base


def render_wild(spec: WildSpec, path: Path, rng: random.Random) -> None:
    """Write one wild certificate."""
    from bench.corpus.wild_layouts import LAYOUTS

    draw, wide = LAYOUTS[spec.layout]
    c = Canvas(str(path), pagesize=page_size(spec, wide), invariant=1)
    draw(WPen(c, spec, rng))
    c.showPage()
    c.save()
