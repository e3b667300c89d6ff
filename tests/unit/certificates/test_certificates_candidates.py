"""Never throw a certificate away; never read a field from a document that is not one; flag
claims against things that are not certification schemes and unrecognised accreditation."""

from __future__ import annotations

from datetime import date

import pytest

from portal.certificates.parsing import extract_text_fields
from portal.certificates.verification import verify_certificate

FIELDS = (
    "standard", "certificate_number", "organization", "scope", "initial_certification_date",
    "issue_date", "expiry_date", "certification_body", "accreditation_body",
)


def checks(result) -> dict[str, object]:
    found = verify_certificate(
        result, vendor_names=["Example Analytics Ltd"], product_terms=[],
        expected_standard=None, today=date(2025, 6, 1),
    )
    return {c.code: c for c in found}


# A certificate whose text layer kept only fragments: no heading, no "certify that", no
# expiry label, but a standard and a labelled number.
DAMAGED = """
      Exa  ple Analytics Ltd
      ISO/IEC 42001:2023
      Cert No: AIMS 712345          13.03.2028
"""


def test_a_weak_certificate_is_a_candidate_with_lower_confidences():
    result = extract_text_fields([DAMAGED])
    assert result.status == "needs_review"
    assert result.is_certificate
    assert result.standard.value == "ISO/IEC 42001:2023"
    assert result.certificate_number.value == "AIMS 712345"
    assert result.certificate_number.confidence < 0.8
    assert "person" in result.message
    assert checks(result)["readable"].status == "warning"


NOT_CERTIFICATES = {
    "brochure": """ISO 27001: security is certified, not promised
        Our platform is ISO/IEC 27001:2022 certified. Learn more about our services and
        why choose us: our team keeps your data safe. Contact us for a demo.""",
    "training": """CERTIFICATE OF ACHIEVEMENT
        This is to certify that
        Jane Margaret Doe
        has successfully completed the ISO/IEC 27001:2022 Lead Auditor training course
        (40 CPD hours) on 14 March 2025.
        Certificate No.: LA-2025-0042""",
    "personnel": """CERTIFICATE
        This is to certify that
        Rahul Mehta
        is a certified ISO/IEC 42001 Lead Implementer.
        Certificate number: PECB-42001-LI-1234   Valid until: 13 March 2028""",
    "letter": """Dear Sir or Madam,
        We confirm that Example Analytics Ltd is working towards ISO/IEC 42001:2023
        certification; the stage 1 audit is booked for 3 June 2025.
        Certificate number: to be issued after the stage 2 audit.
        Yours faithfully, Alex Smith""",
    "soc_report": """Independent Service Auditor's Report
        SOC 2 Type 2 report on the description of Example Analytics Ltd's system relevant
        to security, availability and confidentiality (trust services criteria), for the
        period 1 January 2024 to 31 December 2024. Complementary user entity controls.
        The service organization's controls also support ISO/IEC 27001:2022 Annex A.""",
    "quote": """QUOTATION
        Quote No: Q-2025-118   Quote valid until: 30 June 2025
        Proposal for ISO/IEC 42001:2023 certification of Example Analytics Ltd.
        Stage 1 and stage 2 audit: 6 man-days at 1,150 GBP per day.
        Certification fees and travel are invoiced separately.""",
}


@pytest.mark.parametrize("text", list(NOT_CERTIFICATES.values()), ids=list(NOT_CERTIFICATES))
def test_documents_that_are_not_certificates_give_no_fields(text):
    result = extract_text_fields([text])
    assert result.status == "not_a_certificate"
    assert all(getattr(result, name) is None for name in FIELDS)
    assert result.standards == () and result.sites == ()


SOC2_CERTIFICATE = """CERTIFICATE OF REGISTRATION
    This is to certify that
    Example Analytics Ltd
    12 Example Road, London EC1A 1BB, United Kingdom
    has been assessed and found to comply with SOC 2 Type 2
    Certificate No.: SOC-2024-7781      Issue date: 1 April 2024     Expiry date: 31 March 2027
    Issued by Globe Compliance Registrar Ltd
"""


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        (SOC2_CERTIFICATE, "SOC 2"),
        (SOC2_CERTIFICATE.replace("SOC 2 Type 2", "the GDPR"), "GDPR"),
        (SOC2_CERTIFICATE.replace("SOC 2 Type 2", "HIPAA"), "HIPAA"),
        (SOC2_CERTIFICATE.replace("SOC 2 Type 2", "ISO/IEC 27002:2022"), "guidance standard"),
        (SOC2_CERTIFICATE.replace("SOC 2 Type 2", "HACCP (Codex guidelines)"), "HACCP"),
        (SOC2_CERTIFICATE.replace("SOC 2 Type 2", "Good Manufacturing Practice"), "GMP"),
        (SOC2_CERTIFICATE.replace("SOC 2 Type 2", "the Qualiopi national quality scheme"),
         "Qualiopi"),
    ],
    ids=["soc2", "gdpr", "hipaa", "27002", "haccp", "gmp", "qualiopi"],
)
def test_claims_against_non_schemes_are_read_and_fail_a_check(text, claim):
    result = extract_text_fields([text])
    assert result.status == "needs_review"
    assert result.claims == (claim,)
    assert result.standard is None
    assert result.organization.value == "Example Analytics Ltd"
    assert result.certificate_number.value == "SOC-2024-7781"
    scheme = checks(result)["scheme"]
    assert scheme.status == "fail"
    assert "not a certification scheme" in scheme.message


def test_a_real_standard_with_a_non_scheme_claim_warns():
    text = SOC2_CERTIFICATE.replace("SOC 2 Type 2", "ISO/IEC 27001:2022 and HIPAA")
    result = extract_text_fields([text])
    assert result.status == "ok" and result.claims == ("HIPAA",)
    assert checks(result)["scheme"].status == "warning"


@pytest.mark.parametrize(
    ("mark", "status", "words"),
    [
        ("UKAS Management Systems 0123", "pass", "is an IAF MLA signatory"),
        ("Accredited by UKAF", "warning", "not an IAF MLA signatory"),
        ("IAC ACCREDITED IAC-MSCB-5044", "warning", "not an IAF MLA signatory"),
    ],
    ids=["ukas", "ukaf", "iac"],
)
def test_accreditation_by_a_body_outside_the_iaf_mla_is_flagged(mark, status, words):
    text = SOC2_CERTIFICATE.replace("SOC 2 Type 2", "ISO/IEC 27001:2022") + mark + "\n"
    check = checks(extract_text_fields([text]))["accreditation_body"]
    assert check.status == status
    assert words in check.message


# A German food-scheme certificate (made up): the body confirms that the company's activities
# meet a food scheme's requirements; the scheme is accredited under ISO/IEC 17065, so the
# certificate is read and flagged, never trusted as a management-system certificate.
FOOD_SCHEME = """
                                          Beispielweg 4 · 80331 München
                                          akkreditiert nach DIN EN ISO/IEC 17065

        Die Muster Prüf GmbH (als von den IFS Standardeignern zugelassene Zertifizierungsstelle)

        bestätigt hiermit, dass die Großhandelstätigkeiten des Unternehmens

        Nordlicht Frischdienst eG
        Hafenstraße 12
        20457 Hamburg

        die Anforderungen des
        IFS Wholesale Version 2
        auf höherem Niveau erfüllen.

        Zertifikats-Nr.:                     22001-004-2025-1
        Datum der Zertifikatausstellung:     27.03.2025
        Zertifikatslaufzeit:                 06.05.2026
"""


def test_a_food_scheme_certificate_is_read_and_flagged_as_not_a_management_system():
    result = extract_text_fields([FOOD_SCHEME])
    assert result.status == "needs_review", result.message
    assert result.claims == ("food or farm scheme",)
    assert result.standard is None
    assert result.organization.value == "Nordlicht Frischdienst eG"
    assert result.certificate_number.value == "22001-004-2025-1"
    assert result.issue_date.value.isoformat() == "2025-03-27"
    assert result.expiry_date.value.isoformat() == "2026-05-06"
    assert result.certification_body.value == "Muster Prüf GmbH"
    scheme = checks(result)["scheme"]
    assert scheme.status == "fail"
    assert "products or processes, not for a management system" in scheme.message


def test_a_scheme_body_that_confirms_compliance_with_requirements_in_german():
    text = FOOD_SCHEME.replace(
        "bestätigt hiermit, dass die Großhandelstätigkeiten des Unternehmens",
        "Die Zertifizierungsstelle Muster Prüf GmbH bestätigt dem Unternehmen",
    ).replace("die Anforderungen des\n        IFS Wholesale Version 2\n        auf höherem "
              "Niveau erfüllen.", "die Einhaltung der Anforderungen des QS-Systems")
    result = extract_text_fields([text])
    assert result.status == "needs_review", result.message
    assert result.claims == ("food or farm scheme",)
    assert result.certificate_number.value == "22001-004-2025-1"
    assert result.certification_body.value == "Muster Prüf GmbH"  # not "Die Zertifizierungsstelle"
