"""Time the certificate reader on real text certificates against bare pdfplumber, in one process.

    python bench/real_text_speed.py [--real DIR] [--every N]

The real development split's text PDFs (truth bench/corpus/real/dev.json, files from --real
DIR/dev, default as bench/certificates.py) are read one after another, each by bare pdfplumber
(`extract_text()` of every page), by the reader as the command line runs it, and by the reader
without OCR (`--no-ocr`: no pictures read); then all of them in one run of the command line
(`portal certificates extract`, sandboxed, start-up included) against bare pdfplumber in one
command. Real text certificates often print their accreditation mark, body or standard only as
pictures, which the reader reads with OCR; the generated text certificates timed by
bench/certificates.py print everything as text.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.certificates import DEFAULT_REAL, TRUTH_DIR  # noqa: E402
from bench.certspeed import (  # noqa: E402
    bare_seconds,
    command_for,
    prepare_installation,
    run_timed,
)
from portal.certificates.pdftext import extract_pdf  # noqa: E402
from portal.certificates.results import Limits  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--real", type=Path, default=DEFAULT_REAL)
    parser.add_argument("--every", type=int, default=1, help="time every Nth file only")
    args = parser.parse_args(argv)
    entries = json.loads((TRUTH_DIR / "dev.json").read_text("utf-8"))
    folder = args.real / "dev"
    files = sorted({str(folder / e["file"]) for e in entries
                    if e["kind"] == "text" and (folder / e["file"]).exists()})[:: args.every]
    if not files:
        print(f"no real development text PDFs in {folder} (bench/corpus/real/SOURCES.md)")
        return 1
    limits, no_ocr = Limits(), replace(Limits(), ocr=False)
    bare = ours = plain = 0.0
    pictures = 0
    for path in files:
        bare += bare_seconds(path)
        started = time.perf_counter()
        result = extract_pdf(path, limits=limits)
        ours += time.perf_counter() - started
        pictures += bool(result.used_ocr)
        started = time.perf_counter()
        extract_pdf(path, limits=no_ocr)
        plain += time.perf_counter() - started
    print(f"{len(files)} real text PDFs ({pictures} with pictures read by OCR)")
    print(f"  bare pdfplumber        {bare:8.1f} s")
    print(f"  reader                 {ours:8.1f} s   ratio {ours / bare:5.2f}")
    print(f"  reader, --no-ocr       {plain:8.1f} s   ratio {plain / bare:5.2f}")
    prepare_installation()
    bare_command = run_timed(command_for(files, portal=False))
    our_command = run_timed(command_for(files, portal=True))
    print("  in one command each:")
    print(f"  bare pdfplumber        {bare_command:8.1f} s")
    print(f"  portal certificates extract {our_command:5.1f} s   ratio "
          f"{our_command / bare_command:5.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
