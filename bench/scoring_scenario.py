"""The four-vendor scoring scenario (issue 11), replayed through the portal's pages or its API.

Four vendors answer the core questionnaire:
  a: strong answers, a different document attached to every answer that asks for evidence,
     each confirmed relevant by a reviewer, and a valid ISO/IEC 42001 certificate;
  b: the same claims, no evidence;
  c: honest, weaker answers, no evidence;
  d: the same strong claims, one file copied to every answer that asks for evidence, and an
     ISO/IEC 42001 certificate issued to another company (then accepted over that failed check).

    python bench/scoring_scenario.py [--database-url URL] [--via ui|api] [--write-docs]

prints the table of score, confidence, band and residual risk per vendor (the one in
docs/scoring.md; --write-docs replaces it there). tests/web/test_scoring_scenario.py runs the
same scenario as an end-to-end test, on PostgreSQL when TEST_DATABASE_URL is set.
"""
from __future__ import annotations

import argparse
import io
import re
import sys
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from portal.questionnaires.bank import Question, Template, is_visible  # noqa: E402

TEMPLATE_KEY = "ai-supplier-core"
PRODUCT = "Claims Triage Assistant"
MARKERS = ("<!-- scenario-table:start -->", "<!-- scenario-table:end -->")


@dataclass(frozen=True)
class Row:
    vendor: str
    description: str
    overall: float | None
    confidence: float | None
    band: str
    residual: str
    summary: str


def certificate_pdf(organisation: str, *, number: str, today: date) -> bytes:
    """Return a one-page ISO/IEC 42001 certificate for the product, built in code."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    width, height = A4
    y = height - 100
    issued, expires = today - timedelta(days=120), today + timedelta(days=900)
    for size, text in ((24, "CERTIFICATE"), (11, "This is to certify that"), (18, organisation),
                       (10, "1 Example Street, Bristol BS1 4DJ, United Kingdom"),
                       (11, "operates an AI management system which complies with "
                            "ISO/IEC 42001:2023"),
                       (11, "for the following scope:"),
                       (11, f"Development and operation of the {PRODUCT} AI service.")):
        canvas.setFont("Helvetica-Bold" if size >= 18 else "Helvetica", size)
        canvas.drawCentredString(width / 2, y, text)
        y -= size * 1.8
    y -= 20
    for label, value in (("Certificate No.:", number),
                         ("Issue date:", f"{issued.day} {issued:%B %Y}"),
                         ("Expiry date:", f"{expires.day} {expires:%B %Y}")):
        canvas.setFont("Helvetica", 10)
        canvas.drawString(70, y, label)
        canvas.drawString(260, y, value)
        y -= 16
    canvas.drawString(70, 110, "For and on behalf of BSI Assurance UK Ltd")
    canvas.drawString(440, 130, "UKAS")
    canvas.drawString(440, 118, "0003")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def evidence_pdf(title: str) -> bytes:
    """Return a small, distinct PDF document (a policy, report or clause)."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    canvas.drawString(72, 780, title)
    canvas.drawString(72, 760, "Internal document, provided as evidence for the assessment.")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _ranked(question: Question):
    return sorted((o for o in question.options if o.score is not None), key=lambda o: -o.score)


def answer_set(template: Template, *, strong: bool) -> dict[str, object]:
    """Return answers for every question shown: the best option, or an honest middle one."""
    answers: dict[str, object] = {}
    for question in template.questions():
        if not is_visible(question, answers):
            continue
        if question.type in ("text",):
            answers[question.id] = f"{PRODUCT}: see the attached documents."
        elif question.type == "number":
            answers[question.id] = 12
        elif question.type == "date":
            answers[question.id] = date.today().isoformat()
        elif question.type == "file":
            continue  # answered by attaching evidence
        elif not question.is_scored:
            answers[question.id] = (question.options[1].value if question.type != "multiple_choice"
                                    else [question.options[1].value])
        elif question.type == "multiple_choice":
            chosen = [o.value for o in _ranked(question) if not o.exclusive]
            answers[question.id] = chosen if strong else chosen[: max(1, len(chosen) // 3)]
        else:
            ranked = _ranked(question)
            answers[question.id] = (ranked[0] if strong else ranked[len(ranked) // 2]).value
    return answers


def evidence_questions(template: Template, answers: dict[str, object]) -> list[str]:
    """Return the shown, scored questions that ask for evidence."""
    return [q.id for q in template.questions()
            if q.is_scored and q.evidence and q.type != "file" and is_visible(q, answers)]


def markdown_table(rows: list[Row]) -> str:
    """Return the scenario table as Markdown."""
    lines = ["| Vendor | What it did | Score | Confidence | Band | Residual risk "
             "| Why (one sentence on the scorecard) |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for row in rows:
        score = "—" if row.overall is None else f"{row.overall:.1f}"
        confidence = "—" if row.confidence is None else f"{row.confidence:.2f}"
        lines.append(f"| {row.vendor} | {row.description} | {score} | {confidence} | "
                     f"{row.band.capitalize()} | {row.residual.capitalize()} | {row.summary} |")
    return "\n".join(lines)


def write_docs(table: str, path: Path = ROOT / "docs" / "scoring.md") -> None:
    """Replace the table between the scenario markers in docs/scoring.md."""
    text = path.read_text(encoding="utf-8")
    start, end = MARKERS
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.S)
    if not pattern.search(text):
        raise SystemExit(f"{path}: markers {start} ... {end} not found")
    path.write_text(pattern.sub(lambda _: f"{start}\n{table}\n{end}", text), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", help="default: a temporary SQLite database")
    parser.add_argument("--via", choices=("ui", "api"), default="ui")
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args(argv)
    from bench.scoring_replay import run_scenario

    with tempfile.TemporaryDirectory() as tmp:
        rows = run_scenario(Path(tmp), database_url=args.database_url, via=args.via)
    table = markdown_table(rows)
    print(table)
    if args.write_docs:
        write_docs(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
