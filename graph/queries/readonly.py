"""Read-only SPARQL, decided on the parsed query (rdflib's SPARQL 1.1 grammar), not on its text.

:func:`read_only_text` parses a query with rdflib's parser and walks the parse tree: a query
that holds a ``SERVICE`` anywhere (sub-query, ``OPTIONAL``, ``UNION``, ``MINUS``, ``EXISTS``,
``GRAPH``, ``SILENT``, a variable endpoint) is refused; text that parses as a SPARQL Update
(``INSERT``, ``LOAD``, ``DROP``…) is refused as one. Oxigraph's ``Store.query`` cannot run an
update at all, so only ``SERVICE`` could reach out; the thread that evaluates has no network
either (:mod:`diplokg.graph.queries.netguard`).

Two parsers read one text, so the text they read is made the same first, and it is that text
the engine runs:

* SPARQL expands ``\\uXXXX``/``\\UXXXXXXXX`` escapes before parsing (rdflib does so), Oxigraph
  only inside strings and IRIs: ``"a\\u005C" } SERVICE …`` is a string for one and a
  ``SERVICE`` for the other. The escapes are expanded once, here; an escape left over is refused
  by the grammar.
* Oxigraph ends a ``#`` comment at a carriage return, rdflib only at a line feed: every CR LF and
  lone CR becomes LF (a CR inside a long string literal becomes LF too).

Text that rdflib cannot parse is handed to Oxigraph's parser on an empty store, on a thread
without network: Oxigraph's own syntax error is reported (``SyntaxError``), and a query that
only Oxigraph reads (an extension of SPARQL 1.1) is refused.
"""
from __future__ import annotations

import re
import threading

from diplokg.graph.model.errors import QueryError


class QueryRefused(QueryError):
    """A query that is not read-only: an update, SERVICE or LOAD (HTTP 403)."""


_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_LINE_ENDS = re.compile(r"\r\n?")

#: rdflib's names of the update operations, as the keyword a user wrote
_UPDATE_KEYWORDS = {
    "Load": "LOAD", "Clear": "CLEAR", "Drop": "DROP", "Create": "CREATE", "Add": "ADD", "Move": "MOVE",
    "Copy": "COPY", "InsertData": "INSERT DATA", "DeleteData": "DELETE DATA", "DeleteWhere": "DELETE WHERE",
    "Modify": "DELETE/INSERT",
}
_NO_NETWORK = "queries never reach the network"
_READ_ONLY = "queries are read-only (the store changes only through `diplokg ingest`)"


def normalise(sparql: str) -> str:
    """The query with its codepoint escapes expanded (once) and its line ends made LF."""
    def expand(m: re.Match) -> str:
        code = int(m.group(1) or m.group(2), 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise QueryError(f"malformed SPARQL: {m.group(0)} is not a Unicode code point")
        return chr(code)

    return _LINE_ENDS.sub("\n", _ESCAPE.sub(expand, sparql))


def read_only(sparql: str, timeout: float | None = None, *, prefixes: dict[str, str] | None = None) -> str:
    """:func:`read_only_text` on a thread of its own (without network), TimeoutError past
    ``timeout`` seconds.

    pyparsing leaves reference cycles through the frames of a parse, and a dead frame keeps its
    callers' frames alive: called from a frame that holds a store, the parse would keep the
    store open (and its lock taken) until the garbage collector runs. A fresh thread's stack
    holds nothing of the caller's.
    """
    from diplokg.graph.queries.netguard import run_offline

    return run_offline(lambda: read_only_text(sparql, prefixes=prefixes), timeout, name="diplokg-query-check")


def read_only_text(sparql: str, *, prefixes: dict[str, str] | None = None) -> str:
    """The text to run for ``sparql`` if it is a read-only query (see also :func:`read_only`).

    ``prefixes`` are the prefixes the query may use undeclared (Oxigraph's ``prefixes=``, see
    :mod:`diplokg.graph.queries.syntax`): Oxigraph's parse below gets them too. rdflib's parse
    tree keeps a prefixed name as written (its prefix is resolved later, in the algebra this
    check never builds), so what it decides is the same with or without them.
    Raises :class:`QueryRefused` for an update, SERVICE or LOAD, ``SyntaxError`` (Oxigraph's)
    for malformed SPARQL, :class:`QueryError` for a query the check cannot read.
    """
    text = normalise(sparql)
    query_unit, update_unit = _grammar()
    from pyparsing import ParseBaseException

    try:
        tree = query_unit.parse_string(text, parse_all=True)
    except ParseBaseException as exc:
        _refuse_update(update_unit, text)
        _oxigraph_syntax_error(text, exc, prefixes)
        raise AssertionError("unreachable") from None
    except RecursionError:
        raise QueryError("the query is nested too deeply to check") from None
    if _holds(tree, "ServiceGraphPattern"):
        raise QueryRefused(f"SERVICE is refused: {_NO_NETWORK}")
    return text


_GRAMMAR: list = []


def _grammar():
    """rdflib's Query and UpdateUnit grammars, imported on first use (1 s: only the commands that
    check a query pay for it), on a thread of their own: pyparsing keeps objects from its import
    alive, and with them every frame of the importing stack, which must not be a query's (its
    store would stay open)."""
    if not _GRAMMAR:
        def load():
            from rdflib.plugins.sparql.parser import Query, UpdateUnit

            _GRAMMAR[:] = [Query, UpdateUnit]

        t = threading.Thread(target=load, name="diplokg-sparql-grammar", daemon=True)
        t.start()
        t.join()
        if not _GRAMMAR:
            raise QueryError("rdflib's SPARQL parser cannot be loaded")
    return _GRAMMAR[0], _GRAMMAR[1]


def _holds(node, name: str) -> bool:
    """Whether the parse tree ``node`` has a component called ``name`` anywhere."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, CompValue):
            if n.name == name:
                return True
            stack.extend(n.values())
        elif isinstance(n, (list, tuple, ParseResults)):
            stack.extend(n)
        elif isinstance(n, dict):
            stack.extend(n.values())
    return False


def _refuse_update(update_unit, text: str) -> None:
    """Raise QueryRefused when ``text`` is a SPARQL Update."""
    from pyparsing import ParseBaseException

    try:
        update = update_unit.parse_string(text, parse_all=True)[0]
    except (ParseBaseException, RecursionError):
        return
    ops = [op.name for op in update.get("request") or []]
    if not ops:
        return  # an empty text: the query parser says why
    if "Load" in ops:
        raise QueryRefused(f"LOAD is refused: {_NO_NETWORK}")
    raise QueryRefused(f"{_UPDATE_KEYWORDS.get(ops[0], ops[0])} is an update: {_READ_ONLY}")


def _oxigraph_syntax_error(text: str, rdflib_error, prefixes: dict[str, str] | None = None) -> None:
    """Oxigraph's SyntaxError for ``text``; QueryError when Oxigraph would read it."""
    import pyoxigraph as ox

    from diplokg.graph.queries import netguard

    where = " ".join(str(rdflib_error).split())

    def parse():
        try:
            ox.Store().query(text, prefixes=prefixes)  # an empty store; nothing is iterated
        except SyntaxError as exc:
            return exc
        return None

    try:  # Oxigraph starts a SERVICE as it reads the query: never without the guard
        error = netguard.run_offline(parse, name="diplokg-query-parse", require=True)
    except netguard.GuardUnavailable:
        raise QueryError(f"malformed SPARQL: {where}") from None
    if error is not None:
        try:
            raise error
        finally:
            error = None  # no reference cycle through this frame
    raise QueryError(f"the read-only check cannot read this query (it goes past SPARQL 1.1: {where})")
