"""SPARQL 1.1 Protocol pieces that do not depend on the HTTP server: media types and content
negotiation, the SPARQL Query Results XML writer, evaluation with a row cap, and the
service description.

Results are rendered by the same functions as the command line (:mod:`diplokg.graph.queries.run`), so
``GET /queries/meetings.json?state=Japan`` and ``diplokg query meetings -p state=Japan
--format json`` print the same bytes.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from diplokg.graph.model.errors import QueryError
from diplokg.graph.queries.run import Result, check_read_only, to_csv, to_json, to_tsv, to_turtle

# -- media types ------------------------------------------------------------------------------

#: Formats of SELECT / ASK results: name → media type.
RESULT_TYPES: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
}
#: Formats of CONSTRUCT / DESCRIBE results (and of the service description).
GRAPH_TYPES: dict[str, str] = {
    "turtle": "text/turtle; charset=utf-8",
    "ntriples": "application/n-triples",
    "rdfxml": "application/rdf+xml",
    "jsonld": "application/ld+json",
}
#: Media types a client may ask for, mapped to a format name (first listed = default).
_RESULT_ACCEPT = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
_GRAPH_ACCEPT = {
    "text/turtle": "turtle", "application/x-turtle": "turtle", "text/n3": "turtle",
    "application/n-triples": "ntriples", "text/plain": "ntriples",
    "application/rdf+xml": "rdfxml", "application/xml": "rdfxml", "text/xml": "rdfxml",
    "application/ld+json": "jsonld", "application/json": "jsonld",
}
#: Values of the ``format`` (or ``output``) request parameter, as SPARQLWrapper and many
#: endpoints use them: name → (results format, graph format).
_FORMAT_PARAM = {
    "json": ("json", "jsonld"), "srj": ("json", "jsonld"),
    "xml": ("xml", "rdfxml"), "srx": ("xml", "rdfxml"), "rdf": ("xml", "rdfxml"), "rdfxml": ("xml", "rdfxml"),
    "csv": ("csv", "turtle"), "tsv": ("tsv", "turtle"),
    "turtle": ("json", "turtle"), "ttl": ("json", "turtle"), "n3": ("json", "turtle"),
    "nt": ("json", "ntriples"), "ntriples": ("json", "ntriples"), "n-triples": ("json", "ntriples"),
    "jsonld": ("json", "jsonld"), "json-ld": ("json", "jsonld"),
}


class NotAcceptable(QueryError):
    """No format the client accepts fits the result (HTTP 406)."""


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """``Accept`` as ``[(media type, q)]``, best first (stable for equal q)."""
    if not header:
        return [("*/*", 1.0)]
    out = []
    for i, part in enumerate(header.split(",")):
        bits = [b.strip() for b in part.split(";")]
        mtype = bits[0].lower()
        if not mtype:
            continue
        q = 1.0
        for b in bits[1:]:
            k, _, v = b.partition("=")
            if k.strip().lower() == "q":
                try:
                    q = float(v)
                except ValueError:
                    q = 0.0
        out.append((mtype, q, i))
    out.sort(key=lambda t: (-t[1], t[2]))
    return [(m, q) for m, q, _ in out if q > 0]


def negotiate(accept: str | None, fmt: str | None, kind: str) -> str:
    """The format name for a result of ``kind`` (``select``/``ask`` or ``graph``).

    ``fmt`` (the ``format`` parameter or a file extension) wins over ``Accept``.
    Raises :class:`NotAcceptable` when nothing fits.
    """
    graph = kind == "graph"
    table = _GRAPH_ACCEPT if graph else _RESULT_ACCEPT
    default = "turtle" if graph else "json"
    if fmt:
        f = fmt.lower()
        if f in _FORMAT_PARAM:
            return _FORMAT_PARAM[f][1 if graph else 0]
        if f in (GRAPH_TYPES if graph else RESULT_TYPES):
            return f
    for mtype, _q in parse_accept(accept):
        if mtype in table:
            return table[mtype]
        if mtype in ("*/*", "application/*", "text/*"):
            if mtype == "text/*":
                return "turtle" if graph else "csv"
            return default
    offered = ", ".join(m.split(";")[0] for m in (GRAPH_TYPES if graph else RESULT_TYPES).values())
    raise NotAcceptable(f"none of the accepted media types fits this {'graph' if graph else kind} result "
                        f"(offered: {offered})")


def media_type(fmt: str, kind: str) -> str:
    return (GRAPH_TYPES if kind == "graph" else RESULT_TYPES)[fmt]


# -- evaluation -------------------------------------------------------------------------------

@dataclass
class Evaluated:
    """A query's result as collected by :func:`evaluate`: ``truncated`` when the row cap hit."""

    result: Result
    truncated: bool = False
    extra: dict = field(default_factory=dict)


def _graph_terms(values) -> list | None:
    if not values:
        return None
    return [ox.NamedNode(v) for v in values]


def evaluate(ox_store, sparql: str, *, max_rows: int | None = None, default_graph_uris=(),
             named_graph_uris=(), check: bool = True) -> Evaluated:
    """Run a read-only query on a pyoxigraph store and collect at most ``max_rows`` rows.

    ``check=False`` for the queries diplokg builds itself (saved queries, resource pages).
    Raises QueryRefused for an update, SERVICE or LOAD, QueryError for malformed SPARQL or an
    unknown graph IRI.
    """
    text = check_read_only(sparql) if check else sparql
    kwargs = {}
    try:
        dg = _graph_terms(default_graph_uris)
        ng = _graph_terms(named_graph_uris)
    except ValueError as exc:
        raise QueryError(f"not a valid graph IRI: {exc}") from None
    if dg is not None:
        kwargs["default_graph"] = dg
    if ng is not None:
        kwargs["named_graphs"] = ng
    try:
        return _collect(ox_store.query(text, **kwargs), max_rows)
    except SyntaxError as exc:
        raise QueryError(f"malformed SPARQL: {' '.join(str(exc).split())}") from None
    except (OSError, RuntimeError) as exc:  # Oxigraph's evaluation errors (an unknown function...)
        raise QueryError(f"query failed: {' '.join(str(exc).split())}") from None


def _collect(r, max_rows: int | None) -> Evaluated:
    """The result, at most ``max_rows`` rows or triples of it (iterating may raise OSError)."""
    if isinstance(r, ox.QueryBoolean):
        return Evaluated(Result("ask", boolean=bool(r)))
    cap = max_rows if max_rows and max_rows > 0 else None
    if isinstance(r, ox.QuerySolutions):
        variables = [v.value for v in r.variables]
        vs = list(r.variables)
        rows, truncated = [], False
        for sol in r:
            if cap is not None and len(rows) >= cap:
                truncated = True
                break
            rows.append(tuple(sol[v] for v in vs))
        return Evaluated(Result("select", variables, rows), truncated)
    triples, truncated = [], False
    for t in r:
        if cap is not None and len(triples) >= cap:
            truncated = True
            break
        triples.append(t)
    return Evaluated(Result("graph", triples=triples), truncated)


# -- rendering --------------------------------------------------------------------------------

def render_bytes(result: Result, fmt: str) -> bytes:
    """``result`` in a format named by :func:`negotiate`."""
    if result.kind == "graph":
        if fmt == "turtle":
            return to_turtle(result.triples).encode("utf-8")
        rdf = {"ntriples": ox.RdfFormat.N_TRIPLES, "rdfxml": ox.RdfFormat.RDF_XML,
               "jsonld": ox.RdfFormat.JSON_LD}[fmt]
        data = ox.serialize(result.triples, format=rdf)
        if not data:
            return b"[]" if fmt == "jsonld" else (to_rdfxml_empty() if fmt == "rdfxml" else b"")
        return data
    if fmt == "xml":
        return to_xml(result).encode("utf-8")
    if result.kind == "ask":
        if fmt == "json":
            return (json.dumps({"head": {}, "boolean": result.boolean}) + "\n").encode()
        return (("true" if result.boolean else "false") + "\n").encode()
    return {"json": to_json, "csv": to_csv, "tsv": to_tsv}[fmt](result).encode("utf-8")


def to_rdfxml_empty() -> bytes:
    return (b'<?xml version="1.0" encoding="UTF-8"?>\n'
            b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n')


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _xml_term(t) -> str:
    if isinstance(t, ox.NamedNode):
        return f"<uri>{escape(t.value)}</uri>"
    if isinstance(t, ox.BlankNode):
        return f"<bnode>{escape(t.value)}</bnode>"
    if isinstance(t, ox.Literal):
        if t.language:
            return f"<literal xml:lang={quoteattr(t.language)}>{escape(t.value)}</literal>"
        if t.datatype.value != _XSD_STRING:
            return f"<literal datatype={quoteattr(t.datatype.value)}>{escape(t.value)}</literal>"
        return f"<literal>{escape(t.value)}</literal>"
    if isinstance(t, ox.Triple):
        return (f"<triple><subject>{_xml_term(t.subject)}</subject><predicate>{_xml_term(t.predicate)}"
                f"</predicate><object>{_xml_term(t.object)}</object></triple>")
    raise TypeError(t)


def to_xml(result: Result) -> str:
    """W3C SPARQL Query Results XML Format."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n']
    if result.kind == "ask":
        out.append(f" <head/>\n <boolean>{'true' if result.boolean else 'false'}</boolean>\n</sparql>\n")
        return "".join(out)
    out.append(" <head>\n")
    out += [f"  <variable name={quoteattr(v)}/>\n" for v in result.variables]
    out.append(" </head>\n <results>\n")
    for row in result.rows:
        out.append("  <result>\n")
        for v, t in zip(result.variables, row):
            if t is not None:
                out.append(f"   <binding name={quoteattr(v)}>{_xml_term(t)}</binding>\n")
        out.append("  </result>\n")
    out.append(" </results>\n</sparql>\n")
    return "".join(out)


# -- service description ----------------------------------------------------------------------

_SD = "http://www.w3.org/ns/sparql-service-description#"
_FORMATS = "http://www.w3.org/ns/formats/"
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def service_description(endpoint_url: str, *, note: str, triples: int | None = None) -> list[ox.Triple]:
    """A SPARQL 1.1 Service Description of the endpoint (``sd:Service``)."""
    s = ox.NamedNode(endpoint_url)
    sd = lambda n: ox.NamedNode(_SD + n)  # noqa: E731
    out = [
        ox.Triple(s, _RDF_TYPE, sd("Service")),
        ox.Triple(s, sd("endpoint"), s),
        ox.Triple(s, sd("supportedLanguage"), sd("SPARQL11Query")),
        ox.Triple(s, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment"), ox.Literal(note)),
    ]
    for f in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
              "Turtle", "N-Triples", "RDF_XML", "JSON-LD"):
        out.append(ox.Triple(s, sd("resultFormat"), ox.NamedNode(_FORMATS + f)))
    ds, g = ox.BlankNode("dataset"), ox.BlankNode("defaultGraph")
    out += [ox.Triple(s, sd("defaultDataset"), ds), ox.Triple(ds, _RDF_TYPE, sd("Dataset")),
            ox.Triple(ds, sd("defaultGraph"), g), ox.Triple(g, _RDF_TYPE, sd("Graph"))]
    if triples is not None:
        out.append(ox.Triple(g, ox.NamedNode("http://rdfs.org/ns/void#triples"),
                             ox.Literal(str(triples), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))))
    return out
