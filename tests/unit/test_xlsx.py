"""The offline workbook: layout, protection, metadata, safe reading and row validation."""
from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from portal.questionnaires.bank import load_templates
from portal.questionnaires.workbook import building, checking, layout

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def starter():
    templates, problems = load_templates()
    assert not problems
    return next(t for t in templates if t.key == "ai-supplier-starter")


def _info(**kw) -> layout.WorkbookInfo:
    values = dict(assessment_id=7, assessment_title="Annual check", vendor_name="Acme AI Ltd",
                  template_key="ai-supplier-starter", template_version=1,
                  template_title="Starter", template_checksum="c" * 64,
                  due_date=date(2030, 1, 31), generated_at=datetime(2029, 12, 1, tzinfo=UTC))
    values.update(kw)
    return layout.WorkbookInfo(**values)


def _book(starter, answers=None, **kw) -> bytes:
    return building.build_workbook(_info(**kw), starter, answers or {})


def _row_of(ws, qid: str) -> int:
    return next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == qid)


def test_workbook_has_one_row_per_question_with_current_answers(starter):
    data = _book(starter, {"START-ORG-03": ("partial", "Audit booked"),
                           "START-ORG-02": (12, None),
                           "START-SUP-01": (["cloud-hosting", "data-labelling"], None)})
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames[:2] == ["Instructions", "Answers"]
    ws = wb["Answers"]
    assert [c.value for c in ws[1]] == list(layout.HEADER)
    ids = [ws.cell(r, 1).value for r in range(2, ws.max_row + 1)]
    assert ids == [q.id for q in starter.questions()]
    row = _row_of(ws, "START-ORG-03")
    assert ws.cell(row, layout.ANSWER_COL).value == "In progress (audit booked)"
    assert ws.cell(row, layout.COMMENT_COL).value == "Audit booked"
    assert ws.cell(_row_of(ws, "START-ORG-02"), layout.ANSWER_COL).value == 12
    question = starter.question("START-SUP-01")
    multi = ws.cell(_row_of(ws, "START-SUP-01"), layout.ANSWER_COL).value
    assert multi == "; ".join(question.option(v).label for v in ["cloud-hosting", "data-labelling"])
    assert ws.cell(_row_of(ws, "START-ORG-04"), 4).value.endswith(
        "Answer only if START-ORG-03 is Yes.")
    instructions = "\n".join(str(c.value) for row in wb["Instructions"].iter_rows() for c in row
                             if c.value)
    for fact in ("Annual check (#7)", "Acme AI Ltd", "ai-supplier-starter version 1",
                 "2030-01-31", "YYYY-MM-DD"):
        assert fact in instructions


def test_only_answer_and_comment_cells_are_unlocked(starter):
    wb = openpyxl.load_workbook(io.BytesIO(_book(starter)))
    ws = wb["Answers"]
    assert ws.protection.sheet is True
    for row in range(2, ws.max_row + 1):
        question = starter.question(ws.cell(row, 1).value)
        for col in range(1, layout.ANSWER_COL):
            assert ws.cell(row, col).protection.locked is True
        assert ws.cell(row, layout.COMMENT_COL).protection.locked is False
        assert ws.cell(row, layout.ANSWER_COL).protection.locked is (question.type == "file")
    file_row = next(r for r in range(2, ws.max_row + 1)
                    if starter.question(ws.cell(r, 1).value).type == "file")
    assert ws.cell(file_row, layout.ANSWER_COL).value == layout.FILE_PLACEHOLDER
    assert wb["Portal details"].sheet_state == "veryHidden"
    assert wb["Lists"].sheet_state == "hidden"
    assert wb["Instructions"].protection.sheet is True


def test_choice_answers_get_a_dropdown_of_labels(starter):
    wb = openpyxl.load_workbook(io.BytesIO(_book(starter)))
    ws, lists = wb["Answers"], wb["Lists"]
    row = _row_of(ws, "START-RESP-02")
    cell = ws.cell(row, layout.ANSWER_COL).coordinate
    validation = next(dv for dv in ws.data_validations.dataValidation if cell in dv.sqref)
    assert validation.type == "list"
    sheet, cells = validation.formula1.split("!")
    assert sheet == "'Lists'"
    labels = [c.value for r in lists[cells.replace("$", "")] for c in r]
    assert labels == [o.label for o in starter.question("START-RESP-02").options]


def test_text_that_looks_like_a_formula_stays_text(starter):
    data = _book(starter, {"START-ORG-01": ('=HYPERLINK("http://evil.test","x")', "=1+1")},
                 vendor_name="=cmd|' /C calc'!A0")
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb["Answers"]
    row = _row_of(ws, "START-ORG-01")
    for col in (layout.ANSWER_COL, layout.COMMENT_COL):
        assert ws.cell(row, col).data_type == "s"
    assert all(c.data_type != "f" for r in wb["Instructions"].iter_rows() for c in r)


def test_read_back_metadata_and_rows(starter):
    book = layout.read_workbook(_book(starter, {"START-ORG-03": ("yes", None)}))
    assert book.meta["assessment_id"] == "7"
    assert book.meta["template_version"] == "1"
    layout.check_metadata(book.meta, assessment_id=7, template_key="ai-supplier-starter",
                        template_version=1, template_checksum="c" * 64)
    row = next(r for r in book.rows if r.question_id == "START-ORG-03")
    assert (row.row, row.answer) == (4, "Yes")


@pytest.mark.parametrize("kwargs, message", [
    ({"assessment_id": 8}, "belongs to another assessment (#7)"),
    ({"template_version": 2}, "made for questionnaire ai-supplier-starter version 1"),
    ({"template_key": "ai-supplier-core"}, "made for questionnaire ai-supplier-starter"),
    ({"template_checksum": "d" * 64}, "differ from the questionnaire"),
])
def test_metadata_of_another_assessment_or_version_is_refused(starter, kwargs, message):
    book = layout.read_workbook(_book(starter))
    expected = dict(assessment_id=7, template_key="ai-supplier-starter", template_version=1,
                    template_checksum="c" * 64)
    expected.update(kwargs)
    with pytest.raises(layout.WorkbookError, match=message.replace("(", r"\(").replace(")", r"\)")):
        layout.check_metadata(book.meta, **expected)


def _fill(data: bytes, values: dict[str, tuple[object, object]]) -> tuple[bytes, dict[str, int]]:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb["Answers"]
    rows = {}
    for qid, (answer, comment) in values.items():
        row = _row_of(ws, qid)
        rows[qid] = row
        ws.cell(row, layout.ANSWER_COL, answer)
        ws.cell(row, layout.COMMENT_COL, comment)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), rows


def test_labels_values_and_cell_types_are_understood(starter):
    data, _ = _fill(_book(starter), {
        "START-ORG-01": (12345, None),                         # number typed in a text cell
        "START-ORG-02": ("1,200", None),
        "START-ORG-03": ("  in PROGRESS (Audit booked) ", None),  # label, any case and spacing
        "START-ORG-04": (datetime(2027, 3, 31), None),          # Excel turned it into a date
        "START-RESP-01": ("no", None),                          # the value works too
        "START-SUP-01": ("Cloud hosting or compute provider;third-party data vendor", None),
    })
    results = {r.question_id: r for r in checking.validate_rows(starter,
                                                            layout.read_workbook(data).rows)}
    assert results["START-ORG-01"].value == "12345"
    assert results["START-ORG-02"].value == 1200
    assert results["START-ORG-03"].value == "partial"
    assert results["START-ORG-04"].value == "2027-03-31"
    assert results["START-RESP-01"].value == "no"
    assert results["START-SUP-01"].value == ["cloud-hosting", "data-vendor"]
    assert results["START-RESP-02"].skipped  # blank: left as it is
    assert not any(r.error for r in results.values())


def test_every_bad_row_is_reported_with_its_row_number(starter):
    data, rows = _fill(_book(starter), {
        "START-ORG-02": ("about a dozen", None),
        "START-ORG-03": ("Maybe", None),
        "START-ORG-04": ("31/03/2027", None),
        "START-SUP-01": ("Cloud hosting or compute provider; Aliens", None),
        "START-SUP-02": ("Not applicable", None),  # needs a justification
        "START-RESP-01": ("Yes", None),
    })
    results = checking.validate_rows(starter, layout.read_workbook(data).rows)
    errors = {r.question_id: str(r) for r in results if r.error}
    assert set(errors) == {"START-ORG-02", "START-ORG-03", "START-ORG-04", "START-SUP-01",
                           "START-SUP-02"}
    assert errors["START-ORG-03"] == (f"Row {rows['START-ORG-03']} (START-ORG-03): Choose one "
                                      "of: Yes; In progress (audit booked); No.")
    assert errors["START-ORG-02"].startswith(f"Row {rows['START-ORG-02']} (START-ORG-02): Enter")
    assert "justification" in errors["START-SUP-02"] or "Explain" in errors["START-SUP-02"]
    ok = next(r for r in results if r.question_id == "START-RESP-01")
    assert ok.value == "yes" and ok.error is None


def test_unknown_and_duplicate_question_ids_are_errors(starter):
    rows = (layout.WorkbookRow(2, "START-ORG-03", "Yes", None),
            layout.WorkbookRow(3, "START-ORG-03", "No", None),
            layout.WorkbookRow(4, "NOPE-01", "Yes", None))
    results = checking.validate_rows(starter, rows)
    assert [r.error is None for r in results] == [True, False, False]
    assert "twice" in results[1].error and "not in the questionnaire" in results[2].error


def _zip(entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, body in entries.items():
            archive.writestr(name, body)
    return out.getvalue()


@pytest.mark.parametrize("data, message", [
    (b"", "empty"),
    (b"Question ID,Answer\nSTART-ORG-03,Yes\n", "not an Excel workbook"),
    (b"%PDF-1.7 not a workbook", "not an Excel workbook"),
    (b"PK\x03\x04 truncated rubbish", "damaged"),
    (None, "zip bomb"),
    ("many", "zip bomb"),
    ("docx", "not an Excel workbook"),
])
def test_unsafe_or_foreign_files_are_refused_before_opening(data, message):
    if data is None:  # 100 MB of zeros squeezed into a few hundred KB
        data = _zip({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<x/>",
                     "xl/worksheets/sheet1.xml": b"\0" * (100 * 1024 * 1024)})
    elif data == "many":
        data = _zip({f"xl/part{i}.xml": b"" for i in range(500)})
    elif data == "docx":
        data = _zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<x/>"})
    with pytest.raises(layout.WorkbookError, match=message):
        layout.read_workbook(data)


def test_oversized_file_is_refused():
    limits = layout.WorkbookLimits(max_bytes=1000)
    with pytest.raises(layout.WorkbookError, match="larger than"):
        layout.check_archive(b"PK\x03\x04" + b"\0" * 2000, limits)


def test_workbook_without_portal_details_is_refused():
    wb = openpyxl.Workbook()
    wb.active.title = "Answers"
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(layout.WorkbookError, match="not a workbook downloaded from the portal"):
        layout.read_workbook(out.getvalue())


def test_xlsx_module_loads_no_web_or_database_framework():
    code = ("import sys; import portal; before = set(sys.modules); "
            "import portal.questionnaires.workbook.layout, "
            "portal.questionnaires.workbook.building, portal.questionnaires.workbook.checking; "
            "bad = [m for m in set(sys.modules) - before "
            "if m.split('.')[0] in ('flask', 'sqlalchemy', 'flask_sqlalchemy', 'werkzeug')]; "
            "print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr


def test_damaged_sheet_xml_gets_a_clear_message(starter):
    source = zipfile.ZipFile(io.BytesIO(_book(starter)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet2.xml":
                body = body[: len(body) // 2]  # cut off mid-element
            archive.writestr(item, body)
    with pytest.raises(layout.WorkbookError, match="could not be read"):
        layout.read_workbook(out.getvalue())


@pytest.mark.parametrize("cell, expected", [
    (datetime(2027, 3, 31), "2027-03-31"),                 # a date cell, any number format
    (date(2027, 3, 31), "2027-03-31"),
    (datetime(2027, 3, 31, 0, 0), "2027-03-31"),
    (46477, "2027-03-31"),                                 # a serial in a number cell
    (46477.0, "2027-03-31"),
    (46477.75, "2027-03-31"),                              # a serial with a time of day
    ("46477", "2027-03-31"),                               # a serial kept as text
    (" 46477 ", "2027-03-31"),
    ("46477,0", "2027-03-31"),                             # with a decimal comma
    ("2027-03-31", "2027-03-31"),
    ("2027-03-31 00:00:00", "2027-03-31"),                 # text with a midnight time
    ("2027-03-31T00:00", "2027-03-31"),
    ("2027", "2027"),                                      # a year is not read as 1905
    (2027, "2027"),
    (9999, "9999"),                                        # below 1927-05-18: not a serial
    (109575, "109575"),                                    # after 2199-12-31: not a serial
    ("31/03/2027", "31/03/2027"),                          # never guessed
    (True, "TRUE"),
])
def test_date_cells_are_read_whatever_the_spreadsheet_made_of_them(cell, expected):
    assert checking.date_cell(cell) == expected


def test_date_serials_follow_the_workbooks_date_system():
    assert checking.date_cell(45015, CALENDAR_MAC_1904) == "2027-03-31"
    assert checking.date_cell("45015", CALENDAR_MAC_1904) == "2027-03-31"


@pytest.mark.parametrize("cell, error", [
    ("2027", "Enter a real date as YYYY-MM-DD"),
    ("31/03/2027", "Enter a real date as YYYY-MM-DD"),
    (9999, "Enter a real date as YYYY-MM-DD"),
])
def test_dates_that_are_not_dates_are_reported_not_guessed(starter, cell, error):
    rows = (layout.WorkbookRow(5, "START-ORG-04", cell, None),)
    result, = checking.validate_rows(starter, rows)
    assert result.error is not None and result.error.startswith(error)


def test_a_1904_workbook_reads_serials_in_its_own_system(starter):
    wb = openpyxl.load_workbook(io.BytesIO(_book(starter)))
    wb.epoch = CALENDAR_MAC_1904
    ws = wb["Answers"]
    ws.cell(_row_of(ws, "START-ORG-04"), layout.ANSWER_COL, "45015")
    out = io.BytesIO()
    wb.save(out)
    results = {r.question_id: r for r in checking.validate_rows(
        starter, layout.read_workbook(out.getvalue()).rows)}
    assert results["START-ORG-04"].value == "2027-03-31"
