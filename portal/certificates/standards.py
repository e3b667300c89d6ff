"""Recognise management-system standards and normalise them, e.g. "ISO/IEC 42001:2023"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from portal.certificates import regexes

# Certifiable management-system standards and the prefix ISO publishes them under.
CERTIFIABLE = {
    "42001": "ISO/IEC",
    "27001": "ISO/IEC",
    "27701": "ISO/IEC",
    "27017": "ISO/IEC",
    "27018": "ISO/IEC",
    "20000-1": "ISO/IEC",
    "9001": "ISO",
    "14001": "ISO",
    "45001": "ISO",
    "22301": "ISO",
    "50001": "ISO",
    "13485": "ISO",
    "37001": "ISO",
    "37301": "ISO",
    "22000": "ISO",
    "28000": "ISO",
    "41001": "ISO",
    "55001": "ISO",
    "21001": "ISO",
    "39001": "ISO",
    "20121": "ISO",
    "29001": "ISO",
    "22163": "ISO/TS",
    "16949": "ISO/TS",
}

# Standards printed on certificates that are not what was certified: the rules the
# certification or accreditation body follows, guidance documents, vocabularies.
NOT_CERTIFIED = {
    "17021",
    "17021-1",
    "17021-3",
    "17065",
    "17025",
    "17024",
    "17020",
    "17011",
    "17029",
    "27000",
    "27002",
    "27003",
    "27004",
    "27005",
    "27006",
    "27006-1",
    "27006-2",
    "42006",
    "19011",
    "9000",
    "31000",
    "42005",
    "23894",
    "22003",
}

# Codes of practice certified as part of ISO/IEC 27001 ("27001 with 27017 and 27018 controls"):
# when 27001 is named too, it is the primary standard. ISO/IEC 27701 is certified in its own
# right ("27701 as an extension to 27001" is a privacy certificate): the first named stays.
EXTENSION_OF = {"27017": "27001", "27018": "27001"}

# European adoptions carry their own year: EN ISO/IEC 27001:2017 is ISO/IEC 27001:2013.
EN_EDITION = {
    ("27001", "2017"): "2013",
    ("27001", "2023"): "2022",
    ("27701", "2021"): "2019",
    ("42001", "2023"): "2023",
}

# Russian national adoptions (GOST R ISO ..., the interstate GOST ISO ...) carry the year of
# their own edition: GOST R ISO 14001-2007 is ISO 14001:2004 (the Federal Agency for Technical
# Regulation and Metrology's register gives each adoption's source edition).
GOST_EDITION = {
    ("9001", "2011"): "2008",
    ("9001", "2008"): "2008",
    ("9001", "2015"): "2015",
    ("14001", "2007"): "2004",
    ("14001", "2016"): "2015",
    ("45001", "2020"): "2018",
    ("27001", "2006"): "2005",
    ("27001", "2021"): "2013",
    ("22000", "2019"): "2018",
    ("50001", "2012"): "2011",
}

_MENTION = regexes.compile(
    r"(?P<en>\b(?:(?:DIN|BS|TS|NF|UNE|NEN|ÖNORM|SS|CSN|PN)\s+)?EN\s+)?"
    # "ГОСТ Р ИСО 9001-2015", OCR joining "ГОСТР"; ISO in Cyrillic ("ИСО", "ИСО/МЭК") or with
    # a Cyrillic "О" read into the Latin letters by OCR of a Russian page ("ISО", "15О")
    r"(?P<gost>ГОСТ\s*Р?\s+)?"
    # OCR also drops the "I" or reads it as a bar ("SO 9001", "|SO 9001": certifiable numbers
    # only) and splits the year ("2015" as "20 15")
    r"(?<![A-Za-zА-Яа-я])(?:(?P<i>[I1l|])?[S5][O0О]|ИСО)\s*(?:/\s*|\s|-)?"
    r"(?:[I1l][E€][C€(]\s*|МЭК\s*|TS\s+)?"
    r"(?P<num>\d{4,5}(?:\s?-\s?\d{1,2}(?!\d))?)"
    r"(?:\s?[:/]\s?(?P<ed>(?:19|20) ?\d\d)|\s(?P<ed2>(?:19|20)\d\d)(?![\d:/.-])|"
    r"-(?P<ed3>(?:19|20)\d\d)(?![\d:/.-]))?(?!\d)",
)
_FOLLOWER = regexes.compile(
    r"\s*(?:,|&|\+|/|\band\b|\bund\b|\bve\b|\bet\b|\by\b)\s*(?:ISO\s*(?:/\s*IEC)?\s*)?"
    r"(?P<num>\d{5}(?:-\d)?)(?:\s?:\s?(?P<ed>(?:19|20)\d\d))?(?!\d)"
)

# Management-system schemes certified like ISO standards but published by others: the
# occupational health and safety scheme ISO 45001 replaced, social accountability, the
# automotive, aerospace and telecom quality schemes, and food safety built on ISO 22000.
OTHER_SCHEMES = {
    "OHSAS": ("18001",),
    "SA": ("8000",),
    "IATF": ("16949",),
    "AS": ("9100", "9110", "9120"),
    "EN": ("9100", "9110", "9120"),
    "TL": ("9000",),
    "FSSC": ("22000",),
}
# Scheme prefixes that are also legal forms (Norwegian/Danish AS, French/Swiss SA).
_COMPANY_FORMS = ("SA", "AS")
_OTHER = regexes.compile(
    r"(?<![A-Za-z0-9])(?:BS\s*)?(?P<scheme>OHSAS|SA|IATF|AS|EN|TL|FSSC)\s?-?\s?"
    r"(?P<num>\d{4,5})(?P<rev>[A-D](?![A-Za-z]))?"
    r"(?:\s?[:/-]\s?(?P<ed>(?:19|20)\d\d)|\s(?P<ed2>(?:19|20)\d\d)(?![\d:/.-]))?(?!\d)"
)

_CONNECTOR = regexes.compile(r"^\s*(?:,|&|\+|/|and|und|ve|et|y)?\s*")
# A certifiable number and edition after the word "standard" with no "ISO" (OCR lost it, or
# the page left it out): "Norma 9001:2015", "Standard: 27001:2022".
_BARE = regexes.compile(
    r"(?<![\w/.-])(?:norma|standard|norm|norme|standart|normativa)\s*:?\s+"
    r"(?P<num>\d{4,5}(?:-\d)?)\s?:\s?(?P<ed>(?:19|20)\d\d)(?!\d)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class StandardMention:
    """A standard printed in text, normalised."""

    start: int
    end: int
    text: str
    number: str
    edition: str | None
    # A scheme that is not an ISO standard, as designated without its edition ("AS 9100D").
    scheme: str | None = None

    @property
    def code(self) -> str:
        """Return the normalised designation, e.g. "ISO/IEC 27001:2022"."""
        if self.scheme:
            return f"{self.scheme}:{self.edition}" if self.edition else self.scheme
        return normalise(self.number, self.edition)

    @property
    def certifiable(self) -> bool:
        """Return True for a known certifiable management-system standard or scheme."""
        return self.scheme is not None or self.number in CERTIFIABLE


def normalise(number: str, edition: str | None = None) -> str:
    """Return the designation of a standard number and optional edition year."""
    prefix = CERTIFIABLE.get(number, "ISO/IEC" if number.startswith("27") else "ISO")
    return f"{prefix} {number}:{edition}" if edition else f"{prefix} {number}"


def split_code(code: str) -> tuple[str, str | None]:
    """Return (number, edition) of a designation like "ISO/IEC 27001:2022" or "27001"."""
    mentions = find_standards(code if "ISO" in code.upper() else f"ISO {code}")
    if not mentions:
        return code.strip(), None
    return mentions[0].number, mentions[0].edition


def find_standards(text: str) -> list[StandardMention]:
    """Return every standard mentioned in text except conformity-assessment rule books."""
    found: list[StandardMention] = []
    consumed = 0
    for m in _MENTION.finditer(text):
        if m.start() < consumed:
            continue
        number = re.sub(r"\s", "", m["num"])
        if not m["i"] and not m.group(0).lstrip().startswith(("ИСО", "ГОСТ")) and (
            number not in CERTIFIABLE
        ):
            continue  # "SO 2015": no "I", and no certifiable standard's number either
        edition = (m["ed"] or "").replace(" ", "") or m["ed2"] or m["ed3"]
        if m["en"] and edition:
            edition = EN_EDITION.get((number, edition), edition)
        elif m["gost"] and edition:
            # an adoption not in the table: its year is no ISO edition
            edition = GOST_EDITION.get((number, edition))
        end = m.end()
        if number not in NOT_CERTIFIED:
            found.append(StandardMention(m.start(), end, m.group(0).strip(), number, edition))
        while follower := _FOLLOWER.match(text, end):
            extra = follower["num"]
            if extra in CERTIFIABLE and extra not in NOT_CERTIFIED:
                shown = _CONNECTOR.sub("", follower.group(0))
                found.append(
                    StandardMention(follower.start(), follower.end(), shown, extra, follower["ed"])
                )
            end = follower.end()
        consumed = end
    taken = [(m.start, m.end) for m in found]
    for m in _OTHER.finditer(text):
        if m["num"] not in OTHER_SCHEMES[m["scheme"]]:
            continue
        if (m["scheme"] in _COMPANY_FORMS and not (m["rev"] or m["ed"] or m["ed2"])
                and not text.startswith(m["num"], m.start("scheme") + len(m["scheme"]))):
            continue  # "Nordic AS 9100 Aalborg", "Alpina SA 8000 Zürich": a legal form, a postcode
        if any(start < m.end() and m.start() < end for start, end in taken):
            continue  # "EN ISO 9001" is read above; a scheme never overlaps an ISO mention
        scheme = f"{m['scheme']} {m['num']}{m['rev'] or ''}"
        found.append(
            StandardMention(m.start(), m.end(), m.group(0).strip(), m["num"],
                            m["ed"] or m["ed2"], scheme)
        )
    taken = [(m.start, m.end) for m in found]
    for m in _BARE.finditer(text):
        if m["num"] in CERTIFIABLE and m["num"] not in NOT_CERTIFIED and not any(
            start < m.end() and m.start("num") < end for start, end in taken
        ):
            shown = text[m.start("num") : m.end()]
            found.append(StandardMention(m.start("num"), m.end(), shown, m["num"], m["ed"]))
    return sorted(found, key=lambda mention: mention.start)


def merge_mentions(mentions: list[StandardMention]) -> list[StandardMention]:
    """Return one mention per standard number, preferring ones that print an edition."""
    best: dict[str, StandardMention] = {}
    for mention in mentions:
        current = best.get(mention.number)
        if current is None or (mention.edition and not current.edition):
            best[mention.number] = mention
    order = {m.number: i for i, m in reversed(list(enumerate(mentions)))}
    return sorted(best.values(), key=lambda m: order[m.number])


def pick_primary(numbers: list[str]) -> str | None:
    """Return the primary standard number of an (integrated) certificate."""
    if not numbers:
        return None
    first = numbers[0]
    base = EXTENSION_OF.get(first)
    if base and base in numbers:
        return base
    return first


def same_standard(code_a: str, code_b: str) -> bool:
    """Return True when two designations name the same standard and compatible editions."""
    num_a, ed_a = split_code(code_a)
    num_b, ed_b = split_code(code_b)
    return num_a == num_b and (ed_a is None or ed_b is None or ed_a == ed_b)
