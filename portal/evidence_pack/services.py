"""Build the audit evidence pack: one ZIP of the supplier process (ISO/IEC 42001 A.10.3).

The ZIP is written entry by entry to a temporary file (documents are streamed from UPLOAD_DIR),
so a large portfolio never sits in memory. index.html and index.csv list every file with its
vendor, date, SHA-256 and what it is.
"""
from __future__ import annotations

import hashlib
import json
import re
import tempfile
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from html import escape
from pathlib import Path
from typing import IO, Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from portal import REPO_ROOT
from portal.assessments.models import Assessment
from portal.audit.services import record
from portal.auth.models import User
from portal.decisions.models import VendorDecision
from portal.decisions.services import decision_dict
from portal.documents.models import Document, DocumentKind
from portal.documents.services import document_path
from portal.extensions import db
from portal.findings.models import Finding
from portal.findings.services import finding_dict
from portal.questionnaires.answers import format_value
from portal.questionnaires.templates import load_pinned
from portal.scoring.exports import csv_text
from portal.scoring.method import methods_dir
from portal.scoring.models import ScoreRecord
from portal.scoring.services import score_dict
from portal.settings import Settings
from portal.vendors.models import Vendor

ANSWER_COLUMNS = ("question_id", "section", "question", "answer", "value", "comment",
                  "review_status", "evidence_level", "updated_at")
INDEX_COLUMNS = ("path", "vendor", "kind", "date", "sha256", "description")
SUPPLIER_COLUMNS = ("vendor_id", "vendor", "status", "inherent_tier", "tiered_at",
                    "assessments_in_pack", "latest_residual_risk", "latest_decision")


@dataclass(frozen=True)
class PackOptions:
    date_from: date | None = None
    date_to: date | None = None
    vendor_ids: Sequence[int] = ()


@dataclass
class _Writer:
    zf: zipfile.ZipFile
    entries: list[dict[str, str]] = field(default_factory=list)

    def text(self, path: str, content: str, *, vendor: str = "", kind: str, on: str = "",
             description: str) -> None:
        data = content.encode("utf-8")
        self.zf.writestr(path, data)
        self._index(path, vendor, kind, on, hashlib.sha256(data).hexdigest(), description)

    def file(self, path: str, source: Path, *, sha256: str, vendor: str, kind: str, on: str,
             description: str) -> None:
        self.zf.write(source, path)  # streamed from disk in chunks
        self._index(path, vendor, kind, on, sha256, description)

    def _index(self, path, vendor, kind, on, sha256, description) -> None:
        self.entries.append({"path": path, "vendor": vendor, "kind": kind, "date": on,
                             "sha256": sha256, "description": description})


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "vendor"


def _bounds(options: PackOptions) -> tuple[datetime | None, datetime | None]:
    start = (datetime.combine(options.date_from, time.min, tzinfo=UTC)
             if options.date_from else None)
    end = (datetime.combine(options.date_to + timedelta(days=1), time.min, tzinfo=UTC)
           if options.date_to else None)
    return start, end


def _in_range(column, start, end):
    conditions = []
    if start is not None:
        conditions.append(column >= start)
    if end is not None:
        conditions.append(column < end)
    return sa.and_(sa.true(), *conditions)


def _json(data: Any) -> str:
    return json.dumps(data, indent=2, default=str, ensure_ascii=False)


def _answers_csv(assessment: Assessment, evidence: Mapping[str, str]) -> tuple[str, list[dict]]:
    template = load_pinned(assessment.template_version)
    answers = {a.question_id: a for a in assessment.answers}
    rows = []
    for section in template.sections:
        for question in section.questions:
            answer = answers.get(question.id)
            rows.append({
                "question_id": question.id, "section": section.title, "question": question.text,
                "answer": format_value(question, answer.value if answer else None),
                "value": json.dumps(answer.value) if answer else "",
                "comment": answer.comment if answer else "",
                "review_status": answer.review_status.value if answer else "",
                "evidence_level": evidence.get(question.id, ""),
                "updated_at": answer.updated_at.isoformat() if answer else "",
            })
    return csv_text(ANSWER_COLUMNS, rows), rows


def _write_methodology(out: _Writer) -> None:
    for name, what in (("tiering.md", "Inherent-risk tiering rule"),
                       ("scoring.md", "Scoring method explained")):
        path = REPO_ROOT / "docs" / name
        if path.is_file():
            out.text(f"method/{name}", path.read_text(encoding="utf-8"), kind="method",
                     description=what)
    for path in sorted(methods_dir().glob("method-*.yaml")):
        out.text(f"method/{path.name}", path.read_text(encoding="utf-8"), kind="method",
                 description="Scoring method file (weights, factors, bands, residual matrix)")


def _write_vendor(out: _Writer, vendor: Vendor, assessments: list[Assessment], start, end,
                  settings: Settings) -> dict[str, Any]:
    root = f"vendors/{vendor.id}-{_slug(vendor.legal_name)}"
    name = vendor.legal_name
    latest_residual = None
    for assessment in assessments:
        base = f"{root}/assessments/{assessment.id}"
        on = (assessment.closed_at or assessment.created_at).date().isoformat()
        score = db.session.scalar(sa.select(ScoreRecord).where(
            ScoreRecord.assessment_id == assessment.id).order_by(ScoreRecord.id.desc()).limit(1))
        text, rows = _answers_csv(assessment, score.evidence if score else {})
        out.text(f"{base}/answers.csv", text, vendor=name, kind="answers", on=on,
                 description=f"Answers to “{assessment.title}” ({assessment.status.value})")
        out.text(f"{base}/answers.json", _json({
            "assessment": {"id": assessment.id, "title": assessment.title,
                           "status": assessment.status.value,
                           "template": assessment.template_version.label,
                           "sent_at": assessment.sent_at, "submitted_at": assessment.submitted_at,
                           "closed_at": assessment.closed_at,
                           "decision_comment": assessment.decision_comment},
            "answers": rows}), vendor=name, kind="answers", on=on,
            description=f"Answers to “{assessment.title}” as JSON")
        if score is not None:
            latest_residual = score.residual_risk
            out.text(f"{base}/score.json", _json({"score": score_dict(score),
                                                  "result": score.result}),
                     vendor=name, kind="score", on=score.computed_at.date().isoformat(),
                     description=f"Score under method {score.method_version}: overall "
                                 f"{score.overall}, residual risk {score.residual_risk}")
    decisions = db.session.scalars(sa.select(VendorDecision).where(
        VendorDecision.vendor_id == vendor.id, _in_range(VendorDecision.decided_at, start, end))
        .order_by(VendorDecision.id)).all()
    if decisions:
        out.text(f"{root}/decisions.json", _json([decision_dict(d) for d in decisions]),
                 vendor=name, kind="decision", on=decisions[-1].decided_at.date().isoformat(),
                 description=f"{len(decisions)} decision(s); latest: "
                             f"{decisions[-1].decision.label}")
    findings = db.session.scalars(sa.select(Finding).where(Finding.vendor_id == vendor.id)
                                  .order_by(Finding.id)).all()
    if findings:
        out.text(f"{root}/findings.json", _json([finding_dict(f) for f in findings]),
                 vendor=name, kind="findings", description=f"{len(findings)} finding(s) with "
                 "status, remediation and risk acceptance")
    ids = [a.id for a in assessments]
    documents = db.session.scalars(sa.select(Document).where(
        Document.vendor_id == vendor.id, Document.is_removed.is_(False),
        sa.or_(Document.kind == DocumentKind.CERTIFICATE, Document.assessment_id.in_(ids)))
        .order_by(Document.id)).all()
    for document in documents:
        try:
            source = document_path(settings, document)
        except ValueError:
            continue
        if not source.is_file():
            continue
        out.file(f"{root}/documents/{document.id}-{_slug(Path(document.original_name).stem)}"
                 f"{Path(document.stored_name).suffix}", source, sha256=document.sha256,
                 vendor=name, kind=document.kind.value,
                 on=document.uploaded_at.date().isoformat(),
                 description=f"{document.original_name}"
                             + (f" (question {document.question_id})"
                                if document.question_id else ""))
    return {"vendor_id": vendor.id, "vendor": name,
            "status": vendor.status.value,
            "inherent_tier": vendor.inherent_tier.value if vendor.inherent_tier else "",
            "tiered_at": vendor.tiered_at.date().isoformat() if vendor.tiered_at else "",
            "assessments_in_pack": len(assessments), "latest_residual_risk": latest_residual or "",
            "latest_decision": decisions[-1].decision.value if decisions else ""}


def _index_html(entries: list[dict[str, str]], options: PackOptions, today: date) -> str:
    period = (f"{options.date_from or 'the beginning'} to {options.date_to or today}")
    rows = "".join(
        f"<tr><td><a href=\"{escape(e['path'])}\">{escape(e['path'])}</a></td>"
        f"<td>{escape(e['vendor'])}</td><td>{escape(e['kind'])}</td><td>{escape(e['date'])}</td>"
        f"<td>{escape(e['description'])}</td><td><code>{e['sha256'][:16]}</code></td></tr>"
        for e in entries)
    return ("<!doctype html><html lang=\"en\"><meta charset=\"utf-8\">"
            "<title>Supplier assurance evidence pack</title>"
            "<h1>Supplier assurance evidence pack</h1>"
            f"<p>ISO/IEC 42001 A.10.3 supplier process evidence. Period: {escape(period)}. "
            f"Generated {today.isoformat()}. Files: {len(entries)}. "
            "index.csv lists the same files with full SHA-256 digests.</p>"
            "<table border=\"1\" cellpadding=\"4\"><thead><tr><th>File</th><th>Vendor</th>"
            "<th>Kind</th><th>Date</th><th>Description</th><th>SHA-256</th></tr></thead>"
            f"<tbody>{rows}</tbody></table></html>")


def build_pack(options: PackOptions, *, actor: User, settings: Settings,
               today: date, handle: IO[bytes] | None = None,
               on_vendor: Callable[[int, str], None] | None = None) -> IO[bytes]:
    """Write the evidence pack to a file (a temporary one unless given), audit the export and
    return the file. on_vendor(total, name) is called after each vendor (progress)."""
    start, end = _bounds(options)
    query = sa.select(Vendor.id).order_by(Vendor.legal_name)
    if options.vendor_ids:
        query = query.where(Vendor.id.in_(list(options.vendor_ids)))
    # Ids first: a progress callback may commit, which must not cut a cursor short.
    vendor_ids = list(db.session.scalars(query))
    handle = handle if handle is not None else tempfile.TemporaryFile()
    suppliers = []
    with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        out = _Writer(zf)
        _write_methodology(out)
        for vendor_id in vendor_ids:
            vendor = db.session.get(Vendor, vendor_id)
            assessments = db.session.scalars(
                sa.select(Assessment).options(selectinload(Assessment.answers),
                                              selectinload(Assessment.template_version))
                .where(Assessment.vendor_id == vendor.id,
                       _in_range(sa.func.coalesce(Assessment.closed_at, Assessment.created_at),
                                 start, end))
                .order_by(Assessment.id)).all()
            suppliers.append(_write_vendor(out, vendor, list(assessments), start, end, settings))
            if on_vendor is not None:
                on_vendor(len(vendor_ids), vendor.legal_name)
            db.session.expire_all()  # keep memory flat across thousands of vendors
        out.text("suppliers.csv", csv_text(SUPPLIER_COLUMNS, suppliers), kind="suppliers",
                 description="Supplier list with inherent tiers and latest outcomes")
        entries = list(out.entries)
        zf.writestr("index.csv", csv_text(INDEX_COLUMNS, entries))
        zf.writestr("index.html", _index_html(entries, options, today))
    record(actor, "evidence_pack.exported",
           f"Exported the audit evidence pack: {len(suppliers)} vendor(s), {len(entries)} files",
           details={"from": options.date_from, "to": options.date_to,
                    "vendor_ids": list(options.vendor_ids), "files": len(entries)})
    handle.seek(0)
    return handle
