"""For every node shape, a conforming and a violating example (issue 2, point 4).

``shapes/<ShapeName>/valid.ttl`` and ``invalid.ttl`` are each merged with ``shapes/_common.ttl``
(an article, a span, states, persons, a city). The valid example must give no result at all;
the invalid one exactly the messages its ``# expect:`` header lines name, each from the shape
named by the folder (the node shape itself or one of its property shapes).
"""
from __future__ import annotations

import pytest
from rdflib import Graph, URIRef

from diplokg.graph.shapes.shapesgraph import shapes_graph
from diplokg.graph.shapes.validate import ValidationReport, validate_graph
from diplokg.graph.model.vocab import SH
from ontotest_support import EXAMPLES

SHAPES_NS = "https://w3id.org/diplokg/shapes#"
CASES = sorted(d.name for d in EXAMPLES.iterdir() if d.is_dir())


def _load(case: str, which: str) -> Graph:
    g = Graph().parse(EXAMPLES / "_common.ttl", format="turtle")
    g.parse(EXAMPLES / case / which, format="turtle")
    return g


def _expected(case: str) -> list[str]:
    text = (EXAMPLES / case / "invalid.ttl").read_text(encoding="utf-8")
    return [line.split("# expect:", 1)[1].strip() for line in text.splitlines() if line.startswith("# expect:")]


def _shapes_of(shapes: Graph, node_shape: URIRef) -> set:
    return {node_shape} | set(shapes.objects(node_shape, SH.property))


def test_every_targeted_node_shape_has_examples_and_every_folder_a_shape(shapes):
    targeted = {str(s)[len(SHAPES_NS):] for s in shapes.subjects(SH.targetClass, None)}
    assert sorted(targeted - set(CASES)) == [], "node shapes without examples"
    assert sorted(set(CASES) - targeted) == [], "example folders naming no targeted node shape"


def test_common_nodes_conform():
    g = Graph().parse(EXAMPLES / "_common.ttl", format="turtle")
    rep = validate_graph(g)
    assert rep.results == [], rep.to_text()


@pytest.mark.parametrize("case", CASES)
def test_valid_example_conforms(case):
    rep = validate_graph(_load(case, "valid.ttl"))
    assert rep.conforms and rep.results == [], rep.to_text()


@pytest.mark.parametrize("case", CASES)
def test_invalid_example_is_reported_with_the_shapes_message(case):
    shapes = shapes_graph()  # the very graph pySHACL ran: blank-node shape ids match
    expected = _expected(case)
    assert expected, f"{case}/invalid.ttl has no '# expect:' line"
    rep: ValidationReport = validate_graph(_load(case, "invalid.ttl"))
    assert sorted({r.message for r in rep.results}) == sorted(set(expected)), rep.to_text()
    own = _shapes_of(shapes, URIRef(SHAPES_NS + case))
    for msg in expected:
        hits = [r for r in rep.results if r.message == msg]
        # the message is the one the shape states, and a shape of this node shape reported it
        assert any(r.source_shape in own for r in hits), rep.to_text()
        for r in hits:
            assert r.name, f"{r.source_shape} has no sh:name"
            assert msg in {str(m) for m in shapes.objects(r.source_shape, SH.message)}
            declared = shapes.value(r.source_shape, SH.severity)
            assert r.severity == str(declared).rsplit("#", 1)[-1]
    if any(r.severity == "Violation" for r in rep.results):
        assert not rep.conforms
    else:
        assert rep.conforms  # warnings alone do not stop an article
