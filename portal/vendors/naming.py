"""Compare company names: the key that makes "ACME A.I. Ltd" and "Acme AI" the same vendor.

Pure (standard library only): the duplicate check, the name index (names.py), the vendor search
and the bulk import's plan all compare names through name_key.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

# Legal-form words dropped from the end of a name before comparing ("Acme AI Ltd" = "Acme AI").
LEGAL_FORMS = frozenset(
    "ltd limited gmbh mbh ag inc incorporated llc llp lp plc co corp corporation company "
    "bv nv sa sas sarl srl spa se oy ab as asa aps kg kgaa ug pty pte kk sl sro zrt "
    "holding holdings group".split()
)
_ABBREVIATION = re.compile(r"\b[a-z](?:\.[a-z])+\b\.?")  # b.v., s.a., n.v.
_NON_WORD = re.compile(r"[^a-z0-9]+")


@functools.lru_cache(maxsize=100_000)
def name_key(name: str) -> str:
    """Normalise a company name for duplicate detection: case, accents, punctuation, legal form.

    Pure, so cached: the duplicate check compares against every stored name and alias.
    """
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = text.replace("&", " and ")
    text = _ABBREVIATION.sub(lambda m: m.group(0).replace(".", ""), text)
    words = _NON_WORD.sub(" ", text).split()
    while len(words) > 1 and (words[-1] in LEGAL_FORMS or words[-1] == "and"):
        words.pop()
    return " ".join(words)


def clean_aliases(lines: Iterable[str], *, legal_name: str = "") -> tuple[str, ...]:
    """Strip, drop blanks and repeats (also of the legal name), keeping the order given."""
    seen = {name_key(legal_name)} if legal_name else set()
    result: list[str] = []
    for line in lines:
        alias = " ".join(line.split())
        key = name_key(alias)
        if alias and key and key not in seen:
            seen.add(key)
            result.append(alias)
    return tuple(result)
