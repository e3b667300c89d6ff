"""Manage template versions in the portal and answer assessments through an Excel workbook."""
from __future__ import annotations

import copy
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import yaml
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.exc import IntegrityError

from portal.assessments import prefill
from portal.assessments.answering import (
    AnswerChange,
    NotEditable,
    SaveOutcome,
    answers_by_question,
    editable_questions,
    save_answers,
)
from portal.assessments.answers import format_value
from portal.assessments.lifecycle import AssessmentStatus
from portal.assessments.models import Assessment
from portal.audit.services import record
from portal.auth.models import User
from portal.extensions import db
from portal.questionnaires import bank, xlsx
from portal.questionnaires.coverage import YamlLoader
from portal.questionnaires.models import TemplateVersion
from portal.questionnaires.templates import TemplateConflict, load_pinned, store_template

TEMPLATE_MAX_BYTES = 512 * 1024
PREVIEW_SALT = "portal.workbook-preview"
PREVIEW_MAX_AGE = 2 * 3600
# The preview travels in a hidden field; Flask refuses form bodies above 500 KB by default.
PREVIEW_MAX_TOKEN = 400_000


# ---- template versions -------------------------------------------------------------------------

@dataclass(frozen=True)
class TemplateSummary:
    key: str
    title: str
    latest_version: int
    question_count: int
    versions: int
    source: str


def template_summaries() -> list[TemplateSummary]:
    """Summarise every stored template key by its newest version."""
    rows: dict[str, list[TemplateVersion]] = {}
    for version in db.session.scalars(sa.select(TemplateVersion).order_by(
            TemplateVersion.key, TemplateVersion.version.desc())):
        rows.setdefault(version.key, []).append(version)
    summaries = [TemplateSummary(key, vs[0].title, vs[0].version, vs[0].question_count, len(vs),
                                 vs[0].source) for key, vs in rows.items()]
    return sorted(summaries, key=lambda s: s.title.casefold())


def template_versions(key: str) -> list[TemplateVersion]:
    """Return every stored version of a template, newest first."""
    return list(db.session.scalars(sa.select(TemplateVersion).where(TemplateVersion.key == key)
                                   .order_by(TemplateVersion.version.desc())))


def assessment_counts(version_ids: Sequence[int]) -> dict[int, int]:
    """Count the assessments pinned to each template version."""
    if not version_ids:
        return {}
    rows = db.session.execute(
        sa.select(Assessment.template_version_id, sa.func.count(Assessment.id))
        .where(Assessment.template_version_id.in_(list(version_ids)))
        .group_by(Assessment.template_version_id))
    return {vid: count for vid, count in rows}


def store_new(template: bank.Template, *, source: str, actor: User | None
              ) -> tuple[TemplateVersion, bool]:
    """Store a template version unless stored; return it and whether it is new.

    Raises: TemplateConflict.
    """
    before = db.session.scalar(sa.select(TemplateVersion.id).where(
        TemplateVersion.key == template.key, TemplateVersion.version == template.version))
    try:
        with db.session.begin_nested():
            stored = store_template(template, source=source, actor=actor)
    except IntegrityError:
        raise TemplateConflict(f"Someone else stored {template.key} version {template.version} "
                               "a moment ago. Reload and try again.") from None
    return stored, before is None


def import_template(data: bytes, filename: str, *, catalogue: bank.Catalogue,
                    actor: User) -> tuple[TemplateVersion, bool]:
    """Validate an uploaded YAML template and store it; return it and whether it is new.

    Raises: bank.TemplateError (every problem, with file and question id), TemplateConflict.
    """
    source = Path(filename or "upload.yaml").name[:120] or "upload.yaml"
    if len(data) > TEMPLATE_MAX_BYTES:
        raise bank.TemplateError([bank.Problem(source, None, "the file is larger than "
                                               f"{TEMPLATE_MAX_BYTES // 1024} KB")])
    try:
        raw = yaml.load(data.decode("utf-8"), Loader=YamlLoader)  # noqa: S506  # nosec B506 (SafeLoader)
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        message = " ".join(f"cannot read the file as UTF-8 YAML: {exc}".split())
        raise bank.TemplateError([bank.Problem(source, None, message)]) from None
    template = bank.parse_template(raw, source=source, catalogue=catalogue)
    return store_import(template, source_name=source, source_format="portal", warnings=(),
                        actor=actor)


def store_import(template: bank.Template, *, source_name: str, source_format: str,
                 warnings: Sequence[str], actor: User | None) -> tuple[TemplateVersion, bool]:
    """Store an imported, validated template as a new version (audited); say whether it is new.

    Raises: TemplateConflict (a stored version with other content, or an older version).
    """
    newest = newest_version(template.key)
    same = db.session.scalar(sa.select(TemplateVersion.id).where(
        TemplateVersion.key == template.key, TemplateVersion.version == template.version))
    if same is None and newest is not None and template.version < newest:
        raise TemplateConflict(
            f"{template.key} version {template.version} is older than the newest stored version "
            f"{newest}. Give the file version {newest + 1} or higher.")
    stored, created = store_new(template, source="upload", actor=actor)
    if created:
        source = source_name[:120]
        record(actor, "template.imported",
               f"Imported {template.key} version {template.version} from {source}", obj=stored,
               details={"key": template.key, "version": template.version, "file": source,
                        "format": source_format, "checksum": stored.checksum,
                        "questions": stored.question_count, "warnings": list(warnings)},
               actor_label=None if actor else "command line")
    return stored, created


def sync_shipped_templates(directory: Path | None, *, actor: User) -> list[TemplateVersion]:
    """Store new versions of the templates shipped as files; return those that were new.

    Raises: bank.TemplateError, TemplateConflict.
    """
    templates, problems = bank.load_templates(directory)
    if problems:
        raise bank.TemplateError(problems)
    new = []
    for template in templates:
        stored, created = store_new(template, source="file", actor=actor)
        if created:
            new.append(stored)
            record(actor, "template.imported",
                   f"Loaded {template.key} version {template.version} from the shipped files",
                   obj=stored, details={"key": template.key, "version": template.version,
                                        "file": f"{template.key}.yaml"})
    return new


def newest_version(key: str) -> int | None:
    """Return the newest stored version number of a template key, or None."""
    return db.session.scalar(sa.select(sa.func.max(TemplateVersion.version))
                             .where(TemplateVersion.key == key))


@dataclass(frozen=True)
class QuestionEdit:
    id: str
    text: str
    guidance: str
    weight: float
    required: bool
    critical: bool
    show_if_question: str | None
    show_if_values: tuple[str, ...]


@dataclass(frozen=True)
class TemplateEdit:
    title: str
    questions: tuple[QuestionEdit, ...]


def _walk_sections(sections: list[dict]) -> list[dict]:
    out = []
    for section in sections:
        out.append(section)
        out.extend(_walk_sections(section.get("sections", [])))
    return out


def apply_edit(content: dict[str, Any], edit: TemplateEdit, *, version: int) -> dict[str, Any]:
    """Return a copy of a template's content with the editor's changes and a new version."""
    data = copy.deepcopy(content)
    data["version"] = version
    data["title"] = edit.title.strip()
    by_id = {q.id: q for q in edit.questions}
    for section in _walk_sections(data["sections"]):
        for question in section.get("questions", ()):
            change = by_id.get(question["id"])
            if change is None:
                continue
            question["text"] = change.text.strip()
            question["guidance"] = change.guidance.strip()
            question["weight"] = change.weight
            question["required"] = change.required
            if change.critical != bool(question.get("critical")) or not change.critical:
                question.pop("critical_if", None)  # newly critical: derive the bad answers
            question["critical"] = change.critical
            existing = question.get("show_if")
            if existing and set(existing) != {"question", "any_of"}:
                continue  # an all/any/not condition is edited in YAML; the form leaves it be
            question.pop("show_if", None)
            if change.show_if_question:
                question["show_if"] = {"question": change.show_if_question,
                                       "any_of": list(change.show_if_values)}
    return data


def create_edited_version(base: TemplateVersion, edit: TemplateEdit, *,
                          catalogue: bank.Catalogue, actor: User) -> TemplateVersion:
    """Validate the edited copy of a version and store it as the key's next version.

    Raises: bank.TemplateError, TemplateConflict.
    """
    version = (newest_version(base.key) or 0) + 1
    data = apply_edit(base.content, edit, version=version)
    template = bank.parse_template(data, source=f"{base.key} v{version} (editor)",
                                   catalogue=catalogue)
    stored, _ = store_new(template, source="editor", actor=actor)
    record(actor, "template.version_created",
           f"Created {base.key} version {version} from version {base.version} in the editor",
           obj=stored, details={"key": base.key, "version": version, "based_on": base.version,
                                "checksum": stored.checksum})
    return stored


# ---- offline answering with a workbook ---------------------------------------------------------

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
    errors: tuple[xlsx.RowResult, ...]
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
    info = xlsx.WorkbookInfo(
        assessment_id=assessment.id, assessment_title=assessment.title,
        vendor_name=assessment.vendor.legal_name, template_key=version.key,
        template_version=version.version, template_title=version.title,
        template_checksum=version.checksum, due_date=assessment.due_date, generated_at=now)
    data = xlsx.build_workbook(info, template, answers)
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
                     limits: xlsx.WorkbookLimits = xlsx.DEFAULT_LIMITS) -> WorkbookPreview:
    """Read and validate an uploaded workbook and list what it would change; store nothing.

    Raises: xlsx.WorkbookError, NotEditable.
    """
    answers = answers_by_question(assessment)
    editable = _check_open(assessment, answers)
    version = assessment.template_version
    book = xlsx.read_workbook(data, limits)
    xlsx.check_metadata(book.meta, assessment_id=assessment.id, template_key=version.key,
                        template_version=version.version, template_checksum=version.checksum)
    template = load_pinned(version)
    changes, unchanged, errors, payload = [], [], [], []
    skipped = 0
    for result in xlsx.validate_rows(template, book.rows):
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
            errors.append(xlsx.RowResult(result.row, question.id, error="Only the answers the "
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
        raise xlsx.WorkbookError("The workbook changes too much long text to preview in one go. "
                                 "Upload it in parts, or type the longest answers in the portal.")
    return WorkbookPreview(name, tuple(changes), tuple(unchanged), tuple(errors), skipped,
                           carried, token)


def _shown(question: bank.Question, value: object, comment: str | None) -> str:
    text = format_value(question, value)
    return f"{text} — comment: {comment}" if comment else text


def apply_workbook(assessment: Assessment, token: str, *, actor: User, secret_key: str,
                   apply_valid_rows: bool, confirm_carried: bool) -> WorkbookOutcome:
    """Apply the changes of a confirmed preview through save_answers.

    Raises: xlsx.WorkbookError (expired, tampered, or errors not accepted), NotEditable.
    """
    try:
        data = _serializer(secret_key).loads(token, max_age=PREVIEW_MAX_AGE)
    except SignatureExpired:
        raise xlsx.WorkbookError("The preview has expired. Upload the workbook again.") from None
    except BadSignature:
        raise xlsx.WorkbookError("The preview could not be verified. Upload the workbook "
                                 "again.") from None
    version = assessment.template_version
    if data.get("a") != assessment.id or data.get("u") != actor.id or data.get("c") != \
            version.checksum:
        raise xlsx.WorkbookError("This preview belongs to another assessment or user. Upload "
                                 "the workbook again.")
    error_rows = data.get("e") or []
    if error_rows and not apply_valid_rows:
        raise xlsx.WorkbookError(
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
