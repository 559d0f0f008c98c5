"""Export the store: merged Turtle (stable, diff-friendly), TriG / N-Quads (one graph per
article), JSON-LD (merged) and OWL (RDF/XML for Protégé, :mod:`diplokg.graph.io.owlexport`).

Every export carries the ontology unless asked not to (``ontology=False``): merged into the
graph for Turtle, JSON-LD and OWL, as its own named graph ``dkgg:ontology`` for TriG and
N-Quads. Standard tools need it to reach the store's answers: the shapes' ``sh:class``
constraints follow the ontology's ``rdfs:subClassOf`` axioms, and the saved queries read the
labels of its concepts. ``diplokg ingest`` of an export skips the ontology (the store keeps
its own).

The Turtle export is deterministic: fixed prefixes, subjects, predicates and objects sorted,
blank nodes relabelled from the data in linear time (:mod:`diplokg.graph.io.bnodes`; never
RDFC-1.0, whose cost has no bound), so two exports of the same data are byte-identical and
exports of similar data diff line by line.
"""
from __future__ import annotations

import io
import os
import re
from pathlib import Path
from typing import IO, Iterable

import pyoxigraph as ox

from diplokg.graph.io.bnodes import relabel
from diplokg.graph.model.errors import InputError
from diplokg.graph.model.vocab import DISPLAY_PREFIXES as PREFIXES
from diplokg.graph.store.embedded import ONTOLOGY_GRAPH, RESERVED_GRAPHS, Store

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_SAFE_LOCAL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?$")
_ID = PREFIXES["dkgr"]
#: Fixed prefixes of the exports: the usual ones plus one per kind of diplokg IRI.
EXPORT_PREFIXES: dict[str, str] = {
    **PREFIXES,
    **{kind: f"{_ID}{kind}/" for kind in (
        "agreement", "anniversary", "article", "call", "credentials", "dialogue", "establishment",
        "meeting", "mission", "person", "place", "post", "relation", "signing", "source", "state",
        "statement", "visit")},
    "organisation": f"{_ID}org/",
}
_BY_LENGTH = sorted(EXPORT_PREFIXES.items(), key=lambda kv: -len(kv[1]))


def merged_triples(store: Store, *, ontology: bool = False) -> list[ox.Triple]:
    """The merged graph of all articles: the default graph less what only the ontology asserts
    (with ``ontology=True``, the whole default graph: the articles and the ontology)."""
    ox_store = store.oxigraph
    if ontology:
        return [store.restore(q.triple) for q in ox_store.quads_for_pattern(None, None, None, ox.DefaultGraph())]
    onto = ox.NamedNode(ONTOLOGY_GRAPH)
    reserved = {ox.NamedNode(g) for g in RESERVED_GRAPHS}
    # the few ontology triples no article also asserts (asking per ontology triple is much
    # cheaper than asking per default-graph triple whether some article graph holds it)
    ontology_only = set()
    for q in ox_store.quads_for_pattern(None, None, None, onto):
        t = q.triple
        if not any(g.graph_name not in reserved
                   for g in ox_store.quads_for_pattern(t.subject, t.predicate, t.object, None)
                   if not isinstance(g.graph_name, ox.DefaultGraph)):
            ontology_only.add(t)
    return [store.restore(q.triple) for q in ox_store.quads_for_pattern(None, None, None, ox.DefaultGraph())
            if q.triple not in ontology_only]


def article_quads(store: Store, *, ontology: bool = False) -> list[ox.Quad]:
    """Every article graph's quads (the bookkeeping graph left out, and the ontology graph
    unless ``ontology``)."""
    reserved = {ox.NamedNode(g) for g in RESERVED_GRAPHS if not (ontology and g == ONTOLOGY_GRAPH)}
    quads = []
    # one scan of the whole store (a scan per graph costs a Python round trip per graph)
    for q in store.oxigraph.quads_for_pattern(None, None, None, None):
        g = q.graph_name
        if isinstance(g, ox.DefaultGraph) or g in reserved:
            continue
        t = store.restore(q.triple)
        quads.append(ox.Quad(t.subject, t.predicate, t.object, g))
    return quads


def _canonical(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """The quads in a stable order, blank nodes (if any) relabelled stably in linear time."""
    return sorted(dict.fromkeys(relabel(quads)), key=_quad_key)


def _term_key(t) -> tuple:
    if isinstance(t, ox.NamedNode):
        return (0, t.value, "", "")
    if isinstance(t, ox.BlankNode):
        return (1, t.value, "", "")
    if isinstance(t, ox.Literal):
        return (2, t.value, t.datatype.value, t.language or "")
    if isinstance(t, ox.DefaultGraph):
        return (-1, "", "", "")
    return (3, str(t), "", "")


def _quad_key(q: ox.Quad) -> tuple:
    return (_term_key(q.graph_name), _term_key(q.subject),
            (0 if q.predicate.value == _RDF_TYPE else 1, q.predicate.value), _term_key(q.object))


# -- Turtle -----------------------------------------------------------------------------------

def _iri(value: str) -> str:
    for name, ns in _BY_LENGTH:
        if value.startswith(ns):
            local = value[len(ns):]
            if local == "" or _SAFE_LOCAL.match(local):
                return f"{name}:{local}"
    return f"<{value}>"


def _string(s: str) -> str:
    s = s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return '"' + s.replace("\t", "\\t") + '"'


def _term(t) -> str:
    if isinstance(t, ox.NamedNode):
        return _iri(t.value)
    if isinstance(t, ox.BlankNode):
        return f"_:{t.value}"
    if isinstance(t, ox.Literal):
        if t.language:
            return f"{_string(t.value)}@{t.language}"
        if t.datatype.value == _XSD_STRING:
            return _string(t.value)
        return f"{_string(t.value)}^^{_iri(t.datatype.value)}"
    return str(t)


def turtle(triples: Iterable[ox.Triple]) -> str:
    """Triples as sorted Turtle with the fixed prefixes of :data:`diplokg.graph.model.vocab.DISPLAY_PREFIXES`."""
    quads = _canonical(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    out = io.StringIO()
    for name, ns in EXPORT_PREFIXES.items():
        out.write(f"@prefix {name}: <{ns}> .\n")
    subject = predicate = None
    for q in quads:
        s, p, o = q.subject, q.predicate, q.object
        if s != subject:
            if subject is not None:
                out.write(" .\n")
            out.write(f"\n{_term(s)}\n    {'a' if p.value == _RDF_TYPE else _term(p)} {_term(o)}")
            subject, predicate = s, p
        elif p != predicate:
            out.write(f" ;\n    {'a' if p.value == _RDF_TYPE else _term(p)} {_term(o)}")
            predicate = p
        else:
            out.write(f" ,\n        {_term(o)}")
    if subject is not None:
        out.write(" .\n")
    return out.getvalue()


# -- the export job ---------------------------------------------------------------------------

def export_bytes(store: Store, fmt: str = "turtle", *, ontology: bool = True) -> bytes:
    """The store's content in ``fmt`` (``turtle``, ``trig``, ``nquads``, ``jsonld`` or ``owl``),
    with the ontology unless ``ontology=False`` (see the module docstring)."""
    if fmt == "turtle":
        return turtle(merged_triples(store, ontology=ontology)).encode("utf-8")
    if fmt == "jsonld":
        triples = [q.triple for q in _canonical(ox.Quad(t.subject, t.predicate, t.object)
                                                for t in merged_triples(store, ontology=ontology))]
        return ox.serialize(triples, format=ox.RdfFormat.JSON_LD) or b"[]"
    if fmt == "owl":
        from diplokg.graph.io.owlexport import owl_rdfxml

        triples = [q.triple for q in _canonical(ox.Quad(t.subject, t.predicate, t.object)
                                                for t in merged_triples(store, ontology=ontology))]
        return owl_rdfxml(triples)
    quads = _canonical(article_quads(store, ontology=ontology))
    if fmt == "nquads":
        return ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""
    if fmt == "trig":
        return ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=EXPORT_PREFIXES) or b""
    raise InputError(fmt, "unknown export format (choose turtle, trig, nquads, jsonld or owl)")


def write_output(data: bytes, output: str | os.PathLike | None, stdout: IO[bytes] | None = None) -> None:
    """Write ``data`` to ``output`` (atomically: a temporary file renamed), or to stdout for ``-``."""
    if output in (None, "-"):
        import sys

        (stdout or sys.stdout.buffer).write(data)
        return
    path = Path(output)
    if path.is_dir():
        raise InputError(str(path), "is a folder; give a file name with -o")
    if not path.parent.exists():
        raise InputError(str(path), f"folder {path.parent} does not exist")
    fd, tmp = _create_beside(path)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _create_beside(path: Path) -> tuple[int, str]:
    """A new temporary file beside ``path``, created with mode 0666 less the user's umask (as
    a shell redirection would; ``tempfile.mkstemp`` would make it 0600)."""
    import secrets

    for _ in range(100):
        tmp = path.parent / f".{path.name}.{secrets.token_hex(4)}"
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), str(tmp)
        except FileExistsError:
            continue
    raise InputError(str(path), "cannot create a temporary file beside it")


__all__ = ["export_bytes", "merged_triples", "article_quads", "turtle", "write_output", "RESERVED_GRAPHS"]
