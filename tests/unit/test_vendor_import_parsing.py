"""Reading vendor import files and deciding each row's outcome: no Flask, no database."""
from __future__ import annotations

import codecs
import io
import json
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from portal.vendors.imports.parsing import (
    ImportFileError,
    ImportLimits,
    read_file,
    sniff_delimiter,
    template_csv,
    template_xlsx,
)
from portal.vendors.imports.plan import (
    Directory,
    KnownUser,
    KnownVendor,
    Outcome,
    RowPlan,
    group_units,
    plan_rows,
    resolve_country,
    summarise,
)
from portal.vendors.naming import clean_aliases, name_key

REPO = Path(__file__).resolve().parents[2]
STATUSES = ("prospective", "active", "offboarded")


def directory(vendors=None, users=None) -> Directory:
    return Directory(name_key=name_key, clean_aliases=clean_aliases, statuses=STATUSES,
                     max_aliases=3, vendors=vendors or {}, users=users or {})


def plan(text: str, **kw) -> list[RowPlan]:
    return list(plan_rows(read_file(text.encode()).rows, directory(**kw)))


def xlsx(rows: list[list[object]], title: str = "Sheet") -> bytes:
    wb = openpyxl.Workbook()
    wb.active.title = title
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def make_zip(entries: dict[str, bytes], *, flag_bits: int = 0) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            info = zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    data = out.getvalue()
    if flag_bits:  # mark every entry encrypted, in local and central headers
        data = data.replace(b"PK\x03\x04\x14\x00\x00\x00", b"PK\x03\x04\x14\x00\x01\x00")
        data = data.replace(b"PK\x01\x02\x14\x03\x14\x00\x00\x00",
                            b"PK\x01\x02\x14\x03\x14\x00\x01\x00")
    return data


# ---- reading CSV -------------------------------------------------------------------------------

@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_delimiters_are_sniffed(delimiter):
    text = delimiter.join(["Legal name", "Website", "Description"]) + "\n"
    text += delimiter.join(["Acme AI", "acme.ai", '"Speech, text; and more"']) + "\n"
    read = read_file(text.encode())
    assert read.kind == "csv" and read.fields == ("legal_name", "website", "description")
    assert read.rows[0].values["description"] == "Speech, text; and more"


def test_sniff_delimiter_defaults_to_comma():
    assert sniff_delimiter("Legal name") == ","
    assert sniff_delimiter("a;b;c,d") == ";"


@pytest.mark.parametrize("data", [
    codecs.BOM_UTF8 + "Legal name\nSociété Générale\n".encode(),
    "Legal name\nSociété Générale\n".encode(),
    "Legal name\nSociété Générale\n".encode("cp1252"),
    "Legal name\nSociété Générale\n".encode("utf-16"),
], ids=["utf8-bom", "utf8", "cp1252", "utf16"])
def test_csv_encodings(data):
    assert read_file(data).rows[0].values["legal_name"] == "Société Générale"


def test_rows_are_numbered_as_in_the_spreadsheet():
    text = ('Legal name,Description\nFirst,"two\nlines"\n,\nThird,\n')
    read = read_file(text.encode())
    assert [(r.row, r.values["legal_name"]) for r in read.rows] == [(2, "First"), (4, "Third")]


def test_excel_separator_hint_line_is_not_a_row():
    read = read_file(b"sep=;\nLegal name;Country\nAcme;DE\n")
    assert read.rows[0].row == 2 and read.rows[0].values == {"legal_name": "Acme",
                                                             "country": "DE"}


# ---- headers -----------------------------------------------------------------------------------

@pytest.mark.parametrize("header", ["Supplier name", "VENDOR", "legal  name", "Company",
                                    "Legal name (required)", "Legal-Name*"])
def test_name_column_synonyms(header):
    assert read_file(f"{header}\nAcme\n".encode()).fields == ("legal_name",)


def test_other_synonyms_unknown_and_repeated_columns():
    read = read_file(b"Vendor,URL,E-mail,Contact,Job title,Also known as,Notes,Company\n"
                     b"Acme,acme.ai,a@acme.ai,Ann,CTO,Acme Bot,x,y\n")
    assert read.fields == ("legal_name", "website", "contact_email", "contact_name",
                           "contact_job_title", "aliases")
    assert read.notes == ("Column “Notes” is not used.",
                          "Column “Company” repeats Legal name; the first one is used.")


def test_a_file_without_a_name_column_is_refused():
    with pytest.raises(ImportFileError, match="no column names the vendor"):
        read_file(b"Website,Country\nacme.ai,DE\n")


# ---- reading XLSX ------------------------------------------------------------------------------

def test_xlsx_cells_become_text():
    data = xlsx([["Legal name", "Description", "Contact e-mail"],
                 ["Acme AI", 42.0, " a@acme.ai "], [None, None, None],
                 ["Beta", date(2024, 5, 1), None]])
    read = read_file(data)
    assert read.kind == "xlsx"
    assert [(r.row, r.values["legal_name"], r.values["description"]) for r in read.rows] == [
        (2, "Acme AI", "42"), (4, "Beta", "2024-05-01")]
    assert read.rows[0].values["contact_email"] == "a@acme.ai"


def test_a_vendors_sheet_is_preferred():
    wb = openpyxl.Workbook()
    wb.active.append(["Read me first"])
    wb.create_sheet("Vendors").append(["Vendor"])
    wb["Vendors"].append(["Acme"])
    out = io.BytesIO()
    wb.save(out)
    assert read_file(out.getvalue()).rows[0].values == {"legal_name": "Acme"}


def test_templates_read_back_with_the_example_row_skipped():
    for data in (template_csv(), template_xlsx()):
        read = read_file(data)
        assert len(read.fields) == 9 and not read.notes
        (only,) = plan_rows(read.rows, directory())
        assert only.outcome is Outcome.SKIPPED and "example row" in only.message


# ---- files that cannot be imported -------------------------------------------------------------

@pytest.mark.parametrize(("data", "message"), [
    (b"", "empty"),
    (b"Legal name\n", "no vendors below it"),
    (bytes(range(256)) * 20, "not a spreadsheet"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, r"Old Excel files \(.xls\) and "
                                                          "password-protected"),
    (b"PK\x03\x04" + b"garbage" * 30, "damaged archive"),
    (make_zip({"notes.txt": b"hello"}), r"Upload a CSV or Excel \(.xlsx\) file"),
    (make_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}),
     "This is a DOCX file, not a spreadsheet"),
    (make_zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<not-a-workbook"}),
     "could not be read"),
    (make_zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"x"}, flag_bits=1),
     "Password-protected"),
], ids=["empty", "header-only", "garbage", "xls-or-encrypted", "damaged-zip", "plain-zip",
        "docx", "broken-xlsx", "encrypted-zip"])
def test_unusable_files_get_a_clear_message(data, message):
    with pytest.raises(ImportFileError, match=message):
        read_file(data)


def test_zip_bomb_like_archives_are_not_opened():
    bomb = make_zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<w/>",
                     "xl/worksheets/sheet1.xml": b"\0" * (3 * 1024 * 1024)})
    with pytest.raises(ImportFileError, match="zip bomb"):
        read_file(bomb)
    many = make_zip({f"xl/part{i}.xml": b"x" for i in range(30)})
    with pytest.raises(ImportFileError, match="zip bomb"):
        read_file(many, ImportLimits(max_zip_entries=20))


def test_size_and_row_limits():
    limits = ImportLimits(max_bytes=200, max_rows=3)
    with pytest.raises(ImportFileError, match="larger than"):
        read_file(b"Legal name\n" + b"x" * 300, limits)
    rows = "Legal name\n" + "".join(f"Vendor {i}\n" for i in range(4))
    with pytest.raises(ImportFileError, match="more than 3 rows"):
        read_file(rows.encode(), ImportLimits(max_rows=3))
    assert len(read_file(rows.encode(), ImportLimits(max_rows=4)).rows) == 4
    with pytest.raises(ImportFileError, match="more than 3 rows"):
        read_file(xlsx([["Vendor"], *[[f"V{i}"] for i in range(5)]]), ImportLimits(max_rows=3))


# ---- values and per-row errors -----------------------------------------------------------------

@pytest.mark.parametrize(("text", "code"), [
    ("de", "DE"), ("Germany", "DE"), ("UK", "GB"), ("united states of america", "US"),
    ("Côte d’Ivoire", "CI"), ("Türkiye", "TR"), ("Turkey", "TR"), ("", None)])
def test_countries_by_code_or_name(text, code):
    assert resolve_country(text) == code


def test_row_errors_name_every_problem():
    rows = plan(
        "Legal name,Website,Country,Status,Contact name,Contact e-mail,Aliases\n"
        ",acme.ai,,,,,\n"
        "Bad Mail,,,,Ann,ann@,\n"
        "Bad Site,ftp://x.example.com,,,,,\n"
        "Bad Site 2,not a url,,,,,\n"
        "Bad Country,,Narnia,,,,\n"
        "Bad Status,,,sleeping,,,\n"
        "No Mail,,,,Ann,,\n"
        "No Name,,,,,bob@example.com,\n"
        "Many Names,,,,,,a;b|c;d\n"
        "...,,,,,,\n"
        "Good One,EXAMPLE.com/path,fr,Active,Cat,Cat@Example.com,Good|Good 1\n")
    errors = {r.row: r.errors for r in rows}
    assert errors[2] == ("The legal name is missing.",)
    assert "Contact e-mail “ann@” is not valid" in errors[3][0]
    assert errors[4] == ("Website “ftp://x.example.com” must start with http:// or https://.",)
    assert "is not a valid web address" in errors[5][0]
    assert "Unknown country “Narnia”" in errors[6][0]
    assert errors[7] == ("Status “sleeping” is not one of: prospective, active, offboarded.",)
    assert errors[8] == ("The contact e-mail is missing (needed to invite Ann).",)
    assert errors[9] == ("The contact name is missing for bob@example.com.",)
    assert errors[10] == ("Enter at most 3 other names.",)
    assert errors[11] == ("The legal name needs letters or digits.",)
    good = rows[-1]
    assert good.row == 12 and good.outcome is Outcome.NEW_VENDOR and not good.errors
    assert good.vendor.website == "https://EXAMPLE.com/path" and good.vendor.country == "FR"
    assert good.vendor.status == "active" and good.vendor.aliases == ("Good", "Good 1")
    assert good.contact.email == "cat@example.com"
    assert all(r.outcome is Outcome.ERROR for r in rows[:-1])
    assert rows[0].message == "Error: The legal name is missing."


# ---- duplicates --------------------------------------------------------------------------------

def test_duplicates_within_the_file():
    rows = plan(
        "Vendor,Contact name,E-mail,Website,Aliases\n"
        "Acme AI Ltd,Ann,ann@acme.example.com,acme.example.com,Acme Bot\n"
        "ACME AI,Bob,bob@acme.example.com,other.example.com,\n"  # same vendor, another contact
        "Acme Bot,,,,\n"  # its other name, nothing new
        "Acme AI Limited,Ann again,ANN@acme.example.com,,\n"  # the same contact again
        "Beta,Ann,ann@acme.example.com,,\n"  # Acme's contact for another vendor
        "Gamma,,,,Acme Bot\n")  # another vendor claiming Acme's other name
    outcomes = [(r.row, r.outcome, r.vendor_row) for r in rows]
    assert outcomes == [
        (2, Outcome.NEW_VENDOR, 2), (3, Outcome.SAME_VENDOR, 2), (4, Outcome.DUPLICATE, 2),
        (5, Outcome.DUPLICATE, 2), (6, Outcome.ERROR, None), (7, Outcome.ERROR, None)]
    assert "website differ from row 2; row 2's are used" in rows[1].message
    assert "ann@acme.example.com is already in row 2" in rows[3].message
    assert rows[4].errors == ("ann@acme.example.com is already used for another vendor in row 2.",)
    assert rows[5].errors == ("Other name “Acme Bot” is a name of the vendor in row 2.",)
    units = group_units(rows)
    assert len(units) == 1 and units[0].rows == (2, 3)
    assert [c.email for c in units[0].contacts] == ["ann@acme.example.com",
                                                    "bob@acme.example.com"]
    assert summarise(rows) == {"rows": 6, "new_vendors": 1, "contacts": 2,
                               "existing_vendors": 0, "skipped": 2, "errors": 2}


def test_existing_vendors_and_accounts():
    acme = KnownVendor(7, "Acme AI Ltd")
    gone = KnownVendor(8, "Gone Ltd", is_offboarded=True)
    vendors = {"acme ai": acme, "acmebot": acme, "gone": gone}
    users = {"boss@buyer.example.com": KnownUser(is_staff=True),
             "taken@other.example.com": KnownUser(False, 9, "Other Co"),
             "old@acme.example.com": KnownUser(False, 7, "Acme AI Ltd")}
    rows = plan(
        "Vendor,Contact name,E-mail,Website,Other names\n"
        "ACME AI,Ann,ann@acme.example.com,changed.example.com,\n"
        "AcmeBot Inc,Bob,bob@acme.example.com,,\n"
        "Acme AI Ltd,Old,old@acme.example.com,,\n"
        "Acme AI Ltd,,,,\n"
        "Gone Ltd,Gus,gus@gone.example.com,,\n"
        "Fresh,Boss,boss@buyer.example.com,,\n"
        "Fresh 2,Taken,taken@other.example.com,,\n"
        "Fresh 3,,,,AcmeBot\n",
        vendors=vendors, users=users)
    by_row = {r.row: r for r in rows}
    assert by_row[2].outcome is Outcome.EXISTING_VENDOR and by_row[2].vendor_id == 7
    assert by_row[2].message == ("Existing vendor Acme AI Ltd (matched as “ACME AI”): contact "
                                 "ann@acme.example.com added; its details are not changed.")
    assert by_row[3].vendor_id == 7 and by_row[3].contact.email == "bob@acme.example.com"
    assert by_row[4].contact is None and "already one of its contacts" in by_row[4].message
    assert by_row[5].contact is None and "nothing to add" in by_row[5].message
    assert by_row[6].errors == ("Gone Ltd is offboarded: its contacts cannot be invited.",)
    assert by_row[7].errors == ("boss@buyer.example.com belongs to a staff account.",)
    assert by_row[8].errors == ("taken@other.example.com is already a contact of another vendor "
                                "(Other Co).",)
    assert by_row[9].errors == ("Other name “AcmeBot” belongs to the existing vendor "
                                "Acme AI Ltd.",)
    (unit,) = group_units(rows)
    assert unit.vendor_id == 7 and unit.vendor is None and unit.rows == (2, 3)
    counts = summarise(rows)
    assert counts["existing_vendors"] == 1 and counts["contacts"] == 2
    assert counts["skipped"] == 2 and counts["errors"] == 4


def test_row_plans_survive_json():
    rows = plan("Vendor,Contact name,E-mail,Aliases\nAcme,Ann,ann@acme.example.com,A1;A2\n")
    stored = json.loads(json.dumps([r.as_dict() for r in rows]))
    assert [RowPlan.from_dict(r) for r in stored] == rows


def test_pure_modules_load_no_web_or_database_framework():
    code = ("import sys; import portal; before = set(sys.modules); "
            "import portal.vendors.imports.parsing, portal.vendors.imports.plan; "
            "import portal.vendors.naming; "
            "bad = [m for m in set(sys.modules) - before "
            "if m.split('.')[0] in ('flask', 'sqlalchemy', 'flask_sqlalchemy', 'werkzeug')]; "
            "print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr
