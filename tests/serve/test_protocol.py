"""The SPARQL 1.1 Protocol endpoint, through two independent clients (rdflib's SPARQLStore and
SPARQLWrapper) and plain HTTP: query forms, methods, content negotiation, the service
description, and the saved-query API bound exactly as ``diplokg query`` binds it."""
from __future__ import annotations

import csv
import io
import json

import pytest
import rdflib
from click.testing import CliRunner

from diplokg.graph.cli import cli
from diplokg.graph.queries.run import run_query
from diplokg.graph.queries.saved import load_saved_queries
from diplokg.graph.store.embedded import Store
from serving import request, start

DKG = "https://w3id.org/diplokg/ontology#"
JP = "https://w3id.org/diplokg/id/state/JP"
STATES = f"SELECT ?s ?label WHERE {{ ?s a <{DKG}State> ; <http://www.w3.org/2000/01/rdf-schema#label> ?label }} ORDER BY ?s"


def local_rows(store_dir, sparql):
    with Store(store_dir, create=False) as s:
        res = run_query(s, sparql)
    return sorted(tuple(r.get(v, "") for v in res.variables) for r in res.dicts())


def cli_output(store_dir, *args):
    result = CliRunner().invoke(cli, [*args, "--store", str(store_dir)])
    assert result.exit_code == 0, result.output
    return result.stdout_bytes.decode("utf-8")


# -- rdflib's SPARQLStore ---------------------------------------------------------------------

def test_rdflib_sparqlstore_select_ask_construct(server, seed_store):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(query_endpoint=server.url + "/sparql")  # GET, SPARQL results XML
    g = rdflib.Graph(store=store)
    rows = sorted((str(r.s), str(r.label)) for r in g.query(STATES))
    assert rows and rows == local_rows(seed_store, STATES)
    assert g.query(f"ASK {{ <{JP}> a <{DKG}State> }}").askAnswer is True
    assert g.query(f"ASK {{ <{JP}> a <{DKG}Person> }}").askAnswer is False
    built = g.query(f"CONSTRUCT {{ ?s a <{DKG}State> }} WHERE {{ ?s a <{DKG}State> }}")  # RDF/XML back
    assert {str(s) for s, _, _ in built.graph} == {r[0] for r in rows}


def test_rdflib_sparqlstore_post(server, seed_store):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(query_endpoint=server.url + "/sparql", method="POST", returnFormat="json")
    rows = sorted((str(r.s), str(r.label)) for r in rdflib.Graph(store=store).query(STATES))
    assert rows == local_rows(seed_store, STATES)


# -- SPARQLWrapper ----------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
@pytest.mark.parametrize("method", ["GET", "POST", "POSTDIRECTLY"])
def test_sparqlwrapper_select(server, seed_store, fmt, method):
    from SPARQLWrapper import CSV, GET, JSON, POST, POSTDIRECTLY, TSV, URLENCODED, XML, SPARQLWrapper

    sw = SPARQLWrapper(server.url + "/sparql")
    sw.setQuery(STATES)
    sw.setReturnFormat({"json": JSON, "xml": XML, "csv": CSV, "tsv": TSV}[fmt])
    sw.setMethod(GET if method == "GET" else POST)
    sw.setRequestMethod(POSTDIRECTLY if method == "POSTDIRECTLY" else URLENCODED)
    res = sw.query()
    ctype = res.info()["content-type"]
    data = res.convert()
    expected = local_rows(seed_store, STATES)
    if fmt == "json":
        assert ctype == "application/sparql-results+json"
        rows = sorted((b["s"]["value"], b["label"]["value"]) for b in data["results"]["bindings"])
    elif fmt == "xml":
        assert ctype == "application/sparql-results+xml"
        rows = []
        for r in data.getElementsByTagName("result"):
            vals = {}
            for b in r.getElementsByTagName("binding"):
                term = next(c for c in b.childNodes if c.nodeType == c.ELEMENT_NODE)
                vals[b.getAttribute("name")] = term.firstChild.data
            rows.append((vals["s"], vals["label"]))
        rows.sort()
    elif fmt == "csv":
        assert ctype.startswith("text/csv")
        reader = list(csv.reader(io.StringIO(data.decode())))
        assert reader[0] == ["s", "label"]
        rows = sorted(tuple(r) for r in reader[1:])
    else:
        assert ctype.startswith("text/tab-separated-values")
        lines = data.decode().splitlines()
        assert lines[0] == "?s\t?label"
        rows = sorted((a.strip("<>"), b.strip('"')) for a, b in (ln.split("\t") for ln in lines[1:]))
    assert rows == expected


def test_sparqlwrapper_xml_dom(server, seed_store):
    from SPARQLWrapper import XML, SPARQLWrapper

    sw = SPARQLWrapper(server.url + "/sparql")
    sw.setQuery(STATES)
    sw.setReturnFormat(XML)
    dom = sw.query().convert()
    uris = sorted(u.firstChild.data for u in dom.getElementsByTagName("uri"))
    assert uris == sorted(r[0] for r in local_rows(seed_store, STATES))


@pytest.mark.parametrize("fmt", ["turtle", "n3", "xml", "json-ld"])
def test_sparqlwrapper_construct(server, fmt):
    from SPARQLWrapper import JSONLD, N3, TURTLE, XML, SPARQLWrapper

    sw = SPARQLWrapper(server.url + "/sparql")
    sw.setQuery(f"CONSTRUCT {{ ?s a <{DKG}State> }} WHERE {{ ?s a <{DKG}State> }}")
    sw.setReturnFormat({"turtle": TURTLE, "n3": N3, "xml": XML, "json-ld": JSONLD}[fmt])
    out = sw.query().convert()
    g = out if isinstance(out, rdflib.Graph) else rdflib.Graph().parse(data=out, format="turtle")
    assert (rdflib.URIRef(JP), rdflib.RDF.type, rdflib.URIRef(DKG + "State")) in g


def test_sparqlwrapper_ask(server):
    from SPARQLWrapper import JSON, SPARQLWrapper

    sw = SPARQLWrapper(server.url + "/sparql")
    sw.setQuery(f"ASK {{ <{JP}> ?p ?o }}")
    sw.setReturnFormat(JSON)
    assert sw.query().convert()["boolean"] is True


# -- plain HTTP -------------------------------------------------------------------------------

@pytest.mark.parametrize("accept,ctype", [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv; charset=utf-8"),
    ("text/tab-separated-values", "text/tab-separated-values; charset=utf-8"),
    ("text/html,application/xhtml+xml,*/*;q=0.8", "application/sparql-results+json"),
    ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
])
def test_select_negotiation(server, accept, ctype):
    status, headers, _ = request(server.url + "/sparql", params={"query": STATES}, headers={"Accept": accept})
    assert status == 200 and headers["content-type"] == ctype


@pytest.mark.parametrize("accept,ctype,fmt", [
    ("text/turtle", "text/turtle; charset=utf-8", "turtle"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("application/rdf+xml", "application/rdf+xml", "xml"),
    ("application/ld+json", "application/ld+json", "json-ld"),
])
def test_graph_negotiation(server, accept, ctype, fmt):
    q = f"DESCRIBE <{JP}>"
    status, headers, body = request(server.url + "/sparql", params={"query": q}, headers={"Accept": accept})
    assert status == 200 and headers["content-type"] == ctype
    g = rdflib.Graph().parse(data=body, format=fmt)
    assert (rdflib.URIRef(JP), rdflib.RDF.type, rdflib.URIRef(DKG + "State")) in g


def test_not_acceptable(server):
    status, _, body = request(server.url + "/sparql", params={"query": STATES}, headers={"Accept": "image/png"})
    assert status == 406 and b"offered" in body


def test_service_description(server):
    status, headers, body = request(server.url + "/sparql", headers={"Accept": "text/turtle"})
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    g = rdflib.Graph().parse(data=body, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    service = rdflib.URIRef(server.url + "/sparql")
    assert (service, rdflib.RDF.type, sd.Service) in g
    assert (service, sd.supportedLanguage, sd.SPARQL11Query) in g
    assert "read-only" in str(g.value(service, rdflib.RDFS.comment))
    # a browser is sent to the page instead
    status, headers, _ = request(server.url + "/sparql", headers={"Accept": "text/html"})
    assert status == 303 and headers["location"] == "/"


def test_post_form_and_direct(server, seed_store):
    expected = local_rows(seed_store, STATES)
    for body, ctype in ((("query=" + __import__("urllib.parse").parse.quote(STATES)).encode(),
                         "application/x-www-form-urlencoded"),
                        (STATES.encode(), "application/sparql-query")):
        status, _, data = request(server.url + "/sparql", "POST", body,
                                  {"Content-Type": ctype, "Accept": "application/sparql-results+json"})
        assert status == 200
        got = sorted((b["s"]["value"], b["label"]["value"]) for b in json.loads(data)["results"]["bindings"])
        assert got == expected


def test_default_graph_uri(server, seed_store):
    with Store(seed_store, create=False) as s:
        article = s.article_graphs()[0]
        n = s.count(article)
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    status, _, data = request(server.url + "/sparql", params={"query": q, "default-graph-uri": article},
                              headers={"Accept": "application/sparql-results+json"})
    assert status == 200
    assert int(json.loads(data)["results"]["bindings"][0]["n"]["value"]) == n


# -- saved queries ----------------------------------------------------------------------------

def test_queries_listing(server):
    status, headers, body = request(server.url + "/queries", headers={"Accept": "application/json"})
    assert status == 200 and headers["content-type"] == "application/json"
    listed = json.loads(body)
    saved = load_saved_queries()
    assert [q["name"] for q in listed] == list(saved)
    for q in listed:
        assert q["title"] == saved[q["name"]].title
        assert [p["name"] for p in q["params"]] == [p.name for p in saved[q["name"]].params]
    status, headers, body = request(server.url + "/queries", headers={"Accept": "text/html"})
    assert status == 200 and headers["content-type"].startswith("text/html")
    for q in saved.values():
        assert q.name in body.decode()
    assert request(server.url + "/queries.json")[1]["content-type"] == "application/json"


@pytest.mark.parametrize("name,params", [
    ("meetings", {"state": "Japan"}),
    ("meetings", {}),
    ("officials", {"state": "pakistan"}),
    ("officials", {"state": JP}),
    ("evidence", {"node": JP}),
    ("timeline", {"state": "Japan", "state_b": "Pakistan"}),
])
@pytest.mark.parametrize("fmt", ["json", "csv", "tsv"])
def test_saved_query_same_as_cli(server, seed_store, name, params, fmt):
    """The same bytes as `diplokg query NAME -p K=V --format FMT` on the same store."""
    args = ["query", name, "--format", fmt]
    for k, v in params.items():
        args += ["-p", f"{k}={v}"]
    expected = cli_output(seed_store, *args)
    status, _, body = request(f"{server.url}/queries/{name}.{fmt}", params=params)
    assert status == 200, body
    assert body.decode("utf-8") == expected


def test_saved_query_binding_is_the_cli_binding(server):
    q = load_saved_queries()["meetings"]
    status, _, body = request(server.url + "/queries/meetings.rq", params={"state": "Japan"})
    assert status == 200 and body.decode() == q.bind({"state": "Japan"})


def test_saved_query_accept_header(server):
    status, headers, body = request(server.url + "/queries/officials", headers={"Accept": "text/csv"})
    assert status == 200 and headers["content-type"].startswith("text/csv")
    assert body.decode().splitlines()[0].startswith("person,")


@pytest.mark.parametrize("path,params,status", [
    ("/queries/nosuch.json", {}, 404),
    ("/queries/meetings.json", {"country": "Japan"}, 400),     # unknown parameter
    ("/queries/evidence.json", {}, 400),                      # missing required parameter
    ("/queries/evidence.json", {"node": "not an iri"}, 400),  # an iri parameter given a label
    ("/queries/meetings.pdf", {}, 404),
    ("/queries/meetings.json", {"state": ["Japan", "China"]}, 400),
])
def test_saved_query_errors(server, path, params, status):
    got, _, body = request(server.url + path, params=params)
    assert got == status and body.strip()


def test_parameter_injection_is_only_a_label(server):
    status, _, body = request(server.url + "/queries/meetings.json", params={"state": 'Japan" } ; DROP ALL #'})
    assert status == 200 and json.loads(body)["results"]["bindings"] == []


# -- pages ------------------------------------------------------------------------------------

def test_page_and_static_files(server):
    status, headers, body = request(server.url + "/")
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in headers["content-security-policy"]
    assert b'src="/static/workbench.js"' in body
    assert b'src="http' not in body and b'href="http' not in body  # no CDN
    for name, ctype in (("workbench.js", "text/javascript"), ("style.css", "text/css")):
        status, headers, _ = request(server.url + "/static/" + name)
        assert status == 200 and headers["content-type"].startswith(ctype)
    assert request(server.url + "/static/../server.py")[0] == 404


def test_resource_page(server):
    status, _, body = request(server.url + "/resource", params={"iri": JP})
    html = body.decode()
    assert status == 200
    assert '<h1 id="label">Japan</h1>' in html
    assert "dkg:State" in html and 'id="evidence"' in html and "<blockquote" in html
    assert request(server.url + "/resource", params={"iri": "not an iri"})[0] == 400


def test_status(server):
    status, _, body = request(server.url + "/status")
    info = json.loads(body)
    assert status == 200 and info["read_only"] is True and "meetings" in info["queries"]


def test_no_cors_by_default(server):
    _, headers, _ = request(server.url + "/sparql", params={"query": STATES}, headers={"Origin": "http://example.org"})
    assert "access-control-allow-origin" not in headers
    status, headers, _ = request(server.url + "/sparql", "OPTIONS", headers={"Origin": "http://example.org"})
    assert status == 204 and "access-control-allow-origin" not in headers


def test_cors_when_asked(seed_store):
    running = start(seed_store, cors="https://yasgui.example")
    try:
        _, headers, _ = request(running.url + "/sparql", params={"query": STATES})
        assert headers["access-control-allow-origin"] == "https://yasgui.example"
        status, headers, _ = request(running.url + "/sparql", "OPTIONS",
                                     headers={"Origin": "https://yasgui.example",
                                              "Access-Control-Request-Method": "POST"})
        assert status == 204 and "POST" in headers["access-control-allow-methods"]
    finally:
        running.close()
