"""`portal certificates ...`: read certificate PDFs from the command line."""

from __future__ import annotations

import json
from datetime import date

import click
from flask import current_app
from flask.cli import AppGroup

from portal.certificates.expiry import notify_expiring
from portal.certificates.results import CertificateExtraction, ExtractedField, Limits
from portal.certificates.sandbox import extract_pdf_sandboxed
from portal.extensions import db
from portal.mail.services import deliver_queued_now

certificates_cli = AppGroup("certificates", help="Read and check supplier certificates.")

_SUMMARY = (
    ("standard", "Standard"),
    ("certificate_number", "Certificate no."),
    ("organization", "Organisation"),
    ("scope", "Scope"),
    ("initial_certification_date", "Initial certification"),
    ("issue_date", "Issued"),
    ("expiry_date", "Expires"),
    ("certification_body", "Certification body"),
    ("accreditation_body", "Accreditation body"),
)


def _shown(found: ExtractedField | None) -> str:
    if found is None:
        return "-"
    value = found.to_json_dict()["value"]
    return f"{value}  (p.{found.page}, {found.confidence:.0%})"


def format_summary(path: str, result: CertificateExtraction) -> str:
    """Return a readable multi-line summary of one file's extraction."""
    lines = [f"{path}: {result.status} - {result.message}"]
    if result.status != "ok":
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


@certificates_cli.command("extract", with_appcontext=False)
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
    """Extract certificate fields from FILE... (each read in a sandboxed process)."""
    limits = Limits(ocr=not no_ocr, wall_seconds=timeout)
    results = [(path, extract_pdf_sandboxed(path, limits=limits)) for path in files]
    if output == "json":
        click.echo(
            json.dumps([r.to_json_dict(path) for path, r in results], indent=2, ensure_ascii=False)
        )
        return
    click.echo("\n\n".join(format_summary(path, r) for path, r in results))


@certificates_cli.command("notify-expiring")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Pretend today is this date (YYYY-MM-DD); for testing schedules.")
def notify_expiring_command(today) -> None:
    """E-mail vendors about certificates expiring in 90/60/30 days or expired (cron-safe)."""
    run = notify_expiring(today.date() if today else date.today(), current_app.config)
    db.session.commit()
    deliver_queued_now(current_app.config)
    click.echo(f"Queued {run.sent} expiry e-mail(s) for {run.certificates} certificate(s); "
               f"asked for {run.renewals_requested} renewed certificate(s).")
