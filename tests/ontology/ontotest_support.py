"""Paths and helpers shared by the ontology tests (a plain module: conftest names clash)."""
from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY = ROOT / "ontology" / "diplo.ttl"
SHAPES = ROOT / "ontology" / "shapes" / "diplo-shapes.ttl"
SEED_ABOX = ROOT / "tests" / "data" / "seed-abox.ttl"
EXAMPLES = Path(__file__).resolve().parent / "shapes"
OWL_CHECK = ROOT.parent / "shared" / "tools" / "owl-check" / "run"
DKG_NS = "https://w3id.org/diplokg/ontology#"

#: date datatypes outside the OWL 2 datatype map (HermiT rejects them)
NON_OWL_DATES = {XSD.date, XSD.gYear, XSD.gYearMonth}


def dkg_terms(g: Graph) -> set[URIRef]:
    """Every IRI in the dkg: namespace that the ontology declares (has an rdf:type)."""
    return {s for s in g.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(DKG_NS)}


def declared(g: Graph, kind: URIRef) -> set[URIRef]:
    return {s for s in g.subjects(RDF.type, kind) if isinstance(s, URIRef)}


def without_dates(g: Graph) -> Graph:
    """A copy of ``g`` without literals of xsd:date/gYear/gYearMonth (for the reasoner)."""
    out = Graph()
    for s, p, o in g:
        if isinstance(o, Literal) and o.datatype in NON_OWL_DATES:
            continue
        out.add((s, p, o))
    return out


__all__ = ["ROOT", "ONTOLOGY", "SHAPES", "SEED_ABOX", "EXAMPLES", "OWL_CHECK", "DKG_NS", "dkg_terms",
           "declared", "without_dates", "OWL", "RDFS"]
