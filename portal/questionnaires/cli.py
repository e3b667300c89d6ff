"""`portal questionnaires ...`: validate, list and measure the shipped question banks."""
from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import AppGroup

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

questionnaires_cli = AppGroup("questionnaires", help="Validate and inspect question banks.")

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
