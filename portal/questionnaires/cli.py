"""`portal questionnaires ...`: validate, list, measure and import question banks."""
from __future__ import annotations

import json
from pathlib import Path

import click
import sqlalchemy as sa
import yaml
from flask.cli import AppGroup

from portal.auth.access import EDITOR_ROLES
from portal.auth.models import User
from portal.extensions import db
from portal.questionnaires import importing, services, spreadsheet, spreadsheet_columns
from portal.questionnaires.bank import (
    Catalogue,
    Problem,
    Template,
    TemplateError,
    coverage,
    default_questionnaires_dir,
    load_catalogue,
    load_template,
    load_templates,
)
from portal.questionnaires.drafts import ImportFailed, parse_choice_scores

questionnaires_cli = AppGroup("questionnaires", help="Validate, inspect and import question banks.")

_FORMAT = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                       show_default=True, help="Output format.")
_DIRECTORY = click.option(
    "--dir", "directory", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Directory holding controls.yaml and templates/ (default: the repository's).",
)


def _catalogue(directory: Path | None) -> Catalogue:
    root = directory or default_questionnaires_dir()
    try:
        return load_catalogue(root / "controls.yaml")
    except TemplateError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        raise click.exceptions.Exit(1) from exc


def _templates(directory: Path | None) -> list[Template]:
    root = directory or default_questionnaires_dir()
    templates, problems = load_templates(root / "templates", _catalogue(directory))
    for problem in problems:
        click.echo(f"warning: {problem}", err=True)
    return templates


@questionnaires_cli.command("validate", with_appcontext=False)
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@_DIRECTORY
def validate_command(paths: tuple[Path, ...], directory: Path | None) -> None:
    """Validate templates (default: all shipped ones); exit 1 on any problem."""
    catalogue = _catalogue(directory)
    problems: list[Problem] = []
    count = 0
    if not paths:
        templates, problems = load_templates(
            (directory or default_questionnaires_dir()) / "templates", catalogue)
        count = len(templates) + len({p.file for p in problems})
    for path in paths:
        files = sorted([*path.glob("*.yaml"), *path.glob("*.yml")]) if path.is_dir() else [path]
        for file in files:
            count += 1
            try:
                load_template(file, catalogue)
            except TemplateError as exc:
                problems.extend(exc.problems)
    for problem in problems:
        click.echo(str(problem))
    bad = len({p.file for p in problems})
    click.echo(f"{count} template file(s) checked, {bad} with problems, "
               f"{len(problems)} problem(s).", err=True)
    if problems:
        raise click.exceptions.Exit(1)


@questionnaires_cli.command("list", with_appcontext=False)
@_FORMAT
@_DIRECTORY
def list_command(fmt: str, directory: Path | None) -> None:
    """List the valid templates with their versions and question counts."""
    rows = [{"id": t.key, "title": t.title, "version": t.version, "questions": len(t.questions())}
            for t in _templates(directory)]
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2))
        return
    for row in rows:
        click.echo(f"{row['id']:<24} v{row['version']:<4} {row['questions']:>4} questions  "
                   f"{row['title']}")


@questionnaires_cli.command("coverage", with_appcontext=False)
@click.argument("template_id")
@_FORMAT
@_DIRECTORY
def coverage_command(template_id: str, fmt: str, directory: Path | None) -> None:
    """Show how many questions of a template map to each Annex A control."""
    catalogue = _catalogue(directory)
    template = next((t for t in _templates(directory) if t.key == template_id), None)
    if template is None:
        raise click.ClickException(f"no valid template with id {template_id!r}")
    result = coverage(template, catalogue)
    if fmt == "json":
        click.echo(json.dumps(result, indent=2))
        return
    click.echo(f"{template.key} v{template.version}: {result['questions']} questions")
    for control in catalogue.annex_a():
        count = result["controls"][control.id]
        mark = "  " if count else "! "
        click.echo(f"{mark}{control.id:<8} {count:>3}  {control.title}")
    missing = sum(1 for n in result["controls"].values() if n == 0)
    click.echo(f"{len(result['controls']) - missing}/{len(result['controls'])} Annex A controls "
               "covered")


def _column(value: str, headers: tuple[str, ...]) -> int:
    """A column by header name, letter (A, B, ...) or number (1, 2, ...)."""
    lowered = [h.strip().lower() for h in headers]
    if value.strip().lower() in lowered:
        return lowered.index(value.strip().lower())
    if value.isdigit() and 1 <= int(value) <= len(headers):
        return int(value) - 1
    if value.isalpha() and len(value) <= 2:
        index = 0
        for char in value.upper():
            index = index * 26 + ord(char) - 64
        if 1 <= index <= len(headers):
            return index - 1
    raise click.UsageError(f"no column {value!r}; the columns are: {', '.join(headers)}")


@questionnaires_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(list(importing.FORMATS)), default="auto",
              show_default=True, help="File format.")
@click.option("--key", default="", help="Template key to store it under (default: from the "
              "file).")
@click.option("--version", "version", type=click.IntRange(min=1), default=None,
              help="Version number (default: the file's, else 1).")
@click.option("--title", default="", help="Template title (default: from the file).")
@click.option("--prefix", default="", help="Prefix for generated question ids, e.g. SCRM.")
@click.option("--choice-score", "choice_scores", multiple=True, metavar="LABEL=SCORE",
              help="Score of an answer label the importer cannot score itself, e.g. "
                   "Alternate=0.5 (empty score: not applicable). Repeatable.")
@click.option("--default-control", "default_controls", multiple=True, metavar="ID",
              help="ISO/IEC 42001 control for scored questions the file maps to none, "
                   "e.g. A.10.3. Repeatable.")
@click.option("--column", "columns", multiple=True, metavar="FIELD=COLUMN",
              help="Spreadsheets: which column holds a field (question, id, section, "
                   "subsection, guidance, type, options, scores, controls, weight, required), "
                   "by header, letter or number. Unset fields are guessed from the headers.")
@click.option("--sheet", default="", help="Workbooks: the sheet to read (default: the first "
              "with a question column).")
@click.option("--dry-run", is_flag=True, help="Validate and summarise; store nothing.")
@click.option("--write-yaml", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the converted template as YAML to this file.")
@click.option("--actor", "actor_email", default=None,
              help="E-mail of the administrator or procurement user to audit the import as.")
@_DIRECTORY
def import_command(file: Path, fmt: str, key: str, version: int | None, title: str,
                   prefix: str, choice_scores: tuple[str, ...],
                   default_controls: tuple[str, ...], columns: tuple[str, ...], sheet: str,
                   dry_run: bool,
                   write_yaml: Path | None, actor_email: str | None,
                   directory: Path | None) -> None:
    """Import a questionnaire file (portal YAML, CISO Assistant library, XLSX or CSV).

    Validates it exactly as the import page does, prints a summary and every problem, and
    stores it as a new template version unless --dry-run. Exit status 1 when it is invalid.
    """
    catalogue = _catalogue(directory)
    data = file.read_bytes()
    actor = None
    if actor_email and not dry_run:
        actor = db.session.scalar(sa.select(User).where(User.email == actor_email))
        if actor is None or actor.role not in EDITOR_ROLES or not actor.is_active:
            raise click.UsageError("--actor must be the e-mail of an active administrator or "
                                   "procurement user")
    try:
        options = importing.ImportOptions(
            format=fmt, key=key, version=version, title=title, prefix=prefix,
            choice_scores=parse_choice_scores(choice_scores),
            default_controls=tuple(default_controls), sheet=sheet)
        if columns:
            table = spreadsheet.read_table(data, file.name, sheet or None)
            guessed = spreadsheet_columns.guess_mapping(table.headers).as_dict()
            for item in columns:
                name, sep, value = item.partition("=")
                if not sep or name not in guessed:
                    raise click.UsageError(f"--column {item!r}: write FIELD=COLUMN with FIELD "
                                           f"one of {', '.join(guessed)}")
                guessed[name] = _column(value, table.headers) if value else None
            options.mapping = spreadsheet_columns.ColumnMapping(**guessed)
        preview = importing.preview_file(data, file.name, options, catalogue)
    except ImportFailed as exc:
        raise click.ClickException(f"{file.name}: {exc}") from None
    if preview.mapping is not None and preview.table is not None:
        used = [f"{name}={preview.table.headers[i]!r}"
                for name, i in preview.mapping.as_dict().items() if i is not None]
        if preview.table.sheet:
            click.echo(f"sheet: {preview.table.sheet} (of {', '.join(preview.table.sheets)})")
        click.echo("columns: " + ", ".join(used))
    for warning in preview.warnings:
        if preview.summary is None:
            click.echo(f"warning: {warning}", err=True)
    if not preview.is_valid:
        for problem in preview.problems:
            click.echo(str(problem))
        click.echo(f"{file.name}: not imported, {len(preview.problems)} problem(s).", err=True)
        raise click.exceptions.Exit(1)
    for line in preview.summary.lines():
        click.echo(line)
    if write_yaml:
        write_yaml.write_text(yaml.safe_dump(preview.template.to_dict(), sort_keys=False,
                                             allow_unicode=True, width=100), encoding="utf-8")
        click.echo(f"wrote {write_yaml}")
    if dry_run:
        click.echo("dry run: nothing stored.")
        return
    try:
        stored, created = importing.store_preview(preview, file.name, actor=actor)
    except services.TemplateConflict as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from None
    db.session.commit()
    click.echo(f"stored {stored.key} version {stored.version} ({stored.question_count} questions)"
               if created else f"{stored.key} version {stored.version} is already stored with "
               "exactly this content; nothing changed.")
