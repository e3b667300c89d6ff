"""Evidence levels from the documents linked to answers and reviewers' verdicts: pure, no Flask.

Used by methods with `evidence: {derive_from: links}` (v2 on). A file is identified by its
content (SHA-256), so the same file uploaded twice is still one file. docs/scoring.md (section 2)
explains the rules to people.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from portal.scoring.method import Method

PENDING, RELEVANT, NOT_RELEVANT = "pending", "relevant", "not_relevant"
REVIEWS = (PENDING, RELEVANT, NOT_RELEVANT)


@dataclass(frozen=True)
class LinkInput:
    """One document linked to one answer."""

    link_id: int  # order of linking: the earliest link of a file is the one that counts
    question_id: str
    file_key: str  # the file's SHA-256
    file_name: str
    review: str = PENDING  # pending | relevant | not_relevant
    usable: bool = True  # False: removed, or a certificate rejected or out of date


@dataclass(frozen=True)
class EvidenceDerivation:
    levels: Mapping[str, str]  # question id -> evidence level id (answered questions only)
    notes: Mapping[str, str]  # question id -> why a linked file did not lift it
    linked_questions: Mapping[str, int]  # file key -> number of questions it is linked to


def derive_levels(answered: Sequence[str], links: Sequence[LinkInput], method: Method
                  ) -> EvidenceDerivation:
    """Return the evidence level of each answered question from its links.

    A link a reviewer marked relevant gives the method's `reviewed` level. An unreviewed link
    gives the `attached` level, but a file lifts only the first answer it was linked to: linking
    the same file to more questions adds nothing until a reviewer confirms it for them. A link
    marked not relevant, or an unusable document, counts for nothing.

    Raises:
        ValueError: for an unknown review verdict.
    """
    for link in links:
        if link.review not in REVIEWS:
            raise ValueError(f"unknown review {link.review!r}; use one of {REVIEWS}")
    wanted = set(answered)
    questions_of: dict[str, set[str]] = {}
    for link in links:
        if link.usable:
            questions_of.setdefault(link.file_key, set()).add(link.question_id)
    live = sorted((link for link in links if link.usable and link.review != NOT_RELEVANT
                   and link.question_id in wanted), key=lambda link: link.link_id)
    counted: dict[str, str] = {}
    for link in live:
        counted.setdefault(link.file_key, link.question_id)
    weakest = method.weakest_level.id
    levels: dict[str, str] = {}
    notes: dict[str, str] = {}
    for qid in answered:
        mine = [link for link in live if link.question_id == qid]
        if any(link.review == RELEVANT for link in mine):
            levels[qid] = method.reviewed_level
        elif any(counted[link.file_key] == qid for link in mine):
            levels[qid] = method.attached_level
        else:
            levels[qid] = weakest
            if mine:
                link = mine[0]
                others = len(questions_of[link.file_key]) - 1
                notes[qid] = (f"“{link.file_name}” is linked to {others} other "
                              f"question{'s' if others != 1 else ''} and counts once, for "
                              f"{counted[link.file_key]}, until a reviewer confirms it is "
                              "relevant here.")
    return EvidenceDerivation(levels, notes,
                              {key: len(qids) for key, qids in questions_of.items()})
