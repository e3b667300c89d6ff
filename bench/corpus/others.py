"""Documents that mention certification but are not certificates."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from bench.corpus.common import wrap

_DOCS = {
    "brochure": [
        ("Example Analytics GmbH", 22),
        ("Trusted AI for regulated industries", 14),
        ("Our services", 13),
        (
            "We build machine-learning platforms for banks and insurers. Our platform is certified "
            "to ISO/IEC 27001:2022 and we are preparing for ISO/IEC 42001:2023 certification in "
            "2026. Our team of 40 data scientists supports customers across Europe.",
            10,
        ),
        ("Why choose us", 13),
        (
            "Security first: independent audits every year, a certified information security "
            "management system and SOC 2 Type II attestation on request.",
            10,
        ),
        (
            "Contact us at hello@example.invalid or book a demo. Learn more about our pricing "
            "plans and case studies on our website.",
            10,
        ),
    ],
    "invoice": [
        ("INVOICE", 22),
        ("Invoice No. INV-2025-0117          Invoice date: 14 March 2025", 10),
        ("Bill to: Northwind Data Ltd, 12 Example Road, London EC1A 1BB", 10),
        ("Description                                   Qty     Unit price     Amount", 10),
        ("ISO/IEC 27001:2022 surveillance audit (2 days)    2     EUR 1,400      EUR 2,800", 10),
        ("Certificate administration fee                     1     EUR 250        EUR 250", 10),
        ("Subtotal EUR 3,050     VAT (19%) EUR 579.50     Total due EUR 3,629.50", 10),
        ("Payment terms: 30 days. Due date: 13 April 2025. VAT No. DE123456789", 10),
        ("Example Certification Services Ltd", 9),
    ],
    "soc2": [
        ("Independent Service Auditor's Report", 18),
        (
            "SOC 2 Type II Report on Controls at a Service Organization Relevant to Security, "
            "Availability and Confidentiality",
            11,
        ),
        ("To the Management of Contoso AI Inc.:", 10),
        (
            "Scope: We have examined Contoso AI Inc.'s description of its machine-learning "
            "platform system for the period January 1, 2025 to December 31, 2025 based on the "
            "trust services criteria relevant to security set forth in TSP section 100 (AICPA).",
            10,
        ),
        (
            "Our examination was conducted in accordance with attestation standards established "
            "by the AICPA (SSAE 18). Complementary user entity controls are described in "
            "section 4. The service organization also holds an ISO/IEC 27001 certificate.",
            10,
        ),
        ("Meridian Example CPAs LLP, Austin, Texas, February 14, 2026", 10),
    ],
    "letter": [
        ("Example Certification Services Ltd", 14),
        ("1 Example Square, London EC2A 4XX", 9),
        ("15 March 2025", 10),
        ("Dear Ms Example,", 10),
        (
            "Following the stage 2 audit of Northwind Data Ltd on 10-12 March 2025, we are "
            "pleased to confirm that the audit team has recommended your organisation for "
            "certification to ISO/IEC 27001:2022. Your certificate will be valid until "
            "13 March 2028 once issued. The certificate number will be IS 712345.",
            10,
        ),
        ("Please let us know if you have any questions about the next steps.", 10),
        ("Yours sincerely,", 10),
        ("Jane Example, Certification Manager", 10),
    ],
    "audit_report": [
        ("Stage 2 Audit Report", 18),
        ("Client: Fabrikam Vision B.V.   Standard: ISO/IEC 42001:2023", 10),
        ("Audit team: J. Example (lead auditor), K. Sample. Audit dates: 3-5 June 2025", 10),
        (
            "Opening meeting held on 3 June 2025. Two minor nonconformities were raised: "
            "NC-01 on AI impact assessment records and NC-02 on supplier monitoring.",
            10,
        ),
        ("Audit findings are summarised in section 3. Closing meeting held on 5 June 2025.", 10),
        ("Recommendation: certification subject to closure of nonconformities.", 10),
    ],
}


def render_other(kind: str, path: Path, font: tuple[str, str]) -> None:
    """Write one look-alike document."""
    c = Canvas(str(path), pagesize=A4, invariant=1)
    width, height = A4
    y = height - 80
    for n, (text, size) in enumerate(_DOCS[kind]):
        name = font[1] if size >= 13 else font[0]
        for line in wrap(text, name, size, width - 140):
            c.setFont(name, size)
            c.drawString(70, y, line)
            y -= size * 1.4
        y -= 8 if n else 16
    c.showPage()
    c.save()


KINDS = tuple(_DOCS)
