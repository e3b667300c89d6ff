"""Benchmark the certificate reader: field accuracy per kind and speed against bare pdfplumber.

    python bench/certificates.py [--out DIR] [--no-scans] [--show-holdout] [--repeat N]

Builds the generated corpus (bench/corpus), reads every file through the sandbox, and prints
field-level accuracy for text, holdout, wild (real-world style layouts) and scanned
certificates (per field and per layout), whether look-alikes and
hostile files got the right status, and the median time per text certificate next to
pdfplumber's bare extract_text() on the same files in the same run.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
import unicodedata
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pdfplumber  # noqa: E402

from bench.corpus import DEFAULT_DIR, CorpusItem, build_corpus  # noqa: E402
from portal.certificates.results import Limits  # noqa: E402
from portal.certificates.sandbox import SandboxPool  # noqa: E402

FIELDS = [
    "standard",
    "standards",
    "certificate_number",
    "organization",
    "scope",
    "sites",
    "initial_certification_date",
    "issue_date",
    "expiry_date",
    "certification_body",
    "accreditation_body",
]
TARGETS = {"text": 0.97, "scanned": 0.90}


def _norm(value):
    if isinstance(value, list):
        return sorted(_norm(v) for v in value)
    if isinstance(value, str):
        return re.sub(r"\s+", " ", unicodedata.normalize("NFC", value)).strip()
    return value


def bare_seconds(path: str) -> float:
    """Return the time pdfplumber takes to extract_text() every page."""
    started = time.perf_counter()
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
    return time.perf_counter() - started


def score(items: list[CorpusItem], results: dict[str, dict], show_holdout: bool) -> bool:
    """Print accuracy tables; return True when every target is met."""
    ok = True
    for kind in ("text", "holdout", "wild", "scanned"):
        chosen = [i for i in items if i.kind == kind]
        if not chosen:
            continue
        per_field: dict[str, list[bool]] = defaultdict(list)
        per_layout: dict[str, list[bool]] = defaultdict(list)
        misses = []
        for item in chosen:
            got = results[item.path]
            for name in FIELDS:
                good = _norm(got.get(name)) == _norm(item.truth.get(name))
                per_field[name].append(good)
                per_layout[item.layout].append(good)
                if not good:
                    misses.append((Path(item.path).name, name, item.truth.get(name), got.get(name)))
        total = [g for values in per_field.values() for g in values]
        accuracy = sum(total) / len(total)
        target = TARGETS.get(kind)
        verdict = ""
        if target is not None:
            met = "met" if accuracy >= target else "MISSED"
            verdict = f"  (target {target:.0%}: {met})"
        ok &= target is None or accuracy >= target
        print(f"\n== {kind}: {len(chosen)} certificates, field accuracy {accuracy:.1%}{verdict}")
        for name in FIELDS:
            values = per_field[name]
            print(
                f"   {name:28s} {sum(values):3d}/{len(values):<3d} {sum(values) / len(values):6.1%}"
            )
        print(
            "   by layout: "
            + ", ".join(
                f"{layout} {sum(v) / len(v):.0%}" for layout, v in sorted(per_layout.items())
            )
        )
        if misses and (kind != "holdout" or show_holdout):
            print("   mismatches (file, field, expected, got):")
            for miss in misses[:40]:
                print("    ", miss)
    others = [i for i in items if i.kind == "other"]
    if others:
        right = [
            i
            for i in others
            if results[i.path]["status"] == "not_a_certificate"
            and not any(results[i.path].get(f) for f in FIELDS)
        ]
        ok &= len(right) == len(others)
        print(f"\n== not certificates: {len(right)}/{len(others)} recognised, no fields")
        for item in others:
            r = results[item.path]
            print(f"   {item.layout:14s} {r['status']:18s} {r['message'][:70]}")
    hostile = [i for i in items if i.kind == "hostile"]
    if hostile:
        right = [
            i
            for i in hostile
            if results[i.path]["status"] == i.truth["status"]
            and results[i.path]["reason"] == i.truth["reason"]
        ]
        ok &= len(right) == len(hostile)
        print(f"\n== hostile: {len(right)}/{len(hostile)} with the expected status")
        for item in hostile:
            r = results[item.path]
            mark = "ok " if item in right else "BAD"
            print(
                f"   {mark} {Path(item.path).name:18s} {r['status']:10s} {r['reason']:19s}"
                f" {r['elapsed']:6.2f}s  {r['message'][:60]}"
            )
    return ok


def main() -> int:
    """Build the corpus, run the reader, print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--no-scans", action="store_true")
    parser.add_argument("--show-holdout", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    started = time.perf_counter()
    items = build_corpus(args.out, scans=not args.no_scans)
    print(f"corpus: {len(items)} files in {args.out} ({time.perf_counter() - started:.1f}s)")
    limits = Limits()
    pool = SandboxPool(1)
    results: dict[str, dict] = {}
    try:
        pool.extract(items[0].path, limits)  # start the forkserver and worker: not timed
        text_items = [i for i in items if i.kind == "text"]
        bare: dict[str, list[float]] = defaultdict(list)
        boxed: dict[str, list[float]] = defaultdict(list)
        for _ in range(args.repeat):
            for item in text_items:
                bare[item.path].append(bare_seconds(item.path))
                t = time.perf_counter()
                result = pool.extract(item.path, limits)
                boxed[item.path].append(time.perf_counter() - t)
                results[item.path] = result.to_json_dict(item.path) | {
                    "elapsed": result.elapsed_seconds
                }
        ocr_times = []
        for item in items:
            if item.path in results:
                continue
            t = time.perf_counter()
            result = pool.extract(item.path, limits)
            elapsed = time.perf_counter() - t
            if item.kind == "scanned":
                ocr_times.append(elapsed)
            results[item.path] = result.to_json_dict(item.path) | {"elapsed": elapsed}
    finally:
        pool.close()

    ok = score(items, results, args.show_holdout)
    bare_median = statistics.median(statistics.median(v) for v in bare.values())
    boxed_median = statistics.median(statistics.median(v) for v in boxed.values())
    ratio = boxed_median / bare_median
    ok &= ratio <= 1.5
    print(
        f"\n== speed, text certificates (median of {args.repeat} runs per file, then median "
        f"over {len(bare)} files)"
    )
    print(f"   bare pdfplumber extract_text(): {bare_median * 1000:7.1f} ms")
    print(f"   sandboxed extract_pdf:          {boxed_median * 1000:7.1f} ms")
    print(
        f"   ratio:                          {ratio:7.2f}  (target <= 1.5: "
        f"{'met' if ratio <= 1.5 else 'MISSED'})"
    )
    if ocr_times:
        print(f"   scanned (OCR) median:           {statistics.median(ocr_times):7.2f} s")
    print(f"\ntotal {time.perf_counter() - started:.0f}s; all targets {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
