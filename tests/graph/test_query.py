"""Result rendering follows the W3C SPARQL 1.1 result formats; the read-only guard; timeouts."""
from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from diplokg.graph.model.errors import QueryError
from diplokg.graph.queries.run import QueryTimeout, check_read_only, render, run_query

DATA = """
@prefix ex: <http://example.org/> .
ex:a ex:name "Ana, \\"the\\" first" ; ex:age 41 ; ex:nick "Ani"@pt ; ex:knows _:b .
_:b ex:name "tab\\there" ; ex:born "1990-01-02"^^<http://www.w3.org/2001/XMLSchema#date> .
ex:c ex:name "line\\nbreak" .
"""
Q = """PREFIX ex: <http://example.org/>
SELECT ?s ?name ?age ?nick ?born WHERE { ?s ex:name ?name OPTIONAL { ?s ex:age ?age } OPTIONAL { ?s ex:nick ?nick }
OPTIONAL { ?s ex:born ?born } } ORDER BY ?name"""


@pytest.fixture
def mem():
    s = ox.Store()
    s.load(DATA, format=ox.RdfFormat.TURTLE)
    return s


@pytest.mark.parametrize("fmt,ox_fmt", [("csv", ox.QueryResultsFormat.CSV), ("tsv", ox.QueryResultsFormat.TSV),
                                        ("json", ox.QueryResultsFormat.JSON)])
def test_same_as_oxigraph_serializers(mem, fmt, ox_fmt):
    ours = render(run_query(mem, Q), fmt)
    theirs = mem.query(Q).serialize(format=ox_fmt).decode("utf-8")
    if fmt == "json":
        assert json.loads(ours) == json.loads(theirs)
    else:
        assert ours == theirs


def test_table(mem):
    out = render(run_query(mem, Q), "table").splitlines()
    assert out[0].split() == ["s", "name", "age", "nick", "born"]
    assert out[-1] == "(3 rows)"
    assert any("line break" in line for line in out)  # newlines folded in cells


def test_ask_and_construct(mem):
    assert render(run_query(mem, "ASK { ?s ?p ?o }"), "json") == '{"head": {}, "boolean": true}\n'
    assert render(run_query(mem, "ASK { ?s ?p 7 }"), "csv") == "false\n"
    ttl = render(run_query(mem, "CONSTRUCT { ?s ?p 41 } WHERE { ?s ?p 41 }"), "csv")
    assert "<http://example.org/a>" in ttl and "41" in ttl


@pytest.mark.parametrize("q", [
    "SELECT * WHERE { ?s ?p ?o }",
    "PREFIX ex: <http://example.org/drop#> SELECT * WHERE { ?s ex:load ?o }",
    "SELECT * WHERE { ?s ?p 'INSERT DATA' } # DELETE everything",
    "SELECT ?insert WHERE { ?insert ?p ?o }",
    'SELECT * WHERE { ?s ?p "x"@add }',
])
def test_guard_lets_queries_through(q):
    check_read_only(q)


@pytest.mark.parametrize("q,word", [
    ("INSERT DATA { <a:b> <a:c> <a:d> }", "INSERT"),
    ("delete where { ?s ?p ?o }", "DELETE"),
    ("CLEAR ALL", "CLEAR"),
    ("CREATE GRAPH <a:g>", "CREATE"),
    ("COPY <a:g> TO <a:h>", "COPY"),
    ("MOVE DEFAULT TO <a:h>", "MOVE"),
    ("ADD DEFAULT TO <a:h>", "ADD"),
    ("load <http://example.org/x.ttl>", "LOAD"),
    ("SELECT * WHERE { service <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * WHERE { SERVICE SILENT ?endpoint { ?s ?p ?o } }", "SERVICE"),
])
def test_guard_refuses(q, word):
    with pytest.raises(QueryError, match=word):
        check_read_only(q)


def test_malformed(mem):
    with pytest.raises(QueryError, match="malformed SPARQL"):
        run_query(mem, "SELECT ?s WHERE { ?s ")


def test_timeout(mem):
    for i in range(60):
        mem.add(ox.Quad(ox.NamedNode(f"http://e.org/{i}"), ox.NamedNode("http://e.org/p"), ox.Literal(i)))
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
    with pytest.raises(QueryTimeout, match="stopped after"):
        run_query(mem, slow, timeout=0.2)
    assert run_query(mem, "ASK { ?s ?p ?o }", timeout=5).boolean is True
