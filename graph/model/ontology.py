"""The OWL ontology as data: parsed once, rendered as Turtle or as RDF/XML for Protégé.

The source is ``ontology/diplo.ttl`` (found through :func:`diplokg.graph.model.paths.ontology_file`). The store
keeps it, with its concept schemes, in the named graph :data:`ONTOLOGY_GRAPH_IRI`.

>>> from diplokg.graph.model.vocab import DKG
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

from diplokg.graph.model import paths
from diplokg.graph.model.vocab import ONTOLOGY_IRI, PREFIXES

__all__ = [
    "ONTOLOGY_GRAPH_IRI", "ONTOLOGY_IRI", "FORMATS",
    "ontology_graph", "ontology_text", "ontology_version", "ontology_version_iri",
]

ONTOLOGY_GRAPH_IRI = URIRef("https://w3id.org/diplokg/graph/ontology")

#: the formats ontology_text writes (turtle: the source file; xml: RDF/XML for Protégé)
FORMATS = ("turtle", "xml")


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
    return _rdfxml(ontology_graph(p))


def _rdfxml(g: Graph) -> str:
    """Flat, reproducible RDF/XML: subjects and properties sorted, canonical blank-node ids.

    rdflib's own RDF/XML writers order subjects by hash and label blank nodes at random, so a
    committed ``ontology/diplo.owl`` would change on every regeneration; this one does not.
    """
    from xml.sax.saxutils import escape, quoteattr

    from rdflib import BNode
    from rdflib.compare import to_canonical_graph
    from rdflib.namespace import RDF

    cg = to_canonical_graph(g)
    known = {str(ns): p for p, ns in g.namespaces() if p}
    known[str(RDF)] = "rdf"
    used: dict[str, str] = {str(RDF): "rdf"}

    def qname(iri: str) -> str:
        cut = max(iri.rfind("#"), iri.rfind("/")) + 1
        ns, local = iri[:cut], iri[cut:]
        if not local or not (local[0].isalpha() or local[0] == "_"):
            raise ValueError(f"cannot write {iri} as an RDF/XML element name")
        prefix = used.get(ns) or known.get(ns) or f"ns{len(used)}"
        used[ns] = prefix
        return f"{prefix}:{local}"

    def node_attr(n) -> str:
        return f"rdf:nodeID={quoteattr(str(n))}" if isinstance(n, BNode) else f"rdf:about={quoteattr(str(n))}"

    def key(t):
        return tuple((0 if isinstance(x, URIRef) else 1, str(x), repr(x)) for x in t)

    body = []
    by_subject: dict = {}
    for t in sorted(cg, key=key):
        by_subject.setdefault(t[0], []).append(t)
    for subj, triples in by_subject.items():
        body.append(f"  <rdf:Description {node_attr(subj)}>")
        for _, pred, obj in triples:
            el = qname(str(pred))
            if isinstance(obj, Literal):
                attrs = ""
                if obj.language:
                    attrs = f" xml:lang={quoteattr(obj.language)}"
                elif obj.datatype is not None:
                    attrs = f" rdf:datatype={quoteattr(str(obj.datatype))}"
                body.append(f"    <{el}{attrs}>{escape(str(obj))}</{el}>")
            elif isinstance(obj, BNode):
                body.append(f"    <{el} rdf:nodeID={quoteattr(str(obj))}/>")
            else:
                body.append(f"    <{el} rdf:resource={quoteattr(str(obj))}/>")
        body.append("  </rdf:Description>")
    ns_decls = "\n".join(f"   xmlns:{p}={quoteattr(ns)}" for ns, p in sorted(used.items(), key=lambda kv: kv[1]))
    return '<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF\n' + ns_decls + "\n>\n" + "\n".join(body) + "\n</rdf:RDF>\n"


def ontology_version_iri() -> URIRef | None:
    """The ``owl:versionIRI`` of the ontology, e.g. ``https://w3id.org/diplokg/ontology/0.1.0``."""
    v = ontology_graph().value(ONTOLOGY_IRI, OWL.versionIRI)
    return v if isinstance(v, URIRef) else None


def ontology_version() -> str:
    """The ``owl:versionInfo`` of the ontology, e.g. ``"0.1.0"``."""
    v = ontology_graph().value(ONTOLOGY_IRI, OWL.versionInfo)
    return str(v) if isinstance(v, Literal) else ""


def main(argv: list[str] | None = None) -> int:
    """``python -m diplokg.graph.model.ontology [turtle|xml]``: print the ontology (regenerates ontology/diplo.owl)."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    fmt = args[0] if args else "xml"
    if fmt not in FORMATS:
        print(f"usage: python -m diplokg.graph.model.ontology [{'|'.join(FORMATS)}]", file=sys.stderr)
        return 2
    sys.stdout.write(ontology_text(fmt))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
