"""Which certificates lift which answers, from their stored checks: pure, no Flask.

A certificate lifts an answer only when it is accepted, in date, passes the method's checks
(or a reviewer overrode the failed ones with a reason), covers one of the question's controls,
and, under methods with `certificate_claims: same_standard`, is of the standard the question
asks a certificate of. docs/scoring.md (section 2) explains the rules to people.
"""
from __future__ import annotations

from collections.abc import Sequence
from fnmatch import fnmatchcase

from portal.questionnaires.bank import Catalogue, Question
from portal.scoring.method import CertificateRule, Method
from portal.scoring.results import CertificateInput, CheckInput

CERTIFICATE_KIND_SUFFIX = "-certificate"
IDENTITY_CHECK = "organisation"
# Plain words for a failed check, as the scorecard says "accepted over a failed check: ...".
CHECK_WORDS = {
    "organisation": "another legal entity", "scope": "scope does not cover the product",
    "accreditation_body": "no recognised accreditation body", "expiry": "expired",
    "standard": "another standard", "dates": "inconsistent dates", "readable": "unreadable",
    "certification_body": "unknown certification body", "duplicate": "duplicate file",
}


def blockers(cert: CertificateInput, method: Method) -> tuple[CheckInput, ...]:
    """Return the stored checks that stop the certificate lifting under this method."""
    out = [c for c in cert.checks
           if (c.code in method.certificate_must_pass and c.status != "pass")
           or (c.code in method.certificate_must_not_fail and c.status == "fail")]
    if not cert.in_date and not any(c.code == "expiry" for c in out):
        out.append(CheckInput("expiry", "fail", "The certificate is not in date."))
    return tuple(out)


def lifts(cert: CertificateInput, method: Method) -> bool:
    """Tell whether a certificate may lift answers (accepted, in date, checks or override)."""
    if cert.status != "accepted" or not cert.in_date:
        return False
    return not blockers(cert, method) or bool(cert.override.strip())


def _label(cert: CertificateInput, method: Method) -> str:
    rule = method.certificate(cert.standard)
    name = rule.label if rule else cert.standard
    return f"{name} certificate {cert.reference}".strip()


def describe_blockers(checks: Sequence[CheckInput]) -> str:
    """Return the failed checks in plain words: "another legal entity; expired"."""
    return "; ".join(dict.fromkeys(CHECK_WORDS.get(c.code, c.code) for c in checks))


def identity_issues(certificates: Sequence[CertificateInput], method: Method) -> tuple[str, ...]:
    """Return a sentence per live certificate issued to another legal entity, not overridden."""
    if method.certificate_identity_floor is None:
        return ()
    out = []
    for cert in certificates:
        if cert.override.strip() or not cert.in_date:
            continue
        check = next((c for c in cert.checks if c.code == IDENTITY_CHECK), None)
        if check is not None and check.status == "fail":
            who = f" ({cert.organisation})" if cert.organisation else ""
            out.append(f"The {_label(cert, method)} is issued to another legal entity{who}.")
    return tuple(dict.fromkeys(out))


def certificate_notes(certificates: Sequence[CertificateInput], method: Method
                      ) -> tuple[str, ...]:
    """Say, per certificate, whether it lifts answers and why not or over what."""
    notes = []
    for cert in certificates:
        label = _label(cert, method)
        failed = blockers(cert, method)
        if method.certificate(cert.standard) is None:
            notes.append(f"The {label} lifts no answer under method {method.version}.")
        elif cert.status != "accepted":
            notes.append(f"The {label} is not accepted yet, so it lifts no answer.")
        elif not cert.in_date:
            notes.append(f"The {label} is not in date, so it lifts no answer.")
        elif failed and cert.override.strip():
            notes.append(f"The {label} was accepted over a failed check: "
                         f"{describe_blockers(failed)} (reason: {cert.override.strip()}).")
        elif failed:
            notes.append(f"The {label} lifts no answer: {describe_blockers(failed)}.")
    return tuple(notes)


def claimed_standards(question: Question) -> set[str]:
    """Return the standards a question asks a certificate of (e.g. {"iso27001"})."""
    return {kind.removesuffix(CERTIFICATE_KIND_SUFFIX).replace("-", "")
            for kind in question.evidence if kind.endswith(CERTIFICATE_KIND_SUFFIX)}


def in_reach(question: Question, rule: CertificateRule) -> bool:
    """Tell whether a question is within the certificate's reach (method file `reach`)."""
    if any(fnmatchcase(question.id, pattern) for pattern in rule.never):
        return False
    return not rule.questions or any(fnmatchcase(question.id, p) for p in rule.questions)


def covers(question: Question, rule: CertificateRule, catalogue: Catalogue) -> str | None:
    """Return the first of the question's controls within a certificate rule's scope."""
    if not in_reach(question, rule):
        return None
    for cid in question.controls[:1] if rule.primary_only else question.controls:
        control = catalogue.control(cid)
        if control is None:
            continue
        if control.kind in rule.kinds:
            return cid
        if rule.crosswalk and getattr(control.crosswalk, rule.crosswalk):
            return cid
    return None


def lift(question: Question, declared: str, certificates: Sequence[CertificateInput],
         method: Method, catalogue: Catalogue) -> tuple[str, str, str]:
    """Return (level used, certificate standard that lifted it, explanation)."""
    level = method.level(declared)
    lifted_by, note = "", ""
    claimed = claimed_standards(question) if method.certificate_claims == "same_standard" else set()
    for cert in certificates:
        rule = method.certificate(cert.standard)
        if rule is None or not lifts(cert, method):
            continue
        if claimed and cert.standard not in claimed:
            continue  # a claim to hold another standard's certificate is not proved by this one
        control_id = covers(question, rule, catalogue)
        target = method.level(rule.level)
        if control_id and target.rank > level.rank:
            level, lifted_by = target, rule.standard
            ref = f" {cert.reference}" if cert.reference else ""
            failed = blockers(cert, method)
            over = (f", accepted over a failed check: {describe_blockers(failed)}"
                    if failed else "")
            note = f", lifted by the {rule.label} certificate{ref} (covers {control_id}{over})"
    return level.id, lifted_by, note
