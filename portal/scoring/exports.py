"""Turn stored scores into the engine's dataclasses again, and into CSV and JSON exports.

Pure module: standard library and the pure scoring types only; callers pass plain values.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any

from portal.scoring.results import (
    ControlScore,
    GeneratedFinding,
    GroupScore,
    HeadlineScore,
    QuestionScore,
    ScoreResult,
)

CONTROL_COLUMNS = (
    "control_id", "title", "group", "group_title", "score", "raw_score", "confidence", "weight",
    "questions", "evidence_levels", "method_version",
)


def _question(data: Mapping[str, Any]) -> QuestionScore:
    return QuestionScore(**{**data, "controls": tuple(data.get("controls", ()))})


def _control(data: Mapping[str, Any]) -> ControlScore:
    return ControlScore(**{**data, "questions": tuple(_question(q) for q in data["questions"])})


def result_from_dict(data: Mapping[str, Any]) -> ScoreResult:
    """Rebuild a ScoreResult from ScoreResult.to_dict() output (e.g. read back from JSON)."""
    controls = tuple(_control(c) for c in data["controls"])
    groups = tuple(GroupScore(**{**g, "controls": tuple(_control(c) for c in g["controls"]),
                                 "questions": tuple(_question(q) for q in g.get("questions", ()))})
                   for g in data["groups"])
    third = data["third_party"]
    headline = HeadlineScore(**{**third, "control_ids": tuple(third["control_ids"]),
                                "questions": tuple(_question(q) for q in third["questions"])})
    findings = tuple(GeneratedFinding(**{**f, "controls": tuple(f.get("controls", ()))})
                     for f in data["findings"])
    return ScoreResult(**{
        **data, "third_party": headline, "groups": groups, "controls": controls,
        "questions": tuple(_question(q) for q in data["questions"]), "findings": findings,
        "residual_reasons": tuple(data["residual_reasons"]),
        "warnings": tuple(data.get("warnings", ())),
    })


def control_rows(result: ScoreResult) -> list[dict[str, Any]]:
    """Return one flat row per scored control, in catalogue order."""
    rows = []
    for control in result.controls:
        counted = [q for q in control.questions if q.applicable]
        rows.append({
            "control_id": control.control_id, "title": control.title, "group": control.group,
            "group_title": control.group_title, "score": control.score,
            "raw_score": control.raw_score, "confidence": control.confidence,
            "weight": control.weight,
            "questions": " ".join(q.question_id for q in control.questions),
            "evidence_levels": " ".join(f"{q.question_id}={q.evidence}" for q in counted),
            "method_version": result.method_version,
        })
    return rows


def _safe(value: Any) -> Any:
    # Spreadsheet formula injection: text starting with = + - @ is shown, never evaluated.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return "" if value is None else value


def csv_text(columns: Iterable[str], rows: Iterable[Mapping[str, Any]]) -> str:
    """Return CSV text with a header row; values that look like formulas are neutralised."""
    buffer = io.StringIO()
    columns = list(columns)
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _safe(row.get(k)) for k in columns})
    return buffer.getvalue()


def csv_line(values: Iterable[Any]) -> str:
    """Return one CSV line (for streaming exports)."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow([_safe(v) for v in values])
    return buffer.getvalue()


def controls_csv(result: ScoreResult) -> str:
    """Return the per-control CSV export of a score."""
    return csv_text(CONTROL_COLUMNS, control_rows(result))


def scorecard_json(*, vendor: Mapping[str, Any], score: Mapping[str, Any] | None,
                   result: Mapping[str, Any] | None, findings: list[Mapping[str, Any]],
                   decision: Mapping[str, Any] | None) -> dict[str, Any]:
    """Assemble the JSON export: vendor, stored score, ScoreResult, findings and decision."""
    return {"vendor": dict(vendor), "score": dict(score) if score else None,
            "result": dict(result) if result else None,
            "findings": [dict(f) for f in findings],
            "decision": dict(decision) if decision else None}
