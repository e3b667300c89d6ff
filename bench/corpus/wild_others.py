"""Wild look-alikes: documents full of ISO 27001 wording that are not certificates."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from bench.corpus.common import wrap

_DOCS = {
    "trust_centre": [
        ("Trust Center", 24),
        ("Security, privacy and compliance at Kestrel Cloud Ltd", 13),
        ("Certifications and attestations", 14),
        (
            "ISO/IEC 27001:2022 - Kestrel Cloud is certified to ISO/IEC 27001:2022 by Kingsmark "
            "Assurance UK Limited (certificate number IS 712345, valid until 13 March 2027). "
            "The certificate covers our SaaS platform and supporting operations.",
            10,
        ),
        (
            "ISO/IEC 27701:2019 - our privacy information management system extends the ISMS. "
            "ISO/IEC 42001:2023 - certification audit planned for Q3 2025.",
            10,
        ),
        ("SOC 2 Type II - report available under NDA. Download the certificate (PDF).", 10),
        ("Subprocessors   Status page   Report a vulnerability   Privacy policy", 9),
        (
            "Last updated 2 May 2025. This page is provided for information only and does not "
            "form part of any contract.",
            8,
        ),
    ],
    "audit_summary": [
        ("ISO/IEC 27001:2022 Recertification Audit - Summary Report", 16),
        ("Organisation: Marlowe Analytics Ltd   Certificate No.: IS 654321", 10),
        (
            "Audit type: Recertification (stage 2)   Audit dates: 10-12 February 2025   "
            "Lead auditor: Sarah Collins   Audit days: 4.5",
            10,
        ),
        (
            "Audit objectives: to confirm that the information security management system "
            "conforms to ISO/IEC 27001:2022 and the Statement of Applicability version 4.2.",
            10,
        ),
        (
            "Findings: 0 major nonconformities, 2 minor nonconformities (A.5.23 cloud services, "
            "A.8.8 technical vulnerabilities), 3 opportunities for improvement.",
            10,
        ),
        (
            "Recommendation: the audit team recommends continued certification. Certificate "
            "expiry date: 28 March 2028. Next surveillance audit due: February 2026.",
            10,
        ),
        ("Distribution: client, certification decision maker. Report No. 3456789012", 9),
    ],
    "soa": [
        ("Statement of Applicability", 20),
        ("Orbison Software GmbH - ISMS according to ISO/IEC 27001:2022", 11),
        (
            "Document ID: ISMS-DOC-006   Version 3.1   Date: 14.01.2025   Classification: internal",
            9,
        ),
        ("Control   Title   Applicable   Implemented   Justification", 10),
        ("A.5.1   Policies for information security   Yes   Yes   Required by ISO/IEC 27001", 9),
        ("A.5.23   Information security for use of cloud services   Yes   Partly   Risk R-12", 9),
        ("A.7.4   Physical security monitoring   No   -   No own premises (co-working)", 9),
        ("A.8.28   Secure coding   Yes   Yes   Software development in scope", 9),
        ("Approved by: Thomas Keller, CISO. Next review: January 2026.", 9),
    ],
    "pentest_letter": [
        ("Letter of Attestation - Penetration Test", 16),
        ("Redwall Security LLP, 20 Example Lane, Bristol BS1 4DJ, United Kingdom", 9),
        ("28 April 2025", 10),
        ("To whom it may concern,", 10),
        (
            "This letter confirms that Redwall Security LLP performed an external and internal "
            "penetration test of the Zephyrine Payments Ltd production environment between "
            "7 and 18 April 2025, supporting the control A.8.8 requirements of ISO/IEC "
            "27001:2022. No critical or high-risk findings remain open.",
            10,
        ),
        (
            "Our testers hold CREST and OSCP certifications. This attestation is valid for 12 "
            "months and does not constitute an ISO/IEC 27001 certificate.",
            10,
        ),
        ("Yours faithfully,", 10),
        ("Michael Grant, Director, Redwall Security LLP", 10),
    ],
}


def render_wild_other(kind: str, path: Path, font: tuple[str, str]) -> None:
    """Write one wild look-alike document."""
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


WILD_OTHER_KINDS = tuple(_DOCS)
