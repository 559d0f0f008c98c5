"""The same commands against a SPARQL 1.1 server: an Oxigraph server (the PyPI package
``oxigraph``) on a loopback port, fed the seed and dev articles through ``--endpoint``, answers
every saved query with the same rows as the embedded store."""
from __future__ import annotations

import base64
import csv
import io
import json
import shutil
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pytest

from diplokg.graph.model.errors import StoreError
from diplokg.graph.queries.run import run_query
from diplokg.graph.store.remote import RemoteStore
from diplokg.graph.queries.saved import load_saved_queries
from serving import OxigraphServer, corpus_dirs, ingest, start

pytestmark = pytest.mark.skipif(shutil.which("oxigraph") is None,
                                reason="the oxigraph server is not installed (pip install oxigraph)")


def diplokg(*args, check=True) -> SimpleNamespace:
    """``diplokg ARGS`` run in this process (the click command itself, as the console script
    runs it: no Python start-up per call); ingests still run in a child process (serving.ingest)."""
    from click.testing import CliRunner

    from diplokg.graph.cli import cli

    r = CliRunner().invoke(cli, [str(a) for a in args])
    p = SimpleNamespace(returncode=r.exit_code, stdout=r.stdout_bytes, stderr=r.stderr_bytes)
    if check:
        assert p.returncode == 0, p.stderr.decode()
    return p


@pytest.fixture(scope="module")
def corpus():
    dirs = corpus_dirs()
    if not dirs:
        pytest.skip("the shared corpus (seed/ and dev/) is not beside the checkout")
    return dirs


@pytest.fixture(scope="module")
def loaded(tmp_path_factory, corpus):
    """(oxigraph server, embedded store folder, timings), both fed the seed and dev articles."""
    tmp = tmp_path_factory.mktemp("remote")
    server = OxigraphServer(tmp / "oxigraph")
    try:
        t0 = time.perf_counter()
        r = ingest(None, *corpus, extra=server.options)
        remote_s = time.perf_counter() - t0
        assert r.returncode == 0, r.stderr
        t0 = time.perf_counter()
        r = ingest(tmp / "store", *corpus)
        local_s = time.perf_counter() - t0
        assert r.returncode == 0, r.stderr
        timings = {"server": remote_s, "embedded": local_s}
        print(f"\ningest of {', '.join(d.name for d in corpus)}: oxigraph server {remote_s:.2f} s, "
              f"embedded store {local_s:.2f} s")
        yield server, tmp / "store", timings
    finally:
        server.close()


def rows(output: bytes) -> list[tuple]:
    return sorted(tuple(r) for r in csv.reader(io.StringIO(output.decode("utf-8"))))


def cases():
    out = []
    for q in load_saved_queries().values():
        required = {p.name: p.example for p in q.params if p.required}
        out.append((q.name, required))
        for p in q.params:
            if p.example and not p.required:
                out.append((q.name, {**required, p.name: p.example}))
    return out


@pytest.mark.parametrize("name,params", cases(), ids=lambda v: v if isinstance(v, str) else
                         ",".join(f"{k}={x}" for k, x in v.items()) or "all")
def test_every_saved_query_same_rows(loaded, name, params):
    server, store, _ = loaded
    args = ["query", name, "--format", "csv"]
    for k, v in params.items():
        args += ["-p", f"{k}={v}"]
    embedded = rows(diplokg(*args, "--store", store).stdout)
    remote = rows(diplokg(*args, *server.options).stdout)
    assert remote == embedded
    assert len(embedded) > 1 or params  # the unparameterised queries have rows on this corpus


def test_export_and_validate_same(loaded):
    server, store, _ = loaded

    def quads(out):
        return sorted(line for line in out.decode().splitlines() if "ingestedAt" not in line)

    assert quads(diplokg("export", "--format", "nquads", *server.options).stdout) == \
        quads(diplokg("export", "--format", "nquads", "--store", store).stdout)
    v = diplokg("validate", *server.options)
    assert b"all conform" in v.stderr


def test_nquads_export_ingests_into_a_server(loaded, tmp_path):
    # an N-Quads export takes the staged bulk path; against a server it is written graph by graph
    _, store, _ = loaded
    export = tmp_path / "export.nq"
    diplokg("export", "--format", "nquads", "--store", store, "-o", export)
    server = OxigraphServer(tmp_path / "oxigraph")
    try:
        r = ingest(None, export, extra=server.options)
        assert r.returncode == 0, r.stderr
        again = diplokg("export", "--format", "nquads", *server.options).stdout
    finally:
        server.close()
    assert again == export.read_bytes()


def test_reingest_replaces_never_duplicates(loaded, corpus):
    server, _, _ = loaded
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    named = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    before = (diplokg("sparql", count, *server.options).stdout, diplokg("sparql", named, *server.options).stdout)
    r = ingest(None, *corpus, extra=server.options)
    assert r.returncode == 0, r.stderr
    after = (diplokg("sparql", count, *server.options).stdout, diplokg("sparql", named, *server.options).stdout)
    assert after == before


def test_remote_queries_are_read_only_too(loaded):
    server, _, _ = loaded
    p = diplokg("sparql", "INSERT DATA { <http://e.org/a> <http://e.org/b> <http://e.org/c> }", *server.options,
                check=False)
    assert p.returncode == 2 and b"read-only" in p.stderr


def test_credentials_never_on_the_command_line():
    p = diplokg("query", "meetings", "--endpoint", "http://user:secret@127.0.0.1:9/sparql", check=False)
    assert p.returncode == 2 and b"DIPLOKG_ENDPOINT_AUTH" in p.stderr and b"secret" not in p.stderr
    p = diplokg("query", "meetings", "--graph-store", "http://127.0.0.1:9/store", check=False)
    assert p.returncode == 2 and b"needs --endpoint" in p.stderr


def test_ingest_into_a_read_only_endpoint_fails_cleanly(seed_store, tmp_path):
    from serving import SEED_ABOX

    running = start(seed_store)
    try:
        r = ingest(None, SEED_ABOX, extra=["--endpoint", running.url + "/sparql"])
    finally:
        running.close()
    assert r.returncode == 2 and "HTTP 403" in r.stderr and "Traceback" not in r.stderr


# -- a fake server: headers sent, and a failing PUT -------------------------------------------

class Recorder(BaseHTTPRequestHandler):
    seen: list = []
    fail_put = False

    def log_message(self, *a):
        pass

    def _answer(self, status, body=b"", ctype="application/sparql-results+json"):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.seen.append(("POST", self.path, dict(self.headers), body))
        if b"update=" in body:
            return self._answer(204)
        self._answer(200, json.dumps({"head": {}, "boolean": True}).encode())

    def do_PUT(self):  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.seen.append(("PUT", self.path, dict(self.headers), body))
        self._answer(500 if self.fail_put else 201, b"disk full" if self.fail_put else b"", "text/plain")


@pytest.fixture
def fake():
    Recorder.seen = []
    Recorder.fail_put = False
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_credentials_from_the_environment(fake, monkeypatch):
    monkeypatch.setenv("DIPLOKG_ENDPOINT_AUTH", "alice:s3cret")
    with RemoteStore(fake + "/sparql") as s:
        assert run_query(s, "ASK { ?s ?p ?o }").boolean is True
    assert Recorder.seen[0][2]["Authorization"] == "Basic " + base64.b64encode(b"alice:s3cret").decode()
    monkeypatch.setenv("DIPLOKG_ENDPOINT_AUTH", "Bearer tok")
    with RemoteStore(fake + "/sparql") as s:
        run_query(s, "ASK { ?s ?p ?o }")
    assert Recorder.seen[-1][2]["Authorization"] == "Bearer tok"


def test_one_put_per_article(fake):
    import pyoxigraph as ox

    g = "https://w3id.org/diplokg/id/article/x"
    t = ox.Triple(ox.NamedNode("https://e.org/a"), ox.NamedNode("https://e.org/p"), ox.Literal("b"))
    with RemoteStore(fake + "/query", update_endpoint=fake + "/update", graph_store=fake + "/store") as s:
        assert s.replace_graph(g, [t, t]) == 1
    methods = [(m, p.split("?")[0]) for m, p, _, _ in Recorder.seen]
    assert methods == [("POST", "/update"), ("PUT", "/store"), ("POST", "/update")]
    put = Recorder.seen[1]
    assert "graph=https%3A%2F%2Fw3id.org%2Fdiplokg%2Fid%2Farticle%2Fx" in put[1]
    assert put[3].count(b"\n") == 1


def test_failed_put_is_reported(fake):
    import pyoxigraph as ox

    Recorder.fail_put = True
    t = ox.Triple(ox.NamedNode("https://e.org/a"), ox.NamedNode("https://e.org/p"), ox.Literal("b"))
    with RemoteStore(fake + "/q", update_endpoint=fake + "/u", graph_store=fake + "/s") as s:
        with pytest.raises(StoreError, match="HTTP 500.*ingested again"):
            s.replace_graph("https://w3id.org/diplokg/id/article/x", [t])
