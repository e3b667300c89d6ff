"""Turn the rows read from an offline answering workbook into answers to store, or errors
to show on the row (pure: openpyxl and the question bank only)."""

from __future__ import annotations

import re
from datetime import date, datetime

from openpyxl.utils.datetime import CALENDAR_WINDOWS_1900, from_excel

from portal.questionnaires.answers import InvalidAnswer, check_comment, normalise
from portal.questionnaires.bank import Question, Template
from portal.questionnaires.workbook.layout import RowResult, WorkbookRow

# Date serial numbers read as dates: 10000 is 1927-05-18, 109574 is 2199-12-31 (1900 system).
# Shorter numbers are far more likely a typed year or a typo than a date before 1927.
SERIAL_RANGE = (10_000, 109_574)
_SERIAL_TEXT = re.compile(r"^\d{5,6}(?:[.,]\d+)?$")
_DATE_TIME_TEXT = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")


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
