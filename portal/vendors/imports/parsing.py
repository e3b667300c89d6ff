"""Read a spreadsheet of vendors and contacts (CSV or .xlsx) into rows of text by field.

Pure: standard library, openpyxl and the upload sniffer only. Rows are numbered as the user sees
them in the spreadsheet (the header is row 1); the checks per row are in plan.py.
"""
from __future__ import annotations

import codecs
import csv
import io
import re
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill

from portal.documents import sniffing
from portal.domain import DomainError

ACCEPTED = "CSV or Excel (.xlsx)"
# The columns of the downloadable template, by field, in order.
COLUMNS = {
    "legal_name": "Legal name",
    "aliases": "Other names",
    "website": "Website",
    "country": "Country",
    "description": "Description",
    "status": "Status",
    "contact_name": "Contact name",
    "contact_email": "Contact e-mail",
    "contact_job_title": "Contact job title",
}
# Header spellings people use for each field, compared without case, spaces or punctuation.
SYNONYMS = {
    "legal_name": ("legal name", "supplier", "supplier name", "vendor", "vendor name",
                   "company", "company name", "organisation", "organization", "name",
                   "legal entity"),
    "aliases": ("other names", "aliases", "alias", "also known as", "aka", "trading names",
                "trading name", "brands"),
    "website": ("website", "web site", "url", "web", "homepage", "web address"),
    "country": ("country", "country code", "country name", "country of incorporation"),
    "description": ("description", "about", "services", "what they supply"),
    "status": ("status", "vendor status", "supplier status"),
    "contact_name": ("contact name", "contact", "contact person", "full name"),
    "contact_email": ("contact e-mail", "e-mail", "email address", "contact email address"),
    "contact_job_title": ("contact job title", "job title", "contact title", "position", "role",
                          "contact role"),
}
EXAMPLE_MARKER = "(example row: delete it)"
EXAMPLE_ROW = {
    "legal_name": f"Example AI Ltd {EXAMPLE_MARKER}",
    "aliases": "Example AI; ExampleBot",
    "website": "https://example.com",
    "country": "GB",
    "description": "Speech recognition API",
    "status": "prospective",
    "contact_name": "Sam Example",
    "contact_email": "sam@example.com",
    "contact_job_title": "Head of compliance",
}
XLSX_MEDIA_TYPE = sniffing.XLSX.content_type
MAX_COLUMNS = 50
MAX_CELL = 5_000  # characters; a longer cell is cut (and then fails its length check)
BLANK_RUN_END = 1_000  # so many blank rows in a row end a sheet (formatted but empty rows)
_REMARK, _NON_ALNUM = re.compile(r"\(.*?\)"), re.compile(r"[^a-z0-9]+")
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


class ImportFileError(DomainError):
    """The file cannot be imported at all; the message tells the user why."""


@dataclass(frozen=True)
class ImportLimits:
    max_bytes: int = 5 * 1024 * 1024
    max_rows: int = 5_000
    max_zip_entries: int = 200
    max_zip_uncompressed: int = 60 * 1024 * 1024


DEFAULT_LIMITS = ImportLimits()


@dataclass(frozen=True)
class SheetRow:
    row: int  # as numbered in the spreadsheet; the header is row 1
    values: dict[str, str]  # field -> text, for the columns the file has


@dataclass(frozen=True)
class ReadFile:
    kind: str  # "csv" or "xlsx"
    fields: tuple[str, ...]  # the fields the file's columns were recognised as
    rows: tuple[SheetRow, ...]
    notes: tuple[str, ...] = ()  # about the columns: ignored, repeated


def read_file(data: bytes, limits: ImportLimits = DEFAULT_LIMITS) -> ReadFile:
    """Read an uploaded CSV or .xlsx file, its type told from the bytes. Raises: ImportFileError."""
    if not data:
        raise ImportFileError("The file is empty. Choose the spreadsheet again.")
    if len(data) > limits.max_bytes:
        raise ImportFileError(f"The file is larger than {limits.max_bytes // (1024 * 1024)} MB. "
                              "Split it into several files, or save it as .xlsx (smaller).")
    if data.startswith(sniffing.ZIP_SIGNATURE):
        return _with_header(_xlsx_rows(data, limits), "xlsx", limits)
    if data.startswith(sniffing.OLE_SIGNATURE):
        raise ImportFileError("Old Excel files (.xls) and password-protected workbooks cannot be "
                              "read. Save the sheet as .xlsx or CSV without a password.")
    return _with_header(_csv_rows(data), "csv", limits)


# ---- CSV ---------------------------------------------------------------------------------------

def decode_text(data: bytes) -> str:
    """Decode CSV bytes: UTF-8 (with or without BOM) or UTF-16 with BOM, else Windows-1252."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def sniff_delimiter(header_line: str) -> str:
    """Tell the delimiter from the header line: comma, semicolon or tab, whichever is most used."""
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_rows(data: bytes) -> Iterator[tuple[int, list[object]]]:
    text = decode_text(data)
    if "\x00" in text or _control_share(text[:4096]) > 0.05:
        raise ImportFileError(f"This is not a spreadsheet. Upload a {ACCEPTED} file.")
    first_line, _, rest = text.partition("\n")
    if first_line.strip().lower().startswith("sep=") and len(first_line.strip()) == 5:
        # Excel's own hint line ("sep=;") is not a row of the sheet.
        delimiter, text = first_line.strip()[4], rest
    else:
        delimiter = sniff_delimiter(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):
            yield number, list(cells)
    except csv.Error as exc:
        raise ImportFileError(f"Row {number + 1} of the CSV file cannot be read ({exc}). "
                              "Save it again from the spreadsheet program.") from None


def _control_share(text: str) -> float:
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\r\n\t")
    return controls / max(len(text), 1)


# ---- XLSX --------------------------------------------------------------------------------------

def _check_archive(data: bytes, limits: ImportLimits) -> None:
    try:
        kind = sniffing.sniff(data, max_zip_entries=limits.max_zip_entries,
                              max_zip_uncompressed=limits.max_zip_uncompressed).kind
    except sniffing.UnsupportedType as exc:
        raise ImportFileError(exc.message.replace(sniffing.ACCEPTED_TYPES, ACCEPTED)) from None
    if kind != "xlsx":
        raise ImportFileError(f"This is a {kind.upper()} file, not a spreadsheet. "
                              f"Upload a {ACCEPTED} file.")


def _xlsx_rows(data: bytes, limits: ImportLimits) -> Iterator[tuple[int, list[object]]]:
    _check_archive(data, limits)
    rows: list[tuple[int, list[object]]] = []
    with warnings.catch_warnings():
        # openpyxl warns about Excel features it skips (extensions, styles); none matter here.
        warnings.simplefilter("ignore")
        try:
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True,
                               keep_links=False)
            try:
                sheet = wb["Vendors"] if "Vendors" in wb.sheetnames else wb.worksheets[0]
                filled = blank_run = 0
                cells = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
                for number, values in enumerate(cells, start=1):
                    is_blank = all(v is None or v == "" for v in values)
                    blank_run = blank_run + 1 if is_blank else 0
                    filled += not is_blank
                    # Stop one row past the limit (header included; _with_header reports
                    # it) or past the used range.
                    if filled > limits.max_rows + 2 or blank_run >= BLANK_RUN_END:
                        break
                    rows.append((number, list(values)))
            finally:
                wb.close()
        except Exception as exc:  # openpyxl raises many types for malformed parts
            raise ImportFileError("The workbook could not be read. Save it again as .xlsx in "
                                  "Excel or LibreOffice and upload it again.") from exc
    return iter(rows)


def cell_text(value: object) -> str:
    """Turn a cell into trimmed text: whole numbers without ".0", dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, datetime | date):
        value = value.isoformat()[:10]
    return str(value).strip()[:MAX_CELL]


# ---- header and rows ---------------------------------------------------------------------------

def header_key(text: str) -> str:
    """Compare header cells without case, spaces, punctuation, "*" or "(…)" remarks."""
    return _NON_ALNUM.sub("", _REMARK.sub("", text.casefold()))


_FIELD_BY_HEADER = {header_key(s): f for f, names in SYNONYMS.items() for s in names}


def map_header(cells: Iterable[object]) -> tuple[dict[int, str], tuple[str, ...]]:
    """Match header cells to fields; return {column index: field} and notes on the others."""
    columns: dict[int, str] = {}
    notes: list[str] = []
    for index, cell in enumerate(cells):
        label = cell_text(cell)
        if not label:
            continue
        field = _FIELD_BY_HEADER.get(header_key(label))
        if field is None:
            notes.append(f"Column “{label}” is not used.")
        elif field in columns.values():
            notes.append(f"Column “{label}” repeats {COLUMNS[field]}; the first one is used.")
        else:
            columns[index] = field
    return columns, tuple(notes)


def _with_header(rows: Iterator[tuple[int, list[object]]], kind: str,
                 limits: ImportLimits) -> ReadFile:
    header = next(rows, None)
    if header is None:
        raise ImportFileError("The file is empty. Choose the spreadsheet again.")
    columns, notes = map_header(header[1])
    if "legal_name" not in columns.values():
        raise ImportFileError(
            "Row 1 must name the columns, and no column names the vendor. Call it “Legal name” "
            "(or Supplier name, Vendor, Company), as in the template.")
    found: list[SheetRow] = []
    blank_run = 0
    for number, cells in rows:
        values = {f: cell_text(cells[i]) for i, f in columns.items() if i < len(cells)}
        if not any(values.values()):
            blank_run += 1
            if blank_run >= BLANK_RUN_END:
                break
            continue
        blank_run = 0
        if len(found) >= limits.max_rows:
            raise ImportFileError(f"The file has more than {limits.max_rows:,} rows of vendors. "
                                  "Split it into several files.")
        found.append(SheetRow(number, values))
    if not found:
        raise ImportFileError("The file has a header row but no vendors below it.")
    return ReadFile(kind, tuple(columns.values()), tuple(found), notes)


# ---- the template ------------------------------------------------------------------------------

def template_csv() -> bytes:
    """Build the CSV template: the header and one example row (UTF-8 with BOM, for Excel)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS.values())
    writer.writerow(EXAMPLE_ROW[f] for f in COLUMNS)
    return codecs.BOM_UTF8 + out.getvalue().encode()


def template_xlsx() -> bytes:
    """Build the .xlsx template: a Vendors sheet with the header and a marked example row."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Vendors"
    ws.append(list(COLUMNS.values()))
    ws.append([EXAMPLE_ROW[f] for f in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for cell in ws[2]:
        cell.font = Font(italic=True, color="666666")
        cell.fill = PatternFill("solid", fgColor="FFF4CC")
    for letter, width in zip("ABCDEFGHI", (36, 24, 28, 10, 36, 14, 24, 30, 24), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    notes = wb.create_sheet("How to fill in")
    notes.append(["Column", "What to enter"])
    for row in TEMPLATE_HELP:
        notes.append(list(row))
    notes.column_dimensions["A"].width = 20
    notes.column_dimensions["B"].width = 100
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


TEMPLATE_HELP = (
    ("Legal name", "Required. The supplier's registered name. Row 2 is an example: delete it."),
    ("Other names", "Trading names or brands, separated by ; or |."),
    ("Website", "Optional, e.g. https://example.com."),
    ("Country", "Two-letter ISO code (DE) or English name (Germany)."),
    ("Description", "Optional. What the supplier provides."),
    ("Status", "prospective (the default), active or offboarded."),
    ("Contact name", "Optional. With a contact e-mail, the contact is invited to the portal."),
    ("Contact e-mail", "Needed to invite the contact. One contact per row: repeat the vendor "
                       "on several rows to add several contacts."),
    ("Contact job title", "Optional."),
)
