"""Benchmark the certificate reader: field accuracy per corpus, and speed against pdfplumber.

    python bench/certificates.py [--out DIR] [--real DIR] [--real-heldout] [--no-scans]
                                 [--no-generated] [--no-cli] [--show-heldout] [--repeat N]

Corpora: the generated corpus (bench/corpus, built in code: text, holdout, wild, bodies, the
generated held-out family bodies_heldout (bench/corpus/bodies_heldout.py), figures only, scans,
several certificates per PDF, look-alikes, hostile files); the real development set (truth
bench/corpus/real/dev.json); with --real-heldout the real held-out set (heldout.json: figures only,
never its mismatches). Real PDFs are not in git: they are read from --real DIR (its dev/ and
heldout/ folders), default $CERTIFICATES_REAL_DIR, else bench/corpus/real/files
(bench/corpus/real/SOURCES.md says how to fetch them). Speed: the reader against bare pdfplumber
extract_text() on the same text PDFs, in-process, sandboxed and through the command line (start-up
included), in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
import unicodedata
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import certspeed  # noqa: E402
from bench.corpus import DEFAULT_DIR, CorpusItem, build_corpus  # noqa: E402
from bench.corpus.real import rules  # noqa: E402
from bench.corpus.real import score as realscore  # noqa: E402
from portal.certificates.pdftext import extract_pdf  # noqa: E402
from portal.certificates.results import Limits  # noqa: E402
from portal.certificates.sandbox import SandboxPool  # noqa: E402

FIELDS = ["standard", "standards", "certificate_number", "organization", "scope", "sites",
          "initial_certification_date", "issue_date", "expiry_date", "certification_body",
          "accreditation_body"]
TARGETS = {"text": 0.97, "bodies": 0.97, "bodies_heldout": 0.97, "scanned": 0.90}
# Figures only; their mismatches are printed with --show-heldout.
HELDOUT_KINDS = ("bodies_heldout",)
REAL_TARGETS = {"text": 0.90, "scanned": 0.80, "not_a_certificate": 1.0}
TRUTH_DIR = Path(__file__).resolve().parent / "corpus" / "real"
DEFAULT_REAL = Path(os.environ.get("CERTIFICATES_REAL_DIR") or TRUTH_DIR / "files")


def _norm(value):
    if isinstance(value, list):
        return sorted(_norm(v) for v in value)
    if isinstance(value, str):
        return re.sub(r"\s+", " ", unicodedata.normalize("NFC", value)).strip()
    return value


def _table(title: str, per_field: dict, layouts: dict, misses: list, target, show: bool) -> bool:
    cells = [g for values in per_field.values() for g in values]
    accuracy = sum(cells) / len(cells)
    met = target is None or accuracy >= target
    verdict = f"  (target {target:.0%}: {'met' if met else 'MISSED'})" if target else ""
    print(f"\n== {title}, field accuracy {accuracy:.1%}{verdict}")
    for name, values in per_field.items():
        print(f"   {name:28s} {sum(values):3d}/{len(values):<3d} {sum(values) / len(values):6.1%}")
    print("   by layout: " + ", ".join(
        f"{layout} {sum(v) / len(v):.0%}" for layout, v in sorted(layouts.items())))
    if misses and show:
        print("   mismatches (file, field, expected, got):")
        for miss in misses[:40]:
            print("    ", miss)
    return met


def score_generated(items: list[CorpusItem], results: dict[str, list[dict]], show: bool) -> bool:
    """Print accuracy per generated kind; return True when every target is met."""
    ok = True
    for kind in ("text", "holdout", "wild", "bodies", *HELDOUT_KINDS, "scanned", "multi"):
        chosen = [i for i in items if i.kind == kind]
        per_field: dict[str, list[bool]] = defaultdict(list)
        layouts: dict[str, list[bool]] = defaultdict(list)
        misses = []
        for item in chosen:
            got = results[item.path]
            truths = item.truth.get("certificates") or [item.truth]
            for truth in truths:
                reading = next((r for r in got if set(truth.get("pages", ())) &
                                set(r["pages"])), got[0])
                for name in FIELDS:
                    accepted = [truth.get(name), *truth.get("accept", {}).get(name, [])]
                    good = _norm(reading.get(name)) in [_norm(a) for a in accepted]
                    per_field[name].append(good)
                    layouts[item.layout].append(good)
                    if not good:
                        misses.append((Path(item.path).name, name, truth.get(name),
                                       reading.get(name)))
            if kind == "multi":
                right = len(got) == len(truths)
                layouts["right number of certificates"].append(right)
        if chosen:
            title = f"generated {kind}: {len(chosen)} files"
            ok &= _table(title, per_field, layouts, misses, TARGETS.get(kind),
                         show or kind not in HELDOUT_KINDS)
    ok &= _score_others([i for i in items if i.kind == "other"], results)
    hostile = [i for i in items if i.kind == "hostile"]
    right = [i for i in hostile if results[i.path][0]["status"] == i.truth["status"]
             and results[i.path][0]["reason"] == i.truth["reason"]]
    print(f"\n== generated hostile: {len(right)}/{len(hostile)} with the expected status")
    return ok and len(right) == len(hostile)


def _score_others(others: list[CorpusItem], results: dict[str, list[dict]]) -> bool:
    right = 0
    print(f"\n== generated look-alikes: {len(others)} files")
    for item in others:
        got = results[item.path][0]
        expected = dict(item.truth)
        status = expected.pop("status")
        fields_ok = all(_norm(got.get(k)) == _norm(v) for k, v in expected.items())
        if status == "not_a_certificate":
            fields_ok = not any(got.get(f) for f in FIELDS)
        good = got["status"] == status and fields_ok and len(results[item.path]) == 1
        right += good
        print(f"   {'ok ' if good else 'BAD'} {item.layout:18s} {got['status']:18s} "
              f"{got['message'][:60]}")
    print(f"   {right}/{len(others)} as expected (no field from a non-certificate)")
    return right == len(others)


def score_real(split: str, entries: list[dict], predictions: list[dict], show: bool) -> bool:
    """Print accuracy per kind of a real split; return True when every target is met.

    Pairing and field rules are the real corpus scorer's (bench/corpus/real/score.py).
    """
    pairing = realscore.pair(entries, predictions)
    results = realscore.field_results(pairing)
    ok = True
    for kind in ("text", "scanned", "not_a_certificate"):
        chosen = [i for i, e in enumerate(pairing.entries) if e["kind"] == kind]
        if not chosen:
            continue
        per_field = {name: [results[i][name] for i in chosen] for name in rules.FIELDS}
        misses = [(pairing.entries[i]["file"], name, pairing.entries[i].get(name),
                   pairing.predicted[i].get(name))
                  for i in chosen for name in rules.FIELDS if not results[i][name]]
        ok &= _table(f"real {split} {kind}: {len(chosen)} certificates", per_field, {}, misses,
                     REAL_TARGETS[kind], show)
    empty = [e["file"] for e, p in zip(pairing.entries, pairing.predicted, strict=True)
             if e["kind"] != "not_a_certificate"
             and all(rules.is_null(p.get(name)) for name in rules.FIELDS)]
    print(f"   certificates returned without any field: {len(empty)}"
          + (f" ({', '.join(empty)})" if empty and show else ""))
    positives = realscore.false_positives(pairing)
    print(f"   documents that are not certificates with a field: {len(positives)}"
          + (f" ({positives})" if positives and show else ""))
    return ok and not empty and not positives


def read_all(pool: SandboxPool, paths: list[str], limits: Limits) -> dict[str, list[dict]]:
    """Return every file's readings as CLI JSON objects."""
    out = {}
    for path in paths:
        result = pool.extract(path, limits)
        out[path] = [r.to_json_dict(path) for r in result.certificates()]
    return out


def main() -> int:
    """Build the corpus, run the reader, print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--real", type=Path, default=DEFAULT_REAL)
    parser.add_argument("--real-heldout", action="store_true")
    parser.add_argument("--no-scans", action="store_true")
    parser.add_argument("--no-generated", action="store_true")
    parser.add_argument("--no-cli", action="store_true")
    parser.add_argument("--show-heldout", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    started = time.perf_counter()
    limits = Limits()
    pool = SandboxPool(1)
    ok = True
    text_files: list[str] = []
    try:
        if not args.no_generated:
            items = build_corpus(args.out, scans=not args.no_scans)
            print(f"corpus: {len(items)} generated files in {args.out}")
            results = read_all(pool, [i.path for i in items], limits)
            ok &= score_generated(items, results, args.show_heldout)
            text_files += [i.path for i in items if i.kind == "text"]
        splits = ["dev"] + (["heldout"] if args.real_heldout else [])
        for split in splits:
            entries = json.loads((TRUTH_DIR / f"{split}.json").read_text("utf-8"))
            folder = args.real / split
            paths = [str(folder / e["file"]) for e in entries if (folder / e["file"]).exists()]
            if not paths:
                print(f"\n== real {split}: no PDFs in {folder} (see --real)")
                continue
            print(f"\nreal {split}: {len(paths)} of {len(entries)} PDFs in {folder}")
            readings = read_all(pool, sorted(set(paths)), limits)
            predictions = [r for rs in readings.values() for r in rs]
            ok &= score_real(split, entries, predictions, show=split == "dev")
            if split == "dev":
                text_files += [str(folder / e["file"]) for e in entries
                               if e["kind"] == "text" and (folder / e["file"]).exists()]
        text_files = list(dict.fromkeys(text_files))
        if not text_files:
            print("\n== speed: no text PDFs to time (no generated corpus, no real development "
                  "PDFs)")
        else:
            typical, whole = certspeed.ratios(*certspeed.timings(text_files, extract_pdf,
                                                                 args.repeat))
            ok &= certspeed.print_speed(f"text PDFs ({len(text_files)} files), in one process", {
                "in-process extract_pdf, the median file": typical,
                "in-process extract_pdf, all files (sum of per-file medians)": whole,
                "sandboxed (the portal's pool), the median file": certspeed.median_ratio(
                    text_files, lambda p: pool.extract(p, limits), args.repeat),
            })
    finally:
        pool.close()
    if text_files and not args.no_cli:
        # one file per command is a few tenths of a second: --repeat runs of each sampled file
        ok &= certspeed.print_speed("text PDFs through the command line, start-up included",
                                    certspeed.cli_ratios(text_files, args.repeat, 8))
    verdict = "met" if ok else "NOT met"
    if not text_files:
        verdict += " (speed not measured)"
    print(f"\ntotal {time.perf_counter() - started:.0f}s; all targets {verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
