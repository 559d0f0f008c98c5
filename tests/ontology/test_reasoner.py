"""HermiT (through owlready2) finds the ontology consistent, alone and with the seed article's facts.

owlready2 cannot read Turtle, so the ontology is handed over as RDF/XML and the ABox as
N-Triples; date literals (xsd:date, xsd:gYear, xsd:gYearMonth), which HermiT rejects, are
stripped first. owlready2's bundled Pellet fails on this machine's Java 17: HermiT only.
"""
from __future__ import annotations

import time
from pathlib import Path

import owlready2
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from diplokg.graph.model.ontology import ontology_text
from ontotest_support import DKG_NS, without_dates

pytestmark = pytest.mark.reasoner

ID = "https://w3id.org/diplokg/id/"
TIMINGS: dict[str, float] = {}


def _world(tmp_path: Path, abox: Graph | None = None) -> owlready2.World:
    onto_file = tmp_path / "diplo.owl"
    onto_file.write_text(ontology_text("xml"), encoding="utf-8")
    world = owlready2.World()
    world.get_ontology(onto_file.as_uri()).load()
    if abox is not None:
        nt = tmp_path / "abox.nt"
        head = Graph()
        head.add((URIRef("https://w3id.org/diplokg/test/abox"), RDF.type,
                  URIRef("http://www.w3.org/2002/07/owl#Ontology")))
        nt.write_text((without_dates(abox) + head).serialize(format="nt"), encoding="utf-8")
        world.get_ontology(nt.as_uri()).load(format="ntriples")
    return world


def _hermit(world: owlready2.World, name: str) -> None:
    t0 = time.perf_counter()
    owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    TIMINGS[name] = time.perf_counter() - t0
    print(f"HermiT {name}: {TIMINGS[name]:.1f} s")


def _unsatisfiable(world: owlready2.World) -> list:
    return [c for c in world.inconsistent_classes() if c is not owlready2.Nothing]


def test_ontology_alone_is_consistent_and_every_class_satisfiable(tmp_path):
    world = _world(tmp_path)
    _hermit(world, "ontology")
    assert _unsatisfiable(world) == []


def test_ontology_with_seed_abox_is_consistent_and_infers_diplomats(tmp_path, seed_abox):
    world = _world(tmp_path, seed_abox)
    _hermit(world, "ontology+seed ABox")
    assert _unsatisfiable(world) == []
    diplomat = world[DKG_NS + "Diplomat"]
    inferred = {i.iri for i in diplomat.instances()}
    # Foreign Minister and Ambassador are diplomatic positions; President and Prime Minister are not
    assert inferred == {ID + "person/bhutto-bilawal", ID + "person/mitsuhiro-wada"}


def test_reasoner_really_runs_it_rejects_a_contradiction(tmp_path, seed_abox):
    """A control: a node that is both a Person and a State (disjoint) makes the ABox inconsistent."""
    bad = Graph() + seed_abox
    bad.add((URIRef(ID + "state/PK"), RDF.type, URIRef(DKG_NS + "Person")))
    world = _world(tmp_path, bad)
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        _hermit(world, "contradiction")


def test_date_literals_are_what_hermit_rejects(seed_abox):
    """The ABox does carry dates; they are removed only on the way to the reasoner."""
    dated = [o for o in seed_abox.objects() if isinstance(o, Literal) and o.datatype is not None
             and o.datatype.endswith(("#date", "#gYear", "#gYearMonth"))]
    assert dated and not any(o in dated for o in without_dates(seed_abox).objects())
