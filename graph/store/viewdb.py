"""The row views' file: an SQLite database kept in the store folder (``diplokg-views.sqlite3``).

The saved queries' rows, materialised (see :mod:`diplokg.graph.store.rowviews`), are tables
here: ``rows_NAME`` (one row per result row of query NAME, with the node it belongs to, its
cells and its sort keys) and ``idx_NAME_PARAM`` (which rows a parameter's node selects).
SQLite answers "the rows of the meetings Egypt is a party to, in the query's order, page 3"
from indexes in milliseconds, where the SPARQL query rebuilds every row from the graph.

The file is derived data. It records the store *generation* it reflects (a counter the store
raises in the same transaction as every write, see
:meth:`diplokg.graph.store.embedded.Store.generation`); a reader uses the views only when
the two agree, so a write that was cut off, or made by a program that does not maintain the
views, never shows stale rows: the query runs as SPARQL instead, and the next write through
:class:`~diplokg.graph.store.embedded.Store` rebuilds the file.

Cells are RDF terms in a compact text form (:func:`encode`); sort keys are text that SQLite
orders (byte-wise, as Oxigraph orders strings) exactly as Oxigraph's ``ORDER BY`` orders the
terms (:func:`sort_key`): unbound first, then IRIs, then literals, a date or a string by its
lexical form. A term whose order that rule cannot promise (a number among strings, a date with
a time zone...) raises :class:`Unorderable`, and the view is then left to SPARQL.
"""
from __future__ import annotations

import re
import sqlite3
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

VIEWS_FILE = "diplokg-views.sqlite3"
#: raise when the file's layout or the meaning of a cell or sort key changes
SCHEMA_VERSION = "2"

_XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = _XSD + "string"
XSD_INTEGER = _XSD + "integer"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
# dates whose lexical order is their order in time (four-digit years, no time zone)
_SIMPLE_DATES = {
    _XSD + "date": re.compile(r"\d{4}-\d{2}-\d{2}"),
    _XSD + "gYearMonth": re.compile(r"\d{4}-\d{2}"),
    _XSD + "gYear": re.compile(r"\d{4}"),
}
_INTEGER = re.compile(r"[+]?\d{1,18}")
_NAME = re.compile(r"[a-z_][a-z0-9_]*")


class Unsupported(Exception):
    """Data the views cannot hold exactly (a blank node): the queries run as SPARQL."""


class Unorderable(Unsupported):
    """A term whose ORDER BY position :func:`sort_key` cannot promise."""


def encode(t) -> str | None:
    """A term as a cell: ``<iri``, ``"text``, ``^datatype"text`` or ``@lang"text``; None if unbound."""
    if t is None:
        return None
    if isinstance(t, ox.NamedNode):
        return "<" + t.value
    if isinstance(t, ox.Literal):
        if t.language:
            return "@" + t.language + '"' + t.value
        dt = t.datatype.value
        if dt == XSD_STRING:
            return '"' + t.value
        return "^" + dt + '"' + t.value
    raise Unsupported(f"{t}: blank nodes and quoted triples are not kept in the views")


class Decoder(dict):
    """Cells back to pyoxigraph terms (``decoder[cell]``), each distinct cell built once: terms
    are costly to build, and a column repeats few values."""

    def __init__(self) -> None:
        super().__init__()
        self[None] = None
        self._types: dict[str, ox.NamedNode] = {}

    def __missing__(self, cell: str):
        if len(self) > 500_000:
            self.clear()
            self[None] = None
        t = self[cell] = self._build(cell)
        return t

    def __call__(self, cell: str | None):
        return self[cell]

    def _build(self, cell: str):
        kind = cell[0]
        if kind == "<":
            return ox.NamedNode(cell[1:])
        if kind == '"':
            return ox.Literal(cell[1:])
        head, _, value = cell[1:].partition('"')
        if kind == "@":
            return ox.Literal(value, language=head)
        dt = self._types.get(head)
        if dt is None:
            dt = self._types[head] = ox.NamedNode(head)
        return ox.Literal(value, datatype=dt)


def sort_key(cell: str | None, kind: str = "lex") -> str:
    """Text that sorts (byte-wise) as Oxigraph's ORDER BY sorts the term ``cell`` encodes.

    ``kind`` is ``lex`` (strings and simple dates, by their lexical form) or ``int`` (integers,
    by value). Oxigraph puts unbound first, then blank nodes, IRIs, literals; two literals it
    cannot compare (a date and a string) by lexical form, then datatype, then language.
    """
    if cell is None:
        return "0"
    mark = cell[0]
    if mark == "<":
        return "2" + cell[1:]
    if mark == '"':
        value, dt, lang = cell[1:], XSD_STRING, ""
    else:
        head, _, value = cell[1:].partition('"')
        dt, lang = (RDF_LANGSTRING, head) if mark == "@" else (head, "")
    if kind == "int":
        if dt != XSD_INTEGER or not _INTEGER.fullmatch(value):
            raise Unorderable(f"{cell!r}: not a small non-negative integer")
        return "3" + f"{int(value):020d}"
    if "\x00" in value:
        raise Unorderable(f"{cell!r}: NUL in a literal")
    if dt not in (XSD_STRING, RDF_LANGSTRING):
        pattern = _SIMPLE_DATES.get(dt)
        if pattern is None or not pattern.fullmatch(value):
            raise Unorderable(f"{cell!r}: ordered by value, not by its lexical form")
    # a date and a string compare by lexical form, then datatype, then language
    return "3" + value + "\x00" + dt + "\x00" + lang


def check_name(name: str) -> str:
    if not _NAME.fullmatch(name):
        raise ValueError(f"{name!r}: not a view or parameter name")
    return name


class ViewDB:
    """The SQLite file (``path``) or an in-memory database (``path=None``)."""

    def __init__(self, path: str | Path | None, *, read_only: bool = False):
        self.path = Path(path) if path is not None else None
        if self.path is None:
            target, uri = ":memory:", False
        elif read_only:
            target, uri = self.path.resolve().as_uri() + "?mode=ro", True
        else:
            target, uri = str(self.path), False
        # the query timeout runs a query in a helper thread: the connection is used by one
        # thread at a time, not always the one that opened it
        self.db = sqlite3.connect(target, uri=uri, check_same_thread=False, isolation_level=None)
        self.read_only = read_only
        if not read_only:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT)")
        self.db.execute("PRAGMA cache_size=-65536")  # 64 MB

    def close(self) -> None:
        self.db.close()

    # -- bookkeeping ---------------------------------------------------------------------

    def meta(self, key: str) -> str | None:
        try:
            row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            return None
        return None if row is None else row[0]

    def set_meta(self, key: str, value: str | None) -> None:
        if value is None:
            self.db.execute("DELETE FROM meta WHERE key = ?", (key,))
        else:
            self.db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    def state(self) -> tuple[int | None, str | None]:
        """``(generation, definitions hash)`` the tables hold, or None where they hold none."""
        gen = self.meta("generation")
        return (int(gen) if gen is not None and gen.lstrip("-").isdigit() else None), self.meta("definitions")

    @contextmanager
    def transaction(self):
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # -- terms ---------------------------------------------------------------------------

    def ids_of(self, cells: list[str]) -> list[int]:
        """The ids of cells already in ``terms`` (those missing are left out)."""
        out = []
        for start in range(0, len(cells), 900):
            chunk = cells[start:start + 900]
            marks = ",".join("?" * len(chunk))
            out += [r[0] for r in self.db.execute(f"SELECT id FROM terms WHERE term IN ({marks})", chunk)]
        return out


def views_path(store_dir: str | Path) -> Path:
    return Path(store_dir) / VIEWS_FILE


def copy_views(store_dir: str | Path, target_dir: str | Path) -> bool:
    """Copy the views file of ``store_dir`` into ``target_dir`` (a consistent copy, through
    SQLite's backup API); False when there is none."""
    src = views_path(store_dir)
    if not src.exists():
        return False
    source = sqlite3.connect(src.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        dest = sqlite3.connect(str(views_path(target_dir)))
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
    return True
