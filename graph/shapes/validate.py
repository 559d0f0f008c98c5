"""SHACL validation of instance data with the diplokg shapes (``ontology/shapes/diplo-shapes.ttl``).

:func:`validate_graph` (an rdflib graph) and :func:`validate_triples` (pyoxigraph triples) first
run the shapes compiled to SPARQL (:mod:`diplokg.graph.shapes.shaclsparql`) in an in-memory Oxigraph store:
that screen flags every node pySHACL would report (and maybe a few more), in a fraction of
pySHACL's time. When it flags nothing the data conforms with no result at all; otherwise
pySHACL runs, SHACL Core only, no inference and no ontology graph (the loaders assert every
node's base class), and its report is the answer. The shapes are parsed and compiled once per
file version. Validate a batch of articles in one call by passing their union.

A report *conforms* when it has no result of severity ``sh:Violation``; warnings and infos are
reported but do not stop an article.

>>> from rdflib import Graph
>>> rep = validate_graph(Graph().parse(data='''
...     @prefix dkg: <https://w3id.org/diplokg/ontology#> .
...     <https://w3id.org/diplokg/id/relation/JP-PK> a dkg:BilateralRelation .'''))
>>> rep.conforms, rep.counts["Violation"]
(False, 2)
>>> print(rep.to_text().splitlines()[0])
Violation  dkgr:relation/JP-PK  dkg:evidence  A fact needs at least one dkg:evidence link to the dkg:TextSpan it was read from.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Iterable, Mapping

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from diplokg.graph.model.vocab import PREFIXES, SH
from diplokg.graph.shapes.shapesgraph import class_hierarchy, shapes_graph

__all__ = ["ValidationReport", "ValidationResult", "validate_graph", "validate_triples", "shapes_graph",
           "SEVERITIES"]

#: severities, most severe first (local names of sh:Violation, sh:Warning, sh:Info)
SEVERITIES = ("Violation", "Warning", "Info")

_SHAPES_PREFIX = "https://w3id.org/diplokg/shapes#"
_ALL_PREFIXES = {**PREFIXES, "dkgsh": _SHAPES_PREFIX, "sh": str(SH),
                 "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
                 "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
                 "xsd": "http://www.w3.org/2001/XMLSchema#"}
# longest namespace first, so dkgr: wins over nothing and dkgg: over dkg-like prefixes
_COMPACT = sorted(_ALL_PREFIXES.items(), key=lambda kv: -len(kv[1]))


def compact(term: Node | str | None) -> str:
    """A short, readable form of a term: ``dkg:party``, ``dkgr:state/PK``, ``"2022"^^xsd:gYear``."""
    if term is None:
        return "-"
    if isinstance(term, Literal):
        if term.datatype is not None:
            return f'"{term}"^^{compact(term.datatype)}'
        return f'"{term}"@{term.language}' if term.language else f'"{term}"'
    if isinstance(term, BNode):
        return f"_:{term}"
    s = str(term)
    for prefix, ns in _COMPACT:
        if s.startswith(ns) and len(s) > len(ns):
            return f"{prefix}:{s[len(ns):]}"
    return f"<{s}>"


@dataclass(frozen=True)
class ValidationResult:
    """One ``sh:ValidationResult``: which node broke which constraint, and why."""

    focus: Node
    path: Node | None
    value: Node | None
    severity: str  # "Violation", "Warning" or "Info"
    message: str
    source_shape: Node | None
    constraint: Node | None = None  # the sh:sourceConstraintComponent
    name: str = ""  # the sh:name of the source shape ("host state"), when it has one

    def to_dict(self) -> dict:
        return {
            "focus": str(self.focus),
            "path": None if self.path is None else str(self.path),
            "value": None if self.value is None else str(self.value),
            "severity": self.severity,
            "message": self.message,
            "source_shape": None if self.source_shape is None else str(self.source_shape),
            "constraint": None if self.constraint is None else str(self.constraint),
            "name": self.name,
        }


@dataclass
class ValidationReport:
    """The outcome of :func:`validate_graph`."""

    conforms: bool
    results: list[ValidationResult] = field(default_factory=list)
    graph: Graph | None = None  # the sh:ValidationReport as RDF

    @property
    def counts(self) -> dict[str, int]:
        """Number of results per severity (every severity present, zero or more)."""
        out = {s: 0 for s in SEVERITIES}
        for r in self.results:
            out[r.severity] = out.get(r.severity, 0) + 1
        return out

    @property
    def violations(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity == "Violation"]

    @property
    def warnings(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity == "Warning"]

    def to_text(self, labels: Mapping | None = None, article_of: Mapping | None = None) -> str:
        """One line per result: severity, focus (label if known), path, message, value, article.

        ``labels`` and ``article_of`` map focus nodes (rdflib terms or their strings) to a
        label and to the article (IRI or location) the node was read from.
        """
        labels = labels or {}
        article_of = article_of or {}

        def look(m: Mapping, key: Node):
            v = m.get(key)
            return m.get(str(key)) if v is None else v

        lines = []
        for r in _sorted(self.results):
            label = look(labels, r.focus)
            focus = f'"{label}" ({compact(r.focus)})' if label else compact(r.focus)
            parts = [f"{r.severity:<9}", focus, compact(r.path) if r.path is not None else "-", r.message]
            if r.value is not None:
                parts.append(f"value {compact(r.value)}")
            article = look(article_of, r.focus)
            if article:
                parts.append(f"article {compact(article) if isinstance(article, URIRef) else article}")
            lines.append("  ".join(parts))
        if not lines:
            return "conforms\n"
        return "\n".join(lines) + "\n"

    def to_json(self) -> str:
        """The report as JSON: ``{"conforms", "counts", "results": [...]}``."""
        return json.dumps({"conforms": self.conforms, "counts": self.counts,
                           "results": [r.to_dict() for r in _sorted(self.results)]},
                          indent=1, ensure_ascii=False) + "\n"

    def to_turtle(self) -> str:
        """The W3C ``sh:ValidationReport`` as Turtle."""
        g = self.graph if self.graph is not None else _empty_report(self.conforms)
        for prefix, ns in _ALL_PREFIXES.items():
            g.bind(prefix, ns, override=True)
        return g.serialize(format="turtle")


def _sorted(results: list[ValidationResult]) -> list[ValidationResult]:
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    return sorted(results, key=lambda r: (rank.get(r.severity, 9), str(r.focus), str(r.path), r.message))


def _empty_report(conforms: bool) -> Graph:
    g = Graph()
    r = BNode()
    g.add((r, RDF.type, SH.ValidationReport))
    g.add((r, SH.conforms, Literal(conforms)))
    return g


def _severity(term: Node | None) -> str:
    s = str(term or SH.Violation)
    return s[len(str(SH)):] if s.startswith(str(SH)) else s


def _parse_results(report: Graph, shapes: Graph) -> list[ValidationResult]:
    """The results of pySHACL's report, one per distinct problem.

    A node can be the target of two shapes (a dkg:State is also a dkg:Place once the class
    hierarchy is visible), so the same problem can come twice: the copy is dropped, from the
    list and from the report graph."""
    out = []
    seen = set()
    for res in list(report.objects(None, SH.result)):
        key = tuple(report.value(res, p) for p in (SH.focusNode, SH.resultPath, SH.value, SH.resultSeverity,
                                                    SH.resultMessage))
        if key in seen:
            for owner in list(report.subjects(SH.result, res)):
                report.remove((owner, SH.result, res))
            report.remove((res, None, None))
            continue
        seen.add(key)
        shape = report.value(res, SH.sourceShape)
        # blank-node shapes keep their ids in pySHACL's report, so they resolve in ``shapes``
        msgs = [str(m) for m in report.objects(res, SH.resultMessage)]
        if not msgs and shape is not None:  # pySHACL copies sh:message; fall back just in case
            msgs = [str(m) for m in shapes.objects(shape, SH.message)]
        out.append(ValidationResult(
            focus=report.value(res, SH.focusNode),
            path=report.value(res, SH.resultPath),
            value=report.value(res, SH.value),
            severity=_severity(report.value(res, SH.resultSeverity)),
            message=msgs[0] if msgs else "",
            source_shape=shape,
            constraint=report.value(res, SH.sourceConstraintComponent),
            name=str(shapes.value(shape, SH.name) or "") if shape is not None else "",
        ))
    return out


def validate_graph(data: Graph, *, shapes: Graph | None = None) -> ValidationReport:
    """Validate ``data`` (one article's graph, or the union of a batch) with the shapes.

    Returns a :class:`ValidationReport`; ``conforms`` is False only when some result has
    severity ``sh:Violation``. ``shapes`` other than the shapes file skip the compiled screen.
    """
    if shapes is None:
        triples = _to_oxigraph(data)
        if triples is not None and not _screen(triples):
            return _conforming()
    return _pyshacl(data, shapes)


def validate_triples(triples: Iterable[ox.Triple], rdf: Graph | None = None) -> ValidationReport:
    """Validate pyoxigraph ``triples`` (one article, or a batch): :func:`validate_graph` without
    the conversion to rdflib when the compiled screen finds nothing.

    ``rdf``, when given, is the same data as an rdflib graph, for pySHACL to word the report;
    otherwise the triples are converted.
    """
    from diplokg.graph.store.embedded import triples_to_rdflib

    triples = list(triples)
    if rdf is not None:  # pySHACL reads rdf: screen rdf, as validate_graph does
        screened = _to_oxigraph(rdf)
        if screened is not None and not _screen(screened):
            return _conforming()
        return _pyshacl(rdf, None)
    if not _screen(triples):
        return _conforming()
    return _pyshacl(triples_to_rdflib(triples), None)


def _conforming() -> ValidationReport:
    return ValidationReport(conforms=True, results=[], graph=None)


def _screen(triples: list[ox.Triple]):
    from diplokg.graph.shapes.shaclsparql import screen_triples

    return screen_triples(triples)


def _to_oxigraph(data: Graph) -> list[ox.Triple] | None:
    """``data`` as pyoxigraph triples, or None when a term has no faithful pyoxigraph twin
    (then pySHACL decides): an explicit ^^xsd:string, which rdflib (and so pySHACL's sh:in)
    tells apart from a plain string while RDF 1.1 and Oxigraph do not; an ill-typed literal,
    whose text rdflib may have rewritten into a valid one; an IRI Oxigraph rejects."""
    terms: dict = {}

    def term(t):
        o = terms.get(t)
        if o is None:
            if isinstance(t, URIRef):
                o = ox.NamedNode(str(t))
            elif isinstance(t, BNode):
                o = ox.BlankNode(str(t))
            elif t.datatype is not None:
                if t.datatype == _XSD_STRING:
                    raise ValueError("explicit xsd:string")
                if t.ill_typed:  # rdflib may have rewritten its text ("TRUE" reads "true")
                    raise ValueError("ill-typed literal")
                o = ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype)))
            elif t.language:
                o = ox.Literal(str(t), language=t.language)
            else:
                o = ox.Literal(str(t))
            terms[t] = o
        return o

    try:
        return [ox.Triple(term(s), term(p), term(o)) for s, p, o in data]
    except (ValueError, TypeError):
        return None


_XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")


def _pyshacl_only(data: Graph) -> ValidationReport:
    """pySHACL without the compiled screen: what :func:`validate_graph` was before it (tests, benchmarks)."""
    return _pyshacl(data, None)


def _pyshacl(data: Graph, shapes: Graph | None) -> ValidationReport:
    import pyshacl  # 0.4 s to import, and most runs never need it: the compiled screen passes

    sg = shapes if shapes is not None else shapes_graph()
    # the data plus the ontology's class hierarchy (sh:class dkg:Agent accepts a dkg:State),
    # in a graph of our own so pySHACL need not copy it again (inplace) and the caller's is untouched
    mixed = Graph()
    mixed += data
    mixed += class_hierarchy()
    conforms, report, _text = pyshacl.validate(
        mixed, shacl_graph=sg, ont_graph=None, inference="none", abort_on_first=False,
        allow_warnings=True, allow_infos=True, meta_shacl=False, advanced=False, debug=False, inplace=True,
    )
    results = _parse_results(report, sg)
    return ValidationReport(conforms=bool(conforms), results=results, graph=report)
