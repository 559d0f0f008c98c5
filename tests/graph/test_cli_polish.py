"""The command line's rough edges (issue 11, item 5): readable SPARQL errors, default prefixes,
unknown labels named, quoted examples, "replaced N" and empty articles on ingest, --max-width."""
from __future__ import annotations

import shlex
from pathlib import Path

from click.testing import CliRunner

from diplokg.graph.cli import cli

ROOT = Path(__file__).resolve().parents[2]


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_malformed_sparql_is_one_line_with_line_and_column(example_store):
    r = run("sparql", "--store", example_store, "SELECT * WHERE {\n  ?s ?p ?o .\n  ?s ?q }")
    assert r.exit_code == 2
    assert r.stderr.count("\n") == 1, r.stderr
    assert "line 3, column" in r.stderr and "expected" in r.stderr
    assert "\\u{" not in r.stderr and "..=" not in r.stderr  # no character classes from the parser


def test_unknown_prefix_is_named(example_store):
    r = run("sparql", "--store", example_store, "SELECT * WHERE { ?s a nosuch:Thing }")
    assert r.exit_code == 2
    assert "unknown prefix nosuch:" in r.stderr and "line 1, column" in r.stderr


def test_a_malformed_query_using_default_prefixes_is_placed_where_it_is_wrong(example_store):
    # the read-only check parses the text with the same default prefixes as the query runs with
    r = run("sparql", "--store", example_store, "SELECT * WHERE { ?s a dkg:State .\n  ?s ?q }")
    assert r.exit_code == 2
    assert "line 2, column" in r.stderr and "prefix" not in r.stderr, r.stderr


def test_default_prefixes_need_no_declaration(example_store):
    r = run("sparql", "--store", example_store, "--format", "csv",
            "SELECT ?label WHERE { ?s a dkg:State ; rdfs:label ?label } ORDER BY ?label")
    assert r.exit_code == 0, r.output
    assert "Japan" in r.stdout.splitlines()


def test_a_query_declaring_a_default_prefix_keeps_its_own(example_store):
    r = run("sparql", "--store", example_store, "--format", "csv",
            "PREFIX dkg: <http://example.org/other#> SELECT ?s WHERE { ?s a dkg:State }")
    assert r.exit_code == 0, r.output
    assert r.stdout.strip() == "s"  # the query's dkg: names another namespace: no rows


def test_unknown_label_is_named_with_the_closest_known_ones(example_store):
    r = run("query", "meetings", "--store", example_store, "--param", "state=Japn", "--format", "csv")
    assert r.exit_code == 0
    assert r.stdout.strip().splitlines() == ["meeting,kind,date,place,participant,party"]
    assert "state=Japn" in r.stderr and "'Japan'" in r.stderr
    known = run("query", "meetings", "--store", example_store, "--param", "state=japan", "--format", "csv")
    assert known.stderr == "" and len(known.stdout.splitlines()) > 1


def test_queries_shows_examples_quoted_for_the_shell():
    r = run("queries")
    line = next(x for x in r.stdout.splitlines() if "--param person=" in x and "e.g." in x)
    example = line.split("(e.g. ", 1)[1].rstrip(")")
    words = shlex.split(example)
    assert words[0] == "--param" and words[1].startswith("person=") and " " in words[1]


def test_reingest_says_how_many_it_replaced(store_dir):
    first = run("ingest", ROOT / "examples")
    assert first.exit_code == 0 and "replaced" not in first.stderr
    again = run("ingest", ROOT / "examples")
    assert again.exit_code == 0
    assert "ingested 3 articles (replaced 3)" in again.stderr


def test_an_article_without_facts_is_named(store_dir, tmp_path):
    empty = tmp_path / "weather.txt"
    empty.write_text("The weather in the capital was fine today. Markets were calm.\n")
    r = run("ingest", empty, ROOT / "examples" / "kenya-ghana-call.txt")
    assert r.exit_code == 0
    assert f"Warning: {empty}: no facts found" in r.stderr
    assert "kenya-ghana-call.txt: no facts" not in r.stderr
    assert "1 article yielded no facts" in r.stderr


def test_max_width_cuts_or_keeps_table_cells(example_store):
    args = ("query", "evidence", "--store", example_store, "-p", "node=dkgr:state/JP", "--format", "table")
    cut = run(*args)
    full = run(*args, "--max-width", "0")
    assert cut.exit_code == full.exit_code == 0
    assert "…" in cut.stdout and "…" not in full.stdout
    assert max(map(len, full.stdout.splitlines())) > max(map(len, cut.stdout.splitlines()))
    narrow = run(*args, "--max-width", "20")
    assert all(len(cell) <= 20 for line in narrow.stdout.splitlines()[2:-1] for cell in line.split("  ") if cell)
