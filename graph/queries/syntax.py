"""What ``diplokg sparql`` adds to a query, and how it words a query it cannot parse.

* **Default prefixes.** The prefixes diplokg prints (``dkg:``, ``dkgr:``, ``rdfs:``, ``skos:``,
  ``xsd:``, ``owl:``, ``prov:``, ``time:`` and the others of
  :data:`diplokg.graph.model.vocab.DISPLAY_PREFIXES`) can be typed back without a ``PREFIX``
  line. They are handed to the SPARQL parser as its default prefixes (pyoxigraph's
  ``prefixes=``), so a prefix the query declares itself wins, as the parser decides; for a
  remote server they are declared ahead of the query's own prologue, where the query's own
  declarations, coming later, override them.
* **Readable errors.** Oxigraph's parser says ``error at 3:17: expected one of ABS, AVG, …,
  ['A' ..= 'Z' | …]``; :func:`readable_syntax_error` turns that into one line with the line,
  the column, the text found there and the expected keywords and punctuation, and names an
  unknown prefix as such.
"""
from __future__ import annotations

import re

from diplokg.graph.model.vocab import DISPLAY_PREFIXES

#: the prefixes a query may use without declaring them (``diplokg sparql``)
DEFAULT_PREFIXES: dict[str, str] = dict(DISPLAY_PREFIXES)

_POSITION = re.compile(r"^error at (\d+):(\d+):\s*(.*)$", re.S)
_QUOTED = re.compile(r'"((?:[^"\\]|\\.)+)"')
_WORD = re.compile(r"(?<![\w'\[])([A-Za-z][A-Za-z_]*)(?=\s*(?:,|$))")
_PREFIXED_END = re.compile(r"([A-Za-z][\w.-]*)?:[\w.%-]*$")
_SHOWN = 12  # expected tokens listed at most


def prologue(prefixes: dict[str, str]) -> str:
    """``PREFIX`` declarations for ``prefixes``, on one line (so line numbers stay right)."""
    return " ".join(f"PREFIX {p}: <{ns}>" for p, ns in prefixes.items())


def readable_syntax_error(message: str, query: str) -> str:
    """One line saying where and why ``query`` does not parse (``message`` is the parser's)."""
    flat = " ".join(message.split())
    m = _POSITION.match(message.strip())
    if not m:
        return f"malformed SPARQL: {flat}"
    line, column, detail = int(m.group(1)), int(m.group(2)), m.group(3)
    lines = query.split("\n")
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    where = f"line {line}, column {column}"
    if "Prefix not found" in detail:
        found = _PREFIXED_END.search(text[:column - 1])
        name = f"{found.group(1) or ''}:" if found else "a prefix"
        return (f"malformed SPARQL at {where}: unknown prefix {name} (declare it with PREFIX; "
                f"known without declaring: {', '.join(p + ':' for p in DEFAULT_PREFIXES)})")
    rest = text[column - 1:].strip()
    at_end = not rest and all(not later.strip() for later in lines[line:])
    near = "at the end of the query" if at_end else f"near {_snippet(rest)!r}" if rest else "at the end of the line"
    expected = _expected(detail)
    tail = f": expected {expected}" if expected else f": {' '.join(detail.split())}"
    return f"malformed SPARQL at {where}, {near}{tail}"


def _snippet(rest: str) -> str:
    words = rest.split()
    shown = " ".join(words[:3])
    return shown if len(shown) <= 30 else shown[:29] + "…"


def _expected(detail: str) -> str:
    """The keywords and punctuation of the parser's "expected ..." list (character classes
    such as ``['A' ..= 'Z' | ...]`` left out: they only say "a name goes here")."""
    detail = " ".join(detail.split())
    if not detail.startswith("expected"):
        return ""
    body = re.sub(r"\[[^\]]*\]", " ", detail[len("expected"):].removeprefix(" one of"))
    tokens = [f'"{t}"' for t in _QUOTED.findall(body)]
    tokens += [w for w in _WORD.findall(_QUOTED.sub(" ", body)) if w not in ("one", "of")]
    tokens = list(dict.fromkeys(tokens))
    if "[" in detail and not tokens:
        return "a name, a variable or a value"
    if not tokens:
        return ""
    more = len(tokens) - _SHOWN
    listed = ", ".join(tokens[:_SHOWN]) + (f", … ({more} more)" if more > 0 else "")
    return listed if len(tokens) == 1 else f"one of {listed}"
