"""Scoring throughput (pure engine) and certificate extraction throughput with 1 vs 2 workers.

    python bench/scoring.py [--assessments 300] [--repeat 3] [--certificates]
        [--cert-rounds 2] [--no-certificates]

Scoring: generates answer sets for the shipped core template (bench/seed.py's distributions,
every visible question answered, evidence levels mixed) and times
  baseline  turning answer rows into the engine's input dict {question id: AnswerInput}
  scoring   the same, then portal.scoring.score_assessment() on it
in the same process and run; reports assessments/s for each and the ratio.

Certificates: builds the generated corpus (bench/corpus, text certificates only) and reads
every file through SandboxPool(1) from one thread, then SandboxPool(2) from two threads;
reports files/s and the speed-up, next to bare pdfplumber in-process (bench/certificates.py's
bare_seconds) on the same files in the same run.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import threading
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import table, write_results  # noqa: E402
from bench.seed import Seeder  # noqa: E402

EVIDENCE = (("self_attested", 70), ("document", 20), ("verified_document", 10))


def answer_rows(template, count: int, seed: int = 11) -> list[list[tuple[str, Any, str]]]:
    """Return count assessments' answers as rows (question id, value, evidence level)."""
    rng = random.Random(seed)
    gen = Seeder(rng, datetime.now(UTC))
    levels, weights = zip(*EVIDENCE, strict=True)
    out = []
    for _ in range(count):
        rows = []
        for question in template.questions():
            if question.type == "file":
                value = [rng.randint(1, 10_000)] if rng.random() < 0.8 else []
            else:
                value, _comment = gen.value(question)
            rows.append((question.id, value, rng.choices(levels, weights)[0]))
        out.append(rows)
    return out


def bench_scoring(assessments: int, repeat: int) -> dict[str, Any]:
    """Time the input-dict baseline and full scoring; return rates and the ratio."""
    from portal.questionnaires.bank import load_catalogue, load_templates
    from portal.scoring.engine import score_assessment
    from portal.scoring.method import load_method
    from portal.scoring.results import AnswerInput

    catalogue = load_catalogue()
    method = load_method(catalogue=catalogue)
    templates, _ = load_templates(catalogue=catalogue)
    template = next(t for t in templates if t.key == "ai-supplier-core")
    data = answer_rows(template, assessments)
    tiers = ("critical", "high", "medium", "low")
    today = date.today()

    def baseline() -> None:
        for rows in data:
            {qid: AnswerInput(qid, value, level) for qid, value, level in rows}

    def scoring() -> None:
        for n, rows in enumerate(data):
            inputs = {qid: AnswerInput(qid, value, level) for qid, value, level in rows}
            score_assessment(template, inputs, inherent_tier=tiers[n % 4], method=method,
                             catalogue=catalogue, as_of=today)

    scoring()  # warm-up
    base_times, score_times = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        baseline()
        base_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        scoring()
        score_times.append(time.perf_counter() - started)
    base = statistics.median(base_times)
    full = statistics.median(score_times)
    return {"template": f"{template.key} v{template.version} ({len(template.questions())} "
                        "questions)", "method": method.version, "assessments": assessments,
            "repeat": repeat, "baseline_per_second": round(assessments / base, 1),
            "scoring_per_second": round(assessments / full, 1),
            "scoring_ms_each": round(full / assessments * 1000, 3),
            "ratio_scoring_to_baseline_time": round(full / base, 1)}


def _drain(pool, queue: list[str], lock: threading.Lock, limits,
           failures: list[tuple[str, str]]) -> None:
    """Extract files from the shared queue until it is empty; note any that did not read."""
    while True:
        with lock:
            if not queue:
                return
            path = queue.pop()
        result = pool.extract(path, limits)
        if result.status != "ok":
            failures.append((path, result.status))


def bench_certificates(rounds: int) -> dict[str, Any]:
    """Read the text certificates through SandboxPool(1) and SandboxPool(2); return rates."""
    from bench.certspeed import bare_seconds
    from bench.corpus import DEFAULT_DIR, build_corpus
    from portal.certificates.results import Limits
    from portal.certificates.sandbox import SandboxPool

    items = [i for i in build_corpus(DEFAULT_DIR, scans=False) if i.kind == "text"]
    paths = [i.path for i in items] * rounds
    limits = Limits()
    started = time.perf_counter()
    for path in paths:
        bare_seconds(path)
    bare = time.perf_counter() - started
    out: dict[str, Any] = {"files": len(paths), "bare_pdfplumber_files_per_second":
                           round(len(paths) / bare, 2)}
    for size in (1, 2):
        pool = SandboxPool(size)
        try:
            warm = [threading.Thread(target=pool.extract, args=(paths[0], limits))
                    for _ in range(size)]  # start the forkserver and the workers: not timed
            for thread in warm:
                thread.start()
            for thread in warm:
                thread.join()
            queue = list(paths)
            lock = threading.Lock()
            failures: list[tuple[str, str]] = []
            threads = [threading.Thread(target=_drain, args=(pool, queue, lock, limits, failures))
                       for _ in range(size)]
            started = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.perf_counter() - started
        finally:
            pool.close()
        out[f"pool{size}_files_per_second"] = round(len(paths) / elapsed, 2)
        out[f"pool{size}_failures"] = len(failures)
    out["speedup_pool2_over_pool1"] = round(out["pool2_files_per_second"]
                                            / out["pool1_files_per_second"], 2)
    out["ratio_pool1_to_bare"] = round(out["pool1_files_per_second"]
                                       / out["bare_pdfplumber_files_per_second"], 2)
    return out


def main() -> int:
    """Run both parts, print and save the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assessments", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cert-rounds", type=int, default=2,
                        help="times each text certificate is read per pool size")
    parser.add_argument("--no-certificates", action="store_true")
    args = parser.parse_args()
    results: dict[str, Any] = {"scoring": bench_scoring(args.assessments, args.repeat)}
    s = results["scoring"]
    print(f"\nscoring, {s['template']}, method {s['method']}, {s['assessments']} assessments, "
          f"median of {s['repeat']}")
    print(table(["step", "assessments/s", "ms each"], [
        ("baseline: answers into dicts", s["baseline_per_second"],
         round(1000 / s["baseline_per_second"], 3)),
        ("score_assessment (incl. dicts)", s["scoring_per_second"], s["scoring_ms_each"]),
    ]))
    print(f"scoring takes {s['ratio_scoring_to_baseline_time']}x the time of loading the "
          "answers into dicts")
    if not args.no_certificates:
        c = results["certificates"] = bench_certificates(args.cert_rounds)
        print(f"\ncertificate extraction, {c['files']} text certificates per configuration")
        print(table(["configuration", "files/s", "failures"], [
            ("bare pdfplumber, in-process", c["bare_pdfplumber_files_per_second"], 0),
            ("SandboxPool(1), 1 thread", c["pool1_files_per_second"], c["pool1_failures"]),
            ("SandboxPool(2), 2 threads", c["pool2_files_per_second"], c["pool2_failures"]),
        ]))
        print(f"speed-up pool 2 over pool 1: {c['speedup_pool2_over_pool1']}x; pool 1 runs at "
              f"{c['ratio_pool1_to_bare']}x bare pdfplumber's rate (bare extract_text does "
              "less: no layout analysis or field parsing)")
    print(f"results: {write_results('scoring', results)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
