"""The held-out family of body layouts ("bodies_heldout"): scored, never read.

This family was written apart from the reader (as "bodies_latest", the last family written in the
sixth round of issue 10): its author neither read portal/certificates nor ran the reader on these
files. The benchmark prints its figures only (bench/certificates.py, HELDOUT_KINDS); when its
failures are read, it moves to development like the families before it.

Five layouts (bodies_heldout_draw.py):
- nabcb_schedule: an Indian body (NABCB, IAS): the holder and its address in capitals, the
  body's name in capitals over the page and in its own case only under the signature, a ruled
  table of "Certificate Registration No.", "Date of Initial Registration", the issue date,
  "1st Surveillance Audit Due", "2nd Surveillance Audit Due", "Recertification Due" and the
  expiry ("Valid Until" or "Expiry Date"); the due dates are none of the certificate's dates.
- ema_vigencia: a Mexican body (EMA), Spanish only: "Certificado No." in a box in the corner,
  "hace constar que el Sistema de Gestión ... de", the holder's RFC, "Alcance", the validity as
  "Vigencia: del 3 de marzo de 2025 al 2 de marzo de 2028" (or 03/03/2025), once as "Fecha de
  emisión" and "Vigencia: hasta el ...", "Fecha de certificación inicial".
- pca_pl: a Polish body (PCA), Polish only: "Certyfikat nr", the holder's NIP, "Zakres
  certyfikacji", "Lokalizacje objęte certyfikacją", the dates as "Data pierwszej
  certyfikacji / Data wydania / Ważny do" or "Data certyfikacji pierwotnej / Data wydania
  certyfikatu / Certyfikat ważny do", "3 marca 2025 r." or 03.03.2025.
- aims_landscape: a US registrar's ISO/IEC 42001:2023 certificate (ANAB) on a landscape page:
  the holder's logo-like name block (initials, its short name in capitals, its address) on the
  left, "This is to certify that the Artificial Intelligence Management System of" and a table
  of "Certificate Number:", "Scope:", "Original Certification Date:", "Issue Date:",
  "Expiration Date:" on the right, every date MM/DD/YYYY.
- esyd_translation: a Greek body (ESYD): the certificate in English on page 1 and its Greek
  translation on page 2 ("ΠΙΣΤΟΠΟΙΗΤΙΚΟ", "Αριθμός Πιστοποιητικού", "Πεδίο εφαρμογής",
  "Ισχύει έως", "3 Μαρτίου 2025"), the holder's Greek name, address and scope on page 2; one
  certificate whose truth is the English page (the Greek names are accepted too).

Every variant of bodies.VARIANTS is drawn, each three times. Organisations and certification
bodies are made up; accreditation bodies are real. Truth is what the page prints (dates in ISO
form, null for a field the page does not print, sites only where a site list is printed, the
holder's own address first where the page lists only "Additional Site(s)" or an "Additional
Location", names and scopes in the page's language, a holder printed in capitals in capitals).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape, letter

from bench.corpus import bodies_heldout_draw as draw
from bench.corpus.bodies import as_spec, finish_spec, write_family
from bench.corpus.bodies_heldout_draw import FreshSpec
from bench.corpus.wild import WPen, make_wild_spec
from bench.corpus.wild_data import ADDRESSES

IN_ADDRESSES = [["PLOT NO. 44, ELECTRONIC CITY PHASE I", "BENGALURU 560100, KARNATAKA", "INDIA"],
                ["UNIT 902, CYBER TOWERS, HITEC CITY", "HYDERABAD 500081, TELANGANA", "INDIA"],
                ["OFFICE NO. 12, RAHEJA CHAMBERS, NARIMAN POINT", "MUMBAI 400021, MAHARASHTRA",
                 "INDIA"]]
MX_ORGS = ["Tlalocan Soluciones Digitales, S.A. de C.V.", "Xochitl Analítica, S. de R.L. de C.V.",
           "Cenzontle Nube y Datos, S.A.P.I. de C.V."]
MX_ADDRESSES = [["Av. Paseo de la Reforma 296, Piso 12", "Col. Juárez, C.P. 06600",
                 "Ciudad de México, México"],
                ["Av. Vallarta 6503, Local 4", "Col. Ciudad Granja, C.P. 45010",
                 "Zapopan, Jalisco, México"],
                ["Blvd. Díaz Ordaz 130 Pte., Torre 2", "Col. Santa María, C.P. 64650",
                 "Monterrey, Nuevo León, México"]]
MX_SCOPES = {
    "27001": "Desarrollo, hospedaje y soporte de plataformas de facturación electrónica y "
             "nómina para clientes corporativos.",
    "42001": "Desarrollo, entrenamiento y operación de modelos de inteligencia artificial "
             "para la detección de fraude en pagos con tarjeta.",
    "9001": "Diseño, desarrollo e implementación de software para la gestión de almacenes y "
            "cadenas de suministro.",
}
PL_ORGS = ["Wisłoka Systemy Danych Sp. z o.o.", "Bursztyn Analityka S.A.",
           "Tatry Chmura Sp. z o.o."]
PL_ADDRESSES = [["ul. Piotrkowska 148/150", "90-063 Łódź", "Polska"],
                ["al. Grunwaldzka 472B", "80-309 Gdańsk", "Polska"],
                ["ul. Szlak 77", "31-153 Kraków", "Polska"]]
PL_SCOPES = {
    "27001": "Projektowanie, rozwój i utrzymanie systemów informatycznych dla sektora "
             "bankowego oraz świadczenie usług hostingu.",
    "42001": "Rozwój, trenowanie i eksploatacja modeli sztucznej inteligencji do analizy "
             "dokumentów ubezpieczeniowych.",
    "9001": "Projektowanie, wytwarzanie i wdrażanie oprogramowania do zarządzania flotą "
            "pojazdów.",
}
US_ORGS = [("Kestrel Vision Systems, Inc.", "Kestrel Vision"),
           ("Bluestem Health AI, LLC", "Bluestem Health"),
           ("Prairiewind Underwriting Analytics Corp.", "Prairiewind Analytics")]
US_SCOPES = [
    "Design, training and monitoring of computer-vision models that inspect welds on "
    "automotive assembly lines.",
    "Development and operation of clinical documentation assistants based on large language "
    "models, including evaluation and human review.",
    "Provision of machine-learning underwriting models to insurers, including data "
    "governance, model validation and incident management.",
]
US_SITE = ("Model operations", ["4800 Riverbend Road", "Boulder, CO 80301", "United States"])
GR_ORGS = [("Aigaion Data Systems S.A.", "ΑΙΓΑΙΟΝ ΣΥΣΤΗΜΑΤΑ ΔΕΔΟΜΕΝΩΝ Α.Ε."),
           ("Thalassa Cloud Services S.A.", "ΘΑΛΑΣΣΑ ΥΠΗΡΕΣΙΕΣ ΝΕΦΟΥΣ Α.Ε."),
           ("Olympos Analytics Single Member P.C.", "ΟΛΥΜΠΟΣ ΑΝΑΛΥΤΙΚΗ ΜΟΝΟΠΡΟΣΩΠΗ Ι.Κ.Ε.")]
GR_ADDRESSES = [(["44 Kifisias Avenue", "151 25 Marousi, Athens", "Greece"],
                 ["Λεωφ. Κηφισίας 44", "151 25 Μαρούσι, Αθήνα", "Ελλάδα"]),
                (["12 Tsimiski Street", "546 24 Thessaloniki", "Greece"],
                 ["Τσιμισκή 12", "546 24 Θεσσαλονίκη", "Ελλάδα"]),
                (["N. Plastira 100, Science and Technology Park of Crete", "700 13 Heraklion",
                  "Greece"],
                 ["Ν. Πλαστήρα 100, Επιστημονικό και Τεχνολογικό Πάρκο Κρήτης",
                  "700 13 Ηράκλειο", "Ελλάδα"])]
GR_SITE = (["8 Ermou Street", "262 21 Patras", "Greece"], ["Ερμού 8", "262 21 Πάτρα", "Ελλάδα"])
GR_SCOPES = {
    "27001": ("Design, development and operation of electronic payment and e-banking "
              "platforms.",
              "Σχεδιασμός, ανάπτυξη και λειτουργία πλατφορμών ηλεκτρονικών πληρωμών και "
              "ηλεκτρονικής τραπεζικής."),
    "42001": ("Development and operation of machine-learning models for tourism demand "
              "forecasting.",
              "Ανάπτυξη και λειτουργία μοντέλων μηχανικής μάθησης για την πρόβλεψη της "
              "τουριστικής ζήτησης."),
    "9001": ("Design, development and support of software for pharmacies and health-care "
             "providers.",
             "Σχεδιασμός, ανάπτυξη και υποστήριξη λογισμικού για φαρμακεία και παρόχους "
             "υπηρεσιών υγείας."),
}
# Regions the wild data lacks are drawn as a near one, then given their own names and addresses.
BASE_REGION = {"mx": "es", "gr": "uk"}
KINDS = {"27001": "ISMS", "9001": "QMS", "42001": "AIMS"}
PL_CODES = {"ISMS": "SZBI", "QMS": "SZJ", "AIMS": "SZSI"}  # the Polish names of the systems
PEOPLE = {"in": ("Anand Kulkarni", "Head - Certification"),
          "mx": ("Mariana Villaseñor", "Director General"),
          "pl": ("Katarzyna Nowakowska", "Prezes Zarządu"),
          "us": ("Gregory Halvorsen", "President"),
          "gr": ("Dimitris Papadakis", "General Manager")}


def _code(s: FreshSpec) -> str:
    return next(v for k, v in KINDS.items() if k in s.standards[0])


def _india(s: FreshSpec, rng: random.Random, n: int) -> FreshSpec:
    extra = [("", list(IN_ADDRESSES[(n + 1) % 3]))] if n == 1 else []
    cb = "Shreequal Certification Services Pvt. Ltd."
    return replace(s, address=list(IN_ADDRESSES[n % 3]), extra_sites=extra, brand="SHREEQUAL",
                   date_style=("dash", "uk_slash", "dotted")[n % 3],
                   accept={"certification_body": [cb.upper()]})


def _mexico(s: FreshSpec, rng: random.Random, n: int) -> FreshSpec:
    extra = [("", list(MX_ADDRESSES[(n + 1) % 3]))] if n == 2 else []
    letters = "".join(word[0] for word in MX_ORGS[n % 3].split()[:3]).upper()
    rfc = f"{letters}{rng.randint(10, 23):02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}" \
          f"{rng.choice('ABCDEFGH')}{rng.randint(1, 9)}{rng.choice('ABCDEFGH')}"
    return replace(s, org=MX_ORGS[n % 3], address=list(MX_ADDRESSES[n % 3]), extra_sites=extra,
                   scope=next(v for k, v in MX_SCOPES.items() if k in s.standards[0]),
                   brand="ANÁHUAC", register=rfc,
                   date_style=("es_long", "uk_slash", "es_long")[n % 3],
                   accept={"accreditation_body": ["entidad mexicana de acreditación, a.c."]})


def _poland(s: FreshSpec, rng: random.Random, n: int) -> FreshSpec:
    extra = [("", list(PL_ADDRESSES[(n + 1) % 3]))] if n == 2 else []
    nip = f"{rng.randint(100, 999)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}-" \
          f"{rng.randint(100, 999)}"
    return replace(s, org=PL_ORGS[n % 3], address=list(PL_ADDRESSES[n % 3]), extra_sites=extra,
                   scope=next(v for k, v in PL_SCOPES.items() if k in s.standards[0]),
                   brand="WAWELCERT", register=nip,
                   date_style=("dotted", "pl_long", "pl_long")[n % 3],
                   accept={"accreditation_body": ["Polskie Centrum Akredytacji"]})


def _us_ai(s: FreshSpec, rng: random.Random, n: int) -> FreshSpec:
    org, brand = US_ORGS[n % 3]
    extra = [(US_SITE[0], list(US_SITE[1]))] if n == 2 else []
    if n == 0:  # certified a year before this issue
        s = replace(s, initial=max(s.issue.replace(year=s.issue.year - 1), date(2024, 3, 4)))
    return replace(s, org=org, brand=brand, address=list(ADDRESSES["us"][n % 3]),
                   scope=US_SCOPES[n % 3], extra_sites=extra, date_style="us_slash")


def _greece(s: FreshSpec, rng: random.Random, n: int) -> FreshSpec:
    org, local_org = GR_ORGS[n % 3]
    address, local_address = GR_ADDRESSES[n % 3]
    scope, local_scope = next(v for k, v in GR_SCOPES.items() if k in s.standards[0])
    extra, local_sites = [], []
    if n == 1:
        extra = [("", list(GR_SITE[0]))]
        local_sites = [", ".join(local_address), ", ".join(GR_SITE[1])]
    accept: dict[str, list] = {"organization": [local_org], "scope": [local_scope],
                               "accreditation_body": ["ΕΣΥΔ", "Hellenic Accreditation System"]}
    if local_sites:
        accept["sites"] = [local_sites]
    return replace(s, org=org, local_org=local_org, address=list(address),
                   local_address=list(local_address), scope=scope, local_scope=local_scope,
                   extra_sites=extra, local_sites=local_sites, brand="PELAGOS CERT",
                   date_style=("long", "uk_slash", "dotted")[n % 3],
                   local_style=("el_long", "uk_slash", "dotted")[n % 3], accept=accept)


@dataclass(frozen=True)
class FreshLayout:
    draw: Callable[[WPen], None]
    region: str
    cb: str
    ab: tuple[tuple[str, str], ...]  # per certificate, in turn
    number: Callable[[random.Random, FreshSpec], str]
    standards: tuple[tuple[str, ...], ...]
    prepare: Callable[[FreshSpec, random.Random, int], FreshSpec]
    wide: bool = False


FRESH_LAYOUTS: dict[str, FreshLayout] = {
    "nabcb_schedule": FreshLayout(
        draw.nabcb_schedule, "in", "Shreequal Certification Services Pvt. Ltd.",
        (("NABCB", "MSCB 0117"), ("NABCB", "MSCB 0117"), ("IAS", "MSCB-241")),
        lambda rng, s: f"SQC/{_code(s)}/{s.issue.year % 100}/{rng.randint(1000, 9999)}",
        (("ISO 9001:2015",), ("ISO/IEC 27001:2022",), ("ISO/IEC 42001:2023",)), _india,
    ),
    "ema_vigencia": FreshLayout(
        draw.ema_vigencia, "mx", "Certificadora Anáhuac, S.C.",
        (("EMA", "No. 23/21"),),
        lambda rng, s: f"CA-{_code(s)}-{rng.randint(100, 999)}/{s.issue.year}",
        (("ISO/IEC 27001:2022",), ("ISO 9001:2015",), ("ISO/IEC 42001:2023",)), _mexico,
    ),
    "pca_pl": FreshLayout(
        draw.pca_pl, "pl", "Wawelcert Sp. z o.o.", (("PCA", "AC 208"),),
        lambda rng, s: f"WC/{PL_CODES[_code(s)]}/{rng.randint(100, 999)}/{s.issue.year % 100}",
        (("ISO/IEC 27001:2022",), ("ISO/IEC 42001:2023",), ("ISO 9001:2015",)), _poland,
    ),
    "aims_landscape": FreshLayout(
        draw.aims_landscape, "us", "Lakeshore Conformity Registrar, Inc.", (("ANAB", ""),),
        lambda rng, s: f"LCR-AI-{rng.randint(10000, 99999)}",
        (("ISO/IEC 42001:2023",),), _us_ai, wide=True,
    ),
    "esyd_translation": FreshLayout(
        draw.esyd_translation, "gr", "Pelagos Certification S.A.", (("ESYD", "Cert. No 1052"),),
        lambda rng, s: f"PC-{rng.randint(1000, 9999)}-{_code(s)}",
        (("ISO 9001:2015",), ("ISO/IEC 27001:2022",), ("ISO/IEC 42001:2023",)), _greece,
    ),
}


def fresh_spec(name: str, n: int, seed: int) -> tuple[FreshSpec, random.Random]:
    """Return the n-th spec of a layout."""
    layout = FRESH_LAYOUTS[name]
    rng = random.Random(f"{seed}-bodies-latest7-{name}-{n}")
    ab, ab_number = layout.ab[n % len(layout.ab)]
    wild = make_wild_spec(rng, f"{name}-{n}", name, BASE_REGION.get(layout.region, layout.region),
                          cb=layout.cb, ab=ab, ab_number=ab_number, number="",
                          standards=list(layout.standards[n % len(layout.standards)]),
                          upper=layout.region == "in")
    spec = as_spec(FreshSpec, wild)
    spec = replace(spec, region=layout.region, soa="", person=PEOPLE[layout.region], wording=n)
    return finish_spec(spec, rng, n, layout.prepare, layout.number), rng


def write_bodies_heldout(out_dir: Path, seed: int = 42) -> list[tuple[Path, str, str, dict]]:
    """Write the family; return (path, layout, variant, truth) per file."""
    return write_family(out_dir, FRESH_LAYOUTS, lambda name, n: fresh_spec(name, n, seed),
                        lambda spec, layout: landscape(letter) if layout.wide else A4,
                        count=lambda layout: 3)
