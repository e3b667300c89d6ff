"""Label words OCR misread by one letter, put right only where that makes a label.

A scan's labels are what the reader finds its values by, and one misread letter hides a label
and its value: "Per le segquenti attivita:" is no scope label, "Dafe of expiry" no date label.
The words labels are written with are the reader's own vocabulary (the letters of its label and
trigger patterns, in every language it reads). A word of a scanned line that is not in that
vocabulary but one letter away from exactly one of its words is changed to it, and only when
the changed line then has a label (or trigger) over that word which the printed line did not
have. Names, scopes and other values are never touched: a word changed there would make no
new label.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from portal.certificates import regexes
from portal.certificates.layout import fold_same_length, label_patterns
from portal.certificates.textquality import one_edit_apart
from portal.certificates.vocabulary import ISSUED_TO, ORG_TRIGGERS, SCOPE_TRIGGERS

# Words of four or five letters are put right only for a changed letter ("Dafe" for "Date"):
# with one added or dropped they are too often another word.
_SHORT = 6
# The letters Tesseract takes for one another. A changed letter outside these pairs is more
# often another word ("Norte", "Norme") or another form ("validita", "validity") than a misreading.
_CONFUSED = frozenset(
    frozenset(pair)
    for pair in ("ce", "eo", "ao", "co", "ae", "il", "it", "lt", "ft", "rn", "nm", "uv", "hb",
                 "ij", "gq", "ag", "iu", "шщ")
)
_WORD = regexes.compile(r"[^\W\d_]{4,}")
_ESCAPE = re.compile(r"\\[A-Za-z]")  # "\s", "\b" in a pattern's source are no letters


def _patterns() -> tuple[re.Pattern[str], ...]:
    return (*label_patterns(), SCOPE_TRIGGERS, ORG_TRIGGERS, ISSUED_TO)


@cache
def vocabulary() -> frozenset[str]:
    """Return the folded words (four letters or more) the reader's labels are written with."""
    words: set[str] = set()
    for pattern in _patterns():
        words.update(_WORD.findall(_ESCAPE.sub(" ", pattern.pattern)))
    return frozenset(words)


def _spans(folded: str) -> set[tuple[int, int]]:
    return {m.span() for p in _patterns() for m in p.finditer(folded) if m.end() > m.start()}


@cache
def _by_length() -> dict[int, tuple[str, ...]]:
    lengths: dict[int, list[str]] = {}
    for word in vocabulary():
        lengths.setdefault(len(word), []).append(word)
    return {n: tuple(sorted(ws)) for n, ws in lengths.items()}


@lru_cache(maxsize=8192)
def _nearest(folded_word: str) -> str | None:
    if folded_word in vocabulary():
        return None
    size, lengths = len(folded_word), _by_length()
    near = [
        w for n in (size - 1, size, size + 1) for w in lengths.get(n, ())
        if misread_as(w, folded_word) and (len(folded_word) >= _SHORT or len(w) == len(folded_word))
    ]
    return near[0] if len(near) == 1 else None


def misread_as(word: str, read: str) -> bool:
    """Return True when OCR could have read `word` as `read`: one letter taken for a letter it
    is often taken for, or one letter added or dropped inside the word (not at either end,
    where a different letter is usually a different form: "audits", "audit")."""
    if not one_edit_apart(word, read):
        return False
    if len(word) == len(read):
        a, b = next((x, y) for x, y in zip(word, read, strict=True) if x != y)
        return frozenset((a, b)) in _CONFUSED
    short, long_ = sorted((word, read), key=len)
    return short[0] == long_[0] and short[-1] == long_[-1]


def _cased(word: str, like: str) -> str:
    if like.isupper():
        return word.upper()
    return word.capitalize() if like[:1].isupper() else word


def repair_labels(line: str) -> str:
    """Return one line of OCR text with the label words it misread by one letter put right."""
    folded = fold_same_length(line)
    changes = [
        (m.start(), m.end(), near)
        for m in _WORD.finditer(folded)
        if (near := _nearest(m.group(0))) is not None
    ]
    if not changes:
        return line
    before = _spans(folded)
    repaired, shift, moved = folded, 0, []
    for start, end, near in changes:
        repaired = repaired[: start + shift] + near + repaired[end + shift :]
        moved.append((start + shift, start + shift + len(near)))
        shift += len(near) - (end - start)
    new = {
        (s, e) for s, e in _spans(repaired) - before
        # a label of the changed word alone ("Scope") counts only with its colon after it
        if not any((s, e) == span for span in moved) or repaired[e:].lstrip().startswith(":")
    }
    if not new:
        return line
    out, shift = line, 0
    for (start, end, near), (a, b) in zip(changes, moved, strict=True):
        if any(s <= a and b <= e for s, e in new):  # the word is part of a label it now makes
            out = out[: start + shift] + _cased(near, line[start:end]) + out[end + shift :]
            shift += len(near) - (end - start)
    return out


def repair_label_lines(text: str) -> str:
    """Return OCR text with `repair_labels` applied to each line."""
    return "\n".join(repair_labels(line) for line in text.split("\n"))
