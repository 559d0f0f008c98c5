"""The default graph mirrored in the views file: what the views are built from and joined on.

Building a view's rows reads a few triples around each of many nodes. Oxigraph answers each
such read with index seeks that cost tens of microseconds apiece (most of the time of a
naive build); SQLite answers them from its B-trees in a few. So the views file keeps the
default graph's triples as term ids: ``graph(s, p, o)``, ordered (s, p, o) and (o, p, s),
with the terms' text in ``terms``. A literal-valued triple is kept only when its predicate is
one a view reads (:data:`LITERALS`): an article's hash, headline or ingest time are not.

The mirror is exact because it changes with the default graph, triple for triple: a write
hands :class:`diplokg.graph.store.viewsync.ViewSync` the triples that entered or may have
left the default graph, in Oxigraph's own spelling (canonical literals, see
:func:`canonical`); the mirror adds those it lacks and removes those it has.

:class:`MirrorFetch` serves the row builders (:class:`diplokg.graph.store.rowbuild.Fetch`);
:func:`path_sql` turns a SPARQL property path into SQL over the mirror.
"""
from __future__ import annotations

import re
from typing import Iterable

import pyoxigraph as ox

from diplokg.graph.store.rowbuild import ALT_LABEL, LABEL, PREF_LABEL, STR, TYPE, dkg
from diplokg.graph.store.viewdb import Unsupported, ViewDB

#: literal-valued predicates the views read (every IRI-valued triple is kept)
LITERALS = frozenset({LABEL, ALT_LABEL, PREF_LABEL} | {dkg(p) for p in (
    "date", "startDate", "endDate", "establishedOn", "asWritten", "levelAsWritten", "spanText",
    "startOffset", "endOffset")})
_CHUNK = 5000
_XSD = "http://www.w3.org/2001/XMLSchema#"
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")
_ESCAPED = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def kept(p: str, o: str) -> bool:
    """Whether the mirror keeps the triple (p, o being cells)."""
    return o[0] in "<_" or p in LITERALS


# -- terms as Oxigraph spells them ------------------------------------------------------------

def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    return _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)) if m.group(3) is None
                       else _ESCAPED[m.group(3)], text)


def tsv_cell(token: str) -> str | None:
    """A term of SPARQL TSV results (Turtle syntax) as a cell; '' (unbound) as None."""
    if not token:
        return None
    mark = token[0]
    if mark == "<":
        return "<" + token[1:-1]
    if mark == "_":
        return token
    if mark == '"':
        end = token.rindex('"')
        lexical, rest = _unescape(token[1:end]), token[end + 1:]
        if not rest:
            return '"' + lexical
        if rest[0] == "@":
            return "@" + rest[1:] + '"' + lexical
        return "^" + rest[3:-1] + '"' + lexical  # ^^<datatype>
    if token in ("true", "false"):
        return "^" + _XSD + 'boolean"' + token
    if "e" in token or "E" in token:
        return "^" + _XSD + 'double"' + token
    return "^" + _XSD + ("decimal" if "." in token else "integer") + '"' + token


def tsv_rows(store: ox.Store, query: str) -> list[tuple]:
    """A SELECT's rows as cells, through TSV: Oxigraph writes the terms, no Python object per term."""
    data = store.query(query).serialize(format=ox.QueryResultsFormat.TSV)
    return [tuple(map(tsv_cell, line.split("\t"))) for line in data.decode("utf-8").split("\n")[1:-1]]


def canonical(data: bytes | Iterable[ox.Triple]) -> list[tuple[str, str, str]]:
    """Triples (N-Triples bytes, or pyoxigraph triples) as the cells Oxigraph stores them as:
    ``"007"^^xsd:integer`` is ``7``, an ``xsd:nonNegativeInteger`` an ``xsd:integer``... A blank
    node is :class:`Unsupported` (the store gives it a name of its own on every write)."""
    scratch = ox.Store()
    if isinstance(data, bytes):
        scratch.load(data, format=ox.RdfFormat.N_TRIPLES)
    else:
        scratch.extend(ox.Quad(t.subject, t.predicate, t.object) for t in data)
    rows = tsv_rows(scratch, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    for s, _p, o in rows:
        if s[0] == "_" or o[0] == "_":
            raise Unsupported("a blank node in a graph written after the views were built")
    return rows


_LOWER = ox.Store()


def lcase(cells: Iterable[str]) -> dict[str, str]:
    """``{cell: LCASE(STR(cell))}`` as cells; ASCII text lower-cased here (the same thing),
    the rest by Oxigraph."""
    texts = {c: STR(c) for c in cells}
    lowered: dict[str, str] = {}
    other = []
    for t in set(texts.values()):
        if t is None:
            continue
        if t.isascii():
            lowered[t] = t.lower()
        else:
            other.append(t)
    for start in range(0, len(other), _CHUNK):
        values = " ".join(str(ox.Literal(t[1:])) for t in other[start:start + _CHUNK])
        for v, low in tsv_rows(_LOWER, f"SELECT ?v (LCASE(?v) AS ?l) WHERE {{ VALUES ?v {{ {values} }} }}"):
            if low is not None:
                lowered[v] = low
    return {c: lowered[t] for c, t in texts.items() if t in lowered}


# -- the mirror table -------------------------------------------------------------------------

#: terms whose ids are kept in memory between writes; beyond this the cache starts again (the
#: ids are in SQLite): unbounded, it held every term of the store, and a 50k ingest's peak
#: memory grew with the store (274 MB at 1k articles, 749 MB at 50k)
ID_CACHE = 100_000


class Mirror:
    """The ``graph`` and ``terms`` tables of a views file."""

    def __init__(self, db: ViewDB):
        self.db = db
        self.ids: dict[str, int] = {}

    @property
    def sql(self):
        return self.db.db

    def create(self) -> None:
        """Empty tables, without their secondary index (see :meth:`index`)."""
        self.ids.clear()
        for stmt in ("DROP TABLE IF EXISTS terms", "DROP TABLE IF EXISTS graph",
                     "CREATE TABLE terms(id INTEGER PRIMARY KEY, term TEXT NOT NULL UNIQUE)",
                     "CREATE TABLE graph(s INTEGER NOT NULL, p INTEGER NOT NULL, o INTEGER NOT NULL, "
                     "PRIMARY KEY (s, p, o)) WITHOUT ROWID"):
            self.sql.execute(stmt)

    def index(self) -> None:
        self.sql.execute("CREATE INDEX IF NOT EXISTS graph_ops ON graph(o, p, s)")

    def term_ids(self, cells: Iterable[str], *, create: bool) -> dict[str, int]:
        """``{cell: id}`` for the cells (new ones added when ``create``)."""
        self.trim()
        todo = [c for c in set(cells) if c not in self.ids]
        if todo and create:
            self.sql.executemany("INSERT OR IGNORE INTO terms(term) VALUES (?)", ((c,) for c in todo))
        for start in range(0, len(todo), _CHUNK):
            chunk = todo[start:start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            for tid, c in self.sql.execute(f"SELECT id, term FROM terms WHERE term IN ({marks})", chunk):
                self.ids[c] = tid
        return self.ids

    def trim(self) -> None:
        """Let go of the cached ids when there are more than :data:`ID_CACHE`."""
        if len(self.ids) > ID_CACHE:
            self.ids.clear()

    def load(self, triples: Iterable[tuple[str, str, str]]) -> int:
        """Append triples to an empty mirror (:meth:`create`); how many."""
        ids = self.ids
        batch = []
        n = 0
        for s, p, o in triples:
            if not kept(p, o):
                continue
            batch.append((s, p, o))
            if len(batch) >= 100_000:
                n += self._load(batch, ids)
                batch = []
        return n + self._load(batch, ids)

    def _load(self, batch, ids) -> int:
        new = {c for t in batch for c in t if c not in ids}
        if new:
            start = len(ids) + 1
            rows = list(enumerate(new, start))
            self.sql.executemany("INSERT INTO terms(id, term) VALUES (?, ?)", rows)
            ids.update((c, i) for i, c in rows)
        self.sql.executemany("INSERT OR IGNORE INTO graph VALUES (?, ?, ?)",
                             ((ids[s], ids[p], ids[o]) for s, p, o in batch))
        return len(batch)

    def add(self, triples: Iterable[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
        """Add the triples the mirror lacks; returns them."""
        wanted = {t for t in triples if kept(t[1], t[2])}
        if not wanted:
            return []
        ids = self.term_ids({c for t in wanted for c in t}, create=True)
        by_ids = {(ids[s], ids[p], ids[o]): (s, p, o) for s, p, o in wanted}
        present = self._present(list(by_ids))
        new = [k for k in by_ids if k not in present]
        self.sql.executemany("INSERT INTO graph VALUES (?, ?, ?)", new)
        return [by_ids[k] for k in new]

    def remove(self, triples: Iterable[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
        """Remove the triples the mirror has; returns them."""
        wanted = {t for t in triples if kept(t[1], t[2])}
        ids = self.term_ids({c for t in wanted for c in t}, create=False)
        by_ids = {(ids[s], ids[p], ids[o]): (s, p, o) for s, p, o in wanted
                  if s in ids and p in ids and o in ids}
        present = self._present(list(by_ids))
        self.sql.executemany("DELETE FROM graph WHERE s = ? AND p = ? AND o = ?", present)
        return [by_ids[k] for k in present]

    def _present(self, keys: list[tuple[int, int, int]]) -> set[tuple[int, int, int]]:
        self.sql.execute("CREATE TEMP TABLE IF NOT EXISTS probe(s INTEGER, p INTEGER, o INTEGER)")
        self.sql.execute("DELETE FROM probe")
        self.sql.executemany("INSERT INTO probe VALUES (?, ?, ?)", keys)
        found = set(self.sql.execute(
            "SELECT q.s, q.p, q.o FROM probe q JOIN graph g ON g.s = q.s AND g.p = q.p AND g.o = q.o"))
        self.sql.execute("DELETE FROM probe")
        return found

    def size(self) -> int:
        return self.sql.execute("SELECT COUNT(*) FROM graph").fetchone()[0]


# -- property paths as SQL --------------------------------------------------------------------

def _split(path: str, sep: str) -> list[str]:
    """``path`` split at ``sep`` outside parentheses."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(path):
        depth += (ch == "(") - (ch == ")")
        if ch == sep and depth == 0:
            parts.append(path[start:i])
            start = i + 1
    return parts + [path[start:]]


def path_steps(path: str, prefixes: dict[str, str]) -> list[list[tuple[str, bool]]]:
    """Alternatives of sequences of (predicate cell, inverse): ``a|(b/^c)``."""
    out = []
    for alternative in _split(path, "|"):
        steps = []
        for step in _split(alternative.strip().strip("()"), "/"):
            inverse = step.startswith("^")
            prefix, _, local = step.lstrip("^").partition(":")
            steps.append(("<" + prefixes[prefix] + local, inverse))
        out.append(steps)
    return out


def path_sql(path: str, prefixes: dict[str, str], predicate_id, ends: str) -> str:
    """SQL selecting the ids of the nodes ``?k`` with ``?k path ?x`` for ?x in ``ends`` (an SQL
    list or subquery of ids); ``predicate_id(cell)`` gives a predicate's id."""
    parts = []
    for steps in path_steps(path, prefixes):
        cur = ends
        for predicate, inverse in reversed(steps):
            pid = predicate_id(predicate)
            cur = (f"SELECT o FROM graph WHERE p = {pid} AND s IN ({cur})" if inverse
                   else f"SELECT s FROM graph WHERE p = {pid} AND o IN ({cur})")
        parts.append(cur)
    return " UNION ".join(parts)


# -- the builders' reads ----------------------------------------------------------------------

class MirrorFetch:
    """:class:`diplokg.graph.store.rowbuild.Fetch` on the mirror; ``full``: every node at once."""

    def __init__(self, mirror: Mirror, prefixes: dict[str, str], *, full: bool):
        self.mirror = mirror
        self.prefixes = prefixes
        self.full = full
        self._cache: dict[tuple[str, str], dict[str, list[str]]] = {}
        self._seen: dict[tuple[str, str], set[str]] = {}

    def pid(self, predicate: str) -> int:
        return self.mirror.term_ids([predicate], create=False).get(predicate, -1)

    def _ids(self, cells: Iterable[str]) -> list[int]:
        ids = self.mirror.term_ids(cells, create=False)
        return [ids[c] for c in cells if c in ids]

    def _lookup(self, kind: str, predicate: str, nodes: Iterable[str]) -> dict[str, list[str]]:
        cache = self._cache.setdefault((kind, predicate), {})
        near, far = ("s", "o") if kind == "out" else ("o", "s")
        select = (f"SELECT a.term, b.term FROM graph g JOIN terms a ON a.id = g.{near} "
                  f"JOIN terms b ON b.id = g.{far} WHERE g.p = ?")
        pid = self.pid(predicate)
        if self.full:
            if (kind, predicate) not in self._seen:
                self._seen[(kind, predicate)] = set()
                for a, b in self.mirror.sql.execute(select, (pid,)):
                    cache.setdefault(a, []).append(b)
            return cache
        seen = self._seen.setdefault((kind, predicate), set())
        nodes = set(nodes)
        todo = self._ids(list(nodes - seen))
        seen |= nodes
        for start in range(0, len(todo), _CHUNK):
            chunk = todo[start:start + _CHUNK]
            sql = f"{select} AND g.{near} IN ({','.join('?' * len(chunk))})"
            for a, b in self.mirror.sql.execute(sql, (pid, *chunk)):
                cache.setdefault(a, []).append(b)
        return {n: cache[n] for n in nodes if n in cache}

    def out(self, predicate: str, nodes: Iterable[str]) -> dict[str, list[str]]:
        return self._lookup("out", predicate, nodes)

    def inv(self, predicate: str, nodes: Iterable[str]) -> dict[str, list[str]]:
        return self._lookup("inv", predicate, nodes)

    def lcase(self, cells: Iterable[str]) -> dict[str, str]:
        return lcase(cells)

    def reverse(self, path: str, nodes: Iterable[str]) -> set[str]:
        """The nodes ``?k`` with ``?k path ?x``, ?x among ``nodes``."""
        ids = self._ids(list(nodes))
        found: set[str] = set()
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start:start + _CHUNK]
            sql = path_sql(path, self.prefixes, self.pid, ",".join("?" * len(chunk)))
            n_alt = len(path_steps(path, self.prefixes))
            found.update(t for (t,) in self.mirror.sql.execute(
                f"SELECT term FROM terms WHERE id IN ({sql})", chunk * n_alt))
        return found

    def keys(self, classes: tuple[str, ...], predicate: str | None, among: Iterable[str] | None = None) -> list[str]:
        """The nodes typed with one of ``classes`` (or subjects of ``predicate``), all of them
        or those ``among`` the given nodes."""
        if predicate is not None:
            where, args = "g.p = ?", [self.pid(predicate)]
        else:
            class_ids = self._ids(list(classes))
            where = f"g.p = ? AND g.o IN ({','.join('?' * len(class_ids)) or 'NULL'})"
            args = [self.pid(TYPE), *class_ids]
        select = f"SELECT DISTINCT t.term FROM graph g JOIN terms t ON t.id = g.s WHERE {where}"
        if among is None:
            return sorted(t for (t,) in self.mirror.sql.execute(select, args))
        ids = self._ids(list(among))
        found = set()
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start:start + _CHUNK]
            found.update(t for (t,) in self.mirror.sql.execute(
                f"{select} AND g.s IN ({','.join('?' * len(chunk))})", (*args, *chunk)))
        return sorted(found)
