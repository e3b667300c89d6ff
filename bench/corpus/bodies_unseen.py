"""An unseen family of body layouts ("bodies_unseen"): written apart from the reader.

Its author neither read portal/certificates nor ran the reader on these files; the layouts
imitate how real certification bodies print certificates, each different from the layouts of
the other bodies_*.py families. Measured once unseen in the seventh round of issue 10 (6 December
2026, reader at the commit that added this file): 68.5 % of fields. Its failures were then read,
so it is a development family (kind "bodies") like the other moved ones.

Five layouts (bodies_unseen_draw.py):
- jab_grid: a Japanese registrar (JAB), ISO/IEC 27001: a ruled grid, every label in Japanese
  with its English under it, every value in Japanese with its English under it (the holder's
  Japanese and English names, dates as "2025年4月1日" over "1 April 2025" or "April 1, 2025"),
  "JIS Q 27001:2023 (ISO/IEC 27001:2022)", a Statement of Applicability row with its own date,
  the next surveillance month in a footnote.
- swedac_italic: a Swedish body (SWEDAC), ISO 14001: every line in Swedish with an italic
  English translation under it, the holder's "Org.nr", the scope in Swedish then English, the
  dates "Första certifiering / Giltigt från / Giltigt till och med" as 2025-04-01 or "1 april
  2025", the next surveillance audit as a decoy, "ISO/IEC 17021-1" in the accreditation mark.
- sas_quadrilingual: a Swiss body (SAS): "ZERTIFIKAT" and "CERTIFICAT · CERTIFICATO ·
  CERTIFICATE", the certifying sentence in four languages, every label stacked in German,
  French, Italian and English beside its value, the holder's UID, the scope in the holder's
  language then English, validity as one range "01.04.2025 – 31.03.2028", an EA code; one
  certificate for ISO 9001, ISO 14001 and ISO 45001 together.
- prose_columns: a Canadian registrar (SCC) on a letter page: the certificate told in two
  justified columns of prose; the holder, the standard and the number in bold within
  sentences, the dates only in sentences (three wordings), the accreditation number and the
  next surveillance deadline in sentences too.
- boa_vietnam: a Vietnamese body (BoA, VICAS): "GIẤY CHỨNG NHẬN / CERTIFICATE", "Số / No.",
  the holder's Vietnamese name in capitals over its English name in capitals, an enterprise
  (tax) code, "TCVN ISO 45001:2018 / ISO 45001:2018", Vietnamese then English scope and sites,
  dates dd/mm/yyyy or "ngày 01 tháng 4 năm 2025 (1 April 2025)", "Hà Nội, ngày ... tháng ...
  năm ...", a first surveillance deadline.

Every variant of bodies.VARIANTS is drawn, each three times. Organisations and certification
bodies are made up; accreditation bodies are real. Truth is what the page prints (dates in ISO
form, null for a field the page does not print, sites only where a site list is printed, the
holder's own address first); where a page prints a name or scope in two languages the truth is
the English one and the other is accepted ("accept").
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from reportlab.lib.pagesizes import A4, letter

from bench.corpus import bodies_unseen_draw as draw
from bench.corpus.bodies import as_spec, finish_spec, write_family
from bench.corpus.bodies_unseen_draw import UnseenSpec
from bench.corpus.common import fonts
from bench.corpus.wild import WPen, make_wild_spec

JP_ORGS = [("Minato Data Systems Co., Ltd.", "株式会社みなとデータシステムズ"),
           ("Sakuragawa Cloud K.K.", "桜川クラウド株式会社"),
           ("Hokuto Analytics Inc.", "北斗アナリティクス株式会社")]
JP_ADDRESSES = [
    (["Shibaura Minato Bldg. 8F, 3-9-2 Shibaura, Minato-ku", "Tokyo 108-0023", "Japan"],
     "〒108-0023 東京都港区芝浦三丁目9番2号 芝浦ミナトビル8階"),
    (["2-14-7 Kitahama, Chuo-ku", "Osaka 541-0041", "Japan"],
     "〒541-0041 大阪府大阪市中央区北浜二丁目14番7号"),
    (["1-5-22 Meieki-minami, Nakamura-ku", "Nagoya, Aichi 450-0003", "Japan"],
     "〒450-0003 愛知県名古屋市中村区名駅南一丁目5番22号"),
]
JP_SITE = (["Fukuoka Development Center, 4-3-8 Hakata-ekimae, Hakata-ku", "Fukuoka 812-0011",
            "Japan"], "福岡開発センター 〒812-0011 福岡県福岡市博多区博多駅前四丁目3番8号")
JP_SCOPES = [
    ("Design, development, operation and maintenance of cloud-based accounting services for "
     "small and medium-sized enterprises.",
     "中小企業向けクラウド会計サービスの設計、開発、運用及び保守"),
    ("Provision of data centre hosting and managed network services.",
     "データセンターにおけるホスティングサービス及びネットワーク運用管理サービスの提供"),
    ("Development and operation of marketing data analysis platforms for retailers.",
     "小売業向けマーケティングデータ分析プラットフォームの開発及び運用"),
]
SE_ORGS = ["Norrsken Förpackningar AB", "Vättern Återvinning AB", "Kolmården Energidata AB"]
SE_ADDRESSES = [["Industrivägen 12", "571 38 Nässjö", "Sverige"],
                ["Hamngatan 4", "553 16 Jönköping", "Sverige"],
                ["Bergslagsgatan 27", "602 17 Norrköping", "Sverige"]]
SE_SITE = ["Lagervägen 3", "574 35 Vetlanda", "Sverige"]
SE_SCOPES = [
    ("Tillverkning och försäljning av förpackningar av återvunnen kartong.",
     "Manufacture and sale of packaging made from recycled board."),
    ("Insamling, sortering och återvinning av elektronikavfall.",
     "Collection, sorting and recycling of electronic waste."),
    ("Utveckling och drift av molntjänster för energiövervakning i fastigheter.",
     "Development and operation of cloud services for energy monitoring in buildings."),
]
CH_ORGS = ["Alpstein Präzisionstechnik AG", "Léman Logistique SA", "Ceresio Dati Sagl"]
CH_ADDRESSES = [["Industriestrasse 14", "9100 Herisau", "Schweiz"],
                ["Route de Genève 88", "1028 Préverenges", "Suisse"],
                ["Via Cantonale 19", "6900 Lugano", "Svizzera"]]
CH_SITE = ["Chemin du Dépôt 5", "1305 Penthalaz", "Suisse"]
CH_SCOPES = [
    ("Entwicklung und Herstellung von Präzisionsdrehteilen für die Medizintechnik.",
     "Development and manufacture of precision turned parts for medical technology."),
    ("Entreposage, préparation de commandes et distribution de produits pharmaceutiques.",
     "Warehousing, order picking and distribution of pharmaceutical products."),
    ("Sviluppo di software e gestione di centri di calcolo per il settore bancario.",
     "Software development and data centre operation for the banking sector."),
]
CA_ORGS = ["Muskoka Fine Foods Ltd.", "Fundy Tide Software Inc.", "Okanagan Orchard Packers Ltd."]
CA_ADDRESSES = [["85 Harrowsmith Crescent", "Bracebridge, ON P1L 2K4", "Canada"],
                ["1600 Brunswick Quay, Suite 300", "Saint John, NB E2L 4V1", "Canada"],
                ["2740 Sunridge Orchard Road", "Kelowna, BC V1W 3H2", "Canada"]]
CA_SITE = ("Packing house", ["18 Cannery Row East", "Penticton, BC V2A 5K9", "Canada"])
CA_SCOPES = {
    "9001": "The manufacture and packaging of preserves, sauces and baked goods for retail and "
            "food service customers.",
    "27001": "The development, hosting and support of marine logistics software for port "
             "operators and shipping agents.",
    "14001": "The receiving, cold storage, grading and packing of fresh tree fruit.",
}
VN_ORGS = [("Truong An Mechanical Joint Stock Company", "Công ty Cổ phần Cơ khí Trường An"),
           ("Hoang Long Garment Company Limited", "Công ty TNHH May mặc Hoàng Long"),
           ("Lac Hong Construction Joint Stock Company", "Công ty Cổ phần Xây dựng Lạc Hồng")]
VN_ADDRESSES = [
    (["Lot C5, Quang Minh Industrial Park, Me Linh District", "Hanoi", "Vietnam"],
     "Lô C5, Khu công nghiệp Quang Minh, Huyện Mê Linh, Thành phố Hà Nội, Việt Nam"),
    (["No. 27, Road 2A, Tan Tao Industrial Park, Binh Tan District", "Ho Chi Minh City",
      "Vietnam"],
     "Số 27, Đường 2A, Khu công nghiệp Tân Tạo, Quận Bình Tân, Thành phố Hồ Chí Minh, Việt Nam"),
    (["No. 112 Tran Hung Dao Street, Hai Chau District", "Da Nang", "Vietnam"],
     "Số 112 Đường Trần Hưng Đạo, Quận Hải Châu, Thành phố Đà Nẵng, Việt Nam"),
]
VN_SITE = (["Factory 2, Lot B12, Pho Noi A Industrial Park", "Hung Yen Province", "Vietnam"],
           "Nhà máy 2, Lô B12, Khu công nghiệp Phố Nối A, Tỉnh Hưng Yên, Việt Nam")
VN_SCOPES = [
    ("Gia công, chế tạo kết cấu thép và thiết bị cơ khí.",
     "Fabrication of steel structures and mechanical equipment."),
    ("Sản xuất hàng may mặc xuất khẩu.", "Manufacture of garments for export."),
    ("Thi công xây dựng công trình dân dụng và công nghiệp.",
     "Construction of civil and industrial works."),
]
# Regions the wild data lacks are drawn as a near one, then given their own names and addresses.
BASE_REGION = {"ca": "us", "vn": "uk"}
KINDS = {"27001": "IS", "9001": "Q", "14001": "E", "45001": "OH"}
PEOPLE = {"jp": ("Kenji Morimoto", "President"),
          "se": ("Ingrid Lindahl", "Verkställande direktör"),
          "ch": ("Beat Zürcher", "Geschäftsführer"),
          "ca": ("Danielle Thibodeau", "Vice-President, Registration Services"),
          "vn": ("Nguyễn Văn Thắng", "Giám đốc / Director")}


def _kind(s: UnseenSpec) -> str:
    return next(v for k, v in KINDS.items() if k in s.standards[0])


def _japan(s: UnseenSpec, rng: random.Random, n: int) -> UnseenSpec:
    org, local_org = JP_ORGS[n % 3]
    address, local_address = JP_ADDRESSES[n % 3]
    scope, local_scope = JP_SCOPES[n % 3]
    extra, local_sites = [], []
    if n == 1:
        extra = [("", list(JP_SITE[0]))]
        local_sites = [local_address, JP_SITE[1]]
    cb_local = "株式会社やまと審査登録センター"
    return replace(s, org=org, local_org=local_org, address=list(address),
                   local_address=[local_address], scope=scope, local_scope=local_scope,
                   extra_sites=extra, local_sites=local_sites, local_cb=cb_local,
                   date_style=("long", "us_long", "long")[n % 3],
                   accept={"organization": [local_org], "scope": [local_scope],
                           "certification_body": [cb_local]})


def _sweden(s: UnseenSpec, rng: random.Random, n: int) -> UnseenSpec:
    local_scope, scope = SE_SCOPES[n % 3]
    extra = [("", list(SE_SITE))] if n == 2 else []
    number = f"{rng.randint(556000, 559999)}-{rng.randint(1000, 9999)}"
    return replace(s, org=SE_ORGS[n % 3], address=list(SE_ADDRESSES[n % 3]), scope=scope,
                   local_scope=local_scope, extra_sites=extra, register=number,
                   brand="NORDLJUS CERTIFIERING",
                   date_style=("iso", "sv_long", "iso")[n % 3],
                   accept={"scope": [local_scope]})


def _switzerland(s: UnseenSpec, rng: random.Random, n: int) -> UnseenSpec:
    local_scope, scope = CH_SCOPES[n % 3]
    extra = [("", list(CH_SITE))] if n == 1 else []
    uid = f"CHE-{rng.randint(100, 999)}.{rng.randint(100, 999)}.{rng.randint(100, 999)}"
    return replace(s, org=CH_ORGS[n % 3], address=list(CH_ADDRESSES[n % 3]), scope=scope,
                   local_scope=local_scope, extra_sites=extra, register=uid, brand="CERTIMONT",
                   date_style=("dotted", "iso", "dotted")[n % 3],
                   accept={"scope": [local_scope],
                           "certification_body": ["Certimont", "CERTIMONT"]})


def _canada(s: UnseenSpec, rng: random.Random, n: int) -> UnseenSpec:
    extra = [(CA_SITE[0], list(CA_SITE[1]))] if n == 2 else []
    return replace(s, org=CA_ORGS[n % 3], address=list(CA_ADDRESSES[n % 3]),
                   scope=next(v for k, v in CA_SCOPES.items() if k in s.standards[0]),
                   extra_sites=extra, brand="LAURENTIAN REGISTRAR",
                   date_style=("us_long", "long", "iso")[n % 3],
                   accept={"accreditation_body": ["Standards Council of Canada"]})


def _vietnam(s: UnseenSpec, rng: random.Random, n: int) -> UnseenSpec:
    org, local_org = VN_ORGS[n % 3]
    address, local_address = VN_ADDRESSES[n % 3]
    local_scope, scope = VN_SCOPES[n % 3]
    extra, local_sites = [], []
    if n == 1:
        extra = [("", list(VN_SITE[0]))]
        local_sites = [local_address, VN_SITE[1]]
    cb_local = "Công ty TNHH Chứng nhận Sông Hồng"
    # Vietnamese letters with two marks (ậ, ồ, ứ) need fonts that have them: DejaVu has.
    font, bold = rng.choice([pair for pair in fonts() if pair[0].startswith("DejaVu")]
                            or [(s.font, s.bold)])
    return replace(s, font=font, bold=bold, org=org.upper(), local_org=local_org.upper(),
                   address=list(address), local_address=[local_address], scope=scope,
                   local_scope=local_scope,
                   extra_sites=extra, local_sites=local_sites, local_cb=cb_local,
                   register=f"0{rng.randint(100000000, 399999999)}", date_style="uk_slash",
                   accept={"organization": [local_org.upper()], "scope": [local_scope],
                           "certification_body": [cb_local, cb_local.upper(), s.cb.upper()],
                           "accreditation_body": ["Bureau of Accreditation", "VICAS"]})


@dataclass(frozen=True)
class UnseenLayout:
    draw: Callable[[WPen], None]
    region: str
    cb: str
    ab: tuple[str, str]
    number: Callable[[random.Random, UnseenSpec], str]
    standards: tuple[tuple[str, ...], ...]
    prepare: Callable[[UnseenSpec, random.Random, int], UnseenSpec]


UNSEEN_LAYOUTS: dict[str, UnseenLayout] = {
    "jab_grid": UnseenLayout(
        draw.jab_grid, "jp", "Yamato Registration Center Co., Ltd.", ("JAB", "CM052"),
        lambda rng, s: f"YRC-IS{rng.randint(1000, 9999)}", (("ISO/IEC 27001:2022",),), _japan,
    ),
    "swedac_italic": UnseenLayout(
        draw.swedac_italic, "se", "Nordljus Certifiering AB", ("SWEDAC", "1789"),
        lambda rng, s: f"NC-{rng.randint(10000, 99999)}-M", (("ISO 14001:2015",),), _sweden,
    ),
    "sas_quadrilingual": UnseenLayout(
        draw.sas_quadrilingual, "ch", "Certimont AG", ("SAS", "SCESm 0177"),
        lambda rng, s: f"{rng.randint(10000, 39999)}",
        (("ISO 9001:2015",), ("ISO 14001:2015",),
         ("ISO 9001:2015", "ISO 14001:2015", "ISO 45001:2018")), _switzerland,
    ),
    "prose_columns": UnseenLayout(
        draw.prose_columns, "ca", "Laurentian Registrar Inc.", ("SCC", "0214"),
        lambda rng, s: f"LRI-{_kind(s)}-{rng.randint(40000, 49999)}",
        (("ISO 9001:2015",), ("ISO/IEC 27001:2022",), ("ISO 14001:2015",)), _canada,
    ),
    "boa_vietnam": UnseenLayout(
        draw.boa_vietnam, "vn", "Song Hong Certification Co., Ltd.", ("BoA", "VICAS 092"),
        lambda rng, s: f"SHC-{_kind(s)} {rng.randint(1000, 9999)}.{s.issue.year % 100}",
        (("ISO 45001:2018",), ("ISO 45001:2018",), ("ISO 9001:2015",)), _vietnam,
    ),
}


def unseen_spec(name: str, n: int, seed: int) -> tuple[UnseenSpec, random.Random]:
    """Return the n-th spec of a layout."""
    layout = UNSEEN_LAYOUTS[name]
    rng = random.Random(f"{seed}-bodies-unseen8-{name}-{n}")
    ab, ab_number = layout.ab
    wild = make_wild_spec(rng, f"{name}-{n}", name, BASE_REGION.get(layout.region, layout.region),
                          cb=layout.cb, ab=ab, ab_number=ab_number, number="",
                          standards=list(layout.standards[n % len(layout.standards)]))
    spec = as_spec(UnseenSpec, wild)
    spec = replace(spec, region=layout.region, soa="", person=PEOPLE[layout.region], wording=n)
    return finish_spec(spec, rng, n, layout.prepare, layout.number), rng


def write_bodies_unseen(out_dir: Path, seed: int = 42) -> list[tuple[Path, str, str, dict]]:
    """Write the family; return (path, layout, variant, truth) per file."""
    return write_family(out_dir, UNSEEN_LAYOUTS, lambda name, n: unseen_spec(name, n, seed),
                        lambda spec, layout: letter if layout.region == "ca" else A4,
                        count=lambda layout: 3)
