"""The export stands on its own (issue 11, item 1): standard tools given only the exported file
reach the answers diplokg gives.

* the pySHACL command line on the export conforms exactly when ``diplokg validate`` does, on a
  valid store and on one holding a bad article (and, as a control, an export without the
  ontology does not conform: the shapes' ``sh:class`` needs its ``rdfs:subClassOf`` axioms);
* every saved query run by rdflib's own SPARQL engine on the export gives the store's rows;
* where Java and Apache Jena are installed, the same with Jena's ``shacl`` and ``arq``.
"""
from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner

from diplokg.graph.cli import cli
from diplokg.graph.queries.saved import load_saved_queries

import graphsample

ROOT = Path(__file__).resolve().parents[2]
SHAPES = ROOT / "ontology" / "shapes" / "diplo-shapes.ttl"
JENA = ROOT.parent / "shared" / "tools" / "owl-check" / "jena"
XSD = "http://www.w3.org/2001/XMLSchema#"
# Oxigraph keeps integer subtypes as xsd:integer, so the store's SPARQL results say xsd:integer
# where the export (and an engine reading it) say xsd:nonNegativeInteger: the same numbers.
INTEGERS = {XSD + t for t in ("integer", "nonNegativeInteger", "positiveInteger", "int", "long")}


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def export(store: Path, out: Path, *extra) -> Path:
    r = run("export", "--store", store, "-o", out, *extra)
    assert r.exit_code == 0, r.output
    return out


@pytest.fixture(scope="module")
def valid_export(example_store, tmp_path_factory) -> Path:
    return export(example_store, tmp_path_factory.mktemp("standalone") / "kg.ttl")


@pytest.fixture(scope="module")
def invalid_store(example_store, tmp_path_factory) -> Path:
    """The example store plus an article graph written behind the shapes' back."""
    from diplokg.graph.store.embedded import Store

    tmp = tmp_path_factory.mktemp("invalid")
    nq = export(example_store, tmp / "kg.nq", "--format", "nquads")
    d = tmp / "store"
    assert run("ingest", "-q", "--store", d, nq).exit_code == 0
    bad = graphsample.article_turtle(7).replace("dkg:evidence", "dkg:notEvidence")
    with Store(d) as s:
        s.replace_graph(graphsample.article_iri(7), [q.triple for q in ox.parse(bad, ox.RdfFormat.TURTLE)])
    return d


def _pyshacl(data: Path) -> subprocess.CompletedProcess:
    exe = shutil.which("pyshacl")
    cmd = [exe] if exe else [sys.executable, "-m", "pyshacl"]
    return subprocess.run([*cmd, "-s", str(SHAPES), "-f", "json-ld", str(data)],
                          capture_output=True, text=True, timeout=600)


def _focus_nodes_pyshacl(out: str) -> set[str]:
    g = rdflib.Graph().parse(data=out, format="json-ld")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    return {str(f) for f in g.objects(None, sh.focusNode)}


def _focus_nodes_diplokg(store: Path) -> set[str]:
    report = json.loads(run("validate", "--store", store, "--format", "json").stdout)
    return {r["focus"] for rep in report["reports"] for r in rep["report"]["results"]}


def test_pyshacl_cli_agrees_with_validate_on_a_valid_store(example_store, valid_export):
    assert run("validate", "--store", example_store).exit_code == 0
    proc = _pyshacl(valid_export)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]


def test_pyshacl_cli_agrees_with_validate_on_an_invalid_store(invalid_store, tmp_path):
    assert run("validate", "--store", invalid_store).exit_code == 1
    proc = _pyshacl(export(invalid_store, tmp_path / "bad.ttl"))
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert _focus_nodes_pyshacl(proc.stdout) == _focus_nodes_diplokg(invalid_store)


def test_without_the_ontology_the_export_does_not_stand_alone(example_store, tmp_path):
    """The control: the shapes reach a subclass's instances only through the ontology's axioms."""
    proc = _pyshacl(export(example_store, tmp_path / "bare.ttl", "--no-ontology"))
    assert proc.returncode == 1


# -- the saved queries, run by another engine on the export ------------------------------------

def _queries() -> list[tuple[str, str]]:
    """Each saved query, bound without parameters (with its examples where one is required)."""
    out = []
    for name, q in sorted(load_saved_queries().items()):
        values = {p.name: p.example for p in q.params if p.required}
        out.append((name, q.bind(values)))
    return out


def _store_rows(store: Path, sparql: str) -> tuple[list[str], list[tuple]]:
    from diplokg.graph.queries.run import run_query
    from diplokg.graph.store.embedded import Store

    with Store(store, create=False) as s:
        r = run_query(s, sparql)
    return r.variables, sorted((tuple(_ox_key(t) for t in row) for row in r.rows), key=repr)


def _ox_key(t):
    if t is None:
        return None
    if isinstance(t, ox.NamedNode):
        return ("iri", t.value)
    if t.language:
        return ("lit", t.value, "@" + t.language)
    dt = t.datatype.value
    return ("lit", t.value, XSD + "integer" if dt in INTEGERS else dt)


def _rdflib_key(t):
    if t is None:
        return None
    if isinstance(t, rdflib.URIRef):
        return ("iri", str(t))
    if t.language:
        return ("lit", str(t), "@" + t.language)
    dt = str(t.datatype or XSD + "string")
    return ("lit", str(t), XSD + "integer" if dt in INTEGERS else dt)


@pytest.fixture(scope="module")
def exported_graph(valid_export) -> rdflib.Graph:
    return rdflib.Graph().parse(valid_export, format="turtle")


@pytest.mark.parametrize("name,sparql", _queries(), ids=[n for n, _ in _queries()])
def test_rdflib_on_the_export_gives_the_stores_rows(example_store, exported_graph, name, sparql):
    variables, expected = _store_rows(example_store, sparql)
    got = sorted((tuple(_rdflib_key(row[v]) if v in row.labels else None for v in variables)
                  for row in exported_graph.query(sparql)), key=repr)
    assert expected, f"{name}: the store gives no rows; the comparison would prove nothing"
    assert got == expected


# -- Apache Jena, where it is installed ----------------------------------------------------------

def _jena_ready() -> bool:
    return JENA.exists() and shutil.which("java") is not None and Path("/usr/share/java/jena-cmds.jar").exists()


jena = pytest.mark.skipif(not _jena_ready(), reason="needs Java and Apache Jena (apt-get install "
                                                     "libapache-jena-java) and ../shared/tools/owl-check/jena")


def _jena(*args) -> subprocess.CompletedProcess:
    return subprocess.run([str(JENA), *map(str, args)], capture_output=True, text=True, timeout=600)


@jena
def test_jena_shacl_agrees_with_validate(example_store, valid_export, invalid_store, tmp_path):
    for data, conforms in ((valid_export, True), (export(invalid_store, tmp_path / "bad.ttl"), False)):
        proc = _jena("shacl", "validate", "--shapes", SHAPES, "--data", data)
        report = rdflib.Graph().parse(data=proc.stdout, format="turtle")
        sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
        verdict = next(report.objects(None, sh.conforms), None)
        assert verdict is not None and verdict.toPython() is conforms, proc.stdout[-3000:] + proc.stderr[-2000:]


@jena
@pytest.mark.slow
def test_jena_arq_on_the_export_gives_the_stores_rows(example_store, valid_export, tmp_path):
    for name, sparql in _queries():
        qfile = tmp_path / f"{name}.rq"
        qfile.write_text(sparql, encoding="utf-8")
        proc = _jena("arq", "--data", valid_export, "--query", qfile, "--results=csv")
        assert proc.returncode == 0, proc.stderr[-2000:]
        rows = list(csv.reader(io.StringIO(proc.stdout)))
        variables, expected = _store_rows(example_store, sparql)
        assert rows[0] == variables
        lexical = sorted(tuple("" if t is None else t[1] for t in row) for row in expected)
        assert sorted(tuple(r) for r in rows[1:]) == lexical, name
