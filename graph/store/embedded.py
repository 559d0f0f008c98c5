"""The embedded on-disk store: a facade over :class:`pyoxigraph.Store`.

Layout (see ``docs/model.md``, "Store layout"):

* one named graph per article, named by the article IRI;
* the ontology and its concept schemes in the named graph ``dkgg:ontology``;
* the *default graph* is the de-duplicated union of those named graphs, maintained in the same
  transaction as every graph replacement: a triple leaves it only when no named graph asserts
  it any more. Saved queries read the default graph (Oxigraph's own union default graph keeps
  one copy per graph and makes joins explode);
* store bookkeeping (format version, hash of the loaded ontology) in the named graph
  ``dkgg:store``, which is *not* part of the default graph.

Only this module knows that the store is Oxigraph.

>>> s = Store()                       # in memory
>>> g = "https://w3id.org/diplokg/id/article/x"
>>> t = ox.Triple(ox.NamedNode("https://e.org/a"), ox.NamedNode("https://e.org/p"), ox.Literal("b"))
>>> s.replace_graph(g, [t])
1
>>> s.count(), s.count(g)
(1, 1)
>>> s.replace_graph(g, [])
0
>>> s.count()
0
"""
from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import pyoxigraph as ox

from diplokg.graph.model.errors import StoreBusyError, StoreError

#: The store folder used when neither ``--store`` nor ``$DIPLOKG_STORE`` is given.
DEFAULT_STORE = ".diplokg"
STORE_ENV = "DIPLOKG_STORE"
LOCK_TIMEOUT_ENV = "DIPLOKG_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT = 5.0

ONTOLOGY_GRAPH = "https://w3id.org/diplokg/graph/ontology"
STORE_GRAPH = "https://w3id.org/diplokg/graph/store"
_META = "https://w3id.org/diplokg/store#"
_GENERATION = _META + "generation"
#: ``0`` turns the row views off (queries run as SPARQL; writes do not maintain them)
VIEWS_ENV = "DIPLOKG_VIEWS"
STORE_FORMAT_VERSION = "1"

_XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_INTEGER = ox.NamedNode(_XSD + "integer")
#: Oxigraph stores every integer-derived literal as xsd:integer ("5"^^xsd:nonNegativeInteger
#: comes back as "5"^^xsd:integer); reads put back the datatype the ontology declares.
_INTEGER_DERIVED = frozenset(_XSD + t for t in (
    "nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger", "long", "int",
    "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte"))

#: Named graphs that hold no article.
RESERVED_GRAPHS = frozenset({ONTOLOGY_GRAPH, STORE_GRAPH})


def store_path(path: str | os.PathLike | None = None) -> Path:
    """The store folder: ``path``, else ``$DIPLOKG_STORE``, else ``./.diplokg``."""
    if path:
        return Path(path)
    return Path(os.environ.get(STORE_ENV) or DEFAULT_STORE)


def _lock_timeout() -> float:
    try:
        return float(os.environ.get(LOCK_TIMEOUT_ENV, DEFAULT_LOCK_TIMEOUT))
    except ValueError:
        return DEFAULT_LOCK_TIMEOUT


def _is_lock_error(exc: OSError) -> bool:
    msg = str(exc).lower()
    return "lock" in msg and ("temporarily unavailable" in msg or "lock hold" in msg or "no locks" in msg)


def term(value: str | ox.NamedNode | ox.BlankNode) -> ox.NamedNode | ox.BlankNode:
    """A graph name as a pyoxigraph term (IRIs may be given as plain strings)."""
    return ox.NamedNode(value) if isinstance(value, str) else value


class Store:
    """A diplokg store on disk (``path``) or in memory (``path=None``).

    Opening waits up to ``lock_timeout`` seconds (default ``$DIPLOKG_LOCK_TIMEOUT`` or 5) for
    another process to let go of the store, then raises :class:`StoreBusyError`.
    With ``create=False`` a missing store is an error instead of being created.
    """

    def __init__(self, path: str | os.PathLike | None = None, *, create: bool = True,
                 lock_timeout: float | None = None):
        self.path = Path(path) if path is not None else None
        self._store: ox.Store | None = None
        self._ranges: dict | None = None
        self._views = None  # diplokg.graph.store.viewsync.ViewSync, when the views are kept
        if self.path is None:
            self._store = ox.Store()
            self._open_views()
            return
        self._check_path(create)
        timeout = _lock_timeout() if lock_timeout is None else lock_timeout
        deadline = time.monotonic() + timeout
        while True:
            try:
                self._store = ox.Store(str(self.path))
                break
            except OSError as exc:
                if not _is_lock_error(exc):
                    raise StoreError(f"{self.path}: cannot open the store: {exc}") from None
                if time.monotonic() >= deadline:
                    raise StoreBusyError(
                        f"{self.path}: store is busy (another diplokg process is using it; "
                        f"waited {timeout:g} s)") from None
                time.sleep(0.1)
        self._open_views()
        self._roll_back_pending()

    def _check_path(self, create: bool) -> None:
        p = self.path
        assert p is not None
        if p.exists() and not p.is_dir():
            raise StoreError(f"{p}: store path is a file, not a folder")
        if not p.exists():
            if not create:
                raise StoreError(f"{p}: no store here (run `diplokg ingest` first, or pass --store)")
            return
        if not (p / "CURRENT").exists() and any(p.iterdir()):
            raise StoreError(f"{p}: not a diplokg store (the folder holds other files)")
        if not (p / "CURRENT").exists() and not create:
            raise StoreError(f"{p}: no store here (run `diplokg ingest` first, or pass --store)")

    # -- lifecycle ---------------------------------------------------------------------------

    @property
    def oxigraph(self) -> ox.Store:
        if self._store is None:
            raise StoreError(f"{self.path}: the store is closed")
        return self._store

    def flush(self) -> None:
        """Write buffered changes to disk; a long ingest calls this so memory stays flat."""
        if self._store is not None:
            self._store.flush()

    def close(self) -> None:
        """Let go of the store (and of its lock)."""
        if self._store is not None:
            try:
                self._store.flush()
            except OSError:
                pass
        self._store = None
        if self._views is not None:
            self._views.db.close()
            self._views = None

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- reading -----------------------------------------------------------------------------

    def graph_names(self) -> list[str]:
        """Every named graph, sorted."""
        return sorted(g.value for g in self.oxigraph.named_graphs() if isinstance(g, ox.NamedNode))

    def article_graphs(self) -> list[str]:
        """The named graphs that hold articles (all but the ontology and bookkeeping graphs)."""
        return [g for g in self.graph_names() if g not in RESERVED_GRAPHS]

    def has_graph(self, name: str) -> bool:
        return self.oxigraph.contains_named_graph(term(name))

    def triples(self, graph: str | None = None) -> Iterator[ox.Triple]:
        """The triples of a named graph, or of the default (merged) graph when ``graph`` is None.

        Integer literals get back the datatype the ontology declares for their property
        (see :meth:`restore`).
        """
        g = ox.DefaultGraph() if graph is None else term(graph)
        for q in self.oxigraph.quads_for_pattern(None, None, None, g):
            yield self.restore(q.triple)

    def restore(self, t: ox.Triple) -> ox.Triple:
        """``t`` with an xsd:integer object retyped to its property's declared integer subtype.

        Oxigraph stores ``"5"^^xsd:nonNegativeInteger`` as ``"5"^^xsd:integer``; the ontology
        (``rdfs:range``) says which type the data had.
        """
        o = t.object
        if isinstance(o, ox.Literal) and o.datatype == _XSD_INTEGER:
            dt = self.declared_integer_ranges().get(t.predicate)
            if dt is not None:
                return ox.Triple(t.subject, t.predicate, ox.Literal(o.value, datatype=dt))
        return t

    def declared_integer_ranges(self) -> dict:
        """``{property: datatype}`` for the ontology's properties ranging over integer subtypes."""
        if self._ranges is None:
            rng = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#range")
            self._ranges = {
                q.subject: q.object
                for q in self.oxigraph.quads_for_pattern(None, rng, None, ox.NamedNode(ONTOLOGY_GRAPH))
                if isinstance(q.object, ox.NamedNode) and q.object.value in _INTEGER_DERIVED
            }
        return self._ranges

    def count(self, graph: str | None = None) -> int:
        """How many triples a named graph (or the default graph) holds."""
        return sum(1 for _ in self.triples(graph))

    def query(self, sparql: str, **kwargs):
        """Run SPARQL on the default graph; pyoxigraph's raw result (see :mod:`diplokg.graph.queries.run`)."""
        return self.oxigraph.query(sparql, **kwargs)

    def size_on_disk(self) -> int:
        """Bytes used by the store folder (0 in memory)."""
        if self.path is None or not self.path.exists():
            return 0
        return sum(f.stat().st_size for f in self.path.rglob("*") if f.is_file())

    # -- writing -----------------------------------------------------------------------------

    def replace_graph(self, name: str, triples: Iterable[ox.Triple | ox.Quad] | bytes) -> int:
        """Replace named graph ``name`` with ``triples`` in ONE transaction; returns its size.

        ``triples`` may also be N-Triples bytes. The default graph follows: the old graph's
        triples that no other named graph asserts leave it, the new ones join it. Either all of
        this happens or none of it does. Blank nodes stay local to the graph (they are never
        shared with another graph).
        """
        if name == STORE_GRAPH:
            raise StoreError(f"{name}: reserved graph name")
        g = term(name)
        if not isinstance(triples, bytes):
            triples = list(triples)
        before = self._before_write()
        change = None
        if before is not None:
            from diplokg.graph.store.viewsync import Change, removed_by_replacing

            change = Change(removed_by_replacing(self.oxigraph, g), triples)
        body = triples.decode("utf-8").strip() if isinstance(triples, bytes) else _ntriples_body(triples)
        ops = [
            f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} "
            f"FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != {g}) }} }}",
            f"DROP SILENT GRAPH {g}",
        ]
        if body:
            # one INSERT DATA, so a blank node label names the same node in both copies
            ops.append(f"INSERT DATA {{\n{body}\nGRAPH {g} {{\n{body}\n}} }}")
        ops.append(_bump_generation())
        self._update(" ;\n".join(ops))
        self._after_write(before, change)
        return self.count(name)

    def commit_graphs(self, graphs: Sequence[tuple[str, Sequence[ox.Triple] | bytes]]) -> list[int]:
        """Commit several graphs, each replacing any earlier version; returns their sizes.

        A graph is given as triples or as N-Triples bytes of distinct triples (as rdflib
        writes a graph). Blank nodes stay local to their graph, as with :meth:`replace_graph`.

        The graphs the store does not hold yet are written together by :meth:`_add_new_graphs`,
        with their copies in the default graph (a set: a triple it already holds is not added
        twice). That is the common case of an ingest, and several times cheaper than an update
        per graph. Graphs that replace an earlier version go through :meth:`replace_graph` one
        by one, as does a name repeated in ``graphs`` (the last one wins, as if committed in order).
        """
        sizes: list[int] = []
        new: dict[str, bytes] = {}
        for name, triples in graphs:
            if name == STORE_GRAPH:
                raise StoreError(f"{name}: reserved graph name")
            if name in new:
                self._add_new_graphs(new)
                new = {}
                sizes.append(self.replace_graph(name, triples))
            elif self.has_graph(name):
                sizes.append(self.replace_graph(name, triples))
            else:
                if not isinstance(triples, bytes):
                    triples = ntriples({t.triple if isinstance(t, ox.Quad) else t for t in triples})
                if b"_:" in triples:
                    # Oxigraph relabels blank nodes on every load, so a graph's two copies
                    # must be written by one update (rare: the loaders write none)
                    sizes.append(self.replace_graph(name, triples))
                    continue
                new[name] = triples
                sizes.append(triples.count(b"\n"))
        self._add_new_graphs(new)
        return sizes

    def _add_new_graphs(self, graphs: dict[str, bytes]) -> None:
        """Write graphs the store does not hold (N-Triples bytes), and their default-graph copies.

        Oxigraph's bulk loader is several times faster than a transaction (and leaves no
        write-ahead log behind) but is not atomic, so the write is bracketed: the graph names
        are recorded as *pending* (a small transaction), the named graphs are written, then the
        default-graph copies, then the record is cleared. A store opened with a pending record
        was cut off mid-write; :meth:`_roll_back_pending` removes those graphs. Because the
        named graphs are complete before any copy is written, every copy it finds is in a
        pending graph. In memory (nothing survives a crash) one plain transaction does it all.
        """
        graphs = {g: nt for g, nt in graphs.items() if nt.strip()}
        if not graphs:
            return
        assert not any(b"_:" in nt for nt in graphs.values()), "blank nodes go through replace_graph"
        named = b"".join(in_graph(g, nt) for g, nt in graphs.items())
        self.add_new_graphs(list(graphs), named, b"".join(graphs.values()))

    def add_new_graphs(self, names: Sequence[str], named: bytes, copies: bytes) -> None:
        """Write graphs the store does not hold: ``named`` is their N-Quads, ``copies`` the
        N-Triples of their default-graph copies. Neither may hold a blank node. See
        :meth:`_add_new_graphs` for how a cut-off write is undone."""
        before = self._before_write()
        try:
            if self.path is None:
                self.oxigraph.load(named + copies, format=ox.RdfFormat.N_QUADS)
                self._update(_bump_generation())
            else:
                self._update(self._pending_update(insert=list(names)) + " ;\n" + _bump_generation())
                self.oxigraph.bulk_load(named, format=ox.RdfFormat.N_QUADS)
                self.oxigraph.bulk_load(copies, format=ox.RdfFormat.N_TRIPLES)
                self._update(self._pending_update(insert=[]))
        except OSError as exc:
            raise StoreError(f"{self.path}: write failed: {exc}") from None
        except SyntaxError as exc:  # we wrote it: a bug, not a user error
            raise RuntimeError(f"internal N-Quads are malformed: {exc}") from exc
        if before is not None:
            from diplokg.graph.store.viewsync import Change

            self._after_write(before, Change([], copies))

    def _pending_update(self, insert: list[str]) -> str:
        s, g, p = ox.NamedNode(STORE_GRAPH), ox.NamedNode(STORE_GRAPH), ox.NamedNode(_META + "pendingGraph")
        update = f"DELETE WHERE {{ GRAPH {g} {{ {s} {p} ?o }} }}"
        if insert:
            body = "\n".join(f"{s} {p} {term(name)} ." for name in insert)
            update += f" ;\nINSERT DATA {{ GRAPH {g} {{\n{body}\n}} }}"
        return update

    def _roll_back_pending(self) -> list[str]:
        """Remove the graphs an interrupted :meth:`_add_new_graphs` left half-written."""
        s, g, p = ox.NamedNode(STORE_GRAPH), ox.NamedNode(STORE_GRAPH), ox.NamedNode(_META + "pendingGraph")
        pending = [q.object.value for q in self.oxigraph.quads_for_pattern(s, p, None, g)
                   if isinstance(q.object, ox.NamedNode)]
        for name in pending:
            self.replace_graph(name, [])
        if pending:
            self._update(self._pending_update(insert=[]))
        return pending

    def remove_graph(self, name: str) -> None:
        """Remove an article graph (and the triples only it asserted from the default graph)."""
        self.replace_graph(name, [])

    def _update(self, update: str) -> None:
        try:
            self.oxigraph.update(update)
        except SyntaxError as exc:  # we built it: a bug, not a user error
            raise RuntimeError(f"internal update is malformed: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"{self.path}: write failed: {exc}") from None

    # -- bookkeeping -------------------------------------------------------------------------

    def meta(self, key: str) -> str | None:
        """A value kept in the bookkeeping graph."""
        quads = self.oxigraph.quads_for_pattern(
            ox.NamedNode(STORE_GRAPH), ox.NamedNode(_META + key), None, ox.NamedNode(STORE_GRAPH))
        for q in quads:
            return q.object.value
        return None

    def _meta_update(self, values: dict[str, str]) -> str:
        s, g = ox.NamedNode(STORE_GRAPH), ox.NamedNode(STORE_GRAPH)
        parts = []
        for key, value in values.items():
            p = ox.NamedNode(_META + key)
            parts.append(f"DELETE WHERE {{ GRAPH {g} {{ {s} {p} ?o }} }} ;\n"
                         f"INSERT DATA {{ GRAPH {g} {{ {s} {p} {ox.Literal(value)} }} }} ;\n")
        return "".join(parts)

    def ensure_ontology(self, *, content_hash: str | None = None, graph_factory=None) -> bool:
        """Load the ontology into ``dkgg:ontology`` unless the same version is already there.

        ``content_hash`` identifies the ontology's source (default: a hash of the ontology
        files); ``graph_factory`` returns it as an rdflib Graph (default: ``diplokg.graph.model.ontology``).
        Returns True when the graph was (re)loaded.
        """
        if content_hash is None:
            content_hash = ontology_source_hash()
        if self.meta("ontologyHash") == content_hash and self.has_graph(ONTOLOGY_GRAPH):
            return False
        if graph_factory is None:
            from diplokg.graph.model.ontology import ontology_graph as graph_factory  # noqa: N813
        triples = rdflib_to_triples(graph_factory())
        body = _ntriples_body(triples)
        g = ox.NamedNode(ONTOLOGY_GRAPH)
        update = (
            f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} "
            f"FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != {g}) }} }} ;\n"
            f"DROP SILENT GRAPH {g} ;\n"
            f"INSERT DATA {{\n{body}\nGRAPH {g} {{\n{body}\n}} }} ;\n"
            + self._meta_update({"ontologyHash": content_hash, "formatVersion": STORE_FORMAT_VERSION})
            + _bump_generation()
        )
        before = self._before_write()
        self._update(update)
        self._ranges = None
        self._after_write(before, None)  # the classes' labels changed: every view is rebuilt
        return True

    # -- row views (diplokg.graph.store.rowviews) ---------------------------------------------

    def generation(self) -> int:
        """How many writes the store has had: raised in the same transaction as each write,
        so the views file can tell whether it holds this store's rows."""
        return store_generation(self.oxigraph)

    def views(self):
        """The views file when it holds this store's rows as they are now, else None (then the
        saved queries run as SPARQL)."""
        sync = self._views
        if sync is None or not sync.current(self.generation()):
            return None
        return sync.db

    def rebuild_views(self) -> bool:
        """Build the views file from scratch; False when the views are off."""
        if self._views is None:
            return False
        self._views.rebuild(self.generation())
        return True

    def _open_views(self) -> None:
        if os.environ.get(VIEWS_ENV, "1") == "0":
            return
        from diplokg.graph.store.viewdb import VIEWS_FILE, ViewDB
        from diplokg.graph.store.viewsync import ViewSync

        db = ViewDB(None if self.path is None else self.path / VIEWS_FILE)
        self._views = ViewSync(self.oxigraph, db)

    def _before_write(self):
        """``(ViewSync, whether the views were current)`` before a write; None when they are off."""
        if self._views is None:
            return None
        return self._views, self._views.current(self.generation())

    def _after_write(self, before, change) -> None:
        if before is not None:
            sync, was_current = before
            sync.apply(change, self.generation(), was_current=was_current)


def store_generation(store: ox.Store) -> int:
    """:meth:`Store.generation` of a pyoxigraph store (a read-only snapshot, say)."""
    s, p = ox.NamedNode(STORE_GRAPH), ox.NamedNode(_GENERATION)
    for q in store.quads_for_pattern(s, p, None, s):
        return int(q.object.value)
    return 0


def _bump_generation() -> str:
    """The update operation that raises the store's generation by one (see :meth:`Store.generation`)."""
    s, p = ox.NamedNode(STORE_GRAPH), ox.NamedNode(_GENERATION)
    return (f"DELETE {{ GRAPH {s} {{ {s} {p} ?old }} }} INSERT {{ GRAPH {s} {{ {s} {p} ?new }} }} "
            f"WHERE {{ OPTIONAL {{ GRAPH {s} {{ {s} {p} ?old }} }} BIND(COALESCE(?old + 1, 1) AS ?new) }}")


def ntriples(triples: Iterable[ox.Triple | ox.Quad]) -> bytes:
    """Triples (a quad's graph is dropped) as N-Triples: one triple per line, each ending " .\\n"."""
    return "".join(f"{t.subject} {t.predicate} {t.object} .\n"
                   for t in (q.triple if isinstance(q, ox.Quad) else q for q in triples)).encode("utf-8")


def in_graph(name: str, nt: bytes) -> bytes:
    """N-Triples ``nt`` as N-Quads in graph ``name`` (an IRI, checked by Oxigraph's parser).
    An N-Triples line ends with " .\\n" and nowhere else (literals escape their newlines)."""
    return nt.replace(b" .\n", f" {term(name)} .\n".encode("utf-8"))


def parse_ntriples(data: bytes) -> list[ox.Triple]:
    return [q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]


def _ntriples_body(triples: Iterable[ox.Triple | ox.Quad]) -> str:
    return ntriples(triples).decode("utf-8").rstrip("\n")


def rdflib_to_triples(graph) -> list[ox.Triple]:
    """An rdflib Graph's triples as pyoxigraph triples (through N-Triples bytes)."""
    return parse_ntriples(graph.serialize(format="nt", encoding="utf-8"))


def triples_to_rdflib(triples: Iterable[ox.Triple | ox.Quad]):
    """pyoxigraph triples as an rdflib Graph (through N-Triples bytes)."""
    import rdflib

    g = rdflib.Graph()
    data = ox.serialize([t.triple if isinstance(t, ox.Quad) else t for t in triples],
                        format=ox.RdfFormat.N_TRIPLES)
    if data:
        g.parse(data=data, format="nt")
    return g


def ontology_source_hash() -> str:
    """A hash of the ontology's source files (``ontology/*.ttl``, shapes excluded)."""
    from diplokg.graph.model.paths import ontology_dir

    h = hashlib.sha256()
    d = ontology_dir()
    for f in sorted(d.glob("*.ttl")) + sorted(d.glob("*.rdf")) + sorted(d.glob("*.owl")):
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return "sha256:" + h.hexdigest()
