"""Delta review: what changed since the vendor's last accepted cycle, question by question.

A reassessment is compared with the assessment it carried answers from (`previous_id`). Each
question of this version is new (added to the template), reworded (its wording, guidance, type,
unit or options changed), changed (same question, different answer, comment or evidence) or
unchanged; questions of the old version that this one dropped are listed as removed. Counts come
per section and in total, and "accept all unchanged" accepts only what is the same as last cycle.
"""
from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from portal.assessments.models import Answer, Assessment
from portal.assessments.prefill import carry_plan, previous_template, template_diff
from portal.assessments.review import accept_answers, is_unflagged_pending
from portal.auth.models import User
from portal.documents.models import Document, EvidenceLink
from portal.extensions import db
from portal.questionnaires.answers import is_answered
from portal.questionnaires.bank import Question, Template
from portal.questionnaires.diff import QuestionStatus
from portal.questionnaires.templates import load_pinned


class Delta(enum.Enum):
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    NEW = "new"
    REWORDED = "reworded"
    REMOVED = "removed"

    @property
    def label(self) -> str:
        return {"changed": "Changed since last cycle", "unchanged": "Same as last cycle",
                "new": "New question", "reworded": "Question changed in the template",
                "removed": "Removed question"}[self.value]

    @property
    def needs_review(self) -> bool:
        """Tell whether the reviewer should read it again (all but unchanged)."""
        return self is not Delta.UNCHANGED


SHOWN_AS_CHANGED = (Delta.CHANGED, Delta.NEW, Delta.REWORDED)


@dataclass(frozen=True)
class DeltaRow:
    question_id: str
    section_id: str
    status: Delta
    notes: tuple[str, ...]  # why: template changes, what of the answer changed, dropped reasons
    old_question: Question | None
    question: Question | None  # None for a removed question
    previous: Any
    previous_comment: str | None
    current: Any
    comment: str | None
    what: tuple[str, ...] = ()  # for CHANGED: "answer", "comment", "evidence"


@dataclass(frozen=True)
class DeltaReview:
    previous: Assessment
    old_label: str
    new_label: str
    rows: dict[str, DeltaRow]  # every question of this version, template order
    removed: list[DeltaRow]
    sections: dict[str, Counter] = field(default_factory=dict)  # section id -> status counts
    totals: Counter = field(default_factory=Counter)

    def changed_in(self, section_id: str) -> int:
        """Count what the reviewer should read again in a section (changed, new, reworded)."""
        counts = self.sections.get(section_id, Counter())
        return sum(counts[d] for d in SHOWN_AS_CHANGED)

    @property
    def changed_total(self) -> int:
        return sum(self.totals[d] for d in SHOWN_AS_CHANGED)

    def count(self, status: str) -> int:
        """Count the questions with a status, by its value ("changed", "removed", ...)."""
        return self.totals[Delta(status)]


def _answers(assessment_id: int) -> dict[str, Answer]:
    return {a.question_id: a for a in db.session.scalars(
        sa.select(Answer).where(Answer.assessment_id == assessment_id))}


def _evidence(assessment_ids: Iterable[int], answers: dict[int, dict[str, Answer]]
              ) -> dict[int, dict[str, frozenset[str]]]:
    """Return, per assessment and question, the SHA-256 of every document offered as evidence.

    Files are compared by content, so the same file uploaded again is not a change.
    """
    ids = list(assessment_ids)
    found: dict[int, dict[str, set[str]]] = {i: {} for i in ids}
    rows = db.session.execute(
        sa.select(EvidenceLink.assessment_id, EvidenceLink.question_id, Document.sha256)
        .join(Document, Document.id == EvidenceLink.document_id)
        .where(EvidenceLink.assessment_id.in_(ids), Document.is_removed.is_(False)))
    for aid, qid, digest in rows:
        found[aid].setdefault(qid, set()).add(digest)
    attached = {(aid, qid): v for aid in ids for qid, a in answers[aid].items()
                if isinstance(v := a.value, list) and all(isinstance(i, int) for i in v) and v}
    doc_ids = {i for v in attached.values() for i in v}
    if doc_ids:
        digests = dict(db.session.execute(
            sa.select(Document.id, Document.sha256).where(Document.id.in_(doc_ids))).all())
        for (aid, qid), value in attached.items():
            found[aid].setdefault(qid, set()).update(digests[i] for i in value if i in digests)
    return {aid: {qid: frozenset(s) for qid, s in qs.items()} for aid, qs in found.items()}


def _blank(value: Any) -> bool:
    return not is_answered(value)


def delta_review(assessment: Assessment) -> DeltaReview | None:
    """Compare this assessment with last cycle's, question by question; None without one."""
    diff = template_diff(assessment)
    if diff is None:
        return None
    previous = db.session.get(Assessment, assessment.previous_id)
    template: Template = load_pinned(assessment.template_version)
    old_template = previous_template(assessment)
    current, before = _answers(assessment.id), _answers(previous.id)
    evidence = _evidence([assessment.id, previous.id], {assessment.id: current,
                                                        previous.id: before})
    dropped = {i.question_id: i.reasons for i in carry_plan(assessment)}
    rows: dict[str, DeltaRow] = {}
    for q in template.questions():
        qdiff = diff.of(q.id)
        a, p = current.get(q.id), before.get(q.id)
        value, old = (a.value if a else None), (p.value if p else None)
        comment, old_comment = (a.comment if a else None), (p.comment if p else None)
        notes: list[str] = []
        what: tuple[str, ...] = ()
        if qdiff.status is QuestionStatus.ADDED:
            status = Delta.NEW
        elif qdiff.status is QuestionStatus.CHANGED:
            status = Delta.REWORDED
            notes.append(qdiff.summary)
            notes.extend(dropped.get(q.id, ()))
        else:
            if qdiff.status is QuestionStatus.REMAPPED:
                notes.append(qdiff.summary)
            what = tuple(name for name, differs in (
                # a file answer is compared by content, with the evidence, not by document id
                ("answer", q.type != "file" and (value if not _blank(value) else None)
                 != (old if not _blank(old) else None)),
                ("comment", (comment or None) != (old_comment or None)),
                ("evidence", evidence[assessment.id].get(q.id, frozenset())
                 != evidence[previous.id].get(q.id, frozenset())),
            ) if differs)
            status = Delta.CHANGED if what else Delta.UNCHANGED
        rows[q.id] = DeltaRow(q.id, q.section_id, status, tuple(notes), qdiff.old, q, old,
                              old_comment, value, comment, what)
    removed = []
    for qdiff in diff.removed():
        p = before.get(qdiff.question_id)
        removed.append(DeltaRow(
            qdiff.question_id, qdiff.old.section_id, Delta.REMOVED, (qdiff.summary,),
            qdiff.old, None, p.value if p else None, p.comment if p else None, None, None))
    sections: dict[str, Counter] = {s.id: Counter() for s in template.sections}
    for row in rows.values():
        sections[row.section_id][row.status] += 1
    totals = Counter(r.status for r in rows.values())
    totals[Delta.REMOVED] = len(removed)
    return DeltaReview(previous, f"{old_template.title} (v{old_template.version})",
                       assessment.template_version.label, rows, removed, sections, totals)


def unchanged_pending(review: DeltaReview, answers: dict[str, Answer]) -> list[str]:
    """Return the answered, unreviewed questions that are the same as last cycle.

    "Not applicable" answers are left out, as in every bulk acceptance (review.py).
    """
    return [qid for qid, row in review.rows.items()
            if row.status is Delta.UNCHANGED and (a := answers.get(qid)) is not None
            and not _blank(a.value) and is_unflagged_pending(row.question, a)]


def accept_unchanged(assessment: Assessment, *, actor: User) -> list[str]:
    """Accept, across the whole assessment, every unreviewed answer unchanged since last cycle.

    Changed, new and reworded questions are never touched, nor "not applicable" answers (each
    of those is accepted on its own). Raises: AssessmentError.
    """
    review = delta_review(assessment)
    if review is None:
        return []
    template = load_pinned(assessment.template_version)
    return accept_answers(
        assessment, template.questions(), actor=actor,
        include=lambda q, a: (review.rows[q.id].status is Delta.UNCHANGED
                              and is_unflagged_pending(q, a)),
        reason="unchanged since last cycle")
