"""diplokg.graph.model.ontology: the cached graph, the Turtle and RDF/XML renderings, the version."""
from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from diplokg.graph.model import ontology
from diplokg.graph.model.vocab import DKG, ONTOLOGY_GRAPH, ONTOLOGY_VERSION
from ontotest_support import ONTOLOGY, ROOT


def test_graph_is_cached_and_complete(onto):
    g1, g2 = ontology.ontology_graph(), ontology.ontology_graph()
    assert g1 is g2
    assert isomorphic(g1, onto)
    assert (DKG.Meeting, None, None) in g1


def test_turtle_is_the_source_file():
    assert ontology.ontology_text("turtle") == ONTOLOGY.read_text(encoding="utf-8")


def test_rdfxml_is_the_same_graph(onto):
    xml = ontology.ontology_text("xml")
    assert xml.lstrip().startswith("<?xml")
    assert isomorphic(Graph().parse(data=xml, format="xml"), onto)


def test_committed_rdfxml_is_the_same_graph_as_the_source(onto):
    owl = ROOT / "ontology" / "diplo.owl"
    if not owl.exists():
        pytest.skip("no committed ontology/diplo.owl")
    assert isomorphic(Graph().parse(owl, format="xml"), onto), (
        "ontology/diplo.owl is stale: regenerate it with `python -m diplokg.graph.model.ontology xml > ontology/diplo.owl`")


def test_unknown_format_is_refused():
    with pytest.raises(ValueError):
        ontology.ontology_text("jsonld")


def test_version_and_graph_iri():
    assert ontology.ontology_version() == ONTOLOGY_VERSION
    assert str(ontology.ontology_version_iri()).endswith(ONTOLOGY_VERSION)
    assert ontology.ONTOLOGY_GRAPH_IRI == ONTOLOGY_GRAPH
