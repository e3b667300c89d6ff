"""Tell certificates from look-alikes: brochures, invoices, letters, SOC reports (pure)."""

from __future__ import annotations

import re

from portal.certificates.dates import find_dates
from portal.certificates.fields import Candidate, parse_certificate_number
from portal.certificates.layout import Line
from portal.certificates.standards import find_standards
from portal.certificates.vocabulary import ORG_TRIGGERS

_HEADING = re.compile(
    r"^(?:(?:registration|management\s+system|iso|ai|quality)\s+)?(?:certificate|zertifikat|"
    r"sertifika|certificat|certificado|certificato|certificaat|belge)(?:\s+of\s+(?:registration|"
    r"conformity|approval|certification))?(?:\s*/\s*\w+)?$"
)
NEGATIVE = {
    "invoice": re.compile(
        r"\binvoice\b|\bamount\s+due\b|\bsubtotal\b|\btotal\s+due\b|\bbill\s+to\b|\bpayment\s+terms\b"
        r"|\brechnung\b|\bfatura\b|\bunit\s+price\b|\bvat\s+(?:no|number|reg)|\bdue\s+date\b"
    ),
    "soc_report": re.compile(
        r"\bsoc\s*[123]\b|\bservice\s+organi[sz]ation|\btrust\s+services\s+criteria\b|\bssae\b|"
        r"\baicpa\b|\bservice\s+auditor|\btype\s+(?:i|ii|1|2)\s+report\b|\bcomplementary\s+user"
    ),
    "letter": re.compile(
        r"^dear\b|\bsincerely\b|\bkind\s+regards\b|\byours\s+(?:faithfully|truly)\b|"
        r"\bbest\s+regards\b|\bsehr\s+geehrte|\bmit\s+freundlichen\s+grussen\b"
    ),
    "brochure": re.compile(
        r"\bour\s+(?:services|solutions|team|customers|platform|mission)\b|\bcontact\s+us\b|"
        r"\blearn\s+more\b|\bwhy\s+choose\b|\bbrochure\b|\bpricing\b|\bcase\s+stud(?:y|ies)\b|"
        r"\bnewsletter\b|\bsubscribe\b|\bbook\s+a\s+demo\b|\bwhite\s*paper\b"
    ),
    "audit_report": re.compile(
        r"\baudit\s+report\b|\bnon-?conformit(?:y|ies)\b|\baudit\s+findings\b|\baudit\s+team\b|"
        r"\bopening\s+meeting\b|\bclosing\s+meeting\b"
    ),
}
_WEIGHT = {"invoice": 4, "soc_report": 5, "letter": 3, "brochure": 2, "audit_report": 3}


def is_heading(folded: str) -> bool:
    """Return True for a certificate's title ("Certificate of Registration", "ZERTIFIKAT")."""
    return bool(_HEADING.match(folded.strip(" :")))


def classify(lines: list[Line], candidates: list[Candidate]) -> tuple[str, str]:
    """Return ("certificate" or the kind of look-alike, a short reason)."""
    text = "\n".join(cell.folded for line in lines for cell in line.cells)
    score = 0.0
    reasons: list[str] = []
    if any(_HEADING.match(c.folded.strip(" :")) for line in lines[:60] for c in line.cells):
        score += 3
        reasons.append("certificate heading")
    if ORG_TRIGGERS.search(text):
        score += 2
        reasons.append("certification statement")
    if any(
        c.field == "certificate_number" and parse_certificate_number(c.text) for c in candidates
    ):
        score += 2
        reasons.append("certificate number")
    if any(c.field == "expiry_date" and find_dates(c.text, short_years=True) for c in candidates):
        score += 2
        reasons.append("expiry date")
    if any(m.certifiable for line in lines for m in find_standards(line.text)):
        score += 1
        reasons.append("management-system standard")
    else:
        score -= 3
        reasons.append("no certifiable standard")
    hits: dict[str, int] = {}
    for kind, pattern in NEGATIVE.items():
        count = (
            len(pattern.findall(text))
            if kind != "letter"
            else sum(1 for line in lines for cell in line.cells if pattern.search(cell.folded))
        )
        if count:
            hits[kind] = count
            score -= _WEIGHT[kind] * min(count, 2)
    words = len(text.split())
    if words > 1200:
        score -= 3
    if score >= 4:
        return "certificate", ", ".join(reasons)
    if hits:
        kind = max(hits, key=lambda k: hits[k] * _WEIGHT[k])
        return kind, f"it reads like {kind.replace('_', ' ')}: " + ", ".join(sorted(hits))
    return "unknown", "no certificate heading, number, validity or certification statement"
