"""``diplokg serve``: a read-only SPARQL 1.1 Protocol endpoint, the saved queries as an API,
and a web page, over a snapshot of the embedded store (see :mod:`diplokg.graph.http.snapshot`).

Routes::

    GET  /                      the workbench: a SPARQL editor (YASQE), the saved queries, results (YASR)
    GET  /pictures              a timeline and a graph of a state, a pair of states or an article
    GET  /static/PATH           the page's files and the vendored libraries (graph/http/web/)
    GET  /favicon.ico
    GET  /sparql                service description (no ``query``), or a query (``?query=``)
    POST /sparql                form-encoded ``query=`` or an ``application/sparql-query`` body
    GET  /queries[.json|.html]  the saved queries
    GET  /queries/NAME[.json|.csv|.tsv|.xml|.rq]?state=Japan
                                a saved query, its parameters bound as ``diplokg query`` binds them
    GET  /resource?iri=IRI      what the graph says about IRI, and the sentences it came from
    GET  /status                the snapshot served and the limits: JSON, or a page for a browser

Python's standard library only (``http.server``): no framework to install.
"""
from __future__ import annotations

import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from diplokg.graph.model.errors import QueryError
from diplokg.graph.queries.run import to_turtle
from diplokg.graph.queries.saved import SavedQuery, load_saved_queries
from diplokg.graph.http.assets import inline_style_sources
from diplokg.graph.http.requests import HttpError, described_iri, public_base_url, read_body  # noqa: F401
from diplokg.graph.http.snapshot import Busy, OutOfMemory, QueryPool, Snapshots, Timeout

DEFAULT_PORT = 7879
DEFAULT_QUERY_MEMORY = 2048  # MB per query worker
_EXT_FORMATS = {"json": "json", "csv": "csv", "tsv": "tsv", "xml": "xml"}
# the pages served from graph/http/web/ by their own paths
_PAGES = {"/": "index.html", "/index.html": "index.html", "/pictures": "pictures.html",
          "/pictures.html": "pictures.html", "/favicon.ico": "favicon.ico"}
_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' " + inline_style_sources() + "; "
        "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")


class Settings:
    """What ``diplokg serve`` was told."""

    def __init__(self, *, timeout: float = 10.0, max_rows: int = 10000, max_request_bytes: int = 1 << 20,
                 cors: str | None = None, quiet: bool = False, max_query_memory: int | None = DEFAULT_QUERY_MEMORY,
                 base_url: str | None = None):
        self.timeout = timeout
        self.max_rows = max_rows
        self.max_request_bytes = max_request_bytes
        self.cors = cors
        self.quiet = quiet
        self.max_query_memory = max_query_memory  # MB of data memory per query worker (None: no cap)
        self.base_url = base_url  # the server's public URL, for the service description


class App:
    """The server's state: settings, snapshots, worker pool, saved queries."""

    def __init__(self, snapshots: Snapshots, pool: QueryPool, settings: Settings,
                 queries: dict[str, SavedQuery] | None = None):
        self.snapshots = snapshots
        self.pool = pool
        self.settings = settings
        self.queries = load_saved_queries() if queries is None else queries
        self.started = time.time()

    def run(self, sparql: str, *, accept: str | None = None, fmt: str | None = None,
            default_graph=(), named_graph=(), check: bool = True, saved: dict | None = None) -> dict:
        """Evaluate ``sparql`` in a worker: the worker's response dict (HttpError on refusal).

        The worker decides whether the query is read-only (403 when not), on the parsed query
        and within the timeout; ``check=False`` skips that for the queries diplokg builds.
        ``saved`` (``saved``, ``values``, ``limit``, ``offset``) names the saved query that
        ``sparql`` is, for the worker to answer from the row views when it can."""
        job = {"sparql": sparql, "accept": accept, "format": fmt, "max_rows": self.settings.max_rows,
               "default_graph": list(default_graph), "named_graph": list(named_graph), "check": check,
               **(saved or {})}
        try:
            resp = self.pool.run(job, timeout=self.settings.timeout,
                                 snapshot=lambda: self.snapshots.current.path)
        except (Busy, Timeout) as exc:
            raise HttpError(503, str(exc), {"Retry-After": "5"}) from None
        except OutOfMemory as exc:
            raise HttpError(503, str(exc)) from None
        if resp["status"] != 200:
            raise HttpError(resp["status"], resp["error"])
        return resp

    def select(self, sparql: str, *, check: bool = False) -> list[dict]:
        """Rows of a SELECT as ``{var: JSON term}`` (for the HTML pages, whose queries diplokg builds)."""
        resp = self.run(sparql, fmt="json", check=check)
        return json.loads(resp["body"])["results"]["bindings"]


def _count(name: str, value: str) -> int:
    """A ``limit`` or ``offset`` value: a whole number (HttpError 400 otherwise)."""
    text = value.strip()
    if not text.isdigit() or len(text) > 12:
        raise HttpError(400, f"{name} must be a whole number of rows, got {value!r}")
    return int(text)


class Handler(BaseHTTPRequestHandler):
    server_version = "diplokg"
    sys_version = ""
    protocol_version = "HTTP/1.1"
    timeout = 30  # seconds a client may take to send its request
    app: App  # set on the subclass made by make_server

    # -- plumbing -----------------------------------------------------------------------------

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        if not self.app.settings.quiet:
            sys.stderr.write(f"{self.address_string()} - {format % args}\n")

    def _send(self, status: int, body: bytes, ctype: str, headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        if ctype.startswith("text/html"):
            self.send_header("Content-Security-Policy", _CSP)
            self.send_header("Referrer-Policy", "no-referrer")
        cors = self.app.settings.cors
        if cors:
            self.send_header("Access-Control-Allow-Origin", cors)
            self.send_header("Access-Control-Expose-Headers", "X-Diplokg-Truncated, X-Diplokg-Snapshot, X-Diplokg-Total")
            if cors != "*":
                self.send_header("Vary", "Origin")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, message: str, headers: dict | None = None) -> None:
        self._send(status, (message.rstrip() + "\n").encode("utf-8"), "text/plain; charset=utf-8", headers)

    def _result(self, resp: dict) -> None:
        headers = {"X-Diplokg-Snapshot": self.app.snapshots.current.iso, "Vary": "Accept"}
        if resp.get("total") is not None:
            headers["X-Diplokg-Total"] = str(resp["total"])
        if resp.get("truncated"):
            headers["X-Diplokg-Truncated"] = f"true; max-rows={self.app.settings.max_rows}"
        self._send(200, resp["body"], resp["type"], headers)

    def _body(self) -> bytes:
        """The request body, read by its Content-Length (HttpError 400/408/411/413 otherwise)."""
        self._body_read = True
        try:
            return read_body(self.rfile, self.connection, self.headers, self.app.settings.max_request_bytes)
        except HttpError:
            self.close_connection = True  # what is left of the body would be read as a request
            raise
        finally:
            self.connection.settimeout(self.timeout)

    def _dispatch(self, method: str) -> None:
        self._body_read = False
        try:
            if len(self.path) > self.app.settings.max_request_bytes:
                raise HttpError(414, "request URL is over the size limit")
            url = urlsplit(self.path)
            params = parse_qs(url.query, keep_blank_values=True)
            self.route(method, url.path, params)
        except HttpError as exc:
            self._error(exc.status, exc.message, exc.headers)
        except QueryError as exc:  # a value from the request that a query cannot take
            self._error(400, str(exc))
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Exception as exc:  # a bug: say so, keep serving
            self.close_connection = True
            self._error(500, f"internal error: {type(exc).__name__}: {exc}")
        if not self._body_read and (self.headers.get("Content-Length") not in (None, "0")
                                    or self.headers.get("Transfer-Encoding")):
            self.close_connection = True  # an unread body would be taken for the next request

    def do_GET(self):  # noqa: N802
        self._dispatch("GET")

    def do_HEAD(self):  # noqa: N802
        self._dispatch("GET")

    def do_POST(self):  # noqa: N802
        self._dispatch("POST")

    def do_OPTIONS(self):  # noqa: N802
        headers = {"Allow": "GET, POST, OPTIONS"}
        if self.app.settings.cors:
            headers.update({"Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                            "Access-Control-Allow-Headers": "Content-Type, Accept",
                            "Access-Control-Max-Age": "600"})
        self._send(204, b"", "text/plain", headers)

    def do_PUT(self):  # noqa: N802
        self._error(405, "this endpoint is read-only", {"Allow": "GET, POST, OPTIONS"})

    do_DELETE = do_PATCH = do_PUT  # noqa: N815

    # -- routes -------------------------------------------------------------------------------

    def route(self, method: str, path: str, params: dict) -> None:
        if path == "/sparql":
            return self.sparql(method, params)
        if method != "GET":
            raise HttpError(405, f"{path} takes GET", {"Allow": "GET"})
        page = _PAGES.get(path)
        if page is not None or path.startswith("/static/"):
            return self.web_file(page or path[len("/static/"):])
        if path in ("/queries", "/queries.json", "/queries.html"):
            return self.list_queries(path)
        if path.startswith("/queries/"):
            return self.saved(path[len("/queries/"):], params)
        if path == "/resource":
            return self.resource(params)
        if path == "/status":
            return self.status()
        raise HttpError(404, f"no such page: {path}")

    def _wants_html(self) -> bool:
        from diplokg.graph.http.sparqlhttp import parse_accept

        for mtype, _q in parse_accept(self.headers.get("Accept")):
            if mtype in ("text/html", "application/xhtml+xml"):
                return True
            if mtype in ("application/json", "application/sparql-results+json", "*/*", "text/turtle"):
                return False
        return False

    def sparql(self, method: str, params: dict) -> None:
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        query = None
        if method == "POST":
            body = self._body()
            if ctype == "application/sparql-update":
                raise HttpError(403, "updates are refused: this endpoint is read-only "
                                     "(the store changes only through `diplokg ingest`)")
            if ctype == "application/sparql-query":
                query = body.decode("utf-8", errors="replace")
            elif ctype == "application/x-www-form-urlencoded":
                form = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
                if "update" in form:
                    raise HttpError(403, "updates are refused: this endpoint is read-only "
                                         "(the store changes only through `diplokg ingest`)")
                for k, v in form.items():
                    params.setdefault(k, []).extend(v)
            else:
                raise HttpError(415, "POST a query as application/x-www-form-urlencoded (query=...) "
                                     "or as application/sparql-query")
        if "update" in params:
            raise HttpError(403, "updates are refused: this endpoint is read-only")
        if query is None:
            qs = params.get("query")
            if not qs:
                return self.service_description()
            if len(qs) > 1:
                raise HttpError(400, "give one query parameter, not several")
            query = qs[0]
        if not query.strip():
            raise HttpError(400, "empty query")
        fmt = (params.get("format") or params.get("output") or [None])[0]
        resp = self.app.run(query, accept=self.headers.get("Accept"), fmt=fmt,
                            default_graph=params.get("default-graph-uri", []),
                            named_graph=params.get("named-graph-uri", []))
        self._result(resp)

    def _base_url(self) -> str:
        """``--base-url``, or the address the server listens on (never the request's Host header)."""
        if self.app.settings.base_url:
            return self.app.settings.base_url
        host, port = self.server.server_address[:2]
        return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"

    def service_description(self) -> None:
        from diplokg.graph.http.sparqlhttp import GRAPH_TYPES, NotAcceptable, negotiate, service_description

        if self._wants_html():
            return self._send(303, b"", "text/plain", {"Location": "/"})
        snap = self.app.snapshots.current
        note = (f"diplokg, read-only: a snapshot of the store {self.app.snapshots.store_dir} "
                f"taken {snap.iso}, refreshed after each ingest. Updates, SERVICE and LOAD are refused; "
                f"queries stop after {self.app.settings.timeout:g} s and at {self.app.settings.max_rows} rows.")
        triples = service_description(self._base_url() + "/sparql", note=note)
        try:
            fmt = negotiate(self.headers.get("Accept"), None, "graph")
        except NotAcceptable as exc:
            raise HttpError(406, str(exc)) from None
        if fmt == "turtle":
            body = to_turtle(triples).encode("utf-8")
        else:
            rdf = {"ntriples": ox.RdfFormat.N_TRIPLES, "rdfxml": ox.RdfFormat.RDF_XML,
                   "jsonld": ox.RdfFormat.JSON_LD}[fmt]
            body = ox.serialize(triples, format=rdf)
        self._send(200, body, GRAPH_TYPES[fmt], {"Vary": "Accept"})

    def list_queries(self, path: str) -> None:
        from diplokg.graph.http.pages import queries_html, queries_json

        html = path.endswith(".html") or (path == "/queries" and self._wants_html())
        if html:
            return self._send(200, queries_html(self.app.queries).encode(), "text/html; charset=utf-8")
        self._send(200, json.dumps(queries_json(self.app.queries), indent=1).encode(),
                   "application/json", {"Vary": "Accept"})

    def saved(self, tail: str, params: dict) -> None:
        name, dot, ext = tail.partition(".")
        if dot and ext not in (*_EXT_FORMATS, "rq"):
            raise HttpError(404, f"unknown format .{ext} (use .json, .csv, .tsv, .xml or .rq)")
        q = self.app.queries.get(name)
        if q is None:
            raise HttpError(404, f"unknown query {name!r} (saved queries: {', '.join(sorted(self.app.queries))})")
        values = {}
        page = {"limit": None, "offset": 0}
        fmt = _EXT_FORMATS.get(ext)
        for key, vals in params.items():
            if key.startswith("_"):
                if key == "_format" and vals:
                    fmt = vals[0]
                continue
            if len(vals) != 1:
                raise HttpError(400, f"parameter {key!r} given {len(vals)} times")
            if key in page and key not in {p.name for p in q.params}:
                page[key] = _count(key, vals[0])
                continue
            values[key] = vals[0]
        try:
            sparql = q.bind(values)
        except QueryError as exc:
            raise HttpError(400, str(exc)) from None
        if ext == "rq":
            return self._send(200, sparql.encode("utf-8"), "application/sparql-query; charset=utf-8")
        self._result(self.app.run(sparql, accept=self.headers.get("Accept"), fmt=fmt, check=False,
                                  saved={"saved": name, "values": values, **page}))

    def resource(self, params: dict) -> None:
        from diplokg.graph.http.pages import resource_html

        iris = params.get("iri") or []
        if len(iris) != 1 or not iris[0].strip():
            raise HttpError(400, "give the IRI to describe: /resource?iri=...")
        node = described_iri(iris[0].strip())
        out = self.app.select(
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
            f"SELECT ?p ?o ?label WHERE {{ {node} ?p ?o OPTIONAL {{ ?o rdfs:label ?label }} }} "
            "ORDER BY ?p ?o LIMIT 1000")
        inc = self.app.select(
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
            f"SELECT ?s ?p ?label WHERE {{ ?s ?p {node} OPTIONAL {{ ?s rdfs:label ?label }} }} "
            "ORDER BY ?p ?s LIMIT 1000")
        evidence = []
        if "evidence" in self.app.queries:
            evidence = self.app.select(self.app.queries["evidence"].bind({"node": node.value}))
        self._send(200, resource_html(node.value, out, inc, evidence).encode(), "text/html; charset=utf-8")

    def web_file(self, name: str) -> None:
        from diplokg.graph.http.assets import asset

        f = asset(name)
        if f is None:
            raise HttpError(404, f"no such file: /static/{name}")
        self._send(200, f.body, f.content_type, {"Cache-Control": f.cache_control})

    def status(self) -> None:
        s, snaps = self.app.settings, self.app.snapshots
        body = {"store": str(snaps.store_dir), "snapshot": snaps.current.iso,
                "store_busy_since": None if snaps.busy_since is None else
                time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(snaps.busy_since)),
                "read_only": True, "timeout": s.timeout, "max_rows": s.max_rows,
                "max_request_bytes": s.max_request_bytes, "workers_replaced": self.app.pool.replaced,
                "queries": sorted(self.app.queries)}
        if self._wants_html():
            from diplokg.graph.http.pages import status_html

            return self._send(200, status_html(body).encode(), "text/html; charset=utf-8", {"Vary": "Accept"})
        self._send(200, json.dumps(body, indent=1).encode(), "application/json", {"Vary": "Accept"})


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64


def make_server(app: App, host: str = "127.0.0.1", port: int = DEFAULT_PORT) -> Server:
    handler = type("DiplokgHandler", (Handler,), {"app": app})
    return Server((host, port), handler)


class Running:
    """A server with its snapshots, workers and refresh thread; :meth:`close` stops them all."""

    def __init__(self, store_dir, *, host: str = "127.0.0.1", port: int = DEFAULT_PORT,
                 settings: Settings | None = None, workers: int = 2, refresh: float = 2.0,
                 snapshot_dir=None, queries=None):
        self.snapshots = Snapshots(Path(store_dir), snapshot_dir)
        self.pool = None
        try:
            settings = settings or Settings()
            self.pool = QueryPool(workers, memory_mb=settings.max_query_memory)
            self.app = App(self.snapshots, self.pool, settings, queries)
            self.httpd = make_server(self.app, host, port)
        except BaseException:
            if self.pool is not None:
                self.pool.close()
            self.snapshots.close()
            raise
        self._stop = threading.Event()
        self._serving = False
        self._refresher = None
        if refresh and refresh > 0:
            self._refresher = threading.Thread(target=self._refresh_loop, args=(refresh,),
                                               name="diplokg-refresh", daemon=True)
            self._refresher.start()

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def _refresh_loop(self, every: float) -> None:
        while not self._stop.wait(every):
            try:
                if self.snapshots.refresh() and not self.app.settings.quiet:
                    sys.stderr.write(f"diplokg serve: new snapshot of the store ({self.snapshots.current.iso})\n")
                self.snapshots.prune(self.pool.snapshots_in_use())
            except Exception as exc:  # keep serving the last snapshot
                sys.stderr.write(f"diplokg serve: refresh failed: {type(exc).__name__}: {exc}\n")

    def serve_forever(self) -> None:
        self._serving = True
        self.httpd.serve_forever(poll_interval=0.2)

    def start_thread(self) -> threading.Thread:
        self._serving = True
        t = threading.Thread(target=self.serve_forever, name="diplokg-http", daemon=True)
        t.start()
        return t

    def close(self) -> None:
        self._stop.set()
        if self._serving:
            self.httpd.shutdown()
        self.httpd.server_close()
        self.pool.close()
        self.snapshots.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
