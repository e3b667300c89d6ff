"""Judge whether a page's text layer can be trusted, and repair what PDF producers lose (pure).

A text layer can lie: an earlier OCR pass leaves garbage, a font without a Unicode map gives
shifted letters or "(cid:12)", a lost "fi" ligature splits "Certificate" into "Certi icate",
letter-spaced headings come out as "C E R T I F I C A T E". These functions work on the word
dictionaries pdfplumber and the OCR produce (text, x0, x1, top, bottom).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from statistics import median
from typing import Any

from portal.certificates import regexes
from portal.certificates.dates import fold
from portal.certificates.wordlayout import rows_from_positions


def one_edit_apart(a: str, b: str) -> bool:
    """Return True when two different words are one letter added, dropped or changed apart
    (what OCR does to a word it misreads once)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    short, long_ = sorted((a, b), key=len)
    i = next((k for k, (x, y) in enumerate(zip(short, long_, strict=False)) if x != y),
             len(short))
    return short[i + (len(short) == len(long_)) :] == long_[i + 1 :]

Word = dict[str, Any]

# Frequent words of the languages certificates are written in, and certificate vocabulary:
# a genuine page hits many of them, a garbage layer (shifted glyphs, OCR noise) almost none.
_COMMON = frozenset(
    """
    the and of to in for is that this with by on as at be are was has have been from or an
    it its which not all any such under their other these who may can will shall must also
    than more one two our per within following above below following only into out each
    certificate certificates certification certified certify certifies registration registered
    management system systems information security quality environmental health safety
    standard standards requirements requirement scope date issue issued expiry expires valid
    validity until initial original number company organisation organization address site
    sites services service development design provision products product software data
    support activities activity accredited accreditation body audit audits audited assessed
    found conformity comply complies compliance meets implemented maintained operates
    approval approved subject surveillance continued satisfactory page director manager
    limited ltd inc llc gmbh office head signed behalf terms conditions holder client
    registrar applicable including related provided providing technology technologies
    intelligence artificial privacy process processes business clients customers operation
    operations application applications hereby confirms stated verify verification online
    der die das und mit von für fur ein eine einer eines des dem den ist sind wird werden
    nach bei auf aus zur zum dass hiermit zertifikat zertifiziert zertifizierung
    managementsystem geltungsbereich gultig bis unternehmen norm anforderungen
    le la les des du de et pour par sur une est sont dans aux que qui avec certificat
    systeme certifie valable jusqu societe domaine
    el los las del con por para una que sistema gestion certificado empresa alcance valido
    il di della delle dei per con una che sistema gestione certificato azienda
    het een van voor met en op dat certificaat systeem geldig tot
    em os da do dos das com uma certificado sistema gestao empresa valido
    ve bir ile icin bu belge belgesi sistemi yonetim kurulus sertifika tarihi kapsam gecerlilik
    i w na z do ze jest certyfikat systemu zarzadzania zakres
    hogy igazolja tanusitvany tanusitvanyt szabvany szabvanynak rendszer rendszert iranyitasi
    kft zrt szama szerint alapjan ervenyes megfelel kovetelmenyeinek szolgaltatas egy vagy
    pentru sistem sistemul certificat organizatia conform standardul managementul calitatii
    care este sunt prin din sau srl
    och som med att til certifikat ledningssystem kravet kraven enligt giltigt
    pro jakosti certifikace ktery ktera podle pozadavky
    """.split()
)
_VOWELS = set("aeiouy")
_LIGATURE_FILLS = ("", "f", "fi", "fl", "ff", "ffi", "ffl")
# What a glyph without a Unicode mapping stood for, most likely first (fonts draw "fi", "ti",
# "fl", ... as one glyph; some producers then write a private-use or control character).
_PLACEHOLDER_FILLS = ("fi", "ti", "f", "fl", "ff", "ffi", "ffl", "tt", "ft", "t", "")
# A glyph the text layer could not map: a private-use character, a control character or U+FFFD.
_PLACEHOLDER = regexes.compile("[\ue000-\uf8ff\x00-\x08\x0b\x0c\x0e-\x1f\ufffd]|\\(cid:\\d+\\)")
_LEAD = regexes.compile(r"[^\W\d_]+$")
_TRAIL = regexes.compile(r"^[^\W\d_]+")


# Real pages, text and brochures alike, hold at most about 2 % of such symbols; a layer of
# numbered glyphs holds 20-45 %.
SYMBOL_GARBAGE = 0.15
_RARE_SYMBOLS = frozenset('!"#$%&+<=>?@[\\]^`{|}~')
_MIN_GLYPHS_FOR_SYMBOLS = 40


@dataclass(frozen=True)
class TextQuality:
    """How trustworthy a page's text is: counts and rates over its tokens."""

    tokens: int
    latin_tokens: int
    dictionary_rate: float
    wordlike_rate: float
    unmapped_rate: float
    # The share of glyphs that are symbols words seldom hold ("!", "#", "$", "%", "&", ...): a
    # font whose glyphs were numbered from "!" without a Unicode map writes its most frequent
    # letters as these ('!"#$%&\'&(#%#\')$*+*)'), so no token is a word and nothing is counted
    # as unmapped either.
    symbol_rate: float = 0.0

    @property
    def garbage(self) -> bool:
        """Return True when the text cannot be what is printed (read the page image instead)."""
        if self.unmapped_rate > 0.1 or self.symbol_rate > SYMBOL_GARBAGE:
            return True
        if self.latin_tokens < 12:
            return False
        return self.dictionary_rate < 0.06 or self.wordlike_rate < 0.5


def _is_latin_word(token: str) -> bool:
    return token.isascii() and token.isalpha()


def _wordlike(token: str) -> bool:
    """Return True for a token shaped like a word: vowels, no long consonant runs, sane case."""
    lower = token.lower()
    if not _VOWELS & set(lower) and len(token) > 3:
        return False
    if re.search(r"[^aeiouy]{6,}|(.)\1\1", lower):
        return False
    return token.islower() or token.isupper() or (token[0].isupper() and token[1:].islower())


def assess_text(text: str) -> TextQuality:
    """Return the quality of a page's text (layout or plain)."""
    raw = text.split()
    unmapped = len(_PLACEHOLDER.findall(text))
    glyphs = sum(1 for ch in text if not ch.isspace()) or 1
    latin = []
    for token in raw:
        word = fold(token.strip(".,;:!?()[]\"'’“”«»/-–"))
        if len(word) >= 3 and _is_latin_word(word):
            latin.append((token.strip(".,;:!?()[]\"'’“”«»/-–"), word))
    hits = sum(1 for _, word in latin if word in _COMMON)
    shaped = sum(1 for token, _ in latin if _wordlike(token))
    n = len(latin) or 1
    symbols = sum(1 for ch in text if ch in _RARE_SYMBOLS)
    return TextQuality(
        tokens=len(raw),
        latin_tokens=len(latin),
        dictionary_rate=round(hits / n, 3),
        wordlike_rate=round(shaped / n, 3),
        unmapped_rate=round(5 * unmapped / glyphs, 3),  # a "(cid:N)" stands for one glyph
        symbol_rate=round(symbols / glyphs, 3) if glyphs >= _MIN_GLYPHS_FOR_SYMBOLS else 0.0,
    )


@cache
def ligature_words() -> frozenset[str]:
    """Return the folded words that contain an f-ligature (data/ligature_words.txt)."""
    text = resources.files("portal.certificates").joinpath("data", "ligature_words.txt")
    return frozenset(
        line.strip()
        for line in text.read_text("utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    )


def _fill_case(fill: str, left: str, right: str) -> str:
    return fill.upper() if left.isupper() and (right.isupper() or len(right) == 1) else fill


def join_split_word(left: str, right: str, *, wide: bool = True) -> str | None:
    """Return the word a lost ligature split into two tokens ("Certi", "icate"), or None.

    wide says the gap between them could hold the lost glyph; a narrower gap (tight, broken
    kerning: "ce rt ifi ca t") only joins the pieces as they are.
    """
    lead, trail = _LEAD.search(left), _TRAIL.search(right)
    if not lead or not trail:
        return None
    a, b = lead.group(0), trail.group(0)
    if b[0].isupper() and not a.isupper():
        return None  # a capital starts a new word
    words = ligature_words()
    fills = _LIGATURE_FILLS if wide else ("",)
    if fold(a) in _COMMON and fold(b) in _COMMON:
        return None
    for fill in fills:
        word = fold(a + fill + b)
        if len(word) >= 5 and word in words:
            return left + _fill_case(fill, a, b) + right
    # a compound the list does not hold ("Zerti izierungs"): a listed word shares its start
    # up to three letters past the lost glyph ("zertifiziert")
    if len(a) < 4 or fold(a) in _COMMON:
        return None  # "of certi": a short word before a word is not a compound's head
    for fill in fills:
        if fill and _listed_start(fold(a + fill + b), len(a) + len(fill) + 3):
            return left + _fill_case(fill, a, b) + right
    return None


@cache
def _sorted_ligature_words() -> tuple[str, ...]:
    return tuple(sorted(ligature_words()))


def _listed_start(word: str, length: int) -> bool:
    """Return True when a listed word starts with word's first `length` letters."""
    if len(word) < max(length, 8):
        return False
    listed = _sorted_ligature_words()
    start = word[:length]
    at = bisect_left(listed, start)
    return at < len(listed) and listed[at].startswith(start)


_LETTER_RUN = regexes.compile(r"[^\W\d_]{5,}")
# What a lost f-ligature leaves out inside a word drawn as one token (the gap it left was too
# narrow to split the word): the "f" or "ff" between a vowel and the "i" that was kept
# ("certiicate", "speciic", "Zertiizierung"). A word printed with one "f" ("Oficina") has no
# vowel before the "i", and "fl" and whole lost ligatures are not guessed ("Rules" would
# become "Ruffles").
_INNER_FILLS = ("f", "ff")


def _inner_at(folded: str) -> list[int]:
    return [at for at in range(1, len(folded) - 1)
            if folded[at] == "i" and folded[at - 1] in "aeiouy"]


def _with_fills(token: str, choose: Callable[[str], tuple[int, str] | None]) -> str:
    """Return a token with a lost glyph put back in each run of letters where `choose` (given
    the run folded) says where and which ("Certiicate" -> (5, "f"))."""
    out, last = [], 0
    for hit in _LETTER_RUN.finditer(token):
        run = hit.group(0)
        folded = fold(run)
        found = choose(folded) if len(folded) == len(run) else None
        if found:
            at, fill = found
            out.append(token[last : hit.start() + at] + _fill_case(fill, run[:at], run[at:]))
            last = hit.start() + at
    return "".join(out) + token[last:] if out else token


def restore_inner(token: str) -> str:
    """Return a token with a ligature lost inside a word restored ("Certiicate" ->
    "Certificate"): only where the word with the glyph is a listed word, or starts like one
    for three letters past the glyph (a compound), and the word without it is not frequent."""
    if len(token) < 5:
        return token
    words = ligature_words()

    def choose(folded: str) -> tuple[int, str] | None:
        if folded in words or folded in _COMMON:
            return None
        places = [(at, fill) for at in _inner_at(folded) for fill in _INNER_FILLS]
        return next(
            ((at, fill) for at, fill in places if folded[:at] + fill + folded[at:] in words),
            None,
        ) or next(
            # a compound the list does not hold ("Zertiizierungsstelle"): a listed word
            # shares its start up to three letters past the glyph, after a head of four
            (
                (at, fill)
                for at, fill in places
                if at >= 4
                and _listed_start(folded[:at] + fill + folded[at:], at + len(fill) + 3)
            ),
            None,
        )

    return _with_fills(token, choose)


def restore_initial(token: str) -> str:
    """Return a token with a lost leading ligature restored ("inancial" -> "financial").

    Only called where the gap before the token is wider than a space: the glyph's width.
    """
    trail = _TRAIL.search(token)
    if not trail or len(trail.group(0)) < 4 or fold(trail.group(0)) in _COMMON:
        return token
    word = trail.group(0)
    for fill in _LIGATURE_FILLS[1:]:
        if fold(fill + word) in ligature_words():
            return (fill.upper() if word.isupper() else fill) + token
    return token


def repair_unmapped(token: str) -> str:
    """Return a token with unmapped glyphs ("(cid:N)", private-use or control characters)
    replaced by the ligature that makes a word ("Certi\uf001cate", "Un\x00l" -> "Until")."""
    if not _PLACEHOLDER.search(token):
        return token
    words = ligature_words()
    parts = _PLACEHOLDER.split(token)
    out = parts[0]
    for n, part in enumerate(parts[1:], start=1):
        lead, trail = _LEAD.search(out), _TRAIL.search(part)
        chosen = ""
        if trail or lead:
            a, b = lead.group(0) if lead else "", trail.group(0) if trail else ""
            # Later placeholders in the token are filled too: guess them as "f" for the test.
            rest = _PLACEHOLDER.sub("f", "".join(parts[n + 1 :]))
            tail = _TRAIL.search(b + rest)
            chosen = next(
                (f for f in _PLACEHOLDER_FILLS
                 if f and fold(a + f + (tail.group(0) if tail else "")) in words),
                "",
            )
            chosen = _fill_case(chosen, a, b)
        out += chosen + part
    return out


_HYPHENATED = regexes.compile(r"^-[^\W_]")
_BEFORE_HYPHEN = regexes.compile(r"(?:\d|[^\W\d_]{3})$")


def _set_off_hyphen(previous: Word, word: Word) -> bool:
    """Return True for a token that starts with a hyphen glued to the next letters after one
    that ends a word or a number: a hyphen in a word, drawn apart from its first half. A
    hyphen between spaces is a dash, and a short word before it ("at -5") is left alone."""
    return bool(_HYPHENATED.match(str(word["text"]))
                and _BEFORE_HYPHEN.search(str(previous["text"])))


def _merged(first: Word, last: Word, text: str, members: list[Word]) -> Word:
    word = dict(first)
    word.update(
        text=text,
        x1=last["x1"],
        top=min(w["top"] for w in members),
        bottom=max(w["bottom"] for w in members),
    )
    return word


def restore_from_page(token: str, printed: frozenset[str]) -> str:
    """Return a token with a lost ligature restored where that makes a word the page prints
    whole elsewhere (a name: "Lifey Certification" under the logo's "LIFFEY")."""

    def choose(folded: str) -> tuple[int, str] | None:
        if folded in _COMMON or folded in ligature_words():
            return None
        return next(
            (
                (at, fill)
                for at in range(1, len(folded))
                for fill in _LIGATURE_FILLS[1:]
                if folded[:at] + fill + folded[at:] in printed
            ),
            None,
        )

    return _with_fills(token, choose)


def _printed_whole(words: list[Word]) -> frozenset[str]:
    return frozenset(
        fold(run) for w in words for run in _LETTER_RUN.findall(str(w["text"]))
    )


def repair_words(words: list[Word]) -> list[Word]:
    """Return the words with lost ligatures, "(cid:N)" glyphs and letter-spacing repaired."""
    repaired = [{**w, "text": restore_inner(repair_unmapped(str(w["text"])))} for w in words]
    lost = any(a["text"] != b["text"] for a, b in zip(words, repaired, strict=True))
    out: list[Word] = []
    for row in rows_from_positions(repaired):
        row.sort(key=lambda w: w["x0"])
        joined: list[Word] = []
        for word in row:
            if joined:
                previous = joined[-1]
                gap = word["x0"] - previous["x1"]
                height = previous["bottom"] - previous["top"]
                if -1 <= gap <= 1.2 * height and _set_off_hyphen(previous, word):
                    # a hyphen glyph set apart from the word it joins ("185930 -2015 -AQ",
                    # "Certifica -se", "09560 -580"): the word goes on
                    joined[-1] = _merged(previous, word, f"{previous['text']}{word['text']}",
                                         [previous, word])
                    continue
                if -1 <= gap <= 1.2 * height:
                    text = join_split_word(str(previous["text"]), str(word["text"]),
                                           wide=gap >= 0.25 * height)
                    if text:
                        joined[-1] = _merged(previous, word, text, [previous, word])
                        lost = True
                        continue
                if 0.5 * height <= gap <= 1.5 * height:  # wider than a space: a glyph is missing
                    text = restore_initial(str(word["text"]))
                    lost |= text != word["text"]
                    word = {**word, "text": text}
            joined.append(word)
        out.extend(join_spaced_letters(joined))
    if lost:
        # the page lost ligatures: a name it also prints whole (in a heading or a logo drawn
        # without them) is restored from that printing
        printed = _printed_whole(out)
        out = [{**w, "text": restore_from_page(str(w["text"]), printed)} for w in out]
    return out


def _letter(word: Word) -> str | None:
    """Return "a" for a single letter, "9" for a single digit or a colon (a letter-spaced
    "4 2 0 0 1 : 2 0 2 3"), None for anything else: letters and digits are spaced apart
    separately, so "Annex A 1" stays two words."""
    text = str(word["text"])
    if len(text) != 1:
        return None
    if text.isalpha():
        return "a"
    return "9" if text.isdigit() or text == ":" else None


def _letter_runs(words: list[Word]) -> list[list[Word]]:
    """Return the line cut into runs: single letters close together, or one other word."""
    runs: list[list[Word]] = []
    for word in words:
        previous = runs[-1][-1] if runs else None
        if (
            previous is not None
            and _letter(word)
            and _letter(word) == _letter(previous)
            and 0 <= word["x0"] - previous["x1"] <= 1.2 * (word["bottom"] - word["top"])
        ):
            runs[-1].append(word)
        else:
            runs.append([word])
    return runs


def join_spaced_letters(words: list[Word]) -> list[Word]:
    """Return one line's words (left to right) with letter-spaced headings joined.

    "C E R T I F I C A T E   O F   R E G I S T R A T I O N": runs of three or more single
    letters are joined, split where a gap is clearly wider than the spacing between letters;
    a two-letter run ("O F") is joined when the line has such a heading.
    """
    runs = _letter_runs(words)
    gaps = [
        b["x0"] - a["x1"]
        for run in runs
        if len(run) >= 3
        for a, b in zip(run, run[1:], strict=False)
    ]
    if not gaps:
        return words
    unit = median(gaps)
    out: list[Word] = []
    for run in runs:
        if len(run) < 2 or (len(run) == 2 and run[1]["x0"] - run[0]["x1"] > 1.8 * unit + 1):
            out.extend(run)
            continue
        height = median(w["bottom"] - w["top"] for w in run)
        group = [run[0]]
        for a, b in zip(run, run[1:], strict=False):
            if b["x0"] - a["x1"] > max(1.8 * unit, unit + 0.25 * height):
                out.append(_joined(group, unit))
                group = [b]
            else:
                group.append(b)
        out.append(_joined(group, unit))
    return out


def _joined(group: list[Word], unit: float) -> Word:
    if len(group) == 1:
        return {**group[0], "spacing": unit}
    word = _merged(group[0], group[-1], "".join(str(w["text"]) for w in group), group)
    word["spacing"] = unit  # words_to_layout widens the space it expects after such a word
    return word
