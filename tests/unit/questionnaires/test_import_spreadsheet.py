"""Spreadsheet questionnaires (CSV and XLSX) with a column mapping, on tables built here."""
from __future__ import annotations

import io
import os
import shutil
import subprocess

import pytest
from openpyxl import Workbook

from portal.questionnaires.bank import TemplateError, is_visible, load_catalogue, parse_template
from portal.questionnaires.drafts import ImportFailed
from portal.questionnaires.spreadsheet import SheetOptions, from_table, read_table
from portal.questionnaires.spreadsheet_columns import ColumnMapping, guess_mapping

ROWS = [
    ["Ref", "Domain", "Subcategory", "Question", "Response type", "Answer options", "Help",
     "ISO 42001"],
    ["G1", "Governance", "", "Do you have an AI policy?", "Yes/No", "", "Attach it.",
     "A.2.2"],
    ["G2", "Governance / Suppliers", "", "How do you vet AI suppliers?", "dropdown",
     "Documented process=1; Informal=0.4; We do not=0; N/A=", "", "A.10.3"],
    ["", "", "", "", "", "", "", ""],
    ["G3", "Governance / Suppliers", "", "Which suppliers do you use?", "checkbox",
     "Cloud\nLabelling\nNone", "", ""],
    ["", "Governance", "", "", "text", "", "orphan note", ""],
    ["O1", "Operations", "Monitoring", "Describe your monitoring.", "", "", "", ""],
    ["O2", "Operations", "Monitoring", "When was the last drill?", "date", "", "", ""],
    ["O3", "Operations", "", "Rate your incident process", "", "Yes; Partial; No", "", ""],
]


def _csv(rows, sep=",") -> bytes:
    out = io.StringIO()
    for row in rows:
        out.write(sep.join('"' + c.replace('"', '""') + '"' for c in row) + "\r\n")
    return out.getvalue().encode("utf-8-sig")


def _xlsx(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Questions"
    ws.append(["Supplier questionnaire 2026"])  # a title row above the header is not skipped
    ws.append([])
    for row in rows:
        ws.append([c or None for c in row])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


def test_headers_are_guessed():
    table = read_table(_csv(ROWS))
    mapping = guess_mapping(table.headers)
    assert mapping == ColumnMapping(question=3, id=0, section=1, subsection=2, guidance=6,
                                    type=4, options=5, controls=7)


@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_csv_in_any_separator(sep, catalogue):
    table = read_table(_csv(ROWS, sep))
    assert len(table.rows) == 7 and table.header_row == 1  # the blank row is dropped
    draft = from_table(table, guess_mapping(table.headers),
                       SheetOptions(key="vendor-sheet", default_controls=("A.10.3",)))
    template = parse_template(draft.data, source="sheet.csv", catalogue=catalogue)
    assert [(s.id, s.parent_id) for s in template.sections] == [
        ("governance", None), ("suppliers", "governance"), ("operations", None),
        ("monitoring", "operations")]
    assert [q.id for q in template.questions()] == ["G1", "G2", "G3", "O3", "O1", "O2"]
    g1, g2, g3 = (template.question(i) for i in ("G1", "G2", "G3"))
    assert (g1.type, g1.weight, g1.controls, g1.guidance) == ("yes_no", 1.0, ("A.2.2",),
                                                             "Attach it.")
    assert [(o.label, o.score) for o in g2.options] == [
        ("Documented process", 1.0), ("Informal", 0.4), ("We do not", 0.0), ("N/A", None)]
    assert (g2.type, g2.weight) == ("single_choice", 1.0)
    assert (g3.type, g3.weight) == ("multiple_choice", 0.0)
    o3 = template.question("O3")  # options without a type: a choice, scored by known labels
    assert ([o.score for o in o3.options], o3.controls) == ([1.0, 0.5, 0.0], ("A.10.3",))
    assert template.question("O2").type == "date"
    warnings = " | ".join(draft.warnings)
    assert "1 row(s) without question text left out" in warnings
    assert "multiple-choice questions are imported unscored" in warnings


def test_xlsx_with_a_title_row_and_a_chosen_mapping(catalogue):
    table = read_table(_xlsx(ROWS))
    assert (table.sheet, table.header_row) == ("Questions", 3)  # the title row is skipped
    # Only some columns chosen: no ids (made from row numbers), no types, no controls.
    mapping = ColumnMapping(question=3, section=1, options=5)
    draft = from_table(table, mapping, SheetOptions(key="from-xlsx", prefix="V",
                                                    default_controls=("A.10.3",)))
    template = parse_template(draft.data, source="sheet.xlsx", catalogue=catalogue)
    assert [q.id for q in template.questions()][:2] == ["V-Q4", "V-Q5"]  # file row numbers
    assert template.question("V-Q4").type == "text"  # no options, no type column
    assert template.question("V-Q5").controls == ("A.10.3",)


def test_scored_rows_without_controls_are_refused_by_the_validator(catalogue):
    table = read_table(_csv(ROWS))
    draft = from_table(table, guess_mapping(table.headers), SheetOptions(key="x"))
    assert any("1 scored question(s) map to no ISO/IEC 42001 control" in w
               for w in draft.warnings)
    with pytest.raises(TemplateError) as info:
        parse_template(draft.data, source="sheet.csv", catalogue=catalogue)
    assert {p.question_id for p in info.value.problems} == {"O3"}  # G2 maps, G3 is unscored


@pytest.mark.parametrize(("data", "message"), [
    (b"", "no rows"),
    (b"Question\n", "no questions under it"),
    (b"PK\x03\x04not really a zip", "not a readable .xlsx"),
    (b"\x00\x01binary", "neither an .xlsx workbook nor a CSV"),
])
def test_unreadable_files(data, message):
    with pytest.raises(ImportFailed, match=message):
        read_table(data)


def test_bad_cells_are_named_by_row():
    table = read_table(_csv([["Question", "Options", "Scores"],
                             ["Q?", "A; B", "1; 2"]]))
    with pytest.raises(ImportFailed, match="row 2: score '2' is not a number from 0 to 1"):
        from_table(table, guess_mapping(table.headers), SheetOptions(key="x"))
    table = read_table(_csv([["Question", "Options", "Scores"], ["Q?", "A; B", "1"]]))
    with pytest.raises(ImportFailed, match="row 2: 2 option"):
        from_table(table, guess_mapping(table.headers), SheetOptions(key="x"))
    with pytest.raises(ImportFailed, match="question text"):
        from_table(table, ColumnMapping(options=1), SheetOptions(key="x"))


def test_conditions_are_not_invented(catalogue):
    table = read_table(_csv(ROWS))
    draft = from_table(table, guess_mapping(table.headers),
                       SheetOptions(key="x", default_controls=("A.10.3",)))
    template = parse_template(draft.data, source="sheet.csv", catalogue=catalogue)
    assert all(q.show_if is None and is_visible(q, {}) for q in template.questions())


def _workbook(sheets: dict[str, list[list[str]]]) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_the_question_sheet_is_found_or_chosen():
    data = _workbook({"Read me": [["How to fill this in", "Answer every row."]],
                      "Lists": [["Yes", "No"]],
                      "Questions": ROWS, "Extra": [["Item", "Note"], ["a", "b"]]})
    table = read_table(data)
    assert (table.sheet, table.sheets) == ("Questions", ("Read me", "Lists", "Questions",
                                                         "Extra"))
    assert read_table(data, sheet="Extra").rows == (("a", "b"),)
    with pytest.raises(ImportFailed, match="no sheet 'Nope'; its sheets are: Read me, Lists"):
        read_table(data, sheet="Nope")


@pytest.mark.parametrize("mangled", ["\ufeffRef", "ï»¿\"Ref\"", " 'Ref' "])
def test_a_byte_order_mark_or_quotes_do_not_hide_a_header(mangled):
    headers = (mangled, "Question")
    assert guess_mapping(headers) == ColumnMapping(id=0, question=1)


@pytest.mark.slow
def test_a_sheet_saved_by_libreoffice(tmp_path, catalogue):
    """The CSV opened and saved as .xlsx by LibreOffice Calc imports like the CSV itself."""
    soffice = shutil.which("soffice")
    if soffice is None:
        if os.environ.get("CI"):
            pytest.fail("soffice is missing: CI installs libreoffice-calc-nogui")
        pytest.skip("LibreOffice (soffice) is not installed")
    (tmp_path / "sheet.csv").write_bytes(_csv(ROWS))
    subprocess.run(
        [soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--norestore", "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir",
         str(tmp_path / "out"), str(tmp_path / "sheet.csv")],
        check=True, capture_output=True, timeout=240)
    table = read_table((tmp_path / "out" / "sheet.xlsx").read_bytes())
    from_csv = read_table(_csv(ROWS))
    assert (table.headers, table.rows) == (from_csv.headers, from_csv.rows)
    draft = from_table(table, guess_mapping(table.headers),
                       SheetOptions(key="lo", default_controls=("A.10.3",)))
    template = parse_template(draft.data, source="sheet.xlsx", catalogue=catalogue)
    assert [q.id for q in template.questions()] == ["G1", "G2", "G3", "O3", "O1", "O2"]
