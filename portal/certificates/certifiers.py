"""Find who issued the certificate: the certification body and its accreditation (pure).

The certification body is read, in this order, from a label ("Certification body:"), from
prose that names it ("X hereby certifies that", "assessed and certified by X as",
"on behalf of X", "remains the property of X"), from the known list, and last from a
legal entity printed with its own address (the body's letterhead or footer). A short brand
("For and on behalf of Kingsmark") is widened to the legal entity printed elsewhere
("Kingsmark Assurance UK Limited"), and a name printed in capitals is shown as printed in
mixed case where the page has both. Persons, job titles and codes are never bodies.
"""

from __future__ import annotations

import re

from portal.certificates import regexes
from portal.certificates.bodies import (
    find_accreditation,
    find_known_certification_body,
    find_misread_certification_body,
    in_accreditation_mark,
    legal_form_after,
    match_accreditation_body,
    match_certification_body,
    printed_body_name,
)
from portal.certificates.dates import find_dates, fold
from portal.certificates.fields import Candidate, looks_like_address, split_name_address
from portal.certificates.layout import Cell, Line, fold_same_length
from portal.certificates.names import plausible_name
from portal.certificates.results import ExtractedField
from portal.certificates.standards import find_standards
from portal.certificates.vocabulary_places import LEGAL_FORM_END

_ON_BEHALF = regexes.compile(
    r"(?:for\s+and\s+)?on\s+behalf\s+of\s*:?\s*|^behalf\s+of\s*:?\s*|\bissued\s+by\s*:?\s*|"
    r"\bcertified\s+by\s*:\s*|"
    r"\bim\s+auftrag\s+(?:der|des)\s+|\badina\s*:?\s*$|\bpour\s+le\s+compte\s+de\s+|"
    r"\b(?:remains|is)\s+(?:the\s+)?property\s+of\s+"
)
_CERTIFIES = regexes.compile(
    # "We, Harbor Quality Services, Inc., certify that": the pronoun is no part of the name
    r"^(?:we\s*,?\s+|wir\s*,?\s+|nous\s*,?\s+)?"
    r"(?:the\s+|η\s+|ο\s+)?(?:certification\s+body\s+(?:of\s+)?|"
    r"die\s+zertifizierungsstelle\s+(?:der|des)\s+|l'organisme\s+de\s+certification\s+|"
    r"el\s+organismo\s+de\s+certificacion\s+|certifikacni\s+organ\s+|certifikacny\s+organ\s+|"
    r"certifikacijsko\s+tijelo\s+|lembaga\s+sertifikasi\s+)?(?P<cb>.+?)\s+"
    r"(?:hereby\s+)?(?:(?:certif(?:ies|y)|confirms|certifie|certifica|bescheinigt|atteste|"
    r"πιστοποιει)(?:\s+(?:hiermit|hereby))?\s*,?\s+(?:that|que|che|dass|οτι)|"
    r"grants\s+the\s+\w+|concede\s+o\s+certificado|"
    # Czech, Slovak, Croatian, Slovenian, Indonesian, Bulgarian, Ukrainian (vocabulary_regional)
    r"(?:timto\s+)?(?:potvrzuje|potvrdzuje|osvedcuje)\s*,?\s+ze|(?:ovime\s+)?potvr(?:d|dj)uje\s+da|"
    r"potrjuje\s*,?\s+da|(?:dengan\s+ini\s+)?(?:menyatakan|menerangkan)\s+bahwa|"
    r"удостоверява\s*,?\s+че|засвідчує\s*,?\s+що|"
    # "SRAC has issued an IQNET recognized certificate that", "SRAC certifică organizația /
    # certifies the organisation"
    r"has\s+issued\s+an?\s+(?:[\w-]+\s+){0,3}certificate\b|"
    r"(?:certifies|certifica|certifie)\s+(?:the\s+|l.)?organi[sz](?:ation|atia|acion))"
)
_BY = regexes.compile(
    r"\b(?:assessed|audited|certified|registered|approved|verified|performed|conducted|issued|"
    r"evaluated|inspected|examined)"
    # "has been examined by assessors of QMS Certification and found ..."
    r"\s+(?:and\s+\w+\s+)?by\s+(?:the\s+)?(?:(?:assessors|auditors|experts)\s+of\s+(?:the\s+)?)?"
    r"(?P<cb>.+?)(?:\s+(?:as|and|against|to|for|in|according|it|which|that|who|under|on|"
    # "issued by MQA Certification Services accredited with UKAF ...": the body's accreditor
    r"accredited|recogni[sz]ed)\b|"
    r"\s*[;(]|\s*\.?\s*$)"
)
# Vietnamese, folded: "(đã được đánh giá và) chứng nhận bởi X phù hợp với ..."
_BY_VI = regexes.compile(
    r"\bchung\s+nhan\s+boi\s+(?P<cb>.+?)(?:\s+(?:phu\s+hop|theo|voi)\b|\s*[;(]|\s*\.?\s*$)"
)
_CLAUSE = regexes.compile(
    # "property of Unitas Certification Services & remains valid": an ampersand before a
    # lowercase word joins a clause, not a partner's name ("& Co", "& Partners")
    r"\s+(?:and|&(?=\s+[a-z])|is|are|which|who|to\s+whom|shall|must|has|at|under|subject|it|"
    r"confirms|certifies|"
    # the same in capitals ("PROPERTY OF X CERTIFICATION SERVICES AND REMAINS VALID"); "AND"
    # only before a verb, as capitals print names with "AND" in them
    r"AND(?=\s+(?:REMAINS?|IS|ARE|SHALL|MUST|MAY|HAS|WILL)\b)|IS|ARE|WHICH|WHO|TO\s+WHOM|SHALL|"
    r"MUST|SUBJECT|CONFIRMS|CERTIFIES)\s+"
)
_CLAUSE_BEFORE_VERB = regexes.compile(
    r"\s+(?:is|are|which|who|shall|must|has|under|subject|it|confirms|certifies)\s+"
)
_NOUN_FORMS = {"sirketi", "company", "limited sirketi", "anonim sirketi"}
# A signatory's title before the body's name under the signature ("President, Hangyeol Quality
# Certification Institute", "Managing Director of Valoris Certification B.V.").
_TITLE_OF = regexes.compile(
    r"^(?:president|vice\s+president|managing\s+director|director|chief\s+executive"
    r"(?:\s+officer)?|ceo|general\s+manager|chairman|executive\s+director|technical\s+director|"
    r"certification\s+manager|head\s+of\s+certification)\s*(?:,|\s+of\s+(?:the\s+)?)\s*(?=\S)"
)
_DEPARTMENT_WORDS = {"certification", "services", "service", "department", "division", "quality",
                     "assurance", "management", "systems", "system", "body", "operations", "and",
                     "&", "of", "the", "audit", "auditing", "technical", "global", "business",
                     "registration", "registrations", "accreditation", "standards", "compliance"}
_CB_WORDS = regexes.compile(
    r"certif|zertifi|assurance|registrar|belgelendirme|veritas|quality|audit|assessment|"
    r"registration\s+(?:cent(?:er|re)|services?|bureau|body)|"
    r"inspection|cert\b|standards",
    re.IGNORECASE,
)


# Words that stand for the issuer without naming it ("issued by the Company").
_GENERIC = {"company", "the company", "certification body", "the certification body",
            "organisation", "organization", "registrar", "us", "them", "certifier"}


# Words of the sentence around a name, never a name on their own ("Hereby to certify").
_PROSE_WORDS = {"hereby", "to", "we", "is", "are", "this", "it", "the", "that", "us", "also",
                "has", "have", "been", "was", "herewith", "hiermit", "wird",
                "si", "se", "con", "la", "presente", "por", "el"}  # "Si certifica che"


# The end of a sentence's words, never of a body's name: the document itself as the subject
# ("Me, El presente certifica que": OCR noise before "the present [certificate]"), or the word
# for "that" ending a translated "certifies that" ("Menyatakan bahwa" over "Certify that").
_NOT_A_SUBJECT = regexes.compile(
    r"(?:^|\s)(?:(?:el|la|il|le|lo|o|a|this|der|die|das|de)\s+)?"
    r"(?:presente|present|vorliegende[rs]?|presentes)(?:\s+(?:documento?|certificado|certificato"
    r"|certificat|certificate|zertifikat))?\s*$|"
    r"(?:^|\s)(?:bahwa|that|que|che|dass|dat|att|что|ki|ze|oti)\s*$|"
    # "Questo documento certifica che ...": "this document" as the subject
    r"(?:^|\s)(?:this|questo|questa|dieses|diese|ce|cet|cette|este|esta|deze|dit)\s+"
    r"(?:document|documento|dokument|certificate|certificato|certificat|certificado|zertifikat"
    r"|certificaat)\s*$|"
    # Greek "Το έγγραφο αυτό" / "Αυτό το πιστοποιητικό", Russian "Настоящий сертификат"
    r"(?:^|\s)(?:(?:το\s+)?(?:εγγραφο|πιστοποιητικο)\s+αυτο|αυτο\s+το\s+(?:εγγραφο|πιστοποιητικο)|"
    r"настоящ\w*\s+(?:сертификат|документ|свидетельство))\s*$"
)
# A sentence that certifies is never a name ("Si certifica che il Sistema di Gestione ... di:",
# "This is to certify that the Quality Management System of").
_CERTIFYING_CLAUSE = regexes.compile(
    r"\b(?:certif(?:y|ies|ica|ie|iziert|icamos)|bescheinigt|attest(?:s|a|ano)?|confirms?)\s+"
    r"(?:that|che|que|qu|dass|dat)\b|"
    # "Härmed intygas att/This is to certify that", "bekræfter, at", "bekrefter at"
    r"\b(?:intygar|intygas|bekr\w{1,2}fter|bekrefter)\s*,?\s+att?\b"
)


# A name printed in quotation marks ("remains the property of “QCC” to whom ...") ends at
# the closing mark.
_QUOTED = regexes.compile(r"^[“\"«„‘']\s*([^”\"»“‘’']{2,80}?)\s*[”\"»“’']")


# A contact line's or a register's label is no name ("Certification Body     E-mail ...",
# "Certification Body     Company No.: 11029176").
_CONTACT_LABEL = regexes.compile(
    r"^(?:e-?\s?-?mail|email|tel(?:ephone)?|phone|fax|web\s?site|www|url|address|visit|"
    r"(?:company|registration|reg|vat|tax)\.?\s+(?:no|number|nr)\b)\b"
)
# An address line opens with its postcode ("Орган по сертификации: 192148, Российская
# Федерация, город Санкт-Петербург"): where the body is, not who it is.
_POSTCODE_LEAD = regexes.compile(r"^\d{4,6}\s*,")


def _usable(name: str, org_key: str | None) -> bool:
    return (
        len(name) >= 2
        and not _CONTACT_LABEL.match(fold(name).strip(" .,:;"))
        and not _POSTCODE_LEAD.match(name.strip())
        and fold(name).strip(" .,") not in _GENERIC
        # every word is prose; a name in another script has words too ("ООО «Пример»")
        and not set(re.findall(r"[^\W\d_]+", fold(name))) <= _PROSE_WORDS
        and not _NOT_A_SUBJECT.search(fold(name).strip(" .,:;"))
        and not _CERTIFYING_CLAUSE.search(fold(name))
        and fold(name) != org_key
        and not find_dates(name)
        and plausible_name(name)
        and not match_accreditation_body(name.strip())
    )


# A sentence wrapped around its "by": the line ends in "by", or ends in the verb and the next
# line opens with "by" ("has been assessed" / "by Yamato Quality Registration and found").
_ENDS_IN_BY = regexes.compile(r"\bby\s*$", re.IGNORECASE)
_ENDS_IN_VERB = regexes.compile(
    r"\b(?:assessed|audited|certified|registered|approved|verified|evaluated)\s*$", re.IGNORECASE
)
_OPENS_WITH_BY = regexes.compile(r"^by\s", re.IGNORECASE)


# "Certification Association "Russian Register" has issued an IQNet recognized" / "certificate
# that the organization:": the sentence that names the body wraps before its noun.
_ENDS_IN_ISSUED = regexes.compile(r"\bhas\s+issued\s+an?(?:\s+[\w-]+){0,3}\s*$", re.IGNORECASE)


def _issued_continued(lines: list[Line], index: int, text: str) -> str:
    """Return a sentence cell with the next line appended when it wraps after "has issued"."""
    if not _ENDS_IN_ISSUED.search(text) or index + 1 >= len(lines):
        return text
    below = lines[index + 1]
    if below.page != lines[index].page or not below.cells:
        return text
    return f"{text} {below.cells[0].text}"


def _continued(lines: list[Line], index: int, text: str) -> str:
    """Return a sentence cell with the next line appended when the sentence wraps at "by"."""
    if index + 1 >= len(lines):
        return text
    below = lines[index + 1]
    if below.page != lines[index].page or not below.cells:
        return text
    after = below.cells[0].text
    if _ENDS_IN_BY.search(text) or (
        _ENDS_IN_VERB.search(text) and _OPENS_WITH_BY.match(after.lstrip())
    ):
        return f"{text} {after}"
    return text


# A line that starts with the verb: its subject, the body, is the line above ("Prüfhaus
# Nordlicht GmbH" / "bescheinigt hiermit, dass das Unternehmen").
_VERB_FIRST = regexes.compile(
    r"^(?:hereby\s+)?(?:certif(?:ies|ie)|confirms|certifica|bescheinigt|bestatigt|atteste)"
    r"(?:\s+(?:hereby|hiermit|par\s+la\s+presente|por\s+la\s+presente))?\s*,?\s*"
    r"(?:that|que|che|dass)\b"
)


def _subject_above(lines: list[Line], index: int, cell: Cell) -> Cell | None:
    """Return the cell above a sentence that starts with "certifies that": the body's name
    printed on the line before, in the same column, when it ends in a legal form."""
    if not _VERB_FIRST.match(cell.folded) or index == 0:
        return None
    above = lines[index - 1]
    if above.blank and index > 1:  # blank lines are collapsed to one
        above = lines[index - 2]
    if above.page != lines[index].page:
        return None
    for other in above.cells:
        if abs(other.start - cell.start) <= 3 and legal_form_after(other.text) is not None:
            return other
    return None


def _from_verb_line(lines: list[Line], org_key: str | None) -> ExtractedField | None:
    """Return the body named on the line above a sentence that starts with its verb."""
    for i, line in enumerate(lines):
        for cell in line.cells:
            above = _subject_above(lines, i, cell)
            if above is not None and _usable(above.text.strip(" ,;"), org_key):
                source = f"{above.text} {cell.text}"
                # "Die QAL GmbH (als ... zugelassene Zertifizierungsstelle)": the article and
                # the aside are not part of the name
                text = _GERMAN_ARTICLE.sub("", re.split(r"\s[({\[]", above.text)[0])
                name = split_name_address(text)[0].strip(" ,;") or text.strip(" ,;")
                return ExtractedField(name, line.page, source, 0.8)
    return None


# "hereby certify that" opening its line: the body's name is printed on the lines above it.
_CERTIFY_OPENS = regexes.compile(
    r"^(?:hereby\s+)?certif(?:y|ies)\s+that\b|"
    # "A ATRIUMCERT CERTIFICADORA" / "concede o Certificado de Conformidade ... à empresa"
    r"^(?:concede|outorga|otorga)\s+(?:o|el|a)\s+certifica"
)
# The article before a body's name in Portuguese or Spanish ("A ATRIUMCERT CERTIFICADORA").
_ARTICLE = regexes.compile(r"^(?:a|o|la|el)\s+(?=\w)", re.IGNORECASE)
# German's, in title case only ("DAS" may be a body's acronym)
_GERMAN_ARTICLE = regexes.compile(r"^(?:Die|Der|Das)\s+(?=\w)")
_JOINS_NEXT = regexes.compile(r"(?:\band|&|\bpartners?|\bwith)\s*$")


def _name_above(lines: list[Line], index: int, cell) -> ExtractedField | None:
    """Return the name printed over a line that opens with "hereby certify that" ("IQNet and
    its partner" / "CISQ/IMQ-CSQ" / "hereby certify that the organization")."""
    parts: list[str] = []
    for j in range(index - 1, max(-1, index - 4), -1):
        above = lines[j]
        if above.page != lines[index].page or above.blank:
            break
        over = [c for c in above.cells if min(c.end, cell.end) > max(c.start, cell.start)]
        if len(over) != 1:
            break
        if parts and not _JOINS_NEXT.search(over[0].text):
            break
        parts.insert(0, over[0].text.strip())
    if not parts:
        return None
    if not cell.folded.startswith(("hereby", "certif")):
        parts[0] = _ARTICLE.sub("", parts[0])
    return ExtractedField(" ".join(parts), lines[index].page,
                          "\n".join([*parts, cell.text]), 0.8)


# A name's legal form alone at the start of a line ("GmbH hereby certifies that") means the name
# wrapped: its head ends the line above, after the words that introduce the body.
_BODY_LEAD = regexes.compile(
    r"^.*?\b(?:certification\s+body|zertifizierungsstelle|organisme\s+de\s+certification|"
    r"organismo\s+de\s+certificaci[oó]n)\s+(?:of\s+)?"
)


def _name_head_above(lines: list[Line], index: int, cell: Cell) -> str | None:
    """Return the head of a body's name that ends the line above a sentence which opens with
    the name's legal form ("The certification body CertoNord Zertifizierungs" / "GmbH hereby
    certifies that")."""
    if index == 0 or lines[index - 1].page != lines[index].page:
        return None
    above = next((c for c in lines[index - 1].cells if abs(c.start - cell.start) <= 3), None)
    if above is None:
        return None
    lead = _BODY_LEAD.match(above.folded)
    head = above.text[lead.end() :].strip(" ,") if lead else ""
    return head if head and plausible_name(head) else None


_OTHER_VERB = regexes.compile(r"\s+certific(?:a|ă|d|e)\b", re.IGNORECASE)


def _from_prose(lines: list[Line], org_key: str | None) -> ExtractedField | None:
    for i, line in enumerate(lines):
        for cell in line.cells:
            if cell is line.cells[0] and _CERTIFY_OPENS.match(cell.folded):
                above = _name_above(lines, i, cell)
                if above is not None and _usable(above.value, org_key):
                    return above
            for pattern in (_CERTIFIES, _BY, _BY_VI):
                text = (_issued_continued(lines, i, cell.text) if pattern is _CERTIFIES
                        else _continued(lines, i, cell.text))
                m = pattern.search(fold_same_length(text))
                if not m:
                    continue
                # the name before "certifies that" runs to the verb: "and" may be part of
                # it ("X Compliance and Security, Inc. certifies that")
                clause = _CLAUSE_BEFORE_VERB if pattern is _CERTIFIES else _CLAUSE
                raw = clause.split(text[m.start("cb") : m.end("cb")] + " ")[0].strip()
                # "SRAC certifică organizația / certifies the organisation": the name ends at
                # the verb of the first language (OCR may read "certifică" as "certificd")
                raw = _OTHER_VERB.split(raw)[0].strip() or raw
                if pattern is _CERTIFIES and LEGAL_FORM_END.match(raw):
                    head = _name_head_above(lines, i, cell)
                    if head:
                        return ExtractedField(f"{head} {raw}", line.page,
                                              f"{head} {text}", 0.85)
                if _usable(raw, org_key):
                    name = printed_body_name(text, m.start("cb"), m.start("cb") + len(raw))
                    return ExtractedField(name, line.page, text, 0.85)
            titled = _TITLE_OF.match(cell.folded)
            if titled:
                name = cell.text[titled.end() :].strip(" .,;")
                # "Vice President, Certification Services" names a department, not a body
                named = set(fold(name).split()) - _DEPARTMENT_WORDS
                if (len(name.split()) >= 2 and named and _CB_WORDS.search(name)
                        and _usable(name, org_key)):
                    return ExtractedField(name, line.page, cell.text, 0.8)
            m = _ON_BEHALF.search(cell.folded)
            if not m:
                continue
            rest = cell.text[m.end() :].strip(" :,")
            source = cell.text
            if not rest and i + 1 < len(lines) and lines[i + 1].cells:
                below = min(lines[i + 1].cells, key=lambda c: abs(c.start - cell.start))
                rest, source = below.text, f"{cell.text} {below.text}"
            quoted = _QUOTED.match(rest)
            legal = legal_form_after(rest)
            if quoted:
                name = quoted.group(1).strip()
            elif legal:
                name = rest[: legal.end()].strip(" ,;")
            else:
                name = _CLAUSE.split(rest.split(",")[0])[0].strip(" .:;")
            if name and _usable(name, org_key):
                return ExtractedField(name, line.page, source, 0.85)
    return None


# "This certificate of", "Este certificado de", "Ce certificat de", "Dieses Zertifikat der":
# the words before a body's name in the sentence that names it.
_THIS_CERTIFICATE_OF = regexes.compile(
    r"^(?:this|este|esta|ce|cet|questo|dieses|deze|o|el|le|il|das)\s+"
    r"(?:certificate|certificado|certificat|certificato|zertifikat|certificaat)\s+"
    r"(?:of|de|del|da|do|di|du|der|des|von|van)\s+"
)


_HUNGARIAN_ARTICLE = regexes.compile(r"^Az\s+(?=[A-ZÁÉÍÓÖŐÚÜŰ])")


# Four digits and two capitals: a Dutch postcode, whose letters may read as a legal form ("AB",
# "NV", "SA").
_POSTCODE_FORM = regexes.compile(r"(?<![\w-])\d{4}\s?[A-Z]{2}$")


def _with_address(lines: list[Line], org_key: str | None) -> ExtractedField | None:
    """Return a legal entity printed with its address or certification wording (letterhead)."""
    best: tuple[int, ExtractedField] | None = None
    for i, line in enumerate(lines):
        for cell in line.cells:
            legal = legal_form_after(cell.text)
            if not legal:
                continue
            name = cell.text[: legal.end()].strip(" ,;")
            lead = _THIS_CERTIFICATE_OF.match(fold_same_length(name))
            if lead:  # "Este certificado de LSQA S.A. confirma ...": the body is after "de"
                name = name[lead.end() :]
            name = _HUNGARIAN_ARTICLE.sub("", name)  # "Az MCert Rendszertanúsító Kft."
            if not _usable(name, org_key) or "certify" in fold(name):
                continue
            if _POSTCODE_FORM.search(name):
                continue  # "Havenstraat 9, 1011 AB Amsterdam": a Dutch postcode, not a company
            form = legal.group(0).strip(" ,")
            if form.islower() and fold(form) in _NOUN_FORMS:
                continue  # "(subject to the company maintaining ...": a noun in a sentence
            after = cell.text[legal.end() :].strip(" ,;·•-")
            below = [
                c.text
                for other in lines[i + 1 : i + 3]
                if other.page == line.page
                for c in other.cells
                if abs(c.start - cell.start) <= 3 or abs(c.end - cell.end) <= 3
            ]
            score = 2 * bool(_CB_WORDS.search(name))
            score += 2 * bool(
                looks_like_address(after) or any(looks_like_address(b) for b in below)
            )
            if score >= 2 and (best is None or score > best[0]):
                best = (score, ExtractedField(name, line.page, cell.text, 0.5 + 0.05 * score))
    return best[1] if best else None


def _letterhead(lines: list[Line], org_key: str | None) -> ExtractedField | None:
    """Return a body's name with no legal form printed as a letterhead: among the first
    lines of the first page, a name with a certification word over its own address line
    ("Harrowgate Certification Services" / "7 Station Approach, Reading RG1 1LX")."""
    printed = [line for line in lines if not line.blank and line.page == lines[0].page][:4]
    for n, line in enumerate(printed[:-1]):
        for cell in line.cells:
            name = cell.text.strip(" ,;")
            if (
                not _CB_WORDS.search(name)
                or re.match(r"certificat|zertifikat", fold(name))
                or not _usable(name, org_key)
            ):
                continue
            below = [c for c in printed[n + 1].cells if abs(c.start - cell.start) <= 3]
            if below and looks_like_address(below[0].text):
                return ExtractedField(name, line.page, f"{cell.text} {below[0].text}", 0.55)
    return None


# A web or e-mail address: its name under the top-level domain ("www.harlowcert.com",
# "audit@harlowcert.co.uk" give "harlowcert").
_DOMAIN = regexes.compile(r"(?:\bwww\.|@|https?://)([a-z0-9][a-z0-9-]{2,40})\.[a-z]{2,6}\b")
# Addresses every certificate may print that name no issuer (registers, mail services).
_SHARED_DOMAINS = {"iafcertsearch", "iaf", "gmail", "yahoo", "outlook", "hotmail", "google"}


def _despaced(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text))


def _domain_brand(lines: list[Line], org_key: str | None) -> ExtractedField | None:
    """Return a short name printed on its own that is the body's web or e-mail domain
    ("Harlow Cert" over the signature, "www.harlowcert.com" in the footer): bodies print
    their brand in their logo and their address, so a name equal to the domain is theirs."""
    domains = {
        m.group(1).replace("-", "")
        for line in lines
        for m in _DOMAIN.finditer(fold(line.text))
    } - _SHARED_DOMAINS
    if not domains:
        return None
    holder = _despaced(org_key or "")
    for line in lines:
        # a cell, or two neighbours OCR split at a wide space ("Sigma   Cert")
        texts = [c.text for c in line.cells]
        for name in [*texts, *(f"{a} {b}" for a, b in zip(texts, texts[1:], strict=False))]:
            name = name.strip(" ,;.")
            key = _despaced(name)
            if (
                len(key) >= 4
                and key in domains
                and len(name.split()) <= 5
                and not (holder and holder.startswith(key))
                and _usable(name, org_key)
            ):
                return ExtractedField(name, line.page, line.text, 0.6)
    return _legal_name_of_domain(lines, domains, holder, org_key)


def _legal_name_of_domain(
    lines: list[Line], domains: set[str], holder: str, org_key: str | None
) -> ExtractedField | None:
    """Return a legal name printed on its own whose name, without its legal form, starts the
    body's domain or is started by it ("Eurotech LLC" with "eurotechcertification.com",
    "BELCERT ULUSLARARASI BELGELENDIRME SIRKETI" with "www.belcert.com")."""
    for line in lines:
        for cell in line.cells:
            name = cell.text.strip(" ,;.")
            form = LEGAL_FORM_END.search(name)
            if form is None:
                # "ISTITUTO GIORDANO S.p.A. Via Gioacchino Rossini, 2 - 47814 ...": a footer
                # line, the name and its address
                legal = legal_form_after(name)
                if legal is None or not looks_like_address(
                    re.split(r"(?i)\b(?:tel|phone|fax|e-?mail|www)\b|@", name[legal.end():])[0]
                ):
                    continue
                name = name[: legal.end()].strip(" ,;")
                form = LEGAL_FORM_END.search(name)
                if form is None:
                    continue
            if len(name.split()) > 8 or looks_like_address(name):
                continue
            head = _despaced(name[: form.start()])
            key = _despaced(name)
            if len(head) < 4 or (holder and (holder.startswith(head) or head.startswith(holder))):
                continue
            if any(
                (domain.startswith(head) and len(head) >= 0.35 * len(domain))
                or (key.startswith(domain) and len(domain) >= 5)
                # "Istituto Giordano" with giordano.it
                or (len(domain) >= 5 and _INSTITUTION.fullmatch(head[: -len(domain)] or "-")
                    and head.endswith(domain))
                for domain in domains
            ) and _usable(name, org_key):
                return ExtractedField(name, line.page, line.text, 0.55)
    return None


# The generic word before a body's name that its domain leaves out ("Istituto Giordano").
_INSTITUTION = regexes.compile(
    r"istituto|instituto|institut|institute|bureau|the|groupe|gruppo|grupo"
)


_SENTENCE_WORD = regexes.compile(
    r"\b(?:accredited|approved|recogni[sz]ed|by|with|is|was|are|under)\b")


def _widened(found: ExtractedField, lines: list[Line], org_key: str | None) -> ExtractedField:
    """Return the body's legal name when only a brand or capitals were found."""
    key = fold(found.value)
    pattern = re.compile(rf"(?<![a-z0-9]){re.escape(key)}(?![a-z0-9])")
    best = None
    for line in lines:
        for cell in line.cells:
            m = pattern.search(cell.folded)
            if not m:
                continue
            legal = legal_form_after(cell.text, m.end())
            if legal is not None and fold(legal.group(0)).strip(" ,") in _NOUN_FORMS:
                legal = None  # "Şirketi", "Company": a noun, not a legal-form abbreviation
            longer = legal_form_after(found.value) is None and legal is not None
            if longer and len(cell.text[m.end() : legal.start()].split()) <= 4:
                name = cell.text[m.start() : legal.end()].strip(" ,;")
                between = cell.text[m.end() : legal.start()]
                # "Quality Evaluation Center Portugal, Unip. Lda.": a comma before the legal
                # form's own words, not an address ("X, 12 Main Road, Y Ltd")
                joined = ("," not in between or (
                    not any(ch.isdigit() for ch in between)
                    and len(between.rsplit(",", 1)[1].split()) <= 1)) and not _SENTENCE_WORD.search(
                        fold(between))  # "... Services accredited with UKAF CERT LIMITED"
                if joined and _usable(name, org_key):
                    best = best or name
            text = cell.text[m.start() : m.end()]
            if (found.value.isupper() and not text.isupper() and not text.islower()
                    and fold(text) == key):
                best = best or text
    return (
        found
        if best is None
        else ExtractedField(best, found.page, found.source_text, found.confidence)
    )


# A certification-body label printed before the name in the same cell, as OCR may misread it
# ("Certitication Body «Interregional Certification Company» LLC").
_BODY_LABEL = regexes.compile(
    r"^(?:(?:the|die|der|la|el)\s+)?(?:cert\w{0,10}\s+bod(?:y|ies)|zertifizierungsstelle|"
    r"organisme\s+de\s+certification|organismo\s+de\s+certificaci[oó]n)"
    r"(?:\s+(?:of|der|des|de)(?=\s))?\s*:?\s*",
    re.IGNORECASE,
)


def _unlabelled(found: ExtractedField) -> ExtractedField:
    label = _BODY_LABEL.match(found.value)
    if label is None or len(found.value) - label.end() < 2:
        return found
    return ExtractedField(found.value[label.end():], found.page, found.source_text,
                          found.confidence)


def _spelled_out(found: ExtractedField, lines: list[Line]) -> ExtractedField:
    """Return the body's full name when only its acronym was found ("QCC") and the page spells
    it out: "Quality Control Certification (QCC)", or a cell whose words' initials are it."""
    acronym = found.value.strip(" .")
    # "property of UICL Limited": the acronym with a legal form
    acronym = re.sub(
        r"^([A-Z]{2,6})\s+(?:Limited|Ltd|LLC|LLP|Inc|GmbH|Pvt\.?\s*Ltd)$", r"\1", acronym
    )
    if not re.fullmatch(r"[A-Z]{2,6}", acronym):
        return found
    words = rf"((?:[A-Z][\w&'-]*\s+){{{len(acronym) - 1}}}[A-Z][\w&'-]*)"
    with_acronym = re.compile(words + rf"\s*\(\s*{acronym}\s*\)")
    alone = re.compile(words)
    best = None
    for line in lines:
        for cell in line.cells:
            hit = with_acronym.search(cell.text)
            if hit is None and (hit := alone.fullmatch(cell.text.strip(" ,.;:\"“”"))) is None:
                continue
            name = hit.group(1)
            if "".join(word[0] for word in name.split()) == acronym:
                best = best or name
    if best is None:
        return found
    return ExtractedField(best, found.page, found.source_text, found.confidence)


def _label_in_mark(lines: list[Line], candidate: Candidate) -> bool:
    """Return True when a candidate's label is printed in an accreditation mark (the label's
    value may have been taken from a line above the label: look a few lines below it too)."""
    for index in range(candidate.line - 1, candidate.line + 4):
        if index < 0 or index >= len(lines) or lines[index].page != candidate.page:
            continue
        for cell in lines[index].cells:
            if (
                cell.text != candidate.text
                and candidate.source.startswith(cell.text)
                and in_accreditation_mark(lines, index, cell.start, cell.end)
            ):
                return True
    return False


def find_certification_body(
    lines: list[Line], candidates: list[Candidate], org: ExtractedField | None
) -> ExtractedField | None:
    """Return the certification body's name as printed."""
    org_key = fold(org.value) if org else None
    found = None
    for c in candidates:
        if c.field != "certification_body":
            continue
        if _label_in_mark(lines, c):
            continue  # "IAS ACCREDITED" over "Certification Body": a mark's words, no label
        # "Issuing office: X Limited, 12 Road, Delhi 110001": the name without its address
        name, address = split_name_address(c.text)
        name = name.strip(" ,;") if address and name.strip(" ,;") else c.text.strip(" ,;")
        if (
            _usable(name, org_key)
            # "Certification body address: 5th Floor, 66 Prescot Street, London": the
            # label's value is where the body is, not who it is
            and not (looks_like_address(name) and not match_certification_body(c.text))
        ):
            known = match_certification_body(c.text)
            confidence = c.confidence if known else c.confidence - 0.1
            found = ExtractedField(name, c.page, c.source, confidence)
            break
    found = found or _from_prose(lines, org_key)
    if found is None:
        known = find_known_certification_body(lines) or find_misread_certification_body(lines)
        found = known if known and _usable(known.value, org_key) else None
    if found is None:
        weak = (_with_address(lines, org_key) or _from_verb_line(lines, org_key)
                or _letterhead(lines, org_key))
        brand = _domain_brand(lines, org_key)
        # a legal name found by its address that lacks the brand is a clipped footer
        # ("... BELGELENDIRME ANONIM SIRKETI" with the brand in the logo above it)
        keep = weak is not None and (brand is None
                                     or _despaced(brand.value) in _despaced(weak.value))
        found = weak if keep else brand
    return _spelled_out(_widened(_unlabelled(found), lines, org_key), lines) if found else None


# "Accredited by X", "is recognized by Directorate of Accreditation for ... (DAAS)".
_ACCREDITED_BY = regexes.compile(
    r"\b(accredited|recogni[sz]ed|akkreditiert|accredite|acreditad[oa]|accreditat[oa]|"
    r"under\s+(?:the\s+)?accreditation)\s+(?:by|of|durch|par|por|da)\s+"
    r"(?:the\s+|die\s+|der\s+|le\s+|la\s+|l'|el\s+)?",
    re.IGNORECASE,
)
_ACCREDIT_NAME = regexes.compile(r"accredit|akkredit|acredit")
# What follows the body's name on its line: its address, acronym, or the sentence going on.
_AB_NAME_END = regexes.compile(
    r"\s*[,;(]|\s+(?:address|located|having|and|under|with|which|for\s+(?:the|this))\b\s*:?|"
    r"\.\s",
    re.IGNORECASE,
)


def find_accreditation_fields(
    lines: list[Line], candidates: list[Candidate]
) -> tuple[ExtractedField | None, ExtractedField | None]:
    """Return the accreditation body (its short name) and accreditation number."""
    ab, number = find_accreditation(lines)
    for c in candidates:
        if (
            c.field == "accreditation_body"
            and ab is None
            and not find_standards(c.text)  # the next label's value, not a body
            and not find_dates(c.text)
        ):
            known = match_accreditation_body(c.text)
            value = known.display if known else c.text.strip(" ,;")
            ab = ExtractedField(value, c.page, c.source, c.confidence if known else 0.6)
        if c.field == "accreditation_number":
            token = c.text.split()[0].strip(",;") if c.text.split() else ""
            if any(ch.isdigit() for ch in token):
                number = ExtractedField(token, c.page, c.source, c.confidence)
    if ab is None:
        for line in lines:
            m = _ACCREDITED_BY.search(fold_same_length(line.text))
            if m:
                rest = _AB_NAME_END.split(line.text[m.end() :])[0].strip(" .;:")
                if "recogni" in m.group(1) and not _ACCREDIT_NAME.search(fold(rest)):
                    continue  # "recognized by" names an accreditation body only by its name
                if rest:
                    known = match_accreditation_body(rest)
                    ab = ExtractedField(
                        known.display if known else rest,
                        line.page,
                        line.text,
                        0.8 if known else 0.5,
                    )
                    break
    return ab, number
