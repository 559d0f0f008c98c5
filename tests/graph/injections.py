"""The bypass corpus of issue 13 (row 1): queries that try to reach the network or change the
store, and a TCP listener on the loopback that counts the connections they make.

Each entry of :data:`INJECTIONS` must be refused (exit 2 / HTTP 403 or 400) and make no
connection; :data:`HARMLESS` are legitimate queries that name the listener's address without
asking Oxigraph to fetch anything (they run, and still make no connection); :data:`ALLOWED`
look suspicious to a text pattern but are plain reads that must run.

``{url}`` is the listener's SPARQL endpoint URL, ``{base}`` its root, ``{port}`` its port.
"""
from __future__ import annotations

import socket
import threading
import time

INJECTIONS: list[tuple[str, str]] = [
    # -- SERVICE, plainly and in every place a group pattern may stand
    ("service", "SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } }"),
    ("service-lower-case", "select * where { service <{url}> { ?s ?p ?o } }"),
    ("service-mixed-case", "SeLeCt * WhErE { SeRvIcE <{url}> { ?s ?p ?o } }"),
    ("service-silent", "SELECT * WHERE { SERVICE SILENT <{url}> { ?s ?p ?o } }"),
    ("service-var-values", "SELECT * WHERE { VALUES ?e { <{url}> } SERVICE ?e { ?s ?p ?o } }"),
    ("service-var-bind", "SELECT * WHERE { BIND(<{url}> AS ?e) SERVICE ?e { ?s ?p ?o } }"),
    ("service-silent-var", "SELECT * WHERE { BIND(IRI(\"{url}\") AS ?e) SERVICE SILENT ?e { ?s ?p ?o } }"),
    ("service-subquery", "SELECT * WHERE { { SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } } } }"),
    ("service-subquery-deep", "SELECT ?s WHERE { { SELECT ?s WHERE { { SELECT ?s WHERE { SERVICE <{url}> "
                              "{ ?s ?p ?o } } LIMIT 1 } } ORDER BY ?s } }"),
    ("service-optional", "SELECT * WHERE { ?a ?b ?c OPTIONAL { SERVICE <{url}> { ?s ?p ?o } } }"),
    ("service-union", "SELECT * WHERE { { ?a ?b ?c } UNION { SERVICE <{url}> { ?s ?p ?o } } }"),
    ("service-minus", "SELECT * WHERE { ?s ?p ?o MINUS { SERVICE <{url}> { ?s ?p ?o } } }"),
    ("service-exists", "SELECT * WHERE { ?a ?b ?c FILTER EXISTS { SERVICE <{url}> { ?s ?p ?o } } }"),
    ("service-not-exists", "SELECT * WHERE { ?a ?b ?c FILTER NOT EXISTS { SERVICE <{url}> { ?s ?p ?o } } }"),
    ("service-exists-projection", "SELECT (EXISTS { SERVICE <{url}> { ?s ?p ?o } } AS ?x) WHERE {}"),
    ("service-graph", "SELECT * WHERE { GRAPH ?g { SERVICE <{url}> { ?s ?p ?o } } }"),
    ("service-minus-in-optional", "SELECT * WHERE { ?a ?b ?c OPTIONAL { ?a ?b ?d MINUS { SERVICE <{url}> "
                                  "{ ?s ?p ?o } } } }"),
    ("service-ask", "ASK { SERVICE <{url}> { ?s ?p ?o } }"),
    ("service-construct", "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <{url}> { ?s ?p ?o } }"),
    ("service-construct-where", "CONSTRUCT WHERE { ?s ?p ?o SERVICE <{url}> { ?s ?p ?o } }"),
    ("service-describe", "DESCRIBE ?s WHERE { SERVICE <{url}> { ?s ?p ?o } }"),
    # -- IRIs written another way
    ("service-prefixed-iri", "PREFIX ep: <{base}/> SELECT * WHERE { SERVICE ep:sparql { ?s ?p ?o } }"),
    ("service-relative-iri-base", "BASE <{base}/> SELECT * WHERE { SERVICE <sparql> { ?s ?p ?o } }"),
    ("service-relative-iri", "SELECT * WHERE { SERVICE <sparql> { ?s ?p ?o } }"),
    ("service-iri-fragment", "SELECT * WHERE { SERVICE <{url}#frag> { ?s ?p ?o } }"),
    ("service-iri-escaped", "SELECT * WHERE { SERVICE <http://127.0.0.1:{port}/sp\\u0061rql> { ?s ?p ?o } }"),
    ("service-iri-u-escapes", "SELECT * WHERE { SERVICE <\\u0068ttp://127.0.0.1:{port}/sparql> { ?s ?p ?o } }"),
    # -- comments, escapes and layout that fooled the regular expression
    ("issue-13-hash-in-iri", "SELECT * WHERE { BIND(<http://x/\\u0061#> AS ?x) SERVICE <{url}> { ?s ?p ?o } }"),
    ("hash-iri-same-line", "SELECT * WHERE { ?s <http://x/#> ?o . SERVICE <{url}> { ?s ?p ?o } }"),
    ("comment-then-cr", "SELECT * WHERE { ?a ?b ?c # a comment\rSERVICE <{url}> { ?s ?p ?o } }"),
    ("comment-then-crlf", "SELECT * WHERE { ?a ?b ?c # a comment\r\nSERVICE <{url}> { ?s ?p ?o } }"),
    ("escaped-keyword-u", "SELECT * WHERE { \\u0053ERVICE <{url}> { ?s ?p ?o } }"),
    ("escaped-keyword-U", "SELECT * WHERE { \\U00000053ERVICE <{url}> { ?s ?p ?o } }"),
    ("escaped-backslash-closes-string",
     "SELECT * WHERE { BIND(\"a\\u005C\" AS ?x) SERVICE <{url}> { ?s ?p ?o } } #\""),
    ("escaped-quote-opens-string",
     "SELECT * WHERE { BIND(\\u0022a\" AS ?x) SERVICE <{url}> { ?s ?p ?o } }"),
    ("tabs-and-newlines", "SELECT *\nWHERE\t{\n\tSERVICE\n\t<{url}>\n\t{ ?s ?p ?o }\n}"),
    ("no-break-space", "SELECT * WHERE { SERVICE\u00a0<{url}> { ?s ?p ?o } }"),
    ("service-in-long-string-then-real",
     "SELECT * WHERE { BIND(\"\"\"SERVICE <x:y> {}\"\"\" AS ?x) SERVICE <{url}> { ?s ?p ?o } }"),
    # -- updates, and updates smuggled
    ("insert-data", "INSERT DATA { <http://e.org/a> <http://e.org/b> <http://e.org/c> }"),
    ("delete-where", "DELETE WHERE { ?s ?p ?o }"),
    ("modify-with-service", "INSERT { ?s ?p ?o } WHERE { SERVICE <{url}> { ?s ?p ?o } }"),
    ("with-delete-insert", "WITH <http://e.org/g> DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }"),
    ("load", "LOAD <{url}>"),
    ("load-silent-into", "LOAD SILENT <{url}> INTO GRAPH <http://e.org/g>"),
    ("load-lower-case", "load <{url}>"),
    ("load-escaped", "\\u004cOAD <{url}>"),
    ("load-after-comment-cr", "# just a comment\rLOAD <{url}>"),
    ("clear", "CLEAR ALL"),
    ("drop", "DROP GRAPH <http://e.org/g>"),
    ("create", "CREATE GRAPH <http://e.org/g>"),
    ("copy-move-add", "COPY DEFAULT TO <http://e.org/g> ; MOVE <http://e.org/g> TO DEFAULT ; "
                      "ADD DEFAULT TO <http://e.org/h>"),
    ("query-then-update", "SELECT * WHERE { ?s ?p ?o } ; DROP ALL"),
    ("query-then-load", "ASK {} LOAD <{url}>"),
    ("prefixed-update", "PREFIX ex: <http://e.org/> INSERT DATA { ex:a ex:b ex:c }"),
    ("escaped-insert", "\\u0049NSERT DATA { <http://e.org/a> <http://e.org/b> <http://e.org/c> }"),
]

#: queries that name the listener but ask Oxigraph to fetch nothing: they run, no connection
HARMLESS: list[tuple[str, str]] = [
    ("from-dataset", "SELECT * FROM <{url}> WHERE { ?s ?p ?o }"),
    ("from-named", "SELECT * FROM NAMED <{url}> WHERE { GRAPH ?g { ?s ?p ?o } }"),
    ("function-iri", "SELECT (<{url}>(1) AS ?x) WHERE {}"),
    ("describe-iri", "DESCRIBE <{url}>"),
]

#: plain reads that a pattern over the text might mistake for something else: they must run
ALLOWED: list[str] = [
    "SELECT * WHERE { ?s ?p 'SERVICE <http://example.org/> {}' }",
    "SELECT * WHERE { ?s ?p \"\"\"INSERT DATA { <a:b> <a:c> <a:d> }\"\"\" }",
    "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://example.org/> LOAD <http://example.org/>",
    "PREFIX service: <http://example.org/service#> SELECT * WHERE { ?s service:load ?o }",
    "SELECT ?service ?load WHERE { ?service ?p ?load }",
    "SELECT * WHERE { ?s <http://example.org/drop#insert> ?o }",
    "SELECT * WHERE { ?s ?p \"x\"@add }",
]


#: what a refusal says (a refusal for another reason, a busy store say, does not count)
REFUSALS = ("refused", "is an update", "malformed SPARQL", "cannot read this query")


def refused(message: str) -> bool:
    return any(r in message for r in REFUSALS)


def fill(template: str, port: int) -> str:
    """The template with the listener's address in it."""
    return (template.replace("{url}", f"http://127.0.0.1:{port}/sparql")
            .replace("{base}", f"http://127.0.0.1:{port}").replace("{port}", str(port)))


class Listener:
    """A TCP server on 127.0.0.1 that counts the connections made to it (and answers none)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self):
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            conn.close()

    def settle(self) -> int:
        """The connection count, once anything in flight has had time to arrive."""
        time.sleep(0.2)
        return self.connections

    def close(self):
        self._stop.set()
        self._thread.join(2)
        self.sock.close()
