"""The framework catalogue: which ids a question may name besides its ISO/IEC 42001 controls.

Pure module: standard library and PyYAML only. The data is questionnaires/frameworks.yaml.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from portal.questionnaires.coverage import (
    Problem,
    TemplateError,
    YamlLoader,
    default_questionnaires_dir,
    display_path,
)

ISO42001 = "iso42001"  # a question's `controls`, checked against controls.yaml


@dataclass(frozen=True)
class Framework:
    id: str
    title: str
    example: str
    source: str = ""
    ids: tuple[str, ...] = ()
    pattern: str = ""

    def accepts(self, item: str) -> bool:
        """Tell whether an id is one of this framework's (by list, else by pattern)."""
        if self.ids:
            return item in self.ids
        return bool(self.pattern) and re.fullmatch(self.pattern, item) is not None


@dataclass(frozen=True)
class Frameworks:
    frameworks: tuple[Framework, ...]

    def get(self, framework_id: str) -> Framework | None:
        """Return the framework with this id, or None."""
        return next((f for f in self.frameworks if f.id == framework_id), None)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(f.id for f in self.frameworks)


def parse_frameworks(data: object, *, source: str) -> Frameworks:
    """Validate and build the framework catalogue.

    Raises:
        TemplateError: when the data is not a list of frameworks with ids or a pattern.
    """
    problems: list[Problem] = []
    out: list[Framework] = []
    items = data.get("frameworks") if isinstance(data, Mapping) else None
    if not isinstance(items, list) or not items:
        raise TemplateError([Problem(source, None, "frameworks must be a non-empty list")])
    for item in items:
        fid = item.get("id") if isinstance(item, Mapping) else None
        if not isinstance(fid, str) or not re.fullmatch(r"[a-z0-9_]+", fid) or fid == ISO42001:
            problems.append(Problem(source, None, f"framework id {fid!r} is not valid"))
            continue
        ids = item.get("ids") or []
        pattern = item.get("pattern") or ""
        if not ids and not pattern:
            problems.append(Problem(source, None, f"framework {fid}: give ids or a pattern"))
            continue
        try:
            re.compile(pattern)
        except re.error as exc:
            problems.append(Problem(source, None, f"framework {fid}: bad pattern: {exc}"))
            continue
        out.append(Framework(fid, str(item.get("title", fid)), str(item.get("example", "")),
                             str(item.get("source", "")), tuple(str(i) for i in ids), pattern))
    if problems:
        raise TemplateError(problems)
    return Frameworks(tuple(out))


@cache
def _load(path: Path) -> Frameworks:
    source = display_path(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=YamlLoader)  # noqa: S506  # nosec B506
    except (OSError, yaml.YAMLError) as exc:
        raise TemplateError([Problem(source, None, f"cannot read frameworks: {exc}")]) from exc
    return parse_frameworks(data, source=source)


def load_frameworks(path: str | Path | None = None) -> Frameworks:
    """Read the framework catalogue (default: the repository's questionnaires/frameworks.yaml).

    Raises:
        TemplateError: when the file is unreadable or invalid.
    """
    return _load(Path(path) if path else default_questionnaires_dir() / "frameworks.yaml")
