"""Bulk ingest of an N-Quads or TriG file of named graphs (an export, another diplokg store).

Going graph by graph through Python costs a Python object per term, which is most of the time
of a big load. Here the file is parsed once into an in-memory Oxigraph store (*staging*), the
shapes compiled to SPARQL screen every graph there in one query, pySHACL words a report only
for the graphs they flag, and what passes is written to the store in two bulk writes (the named
graphs, then their default-graph copies; see :meth:`diplokg.graph.store.embedded.Store.add_new_graphs`).

A file qualifies when it is N-Quads, all its triples are in named graphs, it has no blank
nodes (Oxigraph relabels blank nodes on every load, and the two copies of a graph are written
by two loads), and Oxigraph's copy of it says what the file says: every integer literal has the
integer type its property declares (Oxigraph stores all integer subtypes as xsd:integer, so the
shapes could not see a wrong one), no xsd:dateTime has hour 24 (Oxigraph rolls it over), and
no two lines collapse into one quad. Otherwise :func:`stage` returns None and the caller reads
the file graph by graph, where pySHACL sees the terms as written.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

from diplokg.graph.io.rdfcheck import MAX_LITERAL_CHARS, PROTECTED_NAMESPACES, ontology_terms
from diplokg.graph.model.errors import InputError
from diplokg.graph.model.files import read_regular_file
from diplokg.graph.store.embedded import ONTOLOGY_GRAPH, RESERVED_GRAPHS, Store

_XSD = "http://www.w3.org/2001/XMLSchema#"
# a literal typed with an integer type or xsd:dateTime, with the predicate before it
_TYPED = re.compile(rb'<([^>]*)> "((?:[^"\\\n]|\\.)*)"\^\^<' + re.escape(_XSD.encode())
                    + rb'(integer|nonNegativeInteger|positiveInteger|nonPositiveInteger|negativeInteger|long|int|'
                    rb'short|byte|unsignedLong|unsignedInt|unsignedShort|unsignedByte|dateTime)>')

_TYPED_TAIL = re.compile(rb'"\^\^<' + re.escape(_XSD.encode()))


@dataclass
class StagedFile:
    """An RDF file of named graphs, parsed into an in-memory store."""

    path: str
    staging: ox.Store
    graphs: list[str]


def stage(path: str, fmt: str, *, allow_ontology: bool = False) -> StagedFile | None:
    """Parse ``path`` into a staging store, or None when it does not qualify (see the module)."""
    if fmt != "nquads":
        return None
    data = read_regular_file(path)
    if not terms_survive(data):
        return None
    staging = ox.Store()
    try:  # no base IRI: a relative IRI is a syntax error here, worded by the graph-by-graph reader
        staging.load(data, format=ox.RdfFormat.N_QUADS)
    except (SyntaxError, ValueError, OSError):
        return None
    lines = sum(1 for line in data.splitlines() if line.strip() and not line.lstrip().startswith(b"#"))
    if len(staging) != lines:  # repeated lines, or two spellings of one value merged
        return None
    # an export's copy of the ontology: the store keeps its own (left out before the checks, which
    # would refuse its statements about ontology terms and its blank nodes)
    staging.remove_graph(ox.NamedNode(ONTOLOGY_GRAPH))
    if staging.query("ASK { ?s ?p ?o }") or staging.query(
            "ASK { GRAPH ?g { ?s ?p ?o FILTER(isBlank(?s) || isBlank(?o)) } }"):
        return None
    graphs = sorted(g.value for g in staging.named_graphs() if isinstance(g, ox.NamedNode))
    if not graphs or _breaks_bounds(staging, allow_ontology):
        return None  # the graph-by-graph reader words the refusal
    for g in graphs:
        if g in RESERVED_GRAPHS:
            raise InputError(path, f"graph <{g}> is reserved for diplokg itself")
    return StagedFile(path, staging, graphs)


def _breaks_bounds(staging: ox.Store, allow_ontology: bool) -> bool:
    """Whether the staged file breaks a bound of :mod:`diplokg.graph.io.rdfcheck` (a long
    literal, a statement about the ontology), asked of Oxigraph in one query."""
    tests = [f"(isLiteral(?o) && STRLEN(STR(?o)) > {MAX_LITERAL_CHARS})"]
    if not allow_ontology:
        namespaces = " || ".join(f'STRSTARTS(STR(?s), "{ns}")' for ns in PROTECTED_NAMESPACES)
        tests.append(f"(isIRI(?s) && ({namespaces}))")
        terms = " ".join(f"<{t}>" for t in sorted(ontology_terms()))
        if staging.query(f"ASK {{ VALUES ?s {{ {terms} }} GRAPH ?g {{ ?s ?p ?o }} }}"):
            return True
    return bool(staging.query(f"ASK {{ GRAPH ?g {{ ?s ?p ?o FILTER({' || '.join(tests)}) }} }}"))


def _typed_literals(data: bytes):
    """The matches of ``_TYPED`` in ``data``. ``_TYPED`` starts at every ``<``; it is run only
    on the lines where the fixed text ``"^^<xsd:`` occurs, found by a literal search (a fifth
    of the time of a big export's bulk load went to the scan of every IRI)."""
    done = -1
    for hit in _TYPED_TAIL.finditer(data):
        if hit.start() < done:
            continue  # a line already read
        start = data.rfind(b"\n", 0, hit.start()) + 1
        done = data.find(b"\n", hit.end())
        done = len(data) if done < 0 else done
        yield from _TYPED.finditer(data, start, done)


def terms_survive(data: bytes) -> bool:
    """Whether Oxigraph keeps every integer and dateTime literal of ``data`` as the shapes
    need to see it (see the module docstring)."""
    from diplokg.graph.shapes.shaclsparql import integer_ranges

    ranges = integer_ranges()
    for m in _typed_literals(data):
        prop, lexical, kind = m.group(1).decode("utf-8", "replace"), m.group(2), m.group(3).decode()
        if kind == "dateTime":
            if b"T24" in lexical:
                return False
        elif ranges.get(prop, _XSD + "integer") != _XSD + kind:
            return False
    return True


def commit_staged(store: Store, staged: StagedFile, *, validate: bool) -> tuple[list[str], int, set[str]]:
    """Write the staged graphs that are new to ``store`` and that the screen passes, in bulk.

    Returns the names written, their number of triples, and the names *set aside*: the graphs
    the screen flags and those the store already holds (a replacement is one transaction
    each), for the caller to read again from the file as written and commit graph by graph.
    """
    from diplokg.graph.shapes.shaclsparql import screen_store

    staging = staged.staging
    aside: set[str] = {g for g in staged.graphs if store.has_graph(g)}
    if validate:
        ranges = {p.value: d.value for p, d in store.declared_integer_ranges().items()}
        aside |= set(screen_store(staging, exclude=(), ranges=ranges))
    for name in aside:
        staging.remove_graph(ox.NamedNode(name))
    names = [g for g in staged.graphs if g not in aside]
    if not names:
        return [], 0, aside
    named = staging.dump(format=ox.RdfFormat.N_QUADS)
    triples = len(staging)
    # the default-graph copies, de-duplicated by the staging store itself
    staging.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    copies = staging.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    staged.staging = ox.Store()  # let go of the parsed file
    store.add_new_graphs(names, named, copies)
    return names, triples, aside
