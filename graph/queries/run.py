"""Run read-only SPARQL (saved or ad hoc) on a store and render the results.

Results are rendered as the W3C SPARQL 1.1 Query Results JSON, CSV and TSV formats, or as a
readable table; CONSTRUCT and DESCRIBE results as Turtle. Queries are read-only: updates,
``SERVICE`` and ``LOAD`` are refused before anything runs (no network from a query).
"""
from __future__ import annotations

import csv
import io
import json
import re
import time
from dataclasses import dataclass, field
from typing import Sequence

import pyoxigraph as ox

from diplokg.graph.model.errors import QueryError
from diplokg.graph.model.vocab import DISPLAY_PREFIXES as PREFIXES
from diplokg.graph.queries.netguard import run_offline
from diplokg.graph.queries.readonly import QueryRefused, normalise, read_only  # noqa: F401  (QueryRefused: callers catch it from here)
from diplokg.graph.queries.syntax import prologue, readable_syntax_error


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def check_read_only(sparql: str) -> str:
    """The text to run for ``sparql`` if it is read-only (see :mod:`diplokg.graph.queries.readonly`).

    Raises QueryRefused for an update, SERVICE or LOAD, QueryError for malformed SPARQL (one
    line with the line and column).
    """
    try:
        return read_only(sparql)
    except SyntaxError as exc:
        raise QueryError(readable_syntax_error(str(exc), _as_read(sparql))) from None


@dataclass
class Result:
    """A query's result: ``kind`` is ``select``, ``ask`` or ``graph`` (CONSTRUCT/DESCRIBE)."""

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)  # pyoxigraph terms or None
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)
    total: int | None = None  # rows in all, when ``rows`` is a page of them

    def dicts(self) -> list[dict[str, str]]:
        """Rows as ``{variable: value}`` with plain string values (unbound variables left out)."""
        names = self.variables
        return [{v: t.value for v, t in zip(names, row) if t is not None} for row in self.rows]


def run_query(store, sparql: str, *, timeout: float | None = None, check: bool = True,
              substitutions: dict | None = None, prefixes: dict[str, str] | None = None) -> Result:
    """Run a read-only query on the store's default graph and collect its results.

    ``check=False`` is for queries built by diplokg itself (saved queries with their parameters
    bound as RDF terms, the compiled shapes). On an embedded store the query is read and
    evaluated on a thread without network (:mod:`diplokg.graph.queries.netguard`).
    ``prefixes`` may be used without being declared (a declaration in the query wins; see
    :mod:`diplokg.graph.queries.syntax`). Raises QueryRefused for an update, SERVICE or LOAD,
    QueryError for malformed SPARQL (one line with the line and column), QueryTimeout past
    ``timeout`` seconds.
    """
    ox_store = store.oxigraph if hasattr(store, "oxigraph") else store
    embedded = isinstance(ox_store, ox.Store)
    kwargs = {}
    if substitutions:
        kwargs["substitutions"] = {ox.Variable(k): v for k, v in substitutions.items()}
    if prefixes and embedded:
        kwargs["prefixes"] = prefixes
    deadline = None if timeout is None else time.monotonic() + timeout
    try:
        text = read_only(sparql, timeout, prefixes=prefixes) if check else sparql
        if prefixes and not embedded:  # a remote server: declared first, so the query's own win
            text = f"{prologue(prefixes)} {text}"
        left = None if deadline is None else max(0.0, deadline - time.monotonic())
        # a remote store's transport is the network: its thread keeps it
        return run_offline(lambda: _collect(ox_store.query(text, **kwargs)), left,
                           offline=embedded)
    except TimeoutError:
        raise QueryTimeout(f"query stopped after {timeout:g} s (--timeout); narrow it down or raise the limit") from None
    except SyntaxError as exc:  # the line and column count in the text the parsers read
        raise QueryError(readable_syntax_error(str(exc), _as_read(sparql) if check else sparql)) from None
    except (OSError, RuntimeError) as exc:  # Oxigraph's evaluation errors (an unknown function...)
        raise QueryError(f"query failed: {_one_line(exc)}") from None
    finally:
        # an error's traceback keeps this frame (a notebook keeps the last error): it must not
        # keep the store, or closing the caller's Store would not free its lock
        ox_store = None  # noqa: F841


def _collect(r) -> Result:
    """pyoxigraph's result as a Result (on the thread that made it: pyoxigraph's results must be
    dropped there)."""
    if isinstance(r, ox.QuerySolutions):
        variables = [v.value for v in r.variables]
        vs = list(r.variables)
        return Result("select", variables, [tuple(sol[v] for v in vs) for sol in r])
    if isinstance(r, ox.QueryBoolean):
        return Result("ask", boolean=bool(r))
    return Result("graph", triples=list(r))


class QueryTimeout(QueryError):
    """The query ran longer than ``--timeout``."""


def _as_read(sparql: str) -> str:
    """``sparql`` as the read-only check hands it to the parsers (:func:`normalise`)."""
    try:
        return normalise(sparql)
    except QueryError:
        return sparql


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


# -- rendering --------------------------------------------------------------------------------

def render(result: Result, fmt: str = "table", *, max_width: int = 60) -> str:
    """The result as text: ``table``, ``csv``, ``tsv`` or ``json`` (graphs are always Turtle).

    ``max_width`` cuts table cells (0: never)."""
    if result.kind == "graph":
        return to_turtle(result.triples)
    if result.kind == "ask":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": result.boolean}) + "\n"
        return ("true" if result.boolean else "false") + "\n"
    if fmt == "table":
        return to_table(result, max_width=max_width)
    return {"csv": to_csv, "tsv": to_tsv, "json": to_json}[fmt](result)


def term_json(t) -> dict:
    """A term in SPARQL 1.1 Query Results JSON."""
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Literal):
        d = {"type": "literal", "value": t.value}
        if t.language:
            d["xml:lang"] = t.language
        elif t.datatype.value != _XSD_STRING:
            d["datatype"] = t.datatype.value
        return d
    if isinstance(t, ox.Triple):
        return {"type": "triple", "value": {"subject": term_json(t.subject),
                                            "predicate": term_json(t.predicate),
                                            "object": term_json(t.object)}}
    raise TypeError(t)


def to_json(result: Result) -> str:
    bindings = [{v: term_json(t) for v, t in zip(result.variables, row) if t is not None}
                for row in result.rows]
    return json.dumps({"head": {"vars": result.variables}, "results": {"bindings": bindings}},
                      ensure_ascii=False, indent=1) + "\n"


def to_csv(result: Result) -> str:
    """W3C SPARQL 1.1 CSV: lexical values, CRLF line ends, blank nodes as ``_:id``."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(result.variables)
    for row in result.rows:
        w.writerow(["" if t is None else (f"_:{t.value}" if isinstance(t, ox.BlankNode) else t.value)
                    for t in row])
    return buf.getvalue()


def to_tsv(result: Result) -> str:
    """W3C SPARQL 1.1 TSV: terms in Turtle/N-Triples syntax."""
    lines = ["\t".join("?" + v for v in result.variables)]
    for row in result.rows:
        lines.append("\t".join("" if t is None else _tsv_term(t) for t in row))
    return "\n".join(lines) + "\n"


_BARE = {
    "http://www.w3.org/2001/XMLSchema#integer": re.compile(r"^[+-]?\d+$"),
    "http://www.w3.org/2001/XMLSchema#decimal": re.compile(r"^[+-]?\d*\.\d+$"),
    "http://www.w3.org/2001/XMLSchema#double": re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+$"),
    "http://www.w3.org/2001/XMLSchema#boolean": re.compile(r"^(true|false)$"),
}


def _tsv_term(t) -> str:
    """A term in Turtle syntax, numbers and booleans abbreviated as Turtle allows."""
    if isinstance(t, ox.Literal) and not t.language:
        bare = _BARE.get(t.datatype.value)
        if bare is not None and bare.match(t.value):
            return t.value
    return str(t).replace("\t", "\\t")


def short(t, prefixes: dict[str, str] = PREFIXES) -> str:
    """A compact, readable rendering of a term for tables."""
    if t is None:
        return ""
    if isinstance(t, ox.NamedNode):
        best = max((ns for ns in prefixes.values() if t.value.startswith(ns)), key=len, default=None)
        if best:
            name = next(k for k, v in prefixes.items() if v == best)
            return f"{name}:{t.value[len(best):]}"
        return t.value
    if isinstance(t, ox.BlankNode):
        return f"_:{t.value}"
    if isinstance(t, ox.Literal):
        return t.value
    return str(t)


def to_table(result: Result, *, max_width: int = 60) -> str:
    """A plain-text table, one row per solution, with the row count below; cells longer than
    ``max_width`` characters are cut (0: never)."""
    header = result.variables
    cells = [[_clip(short(t), max_width) for t in row] for row in result.rows]
    widths = [len(h) for h in header]
    for row in cells:
        widths = [max(w, len(c)) for w, c in zip(widths, row)]
    out = [
        "  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    out += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    n = len(cells)
    out.append(f"({n} row{'s' if n != 1 else ''})")
    return "\n".join(out) + "\n"


def _clip(s: str, n: int) -> str:
    s = " ".join(s.split())
    return s if n <= 0 or len(s) <= n else s[: n - 1] + "…"


def to_turtle(triples: Sequence[ox.Triple]) -> str:
    """Triples as Turtle, with the usual prefixes."""
    data = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    return data.decode("utf-8") if data else ""


# -- saved queries ----------------------------------------------------------------------------

def parse_params(pairs: Sequence[str]) -> dict[str, str]:
    """``["state=Japan", ...]`` as a dict; a pair without ``=``, or a key given twice, is a QueryError."""
    values: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise QueryError(f"--param {pair!r}: expected KEY=VALUE")
        if key.strip() in values:
            raise QueryError(f"--param {key.strip()} given twice ({values[key.strip()]!r} and {value!r}): "
                             "a parameter takes one value")
        values[key.strip()] = value
    return values


def saved_query(name: str, directory=None):
    """The saved query called ``name`` (QueryError naming the known ones if there is none)."""
    from diplokg.graph.queries.saved import load_saved_queries

    queries = load_saved_queries(directory)
    if name not in queries:
        known = ", ".join(sorted(queries)) or "none"
        raise QueryError(f"unknown query {name!r} (saved queries: {known}; see `diplokg queries`)")
    return queries[name]


def run_saved(store, name: str, values: dict[str, str] | None = None, *, timeout: float | None = None,
              directory=None, limit: int | None = None, offset: int = 0) -> Result:
    """Run saved query ``name`` with its parameters bound as RDF terms.

    From the row views of an embedded store when they can answer it (the same rows, in the
    same order: :mod:`diplokg.graph.queries.fastpath`), else as SPARQL. ``limit`` and
    ``offset`` give a page of the rows; ``Result.total`` then says how many there are in all.

    A saved query is part of the installation, not user input: its text is not parsed again
    (rdflib's parser takes a second), and the values bound into it are serialised RDF terms.
    It still runs on a thread without network."""
    paged = limit is not None or offset > 0
    # unpaged, the total is the rows' count: no second pass over the selection to count them
    result = stream_saved(store, name, values, timeout=timeout, directory=directory, limit=limit,
                          offset=offset, count=paged)
    result.rows = list(result.rows)
    if not paged and result.kind == "select":
        result.total = len(result.rows)
    return result


def stream_saved(store, name: str, values: dict[str, str] | None = None, *, timeout: float | None = None,
                 directory=None, limit: int | None = None, offset: int = 0, count: bool = False) -> Result:
    """:func:`run_saved`, but ``Result.rows`` may be an iterator: rows read from the views as
    they are written out (``Result.total`` only with ``count``)."""
    q = saved_query(name, directory)
    sparql = q.bind(values or {})  # refuses unknown or missing parameters, whichever path runs
    from diplokg.graph.queries.fastpath import answer

    got = answer(store, q, values or {}, limit=limit, offset=offset, count=count)
    if got is not None:
        return Result("select", got.variables, got.rows, total=got.total if count else None)
    result = run_query(store, sparql, timeout=timeout, check=False)
    if result.kind == "select" and (limit is not None or offset):
        result.total = len(result.rows)
        end = None if limit is None else offset + limit
        result.rows = result.rows[offset:end]
    return result
