"""Check an extracted certificate against what the portal knows about the vendor (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rapidfuzz import fuzz

from portal.certificates import regexes
from portal.certificates.bodies import match_accreditation_body, match_certification_body
from portal.certificates.dates import fold
from portal.certificates.results import STATUS_NEEDS_REVIEW, CertificateExtraction
from portal.certificates.schemes import EXPLANATIONS, PRODUCT_SCHEMES
from portal.certificates.standards import split_code

PASS, WARNING, FAIL = "pass", "warning", "fail"
EXPIRY_WARNING_DAYS = 90
MAX_CYCLE_DAYS = 3 * 365 + 1 + 7  # three years, a leap day, and a week of slack
NAME_PASS_SCORE = 90.0
NAME_WARN_SCORE = 75.0

_LEGAL = regexes.compile(
    r"\b(?:gmbh|mbh|ag|kg|ohg|se|ug|co|ltd|limited|plc|llp|llc|inc|incorporated|corp|"
    r"corporation|company|bv|nv|sa|sas|sarl|srl|spa|sl|oy|oyj|ab|asa|as|aps|pty|pte|pvt|"
    r"private|kk|sp\s*z\s*oo|sro|kft|doo|sti|san|tic|ve|and|und|the)\b"
)


@dataclass(frozen=True)
class Check:
    """One verification result: a code, pass/warning/fail, a message and details for the UI."""

    code: str
    status: str
    message: str
    detail: dict[str, Any] = field(default_factory=dict)


def company_key(name: str) -> str:
    """Return a company name without case, accents, punctuation or legal-form suffixes."""
    text = fold(name).replace("&", " and ")
    text = re.sub(r"(?<=\b[a-z])\.(?=[a-z]\b)", "", text)  # b.v. -> bv, a.s. -> as
    text = re.sub(r"[^a-z0-9]+", " ", text)
    text = _LEGAL.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip()


def name_score(printed: str, names: list[str]) -> tuple[float, str | None]:
    """Return the best fuzzy score (0-100) of a printed name against the vendor's names."""
    key = company_key(printed)
    best, best_name = 0.0, None
    for name in names:
        score = fuzz.token_sort_ratio(key, company_key(name))
        if score > best:
            best, best_name = score, name
    return round(best, 1), best_name


def _expiry(extraction: CertificateExtraction, today: date) -> Check:
    expiry = extraction.value("expiry_date")
    if expiry is None:
        return Check("expiry", WARNING, "No expiry date was found on the certificate.")
    days = (expiry - today).days
    detail = {"expiry_date": expiry.isoformat(), "days_left": days}
    if days < 0:
        return Check("expiry", FAIL, f"The certificate expired on {expiry.isoformat()}.", detail)
    if days <= EXPIRY_WARNING_DAYS:
        return Check(
            "expiry",
            WARNING,
            f"The certificate expires in {days} days ({expiry.isoformat()}).",
            detail,
        )
    return Check("expiry", PASS, f"Valid until {expiry.isoformat()} ({days} days left).", detail)


def _organisation(extraction: CertificateExtraction, vendor_names: list[str]) -> Check:
    printed = extraction.value("organization")
    if not printed:
        return Check("organisation", WARNING, "No certified organisation was found to compare.")
    if not vendor_names:
        return Check(
            "organisation",
            WARNING,
            "The vendor has no legal name or alias to compare.",
            {"printed": printed},
        )
    score, matched = name_score(printed, vendor_names)
    detail = {"printed": printed, "matched": matched, "score": score}
    if score >= NAME_PASS_SCORE:
        return Check(
            "organisation", PASS, f"'{printed}' matches '{matched}' (score {score:g}).", detail
        )
    status = WARNING if score >= NAME_WARN_SCORE else FAIL
    return Check(
        "organisation",
        status,
        f"'{printed}' does not clearly match the vendor (best: '{matched}', score {score:g}).",
        detail,
    )


def _standard(extraction: CertificateExtraction, expected: str) -> Check:
    found = [item.value for item in extraction.standards]
    want_number, want_edition = split_code(expected)
    detail = {"expected": expected, "found": found}
    same = [code for code in found if split_code(code)[0] == want_number]
    if not same:
        return Check(
            "standard",
            FAIL,
            f"The certificate does not cover {expected} (found: {', '.join(found) or 'none'}).",
            detail,
        )
    editions = {split_code(code)[1] for code in same}
    if want_edition and want_edition not in editions and None not in editions:
        return Check(
            "standard",
            WARNING,
            f"The certificate covers {same[0]}, not the expected edition {expected}.",
            detail,
        )
    if want_edition and None in editions and want_edition not in editions:
        return Check(
            "standard",
            WARNING,
            f"The certificate names {same[0]} without an edition; expected {expected}.",
            detail,
        )
    return Check("standard", PASS, f"The certificate covers {same[0]}.", detail)


def _scope(extraction: CertificateExtraction, terms: list[str]) -> Check:
    return scope_check(extraction.value("scope"), terms)


def scope_check(scope: str | None, terms: list[str]) -> Check:
    """Return the check of a scope statement against product or service terms."""
    if not scope:
        return Check("scope", WARNING, "No scope statement was found.", {"terms": terms})
    words = re.findall(r"[a-z0-9][a-z0-9\-]*", fold(scope))
    matches: dict[str, list[str]] = {}
    for term in terms:
        hits = []
        for part in re.findall(r"[a-z0-9][a-z0-9\-]*", fold(term)):
            hit = next(
                (w for w in words if w == part or (len(part) > 4 and fuzz.ratio(w, part) >= 88)),
                None,
            )
            if hit:
                hits.append(hit)
        if hits:
            matches[term] = hits
    detail = {"terms": terms, "matches": matches, "scope": scope}
    if matches:
        shown = ", ".join(sorted({w for hits in matches.values() for w in hits}))
        return Check("scope", PASS, f"The scope mentions: {shown}.", detail)
    return Check(
        "scope",
        WARNING,
        f"The scope mentions none of the product or service terms ({', '.join(terms)}).",
        detail,
    )


def _dates(extraction: CertificateExtraction, today: date) -> Check:
    issue = extraction.value("issue_date")
    expiry = extraction.value("expiry_date")
    initial = extraction.value("initial_certification_date")
    detail = {
        k: v.isoformat()
        for k, v in (("issue_date", issue), ("expiry_date", expiry), ("initial", initial))
        if v
    }
    if issue and expiry:
        if issue >= expiry:
            return Check("dates", FAIL, "The issue date is not before the expiry date.", detail)
        if (expiry - issue).days > MAX_CYCLE_DAYS:
            return Check(
                "dates",
                FAIL,
                "The certification cycle is longer than three years "
                f"({(expiry - issue).days} days).",
                detail,
            )
    if initial and issue and initial > issue:
        return Check(
            "dates", WARNING, "The initial certification date is after the issue date.", detail
        )
    if issue and issue > today:
        return Check(
            "dates", WARNING, f"The issue date {issue.isoformat()} is in the future.", detail
        )
    if not (issue and expiry):
        return Check(
            "dates",
            WARNING,
            "The issue or expiry date is missing, so the certification cycle cannot be checked.",
            detail,
        )
    return Check("dates", PASS, "Issue and expiry dates are consistent.", detail)


def _bodies(extraction: CertificateExtraction) -> list[Check]:
    checks = []
    ab = extraction.value("accreditation_body")
    known_ab = match_accreditation_body(ab) if ab else None
    if known_ab and not known_ab.iaf_mla:
        checks.append(
            Check(
                "accreditation_body",
                WARNING,
                f"{known_ab.display} ({known_ab.name}) is not an IAF MLA signatory: its "
                "\"accreditation\" is not recognised, so this is not accredited certification. "
                "Do not rely on the certificate without further evidence.",
                {"body": known_ab.display, "source": known_ab.source, "iaf_mla": False},
            )
        )
    elif known_ab:
        checks.append(
            Check(
                "accreditation_body",
                PASS,
                f"{known_ab.display} ({known_ab.name}) is an IAF MLA signatory.",
                {"body": known_ab.display, "source": known_ab.source},
            )
        )
    elif ab:
        checks.append(
            Check(
                "accreditation_body",
                WARNING,
                f"'{ab}' is not on the list of IAF MLA signatories.",
                {"body": ab},
            )
        )
    else:
        checks.append(
            Check(
                "accreditation_body",
                WARNING,
                "No accreditation body was found: the certificate may be unaccredited.",
            )
        )
    cb = extraction.value("certification_body")
    known_cb = match_certification_body(cb) if cb else None
    if known_cb:
        checks.append(
            Check(
                "certification_body",
                PASS,
                f"{cb} is a known certification body.",
                {"body": known_cb.name, "source": known_cb.source},
            )
        )
    else:
        checks.append(
            Check(
                "certification_body",
                WARNING,
                f"'{cb}' is not a known certification body."
                if cb
                else "No certification body was found.",
                {"body": cb},
            )
        )
    return checks


def _scheme(extraction: CertificateExtraction) -> Check | None:
    """Return a check on claims against things that are not certification schemes."""
    if not extraction.claims:
        return None
    names = ", ".join(extraction.claims)
    why = " ".join(dict.fromkeys(EXPLANATIONS.get(name, "") for name in extraction.claims))
    detail = {"claims": list(extraction.claims)}
    if PRODUCT_SCHEMES.issuperset(extraction.claims):  # "against a food or farm scheme"
        names = f"a {names}"
        what = "a certification scheme for products or processes, not for a management system"
    else:
        what = "which is not a certification scheme"
    if not extraction.standards:
        return Check(
            "scheme",
            FAIL,
            f"The document claims certification against {names}, {what}. {why}".strip(),
            detail,
        )
    return Check(
        "scheme",
        WARNING,
        f"Besides {extraction.standards[0].value}, the document claims certification against "
        f"{names}, {what}. {why}".strip(),
        detail,
    )


def verify_certificate(
    extraction: CertificateExtraction,
    *,
    vendor_names: list[str],
    product_terms: list[str],
    expected_standard: str | None,
    today: date,
    sha256: str | None = None,
    known_hashes: set[str] | frozenset[str] = frozenset(),
) -> list[Check]:
    """Return the checks of a certificate against the vendor, the standard and the date."""
    if not extraction.is_certificate:
        return [
            Check(
                "readable",
                FAIL,
                f"The certificate could not be read: {extraction.message}",
                {"status": extraction.status, "reason": extraction.reason},
            )
        ]
    if extraction.status == STATUS_NEEDS_REVIEW:
        readable = Check(
            "readable",
            WARNING,
            "The reader is not sure this is a certificate: check every value against the page"
            + (" (read with OCR)." if extraction.used_ocr else "."),
            {"used_ocr": extraction.used_ocr, "status": extraction.status},
        )
    else:
        readable = Check(
            "readable",
            PASS,
            "The certificate was read"
            + (" with OCR; check the values." if extraction.used_ocr else "."),
            {"used_ocr": extraction.used_ocr},
        )
    checks = [readable]
    checks.append(_expiry(extraction, today))
    checks.append(_organisation(extraction, vendor_names))
    if expected_standard:
        checks.append(_standard(extraction, expected_standard))
    if product_terms:
        checks.append(_scope(extraction, product_terms))
    checks.append(_dates(extraction, today))
    scheme = _scheme(extraction)
    if scheme is not None:
        checks.append(scheme)
    checks.extend(_bodies(extraction))
    if sha256 is not None:
        if sha256 in known_hashes:
            checks.append(
                Check(
                    "duplicate", WARNING, "The same file was uploaded before.", {"sha256": sha256}
                )
            )
        else:
            checks.append(
                Check("duplicate", PASS, "This file has not been seen before.", {"sha256": sha256})
            )
    return checks
