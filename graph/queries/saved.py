"""Saved queries: ``queries/NAME.rq`` files with a grlc-style ``#+`` YAML header.

A saved query is a record, not a string::

    #+ title: Officials
    #+ description: Who holds which post.
    #+ params:
    #+   - name: state
    #+     kind: label_or_iri
    #+     description: a state or organisation, by label (any case) or IRI
    #+     example: Japan
    #+ tags: [people]
    PREFIX dkg: <https://w3id.org/diplokg/ontology#>
    SELECT ... WHERE { ... FILTER(!BOUND(?_state) || ...) }

Parameters are named ``?_<param>`` in the body. :meth:`SavedQuery.bind` never pastes a
value into the query: each value becomes a serialised RDF term (an IRI or an escaped
literal) in a ``VALUES`` block inserted at the start of the top-level ``WHERE`` group, so
``Japan" } ; DROP ALL #`` is only a label that matches nothing. (pyoxigraph's
``substitutions=`` refuses variables outside the SELECT projection, hence ``VALUES``.)
An unbound optional parameter is left out, so ``?_<param>`` stays unbound and the query's
``!BOUND(?_<param>)`` test lets every row through.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pyoxigraph import Literal, NamedNode

from diplokg.graph.model.errors import QueryError

PARAM_KINDS = ("label_or_iri", "iri", "string", "date")

#: prefixes a parameter value may use instead of a full IRI (``dkgr:state/JP``)
PREFIXES = {
    "dkg": "https://w3id.org/diplokg/ontology#",
    "dkgr": "https://w3id.org/diplokg/id/",
    "dkgg": "https://w3id.org/diplokg/graph/",
    "pos": "https://w3id.org/diplokg/position/",
    "lvl": "https://w3id.org/diplokg/level/",
    "topic": "https://w3id.org/diplokg/topic/",
}

_XSD = "http://www.w3.org/2001/XMLSchema#"
_DATE_TYPES = (
    (re.compile(r"^-?\d{4}-\d{2}-\d{2}$"), _XSD + "date"),
    (re.compile(r"^-?\d{4}-\d{2}$"), _XSD + "gYearMonth"),
    (re.compile(r"^-?\d{4}$"), _XSD + "gYear"),
)
_ABSOLUTE_IRI = re.compile(r"^https?://", re.IGNORECASE)
_PARAM_VAR = re.compile(r"[?$]_([A-Za-z0-9_]+)")


@dataclass(frozen=True)
class QueryParam:
    """One declared parameter of a saved query."""

    name: str
    kind: str = "label_or_iri"
    description: str = ""
    example: str | None = None
    required: bool = False

    def term(self, value: str, query: str) -> str:
        """The value as a serialised RDF term (N-Triples syntax), ready for a VALUES block."""
        return str(self.rdf_term(value, query))

    def rdf_term(self, value: str, query: str) -> NamedNode | Literal:
        """The value as an RDF term (QueryError when the kind refuses it)."""
        if not isinstance(value, str):
            raise QueryError(f"query {query!r}: parameter {self.name!r}: value must be a string")
        if self.kind in ("label_or_iri", "iri"):
            iri = _as_iri(value)
            if iri is not None:
                try:
                    return NamedNode(iri)
                except ValueError as e:
                    raise QueryError(f"query {query!r}: parameter {self.name!r}: not a valid IRI: {value!r} ({e})") from None
            if self.kind == "iri":
                raise QueryError(f"query {query!r}: parameter {self.name!r} takes an IRI "
                                 f"(http(s)://... or <...> or dkgr:...), got {value!r}")
            return Literal(value)
        if self.kind == "date":
            v = value.strip()
            for pattern, datatype in _DATE_TYPES:
                if pattern.match(v):
                    return Literal(v, datatype=NamedNode(datatype))
            raise QueryError(f"query {query!r}: parameter {self.name!r} takes a date "
                             f"(YYYY, YYYY-MM or YYYY-MM-DD), got {value!r}")
        return Literal(value)


def is_label(param: QueryParam, value: str) -> bool:
    """True when ``value`` names a node of ``param`` by its label (not by its IRI)."""
    return param.kind == "label_or_iri" and _as_iri(value) is None


def _as_iri(value: str) -> str | None:
    """The IRI a parameter value names, or None when it is a plain label."""
    v = value.strip()
    if v.startswith("<") and v.endswith(">"):
        return v[1:-1]
    if _ABSOLUTE_IRI.match(v):
        return v
    prefix, sep, local = v.partition(":")
    if sep and prefix in PREFIXES and local and not local.startswith("//") and " " not in v:
        return PREFIXES[prefix] + local
    return None


@dataclass(frozen=True)
class SavedQuery:
    """A ``queries/NAME.rq`` file: its header fields, its parameters and its SPARQL text."""

    name: str
    title: str
    description: str
    params: tuple[QueryParam, ...] = ()
    text: str = ""
    path: Path | None = None
    tags: tuple[str, ...] = field(default=())

    def param(self, name: str) -> QueryParam:
        for p in self.params:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.params) or "none"
        raise QueryError(f"query {self.name!r}: unknown parameter {name!r} (parameters: {known})")

    def bind(self, values: dict[str, str] | None = None) -> str:
        """The query text with ``values`` bound as RDF terms in a VALUES block.

        Raises :class:`QueryError` for an unknown parameter or a missing required one.
        """
        values = dict(values or {})
        terms = []
        for key, value in values.items():
            p = self.param(key)
            if value is None:
                continue
            terms.append((p.name, p.term(value, self.name)))
        for p in self.params:
            if p.required and values.get(p.name) is None:
                raise QueryError(f"query {self.name!r}: parameter {p.name!r} is required")
        if not terms:
            return self.text
        block = "".join(f"  VALUES ?_{name} {{ {term} }}\n" for name, term in terms)
        at = _where_brace(self.text)
        if at is None:
            raise QueryError(f"query {self.name!r}: cannot find the WHERE group to bind parameters in")
        return self.text[:at] + "\n" + block + self.text[at:]

    def body_variables(self) -> set[str]:
        """Names of the ``?_x`` parameter variables the body uses (comments and strings skipped)."""
        return {m.group(1) for m in _PARAM_VAR.finditer(_code_only(self.text))}


def _scan(text: str):
    """Yield (index, char) of the characters outside comments, strings and IRIs."""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if c in "\"'":
            quote = c * 3 if text.startswith(c * 3, i) else c
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            i = j + len(quote)
            continue
        if c == "<":
            m = re.match(r"<[^<>\"{}|^`\\\s]*>", text[i:])
            if m:
                i += m.end()
                continue
        yield i, c
        i += 1


def _code_only(text: str) -> str:
    chars = [" "] * len(text)
    for i, c in _scan(text):
        chars[i] = c
    return "".join(chars)


def _where_brace(text: str) -> int | None:
    """Index just after the ``{`` that opens the top-level WHERE group."""
    code = _code_only(text)
    m = re.search(r"\bWHERE\s*\{", code, re.IGNORECASE)
    if m:
        return m.end()
    j = code.find("{")
    return None if j < 0 else j + 1


def parse_header(text: str, source: str = "<query>") -> dict:
    """The YAML document formed by the leading ``#+`` lines of a query file."""
    lines = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#+"):
            body = stripped[2:]
            lines.append(body[1:] if body.startswith(" ") else body)
        elif stripped == "" and not lines:
            continue
        else:
            break
    if not lines:
        return {}
    try:
        header = yaml.safe_load("\n".join(lines)) or {}
    except yaml.YAMLError as e:
        raise QueryError(f"{source}: the #+ header is not valid YAML: {e}") from None
    if not isinstance(header, dict):
        raise QueryError(f"{source}: the #+ header must be a YAML mapping")
    return header


def parse_saved_query(text: str, name: str, path: Path | None = None) -> SavedQuery:
    source = str(path) if path else name
    header = parse_header(text, source)
    params = []
    for i, raw in enumerate(header.get("params") or []):
        if not isinstance(raw, dict) or not raw.get("name"):
            raise QueryError(f"{source}: params[{i}] needs at least a name")
        kind = str(raw.get("kind", "label_or_iri"))
        if kind not in PARAM_KINDS:
            raise QueryError(f"{source}: parameter {raw['name']!r}: unknown kind {kind!r} "
                             f"(one of {', '.join(PARAM_KINDS)})")
        example = raw.get("example")
        params.append(QueryParam(
            name=str(raw["name"]), kind=kind, description=str(raw.get("description", "")).strip(),
            example=None if example is None else str(example), required=bool(raw.get("required", False)),
        ))
    tags = header.get("tags") or ()
    if isinstance(tags, str):
        tags = [t.strip() for t in tags.split(",") if t.strip()]
    return SavedQuery(
        name=name,
        title=str(header.get("title", "")).strip(),
        description=" ".join(str(header.get("description", "")).split()),
        params=tuple(params),
        text=text,
        path=path,
        tags=tuple(str(t) for t in tags),
    )


def load_saved_query(path: str | Path) -> SavedQuery:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise QueryError(f"{path}: cannot read the saved query: {e}") from None
    return parse_saved_query(text, path.stem, path)


def load_saved_queries(directory: str | Path | None = None) -> dict[str, SavedQuery]:
    """Every ``*.rq`` in ``directory`` (default: ``diplokg.graph.model.paths.queries_dir()``), by name, sorted."""
    if directory is None:
        from diplokg.graph.model.paths import queries_dir

        directory = queries_dir()
    directory = Path(directory)
    if not directory.is_dir():
        raise QueryError(f"{directory}: no such folder of saved queries")
    stamps = []
    for p in sorted(directory.glob("*.rq")):
        try:
            st = p.stat()
        except OSError:  # gone since the glob: let load_saved_query report it
            return {p.stem: load_saved_query(p) for p in sorted(directory.glob("*.rq"))}
        stamps.append((p, st.st_mtime_ns, st.st_size))
    return dict(_load_cached(tuple(stamps)))


@functools.lru_cache(maxsize=16)
def _load_cached(stamps: tuple) -> dict[str, SavedQuery]:
    """The parsed queries of a folder, cached on each file's path, mtime and size."""
    return {p.stem: load_saved_query(p) for p, _mtime, _size in stamps}


def get_saved_query(name: str, directory: str | Path | None = None) -> SavedQuery:
    """One saved query by name; :class:`QueryError` naming the known ones when it is unknown."""
    queries = load_saved_queries(directory)
    try:
        return queries[name]
    except KeyError:
        raise QueryError(f"unknown saved query {name!r} (known: {', '.join(queries) or 'none'})") from None
