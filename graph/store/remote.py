"""A store on a SPARQL 1.1 server: :class:`RemoteStore` speaks the SPARQL 1.1 Protocol (queries
and updates) and the Graph Store HTTP Protocol (one ``PUT`` per article graph).

It is a :class:`diplokg.graph.store.embedded.Store` whose pyoxigraph store is replaced by
:class:`RemoteDataset`, the few methods of ``pyoxigraph.Store`` that diplokg uses, done over
HTTP. So ``ingest``, ``query``, ``sparql``, ``export`` and ``validate`` run unchanged against
Oxigraph server, Apache Jena Fuseki, Virtuoso or GraphDB.

The layout is the embedded store's (``docs/model.md``): one named graph per article, and a
*default graph* that is the de-duplicated union of the named graphs, which the saved queries
read. Replacing an article is three requests:

1. an update removes from the default graph the triples that only this article asserts;
2. ``PUT`` replaces the article's named graph in one request (all of it or none of it);
3. an update copies the new named graph into the default graph.

A failure between them leaves the named graph whole and the default graph behind for that one
article; ingesting the article again repairs it (each step converges), and the error says so.

Credentials come from ``$DIPLOKG_ENDPOINT_AUTH`` (``user:password`` for HTTP Basic, or a
whole ``Authorization`` value such as ``Bearer TOKEN``), never from the command line.
"""
from __future__ import annotations

import base64
import http.client
import os
import threading
from typing import Iterable, Iterator
from urllib.parse import quote, urlencode, urlsplit

import pyoxigraph as ox

from diplokg.graph.model.errors import InputError, StoreError
from diplokg.graph.store.embedded import Store

AUTH_ENV = "DIPLOKG_ENDPOINT_AUTH"
TIMEOUT_ENV = "DIPLOKG_ENDPOINT_TIMEOUT"
_ACCEPT = ("application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8, "
           "application/sparql-results+xml;q=0.5")
_GRAPH_FORMATS = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES, "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE, "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML, "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
_RESULT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON, "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML, "application/xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}


def _check_url(option: str, url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(option, f"{url!r} is not an http(s) URL")
    if parts.username or parts.password:
        raise InputError(option, f"credentials in the URL are refused (they would show in the process list); "
                                 f"put them in ${AUTH_ENV}")
    return url


def auth_header(value: str | None = None) -> str | None:
    """The ``Authorization`` header from ``$DIPLOKG_ENDPOINT_AUTH`` (None when unset)."""
    value = os.environ.get(AUTH_ENV) if value is None else value
    if not value:
        return None
    if " " in value.strip():  # "Bearer TOKEN", "Basic abc=" ...
        return value.strip()
    return "Basic " + base64.b64encode(value.encode("utf-8")).decode("ascii")


class HttpClient:
    """Keep-alive HTTP/1.1 connections, one per host, safe to share between threads."""

    def __init__(self, *, auth: str | None = None, timeout: float | None = None):
        self.auth = auth
        if timeout is None:
            try:
                timeout = float(os.environ.get(TIMEOUT_ENV, "300"))
            except ValueError:
                timeout = 300.0
        self.timeout = timeout
        self._local = threading.local()

    def _conn(self, scheme: str, netloc: str) -> http.client.HTTPConnection:
        conns = getattr(self._local, "conns", None)
        if conns is None:
            conns = self._local.conns = {}
        key = (scheme, netloc)
        c = conns.get(key)
        if c is None:
            cls = http.client.HTTPSConnection if scheme == "https" else http.client.HTTPConnection
            c = conns[key] = cls(netloc, timeout=self.timeout)
        return c

    def request(self, method: str, url: str, body: bytes | None = None,
                headers: dict | None = None) -> tuple[int, str, bytes]:
        """``(status, content type, body)``; StoreError when the server cannot be reached."""
        parts = urlsplit(url)
        target = parts.path or "/"
        if parts.query:
            target += "?" + parts.query
        hdrs = {"User-Agent": "diplokg", **(headers or {})}
        if self.auth:
            hdrs["Authorization"] = self.auth
        for attempt in (1, 2):  # a kept-alive connection the server closed: retry once, fresh
            conn = self._conn(parts.scheme, parts.netloc)
            try:
                conn.request(method, target, body=body, headers=hdrs)
                resp = conn.getresponse()
                data = resp.read()
                if resp.getheader("Connection", "").lower() == "close":
                    conn.close()
                return resp.status, (resp.getheader("Content-Type") or ""), data
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as exc:
                conn.close()
                if attempt == 2:
                    raise StoreError(f"{url}: the server closed the connection ({exc})") from None
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                raise StoreError(f"{url}: cannot reach the SPARQL server: {exc}") from None
        raise AssertionError("unreachable")  # pragma: no cover

    def close(self) -> None:
        for c in getattr(self._local, "conns", {}).values():
            c.close()


def _media(ctype: str) -> str:
    return ctype.split(";")[0].strip().lower()


def _message(data: bytes) -> str:
    return " ".join(data.decode("utf-8", errors="replace").split())[:500]


class RemoteDataset:
    """The part of ``pyoxigraph.Store`` that :class:`diplokg.graph.store.embedded.Store` uses, over HTTP."""

    def __init__(self, query_url: str, update_url: str, graph_store_url: str, client: HttpClient):
        self.query_url = query_url
        self.update_url = update_url
        self.graph_store_url = graph_store_url
        self.client = client

    # -- SPARQL 1.1 Protocol ------------------------------------------------------------------

    def query(self, sparql: str, **kwargs):
        """Like ``pyoxigraph.Store.query``: QuerySolutions, QueryBoolean or a list of triples."""
        if kwargs.get("substitutions"):
            raise StoreError(f"{self.query_url}: substitutions are not supported on a remote store")
        body = urlencode({"query": sparql}).encode("utf-8")
        status, ctype, data = self.client.request(
            "POST", self.query_url, body,
            {"Content-Type": "application/x-www-form-urlencoded", "Accept": _ACCEPT})
        if status == 400:
            raise SyntaxError(f"the server refused the query: {_message(data)}")
        if status != 200:
            raise StoreError(f"{self.query_url}: HTTP {status}: {_message(data)}")
        media = _media(ctype)
        if media in _RESULT_FORMATS:
            return ox.parse_query_results(data, _RESULT_FORMATS[media])
        if media in _GRAPH_FORMATS:
            return [q.triple for q in ox.parse(data, _GRAPH_FORMATS[media])]
        raise StoreError(f"{self.query_url}: unexpected result type {ctype!r}")

    def update(self, sparql: str) -> None:
        body = urlencode({"update": sparql}).encode("utf-8")
        status, _ctype, data = self.client.request(
            "POST", self.update_url, body, {"Content-Type": "application/x-www-form-urlencoded"})
        if status == 400:
            raise SyntaxError(f"the server refused the update: {_message(data)}")
        if status not in (200, 204):
            raise StoreError(f"{self.update_url}: update failed: HTTP {status}: {_message(data)}")

    # -- Graph Store HTTP Protocol ------------------------------------------------------------

    def graph_url(self, name: str) -> str:
        sep = "&" if "?" in self.graph_store_url else "?"
        return f"{self.graph_store_url}{sep}graph={quote(name, safe='')}"

    def put_graph(self, name: str, ntriples: bytes) -> None:
        """Replace named graph ``name`` in one request (N-Triples, sent as Turtle: every server reads it)."""
        url = self.graph_url(name)
        status, _ctype, data = self.client.request(
            "PUT", url, ntriples, {"Content-Type": "text/turtle; charset=utf-8"})
        if status not in (200, 201, 204):
            raise StoreError(f"{url}: PUT failed: HTTP {status}: {_message(data)}")

    # -- the pattern API ----------------------------------------------------------------------

    def quads_for_pattern(self, s=None, p=None, o=None, g=None) -> Iterator[ox.Quad]:
        terms = [("s", s), ("p", p), ("o", o)]
        pattern = " ".join(str(t) if t is not None else f"?{v}" for v, t in terms) + " ."
        if g is None:
            where, gv = f"GRAPH ?g {{ {pattern} }}", True
        elif isinstance(g, ox.DefaultGraph):
            where, gv = pattern, False
        else:
            where, gv = f"GRAPH {g} {{ {pattern} }}", False
        variables = [f"?{v}" for v, t in terms if t is None] + (["?g"] if gv else [])
        if not variables:
            if bool(self.query(f"ASK {{ {where} }}")):
                yield ox.Quad(s, p, o, g)
            return
        for sol in self.query(f"SELECT {' '.join(variables)} WHERE {{ {where} }}"):
            yield ox.Quad(s if s is not None else sol["s"], p if p is not None else sol["p"],
                          o if o is not None else sol["o"], sol["g"] if gv else g)

    def named_graphs(self) -> Iterator[ox.NamedNode]:
        for sol in self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"):
            yield sol["g"]

    def contains_named_graph(self, g) -> bool:
        return bool(self.query(f"ASK {{ GRAPH {g} {{ ?s ?p ?o }} }}"))

    def flush(self) -> None:
        pass


class RemoteStore(Store):
    """A diplokg store kept on a SPARQL 1.1 server (see the module docstring)."""

    def __init__(self, endpoint: str, *, update_endpoint: str | None = None, graph_store: str | None = None,
                 auth: str | None = None, timeout: float | None = None):
        self.endpoint = _check_url("--endpoint", endpoint)
        update_endpoint = _check_url("--update-endpoint", update_endpoint or endpoint)
        graph_store = _check_url("--graph-store", graph_store or endpoint)
        self.path = None
        self._ranges = None
        self._views = None  # no row views: a SPARQL server answers the saved queries itself
        self._client = HttpClient(auth=auth_header() if auth is None else auth, timeout=timeout)
        self._store = RemoteDataset(endpoint, update_endpoint, graph_store, self._client)

    def __repr__(self) -> str:
        return f"RemoteStore({self.endpoint!r})"

    @property
    def dataset(self) -> RemoteDataset:
        return self._store  # type: ignore[return-value]

    def close(self) -> None:
        if self._store is not None:
            self._client.close()
        self._store = None

    def size_on_disk(self) -> int:
        return 0

    def replace_graph(self, name: str, triples: Iterable[ox.Triple | ox.Quad] | bytes) -> int:
        """Replace article graph ``name``: trim the default graph, PUT the graph, copy it in."""
        from diplokg.graph.store.embedded import STORE_GRAPH, ntriples, parse_ntriples

        if name == STORE_GRAPH:
            raise StoreError(f"{name}: reserved graph name")
        if isinstance(triples, bytes):  # N-Triples, as ingest hands them over
            triples = parse_ntriples(triples)
        ts = {t.triple if isinstance(t, ox.Quad) else t for t in triples}
        g = ox.NamedNode(name)
        ds = self.dataset
        ds.update(f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} "
                  f"FILTER NOT EXISTS {{ GRAPH ?h {{ ?s ?p ?o }} FILTER(?h != {g}) }} }}")
        try:
            if ts:
                ds.put_graph(name, ntriples(ts))
            else:
                ds.update(f"DROP SILENT GRAPH {g}")
            if ts:
                ds.update(f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }}")
        except StoreError as exc:
            raise StoreError(f"{exc} (the default graph may lack <{name}>'s triples until it is "
                             "ingested again)") from None
        return len(ts)

    def commit_graphs(self, graphs) -> list[int]:
        """One graph at a time: the SPARQL protocol has no transaction spanning requests."""
        return [self.replace_graph(name, triples) for name, triples in graphs]

    def add_new_graphs(self, names, named: bytes, copies: bytes) -> None:
        """Graph by graph (see :meth:`commit_graphs`); the copies are the server's to make."""
        graphs: dict[str, list[ox.Triple]] = {name: [] for name in names}
        for q in ox.parse(named, format=ox.RdfFormat.N_QUADS):
            graphs[q.graph_name.value].append(q.triple)
        for name, triples in graphs.items():
            self.replace_graph(name, triples)
