"""Which evidence rows each node has, in the ``evidence`` query's order: ``evidence_nodes``.

``evidence`` for a node is the rows (``rows_evidence``) of the spans the node reaches: spans it
cites itself (``?node dkg:evidence ?span``) and the spans of any fact pointing at it
(``?fact ?p ?node``, ``?p`` not ``rdf:type``, ``?fact dkg:evidence ?span``; a post's
``dkg:heldBy`` its holder is one such fact). Finding those spans at query time costs as much as
the rows (a UNION over the graph, then a sort of every row to page them); here each (node, row)
pair is kept with the row's sort keys, ordered ``(node, s0, s1, s2)``, so a page is an index
walk that stops after its rows and the count is an index count.

Left out: pairs whose fact reaches the node by ``dkg:evidence`` itself (the node is then a
span; every span of a fact citing it would pair with every other, quadratic in the facts'
spans). A node that is the object of a ``dkg:evidence`` triple is answered from the graph
(:func:`cites_as_span`), as before.

The entries of a span are a function of the span: its rows and the nodes it reaches. A write
refreshes the entries of the spans it may have changed (:func:`touched_spans`), in the same
transaction as the rows.
"""
from __future__ import annotations

from typing import Iterable

from diplokg.graph.store.rowbuild import TYPE, dkg

TABLE = "evidence_nodes"
EVIDENCE = dkg("evidence")
TIES = "evidence_ties"  # meta key: see may_tie
_CHUNK = 500


def create(db) -> None:
    db.execute(f"DROP TABLE IF EXISTS {TABLE}")
    db.execute(f"CREATE TABLE {TABLE}(node INTEGER NOT NULL, s0 TEXT NOT NULL, s1 INTEGER NOT NULL, "
               "s2 INTEGER NOT NULL, span INTEGER NOT NULL, n INTEGER NOT NULL, "
               "PRIMARY KEY (node, s0, s1, s2, span, n)) WITHOUT ROWID")


def _index(db) -> None:
    db.execute(f"CREATE INDEX IF NOT EXISTS {TABLE}_span ON {TABLE}(span)")


def _ids(db) -> tuple[int, int]:
    got = dict(db.execute("SELECT term, id FROM terms WHERE term IN (?, ?)", (EVIDENCE, TYPE)).fetchall())
    return got.get(EVIDENCE, -1), got.get(TYPE, -1)


def _pairs(where: str) -> str:
    """(node, span) pairs, the spans restricted by ``where`` (``{span}`` names the column).

    A fact's triples are read as two ranges of its predicates, below and above dkg:evidence:
    a post cites thousands of spans, and reading all its triples for each of them (NOT IN)
    made a batch's refresh grow with the store."""
    facts = ("SELECT f.o, e.o FROM graph e JOIN graph f ON f.s = e.s AND f.p {cmp} ? AND f.p != ? "
             "JOIN terms t ON t.id = f.o AND t.term >= '<' AND t.term < '=' "  # the fact's IRI objects
             "WHERE e.p = ? AND " + where.format(span="e.o"))
    return ("SELECT s AS node, o AS span FROM graph WHERE p = ? AND " + where.format(span="o") +
            " UNION " + facts.format(cmp="<") + " UNION " + facts.format(cmp=">"))


def _insert(db, where: str, args: list, *, ordered: bool = False) -> None:
    ev, type_ = _ids(db)
    # ordered: in the table's order, so a full build appends to the B-tree
    db.execute(f"INSERT OR IGNORE INTO {TABLE} SELECT x.node, r.s0, {_offset('r.s1')} AS s1, "
               f"{_offset('r.s2')} AS s2, r.key, r.n FROM ({_pairs(where)}) x JOIN rows_evidence r ON r.key = x.span"
               + (" ORDER BY 1, 2, 3, 4, 5, 6" if ordered else ""),
               [ev, *args, ev, type_, ev, *args, ev, type_, ev, *args])


def _offset(sort_key: str) -> str:
    """An offset's sort key (``int``: "0" unbound, else "3" and 20 digits) as the integer it
    orders as, unbound -1: half the bytes of the text, in the same order."""
    return f"(CASE {sort_key} WHEN '0' THEN -1 ELSE CAST(substr({sort_key}, 2) AS INTEGER) END)"


def rebuild(db) -> None:
    """Every entry, from the mirror and ``rows_evidence`` (built first)."""
    create(db)
    _insert(db, "1", [], ordered=True)
    _index(db)
    tie = db.execute("SELECT 1 FROM rows_evidence GROUP BY s0, s1, s2 HAVING COUNT(*) > 1 LIMIT 1").fetchone()
    _set_ties(db, tie is not None)


def _set_ties(db, ties: bool) -> None:
    db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (TIES, "1" if ties else "0"))


def may_tie(db) -> bool:
    """Whether two evidence rows may share (article, start, end): then two entries of a node
    may hold equal rows, and its entries are not its count of distinct rows. Set when such
    rows are written, cleared only when every entry is built again."""
    row = db.execute("SELECT value FROM meta WHERE key = ?", (TIES,)).fetchone()
    return row is None or row[0] != "0"


def refresh(db, spans: Iterable[int]) -> None:
    """The entries of ``spans`` (term ids) built again."""
    spans = sorted(set(spans))
    for start in range(0, len(spans), _CHUNK):
        chunk = spans[start:start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        db.execute(f"DELETE FROM {TABLE} WHERE span IN ({marks})", chunk)
        _insert(db, "{span} IN (" + marks + ")", chunk)
        if not may_tie(db) and db.execute(
                "SELECT 1 FROM rows_evidence a JOIN rows_evidence b ON b.s0 = a.s0 AND b.s1 = a.s1 "
                f"AND b.s2 = a.s2 AND (b.key != a.key OR b.n != a.n) WHERE a.key IN ({marks}) LIMIT 1",
                chunk).fetchone():
            _set_ties(db, True)


def touched_spans(db, triples: Iterable[tuple[str, str, str]], row_keys: Iterable[int]) -> set[int]:
    """The spans whose entries a write may have changed: those whose rows were built again
    (``row_keys``), the objects of changed ``dkg:evidence`` triples, and every span of a fact
    that gained or lost a triple to a node (the mirror as it is after the write)."""
    spans = set(row_keys)
    cited, facts = set(), set()
    for s, p, o in triples:
        if p == EVIDENCE:
            cited.add(o)
        elif p != TYPE and o[0] == "<":
            facts.add(s)
    ev, _type = _ids(db)
    for cells, sql in ((cited, "SELECT id FROM terms WHERE term IN ({})"),
                       (facts, "SELECT g.o FROM terms t JOIN graph g ON g.s = t.id AND g.p = ? WHERE t.term IN ({})")):
        cells = list(cells)
        for start in range(0, len(cells), _CHUNK):
            chunk = cells[start:start + _CHUNK]
            args = chunk if "g.p" not in sql else [ev, *chunk]
            spans.update(r[0] for r in db.execute(sql.format(",".join("?" * len(chunk))), args))
    return spans


def cites_as_span(db, node: int) -> bool:
    """Whether ``node`` is the object of a ``dkg:evidence`` triple (its pairs are not kept)."""
    ev, _type = _ids(db)
    return db.execute("SELECT 1 FROM graph WHERE o = ? AND p = ? LIMIT 1", (node, ev)).fetchone() is not None
