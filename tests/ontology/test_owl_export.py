"""Protégé with data (issue 11, item 2): ``diplokg export --format owl`` on the seed and the
examples loads cleanly in the OWL API (as Protégé loads it) and HermiT finds it consistent,
without stripping anything first (compare test_reasoner.py, which must strip the dates)."""
from __future__ import annotations

import os
import subprocess

import owlready2
import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF

from diplokg.graph.cli import cli

from ontotest_support import OWL_CHECK

XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.fixture(scope="module")
def owl_file(example_store, tmp_path_factory):
    out = tmp_path_factory.mktemp("owl") / "kg.owl"
    r = CliRunner().invoke(cli, ["export", "--store", str(example_store), "--format", "owl", "-o", str(out)])
    assert r.exit_code == 0, r.output
    return out


def test_owl_export_is_the_ontology_with_the_individuals(owl_file):
    g = Graph().parse(owl_file, format="xml")
    assert (None, RDF.type, OWL.Ontology) in g
    assert (None, RDF.type, OWL.Class) in g
    dkg = "https://w3id.org/diplokg/ontology#"
    assert any(True for _ in g.subjects(RDF.type, URIRef(dkg + "Meeting")))
    types = {str(o.datatype) for o in g.objects() if isinstance(o, Literal) and o.datatype is not None}
    # the documented mapping: no type outside the OWL 2 datatype map is left
    assert not types & {XSD + "date", XSD + "gYear", XSD + "gYearMonth"}
    assert XSD + "dateTime" in types


@pytest.mark.owlcheck
@pytest.mark.skipif(not OWL_CHECK.exists(), reason=f"owl-check not found at {OWL_CHECK} (../shared is absent)")
def test_owl_check_passes_on_the_owl_export(owl_file):
    proc = subprocess.run([str(OWL_CHECK), str(owl_file)], capture_output=True, text=True, timeout=600,
                          env={**os.environ})
    summary = next((line for line in proc.stdout.splitlines() if line.startswith("owl-check:")), proc.stdout[-500:])
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert summary.startswith("owl-check: ok (DL)"), summary


@pytest.mark.reasoner
def test_hermit_finds_the_owl_export_consistent(owl_file):
    world = owlready2.World()
    world.get_ontology(owl_file.as_uri()).load()
    owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)  # raises if inconsistent
    assert [c for c in world.inconsistent_classes() if c is not owlready2.Nothing] == []
    # the individuals are there for the reasoner: a Foreign Minister is inferred to be a Diplomat
    diplomat = world["https://w3id.org/diplokg/ontology#Diplomat"]
    assert "https://w3id.org/diplokg/id/person/bhutto-bilawal" in {i.iri for i in diplomat.instances()}
