"""Body layouts for development: Dutch RvA, a UKAS certificate told in one paragraph, a US IAS
42001 page with a QR square, English/Spanish columns, a DANAK/NA page with a sites appendix.

This family was written apart from the reader as a held-out family of the sixth round of issue
10 and measured once unseen (82.4 %; 83.6 % before that round's last rules); its failures were
then read, so it moved to development and is scored with the "bodies" family.

Five layouts (bodies_prose_draw.py):
- rva_nl: a Dutch body (RvA), Dutch only: "CERTIFICAAT", "Certificaatnummer", "Hierbij wordt
  verklaard dat het managementsysteem van" over the holder, a KvK number, "Toepassingsgebied",
  "Vestigingen", the dates as "Eerste certificatiedatum / Datum van uitgifte / Geldig tot" or
  "Datum eerste uitgifte / Datum huidige uitgifte / Vervaldatum", "3 maart 2025" or 03-03-2025.
- ukas_prose: a UK body (UKAS): every field in one paragraph of prose ("This is to certify that
  <holder>, of <address>, operates ... Certificate number X was first issued on ... and
  reissued on ...; it expires on ..."), worded three ways; one holder with a trading name
  ("Ltd t/a ..."), one with 27017 "incorporated" into a 27001 certificate.
- ias_ai_qr: a US registrar's ISO/IEC 42001:2023 certificate (IAS): a QR-code-like square, the
  scope in a grey box, "Organization's AI role(s)", a table of "Registration Number", "Date of
  Original Registration", "Current Certificate Date", "Registration Expiration Date", once with
  a surveillance due date under it.
- columns_en_es: a Colombian body (ONAC): English left, Spanish right, every field in both
  columns, the dates in each column's words ("3 March 2025" / "3 de marzo de 2025").
- nordic_appendix: a Danish or Norwegian body (DANAK, NA) in English: the number and dates only
  in a ruled row of cells at the foot ("Certificate no.", "First certified", "Valid from",
  "Valid to"), the sites on a second page, "Appendix 1", with an activities column.

Every variant of bodies.VARIANTS is drawn, each three times. Organisations and certification
bodies are made up; accreditation bodies are real. Truth is what the page prints (dates in ISO
form, null for a field the page does not print, sites only where a site list is printed, names
and scopes in the page's language; the Spanish scope and a holder's legal name without its
trading name are accepted too).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from reportlab.lib.pagesizes import A4, LETTER

from bench.corpus import bodies_prose_draw as draw
from bench.corpus.bodies import as_spec, finish_spec, write_family
from bench.corpus.bodies_prose_draw import LatestSpec
from bench.corpus.wild import WPen, make_wild_spec

NL_ORGS = ["Zilverberg Data B.V.", "Koppelaar Software B.V.", "Brinkhorst Cloud Services B.V."]
NL_ADDRESSES = [["Catharijnesingel 53", "3511 GC Utrecht", "Nederland"],
                ["Kastanjelaan 400", "5616 LZ Eindhoven", "Nederland"],
                ["Wilhelminakade 91", "3072 AP Rotterdam", "Nederland"]]
NL_SCOPES = {
    "27001": "Het ontwikkelen, hosten en beheren van cloudapplicaties voor salarisadministratie "
             "en personeelsbeheer.",
    "42001": "Het ontwikkelen, trainen, valideren en beheren van AI-modellen voor het "
             "automatisch beoordelen van schadeclaims.",
    "9001": "Het ontwerpen, ontwikkelen en onderhouden van maatwerksoftware voor logistieke "
            "dienstverleners.",
}
UK_ORGS = [("Thornbury Data Ltd", " t/a Thornbury AI"), ("Ashcombe Software Limited", ""),
           ("Wexcombe Cloud Services Ltd", " trading as Wexcombe Hosting")]
UK_ADDRESSES = [["4 Whiteladies Road", "Bristol BS8 1PD", "United Kingdom"],
                ["Unit 12, Kingsway Business Park", "Manchester M19 1BB", "United Kingdom"],
                ["37 Castle Street", "Edinburgh EH2 3DN", "United Kingdom"]]
US_ORGS = ["Sagebrush Clinical AI, Inc.", "Tidewater Robotics LLC", "Copperleaf Insights Corp."]
US_AI_SCOPES = [
    "Development, validation and operation of machine-learning models that triage radiology "
    "worklists for hospital networks.",
    "Design, training and deployment of computer-vision models for autonomous warehouse "
    "robots, including post-deployment monitoring.",
    "Provision of a large-language-model contract review service, including data curation, "
    "model evaluation and human oversight processes.",
]
US_ROLES = ["AI developer, AI provider", "AI producer, AI provider", "AI provider, AI user"]
US_SITES = [("Engineering", ["500 Pearl Street, Suite 300", "Denver, CO 80203",
                             "United States"])]
CO_ORGS = ["Guayacán Soluciones Digitales S.A.S.", "Ceiba Analítica S.A.",
           "Frailejón Nube y Datos S.A.S."]
CO_ADDRESSES = [["Carrera 7 # 71-21, Torre B, Piso 9", "Bogotá D.C., 110231", "Colombia"],
                ["Calle 10 # 43E-31, Oficina 502", "Medellín, Antioquia", "Colombia"],
                ["Avenida 6N # 23-45", "Cali, Valle del Cauca", "Colombia"]]
CO_SCOPES = {
    "27001": ("Provision of electronic invoicing and payroll software as a service, including "
              "hosting and customer support.",
              "Prestación de servicios de software de facturación electrónica y nómina en la "
              "nube, incluido el alojamiento y el soporte a clientes."),
    "42001": ("Development and operation of artificial intelligence models for credit risk "
              "scoring.",
              "Desarrollo y operación de modelos de inteligencia artificial para la calificación "
              "del riesgo crediticio."),
    "9001": ("Design, development and support of management software for public utilities.",
             "Diseño, desarrollo y soporte de software de gestión para empresas de servicios "
             "públicos."),
}
NORDIC = {
    "dk": (["Skovgaard Digital A/S", "Havblik Cloud ApS"],
           [["Vesterbrogade 149", "1620 København V", "Denmark"],
            ["Åboulevard 21", "8000 Aarhus C", "Denmark"],
            ["Havnegade 36", "5000 Odense C", "Denmark"]]),
    "no": (["Fjordline Analytics AS"],
           [["Karenslyst allé 8", "0278 Oslo", "Norway"],
            ["Bryggen 12", "5003 Bergen", "Norway"]]),
}
NORDIC_SITES = [("Data centre", "Hosting and operation of the platform"),
                ("Development office", "Software development and testing")]
NORDIC_WORK = "Management, sales and customer support"
ACCEPT_AB = {"no": {"accreditation_body": ["Norsk akkreditering"]},
             "dk": {"accreditation_body": ["Den Danske Akkrediteringsfond"]}}
# Regions the wild data lacks are drawn as a near one, then given their own names and addresses.
BASE_REGION = {"co": "es"}
KINDS = {"27001": "ISMS", "9001": "QMS", "42001": "AIMS"}
PEOPLE = {"nl": ("Marieke van der Linden", "Directeur"),
          "uk": ("Jonathan Pryce", "Certification Manager"),
          "us": ("Rebecca Alvarez", "Director of Certification"),
          "co": ("Lucía Restrepo", "Directora de Certificación"),
          "dk": ("Mette Kjær", "Certification Manager"),
          "no": ("Ingrid Haugen", "Certification Manager")}


def _kind(s: LatestSpec) -> str:
    return next(v for k, v in KINDS.items() if k in s.standards[0])


def _netherlands(s: LatestSpec, rng: random.Random, n: int) -> LatestSpec:
    address = NL_ADDRESSES[n % 3]
    extra = [("", NL_ADDRESSES[(n + 1) % 3])] if n == 2 else []
    return replace(s, org=NL_ORGS[n % 3], address=list(address), extra_sites=extra,
                   scope=next(v for k, v in NL_SCOPES.items() if k in s.standards[0]),
                   brand="DIJKSTRA", date_style=("nl_long", "dash", "nl_long")[n % 3],
                   accept={"accreditation_body": ["Raad voor Accreditatie"]})


def _uk(s: LatestSpec, rng: random.Random, n: int) -> LatestSpec:
    legal, trading = UK_ORGS[n % 3]
    initial = None if n == 1 else s.issue.replace(year=s.issue.year - 3 - n % 2,
                                                  day=min(s.issue.day, 28))
    accept = {"organization": [legal]} if trading else {}
    return replace(s, org=legal + trading, address=list(UK_ADDRESSES[n % 3]), extra_sites=[],
                   initial=initial, brand="HARWOOD", accept=accept,
                   date_style=("long", "long", "short")[n % 3])


def _us_ai(s: LatestSpec, rng: random.Random, n: int) -> LatestSpec:
    extra = [(name, list(lines)) for name, lines in US_SITES] if n == 2 else []
    if n == 0:  # certified a year before this issue
        s = replace(s, initial=max(s.issue.replace(year=s.issue.year - 1), date(2024, 2, 5)))
    return replace(s, org=US_ORGS[n % 3], scope=US_AI_SCOPES[n % 3], roles=US_ROLES[n % 3],
                   extra_sites=extra, brand="RIDGELINE",
                   date_style=("us_long", "us_slash", "us_long")[n % 3])


def _colombia(s: LatestSpec, rng: random.Random, n: int) -> LatestSpec:
    extra = [("", CO_ADDRESSES[(n + 1) % 3])] if n == 1 else []
    scope, scope_es = next(v for k, v in CO_SCOPES.items() if k in s.standards[0])
    return replace(s, org=CO_ORGS[n % 3], address=list(CO_ADDRESSES[n % 3]), extra_sites=extra,
                   scope=scope, scope_es=scope_es, brand="CORDILLERA",
                   accept={"scope": [scope_es]},
                   date_style=("es_long", "uk_slash", "es_long")[n % 3])


def _nordic(s: LatestSpec, rng: random.Random, n: int) -> LatestSpec:
    orgs, addresses = NORDIC[s.region]
    address = addresses[0] if s.region == "no" else addresses[n % 2]
    others = [a for a in addresses if a != address]
    count = (2, 0, 1)[n % 3]
    extra = [(NORDIC_SITES[k][0], list(others[k])) for k in range(count)]
    work = [NORDIC_WORK] + [NORDIC_SITES[k][1] for k in range(count)]
    return replace(s, org=orgs[n % len(orgs)], address=list(address), extra_sites=extra,
                   activities=work, brand="ØRESUND", accept=ACCEPT_AB.get(s.region, {}),
                   date_style=("dash", "long", "iso")[n % 3])


@dataclass(frozen=True)
class LatestLayout:
    draw: Callable[[WPen], None]
    regions: tuple[str, ...]
    cb: str
    ab: dict[str, tuple[str | None, str]]
    number: Callable[[random.Random, LatestSpec], str]
    standards: tuple[tuple[str, ...], ...]
    prepare: Callable[[LatestSpec, random.Random, int], LatestSpec]


LATEST_LAYOUTS: dict[str, LatestLayout] = {
    "rva_nl": LatestLayout(
        draw.rva_nl, ("nl", "nl", "nl"), "Dijkstra Certificering B.V.",
        {"nl": ("RvA", "C 517")},
        lambda rng, s: f"DC-{_kind(s)}-{s.issue.year}-{rng.randint(1000, 9999)}",
        (("ISO/IEC 42001:2023",), ("ISO 9001:2015",), ("ISO/IEC 27001:2022",)), _netherlands,
    ),
    "ukas_prose": LatestLayout(
        draw.ukas_prose, ("uk", "uk", "uk"), "Harwood Assurance Services Ltd",
        {"uk": ("UKAS", "1187")},
        lambda rng, s: str(rng.randint(10000, 99999)),
        (("ISO/IEC 27001:2022",), ("ISO 9001:2015",),
         ("ISO/IEC 27001:2022", "ISO/IEC 27017:2015")), _uk,
    ),
    "ias_ai_qr": LatestLayout(
        draw.ias_ai_qr, ("us", "us", "us"), "Ridgeline Conformity Registrar, LLC",
        {"us": ("IAS", "MSCB-186")},
        lambda rng, s: f"RCR-{rng.randint(10, 99)}-{rng.randint(1000, 9999)}-AI",
        (("ISO/IEC 42001:2023",),), _us_ai,
    ),
    "columns_en_es": LatestLayout(
        draw.columns_en_es, ("co", "co", "co"), "Cordillera Certificación S.A.S.",
        {"co": ("ONAC", "14-CSG-007")},
        lambda rng, s: f"CO-{_kind(s)}-{rng.randint(100, 999)}-{s.issue.year % 100}",
        (("ISO/IEC 27001:2022",), ("ISO/IEC 42001:2023",), ("ISO 9001:2015",)), _colombia,
    ),
    "nordic_appendix": LatestLayout(
        draw.nordic_appendix, ("dk", "no", "dk"), "Øresund Certificering A/S",
        {"dk": ("DANAK", "Reg. nr. 7021"), "no": ("NA", "MSYS 012")},
        lambda rng, s: f"{s.region.upper()}-{_kind(s)}-{rng.randint(10000, 99999)}",
        (("ISO/IEC 27001:2022",), ("ISO 9001:2015",), ("ISO/IEC 42001:2023",)), _nordic,
    ),
}


def latest_spec(name: str, n: int, seed: int) -> tuple[LatestSpec, random.Random]:
    """Return the n-th spec of a layout."""
    layout = LATEST_LAYOUTS[name]
    region = layout.regions[n % len(layout.regions)]
    rng = random.Random(f"{seed}-bodies-latest-{name}-{n}")
    ab, ab_number = layout.ab.get(region, (None, ""))
    wild = make_wild_spec(rng, f"{name}-{n}", name, BASE_REGION.get(region, region),
                          cb=layout.cb, ab=ab, ab_number=ab_number, number="",
                          standards=list(layout.standards[n % len(layout.standards)]))
    spec = as_spec(LatestSpec, wild)
    spec = replace(spec, region=region, soa="", person=PEOPLE[region], wording=n)
    return finish_spec(spec, rng, n, layout.prepare, layout.number), rng


def write_bodies_prose(out_dir: Path, seed: int = 42) -> list[tuple[Path, str, str, dict]]:
    """Write the family; return (path, layout, variant, truth) per file."""
    return write_family(out_dir, LATEST_LAYOUTS, lambda name, n: latest_spec(name, n, seed),
                        lambda spec, layout: LETTER if spec.region == "us" else A4)
