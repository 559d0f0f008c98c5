"""The row views (graph/store/rowviews.py) give every saved query's rows, and stay exact.

Each saved query answered from the views must give the rows its SPARQL gives on the same store,
in the same ORDER BY sequence: on the golden fixture, on generated articles, and after articles
are replaced and removed and graphs edit what other articles' rows read (labels, posts,
signings, establishment events). Views at another generation are never read.
"""
from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml

from diplokg.graph.io.ingest import ingest
from diplokg.graph.queries import fastpath
from diplokg.graph.queries.run import run_saved
from diplokg.graph.queries.saved import load_saved_queries
from diplokg.graph.store.embedded import Store
from diplokg.graph.store.rowviews import VIEWS, body_sha256
from diplokg.graph.store.viewdb import VIEWS_FILE

from viewcheck import DKG, ROOT, generator, mismatches

CASES = ROOT / "tests" / "queries" / "cases"
FIXTURE = ROOT / "tests" / "data" / "fixture-kg.ttl"
ARTICLE = "https://w3id.org/diplokg/id/article/"


def test_each_view_is_pinned_to_its_saved_query():
    queries = load_saved_queries()
    assert set(VIEWS) == set(queries), "a saved query without a view (or the reverse)"
    for name, view in VIEWS.items():
        assert view.rq_sha256 == body_sha256(queries[name].text), (
            f"queries/{name}.rq changed: check graph/store/rowbuild.py {name}() (and its edges in "
            f"rowviews.py) against it, then pin the view to {body_sha256(queries[name].text)}")


@pytest.fixture(scope="module")
def fixture_store():
    s = Store()
    s.ensure_ontology()
    s.replace_graph(ARTICLE + "fixture", [q.triple for q in ox.parse(path=str(FIXTURE), format=ox.RdfFormat.TURTLE)])
    return s


@pytest.mark.parametrize("case", sorted(p for p in CASES.iterdir() if (p / "args.yaml").exists()), ids=lambda p: p.name)
def test_golden_cases_from_the_views(case, fixture_store):
    args = yaml.safe_load((case / "args.yaml").read_text(encoding="utf-8"))
    params = {k: str(v) for k, v in (args.get("params") or {}).items()}
    got = fastpath.answer(fixture_store, load_saved_queries()[args["query"]], params)
    assert got is not None, "the views did not answer"
    rows = [["" if t is None else t.value for t in row] for row in got.rows]
    lines = list(csv.reader(io.StringIO((case / "expected.csv").read_text(encoding="utf-8"))))
    assert got.variables == lines[0]
    if args.get("ordered"):
        assert rows == lines[1:]
    else:
        assert sorted(map(tuple, rows)) == sorted(map(tuple, lines[1:]))


def _write(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def records():
    g = generator()
    return [g.article(i)[0] for i in range(40)]


def test_generated_articles_on_disk(tmp_path, records):
    with Store(tmp_path / "kg") as s:
        ingest(s, [str(_write(tmp_path / "a.jsonl", records[:25]))])
        ingest(s, [str(_write(tmp_path / "b.jsonl", records[25:]))])  # into views already built
        assert (tmp_path / "kg" / VIEWS_FILE).exists()
        assert mismatches(s) == []


def test_the_id_cache_stays_bounded_and_the_views_exact(tmp_path, records, monkeypatch):
    from diplokg.graph.store import mirror

    monkeypatch.setattr(mirror, "ID_CACHE", 50)  # far fewer than the terms of 40 articles
    with Store(tmp_path / "kg") as s:
        for k in range(0, 40, 5):  # one write at a time, into views already built
            ingest(s, [str(_write(tmp_path / f"{k}.jsonl", records[k:k + 5]))])
            cached = len(s._views.mirror.ids)
        terms = s._views.db.db.execute("SELECT COUNT(*) FROM terms").fetchone()[0]
        assert terms > 1000 and cached < terms / 4
        assert mismatches(s) == []


def _edited(record: dict, old: str, new: str) -> dict:
    return {**record, "text": record["text"].replace(old, new)}


def test_views_stay_exact_when_articles_change(tmp_path, records):
    s = Store()
    ingest(s, [str(_write(tmp_path / "a.jsonl", records))])
    assert mismatches(s) == []
    # the same articles again, edited: another date, another host, a call dropped
    changed = []
    for i, r in enumerate(records[:12]):
        if i % 3 == 0:
            changed.append(_edited(r, " 20", " 19"))
        elif i % 3 == 1:
            changed.append(_edited(r, "Ambassador", "Chargé d'Affaires"))
        else:
            changed.append({**r, "text": r["text"].split("\n\n")[0] + "\n"})
    ingest(s, [str(_write(tmp_path / "b.jsonl", changed))])
    assert mismatches(s) == []
    for r in records[12:20]:
        s.remove_graph(_article_iri(s, r["url"]))
    assert mismatches(s) == []


def _article_iri(s: Store, url: str) -> str:
    q = f'SELECT ?a WHERE {{ GRAPH ?a {{ ?a <{DKG}sourceLocation> "{url}" }} }}'
    return next(iter(s.query(q)))[0].value


def _one(s: Store, sparql: str) -> ox.NamedNode:
    return next(iter(s.query(sparql)))[0]


def test_views_stay_exact_when_another_graph_edits_what_rows_read(tmp_path, records):
    """Each edit is one hop of what a row reads, in a graph of its own, added then removed in
    an order where each edge by which a change reaches a row (rowviews.py) is needed."""
    s = Store()
    ingest(s, [str(_write(tmp_path / "a.jsonl", records[:30]))])
    dkg = lambda local: ox.NamedNode(DKG + local)  # noqa: E731
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    alt = ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")
    sub = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")
    a = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    # a foreign minister who met an ambassador of another state, and that state
    person, other = next(iter(s.query(
        f"SELECT ?p ?o WHERE {{ ?m a <{DKG}Meeting> ; <{DKG}participant> ?p ; <{DKG}party> ?o . "
        f"?post <{DKG}heldBy> ?p ; <{DKG}postIn> ?home . FILTER(?o != ?home) }} ORDER BY ?p ?o LIMIT 1")))
    home = _one(s, f"SELECT ?h WHERE {{ ?post <{DKG}heldBy> <{person.value}> ; <{DKG}postIn> ?h }} LIMIT 1")
    place = _one(s, f"SELECT ?x WHERE {{ ?m <{DKG}place> ?x }} ORDER BY ?x LIMIT 1")
    agreement = _one(s, f"SELECT ?a WHERE {{ ?a a <{DKG}Agreement> ; <{DKG}date> ?d }} ORDER BY ?a LIMIT 1")
    relation = _one(s, f"SELECT ?r WHERE {{ ?r a <{DKG}BilateralRelation> ; <{DKG}establishedOn> ?d }} ORDER BY ?r LIMIT 1")
    visit = _one(s, f"SELECT ?v WHERE {{ ?v a <{DKG}Visit> }} ORDER BY ?v LIMIT 1")
    post, signing, est, undated = (ox.NamedNode(f"https://w3id.org/diplokg/id/{k}/edit")
                                   for k in ("post", "signing", "establishment", "relation"))
    pact = ox.NamedNode("http://example.org/Pact")
    date = ox.Literal("1999-01-02", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))
    edits = {
        "label": [ox.Triple(person, label, ox.Literal("Another Spelling"))],  # a participant's second label
        "place": [ox.Triple(place, label, ox.Literal("Elsewhere"))],  # a place's second label
        "altLabel": [ox.Triple(other, alt, ox.Literal("Narnia"))],  # a new name to find a state by
        "visit": [ox.Triple(visit, dkg("visitor"), person)],  # a visit the minister made
        "post": [ox.Triple(post, a, dkg("Post")), ox.Triple(post, dkg("postIn"), other)],  # a post in the other state...
        "heldBy": [ox.Triple(post, dkg("heldBy"), person)],  # ...held by the minister
        "signing": [ox.Triple(signing, a, dkg("Signing")), ox.Triple(signing, dkg("signedAgreement"), agreement)],
        "signed": [ox.Triple(signing, dkg("date"), date)],  # a dated signing hides the agreement's own date
        "title": [ox.Triple(agreement, label, ox.Literal("Second Title"))],  # what the signing is called
        "undated": [ox.Triple(undated, a, dkg("BilateralRelation")), ox.Triple(undated, dkg("party"), home),
                    ox.Triple(undated, dkg("party"), other)],  # a relation with no date of its own
        "concerns": [ox.Triple(est, dkg("concernsRelation"), relation),  # an event of both relations...
                     ox.Triple(est, dkg("concernsRelation"), undated)],
        "est": [ox.Triple(est, a, dkg("EstablishmentOfRelations"))],  # ...their establishment...
        "dated": [ox.Triple(est, dkg("date"), date)],  # ...dated
        "kind": [ox.Triple(agreement, a, pact)],  # a kind of agreement of another vocabulary...
        "subclass": [ox.Triple(pact, sub, dkg("Agreement"))],
        "kindLabel": [ox.Triple(pact, label, ox.Literal("Pact"))],  # ...named later
    }
    names = {t.value: lab.value for t, lab in ((other, _one(s, f"SELECT ?l WHERE {{ <{other.value}> <{label.value}> ?l }}")),)}
    plans = [(q, {"state": names[other.value]}) for q in ("meetings", "visits", "officials", "timeline", "relations")]
    plans += [("meetings", {"person": person.value}), ("evidence", {"node": person.value}),
              ("visits", {"person": "another spelling"})]
    for name, triples in edits.items():
        s.replace_graph(f"{ARTICLE}edit-{name}", triples)
        assert mismatches(s) + mismatches(s, plans) == [], f"after adding {name}"
    assert run_saved(s, "meetings", {"state": "narnia"}).rows  # found by its new name
    # removed while what they lead to is still there
    for name in ("concerns", "signing", "heldBy", "visit", "kindLabel", *edits):
        if s.has_graph(f"{ARTICLE}edit-{name}"):
            s.remove_graph(f"{ARTICLE}edit-{name}")
            assert mismatches(s) + mismatches(s, plans) == [], f"after removing {name}"


def test_views_at_another_generation_are_not_read_then_rebuilt(tmp_path, records):
    with Store(tmp_path / "kg") as s:
        ingest(s, [str(_write(tmp_path / "a.jsonl", records[:10]))])
        assert s.views() is not None
        want = run_saved(s, "meetings").rows
    db = sqlite3.connect(tmp_path / "kg" / VIEWS_FILE)
    db.execute("UPDATE meta SET value = CAST(value AS INTEGER) - 1 WHERE key = 'generation'")
    db.commit()
    db.close()
    with Store(tmp_path / "kg") as s:
        assert s.views() is None  # as after a write the views never saw
        assert fastpath.answer(s, load_saved_queries()["meetings"], {}) is None
        assert run_saved(s, "meetings").rows == want  # from SPARQL
        ingest(s, [str(_write(tmp_path / "b.jsonl", records[10:12]))])
        assert s.views() is not None  # the write built them again
        assert mismatches(s) == []


def test_blank_nodes_turn_the_views_off(records, tmp_path):
    s = Store()
    ingest(s, [str(_write(tmp_path / "a.jsonl", records[:5]))])
    m = ox.BlankNode()
    s.replace_graph(ARTICLE + "bnode", [
        ox.Triple(m, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(DKG + "Meeting")),
        ox.Triple(m, ox.NamedNode(DKG + "party"), ox.NamedNode("https://w3id.org/diplokg/id/state/JP"))])
    assert s.views() is None
    assert any(r[0] is not None and isinstance(r[0], ox.BlankNode) for r in run_saved(s, "meetings").rows)


def test_views_can_be_turned_off(tmp_path, monkeypatch, records):
    monkeypatch.setenv("DIPLOKG_VIEWS", "0")
    with Store(tmp_path / "kg") as s:
        ingest(s, [str(_write(tmp_path / "a.jsonl", records[:3]))])
        assert s.views() is None and run_saved(s, "meetings").rows
    assert not (tmp_path / "kg" / VIEWS_FILE).exists()


def test_pages_are_slices_of_the_whole(records, tmp_path):
    s = Store()
    ingest(s, [str(_write(tmp_path / "a.jsonl", records))])
    whole = run_saved(s, "meetings").rows
    page = run_saved(s, "meetings", limit=7, offset=5)
    assert page.rows == whole[5:12] and page.total == len(whole)
    assert run_saved(s, "meetings", limit=7, offset=len(whole)).rows == []
