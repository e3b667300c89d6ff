"""The real-corpus scorer pairs truth entries with predictions by file and pages (no PDFs)."""

from __future__ import annotations

import json

import pytest

from bench.corpus.real.score import main, pair, report

CERT = {"kind": "text", "standard": "ISO 9001:2015", "certificate_number": "A-1",
        "organization": "Acme Ltd", "scope": None, "initial_certification_date": None,
        "issue_date": "2024-01-02", "expiry_date": "2027-01-01", "certification_body": "BSI",
        "accreditation_body": "UKAS", "sites": None}


def entry(file: str, pages: list[int] | None = None, **fields) -> dict:
    out = dict(CERT, file=file, **fields)
    if pages is not None:
        out["pages"] = pages
    return out


def prediction(file: str, pages, **fields) -> dict:
    """A reader result: `pages` is a page list, or the page count as printed today."""
    values = {k: v for k, v in CERT.items() if k != "kind"}
    return dict(values, file=f"/tmp/x/{file}", pages=pages, **fields)


TWO = [entry("multi.pdf", [1], certificate_number="A-1"),
       entry("multi.pdf", [2, 3], certificate_number="B-2")]


@pytest.mark.parametrize(
    ("predictions", "numbers", "unmatched"),
    [
        # one result per certificate, listed in any order: each goes to the pages it covers
        ([prediction("multi.pdf", [2, 3], certificate_number="B-2"),
          prediction("multi.pdf", [1], certificate_number="A-1")], ["A-1", "B-2"], 0),
        # today's single result per file (pages = page count): the lowest-pages entry takes it
        ([prediction("multi.pdf", 3, certificate_number="A-1")], ["A-1", None], 0),
        # a result spanning both certificates is paired once, with the entry it overlaps most
        ([prediction("multi.pdf", [1, 2, 3], certificate_number="A-1")], [None, "A-1"], 0),
        # a result for pages no entry covers is left over, never forced onto an entry
        ([prediction("multi.pdf", [4], certificate_number="C-3")], [None, None], 1),
        # two results for one certificate: the best overlap wins, the other is left over
        ([prediction("multi.pdf", [2], certificate_number="B-2"),
          prediction("multi.pdf", [2, 3], certificate_number="B-2")], [None, "B-2"], 1),
        # a different file's result never pairs with this file
        ([prediction("other.pdf", [1], certificate_number="A-1")], [None, None], 0),
    ],
)
def test_entries_pair_with_predictions_by_pages(predictions, numbers, unmatched):
    pairing = pair(TWO, predictions)

    assert [p.get("certificate_number") for p in pairing.predicted] == numbers
    assert len(pairing.unmatched) == unmatched


def test_file_level_counts_name_missing_and_unknown_files():
    pairing = pair([entry("a.pdf")], [prediction("b.pdf", 1)])

    assert (pairing.missing_files, pairing.unknown_files) == (["a.pdf"], ["b.pdf"])


def test_report_scores_each_certificate_and_keeps_the_last_line_format():
    predictions = [prediction("multi.pdf", [1], certificate_number="A-1"),
                   prediction("multi.pdf", [2], certificate_number="B-2 ", organization="ACME LTD")]
    text = report(pair([dict(TWO[0]), dict(TWO[1], certificate_number="b-2")], predictions),
                  verbose=True)

    assert text.splitlines()[-1] == "field accuracy (text): 1.000"
    assert "wrong fields" in text and "multi.pdf[p" not in text


def test_a_missed_second_certificate_costs_its_fields():
    text = report(pair(TWO, [prediction("multi.pdf", 3, certificate_number="A-1")]), verbose=True)

    # the second entry scores as all-null: only its 3 null fields (scope, initial date, sites)
    assert text.splitlines()[-1] == "field accuracy (text): 0.650"
    assert "multi.pdf[p2,3] [text] certificate_number: null -> \"B-2\"" in text


def test_fields_on_documents_that_are_not_certificates_are_false_positives():
    blank = {k: None for k in CERT} | {"kind": "not_a_certificate"}
    truth = [dict(blank, file="letter.pdf")]
    empty = {k: None for k in CERT if k != "kind"}
    predictions = [dict(empty, file="letter.pdf", pages=[1]),
                   dict(empty, file="letter.pdf", pages=[2], organization="Acme Ltd")]

    text = report(pair(truth, predictions))

    assert "not_a_certificate false positives: 1 results with a non-null field" in text
    assert "letter.pdf (extra result): organization" in text


@pytest.mark.parametrize(
    ("field", "predicted", "right"),
    [
        ("standard", "ISO/IEC 9001 : 2015", True),  # number + year, as the shared scorer
        ("standard", "ISO 9001:2008", False),
        ("certificate_number", "a-1 ", True),
        ("certification_body", "BSI Group The Netherlands B.V.", True),
        ("accreditation_body", "UKAS and ANAB", False),  # exactly one accreditation body
    ],
)
def test_values_are_compared_with_the_shared_rules(field, predicted, right):
    pairing = pair([entry("one.pdf")], [prediction("one.pdf", 1, **{field: predicted})])
    text = report(pairing, verbose=True)

    assert (f"] {field}:" not in text) is right


def test_command_line_reads_files_and_a_file_keyed_mapping(tmp_path, capsys):
    truth, preds = tmp_path / "truth.json", tmp_path / "pred.json"
    truth.write_text(json.dumps([entry("one.pdf")]), encoding="utf-8")
    values = {k: v for k, v in CERT.items() if k != "kind"}
    preds.write_text(json.dumps({"one.pdf": values}), encoding="utf-8")

    assert main([str(preds), "--truth", str(truth)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "field accuracy (text): 1.000"
