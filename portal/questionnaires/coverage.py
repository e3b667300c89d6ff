"""The control catalogue (ISO/IEC 42001 clauses and Annex A) and template coverage of it.

Pure module: standard library and PyYAML only. Import these names from
portal.questionnaires.bank, which re-exports them.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from portal.domain import DomainError

if TYPE_CHECKING:
    from portal.questionnaires.bank import Template

CONTROL_KINDS = ("annex_a", "clause")


@dataclass(frozen=True)
class Problem:
    file: str
    question_id: str | None
    message: str

    def __str__(self) -> str:
        if self.question_id:
            return f"{self.file}: {self.question_id}: {self.message}"
        return f"{self.file}: {self.message}"


class TemplateError(DomainError):
    """A template or catalogue file is invalid; .problems lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class YamlLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe YAML loader that keeps yes/no/on/off as strings; only true/false are booleans."""


YamlLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
YamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def default_questionnaires_dir() -> Path:
    """Return the repository's questionnaires/ directory."""
    return Path(__file__).resolve().parents[2] / "questionnaires"


def display_path(path: Path) -> str:
    """Return the path relative to the working directory when it lies below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class Crosswalk:
    nist_ai_rmf: tuple[str, ...] = ()
    eu_ai_act: tuple[str, ...] = ()
    iso27001: tuple[str, ...] = ()


@dataclass(frozen=True)
class Control:
    id: str
    title: str
    group: str
    group_title: str
    description: str
    kind: str  # "annex_a" | "clause"
    crosswalk: Crosswalk = Crosswalk()


@dataclass(frozen=True)
class Catalogue:
    controls: tuple[Control, ...]
    evidence_kinds: dict[str, str]  # id -> label, in catalogue order
    _index: dict[str, Control] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {c.id: c for c in self.controls})

    def control(self, control_id: str) -> Control | None:
        """Return the control with this id, or None."""
        return self._index.get(control_id)

    def annex_a(self) -> tuple[Control, ...]:
        """Return the Annex A controls in catalogue order."""
        return tuple(c for c in self.controls if c.kind == "annex_a")

    def clauses(self) -> tuple[Control, ...]:
        """Return the management-system clauses (4 to 10) in catalogue order."""
        return tuple(c for c in self.controls if c.kind == "clause")


def _strings(raw: Mapping, key: str, report) -> tuple[str, ...]:
    value = raw.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        report(f"{key} must be a list of quoted strings")
        return ()
    return tuple(value)


def parse_catalogue(data: Any, *, source: str) -> Catalogue:
    """Validate and build the catalogue from its YAML mapping.

    Raises:
        TemplateError: listing every problem found.
    """
    problems: list[Problem] = []

    def report_for(cid):
        return lambda message: problems.append(Problem(source, cid, message))

    if not isinstance(data, Mapping):
        raise TemplateError([Problem(source, None, "the catalogue must be a mapping")])
    report = report_for(None)
    evidence: dict[str, str] = {}
    for item in data.get("evidence_kinds") or []:
        kid = item.get("id") if isinstance(item, Mapping) else None
        label = item.get("label") if isinstance(item, Mapping) else None
        if not isinstance(kid, str) or not isinstance(label, str) or not label.strip():
            report(f"evidence kind {item!r} needs an id and a label")
        elif kid in evidence:
            report(f"duplicate evidence kind {kid!r}")
        else:
            evidence[kid] = label.strip()
    controls: list[Control] = []
    for group in data.get("groups") or []:
        gid = group.get("id") if isinstance(group, Mapping) else None
        if not isinstance(gid, str) or not isinstance(group.get("title"), str):
            report(f"group {gid!r} needs a quoted id and a title")
            continue
        kind = group.get("kind")
        if kind not in CONTROL_KINDS:
            report(f"group {gid!r}: kind must be one of {', '.join(CONTROL_KINDS)}")
        for raw in group.get("controls") or []:
            cid = raw.get("id") if isinstance(raw, Mapping) else None
            creport = report_for(cid if isinstance(cid, str) else None)
            if not isinstance(cid, str):
                creport(f"group {gid!r}: control {cid!r} needs a quoted id")
                continue
            if any(c.id == cid for c in controls):
                creport("duplicate control id")
                continue
            for key in ("title", "description"):
                if not isinstance(raw.get(key), str) or not raw[key].strip():
                    creport(f"missing {key}")
            cross = raw.get("crosswalk") or {}
            crosswalk = Crosswalk(*(_strings(cross, k, creport)
                                    for k in ("nist_ai_rmf", "eu_ai_act", "iso27001")))
            controls.append(Control(cid, str(raw.get("title", "")).strip(), gid,
                                    group["title"].strip(),
                                    " ".join(str(raw.get("description", "")).split()),
                                    kind, crosswalk))
    if problems:
        raise TemplateError(problems)
    return Catalogue(tuple(controls), evidence)


def load_catalogue(path: str | Path | None = None) -> Catalogue:
    """Read the control catalogue (default: questionnaires/controls.yaml).

    Raises:
        TemplateError: when the file is unreadable or invalid.
    """
    path = Path(path) if path else default_questionnaires_dir() / "controls.yaml"
    source = display_path(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=YamlLoader)  # noqa: S506  # nosec B506 (SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        message = " ".join(f"cannot read catalogue: {exc}".split())
        raise TemplateError([Problem(source, None, message)]) from exc
    return parse_catalogue(data, source=source)


def coverage(template: Template, catalogue: Catalogue) -> dict:
    """Count, for every Annex A control, the template questions that map to it."""
    questions = template.questions()
    counts = {c.id: 0 for c in catalogue.annex_a()}
    for question in questions:
        for cid in question.controls:
            if cid in counts:
                counts[cid] += 1
    return {"template": template.key, "version": template.version,
            "questions": len(questions), "controls": counts}


def clause_coverage(template: Template, catalogue: Catalogue) -> dict[str, int]:
    """Count, for every management-system clause, the template questions that map to it."""
    counts = {c.id: 0 for c in catalogue.clauses()}
    for question in template.questions():
        for cid in question.controls:
            if cid in counts:
                counts[cid] += 1
    return counts
