"""The comparison rules of the shared real-certificate scorer, copied unchanged.

Source: `../shared/certificates-real/score.py` (the starter set's scorer, SHA-256 b6f1b194...),
everything from `FIELDS` to `field_ok`. Only the layout changed where ruff's line length asked
for it; no rule, alias, threshold or normalisation differs. `score.py` beside this file uses these
rules unchanged and only adds pairing by pages for PDFs that hold several certificates. If the
shared scorer changes, copy it again rather than editing here.

Rules (a truth entry may list extra acceptable values per field under "accept"):
  standard             number + year equal ("ISO/IEC 42001:2023" == "ISO 42001:2023")
  certificate_number   equal after removing whitespace, case-insensitive
  organization         normalised equality, containment (shorter >= 60 % of longer) or
                       difflib ratio >= 0.85
  certification_body   the truth's short name (or a known alias) occurs in the prediction and
                       no other CB's name does, or difflib ratio >= 0.85
  accreditation_body   the prediction names exactly one accreditation body and it is the truth's
  scope                difflib ratio >= 0.85 after case/whitespace folding
  dates                exact ISO 8601 (YYYY-MM-DD)
  sites                same number of sites and a one-to-one fuzzy match
  null truth           prediction must be null / "" / [] / "N/A"
"""

import re
import unicodedata
from difflib import SequenceMatcher

FIELDS = ["standard", "certificate_number", "organization", "scope", "initial_certification_date",
          "issue_date", "expiry_date", "certification_body", "accreditation_body", "sites"]

CB_ALIASES = {
    "BSI": ["bsi", "british standards institution"],
    "Schellman": ["schellman"],
    "A-LIGN": ["a lign", "align"],
    "TÜV SÜD": ["tuv sud", "tuev sued", "tuv sued", "tuev sud"],
    "TÜV Rheinland": ["tuv rheinland", "tuev rheinland"],
    "DNV": ["dnv", "det norske veritas"],
    "LRQA": ["lrqa", "lloyd s register"],
    "Bureau Veritas": ["bureau veritas"],
    "SGS": ["sgs"],
    "Intertek": ["intertek"],
    "Mastermind": ["mastermind"],
    "Prescient Security": ["prescient security", "prescient"],
}
AB_ALIASES = {
    "ANAB": ["anab", "ansi national accreditation board", "ansi asq national accreditation board"],
    "UKAS": ["ukas", "united kingdom accreditation service"],
    "DAkkS": ["dakks", "deutsche akkreditierungsstelle"],
    "JAS-ANZ": ["jas anz", "jasanz", "joint accreditation system of australia and new zealand"],
    "IAS": ["ias", "international accreditation service"],
    "IAC": ["iac", "international accreditation center"],
    "EGAC": ["egac", "egyptian accreditation council"],
    "SCC": ["scc", "standards council of canada"],
    "Accredia": ["accredia"],
    "COFRAC": ["cofrac", "comite francais d accreditation"],
    "RvA": ["rva", "raad voor accreditatie", "dutch accreditation council"],
    "UKAC": ["ukac", "united kingdom accreditation council"],
    "WAF": ["waf", "wales akkreditering forum"],
    "ILAS": ["ilas"],
    "UKAF": ["ukaf", "united kingdom accreditation forum"],
    "UAMLS": ["uamls", "united accreditation management licensing services"],
    "ABCB": ["ab cb", "abcb", "accreditation board for certification bodies"],
}
NULL_STRINGS = {"", "null", "none", "n/a", "na", "-", "unknown"}


# ---------------------------------------------------------------- normalising
def fold(s):
    s = unicodedata.normalize("NFKD", str(s))
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = s.replace("ß", "ss").lower()
    s = re.sub("[\u2010-\u2015\u2212]", "-", s)
    s = s.replace("\u2019", "'").replace("\u2018", "'")
    s = s.replace("\u201c", '"').replace("\u201d", '"')
    return s


def norm_name(s):
    s = fold(s).replace("&", " and ")
    s = re.sub(r"[^a-z0-9]+", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def norm_ws(s):
    return re.sub(r"\s+", " ", fold(s)).strip()


def is_null(v):
    if v is None:
        return True
    if isinstance(v, str):
        return v.strip().lower() in NULL_STRINGS
    if isinstance(v, (list, tuple, dict)):
        return len(v) == 0
    return False


def ratio(a, b):
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def contains_word(hay, needle):
    return re.search(r"(?<![a-z0-9])" + re.escape(needle) + r"(?![a-z0-9])", hay) is not None


def fuzzy_name(pred, truth, min_cont=0.6):
    a, b = norm_name(pred), norm_name(truth)
    if not a or not b:
        return False
    if a == b or ratio(a, b) >= 0.85:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return contains_word(long_, short) and len(short) / len(long_) >= min_cont


# ---------------------------------------------------------------- comparators
def std_key(s):
    s = fold(s)
    m = re.search(r"(\d{4,5})(?:\s*-\s*\d+)?\s*:\s*((?:19|20)\d\d)", s)
    if m:
        return m.group(1), m.group(2)
    m = re.search(r"(\d{4,5})", s)
    return (m.group(1), None) if m else None


def cmp_standard(p, t):
    return std_key(p) is not None and std_key(p) == std_key(t)


def cmp_number(p, t):
    return re.sub(r"\s+", "", str(p)).upper() == re.sub(r"\s+", "", str(t)).upper()


def cmp_org(p, t):
    return fuzzy_name(p, t, 0.6)


def cmp_cb(p, t):
    np_ = norm_name(p)
    if not np_:
        return False
    hits = {cb for cb, al in CB_ALIASES.items() if any(contains_word(np_, a) for a in al)}
    if t in CB_ALIASES and hits == {t}:
        return True
    return ratio(np_, norm_name(t)) >= 0.85


def cmp_ab(p, t):
    np_ = norm_name(p)
    hits = {ab for ab, al in AB_ALIASES.items() if any(contains_word(np_, a) for a in al)}
    if t not in AB_ALIASES:
        return bool(np_) and ratio(np_, norm_name(t)) >= 0.85
    return hits == {t}


def cmp_scope(p, t):
    return ratio(norm_ws(p), norm_ws(t)) >= 0.85


def cmp_date(p, t):
    if not isinstance(p, str):
        return False
    m = re.match(r"\s*(\d{4}-\d{2}-\d{2})", p)
    return bool(m) and m.group(1) == t


def site_str(s):
    if isinstance(s, dict):
        return ", ".join(str(v) for v in s.values() if isinstance(v, (str, int)))
    if isinstance(s, (list, tuple)):
        return ", ".join(str(v) for v in s)
    return str(s)


def site_eq(p, t):
    a, b = norm_name(p), norm_name(t)
    if not a or not b:
        return False
    if a == b or ratio(a, b) >= 0.85:
        return True
    if contains_word(a, b) and len(a) <= 3 * len(b):   # prediction adds a site name etc.
        return True
    return contains_word(b, a) and len(a) / len(b) >= 0.6


def match_sites(pred, truth):
    """Return (all_matched_exactly, n_truth_matched)."""
    if isinstance(pred, (str, dict)):
        pred = [pred]
    pred = [site_str(x) for x in pred if not is_null(x)]
    used, hit = set(), 0
    for t in truth:
        for i, p in enumerate(pred):
            if i not in used and site_eq(p, t):
                used.add(i)
                hit += 1
                break
    return hit == len(truth) and len(pred) == len(truth), hit


def cmp_sites(p, t):
    return match_sites(p, t)[0]


CMP = {"standard": cmp_standard, "certificate_number": cmp_number, "organization": cmp_org,
       "scope": cmp_scope, "initial_certification_date": cmp_date, "issue_date": cmp_date,
       "expiry_date": cmp_date, "certification_body": cmp_cb, "accreditation_body": cmp_ab,
       "sites": cmp_sites}


def field_ok(field, pred_val, truth_entry):
    t = truth_entry.get(field)
    if is_null(t):
        return is_null(pred_val)
    if is_null(pred_val):
        return False
    candidates = [t] + list(truth_entry.get("accept", {}).get(field, []))
    try:
        return any(CMP[field](pred_val, c) for c in candidates)
    except Exception:
        return False


