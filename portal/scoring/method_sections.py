"""Read each section of a scoring method mapping, collecting every problem on the way.

Pure module: standard library and the question bank's control kinds only; portal.scoring.method
puts the sections together.
"""
from __future__ import annotations

import re
import string
from collections.abc import Iterator, Mapping
from typing import Any

from portal.questionnaires.coverage import CONTROL_KINDS
from portal.scoring.schema import (
    CERTIFICATE_CLAIMS,
    CHECK_CODES,
    CROSSWALKS,
    EVIDENCE_SOURCES,
    FINDING_KINDS,
    LEVELS,
    NOT_APPLICABLE_RULES,
    ROLLUPS,
    TEMPLATE_FIELDS,
    Band,
    CertificateRule,
    EvidenceLevel,
    FindingRule,
    SeverityRule,
)

ID_RE = re.compile(r"^[a-z0-9][a-z0-9_]*$")


def is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class Reader:
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
        if not is_number(value) or value < lo or (hi is not None and value > hi):
            span = f"from {lo:g} to {hi:g}" if hi is not None else f"of at least {lo:g}"
            self.report(where, f"{key} {value!r} must be a number {span}")
            return lo
        return float(value)

    def identified(self, raw: Any, section: str, order: str,
                   what: str) -> Iterator[tuple[str, str, Mapping]]:
        """Yield (where, id, entry) for each entry of a non-empty list with a new, valid id."""
        if not isinstance(raw, list) or not raw:
            self.report(section, f"must be a non-empty list, {order}")
            return
        seen: set[str] = set()
        for i, item in enumerate(raw):
            where = f"{section}[{i}]"
            item = self.mapping(item, where)
            entry_id = item.get("id")
            if not isinstance(entry_id, str) or not ID_RE.match(entry_id):
                self.report(where, f"id {entry_id!r} must match [a-z0-9][a-z0-9_]*")
            elif entry_id in seen:
                self.report(where, f"duplicate {what} {entry_id!r}")
            else:
                seen.add(entry_id)
                yield where, entry_id, item

    def choice(self, value: Any, allowed, where: str, what: str) -> str:
        if value not in allowed:
            self.report(where, f"{what} {value!r} must be one of {', '.join(allowed)}")
            return allowed[0]
        return value


def read_levels(r: Reader, raw: Any) -> tuple[EvidenceLevel, ...]:
    levels: list[EvidenceLevel] = []
    for where, lid, item in r.identified(raw, "evidence_levels", "weakest first",
                                         "evidence level"):
        factor = r.number(item, "factor", where, 0.0, 1.0)
        if levels and factor < levels[-1].factor:
            r.report(where, f"factor {factor:g} is below the weaker level's {levels[-1].factor:g}")
        levels.append(EvidenceLevel(lid, r.text(item, "label", where), factor, len(levels)))
    return tuple(levels) or (EvidenceLevel("self_attested", "Self-attested", 0.0, 0),)


def read_certificates(r: Reader, raw: Any, level_ids: list[str]) -> tuple[CertificateRule, ...]:
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
        if not isinstance(standard, str) or not ID_RE.match(standard):
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
        reach = read_reach(r, item.get("reach"), f"{where}.reach")
        rules.append(CertificateRule(standard, r.text(item, "label", where), level,
                                     tuple(kinds), crosswalk, **reach))
    return tuple(rules)


def read_reach(r: Reader, raw: Any, where: str) -> dict[str, Any]:
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


def read_rollup(r: Reader, data: Mapping) -> dict[str, str]:
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


def read_bands(r: Reader, raw: Any) -> tuple[Band, ...]:
    bands: list[Band] = []
    for where, bid, item in r.identified(raw, "bands", "best band first", "band"):
        low = r.number(item, "min", where, 0.0, 100.0)
        if bands and low >= bands[-1].min_score:
            r.report(where, f"min {low:g} must be below the previous band's "
                            f"{bands[-1].min_score:g}")
        bands.append(Band(bid, r.text(item, "label", where), low))
    if bands and bands[-1].min_score != 0:
        r.report("bands", "the last (weakest) band must start at min 0")
    return tuple(bands) or (Band("none", "None", 0.0),)


def read_matrix(r: Reader, raw: Any, bands: tuple[Band, ...]) -> dict[str, dict[str, str]]:
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


def read_template_text(r: Reader, raw: Mapping, key: str, where: str) -> str:
    text = r.text(raw, key, where)
    for _, name, _, _ in string.Formatter().parse(text) if text else ():
        if name is not None and name not in TEMPLATE_FIELDS:
            r.report(where, f"{key}: unknown placeholder {{{name}}}")
    return text


def read_rules(r: Reader, raw: Any, where: str) -> tuple[SeverityRule, ...]:
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


def read_findings(r: Reader, raw: Any, level_ids: list[str]) -> dict[str, FindingRule]:
    raw = r.mapping(raw, "findings")
    out: dict[str, FindingRule] = {}
    for extra in set(raw) - set(FINDING_KINDS):
        r.report("findings", f"unknown finding kind {extra!r}")
    for kind in FINDING_KINDS:
        where = f"findings.{kind}"
        item = r.mapping(raw.get(kind), where)
        texts = {k: read_template_text(r, item, k, where)
                 for k in ("title", "detail", "remediation")}
        if kind == "critical_answer":
            rule = FindingRule(kind, **texts,
                               severity=r.choice(item.get("severity"), LEVELS, where, "severity"))
        elif kind == "poor_answer":
            rule = FindingRule(kind, **texts, rules=read_rules(r, item.get("rules"), where),
                               below_score=r.number(item, "below_score", where, 0.0, 1.0))
        else:
            rule = FindingRule(kind, **texts, rules=read_rules(r, item.get("rules"), where),
                               min_score=r.number(item, "min_score", where, 0.0, 1.0),
                               below_level=r.choice(item.get("below_level"), level_ids, where,
                                                    "below_level"))
        out[kind] = rule
    return out


def read_evidence(r: Reader, raw: Any, level_ids: list[str]) -> dict[str, str]:
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


def read_checks(r: Reader, raw: Any) -> dict[str, tuple[str, ...]]:
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


def read_residual_extras(r: Reader, residual: Mapping) -> dict[str, Any]:
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
