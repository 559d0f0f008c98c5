"""``evidence`` from the kept (node, row) entries (graph/store/evidencenodes.py) gives the rows,
order, pages and total its SPARQL gives, and stays exact as spans, facts and their nodes come
and go: spans whose rows tie on (article, start, end) or repeat each other, a fact that gains
a node, a node that is itself a span."""
from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from diplokg.graph.io.ingest import ingest
from diplokg.graph.queries.run import run_saved
from diplokg.graph.store import evidencenodes
from diplokg.graph.store.embedded import Store

from viewcheck import DKG, generator, mismatches

ARTICLE = "https://w3id.org/diplokg/id/article/"
ID = "https://w3id.org/diplokg/id/"
XSD_INT = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def dkg(local: str) -> ox.NamedNode:
    return ox.NamedNode(DKG + local)


@pytest.fixture(scope="module")
def records() -> list[dict]:
    g = generator()
    return [g.article(i)[0] for i in range(20)]


def _span(span: ox.NamedNode, article: str, text: str, start: int, end: int) -> list[ox.Triple]:
    return [ox.Triple(span, dkg("inArticle"), ox.NamedNode(ARTICLE + article)),
            ox.Triple(span, dkg("spanText"), ox.Literal(text)),
            ox.Triple(span, dkg("startOffset"), ox.Literal(str(start), datatype=XSD_INT)),
            ox.Triple(span, dkg("endOffset"), ox.Literal(str(end), datatype=XSD_INT))]


def _check(s: Store, nodes: list[str]) -> None:
    plans = [("evidence", {"node": n}) for n in nodes]
    assert mismatches(s, plans) == []
    for n in nodes:
        whole = run_saved(s, "evidence", {"node": n}).rows
        for limit, offset in ((1, 0), (2, 1), (3, len(whole) - 2), (5, len(whole))):
            page = run_saved(s, "evidence", {"node": n}, limit=limit, offset=max(offset, 0))
            assert page.rows == whole[max(offset, 0):max(offset, 0) + limit] and page.total == len(whole), (n, limit, offset)


def test_evidence_entries_stay_exact(tmp_path: Path, records):
    s = Store()
    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    ingest(s, [str(path)])
    state = next(iter(s.query(f"SELECT ?x WHERE {{ ?f <{DKG}party> ?x }} ORDER BY ?x LIMIT 1")))[0]
    fact, person = ox.NamedNode(ID + "meeting/edit"), ox.NamedNode(ID + "person/edit")
    spans = [ox.NamedNode(ID + f"span/edit-{i}") for i in range(4)]
    nodes = [state.value, fact.value, person.value, spans[0].value, spans[3].value]
    assert s.views() is not None
    assert not evidencenodes.may_tie(s.views().db)  # generated spans never share offsets
    _check(s, nodes)
    # a fact with four spans: two repeat each other, one ties with them on (article, start, end)
    # with another text, one is cited by the fact and is itself the fact's "node"
    s.replace_graph(ARTICLE + "edit-a", [
        ox.Triple(fact, TYPE, dkg("Meeting")), ox.Triple(fact, dkg("party"), state),
        *(ox.Triple(fact, dkg("evidence"), sp) for sp in spans),
        *_span(spans[0], "aaa", "Same words.", 5, 9), *_span(spans[1], "aaa", "Same words.", 5, 9),
        *_span(spans[2], "aaa", "Other words.", 5, 9), *_span(spans[3], "zzz", "Last.", 0, 4)])
    assert evidencenodes.may_tie(s.views().db)
    _check(s, nodes)
    # the fact gains a participant in another graph: the participant reaches its spans
    s.replace_graph(ARTICLE + "edit-b", [ox.Triple(fact, dkg("participant"), person)])
    assert len(run_saved(s, "evidence", {"node": person.value}).rows) == 3
    _check(s, nodes)
    # a span's offsets change (its place in the order), then the spans go, then the participant
    s.replace_graph(ARTICLE + "edit-a", [
        ox.Triple(fact, TYPE, dkg("Meeting")), ox.Triple(fact, dkg("party"), state),
        *(ox.Triple(fact, dkg("evidence"), sp) for sp in spans[1:]),
        *_span(spans[1], "aaa", "Same words.", 50, 90), *_span(spans[2], "aaa", "Other words.", 5, 9),
        *_span(spans[3], "aaa", "Last.", 0, 4)])
    _check(s, nodes)
    s.remove_graph(ARTICLE + "edit-a")
    _check(s, nodes)
    assert run_saved(s, "evidence", {"node": person.value}).rows == []
    s.remove_graph(ARTICLE + "edit-b")
    _check(s, nodes)
