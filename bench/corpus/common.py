"""Shared pieces of the corpus generators: fonts, made-up parties, dates, truth."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

_TTF = {
    "DejaVuSans": "dejavu/DejaVuSans.ttf",
    "DejaVuSans-Bold": "dejavu/DejaVuSans-Bold.ttf",
    "DejaVuSerif": "dejavu/DejaVuSerif.ttf",
    "DejaVuSerif-Bold": "dejavu/DejaVuSerif-Bold.ttf",
    "LiberationSans": "liberation/LiberationSans-Regular.ttf",
    "LiberationSans-Bold": "liberation/LiberationSans-Bold.ttf",
    "LiberationSerif": "liberation/LiberationSerif-Regular.ttf",
    "LiberationSerif-Bold": "liberation/LiberationSerif-Bold.ttf",
    "LiberationSans-Italic": "liberation/LiberationSans-Italic.ttf",
}
_FONT_ROOT = Path("/usr/share/fonts/truetype")


def fonts() -> list[tuple[str, str]]:
    """Return (regular, bold) font pairs that can print German and Turkish letters."""
    pairs = []
    for family in ("DejaVuSans", "DejaVuSerif", "LiberationSans", "LiberationSerif"):
        regular, bold = family, f"{family}-Bold"
        try:
            for name in (regular, bold):
                if name not in pdfmetrics.getRegisteredFontNames():
                    pdfmetrics.registerFont(TTFont(name, str(_FONT_ROOT / _TTF[name])))
            pairs.append((regular, bold))
        except Exception:  # font missing on this machine: use the built-in fonts instead
            continue
    return pairs or [("Helvetica", "Helvetica-Bold"), ("Times-Roman", "Times-Bold")]


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Return text broken into lines that fit the width."""
    return simpleSplit(text, font, size, width)


ORG_FIRST = [
    "Example",
    "Northwind",
    "Contoso",
    "Fabrikam",
    "Globex",
    "Initech",
    "Tailspin",
    "Lumenfield",
    "Quillstone",
    "Brightwater",
    "Ridgeway",
    "Aldermoor",
    "Sample",
    "Demo",
    "Fictive",
]
ORG_SECOND = [
    "Analytics",
    "Data",
    "AI",
    "Insights",
    "Machine Learning",
    "Cloud Services",
    "Vision",
    "Robotics",
    "Labs",
    "Intelligence",
    "Software",
    "Digital",
]
LEGAL = {
    "de": ["GmbH", "AG", "GmbH & Co. KG"],
    "uk": ["Ltd", "Limited", "plc"],
    "us": ["Inc.", "LLC", "Corp."],
    "tr": ["A.Ş.", "Ltd. Şti."],
    "nl": ["B.V.", "N.V."],
    "fr": ["SAS", "S.A."],
}

ADDRESSES = {
    "de": [
        ["Musterstraße 12", "10115 Berlin", "Germany"],
        ["Beispielweg 3a", "80331 München", "Germany"],
        ["Industriestraße 7", "60311 Frankfurt am Main", "Germany"],
        ["Hafenallee 21", "20457 Hamburg", "Germany"],
    ],
    "uk": [
        ["12 Example Road", "London EC1A 1BB", "United Kingdom"],
        ["Unit 4, Sample Business Park", "Manchester M1 2AB", "United Kingdom"],
        ["7 Demo Street", "Edinburgh EH1 1YZ", "United Kingdom"],
    ],
    "us": [
        ["100 Example Avenue, Suite 400", "Austin, TX 78701", "USA"],
        ["2500 Sample Boulevard", "San Jose, CA 95110", "USA"],
        ["48 Demo Drive, Floor 3", "Boston, MA 02110", "USA"],
    ],
    "tr": [
        ["Örnek Mah. Yapay Cad. No: 5", "34394 Şişli/İstanbul", "Türkiye"],
        ["Deneme Sok. No: 12 Kat: 3", "06510 Çankaya/Ankara", "Türkiye"],
    ],
    "nl": [
        ["Voorbeeldstraat 8", "1012 AB Amsterdam", "The Netherlands"],
        ["Proefweg 22", "3511 CE Utrecht", "The Netherlands"],
    ],
    "fr": [["8 Rue de l'Exemple", "75002 Paris", "France"]],
}
CERT_BODIES = {
    "uk": ("Example Certification Services Ltd", "UKAS"),
    "de": ("Nordlicht Zertifizierung GmbH", "DAkkS"),
    "tr": ("Anadolu Örnek Belgelendirme A.Ş.", "TÜRKAK"),
    "us": ("Meridian Example Registrar Inc.", "ANAB"),
    "nl": ("Certivo Example B.V.", "RvA"),
    "fr": ("Exemple Certification SAS", "COFRAC"),
}
AB_NUMBERS = {
    "UKAS": "{n:04d}",
    "DAkkS": "D-ZM-{n:05d}-01-00",
    "TÜRKAK": "AB-{m:04d}-YS",
    "ANAB": "MS-{m:04d}",
    "RvA": "C {m:03d}",
    "COFRAC": "4-{m:04d}",
    "IAS": "MSCB-{m}",
}
PRODUCTS = [
    "an AI-based credit risk scoring platform",
    "machine-learning fraud detection services",
    "large language model powered customer support software",
    "computer vision quality inspection systems",
    "cloud-hosted data analytics and model training services",
    "managed AI infrastructure and MLOps services",
    "speech recognition and transcription APIs",
    "recommendation engines for online retailers",
]
VERBS = [
    "The design, development, deployment and operation of",
    "Provision of",
    "Development, hosting and support of",
    "Research, development and delivery of",
    "The development and provision of",
]
AUDIENCES = [
    "for financial services customers",
    "to enterprise clients in Europe",
    "including the supporting IT infrastructure and HR processes",
    "for healthcare and insurance organisations",
    "",
]
STANDARD_SETS = [
    ["ISO/IEC 42001:2023"],
    ["ISO/IEC 27001:2022"],
    ["ISO/IEC 27001:2013"],
    ["ISO/IEC 27001:2022", "ISO/IEC 27701:2019"],
    ["ISO 9001:2015"],
    ["ISO/IEC 27001:2022", "ISO/IEC 27017:2015", "ISO/IEC 27018:2019"],
    ["ISO/IEC 42001:2023", "ISO/IEC 27001:2022"],
    ["ISO/IEC 42001"],
]
MONTHS_DE = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
]
MONTHS_TR = [
    "Ocak",
    "Şubat",
    "Mart",
    "Nisan",
    "Mayıs",
    "Haziran",
    "Temmuz",
    "Ağustos",
    "Eylül",
    "Ekim",
    "Kasım",
    "Aralık",
]


def ordinal(day: int) -> str:
    """Return 1st, 2nd, 3rd, 4th ..."""
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def format_date(value: date, style: str) -> str:
    """Return a date printed in one of the styles certificates use."""
    month = value.strftime("%B")
    return {
        "long": f"{value.day} {month} {value.year}",
        "us_long": f"{month} {value.day}, {value.year}",
        "dotted": value.strftime("%d.%m.%Y"),
        "iso": value.isoformat(),
        "us_slash": value.strftime("%m/%d/%Y"),
        "uk_slash": value.strftime("%d/%m/%Y"),
        "ordinal": f"{ordinal(value.day)} {month} {value.year}",
        "ordinal_dash": f"{ordinal(value.day)} - {month} -{value.year}",
        "short_month": value.strftime("%d-%b-%Y"),
        "de_long": f"{value.day}. {MONTHS_DE[value.month - 1]} {value.year}",
        "tr_long": f"{value.day} {MONTHS_TR[value.month - 1]} {value.year}",
    }[style]


@dataclass
class Spec:
    """Everything printed on one generated certificate, and hence its ground truth."""

    name: str
    layout: str
    region: str
    org: str
    address: list[str]
    standards: list[str]
    printed_standards: list[str]
    number_printed: str
    number: str
    scope: str
    initial: date | None
    issue: date
    expiry: date
    surveillance: date
    cb: str
    ab: str | None
    ab_number: str | None
    date_style: str
    font: str
    bold: str
    extra_sites: list[tuple[str, list[str]]] = field(default_factory=list)
    scope_de: str = ""
    soa: str = ""
    holdout: bool = False

    def date(self, value: date) -> str:
        """Return a date in this certificate's style."""
        return format_date(value, self.date_style)

    def truth(self) -> dict:
        """Return the expected CLI JSON values for this certificate."""
        # Sites are listed only when the certificate lists sites (then the main address first).
        sites = [", ".join(self.address)] + [", ".join(lines) for _, lines in self.extra_sites]
        sites = sites if self.extra_sites else []
        return {
            "status": "ok",
            "standard": self.standards[0],
            "standards": list(self.standards),
            "certificate_number": self.number,
            "organization": self.org,
            "scope": self.scope + (f" {self.soa}" if self.soa else ""),
            "sites": sites,
            "initial_certification_date": self.initial.isoformat() if self.initial else None,
            "issue_date": self.issue.isoformat(),
            "expiry_date": self.expiry.isoformat(),
            "certification_body": self.cb,
            "accreditation_body": self.ab,
        }


def _number(rng: random.Random, region: str, std: str) -> tuple[str, str]:
    n = rng.randint(100000, 999999)
    kind = rng.randrange(6)
    if kind == 0:
        prefix = "AIMS" if "42001" in std else "IS"
        return f"{prefix} {str(n)[0]} {str(n)[1:]}", f"{prefix} {n}"
    if kind == 1:
        return f"{prefix_for(std)} {n}", f"{prefix_for(std)} {n}"
    if kind == 2:
        value = f"C{n}-{rng.randint(2019, 2025)}-AIMS-{region.upper()}"
        return value, value
    if kind == 3:
        value = f"12 {rng.randint(100, 999)} {n} TMS"
        return value, value
    if kind == 4:
        value = f"{region.upper()}-ISMS-{rng.randint(2020, 2025)}-{rng.randint(1, 999):04d}"
        return value, value
    value = f"{rng.randint(2021, 2025)}/AI/{rng.randint(1, 9999):04d}"
    return value, value


def prefix_for(std: str) -> str:
    """Return a certificate-number prefix that suits the standard."""
    return {"42001": "AIMS", "27001": "ISMS", "9001": "QMS", "27701": "PIMS"}.get(
        std.split()[-1].split(":")[0], "CERT"
    )


def _printed(code: str, rng: random.Random, region: str) -> str:
    if code == "ISO/IEC 27001:2013" and region == "de" and rng.random() < 0.5:
        return "DIN EN ISO/IEC 27001:2017"
    if rng.random() < 0.2:
        return code.replace(":", " : ")
    if rng.random() < 0.15 and code.startswith("ISO/IEC 27001"):
        return code.replace("ISO/IEC", "ISO")
    return code


def make_spec(
    rng: random.Random,
    name: str,
    layout: str,
    region: str,
    *,
    date_style: str | None = None,
    sites: int | None = None,
    standards: list[str] | None = None,
) -> Spec:
    """Return a random certificate spec for a region (de, uk, us, tr, nl, fr)."""
    font, bold = rng.choice(fonts())
    legal_region = region if region in LEGAL else "uk"
    org = f"{rng.choice(ORG_FIRST)} {rng.choice(ORG_SECOND)} {rng.choice(LEGAL[legal_region])}"
    address = list(rng.choice(ADDRESSES[region]))
    std = standards or rng.choice(STANDARD_SETS)
    issue = date(2024, 1, 1) + timedelta(days=rng.randint(0, 700))
    expiry = issue.replace(year=issue.year + 3) - timedelta(days=1)
    initial = None if rng.random() < 0.25 else issue.replace(year=issue.year - rng.randint(1, 6))
    cb, ab = CERT_BODIES[region]
    n = rng.randint(1, 9999)
    ab_number = AB_NUMBERS.get(ab, "{m}").format(n=n, m=rng.randint(1, 999))
    scope = (
        " ".join(
            part
            for part in (rng.choice(VERBS), rng.choice(PRODUCTS), rng.choice(AUDIENCES))
            if part
        )
        + "."
    )
    if rng.random() < 0.3:
        scope = (
            scope[:-1]
            + ", "
            + rng.choice(
                [
                    "including model training, validation and monitoring",
                    "covering data acquisition, labelling and model lifecycle management",
                    "supported by the head office functions of legal, HR and procurement",
                ]
            )
            + "."
        )
    soa = ""
    if "27001" in std[0] and rng.random() < 0.5:
        soa = (
            f"In accordance with the Statement of Applicability version "
            f"{rng.randint(1, 5)}.{rng.randint(0, 9)}."
        )
    style = (
        date_style
        or {
            "de": "dotted",
            "uk": "long",
            "us": "us_long",
            "tr": "dotted",
            "nl": "iso",
            "fr": "long",
        }[region]
    )
    extra = []
    for _ in range(sites if sites is not None else (rng.random() < 0.35) * rng.randint(1, 3)):
        site_region = region if rng.random() < 0.7 else rng.choice(["de", "uk", "nl"])
        lines = list(rng.choice(ADDRESSES[site_region]))
        if lines != address and all(lines != other for _, other in extra):
            extra.append(
                (
                    rng.choice(
                        ["Development centre", "Data centre", "Branch office", "Operations hub"]
                    ),
                    lines,
                )
            )
    number_printed, number = _number(rng, region, std[0])
    return Spec(
        name=name,
        layout=layout,
        region=region,
        org=org,
        address=address,
        standards=list(std),
        printed_standards=[_printed(code, rng, region) for code in std],
        number_printed=number_printed,
        number=number,
        scope=scope,
        initial=initial,
        issue=issue,
        expiry=expiry,
        surveillance=issue + timedelta(days=rng.randint(300, 380)),
        cb=cb,
        ab=ab,
        ab_number=ab_number,
        date_style=style,
        font=font,
        bold=bold,
        extra_sites=extra,
        soa=soa,
    )


SCOPE_DE = "Entwicklung, Betrieb und Support von {p} für Kunden in Europa."
PRODUCTS_DE = [
    "KI-gestützten Kreditrisikoplattformen",
    "Betrugserkennungsdiensten",
    "Sprachmodell-basierter Kundenservice-Software",
    "Bildverarbeitungssystemen",
]
