"""What articles yield, without a store: ``diplokg extract`` and :func:`extract_partition`.

Each article goes through the loaders exactly as ``diplokg ingest`` sends it (the same
triples, the same metadata), is validated with the same shapes, and comes back as an
:class:`ArticleExtraction`: its facts as rows with the sentence each came from, its graph as
Turtle or N-Quads, and its validation report.

:func:`extract_partition` is the pure function a distributed engine can map over partitions
of a corpus: records in, the N-Quads of the valid article graphs out (one named graph per
article, as ``diplokg export --format nquads`` writes them); ``diplokg ingest`` loads such
shards in bulk.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

import pyoxigraph as ox

from diplokg.graph.io.ingest import Item, extractor_version, item_of, validate_items
from diplokg.graph.model.errors import InputError

#: one row per fact and sentence: the fact's most specific class, its label, who holds a post,
#: its date, and the sentence it was read from (in the order of the text)
FACTS_QUERY = """PREFIX dkg: <https://w3id.org/diplokg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?article ?type ?fact ?label ?who ?date ?sentence WHERE {
  ?fact dkg:evidence ?span .
  ?span dkg:spanText ?sentence ; dkg:startOffset ?start ; dkg:inArticle ?doc .
  ?doc dkg:sourceLocation ?article .
  {
    SELECT ?fact (GROUP_CONCAT(DISTINCT STR(?typeLabel); separator=", ") AS ?type) WHERE {
      ?fact dkg:evidence [] ; a ?class .
      FILTER NOT EXISTS { ?fact a ?narrower . ?narrower rdfs:subClassOf+ ?class . FILTER(?narrower != ?class) }
      ?class rdfs:label ?typeLabel .
    } GROUP BY ?fact
  }
  OPTIONAL { ?fact rdfs:label ?label }
  OPTIONAL { ?fact dkg:heldBy/rdfs:label ?who }
  OPTIONAL { ?fact dkg:date|dkg:startDate|dkg:establishedOn ?date }
}
ORDER BY ?article ?start ?type ?fact"""

FORMATS = ("table", "json", "turtle", "nquads")


@dataclass
class ArticleExtraction:
    """One article as the loaders read it: its facts, its graph and the shapes' verdict."""

    item: Item  # the graph as ``diplokg ingest`` would commit it
    facts: object  # diplokg.loaders.facts.ArticleFacts
    report: object  # diplokg.graph.shapes.validate.ValidationReport

    @property
    def conforms(self) -> bool:
        return self.report is None or self.report.conforms

    @property
    def location(self) -> str:
        return self.item.location

    def quads(self) -> list[ox.Quad]:
        """The article's named graph, in a stable order."""
        g = ox.NamedNode(self.item.name)
        return sorted((ox.Quad(t.subject, t.predicate, t.object, g) for t in self.item.triples), key=str)


def extract_sources(sources: Iterable, *, validate: bool = True, now: str | None = None,
                    batch: int = 16) -> Iterator[ArticleExtraction]:
    """Extract and validate each SourceText (see the module docstring), in order."""
    from diplokg.loaders.pipeline import extract

    version = extractor_version()
    now = now or dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
    pending: list[tuple] = []

    def flush() -> Iterator[ArticleExtraction]:
        items = [it for it, _ in pending]
        reports = validate_items(items, batch=batch) if validate else [None] * len(items)
        for (it, facts), rep in zip(pending, reports):
            yield ArticleExtraction(it, facts, rep)
        pending.clear()

    for source in sources:
        try:
            ex = extract(source)
        except InputError:
            raise
        except Exception as exc:  # a loader bug: name the article, keep the type
            raise RuntimeError(f"{source.location}: extraction failed: {type(exc).__name__}: {exc}") from exc
        pending.append((item_of(ex, source, version=version, now=now), ex.facts))
        if len(pending) >= batch:
            yield from flush()
    yield from flush()


def extract_text(text: str, *, key: str | None = None, url: str | None = None, published: str | None = None,
                 title: str | None = None, validate: bool = True) -> ArticleExtraction:
    """One article given as a string (``key`` identifies it; default: a hash of the text)."""
    from diplokg.loaders.sources import SourceText, content_key

    if not isinstance(text, str) or not text.strip():
        raise InputError("text", "article text is empty")
    source = SourceText(key=key or url or content_key(text), location=url or key or "<text>", text=text,
                        url=url, published=published, title=title)
    return next(extract_sources([source], validate=validate))


def extract_partition(records: Iterable[dict], *, now: str | None = None,
                      on_failure: Callable[[ArticleExtraction], None] | None = None) -> bytes:
    """The N-Quads of the valid article graphs of ``records`` (dicts with ``id``, ``url``,
    ``published``, ``title``, ``text``), one named graph per article.

    A pure function of its input (give ``now`` to pin the ingest time it records), so any
    engine can map it over the partitions of a corpus; ``diplokg ingest`` loads the shards.
    An article that fails validation is left out (``on_failure`` is told).
    """
    from diplokg.loaders.sources import record_source

    sources = (record_source(r, f"record {i}") for i, r in enumerate(records))
    quads: list[ox.Quad] = []
    for ex in extract_sources(sources, now=now):
        if not ex.conforms:
            if on_failure:
                on_failure(ex)
            continue
        quads += ex.quads()
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""


def facts_result(extractions: Iterable[ArticleExtraction]):
    """The facts of ``extractions`` as a query result (:data:`FACTS_QUERY`), for rendering."""
    from diplokg.graph.model.ontology import ontology_graph
    from diplokg.graph.queries.run import run_query
    from diplokg.graph.store.embedded import rdflib_to_triples

    store = ox.Store()
    store.extend([ox.Quad(t.subject, t.predicate, t.object) for t in rdflib_to_triples(ontology_graph())])
    for ex in extractions:
        store.extend([ox.Quad(t.subject, t.predicate, t.object) for t in ex.item.triples])
    return run_query(store, FACTS_QUERY, check=False)


def render_extractions(extractions: list[ArticleExtraction], fmt: str, *, max_width: int = 60) -> bytes:
    """``extractions`` as ``table`` or ``json`` (their facts), ``turtle`` (the merged graph) or
    ``nquads`` (one named graph per article)."""
    if fmt in ("table", "json"):
        from diplokg.graph.queries.run import render

        return render(facts_result(extractions), fmt, max_width=max_width).encode("utf-8")
    if fmt == "turtle":
        from diplokg.graph.io.export import turtle

        return turtle(t for ex in extractions for t in ex.item.triples).encode("utf-8")
    if fmt == "nquads":
        return ox.serialize([q for ex in extractions for q in ex.quads()], format=ox.RdfFormat.N_QUADS) or b""
    raise InputError(fmt, f"unknown format (choose {', '.join(FORMATS)})")
