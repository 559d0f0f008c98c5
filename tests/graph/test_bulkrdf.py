"""Bulk ingest of an N-Quads file: the same store as graph by graph, the same failures."""
from __future__ import annotations

import pyoxigraph as ox

from diplokg.graph.io.bulkrdf import stage
from diplokg.graph.io.ingest import ingest
from diplokg.graph.store.embedded import STORE_GRAPH, Store

import graphsample

N = 12


def nquads(indices, *, edit=None) -> bytes:
    quads = list(ox.parse(graphsample.trig(indices).encode(), ox.RdfFormat.TRIG))
    text = ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode()
    return (edit(text) if edit else text).encode()


def content(store: Store) -> set:
    return {q for q in store.oxigraph if q.graph_name != ox.NamedNode(STORE_GRAPH)
            and not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)}


def test_bulk_gives_the_store_of_graph_by_graph(tmp_path):
    nq = tmp_path / "export.nq"
    nq.write_bytes(nquads(range(N)))
    trig = tmp_path / "export.trig"  # TriG is read graph by graph
    trig.write_text(graphsample.trig(range(N)))
    assert stage(str(nq), "nquads") is not None
    assert stage(str(trig), "trig") is None
    bulk, one = Store(tmp_path / "bulk"), Store(tmp_path / "one")
    assert ingest(bulk, [str(nq)]).ok and ingest(one, [str(trig)]).ok
    assert len(bulk.article_graphs()) == N
    assert content(bulk) == content(one)
    # ingested again: every graph is a replacement, and nothing changes
    before = content(bulk)
    result = ingest(bulk, [str(nq)])
    assert result.ok and len(result.committed) == N
    assert content(bulk) == before


def test_bulk_leaves_out_a_graph_that_fails_validation(tmp_path):
    broken = graphsample.article_iri(3)
    # article 3's meeting date loses its datatype: a plain string where the shapes want xsd:date
    nq = tmp_path / "export.nq"
    nq.write_bytes(nquads(range(N), edit=lambda t: "\n".join(
        line.replace("^^<http://www.w3.org/2001/XMLSchema#date>", "") if broken in line and "#date>" in line
        else line for line in t.splitlines()) + "\n"))
    store = Store(tmp_path / "store")
    result = ingest(store, [str(nq)])
    assert [f.name for f in result.failed] == [broken]
    assert any("date" in r.message for r in result.failed[0].report.violations)
    assert sorted(store.article_graphs()) == sorted(graphsample.article_iri(i) for i in range(N) if i != 3)


def test_a_wrong_integer_type_is_read_as_written(tmp_path):
    # Oxigraph would store "0"^^xsd:integer and "0"^^xsd:nonNegativeInteger alike, hiding the
    # wrong type from the shapes: such a file is read graph by graph instead
    nq = tmp_path / "export.nq"
    nq.write_bytes(nquads(range(2), edit=lambda t: t.replace(
        '"0"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger>', '"0"^^<http://www.w3.org/2001/XMLSchema#integer>')))
    assert stage(str(nq), "nquads") is None
    result = ingest(Store(tmp_path / "store"), [str(nq)])
    assert len(result.failed) == 2
