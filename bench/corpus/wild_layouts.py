"""The wild layouts: how each is drawn, for which regions, and by which (made-up) body."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.corpus import wild_draw_a as a
from bench.corpus import wild_draw_b as b
from bench.corpus import wild_draw_c as c
from bench.corpus.wild import WildSpec, make_wild_spec, render_wild


@dataclass(frozen=True)
class Layout:
    draw: Callable
    regions: tuple[str, ...]
    cb: dict[str, str] | str
    ab: dict[str, tuple[str | None, str]]
    number: Callable[[random.Random, str, str], str]
    wide: bool = False
    style: str | None = None
    standards: tuple[tuple[str, ...], ...] = ()
    upper: tuple[str, ...] = ()


def _prefix(std: str) -> str:
    return {"42001": "AIMS", "27001": "IS", "9001": "FS", "27701": "PM"}.get(
        std.split()[-1].split(":")[0], "IS"
    )


def _kind(std: str) -> str:
    return {"42001": "AIMS", "27001": "ISMS", "9001": "AQ"}.get(
        std.split()[-1].split(":")[0], "ISMS"
    )


LAYOUTS_DEF: dict[str, Layout] = {
    "kitemark": Layout(
        a.kitemark,
        ("uk", "in", "jp"),
        "Kingsmark Assurance UK Limited",
        {r: ("UKAS", "003") for r in ("uk", "in", "jp")},
        lambda rng, region, std: f"{_prefix(std)} {rng.randint(500000, 799999)}",
        style="iso",
    ),
    "tuv_bilingual": Layout(
        a.tuv_bilingual,
        ("de", "at", "ch"),
        "TÜV Mittelland Management Service GmbH",
        {
            "de": ("DAkkS", "D-ZM-14137-01-00"),
            "at": ("DAkkS", "D-ZM-14137-01-01"),
            "ch": ("SAS", "SCESm 0123"),
        },
        lambda rng, region, std: f"12 {rng.randint(100, 999)} {rng.randint(10000, 99999)} TMS",
    ),
    "nordic_stacked": Layout(
        a.nordic_stacked,
        ("no", "se", "fi"),
        "Nordveritas Business Assurance Norway AS",
        {"no": ("NA", "MSYS 006"), "se": ("SWEDAC", "1411"), "fi": ("FINAS", "S 015")},
        lambda rng, region, std: (
            f"C{rng.randint(500000, 699999)}-{rng.randint(2022, 2025)}-"
            f"{_kind(std)}-{ {'no': 'NOR', 'se': 'SWE', 'fi': 'FIN'}[region] }"
        ),
    ),
    "surveillance_prose": Layout(
        a.surveillance_prose,
        ("uk", "pl", "es"),
        {
            "uk": "GSS United Kingdom Ltd",
            "pl": "GSS Polska Sp. z o.o.",
            "es": "GSS International Certification Services Ibérica S.A.U.",
        },
        {"uk": ("UKAS", "0005"), "pl": ("PCA", "AC 084"), "es": ("ENAC", "05/C-SC012")},
        lambda rng, region, std: (
            f"{ {'uk': 'GB', 'pl': 'PL', 'es': 'ES'}[region] }"
            f"{rng.randint(22, 25)}/{rng.randint(10000, 999999)}"
        ),
    ),
    "cycle_dates": Layout(
        c.cycle_dates,
        ("uk", "fr", "it"),
        "Bureau Meridian Certification",
        {"uk": ("UKAS", "0008"), "fr": ("COFRAC", "4-0001"), "it": ("ACCREDIA", "SGQ N° 009A")},
        lambda rng, region, std: f"{region.upper()}{rng.randint(10000, 999999):06d}",
        style="dash_long",
    ),
    "us_conformity": Layout(
        b.us_conformity,
        ("us", "us", "us"),
        "Shellwood & Company, LLC",
        {"us": ("ANAB", "")},
        lambda rng, region, std: f"{rng.randint(1000000, 1999999)}-{rng.randint(1, 4)}",
    ),
    "approval_schedule": Layout(
        b.approval_schedule,
        ("uk", "nl", "us"),
        "HRQA Limited",
        {"uk": ("UKAS", "001"), "nl": ("RvA", "C 007"), "us": ("ANAB", "")},
        lambda rng, region, std: str(rng.randint(10500000, 10799999)),
    ),
    "asia_registrar": Layout(
        b.asia_registrar,
        ("cn", "kr", "jp"),
        {
            "cn": "Huaxin Quality Certification Centre Co., Ltd.",
            "kr": "Korea Standards Assurance Co., Ltd.",
            "jp": "Japan Quality Registrar Co., Ltd.",
        },
        {"cn": ("CNAS", "C123-M"), "kr": ("KAB", "KAB-MS-123"), "jp": ("JAB", "CM041")},
        lambda rng, region, std: {
            "cn": f"01324IS{rng.randint(1000, 9999)}R1M",
            "kr": f"KSA-IS-{rng.randint(2022, 2025)}-{rng.randint(1000, 9999)}",
            "jp": f"JQR-IS {rng.randint(1000, 9999)}",
        }[region],
        upper=("cn",),
    ),
    "nordic_landscape": Layout(
        b.nordic_landscape,
        ("se", "fi", "dk"),
        "DQM Nordic AB",
        {"se": ("SWEDAC", "1234"), "fi": ("FINAS", "S 012"), "dk": ("DANAK", "6023")},
        lambda rng, region, std: f"{rng.randint(100000, 599999)} ISMS22",
        wide=True,
    ),
    "fr_en_slashes": Layout(
        b.fr_en_slashes,
        ("fr", "fr", "be"),
        "AFCERT Certification",
        {"fr": ("COFRAC", "4-0123"), "be": ("BELAC", "006-MS")},
        lambda rng, region, std: (
            f"{rng.randint(2020, 2025)}/{rng.randint(10000, 99999)}.{rng.randint(1, 4)}"
        ),
    ),
    "registrar_grid": Layout(
        c.registrar_grid,
        ("in", "us", "uk"),
        "Pinnacle Certification Services Pvt. Ltd.",
        {"in": ("IAS", "MSCB-123"), "us": ("IAS", "MSCB-123"), "uk": (None, "")},
        lambda rng, region, std: (
            f"PCS/{_kind(std)}/{rng.randint(1000, 9999)}/{rng.randint(2023, 2025)}"
        ),
    ),
    "integrated_annex": Layout(
        c.integrated_annex,
        ("de", "nl", "pl"),
        "TÜV Rheinmark Cert GmbH",
        {r: ("DAkkS", "D-ZM-16031-01-00") for r in ("de", "nl", "pl")},
        lambda rng, region, std: f"01 153 {rng.randint(1000000, 1999999)}",
        standards=(
            ("ISO/IEC 27001:2022", "ISO/IEC 27701:2019"),
            ("ISO/IEC 27001:2022", "ISO/IEC 27017:2015", "ISO/IEC 27018:2019"),
            ("ISO/IEC 42001:2023",),
        ),
    ),
    "compliance_anz": Layout(
        c.compliance_anz,
        ("au", "nz", "au"),
        "Southern Cross Certification Pty Ltd",
        {"au": ("JAS-ANZ", "M4560123AT"), "nz": ("JAS-ANZ", "M4560123AT")},
        lambda rng, region, std: f"SCC-{rng.randint(10000, 99999)}-{_kind(std)}",
    ),
}
LAYOUTS = {name: (layout.draw, layout.wide) for name, layout in LAYOUTS_DEF.items()}


def wild_spec(name: str, region: str, n: int, seed: int) -> tuple[WildSpec, random.Random]:
    """Return the spec for the n-th certificate of a layout."""
    layout = LAYOUTS_DEF[name]
    rng = random.Random(f"{seed}-wild-{name}-{n}")
    cb = layout.cb if isinstance(layout.cb, str) else layout.cb[region]
    ab, ab_number = layout.ab.get(region, (None, ""))
    standards = list(layout.standards[n % len(layout.standards)]) if layout.standards else None
    probe = standards or random.Random(f"{seed}-std-{name}-{n}").choice(
        [
            ["ISO/IEC 27001:2022"],
            ["ISO/IEC 42001:2023"],
            ["ISO/IEC 27001:2022", "ISO/IEC 27701:2019"],
            ["ISO 9001:2015"],
            ["ISO/IEC 27001:2013"],
        ]
    )
    spec = make_wild_spec(
        rng,
        f"{name}-{n}",
        name,
        region,
        cb=cb,
        ab=ab,
        ab_number=ab_number,
        number=layout.number(rng, region, probe[0]),
        standards=probe,
        style=layout.style,
        upper=region in layout.upper,
    )
    return spec, rng


def write_wild(out_dir: Path, seed: int = 42) -> list[tuple[Path, str, dict]]:
    """Write every wild certificate; return (path, layout, truth) per file."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, layout in LAYOUTS_DEF.items():
        for n, region in enumerate(layout.regions):
            spec, rng = wild_spec(name, region, n, seed)
            path = out_dir / f"{name}-{n}.pdf"
            render_wild(spec, path, rng)
            written.append((path, name, spec.truth()))
    return written
