"""The ingest job: sources → extract → validate → commit, one article at a time.

News text goes through the loaders (:func:`loaders.sources.iter_sources`,
:func:`loaders.pipeline.extract`); RDF files (Turtle, N-Triples, TriG, N-Quads, RDF/XML,
JSON-LD) are parsed as they are, within the bounds of :mod:`diplokg.graph.io.rdfcheck`. Either
way each article graph is SHACL-validated and, if it conforms, committed with
:meth:`diplokg.graph.store.embedded.Store.commit_graphs`: atomically, replacing any earlier
version of the same article. A graph that does not conform is not committed.

Every input is read once by :func:`collect` before the store is opened. An input that cannot
be used (missing, not a regular file, unreadable, empty, binary, undecodable, an RDF syntax
error, a bound broken) is an :class:`InputError`: with ``strict`` the first one stops the job
before anything is committed; otherwise it is reported, left out, and the good inputs go on.

An article is identified by its URL or its text (:mod:`diplokg.loaders.sources`), not by the
path it was read from; an article read from a file replaces the article that an earlier
ingest read from the same file (``dkg:sourceLocation``), so an edited file does not leave its
old version behind.
"""
from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from typing import IO, Callable, Iterable, Sequence

import pyoxigraph as ox
import rdflib

from diplokg.graph.io.inputs import Inputs, Item, TextSources, collect, read_rdf  # noqa: F401 (the API)
from diplokg.graph.model.errors import InputError
from diplokg.graph.store.embedded import Store, ntriples, parse_ntriples, triples_to_rdflib

DKG = "https://w3id.org/diplokg/ontology#"
COMMIT_EVERY_ENV = "DIPLOKG_COMMIT_EVERY"
COMMIT_EVERY = 1024  # graphs per bulk write and flush (1k articles: 64 per write 6.1 s, 256 2.4 s, 1024 1.6 s)
_XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_STRING_DATATYPE = b"^^<http://www.w3.org/2001/XMLSchema#string>"


@dataclass
class Failure:
    location: str
    name: str
    report: object  # diplokg.graph.shapes.validate.ValidationReport


@dataclass
class IngestResult:
    committed: list[Item] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    bad: list[InputError] = field(default_factory=list)  # inputs left out (read errors)
    triples: int = 0
    seconds: float = 0.0
    replaced: int = 0  # committed articles that replaced an earlier version
    empty: list[str] = field(default_factory=list)  # locations of articles that yielded no fact

    @property
    def ok(self) -> bool:
        return not self.failed and not self.bad

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
        if self.bad:
            text += f"; {len(self.bad)} input{'s' if len(self.bad) != 1 else ''} could not be read (named above)"
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


def extract_item(source, *, version: str | None = None, now: str | None = None) -> Item:
    """Run the loaders on one article; add extractor version and ingest time if missing."""
    from diplokg.loaders.pipeline import extract

    return item_of(extract(source), source, version=version, now=now)


def item_of(ex, source, *, version: str | None = None, now: str | None = None) -> Item:
    """The item to commit for the loaders' extraction ``ex`` of the article ``source``."""
    subject = rdflib.URIRef(ex.article_iri)
    has = {p for s, p, _ in ex.triples if s == subject}
    article = ox.NamedNode(ex.article_iri)
    extra = []
    if rdflib.URIRef(DKG + "extractorVersion") not in has:
        extra.append(ox.Triple(article, ox.NamedNode(DKG + "extractorVersion"),
                               ox.Literal(version or extractor_version())))
    if rdflib.URIRef(DKG + "ingestedAt") not in has:
        stamp = now or dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
        extra.append(ox.Triple(article, ox.NamedNode(DKG + "ingestedAt"),
                               ox.Literal(stamp, datatype=ox.NamedNode(_XSD + "dateTime"))))
    return Item(source.location, ex.article_iri, ex.ntriples + ntriples(extra), kind="article",
                place=_place(source), facts=ex.facts.count() if hasattr(ex.facts, "count") else None)


def _place(source) -> str | None:
    """The place whose earlier article this one replaces: the file it was read from, for an
    article known by its text (one known by URL or id replaces its earlier version by name)."""
    from diplokg.loaders.sources import STDIN_LOCATION, content_key

    if source.location == STDIN_LOCATION or source.key != content_key(source.text):
        return None
    return source.location


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
        clean = _clean_items(chunk) if validator is None and len(chunk) > 1 else None
        if clean is not None:  # each article screened in its own graph; the flagged ones alone
            for i, (it, ok) in enumerate(zip(chunk, clean)):
                reports[start + i] = _conforming() if ok else check([it])
            continue
        if len(chunk) > 1:
            rep = check(chunk)
            if rep.conforms and not rep.results:
                for i in range(len(chunk)):
                    reports[start + i] = rep
                continue
        for i, it in enumerate(chunk):
            reports[start + i] = check([it])
    return reports


def _conforming():
    from diplokg.graph.shapes.validate import ValidationReport

    return ValidationReport(conforms=True, results=[], graph=None)


def _clean_items(items: Sequence[Item]) -> list[bool] | None:
    from diplokg.graph.io.batchscreen import clean_items

    if any(_XSD_STRING_DATATYPE in it.ntriples for it in items):
        return None  # pySHACL's sh:in tells "x"^^xsd:string from "x"; Oxigraph does not
    return clean_items(items)


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
        out.append((it.location, it.name, it.ntriples, rep, it.place, it.facts))
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
            yield [(Item(loc, name, nt, kind="article", place=place, facts=facts), rep)
                   for loc, name, nt, rep, place, facts in prepared]


def _prepare_star(args):
    try:
        return _prepare_batch(*args)
    except InputError:
        raise
    except Exception as exc:  # a loader bug: name the batch, keep the type
        first = args[0][0].location if args[0] else "?"
        raise RuntimeError(f"{first}: extraction failed: {type(exc).__name__}: {exc}") from None


class _Places:
    """Which article each file last gave the store (``dkg:sourceLocation``), so that an article
    read from a file replaces the one read from the same file before (an edited file)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.at: dict[str, set[str]] | None = None  # place -> article graphs read there
        self.of: dict[str, str] = {}  # article graph -> its place

    def _load(self) -> None:
        self.at = {}
        rows = self.store.query(f"SELECT ?g ?loc WHERE {{ GRAPH ?g {{ ?g <{DKG}sourceLocation> ?loc }} }}")
        for row in rows:
            self.note(row["g"].value, row["loc"].value)

    def note(self, name: str, place: str) -> None:
        assert self.at is not None
        old = self.of.get(name)
        if old is not None and old != place:
            self.at.get(old, set()).discard(name)
        self.at.setdefault(place, set()).add(name)
        self.of[name] = place

    def stale(self, item: Item) -> list[str]:
        """The graphs ``item`` replaces besides its own name (and records it as the place's)."""
        if item.place is None:
            return []
        if self.at is None:
            self._load()
        assert self.at is not None
        old = sorted((self.at.get(item.place, set()) | {_legacy_name(item.place)}) - {item.name})
        for name in old:
            self.of.pop(name, None)
        self.at[item.place] = set()
        self.note(item.name, item.place)
        return old


def _legacy_name(place: str) -> str:
    """The name the article read from ``place`` had when articles were known by their path
    (before issue 13), so that re-ingesting a file replaces it in a store built then (removing
    a graph the store does not hold is nothing)."""
    import os

    from diplokg.graph.model import iris

    return iris.article(os.path.realpath(place))


def ingest(store: Store, paths: Sequence[str] = (), *, fmt: str = "auto", stdin: IO[bytes] | None = None,
           validate: bool = True, batch: int = 256, progress: Callable[[Iterable], Iterable] | None = None,
           on_failure: Callable[[Failure], None] | None = None, validator: Callable | None = None,
           on_warning: Callable[[Failure], None] | None = None, jobs: int = 1, inputs: Inputs | None = None,
           strict: bool = True, allow_ontology: bool = False,
           on_bad: Callable[[InputError], None] | None = None,
           on_empty: Callable[[Item], None] | None = None) -> IngestResult:
    """Ingest ``paths`` into ``store``; see the module docstring.

    ``inputs`` are what :func:`collect` read from ``paths`` (read here when not given, with
    ``strict``, ``allow_ontology`` and ``on_bad`` as :func:`collect` takes them). ``progress``
    wraps the iterable of batches (e.g. a progress bar); ``on_failure`` is called for each
    graph that failed validation, ``on_warning`` for each committed graph whose report has
    warnings or infos, ``on_empty`` for each article the loaders found no fact in (it is
    committed all the same: its metadata, and re-ingesting it later replaces it).
    """
    t0 = time.perf_counter()
    if inputs is None:
        inputs = collect(paths, fmt=fmt, stdin=stdin, strict=strict, on_bad=on_bad, allow_ontology=allow_ontology)
    rdf_items, sources, staged = inputs.rdf_items, inputs.sources, inputs.staged
    store.ensure_ontology()
    result = IngestResult(bad=inputs.bad)
    places = _Places(store)
    for staged_file in staged:
        from diplokg.graph.io.bulkrdf import commit_staged

        names, n, aside = commit_staged(store, staged_file, validate=validate)
        result.triples += n
        result.committed.extend(Item(staged_file.path, name, b"", kind="graph") for name in names)
        if aside:  # flagged or replacing: read as written, validated and committed one by one
            rdf_items += [it for it in read_rdf(staged_file.path, "nquads", allow_ontology=inputs.allow_ontology)
                          if it.name in aside]
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
            graphs: list[tuple[str, bytes]] = []
            seen: set[str] = set()
            for it in items:
                stale = places.stale(it)  # the file's earlier article
                if it.name not in seen and any(store.has_graph(name) for name in (it.name, *stale)):
                    result.replaced += 1
                seen.add(it.name)
                graphs += [(old, b"") for old in stale]
                graphs.append((it.name, it.ntriples))
            sizes = store.commit_graphs(graphs)
            result.triples += sum(n for (_, nt), n in zip(graphs, sizes) if nt)
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
