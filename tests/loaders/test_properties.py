"""Property tests: any text at all is read without a crash into a graph that conforms to the
shapes, and reading is deterministic.

Conformance is decided as ``diplokg ingest`` decides it: the shapes compiled to SPARQL screen
the graph, and pySHACL words a report for what they flag (tests/graph/test_shaclsparql.py
checks the screen flags whatever pySHACL reports); running pySHACL on all 60 examples cost
most of this file's time."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib.compare import isomorphic

from diplokg.graph.shapes.validate import validate_graph, validate_triples
from diplokg.graph.store.embedded import rdflib_to_triples
from tests.loaders.support import extract_text

WORDS = st.sampled_from(["Japan", "met", "Foreign", "Minister", "President", "visit", "signed", "the", "Ambassador",
                         "to", "on", "26", "July", "2022", ",", ".", "Mr.", "Kenya", "embassy", "in", "Tokyo",
                         "relations", "established", "Joint", "Statement", "Dialogue", "counterpart", "his", "\n\n"])
NEWSLIKE = st.lists(WORDS, max_size=80).map(" ".join)
TEXTS = st.one_of(st.text(max_size=400), NEWSLIKE,
                  st.builds(lambda w, n: " ".join([w] * n), st.sampled_from(["visit", "Japan", "met"]),
                            st.integers(0, 3000)),
                  st.just("<html><body><p>Japan&nbsp;and <b>Chile</b> met.</p></body></html>"),
                  st.just(""))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_any_text_gives_a_conforming_graph(text):
    extraction = extract_text(text)
    report = validate_triples(rdflib_to_triples(extraction.graph), extraction.graph)
    assert report.conforms, [r.message for r in report.results]


@settings(max_examples=25, deadline=None)
@given(NEWSLIKE)
def test_extraction_is_deterministic(text):
    a, b = extract_text(text), extract_text(text)
    assert a.article_iri == b.article_iri
    assert isomorphic(a.graph, b.graph)
    assert sorted(map(str, a.graph.all_nodes())) == sorted(map(str, b.graph.all_nodes()))


def test_a_megabyte_of_one_word():
    extraction = extract_text("diplomacy " * 100_000)
    assert validate_graph(extraction.graph).conforms
