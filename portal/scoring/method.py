"""Load and validate the versioned scoring method file (questionnaires/scoring/method-*.yaml).

Pure module: standard library and PyYAML only. The types live in portal.scoring.schema and are
re-exported here; docs/scoring.md explains the method to people.
"""
from __future__ import annotations

import re
import string
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from portal.questionnaires.coverage import (
    CONTROL_KINDS,
    Catalogue,
    YamlLoader,
    default_questionnaires_dir,
    display_path,
)
from portal.scoring.schema import (
    CERTIFICATE_CLAIMS,
    CHECK_CODES,
    CROSSWALKS,
    EVIDENCE_SOURCES,
    FINDING_KINDS,
    LEVEL_LABELS,
    LEVELS,
    NOT_APPLICABLE_RULES,
    ROLLUPS,
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

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_]*$")


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class _Reader:
    """Collect every problem while reading the mapping, so one run reports them all."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def report(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}" if where else message)

    def mapping(self, raw: Any, where: str) -> Mapping:
        if not isinstance(raw, Mapping):
            self.report(where, "must be a mapping")
            return {}
        return raw

    def text(self, raw: Mapping, key: str, where: str) -> str:
        value = raw.get(key)
        if not isinstance(value, str) or not value.strip():
            self.report(where, f"{key} must be non-empty text")
            return ""
        return " ".join(value.split())

    def number(self, raw: Mapping, key: str, where: str, lo: float, hi: float | None,
               default: float | None = None) -> float:
        value = raw.get(key, default)
        if not _is_number(value) or value < lo or (hi is not None and value > hi):
            span = f"from {lo:g} to {hi:g}" if hi is not None else f"of at least {lo:g}"
            self.report(where, f"{key} {value!r} must be a number {span}")
            return lo
        return float(value)

    def choice(self, value: Any, allowed, where: str, what: str) -> str:
        if value not in allowed:
            self.report(where, f"{what} {value!r} must be one of {', '.join(allowed)}")
            return allowed[0]
        return value


def _read_levels(r: _Reader, raw: Any) -> tuple[EvidenceLevel, ...]:
    if not isinstance(raw, list) or not raw:
        r.report("evidence_levels", "must be a non-empty list, weakest first")
        return (EvidenceLevel("self_attested", "Self-attested", 0.0, 0),)
    levels: list[EvidenceLevel] = []
    for i, item in enumerate(raw):
        where = f"evidence_levels[{i}]"
        item = r.mapping(item, where)
        lid = item.get("id")
        if not isinstance(lid, str) or not _ID_RE.match(lid):
            r.report(where, f"id {lid!r} must match [a-z0-9][a-z0-9_]*")
            continue
        if any(lv.id == lid for lv in levels):
            r.report(where, f"duplicate evidence level {lid!r}")
            continue
        factor = r.number(item, "factor", where, 0.0, 1.0)
        if levels and factor < levels[-1].factor:
            r.report(where, f"factor {factor:g} is below the weaker level's {levels[-1].factor:g}")
        levels.append(EvidenceLevel(lid, r.text(item, "label", where), factor, len(levels)))
    return tuple(levels) or (EvidenceLevel("self_attested", "Self-attested", 0.0, 0),)


def _read_certificates(r: _Reader, raw: Any, level_ids: list[str]) -> tuple[CertificateRule, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        r.report("certificates", "must be a list")
        return ()
    rules: list[CertificateRule] = []
    for i, item in enumerate(raw):
        where = f"certificates[{i}]"
        item = r.mapping(item, where)
        standard = item.get("standard")
        if not isinstance(standard, str) or not _ID_RE.match(standard):
            r.report(where, f"standard {standard!r} must match [a-z0-9][a-z0-9_]*")
            continue
        if any(c.standard == standard for c in rules):
            r.report(where, f"duplicate standard {standard!r}")
        level = r.choice(item.get("level"), level_ids, where, "level")
        kinds = item.get("kinds", [])
        if not isinstance(kinds, list) or any(k not in CONTROL_KINDS for k in kinds):
            r.report(where, f"kinds must be a list of {', '.join(CONTROL_KINDS)}")
            kinds = []
        crosswalk = item.get("crosswalk")
        if crosswalk is not None:
            crosswalk = r.choice(crosswalk, CROSSWALKS, where, "crosswalk")
        if not kinds and crosswalk is None:
            r.report(where, "give kinds or crosswalk: which answers does the certificate lift?")
        for key in set(item) - {"standard", "label", "level", "kinds", "crosswalk", "reach"}:
            r.report(where, f"unknown field {key!r}")
        reach = _read_reach(r, item.get("reach"), f"{where}.reach")
        rules.append(CertificateRule(standard, r.text(item, "label", where), level,
                                     tuple(kinds), crosswalk, **reach))
    return tuple(rules)


def _read_reach(r: _Reader, raw: Any, where: str) -> dict[str, Any]:
    """Read a certificate's reach: which questions it may lift, which never (commitments)."""
    if raw is None:
        return {}
    raw = r.mapping(raw, where)
    for key in set(raw) - {"questions", "never", "primary_only"}:
        r.report(where, f"unknown field {key!r}")
    out: dict[str, Any] = {}
    for key in ("questions", "never"):
        patterns = raw.get(key, [])
        if not isinstance(patterns, list) or not all(
                isinstance(p, str) and p.strip() for p in patterns):
            r.report(where, f"{key} must be a list of question id patterns such as CORE-SEC-*")
            patterns = []
        out[key] = tuple(patterns)
    primary = raw.get("primary_only", False)
    if not isinstance(primary, bool):
        r.report(where, "primary_only must be true or false")
        primary = False
    out["primary_only"] = primary
    return out


def _read_rollup(r: _Reader, data: Mapping) -> dict[str, str]:
    """Read how scores roll up and when N/A counts; absent fields keep their v1 meaning."""
    out = {}
    if "rollup" in data:
        raw = r.mapping(data["rollup"], "rollup")
        for key in set(raw) - {"by"}:
            r.report("rollup", f"unknown field {key!r}")
        out["rollup"] = r.choice(raw.get("by"), ROLLUPS, "rollup", "by")
    if "not_applicable" in data:
        raw = r.mapping(data["not_applicable"], "not_applicable")
        for key in set(raw) - {"counts"}:
            r.report("not_applicable", f"unknown field {key!r}")
        out["not_applicable"] = r.choice(raw.get("counts"), NOT_APPLICABLE_RULES,
                                         "not_applicable", "counts")
    return out


def _read_bands(r: _Reader, raw: Any) -> tuple[Band, ...]:
    if not isinstance(raw, list) or not raw:
        r.report("bands", "must be a non-empty list, best band first")
        return (Band("none", "None", 0.0),)
    bands: list[Band] = []
    for i, item in enumerate(raw):
        where = f"bands[{i}]"
        item = r.mapping(item, where)
        bid = item.get("id")
        if not isinstance(bid, str) or not _ID_RE.match(bid):
            r.report(where, f"id {bid!r} must match [a-z0-9][a-z0-9_]*")
            continue
        if any(b.id == bid for b in bands):
            r.report(where, f"duplicate band {bid!r}")
            continue
        low = r.number(item, "min", where, 0.0, 100.0)
        if bands and low >= bands[-1].min_score:
            r.report(where, f"min {low:g} must be below the previous band's "
                            f"{bands[-1].min_score:g}")
        bands.append(Band(bid, r.text(item, "label", where), low))
    if bands and bands[-1].min_score != 0:
        r.report("bands", "the last (weakest) band must start at min 0")
    return tuple(bands) or (Band("none", "None", 0.0),)


def _read_matrix(r: _Reader, raw: Any, bands: tuple[Band, ...]) -> dict[str, dict[str, str]]:
    raw = r.mapping(raw, "residual.matrix")
    band_ids = [b.id for b in bands]
    matrix: dict[str, dict[str, str]] = {}
    for tier in LEVELS:
        where = f"residual.matrix.{tier}"
        row = r.mapping(raw.get(tier), where)
        if set(row) != set(band_ids):
            r.report(where, f"needs exactly the bands {', '.join(band_ids)}")
        matrix[tier] = {b: r.choice(row.get(b), LEVELS, where, b) for b in band_ids}
    for extra in set(raw) - set(LEVELS):
        r.report("residual.matrix", f"unknown tier {extra!r}")
    # Monotone: worse tier (down) or weaker band (right) never gives a lower residual level.
    for i, tier in enumerate(LEVELS):
        for j, band in enumerate(band_ids):
            here = LEVELS.index(matrix[tier][band])
            if i and LEVELS.index(matrix[LEVELS[i - 1]][band]) > here:
                r.report("residual.matrix", f"{tier}/{band} is lower than {LEVELS[i - 1]}/{band}")
            if j and LEVELS.index(matrix[tier][band_ids[j - 1]]) > here:
                r.report("residual.matrix", f"{tier}/{band} is lower than {tier}/{band_ids[j - 1]}")
    return matrix


def _read_template_text(r: _Reader, raw: Mapping, key: str, where: str) -> str:
    text = r.text(raw, key, where)
    for _, name, _, _ in string.Formatter().parse(text) if text else ():
        if name is not None and name not in TEMPLATE_FIELDS:
            r.report(where, f"{key}: unknown placeholder {{{name}}}")
    return text


def _read_rules(r: _Reader, raw: Any, where: str) -> tuple[SeverityRule, ...]:
    if not isinstance(raw, list) or not raw:
        r.report(where, "rules must be a non-empty list")
        return ()
    rules = []
    for i, item in enumerate(raw):
        rwhere = f"{where}.rules[{i}]"
        item = r.mapping(item, rwhere)
        for key in set(item) - {"severity", "min_weight", "critical"}:
            r.report(rwhere, f"unknown field {key!r}")
        critical = item.get("critical")
        if critical is not None and not isinstance(critical, bool):
            r.report(rwhere, "critical must be true or false")
            critical = None
        rules.append(SeverityRule(r.choice(item.get("severity"), LEVELS, rwhere, "severity"),
                                  r.number(item, "min_weight", rwhere, 0.0, 5.0, 0.0), critical))
    return tuple(rules)


def _read_findings(r: _Reader, raw: Any, level_ids: list[str]) -> dict[str, FindingRule]:
    raw = r.mapping(raw, "findings")
    out: dict[str, FindingRule] = {}
    for extra in set(raw) - set(FINDING_KINDS):
        r.report("findings", f"unknown finding kind {extra!r}")
    for kind in FINDING_KINDS:
        where = f"findings.{kind}"
        item = r.mapping(raw.get(kind), where)
        texts = {k: _read_template_text(r, item, k, where)
                 for k in ("title", "detail", "remediation")}
        if kind == "critical_answer":
            rule = FindingRule(kind, **texts,
                               severity=r.choice(item.get("severity"), LEVELS, where, "severity"))
        elif kind == "poor_answer":
            rule = FindingRule(kind, **texts, rules=_read_rules(r, item.get("rules"), where),
                               below_score=r.number(item, "below_score", where, 0.0, 1.0))
        else:
            rule = FindingRule(kind, **texts, rules=_read_rules(r, item.get("rules"), where),
                               min_score=r.number(item, "min_score", where, 0.0, 1.0),
                               below_level=r.choice(item.get("below_level"), level_ids, where,
                                                    "below_level"))
        out[kind] = rule
    return out


def _read_evidence(r: _Reader, raw: Any, level_ids: list[str]) -> dict[str, str]:
    if raw is None:
        return {}
    raw = r.mapping(raw, "evidence")
    for key in set(raw) - {"derive_from", "attached", "reviewed", "certificate_claims"}:
        r.report("evidence", f"unknown field {key!r}")
    return {
        "evidence_source": r.choice(raw.get("derive_from"), EVIDENCE_SOURCES, "evidence",
                                    "derive_from"),
        "attached_level": r.choice(raw.get("attached"), level_ids, "evidence", "attached"),
        "reviewed_level": r.choice(raw.get("reviewed"), level_ids, "evidence", "reviewed"),
        "certificate_claims": r.choice(raw.get("certificate_claims", "any"), CERTIFICATE_CLAIMS,
                                       "evidence", "certificate_claims"),
    }


def _read_checks(r: _Reader, raw: Any) -> dict[str, tuple[str, ...]]:
    if raw is None:
        return {}
    raw = r.mapping(raw, "certificate_checks")
    out = {}
    for key, field in (("must_pass", "certificate_must_pass"),
                       ("must_not_fail", "certificate_must_not_fail")):
        codes = raw.get(key, [])
        if not isinstance(codes, list) or any(c not in CHECK_CODES for c in codes):
            r.report("certificate_checks", f"{key} must be a list of {', '.join(CHECK_CODES)}")
            codes = []
        out[field] = tuple(codes)
    for key in set(raw) - {"must_pass", "must_not_fail"}:
        r.report("certificate_checks", f"unknown field {key!r}")
    return out


def _read_residual_extras(r: _Reader, residual: Mapping) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "low_confidence" in residual:
        low = r.mapping(residual["low_confidence"], "residual.low_confidence")
        out["low_confidence"] = (r.number(low, "below", "residual.low_confidence", 0.0, 1.0),
                                 int(r.number(low, "steps", "residual.low_confidence", 1, 3)))
    if "certificate_identity_floor" in residual:
        out["certificate_identity_floor"] = r.choice(
            residual["certificate_identity_floor"], LEVELS, "residual",
            "certificate_identity_floor")
    for key in set(residual) - {"unknown_tier", "matrix", "finding_floors", "low_confidence",
                                "certificate_identity_floor"}:
        r.report("residual", f"unknown field {key!r}")
    return out


def parse_method(data: Any, *, source: str = "<method>",
                 catalogue: Catalogue | None = None) -> Method:
    """Validate a method mapping and build it; with a catalogue, also check control ids.

    Raises:
        MethodError: listing every problem found.
    """
    r = _Reader()
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
    levels = _read_levels(r, data.get("evidence_levels"))
    level_ids = [lv.id for lv in levels]
    certificates = _read_certificates(r, data.get("certificates"), level_ids)
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
    bands = _read_bands(r, data.get("bands"))
    residual = r.mapping(data.get("residual"), "residual")
    matrix = _read_matrix(r, residual.get("matrix"), bands)
    unknown_tier = r.choice(residual.get("unknown_tier"), LEVELS, "residual", "unknown_tier")
    floors_raw = r.mapping(residual.get("finding_floors", {}), "residual.finding_floors")
    floors = {r.choice(k, LEVELS, "residual.finding_floors", "severity"):
              r.choice(v, LEVELS, "residual.finding_floors", "level")
              for k, v in floors_raw.items()}
    findings = _read_findings(r, data.get("findings"), level_ids)
    extras = {**_read_evidence(r, data.get("evidence"), level_ids),
              **_read_checks(r, data.get("certificate_checks")),
              **_read_residual_extras(r, residual), **_read_rollup(r, data)}
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
