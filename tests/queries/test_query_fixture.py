"""tests/data/fixture-kg.ttl: spans point at the real seed text, IRIs follow docs/model.md."""
from __future__ import annotations

import hashlib
from pathlib import Path

import rdflib
from rdflib import RDF, URIRef

from diplokg.graph.model import iris

HERE = Path(__file__).resolve().parent
FIXTURE = HERE.parent / "data" / "fixture-kg.ttl"
SEED_TEXT = HERE / "data" / "s01-pakistan-japan.txt"

DKG = rdflib.Namespace("https://w3id.org/diplokg/ontology#")


def graph():
    return rdflib.Graph().parse(FIXTURE, format="turtle")


def test_spans_match_the_article_text():
    g = graph()
    text = SEED_TEXT.read_text(encoding="utf-8")
    spans = list(g.subjects(RDF.type, DKG.TextSpan))
    assert len(spans) >= 10
    for s in spans:
        start, end = int(g.value(s, DKG.startOffset)), int(g.value(s, DKG.endOffset))
        assert text[start:end] == str(g.value(s, DKG.spanText)), s
        article = g.value(s, DKG.inArticle)
        assert str(s) == iris.span(str(article), start, end)


def test_article_hash_is_the_seed_text():
    g = graph()
    digest = "sha256:" + hashlib.sha256(SEED_TEXT.read_text(encoding="utf-8").encode("utf-8")).hexdigest()
    assert [str(o) for o in g.objects(None, DKG.textHash)] == [digest]


def test_every_fact_has_evidence():
    g = graph()
    for cls in (DKG.Post, DKG.Meeting, DKG.Visit, DKG.Signing, DKG.Agreement, DKG.DialogueMechanism,
                DKG.BilateralRelation, DKG.DiplomaticMission, DKG.Anniversary):
        nodes = list(g.subjects(RDF.type, cls))
        assert nodes, cls
        for n in nodes:
            assert (n, DKG.evidence, None) in g, n


def test_entity_iris_follow_the_model():
    g = graph()
    for name in ("Bilawal Bhutto", "Wada Mitsuhiro", "Asif Ali Zardari", "Kishida Fumio"):
        assert (URIRef(iris.person(name)), RDF.type, DKG.Person) in g
    for code in ("PK", "JP", "TM", "AF"):
        assert (URIRef(iris.state(code)), RDF.type, DKG.State) in g
    assert (URIRef(iris.relation(iris.state("PK"), iris.state("JP"))), RDF.type, DKG.BilateralRelation) in g


def test_fixture_conforms_to_the_shapes():
    from diplokg.graph.shapes.validate import validate_graph

    report = validate_graph(graph())
    assert report.conforms, [(r.severity, r.message) for r in report.results]
