"""Import a questionnaire from a file in any supported format: preview it, then store it.

Formats: the portal's YAML template, a CISO Assistant framework library (YAML) and a
spreadsheet (XLSX or CSV, with a column mapping). Every format is turned into a template
mapping (portal.questionnaires.drafts), validated by bank.parse_template like a hand-written
template, summarised, and stored as a new TemplateVersion with source `upload`. The UI import
page and `portal questionnaires import FILE` both go through `preview_file` and `import_file`.
"""
from __future__ import annotations

import base64
import zlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from portal.auth.models import User
from portal.questionnaires import bank, ciso_assistant, services, spreadsheet, spreadsheet_columns
from portal.questionnaires.coverage import YamlLoader
from portal.questionnaires.drafts import Draft, ImportFailed, Summary, summarise, template_key

FORMATS = {
    "auto": "Recognise from the file",
    "yaml": "Portal template (YAML)",
    "ciso-assistant": "CISO Assistant framework library (YAML)",
    "spreadsheet": "Spreadsheet (XLSX or CSV), one row per question",
}
YAML_MAX_BYTES = 1024 * 1024
UPLOAD_SALT = "portal.questionnaire-import"
UPLOAD_MAX_AGE = 2 * 3600
UPLOAD_MAX_TOKEN = 400_000  # travels in a hidden field; Flask refuses forms above 500 KB


@dataclass
class ImportOptions:
    """What the person importing decided; every field has a sensible default."""
    format: str = "auto"
    key: str = ""
    version: int | None = None
    title: str = ""
    prefix: str = ""
    choice_scores: dict[str, float | None] = field(default_factory=dict)
    default_controls: tuple[str, ...] = ()
    mapping: spreadsheet_columns.ColumnMapping | None = None  # spreadsheets: None means guess
    sheet: str = ""  # workbooks: "" means the first sheet with a question column


@dataclass(frozen=True)
class Preview:
    template: bank.Template | None
    problems: tuple[bank.Problem, ...]
    summary: Summary | None
    warnings: tuple[str, ...]
    source_format: str
    table: spreadsheet.Table | None = None
    mapping: spreadsheet_columns.ColumnMapping | None = None

    @property
    def is_valid(self) -> bool:
        return self.template is not None


def detect_format(data: bytes, filename: str) -> str:
    """Tell the format of an uploaded file from its bytes (then its name)."""
    if data.startswith(b"PK\x03\x04"):
        return "spreadsheet"
    head = data[:65536].decode("utf-8", errors="replace")
    suffix = Path(filename).suffix.lower()
    if suffix in (".csv", ".tsv", ".txt"):
        return "spreadsheet"
    try:
        raw = yaml.load(data.decode("utf-8"), Loader=YamlLoader)  # noqa: S506  # nosec B506
    except (UnicodeDecodeError, yaml.YAMLError):
        return "spreadsheet" if "," in head or ";" in head or "\t" in head else "yaml"
    if ciso_assistant.looks_like_library(raw):
        return "ciso-assistant"
    return "yaml" if isinstance(raw, dict) else "spreadsheet"


def _yaml_draft(data: bytes) -> Draft:
    try:
        raw = yaml.load(data.decode("utf-8"), Loader=YamlLoader)  # noqa: S506  # nosec B506
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ImportFailed(" ".join(f"cannot read the file as UTF-8 YAML: {exc}".split())) \
            from None
    return Draft(raw, source_format="portal template")


def _draft(data: bytes, filename: str, options: ImportOptions, catalogue: bank.Catalogue
           ) -> tuple[Draft, spreadsheet.Table | None, spreadsheet_columns.ColumnMapping | None]:
    fmt = options.format if options.format != "auto" else detect_format(data, filename)
    if fmt == "spreadsheet":
        table = spreadsheet.read_table(data, filename, options.sheet or None)
        mapping = options.mapping or spreadsheet_columns.guess_mapping(table.headers)
        sheet = spreadsheet.SheetOptions(
            key=options.key or template_key(Path(filename).stem), title=options.title
            or Path(filename).stem.replace("_", " ").replace("-", " ").strip().capitalize(),
            version=options.version or 1, prefix=options.prefix,
            choice_scores=options.choice_scores, default_controls=options.default_controls)
        return spreadsheet.from_table(table, mapping, sheet), table, mapping
    if len(data) > YAML_MAX_BYTES:
        raise ImportFailed(f"the file is larger than {YAML_MAX_BYTES // 1024} KB")
    if fmt == "ciso-assistant":
        draft = ciso_assistant.from_library(
            ciso_assistant.read_library(data), known_controls={c.id for c in catalogue.controls},
            choice_scores=options.choice_scores, default_controls=options.default_controls,
            key=options.key or None, version=options.version, prefix=options.prefix)
        if options.title:
            draft.data["title"] = options.title
        return draft, None, None
    draft = _yaml_draft(data)
    if isinstance(draft.data, dict):  # the person may still override key, version, title
        for name, value in (("id", options.key), ("version", options.version),
                            ("title", options.title)):
            if value:
                draft.data[name] = value
    return draft, None, None


def preview_file(data: bytes, filename: str, options: ImportOptions,
                 catalogue: bank.Catalogue) -> Preview:
    """Convert and validate a file without storing anything.

    Raises:
        ImportFailed: when the file cannot be read as the chosen format at all.
    """
    source = Path(filename or "upload").name[:120] or "upload"
    if not data:
        raise ImportFailed("the file is empty")
    draft, table, mapping = _draft(data, source, options, catalogue)
    try:
        template = bank.parse_template(draft.data, source=source, catalogue=catalogue)
    except bank.TemplateError as exc:
        return Preview(None, tuple(exc.problems), None, tuple(draft.warnings),
                       draft.source_format, table, mapping)
    return Preview(template, (), summarise(template, draft.warnings, draft.source_format),
                   tuple(draft.warnings), draft.source_format, table, mapping)


def store_preview(preview: Preview, filename: str, *, actor: User | None
                  ) -> tuple[Any, bool]:
    """Store a valid preview's template; return its TemplateVersion and whether it is new.

    Raises: TemplateConflict (a stored version with other content, or an older version).
    """
    assert preview.template is not None  # callers store only valid previews
    return services.store_import(preview.template, source_name=Path(filename or "upload").name,
                                 source_format=preview.source_format,
                                 warnings=preview.warnings, actor=actor)


def import_file(data: bytes, filename: str, options: ImportOptions, catalogue: bank.Catalogue,
                *, actor: User | None) -> tuple[Preview, Any, bool]:
    """Preview a file and, when it is valid, store it.

    Raises: ImportFailed, TemplateConflict.
    """
    preview = preview_file(data, filename, options, catalogue)
    if not preview.is_valid:
        return preview, None, False
    stored, created = store_preview(preview, filename, actor=actor)
    return preview, stored, created


# ---- the uploaded file between the preview and the import (UI) -------------------------------

def _serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=UPLOAD_SALT)


def pack_upload(data: bytes, filename: str, user_id: int, secret_key: str) -> str:
    """Sign the uploaded file so the mapping step can use it again without storing it.

    Raises:
        ImportFailed: when even compressed it is too large to travel in the form.
    """
    payload = {"u": user_id, "n": Path(filename).name[:120],
               "d": base64.b64encode(zlib.compress(data, 6)).decode()}
    token = _serializer(secret_key).dumps(payload)
    if len(token) > UPLOAD_MAX_TOKEN:
        raise ImportFailed("the file is too large to preview in the browser: import it with "
                           "`portal questionnaires import FILE` instead")
    return token


def unpack_upload(token: str, user_id: int, secret_key: str) -> tuple[bytes, str]:
    """Return the bytes and name of a signed upload made by this user.

    Raises:
        ImportFailed: when the token is altered, expired or someone else's.
    """
    try:
        payload: dict[str, Any] = _serializer(secret_key).loads(token, max_age=UPLOAD_MAX_AGE)
    except SignatureExpired:
        raise ImportFailed("the upload expired: choose the file again") from None
    except BadSignature:
        raise ImportFailed("the upload could not be verified: choose the file again") from None
    if payload.get("u") != user_id:
        raise ImportFailed("the upload could not be verified: choose the file again")
    return zlib.decompress(base64.b64decode(payload["d"])), payload["n"]


def with_mapping(
    options: ImportOptions, mapping: spreadsheet_columns.ColumnMapping
) -> ImportOptions:
    """Return the options with a chosen column mapping."""
    return replace(options, mapping=mapping)
