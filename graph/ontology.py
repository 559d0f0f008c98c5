"""The OWL ontology as data: parsed once, rendered as Turtle or as RDF/XML for Protégé.

The source is ``ontology/diplo.ttl`` (found through :func:`graph.paths.ontology_file`). The store
keeps it, with its concept schemes, in the named graph :data:`ONTOLOGY_GRAPH_IRI`.

>>> from graph.vocab import DKG
>>> (DKG.Meeting, None, None) in ontology_graph()
True
>>> ontology_version()
'0.1.0'
"""
from __future__ import annotations

import functools
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL

from graph import paths
from graph.vocab import ONTOLOGY_IRI, PREFIXES

__all__ = [
    "ONTOLOGY_GRAPH_IRI", "ONTOLOGY_IRI", "FORMATS",
    "ontology_graph", "ontology_text", "ontology_version", "ontology_version_iri",
]

ONTOLOGY_GRAPH_IRI = URIRef("https://w3id.org/diplokg/graph/ontology")

#: our format name → rdflib serializer name
FORMATS = {"turtle": "turtle", "xml": "xml"}


@functools.lru_cache(maxsize=4)
def _parse(path: str, mtime_ns: int) -> Graph:
    g = Graph()
    g.parse(path, format="turtle")
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    return g


def ontology_graph(path: Path | None = None) -> Graph:
    """The ontology (classes, properties and concept schemes) as an rdflib graph.

    Parsed once per file version and cached: treat the result as read-only (copy it to change it).
    """
    p = Path(path) if path is not None else paths.ontology_file()
    return _parse(str(p), p.stat().st_mtime_ns)


def ontology_text(fmt: str = "turtle", path: Path | None = None) -> str:
    """The ontology serialised as ``"turtle"`` (the source file as is) or ``"xml"`` (RDF/XML).

    The RDF/XML rendering is what Protégé and the OWL API open; it is the same graph as the
    Turtle source (a test checks they are isomorphic).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown ontology format {fmt!r}; expected one of {', '.join(FORMATS)}")
    p = Path(path) if path is not None else paths.ontology_file()
    if fmt == "turtle":
        return p.read_text(encoding="utf-8")
    return ontology_graph(p).serialize(format=FORMATS[fmt])


def ontology_version_iri() -> URIRef | None:
    """The ``owl:versionIRI`` of the ontology, e.g. ``https://w3id.org/diplokg/ontology/0.1.0``."""
    v = ontology_graph().value(ONTOLOGY_IRI, OWL.versionIRI)
    return v if isinstance(v, URIRef) else None


def ontology_version() -> str:
    """The ``owl:versionInfo`` of the ontology, e.g. ``"0.1.0"``."""
    v = ontology_graph().value(ONTOLOGY_IRI, OWL.versionInfo)
    return str(v) if isinstance(v, Literal) else ""
