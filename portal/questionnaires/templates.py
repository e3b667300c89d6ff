"""Questionnaire templates in the database: versions synced from files, pinned by assessments."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import sqlalchemy as sa

from portal.domain import DomainError
from portal.extensions import db
from portal.questionnaires import bank
from portal.questionnaires.models import TemplateVersion


class TemplateConflict(DomainError):
    """A template file reuses a version number with different content."""


def checksum(content: dict) -> str:
    """Return a stable SHA-256 of a template's normalised content."""
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def store_template(template: bank.Template, *, source: str = "file", actor=None) -> TemplateVersion:
    """Store a template version unless already stored. Raises: TemplateConflict."""
    content = template.to_dict()
    digest = checksum(content)
    existing = db.session.scalar(
        sa.select(TemplateVersion).where(
            TemplateVersion.key == template.key, TemplateVersion.version == template.version
        )
    )
    if existing is not None:
        if existing.checksum != digest:
            raise TemplateConflict(
                f"Template {template.key} version {template.version} is already stored with "
                "different content. Give the changed template a new version number."
            )
        return existing
    version = TemplateVersion(
        key=template.key,
        version=template.version,
        title=template.title,
        description=template.description,
        content=content,
        checksum=digest,
        question_count=len(template.questions()),
        source=source,
        created_by_id=getattr(actor, "id", None),
    )
    db.session.add(version)
    db.session.flush()
    return version


def sync_templates_from_disk(directory: str | Path | None = None) -> dict[str, TemplateVersion]:
    """Store every valid template file; return the stored version per template key.

    Raises: bank.TemplateError when any template file is invalid.
    """
    templates, problems = bank.load_templates(directory)
    if problems:
        raise bank.TemplateError(problems)
    return {t.key: store_template(t) for t in templates}


def latest_versions() -> list[TemplateVersion]:
    """Return the newest active version of each template, by title."""
    newest = (
        sa.select(TemplateVersion.key, sa.func.max(TemplateVersion.version).label("version"))
        .where(TemplateVersion.is_active.is_(True))
        .group_by(TemplateVersion.key)
        .subquery()
    )
    query = sa.select(TemplateVersion).join(
        newest,
        sa.and_(TemplateVersion.key == newest.c.key, TemplateVersion.version == newest.c.version),
    )
    return list(db.session.scalars(query.order_by(TemplateVersion.title)))


def load_pinned(version: TemplateVersion) -> bank.Template:
    """Rebuild the exact template an assessment was sent with (cached: versions never change)."""
    return _pinned(version.id, version.checksum, lambda: version.content)


_PINNED: dict[tuple[int, str], bank.Template] = {}


def _pinned(version_id: int, digest: str, content) -> bank.Template:
    key = (version_id, digest)
    template = _PINNED.get(key)
    if template is None:
        if len(_PINNED) > 256:  # a bounded cache; versions are few in practice
            _PINNED.clear()
        template = _PINNED[key] = bank.template_from_dict(content())
    return template
