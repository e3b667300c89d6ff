"""Body layouts for development in national languages: French COFRAC, German DAkkS with a
sites annex, Brazilian Cgcre, a US 42001 dark sidebar, a SANAS footer line.

This family was written apart from the reader as the held-out "bodies_unseen" of the sixth round
of issue 10 and measured once unseen (86.7 %); its failures were then read, so it moved to
development and is scored with the "bodies" family.

Five layouts (bodies_national_draw.py):
- cofrac_fr: a French body (COFRAC), French only: "Certificat N°" in the corner, "délivré à"
  over the holder, a SIREN number, the scope under "Périmètre de certification", "Sites
  certifiés", the dates "Date de première certification", "Date de délivrance", "Date
  d'échéance" as "1er juillet 2025" or 01/07/2025, "Fait à Lyon, le ...".
- dakks_annex: a German body (DAkkS), German only: "Zertifikatsnummer", an audit report number,
  "Geltungsbereich" beside the scope, "Gültigkeit: 01.07.2025 bis 30.06.2028" (or "vom ... bis
  einschließlich ...", or "1. Juli 2025 – 30. Juni 2028"), "Erstzertifizierung", and the sites
  on a second page, "Anlage zum Zertifikat Nr. ...", a table of number, site name and address.
- cgcre_br: a Brazilian body (Cgcre), Portuguese only: "Certificado nº", the holder's CNPJ,
  "Escopo", "Unidades certificadas", "Data da certificação inicial", "Data desta emissão",
  "Válido até", dates as 01/07/2025 or "1º de julho de 2025".
- sidebar_ai: an ISO/IEC 42001:2023 certificate from a US registrar (ANAB): the labels in white
  on a dark left sidebar ("Certificate Holder:", "AI Management System Scope:" wrapped when
  the font is wide, "Cert. No.:", "Initially Certified:", "Effective:", "Expiration:"), the
  values beside them in the main area.
- footer_line: a South African body (SANAS): "This certificate is awarded to" the holder in a
  sentence, the activities "in respect of" it, the number and dates only in one footer line
  "Certificate No. X | First issued: ... | Issued: ... | Expires: ..."; one certificate states
  "valid for three years from the date of issue" and prints no expiry (truth: null); one is
  "ISO/IEC 27701:2019 as an extension to ISO/IEC 27001:2022" (standard 27701, standards both).

Every variant of bodies.VARIANTS is drawn, each three times. Organisations and certification
bodies are made up; accreditation bodies are real. Truth is what the page prints (dates in ISO
form, null for a field the page does not print, sites only where a site list is printed, names
and scopes in the page's language).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from reportlab.lib.pagesizes import A4, LETTER

from bench.corpus import bodies_national_draw as draw
from bench.corpus.bodies import as_spec, finish_spec, write_family
from bench.corpus.bodies_national_draw import UnseenSpec
from bench.corpus.wild import WPen, make_wild_spec

FR_ORGS = ["Solvika Services Numériques SAS", "Marlowe Informatique S.A.",
           "Altamira Données et Cloud SARL"]
FR_ADDRESSES = [["14 avenue de l'Opéra", "75001 Paris", "France"],
                ["27 quai de la Fosse", "44000 Nantes", "France"],
                ["Parc Technologique, 5 allée Ampère", "31400 Toulouse", "France"]]
FR_SCOPES = {
    "27001": "Conception, développement, hébergement et maintenance de solutions logicielles de "
             "gestion de la paie en mode SaaS.",
    "42001": "Conception, entraînement, validation et exploitation de modèles d'apprentissage "
             "automatique pour l'analyse des déclarations de sinistres d'assurance.",
    "9001": "Conception, développement, déploiement et assistance de logiciels de gestion pour "
            "les collectivités territoriales.",
}
DE_ORGS = ["Halvorsen Datentechnik GmbH", "Veldmark Software AG",
           "Nordhavn IT-Dienste GmbH & Co. KG"]
DE_ADDRESSES = [["Lindenallee 44", "50968 Köln", "Deutschland"],
                ["Speicherstraße 12", "60327 Frankfurt am Main", "Deutschland"],
                ["Leopoldstraße 175", "80804 München", "Deutschland"],
                ["Am Wallgraben 99", "70565 Stuttgart", "Deutschland"]]
DE_SITE_NAMES = ["Rechenzentrum", "Entwicklungsstandort", "Servicezentrum"]
DE_SCOPES = [
    "Entwicklung, Betrieb und Support von Cloud-Lösungen für das Personalmanagement "
    "einschließlich des Rechenzentrumsbetriebs",
    "Entwicklung, Vertrieb und Wartung von Software für die Fertigungssteuerung",
    "Betrieb von Rechenzentren und Erbringung von Managed-Hosting-Dienstleistungen",
]
BR_ORGS = ["Araucária Tecnologia da Informação Ltda.", "Jequitibá Sistemas S.A.",
           "Cerrado Dados e Nuvem Ltda."]
BR_ADDRESSES = [["Av. Paulista, 1842, 12º andar – Bela Vista", "São Paulo – SP, 01310-200",
                 "Brasil"],
                ["Rua XV de Novembro, 556, Centro", "Curitiba – PR, 80020-310", "Brasil"],
                ["SCN Quadra 5, Bloco A, Sala 1210", "Brasília – DF, 70715-900", "Brasil"]]
BR_SCOPES = {
    "9001": "Desenvolvimento, implantação e suporte técnico de software de gestão empresarial "
            "(ERP) para o setor de varejo.",
    "27001": "Serviços de hospedagem em nuvem, operação de data center e suporte técnico a "
             "clientes corporativos.",
    "42001": "Desenvolvimento, validação e operação de modelos de inteligência artificial para "
             "análise de crédito.",
}
US_AI_SCOPES = [
    "Design, development, deployment and monitoring of machine-learning models for medical "
    "claims review and prior authorization support.",
    "Provision of a generative AI writing assistant and its retrieval-augmented search "
    "platform, including model evaluation and incident management.",
    "Development and operation of computer-vision quality inspection systems for "
    "manufacturers.",
]
US_SITES = [("Engineering", ["2200 Research Boulevard, Suite 400", "Austin, TX 78758",
                             "United States"])]
ZA_ORGS = ["Kestrel Data Systems (Pty) Ltd", "Umhlanga Cloud Services (Pty) Ltd",
           "Protea Payment Solutions (Pty) Ltd"]
ZA_ADDRESSES = [["2nd Floor, 11 Alice Lane, Sandton", "Johannesburg 2196", "South Africa"],
                ["Block C, Century City Office Park", "Cape Town 7441", "South Africa"],
                ["14 Umhlanga Ridge Boulevard", "Durban 4319", "South Africa"]]
# Regions the wild data lacks are drawn as a near one, then given their own names and addresses.
BASE_REGION = {"br": "es", "za": "uk"}
KINDS = {"27701": "PIMS", "27001": "ISMS", "9001": "QMS", "42001": "AIMS"}
KINDS_PT = {"27001": "SGSI", "9001": "SGQ", "42001": "SGIA"}
PEOPLE = {"fr": ("Claire Dubreuil", "Directrice Générale"),
          "de": ("Dr. Matthias Brenner", "Leiter der Zertifizierungsstelle"),
          "br": ("Ana Beatriz Moreira", "Diretora de Certificação"),
          "us": ("Karen Whitfield", "President"), "za": ("Sipho Ndlovu", "Managing Director")}


def _kind(s: UnseenSpec, kinds: dict[str, str] = KINDS) -> str:
    return next(v for k, v in kinds.items() if k in s.standards[0])


def _france(s: UnseenSpec, rng: random.Random, n: int) -> UnseenSpec:
    address = FR_ADDRESSES[n % 3]
    extra = [("", FR_ADDRESSES[(n + 1) % 3])] if n != 1 else []
    siren = f"{rng.randint(300, 899)} {rng.randint(100, 999)} {rng.randint(100, 999)}"
    return replace(s, org=FR_ORGS[n % 3], address=list(address), extra_sites=extra,
                   scope=next(v for k, v in FR_SCOPES.items() if k in s.standards[0]),
                   tax_id=f"SIREN {siren}", brand="VEYRAC CERTIFICATION",
                   date_style=("fr_long", "uk_slash", "fr_long")[n % 3])


def _germany(s: UnseenSpec, rng: random.Random, n: int) -> UnseenSpec:
    address = DE_ADDRESSES[n % 3]
    others = [a for a in DE_ADDRESSES if a != address]
    extra = [(DE_SITE_NAMES[k], list(others[k])) for k in range((0, 2, 1)[n % 3])]
    return replace(s, org=DE_ORGS[n % 3], address=list(address), extra_sites=extra,
                   scope=DE_SCOPES[n % 3], brand="RZG",
                   date_style=("dotted", "dotted", "de_long")[n % 3])


def _brazil(s: UnseenSpec, rng: random.Random, n: int) -> UnseenSpec:
    address = BR_ADDRESSES[n % 3]
    extra = [("", BR_ADDRESSES[(n + 2) % 3])] if n == 1 else []
    cnpj = (f"CNPJ {rng.randint(10, 99)}.{rng.randint(100, 999)}.{rng.randint(100, 999)}/0001-"
            f"{rng.randint(10, 99)}")
    return replace(s, org=BR_ORGS[n % 3], address=list(address), extra_sites=extra,
                   scope=next(v for k, v in BR_SCOPES.items() if k in s.standards[0]),
                   tax_id=cnpj, brand="IPÊ CERTIFICAÇÕES",
                   date_style=("uk_slash", "pt_long", "uk_slash")[n % 3])


def _us_ai(s: UnseenSpec, rng: random.Random, n: int) -> UnseenSpec:
    extra = [(name, list(lines)) for name, lines in US_SITES] if n == 2 else []
    if n == 1:  # a second certificate: certified a year before this issue
        s = replace(s, initial=max(s.issue.replace(year=s.issue.year - 1), date(2024, 3, 4)))
    return replace(s, scope=US_AI_SCOPES[n % 3], extra_sites=extra, brand="CASCADIA TRUST",
                   date_style=("us_long", "us_slash", "us_long")[n % 3])


def _south_africa(s: UnseenSpec, rng: random.Random, n: int) -> UnseenSpec:
    address = ZA_ADDRESSES[n % 3]
    extra = [("", ZA_ADDRESSES[(n + 1) % 3])] if n == 0 else []
    return replace(s, org=ZA_ORGS[n % 3], address=list(address), extra_sites=extra,
                   brand="KARIEGA", validity_years=3 if n == 1 else 0,
                   date_style=("long", "ymd_slash", "short")[n % 3])


@dataclass(frozen=True)
class UnseenLayout:
    draw: Callable[[WPen], None]
    regions: tuple[str, ...]
    cb: str
    ab: dict[str, tuple[str | None, str]]
    number: Callable[[random.Random, UnseenSpec], str]
    standards: tuple[tuple[str, ...], ...]
    prepare: Callable[[UnseenSpec, random.Random, int], UnseenSpec]
    accept: dict[str, list[str]] | None = None  # other names the page prints for a field


UNSEEN_LAYOUTS: dict[str, UnseenLayout] = {
    "cofrac_fr": UnseenLayout(
        draw.cofrac_fr, ("fr", "fr", "fr"), "Veyrac Certification",
        {"fr": ("COFRAC", "4-0587")},
        lambda rng, s: f"{s.issue.year}/{rng.randint(10000, 99999)}.{rng.randint(1, 4)}",
        (("ISO/IEC 27001:2022",), ("ISO/IEC 42001:2023",), ("ISO 9001:2015",)), _france,
        accept={"certification_body": ["Veyrac Certification SAS"]},
    ),
    "dakks_annex": UnseenLayout(
        draw.dakks_annex, ("de", "de", "de"), "Rheinweiler Zertifizierungsgesellschaft mbH",
        {"de": ("DAkkS", "D-ZM-16244-01-00")},
        lambda rng, s: f"{rng.randint(10, 99)} {rng.choice((100, 104, 105))} "
                       f"{rng.randint(10000, 99999)} RZG",
        (("ISO/IEC 27001:2022",), ("ISO 9001:2015",), ("ISO/IEC 27001:2022",)), _germany,
    ),
    "cgcre_br": UnseenLayout(
        draw.cgcre_br, ("br", "br", "br"), "Ipê Certificações Ltda.",
        {"br": ("Cgcre", "OCS 0071")},
        lambda rng, s: f"IPE-{_kind(s, KINDS_PT)}-{rng.randint(1000, 9999)}/{s.issue.year % 100}",
        (("ISO 9001:2015",), ("ISO/IEC 27001:2022",), ("ISO/IEC 42001:2023",)), _brazil,
        accept={"accreditation_body": ["Inmetro", "Cgcre/Inmetro"]},
    ),
    "sidebar_ai": UnseenLayout(
        draw.sidebar_ai, ("us", "us", "us"), "Cascadia Trust Registrar, Inc.",
        {"us": ("ANAB", "")},
        lambda rng, s: f"CTR-AIMS-{rng.randint(100000, 999999)}",
        (("ISO/IEC 42001:2023",),), _us_ai,
    ),
    "footer_line": UnseenLayout(
        draw.footer_line, ("za", "za", "za"), "Kariega Certification Services (Pty) Ltd",
        {"za": ("SANAS", "C0412")},
        lambda rng, s: f"ZA-{_kind(s)}-{rng.randint(1000, 9999)}-{s.issue.year}",
        (("ISO/IEC 27001:2022",), ("ISO 9001:2015",),
         ("ISO/IEC 27701:2019", "ISO/IEC 27001:2022")), _south_africa,
    ),
}


def unseen_spec(name: str, n: int, seed: int) -> tuple[UnseenSpec, random.Random]:
    """Return the n-th spec of a layout."""
    layout = UNSEEN_LAYOUTS[name]
    region = layout.regions[n % len(layout.regions)]
    rng = random.Random(f"{seed}-bodies-unseen-{name}-{n}")
    ab, ab_number = layout.ab.get(region, (None, ""))
    wild = make_wild_spec(rng, f"{name}-{n}", name, BASE_REGION.get(region, region),
                          cb=layout.cb, ab=ab, ab_number=ab_number, number="",
                          standards=list(layout.standards[n % len(layout.standards)]))
    spec = as_spec(UnseenSpec, wild)
    spec = replace(spec, region=region, soa="", person=PEOPLE[region])
    return finish_spec(spec, rng, n, layout.prepare, layout.number), rng


def truth(spec: UnseenSpec, layout: UnseenLayout) -> dict:
    """Return what the page prints, with the other names it prints for a field accepted."""
    result = spec.truth()
    if layout.accept:
        result["accept"] = {name: list(values) for name, values in layout.accept.items()}
    return result


def write_bodies_national(out_dir: Path, seed: int = 42) -> list[tuple[Path, str, str, dict]]:
    """Write the family; return (path, layout, variant, truth) per file."""
    return write_family(out_dir, UNSEEN_LAYOUTS, lambda name, n: unseen_spec(name, n, seed),
                        lambda spec, layout: LETTER if spec.region == "us" else A4, truth=truth)
