"""Which column of an imported spreadsheet holds what: the header words each field is known by,
a proposed mapping from the header row, and a mapping chosen in the form (pure: standard
library only)."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, fields

HEADER_WORDS = {
    "question": ("question", "question text", "questions", "requirement", "control question",
                 "item", "query"),
    "id": ("id", "question id", "ref", "reference", "ref id", "number", "no", "no.", "#", "qid"),
    "section": ("section", "category", "domain", "area", "group", "topic", "chapter"),
    "subsection": ("subsection", "sub-section", "sub section", "subcategory", "sub-category",
                   "subgroup"),
    "guidance": ("guidance", "help", "help text", "explanation", "notes", "instructions",
                 "description", "hint"),
    "type": ("type", "answer type", "question type", "response type", "format", "kind"),
    "options": ("options", "choices", "answers", "answer options", "allowed answers",
                "possible answers", "values", "responses"),
    "scores": ("scores", "score", "option scores", "points"),
    "controls": ("controls", "iso 42001", "iso/iec 42001", "iso42001", "control", "mapping",
                 "iso 42001 control"),
    "weight": ("weight", "importance"),
    "required": ("required", "mandatory", "optional?"),
}


FIELD_LABELS = {
    "question": "Question text (required)", "id": "Question id", "section": "Section",
    "subsection": "Subsection", "guidance": "Guidance", "type": "Answer type",
    "options": "Answer options", "scores": "Option scores", "controls": "ISO/IEC 42001 controls",
    "weight": "Weight", "required": "Required",
}


@dataclass(frozen=True)
class ColumnMapping:
    """Column index (0-based) per field; None when the spreadsheet has no such column."""
    question: int | None = None
    id: int | None = None
    section: int | None = None
    subsection: int | None = None
    guidance: int | None = None
    type: int | None = None
    options: int | None = None
    scores: int | None = None
    controls: int | None = None
    weight: int | None = None
    required: int | None = None

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    def as_dict(self) -> dict[str, int | None]:
        return {name: getattr(self, name) for name in self.field_names()}


def norm(text: str) -> str:
    # A byte-order mark read as text ("\ufeff", or "ï»¿" when a tool took UTF-8 for Latin-1)
    # and quotes left around a header must not hide a column's name.
    text = text.replace("\ufeff", "").replace("ï»¿", "").strip().strip('"').strip("'")
    return " ".join(re.sub(r"[_*:]+", " ", text.lower()).split())


def guess_mapping(headers: tuple[str, ...]) -> ColumnMapping:
    """Propose a column per field from the header names (exact names first, then prefixes)."""
    found: dict[str, int] = {}
    normed = [norm(h) for h in headers]
    for exact in (True, False):
        for name, words in HEADER_WORDS.items():
            if name in found:
                continue
            for i, header in enumerate(normed):
                if i in found.values():
                    continue
                if (header in words) if exact else any(header.startswith(w) for w in words
                                                       if len(w) > 3):
                    found[name] = i
                    break
    return ColumnMapping(**found)


def mapping_from_form(values: Mapping[str, str], width: int) -> ColumnMapping:
    """Build a mapping from form values (column number as text, or empty for none)."""
    found: dict[str, int | None] = {}
    for name in ColumnMapping.field_names():
        raw = (values.get(name) or "").strip()
        found[name] = int(raw) if raw.isdigit() and int(raw) < width else None
    return ColumnMapping(**found)


def known_columns(mapping: ColumnMapping) -> Collection[int]:
    """Return the column indexes the mapping uses."""
    return {i for i in mapping.as_dict().values() if i is not None}
