"""The store: atomic replacement, the de-duplicated default graph, re-ingest, locking, ontology."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from diplokg.graph.model.errors import StoreBusyError, StoreError
from diplokg.graph.store.embedded import ONTOLOGY_GRAPH, Store, store_path

import graphsample


def triples_of(i):
    return [q.triple for q in ox.parse(graphsample.article_turtle(i), ox.RdfFormat.TURTLE)]


def default_is_union(s: Store) -> bool:
    """The default graph equals the de-duplicated union of all named graphs but the bookkeeping one."""
    union = set()
    for g in s.graph_names():
        if g.endswith("/graph/store"):
            continue
        union |= set(s.triples(g))
    return set(s.triples()) == union and s.count() == len(union)


def test_replace_and_dedup(store):
    for i in range(4):
        store.replace_graph(graphsample.article_iri(i), triples_of(i))
    assert store.article_graphs() == [graphsample.article_iri(i) for i in range(4)]
    # state descriptions are repeated by several articles but kept once
    japan = list(store.oxigraph.quads_for_pattern(
        ox.NamedNode(graphsample.ID + "state/JP"), None, None, ox.DefaultGraph()))
    assert len(japan) == 3
    assert default_is_union(store)


def test_triple_leaves_default_graph_only_when_no_graph_asserts_it(store):
    a, b = graphsample.article_iri(0), graphsample.article_iri(8)  # both mention Japan
    store.replace_graph(a, triples_of(0))
    store.replace_graph(b, triples_of(8))
    jp_label = ox.Triple(ox.NamedNode(graphsample.ID + "state/JP"),
                         ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("Japan"))
    store.remove_graph(a)
    assert jp_label in set(store.triples())
    assert not store.has_graph(a)
    store.remove_graph(b)
    assert jp_label not in set(store.triples())
    assert store.count() == 0


def test_reingest_replaces(store):
    a = graphsample.article_iri(3)
    n = store.replace_graph(a, triples_of(3))
    total = store.count()
    assert n == graphsample.triple_count(3)
    assert store.replace_graph(a, triples_of(3)) == n
    assert store.count() == total
    # a changed version replaces the old one: the old headline is gone everywhere
    changed = [q.triple for q in ox.parse(graphsample.article_turtle(3, headline="New headline"),
                                          ox.RdfFormat.TURTLE)]
    store.replace_graph(a, changed)
    headlines = [t.object.value for t in store.triples()
                 if t.predicate.value.endswith("#headline")]
    assert headlines == ["New headline"]
    assert default_is_union(store)


def test_blank_nodes_stay_local_to_their_graph(store):
    data = "_:s <http://e.org/p> _:o . _:o <http://e.org/q> 1 ."
    triples = [q.triple for q in ox.parse(data, ox.RdfFormat.TURTLE)]
    store.replace_graph("http://e.org/g1", triples)
    store.replace_graph("http://e.org/g2", triples)
    assert store.count() == 4  # two copies: blank nodes are never shared between graphs
    store.replace_graph("http://e.org/g1", triples)
    assert store.count() == 4
    assert default_is_union(store)
    # within a graph, the named-graph copy and the default-graph copy are the same nodes
    g1 = set(store.triples("http://e.org/g1"))
    assert g1 <= set(store.triples())


def test_commit_graphs_gives_the_store_of_replacing_one_by_one(tmp_path):
    # new graphs go in one transaction, a replacement and a repeated name one by one: the
    # result must be the store that committing them in order with replace_graph gives
    a, b, c = (graphsample.article_iri(i) for i in (0, 8, 3))
    changed = [q.triple for q in ox.parse(graphsample.article_turtle(3, headline="New headline"),
                                          ox.RdfFormat.TURTLE)]
    batch = [(b, triples_of(8)), (a, triples_of(1)), (c, triples_of(3)), (a, triples_of(0)), (c, changed)]
    batched, one_by_one = Store(tmp_path / "batched"), Store(tmp_path / "one")
    for s in (batched, one_by_one):
        s.replace_graph(c, triples_of(5))  # c exists before the batch
    sizes = batched.commit_graphs(batch)
    assert sizes == [one_by_one.replace_graph(name, ts) for name, ts in batch]
    for g in [None, a, b, c]:
        assert set(batched.triples(g)) == set(one_by_one.triples(g)), g
    assert default_is_union(batched)


def test_commit_graphs_keeps_blank_nodes_local(store):
    data = "_:s <http://e.org/p> _:o . _:o <http://e.org/q> 1 ."
    triples = [q.triple for q in ox.parse(data, ox.RdfFormat.TURTLE)]
    assert store.commit_graphs([("http://e.org/g1", triples), ("http://e.org/g2", triples)]) == [2, 2]
    assert store.count() == 4
    assert set(store.triples("http://e.org/g1")) <= set(store.triples())
    assert default_is_union(store)


def test_a_write_cut_off_between_the_named_graphs_and_their_copies_is_rolled_back(tmp_path):
    # commit_graphs writes new graphs with Oxigraph's non-atomic bulk writer, bracketed by a
    # pending record; emulate a crash after the named graphs and half the copies were written
    kept, cut = graphsample.article_iri(0), graphsample.article_iri(8)  # both mention Japan
    s = Store(tmp_path / "store")
    s.commit_graphs([(kept, triples_of(0))])
    before = set(s.triples())
    s._update(s._pending_update(insert=[cut]))
    named = [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(cut)) for t in triples_of(8)]
    s.oxigraph.bulk_extend(named)
    s.oxigraph.bulk_extend([ox.Quad(q.subject, q.predicate, q.object) for q in named[: len(named) // 2]])
    s.close()
    reopened = Store(tmp_path / "store")
    assert reopened.article_graphs() == [kept]
    assert set(reopened.triples()) == before
    assert default_is_union(reopened)
    assert reopened._roll_back_pending() == []  # the record is gone: nothing left to undo


def test_failed_update_changes_nothing(store):
    store.replace_graph(graphsample.article_iri(1), triples_of(1))
    before = sorted(map(str, store.oxigraph))
    with pytest.raises(Exception):
        store.oxigraph.update(
            f"DROP GRAPH <{graphsample.article_iri(1)}> ; LOAD <http://localhost:9/nothing.ttl>")
    assert sorted(map(str, store.oxigraph)) == before


def test_reopen_keeps_data(store_dir):
    s = Store(store_dir)
    s.replace_graph(graphsample.article_iri(1), triples_of(1))
    n = s.count()
    s.close()
    s = Store(store_dir, create=False)
    assert s.count() == n
    s.close()


def test_missing_store_is_not_created_for_reading(tmp_path):
    with pytest.raises(StoreError, match="no store here"):
        Store(tmp_path / "none", create=False)
    assert not (tmp_path / "none").exists()


def test_store_path_is_a_file(tmp_path):
    f = tmp_path / "f"
    f.write_text("x")
    with pytest.raises(StoreError, match="is a file"):
        Store(f)


def test_busy_in_same_process(store_dir):
    s = Store(store_dir)
    try:
        with pytest.raises(StoreBusyError, match="store is busy"):
            Store(store_dir, lock_timeout=0.2)
    finally:
        s.close()
    Store(store_dir, lock_timeout=0.2).close()


def test_store_path_resolution(monkeypatch, tmp_path):
    monkeypatch.delenv("DIPLOKG_STORE", raising=False)
    assert str(store_path()) == ".diplokg"
    monkeypatch.setenv("DIPLOKG_STORE", str(tmp_path / "env"))
    assert store_path() == tmp_path / "env"
    assert store_path(tmp_path / "opt") == tmp_path / "opt"


def test_ontology_loaded_once_and_refreshed_on_change(store):
    import rdflib

    def onto(label):
        g = rdflib.Graph()
        g.add((rdflib.URIRef("https://w3id.org/diplokg/ontology#Meeting"), rdflib.RDFS.label, rdflib.Literal(label)))
        return g

    assert store.ensure_ontology(content_hash="v1", graph_factory=lambda: onto("Meeting")) is True
    assert store.ensure_ontology(content_hash="v1", graph_factory=lambda: onto("changed")) is False
    assert store.count(ONTOLOGY_GRAPH) == 1
    assert store.ensure_ontology(content_hash="v2", graph_factory=lambda: onto("Meeting v2")) is True
    labels = [t.object.value for t in store.triples()]
    assert labels == ["Meeting v2"]
    assert store.meta("ontologyHash") == "v2"
    assert default_is_union(store)


def test_real_ontology_goes_into_its_graph(store):
    assert store.ensure_ontology() is True
    assert store.count(ONTOLOGY_GRAPH) > 100
    assert store.ensure_ontology() is False
    assert store.article_graphs() == []
