"""Build the offline answering workbook (pure: openpyxl and the question bank only).

The sheets and columns are those of portal.questionnaires.workbook.layout, the workbook format.
"""

from __future__ import annotations

import io
from collections.abc import Mapping

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from portal.questionnaires.answers import format_value
from portal.questionnaires.bank import Question, Template, describe_condition
from portal.questionnaires.workbook.layout import (
    ANSWER_COL,
    ANSWERS_SHEET,
    COMMENT_COL,
    FILE_PLACEHOLDER,
    FORMAT_VERSION,
    HEADER,
    INSTRUCTIONS_SHEET,
    LISTS_SHEET,
    META_SHEET,
    TYPE_LABELS,
    WIDTHS,
    WorkbookInfo,
)


def _put(ws, row: int, col: int, value: object):
    """Write a cell; text never becomes a formula, whatever it starts with."""
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
    return cell


def _allowed(question: Question) -> str:
    labels = [o.label for o in question.options]
    if question.type == "multiple_choice":
        return "Allowed answers, separated by ; — " + "; ".join(labels)
    if question.options:
        return "Allowed answers: " + " | ".join(labels)
    return {"number": "Enter a number, for example 12 or 3.5.",
            "date": "Enter a date as YYYY-MM-DD, for example 2026-03-31.",
            "file": "Attach files in the portal; this workbook cannot carry them."}.get(
        question.type, "")


def _guidance(question: Question, template: Template) -> str:
    parts = [question.guidance, _allowed(question)]
    if question.type != "multiple_choice" and question.allows_not_applicable:
        parts.append("Not applicable needs a justification in the Comment column.")
    if question.show_if is not None:
        parts.append(f"Answer only if {describe_condition(question, template)}.")
    return "\n\n".join(p for p in parts if p)


def _display(question: Question, value: object) -> object:
    if value is None or value == [] or value == "":
        return None
    if question.type == "number" and isinstance(value, int | float):
        return value
    if question.type in ("text", "date"):
        return str(value)
    return format_value(question, value)


def build_workbook(info: WorkbookInfo, template: Template,
                   answers: Mapping[str, tuple[object, str | None]]) -> bytes:
    """Return the .xlsx bytes for an assessment, pre-filled with (value, comment) per question."""
    wb = Workbook()
    _instructions(wb.active, info)
    ws = wb.create_sheet(ANSWERS_SHEET)
    lists = wb.create_sheet(LISTS_SHEET)
    bold = Font(bold=True)
    for col, (title, width) in enumerate(zip(HEADER, WIDTHS, strict=True), start=1):
        cell = _put(ws, 1, col, title)
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor="DDE4EE")
        ws.column_dimensions[get_column_letter(col)].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    editable = PatternFill("solid", fgColor="FFF8DC")
    list_row = 0
    for row, question in enumerate(template.questions(), start=2):
        section = template.section(question.section_id)
        value, comment = answers.get(question.id, (None, None))
        cells = (question.id, template.section_label(section.id) if section
                 else question.section_id, question.text,
                 _guidance(question, template), TYPE_LABELS.get(question.type, question.type),
                 "Yes" if question.required else "No")
        for col, text in enumerate(cells, start=1):
            _put(ws, row, col, text).alignment = wrap
        answer = _put(ws, row, ANSWER_COL,
                      FILE_PLACEHOLDER if question.type == "file" else _display(question, value))
        note = _put(ws, row, COMMENT_COL, comment)
        answer.alignment = note.alignment = wrap
        note.protection = Protection(locked=False)
        note.fill = editable
        if question.type != "file":
            answer.protection = Protection(locked=False)
            answer.fill = editable
        if question.type in ("text", "date"):
            answer.number_format = "@"  # keep dates as typed text, not Excel serial numbers
        if question.type in ("yes_no", "single_choice"):
            list_row += 1
            _put(lists, list_row, 1, question.id)
            for col, option in enumerate(question.options, start=2):
                _put(lists, list_row, col, option.label)
            last = get_column_letter(len(question.options) + 1)
            dv = DataValidation(type="list", formula1=f"'{LISTS_SHEET}'!$B${list_row}:${last}"
                                f"${list_row}", allow_blank=True, showErrorMessage=True,
                                errorTitle="Choose from the list",
                                error="Pick one of the answers in the dropdown list.")
            ws.add_data_validation(dv)
            dv.add(answer)
        elif question.type == "multiple_choice":
            dv = DataValidation(showInputMessage=True, promptTitle="Choose any",
                                prompt="Type one or more of the allowed answers (see Guidance), "
                                       "separated by ;")
            ws.add_data_validation(dv)
            dv.add(answer)
    ws.freeze_panes = "B2"
    for sheet in (ws, lists):
        sheet.protection.sheet = True
        sheet.protection.formatColumns = False  # let people widen columns and rows
        sheet.protection.formatRows = False
    lists.sheet_state = "hidden"
    _metadata(wb.create_sheet(META_SHEET), info)
    wb.active = 1
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _instructions(ws, info: WorkbookInfo) -> None:
    ws.title = INSTRUCTIONS_SHEET
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 100
    _put(ws, 1, 1, "Offline answers for an AI supplier assessment").font = Font(bold=True, size=14)
    facts = (
        ("Assessment", f"{info.assessment_title} (#{info.assessment_id})"),
        ("Vendor", info.vendor_name),
        ("Questionnaire", f"{info.template_title}: {info.template_key} version "
                          f"{info.template_version}"),
        ("Due date", info.due_date.isoformat() if info.due_date else "none"),
        ("Downloaded", info.generated_at.strftime("%Y-%m-%d %H:%M UTC")),
    )
    steps = (
        "Fill in the yellow Answer and Comment cells on the Answers sheet. Other cells are "
        "protected so that the questions stay as sent.",
        "Yes/No and choose-one questions: pick from the dropdown list.",
        "Choose-any questions: type the answers exactly as listed in the Guidance column, "
        "separated by a semicolon (;).",
        "Numbers: digits only, for example 12 or 3.5. Dates: YYYY-MM-DD, for example 2026-03-31.",
        "Files cannot travel in the workbook: attach evidence in the portal.",
        "A blank Answer cell leaves that answer as it is in the portal.",
        "'Not applicable' needs a justification in the Comment column.",
        "Do not rename sheets, move rows between workbooks or change the Question ID column.",
        "Upload the workbook in the portal. You will see every change before anything is saved.",
    )
    blocks = (("", facts),
              ("How to fill it in", [("", f"{n}. {t}") for n, t in enumerate(steps, start=1)]),
              ("Allowed values by type", [("", f"{k}: {v}") for k, v in TYPE_LABELS.items()]))
    row = 3
    for heading, lines in blocks:
        if heading:
            _put(ws, row, 1, heading).font = Font(bold=True)
        for label, text in lines:
            if label:
                _put(ws, row, 1, label).font = Font(bold=True)
            _put(ws, row, 2, text).alignment = Alignment(wrap_text=True)
            row += 1
        row += 1
    ws.protection.sheet = True


def _metadata(ws, info: WorkbookInfo) -> None:
    rows = (("format", FORMAT_VERSION), ("assessment_id", str(info.assessment_id)),
            ("template_key", info.template_key), ("template_version", str(info.template_version)),
            ("template_checksum", info.template_checksum),
            ("generated_at", info.generated_at.isoformat(timespec="seconds")))
    for row, (key, value) in enumerate(rows, start=1):
        _put(ws, row, 1, key)
        _put(ws, row, 2, value)
    ws.protection.sheet = True
    ws.sheet_state = "veryHidden"
