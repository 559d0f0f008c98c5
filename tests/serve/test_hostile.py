"""Issue 13 on the endpoint: the bypass corpus refused over GET and POST with no connection to a
loopback listener (row 1), malformed requests answered 4xx at once (row 10), a memory cap per
query (row 11), and a service description that does not reflect the Host header (row 14)."""
from __future__ import annotations

import json
import socket
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest

from serving import request, start

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "graph"))
import injections  # noqa: E402

JSON_ACCEPT = {"Accept": "application/sparql-results+json"}


@pytest.fixture(scope="module")
def listener():
    ln = injections.Listener()
    yield ln
    ln.close()


@pytest.fixture(scope="module")
def hostile(seed_store):
    running = start(seed_store, timeout=20.0)
    yield running
    running.close()


# -- row 1: the bypass corpus ---------------------------------------------------------------

@pytest.mark.parametrize("name,template", injections.INJECTIONS, ids=[n for n, _ in injections.INJECTIONS])
def test_injection_is_refused_over_http_and_connects_nowhere(hostile, listener, name, template):
    """Issue 13 row 1 (SSRF through SERVICE): 403 (or 400 for what is not SPARQL 1.1) on GET, on
    a form POST and on an application/sparql-query POST; no connection reaches the listener."""
    before = listener.connections
    query = injections.fill(template, listener.port)
    answers = [
        request(hostile.url + "/sparql", params={"query": query}, headers=JSON_ACCEPT),
        request(hostile.url + "/sparql", "POST", f"query={quote(query)}".encode(),
                {"Content-Type": "application/x-www-form-urlencoded", **JSON_ACCEPT}),
        request(hostile.url + "/sparql", "POST", query.encode(),
                {"Content-Type": "application/sparql-query", **JSON_ACCEPT}),
    ]
    for status, _, body in answers:
        assert status in (400, 403), (name, status, body)
        assert injections.refused(body.decode()), (name, body)
    assert listener.settle() == before, f"{name}: a connection reached the listener"


@pytest.mark.parametrize("name,template", injections.HARMLESS, ids=[n for n, _ in injections.HARMLESS])
def test_iris_that_only_name_the_listener_fetch_nothing_over_http(hostile, listener, name, template):
    before = listener.connections
    status, _, body = request(hostile.url + "/sparql", params={"query": injections.fill(template, listener.port)})
    assert status in (200, 400), (status, body)
    assert listener.settle() == before


def test_a_worker_cannot_connect_even_past_the_check(hostile, listener):
    """Issue 13 row 1, defence in depth: a query the check does not see (check=False, as for the
    saved queries) still cannot reach the network from a query worker."""
    from diplokg.graph.queries import netguard

    if not netguard.available():
        pytest.skip("no seccomp on this machine")
    from diplokg.graph.http.server import HttpError

    before = listener.connections
    query = injections.fill("SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } }", listener.port)
    with pytest.raises(HttpError) as err:
        hostile.app.run(query, fmt="json", check=False)
    assert err.value.status == 400 and "query failed" in err.value.message
    assert listener.settle() == before


def test_saved_queries_still_answer(hostile):
    status, _, body = request(hostile.url + "/queries/officials.json")
    assert status == 200 and json.loads(body)["results"]["bindings"]


# -- row 10: malformed requests --------------------------------------------------------------

def _raw(url: str, data: bytes, *, half_close: bool = True, wait: float = 15.0) -> tuple[int, float]:
    """Send raw bytes; the status code of the answer and how long it took."""
    host, port = url.split("//")[1].split(":")
    t0 = time.monotonic()
    with socket.create_connection((host, int(port)), timeout=wait) as s:
        s.sendall(data)
        if half_close:
            s.shutdown(socket.SHUT_WR)
        answer = s.recv(4096)
    return int(answer.split()[1]), time.monotonic() - t0


@pytest.mark.parametrize("length", ["-5", "abc", "5, 7", "+3", "1e3"])
def test_bad_content_length_is_400_at_once(hostile, length):
    """Issue 13 row 10: a negative or non-numeric Content-Length was a 500 after 30 s."""
    status, took = _raw(hostile.url, (f"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query"
                                      f"\r\nContent-Length: {length}\r\n\r\nASK {{}}").encode())
    assert status == 400 and took < 5


def test_a_body_shorter_than_its_length_is_400_at_once(hostile):
    """Issue 13 row 10: the client sent fewer bytes than announced and closed its side."""
    status, took = _raw(hostile.url, b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query"
                                     b"\r\nContent-Length: 100\r\n\r\nASK {}")
    assert status == 400 and took < 5


def test_a_body_that_stops_coming_is_408_not_500(hostile):
    """Issue 13 row 10: the client announced more than it sends and keeps the connection open:
    answered after a few seconds without data, not after 30 s with a 500."""
    status, took = _raw(hostile.url, b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query"
                                     b"\r\nContent-Length: 100\r\n\r\nASK {}", half_close=False, wait=20)
    assert status == 408 and took < 15


@pytest.mark.parametrize("iri", ["urn:isbn:1", "file:///etc/passwd", "mailto:someone@example.org",
                                 "javascript:alert(1)", "relative/path", "http://exa mple.org/"])
def test_resource_pages_refuse_other_than_http_iris(hostile, iri):
    """Issue 13 row 10: /resource?iri=urn:isbn:1 (and file: IRIs) were a 500."""
    status, _, body = request(hostile.url + "/resource", params={"iri": iri}, headers={"Accept": "text/html"})
    assert status == 400 and b"internal error" not in body


# -- row 11: memory ------------------------------------------------------------------------

def test_a_query_past_the_memory_cap_stops_and_its_worker_is_replaced(seed_store):
    """Issue 13 row 11: one ORDER BY over a cross join grew to 2.8 GB; now it stops at the cap
    (--max-query-memory) with a clear 503, a new worker takes its place, saved queries answer."""
    hostile = start(seed_store, timeout=20.0, max_query_memory=384)
    try:
        _past_the_cap(hostile)
    finally:
        hostile.close()


def _past_the_cap(hostile):
    replaced = json.loads(request(hostile.url + "/status")[2])["workers_replaced"]
    heavy = "SELECT ?a ?b ?c WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z } ORDER BY ?x ?y ?z LIMIT 1"
    status, _, body = request(hostile.url + "/sparql", params={"query": heavy}, headers=JSON_ACCEPT)
    assert status == 503 and b"memory" in body and b"--max-query-memory" in body, body
    assert json.loads(request(hostile.url + "/status")[2])["workers_replaced"] == replaced + 1
    for _ in range(3):
        assert request(hostile.url + "/queries/officials.json")[0] == 200


# -- row 14: the service description ---------------------------------------------------------

def test_service_description_does_not_reflect_the_host_header(hostile):
    """Issue 13 row 14: the Host header was written into the service description."""
    status, _, body = request(hostile.url + "/sparql", headers={"Host": "evil.example", "Accept": "text/turtle"})
    assert status == 200 and b"evil.example" not in body
    assert f"<{hostile.url}/sparql>".encode() in body


def test_service_description_uses_the_base_url(seed_store):
    running = start(seed_store, base_url="https://kg.example.org/diplo")
    try:
        status, _, body = request(running.url + "/sparql", headers={"Host": "evil.example",
                                                                    "Accept": "application/n-triples"})
        assert status == 200 and b"<https://kg.example.org/diplo/sparql>" in body and b"evil" not in body
    finally:
        running.close()
