"""Keeping the views file in step with the store (see :mod:`diplokg.graph.store.rowviews`).

:class:`diplokg.graph.store.embedded.Store` calls :meth:`ViewSync.apply` after each write with
what the write did to the default graph (a :class:`Change`) and the store's new generation.
When the views file was current before the write, the change goes into the mirror
(:mod:`diplokg.graph.store.mirror`) triple by triple, and the keys whose rows the changed
triples can touch are built again; otherwise (a first write after a crash or a foreign write,
a new version of the views, the ontology reloaded) everything is built from the store. Either
way the file records the new generation in the same SQLite transaction as its rows.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Iterable

import pyoxigraph as ox

from diplokg.graph.store import evidencenodes
from diplokg.graph.store.mirror import Mirror, MirrorFetch, canonical, tsv_rows
from diplokg.graph.store.rowbuild import DKG, SUBCLASS_OF
from diplokg.graph.store.rowviews import PATH_PREFIXES, TABLES, Table, definitions_sha256
from diplokg.graph.store.viewdb import Unsupported, ViewDB, check_name, sort_key

_CHUNK = 5000
#: a change to more than this share of the mirror builds every row again (cheaper in bulk)
_REBUILD_SHARE = 0.3


@dataclass
class Change:
    """What one write did to the default graph: triples that may have left it (as cells, read
    from the store before the write) and triples that were written to it (N-Triples bytes, or
    pyoxigraph triples). Triples in both stay."""

    removed: list[tuple[str, str, str]] = field(default_factory=list)
    added: bytes | list = b""


def removed_by_replacing(store: ox.Store, graph: ox.NamedNode) -> list[tuple[str, str, str]]:
    """The triples that leave the default graph when named graph ``graph`` is dropped (no other
    named graph asserts them): asked before the write, by the process that holds the store."""
    return tsv_rows(store, f"SELECT ?s ?p ?o WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} "
                           f"FILTER NOT EXISTS {{ GRAPH ?h {{ ?s ?p ?o }} FILTER(?h != {graph}) }} }}")


class Delta:
    """Triples (as cells) that entered or left the default graph in one write."""

    def __init__(self, triples: Iterable[tuple[str, str, str]]):
        self.triples = list(triples)
        self._by: dict[str, tuple[set, set]] = {}
        for s, p, o in self.triples:
            subjects, objects = self._by.setdefault(p, (set(), set()))
            subjects.add(s)
            objects.add(o)
        self._entries: dict = {}

    def __len__(self) -> int:
        return len(self.triples)

    def entries(self, predicates: frozenset[str] | None, incoming: bool) -> set[str]:
        """The subjects (objects, when ``incoming``) of the changed triples with one of
        ``predicates`` (None: any), nodes only."""
        key = (predicates, incoming)
        if key not in self._entries:
            found: set[str] = set()
            for p, (subjects, objects) in self._by.items():
                if predicates is None or p in predicates:
                    found |= objects if incoming else subjects
            self._entries[key] = {n for n in found if n[0] in "<_"}
        return self._entries[key]

    def touches_schema(self) -> bool:
        """A change to a class (its label, its superclasses): every view is built again."""
        return SUBCLASS_OF in self._by or any(s.startswith("<" + DKG) for s, _p, _o in self.triples)


def snapshot_views(generation: int, folder) -> ViewDB | None:
    """The views file in a snapshot's ``folder`` (read-only), when it holds the rows of the
    snapshot as it is (its store at ``generation``: :func:`diplokg.graph.store.embedded.store_generation`);
    else None."""
    from pathlib import Path

    from diplokg.graph.store.viewdb import VIEWS_FILE

    path = Path(folder) / VIEWS_FILE
    if not path.exists():
        return None
    db = ViewDB(path, read_only=True)
    if db.state() != (generation, definitions_sha256()) or db.meta("unsupported"):
        db.close()
        return None
    return db


class ViewSync:
    """Maintains the views file ``db`` of the pyoxigraph store ``store``."""

    def __init__(self, store: ox.Store, db: ViewDB, tables: tuple[Table, ...] = TABLES):
        self.store = store
        self.db = db
        self.mirror = Mirror(db)
        self.tables = tables
        self.definitions = definitions_sha256()
        self.last_seconds = 0.0
        self._size = None

    def current(self, generation: int) -> bool:
        return self.db.state() == (generation, self.definitions)

    def apply(self, change: Change | None, generation: int, *, was_current: bool) -> None:
        """Bring the file to ``generation`` after a write that made ``change`` (None: unknown,
        build everything)."""
        t0 = time.perf_counter()
        if self.db.meta("unsupported") and self.db.meta("definitions") == self.definitions:
            return  # off until the views change (see Unsupported)
        try:
            if change is not None and was_current and not self._large(change):
                self._update(change, generation)
            else:
                self.rebuild(generation)
        except Unsupported as exc:
            with self.db.transaction():
                self.db.set_meta("generation", None)
                self.db.set_meta("definitions", self.definitions)
                self.db.set_meta("unsupported", str(exc))
        self.last_seconds = time.perf_counter() - t0

    def _large(self, change: Change) -> bool:
        """Whether ``change`` adds so much (a bulk load) that reading the whole store again is
        cheaper than turning each added triple into cells and probing the mirror for it."""
        added = change.added.count(b"\n") if isinstance(change.added, bytes) else len(change.added)
        if added < _CHUNK:
            return False
        if self._size is None:
            self._size = self.mirror.size()
        return added > _REBUILD_SHARE * max(self._size, 1)

    # -- building from scratch ---------------------------------------------------------------

    def rebuild(self, generation: int) -> None:
        """The mirror read again from the store, then every table."""
        with self.db.transaction():
            keep = {"meta", "terms", "graph", evidencenodes.TABLE} | {t.name for t in self.tables}
            for (name,) in self.db.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
                if name not in keep:  # a table of an earlier version of the views
                    self.db.db.execute(f"DROP TABLE {check_name(name)}")
            self.mirror.create()
            predicates = [p for (p,) in tsv_rows(self.store, "SELECT DISTINCT ?p WHERE { ?s ?p ?o }")]
            for p in predicates:
                self.mirror.load((s, p, o) for s, o in tsv_rows(self.store, f"SELECT ?s ?o WHERE {{ ?s {p}> ?o }}"))
            self.mirror.index()
            self._rebuild_rows()
            self._finish(generation)
        self.mirror.trim()  # the load needed every id; later writes need few of them
        self.db.set_meta("unsupported", None)

    def _rebuild_rows(self) -> None:
        fetch = MirrorFetch(self.mirror, PATH_PREFIXES, full=True)
        for t in self.tables:
            rows = t.build(fetch, fetch.keys(t.key_classes, t.key_predicate))
            _create(self.db.db, t)
            self._insert(t, rows)
            _index(self.db.db, t)
        if self._keeps_evidence():
            evidencenodes.rebuild(self.db.db)
        self._size = self.mirror.size()

    def _keeps_evidence(self) -> bool:
        return any(t.name == "rows_evidence" for t in self.tables)

    def _finish(self, generation: int) -> None:
        self.db.set_meta("generation", str(generation))
        self.db.set_meta("definitions", self.definitions)

    # -- one write's worth -------------------------------------------------------------------

    def _update(self, change: Change, generation: int) -> None:
        added = canonical(change.added) if change.added else []
        with self.db.transaction():
            added_set = set(added)
            gone = self.mirror.remove(t for t in change.removed if t not in added_set)
            new = self.mirror.add(added)
            delta = Delta(gone + new)
            if self._size is None:
                self._size = self.mirror.size()
            self._size += len(new) - len(gone)
            if delta.touches_schema() or len(delta) > _REBUILD_SHARE * max(self._size, 1):
                self.mirror.index()
                self._rebuild_rows()
            elif delta.triples:
                fetch = MirrorFetch(self.mirror, PATH_PREFIXES, full=False)
                rebuilt_spans: set[str] = set()
                for t in self.tables:
                    candidates = self._affected(fetch, t, delta)
                    if not candidates:
                        continue
                    keys = fetch.keys(t.key_classes, t.key_predicate, among=candidates)
                    rows = t.build(fetch, keys)
                    old = self.mirror.term_ids(candidates, create=False)
                    self.db.db.executemany(f"DELETE FROM {t.name} WHERE key = ?",
                                           ((old[c],) for c in candidates if c in old))
                    self._insert(t, rows)
                    if t.name == "rows_evidence":
                        rebuilt_spans = candidates
                if self._keeps_evidence():
                    keys = self.mirror.term_ids(rebuilt_spans, create=False).values()
                    evidencenodes.refresh(self.db.db, evidencenodes.touched_spans(self.db.db, delta.triples, keys))
            self._finish(generation)

    @staticmethod
    def _affected(fetch: MirrorFetch, table: Table, delta: Delta) -> set[str]:
        keys: set[str] = set()
        for e in table.depends:
            entries = delta.entries(e.predicates, e.incoming)
            if entries:
                keys |= entries if not e.path else fetch.reverse(e.path, entries)
        return keys

    def _insert(self, t: Table, rows: dict[str, set[tuple]]) -> None:
        nodes = set(rows)
        for row_set in rows.values():
            for row in row_set:
                nodes.update(row[i] for i in t.node_cells if row[i] is not None)
        if any(n[0] == "_" for n in nodes):
            raise Unsupported("a view would hold a blank node")
        ids = self.mirror.term_ids(nodes, create=True)
        node_cells = t.node_cells
        records = []
        for key, row_set in rows.items():
            kid = ids[key]
            for n, row in enumerate(row_set):
                if any(c is not None and c[0] == "_" for c in row):
                    raise Unsupported("a view would hold a blank node")
                cells = [ids[c] if i in node_cells and c is not None else c for i, c in enumerate(row)]
                if t.order:
                    records.append((kid, n, *cells, *(sort_key(get(row), kind) for get, kind in t.order)))
                else:
                    records.append((kid, *cells))
        if records:
            marks = ",".join("?" * len(records[0]))
            self.db.db.executemany(f"INSERT INTO {t.name} VALUES ({marks})", records)


def _columns(t: Table) -> list[str]:
    cols = ["key INTEGER NOT NULL"] + (["n INTEGER NOT NULL"] if t.order else [])
    cols += [f"c{i} {'INTEGER' if i in t.node_cells else 'TEXT'}" for i in range(len(t.cells))]
    cols += [f"s{i} TEXT NOT NULL" for i in range(len(t.order))]
    return cols


def _create(db, t: Table) -> None:
    check_name(t.name)
    db.execute(f"DROP TABLE IF EXISTS {t.name}")
    if t.order:
        # stored in the query's order (the primary key leads with the sort keys), so reading
        # every row in order, or the first page, is a sequential scan
        pk = ", ".join([f"s{i}" for i in range(len(t.order))] + ["key", "n"])
        db.execute(f"CREATE TABLE {t.name} ({', '.join(_columns(t))}, PRIMARY KEY ({pk})) WITHOUT ROWID")
    else:
        db.execute(f"CREATE TABLE {t.name} ({', '.join(_columns(t))})")


def _index(db, t: Table) -> None:
    if t.name == "resolve":
        db.execute(f"CREATE INDEX {t.name}_key ON {t.name}(key)")
    else:
        # covering: the rows a parameter selects are read from the index alone, side by side,
        # not looked up one by one in the table stored in the query's order (half the time of a
        # selective query, for about a third more file)
        rest = [c.split()[0] for c in _columns(t)[1:]]
        db.execute(f"CREATE INDEX {t.name}_key ON {t.name}(key, {', '.join(rest)})")
    if t.name == "resolve":
        db.execute("CREATE INDEX resolve_lkey ON resolve(c1)")
