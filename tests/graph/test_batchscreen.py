"""A batch of articles is screened with each article in its own graph (graph/io/batchscreen.py)."""
from __future__ import annotations

import pytest

from diplokg.graph.io.ingest import Item, extract_item, validate_items
from diplokg.loaders.sources import SourceText, content_key

# one agreement node, a date in each article: each article conforms, their union does not
# (dkg:date takes at most one value)
_TEXTS = [
    "TOKYO, 3 May 2021 — Japan and Chile signed a Joint Statement on Maritime Cooperation on 3 May 2021 "
    "during the visit of Chile's President Ana Reyes to Tokyo.",
    "SANTIAGO, 9 June 2022 — Japan and Chile signed a Joint Statement on Maritime Cooperation on 9 June 2022 in Santiago.",
]


def _items() -> list[Item]:
    return [extract_item(SourceText(key=content_key(t), location=f"a{i}.txt", text=t), now="2026-01-01T00:00:00+00:00")
            for i, t in enumerate(_TEXTS)]


@pytest.fixture
def no_pyshacl(monkeypatch):
    import diplokg.graph.shapes.validate as validate

    def refuse(*_a, **_k):
        raise AssertionError("pySHACL ran: the screen flagged a conforming article")

    monkeypatch.setattr(validate, "_pyshacl", refuse)


def test_articles_that_conform_alone_pass_the_batch_screen_without_pyshacl(no_pyshacl):
    items = _items()
    assert b"2021-05-03" in items[0].ntriples and b"2022-06-09" in items[1].ntriples
    reports = validate_items(items, batch=2)
    assert [r.conforms and not r.results for r in reports] == [True, True]


def test_a_flagged_article_is_worded_alone_and_the_others_pass():
    good = _items()[0]
    bad = Item("bad.txt", "https://w3id.org/diplokg/id/article/bad",
               good.ntriples.replace(b'"2021-05-03"^^<http://www.w3.org/2001/XMLSchema#date>',
                                     b'"soon"^^<http://www.w3.org/2001/XMLSchema#date>'), kind="article")
    reports = validate_items([good, bad], batch=2)
    assert reports[0].conforms and not reports[0].results
    assert not reports[1].conforms
    assert any("date" in str(r.path) for r in reports[1].results)


def test_a_batch_with_blank_nodes_is_checked_item_by_item():
    from diplokg.graph.io.batchscreen import clean_items

    good = _items()[0]
    blank = Item("b.nt", "https://w3id.org/diplokg/id/article/b", b'_:x <http://example.org/p> "v" .\n', kind="graph")
    assert clean_items([good, blank]) is None
    assert clean_items([good]) == [True]
