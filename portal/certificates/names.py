"""Tell what kind of name a printed line is: a person, a job title, a register entry (pure).

Certificates print several names near the certified organisation: the signatory and their
title, the certification body, company-register numbers. These checks keep them apart.
"""

from __future__ import annotations

from portal.certificates import regexes
from portal.certificates.dates import fold
from portal.certificates.vocabulary_places import LEGAL_FORM_ANY

# Words that make a name a business, never a person.
_BUSINESS = regexes.compile(
    r"certif|zertifi|services?\b|system|solution|group|technolog|software|data\b|cloud|labs?\b|"
    r"analytic|digital|consult|international|management|assurance|quality|registrar|holding|"
    r"partners|bank|insurance|network|health|payment|informat|\bai\b|intelligence|institut|"
    r"association|center|centre|office|university|hospital|logistics|industr|engineering|"
    r"security|tech\b|media|energy|pharma|finance|capital|ventures|global|national|standards?\b|"
    r"inspect|conformity|testing|register\b|"
    r"foods?\b|products\b|works\b|manufactur|construct|trading|traders\b|enterprises?\b|"
    r"electric|electronic|motors?\b|plastics?\b|chemicals?\b|steels?\b|metals?\b|textiles?\b|"
    r"printing|packaging|machiner|equipment|builders\b|developers\b|exports?\b|imports?\b|"
    r"agenc|laborator|controls\b|automation|instruments\b|components\b|fabricat|engineers\b|"
    r"infra|projects\b|power\b|marine\b|shipping|transport|foundry|tools\b|farms?\b|agro|"
    r"dairy|garments?\b|papers?\b|cement|mining|petro|hotels?\b|clinic|builders|contractors?\b|"
    r"supplies\b|suppliers?\b|distribut|retail|wholesale|studio|academy|school|college"
)
_NAME_TOKEN = regexes.compile(
    r"^(?:[A-ZÀ-ÖØ-ÞŁŚŻŹ][a-zà-öø-ÿłśżźńąęó'’\-]+|[A-Z]\.|[A-Z][a-z]?-[a-z]+)$"
)
_PARTICLES = {"van", "von", "de", "der", "den", "du", "da", "di", "la", "le", "bin", "al"}
_PRONOUNS = {"we", "i", "it", "they", "this", "our", "us", "wir", "nous"}
# Job titles printed under or beside a signature.
ROLE = regexes.compile(
    r"\b(?:managing\s+director|director|president|chief\s+\w+\s+officer|ceo|coo|cto|cfo|"
    r"general\s+manager|manager|head\s+of|principal|partner|representative|chairman|"
    r"geschaftsfuhrer|leiter|directeur|directrice|presidente|direttore|director\s+general|"
    r"lead\s+auditor|auditor|signatory|authori[sz]ed\s+(?:by|signatory))\b"
)
# Company-register and tax identifiers printed next to a name or address.
REGISTRY_ID = regexes.compile(
    r"^\s*(?:abn|acn|nzbn|cin|gstin|pan|uen|crn|ein|duns|kvk|hrb|hra|siren|siret|rcs|vat|"
    r"ust-?id(?:nr)?|uid|nip|regon|krs|cif|nif|p\.?\s?iva|partita\s+iva|company\s+(?:no|number|"
    r"reg(?:istration)?)|registered\s+(?:no|number)|business\s+registration|unified\s+social|"
    r"credit\s+code|corporate\s+number|registration\s+code|handelsregister|amtsgericht)\b"
)


def looks_like_person(text: str) -> bool:
    """Return True for a personal name such as "Anne Sørensen" or "Paul van Dijk"."""
    text = text.strip(" ,;:")
    if LEGAL_FORM_ANY.search(text) or _BUSINESS.search(fold(text)) or ROLE.search(fold(text)):
        return False
    tokens = text.split()
    if not 2 <= len(tokens) <= 4:
        return False
    named = [t for t in tokens if t.lower() not in _PARTICLES]
    return len(named) >= 2 and all(_NAME_TOKEN.match(t) for t in named)


def is_role(text: str) -> bool:
    """Return True when text is a job title ("Managing Director, Assurance")."""
    folded = fold(text).strip(" ,;:")
    return bool(ROLE.match(folded)) and not LEGAL_FORM_ANY.search(text)


def is_registry_id(text: str) -> bool:
    """Return True for a company-register line ("ABN 12 345 678 901", "HRB 12345")."""
    return bool(REGISTRY_ID.match(fold(text)))


def looks_like_id(text: str) -> bool:
    """Return True for a code rather than a name: one token with digits ("MSCB-123")."""
    tokens = text.split()
    return len(tokens) <= 2 and any(ch.isdigit() for ch in text) and not LEGAL_FORM_ANY.search(text)


def plausible_name(text: str) -> bool:
    """Return True when text could be an organisation's name (not a sentence, person or code)."""
    text = text.strip()
    if not text or len(text) > 100 or len(text.split()) > 12:
        return False
    if not (text[0].isupper() or text[0].isdigit()) or len(text) < 2:
        return False
    if fold(text) in _PRONOUNS:
        return False
    folded = fold(text)
    if folded.startswith(("the ", "this ", "a ", "an ")) and not LEGAL_FORM_ANY.search(text):
        return False
    return not (looks_like_person(text) or is_role(text) or looks_like_id(text))
