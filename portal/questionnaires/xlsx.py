"""Build and read the offline answering workbook. Pure: openpyxl and the question bank only.

Layout (docs/questionnaire-format.md, "Offline answering with a workbook"): an Instructions sheet,
an Answers sheet with one row per question, a hidden Lists sheet feeding the dropdowns and a
very hidden "Portal details" sheet naming the assessment and template version.
"""
from __future__ import annotations

import io
import re
import struct
import warnings
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import CALENDAR_WINDOWS_1900, from_excel
from openpyxl.worksheet.datavalidation import DataValidation

from portal.questionnaires.answers import InvalidAnswer, check_comment, format_value, normalise
from portal.questionnaires.bank import Question, Template, describe_condition

FORMAT_VERSION = "1"
INSTRUCTIONS_SHEET = "Instructions"
ANSWERS_SHEET = "Answers"
LISTS_SHEET = "Lists"
META_SHEET = "Portal details"
HEADER = ("Question ID", "Section", "Question", "Guidance and allowed answers", "Type",
          "Required", "Answer", "Comment")
WIDTHS = (16, 24, 60, 60, 22, 10, 40, 40)
ANSWER_COL, COMMENT_COL = 7, 8
FILE_PLACEHOLDER = "Upload in the portal"
TYPE_LABELS = {
    "yes_no": "Yes / No (choose from the list)",
    "single_choice": "Choose one (from the list)",
    "multiple_choice": "Choose any (separate with ;)",
    "text": "Text",
    "number": "Number",
    "date": "Date (YYYY-MM-DD)",
    "file": "File (upload in the portal)",
}
XLSX_MAIN_PART = "xl/workbook.xml"
# Date serial numbers read as dates: 10000 is 1927-05-18, 109574 is 2199-12-31 (1900 system).
# Shorter numbers are far more likely a typed year or a typo than a date before 1927.
SERIAL_RANGE = (10_000, 109_574)
_SERIAL_TEXT = re.compile(r"^\d{5,6}(?:[.,]\d+)?$")
_DATE_TIME_TEXT = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")


class WorkbookError(Exception):
    """The uploaded workbook cannot be used; the message tells the user why."""


@dataclass(frozen=True)
class WorkbookInfo:
    assessment_id: int
    assessment_title: str
    vendor_name: str
    template_key: str
    template_version: int
    template_title: str
    template_checksum: str
    due_date: date | None
    generated_at: datetime


@dataclass(frozen=True)
class WorkbookLimits:
    max_bytes: int = 5 * 1024 * 1024
    max_entries: int = 200
    max_uncompressed: int = 60 * 1024 * 1024
    max_ratio: float = 200.0
    max_rows: int = 5_000


DEFAULT_LIMITS = WorkbookLimits()


@dataclass(frozen=True)
class WorkbookRow:
    row: int
    question_id: str
    answer: object
    comment: object
    # The workbook's date system: 1899-12-30 (Windows, the default) or 1904-01-01 (old Macs).
    epoch: datetime = CALENDAR_WINDOWS_1900


@dataclass(frozen=True)
class ReadWorkbook:
    meta: dict[str, str]
    rows: tuple[WorkbookRow, ...]


@dataclass(frozen=True)
class RowResult:
    """One workbook row after validation: a value to store, an error, or nothing to do."""

    row: int
    question_id: str
    value: object = None
    comment: str | None = None
    error: str | None = None
    skipped: bool = False  # blank answer cell or a file question: left as it is

    def __str__(self) -> str:
        return f"Row {self.row} ({self.question_id or 'no id'}): {self.error}"


# ---- building --------------------------------------------------------------------------------

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


# ---- reading ---------------------------------------------------------------------------------

def check_archive(data: bytes, limits: WorkbookLimits = DEFAULT_LIMITS) -> None:
    """Refuse anything but a plain, reasonably sized .xlsx before openpyxl sees it.

    Raises: WorkbookError.
    """
    if not data:
        raise WorkbookError("The file is empty. Choose the workbook again.")
    if len(data) > limits.max_bytes:
        raise WorkbookError(f"The file is larger than {limits.max_bytes // (1024 * 1024)} MB; "
                            "a filled-in questionnaire workbook is far smaller.")
    if not data.startswith(b"PK\x03\x04"):
        raise WorkbookError("This is not an Excel workbook (.xlsx). Upload the workbook you "
                            "downloaded from the portal, saved as .xlsx.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, struct.error, EOFError,
            NotImplementedError, OverflowError):
        raise WorkbookError("The file is a damaged archive, not a readable .xlsx.") from None
    if len(entries) > limits.max_entries:
        raise WorkbookError(_BOMB)
    total = 0
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise WorkbookError("Password-protected workbooks cannot be read. Remove the "
                                "password (not the sheet protection) and upload again.")
        total += entry.file_size
        ratio = entry.file_size / max(entry.compress_size, 1)
        if total > limits.max_uncompressed or (entry.file_size > 1024 * 1024
                                               and ratio > limits.max_ratio):
            raise WorkbookError(_BOMB)
    names = {e.filename for e in entries}
    if XLSX_MAIN_PART not in names:
        raise WorkbookError("This archive is not an Excel workbook (.xlsx).")
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise WorkbookError("Macro-enabled workbooks are not accepted. Save it as .xlsx.")


_BOMB = ("The file expands to far more data than a questionnaire workbook (possible zip bomb), "
         "so it was not opened.")


def read_workbook(data: bytes, limits: WorkbookLimits = DEFAULT_LIMITS) -> ReadWorkbook:
    """Check and read an uploaded workbook's metadata and answer rows. Raises: WorkbookError."""
    check_archive(data, limits)
    with warnings.catch_warnings():
        # openpyxl warns about Excel features it skips (extensions, styles); none matter here.
        warnings.simplefilter("ignore")
        try:
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True,
                               keep_links=False)
            return _read_rows(wb, limits)
        except WorkbookError:
            raise
        except Exception as exc:  # openpyxl raises many types for malformed parts
            raise WorkbookError("The workbook could not be read. Save it again as .xlsx in Excel "
                                "or LibreOffice and upload it again.") from exc


def _read_rows(wb, limits: WorkbookLimits) -> ReadWorkbook:
    try:
        if META_SHEET not in wb.sheetnames or ANSWERS_SHEET not in wb.sheetnames:
            raise WorkbookError("This is not a workbook downloaded from the portal (its "
                                f"“{META_SHEET}” or “{ANSWERS_SHEET}” sheet is missing). "
                                "Download the workbook from the assessment and fill that in.")
        meta = {}
        for pair in wb[META_SHEET].iter_rows(min_row=1, max_row=50, max_col=2, values_only=True):
            key, value = (tuple(pair) + (None, None))[:2]
            if isinstance(key, str):
                meta[key] = "" if value is None else str(value)
        rows = []
        epoch = wb.epoch
        sheet = wb[ANSWERS_SHEET]
        for number, values in enumerate(sheet.iter_rows(min_row=2, max_col=COMMENT_COL,
                                                        values_only=True), start=2):
            if number - 1 > limits.max_rows:
                raise WorkbookError(f"The Answers sheet has more than {limits.max_rows} rows.")
            values = tuple(values) + (None,) * (COMMENT_COL - len(values))
            qid = values[0]
            if qid is None and all(v is None for v in values[ANSWER_COL - 1:COMMENT_COL]):
                continue
            rows.append(WorkbookRow(number, str(qid).strip() if qid is not None else "",
                                    values[ANSWER_COL - 1], values[COMMENT_COL - 1], epoch))
    finally:
        wb.close()
    return ReadWorkbook(meta, tuple(rows))


def check_metadata(meta: Mapping[str, str], *, assessment_id: int, template_key: str,
                   template_version: int, template_checksum: str) -> None:
    """Refuse a workbook made for another assessment or template version. Raises: WorkbookError."""
    if meta.get("format") != FORMAT_VERSION:
        raise WorkbookError("This workbook was not made by this portal, or by an older version "
                            "of it. Download a fresh workbook.")
    if meta.get("assessment_id") != str(assessment_id):
        raise WorkbookError(f"This workbook belongs to another assessment "
                            f"(#{meta.get('assessment_id') or '?'}), not to #{assessment_id}. "
                            "Download the workbook of this assessment and fill that in.")
    if (meta.get("template_key") != template_key
            or meta.get("template_version") != str(template_version)):
        raise WorkbookError(
            f"This workbook was made for questionnaire {meta.get('template_key')} version "
            f"{meta.get('template_version')}, but this assessment uses {template_key} version "
            f"{template_version}. Download a fresh workbook.")
    if meta.get("template_checksum") != template_checksum:
        raise WorkbookError("The questions in this workbook differ from the questionnaire this "
                            "assessment was sent with. Download a fresh workbook.")


def _text(raw: object) -> str:
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime):
        return raw.date().isoformat() if raw.time() == datetime.min.time() else raw.isoformat()
    if isinstance(raw, date):
        return raw.isoformat()
    return " ".join(str(raw).split()) if not isinstance(raw, str) else raw.strip()


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _option_value(question: Question, text: str) -> str:
    wanted = _key(text)
    for option in question.options:
        if wanted in (_key(option.label), _key(option.value)):
            return option.value
    raise InvalidAnswer("Choose one of: " + "; ".join(o.label for o in question.options) + ".")


def date_cell(cell: object, epoch: datetime = CALENDAR_WINDOWS_1900) -> object:
    """Read a date answer whatever the spreadsheet made of it, as YYYY-MM-DD when it can.

    A date cell (any number format), a date serial number (a number cell, or the serial kept as
    text when a date was typed into a text cell), or text with a midnight time all become the
    ISO date; anything else is returned as text for normalise() to judge.
    """
    if isinstance(cell, datetime | date):
        return _text(cell)
    serial: float | None = None
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        serial = float(cell)
    elif isinstance(cell, str) and _SERIAL_TEXT.match(cell.strip()):
        serial = float(cell.strip().replace(",", "."))
    if serial is not None and SERIAL_RANGE[0] <= serial < SERIAL_RANGE[1] + 1:
        return from_excel(int(serial), epoch).date().isoformat()
    text = _text(cell)
    stamped = _DATE_TIME_TEXT.match(text)
    return stamped.group(1) if stamped else text


def cell_to_raw(question: Question, cell: object,
                epoch: datetime = CALENDAR_WINDOWS_1900) -> object:
    """Turn an Answer cell into what normalise() accepts, mapping labels to values.

    Raises: InvalidAnswer.
    """
    if question.type == "date":
        return date_cell(cell, epoch)
    if question.type in ("yes_no", "single_choice"):
        return _option_value(question, _text(cell))
    if question.type == "multiple_choice":
        return [_option_value(question, part) for part in _text(cell).split(";") if part.strip()]
    if question.type == "number" and isinstance(cell, int | float) and not isinstance(cell, bool):
        return cell
    if question.type == "text" and isinstance(cell, str):
        return cell
    return _text(cell)


def validate_rows(template: Template, rows: tuple[WorkbookRow, ...]) -> tuple[RowResult, ...]:
    """Validate every row against its question; never stop at the first error."""
    results: list[RowResult] = []
    seen: set[str] = set()
    for row in rows:
        question = template.question(row.question_id)
        if question is None:
            results.append(RowResult(row.row, row.question_id,
                                     error="This question ID is not in the questionnaire."))
            continue
        if question.id in seen:
            results.append(RowResult(row.row, question.id,
                                     error="This question appears twice; keep one row."))
            continue
        seen.add(question.id)
        if question.type == "file" or not _text(row.answer):
            results.append(RowResult(row.row, question.id, skipped=True))
            continue
        try:
            value = normalise(question, cell_to_raw(question, row.answer, row.epoch))
            comment = check_comment(question, value, _text(row.comment) or None)
        except InvalidAnswer as exc:
            results.append(RowResult(row.row, question.id, error=str(exc)))
            continue
        results.append(RowResult(row.row, question.id, value=value, comment=comment))
    return tuple(results)
