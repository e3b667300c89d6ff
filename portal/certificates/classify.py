"""Tell certificates from look-alikes: brochures, invoices, letters, SOC reports (pure).

A document is a *certificate* when enough certificate signals outweigh look-alike wording; a
*candidate* when it names a management-system standard (or claims a certification) together
with certificate wording (a heading, "this is to certify that", a certificate number or an
expiry date) but scores lower, for example because its text layer is damaged: a candidate is
read and returned for review, never thrown away. Training certificates for people ("has
successfully completed the ... course") and documents without certificate wording are not
certificates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from portal.certificates import regexes
from portal.certificates.dates import find_dates
from portal.certificates.fields import Candidate, parse_certificate_number
from portal.certificates.layout import Line, paragraphs
from portal.certificates.names import looks_like_person
from portal.certificates.schemes import PRODUCT_SCHEMES, find_scheme_claims
from portal.certificates.standards import find_standards
from portal.certificates.vocabulary import ORG_TRIGGERS
from portal.certificates.vocabulary_intl import EXTRA_HEADINGS

CERTIFICATE = "certificate"
CANDIDATE = "candidate"
TRAINING = "training_certificate"

_HEADING = regexes.compile(
    r"^(?:(?:registration|management\s+system|iso|ai|quality)\s+)?(?:certificate|zertifikat|"
    r"sertifika|certificat|certificado|certificato|certificaat|belge|certyfikat|сертификат)"
    r"(?:\s+of\s+(?:registration|conformity|approval|certification|compliance))?"
    # a title wrapped after its preposition ("Certificado del" / "Sistema de Gestión ...")
    r"(?:\s+(?:del|de\s+la|de|du|des|della|dello|of\s+the|of)|\s+de\s+registro)?"
    r"(?:\s*/\s*\w+)?$|" + EXTRA_HEADINGS
)
NEGATIVE = {
    "invoice": regexes.compile(
        r"\binvoice\b|\bamount\s+due\b|\bsubtotal\b|\btotal\s+due\b|\bbill\s+to\b|\bpayment\s+terms\b"
        r"|\brechnung\b|\bfatura\b|\bunit\s+price\b|\bvat\s+(?:no|number|reg)|"
        # "due date" of a payment, not of the next audit ("Surveillance due date")
        r"(?<!audit\s)(?<!surveillance\s)(?<!recertification\s)(?<!renewal\s)(?<!review\s)"
        r"\bdue\s+date\b"
    ),
    "soc_report": regexes.compile(
        r"\bsoc\s*[123]\b|\bservice\s+organi[sz]ation|\btrust\s+services\s+criteria\b|\bssae\b|"
        r"\baicpa\b|\bservice\s+auditor|\btype\s+(?:i|ii|1|2)\s+report\b|\bcomplementary\s+user"
    ),
    "letter": regexes.compile(
        r"^dear\b|\bsincerely\b|\bkind\s+regards\b|\byours\s+(?:faithfully|truly)\b|"
        r"\bto\s+whom\s+it\s+may\s+concern\b|\bdoes\s+not\s+constitute\b|"
        r"\bbest\s+regards\b|\bsehr\s+geehrte|\bmit\s+freundlichen\s+grussen\b"
    ),
    "brochure": regexes.compile(
        r"\bour\s+(?:services|solutions|team|customers|platform|mission)\b|\bcontact\s+us\b|"
        r"\blearn\s+more\b|\bwhy\s+choose\b|\bbrochure\b|\bpricing\b|\bcase\s+stud(?:y|ies)\b|"
        r"\bnewsletter\b|\bsubscribe\b|\bbook\s+a\s+demo\b|\bwhite\s*paper\b"
    ),
    # (a certificate may cite its audit's report: "Audit Report No. 3515 2946")
    "audit_report": regexes.compile(
        r"\baudit\s+report\b(?!\s*(?:no\b|nr\b|number\b|n°|#|ref))|\baudit\s+findings\b|\baudit\s+team\b|"
        # (a certificate may say it was granted with "no open major nonconformity")
        r"(?<!\bno\s)(?<!\bno\sopen\s)(?<!\bno\smajor\s)(?<!\bopen\smajor\s)"
        r"\bnon-?conformit(?:y|ies)\b|"
        r"\bopening\s+meeting\b|\bclosing\s+meeting\b"
    ),
    # a public-works qualification or a companies-register entry (Italian "attestazione SOA",
    # "certificato di iscrizione"): a registration, however certificate-like
    "registration": regexes.compile(
        r"\battestazione\s+di\s+qualificazione\b|\bqualificazione\s+alla\s+esecuzione\b|"
        r"\bregistro\s+(?:delle\s+)?imprese\b|\bcertificato\s+di\s+iscrizione\b"
    ),
    # an authority's licence to carry out regulated work (a civil aviation authority's
    # maintenance-organisation certificate "authorized to perform" its ratings): however
    # certificate-like, it certifies no management system
    "licence": regexes.compile(
        r"\bauthori[sz]ed\s+to\s+(?:perform|operate|carry\s+out|execute|conduct)\b|"
        r"\bautorizad[ao]s?\s+(?:a|para)\s+(?:executar|ejecutar|realizar|efectuar|operar)\b|"
        r"\bcivil\s+aviation\s+(?:authority|administration)\b|\bavia(?:cao|cion)\s+civil\b|"
        r"\baeronautica\s+civil\b"
    ),
    "placeholder": regexes.compile(
        r"\bplaceholder\b|\blorem\s+ipsum\b|\bdummy\s+(?:text|pdf|file)\b"
    ),
    "quote": regexes.compile(
        r"\bquot(?:e|ation)\s+(?:no|number|ref|date|valid)|\bour\s+(?:quote|quotation|proposal)\b|"
        r"\bproposal\s+for\b|\b(?:audit|certification)\s+fees?\b|\bman-?days?\b|\bper\s+day\b|"
        r"\btotal\s+(?:price|cost|fee)|\bangebot\b|\bteklif\b|\bdevis\b|\bpresupuesto\b"
    ),
}
# What only an invoice prints: without one of these, "due date", "VAT number" or "payment terms"
# are a certificate's surveillance deadline or its holder's tax details.
_INVOICE_WORDS = regexes.compile(
    r"\binvoice\b|\bamount\s+due\b|\bsubtotal\b|\btotal\s+due\b|\bbill\s+to\b|\brechnung\b"
    r"|\bfatura\b|\bunit\s+price\b"
)
_WEIGHT = {
    "invoice": 4,
    "soc_report": 5,
    "letter": 3,
    "brochure": 2,
    "audit_report": 3,
    "quote": 3,
    "product_certificate": 3,
    "placeholder": 4,
    "registration": 3,
    "licence": 3,
}
# A person's training or qualification, not an organisation's management system.
_COMPLETED = regexes.compile(
    r"(?:successfully\s+)?(?:complet(?:ed|ing)|attend(?:ed|ing)|pass(?:ed|ing)|participated\s+in)"
    r"\s+(?:the\s+|a\s+|an\s+)?"
    r"(?:[\w/:().\-]+\s+){0,8}?(?:course|training|exam(?:ination)?|programme|program|workshop|"
    r"seminar|webinar)\b|\blead\s+(?:auditor|implementer)\s+(?:course|training)\b|"
    r"\b(?:cpd|cpe)\s+(?:points|hours|credits)\b|\bcredit\s+hours\b|\bhat\s+(?:erfolgreich\s+)?(?:an\s+)?(?:der|dem)\s+"
    r"(?:\w+\s+){0,4}(?:schulung|lehrgang|kurs|seminar)\b|\bbasariyla\s+tamamla"
)
# A course named after a standard: "ISO 14001:2015 Environmental Management System
# Awareness", "ISO/IEC 27001 Information Security Foundation" (the title of a person's course
# certificate whose "has completed" is only in a picture).
_COURSE_TITLE = regexes.compile(
    r"^(?:iso|iec)(?:\s*/\s*iec)?\s*\d{4,5}(?:-\d)?(?::\s*\d{4})?\s+"
    r"(?:(?:environmental|quality|information|security|management|systems?|occupational|health|"
    r"and|&|safety|energy|artificial|intelligence|ai|privacy|business|continuity|food|it|"
    r"service|anti-bribery|ohs|ems|qms|isms|aims)\s+){0,6}"
    r"(?:awareness|training|course|foundation|fundamentals|introduction|implementer)\b"
)
# Certifying wording strong enough to make a document with a standard a candidate ("confirms
# that" alone is also how letters speak).
_STRONG_STATEMENT = regexes.compile(
    r"certif(?:y|ies)\s+that|certified\s+that|(?:issued|granted|awarded)\s+to|bescheinigt|"
    r"certifie\s+que|certifica\s+(?:que|che)|zaswiadcza|удостоверяет|подтверждает|πιστοποιει\s+οτι|"
    r"chung\s+nhan\s+(?:rang|boi)"
)
# Look-alikes a candidate must not show at all: a letter, an invoice, a report, a quote.
_VETO = ("invoice", "soc_report", "letter", "audit_report", "quote", "placeholder")
# Words of personnel certification and training: with a person as the certified party.
_PERSONNEL = regexes.compile(
    r"\b(?:lead\s+)?(?:auditor|implementer|practitioner|professional|foundation|trainer|"
    r"course|training|exam(?:ination)?|candidate|delegate|participant|17024)\b"
)

# A title with the standard or the system in front: "ISO 9001:2015 CERTIFICATE",
# "MANAGEMENTSYSTEEM CERTIFICAAT", "Information Security Management System Certificate".
_TITLE_WORDS = (
    r"(?:iso|iec|en|nen|une|din|bs|as|iatf|/|-|\d{3,5}(?:-\d)?(?::\d{4})?|registration|"
    r"management|managementsystem|managementsysteem|system|systems|quality|environmental|"
    r"information|security|health|safety|occupational|energy|ai|ohs|ems|qms|isms|aims|"
    r"systeme|sistema|de|di|gestion|gestao|gestione|yonetim|sistemi|sistem|kalite|"
    r"qualitats|umwelt)"
)
_TITLE = regexes.compile(
    rf"^(?:{_TITLE_WORDS}[\s:]*){{1,6}}(?:certificate|zertifikat|sertifika(?:si)?|certificat|"
    r"certificado|certificato|certificaat|certyfikat)$"
)
# How certificates say the organisation conforms, when they do not say "certify that":
# "has been independently assessed by", "is compliant with the requirement of",
# "voldoet aan de eisen", "erfullt die Anforderungen", "соответствует требованиям".
CONFORMITY = regexes.compile(
    r"\b(?:(?:has|have)\s+been\s+(?:independently\s+|successfully\s+)?(?:assessed|audited|"
    r"registered|certified|approved|evaluated)\b|"
    r"(?:been\s+)?found\s+to\s+(?:be\s+)?(?:in\s+)?(?:compl|conform|accordance|meet|fulfil)|"
    r"\b(?:is|are|found|being)\s+(?:in\s+)?(?:compliant|compliance|conformity|conformance|"
    r"accordance)\s+(?:with|to)\b|"
    r"\b(?:complies|comply|conforms?)\s+(?:with|to)\s+(?:the\s+)?(?:requirements|standard|"
    r"norm|iso|international)|"
    r"\bmeets?\s+the\s+requirements\s+of|\bfulfils?\s+the\s+requirements\s+of|"
    r"certificate\s+(?:shows|confirms|attests|certifies)\s+that|"
    r"\b(?:operates|maintains|has\s+implemented|has\s+established)\s+(?:and\s+\w+\s+)?"
    r"(?:an?\s+|the\s+|its\s+)?(?:[a-z\-]+\s+){0,4}management\s+system|"
    r"erfullt\s+die\s+anforderungen|entspricht\s+den\s+anforderungen|"
    r"einhaltung\s+der\s+anforderungen|"
    r"(?:managementsystem|management\s*system)\s+(?:\w+\s+){0,3}(?:eingefuhrt|anwendet)|"
    r"\bconforme\s+(?:aux?\s+|a\s+la\s+|alla\s+|a\s+|aos?\s+|con\s+)?(?:exigences|norme|"
    r"requisitos|requisiti|norma|normas)|satisfait\s+aux\s+exigences|"
    r"cumple\s+(?:con\s+)?(?:los\s+)?requisitos|atende\s+(?:aos\s+)?requisitos|"
    r"\bin\s+conformita|voldoet\s+aan|"
    r"(?:sartlarina|sartlarini|gerekliliklerin[ie]?|gereksinimlerin[ie]?)\s+(?:uygun|karsila)|"
    r"соответству\w*\s+требованиям|spelnia\s+wymagania|"
    r"(?:uppfyller|opfylder|oppfyller)\s+kraven[ea]?|tayttaa\s+(?:\w+\s+)?vaatimukset|"
    # Hungarian "megfelel az ... szabvány követelményeinek", Romanian "conform cerințelor"
    r"szabvany\s+kovetelmenyeinek|megfelel\s+(?:az?\s+)?|conform\s+(?:cerintelor|conditiilor)|πληροι\s+τις\s+απαιτησεις|"
    r"συμφωνα\s+με\s+το\s+προτυπο|phu\s+hop\s+voi\s+(?:cac\s+)?(?:yeu\s+cau|tieu\s+chuan))"
)
# A management system named in words, in the languages certificates come in.
MANAGEMENT_SYSTEM = regexes.compile(
    r"management\s*-?\s*system|managementsysteem|systeme\s+de\s+management|"
    r"sistema\s+(?:de|di)\s+gest|sistema\s+integrado|yonetim\s+sistem|"
    r"система\s+(?:менеджмента|управления)|system\s+zarzadzania|συστημα\s+(?:\w+\s+)?διαχειρισης|"
    r"ledningssystem|ledelsessystem|styringssystem|johtamisjarjestelm|"
    r"iranyitasi\s+rendszer|(?:minoseg|kornyezet)iranyitasi|sistem(?:ul)?\s+de\s+management|"
    r"he\s+thong\s+quan\s+ly|管理体系|管理體系|マネジメントシステム|경영\s*시스템"
)
# Product legislation (EU directives and regulations, CE marking, factory production
# control, welding certification of railway manufacturers) or a product-certification
# scheme (a steel maker's product mark, a certificate of product conformity): a product
# certificate, not a management-system one, unless a management-system standard is named
# too (an ISO 13485 certificate may cite the medical devices directive).
_PRODUCT = regexes.compile(
    r"\b(?:(?:council\s+)?directives?\s+(?:no\.?\s+)?\d{2,4}/\d+|\bdirective\s+on\b|"
    r"\b(?:richtlinie|direttiva|directiva|verordening|verordnung)\b|"
    r"\bregulation\s+\(?(?:eu|ec|eec)\)?|notified\s+body|type[-\s]examination|"
    r"\bce\s+mark|factory\s+production\s+control|fabrieksproductiebeheersing|"
    r"werkseigene\s+produktionskontrolle|\bproduct\s+group\b|"
    # a product-certification scheme's own words: its mark is for products, not a system
    r"\bproduct\s+certification\b|certificate\s+of\s+product\s+(?:performance|conformity|compliance)|"
    r"produktzertifi|certificat\s+de\s+produit|certificado\s+de\s+producto|"
    # Russian product certification: products, their manufacturer, customs code, test report
    r"сертификац\w*\s+продукции|изготовитель|\bтн\s+вэд\b|протокол\w*\s+испытании|"
    # welding manufacturers certified under a product-sector standard (railway vehicles)
    r"certified\s+for\s+welding|\ben\s*15085\b)"
)


@dataclass(frozen=True)
class Verdict:
    """What a document is, why, and how strongly it reads as a certificate."""

    kind: str
    reasons: str
    score: float

    @property
    def readable(self) -> bool:
        """Return True when the document's fields should be read (certificate or candidate)."""
        return self.kind in (CERTIFICATE, CANDIDATE)


def is_heading(folded: str) -> bool:
    """Return True for a certificate's title ("Certificate of Registration", "ZERTIFIKAT")."""
    return bool(_HEADING.match(folded.strip(" :")))


def _titled(folded: str) -> bool:
    """Return True for a title, including one with its standard or system in front."""
    return is_heading(folded) or bool(_TITLE.match(folded.strip(" :.")))


def _certifies_a_person(lines: list[Line]) -> bool:
    """Return True when the name after "this is to certify that" is a person's."""
    for i, line in enumerate(lines):
        for cell in line.cells:
            m = ORG_TRIGGERS.search(cell.folded)
            if not m:
                continue
            rest = cell.text[m.end() :].strip(" :,")
            if not rest:
                below = next((b for b in lines[i + 1 : i + 4] if b.cells), None)
                rest = below.cells[0].text if below else ""
            name = re.split(r"\s+(?:has|have|hat|a|ha)\s", rest)[0].strip(" ,.")
            return looks_like_person(name)
    return False


def _is_range(text: str) -> bool:
    """Return True when text is two dates, the later one last (a validity range)."""
    dates = [d.resolve() for d in find_dates(text)]
    if len(dates) != 2 or dates[0] is None or dates[1] is None:
        return False
    return dates[0] < dates[1]


# A manufacturer's declaration that a product conforms (CE, EU), printed as the document's title in
# any language: a product's conformity, even when it names a management-system standard.
_DECLARATION_TITLE = regexes.compile(
    r"^(?:(?:ce|eu|ec|ab|ue)\s+)?(?:declaration\s+of\s+conformity|uygunluk\s+beyani|"
    r"(?:eg-|eu-)?konformitatserklarung|declaration\s+(?:ce\s+|ue\s+)?de\s+conformite|"
    r"declaracion\s+(?:ce\s+|ue\s+)?de\s+conformidad|dichiarazione\s+(?:ce\s+|ue\s+)?di\s+conformita|"
    r"conformiteitsverklaring|deklaracja\s+zgodnosci)\s*(?:\(?(?:doc|dop)\)?)?$"
)


def _titled_as(lines: list[Line], title: re.Pattern[str]) -> bool:
    """Return True when a cell of the first lines is wholly the given title."""
    return any(
        title.match(cell.folded.strip(" :-"))
        for line in lines[:25]
        for cell in line.cells
    )


# A product certificate titled as one ("SERTIFIKAT PRODUK PENGGUNAAN TANDA SNI", Indonesia's
# licence to use the national mark on a product, which cites the maker's ISO 9001 system)
_PRODUCT_TITLE = regexes.compile(
    r"^(?:sertifikat\s+produk(?:\s+penggunaan\s+tanda\s+sni)?|product\s+(?:conformity\s+)?certificate|"
    r"produktzertifikat|certificat\s+(?:de\s+)?produits?|certificado\s+de\s+productos?|"
    r"certificato\s+(?:di\s+)?prodotto)$"
)


def _declaration_title(lines: list[Line]) -> bool:
    return _titled_as(lines, _DECLARATION_TITLE) or _titled_as(lines, _PRODUCT_TITLE)


# An accreditation body's certificate for a laboratory, an inspection or a certification body
# (ISO/IEC 17025, 17020, 17021-1), printed as the document's title in any language: it attests a
# body's competence, not an organisation's management system.
_ACCREDITATION_TITLE = regexes.compile(
    r"^(?:accreditation\s+certificate|certificate\s+of\s+accreditation|"
    r"akkreditierungsurkunde|akkreditalasi\s+okirat|certificado\s+de\s+acreditacion|"
    r"certificat\s+d.accreditation|certificato\s+di\s+accreditamento|"
    r"accreditatiecertificaat|certyfikat\s+akredytacji|akreditasyon\s+sertifikasi|"
    r"аттестат\s+аккредитации)$"
)


# The standards a conformity-assessment body is accredited against (a laboratory, an inspection
# body, a product, management-system or personnel certification body, a proficiency-testing
# provider, a reference-material producer, a medical laboratory).
_BODY_STANDARD = regexes.compile(r"(?<![\d-])(?:17025|17020|17065|17021|17024|17043|17034|15189)\b")


def _accreditation_title(lines: list[Line], text: str) -> bool:
    """Return True for an accreditation body's certificate to a conformity-assessment body: its
    title, and one of the standards such bodies are accredited against. A hospital's
    "Certificate of Accreditation" against a healthcare scheme is read (and flagged)."""
    return bool(_BODY_STANDARD.search(text)) and _titled_as(lines, _ACCREDITATION_TITLE)


# A trade association's or a procurement register's "Certificate of Membership", its title
# often set over two lines ("CERTIFICATE" / "OF MEMBERSHIP").
_MEMBERSHIP_TITLE = regexes.compile(
    r"\bcertificate\s+of\s+membership\b|\bmembership\s+certificate\b|"
    r"\bmitgliedsurkunde\b|\bcertificado\s+de\s+(?:membresia|socio)\b|"
    r"\bcertificat\s+d.adhesion\b"
)


def _membership_title(lines: list[Line]) -> bool:
    top = " ".join(cell.folded for line in lines[:25] for cell in line.cells)
    return bool(_MEMBERSHIP_TITLE.search(top))


# A policy's title: "POLÍTICA INTEGRADA DE CALIDAD, ...", "Information Security Policy",
# "Qualitätspolitik", "Politique qualité".
_POLICY_TITLE = regexes.compile(
    r"^(?:[\w-]+\s+){0,4}?(?:policy|policies|politica|politique|politik|beleid|polityka)\b|"
    r"^\w*(?:qualitats|umwelt|energie|sicherheits)politik\b"
)


def _policy_title(lines: list[Line]) -> bool:
    """Return True when one of the first lines of the first page is a policy's title."""
    top = [line for line in lines[:40] if not line.blank and line.page == lines[0].page][:6]
    return any(_POLICY_TITLE.match(cell.folded.strip()) for line in top for cell in line.cells)


def _course_title(lines: list[Line]) -> bool:
    """Return True when one of the first lines of the first page starts a course's title,
    a standard followed by "Awareness", "Foundation"... (not a scope that mentions training:
    that is never the title)."""
    top: list[Line] = []
    for line in lines[:60]:
        if line.page != lines[0].page or sum(not t.blank for t in top) >= 6:
            break
        top.append(line)
    for paragraph in paragraphs(top):
        if _COURSE_TITLE.match(" ".join(line.cells[0].folded.strip() for line in paragraph)):
            return True
    return False


def certificate_wording(lines: list[Line]) -> bool:
    """Return True when the lines show a certificate's title or its certifying or conformity
    statement: a document that may be a certificate whose standard is in a picture."""
    text = "\n".join(cell.folded for line in lines for cell in line.cells)
    return (
        any(_titled(c.folded) for line in lines[:80] for c in line.cells)
        or bool(ORG_TRIGGERS.search(text))
        or bool(CONFORMITY.search(text))
    )


def classify(lines: list[Line], candidates: list[Candidate]) -> Verdict:
    """Return whether the lines are a certificate, a candidate, or which look-alike.

    When in doubt between a certificate and nothing, the answer is a candidate: a document
    that names a management-system standard (or a management system and a certificate number
    and validity) with certification or conformity wording is read and returned for review.
    Only documents that show look-alike wording more strongly than certificate wording, or no
    certificate wording at all, are left unread.
    """
    text = "\n".join(cell.folded for line in lines for cell in line.cells)
    words = len(text.split())
    score = 0.0
    reasons: list[str] = []
    heading = any(_titled(c.folded) for line in lines[:80] for c in line.cells)
    certifies = bool(ORG_TRIGGERS.search(text))
    conforms = bool(CONFORMITY.search(text))
    statement = certifies or conforms
    system = bool(MANAGEMENT_SYSTEM.search(text))
    number = any(
        c.field == "certificate_number" and parse_certificate_number(c.text) for c in candidates
    )
    # a validity printed as one range under a date label ("Valid from / until  22 November
    # 2024 - 21 November 2027") names the expiry as its second date
    expiry = any(
        (c.field == "expiry_date" and find_dates(c.text, short_years=True))
        or (c.field == "issue_date" and _is_range(c.text))
        for c in candidates
    )
    standard = any(m.certifiable for line in lines for m in find_standards(line.text))
    shaped = heading and statement and words < 500
    claims = find_scheme_claims(text) if (heading or statement) else []
    positive = 0
    for present, points, reason in (
        (heading, 3, "certificate heading"),
        (statement, 2, "certification statement" if certifies else "conformity statement"),
        (number, 2, "certificate number"),
        (expiry, 2, "expiry date"),
    ):
        if present:
            positive += points
            reasons.append(reason)
    score += positive
    if standard:
        score += 1
        reasons.append("management-system standard")
    elif claims:
        reasons.append("claims " + ", ".join(c.name for c in claims))
    else:
        score -= 3
        reasons.append("no certifiable standard")
    hits: dict[str, int] = {}
    for kind, pattern in NEGATIVE.items():
        if kind == "soc_report" and shaped and claims:
            continue  # a "SOC 2 certificate": read it, the checks say it certifies nothing
        if kind == "invoice" and not _INVOICE_WORDS.search(text):
            continue
        count = (
            len(pattern.findall(text))
            if kind != "letter"
            else sum(1 for line in lines for cell in line.cells if pattern.search(cell.folded))
        )
        if count:
            hits[kind] = count
    # a sustainability or organic scheme's certificate cites the EU law it serves ("Directive
    # (EU) 2018/2001", "Regulation (EU) 2018/848"): that is its claim, read and flagged, not a
    # product's certificate
    scheme = any(c.name in PRODUCT_SCHEMES for c in claims)
    if not standard and not scheme and _PRODUCT.search(text):
        hits["product_certificate"] = len(_PRODUCT.findall(text))
    penalty = sum(_WEIGHT[kind] * min(count, 2) for kind, count in hits.items())
    score -= penalty
    if words > 1200:
        score -= 3
    wording = heading or statement or number or expiry
    strong = heading or number or expiry or bool(_STRONG_STATEMENT.search(text))
    trained = bool(_PERSONNEL.search(text))
    personal = certifies and trained and _certifies_a_person(lines)
    # "completed the ... programme" on an organisation's management-system certificate is not
    # a course unless the page also speaks of courses, exams or auditors
    completed = bool(_COMPLETED.search(text)) and (trained or not (standard and system))
    course = _course_title(lines)
    if course or (wording and (completed or personal)):
        return Verdict(TRAINING, "it certifies a person's training, not a management system", score)
    if _declaration_title(lines):
        return Verdict("product_certificate",
                       "it declares a product's conformity, not a management system", score)
    if not standard and _accreditation_title(lines, text):
        return Verdict("accreditation_certificate",
                       "it accredits a laboratory or a certification body, not an "
                       "organisation's management system", score)
    if not standard and _membership_title(lines):
        return Verdict("membership", "it certifies a membership, not a management system",
                       score)
    if not heading and _policy_title(lines):
        return Verdict("policy", "it states a management-system policy, not a certification",
                       score)
    # a title alone ("ISO 9001 Certificate" over a logo, a placeholder) is not enough
    content = statement or number or expiry or system
    if score >= 4 and content:
        return Verdict(CERTIFICATE, ", ".join(reasons), score)
    # Look-alike wording outweighs the certificate wording: a letter, an invoice, a report.
    outweighed = penalty >= max(positive, 1) or (
        any(kind in hits for kind in _VETO) and penalty > positive / 2
    )
    # a title or "certify that" over a standard and a date: what is left of a damaged page
    dated = standard and (heading or certifies) and bool(find_dates(text))
    if (
        not outweighed
        and (content or dated)
        and words <= 1500
        and (
            ((standard or claims) and (strong or conforms or system))
            or dated
            # a standard the reader does not know (a national or sector scheme, or one the
            # OCR misread), on a page that reads as a certificate throughout
            or (statement and number and expiry and (heading or system or conforms)
                and not hits)
            # a management system named in words with a title or statement and a number or
            # a validity: the standard's line is missing or unreadable
            or (system and (heading or statement) and (number or expiry) and not hits)
            # "certify that the quality management system of X has been assessed and found
            # to comply": a poor scan may lose the standard, the number and the dates
            or (system and certifies and conforms and not hits)
        )
    ):
        return Verdict(CANDIDATE, ", ".join(reasons), score)
    if hits:
        kind = max(hits, key=lambda k: hits[k] * _WEIGHT[k])
        detail = f"it reads like {kind.replace('_', ' ')}: " + ", ".join(sorted(hits))
        return Verdict(kind, detail, score)
    if not wording:
        return Verdict(
            "unknown", "no certificate heading, number, validity or certification statement",
            score,
        )
    return Verdict("unknown", "too little reads like a certificate: " + ", ".join(reasons), score)
