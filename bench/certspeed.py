"""Time the certificate reader against bare pdfplumber on the same text PDFs, in one run.

Three comparisons, each a ratio (ours / bare):
- in-process: `extract_pdf` against `extract_text()` of every page, same interpreter;
- sandboxed: a `SandboxPool` worker (what the portal uses) against the same bare reading;
- command line: `portal certificates extract` against a bare Python script that opens the file
  with pdfplumber and calls `extract_text()` on every page, both started fresh, once per file
  and once for all files together (start-up included).
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

BARE_SCRIPT = (
    "import sys, pdfplumber\n"
    "for path in sys.argv[1:]:\n"
    "    with pdfplumber.open(path) as pdf:\n"
    "        for page in pdf.pages:\n"
    "            page.extract_text()\n"
)


def bare_seconds(path: str) -> float:
    """Return the time pdfplumber takes to extract_text() every page, in this process."""
    import pdfplumber

    started = time.perf_counter()
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
    return time.perf_counter() - started


def _timed(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def timings(files: list[str], ours: Callable[[str], object], repeat: int) -> tuple[dict, dict]:
    """Return per-file run times (bare, ours), each run of bare and ours back to back."""
    bare: dict[str, list[float]] = {f: [] for f in files}
    mine: dict[str, list[float]] = {f: [] for f in files}
    for _ in range(repeat):
        for path in files:
            bare[path].append(bare_seconds(path))
            mine[path].append(_timed(lambda path=path: ours(path)))
    return bare, mine


def median_ratio(files: list[str], ours: Callable[[str], object], repeat: int) -> tuple:
    """Return (bare median, ours median, ratio): medians per file over runs, then over files."""
    return ratios(*timings(files, ours, repeat))[0]


def ratios(bare: dict[str, list[float]], mine: dict[str, list[float]]) -> tuple[tuple, tuple]:
    """Return the typical file (medians per file, then over files) and the whole set (sums of
    the per-file medians): a few slow files (pictures read with OCR) move only the second."""
    bare_each = [statistics.median(v) for v in bare.values()]
    our_each = [statistics.median(v) for v in mine.values()]
    typical = (statistics.median(bare_each), statistics.median(our_each))
    whole = (sum(bare_each), sum(our_each))
    return (
        (typical[0], typical[1], typical[1] / typical[0]),
        (whole[0], whole[1], whole[1] / whole[0]),
    )


def command_for(files: list[str], *, portal: bool, no_ocr: bool = False) -> list[str]:
    if portal:
        script = Path(sys.executable).with_name("portal")
        return [str(script), "certificates", "extract", "--format", "json",
                *(["--no-ocr"] if no_ocr else []), *files]
    return [sys.executable, "-c", BARE_SCRIPT, *files]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_timed(command: list[str], cpu: list[float] | None = None) -> float:
    """Return a command's wall-clock seconds; append its CPU seconds (with its children's,
    Tesseract included) to `cpu`: on a loaded machine the CPU time moves much less."""
    started, used = time.perf_counter(), _children_cpu()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if cpu is not None:
        cpu.append(_children_cpu() - used)
    return time.perf_counter() - started


def prepare_installation() -> None:
    """Compile what an installed reader has at hand before the command line is timed.

    pip compiles every module's bytecode when it installs a package (bare pdfplumber is timed
    with its bytecode), and the reader stores its patterns' compiled programs beside the
    bytecode on its first start (`portal.certificates.regexes`); a source checkout run with
    PYTHONDONTWRITEBYTECODE has neither, and would time a first start every time.
    """
    import compileall

    import portal

    compileall.compile_dir(Path(portal.__file__).parent, quiet=1, force=False)
    subprocess.run([sys.executable, "-m", "portal.certificates.regexes"], check=True,
                   stdout=subprocess.DEVNULL)


def cli_ratios(files: list[str], repeat: int, per_file: int, *,
               installed: bool = True) -> dict[str, tuple]:
    """Return the command-line comparisons: per file (a sample) and all files at once.

    `installed`: first compile the portal's bytecode and the reader's patterns, as an
    installation has them (`prepare_installation`)."""
    if installed:
        prepare_installation()
    sample = files[:: max(1, len(files) // per_file)][:per_file]
    bare: list[float] = []
    ours: list[float] = []
    bare_cpu: list[float] = []
    our_cpu: list[float] = []
    for _ in range(repeat):
        for path in sample:
            bare.append(run_timed(command_for([path], portal=False), bare_cpu))
            ours.append(run_timed(command_for([path], portal=True), our_cpu))
    one = (statistics.median(bare), statistics.median(ours))
    one_cpu = (statistics.median(bare_cpu), statistics.median(our_cpu))
    bare_all, ours_all = command_for(files, portal=False), command_for(files, portal=True)
    whole_bare = statistics.median(run_timed(bare_all) for _ in range(repeat))
    whole_ours = statistics.median(run_timed(ours_all) for _ in range(repeat))
    return {
        f"one file per command (median of {len(sample)} files x {repeat})": (
            one[0], one[1], one[1] / one[0]),
        "  the same, CPU time of the commands and their children": (
            one_cpu[0], one_cpu[1], one_cpu[1] / one_cpu[0]),
        f"all {len(files)} files in one command (median of {repeat})": (
            whole_bare, whole_ours, whole_ours / whole_bare),
    }


def print_speed(title: str, rows: dict[str, tuple], unit: str = "ms") -> bool:
    """Print comparison rows (bare, ours, ratio); return True when every ratio is <= 1.5."""
    print(f"\n== speed: {title}")
    ok = True
    scale = 1000 if unit == "ms" else 1
    for label, (bare, ours, ratio) in rows.items():
        met = ratio <= 1.5
        ok &= met
        print(f"   {label}")
        print(f"      bare pdfplumber {bare * scale:8.1f} {unit}   ours {ours * scale:8.1f} {unit}"
              f"   ratio {ratio:5.2f}  (target <= 1.5: {'met' if met else 'MISSED'})")
    return ok
