"""Offline answering with a workbook: export an assessment's answers, preview and apply uploads.

The workbook format itself is portal.questionnaires.workbook;
these services tie it to an assessment's stored answers. They never commit.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from portal.assessments import prefill
from portal.assessments.answering import (
    AnswerChange,
    NotEditable,
    SaveOutcome,
    answers_by_question,
    editable_questions,
    save_answers,
)
from portal.assessments.lifecycle import AssessmentStatus
from portal.assessments.models import Assessment
from portal.audit.services import record
from portal.auth.models import User
from portal.questionnaires import bank
from portal.questionnaires.answers import format_value
from portal.questionnaires.templates import load_pinned
from portal.questionnaires.workbook import building, checking, layout

PREVIEW_SALT = "portal.workbook-preview"
PREVIEW_MAX_AGE = 2 * 3600
# The preview travels in a hidden field; Flask refuses form bodies above 500 KB by default.
PREVIEW_MAX_TOKEN = 400_000


@dataclass(frozen=True)
class PreviewRow:
    row: int
    question_id: str
    text: str
    old: str
    new: str
    is_carried_over: bool = False


@dataclass(frozen=True)
class WorkbookPreview:
    filename: str
    changes: tuple[PreviewRow, ...]
    unchanged: tuple[PreviewRow, ...]
    errors: tuple[layout.RowResult, ...]
    skipped: int
    carried_unchanged: tuple[str, ...]
    token: str


@dataclass(frozen=True)
class WorkbookOutcome:
    saved: SaveOutcome
    confirmed: tuple[str, ...]
    skipped_errors: int


def export_workbook(assessment: Assessment, *, actor: User, now: datetime) -> tuple[bytes, str]:
    """Build an assessment's workbook with its current answers and record the download."""
    version = assessment.template_version
    template = load_pinned(version)
    answers = {qid: (a.value, a.comment) for qid, a in answers_by_question(assessment).items()}
    info = layout.WorkbookInfo(
        assessment_id=assessment.id, assessment_title=assessment.title,
        vendor_name=assessment.vendor.legal_name, template_key=version.key,
        template_version=version.version, template_title=version.title,
        template_checksum=version.checksum, due_date=assessment.due_date, generated_at=now)
    data = building.build_workbook(info, template, answers)
    record(actor, "assessment.workbook_downloaded",
           f"Downloaded the answer workbook of “{assessment.title}”", obj=assessment,
           vendor_id=assessment.vendor_id, assessment_id=assessment.id)
    return data, f"assessment-{assessment.id}-{version.key}-v{version.version}.xlsx"


def _serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=PREVIEW_SALT)


def _check_open(assessment: Assessment, answers) -> set[str] | None:
    editable = editable_questions(assessment, answers)
    if editable is not None and not editable:
        state = ("has not been sent yet" if assessment.status is AssessmentStatus.DRAFT
                 else f"is {assessment.status.label.lower()}")
        raise NotEditable(f"This assessment {state}; its answers cannot be changed, so the "
                          "workbook was not applied.")
    return editable


def preview_workbook(assessment: Assessment, data: bytes, filename: str, *, actor: User,
                     secret_key: str,
                     limits: layout.WorkbookLimits = layout.DEFAULT_LIMITS) -> WorkbookPreview:
    """Read and validate an uploaded workbook and list what it would change; store nothing.

    Raises: layout.WorkbookError, NotEditable.
    """
    answers = answers_by_question(assessment)
    editable = _check_open(assessment, answers)
    version = assessment.template_version
    book = layout.read_workbook(data, limits)
    layout.check_metadata(book.meta, assessment_id=assessment.id, template_key=version.key,
                        template_version=version.version, template_checksum=version.checksum)
    template = load_pinned(version)
    changes, unchanged, errors, payload = [], [], [], []
    skipped = 0
    for result in checking.validate_rows(template, book.rows):
        if result.error:
            errors.append(result)
            continue
        if result.skipped:
            skipped += 1
            continue
        question = template.question(result.question_id)
        answer = answers.get(question.id)
        old_value, old_comment = (answer.value, answer.comment) if answer else (None, None)
        row = PreviewRow(result.row, question.id, question.text,
                         _shown(question, old_value, old_comment),
                         _shown(question, result.value, result.comment),
                         bool(answer and answer.is_carried_over))
        if old_value == result.value and old_comment == result.comment:
            unchanged.append(row)
        elif editable is not None and question.id not in editable:
            errors.append(layout.RowResult(result.row, question.id, error="Only the answers the "
                                         "reviewer asked about can change now."))
        else:
            changes.append(row)
            payload.append([question.id, result.value, result.comment,
                            answer.version if answer else 0, result.row])
    name = Path(filename or "workbook.xlsx").name[:120]
    # Answers whose question changed since last cycle are confirmed one by one in the portal.
    changed = prefill.question_changes(assessment) if any(
        r.is_carried_over for r in unchanged) else {}
    carried = tuple(r.question_id for r in unchanged
                    if r.is_carried_over and r.question_id not in changed)
    token = _serializer(secret_key).dumps({  # compressed, signed; checked again on apply
        "a": assessment.id, "u": actor.id, "c": version.checksum, "f": name,
        "h": hashlib.sha256(data).hexdigest(), "e": [r.row for r in errors], "ch": payload,
        "co": list(carried)})
    if len(token) > PREVIEW_MAX_TOKEN:
        raise layout.WorkbookError("The workbook changes too much long text to preview in one go. "
                                 "Upload it in parts, or type the longest answers in the portal.")
    return WorkbookPreview(name, tuple(changes), tuple(unchanged), tuple(errors), skipped,
                           carried, token)


def _shown(question: bank.Question, value: object, comment: str | None) -> str:
    text = format_value(question, value)
    return f"{text} — comment: {comment}" if comment else text


def apply_workbook(assessment: Assessment, token: str, *, actor: User, secret_key: str,
                   apply_valid_rows: bool, confirm_carried: bool) -> WorkbookOutcome:
    """Apply the changes of a confirmed preview through save_answers.

    Raises: layout.WorkbookError (expired, tampered, or errors not accepted), NotEditable.
    """
    try:
        data = _serializer(secret_key).loads(token, max_age=PREVIEW_MAX_AGE)
    except SignatureExpired:
        raise layout.WorkbookError("The preview has expired. Upload the workbook again.") from None
    except BadSignature:
        raise layout.WorkbookError("The preview could not be verified. Upload the workbook "
                                 "again.") from None
    version = assessment.template_version
    if data.get("a") != assessment.id or data.get("u") != actor.id or data.get("c") != \
            version.checksum:
        raise layout.WorkbookError("This preview belongs to another assessment or user. Upload "
                                 "the workbook again.")
    error_rows = data.get("e") or []
    if error_rows and not apply_valid_rows:
        raise layout.WorkbookError(
            f"{len(error_rows)} row(s) have errors, so nothing was applied. Correct the workbook "
            "and upload it again, or confirm that only the valid rows should be applied.")
    _check_open(assessment, answers_by_question(assessment))
    template = load_pinned(version)
    changes = [AnswerChange(question_id=qid, value=value, comment=comment, base_version=base)
               for qid, value, comment, base, _row in data.get("ch") or []]
    on_behalf = actor.is_staff
    if changes and on_behalf and assessment.status is AssessmentStatus.SENT:
        # The state machine lets only the vendor start; staff typing in the vendor's answers
        # starts it for them, and the audit log says so.
        assessment.status = AssessmentStatus.IN_PROGRESS
        record(actor, "assessment.start", f"Started answering “{assessment.title}” on the "
               "vendor's behalf", obj=assessment, vendor_id=assessment.vendor_id,
               assessment_id=assessment.id,
               details={"from": "sent", "to": "in_progress", "on_behalf_of_vendor": True})
    saved = save_answers(assessment, template, changes, actor=actor) if changes else SaveOutcome()
    confirmed: list[str] = []
    if confirm_carried and data.get("co"):
        confirmed = prefill.confirm_carried_over(assessment, data["co"], actor=actor)
    who = f" on behalf of {assessment.vendor.legal_name}" if on_behalf else ""
    record(actor, "assessment.workbook_applied",
           f"Applied workbook {data.get('f')}{who}: {len(saved.saved)} answer(s) saved, "
           f"{len(saved.conflicts)} conflict(s), {len(error_rows)} row(s) skipped",
           obj=assessment, vendor_id=assessment.vendor_id, assessment_id=assessment.id,
           details={"file": data.get("f"), "sha256": data.get("h"),
                    "on_behalf_of_vendor": on_behalf, "saved": sorted(saved.saved),
                    "conflicts": sorted(saved.conflicts), "errors": saved.errors,
                    "skipped_rows": error_rows, "confirmed": confirmed})
    return WorkbookOutcome(saved, tuple(confirmed), len(error_rows))
