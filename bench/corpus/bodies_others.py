"""Look-alikes real vendors upload instead of certificates, and a certificate that certifies
nothing: a training certificate for a person, a quote for certification, a readiness letter
with a number and dates, a company registration, and a "SOC 2 Type 2 certificate of
registration" (read, but it claims a certification that does not exist)."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from bench.corpus.common import wrap

_DOCS: dict[str, list[tuple[str, int]]] = {
    "training_person": [
        ("CERTIFICATE OF ACHIEVEMENT", 22),
        ("This is to certify that", 11),
        ("Margaret Olusegun", 18),
        ("has successfully completed the course", 11),
        ("ISO/IEC 42001:2023 Lead Implementer", 14),
        ("and passed the examination with distinction. 40 CPD hours.", 10),
        ("Certificate No.: LI-42001-2025-0815        Date of issue: 21 March 2025", 10),
        ("Valid until: 20 March 2028", 10),
        ("Harbourline Training Academy Ltd, 4 Quay Street, Manchester M3 3HN", 8),
    ],
    "quote": [
        ("QUOTATION", 22),
        ("Quote No: Q-42001-2025-118          Quote date: 2 May 2025", 10),
        ("Prepared for: Zephyrine Payments Ltd, 14 Albion Street, Leeds LS1 6HX", 10),
        ("Proposal for ISO/IEC 42001:2023 certification (AI management system)", 12),
        ("Stage 1 audit: 1.5 man-days. Stage 2 audit: 3 man-days. Surveillance audits: 1.5 "
         "man-days per year. Day rate: 1,150 GBP per day. Certification fees are invoiced after "
         "the stage 2 audit. Total price for the three-year cycle: 13,800 GBP excluding VAT.", 10),
        ("This quotation is valid until 30 June 2025.", 10),
        ("Kingsmark Assurance UK Limited, 389 Chiswick High Road, London W4 4AL", 8),
    ],
    "readiness_letter": [
        ("Kingsmark Assurance UK Limited", 14),
        ("Ref: KA/AIMS/2025/04417                         12 May 2025", 10),
        ("Dear Ms Okafor,", 10),
        ("Zephyrine Payments Ltd - ISO/IEC 42001:2023 certification", 12),
        ("Thank you for choosing Kingsmark. Your stage 1 audit took place on 6 May 2025 and the "
         "stage 2 audit is scheduled for 16 to 18 June 2025. Subject to a successful stage 2 "
         "audit, a certificate will be issued with a validity of three years.", 10),
        ("Application number: AIMS 712345. Planned certificate expiry: 17 June 2028.", 10),
        ("Yours sincerely,", 10),
        ("Daniel Hughes, Client Manager", 10),
    ],
    "registration": [
        ("CERTIFICATE OF INCORPORATION", 20),
        ("OF A PRIVATE LIMITED COMPANY", 11),
        ("Company Number 14120815", 12),
        ("The Registrar of Companies for England and Wales hereby certifies that", 10),
        ("ZEPHYRINE PAYMENTS LTD", 15),
        ("is this day incorporated under the Companies Act 2006 as a private company, that the "
         "company is limited by shares, and the situation of its registered office is in "
         "England and Wales.", 10),
        ("Given at Companies House, Cardiff, on 3rd June 2022", 10),
    ],
    "soc2_certificate": [
        ("CERTIFICATE OF REGISTRATION", 22),
        ("This is to certify that", 11),
        ("Zephyrine Payments Ltd", 18),
        ("14 Albion Street, Leeds LS1 6HX, United Kingdom", 9),
        ("has been assessed and found to comply with the requirements of", 10),
        ("SOC 2 Type 2", 16),
        ("for the following scope: payment processing platform and supporting operations", 10),
        ("Certificate No.: SOC-2024-7781     Date of issue: 1 April 2024     "
         "Expiry date: 31 March 2027", 9),
        ("Issued by Globe Compliance Registrar Ltd, Suite 5, 10 Market Street, Bolton BL1 1AA", 8),
    ],
}
# What each look-alike must read as: not a certificate, or a certificate that claims nothing.
EXPECTED: dict[str, dict] = {
    kind: {"status": "not_a_certificate"} for kind in _DOCS if kind != "soc2_certificate"
}
EXPECTED["soc2_certificate"] = {
    "status": "needs_review", "claims": ["SOC 2"], "standard": None,
    "organization": "Zephyrine Payments Ltd", "certificate_number": "SOC-2024-7781",
    "expiry_date": "2027-03-31",
}
BODY_OTHER_KINDS = tuple(_DOCS)


def render_body_other(kind: str, path: Path, font: tuple[str, str]) -> None:
    """Write one look-alike document."""
    c = Canvas(str(path), pagesize=A4, invariant=1)
    width, height = A4
    y = height - 90
    for text, size in _DOCS[kind]:
        name = font[1] if size >= 13 else font[0]
        for line in wrap(text, name, size, width - 140):
            c.setFont(name, size)
            c.drawCentredString(width / 2, y, line)
            y -= size * 1.5
        y -= 10
    c.showPage()
    c.save()
