"""Find and parse the many ways certificates print dates, in several languages."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from portal.certificates import regexes
from portal.certificates.vocabulary_intl import EXTRA_MONTHS

ORDER_DMY = "DMY"
ORDER_MDY = "MDY"

_MONTH_WORDS = {
    1: "january jan januar jänner janvier enero gennaio januari ocak janeiro",
    2: "february feb februar fevrier febrero febbraio februari subat fevereiro",
    3: "march mar marz maerz mars marzo maart mart marco marts",
    4: "april apr avril abril aprile nisan",
    5: "may mai mayo maggio mei mayis maio maj",
    6: "june jun juni juin junio giugno haziran junho",
    7: "july jul juli juillet julio luglio temmuz julho",
    8: "august aug aout agosto augustus agustos augusti",
    9: "september sep sept septembre septiembre setiembre settembre eylul setembro",
    10: "october oct oktober okt octobre octubre ottobre ekim outubro",
    11: "november nov novembre noviembre kasim novembro",
    12: "december dec dezember dez decembre diciembre dicembre aralik dezembro desember",
}
MONTHS: dict[str, int] = {
    word: number
    for table in (_MONTH_WORDS, EXTRA_MONTHS)
    for number, words in table.items()
    for word in words.split()
}

_ORD = r"(?:st|nd|rd|th|er|e|\.)?"
_SEP = r"[\s.,/\-–]*"
_WORD = r"(?P<mon>[^\W\d_]{3,10})\.?"
_DAY_FIRST = regexes.compile(
    rf"(?<![\d.])(?P<day>[0-3]?\d){_ORD}{_SEP}(?:de\s+|(?:day\s+)?of\s+)?{_WORD}{_SEP}"
    r"(?:de\s+)?(?P<year>(?:19|20)\d\d)(?!\d)",
    re.IGNORECASE,
)
_MONTH_FIRST = regexes.compile(
    rf"{_WORD}\s*[\s.,\-]\s*(?P<day>[0-3]?\d){_ORD},?\s*[\s,\-]\s*(?P<year>(?:19|20)\d\d)(?!\d)",
    re.IGNORECASE,
)
# "2026. április 27." (Hungarian: the year first, then the month's name and the day)
_YEAR_FIRST = regexes.compile(
    rf"(?<![\d.])(?P<year>(?:19|20)\d\d)\.\s+{_WORD}\s+(?P<day>[0-3]?\d)(?![\d])\.?",
    re.IGNORECASE,
)
_ISO = regexes.compile(
    r"(?<![\d.])(?P<year>(?:19|20)\d\d)\s?(?P<sep>[-/.])\s?(?P<mon>[01]?\d)\s?(?P=sep)\s?(?P<day>[0-3]?\d)(?!\d)"
)
# "2012 02 10" (ICONTEC's year, month and day apart), also as OCR closes a gap ("2024 0209");
# two-digit month and day only, so a reference ("2015 9 1") is not a date, and not after
# another number (a telephone number's groups)
_ISO_SPACED = regexes.compile(
    r"(?<![\d.,+/-])(?<!\d )(?P<year>(?:19|20)\d\d) (?P<mon>[01]\d) ?(?P<day>[0-3]\d)(?![\d.,/-])"
)
# 2023年7月31日 (Chinese, Japanese), 2023년 7월 31일 (Korean).
_CJK = regexes.compile(
    r"(?P<year>(?:19|20)\d\d)\s*[年년]\s*(?P<mon>[01]?\d)\s*[月월]\s*(?P<day>[0-3]?\d)\s*[日일]?"
)
_NUMERIC = regexes.compile(
    r"(?<![\d.])(?P<a>[0-3]?\d)\s?(?P<sep>[-/.])\s?(?P<b>[01]?\d|[0-3]\d)\s?(?P=sep)\s?"
    r"(?P<year>(?:19|20)\d\d|\d\d)(?![\d/])"
)

# A dotted date whose second dot OCR read as a space or comma ("24.02 2026", "24.02, 2026"),
# or whose first dot it lost ("24 02.2026"): day-first like every dotted date. Two-digit
# day and month only, so a version or clause number ("3.1 2020") is not a date.
_OCR_DOTTED = regexes.compile(
    r"(?<![\d.,])(?P<a>[0-3]\d)(?:\.\s?(?P<b>[01]\d)[\s,]\s?|\s(?P<c>[01]\d)\.)"
    r"(?P<year>(?:19|20)\d\d)(?![\d.,/])"
)

# A numeric date with a stray mark beside its second separator, from an earlier OCR pass
# ("29-05:.2020", "30-05-.2017"): read as the same date without the mark.
_OCR_NOISY = regexes.compile(
    r"(?<![\d.,])(?P<a>[0-3]\d)(?P<sep>[-/])(?P<b>[01]\d)"
    r"(?:[:;,.]{1,2}|[:;,.](?P=sep)|(?P=sep)[:;,.])(?P<year>(?:19|20)\d\d)(?![\d/])"
)


@dataclass(frozen=True)
class DateMatch:
    """A date printed in text: where it is and the dates it can mean."""

    start: int
    end: int
    text: str
    dmy: date | None
    mdy: date | None

    @property
    def ambiguous(self) -> bool:
        """Return True when day-first and month-first readings differ and both exist."""
        return self.dmy is not None and self.mdy is not None and self.dmy != self.mdy

    def resolve(self, order: str = ORDER_DMY) -> date | None:
        """Return the date this match means under the given numeric order."""
        if order == ORDER_MDY:
            return self.mdy or self.dmy
        return self.dmy or self.mdy


_HANGUL = regexes.compile(r"[\uac00-\ud7a3]")


# Letters NFKD leaves whole: the Turkish dotless i, Vietnamese đ, and the Danish and Norwegian
# æ and ø (read "a" and "o", one letter each, so a folded cell keeps its length).
_LETTERS = str.maketrans("ıİđĐæÆøØ", "iIdDaAoO")


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Return lower-case ASCII-ish text: accents dropped, Turkish dotless i and Vietnamese đ
    folded."""
    if text.isascii():
        return text.lower()
    text = text.translate(_LETTERS)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    # NFKD splits Hangul syllables into jamo (which are not combining marks): put them back
    # together, or no Korean label ("인증번호") can ever match
    return unicodedata.normalize("NFC", stripped) if _HANGUL.search(text) else stripped


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _year(text: str) -> int:
    value = int(text)
    if len(text) == 2:
        value += 2000 if value < 70 else 1900
    return value


def find_dates(text: str, *, short_years: bool = False) -> list[DateMatch]:
    """Return every date printed in text, in reading order, without overlaps."""
    found: list[DateMatch] = []
    for pattern in (_DAY_FIRST, _MONTH_FIRST, _YEAR_FIRST):
        for m in pattern.finditer(text):
            month = MONTHS.get(fold(m["mon"]))
            if month is None:
                continue
            parsed = _make(int(m["year"]), month, int(m["day"]))
            if parsed:
                found.append(DateMatch(m.start(), m.end(), m.group(0), parsed, parsed))
    for m in (*_ISO.finditer(text), *_CJK.finditer(text), *_ISO_SPACED.finditer(text)):
        parsed = _make(int(m["year"]), int(m["mon"]), int(m["day"]))
        if parsed:
            found.append(DateMatch(m.start(), m.end(), m.group(0), parsed, parsed))
    for m in _NUMERIC.finditer(text):
        if len(m["year"]) == 2 and not short_years:
            continue
        year, a, b = _year(m["year"]), int(m["a"]), int(m["b"])
        dmy = _make(year, b, a)
        # Dotted dates are day-first everywhere they are used (DE, TR, NL, ...).
        mdy = None if m["sep"] == "." else _make(year, a, b)
        if dmy or mdy:
            found.append(DateMatch(m.start(), m.end(), m.group(0), dmy, mdy))
    for m in _OCR_NOISY.finditer(text):
        year, a, b = int(m["year"]), int(m["a"]), int(m["b"])
        dmy, mdy = _make(year, b, a), _make(year, a, b)
        if dmy or mdy:
            found.append(DateMatch(m.start(), m.end(), m.group(0), dmy, mdy))
    for m in _OCR_DOTTED.finditer(text):
        parsed = _make(int(m["year"]), int(m["b"] or m["c"]), int(m["a"]))
        if parsed:
            found.append(DateMatch(m.start(), m.end(), m.group(0), parsed, None))
    found.sort(key=lambda item: (item.start, -(item.end - item.start)))
    result: list[DateMatch] = []
    for item in found:
        if result and item.start < result[-1].end:
            continue
        result.append(item)
    return result


def infer_order(matches: list[DateMatch], *, us_hint: bool = False) -> str:
    """Return the numeric date order of a document from unambiguous dates, then hints."""
    numeric = [m for m in matches if "." not in m.text and not m.text[:4].isdigit()]
    dmy_votes = sum(1 for m in numeric if m.dmy and not m.mdy)
    mdy_votes = sum(1 for m in numeric if m.mdy and not m.dmy)
    if mdy_votes > dmy_votes:
        return ORDER_MDY
    if dmy_votes > mdy_votes:
        return ORDER_DMY
    return ORDER_MDY if us_hint else ORDER_DMY


def parse_date(text: str, *, order: str = ORDER_DMY) -> date | None:
    """Return the first date printed in text, or None."""
    matches = find_dates(text, short_years=True)
    return matches[0].resolve(order) if matches else None
