"""Bounds on the RDF files ``diplokg ingest`` reads, decided on their parsed form.

Before the RDF parser sees a file:

* RDF/XML goes through expat first: a DOCTYPE (and so any ENTITY, internal or external) is
  refused, which stops "billion laughs" before a single entity is expanded, and elements may
  not nest deeper than :data:`MAX_XML_DEPTH` (Oxigraph's RDF/XML parser slows down with the
  square of the depth).
* JSON-LD is parsed as JSON first: objects and arrays may not nest deeper than
  :data:`MAX_JSON_DEPTH` (Oxigraph's JSON-LD parser runs out of stack a few thousand deep).

After parsing (:func:`check_quads`), for every format:

* no relative IRI: the file is parsed against :data:`RELATIVE_BASE`, a base no real IRI has,
  and an IRI under it means the file used a relative IRI without a ``@base`` (never resolved
  against the file's own path, which would put ``file:///home/...`` IRIs in the graph);
* no literal longer than :data:`MAX_LITERAL_CHARS`;
* no chain of blank nodes (``[ ex:p [ ex:p [ ... ] ] ]``) deeper than :data:`MAX_NESTING`
  (``rdf:rest`` links of a list do not count: a long list is not deep);
* no statement about the ontology (:func:`ontology_subject`) unless ``allow_ontology`` is given:
  a file of data must not redefine ``dkg:Meeting`` or ``rdfs:label``.
"""
from __future__ import annotations

import functools
import json
import xml.parsers.expat
from typing import Iterable

import pyoxigraph as ox

from diplokg.graph.model.errors import InputError

#: Deepest chain of blank nodes an ingested file may hold.
MAX_NESTING = 64
#: Deepest element nesting of an RDF/XML file (two elements per level of RDF nesting).
MAX_XML_DEPTH = 2 * MAX_NESTING + 8
#: Deepest object/array nesting of a JSON-LD file.
MAX_JSON_DEPTH = 2 * MAX_NESTING + 8
#: Longest literal an ingested file may hold (characters).
MAX_LITERAL_CHARS = 1_000_000
#: The base IRI files are parsed against; an IRI under it was written as a relative IRI.
RELATIVE_BASE = "https://relative-iri.invalid/"

#: Namespaces whose terms no ingested file may describe (the ontology's own and RDF's).
PROTECTED_NAMESPACES = (
    "https://w3id.org/diplokg/ontology",  # dkg: terms, the ontology IRI and its version IRIs
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://www.w3.org/2000/01/rdf-schema#",
    "http://www.w3.org/2002/07/owl#",
    "http://www.w3.org/ns/shacl#",
    "http://www.w3.org/2001/XMLSchema#",
)
_RDF_REST = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#rest")


# -- before parsing ---------------------------------------------------------------------------

def check_syntax_bounds(data: bytes, fmt: str, where: str) -> None:
    """Refuse what the RDF parser must never see (see the module): DOCTYPE in RDF/XML, too
    deep RDF/XML or JSON-LD."""
    if fmt == "xml":
        _check_xml(data, where)
    elif fmt == "jsonld":
        _check_json(data, where)


class _Refused(Exception):
    pass


def _check_xml(data: bytes, where: str) -> None:
    parser = xml.parsers.expat.ParserCreate()
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    depth = 0

    def doctype(*_):
        raise _Refused("RDF/XML with a DOCTYPE: diplokg reads no DTD and expands no entity "
                       "(remove the DOCTYPE and its ENTITY declarations)")

    def start(*_):
        nonlocal depth
        depth += 1
        if depth > MAX_XML_DEPTH:
            raise _Refused(f"RDF/XML nested more than {MAX_XML_DEPTH} elements deep")

    def end(*_):
        nonlocal depth
        depth -= 1

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(data, True)
    except _Refused as exc:
        raise InputError(where, str(exc)) from None
    except xml.parsers.expat.ExpatError as exc:
        raise InputError(where, f"not valid xml: {xml.parsers.expat.ErrorString(exc.code)} "
                                f"at line {exc.lineno}, column {exc.offset}") from None


def _check_json(data: bytes, where: str) -> None:
    try:
        doc = json.loads(data)
    except RecursionError:
        raise InputError(where, f"JSON-LD nested more than {MAX_JSON_DEPTH} levels deep") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(where, f"not valid jsonld: {exc}") from None
    stack = [(doc, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise InputError(where, f"JSON-LD nested more than {MAX_JSON_DEPTH} levels deep")
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values() if isinstance(v, (dict, list)))
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value if isinstance(v, (dict, list)))


# -- after parsing ----------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def ontology_terms() -> frozenset[str]:
    """The IRIs the ontology describes (classes, properties, concept schemes and concepts)."""
    from rdflib import URIRef

    from diplokg.graph.model.ontology import ontology_graph

    return frozenset(str(s) for s in ontology_graph().subjects() if isinstance(s, URIRef))


def ontology_subject(iri: str) -> bool:
    """Whether a statement about ``iri`` would change the ontology rather than add data."""
    return iri.startswith(PROTECTED_NAMESPACES) or iri in ontology_terms()


def check_quads(quads: Iterable[ox.Quad], where: str, *, allow_ontology: bool = False) -> None:
    """Refuse a parsed file that breaks a bound of the module docstring; one pass, linear."""
    children: dict[ox.BlankNode, list[ox.BlankNode]] = {}
    for q in quads:
        for t in (q.subject, q.predicate, q.object, q.graph_name):
            if isinstance(t, ox.NamedNode) and t.value.startswith(RELATIVE_BASE):
                raise InputError(where, f"relative IRI <{t.value[len(RELATIVE_BASE):]}>: diplokg does not resolve "
                                        "IRIs against the file's path; write absolute IRIs or give a base "
                                        "(@base in Turtle/TriG/JSON-LD, xml:base in RDF/XML)")
        s, o = q.subject, q.object
        if isinstance(o, ox.Literal) and len(o.value) > MAX_LITERAL_CHARS:
            raise InputError(where, f"a literal of {len(o.value)} characters (the limit is {MAX_LITERAL_CHARS})")
        if not allow_ontology and isinstance(s, ox.NamedNode) and ontology_subject(s.value):
            raise InputError(where, f"a statement about the ontology term <{s.value}> "
                                    f"({_short(q.predicate.value)}): data may not change the ontology "
                                    "(--allow-ontology-changes lets it)")
        if isinstance(s, ox.BlankNode) and isinstance(o, ox.BlankNode) and q.predicate != _RDF_REST:
            children.setdefault(s, []).append(o)
    depth = blank_node_depth(children, MAX_NESTING)
    if depth > MAX_NESTING:
        raise InputError(where, f"blank nodes nested more than {MAX_NESTING} deep")


def _short(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1] or iri


def blank_node_depth(children: dict, limit: int) -> int:
    """The longest chain of blank nodes in ``children`` (node -> nodes it points to), or
    anything above ``limit`` once it is known to exceed it. Iterative (no recursion limit);
    a cycle is followed once."""
    depth: dict = {}
    for root in children:
        if root in depth:
            continue
        stack = [(root, iter(children[root]))]
        active = {root}
        while stack:
            if len(stack) > limit:
                return len(stack)
            node, pending = stack[-1]
            for child in pending:
                if child in children and child not in depth and child not in active:
                    active.add(child)
                    stack.append((child, iter(children[child])))
                    break
            else:
                stack.pop()
                active.discard(node)
                depth[node] = 1 + max((depth.get(c, 0) for c in children[node]), default=0)
                if depth[node] > limit:
                    return depth[node]
    return max(depth.values(), default=0)
