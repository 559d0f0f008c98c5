"""The inputs of an ingest, read before the store is opened: RDF files and news text.

:func:`collect` checks every path (a FIFO or device is refused from ``stat`` alone, before any
lock), parses RDF files within the bounds of :mod:`diplokg.graph.io.rdfcheck` (N-Quads files
of named graphs are staged for a bulk write, :mod:`diplokg.graph.io.bulkrdf`) and reads every
text article once (:mod:`diplokg.loaders.sources`). With ``strict`` the first bad input raises
InputError; otherwise each bad input is reported, kept in :attr:`Inputs.bad` and left out.
"""
from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Callable, Sequence

import pyoxigraph as ox
import rdflib

from diplokg.graph.io.carriedontology import without_carried_ontology
from diplokg.graph.io.rdfcheck import RELATIVE_BASE, check_quads, check_syntax_bounds
from diplokg.graph.model.errors import InputError
from diplokg.graph.model.files import check_input_path, os_reason, read_regular_file
from diplokg.graph.model.formats import RDF_INPUT_FORMATS, is_rdf_path, rdf_format_for
from diplokg.graph.store.embedded import RESERVED_GRAPHS, ntriples, parse_ntriples

DKG = "https://w3id.org/diplokg/ontology#"
SOURCE_NS = "https://w3id.org/diplokg/id/source/"
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_ARTICLE = ox.NamedNode(DKG + "Article")


@dataclass
class Item:
    """One graph to commit: where it came from, its name, its triples as N-Triples bytes.

    The triples travel as N-Triples (one distinct triple per line): Oxigraph parses and writes
    them without a Python object per term, which is most of what a commit would cost.
    """

    location: str
    name: str
    ntriples: bytes
    kind: str = "article"  # "article" (from text) or "graph" (from an RDF file)
    place: str | None = None  # the file an article known by its text was read from (see _Places)
    rdf: rdflib.Graph | None = None  # the same data as the loader built it, for pySHACL's report
    parsed: list[ox.Triple] | None = field(default=None, repr=False)
    facts: int | None = None  # how many facts the loaders found (None: read as RDF)

    @property
    def triples(self) -> list[ox.Triple]:
        if self.parsed is None:
            self.parsed = parse_ntriples(self.ntriples)
        return self.parsed


def read_rdf(path: str, fmt: str, *, data: bytes | None = None, allow_ontology: bool = False) -> list[Item]:
    """An RDF file as one item per graph it holds (default-graph triples form one graph).

    The default graph is named after the one ``dkg:Article`` it describes, else after the file.
    The ontology an export carries is left out (:mod:`diplokg.graph.io.carriedontology`).
    """
    p = Path(path)
    if data is None:
        data = read_regular_file(path)
    if not data.strip():
        raise InputError(path, "file is empty")
    check_syntax_bounds(data, fmt, path)
    try:
        quads = list(ox.parse(data, RDF_INPUT_FORMATS[fmt], base_iri=RELATIVE_BASE, rename_blank_nodes=True))
    except SyntaxError as exc:
        msg = " ".join(str(exc).split())
        if "LoadDocumentCallback" in msg or "remote context" in msg.lower():
            raise InputError(path, "JSON-LD with a remote @context: diplokg never fetches one; "
                                   "inline the context") from None
        raise InputError(path, f"not valid {fmt}: {msg}") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(path, f"not valid {fmt}: {exc}") from None
    if not quads:
        raise InputError(path, f"no triples in this {fmt} file")
    # an export's copy of the ontology is left out before the check: it is not a change to it
    quads = without_carried_ontology(quads)
    if not quads:
        raise InputError(path, "holds only the diplokg ontology, which the store keeps itself; nothing to ingest")
    check_quads(quads, path, allow_ontology=allow_ontology)
    graphs: dict[object, list[ox.Triple]] = {}
    for q in quads:
        graphs.setdefault(q.graph_name, []).append(q.triple)
    items = []
    for gname, triples in graphs.items():
        if isinstance(gname, ox.DefaultGraph):
            articles = {t.subject for t in triples if t.predicate == _RDF_TYPE and t.object == _ARTICLE
                        and isinstance(t.subject, ox.NamedNode)}
            if len(articles) == 1:
                name = next(iter(articles)).value
            else:
                key = str(p.resolve()) if path != "-" else hashlib.sha256(data).hexdigest()
                name = SOURCE_NS + hashlib.sha256(key.encode()).hexdigest()[:16]
        elif isinstance(gname, ox.NamedNode):
            name = gname.value
            if name in RESERVED_GRAPHS:
                raise InputError(path, f"graph <{name}> is reserved for diplokg itself")
        else:
            raise InputError(path, "a graph named by a blank node cannot be stored; name it with an IRI")
        items.append(Item(path, name, ntriples(set(triples)), kind="graph", parsed=triples))
    return items


class TextSources:
    """The text articles of an ingest, checked up front and read again when their turn comes.

    Checking reads every input once (with ``strict``, a bad file stops the job before any
    commit; otherwise it is reported and left out) but keeps nothing; iterating reads them
    again, one article at a time, so memory does not grow with the corpus. Standard input
    cannot be read twice: its one article is kept.
    """

    def __init__(self, on_error: Callable[[InputError], None] | None = None) -> None:
        self._parts: list = []  # paths to read again, or a list of SourceText already read
        self._count = 0
        self._on_error = on_error
        self._reported: set[str] = set()

    def _report(self, exc: InputError) -> None:
        if str(exc) not in self._reported:  # each bad input once, though read twice
            self._reported.add(str(exc))
            if self._on_error is None:
                raise exc
            self._on_error(exc)

    def add_path(self, path: str) -> int:
        """Check the articles of a file or folder; returns how many could be read."""
        return self.add_files([path])

    def add_files(self, paths: Sequence[str]) -> int:
        from diplokg.loaders.sources import iter_sources

        paths = [str(p) for p in paths]
        on_error = self._report if self._on_error else None
        n = sum(1 for _ in iter_sources(paths, on_error=on_error))
        if n:
            self._parts.append(paths)
            self._count += n
        return n

    def add_read(self, sources: list) -> int:
        if sources:
            self._parts.append(list(sources))
            self._count += len(sources)
        return len(sources)

    def __len__(self) -> int:
        return self._count

    def __iter__(self):
        from diplokg.loaders.sources import iter_sources

        for part in self._parts:
            if part and not isinstance(part[0], str):
                yield from part  # read already (stdin)
            else:
                yield from iter_sources(part, on_error=self._report)


@dataclass
class Inputs:
    """Everything an ingest will commit, read before the store is opened (:func:`collect`)."""

    rdf_items: list[Item]
    sources: TextSources
    staged: list  # N-Quads files of named graphs parsed for a bulk write (:mod:`diplokg.graph.io.bulkrdf`)
    bad: list[InputError] = field(default_factory=list)
    allow_ontology: bool = False

    def __len__(self) -> int:
        return len(self.rdf_items) + len(self.sources) + sum(len(f.graphs) for f in self.staged)


def collect(paths: Sequence[str], *, fmt: str = "auto", stdin: IO[bytes] | None = None, strict: bool = True,
            on_bad: Callable[[InputError], None] | None = None, allow_ontology: bool = False) -> Inputs:
    """Read every input up front, before the store is opened.

    With ``strict`` the first bad input raises InputError (nothing is committed); otherwise
    each bad input is passed to ``on_bad``, kept in :attr:`Inputs.bad`, and left out.
    """
    from diplokg.graph.io.bulkrdf import stage
    from diplokg.loaders.sources import read_stdin

    bad: list[InputError] = []

    def report(exc: InputError) -> None:
        if strict:
            raise exc
        bad.append(exc)
        if on_bad:
            on_bad(exc)

    inputs = Inputs([], TextSources(None if strict else report), [], bad, allow_ontology)

    def read_file(path: str, rdf_fmt: str) -> None:
        staged_file = stage(path, rdf_fmt, allow_ontology=allow_ontology)
        if staged_file is not None:
            inputs.staged.append(staged_file)
        else:
            inputs.rdf_items.extend(read_rdf(path, rdf_fmt, allow_ontology=allow_ontology))

    for path in paths:
        try:
            if path == "-":
                rdf_fmt = rdf_format_for("-", fmt) if fmt not in ("auto",) else None
                if rdf_fmt:
                    stream = stdin if stdin is not None else sys.stdin.buffer
                    inputs.rdf_items += read_rdf("-", rdf_fmt, data=stream.read(), allow_ontology=allow_ontology)
                else:
                    inputs.sources.add_read([read_stdin(stdin)])
                continue
            if check_input_path(path):
                _collect_folder(path, fmt, inputs, read_file, report)
                continue
            rdf_fmt = rdf_format_for(path, fmt)
            if rdf_fmt:
                read_file(path, rdf_fmt)
            else:
                inputs.sources.add_path(path)
        except InputError as exc:
            report(exc)
    return inputs


def _collect_folder(path: str, fmt: str, inputs: Inputs, read_file, report) -> None:
    from diplokg.loaders.sources import folder_files

    try:
        rdf_files = [f for f in sorted(Path(path).iterdir()) if is_rdf_path(f) and not f.is_dir()] \
            if fmt == "auto" else []
    except OSError as exc:
        raise InputError(path, os_reason(exc)) from None
    text_files = folder_files(path, allow_empty=True)
    if not text_files and not rdf_files:
        raise InputError(path, "no articles in this folder (expected *.txt news articles or RDF files)")
    for f in rdf_files:
        try:
            read_file(str(f), rdf_format_for(f))
        except InputError as exc:
            report(exc)
    if text_files:
        inputs.sources.add_files(text_files)
