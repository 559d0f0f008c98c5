"""Export: stable Turtle, one graph per article in TriG/N-Quads, export → re-ingest round trips."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from rdflib.compare import isomorphic

from diplokg.graph.cli import cli

import graphsample

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "data" / "seed-abox.ttl"  # committed, kept conforming by tests/ontology


def run(*args, input=None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input)


@pytest.fixture
def kg(store_dir, tmp_path):
    f = tmp_path / "sample.trig"
    f.write_text(graphsample.trig(range(5)))
    bnodes = tmp_path / "bnodes.ttl"  # an article whose spans are blank nodes
    bnodes.write_text(re.sub(r"<[^>]*/span/[^>]*>", "_:span", graphsample.article_turtle(6)))
    result = run("ingest", f, FIXTURE, bnodes)
    assert result.exit_code == 0, result.output
    return store_dir


def test_turtle_is_stable_and_sorted(kg):
    first = run("export").stdout
    assert first == run("export").stdout
    lines = first.splitlines()
    assert lines[0].startswith("@prefix rdf:")
    subjects = [line for line in lines if line and not line.startswith((" ", "@"))]
    assert len(subjects) == len(set(subjects))  # each subject once, its triples grouped
    assert subjects[-1].startswith("_:b")  # stable blank node labels, after the IRIs
    assert "article:sample0001\n    a dkg:Article" in first
    assert "state:JP\n    a dkg:State" in first


def test_turtle_export_carries_the_ontology_unless_told_not_to(kg):
    full = rdflib.Graph().parse(data=run("export").stdout, format="turtle")
    assert (rdflib.URIRef("https://w3id.org/diplokg/ontology"), rdflib.RDF.type, rdflib.OWL.Ontology) in full
    assert (rdflib.URIRef(graphsample.DKG + "Meeting"), rdflib.RDFS.subClassOf, None) in full
    exported = rdflib.Graph().parse(data=run("export", "--no-ontology").stdout, format="turtle")
    assert len(full) > len(exported)
    assert all(t in full for t in exported if not any(isinstance(x, rdflib.BNode) for x in t))
    fixture = rdflib.Graph().parse(FIXTURE)
    assert len(exported) > len(fixture)
    assert all(t in exported for t in fixture if not isinstance(t[0], rdflib.BNode))
    assert (rdflib.URIRef(graphsample.ID + "state/JP"), rdflib.RDFS.label, rdflib.Literal("Japan")) in exported
    assert (None, rdflib.RDF.type, rdflib.OWL.Ontology) not in exported
    assert not any(str(p).startswith("https://w3id.org/diplokg/store#") for p in exported.predicates())
    # offsets keep their declared datatype
    xsd = "http://www.w3.org/2001/XMLSchema#"
    offsets = {o.datatype for o in exported.objects(None, rdflib.URIRef(graphsample.DKG + "startOffset"))}
    assert offsets == {rdflib.URIRef(xsd + "nonNegativeInteger")}


@pytest.mark.parametrize("fmt,ext", [("turtle", "ttl"), ("jsonld", "jsonld"), ("trig", "trig"), ("nquads", "nq")])
def test_round_trip_is_isomorphic(kg, tmp_path, monkeypatch, fmt, ext):
    out = tmp_path / f"export.{ext}"
    assert run("export", "--format", fmt, "-o", out).exit_code == 0
    monkeypatch.setenv("DIPLOKG_STORE", str(tmp_path / "second"))
    result = run("ingest", out)
    assert result.exit_code == 0, result.output
    again = tmp_path / f"again.{ext}"
    assert run("export", "--format", fmt, "-o", again).exit_code == 0
    if fmt in ("turtle", "jsonld"):
        parse = {"turtle": "turtle", "jsonld": "json-ld"}[fmt]
        a = rdflib.Graph().parse(out, format=parse)
        b = rdflib.Graph().parse(again, format=parse)
        assert len(a) > 100
        assert isomorphic(a, b)
        if fmt == "turtle":
            assert out.read_text() == again.read_text()
    else:
        a, b = rdflib.Dataset(), rdflib.Dataset()
        a.parse(out, format=fmt)
        b.parse(again, format=fmt)
        names = lambda ds: sorted(str(g.identifier) for g in ds.graphs() if len(g))  # noqa: E731
        assert names(a) == names(b) and len(names(a)) == 8  # 7 articles and the ontology
        assert "https://w3id.org/diplokg/graph/ontology" in names(a)
        for name in names(a):
            assert isomorphic(a.graph(rdflib.URIRef(name)), b.graph(rdflib.URIRef(name))), name


def test_trig_keeps_one_graph_per_article(kg):
    ds = rdflib.Dataset()
    ds.parse(data=run("export", "--format", "trig").stdout, format="trig")
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert graphsample.article_iri(0) in names
    assert {n for n in names if n.startswith("https://w3id.org/diplokg/graph/")} == {
        "https://w3id.org/diplokg/graph/ontology"}  # the ontology in its own graph, no bookkeeping
    bare = rdflib.Dataset()
    bare.parse(data=run("export", "--format", "nquads", "--no-ontology").stdout, format="nquads")
    assert not any(str(g.identifier).startswith("https://w3id.org/diplokg/graph/") for g in bare.graphs() if len(g))
    art0 = ds.graph(rdflib.URIRef(graphsample.article_iri(0)))
    assert isomorphic(art0, rdflib.Graph().parse(data=graphsample.article_turtle(0), format="turtle"))


def test_export_to_missing_folder_is_an_input_error(kg, tmp_path):
    r = run("export", "-o", tmp_path / "no" / "such" / "out.ttl")
    assert r.exit_code == 2 and "does not exist" in r.stderr


def test_export_empty_store(store_dir):
    from diplokg.graph.store.embedded import Store

    Store(store_dir).close()
    r = run("export")
    assert r.exit_code == 0
    assert rdflib.Graph().parse(data=r.stdout, format="turtle").__len__() == 0


def test_ingesting_an_export_skips_the_ontology_it_carries(kg, tmp_path, monkeypatch):
    """The store keeps its own ontology: a carried one is neither an article nor refused."""
    from diplokg.graph.store.embedded import Store

    for fmt in ("turtle", "nquads"):
        out = tmp_path / f"kg.{fmt}"
        assert run("export", "--format", fmt, "-o", out).exit_code == 0
        monkeypatch.setenv("DIPLOKG_STORE", str(tmp_path / f"again-{fmt}"))
        r = run("ingest", "--format", fmt, out)
        assert r.exit_code == 0, r.output
        with Store(tmp_path / f"again-{fmt}") as s:
            merged = {t for g in s.article_graphs() for t in s.triples(g)}
        onto = "https://w3id.org/diplokg/ontology"
        assert not any(t.subject.value == onto for t in merged), fmt  # no article holds the header


def test_output_file_gets_the_users_umask(kg, tmp_path):
    import os

    old = os.umask(0o022)
    try:
        out = tmp_path / "kg.ttl"
        assert run("export", "-o", out).exit_code == 0
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o644
