"""Generated certificates in the style of large certification bodies, drawn with the failure
classes real certificates show: diagonal watermarks, lost ligatures, standards and numbers only
in pictures, letter-spaced headings, garbage text layers over scans, pages scanned on their
side, several certificates in one PDF. Truth is what a careful person reads on the page.
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from bench.corpus import bodies_layouts as layouts
from bench.corpus.wild import WildSpec, WPen, make_wild_spec, page_size


@dataclass(frozen=True)
class BodyLayout:
    draw: Callable[[WPen], None]
    regions: tuple[str, ...]
    cb: str
    ab: dict[str, tuple[str | None, str]]
    number: Callable[[random.Random], str]
    standards: tuple[tuple[str, ...], ...] = ()
    # The body's legal entity when the page prints it besides the brand (a footer): the truth
    # is the brand, the legal name is accepted too (brands and legal names are both accepted
    # in the real corpus, bench/corpus/real/SOURCES.md).
    legal: str = ""


BODY_LAYOUTS: dict[str, BodyLayout] = {
    "northmark": BodyLayout(
        layouts.northmark, ("us", "us", "uk", "us"), "Northmark Certification, Inc.",
        {"us": ("ANAB", ""), "uk": ("UKAS", "0099")},
        lambda rng: f"C{rng.randint(1000, 9999)}-{rng.randint(10, 99)}",
    ),
    "quallion": BodyLayout(
        layouts.quallion, ("uk", "uk", "in", "uk"), "Quallion Assurance Limited",
        {"uk": ("UKAS", "0012"), "in": ("UKAS", "0012")},
        lambda rng: str(rng.randint(100000, 999999)),
    ),
    "veritalign": BodyLayout(
        layouts.veritalign, ("us", "us", "in", "us"), "Veritalign Compliance and Security, Inc.",
        {"us": ("ANAB", ""), "in": ("ANAB", "")},
        lambda rng: f"VA-{rng.randint(10000, 99999)}",
        standards=(("ISO/IEC 42001:2023",), ("ISO/IEC 27001:2022", "ISO/IEC 27701:2019"),
                   ("ISO/IEC 42001:2023",), ("ISO/IEC 27001:2022",)),
    ),
    "normacert": BodyLayout(
        layouts.normacert, ("es", "es", "es"), "Normacert",
        {"es": ("ENAC", "05/C-SG011")},
        lambda rng: f"SI-{rng.randint(1000, 9999)}/{rng.randint(2021, 2025)}",
        legal="Normacert S.L.",
    ),
    "gostcert": BodyLayout(
        layouts.gostcert, ("de", "de"), "АНО «Центр сертификации Госсерт»", {},
        lambda rng: f"РОСС RU.ИФ37.К{rng.randint(10000, 99999)}",
        standards=(("ISO 9001:2015",), ("ISO/IEC 27001:2022",)),
    ),
}
BOLD_TTF = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
RUSSIAN_ORGS = ["ООО «Пример Аналитика»", "АО «Северные Данные»", "ООО «Облачные Решения»"]
RUSSIAN_ADDRESS = ["ул. Тверская, д. 7", "125009 Москва, Россия"]
# The failure class each generated certificate is drawn with, by its number within a layout.
VARIANTS = ("plain", "watermark", "ligatures", "picture", "spaced")


def body_spec(name: str, n: int, seed: int) -> tuple[WildSpec, random.Random]:
    """Return the spec for the n-th certificate of a layout."""
    layout = BODY_LAYOUTS[name]
    region = layout.regions[n % len(layout.regions)]
    rng = random.Random(f"{seed}-bodies-{name}-{n}")
    ab, ab_number = layout.ab.get(region, (None, ""))
    standards = list(layout.standards[n % len(layout.standards)]) if layout.standards else None
    spec = make_wild_spec(rng, f"{name}-{n}", name, region, cb=layout.cb, ab=ab,
                          ab_number=ab_number, number=layout.number(rng), standards=standards)
    if name == "normacert":  # the layout prints no site list: its truth lists no sites
        spec = replace(spec, extra_sites=[])
    if name == "gostcert":
        spec = replace(spec, org=rng.choice(RUSSIAN_ORGS), address=list(RUSSIAN_ADDRESS),
                       date_style="dotted", extra_sites=[], initial=None)
    return spec, rng


class LigaturePen(WPen):
    """Draws every "f" before "i", "l" or "f" as a gap: the text layer loses the ligature."""

    def text(self, x, y, text, size=10, *, bold=False, align="left", color=None) -> None:
        font = self.s.bold if bold else self.s.font
        width = self.c.stringWidth(text, font, size)
        x0 = {"left": x, "center": x - width / 2, "right": x - width}[align]
        parts, gaps = [], []
        rest = text
        while (at := _ligature_at(rest)) >= 0:
            parts.append(rest[:at])
            gaps.append(self.c.stringWidth("f", font, size))
            rest = rest[at + 1 :]
        parts.append(rest)
        for part, gap in zip(parts, gaps + [0], strict=True):
            super().text(x0, y, part, size, bold=bold, **({"color": color} if color else {}))
            x0 += self.c.stringWidth(part, font, size) + gap


def _ligature_at(text: str) -> int:
    for n in range(len(text) - 1):
        if text[n] == "f" and text[n + 1] in "ilf":
            return n
    return -1


class PicturePen(WPen):
    """Draws the lines that print the standard or the number as pictures, not text."""

    def text(self, x, y, text, size=10, *, bold=False, align="left", color=None) -> None:
        if not any(value in text for value in (*self.s.standards, self.s.number)):
            super().text(x, y, text, size, bold=bold, align=align,
                         **({"color": color} if color else {}))
            return
        font = ImageFont.truetype(str(BOLD_TTF), size * 4)
        box = font.getbbox(text)
        image = Image.new("L", (box[2] + 8, int(size * 5.2)), 255)
        ImageDraw.Draw(image).text((4, 0), text, fill=0, font=font)
        width, height = image.width / 4, image.height / 4
        x0 = {"left": x, "center": x - width / 2, "right": x - width}[align]
        self.c.drawImage(ImageReader(image), x0, y - size * 0.25, width, height)


class SpacedPen(WPen):
    """Draws large headings letter-spaced, as many certificates print them."""

    def text(self, x, y, text, size=10, *, bold=False, align="left", color=None) -> None:
        if size < 18 or not text.isupper():
            super().text(x, y, text, size, bold=bold, align=align,
                         **({"color": color} if color else {}))
            return
        font = self.s.bold if bold else self.s.font
        spacing = size * 0.35
        width = self.c.stringWidth(text, font, size) + spacing * (len(text) - 1)
        x0 = {"left": x, "center": x - width / 2, "right": x - width}[align]
        t = self.c.beginText(x0, y)
        t.setFont(font, size)
        t.setCharSpace(spacing)
        t.textLine(text)
        t.setCharSpace(0)  # the character spacing would otherwise stay for all later text
        self.c.drawText(t)


PENS = {"plain": WPen, "watermark": WPen, "ligatures": LigaturePen, "picture": PicturePen,
        "spaced": SpacedPen}


def draw_body(c: Canvas, spec: WildSpec, rng: random.Random, variant: str) -> None:
    """Draw one certificate (its pages) on the canvas, ending with showPage."""
    draw_variant(c, spec, rng, variant, BODY_LAYOUTS[spec.layout].draw)


def draw_variant(c: Canvas, spec: WildSpec, rng: random.Random, variant: str,
                 draw: Callable[[WPen], None]) -> None:
    """Draw one certificate with a layout's draw function in one of the VARIANTS (its pen,
    and a watermark over it for "watermark"), ending with showPage."""
    pen = PENS[variant](c, spec, rng)
    draw(pen)
    if variant == "watermark":
        watermark(pen, rng)
    c.showPage()


def as_spec(cls: type, wild: WildSpec) -> Any:
    """Return a family's own spec class (a WildSpec with more fields) filled from a WildSpec."""
    return cls(**{f.name: getattr(wild, f.name) for f in fields(wild)})


def finish_spec(spec: Any, rng: random.Random, n: int,
                prepare: Callable[[Any, random.Random, int], Any],
                number: Callable[[random.Random, Any], str]) -> Any:
    """Return the n-th certificate's spec with its layout's own touches and its number: an
    ISO/IEC 42001 certificate is dated after the standard's publication (December 2023)."""
    if "42001" in spec.standards[0]:
        issue = date(2024, 9, 1) + timedelta(days=rng.randint(0, 300))
        initial = issue.replace(year=issue.year - 1)
        spec = replace(spec, issue=issue,
                       initial=initial if spec.initial and initial > date(2024, 1, 15) else None,
                       expiry=issue.replace(year=issue.year + 3) - timedelta(days=1))
    spec = prepare(spec, rng, n)
    value = number(rng, spec)
    return replace(spec, number=value, number_printed=value)


def write_family(
    out_dir: Path,
    layouts: dict[str, Any],
    make: Callable[[str, int], tuple[WildSpec, random.Random]],
    pagesize: Callable[[WildSpec, Any], tuple[float, float]],
    *,
    count: Callable[[Any], int] = lambda layout: len(layout.regions),
    truth: Callable[[WildSpec, Any], dict] = lambda spec, layout: spec.truth(),
    variant: Callable[[str, int, int], str] = lambda name, n, i: VARIANTS[i % len(VARIANTS)],
) -> list[tuple[Path, str, str, dict]]:
    """Write a family of body layouts, each certificate in one of the VARIANTS; return (path,
    layout, variant, truth) per file. `make(name, n)` builds the n-th certificate of a layout
    (its spec and random generator); by default the variants take turns over the family."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[tuple[Path, str, str, dict]] = []
    for name, layout in layouts.items():
        for n in range(count(layout)):
            spec, rng = make(name, n)
            chosen = variant(name, n, len(written))
            path = out_dir / f"{name}-{n}-{chosen}.pdf"
            c = Canvas(str(path), pagesize=pagesize(spec, layout), invariant=1)
            draw_variant(c, spec, rng, chosen, layout.draw)
            c.save()
            written.append((path, name, chosen, truth(spec, layout)))
    return written


def watermark(pen: WPen, rng: random.Random) -> None:
    """Draw a large light diagonal watermark over the page."""
    c = pen.c
    c.saveState()
    c.setFillColorRGB(0.82, 0.82, 0.82)
    c.setFont("Helvetica-Bold", 64)
    c.translate(pen.w / 2, pen.h / 2)
    c.rotate(rng.choice((35, 45, -40)))
    c.drawCentredString(0, 0, rng.choice(("COPY", "SAMPLE COPY", "UNCONTROLLED COPY")))
    c.restoreState()


def render_body(spec: WildSpec, path: Path, rng: random.Random, variant: str) -> None:
    """Write one certificate PDF."""
    c = Canvas(str(path), pagesize=page_size(spec), invariant=1)
    draw_body(c, spec, rng, variant)
    c.save()


def write_bodies(out_dir: Path, seed: int = 42) -> list[tuple[Path, str, str, dict]]:
    """Write every body certificate; return (path, layout, variant, truth) per file."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, layout in BODY_LAYOUTS.items():
        for n in range(len(layout.regions)):
            spec, rng = body_spec(name, n, seed)
            variant = VARIANTS[(n + len(name)) % len(VARIANTS)]
            if name == "gostcert" and variant in ("ligatures", "picture"):
                variant = "plain"  # a Cyrillic text has no f-ligatures; pictures need Latin fonts
            path = out_dir / f"{name}-{n}-{variant}.pdf"
            render_body(spec, path, rng, variant)
            truth = spec.truth()
            if layout.legal:
                truth["accept"] = {"certification_body": [layout.legal]}
            written.append((path, name, variant, truth))
    return written


def write_multi(out_dir: Path, seed: int = 42) -> list[tuple[Path, list[dict]]]:
    """Write PDFs holding several certificates; return (path, truths with their pages)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for n, names in enumerate((("quallion", "quallion", "quallion"),
                               ("northmark", "veritalign"))):
        rng = random.Random(f"{seed}-multi-{n}")
        specs = [body_spec(name, 10 + n * 3 + k, seed)[0] for k, name in enumerate(names)]
        org, address = specs[0].org, specs[0].address
        stds = (["ISO 14001:2015"], ["ISO/IEC 27001:2022"], ["ISO 9001:2015"])
        specs = [replace(s, org=org, address=address, extra_sites=[], standards=stds[k])
                 for k, s in enumerate(specs)]
        path = out_dir / f"several-{n}.pdf"
        c = Canvas(str(path), pagesize=page_size(specs[0]), invariant=1)
        truths = []
        for k, spec in enumerate(specs):
            draw_body(c, spec, rng, "plain")
            truths.append(dict(spec.truth(), pages=[k + 1]))
        c.save()
        written.append((path, truths))
    return written


def scan_variants(source: Path, target: Path, rng: random.Random, variant: str) -> None:
    """Write a scan of a text PDF: plain, turned on its side, or under a garbage text layer."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(source))
    try:
        image = pdf[0].render(scale=200 / 72, grayscale=True).to_pil().convert("L")
    finally:
        pdf.close()
    image = image.rotate(rng.uniform(-1.0, 1.0), fillcolor=255)
    if variant == "turned":
        image = image.rotate(90, expand=True, fillcolor=255)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    c = Canvas(str(target), pagesize=(image.width * 72 / 200, image.height * 72 / 200))
    c.drawImage(ImageReader(io.BytesIO(buffer.getvalue())), 0, 0, image.width * 72 / 200,
                image.height * 72 / 200)
    if variant == "garbage":
        t = c.beginText(40, image.height * 72 / 200 - 60)
        t.setTextRenderMode(3)
        t.setFont("Helvetica", 10)
        for _ in range(30):
            t.textLine(" ".join("".join(rng.choice("bcdfghjklmnpqrstvwxz") for _ in range(6))
                                for _ in range(8)))
        c.drawText(t)
    c.showPage()
    c.save()
