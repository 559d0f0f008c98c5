"""Issue 13, row 1: read-only by construction, from the command line.

Every query of the bypass corpus (tests/graph/injections.py) is refused by ``diplokg sparql``
(exit 2, one line) and no connection reaches a TCP listener on the loopback; the engine itself
cannot connect either (the query thread has no network); plain reads and the saved queries run.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

import injections
from diplokg.graph.cli import cli
from diplokg.graph.model.errors import QueryError
from diplokg.graph.queries.run import run_query, run_saved
from diplokg.graph.queries.saved import load_saved_queries

ROOT = Path(__file__).resolve().parents[2]


def _guard_available() -> bool:
    try:
        from diplokg.graph.queries import netguard
    except ImportError:
        return False
    return netguard.available()
SEED_ABOX = ROOT / "tests" / "data" / "seed-abox.ttl"


@pytest.fixture(scope="module")
def listener():
    ln = injections.Listener()
    yield ln
    ln.close()


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory):
    d = tmp_path_factory.mktemp("readonly") / "store"
    r = subprocess.run([sys.executable, "-m", "diplokg", "ingest", "-q", "--store", str(d), str(SEED_ABOX)],
                       cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    return d


def _cli(store, *args):
    return CliRunner().invoke(cli, ["sparql", "--store", str(store), *args])


@pytest.mark.parametrize("name,template", injections.INJECTIONS, ids=[n for n, _ in injections.INJECTIONS])
def test_injection_is_refused_by_the_cli_and_connects_nowhere(seed_store, listener, name, template):
    """Issue 13 row 1 (SSRF through SERVICE): refused, exit 2, one line; no connection."""
    before = listener.connections
    r = _cli(seed_store, injections.fill(template, listener.port))
    assert r.exit_code == 2, (name, r.exit_code, r.output)
    assert len(r.stderr.strip().splitlines()) == 1 and r.stdout == "", r.output
    assert "Traceback" not in r.output and injections.refused(r.stderr), r.stderr
    assert listener.settle() == before, f"{name}: a connection reached the listener"


def test_the_corpus_is_at_least_as_large_as_the_issue_s():
    """Issue 13 row 1: the issue tried 42 injections; the corpus holds more, all refused above."""
    assert len(injections.INJECTIONS) >= 42


SUBPROCESS = ["service", "issue-13-hash-in-iri", "comment-then-cr", "escaped-backslash-closes-string",
              "service-var-bind", "service-exists-projection", "load-escaped", "query-then-load"]


@pytest.mark.parametrize("name", SUBPROCESS)
def test_injection_through_python_m_diplokg(seed_store, listener, name):
    """Issue 13 row 1, through ``python -m diplokg sparql`` in its own process."""
    before = listener.connections
    query = injections.fill(dict(injections.INJECTIONS)[name], listener.port)
    r = subprocess.run([sys.executable, "-m", "diplokg", "sparql", "--store", str(seed_store), query],
                       cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 2, (r.returncode, r.stderr)
    assert len(r.stderr.strip().splitlines()) == 1 and r.stdout == "" and injections.refused(r.stderr)
    assert listener.settle() == before


@pytest.mark.parametrize("name,template", injections.HARMLESS, ids=[n for n, _ in injections.HARMLESS])
def test_iris_that_only_name_the_listener_fetch_nothing(seed_store, listener, name, template):
    before = listener.connections
    r = _cli(seed_store, injections.fill(template, listener.port))
    assert r.exit_code in (0, 2), r.output
    assert "internal error" not in r.output
    assert listener.settle() == before


@pytest.mark.parametrize("query", injections.ALLOWED)
def test_plain_reads_that_mention_keywords_run(query):
    from diplokg.graph.queries.readonly import read_only

    assert read_only(query) == query
    run_query(ox.Store(), query)


def test_saved_queries_pass_the_check_and_run(seed_store):
    """Saved queries are not parsed again at run time (they are part of the installation); the
    check would let every one of them through, and they run."""
    from diplokg.graph.queries.readonly import read_only
    from diplokg.graph.store.embedded import Store

    queries = load_saved_queries()
    for q in queries.values():
        read_only(q.text)
    s = Store(seed_store, create=False)
    try:
        assert run_saved(s, "officials").rows
        assert run_saved(s, "meetings", {"state": "Japan"}, timeout=30).variables
    finally:
        s.close()


@pytest.mark.skipif(not _guard_available(), reason="no seccomp on this machine")
def test_the_engine_cannot_connect_even_past_the_check(listener):
    """Issue 13 row 1, defence in depth: with the parsed check skipped, Oxigraph's SERVICE still
    cannot open a socket from the query thread, and the rest of the process keeps its network."""
    import socket

    before = listener.connections
    q = injections.fill("SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } }", listener.port)
    with pytest.raises(QueryError, match="query failed"):
        run_query(ox.Store(), q, check=False)
    assert listener.settle() == before
    with socket.create_connection(("127.0.0.1", listener.port), timeout=5):
        pass
    assert listener.settle() == before + 1


def test_codepoint_escapes_and_carriage_returns_are_read_once():
    from diplokg.graph.queries.readonly import normalise, read_only

    assert normalise("SELECT \\u0053 \\U0001F600 a\r\nb\rc") == "SELECT S \U0001F600 a\nb\nc"
    assert normalise("\\u005Cu0041") == "\\u0041"  # expanded once: what is left is refused later
    with pytest.raises(QueryError):
        read_only("SELECT * WHERE { ?s ?p \"\\u005Cu0041\" }")
    with pytest.raises(QueryError):
        normalise("\\UFFFFFFFF")


def test_messages_name_what_was_refused():
    from diplokg.graph.queries.readonly import QueryRefused, read_only

    with pytest.raises(QueryRefused, match="^SERVICE is refused"):
        read_only("SELECT * WHERE { SERVICE <http://e.org/> { ?s ?p ?o } }")
    with pytest.raises(QueryRefused, match="^LOAD is refused"):
        read_only("LOAD <http://e.org/x>")
    with pytest.raises(QueryRefused, match="^INSERT DATA is an update"):
        read_only("INSERT DATA { <http://e.org/a> <http://e.org/b> <http://e.org/c> }")
    with pytest.raises(QueryError, match="malformed SPARQL"):
        run_query(ox.Store(), "SELECT ?s WHERE { ?s ")
