"""The offline answering workbook's format, and reading an uploaded one back. Pure: openpyxl
and the question bank only. Building it is building.py; checking its rows, checking.py.

Layout (docs/questionnaire-format.md, "Offline answering with a workbook"): an Instructions sheet,
an Answers sheet with one row per question, a hidden Lists sheet feeding the dropdowns and a
very hidden "Portal details" sheet naming the assessment and template version.
"""
from __future__ import annotations

import io
import struct
import warnings
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from openpyxl import load_workbook
from openpyxl.utils.datetime import CALENDAR_WINDOWS_1900

from portal.domain import DomainError

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


class WorkbookError(DomainError):
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
