"""The offline workbook survives a round trip through LibreOffice Calc (open, fill, save .xlsx).

Needs `soffice` (Debian libreoffice-calc-nogui, installed by .ci/run): skipped on a developer
machine without it, a failure in CI.
"""
from __future__ import annotations

import io
import os
import shutil
import subprocess
from datetime import UTC, date, datetime

import openpyxl
import pytest

from portal.questionnaires.bank import load_templates
from portal.questionnaires.workbook import building, checking, layout

pytestmark = pytest.mark.slow

# How a date answer may look once a person and a spreadsheet have been at it:
# (cell value, number format or None to keep the portal's text format).
DATE_FORMS = {
    "typed-iso-text": ("2027-03-31", None),
    "serial-kept-as-text": ("46477", None),
    "date-cell-day-first": (datetime(2027, 3, 31), "DD/MM/YYYY"),
    "date-cell-long": (datetime(2027, 3, 31), "D MMMM YYYY"),
    "date-cell-with-time": (datetime(2027, 3, 31, 0, 0), "YYYY-MM-DD HH:MM"),
    "serial-in-number-cell": (46477, "General"),
}


@pytest.fixture(scope="module")
def soffice() -> str:
    path = shutil.which("soffice")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("soffice is missing: CI installs libreoffice-calc-nogui")
        pytest.skip("LibreOffice (soffice) is not installed")
    return path


@pytest.fixture(scope="module")
def starter():
    templates, problems = load_templates()
    assert not problems
    return next(t for t in templates if t.key == "ai-supplier-starter")


def _info() -> layout.WorkbookInfo:
    return layout.WorkbookInfo(
        assessment_id=7, assessment_title="Annual check", vendor_name="Acme AI Ltd",
        template_key="ai-supplier-starter", template_version=1, template_title="Starter",
        template_checksum="c" * 64, due_date=date(2030, 1, 31),
        generated_at=datetime(2029, 12, 1, tzinfo=UTC))


def _row_of(ws, qid: str) -> int:
    return next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == qid)


def _filled(template, date_question: str, value: object, number_format: str | None) -> bytes:
    """A portal workbook with a few answers typed in, as a person would in a spreadsheet."""
    wb = openpyxl.load_workbook(io.BytesIO(building.build_workbook(_info(), template, {})))
    ws = wb["Answers"]
    yes_no = next(q for q in template.questions() if q.type == "yes_no" and not q.show_if)
    multi = next(q for q in template.questions() if q.type == "multiple_choice")
    number = next(q for q in template.questions() if q.type == "number")
    ws.cell(_row_of(ws, yes_no.id), layout.ANSWER_COL, yes_no.options[0].label)
    ws.cell(_row_of(ws, yes_no.id), layout.COMMENT_COL, "Since 2024")
    ws.cell(_row_of(ws, multi.id), layout.ANSWER_COL,
            ";".join(o.label for o in multi.options[:2]))
    ws.cell(_row_of(ws, number.id), layout.ANSWER_COL, 1200)
    cell = ws.cell(_row_of(ws, date_question), layout.ANSWER_COL, value)
    if number_format is not None:
        cell.number_format = number_format
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_workbook_round_trip_through_libreoffice(soffice, starter, tmp_path):
    question = next(q.id for q in starter.questions() if q.type == "date")
    source, converted = tmp_path / "in", tmp_path / "out"
    source.mkdir()
    for name, (value, number_format) in DATE_FORMS.items():
        (source / f"{name}.xlsx").write_bytes(_filled(starter, question, value, number_format))
    # One soffice start converts every file; a private profile lets runs happen side by side.
    subprocess.run(
        [soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--norestore", "--convert-to", "xlsx", "--outdir", str(converted),
         *sorted(str(p) for p in source.iterdir())],
        check=True, capture_output=True, timeout=240)

    yes_no = next(q for q in starter.questions() if q.type == "yes_no" and not q.show_if)
    multi = next(q for q in starter.questions() if q.type == "multiple_choice")
    number = next(q for q in starter.questions() if q.type == "number")
    for name in DATE_FORMS:
        data = (converted / f"{name}.xlsx").read_bytes()
        book = layout.read_workbook(data)
        layout.check_metadata(book.meta, assessment_id=7, template_key="ai-supplier-starter",
                            template_version=1, template_checksum="c" * 64)
        results = {r.question_id: r for r in checking.validate_rows(starter, book.rows)}
        assert not [str(r) for r in results.values() if r.error], name
        assert results[question].value == "2027-03-31", name
        assert results[yes_no.id].value == yes_no.options[0].value
        assert results[yes_no.id].comment == "Since 2024"
        assert results[multi.id].value == [o.value for o in multi.options[:2]]
        assert results[number.id].value == 1200

        wb = openpyxl.load_workbook(io.BytesIO(data))
        ws = wb["Answers"]
        assert ws.protection.sheet is True
        assert wb["Lists"].sheet_state == "hidden"
        # LibreOffice has no "very hidden": it saves the details sheet as plainly hidden.
        assert wb["Portal details"].sheet_state in ("hidden", "veryHidden")
        answer = ws.cell(_row_of(ws, yes_no.id), layout.ANSWER_COL)
        assert answer.protection.locked is False
        assert ws.cell(_row_of(ws, yes_no.id), 3).protection.locked is True
        dropdown = [dv for dv in ws.data_validations.dataValidation
                    if answer.coordinate in dv.sqref]
        assert dropdown and dropdown[0].type == "list", name
