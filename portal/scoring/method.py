"""Load and validate the versioned scoring method file (questionnaires/scoring/method-*.yaml).

Pure module: standard library and PyYAML only. The types live in portal.scoring.schema and are
re-exported here; docs/scoring.md explains the method to people.
"""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from portal.questionnaires.coverage import (
    Catalogue,
    YamlLoader,
    default_questionnaires_dir,
    display_path,
)
from portal.scoring.method_sections import (
    Reader,
    read_bands,
    read_certificates,
    read_checks,
    read_evidence,
    read_findings,
    read_levels,
    read_matrix,
    read_residual_extras,
    read_rollup,
)
from portal.scoring.schema import (
    CROSSWALKS,
    FINDING_KINDS,
    LEVEL_LABELS,
    LEVELS,
    TEMPLATE_FIELDS,
    VERSION_RE,
    Band,
    CertificateRule,
    EvidenceLevel,
    FindingRule,
    Method,
    MethodError,
    SeverityRule,
)

__all__ = [
    "CROSSWALKS", "FINDING_KINDS", "LEVELS", "LEVEL_LABELS", "TEMPLATE_FIELDS", "Band",
    "CertificateRule", "EvidenceLevel", "FindingRule", "Method", "MethodError", "SeverityRule",
    "available_methods", "load_method", "methods_dir", "parse_method",
]

def parse_method(data: Any, *, source: str = "<method>",
                 catalogue: Catalogue | None = None) -> Method:
    """Validate a method mapping and build it; with a catalogue, also check control ids.

    Raises:
        MethodError: listing every problem found.
    """
    r = Reader()
    if not isinstance(data, Mapping):
        raise MethodError(source, ["the method file must be a mapping"])
    known = {"version", "title", "evidence_levels", "certificates", "groups", "third_party",
             "bands", "residual", "findings", "evidence", "certificate_checks", "rollup",
             "not_applicable"}
    for key in set(data) - known:
        r.report("", f"unknown field {key!r}")
    version = data.get("version")
    if not isinstance(version, str) or not VERSION_RE.match(version):
        r.report("version", f"{version!r} must be a quoted string such as \"v1\"")
        version = ""
    title = r.text(data, "title", "")
    levels = read_levels(r, data.get("evidence_levels"))
    level_ids = [lv.id for lv in levels]
    certificates = read_certificates(r, data.get("certificates"), level_ids)
    groups = r.mapping(data.get("groups"), "groups")
    weights_raw = r.mapping(groups.get("weights", {}), "groups.weights")
    weights = {str(g): r.number(weights_raw, g, f"groups.weights.{g}", 0.0, None)
               for g in weights_raw}
    default_weight = r.number(groups, "default_weight", "groups", 0.0, None, 1.0)
    clauses = r.mapping(groups.get("clauses"), "groups.clauses")
    clause_group = (str(clauses.get("id", "clauses")), r.text(clauses, "title", "groups.clauses"),
                    r.number(clauses, "weight", "groups.clauses", 0.0, None))
    third = r.mapping(data.get("third_party"), "third_party")
    third_controls = third.get("controls")
    if not isinstance(third_controls, list) or not third_controls or not all(
            isinstance(c, str) for c in third_controls):
        r.report("third_party", "controls must be a non-empty list of control ids")
        third_controls = []
    bands = read_bands(r, data.get("bands"))
    residual = r.mapping(data.get("residual"), "residual")
    matrix = read_matrix(r, residual.get("matrix"), bands)
    unknown_tier = r.choice(residual.get("unknown_tier"), LEVELS, "residual", "unknown_tier")
    floors_raw = r.mapping(residual.get("finding_floors", {}), "residual.finding_floors")
    floors = {r.choice(k, LEVELS, "residual.finding_floors", "severity"):
              r.choice(v, LEVELS, "residual.finding_floors", "level")
              for k, v in floors_raw.items()}
    findings = read_findings(r, data.get("findings"), level_ids)
    extras = {**read_evidence(r, data.get("evidence"), level_ids),
              **read_checks(r, data.get("certificate_checks")),
              **read_residual_extras(r, residual), **read_rollup(r, data)}
    if catalogue is not None:
        for cid in third_controls:
            if catalogue.control(cid) is None:
                r.report("third_party", f"unknown control {cid!r}")
        groups_known = {c.group for c in catalogue.annex_a()}
        for gid in weights:
            if gid not in groups_known:
                r.report("groups.weights", f"{gid!r} is not an Annex A group of the catalogue")
    if r.problems:
        raise MethodError(source, r.problems)
    return Method(
        version=version, title=title, evidence_levels=levels, certificates=certificates,
        group_weights=MappingProxyType(weights),
        default_group_weight=default_weight,
        clause_group=clause_group, third_party_title=r.text(third, "title", "third_party"),
        third_party_controls=tuple(third_controls), bands=bands, unknown_tier=unknown_tier,
        matrix=MappingProxyType({t: MappingProxyType(row) for t, row in matrix.items()}),
        finding_floors=MappingProxyType(floors), findings=MappingProxyType(findings),
        source=source, **extras,
    )


def methods_dir() -> Path:
    """Return the folder holding the method files (questionnaires/scoring/)."""
    return default_questionnaires_dir() / "scoring"


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version[1:].split("."))


def available_methods(directory: str | Path | None = None) -> list[str]:
    """List the method versions on disk, oldest first (e.g. ["v1", "v2"])."""
    folder = Path(directory) if directory else methods_dir()
    versions = [p.stem.removeprefix("method-") for p in folder.glob("method-*.yaml")]
    return sorted((v for v in versions if VERSION_RE.match(v)), key=_version_key)


def load_method(path: str | Path | None = None, *, version: str | None = None,
                catalogue: Catalogue | None = None) -> Method:
    """Read and validate a method file: a path, a version such as "v1", or else the latest.

    Raises:
        MethodError: when the file is missing, unreadable, not YAML or invalid.
    """
    if path is None:
        if version is None:
            versions = available_methods()
            if not versions:
                raise MethodError(display_path(methods_dir()), ["no method-*.yaml file found"])
            version = versions[-1]
        path = methods_dir() / f"method-{version}.yaml"
    path = Path(path)
    source = display_path(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=YamlLoader)  # noqa: S506  # nosec B506 (SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise MethodError(source, [" ".join(f"cannot read method file: {exc}".split())]) from exc
    method = parse_method(data, source=source, catalogue=catalogue)
    expected = path.stem.removeprefix("method-")
    if path.stem.startswith("method-") and method.version != expected:
        raise MethodError(source, [f"version {method.version!r} must match the file name "
                                   f"({expected!r})"])
    if version is not None and method.version != version:
        raise MethodError(source, [f"asked for version {version!r}, file holds "
                                   f"{method.version!r}"])
    return method
