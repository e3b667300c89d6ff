"""Find answers that claim a certification the vendor's certificates do not back (pure)."""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from portal.certificates import regexes
from portal.certificates.fieldvalues import certificate_kinds, standard_for_kind, standard_number

FULL, PARTIAL = "full", "partial"
NO_CERTIFICATE = "no_certificate"
WRONG_STANDARD = "wrong_standard"
EXPIRED = "expired"
OTHER_ENTITY = "other_entity"
SCOPE = "scope"
SEVERITY = {NO_CERTIFICATE: "high", WRONG_STANDARD: "high", EXPIRED: "high",
            OTHER_ENTITY: "high", SCOPE: "medium"}
_LOWER = {"critical": "high", "high": "medium", "medium": "low", "low": "low"}
# An option like "In progress (audit booked)" says the vendor is not certified yet.
_NOT_YET = regexes.compile(r"progress|booked|planned|implementing|not yet|working towards", re.I)
_CLAIM_VALUES = {"yes": FULL, "certified": FULL, "certified-other-scope": FULL,
                 "partial": PARTIAL}
REMEDIATION = {
    NO_CERTIFICATE: (
        "Ask the vendor to upload the certificate the answer refers to. If it cannot, the "
        "answer must be changed to reflect the real certification status, and the control "
        "treated as self-attested until a certificate is provided."),
    WRONG_STANDARD: (
        "Ask the vendor for a certificate of the standard the question is about. A certificate "
        "for a different management-system standard does not show conformity with this one; "
        "correct the answer if the vendor does not hold it."),
    EXPIRED: (
        "Ask the vendor for the renewed certificate, or for the certification body's written "
        "confirmation that recertification is under way. Until then treat the claim as unproven "
        "and follow up before the next review."),
    OTHER_ENTITY: (
        "Ask the vendor which legal entity holds the certificate and how the contracting entity "
        "is covered (for example a group certificate listing it as a site). Without that link "
        "the certificate does not back the answer; record the relationship or correct the answer."),
    SCOPE: (
        "Ask the vendor to show that the certified scope includes the product or service being "
        "bought, for example with the scope annex or a letter from the certification body. "
        "Otherwise the answer should say the scope does not cover this service."),
}


class QuestionLike(Protocol):
    id: str
    type: str
    evidence: tuple[str, ...]
    controls: tuple[str, ...]

    def option(self, value: str) -> Any: ...


@dataclass(frozen=True)
class Claim:
    """An answer that says the vendor holds a certificate of a standard."""

    question_id: str
    kind: str  # the evidence kind, e.g. "iso42001-certificate"
    standard: str  # e.g. "ISO/IEC 42001"
    strength: str  # full | partial
    needs_scope: bool
    control_id: str | None
    answer: str


@dataclass(frozen=True)
class CertificateFacts:
    """What the contradiction rules need to know about one stored certificate."""

    id: int
    standards: tuple[str, ...]  # as printed, e.g. ("ISO/IEC 27001:2022",)
    expiry_date: date | None
    organisation_ok: bool | None  # False: the organisation check failed
    organisation: str | None = None
    scope_ok: bool | None = None  # False: the scope mentions none of the product terms
    label: str = ""


@dataclass(frozen=True)
class Contradiction:
    """A claim the certificates contradict, ready to become a finding."""

    key: str
    rule: str
    severity: str
    title: str
    detail: str
    remediation: str
    question_id: str
    control_id: str | None
    kind: str
    certificate_ids: tuple[int, ...] = ()


def finding_key(kind: str, assessment_id: int, question_id: str) -> str:
    """Return the stable finding key of a claim."""
    return f"certificate:{kind}:{assessment_id}:{question_id}"


def find_claims(questions: Iterable[QuestionLike], values: Mapping[str, Any]) -> list[Claim]:
    """Return the certification claims in the answers to questions that ask for certificates."""
    claims: list[Claim] = []
    for question in questions:
        kinds = certificate_kinds(question.evidence)
        value = values.get(question.id)
        if not kinds or value in (None, "", []):
            continue
        control = question.controls[0] if question.controls else None
        if question.type == "multiple_choice" and isinstance(value, list):
            for item in value:
                kind = f"{item}-certificate"
                if kind in kinds:
                    claims.append(Claim(question.id, kind, standard_for_kind(kind) or kind,
                                        FULL, True, control, str(item)))
            continue
        if question.type not in ("yes_no", "single_choice") or not isinstance(value, str):
            continue
        strength = _CLAIM_VALUES.get(value)
        option = question.option(value)
        if strength is None or (option is not None and _NOT_YET.search(option.label or "")):
            continue
        claims.append(Claim(question.id, kinds[0], standard_for_kind(kinds[0]) or kinds[0],
                            strength, value not in ("certified-other-scope", "partial"),
                            control, value))
    return claims


def _describe(certs: list[CertificateFacts]) -> str:
    return "; ".join(c.label or f"certificate {c.id}" for c in certs)


def check_claim(claim: Claim, certificates: list[CertificateFacts], *, today: date,
                assessment_id: int) -> Contradiction | None:
    """Return how the certificates contradict a claim, or None when one backs it."""
    number = standard_number(claim.standard)
    same = [c for c in certificates if number in {standard_number(s) for s in c.standards}]
    said = f"The answer to {claim.question_id} (\u201c{claim.answer}\u201d) claims {claim.standard}"
    rule, detail, involved = None, "", same
    if not same:
        others = [c for c in certificates if c.standards]
        if others:
            rule, involved = WRONG_STANDARD, others
            detail = (f"{said} certification, but the vendor's certificates cover other "
                      f"standards only: {_describe(others)}.")
        else:
            rule = NO_CERTIFICATE
            detail = f"{said} certification, but the vendor has uploaded no readable certificate."
    else:
        valid = [c for c in same if c.expiry_date is None or c.expiry_date >= today]
        entity = [c for c in valid if c.organisation_ok is not False]
        scoped = [c for c in entity if c.scope_ok is not False]
        if not valid:
            rule = EXPIRED
            last = max(c.expiry_date for c in same if c.expiry_date)
            detail = (f"{said} certification, but every {claim.standard} certificate on file has "
                      f"expired (the latest on {last.isoformat()}): {_describe(same)}.")
        elif not entity:
            rule, involved = OTHER_ENTITY, valid
            names = ", ".join(sorted({c.organisation or "?" for c in valid}))
            detail = (f"{said} certification, but the {claim.standard} certificate is issued to "
                      f"another legal entity ({names}).")
        elif claim.needs_scope and not scoped:
            rule, involved = SCOPE, entity
            detail = (f"{said} certification covering this service, but the scope of "
                      f"{_describe(entity)} mentions none of the vendor's products.")
    if rule is None:
        return None
    severity = SEVERITY[rule]
    if claim.strength == PARTIAL:
        if rule == NO_CERTIFICATE:
            return None  # "partially" with nothing uploaded is a gap, not a contradiction
        severity = _LOWER[severity]
    titles = {
        NO_CERTIFICATE: "no certificate uploaded",
        WRONG_STANDARD: "only certificates of another standard",
        EXPIRED: "the certificate has expired",
        OTHER_ENTITY: "the certificate names another legal entity",
        SCOPE: "the certificate's scope does not cover the product",
    }
    return Contradiction(
        key=finding_key(claim.kind, assessment_id, claim.question_id), rule=rule,
        severity=severity,
        title=f"{claim.question_id} claims {claim.standard} certification, but "
              f"{titles[rule]}"[:300],
        detail=detail, remediation=REMEDIATION[rule], question_id=claim.question_id,
        control_id=claim.control_id, kind=claim.kind,
        certificate_ids=tuple(c.id for c in involved))


def find_contradictions(questions: Iterable[QuestionLike], values: Mapping[str, Any],
                        certificates: list[CertificateFacts], *, today: date,
                        assessment_id: int) -> list[Contradiction]:
    """Return one contradiction per claim the certificates do not back."""
    found: dict[str, Contradiction] = {}
    for claim in find_claims(questions, values):
        item = check_claim(claim, certificates, today=today, assessment_id=assessment_id)
        if item is not None and item.key not in found:
            found[item.key] = item
    return list(found.values())
