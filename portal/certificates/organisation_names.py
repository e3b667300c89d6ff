"""Tell an organisation's name from the prose, dates and people around it (pure)."""

from __future__ import annotations

import re

from portal.certificates import regexes
from portal.certificates.classify import MANAGEMENT_SYSTEM
from portal.certificates.dates import find_dates, fold
from portal.certificates.fields import looks_like_address
from portal.certificates.names import is_registry_id, is_role, looks_like_person
from portal.certificates.standards import find_standards
from portal.certificates.vocabulary import AFTER_ORG, ORG_TRIGGERS
from portal.certificates.vocabulary_places import LEGAL_FORM_ANY

_NOT_A_NAME = regexes.compile(
    r"^(?:certificate|zertifikat|sertifika|certificat|certificad[oa]|this\s|the\s+management|"
    r"management\s+system|information\s+security|page\s+\d)"
)
# Prose around the name, never part of it: "has been assessed", "the above organisation".
_PROSE = regexes.compile(
    r"\b(?:has|have|having|been|being|was|were|is|are|hereby|herein|whose|which|hat|wurde|ist)\b|"
    r"\b(?:above|aforementioned|abovementioned|said|following|nachstehend\w*|nachfolgend\w*|"
    r"untenstehend\w*|ci-apres|sottoindicat\w*|seguente)\b|\bmentioned\b|\bby\s+\w+$|"
    # "la organización arriba mencionada", "a organização acima", "l'organisation ci-dessus",
    # "l'organizzazione sopra citata", "la suddetta organizzazione"
    r"\b(?:arriba|acima|sopra|ci-dessus|susodich\w*|suddett\w*|(?:supra|antes\s+)?mencionad[oa]s?|"
    r"(?:supra|sopra)?citad[oa]s?|sopracitat\w*|precitad[oa]s?)\b"
)


# A code, not a name: one token of six or more characters with four or more digits
# ("0195ECO2002JA" beside "EMPRESA CERTIFICADA").
_CODE = regexes.compile(r"(?=(?:\D*\d){4})[A-Za-z0-9][A-Za-z0-9./-]{5,}")


# The certified system rather than its holder ("the environmental management system", OCR
# joining and misspelling it, "система экологического менеджмента").
_SYSTEM = regexes.compile(
    r"manag?e?ment\s*-?\s*systems?|система\s+(?:\w+\s+){0,2}(?:менеджмента|управления)"
)


def names_a_system(name: str) -> bool:
    """Return True when text names a management system, not an organisation: a consultancy
    called "... Management Systems Ltd" keeps its legal form."""
    folded = fold(name)
    return bool(MANAGEMENT_SYSTEM.search(folded) or _SYSTEM.search(folded)) and not (
        LEGAL_FORM_ANY.search(name)
    )


def _enough_letters(name: str) -> bool:
    """Return True unless a name is a scrap: fewer than four letters, not all capitals
    ("« ‘et" read by OCR beside a seal; "HP" and "ABB" are names)."""
    letters = [ch for ch in name if ch.isalpha()]
    return len(letters) >= 4 or (len(letters) >= 2 and all(ch.isupper() for ch in letters))


# A label and its code, not a name: "REDcert-ID: 4714", "Customer No.: 10-2231".
_LABELLED_CODE = regexes.compile(r"[^:]{1,40}:\s*[\w./-]*\d[\w./-]*")


def valid_name(name: str) -> bool:
    folded = fold(name)
    return (
        2 <= len(name) <= 160
        and not _LABELLED_CODE.fullmatch(name.strip())
        and _enough_letters(name)
        and not find_dates(name)
        and not find_standards(name)
        and not _CODE.fullmatch(name.strip())
        and not _NOT_A_NAME.match(folded)
        and not AFTER_ORG.search(folded)
        and not ORG_TRIGGERS.search(folded)
        and not _PROSE.search(folded)
        and not (
            any(ch.isdigit() for ch in name)
            and looks_like_address(name)
            and not LEGAL_FORM_ANY.search(name)
        )
        and not looks_like_person(name)
        and not is_role(name)
        and not is_registry_id(name)
        and not names_a_system(name)
    )


def prose_not_name(name: str) -> bool:
    """Return True when a name taken from prose is a sentence, not a name."""
    folded = fold(name)
    return bool(ORG_TRIGGERS.search(folded) or names_a_system(name)) or bool(
        re.search(r"\b(?:above|aforementioned|abovementioned)\b|\bmentioned\b", folded)
        # "... the system put in place by the organisation [below]": a reference to the holder
        or _REFERENCE_END.search(folded)
    )


_REFERENCE_END = regexes.compile(
    r"(?:\bthe|\bl['’]|\bla|\bdie|\bder|\bel|\bo)\s*(?:organi[sz]ation|organisme|organizacion|"
    r"organisation|organizzazione|organizacao|company|societe|empresa|unternehmen|firma)\s*"
    r"(?:ci-dessous|below|unten|siguiente)?\s*$"
)
