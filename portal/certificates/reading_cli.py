"""`portal certificates extract`: read certificate PDFs from the command line.

This command needs no app, configuration or database, and `portal.cli.main` runs it without
loading Flask, so its start-up stays close to a bare Python script's. Each file is read in a
sandboxed child process forked from this one (limits as in the portal).
"""

from __future__ import annotations

import json

import click

from portal.certificates.results import (
    CERTIFICATE_FIELDS,
    CertificateExtraction,
    ExtractedField,
    Limits,
)
from portal.certificates.sandbox import SandboxPool

_SUMMARY = tuple((spec.name, spec.summary) for spec in CERTIFICATE_FIELDS if spec.summary)


def _shown(found: ExtractedField | None) -> str:
    if found is None:
        return "-"
    value = found.to_json_dict()["value"]
    return f"{value}  (p.{found.page}, {found.confidence:.0%})"


def format_summary(path: str, result: CertificateExtraction) -> str:
    """Return a readable multi-line summary of one certificate's extraction."""
    where = ""
    pages = result.certificate_pages
    if pages and (result.more or len(pages) < result.pages):
        where = f" [pages {pages[0]}-{pages[-1]}]" if len(pages) > 1 else f" [page {pages[0]}]"
    lines = [f"{path}{where}: {result.status} - {result.message}"]
    if not result.is_certificate:
        return "\n".join(lines)
    for name, title in _SUMMARY:
        lines.append(f"  {title + ':':24s}{_shown(getattr(result, name))}")
    if len(result.standards) > 1:
        lines.append(f"  {'All standards:':24s}{', '.join(s.value for s in result.standards)}")
    if result.accreditation_number:
        lines.append(f"  {'Accreditation no.:':24s}{result.accreditation_number.value}")
    for n, site in enumerate(result.sites, start=1):
        lines.append(f"  {f'Site {n}:':24s}{site.value}")
    if result.used_ocr:
        lines.append("  (read with OCR: check the values)")
    for warning in result.warnings:
        lines.append(f"  warning: {warning}")
    return "\n".join(lines)


def read_files(files: tuple[str, ...], limits: Limits) -> list[tuple[str, CertificateExtraction]]:
    """Return (path, certificate) for every certificate in the files, in order."""
    pool = SandboxPool(1, memory_bytes=limits.memory_bytes, start_method="fork")
    try:
        return [
            (path, certificate)
            for path in files
            for certificate in pool.extract(path, limits).certificates()
        ]
    finally:
        pool.close()


@click.command("extract")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Readable summary or one JSON array.",
)
@click.option("--no-ocr", is_flag=True, help="Do not run OCR on scanned pages.")
@click.option(
    "--timeout",
    type=float,
    default=Limits().wall_seconds,
    show_default=True,
    help="Wall-clock seconds allowed per file.",
)
def extract_command(files: tuple[str, ...], output: str, no_ocr: bool, timeout: float) -> None:
    """Extract certificate fields from FILE... (each read in a sandboxed process).

    A file holding several certificates gives one entry per certificate, with its pages.
    """
    results = read_files(files, Limits(ocr=not no_ocr, wall_seconds=timeout))
    if output == "json":
        click.echo(
            json.dumps([r.to_json_dict(path) for path, r in results], indent=2, ensure_ascii=False)
        )
        return
    click.echo("\n\n".join(format_summary(path, r) for path, r in results))
