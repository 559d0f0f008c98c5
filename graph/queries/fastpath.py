"""Saved queries answered from the row views (see :mod:`diplokg.graph.store.rowviews`).

:func:`answer` gives the rows a saved query would return, from the views file of an embedded
store, when it can promise the same rows in the same order: the store's views are current,
the query has a view pinned to its text, and the view can answer its parameters. Otherwise it
returns None and the caller runs the SPARQL, which stays the reference (and what a SPARQL
server given ``--endpoint`` runs).

Paging is SQL's: ``ORDER BY`` the query's sort keys, then ``LIMIT``/``OFFSET``; the total is a
``COUNT`` over the same selection.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Iterator

import pyoxigraph as ox

from diplokg.graph.store import evidencenodes
from diplokg.graph.store.mirror import path_sql, path_steps
from diplokg.graph.store.rowbuild import TYPE, dkg
from diplokg.graph.store.rowviews import EVIDENCE, PATH_PREFIXES, VIEWS, View, body_sha256
from diplokg.graph.store.viewdb import Decoder, ViewDB, encode

_DECODE = Decoder()


@dataclass
class Answer:
    """Rows of a saved query (a page of them) and how many there are in all."""

    variables: list[str]
    rows: Iterator[tuple]  # pyoxigraph terms, None where unbound; read as they come
    total: int


def answer(store, saved, values: dict, *, limit: int | None = None, offset: int = 0,
           count: bool = True) -> Answer | None:
    """The rows of ``saved`` bound to ``values`` from the views, or None (run the SPARQL)."""
    view = VIEWS.get(saved.name)
    views = getattr(store, "views", None)
    if view is None or views is None or view.rq_sha256 != _pin(saved.text):
        return None
    db: ViewDB | None = views()
    if db is None:
        return None
    terms = {}
    for name, value in values.items():
        if value is None:
            continue
        terms[name] = saved.param(name).rdf_term(value, saved.name)
    if view is EVIDENCE:
        return _evidence(db, terms, limit, offset, count)
    params = {p.name: p for p in view.params}
    if any(name not in params for name in terms):
        return None
    where, args = [], []
    for name, t in terms.items():
        p = params[name]
        ids = _resolve(db, t, p.classes)
        marks = ",".join("?" * len(ids)) or "NULL"
        # the query's EXISTS { ?key path ?sel }, over the mirrored graph
        where.append(f"r.key IN ({path_sql(p.path, PATH_PREFIXES, lambda c: _id(db, c), marks)})")
        args += ids * len(path_steps(p.path, PATH_PREFIXES))
    return _select(db, view, where, args, limit, offset, count)


def _id(db: ViewDB, cell: str) -> int:
    got = db.ids_of([cell])
    return got[0] if got else -1


@functools.lru_cache(maxsize=64)
def _pin(text: str) -> str:
    return body_sha256(text)


def _select(db: ViewDB, view: View, where: list[str], args: list, limit, offset, count: bool) -> Answer:
    t = view.rows
    cells = [f"r.c{i}" for i in range(len(t.cells))]
    sorts = [f"r.s{i}" for i in range(len(t.order))]
    distinct = "DISTINCT " if view.distinct else ""
    body = f"FROM {t.name} r" + (" WHERE " + " AND ".join(where) if where else "")
    total = -1
    if count:
        total = db.db.execute(f"SELECT COUNT(*) FROM (SELECT {distinct}{', '.join(cells)} {body})", args).fetchone()[0]
    order = ", ".join(sorts + cells)
    if view.distinct:
        # DISTINCT as a GROUP BY in the query's order: one sort does both (DISTINCT then ORDER BY
        # would build two temporary B-trees; ~40% of evidence's time for a frequent node)
        sql = f"SELECT {', '.join(cells + sorts)} {body} GROUP BY {order} ORDER BY {order}"
    else:
        sql = f"SELECT {', '.join(cells)} {body} ORDER BY {order}"
    sql, page = _page(sql, limit, offset)
    return Answer(list(t.cells), _rows(db.db.execute(sql, args + page), len(cells)), total)


def _evidence(db: ViewDB, terms: dict, limit, offset, count: bool) -> Answer | None:
    node = terms.get("node")
    if not isinstance(node, ox.NamedNode):
        return None
    n = _id(db, encode(node))
    if not evidencenodes.cites_as_span(db.db, n):
        return _evidence_pairs(db, n, limit, offset, count)
    ev, type_ = _id(db, dkg("evidence")), _id(db, TYPE)
    t = EVIDENCE.rows
    cells = [f"r.c{i}" for i in range(len(t.cells))]
    sorts = [f"r.s{i}" for i in range(len(t.order))]
    # ?node dkg:evidence|(^dkg:heldBy/dkg:evidence) ?span, or ?fact ?p ?node (not rdf:type)
    # with ?fact dkg:evidence ?span (the posts a person holds point at them by dkg:heldBy)
    spans = ("WITH spans(span) AS (SELECT o FROM graph WHERE s = ? AND p = ? "
             "UNION SELECT e.o FROM graph f JOIN graph e ON e.s = f.s AND e.p = ? "
             "WHERE f.o = ? AND f.p != ?) ")
    args = [n, ev, ev, n, type_]
    body = f"FROM {t.name} r JOIN spans ON r.key = spans.span"
    total = -1
    if count:
        total = db.db.execute(f"{spans}SELECT COUNT(*) FROM (SELECT DISTINCT {', '.join(cells)} {body})",
                              args).fetchone()[0]
    order = ", ".join(sorts + cells)
    sql = f"{spans}SELECT {', '.join(cells + sorts)} {body} GROUP BY {order} ORDER BY {order}"  # see _select
    sql, page = _page(sql, limit, offset)
    return Answer(list(t.cells), _rows(db.db.execute(sql, args + page), len(cells)), total)


def _evidence_pairs(db: ViewDB, n: int, limit, offset, count: bool) -> Answer:
    """``evidence`` from :mod:`~diplokg.graph.store.evidencenodes`: the node's entries are kept
    in the query's order, so the rows come from an index walk. Entries that tie on (article,
    start, end) are sorted by their cells, the query's order after its sort keys; equal rows are
    then next to each other (DISTINCT drops them). While no two evidence rows tie, a node has one
    entry per (article, start, end) and the index order is the whole order."""
    t = EVIDENCE.rows
    cells = ", ".join(f"r.c{i}" for i in range(len(t.cells)))
    body = (f"FROM {evidencenodes.TABLE} x JOIN {t.name} r ON r.key = x.span AND r.n = x.n "
            "WHERE x.node = ?")
    ties = evidencenodes.may_tie(db.db)
    total = -1
    if count:
        total = _evidence_count(db, n, cells, body, ties)
    order = "x.s0, x.s1, x.s2" + (f", {cells}" if ties else "")
    cursor = db.db.execute(f"SELECT {cells} {body} ORDER BY {order}", (n,))
    return Answer(list(t.cells), _distinct_page(cursor, limit, offset), total)


def _evidence_count(db: ViewDB, n: int, cells: str, body: str, ties: bool) -> int:
    entries = f"FROM {evidencenodes.TABLE} WHERE node = ?"
    total = db.db.execute(f"SELECT COUNT(*) {entries}", (n,)).fetchone()[0]
    if not ties:
        return total
    # two entries can hold equal rows only if they tie on (article, start, end): when no two
    # of this node's do, its entries are its distinct rows
    groups = db.db.execute(f"SELECT COUNT(*) FROM (SELECT 1 {entries} GROUP BY s0, s1, s2)", (n,)).fetchone()[0]
    if groups == total:
        return total
    return db.db.execute(f"SELECT COUNT(*) FROM (SELECT DISTINCT {cells} {body})", (n,)).fetchone()[0]


def _distinct_page(cursor, limit: int | None, offset: int) -> Iterator[tuple]:
    """Rows of ``cursor`` (ordered, equal rows adjacent) without repeats, ``offset`` skipped,
    at most ``limit``, decoded to terms."""
    get = _DECODE.__getitem__
    last = None
    skip, left = offset, limit
    try:
        if left is not None and left <= 0:
            return
        for row in cursor:
            if row == last:
                continue
            last = row
            if skip:
                skip -= 1
                continue
            yield tuple(map(get, row))
            if left is not None:
                left -= 1
                if not left:
                    return
    finally:
        cursor.close()


def _page(sql: str, limit: int | None, offset: int) -> tuple[str, list]:
    if limit is None and not offset:
        return sql, []
    return sql + " LIMIT ? OFFSET ?", [-1 if limit is None else limit, offset]


def _rows(cursor, n: int) -> Iterator[tuple]:
    get = _DECODE.__getitem__
    for row in cursor:
        yield tuple(map(get, row[:n] if len(row) > n else row))


_LCASE = ox.Store()


@functools.lru_cache(maxsize=1024)
def _lcase(value: str) -> str | None:
    """``LCASE(STR(?v))`` as Oxigraph computes it, as a cell (how the views keep labels)."""
    for sol in _LCASE.query(f"SELECT (LCASE(STR(?v)) AS ?l) WHERE {{ VALUES ?v {{ {value} }} }}"):
        low = sol[0]
        return None if low is None else encode(low)
    return None


def _resolve(db: ViewDB, t, classes: tuple[str, ...]) -> list[int]:
    """The nodes a ``label_or_iri`` value names (see the queries' resolution group): nodes of
    ``classes`` with an ``rdfs:label`` or ``skos:altLabel`` equal to it in any case, or the
    value itself when it is such a node's IRI."""
    class_ids = db.ids_of(list(classes))
    if not class_ids:
        return []
    own = db.ids_of([encode(t)]) if isinstance(t, ox.NamedNode) else []
    lkey = _lcase(str(t))
    marks = ",".join("?" * len(class_ids))
    sql = f"SELECT DISTINCT key FROM resolve WHERE c0 IN ({marks}) AND (c1 = ?"
    args = [*class_ids, lkey]
    if own:
        sql += " OR key = ?"
        args.append(own[0])
    return [r[0] for r in db.db.execute(sql + ")", args)]
