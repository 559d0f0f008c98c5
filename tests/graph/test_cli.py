"""The diplokg commands on a small store built from RDF (no loaders needed) and from text."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from diplokg.graph.cli import cli

import graphsample

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "data" / "seed-abox.ttl"  # committed, kept conforming by tests/ontology


def run(*args, input=None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input)


@pytest.fixture
def kg(store_dir, tmp_path):
    """A store holding three sample articles (TriG) and the fixture article (Turtle)."""
    f = tmp_path / "sample.trig"
    f.write_text(graphsample.trig(range(3)))
    result = run("ingest", f, FIXTURE)
    assert result.exit_code == 0, result.output
    return store_dir


def test_ingest_summary_on_stderr(store_dir, tmp_path):
    f = tmp_path / "sample.trig"
    f.write_text(graphsample.trig(range(3)))
    result = run("ingest", f)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("ingested 3 RDF graphs, 66 triples")
    assert run("ingest", "--quiet", f).stderr == ""


def test_ingest_text_articles(store_dir):
    result = run("ingest", ROOT / "examples")
    assert result.exit_code == 0, result.output
    assert "ingested 3 articles" in result.stderr
    out = run("sparql", "SELECT ?a ?v ?t WHERE { ?a a <https://w3id.org/diplokg/ontology#Article> ; "
                        "<https://w3id.org/diplokg/ontology#extractorVersion> ?v ; "
                        "<https://w3id.org/diplokg/ontology#ingestedAt> ?t }", "--format", "json")
    rows = json.loads(out.stdout)["results"]["bindings"]
    assert len(rows) == 3
    assert all(r["t"]["datatype"].endswith("#dateTime") for r in rows)


def test_reingest_text_same_triple_count(store_dir):
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert run("ingest", ROOT / "examples").exit_code == 0
    first = run("sparql", count, "--format", "csv").stdout
    assert run("ingest", ROOT / "examples").exit_code == 0
    assert run("sparql", count, "--format", "csv").stdout == first


def test_ingest_stdin_text(store_dir):
    text = (ROOT / "examples" / "kenya-ghana-call.txt").read_text()
    result = run("ingest", "-", input=text)
    assert result.exit_code == 0, result.output
    assert "ingested 1 article" in result.stderr


def test_ingest_stdin_rdf(store_dir):
    result = run("ingest", "--format", "turtle", "-", input=graphsample.article_turtle(5))
    assert result.exit_code == 0, result.output
    out = run("sparql", "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(CONTAINS(STR(?g), 'article')) } GROUP BY ?g",
              "--format", "csv")
    assert out.stdout.split() == ["g", graphsample.article_iri(5)]


@pytest.mark.parametrize("fmt", ["ntriples", "xml", "jsonld"])
def test_ingest_other_rdf_formats(store_dir, tmp_path, fmt):
    import rdflib

    g = rdflib.Graph().parse(data=graphsample.article_turtle(2), format="turtle")
    ext = {"ntriples": "nt", "xml": "rdf", "jsonld": "jsonld"}[fmt]
    f = tmp_path / f"a.{ext}"
    f.write_text(g.serialize(format={"ntriples": "nt", "xml": "xml", "jsonld": "json-ld"}[fmt]))
    result = run("ingest", f)
    assert result.exit_code == 0, result.output
    assert "22 triples" in result.stderr


def test_invalid_graph_not_committed(store_dir, tmp_path):
    good = tmp_path / "good.ttl"
    good.write_text(graphsample.article_turtle(1))
    bad = tmp_path / "bad.ttl"
    # a meeting without evidence, of an unknown type of date
    bad.write_text(graphsample.article_turtle(2).replace("dkg:evidence", "dkg:notEvidence"))
    result = run("ingest", good, bad)
    assert result.exit_code == 1, result.output
    assert "bad.ttl" in result.stderr and "not committed" in result.stderr
    out = run("sparql", "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?a a <https://w3id.org/diplokg/ontology#Article> } }",
              "--format", "csv")
    assert out.stdout.split() == ["g", graphsample.article_iri(1)]


def test_query_formats(kg):
    table = run("query", "meetings", "--format", "table")
    assert table.exit_code == 0, table.output
    assert table.stdout.splitlines()[0].split() == ["meeting", "kind", "date", "place", "participant", "party"]
    assert table.stdout.rstrip().endswith("rows)")
    rows = list(csv.DictReader(io.StringIO(run("query", "meetings", "--format", "csv").stdout)))
    assert {r["party"] for r in rows} >= {"Japan", "Pakistan", "India"}
    j = json.loads(run("query", "meetings", "--format", "json").stdout)
    assert j["head"]["vars"] == ["meeting", "kind", "date", "place", "participant", "party"]
    assert len(j["results"]["bindings"]) == len(rows)
    tsv = run("query", "meetings", "--format", "tsv").stdout.splitlines()
    assert tsv[0] == "?meeting\t?kind\t?date\t?place\t?participant\t?party"
    assert len(tsv) == len(rows) + 1


def test_query_default_format_when_piped_is_csv(kg):
    assert run("query", "meetings").stdout.startswith("meeting,kind,date")


def test_query_param(kg):
    rows = list(csv.DictReader(io.StringIO(run("query", "meetings", "--param", "state=india").stdout)))
    meetings = {r["meeting"] for r in rows}
    assert meetings == {graphsample.ID + "meeting/sample0001", graphsample.ID + "meeting/sample0002"}
    by_iri = run("query", "meetings", "-p", f"state={graphsample.ID}state/IN").stdout
    assert {r["meeting"] for r in csv.DictReader(io.StringIO(by_iri))} == meetings


def test_injection_is_just_a_label(kg):
    result = run("query", "meetings", "--param", 'state=Japan" } ; DROP ALL #', "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout.strip() == "meeting,kind,date,place,participant,party"
    assert run("query", "meetings").stdout.count("\n") > 1


def test_sparql_select_ask_construct(kg, tmp_path):
    r = run("sparql", "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a <https://w3id.org/diplokg/ontology#Article> }",
            "--format", "csv")
    assert r.stdout.split() == ["n", "4"]
    r = run("sparql", "ASK { ?s ?p ?o }", "--format", "json")
    assert json.loads(r.stdout)["boolean"] is True
    q = tmp_path / "q.rq"
    q.write_text("DESCRIBE <https://w3id.org/diplokg/id/state/JP>")
    r = run("sparql", f"@{q}")
    assert r.exit_code == 0
    assert 'rdfs:label "Japan"' in r.stdout


def test_sparql_timeout(kg):
    slow = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }")
    r = run("sparql", slow, "--timeout", "0.3")
    assert r.exit_code == 2
    assert "stopped after 0.3 s" in r.stderr


def test_queries_lists_all(store_dir):
    r = run("queries")
    assert r.exit_code == 0
    for name in ["officials", "meetings", "visits", "agreements", "dialogues", "relations", "missions",
                 "timeline", "evidence"]:
        assert name in r.stdout
    data = json.loads(run("queries", "--format", "json").stdout)
    assert {q["name"] for q in data} >= {"meetings", "evidence"}


def test_validate_clean_store(kg):
    r = run("validate")
    assert r.exit_code == 0, r.output
    assert "all conform" in r.stderr
    assert json.loads(run("validate", "--format", "json").stdout)["conforms"] is True
    assert "sh:conforms true" in run("validate", "--format", "turtle").stdout


def test_validate_reports_bad_article(kg):
    # put a non-conforming graph in behind the shapes' back
    import pyoxigraph as ox
    from diplokg.graph.store.embedded import Store

    bad = graphsample.article_turtle(7).replace("dkg:evidence", "dkg:notEvidence")
    s = Store(kg)
    s.replace_graph(graphsample.article_iri(7), [q.triple for q in ox.parse(bad, ox.RdfFormat.TURTLE)])
    s.close()
    r = run("validate")
    assert r.exit_code == 1
    assert "article dkgr:article/sample0007" in r.stdout
    assert all(line.startswith("Violation") for line in r.stdout.splitlines())
    assert "do not conform" in r.stderr
    j = json.loads(run("validate", "--format", "json").stdout)
    assert j["conforms"] is False and j["reports"][0]["article"] == graphsample.article_iri(7)


def test_validate_empty_store_is_nothing_to_do(store_dir, tmp_path):
    from diplokg.graph.store.embedded import Store

    Store(store_dir).close()
    r = run("validate")
    assert r.exit_code == 1
    assert "no articles" in r.stderr


def test_ontology(tmp_path):
    ttl = run("ontology")
    assert ttl.exit_code == 0 and "owl:Ontology" in ttl.stdout
    out = tmp_path / "diplo.owl"
    assert run("ontology", "--format", "xml", "-o", out).exit_code == 0
    assert "<rdf:RDF" in out.read_text()


def test_python_m_graph_works():
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-m", "diplokg", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0 and "ingest" in r.stdout
