"""Body layouts for development: Chinese and Korean bilingual tables, captions under values,
a JAS-ANZ foot strip and a US registrar's several standards on one page.

This family was written apart from the reader as the held-out "bodies_heldout" of the sixth
round of issue 10 and measured once unseen (74.5 %); its failures were then read, so it moved to
development and is scored with the "bodies" family.

Five layouts (bodies_captions_draw.py):
- cnas_bilingual: a Chinese body (CNAS): every label in Chinese with its English under it, the
  holder's Chinese and English names, "GB/T 22080-2016 idt ISO/IEC 27001:2022", a Unified
  Social Credit Code, the scope in Chinese then English, dates as "2025年07月01日" (or ISO).
- kab_korean: a Korean body (KAB): a ruled table of Korean/English label pairs, names,
  address and scope in Korean then English, the validity one range ("2025. 07. 01. ~
  2028. 06. 30.") and the date of issue again alone above the body's seal.
- caption_below: an ISO/IEC 42001:2023 certificate (UKAS): every value first with a small grey
  caption under it, an "AI system(s) in scope" line, the dates as a certification cycle.
- anz_strip: an Australian body (JAS-ANZ) certifying Australian and New Zealand holders:
  certifies-that prose, the sites as bullets, and a dark strip at the foot holding
  "Certificate Number", "Original Certification", "Date of Certification", "Date of Expiry".
- integrated_us: a US registrar (IAS): one certificate for several standards in a ruled
  table (standard is the first, standards all), month-first dates labelled "Certified Since",
  "Registration Effective" and "Valid Through".

Every variant of bodies.VARIANTS is drawn, each three times. Organisations and certification
bodies are made up; accreditation bodies are real. Truth is what the page prints (dates in ISO
form, null for a field the page does not print, sites only where a site list is printed); a
holder or body printed in two scripts is read in either ("accept").
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from reportlab.lib.pagesizes import A4, LETTER

from bench.corpus import bodies_captions_draw as draw
from bench.corpus.bodies import as_spec, finish_spec, write_family
from bench.corpus.bodies_captions_draw import HeldSpec
from bench.corpus.wild import WPen, make_wild_spec
from bench.corpus.wild_data import ADDRESSES

CN_ORGS = [
    ("深圳科兴云数据有限公司", "Shenzhen Kexing Cloud Data Co., Ltd."),
    ("杭州澜图智能科技有限公司", "Hangzhou Lantu Intelligent Technology Co., Ltd."),
    ("苏州星衡信息系统有限公司", "Suzhou Xingheng Information Systems Co., Ltd."),
]
CN_SCOPES = {
    "27001": ("与软件开发及信息系统运维服务相关的信息安全管理活动",
              "Information security management activities related to software development "
              "and information system operation and maintenance services"),
    "9001": ("企业管理软件的设计、开发和技术服务",
             "Design, development and technical services of enterprise management software"),
    "42001": ("智能客服系统的开发、部署与运营所涉及的人工智能管理活动",
              "Artificial intelligence management activities related to the development, "
              "deployment and operation of intelligent customer service systems"),
}
CN_SITES = [
    ["Room 502, Block B, Xixi Digital Park, Xihu District", "Hangzhou, Zhejiang 310013",
     "P.R. China"],
    ["No. 88 Xinghu Street, Suzhou Industrial Park", "Suzhou, Jiangsu 215021", "P.R. China"],
]
NATIONAL = {"ISO/IEC 27001:2022": "GB/T 22080-2016 idt ISO/IEC 27001:2022",
            "ISO 9001:2015": "GB/T 19001-2016 idt ISO 9001:2015"}
KR_ORGS = [
    ("주식회사 한빛클라우드", "Hanbit Cloud Co., Ltd."),
    ("(주)누리데이터시스템", "Nuri Data Systems Co., Ltd."),
    ("파란정보기술 주식회사", "Paran Information Technology Corp."),
]
KR_SCOPES = [
    ("클라우드 기반 인사 및 급여 소프트웨어의 개발 및 운영",
     "Development and operation of cloud-based HR and payroll software"),
    ("정보시스템 구축 및 유지보수 서비스",
     "Information system construction and maintenance services"),
    ("데이터센터 운영 및 관리형 호스팅 서비스",
     "Data centre operation and managed hosting services"),
]
KR_ADDRESSES = [
    ("경기도 성남시 분당구 판교역로 235, 14층", ADDRESSES["kr"][0]),
    ("서울특별시 강남구 테헤란로 521, 20층",
     ["20F, 521 Teheran-ro, Gangnam-gu", "Seoul 06164", "Republic of Korea"]),
]
KR_SITE = ("Data centre", ["45 Gwahaksandan-ro, Gangseo-gu", "Busan 46742", "Republic of Korea"])
AI_SYSTEMS = [
    "Claims triage assistant (v3.2); document summarisation service for underwriters",
    "ChatDesk conversational agent and its retrieval pipeline",
    "Demand forecasting models (Forecast Studio 5) and their monitoring",
]
ANZ_ADDRESSES = {
    "au": [["Suite 4.02, 350 Collins Street", "Melbourne VIC 3000", "Australia"],
           ["18 Mill Street", "Perth WA 6000", "Australia"],
           ["Level 12, 60 Margaret Street", "Sydney NSW 2000", "Australia"]],
    "nz": [["Level 2, 101 Lambton Quay", "Wellington 6011", "New Zealand"],
           ["Level 4, 22 Customs Street East", "Auckland 1010", "New Zealand"]],
}
AI_SCOPES = [
    "Development, validation and operation of machine-learning models for insurance claims "
    "handling and underwriting support",
    "Design, provision and monitoring of generative AI customer service assistants",
    "Development and operation of AI-based demand forecasting services for retailers",
]
PEOPLE = {"cn": ("Li Jianguo", "General Manager"), "kr": ("Park Ji-hoon", "President")}
KINDS = {"27001": "IS", "9001": "Q", "42001": "AI", "14001": "E"}


def _kind(std: str) -> str:
    return next(v for k, v in KINDS.items() if k in std)


def _china(s: HeldSpec, rng: random.Random, n: int) -> HeldSpec:
    local, org = CN_ORGS[n % len(CN_ORGS)]
    scope_local, scope = next(v for k, v in CN_SCOPES.items() if k in s.standards[0])
    extra = [("", CN_SITES[k]) for k in range(n % 3)]
    code = f"91{rng.choice((44, 33, 32))}0{rng.randint(100, 999)}MA5{rng.randint(10**6, 10**7)}"
    return replace(s, org=org, org_local=local, scope=scope, scope_local=scope_local,
                   credit_code=f"{code}{rng.choice('XKRT')}", extra_sites=extra, soa="",
                   national=NATIONAL, cb_local="京华正信认证有限公司", person=PEOPLE["cn"],
                   date_style=("cn", "iso", "cn_short")[n % 3])


def _korea(s: HeldSpec, rng: random.Random, n: int) -> HeldSpec:
    local, org = KR_ORGS[n % len(KR_ORGS)]
    scope_local, scope = KR_SCOPES[n % len(KR_SCOPES)]
    address_local, address = KR_ADDRESSES[n % 2]
    extra = [KR_SITE] if n == 1 else []
    return replace(s, org=org, org_local=local, scope=scope, scope_local=scope_local,
                   address=list(address), address_local=address_local, extra_sites=extra,
                   soa="", cb_local="한결품질인증원", brand="HANGYEOL QC", person=PEOPLE["kr"],
                   date_style="kr")


def _aims(s: HeldSpec, rng: random.Random, n: int) -> HeldSpec:
    return replace(s, ai_systems=AI_SYSTEMS[n % len(AI_SYSTEMS)], scope=AI_SCOPES[n % 3] + ".",
                   soa="", extra_sites=[],
                   date_style=("plain_long", "dotted", "short")[n % 3])


def _anz(s: HeldSpec, rng: random.Random, n: int) -> HeldSpec:
    addresses = ANZ_ADDRESSES[s.region]
    address = addresses[n % len(addresses)]
    extra = [("Office", a) for a in addresses if a != address][: n % 3]
    scope = AI_SCOPES[n % 3] + "." if "42001" in s.standards[0] else s.scope
    return replace(s, address=list(address), extra_sites=extra, soa="", scope=scope,
                   date_style=("plain_long", "uk_slash")[n % 2])


def _us(s: HeldSpec, rng: random.Random, n: int) -> HeldSpec:
    extra = [("Plant", list(ADDRESSES["us"][(n + 1) % 3]))] if n != 1 else []
    extra = [(name, lines) for name, lines in extra if lines != s.address]
    return replace(s, extra_sites=extra, soa="", date_style="us_long")


@dataclass(frozen=True)
class HeldoutLayout:
    draw: Callable[[WPen], None]
    regions: tuple[str, ...]
    cb: str
    ab: dict[str, tuple[str | None, str]]
    number: Callable[[random.Random, HeldSpec], str]
    standards: tuple[tuple[str, ...], ...]
    prepare: Callable[[HeldSpec, random.Random, int], HeldSpec]
    local: str = ""  # the body's name in the local script, also accepted


HELDOUT_LAYOUTS: dict[str, HeldoutLayout] = {
    "cnas_bilingual": HeldoutLayout(
        draw.cnas_bilingual, ("cn", "cn", "cn"), "Jinghua Zhengxin Certification Co., Ltd.",
        {"cn": ("CNAS", "CNAS C176-M")},
        lambda rng, s: f"{rng.randint(10, 99):03d}{s.issue.year % 100}{_kind(s.standards[0])}"
                       f"{rng.randint(10000, 99999)}R{rng.randint(0, 3)}M",
        (("ISO/IEC 27001:2022",), ("ISO 9001:2015",), ("ISO/IEC 42001:2023",)),
        _china, local="京华正信认证有限公司",
    ),
    "kab_korean": HeldoutLayout(
        draw.kab_korean, ("kr", "kr", "kr"), "Hangyeol Quality Certification Institute",
        {"kr": ("KAB", "KAB-MS-047")},
        lambda rng, s: f"HQC-{_kind(s.standards[0])}MS-{rng.randint(1000, 9999)}",
        (("ISO/IEC 27001:2022",), ("ISO 9001:2015",), ("ISO/IEC 27001:2022",)),
        _korea, local="한결품질인증원",
    ),
    "caption_below": HeldoutLayout(
        draw.caption_below, ("uk", "de", "uk"), "Aldermoor Assurance Ltd",
        {"uk": ("UKAS", "4863"), "de": ("UKAS", "4863")},
        lambda rng, s: f"AIMS {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
        (("ISO/IEC 42001:2023",),), _aims,
    ),
    "anz_strip": HeldoutLayout(
        draw.anz_strip, ("au", "nz", "au"), "Tasman Assurance Services Pty Ltd",
        {"au": ("JAS-ANZ", "Z3160219AM"), "nz": ("JAS-ANZ", "Z3160219AM")},
        lambda rng, s: f"TAS-{_kind(s.standards[0])}-{rng.randint(10000, 99999)}",
        (("ISO/IEC 27001:2022",), ("ISO 9001:2015",), ("ISO/IEC 42001:2023",)), _anz,
    ),
    "integrated_us": HeldoutLayout(
        draw.integrated_us, ("us", "us", "us"), "Lakeshore Registrar Services, Inc.",
        {"us": ("IAS", "MSCB-183")},
        lambda rng, s: f"LRS-{rng.randint(10000, 99999)}-{len(s.standards)}",
        (("ISO 9001:2015", "ISO/IEC 27001:2022"),
         ("ISO/IEC 27001:2022", "ISO 9001:2015", "ISO 14001:2015"),
         ("ISO 9001:2015", "ISO/IEC 27001:2022")), _us,
    ),
}


def heldout_spec(name: str, n: int, seed: int) -> tuple[HeldSpec, random.Random]:
    """Return the n-th spec of a layout."""
    layout = HELDOUT_LAYOUTS[name]
    region = layout.regions[n % len(layout.regions)]
    rng = random.Random(f"{seed}-bodies-heldout-7-{name}-{n}")
    ab, ab_number = layout.ab.get(region, (None, ""))
    wild = make_wild_spec(rng, f"{name}-{n}", name, region, cb=layout.cb, ab=ab,
                          ab_number=ab_number, number="",
                          standards=list(layout.standards[n % len(layout.standards)]))
    spec = as_spec(HeldSpec, wild)
    return finish_spec(spec, rng, n, layout.prepare, layout.number), rng


def truth(spec: HeldSpec, layout: HeldoutLayout) -> dict:
    """Return what the page prints, with the other script's names accepted."""
    result = spec.truth()
    accept: dict[str, list[str]] = {}
    if spec.org_local:
        accept["organization"] = [spec.org_local]
        accept["scope"] = [spec.scope_local, f"{spec.scope_local} {spec.scope}"]
    if layout.local:
        accept["certification_body"] = [layout.local]
    if spec.ai_systems:  # the AI systems line printed under the scope may be read with it
        accept["scope"] = [f"{spec.scope} {spec.ai_systems}"]
    if accept:
        result["accept"] = accept
    return result


def write_bodies_captions(out_dir: Path, seed: int = 42) -> list[tuple[Path, str, str, dict]]:
    """Write the family; return (path, layout, variant, truth) per file."""
    return write_family(out_dir, HELDOUT_LAYOUTS, lambda name, n: heldout_spec(name, n, seed),
                        lambda spec, layout: LETTER if spec.region == "us" else A4, truth=truth)
