"""`portal certificates extract`: read certificate PDFs from the command line.

This command needs no app, configuration or database, and `portal.cli.main` runs it without
loading Flask or Click, so its start-up stays close to a bare Python script's. Its arguments
are parsed here with `argparse` (the standard library's, already loaded by the interpreter's
own modules far less often than Click costs: Click alone took about 12 ms of a 200 ms start);
the Flask command group forwards to the same parser (`portal.certificates.cli`). Each file is
read in a sandboxed child process forked from this one (limits as in the portal).
"""

from __future__ import annotations

import argparse
import json
import sys

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
    if result.pictures_only_ocr:
        lines.append("  (some values read from pictures on the page with OCR: check them)")
    elif result.used_ocr:
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


def _file(value: str) -> str:
    """Accept a file path (a missing or unreadable one is reported per file); refuse folders."""
    import os

    if os.path.isdir(value):
        raise argparse.ArgumentTypeError(f"{value!r} is a directory, not a PDF file")
    return value


def build_parser(prog: str = "portal certificates extract") -> argparse.ArgumentParser:
    """Return the command's argument parser."""
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Extract certificate fields from FILE... (each read in a sandboxed "
        "process). A file holding several certificates gives one entry per certificate, "
        "with its pages.",
    )
    parser.add_argument("files", nargs="+", type=_file, metavar="FILE",
                        help="PDF files to read.")
    parser.add_argument(
        "--format",
        dest="output",
        choices=("text", "json"),
        default="text",
        help="Readable summary or one JSON array (default: text).",
    )
    parser.add_argument("--no-ocr", action="store_true", help="Do not run OCR on scanned pages.")
    parser.add_argument(
        "--timeout",
        type=float,
        default=Limits().wall_seconds,
        help=f"Wall-clock seconds allowed per file (default: {Limits().wall_seconds:g}).",
    )
    return parser


def run(args: list[str], prog: str = "portal certificates extract") -> int:
    """Parse the arguments, read the files and print the results; return the exit status."""
    options = build_parser(prog).parse_args(args)
    limits = Limits(ocr=not options.no_ocr, wall_seconds=options.timeout)
    results = read_files(tuple(options.files), limits)
    if options.output == "json":
        text = json.dumps([r.to_json_dict(path) for path, r in results], indent=2,
                          ensure_ascii=False)
    else:
        text = "\n\n".join(format_summary(path, r) for path, r in results)
    sys.stdout.write(text + "\n")
    return 0
