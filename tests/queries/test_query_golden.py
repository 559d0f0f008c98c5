"""Golden results: each ``cases/<slug>/`` runs one saved query on the fixture graph.

``args.yaml`` names the query and its parameters (``ordered: true`` when the query's order
is part of the answer, as for ``timeline``); ``expected.csv`` holds the result, one column per
variable in the query's order, an empty cell for an unbound variable, IRIs and literals by
their value. Rows are compared as sets (or lists when ordered).
Set ``DIPLOKG_UPDATE_GOLDEN=1`` to rewrite the expected files from the actual results (then
read the diff before committing it).
"""
from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest
import yaml
from pyoxigraph import Literal

from diplokg.graph.queries.saved import load_saved_queries


CASES = Path(__file__).resolve().parent / "cases"
CASE_DIRS = sorted(p for p in CASES.iterdir() if (p / "args.yaml").exists())


def read_args(case):
    args = yaml.safe_load((case / "args.yaml").read_text(encoding="utf-8")) or {}
    return args["query"], {k: str(v) for k, v in (args.get("params") or {}).items()}, bool(args.get("ordered"))


def run(store, name, params):
    q = load_saved_queries()[name]
    result = store.query(q.bind(params))
    names = [v.value for v in result.variables]
    rows = [[("" if row[v] is None else row[v].value) for v in names] for row in result]
    return names, rows, result


def to_csv(names, rows):
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(names)
    w.writerows(rows)
    return out.getvalue()


@pytest.mark.parametrize("case", CASE_DIRS, ids=[c.name for c in CASE_DIRS])
def test_golden(case, fixture_store):
    name, params, ordered = read_args(case)
    names, rows, _ = run(fixture_store, name, params)
    expected_file = case / "expected.csv"
    if os.environ.get("DIPLOKG_UPDATE_GOLDEN"):
        expected_file.write_text(to_csv(names, rows), encoding="utf-8")
    lines = list(csv.reader(io.StringIO(expected_file.read_text(encoding="utf-8"))))
    header, expected = lines[0], [list(r) for r in lines[1:]]
    assert names == header, f"{name}: variables {names} != expected {header}"
    if ordered:
        assert rows == expected
    else:
        actual_set = {tuple(r) for r in rows}
        expected_set = {tuple(r) for r in expected}
        only_expected = sorted(expected_set - actual_set)
        only_actual = sorted(actual_set - expected_set)
        assert not only_expected and not only_actual, (
            f"{name} {params}:\n  only in expected: {only_expected}\n  only in actual: {only_actual}")
        assert len(rows) == len(expected), f"{name}: {len(rows)} rows, expected {len(expected)} (duplicates?)"


def test_every_saved_query_has_a_case():
    covered = {read_args(c)[0] for c in CASE_DIRS}
    missing = sorted(set(load_saved_queries()) - covered)
    assert not missing, f"saved queries without a golden case in tests/queries/cases/: {missing}"


def test_every_case_names_a_saved_query_and_declared_params():
    queries = load_saved_queries()
    for c in CASE_DIRS:
        name, params, _ = read_args(c)
        assert name in queries, f"{c.name}: no saved query {name!r}"
        declared = {p.name for p in queries[name].params}
        assert set(params) <= declared, f"{c.name}: undeclared parameters {set(params) - declared}"
        assert (c / "expected.csv").exists(), f"{c.name}: no expected.csv"


def test_labels_are_plain_strings_and_dates_typed(fixture_store):
    """Labels come back without language tags (STR()), dates keep their xsd date datatypes."""
    date_types = {"http://www.w3.org/2001/XMLSchema#" + t for t in ("date", "gYearMonth", "gYear")}
    for name, q in load_saved_queries().items():
        params = {p.name: p.example for p in q.params if p.required}
        result = fixture_store.query(q.bind(params))
        names = [v.value for v in result.variables]
        for row in result:
            for v in names:
                term = row[v]
                if isinstance(term, Literal):
                    assert term.language is None, f"{name}.{v}: {term} has a language tag"
                    if v in ("date", "start", "end", "established") and name != "evidence":
                        assert term.datatype.value in date_types, f"{name}.{v}: {term}"
