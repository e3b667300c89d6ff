"""Recognise certification claims against things that are not certification schemes (pure).

Certificate-shaped documents sometimes "certify" a vendor against a law, a framework, an
attestation report or a guidance standard: "SOC 2 Type 2 Certificate of Registration",
"GDPR certified", "HIPAA certified", "certified to ISO/IEC 27002". None of these is a
management-system certification under accreditation (ISO/IEC 17021-1 and the IAF MLA), so
such a document is read but flagged: it must never be trusted as a certificate silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from portal.certificates import regexes
from portal.certificates.layout import fold_same_length


@dataclass(frozen=True)
class SchemeClaim:
    """A claimed certification against something that is not a certification scheme."""

    name: str
    text: str
    why: str


_CLAIMS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    (
        "SOC 2",
        regexes.compile(r"\bsoc\s*(?:1|2|3|i{1,3})\b(?:\s*,?\s*type\s*(?:1|2|i{1,2})\b)?"),
        "SOC reports are attestations by a licensed CPA firm under the AICPA's SSAE 18; there is "
        "no accredited SOC certificate. Ask for the SOC report itself.",
    ),
    (
        "GDPR",
        regexes.compile(r"\bgdpr\b|general\s+data\s+protection\s+regulation|\bdsgvo\b|\brgpd\b"),
        "The GDPR is a law, not a certification scheme; only schemes approved under its "
        "Article 42 (such as Europrivacy) can certify processing, and they name themselves.",
    ),
    (
        "HIPAA",
        regexes.compile(r"\bhipaa\b"),
        "HIPAA is a US law; no government or accredited body certifies HIPAA compliance.",
    ),
    (
        "CCPA",
        regexes.compile(r"\bccpa\b|california\s+consumer\s+privacy\s+act"),
        "The CCPA is a US state law, not a certification scheme.",
    ),
    (
        "PCI DSS",
        regexes.compile(r"\bpci[\s-]*dss\b"),
        "PCI DSS compliance is validated by a Qualified Security Assessor in a Report or "
        "Attestation of Compliance, not by an accredited certificate.",
    ),
    (
        "NIST framework",
        regexes.compile(r"\bnist\b(?:\s+(?:csf|cybersecurity\s+framework|sp\s*)?800-\d+)?"),
        "NIST publications are frameworks and guidance; nobody is accredited to certify them.",
    ),
    (
        "HACCP",
        regexes.compile(r"\bhaccp\b|hazard\s+analysis\s+(?:and|&)\s+critical\s+control\s+points?"),
        "HACCP is a set of food-hygiene principles (Codex Alimentarius), not a management-system "
        "standard certified under ISO/IEC 17021-1: ask for an ISO 22000 or FSSC 22000 "
        "certificate, or check who accredits the body for this scheme.",
    ),
    (
        "GMP",
        regexes.compile(r"\bc?gmp\b|good\s+manufacturing\s+practices?"),
        "Good Manufacturing Practice is checked by regulators' inspections and guidelines, not "
        "certified as a management system under ISO/IEC 17021-1: check who accredits the body "
        "for this scheme.",
    ),
    (
        "Qualiopi",
        regexes.compile(
            r"\bqualiopi\b|referentiel\s+national\s+(?:sur\s+la\s+)?qualite|"
            r"\bl\.?\s*6316-1\b"
        ),
        "Qualiopi is the French state's quality mark for training providers, set by decree "
        "(Code du travail, article L. 6316-1): a national scheme, not a management-system "
        "standard certified under ISO/IEC 17021-1.",
    ),
    (
        "sustainability scheme",
        regexes.compile(
            r"\bredcert\b|\biscc\b|\bfsc\s*(?:-\s*)?(?:coc|c\d{6}|chain\s+of\s+custody)|"
            r"\bpefc\b"
        ),
        "REDcert, ISCC, FSC and PEFC are sustainability schemes for biomass, fuels, timber and "
        "paper (EU Renewable Energy Directive, forest chain of custody), owned and run by their "
        "scheme owners: not management-system standards certified under ISO/IEC 17021-1 with "
        "IAF MLA recognition. Check the scheme owner's register.",
    ),
    (
        "food or farm scheme",
        regexes.compile(
            r"\bifs\s+(?:food|wholesale|logistics|broker|pacsecure|cash|global\s+markets|hpc|"
            r"progress)\b|\bbrcgs?\b|\bglobal\s*g\.?\s*a\.?\s*p\b|\bsqf\b|"
            r"\bqs[-\s]+(?:system|prufzeichen|pruefzeichen)|qualitat\s+und\s+sicherheit|"
            r"\b(?:2018/848|834/2007)\b|\b[a-z]{2}-(?:oko|eko|bio)-\d{3}\b"
        ),
        "IFS, BRCGS, SQF, GLOBALG.A.P. and QS certify food and farm products and processes, "
        "and organic certificates are issued by control bodies under the EU organic regulation "
        "(2018/848): bodies are accredited for them under ISO/IEC 17065 and the scheme owners "
        "keep the register. They are not management-system certifications under ISO/IEC "
        "17021-1; check the scheme owner's database.",
    ),
    (
        "guidance standard",
        regexes.compile(
            r"\biso\s*(?:/\s*iec\s*)?(?:27002|27005|27000|27032|27035|29100|31000|9000|26000|"
            r"19011)\b"
        ),
        "This ISO standard gives guidance or vocabulary: organisations cannot be certified "
        "against it (certifiable ones are requirement standards such as ISO/IEC 27001).",
    ),
)
EXPLANATIONS = {name: why for name, _, why in _CLAIMS}
# Claims that are certification schemes, only not for management systems.
PRODUCT_SCHEMES = frozenset({"sustainability scheme", "food or farm scheme"})
# Words that make a scheme mention a certification claim rather than a passing reference.
_CLAIM_WORDS = regexes.compile(r"certif|registration|zertifi|compliant|complies|conformity|attest")


def find_scheme_claims(text: str) -> list[SchemeClaim]:
    """Return the non-schemes a certificate-shaped text claims certification against."""
    folded = fold_same_length(text)
    if not _CLAIM_WORDS.search(folded):
        return []
    found: list[SchemeClaim] = []
    for name, pattern, why in _CLAIMS:
        m = pattern.search(folded)
        if m:
            found.append(SchemeClaim(name, text[m.start() : m.end()].strip(), why))
    return found
