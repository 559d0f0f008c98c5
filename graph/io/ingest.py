"""The ingest job: sources → extract → validate → commit, one article at a time.

News text goes through the loaders (:func:`loaders.sources.iter_sources`,
:func:`loaders.pipeline.extract`); RDF files (Turtle, N-Triples, TriG, N-Quads, RDF/XML,
JSON-LD) are parsed as they are. Either way each article graph is SHACL-validated and, if it
conforms, committed with :meth:`diplokg.graph.store.embedded.Store.commit_graphs`: atomically, replacing any
earlier version of the same article. A graph that does not conform is not committed.

Input errors (missing, empty, binary, undecodable files, RDF syntax errors, a folder without
articles) are raised as :class:`InputError` *before* anything is committed.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Callable, Iterable, Sequence

import pyoxigraph as ox
import rdflib

from diplokg.graph.io.carriedontology import is_ontology_graph, without_ontology
from diplokg.graph.model.errors import InputError
from diplokg.graph.model.formats import RDF_INPUT_FORMATS, is_rdf_path, rdf_format_for
from diplokg.graph.store.embedded import RESERVED_GRAPHS, Store, ntriples, parse_ntriples, triples_to_rdflib

DKG = "https://w3id.org/diplokg/ontology#"
COMMIT_EVERY_ENV = "DIPLOKG_COMMIT_EVERY"
COMMIT_EVERY = 1024  # graphs per bulk write and flush (1k articles: 64 per write 6.1 s, 256 2.4 s, 1024 1.6 s)
SOURCE_NS = "https://w3id.org/diplokg/id/source/"
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_ARTICLE = ox.NamedNode(DKG + "Article")
_XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_STRING_DATATYPE = b"^^<http://www.w3.org/2001/XMLSchema#string>"


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
    rdf: rdflib.Graph | None = None  # the same data as the loader built it, for pySHACL's report
    parsed: list[ox.Triple] | None = field(default=None, repr=False)
    facts: int | None = None  # how many facts the loaders found (None: read as RDF)

    @property
    def triples(self) -> list[ox.Triple]:
        if self.parsed is None:
            self.parsed = parse_ntriples(self.ntriples)
        return self.parsed


@dataclass
class Failure:
    location: str
    name: str
    report: object  # diplokg.graph.shapes.validate.ValidationReport


@dataclass
class IngestResult:
    committed: list[Item] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    triples: int = 0
    seconds: float = 0.0
    replaced: int = 0  # committed graphs that replaced an earlier version
    empty: list[str] = field(default_factory=list)  # locations of articles that yielded no fact

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        n = len(self.committed)
        articles = sum(1 for i in self.committed if i.kind == "article")
        graphs = n - articles
        parts = []
        if articles or not graphs:
            parts.append(f"{articles} article{'s' if articles != 1 else ''}")
        if graphs:
            parts.append(f"{graphs} RDF graph{'s' if graphs != 1 else ''}")
        text = f"ingested {' and '.join(parts)}"
        if self.replaced:
            text += f" (replaced {self.replaced})"
        text += f", {self.triples} triples in {self.seconds:.1f} s"
        if self.empty:
            text += f"; {len(self.empty)} article{'s' if len(self.empty) != 1 else ''} yielded no facts"
        if self.failed:
            text += f"; {len(self.failed)} failed validation and {'was' if len(self.failed) == 1 else 'were'} not committed"
        return text


# -- reading ----------------------------------------------------------------------------------

def extractor_version() -> str:
    """The version recorded as ``dkg:extractorVersion`` when the loader does not set one."""
    try:
        import diplokg.loaders as loaders

        v = getattr(loaders, "__version__", None)
        if v:
            return f"loaders {v}"
    except ImportError:  # pragma: no cover
        pass
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"diplokg {version('diplokg')}"
    except PackageNotFoundError:
        return "diplokg (checkout)"


def read_rdf(path: str, fmt: str, *, data: bytes | None = None) -> list[Item]:
    """An RDF file as one item per graph it holds (default-graph triples form one graph).

    The default graph is named after the one ``dkg:Article`` it describes, else after the file.
    """
    p = Path(path)
    if data is None:
        if not p.exists():
            raise InputError(path, "no such file or folder")
        if p.is_dir():
            raise InputError(path, "is a folder; --format applies to files")
        data = p.read_bytes()
    if not data.strip():
        raise InputError(path, "file is empty")
    base = p.resolve().as_uri() if path != "-" else "file:///stdin"
    try:
        quads = list(ox.parse(data, RDF_INPUT_FORMATS[fmt], base_iri=base, rename_blank_nodes=True))
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
    graphs: dict[object, list[ox.Triple]] = {}
    for q in quads:
        graphs.setdefault(q.graph_name, []).append(q.triple)
    items = []
    for gname, triples in graphs.items():
        if isinstance(gname, ox.NamedNode) and is_ontology_graph(gname.value):
            continue  # an export's copy of the ontology: the store keeps its own
        if isinstance(gname, ox.DefaultGraph):
            triples = without_ontology(triples)
            if not triples:
                continue
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
    if not items:
        raise InputError(path, "holds only the diplokg ontology, which the store keeps itself; nothing to ingest")
    return items


class TextSources:
    """The text articles of an ingest, checked up front and read again when their turn comes.

    Checking reads every input once (a bad file stops the job before any commit) but keeps
    nothing; iterating reads them again, one article at a time, so memory does not grow with
    the corpus. Standard input cannot be read twice: its one article is kept.
    """

    def __init__(self) -> None:
        self._parts: list = []  # a path to read again, or a list of SourceText already read
        self._count = 0

    def add_path(self, path: str) -> int:
        from diplokg.loaders.sources import iter_sources

        n = sum(1 for _ in iter_sources([path]))
        if n:
            self._parts.append(path)
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
            if isinstance(part, list):
                yield from part
            else:
                yield from iter_sources([part])


def _text_items(sources, stdin) -> list:
    from diplokg.loaders.sources import iter_sources

    return list(iter_sources(sources, stdin=stdin))


def collect(paths: Sequence[str], *, fmt: str = "auto", stdin: IO[bytes] | None = None):
    """Read every input up front, so that a bad file stops the job before any commit.

    Returns ``(rdf_items, text_sources, staged)``: ``staged`` are the N-Quads/TriG files of
    named graphs parsed for a bulk write (:mod:`diplokg.graph.io.bulkrdf`).
    """
    rdf_items: list[Item] = []
    staged: list = []
    text_sources = TextSources()

    def read_file(path: str, rdf_fmt: str) -> None:
        from diplokg.graph.io.bulkrdf import stage

        staged_file = stage(path, rdf_fmt, base_iri=Path(path).resolve().as_uri())
        if staged_file is not None:
            staged.append(staged_file)
        else:
            rdf_items.extend(read_rdf(path, rdf_fmt))

    for path in paths:
        if path == "-":
            rdf_fmt = rdf_format_for("-", fmt) if fmt not in ("auto",) else None
            if rdf_fmt:
                stream = stdin if stdin is not None else sys.stdin.buffer
                rdf_items += read_rdf("-", rdf_fmt, data=stream.read())
            else:
                text_sources.add_read(_text_items(["-"], stdin))
            continue
        p = Path(path)
        if not p.exists():
            raise InputError(path, "no such file or folder")
        if p.is_dir():
            found = []
            rdf_files = [f for f in sorted(p.iterdir()) if f.is_file() and is_rdf_path(f)] if fmt == "auto" else []
            for f in rdf_files:
                read_file(str(f), rdf_format_for(f))
            found = 0
            try:
                found = text_sources.add_path(path)
            except InputError as exc:
                if not rdf_files or "no article" not in str(exc).lower():
                    raise
            if not found and not rdf_files:
                raise InputError(path, "no articles in this folder (expected *.txt news articles or RDF files)")
            continue
        rdf_fmt = rdf_format_for(path, fmt)
        if rdf_fmt:
            read_file(path, rdf_fmt)
        else:
            text_sources.add_path(path)
    return rdf_items, text_sources, staged


def extract_item(source, *, version: str | None = None, now: str | None = None) -> Item:
    """Run the loaders on one article; add extractor version and ingest time if missing."""
    from diplokg.loaders.pipeline import extract

    return item_of(extract(source), source.location, version=version, now=now)


def item_of(ex, location: str, *, version: str | None = None, now: str | None = None) -> Item:
    """The item to commit for the loaders' extraction ``ex`` of the article at ``location``."""
    if isinstance(ex.graph, rdflib.Graph):
        nt = ex.graph.serialize(format="nt", encoding="utf-8")
        has = {p for p in ex.graph.predicates(rdflib.URIRef(ex.article_iri), None)}
        graph = ex.graph  # the loader's own graph, for pySHACL (the metadata below is not shaped)
    else:
        triples = set(ex.graph)
        nt = ntriples(triples)
        has = {rdflib.URIRef(t.predicate.value) for t in triples if t.subject.value == ex.article_iri}
        graph = None
    article = ox.NamedNode(ex.article_iri)
    extra = []
    if rdflib.URIRef(DKG + "extractorVersion") not in has:
        extra.append(ox.Triple(article, ox.NamedNode(DKG + "extractorVersion"),
                               ox.Literal(version or extractor_version())))
    if rdflib.URIRef(DKG + "ingestedAt") not in has:
        stamp = now or dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
        extra.append(ox.Triple(article, ox.NamedNode(DKG + "ingestedAt"),
                               ox.Literal(stamp, datatype=ox.NamedNode(_XSD + "dateTime"))))
    return Item(location, ex.article_iri, nt + ntriples(extra), kind="article", rdf=graph,
                facts=ex.facts.count() if hasattr(ex.facts, "count") else None)


# -- validating -------------------------------------------------------------------------------

def validate_items(items: Sequence[Item], *, batch: int = 16, validator: Callable | None = None) -> list:
    """A ValidationReport per item; a batch that passes is checked in one call.

    By default the shapes compiled to SPARQL screen the batch's triples in Oxigraph and pySHACL
    words the report of whatever they flag (:func:`diplokg.graph.shapes.validate.validate_triples`). A custom
    ``validator`` takes an rdflib graph, as :func:`diplokg.graph.shapes.validate.validate_graph` does.
    """
    if validator is None:
        from diplokg.graph.shapes.validate import validate_graph, validate_triples

        def check(its: Sequence[Item]):
            if any(_XSD_STRING_DATATYPE in it.ntriples for it in its):
                # Oxigraph reads "x"^^xsd:string as "x" (RDF 1.1); pySHACL's sh:in tells them apart
                return validate_graph(_rdflib_union(its))
            # no rdf= for the report: the loader's graph lacks the metadata ingest adds
            return validate_triples(parse_ntriples(b"".join(it.ntriples for it in its)))
    else:
        def check(its: Sequence[Item]):
            return validator(_rdflib_union(its))

    reports: list = [None] * len(items)
    for start in range(0, len(items), max(1, batch)):
        chunk = items[start:start + batch]
        if len(chunk) > 1:
            rep = check(chunk)
            if rep.conforms and not rep.results:
                for i in range(len(chunk)):
                    reports[start + i] = rep
                continue
        for i, it in enumerate(chunk):
            reports[start + i] = check([it])
    return reports


def _rdflib_union(items: Sequence[Item]) -> rdflib.Graph:
    """The items' graphs in one rdflib graph (the loader's own graph where there is one)."""
    merged = rdflib.Graph()
    for it in items:
        merged += it.rdf if it.rdf is not None else triples_to_rdflib(it.triples)
    return merged


# -- the job ----------------------------------------------------------------------------------

def _commit_every() -> int:
    """Graphs per write: ``$DIPLOKG_COMMIT_EVERY`` (a tuning knob; tests use small values), else
    :data:`COMMIT_EVERY`."""
    import os

    try:
        return max(1, int(os.environ.get(COMMIT_EVERY_ENV, COMMIT_EVERY)))
    except ValueError:
        return COMMIT_EVERY


def _prepare_batch(sources: list, version: str, validate: bool, batch: int) -> list:
    """In a worker process: extract and validate a batch of articles. Returns, per article,
    its location, graph name, triples as N-Triples text, and its report (without the graph)."""
    items = [extract_item(src, version=version) for src in sources]
    reports = validate_items(items, batch=batch) if validate else [None] * len(items)
    out = []
    for it, rep in zip(items, reports):
        if rep is not None:
            rep.graph = None  # the report graph does not cross the process boundary
        out.append((it.location, it.name, it.ntriples, rep, it.facts))
    return out


def _prepared_in_workers(sources: Iterable, jobs: int, version: str, validate: bool, batch: int):
    """Yield lists of prepared (Item, report) for consecutive batches, computed by ``jobs``
    worker processes; the order of the articles is kept."""
    import itertools
    import multiprocessing as mp

    def batches():
        it = iter(sources)
        while True:
            chunk = list(itertools.islice(it, batch))
            if not chunk:
                return
            yield chunk

    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    with ctx.Pool(jobs) as pool:
        args = ((chunk, version, validate, batch) for chunk in batches())
        for prepared in pool.imap(_prepare_star, args, chunksize=1):
            yield [(Item(loc, name, nt, kind="article", facts=facts), rep) for loc, name, nt, rep, facts in prepared]


def _prepare_star(args):
    try:
        return _prepare_batch(*args)
    except InputError:
        raise
    except Exception as exc:  # a loader bug: name the batch, keep the type
        first = args[0][0].location if args[0] else "?"
        raise RuntimeError(f"{first}: extraction failed: {type(exc).__name__}: {exc}") from None


def ingest(store: Store, paths: Sequence[str], *, fmt: str = "auto", stdin: IO[bytes] | None = None,
           validate: bool = True, batch: int = 16, progress: Callable[[Iterable], Iterable] | None = None,
           on_failure: Callable[[Failure], None] | None = None, validator: Callable | None = None,
           on_warning: Callable[[Failure], None] | None = None, jobs: int = 1,
           on_empty: Callable[[Item], None] | None = None) -> IngestResult:
    """Ingest ``paths`` into ``store``; see the module docstring.

    ``progress`` wraps the iterable of batches (e.g. a progress bar); ``on_failure`` is called
    for each graph that failed validation, ``on_warning`` for each committed graph whose report
    has warnings or infos, ``on_empty`` for each article the loaders found no fact in (it is
    committed all the same: its metadata, and re-ingesting it later replaces it).
    """
    t0 = time.perf_counter()
    rdf_items, sources, staged = collect(paths, fmt=fmt, stdin=stdin)
    store.ensure_ontology()
    result = IngestResult()
    for staged_file in staged:
        from diplokg.graph.io.bulkrdf import commit_staged

        names, n, aside = commit_staged(store, staged_file, validate=validate)
        result.triples += n
        result.committed.extend(Item(staged_file.path, name, b"", kind="graph") for name in names)
        if aside:  # flagged or replacing: read as written, validated and committed one by one
            rdf_items += [it for it in read_rdf(staged_file.path, "nquads") if it.name in aside]
    version = extractor_version()

    def units():
        for it in rdf_items:
            yield it
        for src in sources:
            yield src

    total = len(rdf_items) + len(sources)
    stream = iter(units())
    use_workers = jobs > 1 and len(sources) > batch and validator is None
    chunks = []
    if use_workers:  # RDF graphs first, then text articles in the workers' batches
        for part in (len(rdf_items), len(sources)):
            chunks += [min(batch, part - start) for start in range(0, part, batch)]
    else:
        for start in range(0, total, batch):
            chunks.append(min(batch, total - start))
    bar = progress(chunks) if progress else chunks
    parallel = None
    if use_workers:
        # text articles are extracted and validated by worker processes, in order; RDF graphs
        # (read up front) are handled here first, as before
        parallel = _prepared_in_workers(sources, jobs, version, validate, batch)
        stream = iter(rdf_items)
        rdf_left = len(rdf_items)
    to_commit: list[Item] = []
    commit_every = _commit_every()

    def commit() -> None:
        # many graphs per write: Oxigraph's cost is per write more than per triple
        if to_commit:
            items = list(to_commit)
            to_commit.clear()  # taken even if the write fails: never written twice
            result.replaced += sum(1 for name in {it.name for it in items} if store.has_graph(name))
            result.triples += sum(store.commit_graphs([(it.name, it.ntriples) for it in items]))
            # keep what was committed, not its triples: memory must not grow with the corpus
            result.committed.extend(Item(it.location, it.name, b"", kind=it.kind) for it in items)
        if hasattr(store, "flush"):
            store.flush()  # the store's write buffers otherwise grow for the whole ingest

    try:
        for size in bar:
            pairs = None
            chunk = []
            if parallel is not None:
                if rdf_left:
                    take = min(size, rdf_left)
                    chunk = [next(stream) for _ in range(take)]
                    rdf_left -= take
                else:
                    pairs = next(parallel)
            else:
                for _ in range(size):
                    u = next(stream)
                    if isinstance(u, Item):
                        chunk.append(u)
                    else:
                        try:
                            chunk.append(extract_item(u, version=version))
                        except InputError:
                            raise
                        except Exception as exc:  # a loader bug: name the article, keep the type
                            raise RuntimeError(f"{u.location}: extraction failed: {type(exc).__name__}: {exc}") from exc
            if pairs is None:
                reports = validate_items(chunk, batch=batch, validator=validator) if validate else [None] * len(chunk)
                pairs = list(zip(chunk, reports))
            conforming = []
            for it, rep in pairs:
                if rep is not None and not rep.conforms:
                    f = Failure(it.location, it.name, rep)
                    result.failed.append(f)
                    if on_failure:
                        on_failure(f)
                    continue
                if rep is not None and rep.results and on_warning:
                    on_warning(Failure(it.location, it.name, rep))
                if it.facts == 0:
                    result.empty.append(it.location)
                    if on_empty:
                        on_empty(it)
                conforming.append(it)
            to_commit += conforming
            if len(to_commit) >= commit_every:
                commit()
    finally:  # what was validated before a failure is committed, as batch by batch before
        commit()
    result.seconds = time.perf_counter() - t0
    return result
