"""The ontology an export carries, recognised on the way back in.

``diplokg export`` writes the ontology with the data (its own named graph ``dkgg:ontology`` in
TriG and N-Quads; merged into the graph in Turtle, JSON-LD and RDF/XML) so that standard tools
reach the store's answers. A store keeps its own copy of the ontology, so ``diplokg ingest``
leaves the carried one out: the named graph is skipped, and from a merged graph the triples of
the ontology are taken out, with the blank nodes they lead to (OWL restrictions, lists).
"""
from __future__ import annotations

import functools
from typing import Sequence

import pyoxigraph as ox

from diplokg.graph.model.vocab import ONTOLOGY_IRI
from diplokg.graph.store.embedded import ONTOLOGY_GRAPH, rdflib_to_triples

_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_OWL_ONTOLOGY = ox.NamedNode("http://www.w3.org/2002/07/owl#Ontology")
_HEADER = ox.Triple(ox.NamedNode(str(ONTOLOGY_IRI)), _RDF_TYPE, _OWL_ONTOLOGY)


def is_ontology_graph(name: str) -> bool:
    """True for the graph name under which exports carry the ontology."""
    return name == ONTOLOGY_GRAPH


@functools.lru_cache(maxsize=1)
def _ontology_keys() -> frozenset:
    from diplokg.graph.model.ontology import ontology_graph

    return frozenset(_keys(rdflib_to_triples(ontology_graph())).values())


def _keys(triples: Sequence[ox.Triple]) -> dict:
    """A key per triple about an IRI and per blank node nothing refers to: the triple with
    each blank node replaced by the structure below it (labels differ from parse to parse)."""
    below: dict = {}
    referred = set()
    for t in triples:
        if isinstance(t.subject, ox.BlankNode):
            below.setdefault(t.subject, []).append(t)
        if isinstance(t.object, ox.BlankNode):
            referred.add(t.object)
    memo: dict = {}

    def shape(node, seen=frozenset()):
        if node not in memo:
            if node in seen:  # a cycle (not in OWL's own structures): give up on this one
                return ("cycle",)
            memo[node] = tuple(sorted((str(t.predicate), shape(t.object, seen | {node})
                                       if isinstance(t.object, ox.BlankNode) else str(t.object))
                                      for t in below.get(node, ())))
        return memo[node]

    keys: dict = {}
    for t in triples:
        if not isinstance(t.subject, ox.BlankNode):
            o = shape(t.object) if isinstance(t.object, ox.BlankNode) else t.object
            keys[t] = (t.subject, t.predicate, o)
    for node in below:
        if node not in referred:
            keys[node] = ("root", shape(node))
    return keys


def without_ontology(triples: Sequence[ox.Triple]) -> Sequence[ox.Triple]:
    """``triples`` less the ontology's, when they carry the diplokg ontology's header
    (``<https://w3id.org/diplokg/ontology> a owl:Ontology``); else ``triples`` as they are."""
    if _HEADER not in triples:
        return triples
    ontology = _ontology_keys()
    keys = _keys(triples)
    dropped = [t for t in triples if not isinstance(t.subject, ox.BlankNode)
               and (keys[t] in ontology or t.subject == _HEADER.subject)]
    roots = [node for node, key in keys.items() if isinstance(node, ox.BlankNode) and key in ontology]
    # the blank nodes those lead to (restrictions, unions, lists), transitively
    by_subject: dict = {}
    for t in triples:
        if isinstance(t.subject, ox.BlankNode):
            by_subject.setdefault(t.subject, []).append(t)
    owned: set = set()
    todo = roots + [t.object for t in dropped if isinstance(t.object, ox.BlankNode)]
    while todo:
        node = todo.pop()
        if node in owned:
            continue
        owned.add(node)
        todo += [t.object for t in by_subject.get(node, ()) if isinstance(t.object, ox.BlankNode)]
    drop = set(dropped)
    return [t for t in triples if t not in drop and t.subject not in owned]


def without_carried_ontology(quads: Sequence[ox.Quad]) -> Sequence[ox.Quad]:
    """``quads`` less the ontology an export carries: the graph ``dkgg:ontology``, and the
    ontology's triples merged into the default graph (:func:`without_ontology`)."""
    kept = [q for q in quads if not (isinstance(q.graph_name, ox.NamedNode) and is_ontology_graph(q.graph_name.value))]
    default = [q.triple for q in kept if isinstance(q.graph_name, ox.DefaultGraph)]
    rest = without_ontology(default) if default else default
    if len(rest) == len(default):
        return kept if len(kept) != len(quads) else quads
    keep = set(rest)
    return [q for q in kept if not isinstance(q.graph_name, ox.DefaultGraph) or q.triple in keep]
