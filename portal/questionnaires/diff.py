"""What changed between two versions of a questionnaire, and what that means for an old answer.

Pure module (standard library only). Questions are matched by id, as the format promises ("never
reuse an id for a different question"). `diff_templates` says, per question, which of its parts
changed; `classify_answer` decides whether last cycle's answer can be carried into the new
version as it is, only after the vendor confirms it again, or not at all, and says why in words a
vendor can act on.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass

from portal.questionnaires.model import Question, Template

TYPE_NAMES = {"yes_no": "a yes/no answer", "single_choice": "one choice from a list",
              "multiple_choice": "one or more choices from a list", "text": "a text answer",
              "number": "a number", "date": "a date", "file": "an uploaded document"}

# Parts of a question whose change alters what the vendor is asked, in the order reported.
MEANING = ("type", "unit", "text", "guidance", "options")
# Parts that change how an answer is used (scoring, mapping, when it is shown), not its meaning.
USE = ("show_if", "controls", "evidence", "weight", "critical")

PART_LABELS = {"type": "answer type", "unit": "unit", "text": "wording", "guidance": "guidance",
               "options": "options", "show_if": "when it is shown",
               "controls": "control mapping", "evidence": "evidence asked for",
               "weight": "weight", "critical": "critical flag"}


class QuestionStatus(enum.Enum):
    SAME = "same"
    CHANGED = "changed"  # a part the vendor reads changed (wording, type, unit, options)
    REMAPPED = "remapped"  # only scoring, mapping or display condition changed
    ADDED = "added"
    REMOVED = "removed"


@dataclass(frozen=True)
class QuestionDiff:
    question_id: str
    status: QuestionStatus
    parts: tuple[str, ...]  # keys of MEANING and USE that differ
    old: Question | None
    new: Question | None
    removed_options: tuple[str, ...] = ()  # option values the new version no longer offers

    @property
    def summary(self) -> str:
        """Say in a few words what changed ("wording and unit changed")."""
        if self.status is QuestionStatus.ADDED:
            return "New question in this version."
        if self.status is QuestionStatus.REMOVED:
            return "Removed from this version of the questionnaire."
        if not self.parts:
            return "Unchanged."
        words = [PART_LABELS[p] for p in self.parts]
        listed = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
        return f"{listed[0].upper()}{listed[1:]} changed."


@dataclass(frozen=True)
class TemplateDiff:
    old_label: str
    new_label: str
    questions: dict[str, QuestionDiff]  # every id of both versions

    def of(self, question_id: str) -> QuestionDiff | None:
        return self.questions.get(question_id)

    def removed(self) -> list[QuestionDiff]:
        return [d for d in self.questions.values() if d.status is QuestionStatus.REMOVED]

    @property
    def is_same(self) -> bool:
        return all(d.status is QuestionStatus.SAME for d in self.questions.values())


def _options(question: Question) -> tuple[tuple[str, str, bool], ...]:
    return tuple((o.value, o.label, o.exclusive) for o in question.options)


def _condition(question: Question):
    # The own condition joined with the sections' (canonical JSON): moving a question under a
    # conditional section changes when it is shown, as editing its own condition does.
    cond = question.show_if
    return None if cond is None else cond.author_json or cond.expression_json


def diff_question(old: Question | None, new: Question | None) -> QuestionDiff:
    """Compare two versions of one question (None where a version lacks it)."""
    if old is None and new is None:
        raise ValueError("diff_question needs at least one question")
    if old is None:
        return QuestionDiff(new.id, QuestionStatus.ADDED, (), None, new)
    if new is None:
        return QuestionDiff(old.id, QuestionStatus.REMOVED, (), old, None)
    checks = {
        "type": old.type != new.type,
        "unit": old.type == new.type == "number" and old.unit != new.unit,
        "text": old.text != new.text,
        "guidance": old.guidance != new.guidance,
        "options": _options(old) != _options(new),
        "show_if": _condition(old) != _condition(new),
        "controls": set(old.controls) != set(new.controls),
        "evidence": set(old.evidence) != set(new.evidence),
        "weight": (old.weight, tuple(o.score for o in old.options))
        != (new.weight, tuple(o.score for o in new.options)),
        "critical": (old.critical, old.critical_if) != (new.critical, new.critical_if),
    }
    parts = tuple(p for p in (*MEANING, *USE) if checks[p])
    removed = tuple(o.value for o in old.options if new.option(o.value) is None)
    if any(p in MEANING for p in parts):
        status = QuestionStatus.CHANGED
    elif parts:
        status = QuestionStatus.REMAPPED
    else:
        status = QuestionStatus.SAME
    return QuestionDiff(old.id, status, parts, old, new, removed)


def diff_templates(old: Template, new: Template) -> TemplateDiff:
    """Compare every question of two template versions, matched by question id."""
    before = {q.id: q for q in old.questions()}
    after = {q.id: q for q in new.questions()}
    ids = list(after) + [qid for qid in before if qid not in after]
    return TemplateDiff(f"{old.title} (v{old.version})", f"{new.title} (v{new.version})",
                        {qid: diff_question(before.get(qid), after.get(qid)) for qid in ids})


class Carry(enum.Enum):
    VALID = "valid"  # same question: carried, the vendor confirms as for any carried answer
    CONFIRM = "confirm"  # the question changed: carried, but confirmed one by one, with the reason
    DROPPED = "dropped"  # cannot be carried: the vendor answers again; the reason says why

    @property
    def label(self) -> str:
        return {"valid": "Carried over", "confirm": "Question changed: confirm again",
                "dropped": "Not carried over"}[self.value]


@dataclass(frozen=True)
class Classified:
    question_id: str
    carry: Carry
    reasons: tuple[str, ...]
    value: object  # what is carried (a multiple choice may lose removed options); None if dropped


def _label(question: Question, value: str) -> str:
    option = question.option(value)
    return option.label if option else value


def _unit(question: Question) -> str:
    return question.unit or "an unstated unit"


def classify_answer(diff: QuestionDiff, value: object) -> Classified:
    """Decide how last cycle's answer (`value`, as stored) carries into the new question.

    The value is not re-validated here beyond what the template change explains; the caller
    still runs the answer rules of the new question and drops the answer if they refuse it.
    """
    old, new, qid = diff.old, diff.new, diff.question_id
    if diff.status is QuestionStatus.REMOVED or new is None:
        return Classified(qid, Carry.DROPPED,
                          ("The question was removed from this version of the questionnaire.",),
                          None)
    if old is None:  # nothing to carry into a new question
        return Classified(qid, Carry.DROPPED, ("New question: no earlier answer.",), None)
    if "type" in diff.parts:
        return Classified(qid, Carry.DROPPED, (
            f"The question now asks for {TYPE_NAMES.get(new.type, new.type)} instead of "
            f"{TYPE_NAMES.get(old.type, old.type)}.",), None)
    if "unit" in diff.parts:
        return Classified(qid, Carry.DROPPED, (
            f"The unit changed from {_unit(old)} to {_unit(new)}: give the figure again in "
            f"{_unit(new)}.",), None)
    reasons: list[str] = []
    carried = value
    gone = set(diff.removed_options)
    if gone and old.type in ("yes_no", "single_choice") and value in gone:
        return Classified(qid, Carry.DROPPED, (
            f"The option “{_label(old, value)}” is no longer offered.",), None)
    if gone and old.type == "multiple_choice" and isinstance(value, list):
        lost = [v for v in value if v in gone]
        if lost:
            carried = [v for v in value if v not in gone]
            names = ", ".join(f"“{_label(old, v)}”" for v in lost)
            if not carried:
                return Classified(qid, Carry.DROPPED, (
                    f"No longer offered: {names}.",), None)
            reasons.append(f"No longer offered, so taken out of the answer: {names}.")
    if "text" in diff.parts:
        reasons.append("The question was reworded.")
    if "guidance" in diff.parts:
        reasons.append("The guidance on what a good answer looks like changed.")
    if "options" in diff.parts and carried == value:  # else the line above says it
        reasons.append("The options offered changed.")
    if reasons:
        return Classified(qid, Carry.CONFIRM, tuple(reasons), carried)
    return Classified(qid, Carry.VALID, (), carried)
