"""The questions of the vendor's questionnaire page. Pure: no Flask, no database.

A section can have 100 or more questions. Written out by Jinja, each question cost about 40 µs
of attribute lookups, tests, `{% set %}` and escaping, more than everything else on the page
together (docs/performance.md, section 2). So the page is built in two steps:
- `question_parts` escapes and writes everything that depends only on the question, once per
  pinned template version (template versions never change; the caller caches the result);
- `question_states` decides each question's per-request state from the stored answers, and
  `render_questions` writes the articles, escaping every value that comes from a user.
The markup is the one portal/templates/respond/questionnaire.html used to write per question
(tests/web/test_respond_perf.py pins it, including the escaping of user values).
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple, Protocol

from markupsafe import Markup, escape

from portal.questionnaires.answers import format_value
from portal.questionnaires.bank import Question, visibility_rule
from portal.questionnaires.conditions import referenced_questions

CLARIFYING = frozenset({"clarification_requested", "responded"})
CHOICE_TYPES = frozenset({"yes_no", "single_choice", "multiple_choice"})
CARRIED_BADGE = ('<span class="badge carried">Carried over from your last assessment: '
                 'confirm or change</span>')
CHANGED_BADGE = ('<span class="badge warn wrap">Question changed since your last answer: '
                 'confirm or change</span>')
ATTACH_HINT = "Attach files (PDF, PNG, JPEG, Word or Excel, up to 20 MB each)"
ACCEPTED_FILES = ".pdf,.png,.jpg,.jpeg,.docx,.xlsx"


class ShownComment(NamedTuple):
    """A review comment as the vendor's page shows it."""

    kind: Any  # portal.assessments.models.CommentKind
    body: str
    created_at: datetime
    author_name: str | None


class StoredAnswer(NamedTuple):
    """The columns of a stored answer that the page reads, with its review comments in order."""

    id: int
    question_id: str
    value: Any
    comment: str | None
    version: int
    review_status: Any  # portal.assessments.models.ReviewStatus
    is_carried_over: bool
    comments: tuple[ShownComment, ...] = ()


class PostedForm(Protocol):
    def get(self, key: str, default: Any = None) -> Any: ...
    def getlist(self, key: str) -> list[str]: ...


class ConflictLike(Protocol):
    current_value: Any
    version: int
    changed_by: str
    changed_at: str


class DocumentLike(Protocol):
    id: int
    original_name: str
    size: int


@dataclass(frozen=True, slots=True)
class QuestionParts:
    """A question's markup that depends only on its template version, escaped once."""

    question: Question
    qid: str  # escaped
    attrs: str  # the <article>'s id and data attributes
    head: str  # the id line, with the optional flag
    body: str  # question text, guidance, evidence kinds
    options: tuple[tuple[str, str, str], ...]  # (value, checked input, unchecked input)
    comment_label: str


@dataclass(frozen=True, slots=True)
class QuestionState:
    """One question's per-request state: what is checked, typed, locked, flagged or wrong."""

    css: str  # extra classes of the <article>
    hidden: bool
    carried: bool
    changed_note: str  # a carried answer whose question changed since last cycle: how
    can_edit: bool
    flagged: bool
    version: Any
    cur: list[str]  # the current value as strings (option values, text, document ids)
    comment: str
    response: str
    value: Any  # the stored value (read-only display)
    display: str  # the stored value as readable text (read-only display)
    own_comment: str | None  # the stored comment (read-only display)
    thread: tuple[ShownComment, ...]
    error: str | None
    conflict: Any  # services.Conflict or None
    conflict_display: str


def _rule_json(question: Question) -> str:
    # The whole visibility rule (parents included), as the page's conditions.js evaluates it;
    # escaped as Jinja's `tojson` then `forceescape` would.
    text = json.dumps(visibility_rule(question), sort_keys=True)
    text = (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("'", "\\u0027"))
    return str(escape(text))


def condition_inputs(questions: Iterable[Question], answers: Mapping[str, Any]
                     ) -> dict[str, Any]:
    """Return the stored answers the page's conditions read: the page's scripts evaluate each
    question's rule with these, overridden by what is ticked on the page (a condition on an
    answer in another section, or on a locked answer, then keeps its saved value)."""
    wanted: set[str] = set()
    for q in questions:
        if q.show_if is not None:
            wanted |= referenced_questions(visibility_rule(q))
    return {qid: answers[qid] for qid in sorted(wanted) if answers.get(qid) is not None}


def question_parts(questions: Iterable[Question], evidence_labels: Mapping[str, str]
                   ) -> dict[str, QuestionParts]:
    """Escape and write the static markup of each question (cache it per template version)."""
    parts = {}
    for q in questions:
        qid = str(escape(q.id))
        attrs = f' id="q-{qid}" data-question="{qid}" data-type="{escape(q.type)}"'
        if q.show_if:
            attrs += f' data-visible-when="{_rule_json(q)}"'
        required = ((' <span class="req" aria-hidden="true">*</span>'
                     '<span class="visually-hidden">(required)</span>') if q.required else "")
        body = (f'<p class="question-text" id="a-{qid}-label">{escape(q.text)}{required}</p>\n'
                f'<details class="guidance"><summary>Guidance</summary>'
                f'<p>{escape(q.guidance)}</p></details>\n')
        if q.evidence:
            kinds = ", ".join(str(escape(evidence_labels.get(e, e))) for e in q.evidence)
            body += f'<p class="evidence-kinds">Evidence we look for: {kinds}</p>\n'
        options: tuple[tuple[str, str, str], ...] = ()
        if q.type in CHOICE_TYPES:
            kind = "checkbox" if q.type == "multiple_choice" else "radio"
            options = tuple(
                (o.value, *(f'<label class="check"><input type="{kind}" name="q-{qid}" '
                            f'value="{escape(o.value)}"{checked}> {escape(o.label)}</label>\n'
                            for checked in (" checked", ""))) for o in q.options)
        hint = " (required if not applicable)" if q.allows_not_applicable else ""
        parts[q.id] = QuestionParts(
            question=q, qid=qid, attrs=attrs, head=qid + ("" if q.required else " · optional"),
            body=body, options=options,
            comment_label=f'<label class="label small" for="c-{qid}">Comment{hint}</label>')
    return parts


def _as_strings(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return [str(value)]


def question_states(questions: Sequence[Question], answers: Mapping[str, StoredAnswer], *,
                    visible: Mapping[str, bool], editable: set[str] | None, clarifying: bool,
                    errors: Mapping[str, str], conflicts: Mapping[str, ConflictLike],
                    posted: PostedForm | None, vendor_comments: Sequence[Any],
                    changed: Mapping[str, str] | None = None) -> list[QuestionState]:
    """Return the state of each question, in order; posted values win where a save failed."""
    states = []
    for q in questions:
        qid = q.id
        a = answers.get(qid)
        error = errors.get(qid)
        conflict = conflicts.get(qid)
        can_edit = editable is None or qid in editable
        if posted is not None and (error is not None or conflict is not None):
            cur = posted.getlist(f"q-{qid}")
            comment = posted.get(f"c-{qid}", "")
            response = posted.get(f"r-{qid}", "")
            version = conflict.version if conflict is not None else posted.get(f"v-{qid}", 0)
        elif a is not None:
            cur = _as_strings(a.value)
            comment = a.comment or ""
            last = a.comments[-1] if a.comments else None
            response = last.body if last is not None and last.kind.value == "vendor_response" \
                else ""
            version = a.version
        else:
            cur, comment, response, version = [], "", "", 0
        flagged = clarifying and a is not None and a.review_status.value in CLARIFYING
        if error is not None or conflict is not None:
            css = " needs-attention"
        elif flagged:
            css = " clarify"
        else:
            css = ""
        value = a.value if a is not None else None
        carried = a is not None and a.is_carried_over
        states.append(QuestionState(
            css=css, hidden=not visible[qid], carried=carried,
            changed_note=(changed or {}).get(qid, "") if carried else "",
            can_edit=can_edit, flagged=flagged, version=version, cur=cur, comment=comment,
            response=response, value=value,
            display="" if can_edit else format_value(q, value),
            own_comment=a.comment if a is not None else None,
            thread=tuple(c for c in a.comments if c.kind in vendor_comments) if a else (),
            error=error, conflict=conflict,
            conflict_display=format_value(q, conflict.current_value) if conflict else ""))
    return states


def _to_int(text: str) -> int:
    # What Jinja's `int` filter did with a posted document id.
    try:
        return int(text)
    except ValueError:
        try:
            return int(float(text))
        except (ValueError, OverflowError):
            return 0


def render_questions(rows: Iterable[tuple[QuestionParts, QuestionState]], *,
                     documents: Mapping[int, DocumentLike],
                     document_url: Callable[[int], str],
                     format_datetime: Callable[[datetime], str]) -> Markup:
    """Write the <article> of each question; every value from a user is escaped here."""
    out: list[str] = []
    add = out.append
    for p, s in rows:
        qid = p.qid
        kind = p.question.type
        add(f'<article class="question{s.css}"{p.attrs}{" hidden" if s.hidden else ""}>\n'
            f'<div class="question-head">\n<span class="qid">{p.head}</span>\n'
            f'<span class="save-state" aria-live="polite" data-save-state>'
            f'{(CHANGED_BADGE if s.changed_note else CARRIED_BADGE) if s.carried else ""}'
            '</span>\n</div>\n')
        add(p.body)
        if s.changed_note:
            add(f'<p class="small changed-note">{escape(s.changed_note)}</p>\n')
        if s.can_edit:
            add(f'<input type="hidden" name="v-{qid}" value="{escape(s.version)}" '
                f'data-version>\n')
            first = escape(s.cur[0]) if s.cur else ""
            if p.options:
                inline = " inline-options" if kind == "yes_no" else ""
                add(f'<fieldset class="options{inline}" aria-labelledby="a-{qid}-label">\n')
                cur = s.cur
                for value, checked, unchecked in p.options:
                    add(checked if value in cur else unchecked)
                add("</fieldset>\n")
            elif kind == "text":
                add(f'<textarea id="a-{qid}" name="q-{qid}" rows="4" '
                    f'aria-labelledby="a-{qid}-label">{first}</textarea>\n')
            elif kind in ("number", "date"):
                extra = ' inputmode="decimal"' if kind == "number" else ""
                unit = p.question.unit if kind == "number" else ""
                if unit:
                    extra += f' aria-describedby="u-{qid}"'
                add(f'<input type="{"text" if kind == "number" else "date"}"{extra} '
                    f'id="a-{qid}" name="q-{qid}" value="{first}" '
                    f'aria-labelledby="a-{qid}-label" class="input-short">'
                    + (f' <span class="unit" id="u-{qid}">{escape(unit)}</span>' if unit else "")
                    + "\n")
            elif kind == "file":
                _write_file_field(add, qid, s.cur, documents, document_url)
            add(f'<div class="field">\n{p.comment_label}\n<textarea id="c-{qid}" name="c-{qid}" '
                f'rows="2">{escape(s.comment)}</textarea>\n</div>\n')
        else:
            add(f'<div class="answer-value">{escape(s.display)}</div>\n')
            if kind == "file" and s.value:
                links = "".join(
                    f'<li><a href="{escape(document_url(d.id))}">{escape(d.original_name)}</a>'
                    f'</li>' for doc_id in s.value if (d := documents.get(doc_id)))
                add(f'<ul class="plain small">{links}</ul>\n')
            if s.own_comment:
                add(f'<p class="small"><strong>Your comment:</strong> '
                    f'{escape(s.own_comment)}</p>\n')
        if s.thread:
            add('<div class="thread" aria-label="Review comments">\n')
            for c in s.thread:
                add(f'<div class="comment"><div class="meta">{escape(c.kind.label)} · '
                    f'{"System" if c.author_name is None else escape(c.author_name)} · '
                    f'{escape(format_datetime(c.created_at))}</div>{escape(c.body)}</div>')
            add("\n</div>\n")
        if s.flagged and s.can_edit:
            add(f'<div class="field">\n<label class="label small" for="r-{qid}">Your response to '
                f'the reviewer</label>\n<textarea id="r-{qid}" name="r-{qid}" rows="3">'
                f'{escape(s.response)}</textarea>\n</div>\n')
        if s.error is not None:
            add(f'<p class="error" role="alert">{escape(s.error)}</p>\n')
        if s.conflict is not None:
            c = s.conflict
            add(f'<div class="conflict" role="alert">{escape(c.changed_by)} changed this answer '
                f'at {escape(c.changed_at)} to: <strong>{escape(s.conflict_display)}</strong>. '
                f'Your version is still in the form; save again to replace theirs, or reload to '
                f'keep theirs.</div>\n')
        add("</article>\n")
    return Markup("".join(out))  # nosec B704: every value above went through escape()


def _write_file_field(add: Callable[[str], Any], qid: str, cur: list[str],
                      documents: Mapping[int, DocumentLike],
                      document_url: Callable[[int], str]) -> None:
    add('<ul class="plain small" data-file-list>\n')
    for doc_id in cur:
        d = documents.get(_to_int(doc_id))
        value = escape(doc_id)
        if d is not None:
            shown = (f'<a href="{escape(document_url(d.id))}">{escape(d.original_name)}</a> '
                     f'<span class="muted">{round(d.size / 1024, 1)} KB</span>')
        else:
            shown = f"Document {value}"
        add(f'<li><input type="hidden" name="q-{qid}" value="{value}">{shown}\n'
            f'<label class="check inline"><input type="checkbox" name="x-{qid}" '
            f'value="{value}"> Remove</label></li>\n')
    add(f'</ul>\n<label class="label small" for="f-{qid}">{ATTACH_HINT}</label>\n'
        f'<input type="file" id="f-{qid}" name="f-{qid}" multiple accept="{ACCEPTED_FILES}" '
        f'data-upload>\n')
