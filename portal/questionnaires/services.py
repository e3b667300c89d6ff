"""Manage template versions in the portal: list, import, sync from files and edit."""
from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import yaml
from sqlalchemy.exc import IntegrityError

from portal.audit.services import record
from portal.auth.models import User
from portal.extensions import db
from portal.questionnaires import bank
from portal.questionnaires.coverage import YamlLoader
from portal.questionnaires.models import TemplateVersion
from portal.questionnaires.templates import TemplateConflict, store_template

TEMPLATE_MAX_BYTES = 512 * 1024


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
