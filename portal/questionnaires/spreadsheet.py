"""Import a questionnaire kept in a spreadsheet (XLSX or CSV): one row per question.

The person importing says which column holds what (`ColumnMapping`); `guess_mapping` proposes
one from the header row (both in spreadsheet_columns.py). Each row becomes a question; the
section column (with " / " or " > " between levels, or a separate subsection column) builds
nested sections in order of first appearance. docs/questionnaire-format.md ("Importing a
spreadsheet") lists every rule.
"""
from __future__ import annotations

import csv
import io
import re
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from openpyxl import load_workbook

from portal.questionnaires.drafts import (
    DEFAULT_GUIDANCE,
    Draft,
    IdMaker,
    ImportFailed,
    choice_question,
    parse_score,
    template_key,
)
from portal.questionnaires.spreadsheet_columns import ColumnMapping, guess_mapping, norm
from portal.questionnaires.workbook.layout import WorkbookError, WorkbookLimits, check_archive

MAX_ROWS = 3_000
MAX_COLUMNS = 60
MAX_CELL = 4_000
SPREADSHEET_LIMITS = WorkbookLimits(max_bytes=5 * 1024 * 1024, max_rows=MAX_ROWS)

TYPE_WORDS = {
    "yes_no": ("yes_no", "yes/no", "yes-no", "yesno", "y/n", "boolean", "bool"),
    "single_choice": ("single_choice", "single", "choice", "dropdown", "select", "radio",
                      "single choice", "one of", "pick one", "list"),
    "multiple_choice": ("multiple_choice", "multiple", "multi", "checkbox", "checkboxes",
                        "multiple choice", "multi-select", "multiselect", "select all"),
    "text": ("text", "free text", "freetext", "string", "comment", "long text", "paragraph",
             "narrative", "open", "short text"),
    "number": ("number", "numeric", "integer", "decimal", "amount", "count"),
    "date": ("date", "when"),
    "file": ("file", "upload", "attachment", "document", "evidence"),
}


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    header_row: int  # 1-based row number of the header in the file
    sheet: str = ""
    sheets: tuple[str, ...] = ()  # every sheet of a workbook, to choose from



@dataclass
class SheetOptions:
    key: str = ""
    title: str = ""
    version: int = 1
    prefix: str = ""
    choice_scores: Mapping[str, float | None] = field(default_factory=dict)
    default_controls: tuple[str, ...] = ()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\r\n", "\n").replace("\ufeff", "").strip()[:MAX_CELL]


def _pick_sheet(wb, sheet: str | None):
    names = [ws.title for ws in wb.worksheets]
    if sheet:
        if sheet not in names:
            raise ImportFailed(f"the workbook has no sheet {sheet!r}; its sheets are: "
                               + ", ".join(names))
        return wb[sheet]
    for ws in wb.worksheets:  # the first sheet with a question column, else the first
        head = [tuple(_cell(v) for v in row[:MAX_COLUMNS])
                for row in ws.iter_rows(max_row=30, values_only=True)]
        header = next((r for r in head if sum(bool(c) for c in r) >= 2), None)
        if header and guess_mapping(header).question is not None:
            return ws
    return wb.worksheets[0]


def read_table(data: bytes, filename: str = "", sheet: str | None = None) -> Table:
    """Read a sheet of an XLSX file, or a CSV file, into a header and rows.

    Without a sheet name, the first sheet with a recognisable question column is read (an
    instructions sheet in front is passed over), else the first sheet.

    Raises:
        ImportFailed: for an empty, oversized, unreadable or header-less file, or an unknown
        sheet.
    """
    if data.startswith(b"PK\x03\x04"):
        try:
            check_archive(data, SPREADSHEET_LIMITS)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except WorkbookError as exc:
            raise ImportFailed(str(exc)) from None
        except Exception as exc:  # openpyxl raises many types on a damaged file
            raise ImportFailed(f"cannot open the workbook: {type(exc).__name__}") from None
        try:
            sheets = tuple(ws.title for ws in wb.worksheets)
            ws = _pick_sheet(wb, sheet)
            raw = [tuple(_cell(v) for v in row[:MAX_COLUMNS])
                   for row in ws.iter_rows(max_row=MAX_ROWS + 50, values_only=True)]
            sheet = ws.title
        finally:
            wb.close()
    else:
        if len(data) > SPREADSHEET_LIMITS.max_bytes:
            raise ImportFailed("the file is larger than 5 MB")
        if b"\x00" in data[:4096]:
            raise ImportFailed("this is neither an .xlsx workbook nor a CSV text file")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
        try:
            dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        try:
            raw = [tuple(_cell(v) for v in row[:MAX_COLUMNS])
                   for row in csv.reader(io.StringIO(text), dialect)]
        except csv.Error as exc:
            raise ImportFailed(f"cannot read the CSV file: {exc}") from None
        sheet, sheets = "", ()
    # The header is the first row with two cells or more: a title row above it is skipped.
    start = next((i for i, row in enumerate(raw) if sum(bool(c) for c in row) >= 2), None)
    if start is None:
        start = next((i for i, row in enumerate(raw) if any(row)), None)
    if start is None:
        raise ImportFailed("the file has no rows")
    headers = raw[start]
    width = max(len(headers), *(len(r) for r in raw[start:start + MAX_ROWS + 1]))
    headers = tuple(h or f"Column {i + 1}" for i, h in
                    enumerate(headers + ("",) * (width - len(headers))))
    rows = tuple(r + ("",) * (width - len(r)) for r in raw[start + 1:] if any(r))
    if len(rows) > MAX_ROWS:
        raise ImportFailed(f"more than {MAX_ROWS} rows: split the questionnaire")
    if not rows:
        raise ImportFailed("the file has a header row but no questions under it")
    return Table(headers, rows, start + 1, sheet or "", sheets)



def _split(cell: str) -> list[str]:
    for sep in ("\n", ";", "|", ","):
        if sep in cell:
            return [p.strip() for p in cell.split(sep) if p.strip()]
    return [cell.strip()] if cell.strip() else []


def _type_of(raw: str) -> str | None:
    word = norm(raw)
    for qtype, words in TYPE_WORDS.items():
        if word in words:
            return qtype
    return None


def _flag(raw: str) -> bool | None:
    word = norm(raw)
    if word in ("yes", "y", "true", "1", "required", "mandatory", "x"):
        return True
    if word in ("no", "n", "false", "0", "optional"):
        return False
    return None


def from_table(table: Table, mapping: ColumnMapping, options: SheetOptions) -> Draft:
    """Turn spreadsheet rows into a template mapping with warnings.

    Raises:
        ImportFailed: when no column holds the questions, or a score cannot be read.
    """
    if mapping.question is None:
        raise ImportFailed("choose the column that holds the question text")
    width = len(table.headers)
    for name, index in mapping.as_dict().items():
        if index is not None and not 0 <= index < width:
            raise ImportFailed(f"the {name} column is not in the file")
    draft = Draft({}, source_format="spreadsheet")
    ids = IdMaker(options.prefix)
    root: list[dict] = []
    sections: dict[tuple[str, ...], dict] = {}
    section_ids: set[str] = set()
    counts = {"generic": 0, "skipped": 0, "unmapped": 0, "bad_type": 0}

    def col(row: tuple[str, ...], name: str) -> str:
        index = getattr(mapping, name)
        return row[index] if index is not None else ""

    def section_for(path: tuple[str, ...]) -> dict:
        if path in sections:
            return sections[path]
        parent = section_for(path[:-1]) if len(path) > 1 else None
        base = template_key(path[-1])[:40].strip("-") or "section"
        sid, n = base, 2
        while sid in section_ids:
            sid, n = f"{base}-{n}", n + 1
        section_ids.add(sid)
        section: dict[str, Any] = {"id": sid, "title": path[-1], "questions": []}
        (parent.setdefault("sections", []) if parent else root).append(section)
        sections[path] = section
        return section

    for number, row in enumerate(table.rows, start=table.header_row + 1):
        text = col(row, "question")
        if not text:
            if any(col(row, n) for n in ("type", "options", "guidance", "controls")):
                counts["skipped"] += 1
            continue
        path = tuple(p.strip() for p in re.split(r"\s+[/>]\s+", col(row, "section"))
                     if p.strip()) or ("Questions",)
        if col(row, "subsection"):
            path = (*path, col(row, "subsection"))
        path = path[:5]
        question = _question(row, number, text, col, ids, options, draft, counts)
        section_for(path)["questions"].append(question)
    if not root:
        raise ImportFailed("no row has question text in the chosen question column")
    _drop_empty(root)
    sheet = f" (sheet {table.sheet})" if table.sheet else ""
    draft.data = {"id": options.key or "imported", "version": options.version,
                  "title": options.title or "Imported questionnaire",
                  "description": f"Imported from a spreadsheet{sheet}.", "sections": root}
    if counts["unmapped"]:
        draft.warn(f"{counts['unmapped']} scored question(s) map to no ISO/IEC 42001 control, "
                   "which the validator refuses: add a controls column or choose a default "
                   "control")
    if counts["generic"]:
        draft.warn(f"{counts['generic']} question(s) had no guidance: they got a generic line")
    if counts["skipped"]:
        draft.warn(f"{counts['skipped']} row(s) without question text left out")
    if counts["bad_type"]:
        draft.warn(f"{counts['bad_type']} row(s) with a type that is not known were imported "
                   "as free text (types: yes_no, single_choice, multiple_choice, text, number, "
                   "date, file)")
    return draft


def _drop_empty(sections: list[dict]) -> None:
    for section in sections:
        _drop_empty(section.get("sections", []))
        if not section["questions"] and section.get("sections"):
            del section["questions"]


def _question(row, number: int, text: str, col, ids: IdMaker, options: SheetOptions,
              draft: Draft, counts: dict[str, int]) -> dict[str, Any]:
    where = f"row {number}"
    question: dict[str, Any] = {"id": ids.make(col(row, "id") or f"Q{number}"), "text": text,
                                "guidance": col(row, "guidance")}
    if not question["guidance"]:
        question["guidance"] = DEFAULT_GUIDANCE
        counts["generic"] += 1
    labels = _split(col(row, "options"))
    raw_scores = _split(col(row, "scores"))
    qtype = _type_of(col(row, "type")) if col(row, "type") else None
    if col(row, "type") and qtype is None:
        counts["bad_type"] += 1
        qtype = "text"
    if qtype is None:
        qtype = "single_choice" if labels else "text"
    scores: list[float | None] | None = None
    inline = [label.rpartition("=") for label in labels]
    if labels and all(sep for _, sep, _ in inline):
        labels = [label.strip() for label, _, _ in inline]
        scores = [parse_score(raw, where) for _, _, raw in inline]
    elif raw_scores:
        if len(raw_scores) != len(labels):
            raise ImportFailed(f"{where}: {len(labels)} option(s) but {len(raw_scores)} "
                               "score(s)")
        scores = [parse_score(raw, where) for raw in raw_scores]
    if qtype in ("single_choice", "multiple_choice") or (qtype == "yes_no" and labels):
        if not labels:
            raise ImportFailed(f"{where}: a {qtype} question needs options")
        question.update(choice_question(labels, scores, overrides=options.choice_scores,
                                        multiple=qtype == "multiple_choice", draft=draft))
    elif qtype == "yes_no":
        question.update(type="yes_no", weight=1)
    else:
        question.update(type=qtype, weight=0)
    weight = col(row, "weight")
    if weight:
        try:
            question["weight"] = float(weight)
        except ValueError:
            raise ImportFailed(f"{where}: weight {weight!r} is not a number") from None
    required = _flag(col(row, "required")) if col(row, "required") else None
    if required is not None:
        question["required"] = required
    controls = [c for c in re.split(r"[\s,;]+", col(row, "controls")) if c]
    if controls:
        question["controls"] = controls
    elif question.get("weight") and question["type"] != "file":
        if options.default_controls:
            question["controls"] = list(options.default_controls)
        else:
            counts["unmapped"] += 1
    return question
