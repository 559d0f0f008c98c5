"""The shapes graph and the class hierarchy SHACL needs, each parsed once per file version.

Its own module because both the pySHACL path (``validate``) and the compiled screen
(``shaclsparql``) read them, and neither should import the other for it.
"""
from __future__ import annotations

import functools
from pathlib import Path

from rdflib import Graph, URIRef

from diplokg.graph.model import paths


@functools.lru_cache(maxsize=4)
def _load_shapes(path: str, mtime_ns: int) -> Graph:
    g = Graph()
    g.parse(path, format="turtle")
    return g


@functools.lru_cache(maxsize=1)
def class_hierarchy() -> Graph:
    """The ontology's rdfs:subClassOf axioms between classes (closed transitively)."""
    from rdflib import RDFS

    from diplokg.graph.model.ontology import ontology_graph

    onto = ontology_graph()
    g = Graph()
    for cls in set(onto.subjects(RDFS.subClassOf, None)):
        if not isinstance(cls, URIRef):
            continue
        for sup in onto.transitive_objects(cls, RDFS.subClassOf):
            if isinstance(sup, URIRef) and sup != cls:
                g.add((cls, RDFS.subClassOf, sup))
    return g


def shapes_graph(path: Path | None = None) -> Graph:
    """The shapes graph, parsed once per file version (treat as read-only)."""
    p = Path(path) if path is not None else paths.shapes_file()
    return _load_shapes(str(p), p.stat().st_mtime_ns)
