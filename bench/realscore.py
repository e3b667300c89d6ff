"""Compare the reader's output with the truth of real certificates, field by field.

The rules are those of the shared starter scorer (`certificates-real/README.md`): a truth entry
may list other acceptable values under "accept"; null truth needs a null prediction.

    standard             number and edition equal ("ISO/IEC 42001:2023" == "ISO 42001:2023")
    certificate_number   equal without whitespace, any case
    organization         equal, contained (shorter >= 60 % of longer) or similarity >= 0.85
    certification_body   the truth's short name (or alias) and no other body's, or >= 0.85
    accreditation_body   exactly one accreditation body named, and it is the truth's
    scope                similarity >= 0.85, case and spacing folded
    dates                equal ISO 8601
    sites                as many sites, paired one to one (similarity >= 0.85 or contained)

A file holding several certificates has one truth entry per certificate with its "pages"; each
is paired with the reading whose `certificate_pages` overlap them.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

FIELDS = ("standard", "certificate_number", "organization", "scope",
          "initial_certification_date", "issue_date", "expiry_date", "certification_body",
          "accreditation_body", "sites")
CB_NAMES = {
    "BSI": ["bsi", "british standards institution"], "Schellman": ["schellman"],
    "A-LIGN": ["a lign", "align"], "TÜV SÜD": ["tuv sud", "tuev sued", "tuv sued"],
    "TÜV Rheinland": ["tuv rheinland", "tuev rheinland"], "DNV": ["dnv", "det norske veritas"],
    "LRQA": ["lrqa", "lloyd s register"], "Bureau Veritas": ["bureau veritas"], "SGS": ["sgs"],
    "Intertek": ["intertek"],
}
AB_NAMES = {
    "ANAB": ["anab", "ansi national accreditation board"], "UKAS": ["ukas"],
    "DAkkS": ["dakks", "deutsche akkreditierungsstelle"], "JAS-ANZ": ["jas anz", "jasanz"],
    "IAS": ["ias", "international accreditation service"], "IAC": ["iac"], "EGAC": ["egac"],
    "SCC": ["scc"], "Accredia": ["accredia"], "COFRAC": ["cofrac"], "RvA": ["rva"],
    "UKAC": ["ukac"], "WAF": ["waf"], "ILAS": ["ilas"], "UKAF": ["ukaf"], "UAMLS": ["uamls"],
    "ABCB": ["abcb"], "UAF": ["uaf"], "EIAC": ["eiac"], "ENAC": ["enac"], "TÜRKAK": ["turkak"],
}
NULLS = {"", "null", "none", "n/a", "na", "-", "unknown"}


def fold(text) -> str:
    """Return lower-case text without accents, dashes and quotes unified."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).replace("ß", "ss")
    return re.sub("[\u2010-\u2015\u2212]", "-", text.lower()).replace("\u2019", "'")


def _name(text) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9]+", " ", fold(text).replace("&", " and "))).strip()


def is_null(value) -> bool:
    """Return True for a missing value in any of its spellings."""
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip().lower() in NULLS
    return isinstance(value, list | tuple | dict) and not value


def _ratio(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _has(hay: str, needle: str) -> bool:
    return re.search(rf"(?<![a-z0-9]){re.escape(needle)}(?![a-z0-9])", hay) is not None


def _similar_name(a, b, share: float = 0.6) -> bool:
    a, b = _name(a), _name(b)
    if not a or not b:
        return False
    if a == b or _ratio(a, b) >= 0.85:
        return True
    short, long_ = sorted((a, b), key=len)
    return _has(long_, short) and len(short) / len(long_) >= share


def _standard_key(text):
    folded = fold(text)
    m = re.search(r"(\d{4,5})(?:\s*-\s*\d+)?\s*:\s*((?:19|20)\d\d)", folded)
    if m:
        return m.group(1), m.group(2)
    m = re.search(r"(\d{4,5})", folded)
    return (m.group(1), None) if m else None


def _body(pred, truth, names) -> bool:
    key = _name(pred)
    hits = {name for name, aliases in names.items() if any(_has(key, a) for a in aliases)}
    if truth in names:
        return hits == {truth} or (names is CB_NAMES and _ratio(key, _name(truth)) >= 0.85)
    return bool(key) and _ratio(key, _name(truth)) >= 0.85


def _site_pairs(pred: list, truth: list) -> bool:
    used: set[int] = set()
    for site in truth:
        for n, other in enumerate(pred):
            if n not in used and (_similar_name(other, site, 0.6) or _has(_name(other),
                                                                           _name(site))):
                used.add(n)
                break
    return len(used) == len(truth) == len(pred)


COMPARE = {
    "standard": lambda p, t: _standard_key(p) is not None and _standard_key(p) == _standard_key(t),
    "certificate_number": lambda p, t: re.sub(r"\s+", "", str(p)).upper()
    == re.sub(r"\s+", "", str(t)).upper(),
    "organization": _similar_name,
    "scope": lambda p, t: _ratio(re.sub(r"\s+", " ", fold(p)).strip(),
                                 re.sub(r"\s+", " ", fold(t)).strip()) >= 0.85,
    "initial_certification_date": lambda p, t: str(p)[:10] == t,
    "issue_date": lambda p, t: str(p)[:10] == t,
    "expiry_date": lambda p, t: str(p)[:10] == t,
    "certification_body": lambda p, t: _body(p, t, CB_NAMES),
    "accreditation_body": lambda p, t: _body(p, t, AB_NAMES),
    "sites": lambda p, t: _site_pairs([str(x) for x in (p or [])], list(t)),
}


def field_right(name: str, predicted, entry: dict) -> bool:
    """Return True when the predicted value of a field agrees with the truth entry."""
    truth = entry.get(name)
    if is_null(truth):
        return is_null(predicted)
    if is_null(predicted):
        return False
    accepted = [truth, *entry.get("accept", {}).get(name, [])]
    return any(COMPARE[name](predicted, value) for value in accepted)


def pair(entries: list[dict], predictions: list[dict]) -> list[tuple[dict, dict]]:
    """Return (truth entry, prediction) pairs: by file, then by overlapping pages."""
    by_file: dict[str, list[dict]] = {}
    for prediction in predictions:
        by_file.setdefault(str(prediction.get("file", "")).rsplit("/", 1)[-1], []).append(
            prediction)
    out = []
    for entry in entries:
        candidates = by_file.get(entry["file"], [])
        pages = set(entry.get("pages") or [])
        chosen = next((p for p in candidates
                       if pages and pages & set(p.get("certificate_pages") or [])), None)
        out.append((entry, chosen or (candidates[0] if candidates else {})))
    return out
