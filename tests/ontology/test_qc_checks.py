"""ontology/checks/*-violation.rq (ODK/ROBOT style): each must return no rows."""
from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from diplokg.graph.model.vocab import DKG
from ontotest_support import ROOT

CHECKS = sorted((ROOT / "ontology" / "checks").glob("*-violation.rq"))


@pytest.fixture(scope="module")
def kg(onto, seed_abox) -> Graph:
    return onto + seed_abox


def test_there_are_checks():
    assert len(CHECKS) >= 4


@pytest.mark.parametrize("check", CHECKS, ids=lambda p: p.stem)
def test_check_returns_no_rows(check, kg):
    text = check.read_text(encoding="utf-8")
    assert "#+ title:" in text and "#+ severity:" in text
    rows = list(kg.query(text))
    assert rows == [], "\n".join(" ".join(str(x) for x in r) for r in rows)


@pytest.mark.parametrize("stem,bad", [
    ("undeclared-term-violation", (URIRef("https://w3id.org/diplokg/id/x"), RDF.type, DKG._NS["Meting"])),
    ("missing-label-violation", (DKG._NS["Extra"], RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class"))),
    ("missing-definition-violation", (DKG._NS["Extra"], RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class"))),
    ("concept-without-scheme-violation", (URIRef("https://w3id.org/diplokg/topic/x"), RDF.type, DKG.Topic)),
])
def test_check_catches_a_planted_problem(stem, bad, kg):
    g = Graph() + kg
    g.add(bad)
    rows = list(g.query((ROOT / "ontology" / "checks" / f"{stem}.rq").read_text(encoding="utf-8")))
    assert rows, f"{stem} missed {bad}"
