"""Body layouts for development with tables, histories and schedules of sites.

This family was written apart from the reader as the held-out family "bodies_fresh" in the sixth
round of issue 10 and measured once unseen (85.5 % on main at 5f24e61); its failures were then
read, so it moved to development and is scored with the "bodies" family.

Five layouts (bodies_history_draw.py):
- shaded_table: a Singapore body (SAC): every field in a ruled table whose label column is
  shaded, some labels on two lines beside a value centred between them; the sites, when there
  are several, in one row; dates as "03 Mar 2025".
- big_name: an ISO/IEC 42001 certificate with the organisation in very large type at the top,
  a "Statement of Applicability: version ..." line, dates in prose with ordinal days ("3rd
  March 2025"), a number like "CERT-42001-0097" and the body's name only in the footer under
  its signatory.
- bilingual_it: an Italian body (ACCREDIA): every label in Italian then English, the operative
  units listed, the first, current and expiry dates in three boxes along the bottom.
- sites_schedule: an Indian body (NABCB, UKAS): a long scope of several clauses, every
  certified location with its address in a numbered grid of two columns, a number like
  "IS 785432", dates as "03-Mar-2025" after colons, and a "Certificate Issue No." besides.
- issue_history: an Irish or British body (INAB, UKAS): no first or current date labels, only a
  ruled "Certificate history" table (issue, date, reason) and "This certificate expires on".

Every variant of bodies.VARIANTS is drawn. Organisations and certification bodies are made up;
accreditation bodies are real. Truth is what the page prints (dates in ISO form, null for a
field the page does not print).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from bench.corpus import bodies_history_draw as draw
from bench.corpus.bodies import write_family
from bench.corpus.wild import WildSpec, WPen, make_wild_spec, page_size
from bench.corpus.wild_data import ADDRESSES, SCOPES, STEMS

SG_ADDRESSES = [
    ["10 Anson Road, #22-02 International Plaza", "Singapore 079903"],
    ["1 Fusionopolis Way, #08-10 Connexis", "Singapore 138632"],
    ["51 Changi Business Park Central 2, #04-05", "Singapore 486066"],
]
IT_SITES = [
    ("Unità operativa", ["Corso Vittorio Emanuele II 72", "10121 Torino (TO)", "Italia"]),
    ("Unità operativa", ["Via dei Mille 24", "80121 Napoli (NA)", "Italia"]),
]
IN_SITES = [
    ("Development Centre", ["Unit 4B, SEZ Tower 2, Hinjewadi Phase II", "Pune 411057",
                            "Maharashtra, India"]),
    ("Delivery Centre", ["Plot 12, HITEC City, Madhapur", "Hyderabad 500081",
                         "Telangana, India"]),
    ("Data Centre", ["No. 44, Rajiv Gandhi Salai, Taramani", "Chennai 600113",
                     "Tamil Nadu, India"]),
]
IE_ADDRESSES = [
    ["Unit 12, Eastgate Business Park", "Little Island, Cork T45 KH74", "Ireland"],
    ["2 Grand Canal Square", "Dublin 2, D02 A342", "Ireland"],
]
# Regions the wild data lacks are drawn as a near one, then given their own names and addresses.
BASE_REGION = {"sg": "in", "ie": "uk"}
KINDS = {"27001": "IS", "9001": "QM", "42001": "AI"}
SYSTEMS = {"IS": "ISMS", "QM": "QMS", "AI": "AIMS"}


def _kind(spec: WildSpec) -> str:
    return next(v for k, v in KINDS.items() if k in spec.standards[0])


def _singapore(spec: WildSpec, rng: random.Random, n: int) -> WildSpec:
    org = f"{rng.choice(STEMS)} {rng.choice(('Data Systems', 'Cloud', 'Analytics'))} Pte. Ltd."
    address = SG_ADDRESSES[n % len(SG_ADDRESSES)]
    extra = [("Data centre", SG_ADDRESSES[(n + 1) % 3])] if n == 1 else []
    return replace(spec, org=org, address=list(address), extra_sites=extra)


def _aims(spec: WildSpec, rng: random.Random, n: int) -> WildSpec:
    soa_date = spec.issue - timedelta(days=rng.randint(20, 90))
    soa = (f"Statement of Applicability: version {rng.randint(1, 4)}.{rng.randint(0, 9)}, "
           f"dated {draw.ordinal(soa_date)}")
    return replace(spec, soa=soa, soa_in_scope=False, extra_sites=[])


def _italy(spec: WildSpec, rng: random.Random, n: int) -> WildSpec:
    extra = [IT_SITES[:2], [], IT_SITES[1:]][n % 3]
    return replace(spec, soa="", extra_sites=[(name, list(lines)) for name, lines in extra])


def _india(spec: WildSpec, rng: random.Random, n: int) -> WildSpec:
    first, second = rng.sample(SCOPES, 2)
    scope = (f"{first}, and {second[0].lower()}{second[1:]}, including the supporting "
             "processes of human resources, procurement, facilities management and IT "
             "infrastructure operations at the locations listed below, for clients in India, "
             "the United Kingdom and the United States.")
    address = ADDRESSES["in"][n % len(ADDRESSES["in"])]
    extra = IN_SITES[: 2 + n % 2]
    return replace(spec, soa="", scope=scope, address=list(address),
                   extra_sites=[(name, list(lines)) for name, lines in extra])


def _history(spec: WildSpec, rng: random.Random, n: int) -> WildSpec:
    years = 1 if "42001" in spec.standards[0] else rng.randint(1, 7)
    initial = spec.initial or spec.issue.replace(year=spec.issue.year - years)
    address = IE_ADDRESSES[n % 2] if spec.region == "ie" else spec.address
    return replace(spec, soa="", initial=initial, address=list(address), extra_sites=[])


@dataclass(frozen=True)
class FreshLayout:
    draw: Callable[[WPen], None]
    regions: tuple[str, ...]
    cb: str
    ab: dict[str, tuple[str | None, str]]
    number: Callable[[random.Random, WildSpec], str]
    standards: tuple[tuple[str, ...], ...]
    styles: tuple[str, ...]  # date styles, by the certificate's number within the layout
    prepare: Callable[[WildSpec, random.Random, int], WildSpec]


FRESH_LAYOUTS: dict[str, FreshLayout] = {
    "shaded_table": FreshLayout(
        draw.shaded_table, ("sg", "sg", "sg"), "Harbourfront Certification Pte. Ltd.",
        {"sg": ("SAC", "MS-2019-117")},
        lambda rng, s: f"SG-{SYSTEMS[_kind(s)]}-{s.issue.year}-{rng.randint(1, 999):04d}",
        (("ISO/IEC 27001:2022",), ("ISO 9001:2015",), ("ISO/IEC 27001:2022",)),
        ("dmon", "dmon", "long"), _singapore,
    ),
    "big_name": FreshLayout(
        draw.big_name, ("us", "uk", "us"), "Corvane Assurance, LLC",
        {"us": ("ANAB", ""), "uk": ("UKAS", "8431")},
        lambda rng, s: f"CERT-42001-{rng.randint(1, 999):04d}",
        (("ISO/IEC 42001:2023",),), ("ordinal",), _aims,
    ),
    "bilingual_it": FreshLayout(
        draw.bilingual_it, ("it", "it", "it"), "Ligurcert S.r.l.",
        {"it": ("ACCREDIA", "SGQ N° 047A")},
        lambda rng, s: f"{rng.randint(1000, 9999)}-{_kind(s)[0]}",
        (("ISO 9001:2015",), ("ISO/IEC 42001:2023",), ("ISO/IEC 27001:2022",)),
        ("uk_slash",), _italy,
    ),
    "sites_schedule": FreshLayout(
        draw.sites_schedule, ("in", "in", "in"), "Deccan Quality Registrars Pvt. Ltd.",
        {"in": ("NABCB", "MSCB-187")},
        lambda rng, s: f"{_kind(s)} {rng.randint(100000, 999999)}",
        (("ISO/IEC 27001:2022",), ("ISO 9001:2015",),
         ("ISO/IEC 27001:2022", "ISO/IEC 27701:2019")),
        ("dmon_dash",), _india,
    ),
    "issue_history": FreshLayout(
        draw.issue_history, ("ie", "uk", "ie"), "Liffey Certification Limited",
        {"ie": ("INAB", "Reg. No. 3MS"), "uk": ("UKAS", "7712")},
        lambda rng, s: f"LCL/{_kind(s)}/{rng.randint(1000, 9999)}",
        (("ISO/IEC 27001:2022",), ("ISO/IEC 42001:2023",), ("ISO 9001:2015",)),
        ("uk_slash", "long", "short"), _history,
    ),
}


def fresh_spec(name: str, n: int, seed: int) -> tuple[WildSpec, random.Random]:
    """Return the n-th spec of a layout."""
    layout = FRESH_LAYOUTS[name]
    region = layout.regions[n % len(layout.regions)]
    rng = random.Random(f"{seed}-bodies-fresh-{name}-{n}")
    ab, ab_number = layout.ab.get(region, (None, ""))
    spec = make_wild_spec(rng, f"{name}-{n}", name, BASE_REGION.get(region, region),
                          cb=layout.cb, ab=ab, ab_number=ab_number, number="",
                          standards=list(layout.standards[n % len(layout.standards)]))
    spec = replace(spec, region=region, date_style=layout.styles[n % len(layout.styles)])
    if "42001" in spec.standards[0]:  # published in December 2023: no earlier certificate
        issue = date(2024, 9, 1) + timedelta(days=rng.randint(0, 300))
        initial = issue.replace(year=issue.year - 1) if spec.initial else None
        spec = replace(spec, issue=issue, initial=initial,
                       expiry=issue.replace(year=issue.year + 3) - timedelta(days=1))
    spec = layout.prepare(spec, rng, n)
    number = layout.number(rng, spec)
    return replace(spec, number=number, number_printed=number), rng


def write_bodies_history(out_dir: Path, seed: int = 42) -> list[tuple[Path, str, str, dict]]:
    """Write the family; return (path, layout, variant, truth) per file."""
    return write_family(out_dir, FRESH_LAYOUTS, lambda name, n: fresh_spec(name, n, seed),
                        lambda spec, layout: page_size(spec))
