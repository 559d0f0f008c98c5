"""The diplokg SHACL shapes compiled to one SPARQL SELECT that Oxigraph runs: a fast screen.

The query returns every focus node for which pySHACL (as :mod:`diplokg.graph.shapes.validate` runs it, with
the ontology's class hierarchy mixed into the data) reports *any* result, Violation, Warning
or Info, and possibly more: a false positive costs one pySHACL run, a false negative would let
a bad article in. So every constraint compiles to a SPARQL boolean expression "this node fails
the shape" that is an over-approximation; under ``sh:not`` the polarity flips and the
expression must be an *under*-approximation ("surely fails"), so each constraint has both.

Only the SHACL Core features the shapes file uses are compiled; anything else (another target,
path or constraint kind, an ``sh:flags``, a datatype without a well-formedness rule...) raises
:class:`ShapeCompileError` rather than being skipped.

What Oxigraph's view of the data changes, and how the screen stays sound:

* the class hierarchy is compiled in (``sh:class`` and ``sh:targetClass`` become IRI lists),
  so a data graph that asserts ``rdfs:subClassOf`` itself is flagged as a whole (``everything``);
* Oxigraph stores integer subtypes as ``xsd:integer`` (:meth:`diplokg.graph.store.embedded.Store.restore` puts
  the declared range back on read); ``sh:datatype`` compares the datatype that restore would
  give, and :func:`screen_triples` flags data that restore would not give back unchanged;
* Oxigraph canonicalises valid typed literals ("01" → "1"), which can merge two values: when
  the store holds fewer triples than the input, :func:`screen_triples` flags everything.
"""
from __future__ import annotations

import datetime as dt
import functools
import itertools
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Mapping

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from diplokg.graph.model.errors import DiplokgError
from diplokg.graph.model.vocab import SH

__all__ = ["ShapeCompileError", "CompiledShapes", "Flags", "compile_shapes", "compiled_shapes",
           "integer_ranges", "screen_triples", "screen_store"]


class ShapeCompileError(DiplokgError):
    """The shapes use a SHACL feature the SPARQL compiler does not support (it never skips one)."""


_XSD = str(XSD)
_INTEGER = _XSD + "integer"
#: Oxigraph stores every one of these as xsd:integer (see diplokg.graph.store.embedded)
_INTEGER_DERIVED = frozenset(_XSD + t for t in (
    "nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger", "long", "int",
    "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte"))
_DATETIME = _XSD + "dateTime"
_STRINGS = f"(<{_XSD}string>, <{RDF.langString}>)"

_YEAR = "[1-9][0-9]{3}"  # Python's date years: rdflib calls 0000 and negative years ill-typed
_MONTH = "(0[1-9]|1[0-2])"
_DAY = "(0[1-9]|[12][0-9]|3[01])"
_TIME = "T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]([.][0-9]{1,6})?(Z|[+-](0[0-9]|1[0-3]):[0-5][0-9])?"


def _parses(parse: Callable[[str], object]) -> Callable[[str], bool]:
    """Whether ``parse`` (a ``fromisoformat``) accepts a lexical form."""
    def ok(lexical: str) -> bool:
        try:
            parse(lexical)
        except ValueError:
            return False
        return True
    return ok


_iso_date = _parses(dt.date.fromisoformat)
_iso_datetime = _parses(dt.datetime.fromisoformat)


def _lexical_rule(pattern: str, then: Callable[[str], bool] | None = None) -> Callable[[str], bool]:
    rx = re.compile(pattern)
    return (lambda lex: rx.fullmatch(lex) is not None and then(lex)) if then else (lambda lex: rx.fullmatch(lex) is not None)


#: per sh:datatype: is a lexical form (as Oxigraph holds it: valid literals in canonical form,
#: invalid ones as given) one rdflib parses to the Python type pySHACL expects? pySHACL fails
#: ill-typed literals. Strict on purpose: too strict only costs a pySHACL run.
_WELL_FORMED: dict[str, Callable[[str], bool]] = {
    _XSD + "string": lambda lex: True,
    _XSD + "boolean": lambda lex: lex in ("true", "false"),
    _INTEGER: _lexical_rule("-?[0-9]+"),
    _XSD + "nonNegativeInteger": _lexical_rule("[0-9]+"),
    _XSD + "date": _lexical_rule(f"{_YEAR}-{_MONTH}-{_DAY}", _iso_date),
    _DATETIME: _lexical_rule(f"{_YEAR}-{_MONTH}-{_DAY}{_TIME}", _iso_datetime),
    _XSD + "gYear": _lexical_rule(_YEAR),
    _XSD + "gYearMonth": _lexical_rule(f"{_YEAR}-{_MONTH}"),
}

#: SPARQL extension functions, in Python: Oxigraph plans a query with many REGEX calls slowly,
#: and pySHACL's sh:pattern is Python's re.search, which this then is exactly.
_FN = "urn:x-diplokg:shacl#"
_WELL_FORMED_FN = _FN + "wellFormed"
_SEARCH_FN = _FN + "search"


def _well_formed(value, datatype: ox.NamedNode) -> ox.Literal | None:
    if not isinstance(value, ox.Literal):
        return None  # an error: the caller tests isLiteral first
    return ox.Literal(_WELL_FORMED[datatype.value](value.value))


@functools.lru_cache(maxsize=64)
def _regex(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def _search(value, pattern: ox.Literal) -> ox.Literal | None:
    if not isinstance(value, (ox.Literal, ox.NamedNode)):
        return None  # an error: blank nodes never match (the caller tests isBlank first)
    return ox.Literal(_regex(pattern.value).search(value.value) is not None)


FUNCTIONS = {ox.NamedNode(_WELL_FORMED_FN): _well_formed, ox.NamedNode(_SEARCH_FN): _search,
             ox.NamedNode(_FN + "illTyped"): lambda o, p: _ill_typed_fn({})(o, p)}

#: shape predicates that carry no constraint (pySHACL reads them only for the report)
_METADATA = frozenset({SH.name, SH.message, SH.severity, SH.description, SH.order, SH.group,
                       SH.targetClass, SH.path})
_NODE_KINDS = {
    SH.IRI: "isIRI({v})", SH.BlankNode: "isBlank({v})", SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "!isLiteral({v})", SH.BlankNodeOrLiteral: "!isIRI({v})",
    SH.IRIOrLiteral: "!isBlank({v})",
}
_UNSUPPORTED_TARGETS = (SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)

#: the check name of the guard that flags a data graph asserting rdfs:subClassOf
SCHEMA_CHECK = "schema: the data graph asserts rdfs:subClassOf"
#: the check name of the guard that flags a graph holding a literal rdflib calls ill-typed
ILL_TYPED_CHECK = "ill-typed: rdflib reads a literal of this graph as ill-typed"
_ILL_TYPED_FN = _FN + "illTyped"


def _iri(term: Node) -> str:
    return f"<{term}>"


def _literal(term: Literal) -> str:
    """A plain (or xsd:string) literal as SPARQL; other literals are refused by the callers."""
    return '"' + str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


def _constant(term: Node, where: str) -> str | None:
    """A shape's constant as SPARQL, or None for one that no screened value can equal.

    rdflib (so pySHACL) tells ``"x"^^xsd:string`` from a plain ``"x"``, which RDF 1.1 and
    Oxigraph do not; data with an explicit xsd:string never reaches the screen (it goes to
    pySHACL), so such a constant matches no value the screen sees.
    """
    if isinstance(term, URIRef):
        return _iri(term)
    if isinstance(term, Literal) and term.language is None and term.datatype is None:
        return _literal(term)
    if isinstance(term, Literal) and term.language is None and term.datatype == XSD.string:
        return None
    raise ShapeCompileError(f"{where}: only IRIs and plain strings are supported, not {term!r}")


@dataclass(frozen=True)
class Check:
    """One targeted shape, compiled: a SPARQL group pattern binding ``?focus`` to each failing node."""

    shape: str
    classes: frozenset  # the IRIs of the target classes and of their subclasses
    pattern: str

    @property
    def select(self) -> str:
        return f"SELECT DISTINCT ?focus WHERE {{ {self.pattern} }}"


@dataclass(frozen=True)
class Flags:
    """What the screen flagged in one data graph: its focus nodes, or ``everything``."""

    focus: frozenset = frozenset()
    everything: bool = False

    def __bool__(self) -> bool:
        return self.everything or bool(self.focus)


@dataclass(frozen=True)
class CompiledShapes:
    """The shapes as SPARQL: one branch per targeted shape, all in one SELECT."""

    checks: tuple[Check, ...]
    _queries: dict = field(default_factory=dict, compare=False, repr=False)

    def query(self, *, named_graphs: bool = False, exclude: Iterable[str] = ()) -> str:
        """``SELECT ?focus ?check`` over the default graph, or ``?g ?focus ?check`` per named graph."""
        key = (named_graphs, tuple(sorted(exclude)))
        if key not in self._queries:
            branches = [f'{{ {c.pattern} BIND({_literal(Literal(c.shape))} AS ?check) }}' for c in self.checks]
            branches.append(f'{{ ?focus <{RDFS.subClassOf}> ?super . BIND({_literal(Literal(SCHEMA_CHECK))} AS ?check) }}')
            body = "\nUNION\n".join(branches)
            if named_graphs:  # the store's literals as pySHACL will read them (see screen_store)
                branches.append(f'{{ ?focus ?p ?o . FILTER(isLiteral(?o) && DATATYPE(?o) NOT IN {_STRINGS} && '
                                f'<{_ILL_TYPED_FN}>(?o, ?p)) BIND({_literal(Literal(ILL_TYPED_CHECK))} AS ?check) }}')
                body = "\nUNION\n".join(branches)
                skip = f"FILTER(?g NOT IN ({', '.join(_iri(g) for g in key[1])}))" if key[1] else ""
                q = f"SELECT DISTINCT ?g ?focus ?check WHERE {{ GRAPH ?g {{\n{body}\n}} {skip} }}"
            else:
                q = f"SELECT DISTINCT ?focus ?check WHERE {{\n{body}\n}}"
            self._queries[key] = q
        return self._queries[key]


class _Compiler:
    """Turns shapes into SPARQL boolean expressions; ``over`` picks the approximation side."""

    def __init__(self, shapes: Graph, hierarchy: Graph, integer_ranges: Mapping[str, str]):
        self.g = shapes
        self.ranges = dict(integer_ranges)
        self._fresh = itertools.count()
        self.subclasses: dict[str, set[str]] = {}
        for sub, sup in hierarchy.subject_objects(RDFS.subClassOf):
            self.subclasses.setdefault(str(sup), set()).add(str(sub))

    def var(self) -> str:
        return f"?v{next(self._fresh)}"

    def name(self, shape: Node) -> str:
        return str(shape) if isinstance(shape, URIRef) else f"_:{shape}"

    # -- classes -----------------------------------------------------------------------------

    def instances_of(self, cls: Node) -> str:
        """``?t IN (...)``-ready list of the class and its subclasses (the closure is given)."""
        if not isinstance(cls, URIRef):
            raise ShapeCompileError(f"sh:class {cls!r}: only IRIs are supported")
        return ", ".join(_iri(c) for c in sorted({str(cls)} | self.subclasses.get(str(cls), set())))

    # -- shapes ------------------------------------------------------------------------------

    def targeted(self) -> list[Check]:
        for t in _UNSUPPORTED_TARGETS:
            for s in self.g.subjects(t, None):
                raise ShapeCompileError(f"{self.name(s)}: {t} is not supported (only sh:targetClass)")
        for kind in (RDFS.Class, OWL.Class):
            for s in self.g.subjects(RDF.type, kind):
                if (s, RDF.type, SH.NodeShape) in self.g or (s, RDF.type, SH.PropertyShape) in self.g:
                    raise ShapeCompileError(f"{self.name(s)}: implicit class targets are not supported")
        checks = []
        for shape in sorted(set(self.g.subjects(SH.targetClass, None)), key=str):
            classes = sorted({c for cls in self.g.objects(shape, SH.targetClass)
                              for c in self.instances_of(cls).split(", ")})
            t = self.var()
            fails = self.fails(shape, "?focus", None, over=True)
            checks.append(Check(self.name(shape), frozenset(c[1:-1] for c in classes),
                                f"VALUES {t} {{ {' '.join(classes)} }} ?focus a {t} . FILTER({fails})"))
        return checks

    def fails(self, shape: Node, x: str, via: str | None, *, over: bool) -> str:
        """True when node ``x`` (reached through predicate ``via``) fails ``shape``."""
        self._check_predicates(shape)
        if (shape, SH.path, None) in self.g:
            return self._property_fails(shape, x, over=over)
        for p in _PROPERTY_ONLY:
            if (shape, p, None) in self.g:  # pySHACL refuses them on a node shape; never ignored
                raise ShapeCompileError(f"{self.name(shape)}: {p} on a node shape is not supported")
        parts = [self._value_fails(shape, x, via, over=over)]
        for c in self.g.objects(shape, SH.hasValue):
            const = _constant(c, "sh:hasValue")
            parts.append("true" if const is None else f"!sameTerm({x}, {const})")
        for ps in self.g.objects(shape, SH.property):
            parts.append(self.fails(ps, x, None, over=over))
        return _any(parts)

    def _check_predicates(self, shape: Node) -> None:
        known = _METADATA | {SH.property, SH.hasValue, SH.minCount, SH.maxCount, SH.uniqueLang, SH.lessThan,
                             *_VALUE_COMPONENTS}
        for p in self.g.predicates(shape, None):
            if str(p).startswith(str(SH)) and p not in known:
                raise ShapeCompileError(f"{self.name(shape)}: {p} is not supported by the SPARQL compiler")

    def _property_fails(self, ps: Node, x: str, *, over: bool) -> str:
        path = self.g.value(ps, SH.path)
        if not isinstance(path, URIRef):
            raise ShapeCompileError(f"{self.name(ps)}: only predicate paths are supported, not {path!r}")
        if len(set(self.g.objects(ps, SH.path))) > 1:
            raise ShapeCompileError(f"{self.name(ps)}: more than one sh:path")
        p = _iri(path)
        parts = []
        v = self.var()
        value_fail = self._value_fails(ps, v, str(path), over=over)
        if value_fail != "false":
            parts.append(f"EXISTS {{ {x} {p} {v} . FILTER({value_fail}) }}")
        for n in self.g.objects(ps, SH.minCount):
            parts.append(f"NOT EXISTS {{ {self._distinct_values(x, p, _count(n, 'sh:minCount'))} }}")
        for n in self.g.objects(ps, SH.maxCount):
            parts.append(f"EXISTS {{ {self._distinct_values(x, p, _count(n, 'sh:maxCount') + 1)} }}")
        for c in self.g.objects(ps, SH.hasValue):
            const = _constant(c, "sh:hasValue")
            parts.append("true" if const is None else f"NOT EXISTS {{ {x} {p} {const} }}")
        for flag in self.g.objects(ps, SH.uniqueLang):
            if not (isinstance(flag, Literal) and isinstance(flag.value, bool)):
                raise ShapeCompileError(f"{self.name(ps)}: sh:uniqueLang must be a boolean")
            if flag.value:
                a, b = self.var(), self.var()
                parts.append(f"EXISTS {{ {x} {p} {a} . {x} {p} {b} . FILTER(!sameTerm({a}, {b}) && "
                             f'LANG({a}) != "" && LCASE(LANG({a})) = LCASE(LANG({b}))) }}')
        for q in self.g.objects(ps, SH.lessThan):
            if not isinstance(q, URIRef):
                raise ShapeCompileError(f"{self.name(ps)}: sh:lessThan must be an IRI")
            a, b = self.var(), self.var()
            # over: anything but two integers in order fails; under: two integers out of order
            # (integers only: see sh:minInclusive)
            both = f"{_INTEGER_VALUE.format(v=a)} && {_INTEGER_VALUE.format(v=b)}"
            test = f"!({both} && {a} < {b})" if over else f"{both} && {a} >= {b}"
            parts.append(f"EXISTS {{ {x} {p} {a} . {x} {_iri(q)} {b} . FILTER({test}) }}")
        for nested in self.g.objects(ps, SH.property):
            raise ShapeCompileError(f"{self.name(ps)}: sh:property on a property shape is not supported ({nested})")
        return _any(parts)

    def _distinct_values(self, x: str, p: str, n: int) -> str:
        vs = [self.var() for _ in range(n)]
        triples = " ".join(f"{x} {p} {v} ." for v in vs)
        distinct = " && ".join(f"!sameTerm({a}, {b})" for a, b in itertools.combinations(vs, 2))
        return triples + (f" FILTER({distinct})" if distinct else "")

    def _value_fails(self, shape: Node, v: str, via: str | None, *, over: bool) -> str:
        """True when value node ``v`` fails one of the value-node constraints of ``shape``."""
        g = self.g
        parts = []
        for cls in g.objects(shape, SH["class"]):
            t = self.var()
            parts.append(f"NOT EXISTS {{ {v} a {t} . FILTER({t} IN ({self.instances_of(cls)})) }}")
        for dt in g.objects(shape, SH.datatype):
            parts.append(self._datatype_fails(dt, v, via, over=over))
        for kind in g.objects(shape, SH.nodeKind):
            if kind not in _NODE_KINDS:
                raise ShapeCompileError(f"{self.name(shape)}: unknown sh:nodeKind {kind}")
            parts.append("!" + _NODE_KINDS[kind].format(v=v))
        for pattern in g.objects(shape, SH.pattern):
            if (shape, SH.flags, None) in g:
                raise ShapeCompileError(f"{self.name(shape)}: sh:flags is not supported")
            rx = f"<{_SEARCH_FN}>({v}, {_literal(pattern)})"
            # pySHACL matches the lexical form; a typed non-string literal may be held in another
            # (canonical) form by Oxigraph, so it always fails (over) or never surely (under)
            parts.append(f"(isBlank({v}) || (isLiteral({v}) && DATATYPE({v}) NOT IN {_STRINGS}) || !{rx})" if over
                         else f"(isBlank({v}) || ((isIRI({v}) || DATATYPE({v}) IN {_STRINGS}) && !{rx}))")
        for m in g.objects(shape, SH.minInclusive):
            bound = _integer_bound(m, f"{self.name(shape)}: sh:minInclusive")
            # exact on integers only: Oxigraph compares xsd:float in single precision and decimals
            # in fixed point, Python (pySHACL) in double precision and arbitrary-precision Decimal
            ok = f"{_INTEGER_VALUE.format(v=v)} && {v} >= {bound}"
            parts.append(f"!({ok})" if over
                         else f"(!isLiteral({v}) || ({_INTEGER_VALUE.format(v=v)} && {v} < {bound}))")
        for n in g.objects(shape, SH.minLength):
            n = _count(n, "sh:minLength")
            short = f"STRLEN(STR({v})) < {n}"
            parts.append(f"(isBlank({v}) || (isLiteral({v}) && DATATYPE({v}) NOT IN {_STRINGS}) || {short})" if over
                         else f"(isBlank({v}) || ((isIRI({v}) || DATATYPE({v}) IN {_STRINGS}) && {short}))")
        for langs in g.objects(shape, SH.languageIn):
            tags = [str(t).lower() for t in Collection(g, langs)]
            if "*" in tags or not tags:
                raise ShapeCompileError(f"{self.name(shape)}: sh:languageIn with '*' or no tag is not supported")
            tag_list = ", ".join(_literal(Literal(t)) for t in tags)
            # pySHACL's rule: the whole tag, or its first subtag, is one of the list (any case)
            parts.append(f'!(isLiteral({v}) && LANG({v}) != "" && (LCASE(LANG({v})) IN ({tag_list}) || '
                         f'LCASE(STRBEFORE(CONCAT(LANG({v}), "-"), "-")) IN ({tag_list})))')
        for members in g.objects(shape, SH["in"]):
            items = [c for c in (_constant(m, "sh:in") for m in Collection(g, members)) if c is not None]
            parts.append("!(" + (" || ".join(f"sameTerm({v}, {i})" for i in items) or "false") + ")")
        for node in g.objects(shape, SH.node):
            parts.append(self.fails(node, v, via, over=over))
        for neg in g.objects(shape, SH["not"]):
            parts.append(f"!({self.fails(neg, v, via, over=not over)})")
        for lst in g.objects(shape, SH["and"]):
            parts.append(_any([self.fails(s, v, via, over=over) for s in Collection(g, lst)]))
        for lst in g.objects(shape, SH["or"]):
            members = [self.fails(s, v, via, over=over) for s in Collection(g, lst)]
            parts.append("(" + " && ".join(members) + ")" if members else "true")
        return _any(parts)

    def _datatype_fails(self, datatype: Node, v: str, via: str | None, *, over: bool) -> str:
        if str(datatype) not in _WELL_FORMED:
            raise ShapeCompileError(f"sh:datatype {datatype}: no well-formedness rule for this datatype")
        declared = self.ranges.get(via) if via else None
        # the datatype diplokg.graph.store.embedded.Store.restore gives back (integer subtypes are stored as xsd:integer)
        effective = (f"IF(DATATYPE({v}) = <{_INTEGER}>, <{declared}>, DATATYPE({v}))" if declared
                     else f"DATATYPE({v})")
        typed = f"isLiteral({v}) && {effective} = <{datatype}>"
        if not over:
            return f"!({typed})"
        return f"!({typed} && <{_WELL_FORMED_FN}>({v}, <{datatype}>))"


#: constraint components pySHACL accepts on property shapes only
_PROPERTY_ONLY = (SH.minCount, SH.maxCount, SH.uniqueLang, SH.lessThan)

#: a value Oxigraph and Python both read as the same integer (derived types are stored as xsd:integer)
_INTEGER_VALUE = ("isNumeric({v}) && DATATYPE({v}) IN (" + ", ".join(f"<{t}>" for t in sorted({_INTEGER} | _INTEGER_DERIVED))
                  + ")")


def _integer_bound(m: Node, what: str) -> int:
    """A numeric bound the screen compares exactly: an integer of an integer datatype."""
    if not (isinstance(m, Literal) and not m.ill_typed and isinstance(m.value, int) and not isinstance(m.value, bool)
            and str(m.datatype) in {_INTEGER} | _INTEGER_DERIVED):
        raise ShapeCompileError(f"{what} {m!r}: only integer bounds are compiled (a decimal, float or double "
                                "bound is compared differently by Oxigraph and pySHACL)")
    return m.value


_VALUE_COMPONENTS = (SH["class"], SH.datatype, SH.nodeKind, SH.pattern, SH.minInclusive, SH.minLength,
                     SH.languageIn, SH["in"], SH.node, SH["not"], SH["and"], SH["or"])


def _any(parts: list[str]) -> str:
    parts = [p for p in parts if p != "false"]
    if not parts:
        return "false"
    return parts[0] if len(parts) == 1 else "(" + " || ".join(parts) + ")"


def _count(n: Node, what: str) -> int:
    if not (isinstance(n, Literal) and isinstance(n.value, int) and not isinstance(n.value, bool) and n.value >= 0):
        raise ShapeCompileError(f"{what} {n!r}: must be a non-negative integer")
    return n.value


def compile_shapes(shapes: Graph, hierarchy: Graph, ranges: Mapping[str, str]) -> CompiledShapes:
    """Compile ``shapes``; ``hierarchy`` holds the (transitively closed) rdfs:subClassOf axioms
    and ``ranges`` maps properties to the integer subtype Oxigraph stores as xsd:integer."""
    return CompiledShapes(tuple(_Compiler(shapes, hierarchy, ranges).targeted()))


def integer_ranges() -> dict[str, str]:
    """``{property IRI: integer subtype}`` from the ontology's rdfs:range axioms."""
    from diplokg.graph.model.ontology import ontology_graph

    return {str(p): str(r) for p, r in ontology_graph().subject_objects(RDFS.range)
            if isinstance(p, URIRef) and str(r) in _INTEGER_DERIVED}


@functools.lru_cache(maxsize=8)
def _compiled(path: str, mtime_ns: int, ranges: frozenset) -> CompiledShapes:
    from diplokg.graph.shapes.shapesgraph import class_hierarchy, shapes_graph

    return compile_shapes(shapes_graph(Path(path)), class_hierarchy(), dict(ranges))


def compiled_shapes(path: Path | None = None, ranges: Mapping[str, str] | None = None) -> CompiledShapes:
    """The shapes file compiled, once per file version (and integer-range map)."""
    from diplokg.graph.model import paths

    p = Path(path) if path is not None else paths.shapes_file()
    rng = frozenset((ranges if ranges is not None else _default_ranges()).items())
    return _compiled(str(p), p.stat().st_mtime_ns, rng)


@functools.lru_cache(maxsize=1)
def _default_ranges() -> dict[str, str]:
    return integer_ranges()


# -- running the screen ----------------------------------------------------------------------

def _flags(rows, focus_var: str = "focus") -> Flags:
    focus = set()
    for row in rows:
        if row["check"].value == SCHEMA_CHECK:
            return Flags(everything=True)
        focus.add(row[focus_var])
    return Flags(frozenset(focus))


_RDF_TYPE = str(RDF.type)
_SUBCLASS_OF = str(RDFS.subClassOf)


def _screenable(triples: list[ox.Triple], ranges: Mapping[str, str]) -> set[str] | None:
    """The classes the data asserts, or None when Oxigraph's view of the data could differ from
    rdflib's in a way the compiled checks do not see: a literal restore would not give back
    unchanged (integer subtypes; an hour-24 xsd:dateTime, which Oxigraph rolls over to a valid
    next day but rdflib rejects), a literal rdflib calls ill-typed (it may rewrite its text:
    "TRUE"^^xsd:boolean reads "true", ill-typed, and pySHACL fails it), or an rdfs:subClassOf
    the compiled class lists do not know."""
    types = set()
    for t in triples:
        p = t.predicate.value
        o = t.object
        if p == _RDF_TYPE:
            if type(o) is ox.NamedNode:
                types.add(o.value)
        elif p == _SUBCLASS_OF:
            return None
        elif type(o) is ox.Literal:
            dt = o.datatype.value
            if dt == _INTEGER or dt in _INTEGER_DERIVED:
                if ranges.get(p, _INTEGER) != dt:
                    return None
            elif dt == _DATETIME and "T24" in o.value:
                return None
            if dt not in _UNTYPED and ill_typed_in_rdflib(o.value, dt):
                return None
    return types


_UNTYPED = frozenset({_XSD + "string", str(RDF.langString)})


@functools.lru_cache(maxsize=1 << 16)
def ill_typed_in_rdflib(lexical: str, datatype: str) -> bool:
    """Whether rdflib (and so pySHACL) reads ``"lexical"^^<datatype>`` as ill-typed."""
    log = logging.getLogger("rdflib.term")
    quiet, log.disabled = log.disabled, True  # rdflib logs a traceback for each one it cannot read
    try:
        return Literal(lexical, datatype=URIRef(datatype)).ill_typed is True
    finally:
        log.disabled = quiet


def _ill_typed_fn(ranges: Mapping[str, str]):
    """``urn:x-diplokg:shacl#illTyped(?o, ?p)`` for the store: the datatype is the one
    :meth:`diplokg.graph.store.embedded.Store.restore` gives back (an integer subtype by the
    property's range), as pySHACL then reads it."""
    def ill_typed(o, p) -> ox.Literal | None:
        if not isinstance(o, ox.Literal) or not isinstance(p, ox.NamedNode):
            return None
        dt = o.datatype.value
        if dt == _INTEGER:
            dt = ranges.get(p.value, dt)
        return ox.Literal(ill_typed_in_rdflib(o.value, dt))
    return ill_typed


def screen_triples(triples: Iterable[ox.Triple], compiled: CompiledShapes | None = None) -> Flags:
    """Run the compiled shapes on one data graph (an article, or a batch) in an in-memory store.

    One small query per shape whose target classes occur in the data: Oxigraph's planning time
    grows faster than linearly with the size of a query, and dominates on an article."""
    compiled = compiled or compiled_shapes()
    triples = list(triples)
    types = _screenable(triples, _default_ranges())
    if types is None:
        return Flags(everything=True)
    store = ox.Store()
    store.extend([ox.Quad(t.subject, t.predicate, t.object) for t in triples])
    if len(store) != len(set(triples)):  # Oxigraph merged two spellings of one value
        return Flags(everything=True)
    focus = set()
    for check in compiled.checks:
        if check.classes & types:
            focus.update(row["focus"] for row in store.query(check.select, custom_functions=FUNCTIONS))
    return Flags(frozenset(focus))


def screen_store(store: ox.Store, *, exclude: Iterable[str],
                 ranges: Mapping[str, str] | None = None) -> dict[str, Flags]:
    """Run the compiled shapes over every named graph of ``store`` but ``exclude``:
    ``{graph IRI: Flags}`` for the graphs with something flagged.

    One query per shape whose target classes occur in the store, and one per guard, rather
    than one UNION of them all: Oxigraph plans each branch better alone (1k articles, 81k
    quads: 1.29 s as one query, 0.69 s as 29 + 2). ``ranges``: the integer ranges the store
    declares (by default the ontology's)."""
    ranges = _default_ranges() if ranges is None else ranges
    compiled = compiled_shapes(ranges=ranges)
    skip = set(exclude)
    functions = {**FUNCTIONS, ox.NamedNode(_ILL_TYPED_FN): _ill_typed_fn(ranges)}
    present = {row["c"].value for row in store.query(
        "SELECT DISTINCT ?c WHERE { GRAPH ?g { ?s a ?c } FILTER(isIRI(?c)) }") if row["c"] is not None}
    out: dict[str, set] = {}
    everything: set[str] = set()

    def run(pattern: str, whole: bool) -> None:
        for row in store.query(f"SELECT DISTINCT ?g ?focus WHERE {{ GRAPH ?g {{ {pattern} }} }}",
                               custom_functions=functions):
            g = row["g"].value
            if g in skip:
                continue
            if whole:
                everything.add(g)
            out.setdefault(g, set()).add(row["focus"])

    for check in compiled.checks:
        if check.classes & present:
            run(check.pattern, False)
    run(f"?focus <{RDFS.subClassOf}> ?super .", True)  # SCHEMA_CHECK
    run(f"?focus ?p ?o . FILTER(isLiteral(?o) && DATATYPE(?o) NOT IN {_STRINGS} && "  # ILL_TYPED_CHECK
        f"<{_ILL_TYPED_FN}>(?o, ?p))", True)
    return {g: Flags(everything=True) if g in everything else Flags(frozenset(f)) for g, f in out.items()}
