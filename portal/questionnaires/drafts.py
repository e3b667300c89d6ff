"""What the questionnaire importers share: a draft template mapping, its warnings and a summary.

Pure module: standard library only. An importer (ciso_assistant.py, spreadsheet.py) turns a file
into a template mapping in the YAML format (docs/questionnaire-format.md) plus warnings about
what it had to decide; bank.parse_template then validates the mapping like any other template.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from portal.domain import DomainError
from portal.questionnaires.model import Template

# Answer labels whose score is not a matter of opinion. Any other label needs a score from the
# person importing (--choice-score LABEL=SCORE, or the options' "label=score" form).
KNOWN_SCORES: dict[str, float | None] = {
    "yes": 1.0, "y": 1.0, "true": 1.0, "compliant": 1.0, "fully": 1.0, "implemented": 1.0,
    "partial": 0.5, "partially": 0.5, "in progress": 0.5, "partially compliant": 0.5,
    "no": 0.0, "n": 0.0, "false": 0.0, "non compliant": 0.0, "not compliant": 0.0,
    "not implemented": 0.0,
    "n/a": None, "na": None, "not applicable": None, "n.a.": None,
}
DEFAULT_GUIDANCE = ("Answer for the product or service you provide to us, and attach the "
                    "document that shows it where you have one.")
_ID_BAD = re.compile(r"[^A-Z0-9.-]+")
_VALUE_BAD = re.compile(r"[^a-z0-9_-]+")


class ImportFailed(DomainError, ValueError):
    """The file cannot be read as the chosen format at all (not a validation problem)."""


@dataclass
class Draft:
    """A template mapping being built, with what the importer decided on the way."""
    data: dict[str, Any]
    warnings: list[str] = field(default_factory=list)
    source_format: str = ""

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)


@dataclass(frozen=True)
class Summary:
    """What an import would store: shown by the UI preview and printed by the CLI."""
    source_format: str
    key: str
    version: int
    title: str
    sections: int
    max_depth: int
    questions: int
    scored: int
    conditional: int
    by_type: tuple[tuple[str, int], ...]
    warnings: tuple[str, ...]

    def lines(self) -> list[str]:
        """Return the summary as text lines."""
        types = ", ".join(f"{n} {t}" for t, n in self.by_type)
        out = [f"{self.key} v{self.version}: {self.title} (from {self.source_format})",
               f"{self.sections} section(s), {self.max_depth} level(s) deep; "
               f"{self.questions} question(s): {types}",
               f"{self.scored} scored, {self.conditional} shown only under a condition"]
        out += [f"warning: {w}" for w in self.warnings]
        return out


def summarise(template: Template, warnings: Iterable[str], source_format: str) -> Summary:
    """Describe a validated template and the importer's warnings."""
    questions = template.questions()
    return Summary(
        source_format=source_format, key=template.key, version=template.version,
        title=template.title, sections=len(template.sections),
        max_depth=1 + max((s.depth for s in template.sections), default=0),
        questions=len(questions), scored=sum(q.is_scored for q in questions),
        conditional=sum(q.show_if is not None for q in questions),
        by_type=tuple(Counter(q.type for q in questions).most_common()),
        warnings=tuple(warnings))


def template_key(text: str) -> str:
    """Make a template key ([a-z0-9][a-z0-9-]*) from a name or reference."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    key = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return key[:60].strip("-") or "imported"


def option_value(label: str, taken: Iterable[str] = ()) -> str:
    """Make an option value ([a-z0-9][a-z0-9_-]*) from a label, unique among `taken`."""
    ascii_text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    lowered = ascii_text.lower().strip()
    special = {"n/a": "not_applicable", "na": "not_applicable", "not applicable": "not_applicable",
               "yes": "yes", "no": "no", "partial": "partial", "partially": "partial"}
    base = special.get(lowered) or _VALUE_BAD.sub("-", lowered).strip("-_")[:40].strip("-_")
    base = base or "option"
    value, n, used = base, 2, set(taken)
    while value in used:
        value, n = f"{base}-{n}", n + 1
    return value


class IdMaker:
    """Make unique question ids ([A-Z0-9][A-Z0-9.-]*) from references, with a prefix."""

    def __init__(self, prefix: str = ""):
        self.prefix = _ID_BAD.sub("-", prefix.upper()).strip("-.")
        self.used: set[str] = set()

    def make(self, ref: str) -> str:
        ascii_ref = unicodedata.normalize("NFKD", ref).encode("ascii", "ignore").decode()
        body = _ID_BAD.sub("-", ascii_ref.upper()).strip("-.")[:40].strip("-.") or "Q"
        base = f"{self.prefix}-{body}" if self.prefix else body
        if not base[0].isalnum():
            base = "Q" + base
        qid, n = base, 2
        while qid in self.used:
            qid, n = f"{base}-{n}", n + 1
        self.used.add(qid)
        return qid


def score_for(label: str, overrides: Mapping[str, float | None]) -> tuple[bool, float | None]:
    """Return (known, score) for an answer label: the person's scores first, then KNOWN_SCORES."""
    key = " ".join(label.lower().replace("_", " ").split()).strip(" .")
    for table in (overrides, KNOWN_SCORES):
        for name, score in table.items():
            if " ".join(name.lower().replace("_", " ").split()).strip(" .") == key:
                return True, score
    return False, None


def choice_question(labels: list[str], scores: list[float | None] | None, *,
                    overrides: Mapping[str, float | None], multiple: bool,
                    draft: Draft) -> dict[str, Any]:
    """Return type, options and weight for a choice question from its answer labels.

    `scores`, when given, are the file's own scores (None: not applicable). Otherwise each
    label is scored by the overrides or the known labels; a question with a label nobody can
    score, or a multiple-choice question, is imported informational (weight 0) with a warning.
    """
    options: list[dict[str, Any]] = []
    unknown: list[str] = []
    for i, label in enumerate(labels):
        value = option_value(label, [o["value"] for o in options])
        if scores is not None:
            score = scores[i]
        else:
            known, score = score_for(label, overrides)
            if not known:
                unknown.append(label)
        options.append({"value": value, "label": label, "score": score})
    scored = not multiple and not unknown and len([o for o in options
                                                   if o["score"] is not None]) >= 2
    if multiple and scores is None:
        draft.warn("multiple-choice questions are imported unscored (weight 0): give them "
                   "scores in YAML if they should count")
    if unknown:
        names = ", ".join(sorted({f"'{u}'" for u in unknown}))
        draft.warn(f"no score is known for the answer(s) {names}: questions offering them are "
                   "imported unscored (weight 0); give a score with --choice-score "
                   "LABEL=SCORE (CLI) or the Scores column (spreadsheet)")
    if not scored:
        for o in options:
            o["score"] = None if scores is None else o["score"]
    return {"type": "multiple_choice" if multiple else "single_choice",
            "weight": 1 if scored else 0, "options": options}


def parse_choice_scores(items: Iterable[str]) -> dict[str, float | None]:
    """Parse LABEL=SCORE pairs (SCORE 0..1, or empty / "na" for not applicable).

    Raises:
        ImportFailed: for a pair without "=" or a score that is not a number from 0 to 1.
    """
    out: dict[str, float | None] = {}
    for item in items:
        label, sep, raw = item.rpartition("=")
        if not sep or not label.strip():
            raise ImportFailed(f"{item!r}: write LABEL=SCORE, e.g. Alternate=0.5")
        out[label.strip()] = parse_score(raw, item)
    return out


def parse_score(raw: str, where: str) -> float | None:
    """Read a score: a number from 0 to 1, or empty / n/a for not applicable.

    Raises:
        ImportFailed: for anything else.
    """
    text = raw.strip().lower()
    if text in ("", "n/a", "na", "null", "none", "-"):
        return None
    try:
        score = float(text.rstrip("%")) / (100 if text.endswith("%") else 1)
    except ValueError:
        raise ImportFailed(f"{where}: score {raw!r} is not a number from 0 to 1") from None
    if not 0 <= score <= 1:
        raise ImportFailed(f"{where}: score {raw!r} is not a number from 0 to 1")
    return score
