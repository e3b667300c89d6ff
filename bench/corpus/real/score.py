"""Score certificate predictions against the real corpus, one truth entry per certificate.

    python bench/corpus/real/score.py PRED.json [--truth bench/corpus/real/dev.json] [-v]

PRED.json is what `portal certificates extract --format json` prints: a JSON list of objects
with "file" (a path; only the base name counts) and the truth's field names. A PDF that holds
several certificates has several truth entries, each with "pages" (1-based), and the reader
returns one prediction per certificate with a "pages" list.

The comparison of two values follows the shared scorer's rules exactly (`rules.py`, copied
from `../shared/certificates-real/score.py`); what this file adds is the pairing:

- every truth entry is paired with at most one prediction of the same file, and every
  prediction with at most one entry;
- a prediction whose "pages" is a list of page numbers goes to the entry whose pages it
  overlaps most (an entry without "pages" covers the whole file);
- predictions without a page list (today's single result per file, whose "pages" is the page
  count) are then given, in order, to the entries left, lowest pages first: a single
  prediction per file is scored against the entry with the lowest pages;
- an entry left without a prediction scores as all-null; predictions left without an entry are
  listed, and their non-null fields count as false positives on files that are not
  certificates.

The last line is "field accuracy (text): X.XXX", as in the shared scorer.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from bench.corpus.real.rules import FIELDS, field_ok, is_null, match_sites  # noqa: E402

KINDS = ("text", "scanned", "not_a_certificate")
DEFAULT_TRUTH = Path(__file__).with_name("dev.json")


@dataclass(frozen=True)
class Pairing:
    """Which prediction each truth entry is scored against."""

    entries: list[dict]  # the truth, in file order
    predicted: list[dict]  # one prediction (possibly {}) per entry, same order
    unmatched: list[dict]  # predictions that no entry took
    missing_files: list[str]  # truth files without any prediction
    unknown_files: list[str]  # predicted files without truth


def page_list(value) -> list[int] | None:
    """Return a prediction's or entry's page numbers, or None when it gives none."""
    if isinstance(value, list) and value and all(
        isinstance(p, int) and not isinstance(p, bool) for p in value
    ):
        return sorted(set(value))
    return None


def entry_label(entry: dict, shared_file: bool) -> str:
    """Return the file name, with the pages when several entries share the file."""
    pages = page_list(entry.get("pages"))
    if shared_file and pages:
        return f"{entry['file']}[p{','.join(map(str, pages))}]"
    return entry["file"]


def _first_page(entry: dict) -> int:
    pages = page_list(entry.get("pages"))
    return pages[0] if pages else 0


def _overlap(entry: dict, prediction_pages: list[int]) -> int:
    pages = page_list(entry.get("pages"))
    if pages is None:
        return len(prediction_pages)
    return len(set(pages) & set(prediction_pages))


def pair_file(entries: list[dict], predictions: list[dict]) -> tuple[list[dict], list[dict]]:
    """Pair one file's truth entries with its predictions.

    Return (one prediction or {} per entry, in the entries' order; predictions left over).
    """
    order = sorted(range(len(entries)), key=lambda i: (_first_page(entries[i]), i))
    chosen: dict[int, dict] = {}
    taken: set[int] = set()
    with_pages = [(j, page_list(p.get("pages"))) for j, p in enumerate(predictions)]
    for j, pages in with_pages:
        if pages is None:
            continue
        best, best_overlap = None, 0
        for i in order:
            if i in chosen:
                continue
            overlap = _overlap(entries[i], pages)
            if overlap > best_overlap:
                best, best_overlap = i, overlap
        if best is not None:
            chosen[best] = predictions[j]
            taken.add(j)
    free = [i for i in order if i not in chosen]
    for j, pages in with_pages:
        if pages is None and free:
            chosen[free.pop(0)] = predictions[j]
            taken.add(j)
    left = [p for j, p in enumerate(predictions) if j not in taken]
    return [chosen.get(i, {}) for i in range(len(entries))], left


def pair(truth: list[dict], predictions: list[dict]) -> Pairing:
    """Pair every truth entry with a prediction of the same file (see the module notes)."""
    by_file: dict[str, list[dict]] = {}
    for p in predictions:
        if isinstance(p, dict) and p.get("file"):
            by_file.setdefault(os.path.basename(str(p["file"])), []).append(p)
    entries_of: dict[str, list[int]] = {}
    for i, e in enumerate(truth):
        entries_of.setdefault(e["file"], []).append(i)
    predicted: list[dict] = [{} for _ in truth]
    unmatched: list[dict] = []
    for name, indexes in entries_of.items():
        got, left = pair_file([truth[i] for i in indexes], by_file.get(name, []))
        for i, p in zip(indexes, got, strict=True):
            predicted[i] = p
        unmatched.extend(left)
    return Pairing(
        entries=list(truth),
        predicted=predicted,
        unmatched=unmatched,
        missing_files=sorted(set(entries_of) - set(by_file)),
        unknown_files=sorted(set(by_file) - set(entries_of)),
    )


def field_results(pairing: Pairing) -> list[dict[str, bool]]:
    """Return, per truth entry, whether each field is right."""
    return [
        {name: field_ok(name, p.get(name), e) for name in FIELDS}
        for e, p in zip(pairing.entries, pairing.predicted, strict=True)
    ]


def accuracy(results: list[dict[str, bool]], chosen: list[int], fields=FIELDS) -> float:
    """Return the share of right cells over the chosen entries and fields (nan when none)."""
    cells = [results[i][f] for i in chosen for f in fields]
    return sum(cells) / len(cells) if cells else float("nan")


def false_positives(pairing: Pairing) -> list[tuple[str, list[str]]]:
    """Return (label, non-null fields) for every prediction on a file that is not a certificate."""
    not_certs = {e["file"] for e in pairing.entries if e["kind"] == "not_a_certificate"}
    found = []
    for e, p in zip(pairing.entries, pairing.predicted, strict=True):
        if e["kind"] == "not_a_certificate":
            filled = [f for f in FIELDS if not is_null(p.get(f))]
            if filled:
                found.append((e["file"], filled))
    for p in pairing.unmatched:
        name = os.path.basename(str(p.get("file")))
        filled = [f for f in FIELDS if not is_null(p.get(f))]
        if name in not_certs and filled:
            found.append((f"{name} (extra result)", filled))
    return found


def report(pairing: Pairing, verbose: bool = False) -> str:
    """Return the printed report; its last line is the text-certificate field accuracy."""
    results = field_results(pairing)
    entries = pairing.entries
    shared = {e["file"] for e in entries if sum(x["file"] == e["file"] for x in entries) > 1}
    by_kind = {k: [i for i, e in enumerate(entries) if e["kind"] == k] for k in KINDS}
    certs = by_kind["text"] + by_kind["scanned"]
    out = ["Real certificate corpus score (one truth entry per certificate)"]
    out.append(
        f"truth: {len(entries)} entries in {len({e['file'] for e in entries})} files ("
        + ", ".join(f"{len(by_kind[k])} {k}" for k in KINDS)
        + f"); files without prediction: {len(pairing.missing_files)}, unknown files: "
        f"{len(pairing.unknown_files)}, predictions left unmatched: {len(pairing.unmatched)}"
    )
    if pairing.missing_files:
        missing = ", ".join(pairing.missing_files)
        out.append(f"  missing predictions (scored as all-null): {missing}")
    for p in pairing.unmatched:
        out.append(f"  unmatched prediction: {os.path.basename(str(p.get('file')))} "
                   f"pages {p.get('pages')}")
    out += ["", f"{'per-field accuracy':28s}{'text':>8s}{'scanned':>9s}{'all certs':>11s}"]
    for f in FIELDS:
        t, s, a = (accuracy(results, c, [f]) for c in (by_kind["text"], by_kind["scanned"], certs))
        out.append(f"  {f:26s}{t:8.3f}{s:9.3f}{a:11.3f}")
    hit = total = 0
    for i in by_kind["text"]:
        if entries[i].get("sites"):
            total += len(entries[i]["sites"])
            got = pairing.predicted[i].get("sites")
            if not is_null(got):
                hit += match_sites(got, entries[i]["sites"])[1]
    if total:
        out.append(f"  (site-level recall on text certificates: {hit}/{total} = {hit / total:.3f})")
    out += ["", "per-kind accuracy (all 10 fields; for not_a_certificate = fields correctly null):"]
    for k in KINDS:
        files = len({entries[i]["file"] for i in by_kind[k]})
        out.append(f"  {k:20s}{accuracy(results, by_kind[k]):7.3f}  "
                   f"({len(by_kind[k])} entries in {files} files)")
    fps = false_positives(pairing)
    out += ["", f"not_a_certificate false positives: {len(fps)} results with a non-null field "
                f"({sum(len(f) for _, f in fps)} non-null fields)"]
    out += [f"  {label}: " + ", ".join(fields) for label, fields in fps]
    if verbose:
        out += ["", "wrong fields (entry, kind, field, predicted -> truth):"]
        for i, e in enumerate(entries):
            for f in FIELDS:
                if not results[i][f]:
                    got = json.dumps(pairing.predicted[i].get(f), ensure_ascii=False)[:140]
                    want = json.dumps(e.get(f), ensure_ascii=False)[:140]
                    label = entry_label(e, e["file"] in shared)
                    out.append(f"  {label} [{e['kind']}] {f}: {got} -> {want}")
    out += ["", f"field accuracy (text): {accuracy(results, by_kind['text']):.3f}"]
    return "\n".join(out)


def load_predictions(raw) -> list[dict]:
    """Accept a JSON list of results or a {file: result} mapping (as the shared scorer does)."""
    if isinstance(raw, dict):
        return [dict(v, file=k) for k, v in raw.items()]
    return [p for p in raw if isinstance(p, dict)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("predictions")
    parser.add_argument("--truth", default=str(DEFAULT_TRUTH))
    parser.add_argument("-v", "--verbose", action="store_true", help="list every wrong field")
    args = parser.parse_args(argv)
    truth = json.loads(Path(args.truth).read_text(encoding="utf-8"))
    predictions = load_predictions(json.loads(Path(args.predictions).read_text(encoding="utf-8")))
    print(report(pair(truth, predictions), verbose=args.verbose))
    return 0


if __name__ == "__main__":
    sys.exit(main())
